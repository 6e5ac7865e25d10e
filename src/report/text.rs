//! A [`Table`] as text: an aligned table for a terminal, CSV and JSON for scripts.
//!
//! These return the text; printing it is the caller's job. CSV and JSON always carry
//! amounts in yuan (and JSON in fen too), whatever the table's unit, so scripts get exact
//! numbers.

use super::table::{Align, Cell, ColumnKind, RowKind, Table};
use crate::i18n::Lang;
use unicode_width::UnicodeWidthStr;

/// Which headings a terminal table shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Headings {
    /// The printed headings: `村`, `资金（元）`.
    Display,
    /// The machine names, as in CSV: `village`, `funds_yuan`.
    Codes,
}

impl Headings {
    /// The headings a terminal shows in a language: the printed ones in Chinese; in English
    /// the machine names, as `bangfu summary` has always printed them (scripts read them).
    pub fn for_terminal(lang: Lang) -> Headings {
        if lang == Lang::En {
            Headings::Codes
        } else {
            Headings::Display
        }
    }
}

/// The CSV / code name of column `i`: money columns say their unit (`funds_yuan`).
fn code(t: &Table, i: usize) -> String {
    let c = &t.columns[i];
    if c.kind == ColumnKind::Money {
        format!("{}_yuan", c.code)
    } else {
        c.code.clone()
    }
}

/// An aligned table: headings, a rule, the body rows, a rule, the total rows and the
/// table's notes. Key columns and text are left-aligned, numbers right-aligned, by display
/// width (a Chinese character takes two columns); no line ends in spaces.
pub fn aligned(t: &Table, headings: Headings) -> String {
    let shown = t.display_rows();
    let header: Vec<String> = (0..t.columns.len())
        .map(|i| match headings {
            Headings::Display => t.columns[i].heading.clone(),
            Headings::Codes => code(t, i),
        })
        .collect();
    let widths: Vec<usize> = (0..t.columns.len())
        .map(|i| {
            std::iter::once(&header)
                .chain(&shown)
                .map(|r| r.get(i).map_or(0, |c| c.width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |r: &[String]| -> String {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i].saturating_sub(c.width()));
                if i >= t.key_columns && t.columns[i].align == Align::Right {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
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
    let mut out = line(&header);
    out.push_str(&rule);
    let mut in_totals = false;
    for (row, cells) in t.rows.iter().zip(&shown) {
        if row.kind == RowKind::Total && !in_totals {
            out.push_str(&rule);
            in_totals = true;
        }
        out.push_str(&line(cells));
    }
    for note in &t.notes {
        out.push_str(note);
        out.push('\n');
    }
    out
}

/// CSV: a header of machine names, then the body rows (no total row: a script sums
/// itself), amounts as plain yuan (`40000.00`), counts without separators.
pub fn csv(t: &Table) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let header: Vec<String> = (0..t.columns.len()).map(|i| code(t, i)).collect();
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    for r in t.body() {
        let _ = w.write_record(
            r.cells
                .iter()
                .map(|c| crate::transfer::csv::neutralise_formula(&c.plain()).into_owned()),
        );
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// One JSON value per cell; an amount gives two keys, `X_fen` and `X_yuan`.
fn json_cells(
    t: &Table,
    cells: &[Cell],
    from: usize,
    o: &mut serde_json::Map<String, serde_json::Value>,
) {
    for (c, cell) in t.columns.iter().zip(cells).skip(from) {
        match cell {
            Cell::Money(f) => {
                o.insert(format!("{}_fen", c.code), f.0.into());
                o.insert(format!("{}_yuan", c.code), f.plain().into());
            }
            Cell::Count(n) | Cell::Id(n) => {
                o.insert(c.code.clone(), (*n).into());
            }
            Cell::Percent(bp) => {
                let v = bp.map_or(serde_json::Value::Null, |bp| {
                    (f64::from(bp) / 10_000.0).into()
                });
                o.insert(c.code.clone(), v);
            }
            Cell::Change(bp) => {
                let v = bp.map_or(serde_json::Value::Null, |bp| (bp as f64 / 10_000.0).into());
                o.insert(c.code.clone(), v);
            }
            Cell::Empty => {
                o.insert(c.code.clone(), serde_json::Value::Null);
            }
            Cell::Text(_) | Cell::Date(_) => {
                o.insert(c.code.clone(), cell.plain().into());
            }
        }
    }
}

/// JSON: `{"rows": [{key: label, …, measures…}], "total": {measures…}}`, pretty-printed
/// with a final newline; amounts in fen and as yuan strings.
pub fn json(t: &Table) -> String {
    let rows: Vec<serde_json::Value> = t
        .body()
        .map(|r| {
            let mut o = serde_json::Map::new();
            json_cells(t, &r.cells, 0, &mut o);
            serde_json::Value::Object(o)
        })
        .collect();
    let mut total = serde_json::Map::new();
    if let Some(r) = t.totals().next() {
        json_cells(t, &r.cells, t.key_columns, &mut total);
    }
    let doc = serde_json::json!({ "rows": rows, "total": total });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;
    use crate::report::table::{TotalsColumn, grouping};
    use crate::summary::{Filter, GroupKey, group};

    fn by_village(lang: Lang, measures: &[TotalsColumn]) -> Table {
        let ledger = sample_ledger();
        let g = group(&ledger, &Filter::default(), &[GroupKey::Village]);
        grouping(&ledger, &g, measures, "", lang, false)
    }

    /// The columns these layout tests were written for (the printed set is longer).
    const SOME: [TotalsColumn; 8] = [
        TotalsColumn::Entries,
        TotalsColumn::Funds,
        TotalsColumn::Goods,
        TotalsColumn::Services,
        TotalsColumn::Total,
        TotalsColumn::Households,
        TotalsColumn::Persons,
        TotalsColumn::PersonTimes,
    ];

    #[test]
    fn csv_of_the_sample_per_village() {
        assert_eq!(
            csv(&by_village(Lang::Zh, &SOME)),
            "village,entries,funds_yuan,goods_yuan,services_yuan,total_yuan,households,persons,person_times\n\
             九股村,10,40000.00,27000.00,0.00,67000.00,49,120,100\n\
             海子村,0,0.00,0.00,0.00,0.00,0,0,0\n\
             平原村,1,0.00,0.00,0.00,0.00,0,0,0\n"
        );
        // The printed set: training, introduced and consumption beside the total; the
        // town's 700,000 (其他) only with --other.
        assert_eq!(
            csv(&by_village(Lang::Zh, &TotalsColumn::ALL_WITH_OTHER)),
            "village,entries,funds_yuan,goods_yuan,services_yuan,training_yuan,total_yuan,\
             introduced_yuan,consumption_yuan,other_yuan,households,persons,person_times\n\
             九股村,10,40000.00,27000.00,0.00,0.00,67000.00,0.00,0.00,700000.00,49,120,100\n\
             海子村,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0\n\
             平原村,1,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0\n"
        );
    }

    #[test]
    fn aligned_table_pads_by_display_width() {
        let text = aligned(&by_village(Lang::Zh, &SOME), Headings::Display);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 7, "{text}");
        assert_eq!(
            lines[0],
            "村      条数  资金（元）  物资（元）  服务（元）  合计（元）  受益户次  受益人次  人次"
        );
        assert_eq!(
            lines[2],
            concat!(
                "九股村",
                "  ",
                "  10",
                "  ",
                " 40,000.00",
                "  ",
                " 27,000.00",
                "  ",
                "      0.00",
                "  ",
                " 67,000.00",
                "  ",
                "      49",
                "  ",
                "     120",
                "  ",
                " 100"
            )
        );
        assert!(lines[1].starts_with("------  ----  ----------"));
        assert_eq!(lines[5], lines[1]);
        assert!(lines[6].starts_with("合计      11   40,000.00"), "{text}");
        let en = aligned(&by_village(Lang::En, &SOME), Headings::Codes);
        assert!(en.starts_with("village  entries  funds_yuan"), "{en}");
        assert!(en.lines().last().is_some_and(|l| l.starts_with("Total ")));
    }

    #[test]
    fn json_carries_fen_yuan_and_pledges() {
        let text = json(&by_village(Lang::Zh, &TotalsColumn::WITH_PLEDGES));
        assert!(text.ends_with("}\n"));
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["rows"][0]["village"], "九股村");
        assert_eq!(v["rows"][0]["total_fen"], 6_700_000);
        assert_eq!(v["rows"][0]["total_yuan"], "67000.00");
        // The town's pledge is others' input, not the college's.
        assert_eq!(v["rows"][0]["pledged_fen"], 0);
        assert_eq!(v["rows"][0]["pledged_delivered_yuan"], "0.00");
        assert_eq!(v["rows"][0]["person_times"], 100);
        assert_eq!(v["rows"].as_array().map(Vec::len), Some(3));
        assert_eq!(v["total"]["entries"], 11);
        assert!(v["total"].get("village").is_none());
    }
}
