from contextlib import contextmanager
from unittest.mock import patch

from odoo import http
from odoo.tests import HttpCase

# What odoo.http logs when a request routed to a read-only cursor (a replica with --db_replica_host or
# --dev=replica) tried to write and was served again on the primary.
READ_ONLY_FALLBACK = "retrying with a read/write cursor"


class ReplicaHttpCase(HttpCase):
    """Browser tours as on a deployment with read replicas.

    Odoo's test server already serves the read-only routes (lists, forms, reads, reports, the overview) on
    a read-only cursor, as `--dev=replica` does on one database and `--db_replica_host` on a replica; but a
    request that writes there is silently retried on the primary, with a warning. Here that retry fails
    the tour: a screen that writes on read would move no load to a replica and, on a real replica, pays an
    error and a second round trip on every read."""

    @contextmanager
    def assertNoWriteOnRead(self, what):
        """Fails when a request served within the block wrote from a read-only cursor. The retry is caught
        where odoo.http reports it, whatever the test runner's log levels."""
        messages = []
        report = http._logger.warning

        def warning(msg, *args, **kwargs):
            if READ_ONLY_FALLBACK in str(msg):
                messages.append(str(args[0]) if args else str(msg))
            return report(msg, *args, **kwargs)

        with patch.object(http._logger, "warning", warning):
            yield
        self.assertFalse(messages, f"{what}: a read-only request wrote to the database:\n" + "\n".join(messages))

    def start_tour(self, url_path, tour_name, step_delay=None, **kwargs):
        with self.assertNoWriteOnRead(f"tour {tour_name}"):
            return super().start_tour(url_path, tour_name, step_delay=step_delay, **kwargs)
