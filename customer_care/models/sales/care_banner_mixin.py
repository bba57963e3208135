from datetime import date, timedelta
from types import SimpleNamespace

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL, format_amount, format_date

from ...const import ALERT_LIVE_STATES, CARE_USER, CREDIT_STARS, MATRIX_POLICIES
from ..complaint.care_complaint import OPEN_STATES as COMPLAINT_OPEN_STATES

# Days ahead a birthday or an occasion is announced, and a purchase is "due now".
BANNER_DAYS = 7


class CareBannerMixin(models.AbstractModel):
    """The customer banner on orders, invoices and contacts: who this customer is for the current company, in
    one query for all the records shown. Rooms that keep more about a customer (alerts, complaints,
    satisfaction) each add a column to `_care_banner_columns` and a badge to `_care_banner_badges`."""

    _name = "care.banner.mixin"
    _description = "Customer Care Banner"

    care_banner = fields.Html(
        string="Customer Banner", compute="_compute_care_banner", sanitize=False, groups=CARE_USER
    )
    care_banner_partner_id = fields.Many2one(
        "res.partner", string="Banner Customer", compute="_compute_care_banner", groups=CARE_USER
    )
    care_banner_complaint_count = fields.Integer(
        string="Banner Open Complaints", compute="_compute_care_banner", groups=CARE_USER
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends_context("company")
    def _compute_care_banner(self):
        targets = {record: record._care_banner_target() for record in self}
        values = self._care_banner_values({target for target in targets.values() if target})
        for record, target in targets.items():
            record.care_banner_partner_id = target and target[0]
            record.care_banner = record._care_banner_render(values.get(target)) if target else False
            record.care_banner_complaint_count = (values.get(target) or {}).get("open_complaints") or 0

    # ------------------------------------------------------------
    # ONCHANGE
    # ------------------------------------------------------------

    def onchange(self, values, field_names, fields_spec):
        # The banner is about the customer and the company only: an onchange that changes neither (a line edited,
        # a date or a term) leaves it as the form shows it instead of building it again on every keystroke. The
        # first call (a new record) and a change of what the banner is about still build it.
        banner_fields = ("care_banner", "care_banner_partner_id", "care_banner_complaint_count")
        if field_names and not set(field_names) & set(self._care_banner_inputs()):
            values = {name: value for name, value in values.items() if name not in banner_fields}
            fields_spec = {name: spec for name, spec in fields_spec.items() if name not in banner_fields}
        return super().onchange(values, field_names, fields_spec)

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_care_open_complaints(self):
        """The customer's complaints, from the banner's open complaints."""
        self.ensure_one()
        partner = self.care_banner_partner_id
        action = partner.action_care_view_complaints()
        action["context"] = dict(action.get("context") or {}, search_default_open=1)
        return action

    def action_care_open_customer(self):
        """The customer's contact form, where its Care page is."""
        self.ensure_one()
        partner = self.care_banner_partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": partner.id,
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_banner_target(self):
        """(commercial partner id, company id) of the customer this record's banner is about, or None."""
        raise NotImplementedError

    def _care_banner_inputs(self):
        """The fields of this model the banner's customer and company are read from: only a change of one of
        them builds the banner again in the form."""
        return ("partner_id", "company_id")

    def _care_banner_columns(self, today):
        """{key: SQL expression} read per target `t` (t.partner_id, t.company_id) besides the profile's."""
        return {
            "occasions": SQL(
                """(SELECT json_agg(json_build_array(o.name, o.date) ORDER BY o.date)
                      FROM care_occasion o
                     WHERE o.active AND o.company_id = t.company_id AND o.kind IN ('holiday', 'solar_term', 'event')
                       AND o.date BETWEEN %s AND %s)""",
                today,
                today + timedelta(days=BANNER_DAYS),
            ),
            # early warnings still standing (open or acknowledged)
            "open_alerts": SQL(
                "(SELECT COUNT(*) FROM care_alert a WHERE a.partner_id = t.partner_id AND a.company_id = t.company_id"
                " AND a.state IN %s)",
                ALERT_LIVE_STATES,
            ),
            # complaints not yet replied to
            "open_complaints": SQL(
                "(SELECT COUNT(*) FROM care_complaint c WHERE c.commercial_partner_id = t.partner_id"
                " AND c.company_id = t.company_id AND c.state IN %s)",
                COMPLAINT_OPEN_STATES,
            ),
            # the satisfaction score of the last 12 months, its trend and the company's low mark
            "satisfaction": SQL(
                """(SELECT json_build_array(s.score, s.trend, s.trend_direction, co.care_low_satisfaction_score)
                      FROM care_satisfaction s
                      JOIN res_company co ON co.id = s.company_id
                     WHERE s.partner_id = t.partner_id AND s.company_id = t.company_id AND s.total_count > 0)"""
            ),
        }

    def _care_banner_values(self, targets):
        """{(partner id, company id): {column: value}} for the targets, in one query."""
        if not targets:
            return {}
        today = fields.Date.context_today(self)
        self.env.flush_all()
        columns = self._care_banner_columns(today)
        cycle = self.env["care.purchase.cycle.report"]._care_cycle_query(today, {p for p, _c in targets})
        query = SQL(
            """
            WITH t AS (SELECT * FROM unnest(%(partners)s::int[], %(companies)s::int[]) AS t(partner_id, company_id)),
                 cycle AS (%(cycle)s)
            SELECT t.partner_id, t.company_id, rp.name, prof.tier, prof.matrix_cell, prof.credit_grade,
                   prof.overdue_amount, prof.overdue_since, pol.confirm_action,
                   rp.care_birthday_calendar, rp.care_birth_date, rp.care_lunar_month, rp.care_lunar_day,
                   rp.care_lunar_leap,
                   (SELECT json_agg(DISTINCT COALESCE(pt.name->>%(lang)s, pt.name->>'en_US'))
                      FROM cycle
                      JOIN product_product pp ON pp.id = cycle.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE cycle.partner_id = t.partner_id AND cycle.company_id = t.company_id
                       AND cycle.next_purchase <= %(due)s) AS due_products
                   %(columns)s
              FROM t
              JOIN res_partner rp ON rp.id = t.partner_id
         LEFT JOIN care_profile prof ON prof.partner_id = t.partner_id AND prof.company_id = t.company_id
         LEFT JOIN care_credit_policy pol ON pol.company_id = t.company_id
                                         AND pol.matrix_cell = COALESCE(prof.matrix_cell, 'none')
            """,
            partners=[p for p, _c in targets],
            companies=[c for _p, c in targets],
            cycle=cycle,
            due=today + timedelta(days=BANNER_DAYS),
            lang=self.env.lang or "en_US",
            columns=SQL("").join(SQL(", %s AS %s", expr, SQL.identifier(key)) for key, expr in columns.items()),
        )
        self.env.cr.execute(query)
        names = [desc[0] for desc in self.env.cr.description]
        result = {}
        for row in self.env.cr.fetchall():
            values = dict(zip(names, row, strict=True))
            values["today"] = today
            result[values["partner_id"], values["company_id"]] = values
        return result

    def _care_banner_birthday(self, values):
        """The customer's next birthday within BANNER_DAYS, or None (solar or lunar, as the dossier holds it)."""
        holder = SimpleNamespace(
            care_birthday_calendar=values["care_birthday_calendar"],
            care_birth_date=values["care_birth_date"],
            care_lunar_month=values["care_lunar_month"],
            care_lunar_day=values["care_lunar_day"],
            care_lunar_leap=values["care_lunar_leap"],
        )
        lunar = holder.care_birthday_calendar == "lunar"
        if lunar and not (1 <= (holder.care_lunar_month or 0) <= 12 and 1 <= (holder.care_lunar_day or 0) <= 30):
            return None
        if not lunar and not holder.care_birth_date:
            return None
        today = values["today"]
        last = today + timedelta(days=BANNER_DAYS)
        birthday_in_year = type(self.env["res.partner"])._care_birthday_in_year
        for year in range(today.year - (1 if lunar else 0), last.year + 1):
            day = birthday_in_year(holder, year)
            if day and today <= day <= last:
                return day
        return None

    def _care_banner_badges(self, values):
        """[(css class, text)] of the banner, in reading order."""
        env = self.env
        company = env["res.company"].browse(values["company_id"])
        badges = []
        profile_fields = env["care.profile"]._fields
        if values["tier"]:
            tiers = dict(profile_fields["tier"]._description_selection(env))
            badges.append(("text-bg-primary", env._("Tier: %(tier)s", tier=tiers[values["tier"]])))
        cell = values["matrix_cell"] or "none"
        cells = dict(profile_fields["matrix_cell"]._description_selection(env))
        badges.append(
            ("text-bg-info", env._("%(cell)s: %(policy)s", cell=cells[cell], policy=str(MATRIX_POLICIES[cell])))
        )
        if values["credit_grade"]:
            stars = CREDIT_STARS[values["credit_grade"]]
            badges.append(
                (
                    "text-bg-warning" if stars <= 2 else "text-bg-success",
                    env._("Credit %(stars)s", stars="★" * stars + "☆" * (4 - stars)),
                )
            )
        if values["overdue_amount"]:
            days = (values["today"] - values["overdue_since"]).days if values["overdue_since"] else 0
            badges.append(
                (
                    "text-bg-danger",
                    env._(
                        "Overdue %(amount)s, %(days)s days",
                        amount=format_amount(env, values["overdue_amount"], company.currency_id),
                        days=days,
                    ),
                )
            )
        if values["confirm_action"] in ("approve", "block"):
            badges.append(
                (
                    "text-bg-danger",
                    env._("Orders need a manager's approval")
                    if values["confirm_action"] == "approve"
                    else env._("Orders held while overdue"),
                )
            )
        if values["open_alerts"]:
            badges.append(("text-bg-danger", env._("Open alerts: %(count)s", count=values["open_alerts"])))
        if values["open_complaints"]:
            badges.append(("text-bg-danger", env._("Open complaints: %(count)s", count=values["open_complaints"])))
        if values["satisfaction"]:
            score, trend, direction, low = values["satisfaction"]
            arrows = {"up": "↑", "down": "↓", "stable": "→"}
            text = env._("Satisfaction %(score)s/100", score=f"{score:.1f}")
            if direction:
                text = env._(
                    "Satisfaction %(score)s/100 %(arrow)s %(trend)s",
                    score=f"{score:.1f}",
                    arrow=arrows[direction],
                    trend=f"{trend:+.1f}",
                )
            css = (
                "text-bg-danger"
                if score < (low or 0)
                else "text-bg-warning"
                if direction == "down"
                else "text-bg-success"
            )
            badges.append((css, text))
        birthday = self._care_banner_birthday(values)
        if birthday:
            badges.append(("text-bg-success", env._("Birthday on %(date)s", date=format_date(env, birthday))))
        for name, day in values["occasions"] or []:
            badges.append(("text-bg-light", f"{name} {format_date(env, date.fromisoformat(day))}"))
        if values["due_products"]:
            badges.append(
                (
                    "text-bg-secondary",
                    env._("Usually buys now: %(products)s", products=", ".join(values["due_products"])),
                )
            )
        return badges

    def _care_banner_render(self, values):
        if not values:
            return False
        badges = Markup("").join(
            Markup('<span class="badge rounded-pill %s me-1">%s</span>') % (css, text)
            for css, text in self._care_banner_badges(values)
        )
        return Markup('<div class="o_care_banner"><strong class="me-2">%s</strong>%s</div>') % (
            escape(values["name"] or ""),
            badges,
        )
