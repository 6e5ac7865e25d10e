//! The command line end to end, the sample ledger's totals worked out by hand, and
//! round-trip properties of the file format and CSV.

use bangfu::demo::sample_ledger;
use bangfu::ledger::{
    Category, CategoryId, Department, DepartmentId, Entry, EntryId, Fen, Kind, Ledger, Quantity,
    Status, Village, VillageId,
};
use bangfu::store::format;
use bangfu::summary::{Filter, GroupKey, Summary, group};
use bangfu::transfer::csv as csv_transfer;
use chrono::NaiveDate;
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

mod common;
use common::cli::{bangfu, text};

#[test]
fn sample_totals_match_the_hand_count_from_the_news_report() {
    let l = sample_ledger();
    let s = Summary::compute(&l, &Filter::default());
    // The college's own input (本单位投入): 公厕 40,000 in funds.
    assert_eq!(s.overall.funds_fen, Fen::from_yuan(40_000));
    // 出诊箱等 20,000 + 医疗物资 4,000 + 农技服务包 3,000.
    assert_eq!(s.overall.goods_fen, Fen::from_yuan(27_000));
    assert_eq!(s.overall.services_fen, Fen::ZERO);
    assert_eq!(s.overall.total_fen(), Fen::from_yuan(67_000));
    assert_eq!(s.overall.total_fen().chinese_upper(), "陆万柒仟元整");
    // 13 livestock + 32 planting + 4 poor households; 120 at the clinic; 100 volunteer person-times.
    assert_eq!(s.overall.households, 49);
    assert_eq!(s.overall.persons, 120);
    assert_eq!(s.overall.person_times, 100);
    assert_eq!(s.overall.entries, 11);
    // The college pledged nothing; the town's 1,000,000 (700,000 arrived) is others' input.
    assert_eq!(s.overall.delivery_rate_text(), "—");
    assert_eq!(s.overall.other.funds_fen, Fen::from_yuan(700_000));
    assert_eq!(s.overall.other.pledged_fen, Fen::from_yuan(1_000_000));
    assert_eq!(s.overall.other.delivery_rate_text(), "70.0%");
    assert_eq!(s.overall.other.entries, 1);
    assert_eq!(s.overall.introduced, Default::default());
    assert_eq!(
        s.villages_involved, 2,
        "九股村 and 平原村; 海子村 received nothing in June"
    );
    assert_eq!(s.departments_involved, 6);

    let by_village: Vec<(String, u64, i64)> = s
        .by_village
        .rows
        .iter()
        .map(|r| {
            (
                r.key[0].label(&l, bangfu::i18n::Lang::Zh),
                r.totals.entries,
                r.totals.total_fen().0,
            )
        })
        .collect();
    assert_eq!(
        by_village,
        vec![
            ("九股村".to_string(), 10, 6_700_000),
            ("海子村".to_string(), 0, 0),
            ("平原村".to_string(), 1, 0),
        ]
    );
    let dept = |name: &str| {
        s.by_department
            .rows
            .iter()
            .find(|r| r.key[0].label(&l, bangfu::i18n::Lang::Zh) == name)
            .map(|r| r.totals)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(dept("学院党委/校领导").funds_fen, Fen::from_yuan(40_000));
    assert_eq!(dept("农业工程系").goods_fen, Fen::from_yuan(20_000));
    assert_eq!(dept("农业工程系").households, 45);
    assert_eq!(dept("农业工程系").entries, 3);
    assert_eq!(dept("医学护理系").goods_fen, Fen::from_yuan(4_000));
    assert_eq!(dept("医学护理系").persons, 120);
    assert_eq!(dept("行政第四党支部").goods_fen, Fen::from_yuan(3_000));
    assert_eq!(dept("团委").entries, 3);
    assert_eq!(dept("团委").person_times, 100);
    assert_eq!(dept("工矿建筑系").entries, 1);
    // The town's pledge was recorded by the college leadership, as others' input.
    assert_eq!(dept("学院党委/校领导").pledged_fen, Fen::ZERO);
    assert_eq!(
        dept("学院党委/校领导").other.pledged_fen,
        Fen::from_yuan(1_000_000)
    );
    // Village × department: 九股村 gets from all 6 departments, 平原村 from 团委 only.
    assert_eq!(s.cross.villages.len(), 2);
    assert_eq!(s.cross.departments.len(), 6);
    assert_eq!(s.cross.total.total_fen(), Fen::from_yuan(67_000));
    // Per month: everything is June 2020.
    assert_eq!(s.by_month.rows.len(), 1);
}

#[test]
fn cli_end_to_end_on_the_sample() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let o = bangfu(&["demo", "s.ron"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        bangfu(&["demo", "s.ron"], d).status.code(),
        Some(1),
        "never overwrites"
    );
    let o = bangfu(&["check", "s.ron"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let o = bangfu(
        &["summary", "s.ron", "--by", "village", "--format", "csv"],
        d,
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "village,entries,funds_yuan,goods_yuan,services_yuan,training_yuan,total_yuan,\
         introduced_yuan,consumption_yuan,households,persons,person_times\n\
         九股村,10,40000.00,27000.00,0.00,0.00,67000.00,0.00,0.00,49,120,100\n\
         海子村,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0\n\
         平原村,1,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0\n"
    );
    // With --other the town's 700,000 (其他) is its own column, never in total_yuan.
    let o = bangfu(
        &[
            "summary", "s.ron", "--by", "village", "--format", "csv", "--other",
        ],
        d,
    );
    let csv = String::from_utf8_lossy(&o.stdout);
    assert!(
        csv.starts_with(
            "village,entries,funds_yuan,goods_yuan,services_yuan,training_yuan,total_yuan,\
             introduced_yuan,consumption_yuan,other_yuan,households"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("九股村,10,40000.00,27000.00,0.00,0.00,67000.00,0.00,0.00,700000.00,49"),
        "{csv}"
    );
    let o = bangfu(&["summary", "s.ron", "--by", "village,department"], d);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("67,000.00"), "{table}");
    assert!(!table.contains("767,000.00"), "{table}");
    assert!(
        table.lines().last().is_some_and(|l| l.starts_with("合计")),
        "{table}"
    );
    let o = bangfu(
        &[
            "summary",
            "s.ron",
            "--by",
            "month",
            "--format",
            "json",
            "--from",
            "2020-06-01",
            "--to",
            "2020-06-30",
        ],
        d,
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["total"]["total_fen"], 6_700_000);
    assert_eq!(json["rows"][0]["month"], "2020-06");
    let o = bangfu(
        &[
            "summary",
            "s.ron",
            "--by",
            "village",
            "--from",
            "2021-01-01",
            "--format",
            "csv",
        ],
        d,
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("九股村,0,0.00"));
    assert_eq!(
        bangfu(&["summary", "s.ron", "--by", "colour"], d)
            .status
            .code(),
        Some(1)
    );

    // add: a good entry, then bad ones that change nothing.
    let before = std::fs::read(d.join("s.ron")).expect("read");
    for (args, needle) in [
        (vec!["--value", "-5"], "金额：不能为负数"),
        (vec!["--value", "1e30"], "金额：不是有效的数字"),
        (vec!["--value", "NaN"], "金额：不是有效的数字"),
        (vec!["--date", "2024-02-30"], "日期：不是有效日期"),
        (vec!["--what", "  "], "内容：不能为空"),
        (vec!["--persons", "-1"], "受益人数：不能为负数"),
        (vec!["--village", "无此村"], "已有：九股村、海子村、平原村"),
    ] {
        let mut full = vec![
            "add",
            "s.ron",
            "--date",
            "2020-06-30",
            "--village",
            "海子村",
            "--department",
            "团委",
            "--kind",
            "goods",
            "--what",
            "书包",
        ];
        for pair in args.chunks(2) {
            if let Some(i) = full.iter().position(|a| *a == pair[0]) {
                full[i + 1] = pair[1];
            } else {
                full.extend_from_slice(pair);
            }
        }
        let o = bangfu(&full, d);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(needle), "{args:?}: {}", text(&o));
        assert_eq!(
            std::fs::read(d.join("s.ron")).expect("read"),
            before,
            "{args:?} wrote"
        );
    }
    let o = bangfu(
        &[
            "add",
            "s.ron",
            "--date",
            "2020-06-30",
            "--village",
            "海子村",
            "--department",
            "团委",
            "--kind",
            "物资",
            "--what",
            "书包",
            "--value",
            "0.5万",
            "--households",
            "3",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = bangfu(
        &[
            "add",
            "s.ron",
            "--date",
            "2020-07-01",
            "--village",
            "新华村",
            "--department",
            "信息工程系",
            "--kind",
            "services",
            "--what",
            "电脑培训",
            "--person-times",
            "40",
            "--create",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // export → import into a fresh ledger gives the same totals.
    assert_eq!(
        bangfu(&["export", "s.ron", "--csv", "all.csv"], d)
            .status
            .code(),
        Some(0)
    );
    assert!(
        std::fs::read(d.join("all.csv"))
            .expect("csv")
            .starts_with(b"\xEF\xBB\xBF")
    );
    assert_eq!(
        bangfu(&["new", "copy.ron", "--unit", "毕节职业技术学院"], d)
            .status
            .code(),
        Some(0)
    );
    let o = bangfu(&["import", "copy.ron", "--csv", "all.csv"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("新建村"), "{}", text(&o));
    let totals = |f: &str| {
        String::from_utf8_lossy(
            &bangfu(
                &[
                    "summary",
                    f,
                    "--by",
                    "village,department",
                    "--format",
                    "csv",
                ],
                d,
            )
            .stdout,
        )
        .into_owned()
    };
    let mut a: Vec<String> = totals("s.ron").lines().map(String::from).collect();
    let mut b: Vec<String> = totals("copy.ron").lines().map(String::from).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert_eq!(
        bangfu(&["export", "copy.ron", "--csv", "again.csv"], d)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read(d.join("all.csv")).expect("a"),
        std::fs::read(d.join("again.csv")).expect("b"),
        "what export writes imports back unchanged"
    );

    // import is all or nothing.
    std::fs::write(
        d.join("bad.csv"),
        "日期,村,部门,帮扶形式,内容,金额\n2020-06-01,九股村,团委,物资,好的,10\n2020-06-02,九股村,团委,物资,坏的,-5\n2020-13-01,九股村,团委,物资,坏的,1\n",
    )
    .expect("write");
    let before = std::fs::read(d.join("s.ron")).expect("read");
    let o = bangfu(&["import", "s.ron", "--csv", "bad.csv"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("第 3 行 金额：不能为负数"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("第 4 行 日期"), "{}", text(&o));
    assert_eq!(std::fs::read(d.join("s.ron")).expect("read"), before);

    // A broken file: exit 2 with line:column, and never written over.
    let broken =
        String::from_utf8_lossy(&before).replacen("value_fen:4000000", "value_fen:\"x\"", 1);
    std::fs::write(d.join("broken.ron"), broken.as_bytes()).expect("write");
    let o = bangfu(&["check", "broken.ron"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("行") && text(&o).contains("entries[0].value_fen"),
        "{}",
        text(&o)
    );
    let o = bangfu(
        &[
            "add",
            "broken.ron",
            "--date",
            "2020-06-30",
            "--village",
            "海子村",
            "--department",
            "团委",
            "--kind",
            "goods",
            "--what",
            "书包",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(d.join("broken.ron")).expect("read"),
        broken.as_bytes()
    );
}

#[test]
fn synthetic_demo_is_reproducible() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    for f in ["a.ron", "b.ron"] {
        let o = bangfu(&["demo", f, "--entries", "500", "--seed", "3"], d);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let l =
        bangfu::store::read_ledger(&bangfu::store::fs::RealFs, &d.join("a.ron")).expect("reads");
    assert_eq!(l.entries.len(), 500);
    assert_eq!(l.villages.len(), 30);
    assert_eq!(l.departments.len(), 15);
    let years = group(&l, &Filter::default(), &[GroupKey::Year]);
    assert!(years.rows.len() >= 5, "several years");
    let strip = |p: &str| {
        std::fs::read_to_string(d.join(p))
            .expect("read")
            .lines()
            .filter(|l| !l.contains("created"))
            .count()
    };
    assert_eq!(strip("a.ron"), strip("b.ron"));
    assert_eq!(
        format::parse(&std::fs::read_to_string(d.join("a.ron")).expect("a"))
            .expect("a")
            .ledger,
        format::parse(&std::fs::read_to_string(d.join("b.ron")).expect("b"))
            .expect("b")
            .ledger,
    );
}

fn name_strategy() -> impl Strategy<Value = String> {
    // Chinese, quotes, backslashes, raw-string hashes, newlines inside: all must survive.
    proptest::string::string_regex("[a-z九股村海子\"\\\\#r 。，\n\t😀]{0,12}")
        .expect("regex")
        .prop_map(|s| format!("名{}", s.trim()))
        .prop_map(|s| s.trim().to_string())
}

fn ledger_strategy() -> impl Strategy<Value = Ledger> {
    (
        proptest::collection::vec(name_strategy(), 1..5),
        proptest::collection::vec(name_strategy(), 1..5),
        proptest::collection::vec(
            (
                0u32..9000,
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                0usize..3,
                proptest::option::of(0u32..7),
                name_strategy(),
                proptest::option::of(0i64..10_000_000),
                0i64..100_000_000_000_000,
                (0u32..1_000_000, 0u32..1_000_000, 0u32..1_000_000),
                proptest::option::of(0u32..=100),
                "[ -~九股\n\"\\\\]{0,40}",
            ),
            0..25,
        ),
    )
        .prop_map(|(villages, departments, entries)| {
            let mut l = Ledger::new("单位\"名\\");
            let mut seen = std::collections::HashSet::new();
            for (i, n) in villages.into_iter().enumerate() {
                if seen.insert(n.clone()) {
                    l.villages
                        .push(Village::new(VillageId(i as u32 + 1), &n, "镇", ""));
                }
            }
            seen.clear();
            for (i, n) in departments.into_iter().enumerate() {
                if seen.insert(n.clone()) {
                    l.departments.push(Department {
                        id: DepartmentId(i as u32 + 1),
                        name: n,
                    });
                }
            }
            l.categories.push(Category {
                id: CategoryId(99),
                name: "新类别".into(),
            });
            for (i, (day, v, d, kind, cat, what, qty, value, (h, p, t), pledge, notes)) in
                entries.into_iter().enumerate()
            {
                let date = NaiveDate::from_ymd_opt(2000, 1, 1).expect("date")
                    + chrono::Duration::days(i64::from(day) * 4);
                let value_fen = Fen(value);
                // A field this property does not draw keeps Entry::new's empty value.
                let created = date.and_hms_opt(8, 30, 0).expect("time");
                l.entries.push(Entry {
                    category: cat.map(|c| CategoryId(c + 1)),
                    quantity: qty.map(Quantity::from_milli),
                    unit: "套".into(),
                    value_fen,
                    households: h,
                    persons: p,
                    person_times: t,
                    status: pledge.map_or(Status::Delivered, |pct| Status::Pledged {
                        delivered_fen: Fen((i128::from(value) * i128::from(pct) / 100) as i64),
                    }),
                    notes: notes.trim().to_string().into(),
                    modified: date.and_hms_nano_opt(9, 45, 1, 123_456_789).expect("time"),
                    ..Entry::new(
                        EntryId(i as u64 * 3 + 1),
                        date,
                        l.departments[d.index(l.departments.len())].id,
                        l.villages[v.index(l.villages.len())].id,
                        Kind::ALL[kind],
                        what,
                        created,
                    )
                });
            }
            l
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn file_round_trip(l in ledger_strategy()) {
        prop_assert_eq!(bangfu::ledger::validate::validate_ledger(&l, 5), vec![]);
        let text = format::to_ron(&l).expect("serializes");
        let back = format::parse(&text).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        prop_assert_eq!(&back.ledger, &l);
        let reference = format::parse_reference(&text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(reference.ledger, l);
    }

    #[test]
    fn export_import_same_totals(l in ledger_strategy()) {
        let csv = csv_transfer::export(&l);
        let mut fresh = Ledger::new(&l.unit);
        fresh.categories.clear();
        let now = NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("now");
        let plan = csv_transfer::plan_import(&fresh, &csv_transfer::decode(&csv).expect("decodes"), now)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        fresh.apply(&plan.edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let a = group(&l, &Filter::default(), &[GroupKey::Village, GroupKey::Department, GroupKey::Month]);
        let b = group(&fresh, &Filter::default(), &[GroupKey::Village, GroupKey::Department, GroupKey::Month]);
        let label = |ledger: &Ledger, g: &bangfu::summary::Grouping| -> Vec<(Vec<String>, bangfu::summary::Totals)> {
            let mut rows: Vec<(Vec<String>, bangfu::summary::Totals)> = g.rows.iter().map(|r| (r.key.iter().map(|k| k.label(ledger, bangfu::i18n::Lang::Zh)).collect::<Vec<String>>(), r.totals)).collect();
            rows.sort_by(|x, y| x.0.cmp(&y.0));
            rows
        };
        prop_assert_eq!(label(&l, &a), label(&fresh, &b));
        prop_assert_eq!(a.total, b.total);
    }

    /// Issue 10: every field of every entry survives export and import, with quotes, line
    /// breaks, emoji and text a spreadsheet would take for a formula (= + - @).
    #[test]
    fn export_import_every_field(
        l in ledger_strategy(),
        prefix in prop::sample::select(vec!["", "=", "+", "-", "@", "'=", "''+", "'"]),
    ) {
        let mut l = l;
        for e in &mut l.entries {
            e.what = format!("{prefix}{}", e.what).into();
            if !e.notes.is_empty() {
                e.notes = format!("{prefix}{}", e.notes).into();
            }
        }
        let csv = csv_transfer::export(&l);
        let mut fresh = Ledger::new(&l.unit);
        fresh.categories.clear();
        let now = NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("now");
        let plan = csv_transfer::plan_import(&fresh, &csv_transfer::decode(&csv).expect("decodes"), now)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        fresh.apply(&plan.edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let fields = |ledger: &Ledger| -> Vec<String> {
            ledger.entries.iter().map(|e| format!(
                "{:?}",
                (
                    e.date,
                    ledger.village_name(e.village),
                    ledger.department_name(e.department),
                    e.kind,
                    ledger.category_name(e.category),
                    &e.what,
                    e.quantity,
                    &e.unit,
                    e.value_fen,
                    (e.households, e.persons, e.person_times),
                    &e.status,
                    &e.notes,
                ),
            )).collect()
        };
        prop_assert_eq!(fields(&fresh), fields(&l));
    }

    #[test]
    fn undo_restores_exactly(l in ledger_strategy(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!l.entries.is_empty());
        let mut work = l.clone();
        let victim = l.entries[pick.index(l.entries.len())].clone();
        let edit = bangfu::ledger::Edit::DeleteEntry(Box::new(victim));
        work.apply(&edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
        work.apply(&edit.inverse()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(work, l);
    }
}

#[test]
fn the_sample_file_in_assets_is_the_sample_ledger() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-2020-06.ron");
    let text = std::fs::read_to_string(path).expect("assets/sample-2020-06.ron");
    assert_eq!(
        format::parse(&text).expect("parses").ledger,
        sample_ledger()
    );
}

/// How many entries `check` reports for a ledger.
fn entry_count(file: &str, dir: &Path) -> usize {
    let o = bangfu(&["check", file, "--lang", "en"], dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    out.split(", ")
        .find_map(|part| part.strip_suffix(" entries")?.parse().ok())
        .unwrap_or_else(|| panic!("no entry count in {out:?}"))
}

fn add_args(file: &str) -> Vec<&str> {
    vec![
        "add",
        file,
        "--date",
        "2020-07-02",
        "--village",
        "九股村",
        "--department",
        "团委",
        "--kind",
        "goods",
        "--what",
        "书包",
        "--value",
        "300",
    ]
}

#[cfg(unix)]
#[test]
fn a_full_stdout_after_a_save_exits_4_without_a_panic_and_saves_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert_eq!(bangfu(&["demo", "s.ron"], d).status.code(), Some(0));
    let before = entry_count("s.ron", d);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let o = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(add_args("s.ron"))
        .current_dir(d)
        .stdout(full)
        .output()
        .expect("run bangfu");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(4), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("已保存"),
        "says the work was saved: {stderr}"
    );
    assert_eq!(entry_count("s.ron", d), before + 1, "saved exactly once");
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_after_an_import_exits_4_without_a_panic_and_imports_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert_eq!(bangfu(&["demo", "s.ron"], d).status.code(), Some(0));
    assert_eq!(
        bangfu(&["export", "s.ron", "--csv", "all.csv"], d)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(bangfu(&["new", "copy.ron"], d).status.code(), Some(0));
    // `bangfu import … | head -0`: the reader is gone before anything is written.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let o = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(["import", "copy.ron", "--csv", "all.csv", "--lang", "en"])
        .current_dir(d)
        .stdout(writer)
        .output()
        .expect("run bangfu");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(4), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("do not retry"), "{stderr}");
    assert_eq!(entry_count("copy.ron", d), sample_ledger().entries.len());

    // A read-only command to a closed pipe: the same code, no panic.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let o = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(["summary", "s.ron", "--by", "village", "--lang", "en"])
        .current_dir(d)
        .stdout(writer)
        .output()
        .expect("run bangfu");
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(!text(&o).contains("panicked"), "{}", text(&o));
    // It only read, so it must not claim that anything was saved or warn against a retry.
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("the output could not be written"),
        "{stderr}"
    );
    assert!(!stderr.contains("retry"), "{stderr}");
    assert!(!stderr.contains("done"), "{stderr}");

    // In Chinese, a read-only command says only that the output was lost.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let o = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(["check", "s.ron"])
        .current_dir(d)
        .stdout(writer)
        .output()
        .expect("run bangfu");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("无法输出结果"), "{stderr}");
    assert!(!stderr.contains("已保存"), "{stderr}");
    assert!(!stderr.contains("请勿重试"), "{stderr}");
}

#[test]
fn the_headless_message_and_the_exit_codes_are_documented() {
    // The README tells scripts what each code means; keep it in step with the code.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    for code in 0..=4 {
        assert!(
            readme.contains(&format!("| {code} |")),
            "README's exit-code table lacks {code}"
        );
    }
    assert_eq!(bangfu::cli::EXIT_OUTPUT_LOST, 4);
}

#[test]
fn export_sweeps_a_dead_writers_temp_and_keeps_the_old_file_when_it_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert_eq!(bangfu(&["demo", "s.ron"], d).status.code(), Some(0));
    // What `kill -9` during an export leaves: a half-written temp of a process that is gone.
    let stale = d.join(".all.csv.tmp-4294967294-0.bangfu-tmp");
    std::fs::write(&stale, b"half a csv").expect("stale temp");
    let o = bangfu(&["export", "s.ron", "--csv", "all.csv"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    if cfg!(target_os = "linux") {
        assert!(!stale.exists(), "the dead writer's temp was not swept");
    }
    // An export that cannot be written leaves the previous file byte for byte.
    let before = std::fs::read(d.join("all.csv")).expect("csv");
    let o = bangfu(&["export", "missing.ron", "--csv", "all.csv"], d);
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(std::fs::read(d.join("all.csv")).expect("csv"), before);
}

#[cfg(unix)]
#[test]
fn kill_9_during_export_leaves_the_old_file_or_the_new_one_and_no_temp() {
    use std::process::Stdio;
    use std::time::Duration;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let o = bangfu(&["demo", "big.ron", "--entries", "20000"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The complete outputs, made once undisturbed.
    assert_eq!(
        bangfu(&["export", "big.ron", "--csv", "full.csv"], d)
            .status
            .code(),
        Some(0)
    );
    let full_csv = std::fs::read(d.join("full.csv")).expect("csv");
    let previous = b"the previous export, which must survive".to_vec();
    let out = d.join("out.csv");
    let mut interrupted = 0;
    for round in 0..12u64 {
        std::fs::write(&out, &previous).expect("previous");
        let mut child = Command::new(env!("CARGO_BIN_EXE_bangfu"))
            .args(["export", "big.ron", "--csv", "out.csv"])
            .current_dir(d)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(20 + 15 * round));
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("wait");
        if status.code().is_none() {
            interrupted += 1;
        }
        let now = std::fs::read(&out).expect("out.csv exists");
        assert!(
            now == previous || now == full_csv,
            "round {round}: out.csv is neither the previous file nor the full export ({} bytes)",
            now.len()
        );
    }
    // The next write to the folder sweeps every temp the killed writers left.
    let o = bangfu(&["export", "big.ron", "--csv", "out.csv"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(std::fs::read(&out).expect("out"), full_csv);
    let temps: Vec<String> = std::fs::read_dir(d)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".bangfu-tmp"))
        .collect();
    assert!(
        temps.is_empty(),
        "temps left after {interrupted} kills: {temps:?}"
    );
}

#[test]
fn report_with_pdf_and_xlsx_replaces_neither_when_one_cannot_be_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert_eq!(bangfu(&["demo", "s.ron"], d).status.code(), Some(0));
    let old_pdf = b"%PDF- the previous report".to_vec();
    std::fs::write(d.join("r.pdf"), &old_pdf).expect("old pdf");
    std::fs::create_dir(d.join("taken.xlsx")).expect("a folder where the xlsx should go");
    for xlsx in ["no-such-folder/r.xlsx", "taken.xlsx"] {
        let o = bangfu(&["report", "s.ron", "--pdf", "r.pdf", "--xlsx", xlsx], d);
        assert_eq!(o.status.code(), Some(1), "{xlsx}: {}", text(&o));
        assert!(text(&o).contains("未写入任何文件"), "{}", text(&o));
        assert_eq!(
            std::fs::read(d.join("r.pdf")).expect("pdf"),
            old_pdf,
            "{xlsx}: the PDF was replaced although the XLSX failed"
        );
    }
    let temps = std::fs::read_dir(d)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bangfu-tmp"))
        .count();
    assert_eq!(temps, 0);
    let o = bangfu(
        &["report", "s.ron", "--pdf", "r.pdf", "--xlsx", "r.xlsx"],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        std::fs::read(d.join("r.pdf"))
            .expect("pdf")
            .starts_with(b"%PDF-1")
    );
}

/// `add` and `import` read names by the one rule (README, "Names"): a unique part stands
/// for the name, and the import says which parts it read so, once each; an ambiguous
/// part, or a missing name without `--create`, is refused and nothing is written.
#[test]
fn add_and_import_read_names_by_the_one_rule() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert_eq!(bangfu(&["demo", "s.ron"], d).status.code(), Some(0));

    let mut args = add_args("s.ron");
    let set = |args: &mut Vec<&'static str>, flag: &str, value: &'static str| {
        let i = args.iter().position(|a| *a == flag).expect("flag");
        args[i + 1] = value;
    };
    set(&mut args, "--village", "九股");
    set(&mut args, "--department", "团"); // 团委 is the only department containing 团
    let o = bangfu(&args, d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("九股村 书包"), "{}", text(&o));
    assert_eq!(entry_count("s.ron", d), 13);

    let before = std::fs::read(d.join("s.ron")).expect("read");
    set(&mut args, "--village", "村"); // every village contains 村
    let o = bangfu(&args, d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).starts_with("村："), "{}", text(&o));
    set(&mut args, "--village", "无此村");
    let o = bangfu(&args, d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("（加 --create 可新建）"), "{}", text(&o));
    assert_eq!(std::fs::read(d.join("s.ron")).expect("read"), before);

    std::fs::write(
        d.join("parts.csv"),
        "日期,村,部门,帮扶形式,内容,金额\n\
         2020-06-01,九股,团委,物资,书,10\n\
         2020-06-02,九股,团委,物资,笔,10\n",
    )
    .expect("write");
    let o = bangfu(&["import", "s.ron", "--csv", "parts.csv"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "已导入 2 条记录\n村：“九股”即“九股村”\n"
    );
    assert_eq!(entry_count("s.ron", d), 15);
}

/// Issue 10: Ctrl+C / Ctrl+V reach the system clipboard only with eframe's `clipboard`
/// feature, which the `default-features = false` line must name again.
#[test]
fn the_app_is_built_with_the_system_clipboard() {
    let manifest = include_str!("../Cargo.toml");
    let eframe = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("eframe ="))
        .expect("an eframe dependency line");
    assert!(eframe.contains("default-features = false"), "{eframe}");
    assert!(eframe.contains("\"clipboard\""), "{eframe}");
}

/// Issue 10: `--value 1,2,3` is no amount; a village named like a formula leaves
/// `summary --format csv` as text; a CSV with 序号 and a bad row says what it did.
#[test]
fn cli_amounts_formula_cells_and_csv_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert_eq!(bangfu(&["demo", "s.ron"], d).status.code(), Some(0));
    let before = entry_count("s.ron", d);
    let mut args = add_args("s.ron");
    let value = args.iter().position(|a| *a == "300").expect("--value");
    args[value] = "1,2,3";
    let o = bangfu(&args, d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    args[value] = "1,230";
    args[5] = "=HYPERLINK(\"x\")";
    args.push("--create");
    let o = bangfu(&args, d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(entry_count("s.ron", d), before + 1);
    let o = bangfu(
        &["summary", "s.ron", "--by", "village", "--format", "csv"],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{out}");
    assert!(!out.lines().any(|l| l.starts_with('=')), "{out}");

    std::fs::write(
        d.join("rows.csv"),
        "序号;日期;村;部门;帮扶形式;内容;金额\n\
         1;2020-06-01;九股村;团委;物资;书;10\n",
    )
    .expect("write");
    let o = bangfu(&["import", "s.ron", "--csv", "rows.csv"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "已导入 1 条记录\n已忽略不认识的列：序号\n"
    );
    std::fs::write(
        d.join("bad.csv"),
        "日期,村,部门,帮扶形式,内容,金额\n2020-06-01,九股村,团委,物资,\"书,10\n",
    )
    .expect("write");
    let o = bangfu(&["import", "s.ron", "--csv", "bad.csv"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("第 2 行 引号未配对"), "{}", text(&o));
    assert_eq!(entry_count("s.ron", d), before + 2);
}
