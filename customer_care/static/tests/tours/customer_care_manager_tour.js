import { registry } from "@web/core/registry";

// A care manager writes a birthday rule and previews who it will call before the daily run.
registry.category("web_tour.tours").add("customer_care_rule_preview", {
    steps: () => [
        {
            content: "Create a rule",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Birthday call 生日电话",
        },
        {
            content: "A week ahead",
            trigger: ".o_form_view .o_field_widget[name=lead_days] input",
            run: "edit 7",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The preview counts the customers due this week",
            trigger: ".o_form_view:has(.o_form_saved) .oe_stat_button[name=action_care_preview]:contains(Due Soon) .o_stat_value:not(:contains(/^0$/))",
            run: "click",
        },
        {
            content: "The preview lists her",
            trigger: ".o_list_view .o_data_row:contains(孙丽 Sun Li)",
        },
        {
            content: "Under the rule's name",
            trigger: ".o_breadcrumb:contains(Due Soon: Birthday call 生日电话)",
        },
    ],
});

// A care manager opens the compliance report (服务考核) and drills down from a salesperson's month.
registry.category("web_tour.tours").add("customer_care_compliance_drilldown", {
    steps: () => [
        {
            content: "The pivot counts what the weekly cap held back",
            trigger: ".o_pivot .o_pivot_measure_row:contains(Held Back by Cap)",
        },
        {
            content: "Drill down into Sales Qian's duties (the row's total)",
            trigger: ".o_pivot tbody tr:has(.o_pivot_header_cell_closed:contains(Sales Qian)) .o_pivot_cell_value:last",
            run: "click",
        },
        {
            content: "The held-back duty is listed apart",
            trigger: ".o_list_view .o_data_row:contains(Held Back by Cap):contains(孙丽 Sun Li)",
        },
        {
            content: "Open the missed duty",
            trigger: ".o_list_view .o_data_row:contains(Missed) button[name=action_open_task]",
            run: "click",
        },
        {
            content: "The duty's form shows its customer, missed",
            trigger:
                ".o_form_view:has(.o_field_widget[name=partner_id]:contains(孙丽 Sun Li)) .o_statusbar_status .o_arrow_button_current:contains(Missed)",
        },
    ],
});

// A care manager who is not an Odoo administrator changes the weekly contact cap.
registry.category("web_tour.tours").add("customer_care_settings", {
    steps: () => [
        {
            content: "Open the configuration menu",
            trigger: ".o_menu_sections .dropdown-toggle:contains(Configuration)",
            run: "click",
        },
        {
            content: "Odoo's Settings page is not offered, Care Settings is",
            trigger: ".dropdown-menu:not(:has(.dropdown-item:contains(/^Settings$/))) .dropdown-item:contains(Care Settings)",
            run: "click",
        },
        {
            content: "The care rules' settings",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Care Rules)",
            run: "click",
        },
        {
            content: "At most two contacts a week",
            trigger: ".o_form_view .o_field_widget[name=care_weekly_contact_cap] input",
            run: "edit 2",
        },
        {
            // saving a company reloads the web client (a company's changes reach the whole session): the test
            // reads the saved cap from the database
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
    ],
});
