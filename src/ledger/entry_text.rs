//! An entry as text (a CSV row, CLI flags, the entry form) parsed in one place into
//! checked values, with every bad field reported at once. [`EntryText::parse`] keeps
//! names as names; [`EntryText::to_entry`] also resolves them by the rule in
//! [`super::names`], creating missing ones only where the caller allows it.

use super::edit::Edit;
use super::fields::ENTRY_FIELDS;
use super::names::NameBatch;
use super::validate::{
    Field, FieldError, Problem, check_values, clean_name, clean_notes, clean_optional, parse_count,
    parse_date, parse_money_or_zero, parse_quantity, parse_source, parse_trainees, take,
};
use super::{
    CategoryId, DepartmentId, Entry, EntryId, Fen, Kind, Ledger, Quantity, Source, Stamp, Status,
    TraineeGroup, VillageId,
};
use chrono::NaiveDate;

/// Which missing names [`EntryText::to_entry`] may create.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CreateNames {
    /// Create a missing village.
    pub villages: bool,
    /// Create a missing department.
    pub departments: bool,
    /// Create a missing category.
    pub categories: bool,
}

impl CreateNames {
    /// Create nothing: every name must exist (the form; the CLI without `--create`
    /// still creates categories, see `CreateNames { categories: true, .. }`).
    pub const NONE: CreateNames = CreateNames {
        villages: false,
        departments: false,
        categories: false,
    };
    /// Create every missing name (an import).
    pub const ALL: CreateNames = CreateNames {
        villages: true,
        departments: true,
        categories: true,
    };
}

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
    /// 来源 (empty: 本单位投入).
    pub source: &'a str,
    /// 出资方.
    pub giver: &'a str,
    /// 帮扶形式.
    pub kind: &'a str,
    /// 培训对象 (empty: none).
    pub trainees: &'a str,
    /// 渠道.
    pub channel: &'a str,
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
    /// Source.
    pub source: Source,
    /// Giver (trimmed; may be empty).
    pub giver: String,
    /// Kind.
    pub kind: Kind,
    /// Who was trained.
    pub trainees: Option<TraineeGroup>,
    /// Channel (trimmed; may be empty).
    pub channel: String,
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
        let source = take(e, Field::Source, parse_source(self.source));
        let giver = take(e, Field::Giver, clean_optional(self.giver));
        let kind = take(
            e,
            Field::Kind,
            Kind::parse(self.kind).ok_or(Problem::BadKind),
        );
        let trainees = take(e, Field::Trainees, parse_trainees(self.trainees));
        let channel = take(e, Field::Channel, clean_optional(self.channel));
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
        // Every field is Some exactly when no problem was recorded.
        let parsed = (|| {
            Some(ParsedEntry {
                date: date?,
                village: village?,
                department: department?,
                source: source?,
                giver: giver?,
                kind: kind?,
                trainees: trainees?,
                channel: channel?,
                category: category?,
                what: what?,
                quantity: quantity?,
                unit: unit?,
                value_fen: value_fen?,
                status: status?,
                households: households?,
                persons: persons?,
                person_times: person_times?,
                notes: notes?,
            })
        })();
        match parsed {
            Some(p) if errors.is_empty() => Ok(p),
            _ => Err(errors),
        }
    }
}

impl EntryText<'_> {
    /// Parses every field and resolves the names against `ledger`: the entry with this id
    /// (created at `created`, modified `now`) and the edits that add the names it creates,
    /// to apply before the entry. On failure, every problem, each under its field; a
    /// name that is missing (and may not be created) or ambiguous is a
    /// [`Problem::Name`].
    pub fn to_entry(
        &self,
        ledger: &Ledger,
        id: EntryId,
        created: Stamp,
        now: Stamp,
        create: CreateNames,
    ) -> Result<(Entry, Vec<Edit>), Vec<FieldError>> {
        let mut batch = NameBatch::new(ledger);
        let entry = self.to_entry_in(&mut batch, id, created, now, create)?;
        Ok((entry, batch.into_edits()))
    }

    /// [`EntryText::to_entry`] within a batch of names (an import: a name new in one row
    /// is created once, and later rows use it).
    pub fn to_entry_in(
        &self,
        batch: &mut NameBatch,
        id: EntryId,
        created: Stamp,
        now: Stamp,
        create: CreateNames,
    ) -> Result<Entry, Vec<FieldError>> {
        let parsed = self.parse();
        let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
        let failed = |errors: &[FieldError], f: Field| errors.iter().any(|e| e.field == f);
        let mut names = Vec::new();
        let village = if failed(&errors, Field::Village) {
            None
        } else {
            take(
                &mut names,
                Field::Village,
                batch
                    .village(self.village, create.villages)
                    .map_err(|e| e.problem()),
            )
        };
        let department = if failed(&errors, Field::Department) {
            None
        } else {
            take(
                &mut names,
                Field::Department,
                batch
                    .department(self.department, create.departments)
                    .map_err(|e| e.problem()),
            )
        };
        let category = if failed(&errors, Field::Category) {
            None
        } else {
            take(
                &mut names,
                Field::Category,
                batch
                    .category(self.category, create.categories)
                    .map_err(|e| e.problem()),
            )
        };
        errors.extend(names);
        if let (Ok(parsed), Some(village), Some(department), Some(category)) =
            (parsed, village, department, category)
        {
            let mut entry = parsed.into_entry(id, village, department, category, created);
            entry.modified = now;
            check_values(&entry, &mut errors);
            if errors.is_empty() {
                return Ok(entry);
            }
        }
        errors.sort_by_key(|e| ENTRY_FIELDS.iter().position(|f| f.field == e.field));
        Err(errors)
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
            source: self.source,
            giver: self.giver.into(),
            kind: self.kind,
            trainees: self.trainees,
            channel: self.channel.into(),
            category,
            what: self.what.into(),
            quantity: self.quantity,
            unit: self.unit.into(),
            value_fen: self.value_fen,
            households: self.households,
            persons: self.persons,
            person_times: self.person_times,
            status: self.status,
            notes: self.notes.into(),
            created: stamp,
            modified: stamp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;
    use crate::ledger::names::NameError;

    fn stamp() -> Stamp {
        NaiveDate::from_ymd_opt(2020, 6, 30)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default()
    }

    fn text<'a>(village: &'a str, department: &'a str) -> EntryText<'a> {
        EntryText {
            date: "2020/6/30",
            village,
            department,
            kind: "物资",
            what: " 书包 ",
            value: "1,200.5",
            households: "3",
            ..EntryText::default()
        }
    }

    #[test]
    fn names_resolve_by_the_rule_and_nothing_is_created_unasked() {
        let l = sample_ledger();
        let (e, edits) = text("九股", "团委")
            .to_entry(&l, EntryId(99), stamp(), stamp(), CreateNames::NONE)
            .expect("valid");
        assert!(edits.is_empty());
        assert_eq!(e.village, VillageId(1));
        assert_eq!(e.department, DepartmentId(5));
        assert_eq!(e.what, "书包");
        assert_eq!(e.value_fen, Fen(120_050));
        assert_eq!(e.households, 3);
        assert_eq!(e.status, Status::Delivered);
    }

    #[test]
    fn a_missing_name_is_a_field_problem_unless_creation_is_allowed() {
        let l = sample_ledger();
        let errs = text("新华村", "团委")
            .to_entry(&l, EntryId(99), stamp(), stamp(), CreateNames::NONE)
            .expect_err("unknown village");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, Field::Village);
        assert!(matches!(
            &errs[0].problem,
            Problem::Name(e) if matches!(**e, NameError::NotFound { .. })
        ));
        assert_eq!(errs[0].message(crate::i18n::Lang::Zh), "村：不存在：新华村");
        assert_eq!(
            errs[0].detailed_message(crate::i18n::Lang::Zh, true),
            "村：不存在“新华村”。已有：九股村、海子村、平原村（加 --create 可新建）"
        );
        let create = CreateNames {
            villages: true,
            ..CreateNames::NONE
        };
        let (e, edits) = text("新华村", "团委")
            .to_entry(&l, EntryId(99), stamp(), stamp(), create)
            .expect("created");
        assert_eq!(e.village, VillageId(4));
        let mut m = l.clone();
        for edit in &edits {
            m.apply(edit).expect("applies");
        }
        m.apply(&Edit::AddEntry(Box::new(e)))
            .expect("entry applies after its village");
    }

    #[test]
    fn every_bad_field_is_reported_in_field_order() {
        let l = sample_ledger();
        let t = EntryText {
            date: "2024-02-30",
            value: "-1",
            kind: "礼物",
            ..text("村", "")
        };
        let errs = t
            .to_entry(&l, EntryId(99), stamp(), stamp(), CreateNames::ALL)
            .expect_err("bad");
        let fields: Vec<Field> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::Date,
                Field::Village,
                Field::Department,
                Field::Kind,
                Field::Value
            ]
        );
        // 村 is in every village's name: ambiguous, never created.
        assert!(matches!(
            &errs[1].problem,
            Problem::Name(e) if matches!(**e, NameError::Ambiguous { .. })
        ));
        assert_eq!(errs[2].problem, Problem::Empty);
    }

    #[test]
    fn a_pledge_over_its_value_is_caught_after_parsing() {
        let l = sample_ledger();
        let t = EntryText {
            value: "100",
            delivered: "150",
            ..text("九股村", "团委")
        };
        let errs = t
            .to_entry(&l, EntryId(99), stamp(), stamp(), CreateNames::NONE)
            .expect_err("over");
        assert_eq!(
            errs,
            vec![FieldError::new(
                Field::Delivered,
                Problem::DeliveredOverPledge
            )]
        );
    }
}
