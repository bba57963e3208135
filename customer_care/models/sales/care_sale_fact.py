import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ...report.care_purchase_cycle_report import CYCLE_YEARS

_logger = logging.getLogger(__name__)

# Customers per committed batch of the nightly rebuild.
REBUILD_BATCH = 2000
# Where an interrupted nightly rebuild resumes: "company_id:partner_id" of the last batch done.
REBUILD_CURSOR_PARAM = "customer_care.sale_fact_rebuild_cursor"

SALE_MOVE_TYPES = ("out_invoice", "out_refund")


class CareSaleFact(models.Model):
    """Sales per company x customer x product x month, from the posted customer invoices and credit notes
    (credit notes subtract), in company currency, with the cost kept at sale. The analyses read it instead of
    every invoice line. It is kept by the posting, cancelling and reset of invoices (one set of statements per
    batch of moves) and rebuilt each night.

    Beside it, three tables the same code keeps (plain tables: nobody reads them but the reports' SQL):

    - ``care_sale_customer_stat``: each customer's revenue and margin over the last 12 months (the profitability
      class and the Pareto ranks come from it);
    - ``care_sale_product_stat``: the same per product;
    - ``care_sale_cycle``: each customer's purchase dates per product category over the last three years (the
      purchase cycle)."""

    _name = "care.sale.fact"
    _description = "Monthly Sales per Customer and Product"
    _log_access = False
    _order = "month desc, id desc"
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", required=True, readonly=True, ondelete="cascade")
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    month = fields.Date(required=True, readonly=True, help="The first day of the invoices' month.")
    quantity = fields.Float(readonly=True)
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(string="Cost at Sale", readonly=True)
    invoice_count = fields.Integer(string="Invoices", readonly=True, help="Invoices (credit notes not counted).")

    _company_partner_product_month_uniq = models.UniqueIndex("(company_id, partner_id, product_id, month)")
    _company_month_idx = models.Index("(company_id, month)")
    _company_product_month_idx = models.Index("(company_id, product_id, month)")

    def init(self):
        self.env.cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS care_sale_customer_stat (
                    company_id integer NOT NULL,
                    partner_id integer NOT NULL,
                    revenue numeric NOT NULL,
                    margin numeric NOT NULL,
                    PRIMARY KEY (company_id, partner_id)
                );
                CREATE TABLE IF NOT EXISTS care_sale_product_stat (
                    company_id integer NOT NULL,
                    product_id integer NOT NULL,
                    revenue numeric NOT NULL,
                    margin numeric NOT NULL,
                    PRIMARY KEY (company_id, product_id)
                );
                CREATE TABLE IF NOT EXISTS care_sale_cycle (
                    company_id integer NOT NULL,
                    partner_id integer NOT NULL,
                    categ_id integer NOT NULL,
                    purchase_count integer NOT NULL,
                    first_purchase date NOT NULL,
                    last_purchase date NOT NULL,
                    product_id integer,
                    PRIMARY KEY (company_id, partner_id, categ_id)
                );
                CREATE INDEX IF NOT EXISTS care_sale_cycle_next_idx
                    ON care_sale_cycle (company_id, last_purchase);
                """
            )
        )

    # ------------------------------------------------------------
    # SQL PIECES
    # ------------------------------------------------------------

    @api.model
    def _care_month_start(self, day):
        return day.replace(day=1)

    @api.model
    def _care_customer_moves(self, company_id, partner_ids):
        """SQL: the posted customer invoices and credit notes of these commercial partners in one company,
        reached through the partners' index (the moves' commercial partner has none)."""
        return SQL(
            """
            SELECT move.id, move.move_type, move.invoice_date, move.commercial_partner_id AS partner_id
              FROM account_move move
             WHERE move.partner_id IN (SELECT id FROM res_partner WHERE commercial_partner_id = ANY(%(partners)s))
               AND move.commercial_partner_id = ANY(%(partners)s)
               AND move.company_id = %(company)s
               AND move.state = 'posted'
               AND move.move_type IN %(types)s
               AND move.invoice_date IS NOT NULL
            """,
            partners=list(partner_ids),
            company=company_id,
            types=SALE_MOVE_TYPES,
        )

    # ------------------------------------------------------------
    # KEEPING THE TABLES
    # ------------------------------------------------------------

    @api.model
    def _care_refresh_customers(self, company, partner_ids, months=None, products=True):
        """Recompute the facts of these customers in one company (only `months`, first days, if given; all
        months otherwise), then their 12-month figures, their purchase cycles and (unless `products` is False:
        the nightly rebuild does every product once at the end) the 12-month figures of every product whose
        facts changed. Idempotent: each piece is deleted and recomputed from the invoices."""
        partner_ids = sorted(set(partner_ids))
        if not partner_ids:
            return
        cr = self.env.cr
        month_filter = SQL("AND month = ANY(%s::date[])", [str(m) for m in months]) if months else SQL()
        moves = self._care_customer_moves(company.id, partner_ids)
        move_month_filter = (
            SQL("AND date_trunc('month', move.invoice_date)::date = ANY(%s::date[])", [str(m) for m in months])
            if months
            else SQL()
        )
        cr.execute(
            SQL(
                """
                DELETE FROM care_sale_fact
                 WHERE company_id = %(company)s AND partner_id = ANY(%(partners)s) %(month_filter)s
             RETURNING product_id
                """,
                company=company.id,
                partners=partner_ids,
                month_filter=month_filter,
            )
        )
        product_ids = {row[0] for row in cr.fetchall()}
        cr.execute(
            SQL(
                """
                INSERT INTO care_sale_fact (company_id, partner_id, product_id, product_categ_id, month,
                                            quantity, revenue, cost, invoice_count)
                SELECT %(company)s, move.partner_id, aml.product_id, template.categ_id,
                       date_trunc('month', move.invoice_date)::date,
                       SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * aml.quantity),
                       SUM(-aml.balance),
                       SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * COALESCE(aml.care_cost, 0)),
                       COUNT(DISTINCT move.id) FILTER (WHERE move.move_type = 'out_invoice')
                  FROM (%(moves)s) move
                  JOIN account_move_line aml ON aml.move_id = move.id
                  JOIN product_product product ON product.id = aml.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE aml.display_type = 'product' %(move_month_filter)s
                 GROUP BY 2, 3, 4, 5
             RETURNING product_id
                """,
                company=company.id,
                moves=moves,
                move_month_filter=move_month_filter,
            )
        )
        product_ids.update(row[0] for row in cr.fetchall())
        today = self.env["care.rule"]._care_today(company)
        self._care_refresh_customer_stats(company, today, partner_ids)
        if products:
            self._care_refresh_product_stats(company, today, product_ids)
        self._care_refresh_cycles(company, today, partner_ids)

    @api.model
    def _care_window_start(self, today):
        """The first month of the last 12 months (this month included)."""
        return self._care_month_start(today) - relativedelta(months=11)

    @api.model
    def _care_refresh_customer_stats(self, company, today, partner_ids=None):
        """Revenue and margin over the last 12 months of these customers (all of the company's if None)."""
        self._care_refresh_stats("care_sale_customer_stat", "partner_id", company, today, partner_ids)

    @api.model
    def _care_refresh_product_stats(self, company, today, product_ids=None):
        """Revenue and margin over the last 12 months of these products (all of the company's if None)."""
        self._care_refresh_stats("care_sale_product_stat", "product_id", company, today, product_ids)

    @api.model
    def _care_refresh_stats(self, table, key, company, today, ids=None):
        """The 12-month revenue and margin per `key` (customer or product) in `table`, from the facts: every
        row of the company's when `ids` is None, else only those ids' (none: nothing to do)."""
        if ids is not None and not ids:
            return
        key_filter = SQL("AND %s = ANY(%s)", SQL.identifier(key), list(ids)) if ids is not None else SQL()
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM %(table)s WHERE company_id = %(company)s %(key_filter)s;
                INSERT INTO %(table)s (company_id, %(key)s, revenue, margin)
                SELECT company_id, %(key)s, SUM(revenue), SUM(revenue - cost)
                  FROM care_sale_fact
                 WHERE company_id = %(company)s AND month >= %(since)s %(key_filter)s
                 GROUP BY company_id, %(key)s;
                """,
                table=SQL.identifier(table),
                key=SQL.identifier(key),
                company=company.id,
                since=self._care_window_start(today),
                key_filter=key_filter,
            )
        )

    @api.model
    def _care_refresh_cycles(self, company, today, partner_ids):
        """The purchase dates per product category of these customers over the last three years: how many
        distinct days, the first and last, and the product bought most often."""
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM care_sale_cycle WHERE company_id = %(company)s AND partner_id = ANY(%(partners)s);
                INSERT INTO care_sale_cycle (company_id, partner_id, categ_id, purchase_count, first_purchase,
                                             last_purchase, product_id)
                SELECT %(company)s, move.partner_id, COALESCE(template.categ_id, 0),
                       COUNT(DISTINCT move.invoice_date), MIN(move.invoice_date), MAX(move.invoice_date),
                       mode() WITHIN GROUP (ORDER BY aml.product_id)
                  FROM (%(moves)s) move
                  JOIN account_move_line aml ON aml.move_id = move.id
                  JOIN product_product product ON product.id = aml.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE move.move_type = 'out_invoice' AND move.invoice_date >= %(since)s
                   AND aml.display_type = 'product'
                 GROUP BY 2, 3;
                """,
                company=company.id,
                partners=list(partner_ids),
                moves=self._care_customer_moves(company.id, partner_ids),
                since=today - relativedelta(years=CYCLE_YEARS),
            )
        )

    @api.model
    def _care_refresh_moves(self, keys):
        """Bring the tables up to date for the (company id, commercial partner id, month) keys of a batch of
        customer invoices whose state changed: one set of statements per company and batch."""
        by_company = {}
        for company_id, partner_id, month in keys:
            partners, months = by_company.setdefault(company_id, (set(), set()))
            partners.add(partner_id)
            months.add(month)
        if not by_company:
            return
        self.env.flush_all()
        for company_id, (partner_ids, months) in by_company.items():
            # Months of other customers in the batch are recomputed from the same invoices: still exact.
            self._care_refresh_customers(self.env["res.company"].browse(company_id), partner_ids, months)
        self.invalidate_model()

    # ------------------------------------------------------------
    # NIGHTLY REBUILD
    # ------------------------------------------------------------

    @api.model
    def _care_rebuild_company(self, company, partner_ids):
        """Rebuild every month of these customers from the invoices (those without invoices any more lose their
        facts); the products' 12-month figures are left to the end of the company's rebuild."""
        self._care_refresh_customers(company, partner_ids, products=False)

    @api.model
    def _care_customers_after(self, company, after_partner_id, limit):
        """The next commercial partners, by id, with a posted customer invoice or facts in the company. Each
        source gives its own first ones, read in the order of an index, so that a batch costs the same at the
        start of the company as at its end."""
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id FROM (
                    (SELECT DISTINCT commercial_partner_id AS partner_id FROM account_move
                      WHERE company_id = %(company)s AND state = 'posted' AND move_type IN %(types)s
                        AND commercial_partner_id > %(after)s
                      ORDER BY 1 LIMIT %(limit)s)
                    UNION
                    (SELECT DISTINCT partner_id FROM care_sale_fact
                      WHERE company_id = %(company)s AND partner_id > %(after)s ORDER BY 1 LIMIT %(limit)s)
                    UNION
                    (SELECT DISTINCT partner_id FROM care_sale_cycle
                      WHERE company_id = %(company)s AND partner_id > %(after)s ORDER BY 1 LIMIT %(limit)s)
                ) customer
                ORDER BY partner_id
                LIMIT %(limit)s
                """,
                company=company.id,
                types=SALE_MOVE_TYPES,
                after=after_partner_id,
                limit=limit,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _care_rebuild_all(self):
        """Every company's facts and figures from the invoices, in this transaction (install, tests)."""
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            after = 0
            while batch := self._care_customers_after(company, after, REBUILD_BATCH):
                self.env.flush_all()
                self._care_rebuild_company(company, batch)
                after = batch[-1]
            self._care_refresh_product_stats(company, self.env["care.rule"]._care_today(company))
        self.invalidate_model()

    @api.model
    def _care_fill(self):
        """At install and update: the facts of the invoices posted before the addon, once (when there are none
        yet); from then on the invoices' posting and the nightly rebuild keep them."""
        self.env.cr.execute("SELECT 1 FROM care_sale_fact LIMIT 1")
        if not self.env.cr.fetchone():
            self._care_rebuild_all()

    @api.model
    def _cron_rebuild(self):
        """The nightly rebuild: every company's customers in batches, each batch committed; the 12-month
        figures of the products at the end of each company (the 12 months move with the date). A run stopped
        halfway resumes after the last committed batch."""
        params = self.env["ir.config_parameter"].sudo()
        cron = self.env["ir.cron"]
        company_id, partner_id = (int(part) for part in (params.get_param(REBUILD_CURSOR_PARAM) or "0:0").split(":"))
        companies = self.env["res.company"].sudo().search([("id", ">=", company_id)], order="id")
        for company in companies:
            after = partner_id if company.id == company_id else 0
            while True:
                batch = self._care_customers_after(company, after, REBUILD_BATCH)
                if not batch:
                    break
                try:
                    with self.env.cr.savepoint():
                        self.env.flush_all()
                        self._care_rebuild_company(company, batch)
                except Exception:
                    # One bad batch is logged and skipped; the others go on.
                    self.env.invalidate_all()
                    _logger.exception("Sales facts of company %s: batch after customer %s failed", company.id, after)
                after = batch[-1]
                params.set_param(REBUILD_CURSOR_PARAM, f"{company.id}:{after}")
                # More may follow: the runner calls again if time runs out here.
                if not cron._commit_progress(len(batch), remaining=1):
                    return
            self._care_refresh_product_stats(company, self.env["care.rule"]._care_today(company))
            params.set_param(REBUILD_CURSOR_PARAM, f"{company.id + 1}:0")
            cron._commit_progress(remaining=1)
        params.set_param(REBUILD_CURSOR_PARAM, False)
        cron._commit_progress(remaining=0)
        self.invalidate_model()
