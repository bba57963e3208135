from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common_care import CareDutyCommon


@tagged("post_install", "-at_install")
class TestRetentionPool(CareDutyCommon):
    """Rule: 60 days without follow-up or 180 without a sale; reminder 3 days before; quota 5, cooldown 30."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.care_pool_enabled = True
        # as new internal users are: they may create and edit contacts
        (cls.salesman | cls.salesman_2 | cls.manager).write(
            {"group_ids": [Command.link(cls.env.ref("base.group_partner_manager").id)]}
        )
        cls.Rule = cls.env["care.pool.rule"]
        cls.Rule.search([("company_id", "=", cls.company.id)]).active = False
        cls.Rule.create({"name": "VIP exempt", "sequence": 1, "tier_vip": True, "followup_days": 0, "sale_days": 0})
        cls.Rule.create({"name": "Everyone", "sequence": 2, "followup_days": 60, "sale_days": 180})
        with freeze_time("2026-03-01"):
            cls.plain, cls.locked, cls.vip, cls.quoted, cls.followed = cls.env["res.partner"].create(
                [{"name": name, "customer_rank": 1} for name in ("Plain", "Locked", "Vip", "Quoted", "Followed")]
            )
            cls.customers = cls.plain | cls.locked | cls.vip | cls.quoted | cls.followed
            cls.customers.write({"user_id": cls.salesman.id})
        for customer in cls.customers:
            cls.env["care.profile"]._care_profile_for(customer, cls.company)
        cls.env["care.profile"].search([("partner_id", "=", cls.vip.id)]).write({"tier": "vip"})
        cls.locked.with_user(cls.manager).action_care_pool_lock()
        cls.env["sale.order"].create({"partner_id": cls.quoted.id})
        with freeze_time("2026-04-15 10:00:00"):
            cls.followed.with_user(cls.salesman).message_post(
                body="How is the tea?", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def _run(self, day):
        with freeze_time(day):
            return self.Rule._care_pool_run(self.company, today=date.fromisoformat(day))

    def _reminders(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("activity_type_id", "=", self.env.ref("customer_care.mail_activity_type_pool_reclaim").id),
            ]
        )

    def test_reminder_then_reclaim_with_exemptions(self):
        self.assertEqual(self._run("2026-04-26"), (0, 0))  # reclaim on 04-30: the window opens on 04-27
        self.assertEqual(self._run("2026-04-27"), (0, 1))
        self.assertEqual(self._reminders().res_id, self.plain.id)
        self.assertEqual(self._reminders().user_id, self.salesman)
        self.assertEqual(self._run("2026-04-28"), (0, 0))  # reminded once
        self.assertEqual(self._run("2026-04-30"), (1, 0))
        self.assertFalse(self.plain.user_id)
        self.assertEqual(self.plain.care_pool_company_id, self.company)
        self.assertEqual(self.plain.care_previous_user_id, self.salesman)
        self.assertFalse(self._reminders())
        log = self.env["care.owner.change"].search(
            [("partner_id", "=", self.plain.id), ("reason", "=", "pool_reclaim")]
        )
        self.assertEqual(log.from_user_id, self.salesman)
        self.assertEqual(self._run("2026-04-30"), (0, 0))  # a re-run does nothing
        # locked, VIP and quoted customers stay; the followed-up one goes 60 days after the message
        self.assertEqual((self.locked | self.vip | self.quoted | self.followed).user_id, self.salesman)
        self.assertEqual(self._run("2026-06-14")[0], 1)
        self.assertFalse(self.followed.user_id)
        self.assertEqual((self.locked | self.vip | self.quoted).user_id, self.salesman)

    def test_claim_quota_and_cooldown(self):
        self._run("2026-06-14")
        self.assertFalse(self.plain.user_id)
        with freeze_time("2026-06-15"):
            pool = (
                self.env["res.partner"]
                .with_user(self.salesman_2)
                .search([("care_pool_company_id", "=", self.company.id)])
            )
            self.assertEqual(pool, self.plain | self.followed)
            # the salesperson who lost them waits 30 days
            with self.assertRaises(UserError):
                self.plain.with_user(self.salesman).action_care_claim()
            self.company.care_pool_claim_quota = 1
            self.plain.with_user(self.salesman_2).action_care_claim()
            self.assertEqual(self.plain.user_id, self.salesman_2)
            self.assertEqual(self.plain.care_user_since, date(2026, 6, 15))
            self.assertFalse(self.plain.care_pool_company_id)
            claim = self.env["care.owner.change"].search(
                [("partner_id", "=", self.plain.id), ("reason", "=", "pool_claim")]
            )
            self.assertEqual(claim.to_user_id, self.salesman_2)
            with self.assertRaises(UserError):  # one a day
                self.followed.with_user(self.salesman_2).action_care_claim()
        with freeze_time("2026-07-15"):
            # the next day the quota is fresh, and after 30 days the cooldown is over
            self.followed.with_user(self.salesman).action_care_claim()
        self.assertEqual(self.followed.user_id, self.salesman)
        # the claim starts the clock afresh: 60 days from 07-15
        self._run("2026-09-12")
        self.assertEqual(self.followed.user_id, self.salesman)
        self.assertFalse(self.plain.user_id)  # claimed on 06-15, not followed up since: back on 08-14
        self.assertEqual(self._run("2026-09-13")[0], 1)
        self.assertFalse(self.followed.user_id)

    def test_claim_needs_the_pool(self):
        with self.assertRaises(UserError):  # not in the pool
            self.plain.with_user(self.salesman_2).action_care_claim()
        self._run("2026-06-14")
        self.company.care_pool_enabled = False
        with self.assertRaises(UserError):
            self.plain.with_user(self.salesman_2).action_care_claim()

    def test_lock_is_the_managers_and_capped(self):
        with self.assertRaises(AccessError):
            self.plain.with_user(self.salesman).action_care_pool_lock()
        with self.assertRaises(AccessError):  # kept by the system
            self.plain.with_user(self.manager).write({"care_pool_locked": True})
        self.company.care_pool_lock_cap = 1
        with self.assertRaises(ValidationError):
            self.plain.with_user(self.manager).action_care_pool_lock()
        self.assertFalse(self.plain.care_pool_locked)
        self.locked.with_user(self.manager).action_care_pool_unlock()
        self.plain.with_user(self.manager).action_care_pool_lock()
        self.assertTrue(self.plain.care_pool_locked)
        with self.assertRaises(ValidationError):
            self.company.care_pool_claim_quota = -1
        with self.assertRaises(ValidationError):
            self.Rule.create({"name": "Too long", "followup_days": 100000})

    def test_release_and_manager_assignment(self):
        with freeze_time("2026-05-01"):
            with self.assertRaises(AccessError):
                self.plain.with_user(self.salesman_2).action_care_release()
            self.plain.with_user(self.salesman).action_care_release()
            self.assertEqual(self.plain.care_pool_company_id, self.company)
            self.assertEqual(
                self.env["care.owner.change"].search([("partner_id", "=", self.plain.id)], limit=1).reason,
                "pool_release",
            )
            # a manager assigns from the pool by setting the salesperson
            self.plain.with_user(self.manager).user_id = self.salesman_2
            self.assertFalse(self.plain.care_pool_company_id)
            self.assertEqual(self.plain.care_user_since, date(2026, 5, 1))
            self.assertEqual(
                self.env["care.owner.change"].search([("partner_id", "=", self.plain.id)], limit=1).reason, "manual"
            )

    def test_another_companys_pool_is_hidden(self):
        self._run("2026-06-14")
        other = self.env["res.company"].create({"name": "Pool Other Co"})
        outsider = new_test_user(
            self.env,
            login="pool_outsider",
            groups="sales_team.group_sale_salesman",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        Partner = self.env["res.partner"].with_user(outsider).with_context(allowed_company_ids=other.ids)
        self.assertFalse(Partner.search([("id", "=", self.plain.id)]))
        with self.assertRaises(AccessError):
            Partner.browse(self.plain.id).action_care_claim()

    def test_cron_runs_every_pool_company(self):
        with freeze_time("2026-06-14"), self.enter_registry_test_mode():
            self.env.ref("customer_care.ir_cron_care_pool_reclaim").method_direct_trigger()
        self.assertFalse(self.plain.user_id)
