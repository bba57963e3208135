import logging

from odoo import models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class CareTask(models.Model):
    """Duties carry Odoo's rating (the mixin's chatter, rating request and public rating page): a rule
    marked "Ask for a Rating" asks the customer to rate each duty once it is done. Satisfaction survey
    duties send the rule's survey instead of an email template."""

    _name = "care.task"
    _inherit = ["care.task", "rating.mixin"]

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        done_before = self.filtered(lambda task: task.state in ("done", "late"))
        result = super().write(vals)
        if vals.get("state") in ("done", "late"):
            (self - done_before)._care_request_ratings()
        return result

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _care_request_ratings(self):
        """Odoo's rating request (email with the rating page's links) for the duties just done whose rule
        asks for one, to customers who have an email address. Queued, not sent inline."""
        tasks = self.sudo().filtered(
            lambda task: task.rule_id.ask_rating
            and task.trigger != "satisfaction_survey"
            and task.partner_id.email
            and not task.partner_id.care_do_not_contact
        )
        default = self.env.ref("customer_care.mail_template_care_task_rating", raise_if_not_found=False)
        for task in tasks:
            template = task.rule_id.rating_template_id or default
            if template:
                task.rating_send_request(template, lang=task.partner_id.lang, force_send=False)

    def _care_send_emails(self):
        surveys = self.filtered(lambda task: task.trigger == "satisfaction_survey")
        result = super(CareTask, self - surveys)._care_send_emails() if self - surveys else None
        if surveys:
            surveys._care_send_surveys()
        return result

    def _care_send_surveys(self):
        """Each duty's customer gets its own answer of the rule's survey (linked to the duty and the
        customer, so that the answer counts in the customer's satisfaction) and the survey's invitation."""
        invite = self.env.ref("survey.mail_template_user_input_invite")
        for rule, tasks in self.sudo().grouped("rule_id").items():
            survey = rule.survey_id
            answers = self.env["survey.user_input"].sudo()
            try:
                with self.env.cr.savepoint():
                    for task in tasks:
                        answers |= survey._create_answer(
                            partner=task.partner_id,
                            check_attempts=False,
                            care_task_id=task.id,
                            care_partner_id=task.partner_id.commercial_partner_id.id,
                        )
            except UserError as error:
                # a closed or archived survey: logged for the managers; the other rules' surveys still go out
                _logger.warning("care rule %s: survey not sent: %s", rule.id, error)
                continue
            invite.send_mail_batch(answers.ids, email_layout_xmlid="mail.mail_notification_light")
