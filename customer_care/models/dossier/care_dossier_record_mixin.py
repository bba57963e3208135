from odoo import api, fields, models
from odoo.exceptions import UserError

from ...const import MANAGER


class CareDossierRecordMixin(models.AbstractModel):
    """A record of a customer's dossier (family member, need): changing it updates the dossier, and
    as the dossier is company property (客户资料属于公司), salespeople archive it rather than delete it."""

    _name = "care.dossier.record.mixin"
    _description = "Customer Care Dossier Record"

    active = fields.Boolean(default=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.partner_id.sudo()._care_touch_dossier()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.partner_id.sudo()._care_touch_dossier()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_user(self):
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise UserError(
                self.env._(
                    "%(records)s records are part of the company's customer record: archive them instead.",
                    records=self.env["ir.model"]._get(self._name).name,
                )
            )
