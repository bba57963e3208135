"""What the benchmark scripts share: a timer, PostgreSQL's upkeep after a bulk change, the peak memory."""

import resource
import time

from odoo.tools import SQL


def timed(func):
    """Seconds `func` took, on a clock that freezegun leaves alone (some runs are dated by freezing the day)."""
    start = time.clock_gettime(time.CLOCK_MONOTONIC)
    func()
    return time.clock_gettime(time.CLOCK_MONOTONIC) - start


def vacuum_analyze(cr, tables):
    """What autovacuum does for a live database after a bulk change: dead rows gone, statistics and the
    visibility map up to date. Commits first (VACUUM runs outside a transaction)."""
    cr.commit()
    cr._cnx.autocommit = True
    for table in tables:
        cr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))
    cr._cnx.autocommit = False


def rss_mb():
    """The peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
