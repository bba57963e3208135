import { registry } from "@web/core/registry";

// A salesperson calls the customer and logs what was said (记录通话) from the duty's form.
registry.category("web_tour.tours").add("customer_care_log_call", {
    steps: () => [
        {
            content: "The duty shows the script filled in",
            trigger: ".o_form_view .o_field_widget[name=script]:contains(王女士)",
        },
        {
            content: "Log the call",
            trigger: ".o_form_view .o_form_statusbar button[name=action_log_call]",
            run: "click",
        },
        {
            content: "Say what was said",
            trigger: ".modal .o_field_widget[name=result] textarea",
            run: "edit 王女士很好，问起了新款",
        },
        {
            content: "And the next step",
            trigger: ".modal .o_field_widget[name=next_step] textarea",
            run: "edit 周五寄产品目录",
        },
        {
            content: "Log it",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The dialog is closed and the duty done",
            trigger: "body:not(:has(.modal)) .o_form_view .o_form_statusbar:not(:has(button[name=action_log_call]))",
        },
    ],
});

// A manager prints the whole team's monthly statements in one go.
registry.category("web_tour.tours").add("customer_care_print_statements", {
    steps: () => [
        {
            content: "Open the Compliance menu",
            trigger: ".o_menu_sections .dropdown-toggle:contains(Compliance)",
            run: "click",
        },
        {
            content: "Open the monthly statements",
            trigger: ".dropdown-menu .dropdown-item:contains(Monthly Statement)",
            run: "click",
        },
        {
            content: "Add a salesperson",
            trigger: ".modal .o_field_widget[name=user_ids] input",
            run: "edit Sales Li",
        },
        {
            content: "Pick Sales Li",
            trigger: ".o-autocomplete--dropdown-item:contains(Sales Li)",
            run: "click",
        },
        {
            content: "Add another",
            trigger: ".modal .o_field_widget[name=user_ids] .o_tag:contains(Sales Li)",
            run: () => {},
        },
        {
            content: "Type the second salesperson",
            trigger: ".modal .o_field_widget[name=user_ids] input",
            run: "edit Sales Zhao",
        },
        {
            content: "Pick Sales Zhao",
            trigger: ".o-autocomplete--dropdown-item:contains(Sales Zhao)",
            run: "click",
        },
        {
            content: "Print",
            trigger: ".modal .o_field_widget[name=user_ids] .o_tag:contains(Sales Zhao)",
            run: () => {},
        },
        {
            content: "Print the statements",
            trigger: ".modal button[name=action_print]",
            run: "click",
        },
        {
            content: "The dialog closes once the PDF is downloaded",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
