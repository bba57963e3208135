import { registry } from "@web/core/registry";

// A salesperson opens "My Alerts" (客户预警) from the menu and acknowledges one.
registry.category("web_tour.tours").add("customer_care_my_alerts", {
    steps: () => [
        {
            content: "Open the Alerts menu",
            trigger: ".o_menu_sections .dropdown-toggle:contains(Alerts)",
            run: "click",
        },
        {
            content: "Open My Alerts",
            trigger: ".dropdown-menu .dropdown-item:contains(My Alerts)",
            run: "click",
        },
        {
            content: "The late payment of 王芳 Wang Fang is listed with its evidence",
            trigger: ".o_list_view .o_data_row:contains(王芳 Wang Fang):contains(days past due)",
        },
        {
            content: "Open it",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=partner_id]:contains(王芳 Wang Fang)",
            run: "click",
        },
        {
            content: "Acknowledge it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_acknowledge]",
            run: "click",
        },
        {
            content: "It is acknowledged",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Acknowledged)",
        },
    ],
});
