import logging

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ...utils import check_bounds

_logger = logging.getLogger(__name__)

POOL_RULE_BOUNDS = {"followup_days": (0, 3650), "sale_days": (0, 3650)}
# customers reclaimed per committed batch
POOL_BATCH = 5000


class CarePoolRule(models.Model):
    """When a neglected customer goes back to the company's public pool (公海). Rules apply in their sequence:
    the first active rule whose tiers include the customer's tier (or that names no tier) decides, so a
    first rule for VIP with both criteria off exempts VIP customers."""

    _name = "care.pool.rule"
    _description = "Public Pool Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    tier_vip = fields.Boolean(string="VIP")
    tier_major = fields.Boolean(string="Major")
    tier_ordinary = fields.Boolean(string="Ordinary")
    tier_small = fields.Boolean(string="Small")
    followup_days = fields.Integer(
        string="Without Follow-up (days)",
        default=60,
        help="Reclaimed after this many days without a done care duty, a logged call or meeting, or a message "
        "to the customer, counted from the later of the last one and the day the salesperson got the customer. "
        "0 turns this criterion off.",
    )
    sale_days = fields.Integer(
        string="Without a Sale (days)",
        default=180,
        help="Reclaimed after this many days without a confirmed order or invoice, counted from the later of the "
        "last one and the day the salesperson got the customer. 0 turns this criterion off.",
    )

    @api.constrains("followup_days", "sale_days")
    def _check_days(self):
        for rule in self:
            self._care_check_bounds({name: rule[name] for name in POOL_RULE_BOUNDS})

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._care_check_bounds(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._care_check_bounds(vals)
        return super().write(vals)

    def _care_check_bounds(self, values):
        check_bounds(self, values, POOL_RULE_BOUNDS)

    # ------------------------------------------------------------
    # CRONS
    # ------------------------------------------------------------

    @api.model
    def _cron_pool_reclaim(self):
        """Daily: per company with the pool on, reminders and reclaims; one company failing stops no other."""
        companies = self.env["res.company"].sudo().search([("care_pool_enabled", "=", True)], order="id")
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    self._care_pool_run(company, commit=True)
            except Exception:
                _logger.exception("Public pool run failed for company %s", company.id)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _care_pool_run(self, company, today=None, commit=False):
        """Remind the salespeople of customers going back soon, then reclaim those due, in set-based SQL.
        A repeat run the same day finds nothing more to do. Returns (reclaimed, reminded)."""
        today = today or self.env["care.rule"]._care_today(company)
        due = self._care_pool_due(company, today)
        reclaim = [(partner_id, user_id) for partner_id, user_id, day, reminded in due if day <= today]
        remind = [
            (partner_id, user_id, day) for partner_id, user_id, day, reminded in due if day > today and not reminded
        ]
        if remind:
            self._care_pool_remind(remind)
        for batch in split_every(POOL_BATCH, reclaim, list):
            self._care_pool_reclaim(company, batch, today)
            if commit:
                self.env["ir.cron"]._commit_progress(len(batch))
        return len(reclaim), len(remind)

    @api.model
    def _care_pool_due(self, company, today):
        """(customer, salesperson, reclaim date, reminded) of the company's customers whose reclaim date falls
        within the reminder window or before."""
        self.env.flush_all()
        has_crm = "crm.lead" in self.env
        opportunities = (
            SQL(
                """
                UNION
                SELECT rp.commercial_partner_id FROM crm_lead l JOIN res_partner rp ON rp.id = l.partner_id
                 WHERE l.active AND l.type = 'opportunity' AND l.probability < 100
                   AND (l.company_id = %s OR l.company_id IS NULL)
                """,
                company.id,
            )
            if has_crm
            else SQL("")
        )
        reminder = self.env.ref("customer_care.mail_activity_type_pool_reclaim")
        comment = self.env.ref("mail.mt_comment")
        return self.env.execute_query(
            SQL(
                """
                WITH cust AS (
                    SELECT r.id, r.user_id, p.tier, p.last_invoice_date,
                           COALESCE(r.care_user_since, r.create_date::date) AS since
                      FROM res_partner r
                      JOIN care_profile p ON p.partner_id = r.id AND p.company_id = %(company)s AND p.active
                     WHERE r.active AND r.user_id IS NOT NULL AND r.parent_id IS NULL
                       AND NOT COALESCE(r.care_pool_locked, FALSE)
                       AND (r.company_id IS NULL OR r.company_id = %(company)s)
                ),
                ruled AS (
                    SELECT c.*, rule.followup_days, rule.sale_days
                      FROM cust c
                     CROSS JOIN LATERAL (
                        SELECT pr.followup_days, pr.sale_days
                          FROM care_pool_rule pr
                         WHERE pr.active AND pr.company_id = %(company)s
                           AND (NOT COALESCE(pr.tier_vip OR pr.tier_major OR pr.tier_ordinary OR pr.tier_small, FALSE)
                                OR (c.tier = 'vip' AND pr.tier_vip) OR (c.tier = 'major' AND pr.tier_major)
                                OR (c.tier = 'ordinary' AND pr.tier_ordinary) OR (c.tier = 'small' AND pr.tier_small))
                         ORDER BY pr.sequence, pr.id
                         LIMIT 1
                     ) rule
                     WHERE rule.followup_days > 0 OR rule.sale_days > 0
                ),
                exempt AS (
                    SELECT rp.commercial_partner_id AS id
                      FROM sale_order so JOIN res_partner rp ON rp.id = so.partner_id
                     WHERE so.state IN ('draft', 'sent') AND so.company_id = %(company)s
                    %(opportunities)s
                ),
                followed AS (
                    SELECT rp.commercial_partner_id AS id, MAX(m.date)::date AS day
                      FROM mail_message m
                      JOIN res_partner rp ON rp.id = m.res_id
                      JOIN res_users u ON u.partner_id = m.author_id AND NOT u.share
                     WHERE m.model = 'res.partner' AND m.message_type IN ('comment', 'email', 'email_outgoing')
                       AND (m.mail_activity_type_id IS NOT NULL OR m.subtype_id = %(comment)s)
                       AND rp.commercial_partner_id IN (SELECT id FROM ruled WHERE followup_days > 0)
                     GROUP BY 1
                     UNION ALL
                    SELECT rp.commercial_partner_id, MAX(t.date_done)
                      FROM care_task t JOIN res_partner rp ON rp.id = t.partner_id
                     WHERE t.state IN ('done', 'late') AND t.company_id = %(company)s AND t.date_done IS NOT NULL
                     GROUP BY 1
                ),
                sold AS (
                    SELECT rp.commercial_partner_id AS id, MAX(so.date_order)::date AS day
                      FROM sale_order so JOIN res_partner rp ON rp.id = so.partner_id
                     WHERE so.state = 'sale' AND so.company_id = %(company)s
                     GROUP BY 1
                ),
                dated AS (
                    SELECT r.id, r.user_id,
                           LEAST(
                               CASE WHEN r.followup_days > 0
                                    THEN GREATEST(r.since, f.day) + r.followup_days END,
                               CASE WHEN r.sale_days > 0
                                    THEN GREATEST(r.since, r.last_invoice_date, s.day) + r.sale_days END
                           ) AS day
                      FROM ruled r
                      LEFT JOIN sold s ON s.id = r.id
                      LEFT JOIN (SELECT id, MAX(day) AS day FROM followed GROUP BY id) f ON f.id = r.id
                     WHERE r.id NOT IN (SELECT id FROM exempt WHERE id IS NOT NULL)
                )
                SELECT d.id, d.user_id, d.day,
                       EXISTS (SELECT 1 FROM mail_activity a
                                WHERE a.res_model = 'res.partner' AND a.res_id = d.id AND a.active
                                  AND a.activity_type_id = %(reminder)s)
                  FROM dated d
                 WHERE d.day <= %(horizon)s
                 ORDER BY d.id
                """,
                company=company.id,
                opportunities=opportunities,
                comment=comment.id,
                reminder=reminder.id,
                horizon=fields.Date.add(today, days=company.care_pool_reminder_days),
            )
        )

    @api.model
    def _care_pool_remind(self, rows):
        """A to-do per customer for its salesperson, due on the reclaim day."""
        Partner = self.env["res.partner"].sudo().with_context(mail_activity_quick_update=True)
        by_key = {}
        for partner_id, user_id, day in rows:
            by_key.setdefault((user_id, day), []).append(partner_id)
        for (user_id, day), partner_ids in by_key.items():
            Partner.browse(partner_ids).activity_schedule(
                "customer_care.mail_activity_type_pool_reclaim",
                date_deadline=day,
                user_id=user_id,
                summary=self.env._("Follow this customer up before %(day)s or it goes back to the pool", day=day),
            )

    @api.model
    def _care_pool_reclaim(self, company, rows, today, reason="pool_reclaim"):
        """Into the pool: no salesperson (its contacts' too), the previous one kept, an owner log line each."""
        partner_ids = [partner_id for partner_id, _user_id in rows]
        # the customers, then those of their contacts that had the same salesperson (joins on the ids: an
        # ANY() over thousands of ids against every row would be quadratic)
        self.env.execute_query(
            SQL(
                """
                WITH moved AS (
                    SELECT r.id FROM res_partner r JOIN unnest(%(ids)s::int[]) AS u(id) ON r.id = u.id
                     UNION ALL
                    SELECT r.id
                      FROM res_partner r
                      JOIN unnest(%(ids)s::int[]) AS u(id) ON r.commercial_partner_id = u.id AND r.id != u.id
                      JOIN res_partner c ON c.id = u.id
                     WHERE r.user_id = c.user_id
                )
                UPDATE res_partner r
                   SET care_previous_user_id = r.user_id, user_id = NULL, care_user_since = NULL,
                       care_pool_company_id = %(company)s, care_pool_date = %(today)s, write_date = %(now)s
                  FROM moved m
                 WHERE r.id = m.id
                """,
                company=company.id,
                today=today,
                now=fields.Datetime.now(),
                ids=partner_ids,
            )
        )
        self.env["res.partner"].invalidate_model(
            ["user_id", "care_previous_user_id", "care_user_since", "care_pool_company_id", "care_pool_date"]
        )
        self.env["care.owner.change"]._care_log(
            [(partner_id, user_id, None) for partner_id, user_id in rows], reason, company
        )
        # the reminders have nothing left to remind
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partner_ids),
                ("activity_type_id", "=", self.env.ref("customer_care.mail_activity_type_pool_reclaim").id),
            ]
        ).unlink()
