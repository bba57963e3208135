from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_date

from ...const import CARE_CHANNELS, MANAGER, SENSITIVE

# The daily digest lists this many of a salesperson's new duties, then links to the rest.
DIGEST_LINES = 50


class CareTask(models.Model):
    """One care duty: a rule x customer (or family member) x occasion date, created by the daily
    generation (care.rule._cron_generate_tasks). Never deleted: a manager cancels it with a reason."""

    _name = "care.task"
    _description = "Care Duty"
    _order = "date_due desc, id desc"
    _check_company_auto = True

    rule_id = fields.Many2one("care.rule", required=True, index=True, ondelete="restrict")
    trigger = fields.Selection(related="rule_id.trigger", store=True)
    # Duties and their fines are the salespeople's record: deleting a customer never deletes them.
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict", check_company=True
    )
    # Family members' names are sensitive; everyone else sees the relation and the date.
    family_member_id = fields.Many2one("care.family.member", ondelete="restrict", groups=SENSITIVE)
    family_relation = fields.Selection(related="family_member_id.relation", string="Family Relation")
    occasion_id = fields.Many2one("care.occasion", index="btree_not_null", ondelete="set null")
    occasion_date = fields.Date(required=True, help="The date of the occasion or event the duty is about.")
    date_due = fields.Date(string="Due Date", required=True, index=True)
    user_id = fields.Many2one("res.users", string="Salesperson", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    channel = fields.Selection(
        CARE_CHANNELS,
        required=True,
        default="activity",
        help="Email falls back to a to-do when the customer has no email address or opted out of emails.",
    )
    state = fields.Selection(
        [
            ("todo", "To Do"),
            ("done", "Done"),
            ("late", "Done Late"),
            ("missed", "Missed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="todo",
        index=True,
    )
    date_done = fields.Date(string="Done On")
    done_by_id = fields.Many2one("res.users")
    result_note = fields.Text(string="Result", help="What the customer said.")
    next_step = fields.Text(help="What was agreed or promised, and when to follow up.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    fine_amount = fields.Monetary(string="Fine", help="Set when the duty is missed.")
    cancel_reason = fields.Text()
    activity_ids = fields.One2many("mail.activity", "care_task_id", string="Activities")
    # What the salesperson needs to act, on the duty itself.
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    partner_mobile = fields.Char(related="partner_id.care_mobile", string="Mobile")
    partner_wechat_id = fields.Char(related="partner_id.care_wechat_id", string="WeChat ID")
    partner_tier = fields.Selection(related="partner_id.care_tier", string="Tier")
    partner_stage = fields.Selection(related="partner_id.care_stage", string="Stage")
    occasion_label = fields.Char(string="Occasion Details", compute="_compute_occasion_label")
    script = fields.Text(compute="_compute_script", help="The rule's script, filled in for this customer and occasion.")
    due_explanation = fields.Char(string="Why This Due Date", compute="_compute_due_explanation")

    # The generation inserts with ON CONFLICT DO NOTHING on this index: re-runs create nothing twice.
    _care_task_uniq = models.UniqueIndex("(rule_id, partner_id, COALESCE(family_member_id, 0), occasion_date)")
    _user_state_idx = models.Index("(user_id, state, date_due)")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("rule_id", "partner_id", "family_member_id", "occasion_date")
    @api.depends_context("uid")
    def _compute_display_name(self):
        for task in self:
            task.display_name = f"{task.rule_id.name} - {task._care_who()} ({task.occasion_date})"

    @api.depends("trigger", "occasion_id", "occasion_date", "family_relation")
    @api.depends_context("lang")
    def _compute_occasion_label(self):
        """The occasion in words: the calendar's name, or whose birthday it is, with its lunar
        date (农历八月十五) when that person keeps a lunar birthday."""
        relations = dict(self._fields["family_relation"]._description_selection(self.env))
        for task in self:
            if task.occasion_id:
                task.occasion_label = task.occasion_id.name
                continue
            if task.trigger != "birthday":
                task.occasion_label = False
                continue
            # Whether the person keeps a lunar birthday, not the birthday itself: the label's date
            # is the occasion date every reader of the duty sees.
            person = task.sudo().family_member_id or task.sudo().partner_id
            if task.family_relation:
                label = self.env._("Birthday of the customer's %(relation)s", relation=relations[task.family_relation])
            else:
                label = self.env._("Birthday")
            if person.care_birthday_calendar == "lunar" and task.occasion_date:
                lunar = self.env["care.family.member"]._care_lunar_label_of(task.occasion_date)
                label = self.env._("%(occasion)s: %(lunar)s", occasion=label, lunar=lunar)
            task.occasion_label = label

    @api.depends("rule_id.script", "partner_id.name", "occasion_label")
    @api.depends_context("lang")
    def _compute_script(self):
        for task in self:
            script = task.rule_id.script
            if not script:
                task.script = False
                continue
            values = {
                "{customer}": task.partner_id.name or "",
                "{salutation}": task.partner_id._care_salutation(),
                "{occasion}": task.occasion_label or task.rule_id.name or "",
            }
            for placeholder, value in values.items():
                script = script.replace(placeholder, value)
            task.script = script

    @api.depends("trigger", "occasion_date", "date_due", "rule_id.interval_days")
    @api.depends_context("lang")
    def _compute_due_explanation(self):
        for task in self:
            if not task.occasion_date or not task.date_due or task.occasion_date == task.date_due:
                task.due_explanation = False
                continue
            days = (task.date_due - task.occasion_date).days
            if task.trigger == "event_invitation":
                text = self.env._("Invitations are due the day before the event.")
            elif task.trigger == "periodic_contact":
                text = self.env._(
                    "One contact per period of %(days)s days: the occasion date is the period's first day, "
                    "the duty is due on its last.",
                    days=days + 1,
                )
            elif task.trigger == "after_sale":
                text = self.env._("The follow-up is due %(days)s days after the invoice.", days=days)
            elif task.trigger == "outreach_follow_up":
                text = self.env._("The follow-up call is due %(days)s days after the outreach.", days=days)
            elif days > 0:
                text = self.env._("Due %(days)s days after the occasion.", days=days)
            else:
                text = self.env._("Due %(days)s days before the occasion.", days=-days)
            task.due_explanation = text

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        # Salespeople only note results; states, fines and assignments move through the actions.
        if not self.env.su and set(vals) - {"result_note", "next_step"} and not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a care manager may change a duty; log the call or the email instead."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_duty(self):
        raise UserError(self.env._("Care duties are never deleted: a manager cancels them with a reason."))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_log_call(self):
        """The salesperson called the customer: a dialog asks what was said and the next step
        before the duty is done."""
        self.ensure_one()
        self._care_check_responsible()
        self._care_check_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Call"),
            "res_model": "care.task.log.call",
            "view_mode": "form",
            "target": "new",
            "context": {"default_task_id": self.id},
        }

    def _care_log_call(self, result, next_step=None):
        """Store what the call gave on the duty, then complete it (late when after its due date)."""
        if not (result or "").strip():
            raise UserError(self.env._("Say what came of the call before logging it."))
        self._care_check_responsible()
        self._care_check_open()
        self.write({"result_note": result.strip(), "next_step": (next_step or "").strip() or False})
        self._care_mark_done(self.env._("Care call logged"))
        return True

    def action_send_email(self):
        self.ensure_one()
        self._care_check_open()
        template = self.rule_id.mail_template_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_ids": self.partner_id.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "care_task_id": self.id,
            },
        }

    def action_open_cancel(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a care manager may cancel a duty."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Duty"),
            "res_model": "care.task.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_task_ids": self.ids},
        }

    def action_cancel(self, reason):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a care manager may cancel a duty."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling the duty."))
        if any(task.state in ("done", "late") for task in self):
            raise UserError(self.env._("A duty already done cannot be cancelled."))
        self.write({"state": "cancelled", "cancel_reason": reason, "fine_amount": 0.0})
        self.activity_ids.sudo().unlink()
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_check_open(self):
        for task in self:
            if task.state != "todo":
                raise UserError(self.env._("The duty %(duty)s is not open any more.", duty=task.display_name))

    def _care_who(self):
        """Whom the duty is about, as the current user may see it: a family member's name for the
        Sensitive group only, the relation to the customer for everyone else."""
        self.ensure_one()
        task = self.sudo()
        if not task.family_member_id:
            return task.partner_id.display_name
        if self.env.user.has_group(SENSITIVE):
            return task.family_member_id.name
        relations = dict(self._fields["family_relation"]._description_selection(self.env))
        return self.env._(
            "%(relation)s of %(customer)s",
            relation=relations.get(task.family_relation, ""),
            customer=task.partner_id.display_name,
        )

    def _care_check_responsible(self):
        """Only a duty's salesperson or a care manager completes it or links a to-do to it."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        if any(task.user_id != self.env.user for task in self.sudo()):
            raise AccessError(
                self.env._(
                    "Only the duty's salesperson or a care manager may complete a care duty or link a to-do to it."
                )
            )

    def _care_mark_done(self, note=None, from_activity=False):
        """Complete open duties as the current user: `late` when after the due date (the grace
        period is over only once the daily run has marked the duty missed)."""
        self._care_check_responsible()
        self.check_access("write")
        self._care_check_open()
        today = self.env["care.rule"]._care_today(self.company_id[:1] or self.env.company)
        user = self.env.user
        for late, tasks in self.grouped(lambda t: today > t.date_due).items():
            tasks.sudo().write({"state": "late" if late else "done", "date_done": today, "done_by_id": user.id})
        if not from_activity:
            self.activity_ids.filtered("active").action_feedback(feedback=note)
        if note:
            for task in self:
                body = f"{note}: {task.rule_id.name}" + (f" - {task.result_note}" if task.result_note else "")
                if task.next_step:
                    body += " " + self.env._("(next step: %(step)s)", step=task.next_step)
                task.partner_id.sudo().message_post(body=body, author_id=user.partner_id.id)

    @api.model
    def _care_update_states(self):
        """Open duties whose grace period is over on their company's local date become missed,
        with their rule's fine: one UPDATE per company."""
        self.flush_model()
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            today = self.env["care.rule"]._care_today(company)
            self.env.execute_query(
                SQL(
                    """UPDATE care_task t
                          SET state = 'missed', fine_amount = r.fine_amount,
                              write_uid = %s, write_date = NOW() AT TIME ZONE 'UTC'
                         FROM care_rule r
                        WHERE r.id = t.rule_id AND t.state = 'todo' AND t.company_id = %s
                          AND t.date_due + r.grace_days < %s""",
                    self.env.uid,
                    company.id,
                    today,
                )
            )
        self.invalidate_model(["state", "fine_amount", "write_uid", "write_date"])

    @api.model
    def _cron_send_care_emails(self, batch_size=200):
        """Email-channel duties go out on their due date (or later within the grace period, if
        the run was late); the email completes the duty, on time, for its salesperson."""
        cron = self.env["ir.cron"]
        domain = (
            Domain.OR(
                Domain("company_id", "=", company.id)
                & Domain("date_due", "<=", self.env["care.rule"]._care_today(company))
                for company in self.env["res.company"].sudo().search([])
            )
            & Domain("state", "=", "todo")
            & Domain("channel", "in", ["email", "both"])
        )
        cron._commit_progress(remaining=self.search_count(domain))
        while tasks := self.search(domain, limit=batch_size):
            for rule_tasks in tasks.grouped("rule_id").values():
                rule_tasks._care_send_emails()
            for (user, company), sent in tasks.grouped(lambda t: (t.user_id, t.company_id)).items():
                today = self.env["care.rule"]._care_today(company)
                for late, done in sent.grouped(lambda t, today=today: today > t.date_due).items():
                    done.write({"state": "late" if late else "done", "date_done": today, "done_by_id": user.id})
            tasks.activity_ids.filtered("active").action_feedback(feedback=self.env._("Care email sent"))
            if not cron._commit_progress(len(tasks)):
                break

    def _care_send_emails(self):
        """Send the email of these duties (all of one rule) to their customers: the rule's template."""
        self.rule_id.mail_template_id.send_mail_batch(self.partner_id.ids)

    def _care_create_activities(self):
        """One to-do on the customer per duty of the activity channels, for its salesperson: the
        to-do `activity_schedule` would make (the rule's activity type, the due date as deadline,
        automated, the summary in the salesperson's language, pointing back to its duty), in one
        INSERT. The ORM's per-activity "assigned to you" mail, follower subscription and bus
        message would cost minutes at 100,000 duties: the salesperson gets one bus message for the
        systray count here and one digest of the day's duties at the end of the run instead."""
        if not self:
            return
        self.env.flush_all()
        default_type = self.env.ref("customer_care.mail_activity_type_care_duty")
        labels = SQL(", ").join(SQL("(%s, %s, %s)", *row) for row in self._care_family_summaries())
        rows = self.env.execute_query(
            SQL(
                """WITH labels(lang, relation, label) AS (VALUES %s),
                   inserted AS (
                       INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                                                  summary, date_deadline, user_id, user_tz, care_task_id, automated,
                                                  active, create_uid, create_date, write_uid, write_date)
                       SELECT %s, 'res.partner', t.partner_id, p.complete_name, COALESCE(r.activity_type_id, %s),
                              CONCAT_WS(': ', COALESCE(r.name->>up.lang, r.name->>'en_US'),
                                        CASE WHEN LEFT(up.lang, 2) = 'zh' OR o.name_en IS NULL THEN o.name
                                             ELSE o.name_en END,
                                        COALESCE(fl.label, fd.label)),
                              t.date_due, t.user_id, up.tz, t.id, TRUE, TRUE,
                              %s, NOW() AT TIME ZONE 'UTC', %s, NOW() AT TIME ZONE 'UTC'
                         FROM care_task t
                         JOIN care_rule r ON r.id = t.rule_id
                         JOIN res_partner p ON p.id = t.partner_id
                         JOIN res_users u ON u.id = t.user_id
                         JOIN res_partner up ON up.id = u.partner_id
                         LEFT JOIN care_occasion o ON o.id = t.occasion_id
                         LEFT JOIN care_family_member f ON f.id = t.family_member_id
                         LEFT JOIN labels fl ON fl.lang = up.lang AND fl.relation = f.relation
                         LEFT JOIN labels fd ON fd.lang = %s AND fd.relation = f.relation
                        WHERE t.id = ANY(%s) AND t.channel IN ('activity', 'both', 'wechat')
                    RETURNING user_id, date_deadline
                   )
                   SELECT user_id, COUNT(*) FROM inserted WHERE date_deadline <= %s GROUP BY user_id""",
                labels,
                self.env["ir.model"]._get_id("res.partner"),
                default_type.id,
                self.env.uid,
                self.env.uid,
                self.env.lang or "en_US",
                self.ids,
                fields.Date.today(),
            )
        )
        self.env["mail.activity"].invalidate_model()
        self.invalidate_model(["activity_ids"])
        # The systray counts to-dos due today or earlier, as mail tells it for each created activity.
        for user_id, count in rows:
            self.env["res.users"].browse(user_id)._bus_send(
                "mail.activity/updated", {"activity_created": True, "count_diff": count}
            )

    @api.model
    def _care_family_summaries(self):
        """(language, relation, to-do summary) for a family member's birthday in each installed
        language: the summary names the relation, never the family member (the customer's
        chatter shows it to every user who reads the customer)."""
        relation_field = self._fields["family_relation"]
        rows = []
        for lang, _name in self.env["res.lang"].get_installed():
            env = self.with_context(lang=lang).env
            for relation, label in relation_field._description_selection(env):
                rows.append((lang, relation, env._("Family member's birthday (%(relation)s)", relation=label)))
        return rows

    @api.model
    def _care_send_digests(self):
        """One message per salesperson listing the duties created since the last digest (their
        first ones, by due date, and a link to all of them), instead of one "assigned to you"
        mail per duty. It goes to the salesperson's inbox or mailbox as they chose."""
        params = self.env["ir.config_parameter"].sudo()
        last_id = params.get_param("customer_care.digest_last_task_id")
        max_id = self.env.execute_query(SQL("SELECT COALESCE(MAX(id), 0) FROM care_task"))[0][0]
        if last_id:
            domain = Domain("id", ">", int(last_id))
        else:
            # First digest: the duties of the last day, not every duty ever planned.
            domain = Domain("create_date", ">=", fields.Datetime.subtract(fields.Datetime.now(), days=1))
        domain &= Domain("id", "<=", max_id) & Domain("state", "=", "todo") & Domain("user_id", "!=", False)
        tasks = self.sudo()
        for user, count in tasks._read_group(domain, ["user_id"], ["__count"]):
            if not user.active:
                continue
            # Written as the salesperson would read it: their language, and family members' names
            # only if they may see them.
            user_tasks = tasks.with_user(user).sudo().with_context(lang=user.lang)
            listed = user_tasks.search(
                domain & Domain("user_id", "=", user.id), order="date_due, id", limit=DIGEST_LINES
            )
            subject, body = listed._care_digest(count)
            self.env["mail.thread"].message_notify(
                partner_ids=user.partner_id.ids,
                subject=subject,
                body=body,
                email_layout_xmlid="mail.mail_notification_light",
            )
        params.set_param("customer_care.digest_last_task_id", str(max_id))

    def _care_digest(self, count):
        """The subject and body of a digest listing these duties, out of `count` new ones."""
        env = self.env
        lines = Markup().join(
            Markup('<li><a href="/odoo/care.task/%s">%s</a>: %s</li>')
            % (task.id, format_date(env, task.date_due), task.display_name)
            for task in self
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (env._("Your new care duties, by due date:"), lines)
        if count > len(self):
            body += Markup('<p><a href="/odoo/action-customer_care.care_task_action">%s</a></p>') % env._(
                "And %(count)s more: open your care duties.", count=count - len(self)
            )
        return env._("%(count)s new care duties", count=count), body
