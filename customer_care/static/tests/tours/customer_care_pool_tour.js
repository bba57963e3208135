import { registry } from "@web/core/registry";

// A salesperson claims a customer from the public pool (公海).
registry.category("web_tour.tours").add("customer_care_pool_claim", {
    steps: () => [
        {
            content: "The pool lists the reclaimed customer",
            trigger: ".o_list_view .o_data_row:contains(Pool Tea House)",
        },
        {
            content: "Claim it",
            trigger: ".o_data_row:contains(Pool Tea House) button[name=action_care_claim]",
            run: "click",
        },
        {
            content: "It has left the pool",
            trigger: ".o_view_nocontent",
        },
    ],
});
