//! Findings from a table of text cells (a CSV or a worksheet): an inspection report's
//! list arriving in the rectification ledger, all or nothing.
//!
//! Headers, Chinese or English: 序号 (ignored), 村/village, 问题来源/source,
//! 问题类别/category, 问题描述/description, 整改措施/measures, 责任单位/responsible_unit,
//! 责任人/responsible_person, 整改时限/deadline, 整改状态/status, 完成时间/done_on,
//! 备注/notes, and for 已销号 rows 验收人/verified_by and 验收时间/verified_on.
//! An unknown source or category is created (they are editable lists); an unknown
//! village only when the caller allows it.

use super::edit::{BatchLabel, Edit};
use super::findings::{
    DEFAULT_FINDING_CATEGORIES, Finding, FindingCategory, FindingEdit, FindingError, FindingField,
    FindingProblem, FindingStatus, Responsible, Round, check_finding,
};
use super::validate::parse_date;
use super::{Ledger, Village};
use crate::i18n::{Lang, findings as words};
use chrono::NaiveDate;

/// A column of the findings list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Seq,
    Village,
    Source,
    Category,
    Description,
    Measures,
    Unit,
    Person,
    Deadline,
    Status,
    DoneOn,
    Notes,
    VerifiedBy,
    VerifiedOn,
}

const HEADERS: [(Col, &[&str]); 14] = [
    (Col::Seq, &["序号", "no", "no.", "seq", "id"]),
    (Col::Village, &["村", "帮扶村", "village"]),
    (Col::Source, &["问题来源", "source", "round"]),
    (Col::Category, &["问题类别", "category"]),
    (Col::Description, &["问题描述", "description"]),
    (Col::Measures, &["整改措施", "measures"]),
    (Col::Unit, &["责任单位", "responsible_unit"]),
    (Col::Person, &["责任人", "responsible_person"]),
    (Col::Deadline, &["整改时限", "deadline"]),
    (Col::Status, &["整改状态", "整改进度", "status"]),
    (Col::DoneOn, &["完成时间", "done_on"]),
    (Col::Notes, &["备注", "notes"]),
    (Col::VerifiedBy, &["验收人", "verified_by"]),
    (Col::VerifiedOn, &["验收时间", "verified_on"]),
];

/// Whether a header cell names a column of the findings import (`村`, `问题描述`, `deadline` …):
/// how a spreadsheet's header row is found under its title rows.
pub fn is_finding_header(header: &str) -> bool {
    column_of(header).is_some()
}

fn column_of(header: &str) -> Option<Col> {
    let h = header.trim().to_lowercase();
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(c, _)| *c)
}

/// What was wrong with the table; nothing was imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportProblem {
    /// A header cell names no column (1-based column, its text).
    UnknownColumn(usize, String),
    /// A required column is missing (its Chinese header).
    MissingColumn(&'static str),
    /// A row's field is wrong (row number as the file counts it, the problem).
    Row(usize, FindingError),
}

impl ImportProblem {
    /// `第 3 行 整改状态：“完成了”不是整改状态…`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportProblem::UnknownColumn(c, name) => words::unknown_column(lang, *c, name),
            ImportProblem::MissingColumn(name) => words::missing_column(lang, name),
            ImportProblem::Row(row, e) => words::at_row(lang, *row, &e.message(lang)),
        }
    }
}

/// A checked import: one edit (a batch, one undo step) and how many findings it adds.
#[derive(Clone, Debug)]
pub struct FindingsPlan {
    /// The edit to apply.
    pub edit: Edit,
    /// Findings added.
    pub findings: usize,
    /// Villages created (with `create_villages`).
    pub new_villages: Vec<String>,
}

/// Plans the import of `rows` under `header`; `first_row` is the file's row number of
/// `rows[0]` (2 under a one-line header). Every problem is reported, not just the first.
pub fn plan_findings_import(
    ledger: &Ledger,
    header: &[String],
    rows: &[Vec<String>],
    first_row: usize,
    create_villages: bool,
) -> Result<FindingsPlan, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut cols: Vec<Option<Col>> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let c = column_of(h);
        if c.is_none() && !h.trim().is_empty() {
            problems.push(ImportProblem::UnknownColumn(i + 1, h.trim().to_string()));
        }
        cols.push(c);
    }
    for (col, name) in [
        (Col::Village, "村"),
        (Col::Source, "问题来源"),
        (Col::Category, "问题类别"),
        (Col::Description, "问题描述"),
        (Col::Deadline, "整改时限"),
    ] {
        if !cols.contains(&Some(col)) {
            problems.push(ImportProblem::MissingColumn(name));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut trial = ledger.clone();
    let mut edits = Vec::new();
    let mut new_villages = Vec::new();
    let push = |trial: &mut Ledger, edits: &mut Vec<Edit>, edit: Edit| {
        // Master records made here are valid by construction (trimmed, unique names).
        if trial.apply(&edit).is_ok() {
            edits.push(edit);
        }
    };
    if trial.finding_categories.is_empty() {
        for name in DEFAULT_FINDING_CATEGORIES {
            let category = FindingCategory {
                id: trial.next_finding_category_id(),
                name: name.to_string(),
            };
            let index = trial.finding_categories.len();
            push(
                &mut trial,
                &mut edits,
                Edit::Finding(FindingEdit::AddCategory { index, category }),
            );
        }
    }
    let mut added = 0;
    for (n, row) in rows.iter().enumerate() {
        let row_no = first_row + n;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |col: Col| -> &str {
            cols.iter()
                .position(|c| *c == Some(col))
                .and_then(|i| row.get(i))
                .map_or("", |s| s.trim())
        };
        let mut errs: Vec<FindingError> = Vec::new();
        let mut err = |field, problem| errs.push(FindingError::new(field, problem));
        // Village
        let village_name = cell(Col::Village);
        let village = if village_name.is_empty() {
            err(FindingField::Village, FindingProblem::Empty);
            None
        } else if let Some(v) = trial.village_by_name(village_name) {
            Some(v.id)
        } else if create_villages {
            let v = Village::new(trial.next_village_id(), village_name, "", "");
            let id = v.id;
            let index = trial.villages.len();
            match trial.apply(&Edit::AddVillage {
                index,
                village: v.clone(),
            }) {
                Ok(()) => {
                    edits.push(Edit::AddVillage { index, village: v });
                    new_villages.push(village_name.to_string());
                    Some(id)
                }
                Err(_) => {
                    err(
                        FindingField::Village,
                        FindingProblem::UnknownVillage(village_name.into()),
                    );
                    None
                }
            }
        } else {
            err(
                FindingField::Village,
                FindingProblem::UnknownVillage(village_name.into()),
            );
            None
        };
        // Source (round) and category: found or created.
        let round_name = cell(Col::Source);
        let round = if round_name.is_empty() {
            err(FindingField::Round, FindingProblem::Empty);
            None
        } else if let Some(r) = trial.round_by_name(round_name) {
            Some(r.id)
        } else {
            let round = Round {
                id: trial.next_round_id(),
                name: round_name.to_string(),
                date: None,
                organiser: String::new(),
            };
            let id = round.id;
            let index = trial.rounds.len();
            push(
                &mut trial,
                &mut edits,
                Edit::Finding(FindingEdit::AddRound { index, round }),
            );
            trial.round(id).map(|r| r.id)
        };
        let category_name = cell(Col::Category);
        let category = if category_name.is_empty() {
            err(FindingField::Category, FindingProblem::Empty);
            None
        } else if let Some(c) = trial.finding_category_by_name(category_name) {
            Some(c.id)
        } else {
            let category = FindingCategory {
                id: trial.next_finding_category_id(),
                name: category_name.to_string(),
            };
            let id = category.id;
            let index = trial.finding_categories.len();
            push(
                &mut trial,
                &mut edits,
                Edit::Finding(FindingEdit::AddCategory { index, category }),
            );
            trial.finding_category(id).map(|c| c.id)
        };
        let description = cell(Col::Description);
        if description.is_empty() {
            err(FindingField::Description, FindingProblem::Empty);
        }
        let date = |field: FindingField,
                    text: &str,
                    required: bool,
                    err: &mut dyn FnMut(FindingField, FindingProblem)|
         -> Option<NaiveDate> {
            if text.is_empty() {
                if required {
                    err(field, FindingProblem::Empty);
                }
                return None;
            }
            match parse_date(text) {
                Ok(d) => Some(d),
                Err(_) => {
                    err(field, FindingProblem::NotADate(text.to_string()));
                    None
                }
            }
        };
        let deadline = date(FindingField::Deadline, cell(Col::Deadline), true, &mut err);
        let done_on = date(FindingField::DoneOn, cell(Col::DoneOn), false, &mut err);
        let verified_on = date(
            FindingField::VerifiedOn,
            cell(Col::VerifiedOn),
            false,
            &mut err,
        );
        let status_text = cell(Col::Status);
        let status = if status_text.is_empty() {
            Some(FindingStatus::Open)
        } else {
            let s = FindingStatus::parse(status_text);
            if s.is_none() {
                err(
                    FindingField::Status,
                    FindingProblem::UnknownStatus(status_text.into()),
                );
            }
            s
        };
        if let (Some(village), Some(round), Some(category), Some(deadline), Some(status), true) =
            (village, round, category, deadline, status, errs.is_empty())
        {
            let mut f = Finding::new(
                trial.next_finding_id(),
                village,
                round,
                category,
                description,
                deadline,
            );
            f.measures = cell(Col::Measures).to_string();
            f.responsible = Responsible::from_text(&trial, cell(Col::Unit));
            f.person = cell(Col::Person).to_string();
            f.status = status;
            f.done_on = done_on;
            f.verified_by = cell(Col::VerifiedBy).to_string();
            f.verified_on = verified_on;
            f.notes = cell(Col::Notes).to_string();
            let found = check_finding(&f, &trial);
            if found.is_empty() {
                let edit = Edit::Finding(FindingEdit::Add(Box::new(f)));
                if let Err(e) = trial.apply(&edit) {
                    problems.push(ImportProblem::Row(
                        row_no,
                        FindingError::new(
                            FindingField::Id,
                            FindingProblem::Duplicate(e.message(Lang::Zh)),
                        ),
                    ));
                } else {
                    edits.push(edit);
                    added += 1;
                }
            } else {
                errs.extend(found);
            }
        }
        problems.extend(errs.into_iter().map(|e| ImportProblem::Row(row_no, e)));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(FindingsPlan {
        edit: Edit::Batch {
            label: BatchLabel::FindingsImport { findings: added },
            edits,
        },
        findings: added,
        new_villages,
    })
}
