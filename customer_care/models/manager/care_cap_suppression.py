from odoo import fields, models

from ...const import SENSITIVE


class CareCapSuppression(models.Model):
    """A duty the company's weekly contact cap kept from being created: neither done nor fined, so
    the compliance report and the monthly statement count it apart for the salesperson it would have
    gone to. Written only by the daily generation, in the same statement as the duties (one row per
    rule x customer (or family member) x occasion date, as a duty): a re-run adds nothing twice, and
    a row is removed when its duty is created after all (a cancelled duty freed the week)."""

    _name = "care.cap.suppression"
    _description = "Duty Suppressed by the Weekly Cap"
    _order = "date_due desc, id desc"
    _rec_name = "partner_id"

    rule_id = fields.Many2one("care.rule", required=True, index=True, ondelete="cascade", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", readonly=True)
    # as on the duty: family members' names are sensitive
    family_member_id = fields.Many2one("care.family.member", ondelete="cascade", readonly=True, groups=SENSITIVE)
    occasion_id = fields.Many2one("care.occasion", ondelete="set null", readonly=True)
    occasion_date = fields.Date(required=True, readonly=True)
    date_due = fields.Date(string="Due Date", required=True, index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)

    _care_cap_suppression_uniq = models.UniqueIndex(
        "(rule_id, partner_id, COALESCE(family_member_id, 0), occasion_date)"
    )
