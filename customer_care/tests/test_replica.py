from unittest.mock import patch

from odoo.tests import new_test_user, tagged

from odoo.addons.customer_care.models.sales.care_overview import CareOverview

from .common_replica import ReplicaHttpCase


@tagged("post_install", "-at_install")
class TestReplica(ReplicaHttpCase):
    """The overview is served from a read-only cursor (a replica when one is configured), and a request that
    writes there fails the replica check that every tour runs under."""

    def setUp(self):
        super().setUp()
        self.manager = new_test_user(
            self.env, login="care_replica_manager", groups="customer_care.customer_care_group_manager"
        )
        self.authenticate("care_replica_manager", "care_replica_manager")

    def _overview(self):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/care.overview/get_overview",
            {"model": "care.overview", "method": "get_overview", "args": [], "kwargs": {}},
        )

    def test_overview_runs_on_the_read_only_cursor(self):
        cursors = []
        original = CareOverview._care_check_access

        def spy(overview):
            cursors.append(overview.env.cr.readonly)
            return original(overview)

        with patch.object(CareOverview, "_care_check_access", spy), self.assertNoWriteOnRead("overview"):
            data = self._overview()
        self.assertIn("duties_today_total", data)
        self.assertEqual(cursors, [True], "the overview was served once, on the read-only cursor")

    def test_a_write_on_read_fails_the_check(self):
        def writes(overview):
            overview.env.cr.execute("UPDATE res_company SET write_date = write_date WHERE id = %s", [1])

        with (
            patch.object(CareOverview, "_care_check_access", writes),
            self.assertRaisesRegex(AssertionError, "a read-only request wrote to the database"),
            self.assertNoWriteOnRead("overview"),
        ):
            self._overview()
