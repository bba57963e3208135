"""make bench, satisfaction: 200,000 complaints (SIZE=small: 20,000) and 200,000 ratings (20,000: a quarter on
the complaints, a quarter on the customers, half on their duties) and a tenth as many satisfaction survey
answers, over the care benchmark's 100,000 customers (10,000) and duties; then timed:

- every customer's satisfaction score (the nightly refresh), its re-run (nothing changed), one customer's refresh
  as a rating arrives, the satisfaction report;
- the two alert kinds these feed, complaint_overdue and low_satisfaction (the other kinds switched off): the
  daily run, then a re-run that creates nothing.

Usage: bench_satisfaction.py ODOO_CONF DB [full|small]. Run after bench_care.py in the same database. Prints
BENCH satisfaction customers=N complaints=N ratings=N surveys=N full_s=... rerun_s=... incremental_ms=...
report_s=... alerts=N alerts_s=... alerts_rerun_s=... rss_mb=...
"""

import logging
import re
import resource
import statistics
import sys
import time

from freezegun import freeze_time

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL, config

RUN_AT = "2027-02-01 04:00:00"
RUN_DAY = RUN_AT[:10]
# the states a complaint goes through, as many of each; the first four are still open, so overdue after the deadline
STATES = ["new", "assessing", "assigned", "resolving", "replied", "closed", "closed", "rejected"]
OTHER_KINDS = ["purchase_overdue", "volume_drop", "late_payment", "credit_down", "no_contact", "big_silent"]


class KindTimes(logging.Handler):
    """Collects the alert run's "<kind> checked for company N in S s" log lines."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.times = {}

    def emit(self, record):
        found = re.match(r"Customer alerts: (\w+) checked for company \d+ in ([\d.]+) s", record.getMessage())
        if found:
            self.times[found[1]] = float(found[2])


def create_complaints(env, count, company):
    """Complaints received over the last two years by the care customers, in every state, a team of 5 with its
    leader handling them; the deadline 5 days after receipt (the calendar's working days are not the point
    here: the alert reads the stored deadline)."""
    users = env["res.users"].create(
        [
            {
                "name": f"Complaint Handler {i}",
                "login": f"bench_complaint_{i}",
                "group_ids": [Command.link(env.ref("sales_team.group_sale_salesman").id)],
            }
            for i in range(5)
        ]
    )
    team = env["care.complaint.team"].create(
        {"name": "Bench Complaints", "leader_id": users[0].id, "member_ids": [Command.set(users.ids)]}
    )
    env.execute_query(
        SQL(
            """WITH p AS (SELECT id, user_id, row_number() OVER (ORDER BY id) AS rn
                            FROM res_partner WHERE ref = 'bench'),
                    m AS (SELECT COUNT(*) AS c FROM p)
               INSERT INTO care_complaint (name, company_id, partner_id, commercial_partner_id, user_id,
                                           received_date, deadline, channel, severity, description, state,
                                           team_id, responsible_id, create_uid, create_date, write_uid, write_date)
               SELECT 'TSB' || lpad(i::text, 7, '0'), %(company)s, p.id, p.id, p.user_id, d.day, d.day + 5,
                      (ARRAY['phone', 'visit', 'email', 'wechat', 'letter', 'web'])[1 + i %% 6],
                      (ARRAY['low', 'normal', 'normal', 'high', 'critical'])[1 + i %% 5], '<p>bench</p>',
                      (%(states)s::varchar[])[1 + (i / 3) %% %(nstates)s],
                      %(team)s, (%(users)s::int[])[1 + i %% 5], 1, d.day, 1, d.day
                 FROM generate_series(1, %(count)s) AS i CROSS JOIN m
                 JOIN p ON p.rn = 1 + (i * 7) %% m.c
                 CROSS JOIN LATERAL (SELECT %(day)s::date - (i * 31) %% 730 AS day) d""",
            company=company.id,
            states=STATES,
            nstates=len(STATES),
            team=team.id,
            users=users.ids,
            count=count,
            day=RUN_DAY,
        )
    )


def create_ratings(env, count):
    """Ratings of 1 to 5 spread over 24 months: half on the customers' duties, a quarter on their complaints, a
    quarter on the customers themselves (a record without a company), as Odoo's rating page leaves them."""
    task_model = env["ir.model"]._get_id("care.task")
    partner_model = env["ir.model"]._get_id("res.partner")
    complaint_model = env["ir.model"]._get_id("care.complaint")
    env.execute_query(
        SQL(
            """WITH t AS (SELECT id, partner_id, row_number() OVER (ORDER BY id) AS rn FROM care_task),
                    n AS (SELECT COUNT(*) AS c FROM t),
                    p AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM res_partner WHERE ref = 'bench'),
                    m AS (SELECT COUNT(*) AS c FROM p),
                    k AS (SELECT id, partner_id, row_number() OVER (ORDER BY id) AS rn FROM care_complaint),
                    l AS (SELECT GREATEST(COUNT(*), 1) AS c FROM k)
               INSERT INTO rating_rating (res_model_id, res_model, res_id, res_name, partner_id, rating, rating_text,
                                          consumed, rated_on, access_token, is_internal,
                                          create_uid, create_date, write_uid, write_date)
               SELECT CASE WHEN i %% 4 = 0 THEN %s WHEN i %% 4 = 1 AND k.id IS NOT NULL THEN %s ELSE %s END,
                      CASE WHEN i %% 4 = 0 THEN 'res.partner' WHEN i %% 4 = 1 AND k.id IS NOT NULL
                           THEN 'care.complaint' ELSE 'care.task' END,
                      CASE WHEN i %% 4 = 0 THEN p.id WHEN i %% 4 = 1 AND k.id IS NOT NULL THEN k.id ELSE t.id END,
                      'bench',
                      CASE WHEN i %% 4 = 0 THEN p.id WHEN i %% 4 = 1 AND k.id IS NOT NULL THEN k.partner_id
                           ELSE t.partner_id END,
                      v.rating, CASE WHEN v.rating >= 4 THEN 'top' WHEN v.rating >= 2 THEN 'ok' ELSE 'ko' END,
                      TRUE, r.day, md5(i::text), FALSE, 1, r.day, 1, r.day
                 FROM generate_series(1, %s) AS i
                 CROSS JOIN n CROSS JOIN m CROSS JOIN l
                 JOIN t ON t.rn = 1 + (i * 7) %% n.c
                 JOIN p ON p.rn = 1 + (i * 13) %% m.c
                 LEFT JOIN k ON k.rn = 1 + (i * 11) %% l.c
                 CROSS JOIN LATERAL (SELECT (ARRAY[5, 5, 3, 5, 1, 3, 5, 4, 2, 5])[1 + i %% 10] AS rating) v
                 CROSS JOIN LATERAL (
                     SELECT TIMESTAMP %s - ((i * 37) %% 730) * INTERVAL '1 day' AS day
                 ) r""",
            partner_model,
            complaint_model,
            task_model,
            count,
            RUN_AT,
        )
    )


def create_surveys(env, count):
    survey = env["survey.survey"].create({"title": "Bench satisfaction", "scoring_type": "scoring_without_answers"})
    env.execute_query(
        SQL(
            """WITH p AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM res_partner WHERE ref = 'bench'),
                    m AS (SELECT COUNT(*) AS c FROM p)
               INSERT INTO survey_user_input (survey_id, state, partner_id, care_partner_id, scoring_percentage,
                                              end_datetime, access_token, create_uid, create_date, write_uid,
                                              write_date)
               SELECT %s, 'done', p.id, p.id, (i * 11) %% 101, d.day, md5('s' || i), 1, d.day, 1, d.day
                 FROM generate_series(1, %s) AS i CROSS JOIN m
                 JOIN p ON p.rn = 1 + (i * 17) %% m.c
                 CROSS JOIN LATERAL (SELECT TIMESTAMP %s - ((i * 41) %% 730) * INTERVAL '1 day' AS day) d""",
            survey.id,
            count,
            RUN_AT,
        )
    )


def main(conf, db, size):
    ratings = 20_000 if size == "small" else 200_000
    surveys = ratings // 10
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        customers = env["res.partner"].search_count([("ref", "=", "bench")])
        assert customers, "run bench_care.py first: it creates the customers and their duties"
        complaints = ratings
        if env["care.complaint"].search_count([("name", "=like", "TSB%")]):
            # KEEP_DB=1 and a second run on the same data: the scores and alerts of the first one gone
            cr.execute("DELETE FROM mail_activity WHERE care_alert_id IS NOT NULL")
            cr.execute("DELETE FROM care_alert")
            cr.execute("DELETE FROM care_satisfaction")
        else:
            create_complaints(env, complaints, company)
            create_ratings(env, ratings)
            create_surveys(env, surveys)
        cr.commit()
        cr.execute("ANALYZE")
        Satisfaction = env["care.satisfaction"]
        with freeze_time(RUN_AT, tick=True):
            start = time.monotonic()
            scored = Satisfaction._care_refresh(company)
            cr.commit()
            full_s = time.monotonic() - start
            # the nightly run again, nothing changed: the same statement, no row written
            start = time.monotonic()
            Satisfaction._care_refresh(company)
            cr.commit()
            rerun_s = time.monotonic() - start
            # a rating arriving: its customer in every company
            one = env["res.partner"].search([("ref", "=", "bench")], limit=5)
            times = []
            for partner in one:
                start = time.monotonic()
                Satisfaction._care_refresh_customers(partner)
                times.append(time.monotonic() - start)
            incremental_ms = statistics.median(times) * 1000
            cr.commit()
            start = time.monotonic()
            env["care.satisfaction.report"]._read_group([], ["date:month", "user_id"], ["score:avg", "__count"])
            report_s = time.monotonic() - start
            # the two alert kinds fed by complaints and satisfaction, the others off
            company.write({f"care_alert_{kind}": False for kind in OTHER_KINDS})
            company.write({"care_alert_complaint_overdue": True, "care_alert_low_satisfaction": True})
            cr.commit()
            Alert = env["care.alert"]
            kind_times = KindTimes()
            alert_logger = logging.getLogger("odoo.addons.customer_care.models.warning.care_alert")
            alert_logger.addHandler(kind_times)
            alert_logger.setLevel(logging.INFO)
            start = time.monotonic()
            first = Alert._care_run_company(company)
            cr.commit()
            alerts_s = time.monotonic() - start
            first_kinds = dict(kind_times.times)
            start = time.monotonic()
            again = Alert._care_run_company(company)
            cr.commit()
            alerts_rerun_s = time.monotonic() - start
            assert again["raised"] == 0 and again["resolved"] == 0, f"the re-run changed alerts: {again}"
            cr.execute("SELECT kind, COUNT(*) FROM care_alert GROUP BY kind ORDER BY kind")
            alert_kinds = cr.fetchall()
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"== satisfaction: {scored} customers scored out of {customers}", flush=True)
        print("| job | rows | seconds | rows/s |\n| --- | ---: | ---: | ---: |")
        rows = (
            ("satisfaction score, every customer", customers, full_s),
            ("satisfaction re-run (nothing changed)", customers, rerun_s),
            ("alerts complaint_overdue + low_satisfaction (first)", customers, alerts_s),
            ("alerts re-run (creates nothing)", customers, alerts_rerun_s),
        )
        for label, count, seconds in rows:
            print(f"| {label} | {count:,} customers | {seconds:.2f} | {count / seconds:,.0f} |")
        print(
            "alert kinds (first run, candidate query s): "
            + ", ".join(f"{kind} {seconds:.2f}" for kind, seconds in first_kinds.items())
            + "; alerts: "
            + ", ".join(f"{kind} {count:,}" for kind, count in alert_kinds)
        )
        print(
            f"BENCH satisfaction customers={customers} complaints={complaints} ratings={ratings} surveys={surveys} "
            f"full_s={full_s:.2f} full_rows_s={customers / full_s:.0f} rerun_s={rerun_s:.2f} "
            f"incremental_ms={incremental_ms:.0f} report_s={report_s:.2f} alerts={first['raised']} "
            f"alerts_s={alerts_s:.2f} alerts_rows_s={customers / alerts_s:.0f} alerts_rerun_s={alerts_rerun_s:.2f} "
            f"rss_mb={rss_mb:.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main(*sys.argv[1:4])
