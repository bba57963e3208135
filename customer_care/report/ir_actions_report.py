import lxml.html

from odoo import api, models

from odoo.addons.base.models.ir_actions_report import _wkhtml

STATEMENT_REPORT = "customer_care.report_care_statement"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _care_unpatched_qt(self):
        # Debian's wkhtmltopdf: one input document per call, and no --header-html/--footer-html.
        return not _wkhtml().is_patched_qt

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """The team's monthly statements in one go on an unpatched-QT wkhtmltopdf: one statement
        per wkhtmltopdf call (it refuses several documents in one), merged by the caller."""
        report = self._get_report(report_ref)
        if report.report_name != STATEMENT_REPORT or not self._care_unpatched_qt():
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        data = dict(data or {})
        # Printed from the wizard, the web client sends the salespeople in data, not as ids.
        user_ids = list(dict.fromkeys(res_ids or data.get("user_ids") or []))
        if len(user_ids) <= 1:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        streams = {}
        for user_id in user_ids:
            one = super()._render_qweb_pdf_prepare_streams(
                report_ref, dict(data, user_ids=[user_id]), res_ids=[user_id]
            )
            streams[user_id] = one[user_id]
        return streams

    def _prepare_html(self, html, report_model=False):
        """Unpatched QT ignores the separate header and footer files: the statement keeps the
        company's header and footer (the external layout's) inside its own page instead."""
        if self.report_name != STATEMENT_REPORT or not self._care_unpatched_qt():
            return super()._prepare_html(html, report_model=report_model)
        root = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
        for article in root.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')]"):
            for sibling, where in ((article.getprevious(), 0), (article.getnext(), None)):
                if sibling is None:
                    continue
                classes = sibling.get("class", "").split()
                kind = "header" if "header" in classes else "footer" if "footer" in classes else None
                if not kind:
                    continue
                sibling.set("class", " ".join(c if c != kind else f"o_care_inline_{kind}" for c in classes))
                # Page numbers are filled in only in a separate footer file.
                for number in sibling.xpath(".//span[@class='page']/.."):
                    number.getparent().remove(number)
                sibling.getparent().remove(sibling)
                if where == 0:
                    article.insert(0, sibling)
                else:
                    article.append(sibling)
        html = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
        return super()._prepare_html(html, report_model=report_model)
