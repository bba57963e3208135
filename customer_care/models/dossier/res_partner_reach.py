from odoo import fields, models

from ...const import CARE_USER


class ResPartner(models.Model):
    """How the salesperson reaches the customer beyond Odoo's phone: the mobile (Odoo 19's
    contacts have none) and the WeChat ID, the channel these customers use most."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    care_mobile = fields.Char(string="Mobile", groups=CARE_USER)
    care_wechat_id = fields.Char(string="WeChat ID", groups=CARE_USER)
    care_birthday_label = fields.Char(groups=CARE_USER)
    care_next_birthday = fields.Date(groups=CARE_USER)

    def _care_salutation(self):
        """How a greeting addresses the customer: 王先生 / 王女士 for a Chinese name (the surname and
        the honorific), Mr. / Ms. and the name otherwise; the name alone for a company or an
        unknown gender."""
        self.ensure_one()
        name = (self.name or "").strip()
        gender = self.sudo().care_gender
        if self.is_company or not name or gender not in ("male", "female"):
            return name
        first = name.split()[0]
        if "\u4e00" <= first[0] <= "\u9fff":
            # The surname comes first in a Chinese name; two-character surnames are rare enough.
            name = first[0]
        if gender == "male":
            return self.env._("Mr. %(name)s", name=name)
        return self.env._("Ms. %(name)s", name=name)
