def migrate(cr, version):
    """The grading engine's covering index on the invoices is now declared on account.move, under the
    ORM's name (which the ORM drops on uninstall): drop the one the engine used to create by hand.

    A profile's largest days overdue and its revenue place are computed when read since the nightly run
    grades only moved facts; databases installed before kept them as columns that nothing updates any more."""
    cr.execute("DROP INDEX IF EXISTS care_account_move_facts_idx")
    cr.execute("ALTER TABLE care_profile DROP COLUMN IF EXISTS max_days_overdue, DROP COLUMN IF EXISTS tier_place")
