//! `bangfu summary FILE --by KEYS [--from D] [--to D] [--format table|csv|json]`.

use super::{CliError, output, read};
use crate::i18n::{Lang, Text, cli as words, fields};
use crate::ledger::validate::parse_date;
use crate::ledger::{Fen, Ledger, money::group_count};
use crate::summary::{Filter, GroupKey, Grouping, Totals, group};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

/// Arguments of `bangfu summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Group keys, comma-separated: village, department, category, kind, month, quarter, year.
    #[arg(long, value_delimiter = ',', required = true)]
    pub by: Vec<String>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned, with thousands separators and a total row.
    Table,
    /// A header row, amounts with two decimals, no separators.
    Csv,
    /// An array of objects.
    Json,
}

fn parse_date_arg(
    text: Option<&String>,
    flag: &str,
    lang: Lang,
) -> Result<Option<NaiveDate>, CliError> {
    text.map(|t| {
        parse_date(t).map_err(|p| CliError::Usage(words::summary_bad_date(flag, &p.message(lang))))
    })
    .transpose()
}

/// Runs `bangfu summary`.
pub fn run(args: &SummaryArgs, lang: Lang) -> Result<(), CliError> {
    let mut keys = Vec::new();
    for k in &args.by {
        let key = GroupKey::parse(k).ok_or_else(|| {
            let known: Vec<&str> = GroupKey::ALL.iter().map(|k| k.code()).collect();
            CliError::Usage(words::unknown_group_key(lang, k, &known))
        })?;
        keys.push(key);
    }
    let filter = Filter::period(
        parse_date_arg(args.from.as_ref(), "from", lang)?,
        parse_date_arg(args.to.as_ref(), "to", lang)?,
    );
    let ledger = read(&args.file, lang)?;
    let g = group(&ledger, &filter, &keys);
    let text = match args.format {
        OutputFormat::Table => summary_table(&ledger, &g, lang),
        OutputFormat::Csv => summary_csv(&ledger, &g, lang),
        OutputFormat::Json => summary_json(&ledger, &g, lang),
    };
    output::text(&text, lang)
}

/// One numeric column of a summary: its measure, whether it is money, its code (the CSV
/// header) and its value.
struct Column {
    measure: Text,
    money: bool,
    code: &'static str,
    value: String,
}

impl Column {
    fn heading(&self, lang: Lang) -> String {
        words::summary_heading(lang, self.measure, self.money, self.code)
    }
}

/// The numeric columns of a summary.
fn number_columns(t: &Totals, plain: bool) -> [Column; 8] {
    let money = |f: Fen| if plain { f.plain() } else { f.display() };
    let count = |n: u64| if plain { n.to_string() } else { group_count(n) };
    let col = |measure, money, code, value| Column {
        measure,
        money,
        code,
        value,
    };
    [
        col(fields::ENTRIES, false, "entries", count(t.entries)),
        col(fields::FUNDS, true, "funds_yuan", money(t.funds_fen)),
        col(fields::GOODS, true, "goods_yuan", money(t.goods_fen)),
        col(
            fields::SERVICES,
            true,
            "services_yuan",
            money(t.services_fen),
        ),
        col(fields::TOTAL, true, "total_yuan", money(t.total_fen())),
        col(fields::HOUSEHOLDS, false, "households", count(t.households)),
        col(fields::PERSONS, false, "persons", count(t.persons)),
        col(
            fields::PERSON_TIMES,
            false,
            "person_times",
            count(t.person_times),
        ),
    ]
}

/// CSV of a grouping: key columns named by the key, then the totals.
pub fn summary_csv(ledger: &Ledger, g: &Grouping, lang: Lang) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<String> = g.keys.iter().map(|k| k.code().to_string()).collect();
    header.extend(
        number_columns(&Totals::default(), true)
            .iter()
            .map(|c| c.code.to_string()),
    );
    let _ = w.write_record(&header);
    for r in &g.rows {
        let mut rec: Vec<String> = r.key.iter().map(|k| k.label(ledger, lang)).collect();
        rec.extend(number_columns(&r.totals, true).into_iter().map(|c| c.value));
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// JSON of a grouping: one object per row, amounts in fen and as yuan strings.
pub fn summary_json(ledger: &Ledger, g: &Grouping, lang: Lang) -> String {
    let rows: Vec<serde_json::Value> = g
        .rows
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            for (k, v) in g.keys.iter().zip(&r.key) {
                o.insert(k.code().into(), v.label(ledger, lang).into());
            }
            totals_json(&r.totals, &mut o);
            serde_json::Value::Object(o)
        })
        .collect();
    let mut total = serde_json::Map::new();
    totals_json(&g.total, &mut total);
    let doc = serde_json::json!({ "rows": rows, "total": total });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn totals_json(t: &Totals, o: &mut serde_json::Map<String, serde_json::Value>) {
    o.insert("entries".into(), t.entries.into());
    for (name, fen) in [
        ("funds", t.funds_fen),
        ("goods", t.goods_fen),
        ("services", t.services_fen),
        ("total", t.total_fen()),
        ("pledged", t.pledged_fen),
        ("pledged_delivered", t.pledged_delivered_fen),
    ] {
        o.insert(format!("{name}_fen"), fen.0.into());
        o.insert(format!("{name}_yuan"), fen.plain().into());
    }
    o.insert("households".into(), t.households.into());
    o.insert("persons".into(), t.persons.into());
    o.insert("person_times".into(), t.person_times.into());
}

/// Display width in a terminal (CJK characters take two columns), by `unicode-width`.
pub fn display_width(s: &str) -> usize {
    s.width()
}

/// An aligned table with thousands separators and a total row.
pub fn summary_table(ledger: &Ledger, g: &Grouping, lang: Lang) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header: Vec<String> = g.keys.iter().map(|k| k.label(lang).to_string()).collect();
    header.extend(
        number_columns(&Totals::default(), false)
            .iter()
            .map(|c| c.heading(lang)),
    );
    rows.push(header);
    for r in &g.rows {
        let mut rec: Vec<String> = r.key.iter().map(|k| k.label(ledger, lang)).collect();
        rec.extend(
            number_columns(&r.totals, false)
                .into_iter()
                .map(|c| c.value),
        );
        rows.push(rec);
    }
    let mut total: Vec<String> = vec![String::new(); g.keys.len()];
    if let Some(first) = total.first_mut() {
        *first = fields::TOTAL.get(lang).to_string();
    }
    total.extend(number_columns(&g.total, false).into_iter().map(|c| c.value));
    let ncols = rows[0].len();
    let widths: Vec<usize> = (0..ncols)
        .map(|i| {
            rows.iter()
                .chain(std::iter::once(&total))
                .map(|r| display_width(&r[i]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let nkeys = g.keys.len();
    let line = |r: &Vec<String>| -> String {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - display_width(c));
                if i < nkeys {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        cells.join("  ").trim_end().to_string() + "\n"
    };
    let rule: String = widths
        .iter()
        .map(|w| "-".repeat(*w))
        .collect::<Vec<_>>()
        .join("  ")
        + "\n";
    let mut out = String::new();
    out.push_str(&line(&rows[0]));
    out.push_str(&rule);
    for r in &rows[1..] {
        out.push_str(&line(r));
    }
    out.push_str(&rule);
    out.push_str(&line(&total));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_width_counts_cjk_as_two_columns() {
        assert_eq!(display_width("九股村"), 6);
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("合计（元）"), 10);
        assert_eq!(display_width("40,000.00"), 9);
        assert_eq!(display_width(""), 0);
    }

    #[test]
    fn chinese_headings_carry_the_unit_and_english_ones_the_code() {
        let cols = number_columns(&Totals::default(), false);
        let zh: Vec<String> = cols.iter().map(|c| c.heading(Lang::Zh)).collect();
        assert_eq!(
            zh,
            [
                "条数",
                "资金（元）",
                "物资（元）",
                "服务（元）",
                "合计（元）",
                "受益户数",
                "受益人数",
                "人次"
            ]
        );
        let en: Vec<String> = cols.iter().map(|c| c.heading(Lang::En)).collect();
        assert_eq!(en[0], "entries");
        assert_eq!(en[4], "total_yuan");
    }
}
