import { registry } from "@web/core/registry";

// A salesperson requests a birthday gift (生日礼物申请) from the birthday duty's form.
registry.category("web_tour.tours").add("customer_care_gift_request", {
    steps: () => [
        {
            content: "Request a gift from the birthday duty",
            trigger: ".o_form_view .o_form_statusbar button:contains(Request Gift)",
            run: "click",
        },
        {
            content: "The gift",
            trigger: ".modal .o_field_widget[name=gift] input",
            run: "edit 生日蛋糕 Birthday cake",
        },
        {
            content: "Its estimated cost",
            trigger: ".modal .o_field_widget[name=estimated_cost] input",
            run: "edit 200",
        },
        {
            content: "Send it for approval",
            trigger: ".modal button[name=action_request]",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// A manager browses the care calendar, then the compliance report (服务考核).
registry.category("web_tour.tours").add("customer_care_calendar_compliance", {
    steps: () => [
        {
            content: "A solar term is in this month's calendar",
            trigger: ".o_calendar_view .fc-event",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Occasions are listed",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=kind]:contains(Solar Term)",
        },
        {
            content: "Open the Compliance menu",
            trigger: ".o_menu_sections .dropdown-toggle:contains(Compliance)",
            run: "click",
        },
        {
            content: "Open the compliance report",
            trigger: ".dropdown-menu .dropdown-item:contains(Compliance Report)",
            run: "click",
        },
        {
            content: "The pivot shows Sales Li's duties",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Sales Li)",
        },
        {
            content: "Switch to the graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph is drawn",
            trigger: ".o_graph_renderer canvas",
        },
    ],
});
