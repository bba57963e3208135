{
    "name": "Customer Care",
    "summary": "Customer dossiers, automatic grading, care rules, early warnings and complaints",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "customer_care developers",
    "website": "https://github.com/customer-care/customer_care",
    "license": "LGPL-3",
    "maintainers": ["customer_care"],
    "development_status": "Alpha",
    "depends": ["base", "mail", "contacts", "sale_management", "account"],
    "external_dependencies": {"python": ["lunar_python", "holidays"]},
    "data": [
        "security/customer_care_security.xml",
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/customer_care_menus.xml",
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": [
            "customer_care/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
