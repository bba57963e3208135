import re

from odoo import api, models

# The demo's dossier texts in Chinese, for the Chinese demo company (`make demo`, the default): its
# salespeople read and write their customers' dossiers in Chinese. The English demo keeps the XML's text.
DEMO_TEXT_ZH = {
    "Largest account in South China; yearly framework contract.": "华南最大客户；每年签框架合同。",
    "Big orders, slow payer: keep credit tight.": "订单大，回款慢：严格控制信用。",
    "Decisive, values long relationships and face (面子).": "果断，看重长期关系和面子。",
    "Mild hypertension: avoid heavy banquets.": "轻度高血压：避免大型宴请。",
    "Decides in person after a site visit.": "实地考察后亲自拍板。",
    "Buddhism": "佛教",
    "Running": "跑步",
    "Manchester United": "曼联",
    "Calm, detail-oriented": "沉稳，注重细节",
    "Architecture": "建筑学",
    "Brother runs a restaurant in Tianjin": "哥哥在天津开餐馆",
    "Old classmates from Tongji": "同济的老同学",
    "Beijing Architects Association": "北京建筑师协会",
    "China Construction Design": "中国建筑设计院",
    "Ambitious": "有抱负",
    "Open his own studio within five years": "五年内开自己的工作室",
    "Allergic to seafood": "海鲜过敏",
    "Morning jog; no alcohol on weekdays": "晨跑；工作日不喝酒",
    "Badminton": "羽毛球",
    "Beijing Guoan": "北京国安",
    "Rotary Club": "扶轮社",
    "Classical Chinese gardens": "中国古典园林",
    "Wants drawings and numbers before meetings": "开会前要先看图纸和数据",
    "Quality over price": "质量重于价格",
    "Travel the Silk Road with family": "和家人一起走丝绸之路",
    "Cheerful, likes surprises": "开朗，喜欢惊喜",
    "Straight talker": "说话直爽",
    "Asked not to be called: orders through the website only.": "要求不要来电：只通过网站下单。",
    "Thoughtful": "体贴周到",
    "Trend-conscious": "追求时尚",
    "Careful with money": "花钱谨慎",
    "Only asks for discounts; two cancelled orders.": "只问折扣；取消过两次订单。",
    "Punctual, formal": "守时，正式",
    "Dentistry": "口腔医学",
    "Catholic": "天主教",
    "Golf": "高尔夫",
    "80th birthday in 2025 was celebrated with a banquet.": "2025年八十大寿办了寿宴。",
    "Qixi birthday (七夕).": "七夕生日。",
    "Office furniture for the new Shenzhen R&D floor (200 seats)": "深圳新研发楼层的办公家具（200个工位）",
    "Yearly maintenance contract renewal": "年度维保合同续签",
    "Bulk storage racks for the Pudong warehouse": "浦东仓库的大批货架",
    "Outdoor seating for the staff canteen": "员工食堂的户外座椅",
    "Consulting on GSP compliant storage": "GSP合规仓储咨询",
    "Lobby furniture refresh for two hotels": "两家酒店的大堂家具更新",
    "Cheaper supplier for construction tools": "找更便宜的施工工具供应商",
    "A desk and chair set for his home studio": "给家里工作室配一套桌椅",
    "Travel gear for a family trip in summer": "夏季家庭旅行的出行装备",
    "Waiting-room chairs for the dental practice": "牙科诊所候诊室的椅子",
    "A budget bookshelf for her daughter": "给女儿买一个实惠的书架",
    "Garden furniture for a new apartment": "新房的花园家具",
}
DEMO_CITY_ZH = {
    "Shenzhen": "深圳",
    "Shanghai": "上海",
    "Beijing": "北京",
    "Guangzhou": "广州",
    "Hangzhou": "杭州",
    "Chengdu": "成都",
    "Wuhan": "武汉",
    "Nanjing": "南京",
    "Tianjin": "天津",
    "Suzhou": "苏州",
    "Xiamen": "厦门",
    "Qingdao": "青岛",
    "Xi'an": "西安",
    "Chongqing": "重庆",
    "Dalian": "大连",
    "Shenyang": "沈阳",
    "Changsha": "长沙",
    "Kunming": "昆明",
    "Harbin": "哈尔滨",
    "Ningbo": "宁波",
    "Foshan": "佛山",
    "Dongguan": "东莞",
}
PARTNER_TEXT_FIELDS = (
    "care_other_notes",
    "care_personality",
    "care_education_school",
    "care_education_major",
    "care_spouse_name",
    "care_health_notes",
    "care_working_style",
    "care_religion",
    "care_sports",
    "care_favourite_teams",
    "care_relatives",
    "care_friends",
    "care_social_circles",
    "care_previous_employers",
    "care_career_attitude",
    "care_career_goals",
    "care_habits",
    "care_associations",
    "care_specialities",
    "care_views",
    "care_life_goals",
    "function",
)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def split_bilingual(text):
    """("华信科技有限公司", "Huaxin Technology") from "华信科技有限公司 Huaxin Technology": the demo's names
    carry both languages; each demo shows one."""
    words = (text or "").split()
    chinese = "".join(word for word in words if CJK.search(word))
    english = " ".join(word for word in words if not CJK.search(word))
    return chinese or english, english or chinese


class CareDemoLoader(models.AbstractModel):
    _inherit = "care.demo.loader"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _care_demo_localise(self):
        """One language per demo: the Chinese demo's customers have Chinese names, dossiers, needs and
        and speak Chinese; the English demo's have the names' English half. The language is the
        admin's (`make demo` makes it Chinese unless asked for the English variant)."""
        env = self.with_context(care_no_dossier_stamp=True, tracking_disable=True, mail_notrack=True).env
        chinese = (env.ref("base.user_admin").lang or "").startswith("zh")
        data = (
            env["ir.model.data"].sudo().search([("module", "=", "customer_care"), ("name", "=like", "care\\_demo\\_%")])
        )
        records = {
            model: env[model].browse(data.filtered(lambda d, model=model: d.model == model).mapped("res_id"))
            for model in ("res.partner", "care.family.member", "care.need")
        }
        for partner in records["res.partner"].with_context(active_test=False):
            zh, en = split_bilingual(partner.name)
            values = {"name": zh if chinese else en}
            if chinese:
                values.update(
                    {
                        fname: DEMO_TEXT_ZH.get(partner[fname], split_bilingual(partner[fname])[0])
                        for fname in PARTNER_TEXT_FIELDS
                        if partner[fname]
                    }
                )
                values["city"] = DEMO_CITY_ZH.get(partner.city, partner.city)
                if CJK.search(values["name"]):
                    values["lang"] = "zh_CN"
            else:
                values.update(
                    {
                        fname: split_bilingual(partner[fname])[1]
                        for fname in PARTNER_TEXT_FIELDS
                        if partner[fname] and CJK.search(partner[fname])
                    }
                )
            partner.write(values)
        for member in records["care.family.member"].with_context(active_test=False):
            zh, en = split_bilingual(member.name)
            values = {"name": zh if chinese else en}
            if member.notes:
                values["notes"] = DEMO_TEXT_ZH.get(member.notes, member.notes) if chinese else member.notes
            member.write(values)
        if chinese:
            for need in records["care.need"]:
                need.description = DEMO_TEXT_ZH.get(need.description, need.description)
