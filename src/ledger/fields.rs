//! The registry of an entry's fields: each field declared once with its name, its CSV
//! header and aliases, how it is shown, sorted and parsed, and where its typed text lives
//! in an [`EntryText`].
//!
//! The CSV columns, the import's header matching, the ledger table's columns, the
//! entry form and the flags of `bangfu add` are driven by [`ENTRY_FIELDS`];
//! `EntryText`, `ParsedEntry` and the storage format are checked against it by tests
//! (see the tests at the end of this file and of `store::fast`). Adding a field: add it
//! to `Entry` (ledger/mod.rs, with `#[serde(default)]`), a `Field` variant and one
//! `EntryField` here, the field to `EntryText`/`ParsedEntry` (entry_text.rs), to the
//! fast line writer/reader (store/fast.rs), and its name and help to `i18n/fields.rs`.

use super::entry_text::EntryText;
use super::validate::{
    Problem, clean_name, clean_notes, clean_optional, parse_count, parse_date, parse_money_or_zero,
    parse_quantity, parse_source, parse_trainees,
};
use super::{CategoryId, DepartmentId, Entry, Fen, Kind, Ledger, Status, VillageId};
use crate::i18n::{Lang, Text, fields, model};

use std::cmp::Ordering;
use std::collections::HashMap;

/// A field of an entry or a master record, named in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// 日期.
    Date,
    /// 村.
    Village,
    /// 部门.
    Department,
    /// 来源.
    Source,
    /// 出资方.
    Giver,
    /// 帮扶形式.
    Kind,
    /// 培训对象.
    Trainees,
    /// 渠道.
    Channel,
    /// 类别.
    Category,
    /// 内容.
    What,
    /// 数量.
    Quantity,
    /// 单位.
    Unit,
    /// 金额.
    Value,
    /// 已到位金额.
    Delivered,
    /// 受益户数.
    Households,
    /// 受益人数.
    Persons,
    /// 人次.
    PersonTimes,
    /// 备注.
    Notes,
    /// 名称 (of a village, department or category).
    Name,
    /// 乡镇.
    Town,
    /// 县.
    County,
    /// 帮扶单位.
    AssistingUnit,
    /// 建档立卡户 (of a village).
    Registered,
    /// 监测户 (of a village).
    Monitored,
    /// 边缘户 (of a village).
    Marginal,
}

impl Field {
    /// Every field, entry fields first in CSV order.
    pub const ALL: [Field; 25] = [
        Field::Date,
        Field::Village,
        Field::Department,
        Field::Source,
        Field::Giver,
        Field::Kind,
        Field::Trainees,
        Field::Channel,
        Field::Category,
        Field::What,
        Field::Quantity,
        Field::Unit,
        Field::Value,
        Field::Households,
        Field::Persons,
        Field::PersonTimes,
        Field::Notes,
        Field::Delivered,
        Field::Name,
        Field::Town,
        Field::County,
        Field::AssistingUnit,
        Field::Registered,
        Field::Monitored,
        Field::Marginal,
    ];

    /// True for the fields of master records (名称, 乡镇, 县, 帮扶单位, the registered
    /// households of a village), which are not entry fields.
    pub fn is_master(self) -> bool {
        matches!(
            self,
            Field::Name
                | Field::Town
                | Field::County
                | Field::AssistingUnit
                | Field::Registered
                | Field::Monitored
                | Field::Marginal
        )
    }

    /// The field's name in messages and forms (日期 / date): an entry field's Chinese
    /// label and English CSV header from [`ENTRY_FIELDS`], a master-data field's from the
    /// catalog.
    pub fn text(self) -> Text {
        match self {
            Field::Name => model::FIELD_NAME,
            Field::Town => model::FIELD_TOWN,
            Field::County => model::FIELD_COUNTY,
            Field::AssistingUnit => model::FIELD_ASSISTING_UNIT,
            Field::Registered => fields::REGISTERED_HOUSEHOLDS,
            Field::Monitored => fields::MONITORED_HOUSEHOLDS,
            Field::Marginal => fields::MARGINAL_HOUSEHOLDS,
            entry => entry_field(entry).map_or(model::FIELD_NAME, |f| Text(f.label.0, f.csv)),
        }
    }

    /// The field's name as the users say it.
    pub fn label(self, lang: Lang) -> &'static str {
        self.text().get(lang)
    }
}

/// Names by id, built once per ledger so sorting 100,000 rows by a name is fast.
#[derive(Debug, Default)]
pub struct NameIndex<'a> {
    villages: HashMap<VillageId, &'a str>,
    departments: HashMap<DepartmentId, &'a str>,
    categories: HashMap<CategoryId, &'a str>,
}

impl<'a> NameIndex<'a> {
    /// The names of a ledger's villages, departments and categories.
    pub fn new(ledger: &'a Ledger) -> NameIndex<'a> {
        NameIndex {
            villages: ledger
                .villages
                .iter()
                .map(|v| (v.id, v.name.as_str()))
                .collect(),
            departments: ledger
                .departments
                .iter()
                .map(|d| (d.id, d.name.as_str()))
                .collect(),
            categories: ledger
                .categories
                .iter()
                .map(|c| (c.id, c.name.as_str()))
                .collect(),
        }
    }

    fn village(&self, e: &Entry) -> Option<&'a str> {
        self.villages.get(&e.village).copied()
    }

    fn department(&self, e: &Entry) -> Option<&'a str> {
        self.departments.get(&e.department).copied()
    }

    fn category(&self, e: &Entry) -> Option<&'a str> {
        e.category.and_then(|c| self.categories.get(&c).copied())
    }
}

/// One field of an entry, declared once.
#[derive(Clone, Copy)]
pub struct EntryField {
    /// Which field (the name messages use).
    pub field: Field,
    /// Its name (日期 / Date); also the Chinese CSV header.
    pub label: Text,
    /// The English CSV header (`date`, `person_times`).
    pub csv: &'static str,
    /// Its flag on the command line, without the dashes (`bangfu add --person-times`).
    pub flag: &'static str,
    /// What to type for it: the flag's help (`Date (YYYY-MM-DD)`).
    pub help: Text,
    /// Other headers an import accepts for it (lower case).
    pub aliases: &'static [&'static str],
    /// An entry needs it: an import needs this column, `bangfu add` this flag.
    pub required: bool,
    /// A column of the ledger table.
    pub in_table: bool,
    /// The column's heading when it is not the field's name ([`EntryField::heading`]).
    pub column: Option<Text>,
    /// A number: right-aligned in tables.
    pub numeric: bool,
    /// Its typed text in an [`EntryText`].
    pub get: for<'a> fn(&EntryText<'a>) -> &'a str,
    /// Sets its typed text in an [`EntryText`].
    pub set: for<'a> fn(&mut EntryText<'a>, &'a str),
    /// The text that parses back to the value (a CSV cell, the form's starting text).
    pub export: fn(&Entry, &Ledger) -> String,
    /// The value as the ledger table shows it.
    pub cell: fn(&Entry, &Ledger, Lang) -> String,
    /// Orders two entries by this field.
    pub sort: fn(&Entry, &Entry, &NameIndex) -> Ordering,
    /// Checks typed text on its own (names are only checked for length here; the rule in
    /// `ledger::names` resolves them against a ledger).
    pub check: fn(&str) -> Result<(), Problem>,
}

impl std::fmt::Debug for EntryField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("EntryField").field(&self.field).finish()
    }
}

fn count_cell(n: u32) -> String {
    if n == 0 { String::new() } else { n.to_string() }
}

fn ok<T>(r: Result<T, Problem>) -> Result<(), Problem> {
    r.map(|_| ())
}

/// Every field of an entry, in CSV column order.
pub static ENTRY_FIELDS: [EntryField; 18] = [
    EntryField {
        field: Field::Date,
        label: fields::DATE,
        csv: "date",
        flag: "date",
        help: fields::DATE_HELP,
        aliases: &["日期（年月日）", "时间", "帮扶时间", "帮扶日期"],
        required: true,
        in_table: true,
        column: None,
        numeric: false,
        get: |t| t.date,
        set: |t, v| t.date = v,
        export: |e, _| e.date.format("%Y-%m-%d").to_string(),
        cell: |e, _, _| e.date.to_string(),
        sort: |a, b, _| a.date.cmp(&b.date),
        check: |t| ok(parse_date(t)),
    },
    EntryField {
        field: Field::Village,
        label: fields::VILLAGE,
        csv: "village",
        flag: "village",
        help: fields::VILLAGE_HELP,
        aliases: &["帮扶村", "村名", "受援村", "村庄", "帮扶村名称"],
        required: true,
        in_table: true,
        column: None,
        numeric: false,
        get: |t| t.village,
        set: |t, v| t.village = v,
        export: |e, l| l.village_name(e.village).to_string(),
        cell: |e, l, _| l.village_name(e.village).to_string(),
        sort: |a, b, n| n.village(a).cmp(&n.village(b)),
        check: |t| ok(clean_name(t)),
    },
    EntryField {
        field: Field::Department,
        label: fields::DEPARTMENT,
        csv: "department",
        flag: "department",
        help: fields::DEPARTMENT_HELP,
        aliases: &[
            "帮扶部门",
            "帮扶单位",
            "帮扶单位（部门）",
            "帮扶单位(部门)",
            "捐赠单位",
        ],
        required: true,
        in_table: true,
        column: None,
        numeric: false,
        get: |t| t.department,
        set: |t, v| t.department = v,
        export: |e, l| l.department_name(e.department).to_string(),
        cell: |e, l, _| l.department_name(e.department).to_string(),
        sort: |a, b, n| n.department(a).cmp(&n.department(b)),
        check: |t| ok(clean_name(t)),
    },
    EntryField {
        field: Field::Source,
        label: fields::SOURCE,
        csv: "source",
        flag: "source",
        help: fields::SOURCE_HELP,
        aliases: &["资金来源", "投入来源"],
        required: false,
        in_table: true,
        column: None,
        numeric: false,
        get: |t| t.source,
        set: |t, v| t.source = v,
        // An export writes every source by name, so a file read elsewhere is explicit.
        export: |e, _| e.source.label(Lang::Zh).to_string(),
        cell: |e, _, lang| e.source.label(lang).to_string(),
        sort: |a, b, _| a.source.cmp(&b.source),
        check: |t| ok(parse_source(t)),
    },
    EntryField {
        field: Field::Giver,
        label: fields::GIVER,
        csv: "giver",
        flag: "giver",
        help: fields::GIVER_HELP,
        aliases: &["出资单位", "捐赠方"],
        required: false,
        in_table: false,
        column: None,
        numeric: false,
        get: |t| t.giver,
        set: |t, v| t.giver = v,
        export: |e, _| e.giver.to_string(),
        cell: |e, _, _| e.giver.to_string(),
        sort: |a, b, _| a.giver.cmp(&b.giver),
        check: |t| ok(clean_optional(t)),
    },
    EntryField {
        field: Field::Kind,
        label: fields::KIND,
        csv: "kind",
        flag: "kind",
        help: fields::KIND_HELP,
        aliases: &["形式", "类型"],
        required: true,
        in_table: true,
        column: Some(fields::KIND_SHORT),
        numeric: false,
        get: |t| t.kind,
        set: |t, v| t.kind = v,
        export: |e, _| e.kind.label(Lang::Zh).to_string(),
        cell: |e, _, lang| e.kind.label(lang).to_string(),
        sort: |a, b, _| a.kind.cmp(&b.kind),
        check: |t| Kind::parse(t).map(|_| ()).ok_or(Problem::BadKind),
    },
    EntryField {
        field: Field::Trainees,
        label: fields::TRAINEES,
        csv: "trainees",
        flag: "trainees",
        help: fields::TRAINEES_HELP,
        aliases: &[],
        required: false,
        in_table: false,
        column: None,
        numeric: false,
        get: |t| t.trainees,
        set: |t, v| t.trainees = v,
        export: |e, _| e.trainees.map_or("", |g| g.label(Lang::Zh)).to_string(),
        cell: |e, _, lang| e.trainees.map_or("", |g| g.label(lang)).to_string(),
        sort: |a, b, _| a.trainees.cmp(&b.trainees),
        check: |t| ok(parse_trainees(t)),
    },
    EntryField {
        field: Field::Channel,
        label: fields::CHANNEL,
        csv: "channel",
        flag: "channel",
        help: fields::CHANNEL_HELP,
        aliases: &["销售渠道", "购买渠道"],
        required: false,
        in_table: false,
        column: None,
        numeric: false,
        get: |t| t.channel,
        set: |t, v| t.channel = v,
        export: |e, _| e.channel.to_string(),
        cell: |e, _, _| e.channel.to_string(),
        sort: |a, b, _| a.channel.cmp(&b.channel),
        check: |t| ok(clean_optional(t)),
    },
    EntryField {
        field: Field::Category,
        label: fields::CATEGORY,
        csv: "category",
        flag: "category",
        help: fields::CATEGORY_HELP,
        aliases: &["帮扶类别", "项目类别"],
        required: false,
        in_table: true,
        column: None,
        numeric: false,
        get: |t| t.category,
        set: |t, v| t.category = v,
        export: |e, l| l.category_name(e.category).to_string(),
        cell: |e, l, _| l.category_name(e.category).to_string(),
        sort: |a, b, n| n.category(a).cmp(&n.category(b)),
        check: |t| ok(clean_optional(t)),
    },
    EntryField {
        field: Field::What,
        label: fields::WHAT,
        csv: "what",
        flag: "what",
        help: fields::WHAT_HELP,
        aliases: &["帮扶内容", "项目名称", "项目", "帮扶项目", "物资名称"],
        required: true,
        in_table: true,
        column: None,
        numeric: false,
        get: |t| t.what,
        set: |t, v| t.what = v,
        export: |e, _| e.what.to_string(),
        cell: |e, _, _| e.what.to_string(),
        sort: |a, b, _| a.what.cmp(&b.what),
        check: |t| ok(clean_name(t)),
    },
    EntryField {
        field: Field::Quantity,
        label: fields::QUANTITY,
        csv: "quantity",
        flag: "quantity",
        help: fields::QUANTITY_HELP,
        aliases: &[],
        required: false,
        in_table: true,
        column: None,
        numeric: false,
        get: |t| t.quantity,
        set: |t, v| t.quantity = v,
        export: |e, _| e.quantity.map(|q| q.to_string()).unwrap_or_default(),
        cell: |e, _, _| {
            e.quantity
                .map(|q| format!("{q} {}", e.unit))
                .unwrap_or_default()
        },
        sort: |a, b, _| a.quantity.cmp(&b.quantity),
        check: |t| ok(parse_quantity(t)),
    },
    EntryField {
        field: Field::Unit,
        label: fields::UNIT,
        csv: "unit",
        flag: "unit",
        help: fields::UNIT_HELP,
        aliases: &[],
        required: false,
        in_table: false,
        column: None,
        numeric: false,
        get: |t| t.unit,
        set: |t, v| t.unit = v,
        export: |e, _| e.unit.to_string(),
        cell: |e, _, _| e.unit.to_string(),
        sort: |a, b, _| a.unit.cmp(&b.unit),
        check: |t| ok(clean_optional(t)),
    },
    EntryField {
        field: Field::Value,
        label: fields::VALUE,
        csv: "value",
        flag: "value",
        help: fields::VALUE_HELP,
        aliases: &["折合金额", "金额（元）", "价值", "帮扶金额", "折合价值"],
        required: false,
        in_table: true,
        column: Some(fields::VALUE_YUAN),
        numeric: true,
        get: |t| t.value,
        set: |t, v| t.value = v,
        export: |e, _| e.value_fen.plain(),
        cell: |e, _, lang| match e.status {
            Status::Delivered if e.value_fen == Fen::ZERO => String::new(),
            Status::Delivered => e.value_fen.display(),
            Status::Pledged { .. } => format!(
                "{}{}",
                e.value_fen.display(),
                model::PLEDGED_SUFFIX.get(lang)
            ),
        },
        sort: |a, b, _| a.value_fen.cmp(&b.value_fen),
        check: |t| ok(parse_money_or_zero(t)),
    },
    EntryField {
        field: Field::Households,
        label: fields::HOUSEHOLDS,
        csv: "households",
        flag: "households",
        help: fields::HOUSEHOLDS_HELP,
        aliases: &["户数", "受益户"],
        required: false,
        in_table: true,
        column: Some(fields::HOUSEHOLDS_SHORT),
        numeric: true,
        get: |t| t.households,
        set: |t, v| t.households = v,
        export: |e, _| e.households.to_string(),
        cell: |e, _, _| count_cell(e.households),
        sort: |a, b, _| a.households.cmp(&b.households),
        check: |t| ok(parse_count(t)),
    },
    EntryField {
        field: Field::Persons,
        label: fields::PERSONS,
        csv: "persons",
        flag: "persons",
        help: fields::PERSONS_HELP,
        aliases: &["人数", "受益人口"],
        required: false,
        in_table: true,
        column: Some(fields::PERSONS_SHORT),
        numeric: true,
        get: |t| t.persons,
        set: |t, v| t.persons = v,
        export: |e, _| e.persons.to_string(),
        cell: |e, _, _| count_cell(e.persons),
        sort: |a, b, _| a.persons.cmp(&b.persons),
        check: |t| ok(parse_count(t)),
    },
    EntryField {
        field: Field::PersonTimes,
        label: fields::PERSON_TIMES,
        csv: "person_times",
        flag: "person-times",
        help: fields::PERSON_TIMES_HELP,
        aliases: &["person-times", "person times"],
        required: false,
        in_table: false,
        column: None,
        numeric: true,
        get: |t| t.person_times,
        set: |t, v| t.person_times = v,
        export: |e, _| e.person_times.to_string(),
        cell: |e, _, _| count_cell(e.person_times),
        sort: |a, b, _| a.person_times.cmp(&b.person_times),
        check: |t| ok(parse_count(t)),
    },
    EntryField {
        field: Field::Notes,
        label: fields::NOTES,
        csv: "notes",
        flag: "notes",
        help: fields::NOTES_HELP,
        aliases: &["说明"],
        required: false,
        in_table: false,
        column: None,
        numeric: false,
        get: |t| t.notes,
        set: |t, v| t.notes = v,
        export: |e, _| e.notes.to_string(),
        cell: |e, _, _| e.notes.to_string(),
        sort: |a, b, _| a.notes.cmp(&b.notes),
        check: |t| ok(clean_notes(t)),
    },
    EntryField {
        field: Field::Delivered,
        label: fields::DELIVERED_AMOUNT,
        csv: "delivered",
        flag: "delivered",
        help: fields::DELIVERED_HELP,
        aliases: &[],
        required: false,
        in_table: false,
        column: None,
        numeric: true,
        get: |t| t.delivered,
        set: |t, v| t.delivered = v,
        export: |e, _| match e.status {
            Status::Delivered => String::new(),
            Status::Pledged { delivered_fen } => delivered_fen.plain(),
        },
        cell: |e, _, _| match e.status {
            Status::Delivered => String::new(),
            Status::Pledged { delivered_fen } => delivered_fen.display(),
        },
        sort: |a, b, _| a.delivered_value().cmp(&b.delivered_value()),
        check: |t| ok(parse_money_or_zero(t)),
    },
];

impl EntryField {
    /// The heading of its column in the ledger table.
    pub fn heading(&self) -> Text {
        self.column.unwrap_or(self.field.text())
    }
}

/// The declaration of an entry field; `None` for the master-data fields (名称, 乡镇 …).
pub fn entry_field(field: Field) -> Option<&'static EntryField> {
    ENTRY_FIELDS.iter().find(|f| f.field == field)
}

/// The fields that are columns of the ledger table, in order.
pub fn table_columns() -> impl Iterator<Item = &'static EntryField> {
    ENTRY_FIELDS.iter().filter(|f| f.in_table)
}

/// The field a CSV header names: the Chinese or English name, or an alias, any case,
/// with a `（元）`/`(yuan)` suffix ignored.
pub fn field_for_header(header: &str) -> Option<Field> {
    let n = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    let n = n.trim();
    let bare = n
        .trim_end_matches("（元）")
        .trim_end_matches("(元)")
        .trim_end_matches("(yuan)")
        .trim_end_matches("_yuan")
        .trim();
    ENTRY_FIELDS
        .iter()
        .find(|f| {
            [n, bare].iter().any(|h| {
                *h == f.label.0
                    || *h == f.csv
                    || *h == f.label.1.to_lowercase()
                    || f.aliases.contains(h)
            })
        })
        .map(|f| f.field)
}

/// Sorts positions into `ledger.entries` by a field; ties keep the order of entry.
pub fn sort_entries(index: &mut [usize], ledger: &Ledger, field: Field, ascending: bool) {
    let Some(spec) = entry_field(field) else {
        return;
    };
    let names = NameIndex::new(ledger);
    let e = &ledger.entries;
    index.sort_by(|a, b| {
        let (x, y) = (&e[*a], &e[*b]);
        let ordered = (spec.sort)(x, y, &names).then(x.id.cmp(&y.id));
        if ascending {
            ordered
        } else {
            ordered.reverse()
        }
    });
}

/// The typed text of an entry, field by field, as [`EntryField::export`] gives it.
pub fn entry_texts(entry: &Entry, ledger: &Ledger) -> Vec<(Field, String)> {
    ENTRY_FIELDS
        .iter()
        .map(|f| (f.field, (f.export)(entry, ledger)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;
    use crate::ledger::entry_text::EntryText;

    #[test]
    fn every_entry_field_is_declared_once() {
        let mut seen = Vec::new();
        for f in &ENTRY_FIELDS {
            assert!(!seen.contains(&f.field), "{:?} twice", f.field);
            seen.push(f.field);
        }
        // Every Field that is not a master-data field has a declaration.
        for f in Field::ALL {
            assert_eq!(entry_field(f).is_none(), f.is_master(), "{f:?}");
        }
    }

    #[test]
    fn get_and_set_reach_every_field_of_entry_text() {
        // Give each field a distinct text through `set`, then read it back through the
        // named fields: a `get`/`set` pointing at the wrong field fails here.
        let labels: Vec<String> = ENTRY_FIELDS
            .iter()
            .map(|f| format!("{:?}", f.field))
            .collect();
        let mut t = EntryText::default();
        for (f, l) in ENTRY_FIELDS.iter().zip(&labels) {
            (f.set)(&mut t, l);
        }
        for f in &ENTRY_FIELDS {
            assert_eq!((f.get)(&t), format!("{:?}", f.field));
        }
        assert_eq!(t.date, "Date");
        assert_eq!(t.person_times, "PersonTimes");
        assert_eq!(t.delivered, "Delivered");
        assert_eq!(t.notes, "Notes");
        assert_eq!(t.source, "Source");
        assert_eq!(t.giver, "Giver");
        assert_eq!(t.trainees, "Trainees");
        assert_eq!(t.channel, "Channel");
        // And EntryText has no field the registry misses: its Debug lists 18 fields.
        let debug = format!("{t:?}");
        assert_eq!(debug.matches(": \"").count(), ENTRY_FIELDS.len(), "{debug}");
    }

    #[test]
    fn export_parses_back_to_the_same_entry() {
        let l = sample_ledger();
        for e in &l.entries {
            let texts = entry_texts(e, &l);
            let mut t = EntryText::default();
            for (f, (_, s)) in ENTRY_FIELDS.iter().zip(&texts) {
                (f.set)(&mut t, s);
            }
            let p = t.parse().expect("parses");
            assert_eq!(p.date, e.date);
            assert_eq!(p.village, l.village_name(e.village));
            assert_eq!(p.kind, e.kind);
            assert_eq!(p.quantity, e.quantity);
            assert_eq!(p.value_fen, e.value_fen);
            assert_eq!(p.status, e.status);
            assert_eq!(p.households, e.households);
            assert_eq!(p.person_times, e.person_times);
            assert_eq!(p.notes, e.notes);
            assert_eq!(p.source, e.source);
            assert_eq!(p.giver, e.giver);
            assert_eq!(p.trainees, e.trainees);
            assert_eq!(p.channel, e.channel);
        }
    }

    #[test]
    fn check_agrees_with_entry_text_parse() {
        for f in &ENTRY_FIELDS {
            for bad in ["-5", "2024-02-30", "x", &"村".repeat(10_001), ""] {
                let mut t = EntryText {
                    date: "2020-06-05",
                    village: "九股村",
                    department: "团委",
                    kind: "goods",
                    what: "书包",
                    ..EntryText::default()
                };
                (f.set)(&mut t, bad);
                let from_parse = t
                    .parse()
                    .err()
                    .and_then(|errs| errs.into_iter().find(|e| e.field == f.field))
                    .map(|e| e.problem);
                assert_eq!((f.check)(bad).err(), from_parse, "{:?} {bad:?}", f.field);
            }
        }
    }

    #[test]
    fn headers_in_both_languages_and_aliases() {
        assert_eq!(field_for_header("日期"), Some(Field::Date));
        assert_eq!(field_for_header("\u{feff}Date "), Some(Field::Date));
        assert_eq!(field_for_header("金额（元）"), Some(Field::Value));
        assert_eq!(field_for_header("value_yuan"), Some(Field::Value));
        assert_eq!(field_for_header("折合金额"), Some(Field::Value));
        assert_eq!(field_for_header("Person-times"), Some(Field::PersonTimes));
        assert_eq!(field_for_header("受益户数"), Some(Field::Households));
        assert_eq!(field_for_header("帮扶村"), Some(Field::Village));
        assert_eq!(field_for_header("已到位金额"), Some(Field::Delivered));
        assert_eq!(field_for_header("来源"), Some(Field::Source));
        assert_eq!(field_for_header("source"), Some(Field::Source));
        assert_eq!(field_for_header("出资方"), Some(Field::Giver));
        assert_eq!(field_for_header("培训对象"), Some(Field::Trainees));
        assert_eq!(field_for_header("Channel"), Some(Field::Channel));
        assert_eq!(field_for_header("颜色"), None);
    }

    #[test]
    fn table_cells_and_sorting() {
        let l = sample_ledger();
        let headings: Vec<&str> = table_columns().map(|f| f.heading().get(Lang::Zh)).collect();
        assert_eq!(
            headings,
            [
                "日期",
                "村",
                "部门",
                "来源",
                "形式",
                "类别",
                "内容",
                "数量",
                "金额（元）",
                "户数",
                "人数"
            ]
        );
        let toilet = &l.entries[0];
        let value = entry_field(Field::Value).map(|f| (f.cell)(toilet, &l, Lang::Zh));
        assert_eq!(value.as_deref(), Some("40,000.00"));
        let mut index: Vec<usize> = (0..l.entries.len()).collect();
        sort_entries(&mut index, &l, Field::Value, false);
        assert_eq!(l.entries[index[0]].value_fen, Fen::from_yuan(1_000_000));
        sort_entries(&mut index, &l, Field::Households, true);
        let households: Vec<u32> = index.iter().map(|&i| l.entries[i].households).collect();
        let mut sorted = households.clone();
        sorted.sort();
        assert_eq!(households, sorted);
    }
}
