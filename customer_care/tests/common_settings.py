from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class SettingsManagerCommon(BaseCommon):
    """A Customer Care manager with the Settings rights (and without the Sensitive group) configures
    the addon through the settings page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env, login="care_settings_manager", groups="base.group_system,sales_team.group_sale_manager"
        )

    def _settings(self, **values):
        return self.env["res.config.settings"].with_user(self.manager).create(values)
