//! Totals: per village, department, village × department, category, kind and period,
//! over a filter. Computed from a ledger in one pass per grouping; the app caches the
//! result until the next edit.

mod filter;
pub mod findings;
pub mod running;
pub mod targets;
pub mod yoy;

pub use filter::Filter;
pub use running::RunningTotals;
pub use targets::{IndicatorProgress, progress};
pub use yoy::{YearOverYear, YoyRow, year_over_year};

use crate::i18n::{Lang, fields, report as words};
use crate::ledger::{
    CategoryId, DepartmentId, Entry, Fen, Kind, Ledger, Source, Status, VillageId,
};
use chrono::Datelike;
use std::collections::HashMap;

/// The sums of one source's entries in one cell of a totals table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SourceTotals {
    /// Number of entries.
    pub entries: u64,
    /// Funds given (资金), delivered value.
    pub funds_fen: Fen,
    /// Goods given (物资), delivered value.
    pub goods_fen: Fen,
    /// Services given (服务), delivered value.
    pub services_fen: Fen,
    /// Training given (培训), delivered value (its cost, when recorded).
    pub training_fen: Fen,
    /// Products bought from the paired area (购买农产品), delivered value.
    pub purchase_fen: Fen,
    /// Products the unit helped to sell (帮助销售农产品), delivered value.
    pub sales_help_fen: Fen,
    /// Households reached, summed over entries: household-times (户次), not distinct
    /// households.
    pub households: u64,
    /// Persons reached, summed over entries (人次), not distinct persons.
    pub persons: u64,
    /// Person-times.
    pub person_times: u64,
    /// Services entries (a count, since many services carry no value).
    pub service_entries: u64,
    /// Training entries.
    pub training_entries: u64,
    /// Sum of pledged amounts (entries with a pledge).
    pub pledged_fen: Fen,
    /// What has arrived of those pledges.
    pub pledged_delivered_fen: Fen,
}

impl SourceTotals {
    /// Adds one entry (whatever its source: the caller chose the part).
    pub fn add(&mut self, e: &Entry) {
        self.entries += 1;
        let value = e.delivered_value();
        let slot = match e.kind {
            Kind::Funds => &mut self.funds_fen,
            Kind::Goods => &mut self.goods_fen,
            Kind::Services => {
                self.service_entries += 1;
                &mut self.services_fen
            }
            Kind::Training => {
                self.training_entries += 1;
                &mut self.training_fen
            }
            Kind::Purchase => &mut self.purchase_fen,
            Kind::SalesHelp => &mut self.sales_help_fen,
        };
        *slot = slot.saturating_add(value);
        self.households += u64::from(e.households);
        self.persons += u64::from(e.persons);
        self.person_times += u64::from(e.person_times);
        if let Status::Pledged { delivered_fen } = e.status {
            self.pledged_fen = self.pledged_fen.saturating_add(e.value_fen);
            self.pledged_delivered_fen = self.pledged_delivered_fen.saturating_add(delivered_fen);
        }
    }

    /// Adds one entry with checked sums; false (and the cell unusable) when a sum would
    /// pass the limit of `i64`, where [`SourceTotals::add`] saturates.
    fn try_add(&mut self, e: &Entry) -> bool {
        self.step(e, true)
    }

    /// Takes one entry added before back out; false when that cannot be exact.
    fn try_remove(&mut self, e: &Entry) -> bool {
        self.step(e, false)
    }

    /// One entry in (`add`) or out, every sum checked: the exact inverse of each other.
    fn step(&mut self, e: &Entry, add: bool) -> bool {
        fn fen(x: &mut Fen, v: Fen, add: bool) -> bool {
            let r = if add {
                x.0.checked_add(v.0)
            } else {
                x.0.checked_sub(v.0)
            };
            r.filter(|r| *r != i64::MAX && *r != i64::MIN)
                .map(|r| *x = Fen(r))
                .is_some()
        }
        fn count(x: &mut u64, v: u64, add: bool) -> bool {
            let r = if add {
                x.checked_add(v)
            } else {
                x.checked_sub(v)
            };
            r.map(|r| *x = r).is_some()
        }
        let value = e.delivered_value();
        let mut ok = count(&mut self.entries, 1, add);
        let slot = match e.kind {
            Kind::Funds => &mut self.funds_fen,
            Kind::Goods => &mut self.goods_fen,
            Kind::Services => {
                ok &= count(&mut self.service_entries, 1, add);
                &mut self.services_fen
            }
            Kind::Training => {
                ok &= count(&mut self.training_entries, 1, add);
                &mut self.training_fen
            }
            Kind::Purchase => &mut self.purchase_fen,
            Kind::SalesHelp => &mut self.sales_help_fen,
        };
        ok &= fen(slot, value, add);
        ok &= count(&mut self.households, u64::from(e.households), add);
        ok &= count(&mut self.persons, u64::from(e.persons), add);
        ok &= count(&mut self.person_times, u64::from(e.person_times), add);
        if let Status::Pledged { delivered_fen } = e.status {
            ok &= fen(&mut self.pledged_fen, e.value_fen, add);
            ok &= fen(&mut self.pledged_delivered_fen, delivered_fen, add);
        }
        ok
    }

    /// True when no sum is at the limit of `i64` (where [`SourceTotals::add`] stops).
    fn below_limit(&self) -> bool {
        [
            self.funds_fen,
            self.goods_fen,
            self.services_fen,
            self.training_fen,
            self.purchase_fen,
            self.sales_help_fen,
            self.pledged_fen,
            self.pledged_delivered_fen,
        ]
        .iter()
        .all(|f| f.0 != i64::MAX && f.0 != i64::MIN)
    }

    /// Adds another cell.
    pub fn merge(&mut self, o: &SourceTotals) {
        self.entries += o.entries;
        self.funds_fen = self.funds_fen.saturating_add(o.funds_fen);
        self.goods_fen = self.goods_fen.saturating_add(o.goods_fen);
        self.services_fen = self.services_fen.saturating_add(o.services_fen);
        self.training_fen = self.training_fen.saturating_add(o.training_fen);
        self.purchase_fen = self.purchase_fen.saturating_add(o.purchase_fen);
        self.sales_help_fen = self.sales_help_fen.saturating_add(o.sales_help_fen);
        self.households += o.households;
        self.persons += o.persons;
        self.person_times += o.person_times;
        self.service_entries += o.service_entries;
        self.training_entries += o.training_entries;
        self.pledged_fen = self.pledged_fen.saturating_add(o.pledged_fen);
        self.pledged_delivered_fen = self
            .pledged_delivered_fen
            .saturating_add(o.pledged_delivered_fen);
    }

    /// 合计: what was put in, funds + goods + services + training (purchases and
    /// help-to-sell are not input: see [`SourceTotals::consumption_fen`]).
    pub fn total_fen(&self) -> Fen {
        self.funds_fen
            .saturating_add(self.goods_fen)
            .saturating_add(self.services_fen)
            .saturating_add(self.training_fen)
    }

    /// 消费帮扶: purchases + help-to-sell, shown beside 合计, never inside it.
    pub fn consumption_fen(&self) -> Fen {
        self.purchase_fen.saturating_add(self.sales_help_fen)
    }

    /// Every delivered value of these entries: 合计 + 消费帮扶.
    pub fn value_fen(&self) -> Fen {
        self.total_fen().saturating_add(self.consumption_fen())
    }

    /// Value of one kind.
    pub fn kind_fen(&self, kind: Kind) -> Fen {
        match kind {
            Kind::Funds => self.funds_fen,
            Kind::Goods => self.goods_fen,
            Kind::Services => self.services_fen,
            Kind::Training => self.training_fen,
            Kind::Purchase => self.purchase_fen,
            Kind::SalesHelp => self.sales_help_fen,
        }
    }

    /// Delivery rate (到位率) in basis points (10,000 = 100 %), `None` with nothing pledged.
    pub fn delivery_rate_bp(&self) -> Option<u32> {
        (self.pledged_fen.0 > 0).then(|| {
            let bp =
                i128::from(self.pledged_delivered_fen.0) * 10_000 / i128::from(self.pledged_fen.0);
            bp.clamp(0, 1_000_000) as u32
        })
    }

    /// `70.0%`, or `—` with nothing pledged.
    pub fn delivery_rate_text(&self) -> String {
        crate::report::table::percent_text(self.delivery_rate_bp())
    }
}

/// The sums of one cell of a totals table, kept apart by source.
///
/// A table row's own columns (the kinds, 合计, the counts) are the unit's own input:
/// `Totals` dereferences to [`Totals::direct`], so `t.funds_fen` and `t.total_fen()` are
/// the direct figures. Money brought in is [`Totals::introduced`], shown beside 合计;
/// others' input is [`Totals::other`], shown only when asked for. In a table grouped by
/// source, each row shows its own source: see [`Row::shown`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// 本单位投入: the unit's own input.
    pub direct: SourceTotals,
    /// 引进: brought in by the unit.
    pub introduced: SourceTotals,
    /// 其他: others' input, never the unit's.
    pub other: SourceTotals,
}

impl std::ops::Deref for Totals {
    type Target = SourceTotals;

    /// The row's own columns are the unit's own input.
    fn deref(&self) -> &SourceTotals {
        &self.direct
    }
}

impl Totals {
    /// Adds one entry to the part of its source.
    pub fn add(&mut self, e: &Entry) {
        self.part_mut(e.source).add(e);
    }

    /// [`Totals::add`] with checked sums (see [`SourceTotals::try_add`]).
    fn try_add(&mut self, e: &Entry) -> bool {
        self.part_mut(e.source).try_add(e)
    }

    /// Takes an entry added before back out, exactly; false when it cannot be.
    fn try_remove(&mut self, e: &Entry) -> bool {
        self.part_mut(e.source).try_remove(e)
    }

    /// True when no sum of any source is at the limit of `i64`.
    fn below_limit(&self) -> bool {
        self.direct.below_limit() && self.introduced.below_limit() && self.other.below_limit()
    }

    /// Adds another cell, source by source.
    pub fn merge(&mut self, o: &Totals) {
        self.direct.merge(&o.direct);
        self.introduced.merge(&o.introduced);
        self.other.merge(&o.other);
    }

    /// The part of one source.
    pub fn source(&self, source: Source) -> &SourceTotals {
        match source {
            Source::Direct => &self.direct,
            Source::Introduced => &self.introduced,
            Source::Other => &self.other,
        }
    }

    fn part_mut(&mut self, source: Source) -> &mut SourceTotals {
        match source {
            Source::Direct => &mut self.direct,
            Source::Introduced => &mut self.introduced,
            Source::Other => &mut self.other,
        }
    }

    /// Every source added together (for a table grouped by source, whose rows are each
    /// one source, and for counting entries of any source).
    pub fn all_sources(&self) -> SourceTotals {
        let mut t = self.direct;
        t.merge(&self.introduced);
        t.merge(&self.other);
        t
    }

    /// Entries of any source (a row has something to show).
    pub fn entries_all(&self) -> u64 {
        self.direct.entries + self.introduced.entries + self.other.entries
    }

    /// True when the unit gave or brought in something here (others' input alone is not
    /// the unit's work).
    pub fn is_units_work(&self) -> bool {
        self.direct.entries + self.introduced.entries > 0
    }

    /// 引进: every delivered value brought in (all kinds), the column beside 合计.
    pub fn introduced_fen(&self) -> Fen {
        self.introduced.value_fen()
    }

    /// 其他: every delivered value of others' input (all kinds).
    pub fn other_fen(&self) -> Fen {
        self.other.value_fen()
    }
}

/// What a totals table is grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupKey {
    /// 村.
    Village,
    /// 部门.
    Department,
    /// 类别.
    Category,
    /// 帮扶形式.
    Kind,
    /// Calendar month.
    Month,
    /// Calendar quarter.
    Quarter,
    /// Calendar year.
    Year,
    /// 来源: 本单位投入 / 引进 / 其他; each row shows its own source's columns.
    Source,
}

impl GroupKey {
    /// Every key, in the order the CLI lists them.
    pub const ALL: [GroupKey; 8] = [
        GroupKey::Village,
        GroupKey::Department,
        GroupKey::Category,
        GroupKey::Kind,
        GroupKey::Month,
        GroupKey::Quarter,
        GroupKey::Year,
        GroupKey::Source,
    ];

    /// `village`, `department`, … (CLI and CSV column names).
    pub fn code(self) -> &'static str {
        match self {
            GroupKey::Village => "village",
            GroupKey::Department => "department",
            GroupKey::Category => "category",
            GroupKey::Kind => "kind",
            GroupKey::Month => "month",
            GroupKey::Quarter => "quarter",
            GroupKey::Year => "year",
            GroupKey::Source => "source",
        }
    }

    /// Reads a CLI key.
    pub fn parse(text: &str) -> Option<GroupKey> {
        GroupKey::ALL
            .into_iter()
            .find(|k| k.code() == text.trim().to_lowercase())
    }

    /// The printed heading: `村` / `Village`.
    pub fn heading(self, lang: Lang) -> &'static str {
        match self {
            GroupKey::Village => fields::VILLAGE,
            GroupKey::Department => fields::DEPARTMENT,
            GroupKey::Category => fields::CATEGORY,
            GroupKey::Kind => fields::KIND,
            GroupKey::Month => fields::MONTH,
            GroupKey::Quarter => fields::QUARTER,
            GroupKey::Year => fields::YEAR,
            GroupKey::Source => fields::SOURCE,
        }
        .get(lang)
    }

    /// The heading of a terminal table: the printed heading in Chinese, the machine name
    /// (`village`) in English, as `bangfu summary` prints it.
    pub fn label(self, lang: Lang) -> &'static str {
        if lang == Lang::En {
            self.code()
        } else {
            self.heading(lang)
        }
    }

    fn value(self, e: &Entry) -> KeyValue {
        match self {
            GroupKey::Village => KeyValue::Village(e.village),
            GroupKey::Department => KeyValue::Department(e.department),
            GroupKey::Category => KeyValue::Category(e.category),
            GroupKey::Kind => KeyValue::Kind(e.kind),
            GroupKey::Month => KeyValue::Month(e.date.year(), e.date.month()),
            GroupKey::Quarter => KeyValue::Quarter(e.date.year(), e.date.month0() / 3 + 1),
            GroupKey::Year => KeyValue::Year(e.date.year()),
            GroupKey::Source => KeyValue::Source(e.source),
        }
    }
}

/// One value of a group key: a village, a month …
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyValue {
    /// A village.
    Village(VillageId),
    /// A department.
    Department(DepartmentId),
    /// A category, or none (未分类).
    Category(Option<CategoryId>),
    /// A kind.
    Kind(Kind),
    /// Year and month (1–12).
    Month(i32, u32),
    /// Year and quarter (1–4).
    Quarter(i32, u32),
    /// A year.
    Year(i32),
    /// A source.
    Source(Source),
}

impl KeyValue {
    /// The value as shown: the village's name, `2020-06`, `2020-Q2`, `资金` …
    pub fn label(&self, ledger: &Ledger, lang: Lang) -> String {
        match *self {
            KeyValue::Village(id) => ledger.village_name(id).to_string(),
            KeyValue::Department(id) => ledger.department_name(id).to_string(),
            KeyValue::Category(None) => words::UNCATEGORIZED.get(lang).to_string(),
            KeyValue::Category(Some(id)) => ledger.category_name(Some(id)).to_string(),
            KeyValue::Kind(k) => k.label(lang).to_string(),
            KeyValue::Month(y, m) => format!("{y}-{m:02}"),
            KeyValue::Quarter(y, q) => format!("{y}-Q{q}"),
            KeyValue::Year(y) => format!("{y}"),
            KeyValue::Source(s) => s.label(lang).to_string(),
        }
    }
}

/// A row of a grouped table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// One value per group key.
    pub key: Vec<KeyValue>,
    /// The sums.
    pub totals: Totals,
}

impl Row {
    /// The figures the row's own columns show: the unit's own input, or, in a table
    /// grouped by source, the row's source.
    pub fn shown(&self) -> &SourceTotals {
        match self.key.iter().find_map(|k| match k {
            KeyValue::Source(s) => Some(*s),
            _ => None,
        }) {
            Some(s) => self.totals.source(s),
            None => &self.totals.direct,
        }
    }
}

/// A totals table: rows in a deterministic order (ledger order of villages, departments
/// and categories; kinds in 资金/物资/服务 order; periods in time order) and a grand total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouping {
    /// What the rows are grouped by.
    pub keys: Vec<GroupKey>,
    /// The rows.
    pub rows: Vec<Row>,
    /// The sum of every row.
    pub total: Totals,
}

impl Grouping {
    /// The figures of the 合计 row: the unit's own input, or, in a table grouped by
    /// source (whose rows are each one source), every source added together.
    pub fn shown_total(&self) -> SourceTotals {
        if self.keys.contains(&GroupKey::Source) {
            self.total.all_sources()
        } else {
            self.total.direct
        }
    }
}

/// Orders key values: master records by their place in the ledger's lists.
struct Order {
    village: HashMap<VillageId, usize>,
    department: HashMap<DepartmentId, usize>,
    category: HashMap<CategoryId, usize>,
}

impl Order {
    fn new(ledger: &Ledger) -> Order {
        Order {
            village: ledger
                .villages
                .iter()
                .enumerate()
                .map(|(i, v)| (v.id, i))
                .collect(),
            department: ledger
                .departments
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id, i))
                .collect(),
            category: ledger
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id, i))
                .collect(),
        }
    }

    fn rank(&self, k: &KeyValue) -> i64 {
        match *k {
            KeyValue::Village(id) => self.village.get(&id).map_or(i64::MAX, |&i| i as i64),
            KeyValue::Department(id) => self.department.get(&id).map_or(i64::MAX, |&i| i as i64),
            KeyValue::Category(Some(id)) => {
                self.category.get(&id).map_or(i64::MAX - 1, |&i| i as i64)
            }
            KeyValue::Category(None) => i64::MAX,
            KeyValue::Kind(k) => k as i64,
            KeyValue::Month(y, m) => i64::from(y) * 12 + i64::from(m),
            KeyValue::Quarter(y, q) => i64::from(y) * 4 + i64::from(q),
            KeyValue::Year(y) => i64::from(y),
            KeyValue::Source(s) => s as i64,
        }
    }
}

/// Groups the entries that pass `filter` by `keys`.
///
/// With one key of village, department, category or source, every record (every source)
/// gets a row, even with no entries (a village that received nothing is worth seeing); with
/// several keys only combinations that have entries appear.
pub fn group(ledger: &Ledger, filter: &Filter, keys: &[GroupKey]) -> Grouping {
    let matcher = filter.matcher(ledger);
    // Number the key combinations that occur, then total by number.
    let (index, slot_of): (HashMap<Vec<KeyValue>, u32>, Vec<u32>) = if let [key] = keys {
        // One key: the common case, without allocating a Vec per entry.
        let mut one: HashMap<KeyValue, u32> = HashMap::new();
        let slot_of = number_keys(ledger, &matcher, &mut one, |e| key.value(e));
        let index = one.into_iter().map(|(k, i)| (vec![k], i)).collect();
        (index, slot_of)
    } else {
        let mut index: HashMap<Vec<KeyValue>, u32> = HashMap::new();
        let slot_of = number_keys(ledger, &matcher, &mut index, |e| {
            keys.iter().map(|k| k.value(e)).collect()
        });
        (index, slot_of)
    };
    let n = index.len();
    let cells = tally(&ledger.entries, n + 1, |i, _| {
        let slot = slot_of[i];
        if slot == u32::MAX {
            [None, None]
        } else {
            [Some(slot as usize), Some(n)]
        }
    });
    let total = cells[n];
    let mut by_key: HashMap<Vec<KeyValue>, Totals> = index
        .into_iter()
        .map(|(k, i)| (k, cells[i as usize]))
        .collect();
    if let [key] = keys {
        let all: Vec<KeyValue> = match key {
            GroupKey::Village => ledger
                .villages
                .iter()
                .map(|v| KeyValue::Village(v.id))
                .collect(),
            GroupKey::Department => ledger
                .departments
                .iter()
                .map(|d| KeyValue::Department(d.id))
                .collect(),
            GroupKey::Category => ledger
                .categories
                .iter()
                .map(|c| KeyValue::Category(Some(c.id)))
                .collect(),
            GroupKey::Source => Source::ALL.map(KeyValue::Source).to_vec(),
            _ => Vec::new(),
        };
        for k in all {
            by_key.entry(vec![k]).or_default();
        }
    }
    let order = Order::new(ledger);
    let mut rows: Vec<Row> = by_key
        .into_iter()
        .map(|(key, totals)| Row { key, totals })
        .collect();
    rows.sort_by_cached_key(|r| r.key.iter().map(|k| order.rank(k)).collect::<Vec<_>>());
    Grouping {
        keys: keys.to_vec(),
        rows,
        total,
    }
}

/// Numbers the distinct keys of the entries that pass the filter (in `index`); returns
/// each entry's number, `u32::MAX` for entries the filter leaves out.
fn number_keys<K: std::hash::Hash + Eq>(
    ledger: &Ledger,
    matcher: &filter::Matcher<'_>,
    index: &mut HashMap<K, u32>,
    key: impl Fn(&Entry) -> K,
) -> Vec<u32> {
    ledger
        .entries
        .iter()
        .map(|e| {
            if !matcher.matches(e) {
                return u32::MAX;
            }
            let next = index.len() as u32;
            *index.entry(key(e)).or_insert(next)
        })
        .collect()
}

/// The one place where entries are added up. `slots(i, entry)` names the cells entry `i`
/// counts in (`None` for none: an entry the filter leaves out); the result has `cells`
/// cells. Big ledgers are totalled in chunks on every core, then the chunks are added up
/// (integer sums: the result is exactly the same as one pass).
fn tally<const N: usize>(
    entries: &[Entry],
    cells: usize,
    slots: impl Fn(usize, &Entry) -> [Option<usize>; N] + Sync,
) -> Vec<Totals> {
    const CHUNK: usize = 32_768;
    let fill = |start: usize, chunk: &[Entry]| {
        let mut acc = vec![Totals::default(); cells];
        for (i, e) in chunk.iter().enumerate() {
            for slot in slots(start + i, e).into_iter().flatten() {
                if let Some(t) = acc.get_mut(slot) {
                    t.add(e);
                }
            }
        }
        acc
    };
    if entries.len() > CHUNK {
        use rayon::prelude::*;
        entries
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(n, chunk)| fill(n * CHUNK, chunk))
            .reduce(
                || vec![Totals::default(); cells],
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(&b) {
                        x.merge(y);
                    }
                    a
                },
            )
    } else {
        fill(0, entries)
    }
}

/// A village × department matrix with row and column totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossTable {
    /// Villages that have entries, in ledger order.
    pub villages: Vec<VillageId>,
    /// Departments that have entries, in ledger order.
    pub departments: Vec<DepartmentId>,
    /// `cells[v][d]` for `villages[v]`, `departments[d]`.
    pub cells: Vec<Vec<Totals>>,
    /// Per village (row totals).
    pub village_totals: Vec<Totals>,
    /// Per department (column totals).
    pub department_totals: Vec<Totals>,
    /// Grand total.
    pub total: Totals,
}

impl CrossTable {
    /// Builds the matrix from a village × department grouping.
    pub fn from_grouping(ledger: &Ledger, g: &Grouping) -> CrossTable {
        let mut villages: Vec<VillageId> = Vec::new();
        let mut departments: Vec<DepartmentId> = Vec::new();
        for r in &g.rows {
            if let [KeyValue::Village(v), KeyValue::Department(d)] = r.key[..] {
                villages.push(v);
                departments.push(d);
            }
        }
        let order = Order::new(ledger);
        villages.sort_by_key(|v| (order.rank(&KeyValue::Village(*v)), v.0));
        villages.dedup();
        departments.sort_by_key(|d| (order.rank(&KeyValue::Department(*d)), d.0));
        departments.dedup();
        let mut cells = vec![vec![Totals::default(); departments.len()]; villages.len()];
        let mut village_totals = vec![Totals::default(); villages.len()];
        let mut department_totals = vec![Totals::default(); departments.len()];
        let village_at: HashMap<VillageId, usize> =
            villages.iter().enumerate().map(|(i, v)| (*v, i)).collect();
        let department_at: HashMap<DepartmentId, usize> = departments
            .iter()
            .enumerate()
            .map(|(i, d)| (*d, i))
            .collect();
        for r in &g.rows {
            if let [KeyValue::Village(v), KeyValue::Department(d)] = r.key[..] {
                let (Some(&vi), Some(&di)) = (village_at.get(&v), department_at.get(&d)) else {
                    continue;
                };
                cells[vi][di] = r.totals;
                village_totals[vi].merge(&r.totals);
                department_totals[di].merge(&r.totals);
            }
        }
        CrossTable {
            villages,
            departments,
            cells,
            village_totals,
            department_totals,
            total: g.total,
        }
    }
}

/// Everything the totals view and the printed summary show, for one filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The filter it was computed for.
    pub filter: Filter,
    /// All entries that pass the filter.
    pub overall: Totals,
    /// Per village (every village of the ledger).
    pub by_village: Grouping,
    /// Per department (every department).
    pub by_department: Grouping,
    /// Village × department.
    pub cross: CrossTable,
    /// Per category (every category, plus 未分类 when used).
    pub by_category: Grouping,
    /// Per kind.
    pub by_kind: Grouping,
    /// Per month that has entries.
    pub by_month: Grouping,
    /// Villages that received something from the unit (its own input or brought in) in
    /// the period.
    pub villages_involved: usize,
    /// Departments that gave or brought in something in the period.
    pub departments_involved: usize,
}

impl Summary {
    /// Computes every table for a filter in one pass over the entries, with dense
    /// indices instead of hash maps. The app keeps a [`RunningTotals`] instead, which
    /// updates the same cells from each edit.
    pub fn compute(ledger: &Ledger, filter: &Filter) -> Summary {
        Cells::tally(ledger, filter).summary(ledger, filter)
    }
}

/// Every cell a [`Summary`] is assembled from, flat: the overall total, then per village,
/// per department, village × department, per category (the last one 未分类), per kind
/// and per month of the years covered. Tallied in one pass ([`Cells::tally`]) or kept up
/// to date entry by entry ([`Cells::add`], [`Cells::remove`]); [`Cells::summary`] turns
/// them into tables in time proportional to the cells, not the entries.
#[derive(Clone, Debug)]
pub(crate) struct Cells {
    village_slot: Vec<u32>,
    department_slot: Vec<u32>,
    category_slot: Vec<u32>,
    nv: usize,
    nd: usize,
    nc: usize,
    /// The first year the month cells cover, and how many years.
    first_year: i32,
    years: usize,
    cells: Vec<Totals>,
}

impl Cells {
    /// Empty cells for a ledger's master data, months of `first_year` and the
    /// `years - 1` after it.
    pub(crate) fn empty(ledger: &Ledger, first_year: i32, years: usize) -> Cells {
        let nv = ledger.villages.len();
        let nd = ledger.departments.len();
        let nc = ledger.categories.len();
        let mut c = Cells {
            village_slot: dense_index(ledger.villages.iter().map(|v| v.id.0)),
            department_slot: dense_index(ledger.departments.iter().map(|d| d.id.0)),
            category_slot: dense_index(ledger.categories.iter().map(|c| c.id.0)),
            nv,
            nd,
            nc,
            first_year,
            years,
            cells: Vec::new(),
        };
        c.cells = vec![Totals::default(); c.at_month() + years * 12];
        c
    }

    fn at_village(&self) -> usize {
        1
    }
    fn at_department(&self) -> usize {
        self.at_village() + self.nv
    }
    fn at_cross(&self) -> usize {
        self.at_department() + self.nd
    }
    fn at_category(&self) -> usize {
        self.at_cross() + self.nv * self.nd
    }
    fn at_kind(&self) -> usize {
        // The last category cell is "uncategorized".
        self.at_category() + self.nc + 1
    }
    fn at_month(&self) -> usize {
        self.at_kind() + Kind::ALL.len()
    }

    /// The cells an entry counts in; `None` when its date is outside the years covered.
    fn slots(&self, e: &Entry) -> Option<[Option<usize>; 7]> {
        let slot =
            |table: &[u32], id: u32| table.get(id as usize).copied().filter(|s| *s != u32::MAX);
        let year = e.date.year().checked_sub(self.first_year)?;
        let year = usize::try_from(year).ok().filter(|y| *y < self.years)?;
        let v = slot(&self.village_slot, e.village.0).map(|v| v as usize);
        let d = slot(&self.department_slot, e.department.0).map(|d| d as usize);
        let c = e
            .category
            .and_then(|c| slot(&self.category_slot, c.0))
            .map_or(self.nc, |c| c as usize);
        let m = year * 12 + e.date.month0() as usize;
        Some([
            Some(0),
            v.map(|v| self.at_village() + v),
            d.map(|d| self.at_department() + d),
            v.zip(d).map(|(v, d)| self.at_cross() + v * self.nd + d),
            Some(self.at_category() + c),
            Some(self.at_kind() + e.kind as usize),
            Some(self.at_month() + m),
        ])
    }

    /// The cells of the entries that pass `filter`, months over the years of the ledger's
    /// entries, in one (parallel) pass.
    pub(crate) fn tally(ledger: &Ledger, filter: &Filter) -> Cells {
        let (first_year, last_year) = year_range(ledger);
        let years = if first_year <= last_year {
            (last_year - first_year + 1) as usize
        } else {
            0
        };
        let mut c = Cells::empty(ledger, first_year, years);
        let matcher = filter.matcher(ledger);
        let cells = tally(&ledger.entries, c.cells.len(), |_, e| {
            if !matcher.matches(e) {
                return [None; 7];
            }
            c.slots(e).unwrap_or([None; 7])
        });
        c.cells = cells;
        c
    }

    /// Counts one more entry (that passes the filter); false when it cannot be counted
    /// exactly (a date outside the years covered, a sum beyond `i64`): recompute then.
    pub(crate) fn add(&mut self, e: &Entry) -> bool {
        let Some(slots) = self.slots(e) else {
            return false;
        };
        slots
            .into_iter()
            .flatten()
            .all(|s| self.cells.get_mut(s).is_some_and(|t| t.try_add(e)))
    }

    /// Takes back an entry counted before; false when that cannot be done exactly.
    pub(crate) fn remove(&mut self, e: &Entry) -> bool {
        let Some(slots) = self.slots(e) else {
            return false;
        };
        slots
            .into_iter()
            .flatten()
            .all(|s| self.cells.get_mut(s).is_some_and(|t| t.try_remove(e)))
    }

    /// True when no cell reached the limit of `i64` (a saturated sum cannot be taken
    /// back from exactly).
    pub(crate) fn exact(&self) -> bool {
        self.cells.iter().all(Totals::below_limit)
    }

    /// The tables, in time proportional to the number of cells.
    pub(crate) fn summary(&self, ledger: &Ledger, filter: &Filter) -> Summary {
        let (nv, nd, nc) = (self.nv, self.nd, self.nc);
        let cells = &self.cells;
        let overall = cells[0];
        let villages = &cells[self.at_village()..self.at_department()];
        let departments = &cells[self.at_department()..self.at_cross()];
        let cross = &cells[self.at_cross()..self.at_category()];
        let categories = &cells[self.at_category()..self.at_kind()];
        let kinds = &cells[self.at_kind()..self.at_month()];
        let by_month = &cells[self.at_month()..];
        let first_year = self.first_year;
        let rows_of = |keys: Vec<KeyValue>, totals: &[Totals]| -> Vec<Row> {
            keys.into_iter()
                .zip(totals)
                .map(|(k, t)| Row {
                    key: vec![k],
                    totals: *t,
                })
                .collect()
        };
        let by_village = Grouping {
            keys: vec![GroupKey::Village],
            rows: rows_of(
                ledger
                    .villages
                    .iter()
                    .map(|v| KeyValue::Village(v.id))
                    .collect(),
                villages,
            ),
            total: overall,
        };
        let by_department = Grouping {
            keys: vec![GroupKey::Department],
            rows: rows_of(
                ledger
                    .departments
                    .iter()
                    .map(|d| KeyValue::Department(d.id))
                    .collect(),
                departments,
            ),
            total: overall,
        };
        let mut category_rows = rows_of(
            ledger
                .categories
                .iter()
                .map(|c| KeyValue::Category(Some(c.id)))
                .collect(),
            &categories[..nc],
        );
        if categories[nc].entries_all() > 0 {
            category_rows.push(Row {
                key: vec![KeyValue::Category(None)],
                totals: categories[nc],
            });
        }
        let by_category = Grouping {
            keys: vec![GroupKey::Category],
            rows: category_rows,
            total: overall,
        };
        let by_kind = Grouping {
            keys: vec![GroupKey::Kind],
            rows: Kind::ALL
                .iter()
                .zip(kinds)
                .filter(|(_, t)| t.entries_all() > 0)
                .map(|(k, t)| Row {
                    key: vec![KeyValue::Kind(*k)],
                    totals: *t,
                })
                .collect(),
            total: overall,
        };
        let by_month = Grouping {
            keys: vec![GroupKey::Month],
            rows: by_month
                .iter()
                .enumerate()
                .filter(|(_, t)| t.entries_all() > 0)
                .map(|(i, t)| Row {
                    key: vec![KeyValue::Month(
                        first_year + (i / 12) as i32,
                        (i % 12) as u32 + 1,
                    )],
                    totals: *t,
                })
                .collect(),
            total: overall,
        };
        let pairs = Grouping {
            keys: vec![GroupKey::Village, GroupKey::Department],
            rows: (0..nv * nd)
                .filter(|&i| cross[i].entries_all() > 0)
                .map(|i| Row {
                    key: vec![
                        KeyValue::Village(ledger.villages[i / nd].id),
                        KeyValue::Department(ledger.departments[i % nd].id),
                    ],
                    totals: cross[i],
                })
                .collect(),
            total: overall,
        };
        let cross = CrossTable::from_grouping(ledger, &pairs);
        Summary {
            filter: filter.clone(),
            overall,
            villages_involved: villages.iter().filter(|t| t.is_units_work()).count(),
            departments_involved: departments.iter().filter(|t| t.is_units_work()).count(),
            by_village,
            by_department,
            cross,
            by_category,
            by_kind,
            by_month,
        }
    }
}

/// The first and last year of the ledger's entries (`(i32::MAX, i32::MIN)` without any).
pub(crate) fn year_range(ledger: &Ledger) -> (i32, i32) {
    ledger
        .entries
        .iter()
        .fold((i32::MAX, i32::MIN), |(lo, hi), e| {
            (lo.min(e.date.year()), hi.max(e.date.year()))
        })
}

/// A lookup table from a record id to its position in the ledger's list
/// (`u32::MAX` for ids not in the list).
fn dense_index(ids: impl Iterator<Item = u32> + Clone) -> Vec<u32> {
    let max = ids.clone().max().map_or(0, |m| m as usize + 1);
    // Ids come from a ledger, so they are small; guard against a hostile huge id anyway.
    let mut table = vec![u32::MAX; max.min(1 << 24)];
    for (pos, id) in ids.enumerate() {
        if let Some(slot) = table.get_mut(id as usize) {
            *slot = pos as u32;
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{sample_ledger, synthetic_ledger};

    /// The one-pass summary agrees with the general grouping, table by table.
    #[test]
    fn one_pass_summary_equals_general_grouping() {
        for (ledger, filter) in [
            (sample_ledger(), Filter::default()),
            (synthetic_ledger(3_000, 2), Filter::default()),
            // Big enough to be totalled in parallel chunks.
            (synthetic_ledger(80_000, 4), Filter::default()),
            (
                synthetic_ledger(3_000, 3),
                Filter {
                    from: chrono::NaiveDate::from_ymd_opt(2018, 3, 1),
                    to: chrono::NaiveDate::from_ymd_opt(2021, 5, 31),
                    text: "化肥".into(),
                    ..Filter::default()
                },
            ),
        ] {
            let s = Summary::compute(&ledger, &filter);
            assert_eq!(s.by_village, group(&ledger, &filter, &[GroupKey::Village]));
            assert_eq!(
                s.by_department,
                group(&ledger, &filter, &[GroupKey::Department])
            );
            assert_eq!(s.by_kind, group(&ledger, &filter, &[GroupKey::Kind]));
            assert_eq!(s.by_month, group(&ledger, &filter, &[GroupKey::Month]));
            let cats = group(&ledger, &filter, &[GroupKey::Category]);
            assert_eq!(s.by_category, cats);
            let vd = group(&ledger, &filter, &[GroupKey::Village, GroupKey::Department]);
            assert_eq!(s.cross, CrossTable::from_grouping(&ledger, &vd));
        }
    }

    /// Every table agrees with sums worked out entry by entry, with no grouping code.
    #[test]
    fn tables_equal_sums_taken_entry_by_entry() {
        let ledger = synthetic_ledger(40_000, 5);
        let filter = Filter::period(
            chrono::NaiveDate::from_ymd_opt(2019, 1, 1),
            chrono::NaiveDate::from_ymd_opt(2022, 12, 31),
        );
        let m = filter.matcher(&ledger);
        let chosen: Vec<&Entry> = ledger.entries.iter().filter(|e| m.matches(e)).collect();
        assert!(chosen.len() > 1_000 && chosen.len() < ledger.entries.len());
        // (entries, delivered value of funds, households) of the entries that pass `keep`.
        let naive = |keep: &dyn Fn(&Entry) -> bool| {
            let mut n = 0u64;
            let mut funds = 0i64;
            let mut households = 0u64;
            for e in chosen.iter().filter(|e| keep(e)) {
                n += 1;
                if e.kind == Kind::Funds {
                    funds += e.delivered_value().0;
                }
                households += u64::from(e.households);
            }
            (n, funds, households)
        };
        // Every source together, as the naive sums take every entry; and the unit's own
        // part alone against the naive sums of its own entries.
        let of = |t: &Totals| {
            let all = t.all_sources();
            (all.entries, all.funds_fen.0, all.households)
        };
        let s = Summary::compute(&ledger, &filter);
        assert_eq!(of(&s.overall), naive(&|_| true));
        assert_eq!(
            (
                s.overall.entries,
                s.overall.funds_fen.0,
                s.overall.households
            ),
            naive(&|e| e.source == Source::Direct)
        );
        for r in &s.by_village.rows {
            let [KeyValue::Village(v)] = r.key[..] else {
                panic!("village key")
            };
            assert_eq!(of(&r.totals), naive(&|e| e.village == v));
        }
        for r in &s.by_month.rows {
            let [KeyValue::Month(y, mo)] = r.key[..] else {
                panic!("month key")
            };
            assert_eq!(
                of(&r.totals),
                naive(&|e| e.date.year() == y && e.date.month() == mo)
            );
        }
        for (vi, v) in s.cross.villages.iter().enumerate() {
            for (di, d) in s.cross.departments.iter().enumerate() {
                assert_eq!(
                    of(&s.cross.cells[vi][di]),
                    naive(&|e| e.village == *v && e.department == *d)
                );
            }
        }
        let q = group(&ledger, &filter, &[GroupKey::Quarter, GroupKey::Kind]);
        for r in &q.rows {
            let [KeyValue::Quarter(y, qu), KeyValue::Kind(k)] = r.key[..] else {
                panic!("quarter and kind keys")
            };
            assert_eq!(
                of(&r.totals),
                naive(&|e| e.date.year() == y && e.date.month0() / 3 + 1 == qu && e.kind == k)
            );
        }
        assert_eq!(of(&q.total), naive(&|_| true));
    }
}
