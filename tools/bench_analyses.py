"""Analyses benchmark, on the grading benchmark's database once graded (its company "Bench Company", 100,000
customers and 1,000,000 invoices, or a tenth): each invoice's product line gets one of 50 products and a cost
at sale, customers get a kind and a province, the grade history is the first night's, the sales facts are rebuilt
(timed: the nightly job's work, here in one transaction); then, as a Customer Care manager, it times (median of
3 calls) the first page of each analysis (the pivot or graph each menu opens on, and the list's first 80 rows),
the overview, and the monthly snapshot (back-fill from the grade history, then the current month).

Usage: bench_analyses.py ODOO_CONF DATABASE [small|full]
"""

import statistics
import sys

from bench_common import timed, vacuum_analyze

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import new_test_user
from odoo.tools import SQL, config


def main(conf, database, size):
    config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].search([("name", "=", "Bench Company")], limit=1)
        categories = env["product.category"].create([{"name": f"Bench category {n}"} for n in range(5)])
        products = env["product.product"].create(
            [{"name": f"Bench product {n}", "categ_id": categories[n % 5].id} for n in range(50)]
        )
        states = env["res.country.state"].search([("country_id.code", "=", "CN")], limit=10)
        env.flush_all()
        cr.execute(
            SQL(
                """
                UPDATE account_move_line
                   SET product_id = (%(products)s)[1 + id %% 50],
                       quantity = 1,
                       care_cost = ROUND(ABS(balance) * (0.4 + (id %% 7) / 10.0), 2)
                 WHERE company_id = %(company)s AND display_type = 'product';
                UPDATE res_partner
                   SET care_customer_kind = (ARRAY['end_user', 'dealer', 'retailer', 'internal'])[1 + id %% 4],
                       state_id = (%(states)s)[1 + id %% 10],
                       city = 'City ' || (id %% 40)
                 WHERE company_id = %(company)s;
                """,
                products=products.ids,
                states=states.ids or [None],
                company=company.id,
            )
        )
        # The invoice lines were changed in SQL above, as the night's rebuild would find them (autovacuum having
        # been by): time it.
        vacuum_analyze(cr, ("account_move_line", "res_partner"))
        rebuild_s = timed(lambda: env["care.sale.fact"]._care_rebuild_all())
        cr.execute("SELECT count(*) FROM care_sale_fact WHERE company_id = %s", [company.id])
        fact_rows = cr.fetchone()[0]
        # the night's rebuild rewrote the tables: autovacuum's visit before the day's reads
        vacuum_analyze(cr, ("care_sale_fact", "care_sale_customer_stat", "care_sale_product_stat", "care_sale_cycle"))
        # KEEP_DB=1 and a second run: the manager of the first
        manager = env["res.users"].search([("login", "=", "bench_analyses_manager")]) or new_test_user(
            env,
            login="bench_analyses_manager",
            groups="sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[company.id],
        )
        cr.commit()
        env = api.Environment(cr, manager.id, {"allowed_company_ids": [company.id], "tz": "UTC"})
        Report, Pareto = env["care.profitability.report"], env["care.pareto.report"]
        Snapshot = env["care.class.snapshot"]
        today = env["care.rule"]._care_today(company)
        recent = [("date", ">", str(today.replace(year=today.year - 1)))]
        figures = ["revenue:sum", "margin:sum", "margin_percent:avg"]

        def first_page(model, groupby, aggregates, domain=()):
            def run():
                env.invalidate_all()
                model._read_group(list(domain), groupby, aggregates)

            return run

        def list_page(model, domain, fnames):
            def run():
                env.invalidate_all()
                model.search_fetch(list(domain), fnames, limit=80)

            return run

        jobs = [
            (
                "profitability matrix (pivot)",
                first_page(Report, ["customer_class", "product_class"], figures, recent),
            ),
            ("profitability list (80 rows)", list_page(Report, recent, ["partner_id", "product_id", "margin"])),
            ("Pareto curve (graph)", first_page(Pareto, ["percentile"], ["cumulative_revenue_share:max"])),
            ("Pareto list (80 rows)", list_page(Pareto, [], ["partner_id", "rank", "cumulative_revenue_share"])),
            ("sales by product category", first_page(Report, ["product_categ_id"], ["revenue:sum"], recent)),
            ("sales by customer kind", first_page(Report, ["customer_kind"], ["revenue:sum"], recent)),
            ("sales by province and city", first_page(Report, ["state_id", "city"], figures, recent)),
            ("overview", lambda: env["care.overview"].get_overview()),
        ]
        # the median of 3 calls: one slow call (a worker's first, autovacuum passing by) does not decide
        rows = [(label, statistics.median(timed(job) for _run in range(3))) for label, job in jobs]
        snapshot_env = env(user=SUPERUSER_ID)
        rows.append(
            (
                "monthly snapshot (back-fill and this month)",
                timed(lambda: Snapshot.with_env(snapshot_env)._care_snapshot_company(company)),
            )
        )
        cr.execute("SELECT count(*) FROM care_class_snapshot WHERE company_id = %s", [company.id])
        snapshot_rows = cr.fetchone()[0]
        rows.append(
            (
                "classes over time (graph)",
                timed(
                    first_page(Snapshot, ["month:month", "tier"], ["customer_count:sum"], [("dimension", "=", "tier")])
                ),
            )
        )
        cr.rollback()

    cr_customers = {"small": 10_000, "full": 100_000}[size]
    print(f"\nAnalyses, {cr_customers} customers ({snapshot_rows} snapshot rows, {fact_rows} sales facts)")
    print("| job | seconds |\n| --- | ---: |")
    print(f"| nightly rebuild of the sales facts | {rebuild_s:.3f} |")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.3f} |")
    slowest = max(rows[:-2] + rows[-1:], key=lambda row: row[1])
    print(
        f"BENCH analyses customers={cr_customers} slowest_page_s={slowest[1]:.3f} ({slowest[0]}) "
        f"overview_s={rows[7][1]:.3f} snapshot_s={rows[8][1]:.3f} fact_rebuild_s={rebuild_s:.1f}"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "small" if sys.argv[3:] == ["small"] else "full")
