import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A salesperson fills a customer's lunar birthday (农历生日) on the Dossier page and saves.
registry.category("web_tour.tours").add("customer_care_dossier_lunar_birthday", {
    steps: () => [
        {
            content: "Open the Dossier page",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Dossier)",
            run: "click",
        },
        {
            content: "The salesperson sees no sensitive family data",
            trigger: ".o_notebook .tab-pane.active:not(:has(.o_field_widget[name=care_health_notes]))",
        },
        {
            content: "Pick the lunar calendar",
            trigger: ".o_field_widget[name=care_birthday_calendar] input[data-value=lunar]",
            run: "click",
        },
        {
            content: "Lunar month",
            trigger: ".o_field_widget[name=care_lunar_month] input",
            run: "edit 8",
        },
        {
            content: "Lunar day",
            trigger: ".o_field_widget[name=care_lunar_day] input",
            run: "edit 15",
        },
        ...stepUtils.saveForm(),
        {
            content: "Saved: the lunar day is shown",
            trigger: ".o_form_saved .o_field_widget[name=care_lunar_day] input:value(15)",
        },
    ],
});
