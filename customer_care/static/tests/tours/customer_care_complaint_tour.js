import { registry } from "@web/core/registry";

// A complaint goes through the written procedure, from new to closed, replied by phone with the standard answer.
registry.category("web_tour.tours").add("customer_care_complaint", {
    steps: () => [
        {
            content: "Judge whether the complaint is valid",
            trigger: ".o_form_view .o_form_statusbar button[name=action_assess]",
            run: "click",
        },
        {
            content: "Valid: assign it to the team and the responsible person",
            trigger: ".o_form_view .o_form_statusbar button[name=action_assign]",
            run: "click",
        },
        {
            content: "The deadline is set",
            trigger: ".o_field_widget[name=deadline]:not(:empty)",
        },
        {
            content: "Investigate",
            trigger: ".o_form_view .o_form_statusbar button[name=action_resolve]",
            run: "click",
        },
        {
            content: "Open the investigation",
            trigger: ".o_notebook .nav-link:contains(Investigation)",
            run: "click",
        },
        {
            content: "The cause found",
            trigger: ".o_field_widget[name=cause] textarea",
            run: "edit A faulty seal batch",
        },
        {
            content: "The cause is kept",
            trigger: ".o_field_widget[name=cause] textarea:value(A faulty seal batch)",
        },
        {
            content: "The corrective action",
            trigger: ".o_field_widget[name=corrective_action] textarea",
            run: "edit Replace the kettle",
        },
        {
            content: "Open the reply",
            trigger: ".o_notebook .nav-link:contains(Reply)",
            run: "click",
        },
        {
            content: "Pick the category's standard answer",
            trigger: ".o_field_widget[name=answer_id] input",
            run: "edit Replacement",
        },
        {
            content: "The standard answer is proposed",
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains(Replacement)",
            run: "click",
        },
        {
            content: "It is inserted with the customer's name",
            trigger: ".o_field_widget[name=reply] :contains(Dear Tour Customer)",
        },
        {
            content: "Given by phone",
            trigger: ".o_field_widget[name=reply_channel] input[data-value=phone]",
            run: "click",
        },
        {
            content: "Reply",
            trigger: ".o_form_view .o_form_statusbar button[name=action_reply]",
            run: "click",
        },
        {
            content: "Replied: it may now be closed",
            trigger: ".o_form_view .o_form_statusbar button[name=action_close]",
        },
        {
            content: "Open the evaluation",
            trigger: ".o_notebook .nav-link:contains(Evaluation)",
            run: "click",
        },
        {
            content: "The customer's verdict",
            trigger: ".o_field_widget[name=verdict] input[data-value=satisfied]",
            run: "click",
        },
        {
            content: "The cause class",
            trigger: ".o_field_widget[name=cause_class] input[data-value=product]",
            run: "click",
        },
        {
            content: "The preventive action",
            trigger: ".o_field_widget[name=preventive_action] textarea",
            run: "edit Check the seals at goods-in",
        },
        {
            content: "Close",
            trigger: ".o_form_view .o_form_statusbar button[name=action_close]",
            run: "click",
        },
        {
            content: "Closed: the closing date is kept",
            trigger: ".o_form_view:not(:has(button[name=action_close])) .o_field_widget[name=closed_date]",
        },
    ],
});
