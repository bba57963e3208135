from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class CareComplaintPortal(CustomerPortal):
    """The customer's complaints on the portal: their state and reply, and a form to file a new one.

    Portal users have no access to complaints: every read below is a sudo() search limited to the signed-in
    user's own customer (its commercial partner), checked first."""

    def _care_complaint_domain(self):
        return [("partner_id", "child_of", request.env.user.commercial_partner_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "care_complaint_count" in counters:
            values["care_complaint_count"] = (
                request.env["care.complaint"].sudo().search_count(self._care_complaint_domain())
                if not request.env.user._is_public()
                else 0
            )
        return values

    def _care_complaint_get(self, complaint_id, access_token=None):
        complaint = request.env["care.complaint"].sudo().browse(complaint_id).exists()
        if not complaint:
            raise MissingError(request.env._("This complaint does not exist."))
        own = complaint.filtered_domain(self._care_complaint_domain())
        if not own and not (access_token and complaint.access_token and access_token == complaint.access_token):
            raise AccessError(request.env._("This complaint is not yours."))
        return complaint

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["care.complaint"].sudo()
        domain = self._care_complaint_domain()
        count = Complaint.search_count(domain)
        pager = portal_pager(url="/my/complaints", total=count, page=page, step=self._items_per_page)
        complaints = Complaint.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(complaints=complaints, pager=pager, page_name="care_complaint", default_url="/my/complaints")
        return request.render("customer_care.portal_my_complaints", values)

    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint = self._care_complaint_get(complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(complaint=complaint, page_name="care_complaint", token=access_token)
        return request.render("customer_care.portal_my_complaint", values)

    @http.route("/my/complaints/new", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_new_complaint(self, **post):
        values = self._prepare_portal_layout_values()
        values.update(page_name="care_complaint", error={}, post=post)
        categories = request.env["care.complaint.category"].sudo().search([])
        values["categories"] = categories
        if request.httprequest.method == "POST":
            description = (post.get("description") or "").strip()
            if not description:
                values["error"]["description"] = request.env._("Please describe your complaint.")
            elif len(description) > 10000:
                values["error"]["description"] = request.env._("Please keep the description under 10,000 characters.")
            category = categories.browse(int(post["category_id"])) if post.get("category_id", "").isdigit() else None
            if category is not None and category not in categories:
                values["error"]["category_id"] = request.env._("Please choose one of the categories.")
            if not values["error"]:
                contact = request.env.user.partner_id
                customer = contact.commercial_partner_id
                company = customer.company_id or request.env.user.company_id
                complaint = (
                    request.env["care.complaint"]
                    .sudo()
                    .with_company(company)
                    .create(
                        {
                            "partner_id": customer.id,
                            "contact_id": contact.id if contact != customer else False,
                            "company_id": company.id,
                            "channel": "web",
                            "category_id": category.id if category else False,
                            "description": plaintext2html(description),
                        }
                    )
                )
                complaint.message_subscribe(partner_ids=contact.ids)
                return request.redirect(f"/my/complaints/{complaint.id}")
        return request.render("customer_care.portal_new_complaint", values)
