# Run by tools/demo.sh inside `odoo shell` (which defines `env`, the superuser's environment) before the
# addon is installed: the demo's company becomes a Chinese one (China, CNY, the Chinese chart of accounts,
# Asia/Shanghai, A4), and the admin and the demo salesperson work in it in Chinese. The addon's demo data
# then runs in the admin's company and language.
import os


def make_chinese_company(env):
    china = env.ref("base.cn")
    cny = env.ref("base.CNY")
    cny.active = True
    company = env["res.company"].search([("name", "=", "瑞和商贸（上海）有限公司")], limit=1) or env[
        "res.company"
    ].create(
        {
            "name": "瑞和商贸（上海）有限公司",
            "country_id": china.id,
            "currency_id": cny.id,
            "city": "上海",
            "street": "浦东新区世纪大道100号",
            "zip": "200120",
            "phone": "+86 21 5888 0000",
            "paperformat_id": env.ref("base.paperformat_euro").id,
        }
    )
    company.partner_id.write({"tz": "Asia/Shanghai", "lang": "zh_CN"})
    env["account.chart.template"].try_loading("cn", company, install_demo=False)
    users = env.ref("base.user_admin") | env.ref("base.user_demo")
    # the Chinese company only: Odoo's American demo company stays out of their screens (no company switcher,
    # no Company columns)
    users.write(
        {"company_ids": [(6, 0, [company.id])], "company_id": company.id, "lang": "zh_CN", "tz": "Asia/Shanghai"}
    )
    env.ref("base.user_root").write({"company_ids": [(4, company.id)]})
    env.cr.commit()
    print(f"== demo company: {company.name} ({company.currency_id.name}, chart {company.chart_template})")


if os.environ.get("DEMO_LANG", "zh_CN") == "zh_CN":
    make_chinese_company(globals()["env"])  # `odoo shell` runs this file with its `env` defined
