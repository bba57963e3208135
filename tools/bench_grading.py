"""Grading benchmark: a synthetic company with N customers and M posted invoices with payments, inserted
through SQL consistently enough for the real engine to read (invoices with a receivable and an income
line, paid ones reconciled with a payment line at their payment date), then timed:

- floor: the bare SQL aggregate of revenue per customer over the same invoices;
- first run: the nightly scheduled action on its first night, yesterday: every customer's facts aggregated
  from the invoices, then the grades;
- nightly full recompute: the same scheduled action today, a day later, with 1 % of the customers marked by
  the day's invoices and payments: the grades of every customer, the facts of those that moved;
- weekly re-aggregation: the full run again (all facts from the invoices), as every seventh night does;
- incremental: the frequent scheduled action for one customer marked by a posted invoice (median of 5).

Usage: bench_grading.py ODOO_CONF DATABASE [small|full|large]
"""

import statistics
import sys
import time
from datetime import date, timedelta

from bench_common import indexes_built_after, rss_mb, timed, vacuum_analyze
from freezegun import freeze_time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, config

BULK_TABLES = ("res_partner", "account_move", "account_move_line", "account_partial_reconcile")
SIZES = {"small": (10_000, 100_000), "full": (100_000, 1_000_000), "large": (1_000_000, 10_000_000)}


def reserve_ids(cr, table, count):
    """Ids first+1 .. first+count of table's sequence, for rows inserted with explicit ids."""
    cr.execute(SQL("SELECT nextval(%s)", f"{table}_id_seq"))
    first = cr.fetchone()[0]
    cr.execute(SQL("SELECT setval(%s, %s)", f"{table}_id_seq", first + count + 1))
    return first


def build_company(env, customers, invoices):
    """The company, its customers (its own, not shared with the database's other companies), invoices,
    receivable/income lines, one payment per customer, reconciliations."""
    cr = env.cr
    company = env["res.company"].create({"name": "Bench Company", "currency_id": env.ref("base.USD").id})
    env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
    Journal, Account = env["account.journal"], env["account.account"]
    sale = Journal.search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
    bank = Journal.search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
    receivable = Account.search([("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)], limit=1)
    income = Account.search([("account_type", "=", "income"), ("company_ids", "in", company.id)], limit=1)
    env.flush_all()
    cr.execute("SELECT setseed(0.42)")
    params = {
        "company": company.id,
        "currency": company.currency_id.id,
        "sale": sale.id,
        "bank": bank.id,
        "receivable": receivable.id,
        "income": income.id,
        "customers": customers,
        "invoices": invoices,
        "partner_base": reserve_ids(cr, "res_partner", customers),
        "move_base": reserve_ids(cr, "account_move", invoices + 1),
        "line_base": reserve_ids(cr, "account_move_line", 2 * invoices + customers),
        "partial_base": reserve_ids(cr, "account_partial_reconcile", invoices),
    }
    steps = [
        (
            "customers",
            """
            INSERT INTO res_partner (id, name, complete_name, company_id, active, type, is_company, customer_rank,
                                     supplier_rank, autopost_bills, commercial_partner_id, create_uid, write_uid,
                                     create_date, write_date)
            SELECT %(partner_base)s + g, 'Bench Customer ' || g, 'Bench Customer ' || g, %(company)s, TRUE, 'contact',
                   TRUE, 1, 0, 'ask', %(partner_base)s + g, 1, 1, now(), now()
              FROM generate_series(1, %(customers)s) g
            """,
        ),
        (
            "invoice facts",
            # Skewed: low partner numbers buy more often and more; 5 % credit notes; 90 % of the due invoices
            # paid, a fifth of them late.
            """
            CREATE TEMP TABLE bench_invoice AS
            SELECT g AS n,
                   %(partner_base)s + 1 + LEAST(%(customers)s - 1, FLOOR(%(customers)s * POWER(random(), 1.5)))::int
                       AS partner_id,
                   CURRENT_DATE - FLOOR(random() * 1095)::int AS invoice_date,
                   random() < 0.05 AS refund,
                   ROUND((50 + POWER(random(), 3) * 20000)::numeric, 2) AS amount,
                   random() AS paid_draw, random() AS late_draw, random() AS delay_draw
              FROM generate_series(1, %(invoices)s) g
            """,
        ),
        (
            "invoice dates",
            """
            ALTER TABLE bench_invoice ADD COLUMN due date, ADD COLUMN paid_date date;
            UPDATE bench_invoice SET due = invoice_date + 30;
            UPDATE bench_invoice
               SET paid_date = LEAST(CURRENT_DATE, due + CASE WHEN late_draw < 0.2 THEN FLOOR(delay_draw * 60)::int
                                                              ELSE -FLOOR(delay_draw * 25)::int END)
             WHERE NOT refund AND (due < CURRENT_DATE AND paid_draw < 0.9 OR due >= CURRENT_DATE AND paid_draw < 0.3)
            """,
        ),
        (
            "invoices",
            """
            INSERT INTO account_move (id, name, journal_id, company_id, currency_id, state, move_type, auto_post, date,
                                      invoice_date, invoice_date_due, partner_id, commercial_partner_id,
                                      amount_untaxed, amount_total, amount_residual, amount_untaxed_signed,
                                      amount_total_signed, amount_residual_signed, payment_state, care_paid_date,
                                      create_uid, write_uid, create_date, write_date)
            SELECT %(move_base)s + n, 'BINV/' || n, %(sale)s, %(company)s, %(currency)s, 'posted',
                   CASE WHEN refund THEN 'out_refund' ELSE 'out_invoice' END, 'no', invoice_date, invoice_date, due,
                   partner_id, partner_id, amount, amount,
                   CASE WHEN paid_date IS NULL AND NOT refund THEN amount ELSE 0 END,
                   CASE WHEN refund THEN -amount ELSE amount END, CASE WHEN refund THEN -amount ELSE amount END,
                   CASE WHEN paid_date IS NULL AND NOT refund THEN amount ELSE 0 END,
                   CASE WHEN refund OR paid_date IS NOT NULL THEN 'paid' ELSE 'not_paid' END,
                   CASE WHEN NOT refund THEN paid_date END, 1, 1, now(), now()
              FROM bench_invoice
            """,
        ),
        (
            "invoice lines",
            """
            INSERT INTO account_move_line (id, move_id, journal_id, company_id, company_currency_id, currency_id,
                                           account_id, partner_id, display_type, date, parent_state, balance, debit,
                                           credit, amount_currency, amount_residual, amount_residual_currency,
                                           reconciled, create_uid, write_uid, create_date, write_date)
            SELECT %(line_base)s + 2 * n - 1 + side, %(move_base)s + n, %(sale)s, %(company)s, %(currency)s,
                   %(currency)s, CASE side WHEN 0 THEN %(receivable)s ELSE %(income)s END, partner_id,
                   CASE side WHEN 0 THEN 'payment_term' ELSE 'product' END, invoice_date, 'posted', b.balance,
                   GREATEST(b.balance, 0), GREATEST(-b.balance, 0), b.balance,
                   CASE WHEN side = 0 AND paid_date IS NULL AND NOT refund THEN b.balance ELSE 0 END,
                   CASE WHEN side = 0 AND paid_date IS NULL AND NOT refund THEN b.balance ELSE 0 END,
                   side = 0 AND (paid_date IS NOT NULL OR refund), 1, 1, now(), now()
              FROM bench_invoice
             CROSS JOIN generate_series(0, 1) side
             CROSS JOIN LATERAL (SELECT CASE WHEN refund <> (side = 1) THEN -amount ELSE amount END AS balance) b
            """,
        ),
        (
            "payments",
            # One payment entry holding a credit line per customer: what the invoices are reconciled with.
            """
            INSERT INTO account_move (id, name, journal_id, company_id, currency_id, state, move_type, auto_post, date,
                                      payment_state, create_uid, write_uid, create_date, write_date)
            VALUES (%(move_base)s + %(invoices)s + 1, 'BPAY/1', %(bank)s, %(company)s, %(currency)s, 'posted', 'entry',
                    'no', CURRENT_DATE, 'not_paid', 1, 1, now(), now());
            INSERT INTO account_move_line (id, move_id, journal_id, company_id, company_currency_id, currency_id,
                                           account_id, partner_id, display_type, date, parent_state, balance, debit,
                                           credit, amount_currency, amount_residual, amount_residual_currency,
                                           reconciled, create_uid, write_uid, create_date, write_date)
            SELECT %(line_base)s + 2 * %(invoices)s + g, %(move_base)s + %(invoices)s + 1, %(bank)s, %(company)s,
                   %(currency)s, %(currency)s, %(receivable)s, %(partner_base)s + g, 'product', CURRENT_DATE, 'posted',
                   -1, 0, 1, -1, 0, 0, TRUE, 1, 1, now(), now()
              FROM generate_series(1, %(customers)s) g
            """,
        ),
        (
            "reconciliations",
            """
            INSERT INTO account_partial_reconcile (id, debit_move_id, credit_move_id, company_id, debit_currency_id,
                                                   credit_currency_id, amount, debit_amount_currency,
                                                   credit_amount_currency, max_date, create_uid, write_uid,
                                                   create_date, write_date)
            SELECT %(partial_base)s + n, %(line_base)s + 2 * n - 1, %(line_base)s + 2 * %(invoices)s
                       + (partner_id - %(partner_base)s), %(company)s, %(currency)s, %(currency)s, amount, amount,
                   amount, paid_date, 1, 1, now(), now()
              FROM bench_invoice
             WHERE paid_date IS NOT NULL
            """,
        ),
    ]
    # Bulk load: the rows are consistent by construction, skip the per-row foreign key triggers, and build
    # the loaded tables' indexes once at the end.
    cr.execute("SET session_replication_role = replica")
    with indexes_built_after(cr, BULK_TABLES):
        for label, query in steps:
            start = time.monotonic()
            cr.execute(SQL(query, **params))
            print(f"  inserted {label} in {time.monotonic() - start:.1f} s", flush=True)
    cr.execute("SET session_replication_role = DEFAULT")
    cr.execute("DROP TABLE bench_invoice")
    cr.commit()
    return company


def main(conf, database, size):
    customers, invoices = SIZES[size]
    config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        print(f"== building {customers} customers and {invoices} invoices", flush=True)
        company = build_company(env, customers, invoices)
        # what autovacuum does for a live database: statistics and the visibility map
        vacuum_analyze(cr, BULK_TABLES)
        env = env(context={"allowed_company_ids": [company.id]})
        Profile, Engine = env["care.profile"], env["care.grading.engine"]
        today = date.today()

        def floor():
            cr.execute(
                SQL(
                    """
                    SELECT commercial_partner_id, SUM(amount_untaxed_signed)
                      FROM account_move
                     WHERE company_id = %s AND state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
                     GROUP BY commercial_partner_id
                    """,
                    company.id,
                )
            )
            cr.fetchall()

        def full():
            # a full run (first night, weekly, or the managers' button): every customer's facts from the
            # invoices, a batch per commit, then the company-wide grades
            Engine._care_start_run(company)
            cr.commit()
            while Engine._care_run_step(company)[1]:
                cr.commit()
            cr.commit()

        def nightly():
            # the nightly scheduled action as it runs, for every company
            Profile._cron_grade_all()
            cr.commit()

        def incremental():
            Engine._care_mark(SQL("SELECT %s, %s", customer_id, company.id))
            cr.commit()
            start = time.clock_gettime(time.CLOCK_MONOTONIC)
            Profile._cron_grade_marked()
            cr.commit()
            return time.clock_gettime(time.CLOCK_MONOTONIC) - start

        floor_s = min(timed(floor) for _run in range(3))
        # the first night, yesterday: every customer graded from scratch
        with freeze_time(today - timedelta(days=1)):
            first_s = timed(nightly)
        cr.execute("SELECT count(*) FROM care_profile WHERE company_id = %s AND tier IS NOT NULL", [company.id])
        tiered = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM care_grade_history WHERE company_id = %s", [company.id])
        history = cr.fetchone()[0]
        # in the day between, autovacuum visits the tables the first night filled (every profile was
        # inserted, then updated with its grades)
        vacuum_analyze(cr, ("care_profile", "care_grade_history"))
        # today: the day's invoices and payments marked 1 % of the customers (the frequent scheduled action
        # would have graded them already; here the night does), and the calendar moved on by a day
        cr.execute(
            "SELECT partner_id FROM care_profile WHERE company_id = %s ORDER BY md5(partner_id::text) LIMIT %s",
            [company.id, customers // 100],
        )
        Engine._care_mark_pairs({(partner_id, company.id) for (partner_id,) in cr.fetchall()})
        cr.commit()
        cr.execute("SELECT now()")
        before_night = cr.fetchone()[0]
        with freeze_time(today):
            nightly_s = timed(nightly)
            cr.execute(
                "SELECT count(*) FROM care_profile WHERE company_id = %s AND graded_at > %s",
                [company.id, before_night.replace(tzinfo=None)],
            )
            refreshed = cr.fetchone()[0]
            reaggregate_s = timed(full)
            cr.execute(
                "SELECT partner_id FROM care_profile WHERE company_id = %s ORDER BY partner_id LIMIT 1 OFFSET %s",
                [company.id, customers // 2],
            )
            customer_id = cr.fetchone()[0]
            incremental_ms = statistics.median(incremental() for _run in range(5)) * 1000
        peak = rss_mb()

    rows = [
        ("floor: revenue per customer (SQL)", invoices, floor_s),
        ("nightly full recompute (grades of all, facts of those that moved)", customers, nightly_s),
        ("first run (all facts from the invoices, then grades)", customers, first_s),
        ("weekly re-aggregation (all facts again, then grades)", customers, reaggregate_s),
        ("incremental: one marked customer", 1, incremental_ms / 1000),
    ]
    print(
        f"\nGrading, {customers} customers, {invoices} invoices ({tiered} with a tier, {history} history rows at "
        f"the first run; the nightly run recomputed the facts of {refreshed} customers)"
    )
    print("| job | rows | seconds | rows/s | peak RSS (MB) |\n| --- | ---: | ---: | ---: | ---: |")
    for label, count, seconds in rows:
        print(f"| {label} | {count:,} | {seconds:.3f} | {count / seconds:,.0f} | {peak:.0f} |")
    print(
        f"BENCH grading customers={customers} invoices={invoices} full_s={nightly_s:.2f} floor_s={floor_s:.3f} "
        f"ratio={nightly_s / floor_s:.1f} incremental_ms={incremental_ms:.1f} rss_mb={peak:.0f} "
        f"first_s={first_s:.2f} first_ratio={first_s / floor_s:.1f} reaggregate_s={reaggregate_s:.2f}"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if sys.argv[3:] and sys.argv[3] in SIZES else "full")
