from odoo import api, models
from odoo.tools import SQL

from ...const import BADGE_DECORATIONS, GRADE_COLUMN_WIDTHS

# The keys of each grade whose badges share one colour mapping.
BADGE_KEYS = {kind: {key for key, __ in choices} for kind, (choices, __) in BADGE_DECORATIONS.items()}


class Base(models.AbstractModel):
    """Grades read the same on every screen of the addon.

    Groups of the addon's selection fields come in the order the choices are defined (VIP, Major, Ordinary,
    Small; First-time Buyer ... Lost), in pivots, graphs and grouped lists alike. PostgreSQL would order them by
    their technical keys, which reads as alphabetical nonsense to a manager (Major, Ordinary, Small, VIP)."""

    _inherit = "base"

    @api.model
    def _care_rank_keys(self, groupby_spec):
        """The keys of a selection field of this addon, in their defined order, or None for any other group."""
        field = self._fields.get(groupby_spec)
        if field is None or field.type != "selection" or "customer_care" not in (field._modules or (field._module,)):
            return None
        # a related copy (the contact's tier) reads its choices from the grade it follows
        return field.get_values(self.env)

    def _read_group_orderby(self, order, groupby_terms, query):
        ranked = {
            spec: SQL("array_position(%s::varchar[], (%s)::varchar)", keys, term)
            for spec, term in groupby_terms.items()
            if (keys := self._care_rank_keys(spec))
        }
        if not ranked:
            return super()._read_group_orderby(order, groupby_terms, query)
        # the order clause sees each ranked group through its position; GROUP BY keeps the value itself
        terms = {**groupby_terms, **ranked}
        orderby = super()._read_group_orderby(order, terms, query)
        for spec, term in terms.items():
            if spec not in ranked:
                groupby_terms[spec] = term
        return orderby

    @api.model
    def _care_badge_kind(self, field):
        """Which grade a selection field of this addon holds (tier, matrix cell, credit grade, stage), if any."""
        if field.type != "selection" or "customer_care" not in (field._modules or (field._module,)):
            return None
        keys = set(field.get_values(self.env))
        return next((kind for kind, kind_keys in BADGE_KEYS.items() if len(keys) > 1 and keys <= kind_keys), None)

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        self._care_colour_badges(arch, in_list=arch.tag == "list")
        return arch, view

    @api.model
    def _care_colour_badges(self, node, in_list=False):
        """Give each grade badge of the view (its inline sub-views included) the one colour mapping, and each
        grade column of a list the width its longest label needs (a list otherwise cuts "Long-term Customer"
        or "Matrix Cell" short)."""
        for child in node:
            if child.tag != "field":
                self._care_colour_badges(child, in_list=in_list or child.tag == "list")
                continue
            field = self._fields.get(child.get("name"))
            if field is None:
                continue
            kind = self._care_badge_kind(field)
            if child.get("widget") == "badge" and kind:
                for attribute in [name for name in child.attrib if name.startswith("decoration-")]:
                    del child.attrib[attribute]
                for decoration, keys in BADGE_DECORATIONS[kind][1].items():
                    child.set(f"decoration-{decoration}", f"{field.name} in {list(keys)!r}")
            width = GRADE_COLUMN_WIDTHS.get(kind or field.name.removeprefix("care_"))
            if in_list and width and not child.get("width"):
                child.set("width", width)
            if len(child) and field.relational:
                self.env[field.comodel_name]._care_colour_badges(child)
