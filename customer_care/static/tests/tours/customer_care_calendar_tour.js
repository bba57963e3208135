import { registry } from "@web/core/registry";

// A salesperson opens the care calendar: it shows this month, with a customer's lunar birthday on its solar date
// and the duty planned for it.
registry.category("web_tour.tours").add("customer_care_calendar_birthday", {
    steps: () => [
        {
            content: "The calendar opens on the current month",
            trigger: ".o_calendar_view .fc-dayGridMonth-view .fc-day-today",
        },
        {
            content: "The customer's lunar birthday is on it, with its lunar date",
            trigger: ".o_calendar_view .o_event:contains(王芳 Wang Fang · 农历)",
            run: "click",
        },
        {
            content: "Its card says whose birthday it is",
            trigger: ".o_cw_popover .o_field_widget[name=partner_id]:contains(王芳 Wang Fang)",
        },
        {
            content: "The duty planned for it is on the calendar too",
            trigger: ".o_calendar_view .o_event:contains(Birthday greeting)",
        },
    ],
});
