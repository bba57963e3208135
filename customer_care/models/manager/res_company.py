from odoo import api, models
from odoo.exceptions import AccessError

from ...const import MANAGER


class ResCompany(models.Model):
    """Customer Care managers set their company's care settings without being Odoo administrators.

    Odoo's Settings page (res.config.settings) is for administrators only, so the same settings have
    their own form on the company (Customer Care > Configuration > Care Settings). Care managers may
    write the company (ir.model.access), but only the care settings: any other field of the company
    (its name, currency, address...) stays the administrators'. The bounds and consistency checks are
    the company's own, whoever writes."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _care_manager_setting_fields(self):
        """The company fields Odoo's Settings page offers for Customer Care: those a care manager may
        write (the grading run's bookkeeping, for one, is not among them)."""
        settings = self.env["res.config.settings"]._fields.values()
        return {
            field.related.split(".", 1)[1]
            for field in settings
            if field.related and field.related.startswith("company_id.care_") and field.related.count(".") == 1
        }

    def write(self, vals):
        if not self.env.su and not self.env.user.has_group("base.group_erp_manager"):
            if not self.env.user.has_group(MANAGER):
                raise AccessError(self.env._("Only Customer Care managers change the care settings."))
            if others := set(vals) - self._care_manager_setting_fields():
                names = sorted(
                    self._fields[name]._description_string(self.env) for name in others if name in self._fields
                )
                raise AccessError(
                    self.env._(
                        "Only administrators change a company's %(fields)s: Customer Care managers change its care "
                        "settings only.",
                        fields=", ".join(names or sorted(others)),
                    )
                )
            # before the UPDATE: a number beyond the integer column would fail there with a raw error
            self._care_check_setting_bounds(vals)
        return super().write(vals)

    def action_care_open_settings(self):
        """Care Settings: the current company's care settings, for Customer Care managers."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only Customer Care managers change the care settings."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Care Settings"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [(self.env.ref("customer_care.res_company_view_form_care_settings").id, "form")],
            "target": "current",
        }
