//! The rectification ledger as report tables: the 整改落实情况台账 in the official column
//! layout, and the 整改进度 summary (village × status, per category, overdue list). The
//! PDF, the workbook and the CLI draw these same tables.

use super::table::{Cell, Column, ColumnKind, Row, RowKind, Table};
use crate::i18n::{Lang, findings as words};
use crate::ledger::Ledger;
use crate::ledger::findings::{Finding, FindingStatus};
use crate::summary::findings::{FindingCounts, FindingKey, FindingSummary};
use chrono::NaiveDate;

/// How the completion rate is written in a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateCell {
    /// A percent cell (`68.0%` printed).
    Percent,
    /// Plain text `68.0` (CSV and JSON: a percent with one decimal).
    Plain,
}

/// The heading of a grouping key.
pub fn key_heading(by: FindingKey, lang: Lang) -> (&'static str, &'static str) {
    match by {
        FindingKey::Village => (words::VILLAGE.get(lang), "village"),
        FindingKey::Category => (words::CATEGORY.get(lang), "category"),
        FindingKey::Source => (words::ROUND.get(lang), "source"),
        FindingKey::Responsible => (words::RESPONSIBLE_UNIT.get(lang), "responsible"),
    }
}

fn count_cells(c: &FindingCounts, rate: RateCell) -> Vec<Cell> {
    let mut cells: Vec<Cell> = [
        c.findings,
        c.open,
        c.in_progress,
        c.done,
        c.verified,
        c.overdue,
    ]
    .into_iter()
    .map(Cell::Count)
    .collect();
    cells.push(match rate {
        RateCell::Percent => Cell::Percent(c.completion_bp()),
        RateCell::Plain => Cell::Text(c.completion_text()),
    });
    cells
}

/// The summary table: key, 问题数, the four statuses, 已超时限, 整改完成率, and a 合计 row.
pub fn summary_table(s: &FindingSummary, lang: Lang, rate: RateCell) -> Table {
    let (heading, code) = key_heading(s.by, lang);
    let mut columns = vec![
        Column::new(heading, code, ColumnKind::Text),
        Column::new(words::FINDINGS.get(lang), "findings", ColumnKind::Count),
    ];
    for st in FindingStatus::ALL {
        columns.push(Column::new(st.label(lang), st.code(), ColumnKind::Count));
    }
    columns.push(Column::new(
        words::OVERDUE.get(lang),
        "overdue",
        ColumnKind::Count,
    ));
    let rate_kind = match rate {
        RateCell::Percent => ColumnKind::Percent,
        RateCell::Plain => ColumnKind::Text,
    };
    columns.push(Column::new(
        words::COMPLETION_RATE.get(lang),
        "completion_rate",
        rate_kind,
    ));
    let mut rows: Vec<Row> = s
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::Text(r.key.clone())];
            cells.extend(count_cells(&r.counts, rate));
            Row {
                cells,
                kind: RowKind::Body,
            }
        })
        .collect();
    let mut cells = vec![Cell::Text(words::TOTAL.get(lang).to_string())];
    cells.extend(count_cells(&s.total, rate));
    rows.push(Row {
        cells,
        kind: RowKind::Total,
    });
    Table {
        title: String::new(),
        columns,
        key_columns: 1,
        rows,
        in_wan: false,
        notes: Vec::new(),
    }
}

/// `验收人 2020-06-12`, or empty.
fn sign_off(f: &Finding) -> String {
    let date = f.verified_on.map(|d| d.to_string()).unwrap_or_default();
    format!("{} {date}", f.verified_by).trim().to_string()
}

/// The progress column: the status, then each dated note on its own line.
fn progress_text(f: &Finding, lang: Lang) -> String {
    let mut lines = vec![f.status.label(lang).to_string()];
    lines.extend(f.progress.iter().map(|n| format!("{} {}", n.date, n.text)));
    lines.join("\n")
}

/// The 整改落实情况台账 in the usual column layout: 序号 | 村 | 问题来源 | 问题类别 |
/// 问题描述 | 整改措施 | 责任单位 | 责任人 | 整改时限 | 整改进度 | 完成时间 | 验收人/验收时间
/// | 销号. `full` adds 备注 (printed ledger); the CLI list leaves it out.
pub fn ledger_table(ledger: &Ledger, findings: &[&Finding], lang: Lang, full: bool) -> Table {
    let mut columns = vec![
        Column::new(words::SEQ.get(lang), "id", ColumnKind::Id),
        Column::new(words::VILLAGE.get(lang), "village", ColumnKind::Text),
        Column::new(words::ROUND.get(lang), "source", ColumnKind::Text),
        Column::new(words::CATEGORY.get(lang), "category", ColumnKind::Text),
        Column::new(
            words::DESCRIPTION.get(lang),
            "description",
            ColumnKind::Text,
        ),
        Column::new(words::MEASURES.get(lang), "measures", ColumnKind::Text),
        Column::new(
            words::RESPONSIBLE_UNIT.get(lang),
            "responsible_unit",
            ColumnKind::Text,
        ),
        Column::new(
            words::RESPONSIBLE_PERSON.get(lang),
            "responsible_person",
            ColumnKind::Text,
        ),
        Column::new(words::DEADLINE.get(lang), "deadline", ColumnKind::Date),
        Column::new(words::PROGRESS.get(lang), "status", ColumnKind::Text),
        Column::new(words::DONE_ON.get(lang), "done_on", ColumnKind::Date),
        Column::new(
            format!(
                "{}/{}",
                words::VERIFIED_BY.get(lang),
                words::VERIFIED_ON.get(lang)
            ),
            "verified",
            ColumnKind::Text,
        ),
        Column::new(words::SIGNED_OFF.get(lang), "signed_off", ColumnKind::Text),
    ];
    if full {
        columns.push(Column::new(
            words::NOTES.get(lang),
            "notes",
            ColumnKind::Text,
        ));
    }
    let rows = findings
        .iter()
        .map(|f| {
            let mut cells = vec![
                Cell::Id(u64::from(f.id.0)),
                Cell::Text(ledger.village_name(f.village).to_string()),
                Cell::Text(ledger.round_name(f.round).to_string()),
                Cell::Text(ledger.finding_category_name(f.category).to_string()),
                Cell::Text(f.description.clone()),
                Cell::Text(f.measures.clone()),
                Cell::Text(f.responsible.name(ledger).to_string()),
                Cell::Text(f.person.clone()),
                Cell::Date(f.deadline),
                Cell::Text(if full {
                    progress_text(f, lang)
                } else {
                    f.status.label(lang).to_string()
                }),
                f.done_on.map_or(Cell::Empty, Cell::Date),
                Cell::Text(sign_off(f)),
                Cell::Text(if f.status == FindingStatus::Verified {
                    words::SIGNED_OFF.get(lang).to_string()
                } else {
                    String::new()
                }),
            ];
            if full {
                let mut notes = f.notes.clone();
                if f.illustrative {
                    if !notes.is_empty() {
                        notes.push('；');
                    }
                    notes.push_str(words::ILLUSTRATIVE.get(lang));
                }
                cells.push(Cell::Text(notes));
            }
            Row {
                cells,
                kind: RowKind::Body,
            }
        })
        .collect();
    Table {
        title: words::LEDGER_TITLE.get(lang).to_string(),
        columns,
        key_columns: 1,
        rows,
        in_wan: false,
        notes: Vec::new(),
    }
}

/// The overdue list of the one-page summary: 序号, 村, 问题类别, 问题描述, 责任单位,
/// 整改时限, 整改状态, days past the deadline.
pub fn overdue_table(ledger: &Ledger, as_of: NaiveDate, lang: Lang) -> Table {
    let columns = vec![
        Column::new(words::SEQ.get(lang), "id", ColumnKind::Id),
        Column::new(words::VILLAGE.get(lang), "village", ColumnKind::Text),
        Column::new(words::CATEGORY.get(lang), "category", ColumnKind::Text),
        Column::new(
            words::DESCRIPTION.get(lang),
            "description",
            ColumnKind::Text,
        ),
        Column::new(
            words::RESPONSIBLE_UNIT.get(lang),
            "responsible_unit",
            ColumnKind::Text,
        ),
        Column::new(words::DEADLINE.get(lang), "deadline", ColumnKind::Date),
        Column::new(words::STATUS.get(lang), "status", ColumnKind::Text),
    ];
    let rows = ledger
        .findings
        .iter()
        .filter(|f| f.is_overdue(as_of))
        .map(|f| Row {
            cells: vec![
                Cell::Id(u64::from(f.id.0)),
                Cell::Text(ledger.village_name(f.village).to_string()),
                Cell::Text(ledger.finding_category_name(f.category).to_string()),
                Cell::Text(f.description.clone()),
                Cell::Text(f.responsible.name(ledger).to_string()),
                Cell::Date(f.deadline),
                Cell::Text(f.status.label(lang).to_string()),
            ],
            kind: RowKind::Body,
        })
        .collect();
    Table {
        title: words::OVERDUE_TITLE.get(lang).to_string(),
        columns,
        key_columns: 1,
        rows,
        in_wan: false,
        notes: Vec::new(),
    }
}

/// Font size of the summary page's text.
const BODY: f32 = 9.5;
/// Font size of the summary page's tables.
const SUMMARY_TABLE: f32 = 8.5;
/// Font size of the printed ledger (landscape, many columns).
const LEDGER_TABLE: f32 = 7.5;
/// Font size of the footer.
const FOOTER: f32 = 8.0;

/// `毕节职业技术学院 整改进度`.
fn unit_title(ledger: &Ledger, title: &str) -> String {
    format!("{} {title}", ledger.unit).trim().to_string()
}

/// The findings report as a PDF: a one-page 整改进度 summary (village × status, per
/// category, completion rate, the overdue list), then the 督战问题整改落实情况台账 on
/// landscape A4, long text wrapped and the header row repeated on every page. Overdue is
/// counted as of `as_of`.
pub fn findings_pdf(
    ledger: &Ledger,
    as_of: NaiveDate,
    options: &super::ReportOptions,
) -> Result<super::PdfReport, super::ReportError> {
    use super::pdf::font::FontMetrics;
    use super::pdf::layout::{Align, BLACK, Composer, GREY, Orientation};
    use super::pdf::page_table;
    use crate::i18n::report as report_words;
    let lang = options.lang;
    let metrics = FontMetrics::bundled()
        .ok_or_else(|| super::ReportError::Pdf("the bundled font cannot be read".into()))?;
    let mut c = Composer::new(&metrics);
    let mut sections = Vec::new();
    let all: Vec<&Finding> = ledger.findings.iter().collect();
    let by_village = crate::summary::findings::summarize(ledger, &all, FindingKey::Village, as_of);
    let by_category =
        crate::summary::findings::summarize(ledger, &all, FindingKey::Category, as_of);
    let as_of_text = words::as_of(lang, &as_of.to_string());

    // Page 1: 整改进度.
    let title = unit_title(ledger, words::PROGRESS_TITLE.get(lang));
    c.paragraph(&title, 16.0, Align::Center, BLACK);
    c.space(2.0);
    c.paragraph(&as_of_text, BODY, Align::Center, GREY);
    c.space(4.0);
    sections.push((title, c.page_number()));
    let t = &by_village.total;
    c.paragraph(
        &words::progress_sentence(
            lang,
            t.findings,
            t.verified,
            t.done,
            t.in_progress + t.open,
            t.overdue,
            &super::table::percent_text(t.completion_bp()),
        ),
        BODY,
        Align::Left,
        BLACK,
    );
    c.space(4.0);
    for (heading, s) in [
        (words::BY_VILLAGE_TITLE, &by_village),
        (words::BY_CATEGORY_TITLE, &by_category),
    ] {
        c.heading(heading.get(lang), 11.0, 60.0);
        c.table(&page_table(
            &summary_table(s, lang, RateCell::Percent),
            SUMMARY_TABLE,
            lang,
        ));
    }
    let overdue = overdue_table(ledger, as_of, lang);
    c.heading(&overdue.title, 11.0, 40.0);
    if overdue.rows.is_empty() {
        c.paragraph(words::NONE_OVERDUE.get(lang), BODY, Align::Left, GREY);
    } else {
        c.table(&page_table(&overdue, SUMMARY_TABLE, lang));
    }
    if ledger.findings.iter().any(|f| f.illustrative) {
        c.space(4.0);
        c.paragraph(words::ILLUSTRATIVE_NOTE.get(lang), BODY, Align::Left, GREY);
    }

    // The ledger itself, landscape.
    c.new_page(Orientation::Landscape);
    let ledger_t = ledger_table(ledger, &all, lang, true);
    let title = unit_title(ledger, &ledger_t.title);
    c.paragraph(&title, 14.0, Align::Center, BLACK);
    c.paragraph(&as_of_text, BODY, Align::Center, GREY);
    c.space(4.0);
    sections.push((title.clone(), c.page_number()));
    c.table(&page_table(&ledger_t, LEDGER_TABLE, lang));

    let sign = |name: &str| {
        if name.trim().is_empty() {
            "__________".to_string()
        } else {
            name.trim().to_string()
        }
    };
    let footer = report_words::footer(
        &sign(&options.prepared_by),
        &sign(&options.reviewed_by),
        &super::date_text(options.printed_on, lang),
        lang,
    );
    c.add_footers(
        &footer,
        |page, pages| report_words::page_of(page, pages, lang),
        FOOTER,
    );
    let missing_chars = c.missing_chars().to_vec();
    let bytes = super::pdf::render(&c.pages, &title, lang)?;
    Ok(super::PdfReport {
        bytes,
        pages: c.pages.len(),
        missing_chars,
        section_pages: sections,
        evidence_problems: (0, 0),
    })
}

/// The findings workbook: the same tables as the PDF, one sheet each (台账, 分村, 分类别,
/// 超期). Overdue is counted as of `as_of`.
pub fn findings_xlsx(
    ledger: &Ledger,
    as_of: NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>, super::ReportError> {
    let all: Vec<&Finding> = ledger.findings.iter().collect();
    let summarize = |by| crate::summary::findings::summarize(ledger, &all, by, as_of);
    let sheets = [
        (
            words::SHEET_LEDGER.get(lang),
            ledger_table(ledger, &all, lang, true),
        ),
        (
            words::SHEET_BY_VILLAGE.get(lang),
            summary_table(&summarize(FindingKey::Village), lang, RateCell::Percent),
        ),
        (
            words::SHEET_BY_CATEGORY.get(lang),
            summary_table(&summarize(FindingKey::Category), lang, RateCell::Percent),
        ),
        (
            words::SHEET_OVERDUE.get(lang),
            overdue_table(ledger, as_of, lang),
        ),
    ];
    super::xlsx::tables_workbook(&sheets)
}
