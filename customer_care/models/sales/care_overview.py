from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

from ...const import ALERT_LIVE_STATES, CARE_USER, MANAGER

TIER_ORDER = ["small", "ordinary", "major", "vip"]


class CareOverview(models.AbstractModel):
    """驾驶舱, the Customer Care app's first screen: each figure is one query through the ORM (so record rules and
    companies apply exactly as in the list it opens) over a domain, and clicking it opens that domain's list."""

    _name = "care.overview"
    _description = "Customer Care Overview"

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    def _care_check_access(self):
        if not self.env.user.has_group(CARE_USER):
            raise AccessError(self.env._("The Customer Care overview is for Customer Care users."))

    def _care_today(self):
        return self.env["care.rule"]._care_today(self.env.company)

    def _care_own(self, field="partner_id.user_id"):
        """Salespeople see their own customers' figures, managers everyone's."""
        if self.env.user.has_group(MANAGER):
            return Domain.TRUE
        return Domain(field, "=", self.env.uid)

    def _care_profiles(self):
        return Domain("company_id", "=", self.env.company.id) & self._care_own()

    def _care_figure_names(self):
        """The title of the list each figure opens."""
        return {
            "duties_today": self.env._("Duties Due Today"),
            "duties_overdue": self.env._("Overdue Duties"),
            "compliance_month": self.env._("Compliance This Month"),
            "at_risk": self.env._("VIP and Major Customers at Risk"),
            "alerts": self.env._("Open Alerts"),
            "birthdays_week": self.env._("VIP Birthdays This Week"),
            "grades_up": self.env._("Tiers Up (30 days)"),
            "grades_down": self.env._("Tiers Down (30 days)"),
            "tiers": self.env._("Customers per Tier"),
            "stages": self.env._("Customers per Stage"),
            "top20": self.env._("Pareto (二八分析)"),
            "gold": self.env._("Gold Customers"),
            "low_margin": self.env._("Customers with Low or Negative Margin"),
            "late_payers": self.env._("Customers Paying Late"),
            "keep": self.env._("Big Customers to Keep This Year"),
            "lost_large": self.env._("Large Customers Lost"),
        }

    def _care_figures(self):
        """key -> (model, domain of the list opened)."""
        today = self._care_today()
        month_start = today.replace(day=1)
        next_month = month_start + relativedelta(months=1)
        week_start = today - timedelta(days=today.weekday())
        company = self.env.company
        profiles = self._care_profiles()
        todo = Domain("state", "=", "todo") & Domain("company_id", "=", company.id) & self._care_own("user_id")
        better = Domain.FALSE
        worse = Domain.FALSE
        for place, tier in enumerate(TIER_ORDER):
            better |= Domain("old_value", "=", tier) & Domain("new_value", "in", TIER_ORDER[place + 1 :])
            worse |= Domain("old_value", "=", tier) & Domain("new_value", "in", TIER_ORDER[:place])
        recent_tiers = (
            Domain("field", "=", "tier")
            & Domain("date", ">", today - timedelta(days=30))
            & Domain("company_id", "=", company.id)
            & self._care_own()
        )
        live_alerts = Domain("company_id", "=", company.id) & Domain("state", "in", ALERT_LIVE_STATES)
        vip_profile = Domain("care_profile_ids", "any", [("company_id", "=", company.id), ("tier", "=", "vip")])
        large = company.sudo().care_volume_large
        return {
            "duties_today": ("care.task", todo & Domain("date_due", "=", today)),
            "duties_overdue": ("care.task", todo & Domain("date_due", "<", today)),
            "compliance_month": (
                "care.compliance.report",
                Domain("company_id", "=", company.id)
                & Domain("date_due", ">=", month_start)
                & Domain("date_due", "<", next_month),
            ),
            "at_risk": (
                "care.profile",
                profiles
                & Domain("tier", "in", ["vip", "major"])
                & (
                    Domain("credit_grade", "in", ["c", "d"])
                    | Domain("overdue_amount", ">", 0)
                    | Domain("has_live_alert", "=", True)
                ),
            ),
            "alerts": ("care.alert", live_alerts & self._care_own("user_id")),
            "birthdays_week": (
                "care.task",
                Domain("trigger", "=", "birthday")
                & Domain("company_id", "=", company.id)
                & Domain("occasion_date", ">=", week_start)
                & Domain("occasion_date", "<=", week_start + timedelta(days=6))
                & Domain("partner_id", "any", vip_profile)
                & self._care_own("user_id"),
            ),
            "grades_up": ("care.grade.history", recent_tiers & better),
            "grades_down": ("care.grade.history", recent_tiers & worse),
            "tiers": ("care.profile", profiles & Domain("tier", "!=", False)),
            "stages": ("care.profile", profiles),
            "top20": ("care.pareto.report", Domain("company_id", "=", company.id)),
            "gold": ("care.profile", profiles & Domain("tier", "=", "vip") & Domain("credit_grade", "in", ["a", "b"])),
            "low_margin": ("care.profile", profiles & Domain("low_margin", "=", True)),
            "late_payers": ("care.profile", profiles & Domain("credit_grade", "in", ["c", "d"])),
            "keep": ("care.profile", profiles & Domain("volume_class", "=", "large") & Domain("stage", "!=", "lost")),
            "lost_large": (
                "care.profile",
                profiles
                & Domain("revenue_prev_12m", ">=", large)
                & (Domain("revenue_12m", "<=", 0) | Domain("stage", "=", "lost")),
            ),
        }

    def _care_count_keys(self):
        """The figures shown as a count of their list."""
        return [
            "at_risk",
            "alerts",
            "birthdays_week",
            "grades_up",
            "grades_down",
            "gold",
            "late_payers",
            "keep",
            "lost_large",
            "low_margin",
        ]

    def _care_counts(self, figures, keys):
        """{key: count} of these figures. Each figure's domain is compiled as the ORM compiles it (record rules
        included); the figures of one model are counted in one pass over its table, each by its own condition,
        when they need neither a join nor a sub-select (a dozen counts over 100,000 profiles are otherwise a dozen
        scans)."""
        counts = {}
        by_model = {}
        for key in keys:
            model, domain = figures[key]
            by_model.setdefault(model, []).append((key, self.env[model]._search(domain)))
        for model, queries in by_model.items():
            # a condition with a sub-select (alerts, complaints, margins) would be worked out again inside the
            # shared pass: those figures keep a query of their own
            plain = [
                (key, query)
                for key, query in queries
                if not query._joins and not query.is_empty() and "SELECT" not in query.where_clause.code.upper()
            ]
            if len(plain) < 2:
                plain = []
            together = {key for key, _query in plain}
            for key, query in queries:
                if key not in together:
                    counts[key] = len(query)
            if plain:
                table = SQL.identifier(self.env[model]._table)
                conditions = [SQL("(%s)", query.where_clause or SQL("TRUE")) for _key, query in plain]
                [row] = self.env.execute_query(
                    SQL(
                        "SELECT %s FROM %s WHERE %s",
                        SQL(", ").join(SQL("COUNT(*) FILTER (WHERE %s)", condition) for condition in conditions),
                        table,
                        SQL(" OR ").join(conditions),
                    )
                )
                counts.update(zip([key for key, _query in plain], row, strict=True))
        return counts

    @api.model
    @api.readonly
    def get_overview(self):
        """The figures of the overview, each from one query."""
        self._care_check_access()
        figures = self._care_figures()
        company = self.env.company
        data = {"currency": company.currency_id.symbol, "company": company.name}

        # one row per salesperson with both counts, the most overdue first
        per_user = {}
        for key in ("duties_today", "duties_overdue"):
            model, domain = figures[key]
            groups = self.env[model]._read_group(domain, ["user_id"], ["__count"])
            for user, n in groups:
                row = per_user.setdefault(
                    user, {"name": user.name or self.env._("Unassigned"), "today": 0, "overdue": 0}
                )
                row[key.removeprefix("duties_")] = n
            data[key + "_total"] = sum(n for _user, n in groups)
        data["duties_per_user"] = sorted(
            per_user.values(), key=lambda row: (-row["overdue"], -row["today"], row["name"])
        )
        model, domain = figures["compliance_month"]
        [(fines, rate)] = self.env[model]._read_group(domain, [], ["fine_amount:sum", "rate:avg"])
        data["fines_month"] = fines or 0.0
        data["compliance_rate"] = rate
        data.update(self._care_counts(figures, self._care_count_keys()))
        # customers per tier and per stage from one grouping of the profiles (the tiers' domain is the stages'
        # with a tier set), each in its defined order
        model, domain = figures["stages"]
        groups = self.env[model]._read_group(domain, ["tier", "stage"], ["__count"])
        for key, field, place in (("tiers", "tier", 0), ("stages", "stage", 1)):
            totals = {}
            for group in groups:
                if group[place]:
                    totals[group[place]] = totals.get(group[place], 0) + group[2]
            data[key] = [
                {"value": value, "name": name, "count": totals[value]}
                for value, name in self.env[model]._fields[field]._description_selection(self.env)
                if value in totals
            ]
        model, domain = figures["top20"]
        shares = dict(self.env[model]._read_group(domain, ["is_top20"], ["revenue:sum"]))
        total = sum(shares.values())
        data["top20_share"] = 100 * shares.get(True, 0.0) / total if total else None
        return data

    @api.model
    @api.readonly
    def action_open_figure(self, key, value=None):
        """The list behind one figure (`value`: one tier or stage of the per-tier and per-stage figures)."""
        self._care_check_access()
        figures = self._care_figures()
        if key not in figures:
            raise AccessError(self.env._("Unknown overview figure."))
        model, domain = figures[key]
        name = self._care_figure_names()[key]
        if value and key in ("tiers", "stages"):
            domain &= Domain("tier" if key == "tiers" else "stage", "=", value)
        views = {
            "care.compliance.report": "pivot,list,graph",
            "care.pareto.report": "graph,list",
        }.get(model, "list,form")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "views": [(False, mode) for mode in views.split(",")],
            "domain": list(domain),
            "target": "current",
        }
