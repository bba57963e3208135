"""make bench, early warnings: the daily alert run on the grading benchmark's company (run after
bench_grading.py, in its database: 100,000 customers graded from 1,000,000 invoices; SIZE=small: a tenth),
every kind switched on with its default thresholds, the customers shared among 20 salespeople; then the same
day re-run, which must create nothing. Each kind's candidate query is timed too (complaint_overdue and
low_satisfaction find nothing here: bench_satisfaction.py times them over 200,000 complaints and ratings).

The run's two writes are timed apart (the alerts, then their to-dos), and what PostgreSQL's foreign-key checks
cost of them is measured on 100,000 alerts of the largest kind, written again with the checks and without (in a
transaction rolled back).

Usage: bench_alerts.py ODOO_CONF DB. Prints a table and
BENCH alerts customers=N alerts=... todos=... run_s=... run_rows_s=... rerun_s=... rss_mb=...
BENCH alert_writes rows=N with_fk_s=... without_fk_s=...
"""

import logging
import re
import resource
import sys
import time

from bench_common import foreign_key_cost

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL, config

SALESPEOPLE = 20


class KindTimes(logging.Handler):
    """Collects the alert run's "<kind> checked for company N in S s" log lines, and its writes' line
    ("company N: A alerts written in S s, their to-dos in S s") under "writes"."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.times = {}

    def emit(self, record):
        message = record.getMessage()
        found = re.match(r"Customer alerts: (\w+) checked for company \d+ in ([\d.]+) s", message)
        if found:
            self.times[found[1]] = float(found[2])
        found = re.match(
            r"Customer alerts: company \d+: \d+ alerts written in ([\d.]+) s, their to-dos in ([\d.]+) s", message
        )
        if found:
            self.times["writes"] = (float(found[1]), float(found[2]))


def timed(func):
    start = time.monotonic()
    result = func()
    return time.monotonic() - start, result


def main(conf, database):
    config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].search([("name", "=", "Bench Company")], limit=1)
        assert company, "run bench_grading.py first: its company is the one alerted"
        env = env(context={"allowed_company_ids": [company.id]})
        # KEEP_DB=1 and a second run: the salespeople of the first, and its alerts and to-dos gone
        users = env["res.users"].search([("login", "=like", "bench_alert_sales_%")], order="id")
        cr.execute(SQL("DELETE FROM mail_activity WHERE care_alert_id IS NOT NULL"))
        cr.execute(SQL("DELETE FROM care_alert WHERE company_id = %s", company.id))
        users = users or env["res.users"].create(
            [
                {
                    "name": f"Bench Alert Sales {i}",
                    "login": f"bench_alert_sales_{i}",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "group_ids": [Command.link(env.ref("sales_team.group_sale_salesman").id)],
                }
                for i in range(SALESPEOPLE)
            ]
        )
        cr.execute(
            SQL(
                "UPDATE res_partner SET user_id = (%s::int[])[1 + id %% %s] WHERE company_id = %s",
                users.ids,
                SALESPEOPLE,
                company.id,
            )
        )
        cr.execute(SQL("SELECT count(*) FROM care_profile WHERE company_id = %s", company.id))
        customers = cr.fetchone()[0]
        cr.execute("ANALYZE care_profile, care_grade_history, res_partner")
        cr.commit()
        Alert = env["care.alert"]
        kind_times = KindTimes()
        alert_logger = logging.getLogger("odoo.addons.customer_care.models.warning.care_alert")
        alert_logger.addHandler(kind_times)
        alert_logger.setLevel(logging.INFO)

        def run():
            counts = Alert._care_run_company(company)
            cr.commit()
            return counts

        run_s, first = timed(run)
        first_kinds = dict(kind_times.times)
        alerts_s, todos_s = first_kinds.pop("writes")
        rerun_s, second = timed(run)
        second_kinds = dict(kind_times.times)
        second_kinds.pop("writes", None)
        cr.execute(
            SQL("SELECT kind, count(*) FROM care_alert WHERE company_id = %s GROUP BY kind ORDER BY kind", company.id)
        )
        kinds = cr.fetchall()
        cr.execute("SELECT count(*) FROM mail_activity WHERE care_alert_id IS NOT NULL")
        todos = cr.fetchone()[0]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert second["raised"] == 0 and second["resolved"] == 0, f"the re-run changed alerts: {second}"
        today = env["care.rule"]._care_today(company)
        sample, fk_seconds = foreign_key_cost(
            env,
            "care_alert",
            "care_alert_id",
            SQL("company_id = %s AND kind = %s", company.id, max(kinds, key=lambda row: row[1])[0]),
            lambda ids: env["care.alert"]._care_create_activities(company, today, ids),
        )

    print(f"\nAlerts, {customers} customers: " + ", ".join(f"{kind} {count:,}" for kind, count in kinds))
    print("| job | rows | seconds | rows/s | peak RSS (MB) |\n| --- | ---: | ---: | ---: | ---: |")
    for label, seconds in (("alert run (first)", run_s), ("alert re-run (creates nothing)", rerun_s)):
        print(f"| {label} | {customers:,} customers | {seconds:.3f} | {customers / seconds:,.0f} | {peak:.0f} |")
    print("| kind's candidate query | first run (s) | re-run (s) |\n| --- | ---: | ---: |")
    for kind, seconds in first_kinds.items():
        print(f"| {kind} | {seconds:.2f} | {second_kinds.get(kind, 0):.2f} |")
    print(f"| writing the alerts, then their to-dos (first run) | {alerts_s:.2f} | {todos_s:.2f} |")
    print(
        f"BENCH alerts customers={customers} alerts={first['raised']} todos={todos} run_s={run_s:.2f} "
        f"run_rows_s={customers / run_s:.0f} rerun_s={rerun_s:.2f} rss_mb={peak:.0f}"
    )
    if fk_seconds:
        print(f"BENCH alert_writes rows={sample} with_fk_s={fk_seconds[0]:.2f} without_fk_s={fk_seconds[1]:.2f}")
    else:
        print("== alerts: the foreign-key cost needs a superuser role; not measured")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
