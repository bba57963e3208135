import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat, formatMonetary } from "@web/views/fields/formatters";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/** 驾驶舱: the Customer Care app's first screen. The server computes each figure with one query and
 * opens the list behind it: this component only lays them out. */
export class CareOverview extends Component {
    static template = "customer_care.CareOverview";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        this.display = { controlPanel: {} };
        this.watchItems = [
            ["at_risk", _t("VIP and major customers at risk")],
            ["alerts", _t("Open alerts")],
            ["birthdays_week", _t("VIP birthdays this week")],
            ["grades_up", _t("Tiers up (30 days)")],
            ["grades_down", _t("Tiers down (30 days)")],
        ];
        this.questionItems = [
            ["gold", _t("Our gold customers")],
            ["low_margin", _t("Customers with low or negative margin")],
            ["late_payers", _t("Customers paying late")],
            ["keep", _t("Big customers to keep this year")],
            ["lost_large", _t("Large customers we lost")],
            ["cost_raisers", _t("Customers who raise our costs")],
        ];
        this.complaintItems = [
            ["complaints_open", _t("Open complaints")],
            ["complaints_overdue", _t("Overdue complaints")],
            ["complainers_last_year", _t("Last year's complainers")],
        ];
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("care.overview", "get_overview", []);
    }

    async open(key, value = null) {
        const action = await this.orm.call("care.overview", "action_open_figure", [key, value]);
        return this.action.doAction(action);
    }

    money(amount) {
        return formatMonetary(amount || 0, { currencyId: false }) + " " + (this.state.data.currency || "");
    }

    percent(value) {
        return value === null || value === undefined || value === false ? "—" : formatFloat(value, { digits: [16, 1] }) + " %";
    }

    formatScore(score) {
        return formatFloat(score, { digits: [16, 1] });
    }

    get largestLastYear() {
        const largest = this.state.data.largest_last_year;
        if (!largest || !largest.count) {
            return _t("No sales last year");
        }
        return _t("%(again)s of %(count)s ordered again", { again: largest.ordered_again, count: largest.count });
    }
}

registry.category("actions").add("customer_care.overview", CareOverview);
