"""The import of customer dossiers with bad rows, timed as the import dialog runs it: "Test" (a dry run), then
"Import", of the file tools/import_sample.py writes (10,000 customers, about 1 % bad rows), as the admin in one
batch (the dialog's batch limit set above the file's lines). Everything is rolled back at the end.

Usage: bench_import.py ODOO_CONF DB [ROWS]. Prints
BENCH import customers=N lines=N bad=N imported=N test_s=... import_s=...
"""

import sys
import time
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_sample import COLUMNS, bad_rows, rows  # noqa: E402

OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "name_create_enabled_fields": {"care_hobby_ids": True},
}


def to_csv(count):
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS)
    writer.writeheader()
    writer.writerows(rows(count))
    return out.getvalue()


def main(conf, database, count=10000):
    config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    content = to_csv(count)
    lines = content.count("\n") - 1
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        admin.write({"group_ids": [(4, env.ref("customer_care.customer_care_group_sensitive").id)]})
        admin.name, env.ref("base.user_demo").name = "Mitchell Admin", "Marc Demo"
        env.flush_all()
        timings = {}
        results = {}
        for step, dryrun in (("test", True), ("import", False)):
            importer = (
                env["base_import.import"]
                .with_user(admin)
                .create({"res_model": "res.partner", "file": content.encode(), "file_type": "text/csv"})
            )
            options = dict(OPTIONS, limit=lines + 1)
            start = time.monotonic()
            results[step] = importer.execute_import(COLUMNS, COLUMNS, options, dryrun=dryrun)
            env.flush_all()
            timings[step] = time.monotonic() - start
        errors = [m for m in results["import"]["messages"] if m["type"] == "error"]
        imported = len(results["import"]["ids"] or [])
        print(
            f"BENCH import customers={count} lines={lines} bad={len(bad_rows(count))} errors={len(errors)} "
            f"imported={imported} test_s={timings['test']:.1f} import_s={timings['import']:.1f}"
        )
        for message in results["import"]["messages"][:15]:
            print(message.get("rows"), message["type"], message["message"][:150])
        cr.rollback()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:4]))
