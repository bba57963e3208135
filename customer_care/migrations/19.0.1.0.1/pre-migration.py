def migrate(cr, version):
    """The grading engine's covering index on the invoices is now declared on account.move, under the
    ORM's name (which the ORM drops on uninstall): drop the one the engine used to create by hand."""
    cr.execute("DROP INDEX IF EXISTS care_account_move_facts_idx")
