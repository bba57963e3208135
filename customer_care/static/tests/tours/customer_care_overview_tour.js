import { registry } from "@web/core/registry";

// A sales manager on the overview (驾驶舱), the app's first screen: a figure opens its list.
registry.category("web_tour.tours").add("customer_care_overview", {
    steps: () => [
        {
            content: "The overview is the first screen, with the customers per tier",
            trigger: ".o_care_overview .o_care_figure[data-key='tiers_vip']:contains(1)",
        },
        {
            content: "The gold customers, one click away",
            trigger: ".o_care_overview .o_care_figure[data-key='gold']:contains(1)",
            run: "click",
        },
        {
            content: "Their list",
            trigger: ".o_list_view .o_data_row:contains(Tour Gold Customer)",
        },
        {
            content: "Back to the overview",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: "The top 20 %'s share opens the Pareto curve",
            trigger: ".o_care_overview .o_care_figure[data-key='top20']",
            run: "click",
        },
        {
            content: "The Pareto graph",
            trigger: ".o_graph_view",
        },
        {
            content: "Back to the overview again",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: "Last year's largest customers: how many ordered again",
            trigger: ".o_care_overview .o_care_figure[data-key='largest_last_year']:contains(ordered again)",
            run: "click",
        },
        {
            content: "The report lists the customer",
            trigger: ".o_list_view .o_data_row:contains(Tour Gold Customer)",
        },
    ],
});
