from odoo import api, models
from odoo.exceptions import ValidationError

from ...utils import check_bounds

# Typed numbers of the dossier that no constraint of the birthday mixin covers.
DOSSIER_BOUNDS = {"care_children_count": (0, 30)}


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_bounds(self, vals, DOSSIER_BOUNDS)
        return super().create(vals_list)

    def write(self, vals):
        check_bounds(self, vals, DOSSIER_BOUNDS)
        return super().write(vals)

    def _convert_records(self, records, *, log=lambda a: None, savepoint):
        # A dossier's typed numbers are checked as each row is read: a bad row is reported and left out of the
        # batch. Found later, at the batch's create, it would send Odoo record by record, undoing on each error
        # the hobbies the import created for the rows before (which then fail on a missing hobby).
        state = self.env.context.get("care_import_state")

        def log_row(message):
            if state is not None and message.get("type") == "error":
                state["bad_rows"] = True
            log(message)

        if state is not None:
            state["reading"] = True
        for dbid, xid, converted, info in super()._convert_records(records, log=log_row, savepoint=savepoint):
            if self.env.context.get("import_file"):
                try:
                    self._care_check_import_values(converted)
                except ValidationError as error:
                    log_row(dict(info, type="error", message=str(error)))
                    continue
            yield dbid, xid, converted, info
        if state is not None:
            state["reading"] = False

    def _load_records(self, data_list, update=False):
        # A load with bad rows is rolled back whatever the good ones do: creating them at the end would be work
        # thrown away (load() below loads them again without the bad rows). Rows created while the file is
        # still read are those later rows refer to by external id: they are created.
        state = self.env.context.get("care_import_state")
        if state and state.get("bad_rows") and not state.get("reading"):
            return self.browse()
        return super()._load_records(data_list, update=update)

    def _care_check_import_values(self, vals):
        """Raise the ValidationError a create would raise for an impossible lunar date or number of children."""
        self._care_check_lunar_numbers(
            vals.get("care_lunar_month"), vals.get("care_lunar_day"), vals.get("care_lunar_year")
        )
        check_bounds(self, vals, DOSSIER_BOUNDS)
        members = self.env["care.family.member"]
        for command in vals.get("care_family_member_ids") or ():
            if len(command) == 3 and isinstance(command[2], dict):
                member = command[2]
                members._care_check_lunar_numbers(
                    member.get("care_lunar_month"), member.get("care_lunar_day"), member.get("care_lunar_year")
                )

    def load(self, fields, data):
        """A file of customers imports its valid rows and lists the bad ones, each with its reason.

        Odoo's import keeps nothing of a batch with one bad row: a file of 10,000 dossiers typed by
        hand always has a few (a lunar month 13, 30 February, a salesperson who left). When every error
        is tied to rows, those rows are left out and the rest is loaded again; the messages still name
        each bad row, so the dialog lists them. A file-level error, or Odoo stopping at too many errors
        (rows left unchecked), keeps Odoo's all-or-nothing answer."""
        if not self.env.context.get("import_file"):
            return super().load(fields, data)
        # one "you have been assigned to this customer" email per imported row would bury the salespeople (and
        # took a third of the import's time): they find their new customers in their lists
        partners = self.with_context(mail_auto_subscribe_no_notify=True)
        result = super(ResPartner, partners.with_context(care_import_state={})).load(fields, data)
        if result["ids"] is not False:
            return result
        messages = result["messages"]
        errors = [message for message in messages if message.get("type") == "error"]
        # When a batch fails at create, Odoo repeats the batch's error on its first row before the rows' own
        # errors: that row is not bad for it (if it is, the second load fails and Odoo's answer stands). Other rows with
        # the same message are the rows' own.
        if len(errors) > 1 and messages[0] is errors[0] and errors[0].get("rows", {}).get("from") == 0:
            first = errors[0]
            if any(m["message"] == first["message"] and m.get("rows") != first.get("rows") for m in errors[1:]):
                messages = messages[1:]
                errors = errors[1:]
        if not errors or any("rows" not in message for message in messages):
            return result
        bad = set()
        for message in errors:
            bad.update(range(message["rows"]["from"], message["rows"]["to"] + 1))
        end = result["nextrow"] or len(data)
        good = [row for index, row in enumerate(data[:end]) if index not in bad]
        if not good:
            return result
        retry = super(ResPartner, partners.with_context(_import_limit=None)).load(fields, good)
        if retry["ids"] is False:
            return result
        summary = {
            "type": "info",
            "message": self.env._(
                "The %(count)s valid rows import; the %(bad)s rows listed here are left out until they are fixed.",
                count=len(retry["ids"]),
                bad=len({message["rows"]["from"] for message in errors}),
            ),
        }
        return {"ids": retry["ids"], "messages": [summary, *messages], "nextrow": result["nextrow"]}
