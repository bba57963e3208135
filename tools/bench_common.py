"""What the benchmark scripts share: a timer, PostgreSQL's upkeep after a bulk change, the peak memory."""

import resource
import time
from contextlib import contextmanager

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


@contextmanager
def indexes_built_after(cr, tables):
    """A bulk load into `tables` without their indexes (those no constraint owns), built once at the end:
    keeping some 30 indexes up to date row by row made 10,000,000 invoice headers take most of an hour."""
    cr.execute(
        """SELECT c.relname, pg_get_indexdef(i.indexrelid)
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
        [list(tables)],
    )
    indexes = cr.fetchall()
    for name, _definition in indexes:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    yield
    start = time.monotonic()
    cr.execute("SET maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        cr.execute(definition)
    cr.execute("RESET maintenance_work_mem")
    print(f"  built {len(indexes)} indexes in {time.monotonic() - start:.1f} s", flush=True)


def foreign_key_cost(env, table, link, condition, create_todos, sample=100_000):
    """Rows, and seconds to write `sample` rows of `table` matching `condition` again with their to-dos
    (`create_todos(ids)`; `link` is the to-do's column naming the row): as they are, then with the triggers of
    both tables off (PostgreSQL checks each foreign key of each written row in a trigger), each in a transaction
    rolled back: what those checks cost of a bulk write. Turning them off needs a superuser (as `make postgres`
    makes its role); the seconds are None otherwise."""
    cr = env.cr
    cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cr.fetchone()[0]:
        return 0, None
    cr.commit()
    seconds = []
    for triggers in (True, False):
        env.invalidate_all()
        if not triggers:
            for name in (table, "mail_activity"):
                cr.execute(SQL("ALTER TABLE %s DISABLE TRIGGER ALL", SQL.identifier(name)))
        cr.execute(
            SQL(
                "CREATE TEMP TABLE bench_rows ON COMMIT DROP AS SELECT * FROM %s WHERE %s ORDER BY id LIMIT %s",
                SQL.identifier(table),
                condition,
                sample,
            )
        )
        cr.execute(SQL("DELETE FROM mail_activity WHERE %s IN (SELECT id FROM bench_rows)", SQL.identifier(link)))
        cr.execute(SQL("DELETE FROM %s WHERE id IN (SELECT id FROM bench_rows)", SQL.identifier(table)))
        cr.execute("SELECT id FROM bench_rows")
        ids = [row[0] for row in cr.fetchall()]

        def write(ids=ids):
            cr.execute(SQL("INSERT INTO %s SELECT * FROM bench_rows", SQL.identifier(table)))
            create_todos(ids)

        seconds.append(timed(write))
        cr.rollback()
    env.invalidate_all()
    return len(ids), tuple(seconds)
