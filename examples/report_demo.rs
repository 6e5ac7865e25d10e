//! Writes the sample ledger's printed summary and workbook, and times a large summary.
//!
//! `cargo run --release --example report_demo -- OUT_DIR [ENTRIES]`

use bangfu::demo::{sample_ledger, synthetic_ledger};
use bangfu::i18n::Lang;
use bangfu::report::{self, ReportOptions};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let big: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let printed = NaiveDate::from_ymd_opt(2020, 7, 1).unwrap_or_default();
    let ledger = sample_ledger();
    for (lang, name) in [(Lang::Zh, "sample"), (Lang::En, "sample-en")] {
        let mut o = ReportOptions::new(lang, printed);
        o.from = NaiveDate::from_ymd_opt(2020, 6, 1);
        o.to = NaiveDate::from_ymd_opt(2020, 6, 30);
        o.sections.entries = true;
        o.prepared_by = "张三".into();
        let t = Instant::now();
        match report::pdf(&ledger, &o) {
            Ok(r) => {
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                println!(
                    "{name}.pdf: {} bytes, {} pages, {ms:.1} ms, missing {:?}",
                    r.bytes.len(),
                    r.pages,
                    r.missing_chars
                );
                if let Err(e) = std::fs::write(dir.join(format!("{name}.pdf")), &r.bytes) {
                    eprintln!("{e}");
                }
            }
            Err(e) => eprintln!("{e}"),
        }
        let t = Instant::now();
        match report::xlsx(&ledger, &o) {
            Ok(b) => {
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                println!("{name}.xlsx: {} bytes, {ms:.1} ms", b.len());
                if let Err(e) = std::fs::write(dir.join(format!("{name}.xlsx")), &b) {
                    eprintln!("{e}");
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    let mut o = ReportOptions::new(Lang::Zh, printed);
    o.sections.entries = false;
    let t = Instant::now();
    let ledger = synthetic_ledger(big, 1);
    println!(
        "generate {big}: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    match report::pdf(&ledger, &o) {
        Ok(r) => {
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            println!(
                "big.pdf ({big} entries, no appendix): {} bytes, {} pages, {ms:.0} ms",
                r.bytes.len(),
                r.pages
            );
            let _ = std::fs::write(dir.join("big.pdf"), &r.bytes);
        }
        Err(e) => eprintln!("{e}"),
    }
    let t = Instant::now();
    match report::xlsx(&ledger, &o) {
        Ok(b) => println!(
            "big.xlsx: {} bytes, {:.0} ms",
            b.len(),
            t.elapsed().as_secs_f64() * 1000.0
        ),
        Err(e) => eprintln!("{e}"),
    }
    if big <= 20_000 {
        o.sections.entries = true;
        let t = Instant::now();
        match report::pdf(&ledger, &o) {
            Ok(r) => {
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                println!(
                    "big-entries.pdf: {} bytes, {} pages, {ms:.0} ms",
                    r.bytes.len(),
                    r.pages
                );
                let _ = std::fs::write(dir.join("big-entries.pdf"), &r.bytes);
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}
