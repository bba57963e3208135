import { registry } from "@web/core/registry";

// A salesperson opens a quotation of a small customer with bad credit (小客户，信用不好): the banner tells who the
// customer is, and confirming puts the quotation on hold.
registry.category("web_tour.tours").add("customer_care_credit_hold", {
    steps: () => [
        {
            content: "The banner shows the matrix cell and its policy",
            trigger: ".o_care_banner:contains(Small, bad credit: Strictest terms)",
        },
        {
            content: "and the credit stars",
            trigger: ".o_care_banner:contains(★☆☆☆)",
        },
        {
            content: "Confirm the quotation",
            trigger: ".o_form_view .o_form_statusbar button[name=action_confirm]:visible",
            run: "click",
        },
        {
            content: "Told it is held",
            trigger: ".o_notification:contains(Held until a manager releases them)",
        },
        {
            content: "The form shows the hold and its reason",
            trigger: ".o_form_view .alert-danger:contains(Held for credit):contains(overdue)",
        },
        {
            content: "Still a quotation",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Quotation)",
        },
    ],
});

// A sales manager releases the hold with a reason: the order is confirmed.
registry.category("web_tour.tours").add("customer_care_credit_release", {
    steps: () => [
        {
            content: "Release the hold",
            trigger: ".o_form_view .o_form_statusbar button[name=action_care_release_hold]",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit 老客户，周五付清 Old customer, pays on Friday",
        },
        {
            content: "Release and confirm",
            trigger: ".modal button[name=action_release]",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
    ],
});
