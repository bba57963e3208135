"""make bench, satisfaction: every customer's satisfaction score from 200,000 ratings (SIZE=small: 20,000) and
a tenth as many satisfaction survey answers, over the care benchmark's 100,000 customers (10,000) and duties.

Usage: bench_satisfaction.py ODOO_CONF DB [full|small]. Run after bench_care.py in the same database. Prints
BENCH satisfaction customers=N ratings=N surveys=N full_s=... rerun_s=... incremental_ms=... report_s=... rss_mb=...
"""

import resource
import statistics
import sys
import time

from freezegun import freeze_time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, config

RUN_AT = "2027-02-01 04:00:00"


def create_ratings(env, count):
    """Ratings of 1 to 5 spread over 24 months: three quarters on the customers' duties, a quarter on the
    customers themselves (a record without a company), as Odoo's rating page leaves them."""
    task_model = env["ir.model"]._get_id("care.task")
    partner_model = env["ir.model"]._get_id("res.partner")
    env.execute_query(
        SQL(
            """WITH t AS (SELECT id, partner_id, row_number() OVER (ORDER BY id) AS rn FROM care_task),
                    n AS (SELECT COUNT(*) AS c FROM t),
                    p AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM res_partner WHERE ref = 'bench'),
                    m AS (SELECT COUNT(*) AS c FROM p)
               INSERT INTO rating_rating (res_model_id, res_model, res_id, res_name, partner_id, rating, rating_text,
                                          consumed, rated_on, access_token, is_internal,
                                          create_uid, create_date, write_uid, write_date)
               SELECT CASE WHEN i %% 4 = 0 THEN %s ELSE %s END,
                      CASE WHEN i %% 4 = 0 THEN 'res.partner' ELSE 'care.task' END,
                      CASE WHEN i %% 4 = 0 THEN p.id ELSE t.id END, 'bench',
                      CASE WHEN i %% 4 = 0 THEN p.id ELSE t.partner_id END,
                      v.rating, CASE WHEN v.rating >= 4 THEN 'top' WHEN v.rating >= 2 THEN 'ok' ELSE 'ko' END,
                      TRUE, r.day, md5(i::text), FALSE, 1, r.day, 1, r.day
                 FROM generate_series(1, %s) AS i
                 CROSS JOIN n CROSS JOIN m
                 JOIN t ON t.rn = 1 + (i * 7) %% n.c
                 JOIN p ON p.rn = 1 + (i * 13) %% m.c
                 CROSS JOIN LATERAL (SELECT (ARRAY[5, 5, 3, 5, 1, 3, 5, 4, 2, 5])[1 + i %% 10] AS rating) v
                 CROSS JOIN LATERAL (
                     SELECT TIMESTAMP %s - ((i * 37) %% 730) * INTERVAL '1 day' AS day
                 ) r""",
            partner_model,
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
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"== satisfaction: {scored} customers scored out of {customers}", flush=True)
        print(
            f"BENCH satisfaction customers={customers} ratings={ratings} surveys={surveys} full_s={full_s:.2f} "
            f"rerun_s={rerun_s:.2f} incremental_ms={incremental_ms:.0f} report_s={report_s:.2f} rss_mb={rss_mb:.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main(*sys.argv[1:4])
