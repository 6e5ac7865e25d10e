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
    }
}
