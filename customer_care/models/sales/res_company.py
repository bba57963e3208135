from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # every company starts with the default credit policy of each matrix cell
        self.env["care.credit.policy"]._care_create_defaults(companies)
        return companies
