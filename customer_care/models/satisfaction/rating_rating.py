from odoo import api, fields, models

# The rating values whose change moves a customer's satisfaction.
RATING_FIELDS = {"rating", "consumed", "partner_id", "rated_on"}


class RatingRating(models.Model):
    """A rating filled in, changed or moved to another customer refreshes that customer's satisfaction at
    once, whatever the rated record is (a duty, a complaint, an order...)."""

    _inherit = "rating.rating"

    # a customer's ratings are read by partner each time one arrives
    partner_id = fields.Many2one(index="btree_not_null")

    @api.model_create_multi
    def create(self, vals_list):
        ratings = super().create(vals_list)
        ratings._care_refresh_satisfaction()
        return ratings

    def write(self, vals):
        before = self.sudo().partner_id if "partner_id" in vals else self.env["res.partner"]
        result = super().write(vals)
        if RATING_FIELDS & set(vals):
            self._care_refresh_satisfaction(before)
        return result

    def unlink(self):
        partners = self.sudo().filtered("consumed").partner_id
        result = super().unlink()
        if partners:
            self.env["care.satisfaction"].sudo()._care_refresh_customers(partners)
        return result

    def _care_refresh_satisfaction(self, extra_partners=None):
        ratings = self.sudo().filtered("consumed")
        partners = ratings.partner_id | (extra_partners or self.env["res.partner"])
        if partners:
            self.env["care.satisfaction"].sudo()._care_refresh_customers(partners)
