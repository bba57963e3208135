"""make bench, the contact list: the first page of Contacts filtered by tier, as the web client asks for it
(`web_search_read` with the list view's fields and the record count capped as the list pager caps it), on the
grading benchmark's company once graded, as a Customer Care manager and as a salesperson (whose record rules
narrow the rows to their own customers). The first call of each (a cold cache for that user) and the median of
five more are timed.

Usage: bench_contacts.py ODOO_CONF DB. Prints a table and
BENCH contacts customers=N vip=N first_ms=... median_ms=... salesperson_ms=... rss_mb=...
"""

import resource
import statistics
import sys
import time

from lxml import etree

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import config

# What the list's pager asks for: the count is exact up to this many rows, shown as "10000+" beyond.
COUNT_LIMIT = 10001
PAGE = 80


def list_specification(partners):
    """The fields of the contact list view as the web client's specification: many2one fields read their
    display name, the others their value."""
    arch = partners.get_views([(False, "list")])["views"]["list"]["arch"]
    spec = {}
    for node in etree.fromstring(arch).iter("field"):
        name = node.get("name")
        field = partners._fields.get(name)
        if field is None:
            continue
        spec[name] = {"fields": {"display_name": {}}} if field.type == "many2one" else {}
    return spec


def timed_page(partners, spec):
    start = time.monotonic()
    result = partners.web_search_read(
        domain=[("care_tier", "=", "vip")],
        specification=spec,
        limit=PAGE,
        count_limit=COUNT_LIMIT,
        order="complete_name ASC, id DESC",
    )
    return (time.monotonic() - start) * 1000, result


def main(conf, database):
    config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].search([("name", "=", "Bench Company")], limit=1)
        assert company, "run bench_grading.py first: its graded customers are the ones listed"
        cr.execute(
            "SELECT count(*), count(*) FILTER (WHERE tier = 'vip') FROM care_profile WHERE company_id = %s",
            [company.id],
        )
        customers, vip = cr.fetchone()
        common = {"company_id": company.id, "company_ids": [Command.set(company.ids)]}
        manager = env["res.users"].create(
            {
                "name": "Bench Contacts Manager",
                "login": "bench_contacts_manager",
                "group_ids": [Command.link(env.ref("customer_care.customer_care_group_manager").id)],
                **common,
            }
        )
        salesperson = env["res.users"].create(
            {
                "name": "Bench Contacts Sales",
                "login": "bench_contacts_sales",
                "group_ids": [Command.link(env.ref("customer_care.customer_care_group_user").id)],
                **common,
            }
        )
        # A salesperson's book: every hundredth customer of the company.
        cr.execute(
            "UPDATE res_partner SET user_id = %s WHERE company_id = %s AND id %% 100 = 0",
            [salesperson.id, company.id],
        )
        cr.execute("ANALYZE res_partner, care_profile")
        cr.commit()
        context = {"allowed_company_ids": company.ids, "lang": "en_US"}

        def partners_of(user):
            return env(user=user, context=context)["res.partner"]

        spec = list_specification(partners_of(manager))
        first_ms, result = timed_page(partners_of(manager), spec)
        assert result["records"], "no VIP customer was listed"
        assert result["length"] == min(vip, COUNT_LIMIT), f"{result['length']} rows counted, {vip} VIP customers"
        median_ms = statistics.median(timed_page(partners_of(manager), spec)[0] for _run in range(5))
        sales_rows = timed_page(partners_of(salesperson), spec)[1]["length"]
        sales_ms = statistics.median(timed_page(partners_of(salesperson), spec)[0] for _run in range(5))
        cr.rollback()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"\nContacts filtered by tier VIP, {customers:,} customers ({vip:,} VIP), first {PAGE} rows and the count")
    print("| job | ms | peak RSS (MB) |\n| --- | ---: | ---: |")
    for label, ms in (
        ("manager, first call", first_ms),
        ("manager, median of 5", median_ms),
        (f"salesperson ({sales_rows:,} rows counted), median of 5", sales_ms),
    ):
        print(f"| {label} | {ms:.1f} | {peak:.0f} |")
    print(
        f"BENCH contacts customers={customers} vip={vip} first_ms={first_ms:.1f} median_ms={median_ms:.1f} "
        f"salesperson_ms={sales_ms:.1f} rss_mb={peak:.0f}"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
