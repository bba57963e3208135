"""make bench-workers: the addon on several Odoo processes and hosts over one database.

Builds the grading benchmark's company (SIZE=small: 10,000 customers, 100,000 invoices) with salespeople,
birthdays and care rules, then starts two Odoo servers on the same database, standing for two hosts:
host A with prefork workers and cron threads (`--workers=4 --max-cron-threads=2`), host B threaded with
cron threads of its own (`--max-cron-threads=2`). For a few cycles every customer_care scheduled action is
made due at once (`ir.cron._trigger`; the rules' day is reset as after a crash, so that they plan again),
while clients over JSON-RPC, spread over both hosts, edit their customers, post invoices and complete their
duties. Then it checks, in SQL and in both servers' logs:

- duplicates: rows sharing their natural key in duties, their to-dos, alerts, grade history, class
  snapshots, profiles, satisfaction rows and losses;
- lost edits: each customer's last edited value, each posted invoice, each completed duty read back;
- grading: every company graded exactly once for the day (the engine logs each company-wide grading);
- errors: failed RPC calls, and ERROR/CRITICAL lines in the servers' logs (deadlocks, serialization
  failures and failed scheduled actions log there; a retried request logs at INFO).

Usage: bench_workers.py ODOO_CONF DATABASE [small|full] PORT_A PORT_B GEVENT_PORT LOG_DIR
Ends with: BENCH workers processes=N cron_threads=N cycles=N duplicates=0 lost_edits=0 errors=0
"""

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(__file__))

from bench_grading import SIZES, build_company, vacuum_analyze  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, Command, api  # noqa: E402
from odoo.tools import SQL, config  # noqa: E402

SALESPEOPLE = 4
CYCLES = 3
PASSWORD = "bench-workers-pw"
CYCLE_TIMEOUT = 900
# the clients keep working this long at least in each cycle, whatever the scheduled actions take
CYCLE_MIN = 60

# The natural key of each table the scheduled actions and the clients write: two rows sharing it are one
# fact written twice.
NATURAL_KEYS = {
    "care duties": "SELECT rule_id, partner_id, COALESCE(family_member_id, 0), occasion_date FROM care_task",
    "duty to-dos": "SELECT care_task_id FROM mail_activity WHERE care_task_id IS NOT NULL",
    "live alerts": "SELECT partner_id, company_id, kind FROM care_alert WHERE state IN ('open', 'acknowledged')",
    "alerts raised per day": "SELECT partner_id, company_id, kind, create_date::date FROM care_alert",
    "grade history": "SELECT partner_id, company_id, field, date, old_value, new_value FROM care_grade_history",
    "class snapshots": """SELECT company_id, month, dimension, COALESCE(tier, matrix_cell, stage, rfm_segment)
                            FROM care_class_snapshot""",
    "profiles": "SELECT partner_id, company_id FROM care_profile",
    "satisfaction": "SELECT partner_id, company_id FROM care_satisfaction",
    "open losses": "SELECT partner_id, company_id FROM care_customer_loss WHERE won_back_date IS NULL",
    "occasions": "SELECT company_id, code FROM care_occasion WHERE code IS NOT NULL",
}


def setup(conf, database, size):
    """The data the servers work on, committed; returns the bench company's id and the salespeople's logins."""
    customers, invoices = SIZES[size]
    config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].search([("name", "=", "Bench Company")], limit=1)
        if company:  # a database kept from an earlier run (KEEP_DB=1)
            users = env["res.users"].search([("login", "=like", "bench_workers_%")], order="login")
            users.write({"group_ids": [Command.link(env.ref("base.group_partner_manager").id)]})
            cr.commit()
            return company.id, users.mapped("login")
        print(f"== building {customers} customers and {invoices} invoices", flush=True)
        company = build_company(env, customers, invoices)
        env = env(context={"allowed_company_ids": [company.id]})
        users = env["res.users"].create(
            [
                {
                    "name": f"Workers Sales {i}",
                    "login": f"bench_workers_{i}",
                    "password": PASSWORD,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "group_ids": [
                        Command.link(env.ref("sales_team.group_sale_salesman").id),
                        Command.link(env.ref("base.group_partner_manager").id),
                    ],
                }
                for i in range(SALESPEOPLE)
            ]
        )
        admin = env.ref("base.user_admin")
        admin.write({"password": PASSWORD, "company_ids": [Command.link(company.id)]})
        # every customer a salesperson, an e-mail, a birthday somewhere in the year
        cr.execute(
            SQL(
                """UPDATE res_partner
                      SET user_id = (%s::int[])[1 + id %% %s], email = 'workers' || id || '@example.com',
                          care_birthday_calendar = 'solar', care_birth_date = DATE '1960-01-01' + (id * 7919) %% 18000
                    WHERE company_id = %s AND id <> %s""",
                users.ids,
                SALESPEOPLE,
                company.id,
                company.partner_id.id,
            )
        )
        env["care.rule"].search([]).active = False
        common = {"partner_domain": f"[('company_id', '=', {company.id})]", "company_id": company.id}
        env["care.rule"].create(
            [
                {"name": "Workers birthday", "trigger": "birthday", "lead_days": 14, **common},
                {
                    "name": "Workers monthly call",
                    "trigger": "periodic_contact",
                    "interval_days": 30,
                    "lead_days": 7,
                    **common,
                },
                {"name": "Workers after-sale", "trigger": "after_sale", "interval_days": 1, "lead_days": 3, **common},
            ]
        )
        env["product.product"].create({"name": "Workers Product", "list_price": 100})
        cr.commit()
        vacuum_analyze(cr, ("res_partner", "account_move", "account_move_line", "account_partial_reconcile"))
        return company.id, users.mapped("login")


class Client:
    """JSON-RPC (/jsonrpc) as one user, alternating between the hosts."""

    def __init__(self, ports, database, login):
        self.ports, self.database, self.login = ports, database, login
        self.uid = self.call("common", "login", database, login, PASSWORD)
        assert self.uid, f"cannot log in as {login}"

    def call(self, service, method, *args):
        port = random.choice(self.ports)
        body = {"jsonrpc": "2.0", "method": "call", "params": {"service": service, "method": method, "args": args}}
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/jsonrpc", json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise RuntimeError(json.dumps(answer["error"])[:2000])
        return answer["result"]

    def execute(self, model, method, *args, **kwargs):
        return self.call("object", "execute_kw", self.database, self.uid, PASSWORD, model, method, list(args), kwargs)


class Load:
    """Clients working while the scheduled actions run: what they wrote, and what failed."""

    def __init__(self, ports, database, company_id, logins):
        self.ports, self.database, self.company_id, self.logins = ports, database, company_id, logins
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.edits = {}  # partner id -> the last value written
        self.invoices = []
        self.completed = []
        self.errors = []
        self.calls = Counter()

    def guarded(self, label, func):
        try:
            func()
            with self.lock:
                self.calls[label] += 1
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            with self.lock:
                self.errors.append(f"{label}: {error}")

    def salesperson(self, login, seed):
        rng = random.Random(seed)
        client = Client(self.ports, self.database, login)
        context = {"allowed_company_ids": [self.company_id]}
        customer_ids = client.execute(
            "res.partner", "search", [("user_id", "=", client.uid), ("is_company", "=", True)], limit=500
        )
        n = 0
        while not self.stop.is_set():
            n += 1
            partner_id = rng.choice(customer_ids)
            value = f"wx-{login}-{n}"

            def edit(partner_id=partner_id, value=value):
                client.execute("res.partner", "write", [partner_id], {"care_wechat_id": value}, context=context)
                with self.lock:
                    self.edits[partner_id] = value

            self.guarded("edit", edit)
            if n % 3 == 0:

                def complete():
                    task_ids = client.execute(
                        "care.task",
                        "search",
                        [("user_id", "=", client.uid), ("state", "=", "todo")],
                        limit=1,
                        order="date_due, id",
                        context=context,
                    )
                    if not task_ids:
                        return
                    wizard = client.execute(
                        "care.task.log.call",
                        "create",
                        {"task_id": task_ids[0], "result": f"called by {login}"},
                        context=context,
                    )
                    client.execute("care.task.log.call", "action_confirm", [wizard], context=context)
                    with self.lock:
                        self.completed.append(task_ids[0])

                self.guarded("complete duty", complete)
            # the customers' banner and Care page, as the forms read them
            if n % 5 == 0:
                self.guarded(
                    "read",
                    lambda partner_id=partner_id: client.execute(
                        "res.partner", "web_read", [partner_id], {"care_wechat_id": {}}, context=context
                    ),
                )

    def accountant(self, seed):
        rng = random.Random(seed)
        client = Client(self.ports, self.database, "admin")
        context = {"allowed_company_ids": [self.company_id]}
        customer_ids = client.execute(
            "res.partner", "search", [("company_id", "=", self.company_id), ("is_company", "=", True)], limit=2000
        )
        product_id = client.execute("product.product", "search", [("name", "=", "Workers Product")], limit=1)[0]
        while not self.stop.is_set():

            def post():
                move_id = client.execute(
                    "account.move",
                    "create",
                    {
                        "move_type": "out_invoice",
                        "partner_id": rng.choice(customer_ids),
                        "invoice_line_ids": [
                            Command.create({"product_id": product_id, "quantity": 1, "price_unit": 100})
                        ],
                    },
                    context=context,
                )
                client.execute("account.move", "action_post", [move_id], context=context)
                with self.lock:
                    self.invoices.append(move_id)

            self.guarded("post invoice", post)

    def start(self):
        threads = [threading.Thread(target=self.salesperson, args=(login, i)) for i, login in enumerate(self.logins)]
        threads.append(threading.Thread(target=self.accountant, args=(99,)))
        for thread in threads:
            thread.start()
        self.threads = threads

    def join(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def start_server(conf, database, port, log, extra):
    args = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        conf,
        "-d",
        database,
        "--db-filter",
        f"^{re.escape(database)}$",
        "--http-port",
        str(port),
        "--http-interface",
        "127.0.0.1",
        "--log-level=info",
        "--logfile",
        log,
        *extra,
    ]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def stop_servers(servers):
    """Each server runs in a process group of its own (its prefork workers with it): stop the group."""
    for server in servers:
        os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wait_http(port, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=10):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(2)
    raise RuntimeError(f"no Odoo answers on port {port}")


def cron_ids(cr):
    cr.execute(
        """SELECT c.id FROM ir_cron c
             JOIN ir_act_server s ON s.id = c.ir_actions_server_id
             JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id AND d.module = 'customer_care'
            WHERE c.active ORDER BY c.id"""
    )
    return [row[0] for row in cr.fetchall()]


def cycle(registry, company_id, ids, minimum=CYCLE_MIN):
    """Make every customer_care scheduled action due on every host at once, and wait until they all ran."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # as after a crash: the rules plan again today (a repeat must create nothing)
        cr.execute("UPDATE care_rule SET last_run_date = NULL WHERE company_id = %s", [company_id])
        cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        start = cr.fetchone()[0]
        crons = env["ir.cron"].browse(ids)
        crons.write({"nextcall": start - timedelta(minutes=1)})
        for cron in crons:
            cron._trigger()
        cr.commit()
    deadline = time.monotonic() + CYCLE_TIMEOUT
    while time.monotonic() < deadline:
        time.sleep(5)
        with registry.cursor() as cr:
            # a running job holds its row's lock; a due one has a past nextcall or a pending trigger
            cr.execute("SELECT id FROM ir_cron WHERE id = ANY(%s) FOR NO KEY UPDATE SKIP LOCKED", [ids])
            idle = {row[0] for row in cr.fetchall()}
            cr.execute(
                """SELECT count(*) FROM ir_cron c
                    WHERE c.id = ANY(%s)
                      AND (c.nextcall <= %s
                           OR EXISTS (SELECT 1 FROM ir_cron_trigger t WHERE t.cron_id = c.id AND t.call_at <= now()
                                                                          AT TIME ZONE 'UTC'))""",
                [ids, start],
            )
            due = cr.fetchone()[0]
            cr.rollback()
        elapsed = time.monotonic() - (deadline - CYCLE_TIMEOUT)
        if idle == set(ids) and not due and elapsed >= minimum:
            return elapsed
    raise RuntimeError("the scheduled actions did not finish within the cycle's time")


def duplicates(cr):
    found = {}
    for label, query in NATURAL_KEYS.items():
        cr.execute(SQL(f"SELECT count(*) FROM (SELECT 1 FROM ({query}) k GROUP BY k.* HAVING count(*) > 1) d"))  # noqa: S608
        found[label] = cr.fetchone()[0]
    return found


def lost_edits(cr, load):
    lost = []
    if load.edits:
        cr.execute("SELECT id, care_wechat_id FROM res_partner WHERE id = ANY(%s)", [list(load.edits)])
        stored = dict(cr.fetchall())
        lost += [f"customer {pid}" for pid, value in load.edits.items() if stored.get(pid) != value]
    if load.invoices:
        cr.execute("SELECT count(*) FROM account_move WHERE id = ANY(%s) AND state = 'posted'", [load.invoices])
        lost += ["invoice"] * (len(load.invoices) - cr.fetchone()[0])
        # every posted invoice's customer was graded again after it (none left marked)
        cr.execute(
            """SELECT count(*) FROM account_move m
                 JOIN care_profile p ON p.partner_id = m.commercial_partner_id AND p.company_id = m.company_id
                WHERE m.id = ANY(%s) AND p.needs_recompute""",
            [load.invoices],
        )
        lost += ["invoice's grade"] * cr.fetchone()[0]
    if load.completed:
        cr.execute("SELECT count(*) FROM care_task WHERE id = ANY(%s) AND state IN ('done', 'late')", [load.completed])
        lost += ["duty"] * (len(set(load.completed)) - cr.fetchone()[0])
    return lost


def gradings(logs, today):
    """Company-wide gradings per company for today, from the engine's log line in every server's log."""
    counts = Counter()
    pattern = re.compile(r"Customer grading: company (\d+) graded for (\S+)")
    for log in logs:
        with open(log, encoding="utf-8", errors="replace") as file:
            for line in file:
                match = pattern.search(line)
                if match and match.group(2) == today.isoformat():
                    counts[int(match.group(1))] += 1
    return counts


# PostgreSQL's words for a transaction that lost a race with another one
CONCURRENCY = ("could not serialize", "deadlock detected", "could not obtain lock", "lock not available")


def log_records(log):
    """(pid, level, text) of each record of an Odoo log, continuation lines (tracebacks, queries) included."""
    header = re.compile(r"^\d{4}-\d\d-\d\d \S+ (\d+) (\w+) ")
    record = None
    with open(log, encoding="utf-8", errors="replace") as file:
        for line in file:
            match = header.match(line)
            if match:
                if record:
                    yield record
                record = [match.group(1), match.group(2), line]
            elif record:
                record[2] += line
    if record:
        yield record


def log_errors(logs):
    """ERROR and CRITICAL records, except a query that lost a race (serialization failure, deadlock, lock
    not available) and that its process then retried: Odoo logs the failed query, then "try again" for a
    request, and the addon's scheduled actions log "will try again" after rolling back."""
    errors = []
    for log in logs:
        pending = Counter()
        for pid, level, text in log_records(log):
            if level in ("ERROR", "CRITICAL"):
                if "bad query" in text and any(word in text for word in CONCURRENCY):
                    pending[pid] += 1
                else:
                    errors.append(f"{os.path.basename(log)}: {text.strip()[:400]}")
            elif "try again" in text and pending[pid]:
                pending[pid] -= 1
        errors += [f"{os.path.basename(log)}: process {pid}: a concurrency failure not retried"] * sum(pending.values())
    return errors


def main(conf, database, size, port_a, port_b, gevent_port, log_dir):
    company_id, logins = setup(conf, database, size)
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        # tonight has not been graded yet anywhere: each company must be graded once while the hosts run
        cr.execute("UPDATE res_company SET care_grading_date = NULL")
        ids = cron_ids(cr)
        cr.execute("SELECT count(*) FROM res_company")
        companies = cr.fetchone()[0]
    logs = [os.path.join(log_dir, "host_a.log"), os.path.join(log_dir, "host_b.log")]
    for log in logs:
        if os.path.exists(log):
            os.remove(log)
    workers, cron_threads = 4, 2
    servers = [
        start_server(
            conf,
            database,
            port_a,
            logs[0],
            [
                f"--workers={workers}",
                f"--max-cron-threads={cron_threads}",
                "--gevent-port",
                str(gevent_port),
                # each worker loads the registry on its first request: slow on a loaded machine
                "--limit-time-real=1200",
                "--limit-time-cpu=600",
            ],
        ),
        start_server(conf, database, port_b, logs[1], ["--workers=0", f"--max-cron-threads={cron_threads}"]),
    ]
    try:
        for port in (port_a, port_b):
            wait_http(port)
        print(f"== hosts up: A on {port_a} ({workers} workers), B on {port_b} (threaded), {len(ids)} jobs", flush=True)
        load = Load([port_a, port_b], database, company_id, logins)
        load.start()
        # every client past its first calls (each worker loads the registry on its first request)
        deadline = time.monotonic() + 600
        while sum(load.calls.values()) < 4 * len(load.threads) and time.monotonic() < deadline:
            time.sleep(2)
        for n in range(1, CYCLES + 1):
            seconds = cycle(registry, company_id, ids)
            print(f"== cycle {n}: every scheduled action ran, in {seconds:.0f} s; calls so far {dict(load.calls)}")
            if n == 1:
                # the night's one trigger grades every company (later triggers must grade none again)
                first_night = gradings(logs, date.today())
        load.join()
        # a last pass, the clients stopped: what they left marked is graded
        cycle(registry, company_id, ids, minimum=0)
    finally:
        stop_servers(servers)
    with registry.cursor() as cr:
        found = duplicates(cr)
        lost = lost_edits(cr, load)
        cr.execute("SELECT id, name FROM res_company ORDER BY id")
        names = dict(cr.fetchall())
    today = date.today()
    graded = gradings(logs, today)
    not_once = {names[cid]: graded.get(cid, 0) for cid in names if graded.get(cid, 0) != 1}
    not_once.update({f"{names[cid]} (not by the first trigger)": 0 for cid in names if not first_night.get(cid)})
    errors = load.errors + log_errors(logs)
    print("\n| check | found |\n| --- | ---: |")
    for label, count in found.items():
        print(f"| duplicate {label} | {count} |")
    print(
        f"| lost edits (of {len(load.edits)} customers, {len(load.invoices)} invoices, "
        f"{len(set(load.completed))} duties) | {len(lost)} |"
    )
    print(f"| companies not graded exactly once today (of {companies}) | {len(not_once)} |")
    print(f"| failed RPC calls (of {sum(load.calls.values()) + len(load.errors)}) | {len(load.errors)} |")
    print(f"| ERROR lines in the servers' logs | {len(errors) - len(load.errors)} |")
    for line in lost[:10] + [f"graded {count} times: {name}" for name, count in not_once.items()] + errors[:20]:
        print(f"  {line}")
    print(
        f"BENCH workers processes={workers + cron_threads + 1} cron_threads={2 * cron_threads} cycles={CYCLES} "
        f"duplicates={sum(found.values())} lost_edits={len(lost)} errors={len(errors) + len(not_once)}",
        flush=True,
    )


if __name__ == "__main__":
    main(
        sys.argv[1],
        sys.argv[2],
        sys.argv[3],
        int(sys.argv[4]),
        int(sys.argv[5]),
        int(sys.argv[6]),
        sys.argv[7],
    )
