from odoo.exceptions import UserError
from odoo.tests import freeze_time

from .common_dossier import CareDossierCommon


@freeze_time("2026-06-15 04:00:00")
class TestDaysOverdueSearch(CareDossierCommon):
    """What a salesperson types into a search on days overdue gets a clear error, never a server error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owing = cls.env["res.partner"].create({"name": "Owes", "customer_rank": 1, "user_id": cls.salesman.id})
        Profile = cls.env["care.profile"]
        for partner, since in ((cls.owing, "2026-05-16"), (cls.customer, False)):
            profile = Profile.search([("partner_id", "=", partner.id), ("company_id", "=", cls.env.company.id)])
            values = {"overdue_since": since}
            if profile:
                profile.write(values)
            else:
                Profile.create({"partner_id": partner.id, "company_id": cls.env.company.id, **values})

    def test_days_overdue_search_rejects_text_and_survives_huge_numbers(self):
        Profile = self.env["care.profile"].with_user(self.salesman)
        Partner = self.env["res.partner"].with_user(self.salesman)
        both = (self.owing + self.customer).ids
        for model, field in ((Profile, "max_days_overdue"), (Partner, "care_max_days_overdue")):
            scope = [("partner_id" if model is Profile else "id", "in", both)]
            for operator, value in ((">", "abc"), ("=", "abc"), ("in", ["30", "x"]), ("<", 2.5), ("!=", "nan")):
                with self.subTest(model=model._name, operator=operator, value=value):
                    with self.assertRaises(UserError) as caught:
                        model.search([*scope, (field, operator, value)])
                    self.assertIn("whole number of days", str(caught.exception))
            owing = Profile.search([("partner_id", "=", self.owing.id)]) if model is Profile else self.owing
            nobody = model.browse()
            everyone = model.search(scope)
            cases = [
                (">", 10**12, nobody),
                (">=", 10**12, nobody),
                ("=", 10**12, nobody),
                ("<", 10**12, everyone),
                ("<=", -(10**12), nobody),
                (">", -(10**12), everyone),
                ("=", 30, owing),
                ("=", "30", owing),
                ("!=", 10**12, everyone),
                (">=", 0, everyone),
            ]
            for operator, value, expected in cases:
                with self.subTest(model=model._name, operator=operator, value=value):
                    self.assertEqual(model.search([*scope, (field, operator, value)]), expected)
