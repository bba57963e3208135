"""make bench, care duties: the daily generation of care duties for 100,000 customers (SIZE=small:
10,000; SIZE=large: 1,000,000) and 5 active rules, over a year of occasions, then a re-run that must create nothing.

Each rule's two writes are timed apart (its duties, with the query finding them, then their to-dos), and what
PostgreSQL's foreign-key checks cost of them is measured on 100,000 of the largest rule's duties, written again
with the checks and without (in a transaction rolled back).

Usage: bench_care.py ODOO_CONF DB [small|full|large]. Prints a table and
BENCH care customers=N rules=5 tasks=... run_s=... rerun_s=... rss_mb=...
BENCH care_writes rows=N with_fk_s=... without_fk_s=...
"""

import logging
import re
import resource
import sys
import time
from datetime import date

from bench_common import foreign_key_cost, indexes_built_after
from freezegun import freeze_time

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL, config

SALESPEOPLE = 20
SIZES = {"small": 10_000, "full": 100_000, "large": 1_000_000}
# The daily run is timed on a heavy day: Spring Festival (2027-02-06) and 立春 (2027-02-04) in the
# lead windows, an appreciation event to invite to, birthdays, and monthly calls.
RUN_AT = "2027-02-01 04:00:00"


class RuleTimes(logging.Handler):
    """Collects the daily run's "care rule N: D duties created in S s, their to-dos in S s" log lines."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.times = {}

    def emit(self, record):
        found = re.match(
            r"care rule (\d+): (\d+) duties created in ([\d.]+) s, their to-dos in ([\d.]+) s", record.getMessage()
        )
        if found:
            self.times[int(found[1])] = (int(found[2]), float(found[3]), float(found[4]))


def create_customers(env, count, company):
    users = env["res.users"].create(
        [
            {
                "name": f"Bench Sales {i}",
                "login": f"bench_sales_{i}",
                "group_ids": [Command.link(env.ref("sales_team.group_sale_salesman").id)],
            }
            for i in range(SALESPEOPLE)
        ]
    )
    # Deterministic spread: a quarter keep a lunar birthday (some in a leap month), the rest solar.
    env.flush_all()
    with indexes_built_after(env.cr, ("res_partner",)):
        env.execute_query(
            SQL(
                """INSERT INTO res_partner (name, complete_name, active, type, customer_rank, user_id, company_id,
                                            email, email_normalized, ref, autopost_bills, is_company,
                                            care_birthday_calendar, care_birth_date, care_lunar_month, care_lunar_day,
                                            care_lunar_leap, care_demand_state, create_uid, write_uid,
                                            create_date, write_date)
                   SELECT 'Bench Customer ' || i, 'Bench Customer ' || i, TRUE, 'contact', 1,
                          (%s::int[])[1 + i %% %s], %s, 'bench' || i || '@example.com', 'bench' || i || '@example.com',
                          'bench', 'ask', FALSE,
                          CASE WHEN i %% 4 = 0 THEN 'lunar' ELSE 'solar' END,
                          CASE WHEN i %% 4 = 0 THEN NULL ELSE DATE '1950-01-01' + ((i::int8 * 7919) %% 20000)::int END,
                          CASE WHEN i %% 4 = 0 THEN 1 + (i * 31) %% 12 END,
                          CASE WHEN i %% 4 = 0 THEN 1 + (i * 17) %% 30 END,
                          i %% 4 = 0 AND i %% 97 = 0,
                          (ARRAY['potential', 'target', 'intent', 'closed', 'loyal'])[1 + i %% 5],
                          1, 1, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
                     FROM generate_series(1, %s) AS i""",
                users.ids,
                SALESPEOPLE,
                company.id,
                count,
            )
        )
        env.execute_query(SQL("UPDATE res_partner SET commercial_partner_id = id WHERE ref = 'bench'"))
    env.invalidate_all()


def create_rules(env, company):
    env["care.rule"].search([]).active = False
    intent = env.ref("customer_care.selection__res_partner__care_demand_state__intent")
    common = {"partner_domain": "[('ref', '=', 'bench')]", "company_id": company.id, "fine_amount": 10}
    return env["care.rule"].create(
        [
            {"name": "Birthday greeting", "trigger": "birthday", "lead_days": 3, **common},
            {"name": "Holiday greeting", "trigger": "holiday", "lead_days": 7, **common},
            {"name": "Solar term greeting", "trigger": "solar_term", "lead_days": 3, **common},
            {
                "name": "Monthly call",
                "trigger": "periodic_contact",
                "interval_days": 30,
                "lead_days": 7,
                "demand_state_ids": [Command.set(intent.ids)],
                **common,
            },
            {"name": "Appreciation invitation", "trigger": "event_invitation", "lead_days": 14, **common},
        ]
    )


def main(conf, db, size):
    count = SIZES.get(size, SIZES["full"])
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        company.partner_id.write({"tz": "Asia/Shanghai", "country_id": env.ref("base.cn").id})
        create_customers(env, count, company)
        # A year of occasions from the libraries, and a company event.
        env["care.occasion"]._care_generate(company, date_from=date(2026, 12, 1))
        env["care.occasion"].create(
            {
                "name": "答谢会",
                "kind": "event",
                "event_type": "appreciation",
                "date": "2027-02-10",
                "company_id": company.id,
            }
        )
        rules = create_rules(env, company)
        cr.commit()
        # A live database has planner statistics; a freshly filled one must gather them first.
        cr.execute("ANALYZE")

        rule_times = RuleTimes()
        rule_logger = logging.getLogger("odoo.addons.customer_care.models.care.care_rule")
        rule_logger.addHandler(rule_times)
        rule_logger.setLevel(logging.INFO)
        with freeze_time(RUN_AT, tick=True):
            start = time.monotonic()
            env["care.rule"]._cron_generate_tasks()
            run_s = time.monotonic() - start
            first_times = dict(rule_times.times)
            tasks = env["care.task"].search_count([])
            activities = env["mail.activity"].search_count([("care_task_id", "!=", False)])
            # The same day again, as after a crash: every rule is redone and nothing is created.
            rules.write({"last_run_date": False})
            cr.commit()
            start = time.monotonic()
            env["care.rule"]._cron_generate_tasks()
            rerun_s = time.monotonic() - start
            rerun_tasks = env["care.task"].search_count([])
            assert rerun_tasks == tasks, f"the re-run created {rerun_tasks - tasks} duties"
            largest = max(rules, key=lambda rule: first_times.get(rule.id, (0,))[0])
            sample, fk_seconds = foreign_key_cost(
                env,
                "care_task",
                "care_task_id",
                SQL("rule_id = %s", largest.id),
                lambda ids: env["care.task"].browse(ids)._care_create_activities(),
            )
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"== care: {activities} activities created with the {tasks} duties", flush=True)
        print("| rule | duties | duties (s) | to-dos (s) |\n| --- | ---: | ---: | ---: |")
        for rule in rules:
            created, duties_s, todos_s = first_times.get(rule.id, (0, 0.0, 0.0))
            print(f"| {rule.name} | {created:,} | {duties_s:.1f} | {todos_s:.1f} |")
        print(
            f"BENCH care customers={count} rules={len(rules)} tasks={tasks} run_s={run_s:.1f} "
            f"rerun_s={rerun_s:.1f} rss_mb={rss_mb:.0f}",
            flush=True,
        )
        if fk_seconds:
            print(
                f"BENCH care_writes rows={sample} with_fk_s={fk_seconds[0]:.2f} without_fk_s={fk_seconds[1]:.2f}",
                flush=True,
            )
        else:
            print("== care: the foreign-key cost needs a superuser role; not measured", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
