//! CSV import and export with the users' Chinese headers.
//!
//! Export writes UTF-8 with a BOM so Excel and WPS open it right; import reads that back
//! unchanged, and also reads GBK files (what Excel saves as "CSV" on a Chinese Windows).
//! Import is all or nothing: one bad row and nothing changes, with every bad row listed.

use crate::i18n::Lang;
use crate::ledger::entry_text::EntryText;
use crate::ledger::validate::{Field, FieldError, Problem, validate_entry};
use crate::ledger::{
    Category, CategoryId, Department, DepartmentId, Edit, EntryId, Ledger, Stamp, Status, Village,
    VillageId, edit::BatchLabel,
};

/// The columns, in export order: (field, Chinese header, English header).
pub const COLUMNS: [(Field, &str, &str); 14] = [
    (Field::Date, "日期", "date"),
    (Field::Village, "村", "village"),
    (Field::Department, "部门", "department"),
    (Field::Kind, "帮扶形式", "kind"),
    (Field::Category, "类别", "category"),
    (Field::What, "内容", "what"),
    (Field::Quantity, "数量", "quantity"),
    (Field::Unit, "单位", "unit"),
    (Field::Value, "金额", "value"),
    (Field::Households, "受益户数", "households"),
    (Field::Persons, "受益人数", "persons"),
    (Field::PersonTimes, "人次", "person_times"),
    (Field::Notes, "备注", "notes"),
    (Field::Delivered, "已到位金额", "delivered"),
];

const REQUIRED: [Field; 5] = [
    Field::Date,
    Field::Village,
    Field::Department,
    Field::Kind,
    Field::What,
];

/// Writes every entry as CSV (UTF-8 with BOM, Chinese headers, amounts in yuan).
///
/// `已到位金额` is empty for entries given in full and holds the delivered amount for
/// pledges (then `金额` is the pledge), so an export imports back unchanged.
pub fn export(ledger: &Ledger) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + ledger.entries.len() * 160);
    out.extend_from_slice("\u{feff}".as_bytes());
    let mut w = ::csv::WriterBuilder::new().from_writer(out);
    // Writing to a Vec cannot fail.
    let _ = w.write_record(COLUMNS.iter().map(|c| c.1));
    for e in &ledger.entries {
        let delivered = match e.status {
            Status::Delivered => String::new(),
            Status::Pledged { delivered_fen } => delivered_fen.plain(),
        };
        let _ = w.write_record([
            e.date.format("%Y-%m-%d").to_string().as_str(),
            ledger.village_name(e.village),
            ledger.department_name(e.department),
            e.kind.label(Lang::Zh),
            ledger.category_name(e.category),
            &e.what,
            &e.quantity.map(|q| q.to_string()).unwrap_or_default(),
            &e.unit,
            &e.value_fen.plain(),
            &e.households.to_string(),
            &e.persons.to_string(),
            &e.person_times.to_string(),
            &e.notes,
            &delivered,
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// A problem with one row (row 1 is the header) or with the file as a whole (row 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based row number as a spreadsheet shows it; 0 for the file itself.
    pub row: usize,
    /// The field and what is wrong.
    pub error: FieldError,
}

impl RowError {
    /// `第 3 行 金额：不能为负数` / `row 3: value: must not be negative`.
    pub fn message(&self, lang: Lang) -> String {
        match (lang, self.row) {
            (Lang::Zh, 0) => format!("文件 {}", self.error.message(lang)),
            (Lang::En, 0) => format!("file: {}", self.error.message(lang)),
            (Lang::Zh, r) => format!("第 {r} 行 {}", self.error.message(lang)),
            (Lang::En, r) => format!("row {r}: {}", self.error.message(lang)),
        }
    }
}

/// What an import would add, ready to apply as one undoable edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    /// One batch: new villages, departments and categories first, then the entries.
    pub edit: Edit,
    /// How many entries.
    pub entries: usize,
    /// Villages that did not exist yet.
    pub new_villages: Vec<String>,
    /// Departments that did not exist yet.
    pub new_departments: Vec<String>,
    /// Categories that did not exist yet.
    pub new_categories: Vec<String>,
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), else GBK.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    }
}

fn header_field(name: &str) -> Option<Field> {
    let n = name.trim().trim_start_matches('\u{feff}').to_lowercase();
    let n = n
        .trim_end_matches("（元）")
        .trim_end_matches("(元)")
        .trim_end_matches("(yuan)")
        .trim_end_matches("_yuan")
        .trim();
    COLUMNS
        .iter()
        .find(|(_, zh, en)| n == *zh || n == *en)
        .map(|c| c.0)
        .or(match n {
            "帮扶村" | "村名" => Some(Field::Village),
            "单位" if false => None,
            "形式" | "类型" => Some(Field::Kind),
            "折合金额" | "金额（元）" => Some(Field::Value),
            "person-times" | "person times" => Some(Field::PersonTimes),
            _ => None,
        })
}

/// Reads CSV text and plans the import into `ledger`. Nothing is changed here; the caller
/// applies `plan.edit` and saves. Every bad row is reported, with its row number.
pub fn plan_import(ledger: &Ledger, text: &str, now: Stamp) -> Result<ImportPlan, Vec<RowError>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let file_error = |field: Field, problem: Problem| {
        vec![RowError {
            row: 0,
            error: FieldError::new(field, problem),
        }]
    };
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(_)) | None => return Err(file_error(Field::Date, Problem::Empty)),
    };
    let mut columns: Vec<Option<Field>> = Vec::new();
    let mut errors = Vec::new();
    for (i, name) in header.iter().enumerate() {
        match header_field(name) {
            Some(f) if columns.contains(&Some(f)) => errors.push(RowError {
                row: 1,
                error: FieldError::new(f, Problem::Duplicate(name.trim().to_string())),
            }),
            Some(f) => columns.push(Some(f)),
            None if name.trim().is_empty() => columns.push(None),
            None => errors.push(RowError {
                row: 1,
                error: FieldError::new(
                    Field::Name,
                    Problem::Unknown(format!("{} (#{})", name.trim(), i + 1)),
                ),
            }),
        }
    }
    for f in REQUIRED {
        if !columns.contains(&Some(f)) {
            errors.push(RowError {
                row: 1,
                error: FieldError::new(f, Problem::Empty),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut work = ledger.clone();
    let mut edits = Vec::new();
    let mut new_villages = Vec::new();
    let mut new_departments = Vec::new();
    let mut new_categories = Vec::new();
    let mut entries = 0;
    let mut next_id = ledger.next_entry_id().0;
    for (i, record) in records.enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                errors.push(RowError {
                    row,
                    error: FieldError::new(Field::Notes, Problem::BadKind),
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |f: Field| -> &str {
            columns
                .iter()
                .position(|c| *c == Some(f))
                .and_then(|i| record.get(i))
                .unwrap_or("")
        };
        let text = EntryText {
            date: cell(Field::Date),
            village: cell(Field::Village),
            department: cell(Field::Department),
            kind: cell(Field::Kind),
            category: cell(Field::Category),
            what: cell(Field::What),
            quantity: cell(Field::Quantity),
            unit: cell(Field::Unit),
            value: cell(Field::Value),
            delivered: cell(Field::Delivered),
            households: cell(Field::Households),
            persons: cell(Field::Persons),
            person_times: cell(Field::PersonTimes),
            notes: cell(Field::Notes),
        };
        let parsed = match text.parse() {
            Ok(p) => p,
            Err(row_errors) => {
                errors.extend(row_errors.into_iter().map(|error| RowError { row, error }));
                continue;
            }
        };
        let village_name = parsed.village.clone();
        let department_name = parsed.department.clone();
        let category_name = parsed.category.clone();
        let mut master_edits = Vec::new();
        let village = match work.village_by_name(&village_name) {
            Some(v) => v.id,
            None => {
                let v = Village {
                    id: work.next_village_id(),
                    name: village_name.clone(),
                    town: String::new(),
                    county: String::new(),
                };
                master_edits.push(Edit::AddVillage {
                    index: work.villages.len(),
                    village: v,
                });
                new_villages.push(village_name);
                VillageId(work.next_village_id().0)
            }
        };
        apply_all(&mut work, &mut master_edits, &mut edits);
        let department = match work.department_by_name(&department_name) {
            Some(d) => d.id,
            None => {
                let id = work.next_department_id();
                master_edits.push(Edit::AddDepartment {
                    index: work.departments.len(),
                    department: Department {
                        id,
                        name: department_name.clone(),
                    },
                });
                new_departments.push(department_name);
                DepartmentId(id.0)
            }
        };
        apply_all(&mut work, &mut master_edits, &mut edits);
        let category = if category_name.is_empty() {
            None
        } else {
            Some(match work.category_by_name(&category_name) {
                Some(c) => c.id,
                None => {
                    let id = work.next_category_id();
                    master_edits.push(Edit::AddCategory {
                        index: work.categories.len(),
                        category: Category {
                            id,
                            name: category_name.clone(),
                        },
                    });
                    new_categories.push(category_name);
                    CategoryId(id.0)
                }
            })
        };
        apply_all(&mut work, &mut master_edits, &mut edits);
        let entry = parsed.into_entry(EntryId(next_id), village, department, category, now);
        if let Err(problems) = validate_entry(&entry, &work) {
            errors.extend(problems.into_iter().map(|error| RowError { row, error }));
            continue;
        }
        next_id += 1;
        entries += 1;
        work.entries.push(entry.clone());
        edits.push(Edit::AddEntry(entry));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ImportPlan {
        edit: Edit::Batch {
            label: BatchLabel::Import { entries },
            edits,
        },
        entries,
        new_villages,
        new_departments,
        new_categories,
    })
}

fn apply_all(work: &mut Ledger, pending: &mut Vec<Edit>, done: &mut Vec<Edit>) {
    for e in pending.drain(..) {
        // New records with fresh ids and checked names always apply.
        if work.apply(&e).is_ok() {
            done.push(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;

    fn now() -> Stamp {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn export_imports_back_unchanged() {
        let sample = sample_ledger();
        let csv = export(&sample);
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let mut fresh = Ledger::new(&sample.unit);
        let plan = plan_import(&fresh, &decode(&csv), now()).expect("imports");
        assert_eq!(plan.entries, sample.entries.len());
        fresh.apply(&plan.edit).expect("applies");
        // Same entries, field for field (ids and stamps aside).
        for (a, b) in sample.entries.iter().zip(&fresh.entries) {
            assert_eq!(a.date, b.date);
            assert_eq!(a.what, b.what);
            assert_eq!(a.value_fen, b.value_fen);
            assert_eq!(a.status, b.status);
            assert_eq!(
                sample.village_name(a.village),
                fresh.village_name(b.village)
            );
        }
        assert_eq!(
            export(&fresh),
            csv,
            "a second export is byte-for-byte the first"
        );
    }

    #[test]
    fn bad_rows_are_all_listed_and_nothing_planned() {
        let text = "日期,村,部门,帮扶形式,内容,金额,受益户数\n\
                    2020-06-05,九股村,团委,物资,书包,-5,\n\
                    2024-02-30,九股村,团委,物资,书包,10,\n\
                    2020-06-05,九股村,团委,礼物,书包,1e30,NaN\n\
                    2020-06-05,九股村,团委,物资,书包,10,3\n";
        let errors = plan_import(&sample_ledger(), text, now()).expect_err("bad rows");
        let messages: Vec<String> = errors.iter().map(|e| e.message(Lang::Zh)).collect();
        assert!(
            messages.contains(&"第 2 行 金额：不能为负数".to_string()),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("第 3 行 日期")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("第 4 行 帮扶形式")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("第 4 行 金额")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("第 4 行 受益户数")),
            "{messages:?}"
        );
        assert!(
            !messages.iter().any(|m| m.starts_with("第 5 行")),
            "{messages:?}"
        );
    }

    #[test]
    fn english_headers_gbk_and_new_records() {
        let text =
            "date,village,department,kind,what,value\n2021-01-02,新村,新部门,funds,修路,1.5万\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let sample = sample_ledger();
        let plan = plan_import(&sample, &decode(&gbk), now()).expect("imports");
        assert_eq!(plan.new_villages, vec!["新村".to_string()]);
        assert_eq!(plan.new_departments, vec!["新部门".to_string()]);
        let mut l = sample.clone();
        l.apply(&plan.edit).expect("applies");
        assert_eq!(l.entries.last().map(|e| e.value_fen.0), Some(1_500_000));
        l.apply(&plan.edit.inverse()).expect("undoes");
        assert_eq!(l, sample);
    }
}
