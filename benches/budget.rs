//! The speed budget at scale (issue: "stay instant at 100,000 entries").
//!
//! `cargo bench` measures, on `bangfu demo --entries N --seed 1` for N = 10,000, 100,000
//! and 1,000,000: open (read, parse, validate, index, lock), the full safe save with
//! fsync, every grouping the totals view shows, the PDF summary without the appendix,
//! one GUI frame right after an edit, the peak memory of `bangfu summary` and the file
//! size; then prints a table against the budget. Set `BANGFU_BENCH_MAX=100000` to skip
//! the 1,000,000 row.

use bangfu::demo::synthetic_ledger;
use bangfu::ledger::Ledger;
use bangfu::store::Store;
use bangfu::summary::{Filter, Summary};
use criterion::{BenchmarkId, Criterion};
use std::path::{Path, PathBuf};
use std::time::Duration;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

struct Fixture {
    n: usize,
    path: PathBuf,
    ledger: Ledger,
    bytes: u64,
}

fn sizes() -> Vec<usize> {
    let max: usize = std::env::var("BANGFU_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    SIZES.into_iter().filter(|n| *n <= max).collect()
}

fn fixture(dir: &Path, n: usize) -> Fixture {
    let path = dir.join(format!("bench-{n}.ron"));
    let ledger = synthetic_ledger(n, 1);
    drop(Store::create(&path, &ledger).expect("create the bench ledger"));
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Fixture {
        n,
        path,
        ledger,
        bytes,
    }
}

fn config(
    c: &mut Criterion,
    n: usize,
) -> criterion::BenchmarkGroup<'_, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(format!("n{n}"));
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(if n >= 1_000_000 { 20 } else { 4 }));
    g
}

/// Peak resident memory of a whole `bangfu summary` process, in bytes.
///
/// Measured by GNU time (`/usr/bin/time`, Debian's `time` package), which forks from a
/// small process: a child forked from this big bench process would report the parent's
/// pages too.
fn peak_memory_of_summary(path: &Path) -> u64 {
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_bangfu"))
        .arg("summary")
        .arg(path)
        .args(["--by", "village,department", "--format", "csv"])
        .stdout(std::process::Stdio::null())
        .output();
    out.ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// CPU time used by the calling thread so far.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// The real app on a ledger file, driven by egui_kittest (no window).
fn gui_harness(path: &Path) -> egui_kittest::Harness<'static, bangfu::ui::App> {
    let path = path.to_path_buf();
    let mut h = egui_kittest::Harness::builder()
        .with_size(eframe::egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            bangfu::ui::App::new(
                cc,
                bangfu::ui::AppOptions {
                    file: Some(path),
                    today: chrono::NaiveDate::from_ymd_opt(2025, 6, 30),
                    platform: Some(std::sync::Arc::new(
                        bangfu::ui::platform::ScriptedPlatform::new(),
                    )),
                    settings: Some(Default::default()),
                },
            )
        });
    h.run_steps(4);
    h
}

/// Changes the value of the middle entry (a different value each time).
fn value_edit(ledger: &Ledger, k: i64) -> bangfu::ledger::Edit {
    let before = ledger.entries[ledger.entries.len() / 2].clone();
    let mut after = before.clone();
    after.value_fen = bangfu::ledger::Fen(100 + k);
    after.status = bangfu::ledger::Status::Delivered;
    bangfu::ledger::Edit::UpdateEntry {
        before: Box::new(before),
        after: Box::new(after),
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut c = Criterion::default().configure_from_args();
    let mut extra: Vec<(usize, u64, u64)> = Vec::new();
    for n in sizes() {
        let f = fixture(dir.path(), n);
        let mut g = config(&mut c, n);
        g.bench_function(BenchmarkId::new("open", n), |b| {
            b.iter(|| Store::open(&f.path).expect("open"))
        });
        {
            let (mut store, ledger, _) = Store::open(&f.path).expect("open");
            g.bench_function(BenchmarkId::new("save", n), |b| {
                b.iter(|| store.save(&ledger).expect("save"))
            });
        }
        g.bench_function(BenchmarkId::new("totals", n), |b| {
            b.iter(|| Summary::compute(&f.ledger, &Filter::default()))
        });
        let options = bangfu::report::ReportOptions::default();
        g.bench_function(BenchmarkId::new("pdf", n), |b| {
            b.iter(|| bangfu::report::pdf(&f.ledger, &options).expect("pdf"))
        });
        // One frame right after an edit, on each view (they are tabs: never both on screen
        // in one frame, and switching every frame would defeat egui's text-layout cache).
        for (id, tab) in [
            ("frame_ledger", bangfu::ui::Tab::Ledger),
            ("frame_totals", bangfu::ui::Tab::Totals),
        ] {
            let mut h = gui_harness(&f.path);
            h.state_mut().set_tab(tab);
            h.step();
            let mut flip = 0i64;
            g.bench_function(BenchmarkId::new(id, n), |b| {
                b.iter_custom(|iters| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iters {
                        // An edit (as the form's 保存 would make), then the frame that
                        // re-indexes or re-totals. CPU time of this (the UI) thread: the save
                        // the edit starts runs on the worker thread.
                        flip += 1;
                        let edit = value_edit(h.state().ledger().expect("open"), flip);
                        let start = thread_cpu();
                        h.state_mut().apply_edit(edit);
                        h.step();
                        spent += thread_cpu() - start;
                        h.state_mut().wait_for_saves(Duration::from_secs(60));
                        h.step();
                    }
                    spent
                })
            });
        }
        g.finish();
        extra.push((n, f.bytes, peak_memory_of_summary(&f.path)));
        let _ = f.n;
    }
    c.final_summary();
    print_table(&extra);
}

fn estimate_ms(n: usize, what: &str) -> Option<f64> {
    let dir = PathBuf::from(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()));
    let file = dir
        .join("criterion")
        .join(format!("n{n}"))
        .join(what)
        .join(n.to_string())
        .join("new/estimates.json");
    let text = std::fs::read_to_string(file).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(v["median"]["point_estimate"].as_f64()? / 1e6)
}

fn print_table(extra: &[(usize, u64, u64)]) {
    let rows: [(&str, &str, f64); 6] = [
        ("open: read, parse, validate, index", "open", 200.0),
        ("save: full safe save with fsync", "save", 300.0),
        ("totals: every grouping of the totals view", "totals", 20.0),
        ("PDF summary without the appendix", "pdf", 300.0),
        (
            "one GUI frame after an edit: ledger table (UI-thread CPU)",
            "frame_ledger",
            8.0,
        ),
        (
            "one GUI frame after an edit: totals view (UI-thread CPU)",
            "frame_totals",
            8.0,
        ),
    ];
    println!();
    println!(
        "| what | budget at 100,000 | {} |",
        extra
            .iter()
            .map(|e| format!("{} entries", e.0))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("| --- | --- |{}", " --- |".repeat(extra.len()));
    for (label, id, budget) in rows {
        let cells: Vec<String> = extra
            .iter()
            .map(|(n, _, _)| match estimate_ms(*n, id) {
                Some(ms) if *n == 100_000 => {
                    format!("{ms:.1} ms {}", if ms <= budget { "✓" } else { "✗ over" })
                }
                Some(ms) => format!("{ms:.1} ms"),
                None => "—".into(),
            })
            .collect();
        println!("| {label} | ≤ {budget} ms | {} |", cells.join(" | "));
    }
    let mem: Vec<String> = extra
        .iter()
        .map(|(n, _, m)| {
            let mb = *m as f64 / 1_048_576.0;
            if *n == 100_000 {
                format!("{mb:.0} MB {}", if mb <= 250.0 { "✓" } else { "✗ over" })
            } else {
                format!("{mb:.0} MB")
            }
        })
        .collect();
    println!(
        "| peak memory of `bangfu summary` | ≤ 250 MB | {} |",
        mem.join(" | ")
    );
    let size: Vec<String> = extra
        .iter()
        .map(|(_, b, _)| format!("{:.1} MB", *b as f64 / 1_048_576.0))
        .collect();
    println!("| file size | — | {} |", size.join(" | "));
}
