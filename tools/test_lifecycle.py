"""Upgrade and uninstall of customer_care, each for real in its own Odoo process, on copies of the database
that `make test` has just installed with the demo data. Run by tools/test.sh (CC_CONF: the Odoo config,
CC_SOURCE_DB: that database); each test drops its copy.

- Upgrade: the copy is marked as installed at 19.0.1.0.0 with what that version left behind (the engine's
  hand-made index), then `-u customer_care` runs the migration scripts and reloads every data file: every
  dossier, grade, history row, duty, alert, complaint, rating, owner change and snapshot row is still there,
  unchanged.
- Uninstall: through Odoo's own module uninstall: contacts, orders, invoices and payments keep their counts and
  amounts; no table, view, column, cron, activity type, sequence, mail alias or staging table of the addon is
  left.
"""

import ast
import configparser
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parent.parent
CONF = os.environ.get("CC_CONF", "")
SOURCE_DB = os.environ.get("CC_SOURCE_DB", "")
VERSION = ast.literal_eval((ROOT / "customer_care" / "__manifest__.py").read_text())["version"]

# The addon's records, each with a demo database holding some (an empty table would prove nothing).
KEPT_TABLES = (
    "care_profile",
    "care_grade_history",
    "care_task",
    "care_alert",
    "care_complaint",
    "care_owner_change",
    "care_class_snapshot",
    "care_family_member",
    "care_need",
    "care_rule",
    "care_satisfaction",
    "rating_rating",
)
# Odoo's business records that an uninstall must leave as they are, with an amount to compare.
ODOO_RECORDS = {
    "sale_order": "sum(amount_total)",
    "sale_order_line": "sum(price_subtotal)",
    "account_move": "sum(amount_total_signed)",
    "account_move_line": "sum(abs(balance))",
    "account_payment": "sum(amount)",
    "account_partial_reconcile": "sum(amount)",
}


def _conf():
    parser = configparser.ConfigParser()
    parser.read(CONF)
    return parser["options"]


def _port():
    return _conf().get("db_port", "5432")


def _connect(db):
    conn = psycopg2.connect(dbname=db, port=_port())
    conn.autocommit = True
    return conn


def _query(db, query, params=None):
    conn = _connect(db)
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None
    finally:
        conn.close()


def _odoo(db, *args, command=(), stdin=None):
    """One Odoo process on the database, as a person would run it; its warnings and errors are returned."""
    cmd = [sys.executable, "-m", "odoo", *command, "-c", CONF, "-d", db, "--log-level=warn", *args]
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return proc.stdout + proc.stderr


def _errors(log):
    # Odoo's uninstall tries to delete each record the module's data made and keeps, with a logged refused
    # DELETE, those still referenced (a demo customer with invoices): that is not a failure.
    return [
        line
        for line in log.splitlines()
        if (" ERROR " in line or " CRITICAL " in line or "Traceback" in line)
        and "odoo.sql_db: bad query: b'DELETE FROM" not in line
    ]


# The demo database as a company has it after some use: every scheduled action of the addon has run (grades,
# duties, alerts, satisfaction, the monthly class snapshot...), a customer changed hands, a complaint came in
# and was rated.
USE = """
crons = env["ir.cron"].search([("ir_actions_server_id.model_id.model", "=like", "care.%")])
assert len(crons) >= 5, crons
for cron in crons:
    cron.method_direct_trigger()
    env.cr.commit()
Partner = env["res.partner"]
customer = Partner.search([("care_profile_ids", "!=", False), ("user_id", "!=", False)], limit=1)
root = env.ref("base.user_root")
other = env["res.users"].search([("share", "=", False), ("id", "not in", (customer.user_id.id, root.id))], limit=1)
customer.user_id = other
complaint = env["care.complaint"].create({"partner_id": customer.id, "description": "<p>Late delivery</p>"})
complaint.rating_apply(5, token=complaint._rating_get_access_token(), feedback="Solved fast")
env.cr.commit()
"""


def _copy(source, name):
    subprocess.run(["dropdb", "-p", _port(), "--if-exists", name], check=True)
    subprocess.run(["createdb", "-p", _port(), "-T", source, name], check=True)
    store = Path(_conf()["data_dir"]) / "filestore"
    shutil.rmtree(store / name, ignore_errors=True)
    if (store / source).is_dir():
        shutil.copytree(store / source, store / name, copy_function=os.link)


def _drop(name):
    subprocess.run(["dropdb", "-p", _port(), "--if-exists", name], check=True)
    shutil.rmtree(Path(_conf()["data_dir"]) / "filestore" / name, ignore_errors=True)


@pytest.fixture(scope="module")
def used_db():
    """A copy of the installed test database, in use (USE), dropped at the end."""
    assert CONF and SOURCE_DB, "run through make test (CC_CONF and CC_SOURCE_DB name the installed database)"
    name = f"{SOURCE_DB}_used"[:63]
    _copy(SOURCE_DB, name)
    log = _odoo(name, "--no-http", command=("shell",), stdin=USE)
    assert not _errors(log), "\n".join(_errors(log))
    for table in KEPT_TABLES:
        assert _query(name, f'SELECT count(*) FROM "{table}"')[0][0] > 0, f"the used database has no {table} row"
    yield name
    _drop(name)


@pytest.fixture
def copy_db(request, used_db):
    """A copy of the database in use (and of its attachments), dropped afterwards."""
    name = f"{SOURCE_DB}_{request.node.name.removeprefix('test_').split('_')[0]}"[:63]
    _copy(used_db, name)
    yield name
    _drop(name)


def _care_tables(db):
    return [
        row[0]
        for row in _query(
            db,
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname LIKE 'care\\_%%'
                  AND c.relname <> 'care_profile_facts'
                ORDER BY 1""",
        )
    ]


def _fingerprint(db, table, where="TRUE"):
    """Row count and a digest of every row's content but its last-write stamp."""
    columns = [
        row[0]
        for row in _query(
            db,
            """SELECT column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = %s AND column_name NOT IN ('write_date', 'write_uid')
                ORDER BY column_name""",
            (table,),
        )
    ]
    has_id = "id" in columns
    cols = ", ".join(f'"{c}"' for c in columns)
    order = "id" if has_id else cols
    digest = f"md5(string_agg(row({cols})::text, ',' ORDER BY {order}))"
    return _query(db, f'SELECT count(*), {digest} FROM "{table}" WHERE {where}')[0]


def _partner_care_digest(db):
    columns = [
        row[0]
        for row in _query(
            db,
            """SELECT column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = 'res_partner' AND column_name LIKE 'care\\_%%'
                ORDER BY column_name""",
        )
    ]
    assert len(columns) > 10, columns
    cols = ", ".join(f'"{c}"' for c in columns)
    return _query(db, f"SELECT count(*), md5(string_agg(row(id, {cols})::text, ',' ORDER BY id)) FROM res_partner")[0]


def test_upgrade_keeps_every_record(copy_db):
    db = copy_db
    tables = _care_tables(db)
    before = {table: _fingerprint(db, table) for table in tables}
    # The ratings customers gave. Odoo renders each mail template on the first record of its model when the
    # template is written (an upgrade writes them), and the rating templates ask for a rating link: the first
    # complaint and duty get a pending rating request, as Odoo's own rating templates do to their models.
    ratings = _fingerprint(db, "rating_rating", "consumed")
    partners = _partner_care_digest(db)
    # What 19.0.1.0.0 left: its version, the engine's hand-made covering index on the invoices, the two
    # profile columns that became computed on read.
    _query(db, "UPDATE ir_module_module SET latest_version = '19.0.1.0.0' WHERE name = 'customer_care'")
    _query(db, "CREATE INDEX care_account_move_facts_idx ON account_move (partner_id, invoice_date)")
    _query(db, "ALTER TABLE care_profile ADD COLUMN max_days_overdue integer, ADD COLUMN tier_place float8")

    started = time.monotonic()
    log = _odoo(db, "-u", "customer_care", "--stop-after-init")
    print(f"upgrade of {db}: {time.monotonic() - started:.0f} s")
    assert not _errors(log), "\n".join(_errors(log))

    assert _query(db, "SELECT latest_version FROM ir_module_module WHERE name = 'customer_care'")[0][0] == VERSION
    assert not _query(db, "SELECT 1 FROM pg_class WHERE relname = 'care_account_move_facts_idx'")
    assert _care_tables(db) == tables
    after = {table: _fingerprint(db, table) for table in before}
    changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
    assert not changed, f"rows changed by the upgrade (count, digest) before and after: {changed}"
    assert _fingerprint(db, "rating_rating", "consumed") == ratings
    assert _partner_care_digest(db) == partners


def _odoo_totals(db):
    totals = {}
    for table, amount in ODOO_RECORDS.items():
        totals[table] = _query(db, f'SELECT count(*), round(coalesce({amount}, 0)::numeric, 2) FROM "{table}"')[0]
    return totals


def _leftovers(db):
    """Everything of the addon the database still holds, by kind."""
    found = {}
    found["relations"] = _query(
        db,
        """SELECT c.relname || ' (' || c.relkind::text || ')'
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relname LIKE 'care\\_%%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i')
            ORDER BY 1""",
    )
    found["columns"] = _query(
        db,
        """SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name LIKE 'care\\_%%' ORDER BY 1""",
    )
    found["functions"] = _query(db, "SELECT proname FROM pg_proc WHERE proname LIKE 'care\\_%%'")
    found["triggers"] = _query(db, "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'care\\_%%'")
    for label, query in {
        "models": "SELECT model FROM ir_model WHERE model LIKE 'care.%%'",
        "fields": "SELECT model || '.' || name FROM ir_model_fields "
        "WHERE name LIKE 'care\\_%%' OR model LIKE 'care.%%'",
        # Demo contacts and products that orders and invoices still use stay, with their xmlids, as Odoo keeps
        # any module record still referenced; anything else of the addon's data must be gone.
        "xmlids": "SELECT model || ' ' || name FROM ir_model_data WHERE module = 'customer_care' "
        "AND model NOT IN ('res.partner', 'product.product', 'product.template')",
        "crons": """SELECT c.cron_name FROM ir_cron c JOIN ir_act_server s ON s.id = c.ir_actions_server_id
                     JOIN ir_model m ON m.id = s.model_id WHERE m.model LIKE 'care.%%' OR s.code LIKE '%%care\\_%%'""",
        "server actions": "SELECT name->>'en_US' FROM ir_act_server WHERE code LIKE '%%_care\\_%%'",
        "sequences": "SELECT code FROM ir_sequence WHERE code LIKE 'care.%%'",
        "mail aliases": """SELECT a.alias_name FROM mail_alias a JOIN ir_model m ON m.id = a.alias_model_id
                            WHERE m.model LIKE 'care.%%'""",
        "views": "SELECT key FROM ir_ui_view WHERE model LIKE 'care.%%'",
        "groups": "SELECT g.id FROM res_groups g JOIN ir_model_data d ON d.res_id = g.id AND d.model = 'res.groups' "
        "WHERE d.module = 'customer_care'",
        "settings": "SELECT key FROM ir_config_parameter WHERE key LIKE 'customer\\_care%%' OR key LIKE 'care\\_%%'",
    }.items():
        found[label] = _query(db, query)
    return {label: [row[0] for row in rows] for label, rows in found.items() if rows}


# Records of Odoo's models that the addon's data files make: each must be gone, not only its xmlid.
OWNED = {
    "ir.cron": "ir_cron",
    "mail.activity.type": "mail_activity_type",
    "ir.sequence": "ir_sequence",
    "mail.alias": "mail_alias",
    "mail.template": "mail_template",
    "ir.actions.server": "ir_act_server",
    "ir.actions.act_window": "ir_act_window",
    "ir.ui.menu": "ir_ui_menu",
    "ir.ui.view": "ir_ui_view",
    "ir.rule": "ir_rule",
    "ir.model.access": "ir_model_access",
    "res.groups": "res_groups",
}


def _owned(db):
    rows = _query(
        db,
        "SELECT model, array_agg(res_id ORDER BY res_id) FROM ir_model_data "
        "WHERE module = 'customer_care' AND model IN %s GROUP BY model",
        (tuple(OWNED),),
    )
    return dict(rows)


def _still_there(db, owned):
    found = {}
    for model, ids in owned.items():
        if rows := _query(db, f'SELECT id FROM "{OWNED[model]}" WHERE id = ANY(%s)', (ids,)):
            found[model] = [row[0] for row in rows]
    return found


def test_uninstall_keeps_business_records_and_removes_the_addon(copy_db):
    db = copy_db
    totals = _odoo_totals(db)
    # Every contact but the addon's own demo ones, which Odoo deletes with the module when nothing uses them.
    contacts = {
        row[0]
        for row in _query(
            db,
            "SELECT id FROM res_partner WHERE id NOT IN "
            "(SELECT res_id FROM ir_model_data WHERE module = 'customer_care' AND model = 'res.partner')",
        )
    }
    assert len(contacts) > 10, contacts
    assert totals["sale_order"][0] > 0 and totals["account_move"][0] > 0 and totals["account_payment"][0] > 0
    present = _leftovers(db)
    for kind in ("relations", "columns", "crons", "sequences", "mail aliases"):
        assert present.get(kind), f"the installed addon has no {kind}: the check would prove nothing"
    owned = _owned(db)
    assert set(owned) == set(OWNED), set(OWNED) - set(owned)
    assert any(name.startswith("care_profile_facts") for name in present["relations"]), present["relations"]

    started = time.monotonic()
    log = _odoo(
        db,
        "--no-http",
        command=("shell",),
        stdin="env['ir.module.module'].search([('name', '=', 'customer_care')]).button_immediate_uninstall()\n"
        "env.cr.commit()\n",
    )
    print(f"uninstall of {db}: {time.monotonic() - started:.0f} s")
    assert not _errors(log), "\n".join(_errors(log))
    assert _query(db, "SELECT state FROM ir_module_module WHERE name = 'customer_care'")[0][0] == "uninstalled"
    lost = contacts - {row[0] for row in _query(db, "SELECT id FROM res_partner")}
    left = {
        "leftovers": _leftovers(db),
        "records": _still_there(db, owned),
        "totals": _odoo_totals(db),
        "lost contacts": sorted(lost),
    }
    assert left == {"leftovers": {}, "records": {}, "totals": totals, "lost contacts": []}
