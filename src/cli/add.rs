//! `bangfu add FILE --date … --village … --department … --kind … --what … [...]`: one
//! entry, validated before the file is touched, saved safely.

use super::{CliError, now, open_for_writing, output, save};
use crate::i18n::{Lang, cli as words};
use crate::ledger::entry_text::EntryText;
use crate::ledger::validate::FieldError;
use crate::ledger::{Category, Department, Edit, Village, edit::BatchLabel};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `bangfu add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Date (YYYY-MM-DD).
    #[arg(long)]
    pub date: String,
    /// Village name.
    #[arg(long)]
    pub village: String,
    /// Department name.
    #[arg(long)]
    pub department: String,
    /// funds | goods | services (资金 | 物资 | 服务).
    #[arg(long)]
    pub kind: String,
    /// What was given.
    #[arg(long)]
    pub what: String,
    /// Category (created if new).
    #[arg(long)]
    pub category: Option<String>,
    /// Quantity.
    #[arg(long, allow_hyphen_values = true)]
    pub quantity: Option<String>,
    /// Unit of the quantity.
    #[arg(long)]
    pub unit: Option<String>,
    /// Value in yuan (`40000`, `4,000.50`, `4万`); for a pledge, the pledged amount.
    #[arg(long, allow_hyphen_values = true)]
    pub value: Option<String>,
    /// Marks the value as pledged, with this much delivered so far (yuan).
    #[arg(long, allow_hyphen_values = true)]
    pub delivered: Option<String>,
    /// Households reached.
    #[arg(long, allow_hyphen_values = true)]
    pub households: Option<String>,
    /// Persons reached.
    #[arg(long, allow_hyphen_values = true)]
    pub persons: Option<String>,
    /// Person-times.
    #[arg(long = "person-times", allow_hyphen_values = true)]
    pub person_times: Option<String>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Create the village or department if it does not exist.
    #[arg(long)]
    pub create: bool,
}

fn field_failure(errors: &[FieldError], lang: Lang) -> CliError {
    CliError::BadInput(
        errors
            .iter()
            .map(|e| e.message(lang))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// An optional flag's text, empty when absent.
fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// Runs `bangfu add`.
pub fn run(a: &AddArgs, lang: Lang) -> Result<(), CliError> {
    // Parse every field first: a bad value is reported before the file is touched.
    let parsed = EntryText {
        date: &a.date,
        village: &a.village,
        department: &a.department,
        kind: &a.kind,
        category: opt(&a.category),
        what: &a.what,
        quantity: opt(&a.quantity),
        unit: opt(&a.unit),
        value: opt(&a.value),
        delivered: opt(&a.delivered),
        households: opt(&a.households),
        persons: opt(&a.persons),
        person_times: opt(&a.person_times),
        notes: opt(&a.notes),
    }
    .parse()
    .map_err(|errors: Vec<FieldError>| field_failure(&errors, lang))?;
    let village_name = parsed.village.clone();
    let department_name = parsed.department.clone();
    let category_name = parsed.category.clone();

    let (mut store, mut ledger) = open_for_writing(&a.file, lang)?;
    let stamp = now();
    let mut edits = Vec::new();
    let mut work = ledger.clone();
    let mut unknown = Vec::new();
    if work.village_by_name(&village_name).is_none() {
        if a.create {
            let e = Edit::AddVillage {
                index: work.villages.len(),
                village: Village {
                    id: work.next_village_id(),
                    name: village_name.clone(),
                    town: String::new(),
                    county: String::new(),
                },
            };
            work.apply(&e)
                .map_err(|e| CliError::BadInput(e.message(lang)))?;
            edits.push(e);
        } else {
            let known: Vec<&str> = ledger.villages.iter().map(|v| v.name.as_str()).collect();
            unknown.push(words::unknown_village(lang, &village_name, &known));
        }
    }
    if work.department_by_name(&department_name).is_none() {
        if a.create {
            let e = Edit::AddDepartment {
                index: work.departments.len(),
                department: Department {
                    id: work.next_department_id(),
                    name: department_name.clone(),
                },
            };
            work.apply(&e)
                .map_err(|e| CliError::BadInput(e.message(lang)))?;
            edits.push(e);
        } else {
            let known: Vec<&str> = ledger.departments.iter().map(|d| d.name.as_str()).collect();
            unknown.push(words::unknown_department(lang, &department_name, &known));
        }
    }
    if !unknown.is_empty() {
        return Err(CliError::BadInput(unknown.join("\n")));
    }
    let category = if category_name.is_empty() {
        None
    } else if let Some(c) = work.category_by_name(&category_name) {
        Some(c.id)
    } else {
        let id = work.next_category_id();
        let e = Edit::AddCategory {
            index: work.categories.len(),
            category: Category {
                id,
                name: category_name,
            },
        };
        work.apply(&e)
            .map_err(|e| CliError::BadInput(e.message(lang)))?;
        edits.push(e);
        Some(id)
    };
    let (Some(village), Some(department)) = (
        work.village_by_name(&village_name),
        work.department_by_name(&department_name),
    ) else {
        return Err(CliError::Usage(
            words::INTERNAL_VANISHED.get(lang).to_string(),
        ));
    };
    let entry = parsed.into_entry(
        work.next_entry_id(),
        village.id,
        department.id,
        category,
        stamp,
    );
    let add = Edit::AddEntry(entry.clone());
    work.apply(&add)
        .map_err(|e| CliError::BadInput(e.message(lang)))?;
    edits.push(add);
    let edit = if edits.len() == 1 {
        edits.remove(0)
    } else {
        Edit::Batch {
            label: BatchLabel::Import { entries: 1 },
            edits,
        }
    };
    ledger
        .apply(&edit)
        .map_err(|e| CliError::BadInput(e.message(lang)))?;
    save(&mut store, &ledger, lang)?;
    output::line(
        &words::entry_added(
            lang,
            entry.id.0,
            &entry.date.to_string(),
            &village_name,
            &entry.what,
            &entry.value_fen.display(),
        ),
        lang,
    )
}
