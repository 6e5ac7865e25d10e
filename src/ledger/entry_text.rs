//! An entry as text (a CSV row, CLI flags) parsed in one place into checked values, with
//! every bad field reported at once. Names stay names: the caller looks them up (and may
//! create missing villages, departments and categories).

use super::validate::{
    Field, FieldError, Problem, clean_name, clean_notes, clean_optional, parse_count, parse_date,
    parse_money_or_zero, parse_quantity, take,
};
use super::{
    CategoryId, DepartmentId, Entry, EntryId, Fen, Kind, Quantity, Stamp, Status, VillageId,
};
use chrono::NaiveDate;

/// The fields of an entry as typed. Empty text means zero or none; `delivered` empty
/// means given in full, a number means the value was pledged and this much has arrived.
#[derive(Clone, Copy, Debug, Default)]
pub struct EntryText<'a> {
    /// 日期.
    pub date: &'a str,
    /// 村 (a name).
    pub village: &'a str,
    /// 部门 (a name).
    pub department: &'a str,
    /// 帮扶形式.
    pub kind: &'a str,
    /// 类别 (a name, may be empty).
    pub category: &'a str,
    /// 内容.
    pub what: &'a str,
    /// 数量.
    pub quantity: &'a str,
    /// 单位.
    pub unit: &'a str,
    /// 金额 (yuan).
    pub value: &'a str,
    /// 已到位金额 (yuan), for pledges.
    pub delivered: &'a str,
    /// 受益户数.
    pub households: &'a str,
    /// 受益人数.
    pub persons: &'a str,
    /// 人次.
    pub person_times: &'a str,
    /// 备注.
    pub notes: &'a str,
}

/// An entry whose every field passed, with its village, department and category by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedEntry {
    /// When.
    pub date: NaiveDate,
    /// Village name (trimmed).
    pub village: String,
    /// Department name (trimmed).
    pub department: String,
    /// Kind.
    pub kind: Kind,
    /// Category name (trimmed; empty for none).
    pub category: String,
    /// What.
    pub what: String,
    /// Quantity.
    pub quantity: Option<Quantity>,
    /// Unit.
    pub unit: String,
    /// Value in fen.
    pub value_fen: Fen,
    /// Delivered outright or pledged.
    pub status: Status,
    /// Households reached.
    pub households: u32,
    /// Persons reached.
    pub persons: u32,
    /// Person-times.
    pub person_times: u32,
    /// Notes.
    pub notes: String,
}

impl EntryText<'_> {
    /// Parses every field; on failure returns every problem, each naming its field.
    pub fn parse(&self) -> Result<ParsedEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let date = take(e, Field::Date, parse_date(self.date));
        let village = take(e, Field::Village, clean_name(self.village));
        let department = take(e, Field::Department, clean_name(self.department));
        let kind = take(
            e,
            Field::Kind,
            Kind::parse(self.kind).ok_or(Problem::BadKind),
        );
        let category = take(e, Field::Category, clean_optional(self.category));
        let what = take(e, Field::What, clean_name(self.what));
        let quantity = take(e, Field::Quantity, parse_quantity(self.quantity));
        let unit = take(e, Field::Unit, clean_optional(self.unit));
        let value_fen = take(e, Field::Value, parse_money_or_zero(self.value));
        let status = if self.delivered.trim().is_empty() {
            Some(Status::Delivered)
        } else {
            take(e, Field::Delivered, parse_money_or_zero(self.delivered))
                .map(|delivered_fen| Status::Pledged { delivered_fen })
        };
        let households = take(e, Field::Households, parse_count(self.households));
        let persons = take(e, Field::Persons, parse_count(self.persons));
        let person_times = take(e, Field::PersonTimes, parse_count(self.person_times));
        let notes = take(e, Field::Notes, clean_notes(self.notes));
        match (
            date,
            village,
            department,
            kind,
            category,
            what,
            quantity,
            unit,
            value_fen,
            status,
            households,
            persons,
            person_times,
            notes,
        ) {
            (
                Some(date),
                Some(village),
                Some(department),
                Some(kind),
                Some(category),
                Some(what),
                Some(quantity),
                Some(unit),
                Some(value_fen),
                Some(status),
                Some(households),
                Some(persons),
                Some(person_times),
                Some(notes),
            ) => Ok(ParsedEntry {
                date,
                village,
                department,
                kind,
                category,
                what,
                quantity,
                unit,
                value_fen,
                status,
                households,
                persons,
                person_times,
                notes,
            }),
            _ => Err(errors),
        }
    }
}

impl ParsedEntry {
    /// The entry, once the caller has resolved the names to ids.
    pub fn into_entry(
        self,
        id: EntryId,
        village: VillageId,
        department: DepartmentId,
        category: Option<CategoryId>,
        stamp: Stamp,
    ) -> Entry {
        Entry {
            id,
            date: self.date,
            department,
            village,
            kind: self.kind,
            category,
            what: self.what,
            quantity: self.quantity,
            unit: self.unit,
            value_fen: self.value_fen,
            households: self.households,
            persons: self.persons,
            person_times: self.person_times,
            status: self.status,
            notes: self.notes,
            created: stamp,
            modified: stamp,
        }
    }
}
