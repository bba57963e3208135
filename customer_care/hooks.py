from odoo.tools import SQL


def pre_init_hook(env):
    """The settlement date of every paid customer invoice in one statement, before the ORM would compute
    it invoice by invoice for the whole ledger."""
    env.cr.execute(
        SQL(
            """
            ALTER TABLE account_move ADD COLUMN IF NOT EXISTS care_paid_date date;
            UPDATE account_move m
               SET care_paid_date = settled.paid_date
              FROM (SELECT l.move_id, MAX(r.max_date) AS paid_date
                      FROM account_move invoice
                      JOIN account_move_line l ON l.move_id = invoice.id AND l.display_type = 'payment_term'
                      JOIN account_partial_reconcile r ON r.debit_move_id = l.id
                     WHERE invoice.move_type = 'out_invoice' AND invoice.payment_state IN ('paid', 'in_payment')
                     GROUP BY l.move_id) AS settled
             WHERE m.id = settled.move_id
            """
        )
    )


def uninstall_hook(env):
    """What the addon made outside the ORM, which Odoo's uninstall does not know of: the grading engine's
    staging table and the sales facts' summary tables (the ORM drops the declared models' tables, views,
    columns and indexes) and the system
    parameters the addon keeps for itself (the daily digest's bookmark). The to-dos of the addon's activity
    types go with their duties: they would otherwise keep those types (a to-do's type cannot be deleted
    under it) as orphans in every salesperson's activity menu."""
    env.cr.execute(
        "DROP TABLE IF EXISTS care_profile_facts, care_sale_customer_stat, care_sale_product_stat, care_sale_cycle"
    )
    env.cr.execute(
        SQL(
            """
            DELETE FROM mail_activity
             WHERE activity_type_id IN (SELECT res_id FROM ir_model_data
                                         WHERE module = 'customer_care' AND model = 'mail.activity.type')
            """
        )
    )
    env["ir.config_parameter"].sudo().search([("key", "=like", "customer\\_care.%")]).unlink()
