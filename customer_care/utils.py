import logging

from odoo.exceptions import ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)

# What PostgreSQL raises when two transactions write the same rows at once (Odoo's transactions are
# REPEATABLE READ): a serialization failure, a deadlock, a lock not available. Odoo retries a web request
# that meets one; a scheduled action must handle it itself.
CONCURRENCY_ERRORS = PG_CONCURRENCY_EXCEPTIONS_TO_RETRY


def rollback_concurrent(env, what):
    """Roll back a scheduled action's step that lost a race with a concurrent transaction (a user's edit,
    another host's job): its work is redone from fresh data at the scheduler's next call, which the caller
    asks for by reporting the step as remaining."""
    env.cr.rollback()
    _logger.info("Customer Care: %s met a concurrent update, rolled back; the scheduler will try again", what)


def out_of_bounds(values, bounds):
    """The first (name, low, high, value) of `values` outside its (low, high) in `bounds`, else None.

    Checked before the database sees a typed number: one beyond an integer column would fail there with a
    raw error instead of the caller's clear message. Unset values (None, False) are left to `required`."""
    for name, (low, high) in bounds.items():
        value = values.get(name)
        if value is None or value is False:
            continue
        try:
            valid = low <= float(value) <= high
        except (TypeError, ValueError):
            valid = False
        if not valid:
            return name, low, high, value
    return None


def check_bounds(model, values, bounds):
    """Raise a clear ValidationError, in the user's language, naming the first of `values` (field name: typed
    number) outside its (low, high) in `bounds`; the fields are `model`'s."""
    if wrong := out_of_bounds(values, bounds):
        name, low, high, value = wrong
        raise ValidationError(
            model.env._(
                "%(setting)s must be between %(min)s and %(max)s, not %(value)s.",
                setting=model._fields[name]._description_string(model.env),
                min=f"{low:,}",
                max=f"{high:,}",
                value=value,
            )
        )
