//! The speed budget at scale (issues: "stay instant at 100,000 entries", and issue 13
//! §5, "speed at 1,000,000 entries").
//!
//! `cargo bench` measures, on `bangfu demo --entries N --seed 1` for N = 10,000, 100,000
//! and 1,000,000: open (read, parse, validate, replay the journal, lock), the app's save
//! of one edit (a journal line appended and fsynced), the full safe save with fsync,
//! every grouping the totals view shows, the PDF summary without the appendix, one GUI
//! frame right after an edit (ledger table and totals view), whole-process `bangfu add`
//! against `bangfu check` of the same file, the peak memory of `bangfu check` (an open
//! without the lock), of `bangfu add` and of `bangfu summary`, and the file size; then
//! prints a table against the budgets. Set `BANGFU_BENCH_MAX=100000` to skip the
//! 1,000,000 row.

use bangfu::demo::synthetic_ledger;
use bangfu::ledger::Ledger;
use bangfu::store::Store;
use bangfu::summary::{Filter, Summary};
use criterion::{BenchmarkId, Criterion};
use std::path::{Path, PathBuf};
use std::time::Duration;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

struct Fixture {
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
    let mut extra: Vec<Extra> = Vec::new();
    for n in sizes() {
        let f = fixture(dir.path(), n);
        let mut g = config(&mut c, n);
        // Until the ledger is ready to use; letting it go again (freeing a million
        // entries) is not part of opening, so it happens outside the measured time.
        g.bench_function(BenchmarkId::new("open", n), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let start = std::time::Instant::now();
                    let opened = Store::open(&f.path).expect("open");
                    spent += start.elapsed();
                    drop(opened);
                }
                spent
            })
        });
        {
            let (mut store, mut ledger, _) = Store::open(&f.path).expect("open");
            // The app's save of an edit, on its saver thread: one journal line, fsynced.
            let mut k = 0i64;
            g.bench_function(BenchmarkId::new("record", n), |b| {
                b.iter(|| {
                    k += 1;
                    let edit = value_edit(&ledger, k);
                    ledger.apply(&edit).expect("apply");
                    store.record(&ledger, &edit).expect("record")
                })
            });
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
        // Each iteration also waits for its save, outside the measured time: keep the
        // planned number of iterations small.
        g.measurement_time(Duration::from_secs(2));
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
        let procs = whole_processes(&f);
        extra.push(Extra {
            n,
            bytes: f.bytes,
            summary_peak: peak_memory_of_summary(&f.path),
            procs,
        });
    }
    c.final_summary();
    print_table(&extra);
}

/// What is measured outside criterion, per size.
struct Extra {
    n: usize,
    bytes: u64,
    summary_peak: u64,
    procs: Procs,
}

/// Whole processes (start-up and exit included), median of five runs each: wall time in
/// ms and peak resident memory in bytes.
#[derive(Default)]
struct Procs {
    check_ms: f64,
    check_peak: u64,
    add_ms: f64,
    add_peak: u64,
}

/// Runs `bangfu ARGS` under GNU time; (wall ms, peak bytes), `None` when it failed.
fn timed(args: &[&str]) -> Option<(f64, u64)> {
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(env!("CARGO_BIN_EXE_bangfu"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stderr);
    let mut last = text.lines().last()?.split_whitespace();
    let secs: f64 = last.next()?.parse().ok()?;
    let kb: u64 = last.next()?.parse().ok()?;
    Some((secs * 1000.0, kb * 1024))
}

fn median(mut v: Vec<(f64, u64)>) -> (f64, u64) {
    if v.is_empty() {
        return (0.0, 0);
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ms = v[v.len() / 2].0;
    let peak = v.iter().map(|x| x.1).max().unwrap_or(0);
    (ms, peak)
}

/// `bangfu check` and `bangfu add` of the same file, five times each, interleaved.
fn whole_processes(f: &Fixture) -> Procs {
    let path = f.path.to_string_lossy().into_owned();
    let village = f.ledger.villages[0].name.clone();
    let department = f.ledger.departments[0].name.clone();
    let (mut checks, mut adds) = (Vec::new(), Vec::new());
    for k in 0..5 {
        checks.extend(timed(&["check", &path]));
        let what = format!("化肥{k}");
        adds.extend(timed(&[
            "add",
            &path,
            "--date",
            "2025-06-05",
            "--village",
            &village,
            "--department",
            &department,
            "--kind",
            "goods",
            "--what",
            &what,
            "--value",
            "100",
        ]));
    }
    let (check_ms, check_peak) = median(checks);
    let (add_ms, add_peak) = median(adds);
    Procs {
        check_ms,
        check_peak,
        add_ms,
        add_peak,
    }
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

/// A row of the table: its label, criterion id and budgets at 100,000 and 1,000,000.
type Budgeted = (&'static str, &'static str, Option<f64>, Option<f64>);

fn verdict(ms: f64, n: usize, at_100k: Option<f64>, at_1m: Option<f64>) -> &'static str {
    let budget = match n {
        100_000 => at_100k,
        1_000_000 => at_1m,
        _ => None,
    };
    match budget {
        Some(b) if ms <= b => " ✓",
        Some(_) => " ✗ over",
        None => "",
    }
}

fn budget_text(b: Option<f64>, unit: &str) -> String {
    b.map_or("—".into(), |b| format!("≤ {b} {unit}"))
}

fn print_table(extra: &[Extra]) {
    let rows: [Budgeted; 7] = [
        (
            "open: read, parse, validate, replay, lock",
            "open",
            Some(200.0),
            Some(400.0),
        ),
        (
            "save of one edit: journal line + fsync (saver thread)",
            "record",
            Some(10.0),
            Some(10.0),
        ),
        ("save: full safe save with fsync", "save", Some(300.0), None),
        (
            "totals: every grouping, computed in full",
            "totals",
            Some(20.0),
            None,
        ),
        ("PDF summary without the appendix", "pdf", Some(300.0), None),
        (
            "one GUI frame after an edit: ledger table (UI-thread CPU)",
            "frame_ledger",
            Some(4.0),
            Some(16.0),
        ),
        (
            "one GUI frame after an edit: totals view (UI-thread CPU)",
            "frame_totals",
            Some(4.0),
            Some(16.0),
        ),
    ];
    println!();
    println!(
        "| what | budget at 100,000 | budget at 1,000,000 | {} |",
        extra
            .iter()
            .map(|e| format!("{} entries", e.n))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("| --- | --- | --- |{}", " --- |".repeat(extra.len()));
    for (label, id, at_100k, at_1m) in rows {
        let cells: Vec<String> = extra
            .iter()
            .map(|e| match estimate_ms(e.n, id) {
                Some(ms) => format!("{ms:.1} ms{}", verdict(ms, e.n, at_100k, at_1m)),
                None => "—".into(),
            })
            .collect();
        println!(
            "| {label} | {} | {} | {} |",
            budget_text(at_100k, "ms"),
            budget_text(at_1m, "ms"),
            cells.join(" | ")
        );
    }
    let line = |label: &str,
                b100: Option<f64>,
                b1m: Option<f64>,
                cell: &dyn Fn(&Extra) -> (f64, String)| {
        let cells: Vec<String> = extra
            .iter()
            .map(|e| {
                let (v, text) = cell(e);
                format!("{text}{}", verdict(v, e.n, b100, b1m))
            })
            .collect();
        println!(
            "| {label} | {} | {} | {} |",
            b100.map_or("—".into(), |b| format!("≤ {b}")),
            b1m.map_or("—".into(), |b| format!("≤ {b}")),
            cells.join(" | ")
        );
    };
    let mb = |b: u64| b as f64 / 1_048_576.0;
    line(
        "whole process `bangfu check` (ms, median of 5)",
        None,
        None,
        &|e| (e.procs.check_ms, format!("{:.0} ms", e.procs.check_ms)),
    );
    line(
        "whole process `bangfu add` (ms, median of 5)",
        None,
        None,
        &|e| (e.procs.add_ms, format!("{:.0} ms", e.procs.add_ms)),
    );
    line(
        "`bangfu add` ÷ `bangfu check`",
        Some(1.3),
        Some(1.3),
        &|e| {
            let r = if e.procs.check_ms > 0.0 {
                e.procs.add_ms / e.procs.check_ms
            } else {
                0.0
            };
            (r, format!("{r:.2}×"))
        },
    );
    line(
        "peak memory of `bangfu check` (MB)",
        None,
        Some(600.0),
        &|e| {
            (
                mb(e.procs.check_peak),
                format!("{:.0} MB", mb(e.procs.check_peak)),
            )
        },
    );
    line(
        "peak memory of `bangfu add` (MB)",
        None,
        Some(600.0),
        &|e| {
            (
                mb(e.procs.add_peak),
                format!("{:.0} MB", mb(e.procs.add_peak)),
            )
        },
    );
    line(
        "peak memory of `bangfu summary` (MB)",
        Some(250.0),
        None,
        &|e| (mb(e.summary_peak), format!("{:.0} MB", mb(e.summary_peak))),
    );
    line("file size (MB)", None, None, &|e| {
        (mb(e.bytes), format!("{:.1} MB", mb(e.bytes)))
    });
}
