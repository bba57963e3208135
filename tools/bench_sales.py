"""Sales-flow benchmark, on the grading benchmark's company (its customers and posted invoices, already graded):
the invoices' product lines are given products (20 products in 5 categories), then timed:

- the customer banner of one quotation (median of 5, computed afresh each time): the banner's one query;
- the quotation form's onchange when a line is edited (the banner is left out) and when the customer changes
  (the banner is built), median of 5 each;
- the purchase cycle's first page: "due to buy this month", 80 rows, as the list opens (median of 3).

Usage: bench_sales.py ODOO_CONF DATABASE [small|full]
"""

import statistics
import sys
import time

from bench_common import timed, vacuum_analyze

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL, config

SIZES = {"small": (10_000, 100_000), "full": (100_000, 1_000_000)}


def main(conf, database, size):
    customers, invoices = SIZES[size]
    config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].search([("name", "=", "Bench Company")], limit=1)
        env = env(context={"allowed_company_ids": [company.id]})
        categories = env["product.category"].create([{"name": f"Bench category {n}"} for n in range(5)])
        products = env["product.product"].create(
            [{"name": f"Bench product {n}", "categ_id": categories[n % 5].id} for n in range(20)]
        )
        env.flush_all()
        start = time.monotonic()
        cr.execute(
            SQL(
                """
                UPDATE account_move_line SET product_id = (%(products)s::int[])[1 + id %% 20]
                 WHERE company_id = %(company)s AND display_type = 'product'
                """,
                products=products.ids,
                company=company.id,
            )
        )
        vacuum_analyze(cr, ("account_move_line",))
        print(f"  products on the invoice lines in {time.monotonic() - start:.1f} s", flush=True)
        # The lines changed in SQL: the purchase cycles are rebuilt with the sales facts, as each night.
        start = time.monotonic()
        env["care.sale.fact"]._care_rebuild_all()
        cr.execute("ANALYZE care_sale_fact; ANALYZE care_sale_cycle")
        print(f"  sales facts and purchase cycles rebuilt in {time.monotonic() - start:.1f} s", flush=True)
        cr.execute(
            SQL(
                "SELECT partner_id FROM care_profile WHERE company_id = %s ORDER BY partner_id LIMIT 1 OFFSET %s",
                company.id,
                customers // 2,
            )
        )
        customer = env["res.partner"].browse(cr.fetchone()[0])
        order = env["sale.order"].create(
            {"partner_id": customer.id, "order_line": [Command.create({"product_id": products[0].id})]}
        )
        env.flush_all()

        def banner():
            order.invalidate_recordset(["care_banner"])
            return order.care_banner

        banner()  # warm the caches a user's session would have
        banner_ms = statistics.median(timed(banner) for _run in range(5)) * 1000
        spec = {
            "partner_id": {},
            "care_banner": {},
            "order_line": {"fields": {"product_id": {}, "product_uom_qty": {}}},
        }
        line = order.order_line[:1]

        def onchange(field_names, values):
            def run():
                order.invalidate_recordset(["care_banner"])
                order.onchange(values, field_names, spec)

            return run

        # the form's onchange when a line changes (the banner is not built) and when the customer does (it is)
        line_ms = (
            statistics.median(
                timed(onchange(["order_line"], {"order_line": [Command.update(line.id, {"product_uom_qty": 3})]}))
                for _run in range(5)
            )
            * 1000
        )
        customer_ms = (
            statistics.median(timed(onchange(["partner_id"], {"partner_id": customer.id})) for _run in range(5)) * 1000
        )
        Cycle = env["care.purchase.cycle.report"]

        def first_page():
            Cycle.search_fetch(
                [("due_this_month", "=", True)],
                ["partner_id", "product_categ_id", "product_id", "interval_days", "next_purchase", "days_overdue"],
                limit=80,
            )

        cycle_s = statistics.median(timed(first_page) for _run in range(3))
        cr.rollback()
    print(f"\nSales flow, {customers} customers, {invoices} invoices")
    print("| job | seconds |\n| --- | ---: |")
    print(f"| customer banner of one quotation | {banner_ms / 1000:.3f} |")
    print(f"| quotation form onchange, a line edited (no banner) | {line_ms / 1000:.3f} |")
    print(f"| quotation form onchange, the customer changed (banner) | {customer_ms / 1000:.3f} |")
    print(f"| purchase cycle, first page of due this month | {cycle_s:.3f} |")
    print(
        f"BENCH sales customers={customers} invoices={invoices} banner_ms={banner_ms:.1f} "
        f"onchange_line_ms={line_ms:.1f} onchange_customer_ms={customer_ms:.1f} "
        f"cycle_first_page_s={cycle_s:.2f}"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "small" if sys.argv[3:] == ["small"] else "full")
