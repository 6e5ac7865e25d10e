//! CSV import and export with the users' Chinese headers.
//!
//! Export writes UTF-8 with a BOM so Excel and WPS open it right; import reads that back
//! unchanged, and also reads GBK files (what Excel saves as "CSV" on a Chinese Windows).
//! Import is all or nothing: one bad row and nothing changes, with every bad row listed.

use crate::i18n::{Lang, model};
use crate::ledger::edit::BatchLabel;
use crate::ledger::entry_text::{CreateNames, EntryText};
use crate::ledger::fields::{ENTRY_FIELDS, field_for_header};
use crate::ledger::names::{MasterKind, NameBatch};
use crate::ledger::validate::{Field, FieldError, Problem};
use crate::ledger::{Edit, EntryId, Ledger, Stamp};

/// Writes every entry as CSV (UTF-8 with BOM, Chinese headers, amounts in yuan), one
/// column per field of [`ENTRY_FIELDS`], in its order.
///
/// `已到位金额` is empty for entries given in full and holds the delivered amount for
/// pledges (then `金额` is the pledge), so an export imports back unchanged.
pub fn export(ledger: &Ledger) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + ledger.entries.len() * 160);
    out.extend_from_slice("\u{feff}".as_bytes());
    let mut w = ::csv::WriterBuilder::new().from_writer(out);
    // Writing to a Vec cannot fail.
    let _ = w.write_record(ENTRY_FIELDS.iter().map(|f| f.label.get(Lang::Zh)));
    for e in &ledger.entries {
        let _ = w.write_record(
            ENTRY_FIELDS
                .iter()
                .map(|f| neutralise_formula(&(f.export)(e, ledger)).into_owned()),
        );
    }
    w.into_inner().unwrap_or_default()
}

/// Whether a spreadsheet would read `cell` as a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first), or it is already one apostrophe away from such a cell.
fn needs_apostrophe(cell: &str) -> bool {
    let mut rest = cell;
    while let Some(r) = rest.strip_prefix('\'') {
        rest = r;
    }
    rest.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A CSV cell made safe from formula injection: a cell Excel, WPS or LibreOffice would
/// evaluate (`=1+1`, `-5`, `@SUM(A1)`, `+86 …`) gets a leading apostrophe, so it shows as
/// text. A cell that already starts with apostrophes before such a character gets one
/// more, so [`restore_formula`] gives back exactly what was written.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_apostrophe(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise_formula`]: drops the one apostrophe it adds, and nothing else
/// (`'abc` stays as typed).
pub fn restore_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_apostrophe(rest) => rest,
        _ => cell,
    }
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
        model::row_error(lang, self.row, &self.error.detailed_message(lang, false))
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
    /// Parts of names taken as a whole name by the name rule: (kind, typed, name).
    pub matched_by_part: Vec<(MasterKind, String, String)>,
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), else GBK.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    }
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
        match field_for_header(name) {
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
    for f in ENTRY_FIELDS.iter().filter(|f| f.required) {
        if !columns.contains(&Some(f.field)) {
            errors.push(RowError {
                row: 1,
                error: FieldError::new(f.field, Problem::Empty),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut batch = NameBatch::new(ledger);
    let mut edits = Vec::new();
    let mut entries = 0;
    let mut next_id = ledger.next_entry_id().0;
    for (i, record) in records.enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                errors.push(RowError {
                    row,
                    error: FieldError::new(Field::Name, Problem::Unreadable),
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut text = EntryText::default();
        for (col, cell) in columns.iter().zip(record.iter()) {
            if let Some(spec) = col.and_then(crate::ledger::fields::entry_field) {
                (spec.set)(&mut text, restore_formula(cell));
            }
        }
        match text.to_entry_in(&mut batch, EntryId(next_id), now, now, CreateNames::ALL) {
            Ok(entry) => {
                next_id += 1;
                entries += 1;
                edits.extend(batch.take_edits());
                edits.push(Edit::AddEntry(entry));
            }
            Err(row_errors) => {
                errors.extend(row_errors.into_iter().map(|error| RowError { row, error }));
            }
        }
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
        new_villages: batch.created(MasterKind::Village),
        new_departments: batch.created(MasterKind::Department),
        new_categories: batch.created(MasterKind::Category),
        matched_by_part: batch.matched_by_part().to_vec(),
    })
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
    fn formula_cells_are_neutralised_and_import_back() {
        let mut l = sample_ledger();
        let template = l.entries[0].clone();
        let texts = [
            "=1+1",
            "-5",
            "@SUM(A1)",
            "+86 138 0000 0000",
            "'=2",
            "'plain",
        ];
        for (i, what) in texts.iter().enumerate() {
            let mut e = template.clone();
            e.id = l.next_entry_id();
            e.what = (*what).to_string();
            e.unit = format!("={i}");
            l.apply(&Edit::AddEntry(e)).expect("adds");
        }
        let csv = export(&l);
        let text = decode(&csv);
        let mut reader = ::csv::ReaderBuilder::new().from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.expect("a record").iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a spreadsheet would evaluate {cell:?}"
                );
            }
        }
        assert!(text.contains(",'=1+1,"), "{text}");
        assert!(text.contains(",'plain,"), "{text}");
        let fresh = Ledger::new(&l.unit);
        let plan = plan_import(&fresh, &text, now()).expect("imports");
        let mut fresh = fresh;
        fresh.apply(&plan.edit).expect("applies");
        let got: Vec<(&str, &str)> = fresh
            .entries
            .iter()
            .rev()
            .take(texts.len())
            .map(|e| (e.what.as_str(), e.unit.as_str()))
            .collect();
        let want: Vec<(String, String)> = texts
            .iter()
            .enumerate()
            .rev()
            .map(|(i, t)| ((*t).to_string(), format!("={i}")))
            .collect();
        let want: Vec<(&str, &str)> = want.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(got, want);
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
