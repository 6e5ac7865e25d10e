//! The neutral report table: built once from a [`Summary`] (or a [`Grouping`]), then
//! rendered by the PDF, the workbook, the terminal table, CSV and JSON, and the app's
//! totals view. A table knows its columns' headings and types and its total rows; it
//! knows nothing of pages, cells of a sheet or terminals.
//!
//! The column sets are defined here and nowhere else: [`TotalsColumn`] for every totals
//! table, [`entries`] for the appendix of entries.

use super::with_unit;
use crate::i18n::{Lang, fields, report as words};
use crate::ledger::money::group_count;
use crate::ledger::{Entry, Fen, Ledger};
use crate::summary::{Filter, Grouping, SourceTotals, Summary};
use chrono::NaiveDate;

/// What a column holds, which decides how every renderer shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Names and descriptions.
    Text,
    /// An amount in fen: shown with two decimals in yuan, or in 万元.
    Money,
    /// A count: shown with thousands separators.
    Count,
    /// A rate in basis points: shown as `70.0%`.
    Percent,
    /// A day: shown as `2020-06-05`.
    Date,
    /// A record number: a plain integer with no thousands separator.
    Id,
}

/// Horizontal alignment of a column's cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
    /// Short codes and dates.
    Center,
}

/// One column of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The heading as printed, with the amount unit on money columns: `资金（元）`.
    pub heading: String,
    /// The machine name: CSV and JSON keys (`funds`, `households`, `village`).
    pub code: String,
    /// What the cells hold.
    pub kind: ColumnKind,
    /// Alignment of the cells (from the kind unless a builder chose otherwise).
    pub align: Align,
    /// Whether a cell may wrap onto several lines (numbers, dates and codes never do).
    pub wrap: bool,
    /// Zero counts are shown blank (the entries appendix), not as `0`.
    pub blank_zero: bool,
    /// In body rows this column is the sum of the columns `from..=to` of the same row
    /// (the 合计 column): a workbook writes it as a row formula.
    pub row_sum: Option<(usize, usize)>,
}

impl Column {
    /// A column of a kind, with that kind's alignment.
    pub fn new(heading: impl Into<String>, code: impl Into<String>, kind: ColumnKind) -> Column {
        let (align, wrap) = match kind {
            ColumnKind::Text => (Align::Left, true),
            ColumnKind::Date => (Align::Center, false),
            _ => (Align::Right, false),
        };
        Column {
            heading: heading.into(),
            code: code.into(),
            kind,
            align,
            wrap,
            blank_zero: false,
            row_sum: None,
        }
    }

    /// The same column, aligned otherwise and never wrapped (short codes, quantities).
    pub fn aligned(mut self, align: Align) -> Column {
        self.align = align;
        self.wrap = false;
        self
    }
}

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Nothing (a village × department pair with no entries).
    Empty,
    /// Text.
    Text(String),
    /// An amount.
    Money(Fen),
    /// A count.
    Count(u64),
    /// A rate in basis points (10,000 = 100 %), `None` when it has no meaning (`—`).
    Percent(Option<u32>),
    /// A day.
    Date(NaiveDate),
    /// A record number.
    Id(u64),
}

impl Cell {
    /// The cell as shown in a printed table or a terminal.
    pub fn display(&self, column: &Column, in_wan: bool) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Money(f) => super::money_text(*f, in_wan),
            Cell::Count(0) if column.blank_zero => String::new(),
            Cell::Count(n) => group_count(*n),
            Cell::Percent(bp) => percent_text(*bp),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Id(n) => n.to_string(),
        }
    }

    /// True for a cell that holds nothing worth a row: empty, a zero amount or count, no
    /// rate.
    pub fn is_zero(&self) -> bool {
        match self {
            Cell::Empty | Cell::Percent(None) => true,
            Cell::Money(f) => f.0 == 0,
            Cell::Count(n) => *n == 0,
            Cell::Percent(Some(_)) | Cell::Text(_) | Cell::Date(_) | Cell::Id(_) => false,
        }
    }

    /// The cell for machines (CSV): amounts as `40000.00` yuan, counts without separators.
    pub fn plain(&self) -> String {
        match self {
            Cell::Money(f) => f.plain(),
            Cell::Count(n) | Cell::Id(n) => n.to_string(),
            Cell::Percent(Some(bp)) => format!("{}", f64::from(*bp) / 10_000.0),
            Cell::Percent(None) | Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// `70.0%`, or `—` with no rate.
pub fn percent_text(bp: Option<u32>) -> String {
    match bp {
        Some(bp) => format!("{}.{}%", bp / 100, (bp % 100) / 10),
        None => "—".to_string(),
    }
}

/// Whether a row is a body row or a total (合计) row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A row of data.
    Body,
    /// A total over the body rows above it.
    Total,
}

/// One row of cells, one per column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The cells.
    pub cells: Vec<Cell>,
    /// Body or total.
    pub kind: RowKind,
}

/// A report table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// What the table shows: `按村汇总`.
    pub title: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The leading columns that name a row (the village, or 编号 and 日期): left of the
    /// numbers in a terminal, repeated when a printed table is split across widths.
    pub key_columns: usize,
    /// Body rows, then total rows.
    pub rows: Vec<Row>,
    /// Amounts shown in 万元 rather than yuan.
    pub in_wan: bool,
    /// Lines printed under the table: rows left out, how a column is defined.
    pub notes: Vec<String>,
}

impl Table {
    /// The body rows.
    pub fn body(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.kind == RowKind::Body)
    }

    /// The total rows.
    pub fn totals(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.kind == RowKind::Total)
    }

    /// Leaves out the body rows whose every cell after the key columns is zero or empty
    /// (a category with no entries in the period) and says how many in a note
    /// (`另有 7 个类别本期无记录`); `noun` names what a row is. Returns how many went.
    pub fn omit_zero_rows(&mut self, noun: crate::i18n::Text, lang: Lang) -> usize {
        let keys = self.key_columns;
        let before = self.rows.len();
        self.rows
            .retain(|r| r.kind == RowKind::Total || !r.cells.iter().skip(keys).all(Cell::is_zero));
        let omitted = before - self.rows.len();
        if omitted > 0 {
            self.notes.push(words::omitted_rows(omitted, noun, lang));
        }
        omitted
    }

    /// Every row as shown (see [`Cell::display`]).
    pub fn display_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .zip(&self.columns)
                    .map(|(c, col)| c.display(col, self.in_wan))
                    .collect()
            })
            .collect()
    }
}

/// The measure columns of every totals table (per village, department, category, month),
/// after the key columns. This is the one definition: the PDF, the workbook, the CLI and
/// the app all show these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TotalsColumn {
    /// 条数.
    Entries,
    /// 资金.
    Funds,
    /// 物资.
    Goods,
    /// 服务.
    Services,
    /// 合计.
    Total,
    /// 受益户数.
    Households,
    /// 受益人数.
    Persons,
    /// 人次.
    PersonTimes,
    /// 计划金额 (machine output only).
    Pledged,
    /// 已到位 of the pledges (machine output only).
    PledgedDelivered,
}

impl TotalsColumn {
    /// The printed columns in order.
    pub const ALL: [TotalsColumn; 8] = [
        TotalsColumn::Entries,
        TotalsColumn::Funds,
        TotalsColumn::Goods,
        TotalsColumn::Services,
        TotalsColumn::Total,
        TotalsColumn::Households,
        TotalsColumn::Persons,
        TotalsColumn::PersonTimes,
    ];

    /// The printed columns and the pledges: what JSON output carries.
    pub const WITH_PLEDGES: [TotalsColumn; 10] = [
        TotalsColumn::Entries,
        TotalsColumn::Funds,
        TotalsColumn::Goods,
        TotalsColumn::Services,
        TotalsColumn::Total,
        TotalsColumn::Pledged,
        TotalsColumn::PledgedDelivered,
        TotalsColumn::Households,
        TotalsColumn::Persons,
        TotalsColumn::PersonTimes,
    ];

    /// True for money columns.
    pub fn is_money(self) -> bool {
        self.fen(&SourceTotals::default()).is_some()
    }

    /// The field word of the column.
    fn word(self) -> crate::i18n::Text {
        match self {
            TotalsColumn::Entries => fields::ENTRIES,
            TotalsColumn::Funds => fields::FUNDS,
            TotalsColumn::Goods => fields::GOODS,
            TotalsColumn::Services => fields::SERVICES,
            TotalsColumn::Total => fields::TOTAL,
            TotalsColumn::Households => fields::HOUSEHOLDS,
            TotalsColumn::Persons => fields::PERSONS,
            TotalsColumn::PersonTimes => fields::PERSON_TIMES,
            TotalsColumn::Pledged => fields::PLEDGED,
            TotalsColumn::PledgedDelivered => fields::DELIVERED,
        }
    }

    /// The machine name: `entries`, `funds`, `pledged_delivered`, ….
    pub fn code(self) -> &'static str {
        match self {
            TotalsColumn::Entries => "entries",
            TotalsColumn::Funds => "funds",
            TotalsColumn::Goods => "goods",
            TotalsColumn::Services => "services",
            TotalsColumn::Total => "total",
            TotalsColumn::Households => "households",
            TotalsColumn::Persons => "persons",
            TotalsColumn::PersonTimes => "person_times",
            TotalsColumn::Pledged => "pledged",
            TotalsColumn::PledgedDelivered => "pledged_delivered",
        }
    }

    /// The heading, with the amount unit on money columns.
    pub fn heading(self, lang: Lang, in_wan: bool) -> String {
        let base = self.word().get(lang);
        if self.is_money() {
            with_unit(base, lang, in_wan)
        } else {
            base.to_string()
        }
    }

    /// The money value of a money column.
    pub fn fen(self, t: &SourceTotals) -> Option<Fen> {
        match self {
            TotalsColumn::Funds => Some(t.funds_fen),
            TotalsColumn::Goods => Some(t.goods_fen),
            TotalsColumn::Services => Some(t.services_fen),
            TotalsColumn::Total => Some(t.total_fen()),
            TotalsColumn::Pledged => Some(t.pledged_fen),
            TotalsColumn::PledgedDelivered => Some(t.pledged_delivered_fen),
            _ => None,
        }
    }

    /// The count of a count column.
    pub fn count(self, t: &SourceTotals) -> Option<u64> {
        match self {
            TotalsColumn::Entries => Some(t.entries),
            TotalsColumn::Households => Some(t.households),
            TotalsColumn::Persons => Some(t.persons),
            TotalsColumn::PersonTimes => Some(t.person_times),
            _ => None,
        }
    }

    /// The cell of a totals row.
    pub fn cell(self, t: &SourceTotals) -> Cell {
        match (self.fen(t), self.count(t)) {
            (Some(f), _) => Cell::Money(f),
            (_, Some(n)) => Cell::Count(n),
            _ => Cell::Empty,
        }
    }

    /// The cell as printed.
    pub fn text(self, t: &SourceTotals, in_wan: bool) -> String {
        let column = Column::new("", "", ColumnKind::Count);
        self.cell(t).display(&column, in_wan)
    }

    /// The column of a table whose measures start at table column `first`.
    fn column(self, lang: Lang, in_wan: bool, first: usize, set: &[TotalsColumn]) -> Column {
        let kind = if self.is_money() {
            ColumnKind::Money
        } else {
            ColumnKind::Count
        };
        let mut c = Column::new(self.heading(lang, in_wan), self.code(), kind);
        if self == TotalsColumn::Total {
            let at = |x: TotalsColumn| set.iter().position(|c| *c == x).map(|i| first + i);
            if let (Some(from), Some(to)) = (at(TotalsColumn::Funds), at(TotalsColumn::Services)) {
                c.row_sum = Some((from, to));
            }
        }
        c
    }
}

/// A totals table of any grouping: one key column per group key, then `measures`, then a
/// 合计 row. The terminal's `bangfu summary` and the printed per-X tables are this.
pub fn grouping(
    ledger: &Ledger,
    g: &Grouping,
    measures: &[TotalsColumn],
    title: impl Into<String>,
    lang: Lang,
    in_wan: bool,
) -> Table {
    let nkeys = g.keys.len();
    let mut columns: Vec<Column> = g
        .keys
        .iter()
        .map(|k| Column::new(k.heading(lang), k.code(), ColumnKind::Text))
        .collect();
    columns.extend(
        measures
            .iter()
            .map(|m| m.column(lang, in_wan, nkeys, measures)),
    );
    let mut rows: Vec<Row> = g
        .rows
        .iter()
        .map(|r| {
            let mut cells: Vec<Cell> = r
                .key
                .iter()
                .map(|k| Cell::Text(k.label(ledger, lang)))
                .collect();
            cells.extend(measures.iter().map(|m| m.cell(r.shown())));
            Row {
                cells,
                kind: RowKind::Body,
            }
        })
        .collect();
    let mut cells = vec![Cell::Empty; nkeys];
    if let Some(first) = cells.first_mut() {
        *first = Cell::Text(fields::TOTAL.get(lang).to_string());
    }
    cells.extend(measures.iter().map(|m| m.cell(&g.shown_total())));
    rows.push(Row {
        cells,
        kind: RowKind::Total,
    });
    Table {
        title: title.into(),
        columns,
        key_columns: nkeys,
        rows,
        in_wan,
        notes: Vec::new(),
    }
}

/// 按村汇总: every village with something in the period; the others are counted in a note.
pub fn by_village(ledger: &Ledger, s: &Summary, lang: Lang, in_wan: bool) -> Table {
    let title = words::BY_VILLAGE.get(lang);
    let mut t = grouping(
        ledger,
        &s.by_village,
        &TotalsColumn::ALL,
        title,
        lang,
        in_wan,
    );
    t.omit_zero_rows(words::NOUN_VILLAGE, lang);
    t
}

/// 按部门汇总: every department that gave in the period; the others are counted in a note.
pub fn by_department(ledger: &Ledger, s: &Summary, lang: Lang, in_wan: bool) -> Table {
    let title = words::BY_DEPARTMENT.get(lang);
    let mut t = grouping(
        ledger,
        &s.by_department,
        &TotalsColumn::ALL,
        title,
        lang,
        in_wan,
    );
    t.omit_zero_rows(words::NOUN_DEPARTMENT, lang);
    t
}

/// 按类别汇总: every category used in the period (未分类 included); the others are
/// counted in a note.
pub fn by_category(ledger: &Ledger, s: &Summary, lang: Lang, in_wan: bool) -> Table {
    let title = words::BY_CATEGORY.get(lang);
    let mut t = grouping(
        ledger,
        &s.by_category,
        &TotalsColumn::ALL,
        title,
        lang,
        in_wan,
    );
    t.omit_zero_rows(words::NOUN_CATEGORY, lang);
    t
}

/// 按月汇总: every month that has entries.
pub fn by_month(ledger: &Ledger, s: &Summary, lang: Lang, in_wan: bool) -> Table {
    let title = words::BY_MONTH.get(lang);
    grouping(ledger, &s.by_month, &TotalsColumn::ALL, title, lang, in_wan)
}

/// 村×部门: the value given, villages down and departments across, with a 合计 column
/// (row totals) and a 合计 row (column totals). Pairs with no entries are empty cells.
pub fn cross(ledger: &Ledger, s: &Summary, lang: Lang, in_wan: bool) -> Table {
    let x = &s.cross;
    let nd = x.departments.len();
    let mut columns = vec![Column::new(
        words::CROSS_CORNER.get(lang),
        "village",
        ColumnKind::Text,
    )];
    columns.extend(x.departments.iter().map(|d| {
        let name = ledger.department_name(*d);
        Column::new(name, name, ColumnKind::Money)
    }));
    let mut total = Column::new(
        with_unit(fields::TOTAL.get(lang), lang, in_wan),
        "total",
        ColumnKind::Money,
    );
    if nd > 0 {
        total.row_sum = Some((1, nd));
    }
    columns.push(total);
    let mut rows: Vec<Row> = x
        .villages
        .iter()
        .enumerate()
        .map(|(vi, v)| {
            let mut cells = vec![Cell::Text(ledger.village_name(*v).to_string())];
            cells.extend(x.cells[vi].iter().map(|t| {
                if t.entries == 0 {
                    Cell::Empty
                } else {
                    Cell::Money(t.total_fen())
                }
            }));
            cells.push(Cell::Money(x.village_totals[vi].total_fen()));
            Row {
                cells,
                kind: RowKind::Body,
            }
        })
        .collect();
    let mut cells = vec![Cell::Text(fields::TOTAL.get(lang).to_string())];
    cells.extend(
        x.department_totals
            .iter()
            .map(|t| Cell::Money(t.total_fen())),
    );
    cells.push(Cell::Money(x.total.total_fen()));
    rows.push(Row {
        cells,
        kind: RowKind::Total,
    });
    Table {
        title: words::CROSS.get(lang).to_string(),
        columns,
        key_columns: 1,
        rows,
        in_wan,
        notes: Vec::new(),
    }
}

/// 计划与到位: the villages with pledges, what arrived and the delivery rate, and a 合计
/// row over every pledge of the period.
pub fn pledges(ledger: &Ledger, s: &Summary, lang: Lang, in_wan: bool) -> Table {
    let columns = vec![
        Column::new(fields::VILLAGE.get(lang), "village", ColumnKind::Text),
        Column::new(
            with_unit(fields::PLEDGED.get(lang), lang, in_wan),
            "pledged",
            ColumnKind::Money,
        ),
        Column::new(
            with_unit(fields::DELIVERED.get(lang), lang, in_wan),
            "pledged_delivered",
            ColumnKind::Money,
        ),
        Column::new(
            fields::DELIVERY_RATE.get(lang),
            "delivery_rate",
            ColumnKind::Percent,
        ),
    ];
    // Pledges of every source (the town's pledge to a village is one); see `Totals`.
    let row = |name: String, t: &SourceTotals, kind: RowKind| Row {
        cells: vec![
            Cell::Text(name),
            Cell::Money(t.pledged_fen),
            Cell::Money(t.pledged_delivered_fen),
            Cell::Percent(t.delivery_rate_bp()),
        ],
        kind,
    };
    let mut rows: Vec<Row> = s
        .by_village
        .rows
        .iter()
        .filter(|r| r.totals.all_sources().pledged_fen.0 > 0)
        .map(|r| {
            let name = r
                .key
                .iter()
                .map(|k| k.label(ledger, lang))
                .collect::<Vec<_>>()
                .join(" / ");
            row(name, &r.totals.all_sources(), RowKind::Body)
        })
        .collect();
    rows.push(row(
        fields::TOTAL.get(lang).to_string(),
        &s.overall.all_sources(),
        RowKind::Total,
    ));
    Table {
        title: words::PLEDGES.get(lang).to_string(),
        columns,
        key_columns: 1,
        rows,
        in_wan,
        notes: Vec::new(),
    }
}

/// The entries a report covers, by date then id.
pub fn report_entries<'a>(ledger: &'a Ledger, filter: &Filter) -> Vec<&'a Entry> {
    let m = filter.matcher(ledger);
    let mut entries: Vec<&Entry> = ledger.entries.iter().filter(|e| m.matches(e)).collect();
    entries.sort_by_key(|e| (e.date, e.id));
    entries
}

/// 附：帮扶明细: every entry that passes the filter, by date, with a 合计 row of the
/// value, what arrived, and the households, persons and person-times.
pub fn entries(ledger: &Ledger, filter: &Filter, lang: Lang, in_wan: bool) -> Table {
    let money = |w: crate::i18n::Text, code: &str| {
        Column::new(
            with_unit(w.get(lang), lang, in_wan),
            code,
            ColumnKind::Money,
        )
    };
    let count = |w: crate::i18n::Text, code: &str| {
        let mut c = Column::new(w.get(lang), code, ColumnKind::Count);
        c.blank_zero = true;
        c
    };
    let columns = vec![
        Column::new(words::ENTRY_NO.get(lang), "id", ColumnKind::Id),
        Column::new(fields::DATE.get(lang), "date", ColumnKind::Date),
        Column::new(fields::DEPARTMENT.get(lang), "department", ColumnKind::Text),
        Column::new(fields::VILLAGE.get(lang), "village", ColumnKind::Text),
        Column::new(words::ENTRY_KIND.get(lang), "kind", ColumnKind::Text).aligned(Align::Center),
        Column::new(fields::CATEGORY.get(lang), "category", ColumnKind::Text),
        Column::new(fields::WHAT.get(lang), "what", ColumnKind::Text),
        Column::new(fields::QUANTITY.get(lang), "quantity", ColumnKind::Text).aligned(Align::Right),
        money(fields::VALUE, "value"),
        money(fields::DELIVERED, "delivered"),
        count(words::ENTRY_HOUSEHOLDS, "households"),
        count(words::ENTRY_PERSONS, "persons"),
        count(fields::PERSON_TIMES, "person_times"),
        Column::new(fields::NOTES.get(lang), "notes", ColumnKind::Text),
    ];
    let list = report_entries(ledger, filter);
    let mut value = Fen::ZERO;
    let mut delivered = Fen::ZERO;
    let (mut households, mut persons, mut person_times) = (0u64, 0u64, 0u64);
    let mut rows: Vec<Row> = Vec::with_capacity(list.len() + 1);
    for e in list {
        value = value.saturating_add(e.value_fen);
        delivered = delivered.saturating_add(e.delivered_value());
        households += u64::from(e.households);
        persons += u64::from(e.persons);
        person_times += u64::from(e.person_times);
        let quantity = match &e.quantity {
            Some(q) => Cell::Text(format!("{q}{}", e.unit)),
            None => Cell::Empty,
        };
        let text = |s: &str| {
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.to_string())
            }
        };
        rows.push(Row {
            cells: vec![
                Cell::Id(e.id.0),
                Cell::Date(e.date),
                Cell::Text(ledger.department_name(e.department).to_string()),
                Cell::Text(ledger.village_name(e.village).to_string()),
                Cell::Text(e.kind.label(lang).to_string()),
                Cell::Text(ledger.category_name(e.category).to_string()),
                text(&e.what),
                quantity,
                Cell::Money(e.value_fen),
                Cell::Money(e.delivered_value()),
                Cell::Count(u64::from(e.households)),
                Cell::Count(u64::from(e.persons)),
                Cell::Count(u64::from(e.person_times)),
                text(&e.notes),
            ],
            kind: RowKind::Body,
        });
    }
    let mut total = vec![Cell::Empty; columns.len()];
    total[0] = Cell::Text(fields::TOTAL.get(lang).to_string());
    total[8] = Cell::Money(value);
    total[9] = Cell::Money(delivered);
    total[10] = Cell::Count(households);
    total[11] = Cell::Count(persons);
    total[12] = Cell::Count(person_times);
    rows.push(Row {
        cells: total,
        kind: RowKind::Total,
    });
    Table {
        title: words::APPENDIX.get(lang).to_string(),
        columns,
        key_columns: 2,
        rows,
        in_wan,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;

    fn yuan(y: i64) -> Cell {
        Cell::Money(Fen::from_yuan(y))
    }

    #[test]
    fn per_village_table_of_the_sample() {
        let ledger = sample_ledger();
        let s = Summary::compute(&ledger, &Filter::default());
        let t = by_village(&ledger, &s, Lang::Zh, false);
        assert_eq!(t.title, "按村汇总");
        let heads: Vec<&str> = t.columns.iter().map(|c| c.heading.as_str()).collect();
        assert_eq!(
            heads,
            [
                "村",
                "条数",
                "资金（元）",
                "物资（元）",
                "服务（元）",
                "合计（元）",
                "受益户数",
                "受益人数",
                "人次"
            ]
        );
        // 合计 is funds + goods + services of the same row.
        assert_eq!(t.columns[5].row_sum, Some((2, 4)));
        let first = &t.rows[0];
        assert_eq!(first.kind, RowKind::Body);
        assert_eq!(
            first.cells,
            [
                Cell::Text("九股村".into()),
                Cell::Count(10),
                yuan(40_000),
                yuan(27_000),
                yuan(0),
                yuan(67_000),
                Cell::Count(49),
                Cell::Count(120),
                Cell::Count(100),
            ]
        );
        let total = t.rows.last().expect("total row");
        assert_eq!(total.kind, RowKind::Total);
        assert_eq!(total.cells[0], Cell::Text("合计".into()));
        assert_eq!(total.cells[1], Cell::Count(11));
        assert_eq!(total.cells[5], yuan(67_000));
        assert_eq!(t.body().count(), ledger.villages.len());
        let en = by_village(&ledger, &s, Lang::En, true);
        assert_eq!(en.columns[2].heading, "Funds (10,000 yuan)");
        assert_eq!(en.display_rows()[0][5], "6.70");
    }

    #[test]
    fn cross_pledges_and_entries_of_the_sample() {
        let ledger = sample_ledger();
        let s = Summary::compute(&ledger, &Filter::default());
        let x = cross(&ledger, &s, Lang::Zh, false);
        let n = x.columns.len();
        assert_eq!(n, s.cross.departments.len() + 2);
        assert_eq!(x.columns[n - 1].heading, "合计（元）");
        assert_eq!(x.columns[n - 1].row_sum, Some((1, n - 2)));
        let total = x.rows.last().expect("total row");
        assert_eq!(total.cells[n - 1], yuan(67_000));
        // A village with no entries from a department shows an empty cell, not 0.00.
        assert!(x.body().any(|r| r.cells.contains(&Cell::Empty)));

        let p = pledges(&ledger, &s, Lang::Zh, false);
        let body: Vec<&Row> = p.body().collect();
        assert_eq!(body.len(), 1);
        assert_eq!(body[0].cells[0], Cell::Text("九股村".into()));
        assert_eq!(body[0].cells[1], yuan(1_000_000));
        assert_eq!(body[0].cells[2], yuan(700_000));
        assert_eq!(body[0].cells[3], Cell::Percent(Some(7_000)));
        assert_eq!(p.display_rows()[0][3], "70.0%");

        let e = entries(&ledger, &Filter::default(), Lang::Zh, false);
        assert_eq!(e.columns.len(), 14);
        assert_eq!(e.columns[0].heading, "编号");
        assert_eq!(e.columns[8].heading, "金额（元）");
        assert_eq!(e.body().count(), 12);
        let total = e.rows.last().expect("total row");
        assert_eq!(total.cells[8], yuan(1_067_000), "the pledge counts in full");
        assert_eq!(total.cells[9], yuan(767_000), "what arrived");
        assert_eq!(total.cells[10], Cell::Count(49));
        // Zero counts print blank in the appendix.
        let shown = e.display_rows();
        assert!(shown.iter().any(|r| r[10].is_empty()));
    }
}
