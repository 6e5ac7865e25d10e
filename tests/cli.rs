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
use std::process::{Command, Output};

fn bangfu(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run bangfu")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn sample_totals_match_the_hand_count_from_the_news_report() {
    let l = sample_ledger();
    let s = Summary::compute(&l, &Filter::default());
    // 公厕 40,000 + 700,000 of the town's 1,000,000 pledge.
    assert_eq!(s.overall.funds_fen, Fen::from_yuan(740_000));
    // 出诊箱等 20,000 + 医疗物资 4,000 + 农技服务包 3,000.
    assert_eq!(s.overall.goods_fen, Fen::from_yuan(27_000));
    assert_eq!(s.overall.services_fen, Fen::ZERO);
    assert_eq!(s.overall.total_fen(), Fen::from_yuan(767_000));
    assert_eq!(s.overall.total_fen().chinese_upper(), "柒拾陆万柒仟元整");
    // 13 livestock + 32 planting + 4 poor households; 120 at the clinic; 100 volunteer person-times.
    assert_eq!(s.overall.households, 49);
    assert_eq!(s.overall.persons, 120);
    assert_eq!(s.overall.person_times, 100);
    assert_eq!(s.overall.entries, 12);
    assert_eq!(s.overall.delivery_rate_text(), "70.0%");
    assert_eq!(
        s.villages_involved, 2,
        "九股村 and 平原村; 海子村 received nothing in June"
    );
    assert_eq!(s.departments_involved, 7);

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
            ("九股村".to_string(), 11, 76_700_000),
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
    assert_eq!(
        dept("妈姑镇（争取资金）").pledged_fen,
        Fen::from_yuan(1_000_000)
    );
    // Village × department: 九股村 gets from all 7 departments, 平原村 from 团委 only.
    assert_eq!(s.cross.villages.len(), 2);
    assert_eq!(s.cross.departments.len(), 7);
    assert_eq!(s.cross.total.total_fen(), Fen::from_yuan(767_000));
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
        "village,entries,funds_yuan,goods_yuan,services_yuan,total_yuan,households,persons,person_times\n\
         九股村,11,740000.00,27000.00,0.00,767000.00,49,120,100\n\
         海子村,0,0.00,0.00,0.00,0.00,0,0,0\n\
         平原村,1,0.00,0.00,0.00,0.00,0,0,0\n"
    );
    let o = bangfu(&["summary", "s.ron", "--by", "village,department"], d);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("767,000.00"), "{table}");
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
    assert_eq!(json["total"]["total_fen"], 76_700_000);
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
                    l.villages.push(Village {
                        id: VillageId(i as u32 + 1),
                        name: n,
                        town: "镇".into(),
                        county: String::new(),
                    });
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
                l.entries.push(Entry {
                    id: EntryId(i as u64 * 3 + 1),
                    date,
                    department: l.departments[d.index(l.departments.len())].id,
                    village: l.villages[v.index(l.villages.len())].id,
                    kind: Kind::ALL[kind],
                    category: cat.map(|c| CategoryId(c + 1)),
                    what,
                    quantity: qty.map(Quantity::from_milli),
                    unit: "套".into(),
                    value_fen,
                    households: h,
                    persons: p,
                    person_times: t,
                    status: pledge.map_or(Status::Delivered, |pct| Status::Pledged {
                        delivered_fen: Fen((i128::from(value) * i128::from(pct) / 100) as i64),
                    }),
                    notes: notes.trim().to_string(),
                    created: date.and_hms_opt(8, 30, 0).expect("time"),
                    modified: date.and_hms_nano_opt(9, 45, 1, 123_456_789).expect("time"),
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
        let plan = csv_transfer::plan_import(&fresh, &csv_transfer::decode(&csv), now)
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

    #[test]
    fn undo_restores_exactly(l in ledger_strategy(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!l.entries.is_empty());
        let mut work = l.clone();
        let victim = l.entries[pick.index(l.entries.len())].clone();
        let edit = bangfu::ledger::Edit::DeleteEntry(victim);
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
