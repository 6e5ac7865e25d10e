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
use crate::summary::{
    Filter, Grouping, IndicatorProgress, KeyValue, SourceTotals, Summary, Totals, YearOverYear,
    YoyRow,
};
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
    /// A change in basis points of what it is compared with, signed (`+12.5%`, `-3.0%`),
    /// `None` when there is nothing to compare with (`—`).
    Change(Option<i64>),
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
            Cell::Change(bp) => change_text(*bp),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Id(n) => n.to_string(),
        }
    }

    /// True for a cell that holds nothing worth a row: empty, a zero amount or count, no
    /// rate.
    pub fn is_zero(&self) -> bool {
        match self {
            Cell::Empty | Cell::Percent(None) | Cell::Change(None) => true,
            Cell::Change(Some(bp)) => *bp == 0,
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
            Cell::Change(Some(bp)) => format!("{}", *bp as f64 / 10_000.0),
            Cell::Percent(None) | Cell::Change(None) | Cell::Empty => String::new(),
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

/// `+12.5%`, `-3.0%`, `0.0%`, or `—` with nothing to compare with.
pub fn change_text(bp: Option<i64>) -> String {
    match bp {
        Some(bp) => {
            let sign = match bp.signum() {
                1 => "+",
                -1 => "-",
                _ => "",
            };
            let abs = bp.unsigned_abs();
            format!("{sign}{}.{}%", abs / 100, (abs % 100) / 10)
        }
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
///
/// The kind columns (资金, 物资, 服务, 培训), 合计 and the counts are the unit's own input
/// (本单位投入) only; 引进 (everything brought in) and 消费帮扶 (the unit's purchases and
/// help to sell, which are not input) stand beside 合计; 其他 (others' input, never the
/// unit's) only when asked for. In a table grouped by source each row's own columns are
/// that source's.
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
    /// 培训 (a training's value, its cost when recorded).
    Training,
    /// 合计: 资金 + 物资 + 服务 + 培训.
    Total,
    /// 引进: the value brought in.
    Introduced,
    /// 消费帮扶: purchases and help to sell.
    Consumption,
    /// 其他: others' input (only when asked for).
    Other,
    /// 受益户次: households summed over entries.
    Households,
    /// 受益人次: persons summed over entries.
    Persons,
    /// 人次.
    PersonTimes,
    /// 计划金额 (machine output only).
    Pledged,
    /// 已到位 of the pledges (machine output only).
    PledgedDelivered,
}

impl TotalsColumn {
    /// The printed columns in order (without 其他).
    pub const ALL: [TotalsColumn; 11] = [
        TotalsColumn::Entries,
        TotalsColumn::Funds,
        TotalsColumn::Goods,
        TotalsColumn::Services,
        TotalsColumn::Training,
        TotalsColumn::Total,
        TotalsColumn::Introduced,
        TotalsColumn::Consumption,
        TotalsColumn::Households,
        TotalsColumn::Persons,
        TotalsColumn::PersonTimes,
    ];

    /// The printed columns with 其他 (others' input), when asked for.
    pub const ALL_WITH_OTHER: [TotalsColumn; 12] = [
        TotalsColumn::Entries,
        TotalsColumn::Funds,
        TotalsColumn::Goods,
        TotalsColumn::Services,
        TotalsColumn::Training,
        TotalsColumn::Total,
        TotalsColumn::Introduced,
        TotalsColumn::Consumption,
        TotalsColumn::Other,
        TotalsColumn::Households,
        TotalsColumn::Persons,
        TotalsColumn::PersonTimes,
    ];

    /// The printed columns and the pledges: what JSON output carries.
    pub const WITH_PLEDGES: [TotalsColumn; 13] = [
        TotalsColumn::Entries,
        TotalsColumn::Funds,
        TotalsColumn::Goods,
        TotalsColumn::Services,
        TotalsColumn::Training,
        TotalsColumn::Total,
        TotalsColumn::Introduced,
        TotalsColumn::Consumption,
        TotalsColumn::Pledged,
        TotalsColumn::PledgedDelivered,
        TotalsColumn::Households,
        TotalsColumn::Persons,
        TotalsColumn::PersonTimes,
    ];

    /// The printed columns, with or without 其他.
    pub fn printed(include_other: bool) -> &'static [TotalsColumn] {
        if include_other {
            &TotalsColumn::ALL_WITH_OTHER
        } else {
            &TotalsColumn::ALL
        }
    }

    /// The columns of machine output (JSON): the printed ones and the pledges.
    pub fn machine(include_other: bool) -> Vec<TotalsColumn> {
        let mut all = TotalsColumn::WITH_PLEDGES.to_vec();
        if include_other {
            all.insert(8, TotalsColumn::Other);
        }
        all
    }

    /// True for money columns.
    pub fn is_money(self) -> bool {
        !matches!(
            self,
            TotalsColumn::Entries
                | TotalsColumn::Households
                | TotalsColumn::Persons
                | TotalsColumn::PersonTimes
        )
    }

    /// The field word of the column.
    fn word(self) -> crate::i18n::Text {
        match self {
            TotalsColumn::Entries => fields::ENTRIES,
            TotalsColumn::Funds => fields::FUNDS,
            TotalsColumn::Goods => fields::GOODS,
            TotalsColumn::Services => fields::SERVICES,
            TotalsColumn::Training => fields::TRAINING,
            TotalsColumn::Total => fields::TOTAL,
            TotalsColumn::Introduced => fields::INTRODUCED,
            TotalsColumn::Consumption => fields::CONSUMPTION,
            TotalsColumn::Other => fields::OTHER_SOURCE,
            TotalsColumn::Households => fields::HOUSEHOLD_TIMES,
            TotalsColumn::Persons => fields::PERSONS_SUMMED,
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
            TotalsColumn::Training => "training",
            TotalsColumn::Total => "total",
            TotalsColumn::Introduced => "introduced",
            TotalsColumn::Consumption => "consumption",
            TotalsColumn::Other => "other",
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

    /// The money value of a money column of a row whose own columns show `shown` (the
    /// unit's own input, or the row's source in a table grouped by source).
    pub fn fen_of(self, t: &Totals, shown: &SourceTotals) -> Option<Fen> {
        match self {
            TotalsColumn::Funds => Some(shown.funds_fen),
            TotalsColumn::Goods => Some(shown.goods_fen),
            TotalsColumn::Services => Some(shown.services_fen),
            TotalsColumn::Training => Some(shown.training_fen),
            TotalsColumn::Total => Some(shown.total_fen()),
            TotalsColumn::Introduced => Some(t.introduced_fen()),
            TotalsColumn::Consumption => Some(shown.consumption_fen()),
            TotalsColumn::Other => Some(t.other_fen()),
            TotalsColumn::Pledged => Some(shown.pledged_fen),
            TotalsColumn::PledgedDelivered => Some(shown.pledged_delivered_fen),
            _ => None,
        }
    }

    /// The money value of a money column (the own columns: the unit's own input).
    pub fn fen(self, t: &Totals) -> Option<Fen> {
        self.fen_of(t, &t.direct)
    }

    /// The count of a count column (of `shown`, as [`TotalsColumn::fen_of`]).
    pub fn count_of(self, shown: &SourceTotals) -> Option<u64> {
        match self {
            TotalsColumn::Entries => Some(shown.entries),
            TotalsColumn::Households => Some(shown.households),
            TotalsColumn::Persons => Some(shown.persons),
            TotalsColumn::PersonTimes => Some(shown.person_times),
            _ => None,
        }
    }

    /// The count of a count column (the unit's own entries).
    pub fn count(self, t: &Totals) -> Option<u64> {
        self.count_of(&t.direct)
    }

    /// The cell of a totals row whose own columns show `shown`.
    pub fn cell_of(self, t: &Totals, shown: &SourceTotals) -> Cell {
        match (self.fen_of(t, shown), self.count_of(shown)) {
            (Some(f), _) => Cell::Money(f),
            (_, Some(n)) => Cell::Count(n),
            _ => Cell::Empty,
        }
    }

    /// The cell of a totals row (own columns: the unit's own input).
    pub fn cell(self, t: &Totals) -> Cell {
        self.cell_of(t, &t.direct)
    }

    /// The cell as printed.
    pub fn text(self, t: &Totals, in_wan: bool) -> String {
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
            let last = at(TotalsColumn::Training).or(at(TotalsColumn::Services));
            if let (Some(from), Some(to)) = (at(TotalsColumn::Funds), last) {
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
            cells.extend(measures.iter().map(|m| m.cell_of(&r.totals, r.shown())));
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
    cells.extend(
        measures
            .iter()
            .map(|m| m.cell_of(&g.total, &g.shown_total())),
    );
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

/// 按村汇总: every village with something in the period, and beside the 受益户次 its
/// registered households (建档立卡户, 监测户, 边缘户: master data, distinct households, never
/// summed from entries); villages with nothing at all are counted in a note.
pub fn by_village(
    ledger: &Ledger,
    s: &Summary,
    lang: Lang,
    in_wan: bool,
    include_other: bool,
) -> Table {
    let title = words::BY_VILLAGE.get(lang);
    let measures = TotalsColumn::printed(include_other);
    let mut t = grouping(ledger, &s.by_village, measures, title, lang, in_wan);
    add_registered(&mut t, ledger, &s.by_village, lang);
    t.omit_zero_rows(words::NOUN_VILLAGE, lang);
    t
}

/// Inserts the registered-household columns after 受益户次 of a per-village table built
/// from `g` (body rows in `g`'s order, then the 合计 row).
fn add_registered(t: &mut Table, ledger: &Ledger, g: &Grouping, lang: Lang) {
    let at = t
        .columns
        .iter()
        .position(|c| c.code == TotalsColumn::Households.code())
        .map_or(t.columns.len(), |i| i + 1);
    let heads = [
        (fields::REGISTERED_HOUSEHOLDS, "registered"),
        (fields::MONITORED_HOUSEHOLDS, "monitored"),
        (fields::MARGINAL_HOUSEHOLDS, "marginal"),
    ];
    for (j, (word, code)) in heads.iter().enumerate() {
        t.columns.insert(
            at + j,
            Column::new(word.get(lang), *code, ColumnKind::Count),
        );
    }
    let mut sums = [0u64; 3];
    for (row, g_row) in t.rows.iter_mut().zip(&g.rows) {
        let village = match g_row.key.first() {
            Some(KeyValue::Village(id)) => ledger.village(*id),
            _ => None,
        };
        let counts = village.map_or([0; 3], |v| {
            [v.registered, v.monitored, v.marginal].map(u64::from)
        });
        for (j, n) in counts.into_iter().enumerate() {
            sums[j] += n;
            row.cells.insert(at + j, Cell::Count(n));
        }
    }
    for row in t.rows.iter_mut().filter(|r| r.kind == RowKind::Total) {
        for (j, n) in sums.into_iter().enumerate() {
            row.cells.insert(at + j, Cell::Count(n));
        }
    }
}

/// 按部门汇总: every department that gave in the period; the others are counted in a note.
pub fn by_department(
    ledger: &Ledger,
    s: &Summary,
    lang: Lang,
    in_wan: bool,
    include_other: bool,
) -> Table {
    let title = words::BY_DEPARTMENT.get(lang);
    let measures = TotalsColumn::printed(include_other);
    let mut t = grouping(ledger, &s.by_department, measures, title, lang, in_wan);
    t.omit_zero_rows(words::NOUN_DEPARTMENT, lang);
    t
}

/// 按类别汇总: every category used in the period (未分类 included); the others are
/// counted in a note.
pub fn by_category(
    ledger: &Ledger,
    s: &Summary,
    lang: Lang,
    in_wan: bool,
    include_other: bool,
) -> Table {
    let title = words::BY_CATEGORY.get(lang);
    let measures = TotalsColumn::printed(include_other);
    let mut t = grouping(ledger, &s.by_category, measures, title, lang, in_wan);
    t.omit_zero_rows(words::NOUN_CATEGORY, lang);
    t
}

/// 按月汇总: every month that has entries (of the unit's, or of others' when shown).
pub fn by_month(
    ledger: &Ledger,
    s: &Summary,
    lang: Lang,
    in_wan: bool,
    include_other: bool,
) -> Table {
    let title = words::BY_MONTH.get(lang);
    let measures = TotalsColumn::printed(include_other);
    let mut t = grouping(ledger, &s.by_month, measures, title, lang, in_wan);
    t.omit_zero_rows(words::NOUN_MONTH, lang);
    t
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
pub fn pledges(
    ledger: &Ledger,
    s: &Summary,
    lang: Lang,
    in_wan: bool,
    include_other: bool,
) -> Table {
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
    // The unit's pledges (its own and those it brought in); others' (the town's funds)
    // only when asked for.
    let part = |t: &Totals| super::pledges_part(t, include_other);
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
        .filter(|r| part(&r.totals).pledged_fen.0 > 0)
        .map(|r| {
            let name = r
                .key
                .iter()
                .map(|k| k.label(ledger, lang))
                .collect::<Vec<_>>()
                .join(" / ");
            row(name, &part(&r.totals), RowKind::Body)
        })
        .collect();
    rows.push(row(
        fields::TOTAL.get(lang).to_string(),
        &part(&s.overall),
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

/// 按村同比 / 按部门同比: this year against last year, per village or department: the
/// unit's own input (合计) of each year, the change and its rate, and what was brought in
/// each year; rows with nothing in either year are counted in a note, and a note says
/// which years are compared.
fn yoy_table(
    ledger: &Ledger,
    y: &YearOverYear,
    by_village: bool,
    lang: Lang,
    in_wan: bool,
) -> Table {
    let year = y.year;
    let (title, key, rows, noun) = if by_village {
        (
            words::yoy_by_village(year, lang),
            fields::VILLAGE,
            &y.by_village,
            words::NOUN_YOY_VILLAGE,
        )
    } else {
        (
            words::yoy_by_department(year, lang),
            fields::DEPARTMENT,
            &y.by_department,
            words::NOUN_YOY_DEPARTMENT,
        )
    };
    let total = &y.total;
    let money = |heading: String, code: &str| {
        Column::new(with_unit(&heading, lang, in_wan), code, ColumnKind::Money)
    };
    let columns = vec![
        Column::new(key.get(lang), "key", ColumnKind::Text),
        money(words::year_heading(year, lang), "this_year"),
        money(words::year_heading(year - 1, lang), "last_year"),
        money(fields::CHANGE.get(lang).to_string(), "change"),
        Column::new(
            words::CHANGE_RATE.get(lang),
            "change_rate",
            ColumnKind::Percent,
        ),
        money(
            words::introduced_year_heading(year, lang),
            "introduced_this_year",
        ),
        money(
            words::introduced_year_heading(year - 1, lang),
            "introduced_last_year",
        ),
    ];
    let cells = |name: String, r: &YoyRow| {
        vec![
            Cell::Text(name),
            Cell::Money(r.this_year.total_fen()),
            Cell::Money(r.last_year.total_fen()),
            Cell::Money(r.change_fen()),
            Cell::Change(r.change_bp()),
            Cell::Money(r.this_year.introduced_fen()),
            Cell::Money(r.last_year.introduced_fen()),
        ]
    };
    let mut body: Vec<Row> = rows
        .iter()
        .map(|r| Row {
            cells: cells(r.key.map(|k| k.label(ledger, lang)).unwrap_or_default(), r),
            kind: RowKind::Body,
        })
        .collect();
    body.push(Row {
        cells: cells(fields::TOTAL.get(lang).to_string(), total),
        kind: RowKind::Total,
    });
    let mut t = Table {
        title,
        columns,
        key_columns: 1,
        rows: body,
        in_wan,
        notes: Vec::new(),
    };
    let omitted = t.omit_zero_rows(noun, lang);
    if omitted > 0 {
        // Said the year-over-year way: nothing in either year.
        t.notes.pop();
        t.notes.push(words::omitted_yoy_rows(omitted, noun, lang));
    }
    t.notes.push(words::yoy_note(year, lang));
    t
}

/// 按村同比: every village, this year against last year (see [`yoy_table`]).
pub fn yoy_by_village(ledger: &Ledger, y: &YearOverYear, lang: Lang, in_wan: bool) -> Table {
    yoy_table(ledger, y, true, lang, in_wan)
}

/// 按部门同比: every department, this year against last year (see [`yoy_table`]).
pub fn yoy_by_department(ledger: &Ledger, y: &YearOverYear, lang: Lang, in_wan: bool) -> Table {
    yoy_table(ledger, y, false, lang, in_wan)
}

/// 责任书完成情况: each indicator of the year with its unit, target, what the entries
/// completed and the 完成率, and 超额完成 above 100 %. Money is in 万元, as offices report
/// it; counts in their unit (人次). Indicators with neither a target nor anything
/// completed are counted in a note; a note says how completion is computed.
pub fn targets(progress: &[IndicatorProgress], year: i32, lang: Lang) -> Table {
    let columns = vec![
        Column::new(fields::INDICATOR.get(lang), "indicator", ColumnKind::Text),
        Column::new(fields::UNIT.get(lang), "unit", ColumnKind::Text).aligned(Align::Center),
        Column::new(fields::TARGET.get(lang), "target", ColumnKind::Count),
        Column::new(fields::COMPLETED.get(lang), "actual", ColumnKind::Count),
        Column::new(
            fields::COMPLETION_RATE.get(lang),
            "rate",
            ColumnKind::Percent,
        ),
        Column::new(fields::NOTES.get(lang), "note", ColumnKind::Text).aligned(Align::Center),
    ];
    let amount = |money: bool, n: i64| {
        if money {
            Cell::Money(Fen(n))
        } else {
            Cell::Count(u64::try_from(n).unwrap_or(0))
        }
    };
    let rows = progress
        .iter()
        .map(|p| {
            let unit = if p.money {
                fields::WAN_YUAN.get(lang).to_string()
            } else {
                p.unit.clone()
            };
            let note = if p.over {
                Cell::Text(fields::OVER_COMPLETED.get(lang).to_string())
            } else if p.rate_bp == Some(10_000) {
                Cell::Text(words::COMPLETED_EXACTLY.get(lang).to_string())
            } else {
                Cell::Empty
            };
            Row {
                cells: vec![
                    Cell::Text(p.name.clone()),
                    Cell::Text(unit),
                    p.target.map_or(Cell::Empty, |t| amount(p.money, t)),
                    amount(p.money, p.actual),
                    Cell::Percent(p.rate_bp),
                    note,
                ],
                kind: RowKind::Body,
            }
        })
        .collect();
    let mut t = Table {
        title: words::targets_title(year, lang),
        columns,
        key_columns: 1,
        rows,
        in_wan: true,
        notes: Vec::new(),
    };
    // The unit column is text: a row is empty when target, completion and rate are.
    let keys = t.key_columns;
    let before = t.rows.len();
    t.rows
        .retain(|r| !r.cells.iter().skip(keys + 1).all(Cell::is_zero));
    let omitted = before - t.rows.len();
    if omitted > 0 {
        t.notes
            .push(words::omitted_rows(omitted, words::NOUN_INDICATOR, lang));
    }
    t.notes.push(words::targets_note(year, lang));
    t
}

/// Where the headline's parts are in the [`overview`] table: the headline (本单位投入) is
/// row 0, and the sum of rows `OVERVIEW_PARTS` (资金, 物资, 服务, 培训); a workbook
/// writes it as that `=SUM(..)`.
pub const OVERVIEW_PARTS: std::ops::RangeInclusive<usize> = 2..=5;

/// 总体情况 as label / value rows: the headline, the unit's own input of the period
/// (本单位投入, with 大写) and its parts by kind; what was brought in (引进) and the
/// consumption assistance (消费帮扶) beside it; others' input only when asked for; the
/// services, 受益户次 / 受益人次, villages and departments involved, the unit's entries;
/// and the pledges (计划, 到位, 到位率) only when something was pledged. A note under it
/// says what the headline counts.
pub fn overview(
    ledger: &Ledger,
    s: &Summary,
    lang: Lang,
    in_wan: bool,
    include_other: bool,
) -> Table {
    let t = &s.overall;
    let d = &t.direct;
    let u = |l: crate::i18n::Text| with_unit(l.get(lang), lang, in_wan);
    let w = |l: crate::i18n::Text| l.get(lang).to_string();
    let mut rows: Vec<(String, Cell)> = vec![
        (u(words::HEADLINE_DIRECT), Cell::Money(d.total_fen())),
        (
            w(words::IN_WORDS),
            Cell::Text(d.total_fen().chinese_upper()),
        ),
        (u(words::OF_WHICH_FUNDS), Cell::Money(d.funds_fen)),
        (u(words::OF_WHICH_GOODS), Cell::Money(d.goods_fen)),
        (u(words::OF_WHICH_SERVICES), Cell::Money(d.services_fen)),
        (u(words::OF_WHICH_TRAINING), Cell::Money(d.training_fen)),
        (
            u(words::HEADLINE_INTRODUCED),
            Cell::Money(t.introduced_fen()),
        ),
        (
            u(words::CONSUMPTION_VALUE),
            Cell::Money(d.consumption_fen()),
        ),
    ];
    if include_other {
        rows.push((u(words::HEADLINE_OTHER), Cell::Money(t.other_fen())));
    }
    rows.push((
        w(fields::SERVICES),
        Cell::Text(words::services_count(
            &group_count(d.service_entries),
            &group_count(d.person_times),
            lang,
        )),
    ));
    if d.training_entries > 0 {
        rows.push((
            w(words::TRAININGS),
            Cell::Text(words::trainings_count(
                &group_count(d.training_entries),
                lang,
            )),
        ));
    }
    rows.extend([
        (w(fields::HOUSEHOLD_TIMES), Cell::Count(d.households)),
        (w(fields::PERSONS_SUMMED), Cell::Count(d.persons)),
        (
            w(words::VILLAGES_INVOLVED),
            Cell::Text(words::n_of_m(
                s.villages_involved,
                ledger.villages.len(),
                lang,
            )),
        ),
        (
            w(words::DEPARTMENTS_INVOLVED),
            Cell::Text(words::n_of_m(
                s.departments_involved,
                ledger.departments.len(),
                lang,
            )),
        ),
        (w(words::ENTRY_COUNT), Cell::Count(d.entries)),
    ]);
    // The delivery block only when something was pledged in the period.
    let p = super::pledges_part(t, include_other);
    if p.pledged_fen.0 > 0 {
        rows.extend([
            (u(words::PLEDGED_AMOUNT), Cell::Money(p.pledged_fen)),
            (
                u(words::PLEDGED_DELIVERED),
                Cell::Money(p.pledged_delivered_fen),
            ),
            (
                w(fields::DELIVERY_RATE),
                Cell::Percent(p.delivery_rate_bp()),
            ),
        ]);
    }
    Table {
        title: words::OVERVIEW.get(lang).to_string(),
        columns: vec![
            Column::new(words::ITEM.get(lang), "item", ColumnKind::Text),
            Column {
                wrap: true,
                ..Column::new(words::ITEM_VALUE.get(lang), "value", ColumnKind::Text)
                    .aligned(Align::Right)
            },
        ],
        key_columns: 1,
        rows: rows
            .into_iter()
            .map(|(label, cell)| Row {
                cells: vec![Cell::Text(label), cell],
                kind: RowKind::Body,
            })
            .collect(),
        in_wan,
        notes: vec![words::headline_note(include_other, lang)],
    }
}

/// The entries a report covers, by date then id.
pub fn report_entries<'a>(ledger: &'a Ledger, filter: &Filter) -> Vec<&'a Entry> {
    let m = filter.matcher(ledger);
    let mut entries: Vec<&Entry> = ledger.entries.iter().filter(|e| m.matches(e)).collect();
    entries.sort_by_key(|e| (e.date, e.id));
    entries
}

/// 附：帮扶明细: every entry that passes the filter (others' input only when asked for),
/// by date, with its source (来源), and a 合计 row of the value, what arrived, and the
/// households, persons and person-times.
pub fn entries(
    ledger: &Ledger,
    filter: &Filter,
    lang: Lang,
    in_wan: bool,
    include_other: bool,
) -> Table {
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
        Column::new(fields::SOURCE.get(lang), "source", ColumnKind::Text),
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
    // Others' input (其他) only when asked for.
    let list: Vec<&Entry> = report_entries(ledger, filter)
        .into_iter()
        .filter(|e| include_other || e.source != crate::ledger::Source::Other)
        .collect();
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
                Cell::Text(e.source.label(lang).to_string()),
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
    total[9] = Cell::Money(value);
    total[10] = Cell::Money(delivered);
    total[11] = Cell::Count(households);
    total[12] = Cell::Count(persons);
    total[13] = Cell::Count(person_times);
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
        let t = by_village(&ledger, &s, Lang::Zh, false, false);
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
                "培训（元）",
                "合计（元）",
                "引进（元）",
                "消费帮扶（元）",
                "受益户次",
                "建档立卡户",
                "监测户",
                "边缘户",
                "受益人次",
                "人次"
            ]
        );
        // 合计 is funds + goods + services + training of the same row.
        assert_eq!(t.columns[6].row_sum, Some((2, 5)));
        let first = &t.rows[0];
        assert_eq!(first.kind, RowKind::Body);
        // The sample's 九股村 (src/demo.rs): the unit's own 10 entries, funds 40,000,
        // goods 20,000 + 4,000 + 3,000; households 13 + 32 + 4 = 49 household-times beside
        // its 197 / 8 / 4 registered households; 120 persons; 100 person-times. The
        // town's 700,000 (其他) is in none of these.
        assert_eq!(
            first.cells,
            [
                Cell::Text("九股村".into()),
                Cell::Count(10),
                yuan(40_000),
                yuan(27_000),
                yuan(0),
                yuan(0),
                yuan(67_000),
                yuan(0),
                yuan(0),
                Cell::Count(49),
                Cell::Count(197),
                Cell::Count(8),
                Cell::Count(4),
                Cell::Count(120),
                Cell::Count(100),
            ]
        );
        let total = t.rows.last().expect("total row");
        assert_eq!(total.kind, RowKind::Total);
        assert_eq!(total.cells[0], Cell::Text("合计".into()));
        assert_eq!(total.cells[1], Cell::Count(11));
        assert_eq!(total.cells[6], yuan(67_000));
        // Registered households of all three villages: 197 + 37 + 0, 8 + 1 + 0, 4 + 3 + 0.
        assert_eq!(
            total.cells[10..13],
            [Cell::Count(234), Cell::Count(9), Cell::Count(7)]
        );
        // 海子村 has no entries but its registered households: it stays.
        assert_eq!(t.body().count(), ledger.villages.len());
        assert!(t.notes.is_empty());
        let en = by_village(&ledger, &s, Lang::En, true, false);
        assert_eq!(en.columns[2].heading, "Funds (10,000 yuan)");
        assert_eq!(en.display_rows()[0][6], "6.70");
        // Others' input as its own column only when asked for: the town's 700,000.
        let with_other = by_village(&ledger, &s, Lang::Zh, false, true);
        assert_eq!(with_other.columns[9].heading, "其他（元）");
        assert_eq!(with_other.rows[0].cells[9], yuan(700_000));
        assert_eq!(with_other.rows[0].cells[6], yuan(67_000));
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

        // The sample's only pledge is the town's (其他): none of the unit's …
        let p = pledges(&ledger, &s, Lang::Zh, false, false);
        assert_eq!(p.body().count(), 0);
        // … and with others' input shown, 1,000,000 pledged, 700,000 arrived: 70.0 %.
        let p = pledges(&ledger, &s, Lang::Zh, false, true);
        let body: Vec<&Row> = p.body().collect();
        assert_eq!(body.len(), 1);
        assert_eq!(body[0].cells[0], Cell::Text("九股村".into()));
        assert_eq!(body[0].cells[1], yuan(1_000_000));
        assert_eq!(body[0].cells[2], yuan(700_000));
        assert_eq!(body[0].cells[3], Cell::Percent(Some(7_000)));
        assert_eq!(p.display_rows()[0][3], "70.0%");

        let e = entries(&ledger, &Filter::default(), Lang::Zh, false, true);
        assert_eq!(e.columns.len(), 15);
        assert_eq!(e.columns[0].heading, "编号");
        assert_eq!(e.columns[5].heading, "来源");
        assert_eq!(e.columns[9].heading, "金额（元）");
        assert_eq!(e.body().count(), 12);
        let total = e.rows.last().expect("total row");
        assert_eq!(total.cells[9], yuan(1_067_000), "the pledge counts in full");
        assert_eq!(total.cells[10], yuan(767_000), "what arrived");
        assert_eq!(total.cells[11], Cell::Count(49));
        // Zero counts print blank in the appendix.
        let shown = e.display_rows();
        assert!(shown.iter().any(|r| r[11].is_empty()));
        // Without others' input: the unit's 11 entries, 67,000 in all.
        let e = entries(&ledger, &Filter::default(), Lang::Zh, false, false);
        assert_eq!(e.body().count(), 11);
        let total = e.rows.last().expect("total row");
        assert_eq!(total.cells[9], yuan(67_000));
    }

    #[test]
    fn change_and_zero_cells() {
        assert_eq!(change_text(Some(1_250)), "+12.5%");
        assert_eq!(change_text(Some(-300)), "-3.0%");
        assert_eq!(change_text(Some(0)), "0.0%");
        assert_eq!(change_text(None), "—");
        assert!(Cell::Money(Fen::ZERO).is_zero() && Cell::Change(None).is_zero());
        assert!(!Cell::Money(Fen(-1)).is_zero() && !Cell::Text(String::new()).is_zero());
    }
}
