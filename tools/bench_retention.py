"""make bench, retention: the public pool's daily run for 100,000 customers (SIZE=small: 10,000), a re-run that
must reclaim nothing, then the handover of 10,000 customers (small: 1,000) from one salesperson to three.

Usage: bench_retention.py ODOO_CONF DB [full|small]. Prints
BENCH retention customers=N pool_s=... pool_rows_s=... reclaimed=... rerun_s=... handover=N handover_s=...
handover_rows_s=... rss_mb=...
"""

import resource
import sys
import time
from datetime import date

from freezegun import freeze_time

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL, config

SALESPEOPLE = 20
RUN_DAY = date(2027, 3, 1)


def create_customers(env, count, company):
    """Customers spread over the salespeople, got between 0 and 119 days before the run (half are due back to
    the pool with the 60-day follow-up rule), each with its grading profile in the company."""
    # KEEP_DB=1 and a second run: the salespeople of the first (its customers deleted beforehand)
    users = env["res.users"].search([("login", "=like", "bench_pool_sales_%")], order="id")
    users = users or env["res.users"].create(
        [
            {
                "name": f"Pool Sales {i}",
                "login": f"bench_pool_sales_{i}",
                "group_ids": [Command.link(env.ref("sales_team.group_sale_salesman").id)],
            }
            for i in range(SALESPEOPLE)
        ]
    )
    env.execute_query(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, active, type, customer_rank, user_id, company_id, ref,
                                     autopost_bills, is_company, care_user_since, create_uid, write_uid,
                                     create_date, write_date)
            SELECT 'Pool Customer ' || i, 'Pool Customer ' || i, TRUE, 'contact', 1, (%(users)s::int[])[1 + i %% %(n)s],
                   %(company)s, 'bench_pool', 'ask', TRUE, %(day)s::date - (i %% 120), 1, 1,
                   NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
              FROM generate_series(1, %(count)s) AS i
            """,
            users=users.ids,
            n=SALESPEOPLE,
            company=company.id,
            day=RUN_DAY,
            count=count,
        )
    )
    env.execute_query(SQL("UPDATE res_partner SET commercial_partner_id = id WHERE ref = 'bench_pool'"))
    env.execute_query(
        SQL(
            """
            INSERT INTO care_profile (partner_id, company_id, active, tier, create_uid, write_uid, create_date,
                                      write_date)
            SELECT id, %(company)s, TRUE, (ARRAY['vip', 'major', 'ordinary', 'small'])[1 + id %% 4], 1, 1,
                   NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
              FROM res_partner WHERE ref = 'bench_pool'
                ON CONFLICT DO NOTHING
            """,
            company=company.id,
        )
    )
    env.invalidate_all()
    return users


def main(conf, db, size):
    count = 10_000 if size == "small" else 100_000
    handover = count // 10
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        company.care_pool_enabled = True
        users = create_customers(env, count, company)
        cr.commit()
        cr.execute("ANALYZE")
        Rule = env["care.pool.rule"]
        with freeze_time(RUN_DAY.isoformat() + " 02:00:00", tick=True):
            start = time.monotonic()
            reclaimed, reminded = Rule._care_pool_run(company, today=RUN_DAY, commit=True)
            pool_s = time.monotonic() - start
            start = time.monotonic()
            again = Rule._care_pool_run(company, today=RUN_DAY, commit=True)
            rerun_s = time.monotonic() - start
        assert again == (0, 0), f"the re-run did {again}"
        # the handover: one salesperson with `handover` customers, to three others
        leaving, heirs = users[0], users[1:4]
        env.execute_query(
            SQL(
                """
                UPDATE res_partner SET user_id = %s, care_pool_company_id = NULL
                 WHERE id IN (SELECT id FROM res_partner WHERE ref = 'bench_pool' ORDER BY id LIMIT %s)
                """,
                leaving.id,
                handover,
            )
        )
        env.invalidate_all()
        cr.commit()
        partners = env["res.partner"].search([("user_id", "=", leaving.id)], order="id")
        assignment = [(partner.id, heirs[index % 3].id) for index, partner in enumerate(partners)]
        wizard = env["care.handover.wizard"]
        start = time.monotonic()
        moved = wizard._care_hand_over(leaving, assignment, company)
        cr.commit()
        handover_s = time.monotonic() - start
        left = env["res.partner"].search_count([("user_id", "=", leaving.id)])
        assert left == 0, f"{left} customers left behind"
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"== retention: {reclaimed} reclaimed, {reminded} reminded", flush=True)
        print(
            f"BENCH retention customers={count} pool_s={pool_s:.1f} pool_rows_s={count / pool_s:.0f} "
            f"reclaimed={reclaimed} rerun_s={rerun_s:.1f} handover={moved} handover_s={handover_s:.1f} "
            f"handover_rows_s={moved / handover_s:.0f} rss_mb={rss_mb:.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main(*sys.argv[1:4])
