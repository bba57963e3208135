#!/usr/bin/env python3
"""Take the README's screenshots of a running Odoo with headless Chromium (driven over its DevTools protocol).

    python3 tools/screenshots.py --url http://127.0.0.1:8069 --db customer_care_demo --out docs/screenshots

Logs in as admin, then for each language (English, then Chinese: the admin's language is switched and put back)
opens each key screen at 1280x800 and saves docs/screenshots/<screen>_<lang>.png, reduced to 256 colours. The records
shown (a customer with a lunar birthday, a complaint, an order with a banner) are looked up in the database, so the
script runs again on any demo database: `make screenshots` retakes them all after the screens change."""

import argparse
import base64
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket
from PIL import Image

WIDTH, HEIGHT = 1280, 800
LANGS = ("en_US", "zh_CN")
# JavaScript true once the web client shows an action and nothing is loading any more.
READY = """(() => {
    const action = document.querySelector('.o_action_manager > *');
    const busy = document.querySelector('.o_loading_indicator, .o_blockUI:not(.o_blockUI_invisible)');
    return Boolean(action) && !busy && document.readyState === 'complete';
})()"""


class Odoo:
    """JSON-RPC over the web client's own session: the same rights and records as the screens."""

    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        result = self._post("/web/session/authenticate", {"db": db, "login": login, "password": password})
        self.uid = result["uid"]

    def _post(self, path, params):
        response = self.session.post(
            self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=120
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(json.dumps(body["error"], ensure_ascii=False)[:2000])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post(
            "/web/dataset/call_kw", {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        )

    def first(self, model, domain, order="id"):
        ids = self.call(model, "search", domain, limit=1, order=order)
        return ids[0] if ids else None

    @property
    def session_id(self):
        return self.session.cookies.get("session_id")


class Chromium:
    """A headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="care_screenshots_")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                raise RuntimeError("chromium exited before it listened")
            if match := re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line):
                port = int(match.group(1))
        if port is None:
            raise RuntimeError("chromium did not start its DevTools server in 60 s")
        pages = [
            t for t in requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json() if t["type"] == "page"
        ]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.ids = itertools.count(1)
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)

    def send(self, method, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait(self, expression, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.25)
        return False

    def screenshot(self):
        return base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])

    def close(self):
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


def screens(odoo):
    """(file name, URL path, a tab to open or None, what must show) of each key screen, on the database's records.

    A tab is "name" or "name:selector", the selector being scrolled into view (the lunar birthday is low on its tab)."""
    customer = odoo.first(
        "res.partner", [("care_birthday_calendar", "=", "lunar"), ("customer_rank", ">", 0)]
    ) or odoo.first("res.partner", [("care_birthday_calendar", "=", "lunar")])
    graded = odoo.first("care.profile", [("tier", "=", "vip")], order="id") or odoo.first("care.profile", [])
    graded_partner = graded and odoo.call("care.profile", "read", [graded], ["partner_id"])[0]["partner_id"][0]
    complaint = odoo.first("care.complaint", [("state", "in", ["replied", "closed", "resolving"])]) or odoo.first(
        "care.complaint", []
    )
    # the banner is computed: the first quotations (then orders) whose banner has something to say
    order = None
    for state in ("draft", "sale"):
        orders = odoo.call("sale.order", "search_read", [("state", "=", state)], ["care_banner"], limit=40)
        order = next((o["id"] for o in orders if o["care_banner"]), None)
        if order:
            break
    contacts = "/odoo/action-customer_care.res_partner_action_customers"
    found = [
        ("overview", "/odoo/action-customer_care.care_overview_action", None, ".o_action_manager > *"),
        (
            "dossier_lunar_birthday",
            f"{contacts}/{customer}",
            "care_dossier:[name=care_birthday_calendar]",
            ".o_form_view",
        ),
        ("care_page_grades", f"{contacts}/{graded_partner}", "care_grading", ".o_form_view"),
        ("grading_pivot", "/odoo/action-customer_care.care_profile_action?view_type=pivot", None, ".o_pivot"),
        ("care_calendar", "/odoo/action-customer_care.care_calendar_entry_action", None, ".o_calendar_view"),
        ("compliance_report", "/odoo/action-customer_care.care_compliance_report_action", None, ".o_view_controller"),
        ("alerts", "/odoo/action-customer_care.care_alert_action", None, ".o_view_controller"),
        ("complaint", f"/odoo/action-customer_care.care_complaint_action/{complaint}", None, ".o_form_view"),
        ("order_banner", f"/odoo/sale.order/{order}", None, ".o_form_view"),
    ]
    missing = [name for name, path, _tab, _selector in found if path.endswith("/None")]
    if missing:
        print(f"== no record to show for {', '.join(missing)}: left out", file=sys.stderr)
    return [screen for screen in found if screen[0] not in missing]


def save(png, path):
    """1280x800, 256 colours, optimized: a UI screenshot stays readable at a tenth of the size."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, format="PNG", optimize=True
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="customer_care_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument(
        "--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    )
    parser.add_argument("--only", help="comma-separated screen names (default: all)")
    args = parser.parse_args(argv)
    if not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("--url: a server on this machine only (http://127.0.0.1:PORT)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    odoo = Odoo(args.url, args.db, args.login, args.password)
    chosen = screens(odoo)
    if args.only:
        chosen = [screen for screen in chosen if screen[0] in args.only.split(",")]
    lang = odoo.call("res.users", "read", [odoo.uid], ["lang"])[0]["lang"]
    browser = Chromium(args.chromium)
    failed = []
    try:
        browser.send(
            "Network.setCookie", name="session_id", value=odoo.session_id, url=args.url, path="/", httpOnly=True
        )
        for shot_lang in LANGS:
            odoo.call("res.users", "write", [odoo.uid], {"lang": shot_lang})
            for name, path, tab, selector in chosen:
                browser.send("Page.navigate", url=args.url + path)
                shown = browser.wait(f"Boolean(document.querySelector({json.dumps(selector)})) && {READY}")
                if shown and tab:
                    page, _sep, focus = tab.partition(":")
                    browser.evaluate(f"document.querySelector('a.nav-link[name={json.dumps(page)}]')?.click()")
                    time.sleep(0.5)
                    shown = browser.wait(READY)
                    if focus:
                        browser.evaluate(
                            f"document.querySelector({json.dumps(focus)})?.scrollIntoView({{block: 'center'}})"
                        )
                # charts and pivots draw after their data arrives
                time.sleep(1.5)
                target = out / f"{name}_{shot_lang}.png"
                save(browser.screenshot(), target)
                status = "ok" if shown else "NOT READY (saved as it was after 60 s)"
                if not shown:
                    failed.append(target.name)
                print(f"{target}  {target.stat().st_size // 1024} KB  {status}")
    finally:
        odoo.call("res.users", "write", [odoo.uid], {"lang": lang})
        browser.close()
    if failed:
        print(f"== {len(failed)} screens did not finish loading: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
