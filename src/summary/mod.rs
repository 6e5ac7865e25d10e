//! Totals: per village, department, village × department, category, kind and period,
//! over a filter. Computed from a ledger in one pass per grouping; the app caches the
//! result until the next edit.

mod filter;

pub use filter::Filter;

use crate::i18n::Lang;
use crate::ledger::{CategoryId, DepartmentId, Entry, Fen, Kind, Ledger, Status, VillageId};
use chrono::Datelike;
use std::collections::HashMap;

/// The sums of one cell of a totals table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Number of entries.
    pub entries: u64,
    /// Funds given (资金), delivered value.
    pub funds_fen: Fen,
    /// Goods given (物资), delivered value.
    pub goods_fen: Fen,
    /// Services given (服务), delivered value.
    pub services_fen: Fen,
    /// Households reached.
    pub households: u64,
    /// Persons reached.
    pub persons: u64,
    /// Person-times.
    pub person_times: u64,
    /// Services entries (a count, since many services carry no value).
    pub service_entries: u64,
    /// Sum of pledged amounts (entries with a pledge).
    pub pledged_fen: Fen,
    /// What has arrived of those pledges.
    pub pledged_delivered_fen: Fen,
}

impl Totals {
    /// Adds one entry.
    pub fn add(&mut self, e: &Entry) {
        self.entries += 1;
        let value = e.delivered_value();
        match e.kind {
            Kind::Funds => self.funds_fen = self.funds_fen.saturating_add(value),
            Kind::Goods => self.goods_fen = self.goods_fen.saturating_add(value),
            Kind::Services => {
                self.services_fen = self.services_fen.saturating_add(value);
                self.service_entries += 1;
            }
        }
        self.households += u64::from(e.households);
        self.persons += u64::from(e.persons);
        self.person_times += u64::from(e.person_times);
        if let Status::Pledged { delivered_fen } = e.status {
            self.pledged_fen = self.pledged_fen.saturating_add(e.value_fen);
            self.pledged_delivered_fen = self.pledged_delivered_fen.saturating_add(delivered_fen);
        }
    }

    /// Adds another cell.
    pub fn merge(&mut self, o: &Totals) {
        self.entries += o.entries;
        self.funds_fen = self.funds_fen.saturating_add(o.funds_fen);
        self.goods_fen = self.goods_fen.saturating_add(o.goods_fen);
        self.services_fen = self.services_fen.saturating_add(o.services_fen);
        self.households += o.households;
        self.persons += o.persons;
        self.person_times += o.person_times;
        self.service_entries += o.service_entries;
        self.pledged_fen = self.pledged_fen.saturating_add(o.pledged_fen);
        self.pledged_delivered_fen = self
            .pledged_delivered_fen
            .saturating_add(o.pledged_delivered_fen);
    }

    /// Funds + goods + services.
    pub fn total_fen(&self) -> Fen {
        self.funds_fen
            .saturating_add(self.goods_fen)
            .saturating_add(self.services_fen)
    }

    /// Value of one kind.
    pub fn kind_fen(&self, kind: Kind) -> Fen {
        match kind {
            Kind::Funds => self.funds_fen,
            Kind::Goods => self.goods_fen,
            Kind::Services => self.services_fen,
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
        match self.delivery_rate_bp() {
            Some(bp) => format!("{}.{}%", bp / 100, (bp % 100) / 10),
            None => "—".to_string(),
        }
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
}

impl GroupKey {
    /// Every key, in the order the CLI lists them.
    pub const ALL: [GroupKey; 7] = [
        GroupKey::Village,
        GroupKey::Department,
        GroupKey::Category,
        GroupKey::Kind,
        GroupKey::Month,
        GroupKey::Quarter,
        GroupKey::Year,
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
        }
    }

    /// Reads a CLI key.
    pub fn parse(text: &str) -> Option<GroupKey> {
        GroupKey::ALL
            .into_iter()
            .find(|k| k.code() == text.trim().to_lowercase())
    }

    /// The column heading in the user's language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            GroupKey::Village => lang.pick("村", "village"),
            GroupKey::Department => lang.pick("部门", "department"),
            GroupKey::Category => lang.pick("类别", "category"),
            GroupKey::Kind => lang.pick("帮扶形式", "kind"),
            GroupKey::Month => lang.pick("月份", "month"),
            GroupKey::Quarter => lang.pick("季度", "quarter"),
            GroupKey::Year => lang.pick("年度", "year"),
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
}

impl KeyValue {
    /// The value as shown: the village's name, `2020-06`, `2020-Q2`, `资金` …
    pub fn label(&self, ledger: &Ledger, lang: Lang) -> String {
        match *self {
            KeyValue::Village(id) => ledger.village_name(id).to_string(),
            KeyValue::Department(id) => ledger.department_name(id).to_string(),
            KeyValue::Category(None) => lang.pick("未分类", "uncategorized").to_string(),
            KeyValue::Category(Some(id)) => ledger.category_name(Some(id)).to_string(),
            KeyValue::Kind(k) => k.label(lang).to_string(),
            KeyValue::Month(y, m) => format!("{y}-{m:02}"),
            KeyValue::Quarter(y, q) => format!("{y}-Q{q}"),
            KeyValue::Year(y) => format!("{y}"),
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
        }
    }
}

/// Groups the entries that pass `filter` by `keys`.
///
/// With one key of village, department or category, every record of the ledger gets a
/// row, even with no entries (a village that received nothing is worth seeing); with
/// several keys only combinations that have entries appear.
pub fn group(ledger: &Ledger, filter: &Filter, keys: &[GroupKey]) -> Grouping {
    let matcher = filter.matcher(ledger);
    let mut cells: HashMap<Vec<KeyValue>, Totals> = HashMap::new();
    let mut total = Totals::default();
    if let [key] = keys {
        // One key: the common case, without allocating a Vec per entry.
        let mut single: HashMap<KeyValue, Totals> = HashMap::new();
        for e in ledger.entries.iter().filter(|e| matcher.matches(e)) {
            single.entry(key.value(e)).or_default().add(e);
            total.add(e);
        }
        cells.extend(single.into_iter().map(|(k, t)| (vec![k], t)));
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
            _ => Vec::new(),
        };
        for k in all {
            cells.entry(vec![k]).or_default();
        }
    } else {
        for e in ledger.entries.iter().filter(|e| matcher.matches(e)) {
            let key: Vec<KeyValue> = keys.iter().map(|k| k.value(e)).collect();
            cells.entry(key).or_default().add(e);
            total.add(e);
        }
    }
    let order = Order::new(ledger);
    let mut rows: Vec<Row> = cells
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
                if !villages.contains(&v) {
                    villages.push(v);
                }
                if !departments.contains(&d) {
                    departments.push(d);
                }
            }
        }
        let order = Order::new(ledger);
        villages.sort_by_key(|v| order.rank(&KeyValue::Village(*v)));
        departments.sort_by_key(|d| order.rank(&KeyValue::Department(*d)));
        let mut cells = vec![vec![Totals::default(); departments.len()]; villages.len()];
        let mut village_totals = vec![Totals::default(); villages.len()];
        let mut department_totals = vec![Totals::default(); departments.len()];
        for r in &g.rows {
            if let [KeyValue::Village(v), KeyValue::Department(d)] = r.key[..] {
                let (Some(vi), Some(di)) = (
                    villages.iter().position(|x| *x == v),
                    departments.iter().position(|x| *x == d),
                ) else {
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
    /// Villages that received something in the period.
    pub villages_involved: usize,
    /// Departments that gave something in the period.
    pub departments_involved: usize,
}

impl Summary {
    /// Computes every table for a filter in one pass over the entries, with dense
    /// indices instead of hash maps (the totals view recomputes this after every edit).
    pub fn compute(ledger: &Ledger, filter: &Filter) -> Summary {
        let matcher = filter.matcher(ledger);
        let nv = ledger.villages.len();
        let nd = ledger.departments.len();
        let nc = ledger.categories.len();
        let village_slot = dense_index(ledger.villages.iter().map(|v| v.id.0));
        let department_slot = dense_index(ledger.departments.iter().map(|d| d.id.0));
        let category_slot = dense_index(ledger.categories.iter().map(|c| c.id.0));
        let (first_year, last_year) = ledger
            .entries
            .iter()
            .fold((i32::MAX, i32::MIN), |(lo, hi), e| {
                (lo.min(e.date.year()), hi.max(e.date.year()))
            });
        let months = if first_year <= last_year {
            ((last_year - first_year + 1) * 12) as usize
        } else {
            0
        };
        let slot =
            |table: &[u32], id: u32| table.get(id as usize).copied().filter(|s| *s != u32::MAX);
        let shape = (nv, nd, nc, months);
        let fill = |acc: &mut Acc, entries: &[crate::ledger::Entry]| {
            for e in entries.iter().filter(|e| matcher.matches(e)) {
                acc.overall.add(e);
                let v = slot(&village_slot, e.village.0);
                let d = slot(&department_slot, e.department.0);
                if let Some(v) = v {
                    acc.villages[v as usize].add(e);
                }
                if let Some(d) = d {
                    acc.departments[d as usize].add(e);
                }
                if let (Some(v), Some(d)) = (v, d) {
                    acc.cross[v as usize * nd + d as usize].add(e);
                }
                let c = e
                    .category
                    .and_then(|c| slot(&category_slot, c.0))
                    .map_or(nc, |c| c as usize);
                acc.categories[c].add(e);
                acc.kinds[e.kind as usize].add(e);
                let m = (e.date.year() - first_year) as usize * 12 + e.date.month0() as usize;
                acc.by_month[m].add(e);
            }
        };
        // Big ledgers are totalled in chunks on every core, then the chunks are added up
        // (integer sums: the result is exactly the same as one pass).
        const CHUNK: usize = 32_768;
        let acc = if ledger.entries.len() > CHUNK {
            use rayon::prelude::*;
            ledger
                .entries
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let mut acc = Acc::new(shape);
                    fill(&mut acc, chunk);
                    acc
                })
                .reduce(|| Acc::new(shape), Acc::merge)
        } else {
            let mut acc = Acc::new(shape);
            fill(&mut acc, &ledger.entries);
            acc
        };
        let Acc {
            overall,
            villages,
            departments,
            cross,
            categories,
            kinds,
            by_month,
        } = acc;
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
                &villages,
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
                &departments,
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
        if categories[nc].entries > 0 {
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
                .filter(|(_, t)| t.entries > 0)
                .map(|(k, t)| Row {
                    key: vec![KeyValue::Kind(*k)],
                    totals: t,
                })
                .collect(),
            total: overall,
        };
        let by_month = Grouping {
            keys: vec![GroupKey::Month],
            rows: by_month
                .iter()
                .enumerate()
                .filter(|(_, t)| t.entries > 0)
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
        let vi: Vec<usize> = (0..nv)
            .filter(|&v| villages[v].entries > 0 && (0..nd).any(|d| cross[v * nd + d].entries > 0))
            .collect();
        let di: Vec<usize> = (0..nd)
            .filter(|&d| (0..nv).any(|v| cross[v * nd + d].entries > 0))
            .collect();
        let cells: Vec<Vec<Totals>> = vi
            .iter()
            .map(|&v| di.iter().map(|&d| cross[v * nd + d]).collect())
            .collect();
        let mut village_totals = vec![Totals::default(); vi.len()];
        let mut department_totals = vec![Totals::default(); di.len()];
        let mut cross_total = Totals::default();
        for (r, row) in cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                village_totals[r].merge(cell);
                department_totals[c].merge(cell);
                cross_total.merge(cell);
            }
        }
        let cross = CrossTable {
            villages: vi.iter().map(|&v| ledger.villages[v].id).collect(),
            departments: di.iter().map(|&d| ledger.departments[d].id).collect(),
            cells,
            village_totals,
            department_totals,
            total: cross_total,
        };
        Summary {
            filter: filter.clone(),
            overall,
            villages_involved: villages.iter().filter(|t| t.entries > 0).count(),
            departments_involved: departments.iter().filter(|t| t.entries > 0).count(),
            by_village,
            by_department,
            cross,
            by_category,
            by_kind,
            by_month,
        }
    }
}

/// The running sums of [`Summary::compute`], by dense index.
struct Acc {
    overall: Totals,
    villages: Vec<Totals>,
    departments: Vec<Totals>,
    cross: Vec<Totals>,
    categories: Vec<Totals>,
    kinds: [Totals; 3],
    by_month: Vec<Totals>,
}

impl Acc {
    /// Zeros for (villages, departments, categories, months).
    fn new((nv, nd, nc, months): (usize, usize, usize, usize)) -> Acc {
        Acc {
            overall: Totals::default(),
            villages: vec![Totals::default(); nv],
            departments: vec![Totals::default(); nd],
            cross: vec![Totals::default(); nv * nd],
            // The last category slot is "uncategorized".
            categories: vec![Totals::default(); nc + 1],
            kinds: [Totals::default(); 3],
            by_month: vec![Totals::default(); months],
        }
    }

    fn merge(mut self, other: Acc) -> Acc {
        fn add_all(into: &mut [Totals], from: &[Totals]) {
            for (a, b) in into.iter_mut().zip(from) {
                a.merge(b);
            }
        }
        self.overall.merge(&other.overall);
        add_all(&mut self.villages, &other.villages);
        add_all(&mut self.departments, &other.departments);
        add_all(&mut self.cross, &other.cross);
        add_all(&mut self.categories, &other.categories);
        add_all(&mut self.kinds, &other.kinds);
        add_all(&mut self.by_month, &other.by_month);
        self
    }
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
}
