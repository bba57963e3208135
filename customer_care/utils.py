from odoo.exceptions import ValidationError


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
