def migrate(cr, version):
    """Profiles now keep last calendar year's revenue, by which last year's largest customers are ranked: the
    next night's grading is made a full run (every customer's facts aggregated again from the invoices), so
    that the new column is filled for every customer."""
    cr.execute("UPDATE res_company SET care_grading_run_start = NULL")
