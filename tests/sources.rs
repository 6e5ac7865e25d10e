//! Issue 11, the model: sources (本单位投入 / 引进 / 其他), training and consumption,
//! registered households, annual targets and their completion, year over year, the
//! corrected sample, the file format (version 3) and the CLI (`summary --by source`,
//! `targets`). Expected values are worked out by hand in the comments.

use bangfu::demo::sample_ledger;
use bangfu::i18n::Lang;
use bangfu::ledger::targets::parse_amount;
use bangfu::ledger::{
    CategoryId, CustomIndicator, Department, DepartmentId, Edit, Entry, EntryId, Fen, Field,
    Indicator, IndicatorId, IndicatorRef, Kind, Ledger, Measure, Problem, Source, Status,
    TraineeGroup, Village, VillageId,
};
use bangfu::store::{Store, format};
use bangfu::summary::{Filter, GroupKey, Summary, group, progress, year_over_year};
use bangfu::transfer::csv as csv_transfer;
use chrono::NaiveDate;

mod common;
use common::cli::{bangfu, err, out};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// One entry of the hand-built ledger.
struct E {
    date: NaiveDate,
    source: Source,
    kind: Kind,
    value_yuan: i64,
    delivered_yuan: Option<i64>,
    trainees: Option<TraineeGroup>,
    persons: u32,
    person_times: u32,
    channel: &'static str,
    village: u32,
    department: u32,
}

fn e(date: NaiveDate, source: Source, kind: Kind, value_yuan: i64) -> E {
    E {
        date,
        source,
        kind,
        value_yuan,
        delivered_yuan: None,
        trainees: None,
        persons: 0,
        person_times: 0,
        channel: "",
        village: 1,
        department: 1,
    }
}

/// The hand-built ledger of the indicator tests: villages 甲村 (1), 乙村 (2); departments
/// 一系 (1), 二系 (2).
fn hand_ledger() -> Ledger {
    use Kind::*;
    use Source::*;
    use TraineeGroup::*;
    let mut l = Ledger::new("测试学院");
    l.villages.push(Village::new(VillageId(1), "甲村", "", ""));
    l.villages.push(Village::new(VillageId(2), "乙村", "", ""));
    for (id, name) in [(1, "一系"), (2, "二系")] {
        l.departments.push(Department {
            id: DepartmentId(id),
            name: name.into(),
        });
    }
    let train = |d, s, g, persons, times| E {
        trainees: Some(g),
        persons,
        person_times: times,
        ..e(d, s, Training, 0)
    };
    let rows = [
        // 1: own funds 10,000 → 投入帮扶资金.
        e(day(2021, 3, 1), Direct, Funds, 10_000),
        // 2: own goods pledged 5,000, 2,000 arrived → counts 2,000.
        E {
            delivered_yuan: Some(2_000),
            department: 2,
            ..e(day(2021, 4, 1), Direct, Goods, 5_000)
        },
        // 3: own services 3,000 → in 合计, not in 投入帮扶资金.
        E {
            village: 2,
            ..e(day(2021, 5, 1), Direct, Services, 3_000)
        },
        // 4: funds brought in 50,000 → 引进帮扶资金.
        e(day(2021, 6, 1), Introduced, Funds, 50_000),
        // 5: goods brought in, pledged 20,000, 8,000 arrived → counts 8,000.
        E {
            delivered_yuan: Some(8_000),
            ..e(day(2021, 6, 2), Introduced, Goods, 20_000)
        },
        // 6: the town's funds 100,000 → no indicator.
        e(day(2021, 6, 3), Other, Funds, 100_000),
        // 7: own training of cadres, 40 person-times, cost 1,500.
        E {
            value_yuan: 1_500,
            ..train(day(2021, 7, 1), Direct, Cadres, 20, 40)
        },
        // 8: training of cadres brought in, 15 person-times.
        train(day(2021, 7, 2), Introduced, Cadres, 0, 15),
        // 9: others' training of cadres, 99 person-times → not counted.
        train(day(2021, 7, 3), Other, Cadres, 0, 99),
        // 10: leaders 12 person-times.
        train(day(2021, 7, 4), Direct, Leaders, 0, 12),
        // 11: technicians 7 person-times (30 persons: the indicator counts person-times).
        train(day(2021, 7, 5), Direct, Technicians, 30, 7),
        // 12: farmers 200 person-times → none of the three.
        train(day(2021, 7, 6), Direct, Farmers, 100, 200),
        // 13: own purchase through the canteen 12,345.67… (value in fen below).
        E {
            channel: "食堂",
            ..e(day(2021, 8, 1), Direct, Purchase, 0)
        },
        // 14: purchase brought in, 1,000, through 832平台.
        E {
            channel: "832平台",
            ..e(day(2021, 8, 2), Introduced, Purchase, 1_000)
        },
        // 15: others' purchase 500 → not counted.
        e(day(2021, 8, 3), Other, Purchase, 500),
        // 16: own help-to-sell, pledged 30,000, 25,000 arrived.
        E {
            delivered_yuan: Some(25_000),
            channel: "工会",
            ..e(day(2021, 9, 1), Direct, SalesHelp, 30_000)
        },
        // 17 and 18: outside 2021.
        e(day(2020, 12, 31), Direct, Funds, 999),
        e(day(2022, 1, 1), Direct, Funds, 888),
    ];
    let stamp = day(2021, 1, 1).and_hms_opt(9, 0, 0).expect("stamp");
    let mut entries: Vec<Entry> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| Entry {
            source: r.source,
            giver: if r.source == Direct {
                Default::default()
            } else {
                "校友会".into()
            },
            trainees: r.trainees,
            channel: r.channel.into(),
            value_fen: Fen::from_yuan(r.value_yuan),
            status: r
                .delivered_yuan
                .map_or(Status::Delivered, |d| Status::Pledged {
                    delivered_fen: Fen::from_yuan(d),
                }),
            persons: r.persons,
            person_times: r.person_times,
            ..Entry::new(
                EntryId(i as u64 + 1),
                r.date,
                DepartmentId(r.department),
                VillageId(r.village),
                r.kind,
                format!("第{}条", i + 1),
                stamp,
            )
        })
        .collect();
    // Entry 13: 12,345.67 yuan.
    entries[12].value_fen = Fen(1_234_567);
    l.entries = entries;
    assert_eq!(bangfu::ledger::validate::validate_ledger(&l, 10), vec![]);
    l
}

/// Every built-in indicator of 2021, worked out from the comments in `hand_ledger`:
/// - 投入帮扶资金 = 10,000 (1) + 2,000 (2, what arrived) = 12,000.00
/// - 引进帮扶资金 = 50,000 (4) + 8,000 (5) = 58,000.00
/// - 培训基层干部 = 40 (7) + 15 (8) = 55 人次 (9 is others')
/// - 培训乡村振兴带头人 = 12; 培训专业技术人才 = 7
/// - 购买 = 12,345.67 (13) + 1,000 (14) = 13,345.67 (15 is others')
/// - 帮助销售 = 25,000.00 (16, what arrived)
#[test]
fn every_builtin_indicator_against_the_hand_count() {
    let l = hand_ledger();
    let p = progress(&l, 2021, Lang::Zh);
    let got: Vec<(String, bool, i64)> = p
        .iter()
        .map(|x| (x.name.clone(), x.money, x.actual))
        .collect();
    assert_eq!(
        got,
        [
            ("投入帮扶资金".to_string(), true, 1_200_000),
            ("引进帮扶资金".to_string(), true, 5_800_000),
            ("培训基层干部".to_string(), false, 55),
            ("培训乡村振兴带头人".to_string(), false, 12),
            ("培训专业技术人才".to_string(), false, 7),
            ("购买脱贫地区农产品".to_string(), true, 1_334_567),
            ("帮助销售脱贫地区农产品".to_string(), true, 2_500_000),
        ]
    );
    assert!(
        p.iter()
            .all(|x| x.target.is_none() && x.rate_bp.is_none() && !x.over)
    );
    assert_eq!(p[2].unit, "人次");
    assert_eq!(p[0].unit, "");
    // 2020 and 2022 hold one own funds entry each: 999 and 888 yuan.
    assert_eq!(progress(&l, 2020, Lang::Zh)[0].actual, 99_900);
    assert_eq!(progress(&l, 2022, Lang::Zh)[0].actual, 88_800);
    assert_eq!(
        progress(&l, 2022, Lang::En)[0].name,
        "Direct assistance funds"
    );
}

#[test]
fn targets_give_rates_and_over_completion_and_undo() {
    let mut l = hand_ledger();
    let direct = IndicatorRef::Default(Indicator::DirectFunds);
    let introduced = IndicatorRef::Default(Indicator::IntroducedFunds);
    let cadres = IndicatorRef::Default(Indicator::TrainCadres);
    let mut done = Vec::new();
    for (ind, amount) in [
        (direct, parse_amount("1万", true).expect("1万")),
        (introduced, parse_amount("100,000", true).expect("money")),
        (cadres, parse_amount("50", false).expect("count")),
    ] {
        let edit = l.set_target(2021, ind, Some(amount));
        l.apply(&edit).expect("applies");
        done.push(edit);
    }
    let p = progress(&l, 2021, Lang::Zh);
    // 12,000 of 10,000 = 120.0 %, exceeded.
    assert_eq!(
        (p[0].target, p[0].rate_bp, p[0].over),
        (Some(1_000_000), Some(12_000), true)
    );
    // 58,000 of 100,000 = 58.0 %.
    assert_eq!(
        (p[1].target, p[1].rate_bp, p[1].over),
        (Some(10_000_000), Some(5_800), false)
    );
    // 55 of 50 = 110.0 %, exceeded.
    assert_eq!(
        (p[2].target, p[2].rate_bp, p[2].over),
        (Some(50), Some(11_000), true)
    );
    // Other years have no targets.
    assert!(
        progress(&l, 2022, Lang::Zh)
            .iter()
            .all(|x| x.target.is_none())
    );
    // Changing a target is one edit with its old value; undo restores it.
    let change = l.set_target(2021, cadres, Some(60));
    assert_eq!(
        change,
        Edit::SetTarget {
            year: 2021,
            indicator: cadres,
            before: Some(50),
            after: Some(60)
        }
    );
    l.apply(&change).expect("changes");
    assert_eq!(l.target(2021, cadres), Some(60));
    l.apply(&change.inverse()).expect("undoes");
    assert_eq!(l.target(2021, cadres), Some(50));
    // A stale edit (its `before` no longer holds) changes nothing.
    assert!(l.apply(&change.inverse()).is_err());
    // A negative target is refused, naming the field.
    let bad = l.set_target(2021, direct, Some(-1));
    let err = l.apply(&bad).expect_err("negative");
    assert_eq!(err.message(Lang::Zh), "金额：不能为负数");
    // Undo everything: no targets left.
    for edit in done.iter().rev() {
        l.apply(&edit.inverse()).expect("undo");
    }
    assert!(l.targets.is_empty());
}

#[test]
fn custom_indicators_sum_a_measure_over_matching_entries() {
    let mut l = hand_ledger();
    // 自有服务条数: entries of own services = entry 3 only → 1.
    let services = CustomIndicator {
        id: IndicatorId(0),
        name: "自有服务条数".into(),
        unit: "条".into(),
        measure: Measure::Entries,
        source: Some(Source::Direct),
        kind: Some(Kind::Services),
        category: None,
    };
    // 培训受益人次: persons of every training, any source = 20 + 0 + 0 + 0 + 30 + 100 = 150.
    let trained = CustomIndicator {
        name: "培训受益人次".into(),
        unit: "人次".into(),
        measure: Measure::Persons,
        source: None,
        kind: Some(Kind::Training),
        ..services.clone()
    };
    // 引进计划金额: full value of what was brought in (pledges in full):
    // 50,000 + 20,000 + 0 + 1,000 = 71,000.00.
    let pledged = CustomIndicator {
        name: "引进计划金额".into(),
        unit: String::new(),
        measure: Measure::Value,
        source: Some(Source::Introduced),
        kind: None,
        ..services.clone()
    };
    for c in [services, trained, pledged] {
        let edit = l.add_indicator(c);
        l.apply(&edit).expect("adds");
    }
    let p = progress(&l, 2021, Lang::Zh);
    assert_eq!(p.len(), 10);
    let tail: Vec<(&str, bool, &str, i64)> = p[7..]
        .iter()
        .map(|x| (x.name.as_str(), x.money, x.unit.as_str(), x.actual))
        .collect();
    assert_eq!(
        tail,
        [
            ("自有服务条数", false, "条", 1),
            ("培训受益人次", false, "人次", 150),
            ("引进计划金额", true, "", 7_100_000),
        ]
    );
    // A target on a custom indicator, then removing the indicator removes it too; one
    // undo brings both back.
    let id = IndicatorRef::Custom(IndicatorId(2));
    l.apply(&l.set_target(2021, id, Some(300))).expect("target");
    let before = l.clone();
    let remove = l.remove_indicator(IndicatorId(2)).expect("exists");
    l.apply(&remove).expect("removes");
    assert_eq!(l.indicators.len(), 2);
    assert_eq!(l.target(2021, id), None);
    l.apply(&remove.inverse()).expect("undo");
    assert_eq!(l, before);
    // A name taken by a built-in indicator is refused.
    let clash = CustomIndicator {
        name: "培训基层干部".into(),
        ..l.indicators[0].clone()
    };
    assert!(l.apply(&l.add_indicator(clash)).is_err());
    // Its category must exist.
    let dangling = CustomIndicator {
        name: "某类别".into(),
        category: Some(CategoryId(99)),
        ..l.indicators[0].clone()
    };
    assert!(l.apply(&l.add_indicator(dangling)).is_err());
}

/// Totals keep the sources apart (2021 of the hand ledger):
/// - own: funds 10,000; goods 2,000 (arrived); services 3,000; training 1,500;
///   合计 16,500.00; purchase 12,345.67 + help-to-sell 25,000 = 消费帮扶 37,345.67;
/// - brought in: 50,000 + 8,000 + 1,000 = 59,000.00;
/// - others': 100,000 + 500 = 100,500.00.
#[test]
fn totals_keep_the_three_sources_apart() {
    let l = hand_ledger();
    let f = Filter::period(Some(day(2021, 1, 1)), Some(day(2021, 12, 31)));
    let s = Summary::compute(&l, &f);
    let t = &s.overall;
    assert_eq!(t.funds_fen, Fen::from_yuan(10_000));
    assert_eq!(t.goods_fen, Fen::from_yuan(2_000));
    assert_eq!(t.services_fen, Fen::from_yuan(3_000));
    assert_eq!(t.training_fen, Fen::from_yuan(1_500));
    assert_eq!(t.total_fen(), Fen::from_yuan(16_500));
    assert_eq!(t.consumption_fen(), Fen(3_734_567));
    assert_eq!(t.introduced_fen(), Fen::from_yuan(59_000));
    assert_eq!(t.other_fen(), Fen::from_yuan(100_500));
    // Entries: own 1,2,3,7,10,11,12,13,16 = 9; brought in 4,5,8,14 = 4; others' 6,9,15 = 3.
    assert_eq!(
        (t.direct.entries, t.introduced.entries, t.other.entries),
        (9, 4, 3)
    );
    assert_eq!(t.training_entries, 4);
    // Pledges per source: own 5,000 + 30,000 pledged, 2,000 + 25,000 arrived.
    assert_eq!(t.pledged_fen, Fen::from_yuan(35_000));
    assert_eq!(t.pledged_delivered_fen, Fen::from_yuan(27_000));
    assert_eq!(t.introduced.pledged_fen, Fen::from_yuan(20_000));
    // Persons and households summed over entries (人次 / 户次): own 20 + 30 + 100.
    assert_eq!(t.persons, 150);
    // The grouping by source gives one row per source, each showing its own source.
    let g = group(&l, &f, &[GroupKey::Source]);
    let shown: Vec<(String, u64, Fen)> = g
        .rows
        .iter()
        .map(|r| {
            (
                r.key[0].label(&l, Lang::Zh),
                r.shown().entries,
                r.shown().value_fen(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("本单位投入".to_string(), 9, Fen(1_650_000 + 3_734_567)),
            ("引进".to_string(), 4, Fen::from_yuan(59_000)),
            ("其他".to_string(), 3, Fen::from_yuan(100_500)),
        ]
    );
    // A filter on the source.
    let only_other = Filter {
        sources: vec![Source::Other],
        ..f.clone()
    };
    assert_eq!(Summary::compute(&l, &only_other).overall.entries_all(), 3);
}

/// Year over year, own 合计 per village and department: 2021 甲村 = 10,000 + 2,000 +
/// 1,500 = 13,500 (甲村 has every 2021 entry but 3, which is 乙村's 3,000); 2020 甲村 = 999.
#[test]
fn year_over_year_per_village_and_department() {
    let l = hand_ledger();
    let y = year_over_year(&l, 2021);
    assert_eq!(y.year, 2021);
    let jia = &y.by_village[0];
    assert_eq!(jia.this_year.total_fen(), Fen::from_yuan(13_500));
    assert_eq!(jia.last_year.total_fen(), Fen::from_yuan(999));
    assert_eq!(jia.change_fen(), Fen::from_yuan(13_500 - 999));
    // (13,500 − 999) / 999 = 12.513… → 125,135 bp (floored).
    assert_eq!(jia.change_bp(), Some(125_135));
    let yi = &y.by_village[1];
    assert_eq!(yi.this_year.total_fen(), Fen::from_yuan(3_000));
    assert_eq!(yi.change_bp(), None, "nothing last year");
    // 二系 gave only entry 2 (goods, 2,000 arrived).
    assert_eq!(
        y.by_department[1].this_year.total_fen(),
        Fen::from_yuan(2_000)
    );
    // 2022 against 2021: 888 − 16,500 (a fall, exact and negative).
    let next = year_over_year(&l, 2022);
    assert_eq!(next.total.change_fen(), Fen::from_yuan(888 - 16_500));
    assert_eq!(next.total.introduced_change_fen(), Fen::from_yuan(-59_000));
}

#[test]
fn the_sample_counts_only_the_colleges_own_input() {
    let l = sample_ledger();
    assert!(l.department_by_name("妈姑镇（争取资金）").is_none());
    let june = Filter::period(Some(day(2020, 6, 1)), Some(day(2020, 6, 30)));
    let s = Summary::compute(&l, &june);
    // 40,000 + 20,000 + 4,000 + 3,000.
    assert_eq!(s.overall.total_fen(), Fen::from_yuan(67_000));
    assert_eq!(s.overall.total_fen().display(), "67,000.00");
    assert_eq!(s.overall.introduced_fen(), Fen::ZERO);
    // The town's 700,000 arrived of 1,000,000, recorded as others' input.
    assert_eq!(s.overall.other_fen(), Fen::from_yuan(700_000));
    assert_eq!(s.overall.other.pledged_fen, Fen::from_yuan(1_000_000));
    let town = l
        .entries
        .iter()
        .find(|e| e.source == Source::Other)
        .expect("town");
    assert_eq!(town.giver, "妈姑镇人民政府");
    assert_eq!(l.village_name(town.village), "九股村");
    assert_eq!(l.department_name(town.department), "学院党委/校领导");
    let p = progress(&l, 2020, Lang::Zh);
    // 投入帮扶资金 = own funds and goods = 67,000.00; nothing brought in.
    assert_eq!(p[0].actual, 6_700_000);
    assert_eq!(p[1].actual, 0);
    // Registered households are master data of the villages.
    let v: Vec<(&str, u32, u32, u32)> = l
        .villages
        .iter()
        .map(|v| (v.name.as_str(), v.registered, v.monitored, v.marginal))
        .collect();
    assert_eq!(
        v,
        [
            ("九股村", 197, 8, 4),
            ("海子村", 37, 1, 3),
            ("平原村", 0, 0, 0)
        ]
    );
}

#[test]
fn training_and_channel_rules_name_their_field() {
    let mut l = sample_ledger();
    let id = l.next_entry_id();
    let base = Entry::new(
        id,
        day(2021, 3, 1),
        DepartmentId(2),
        VillageId(1),
        Kind::Training,
        "种植技术培训",
        day(2021, 3, 1).and_hms_opt(9, 0, 0).expect("t"),
    );
    let err = l
        .apply(&Edit::add_entry(base.clone()))
        .expect_err("no trainees");
    assert_eq!(err.message(Lang::Zh), "培训对象：培训记录须填写培训对象");
    let goods = Entry {
        kind: Kind::Goods,
        trainees: Some(TraineeGroup::Farmers),
        channel: "食堂".into(),
        ..base.clone()
    };
    let err = l
        .apply(&Edit::add_entry(goods))
        .expect_err("goods with trainees");
    assert_eq!(
        err.message(Lang::En),
        "trainees: is only for entries of the kind training; channel: is only for entries of the kind purchase or sales_help"
    );
    let ok = Entry {
        trainees: Some(TraineeGroup::Farmers),
        person_times: 60,
        ..base
    };
    l.apply(&Edit::add_entry(ok))
        .expect("a training with trainees");
    // Text from a form or a CSV row: empty 来源 is the unit's own input; a bad one is named.
    let t = bangfu::ledger::entry_text::EntryText {
        date: "2021-03-02",
        village: "九股村",
        department: "团委",
        kind: "购买",
        what: "土豆",
        value: "1,200",
        source: "外单位",
        channel: "832平台",
        ..Default::default()
    };
    let errs = t.parse().expect_err("bad source");
    assert_eq!(errs.len(), 1);
    assert_eq!(
        (errs[0].field, &errs[0].problem),
        (Field::Source, &Problem::BadSource)
    );
    let p = bangfu::ledger::entry_text::EntryText { source: "", ..t }
        .parse()
        .expect("parses");
    assert_eq!(
        (p.source, p.kind, p.channel.as_str()),
        (Source::Direct, Kind::Purchase, "832平台")
    );
}

/// Every new field survives the file (both readers) and CSV.
#[test]
fn new_fields_survive_the_file_and_csv() {
    let mut l = hand_ledger();
    l.villages[0].registered = 197;
    l.villages[0].monitored = 8;
    l.villages[0].marginal = 4;
    l.apply(&l.set_target(2021, IndicatorRef::Default(Indicator::SalesHelp), Some(123)))
        .expect("target");
    let c = CustomIndicator {
        id: IndicatorId(0),
        name: "项目数".into(),
        unit: "个".into(),
        measure: Measure::Entries,
        source: Some(Source::Introduced),
        kind: Some(Kind::Funds),
        category: Some(CategoryId(2)),
    };
    l.apply(&l.add_indicator(c)).expect("indicator");
    l.entries[5].giver = "妈姑镇人民政府，\"引号\"\n换行".into();
    let text = format::to_ron(&l).expect("ron");
    assert!(text.contains("version: 4,\n    min_reader: 3,"), "{text}");
    // Fields at their default are not written: an own funds entry reads as in version 2.
    let first = text
        .lines()
        .find(|x| x.contains("(id:1,date:"))
        .expect("line");
    assert!(
        !first.contains("source") && !first.contains("giver"),
        "{first}"
    );
    assert!(text.contains("source:Other,giver:"), "{text}");
    assert!(text.contains("trainees:Some(Technicians)"), "{text}");
    assert!(text.contains("channel:\"832平台\""), "{text}");
    assert!(
        text.contains("registered:197,monitored:8,marginal:4"),
        "{text}"
    );
    let fast = format::parse(&text).expect("fast reader");
    let reference = format::parse_reference(&text).expect("ron reader");
    assert_eq!(fast.ledger, l);
    assert_eq!(reference.ledger, l);
    assert_eq!(fast.migrated_from, None);

    // CSV: export, import into an empty ledger, every new field comes back.
    let csv = csv_transfer::export(&l);
    let header = String::from_utf8_lossy(&csv)
        .lines()
        .next()
        .map(str::to_string);
    assert_eq!(
        header.as_deref().map(|h| h.trim_start_matches('\u{feff}')),
        Some(
            "日期,村,部门,来源,出资方,帮扶形式,培训对象,渠道,类别,内容,数量,单位,金额,受益户数,受益人数,人次,备注,已到位金额"
        )
    );
    let mut fresh = Ledger::new(&l.unit);
    fresh.categories.clear();
    let now = day(2026, 1, 1).and_hms_opt(0, 0, 0).expect("now");
    let plan =
        csv_transfer::plan_import(&fresh, &csv_transfer::decode(&csv).expect("decodes"), now)
            .expect("imports");
    fresh.apply(&plan.edit).expect("applies");
    let fields = |x: &Ledger| -> Vec<(
        Source,
        bangfu::ledger::CompactString,
        Kind,
        Option<TraineeGroup>,
        bangfu::ledger::CompactString,
        Fen,
    )> {
        x.entries
            .iter()
            .map(|e| {
                (
                    e.source,
                    e.giver.clone(),
                    e.kind,
                    e.trainees,
                    e.channel.clone(),
                    e.delivered_value(),
                )
            })
            .collect()
    };
    assert_eq!(fields(&fresh), fields(&l));
    // An empty 来源 cell is the unit's own input; English codes are read too.
    let text = "日期,村,部门,来源,帮扶形式,培训对象,内容,人次\n\
                2021-05-01,甲村,一系,,培训,基层干部,村干部培训,30\n\
                2021-05-02,甲村,一系,introduced,training,leaders,带头人培训,12\n";
    let plan = csv_transfer::plan_import(&fresh, text, now).expect("imports");
    let mut g = fresh.clone();
    g.apply(&plan.edit).expect("applies");
    let n = g.entries.len();
    assert_eq!(
        (g.entries[n - 2].source, g.entries[n - 2].trainees),
        (Source::Direct, Some(TraineeGroup::Cadres))
    );
    assert_eq!(
        (
            g.entries[n - 1].source,
            g.entries[n - 1].kind,
            g.entries[n - 1].trainees
        ),
        (
            Source::Introduced,
            Kind::Training,
            Some(TraineeGroup::Leaders)
        )
    );
    // A training row without 培训对象 is refused, naming the row and the field.
    let bad = "日期,村,部门,帮扶形式,内容\n2021-05-03,甲村,一系,培训,无对象\n";
    let errs = csv_transfer::plan_import(&fresh, bad, now).expect_err("no trainees");
    assert_eq!(
        errs.lines(Lang::Zh),
        ["第 2 行 培训对象：培训记录须填写培训对象"]
    );
}

/// A version-2 file (as the previous release wrote it) opens, migrates in memory with
/// every entry the unit's own input, and the store keeps the original.
#[test]
fn a_version_2_file_migrates_and_keeps_its_original() {
    let v2 = "(\n    format: \"bangfu-ledger\",\n    version: 2,\n    min_reader: 2,\n    unit: \"毕节职业技术学院\",\n    villages: [\n        (id:1,name:\"九股村\",town:\"妈姑镇\",county:\"赫章县\"),\n    ],\n    departments: [\n        (id:1,name:\"学院党委/校领导\"),\n    ],\n    categories: [\n        (id:1,name:\"基础设施\"),\n    ],\n    entries: [\n        (id:1,date:\"2020-06-05\",department:1,village:1,kind:Funds,category:Some(1),what:\"公厕建设\",quantity:Some(\"1\"),unit:\"座\",value_fen:4000000,households:0,persons:0,person_times:0,status:Delivered,notes:\"惠及全村\",created:\"2020-06-05T09:00:00\",modified:\"2020-06-05T09:00:00\"),\n    ],\n)\n";
    let p = format::parse(v2).expect("v2 parses");
    assert_eq!(p.migrated_from, Some(2));
    assert_eq!(p.ledger.entries[0].source, Source::Direct);
    assert_eq!(p.ledger.villages[0].registered, 0);
    assert!(p.ledger.targets.is_empty());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, v2).expect("write");
    let (mut store, ledger, notes) = Store::open(&path).expect("opens");
    let Some((2, Some(copy))) = notes.migrated_from else {
        panic!("expected a migration note: {notes:?}");
    };
    assert!(
        copy.to_string_lossy().ends_with("old.ron.v2-original"),
        "{copy:?}"
    );
    assert_eq!(std::fs::read_to_string(&copy).expect("copy"), v2);
    store.save(&ledger).expect("saves");
    let now = std::fs::read_to_string(&path).expect("read");
    assert!(now.contains("version: 4"), "{now}");
    assert_eq!(format::parse(&now).expect("v3").ledger, ledger);
}

#[test]
fn summary_by_source_in_chinese_and_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert_eq!(bangfu(&["demo", "s.ron"], d).status.code(), Some(0));
    let o = bangfu(
        &["summary", "s.ron", "--by", "source", "--format", "csv"],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // Own: 11 entries, funds 40,000, goods 27,000, 49 户次; nothing brought in; the town's
    // 700,000 arrived of its pledge. Each row shows its own source. Columns are looked up
    // by name (the report model may add columns beside these).
    let csv = out(&o);
    let lines: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let col = |name: &str| {
        lines[0]
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} in {csv}"))
    };
    let pick = |row: usize, names: &[&str]| -> Vec<String> {
        names
            .iter()
            .map(|n| lines[row][col(n)].to_string())
            .collect()
    };
    let names = [
        "source",
        "entries",
        "funds_yuan",
        "goods_yuan",
        "services_yuan",
        "total_yuan",
        "households",
        "person_times",
    ];
    assert_eq!(lines.len(), 4, "{csv}");
    assert_eq!(
        pick(1, &names),
        [
            "本单位投入",
            "11",
            "40000.00",
            "27000.00",
            "0.00",
            "67000.00",
            "49",
            "100"
        ]
    );
    assert_eq!(
        pick(2, &names),
        ["引进", "0", "0.00", "0.00", "0.00", "0.00", "0", "0"]
    );
    assert_eq!(
        pick(3, &names),
        [
            "其他",
            "1",
            "700000.00",
            "0.00",
            "0.00",
            "700000.00",
            "0",
            "0"
        ]
    );
    let o = bangfu(&["--lang", "en", "summary", "s.ron", "--by", "source"], d);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let lines: Vec<String> = out(&o).lines().map(str::to_string).collect();
    assert!(
        lines[0].starts_with("source      entries  funds_yuan"),
        "{lines:?}"
    );
    let keys: Vec<&str> = lines[2..5]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(keys, ["direct", "introduced", "other"]);
    assert!(lines[2].contains("67,000.00"), "{lines:?}");
    assert!(lines[4].contains("700,000.00"), "{lines:?}");
    let o = bangfu(&["summary", "s.ron", "--by", "source"], d);
    let zh = out(&o);
    assert!(zh.starts_with("来源"), "{zh}");
    assert!(
        zh.lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("本单位投入")),
        "{zh}"
    );
}

#[test]
fn targets_are_set_saved_and_printed_as_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("h.ron"),
        format::to_ron(&hand_ledger()).expect("ron"),
    )
    .expect("write");
    let o = bangfu(
        &[
            "targets",
            "h.ron",
            "--year",
            "2021",
            "--set",
            "投入帮扶资金=1万",
            "--set",
            "introduced_funds=100000",
            "--set",
            "Cadres trained=50",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // The table names the exceeded targets.
    assert!(
        out(&o).lines().any(|l| l.starts_with("投入帮扶资金")
            && l.contains("120.0%")
            && l.ends_with("超额完成")),
        "{}",
        out(&o)
    );
    // Saved: a second run without --set reads them back. Rates: 12,000 / 10,000 = 1.2;
    // 58,000 / 100,000 = 0.58; 55 / 50 = 1.1.
    let o = bangfu(
        &["targets", "h.ron", "--year", "2021", "--format", "csv"],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "indicator,unit,target,actual,rate\n\
         投入帮扶资金,元,10000.00,12000.00,1.2\n\
         引进帮扶资金,元,100000.00,58000.00,0.58\n\
         培训基层干部,人次,50,55,1.1\n\
         培训乡村振兴带头人,人次,,12,\n\
         培训专业技术人才,人次,,7,\n\
         购买脱贫地区农产品,元,,13345.67,\n\
         帮助销售脱贫地区农产品,元,,25000.00,\n"
    );
    let o = bangfu(
        &[
            "--lang", "en", "targets", "h.ron", "--year", "2021", "--format", "json",
        ],
        d,
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["rows"][1]["indicator"], "Introduced assistance funds");
    assert_eq!(v["rows"][1]["target_fen"], 10_000_000);
    assert_eq!(v["rows"][2]["actual"], 55);

    // Bad input: exit 2, the indicator or amount named, the file unchanged.
    let before = std::fs::read(d.join("h.ron")).expect("read");
    for (set, needle) in [
        ("不存在的指标=5", "不存在指标“不存在的指标”"),
        ("投入帮扶资金=abc", "投入帮扶资金"),
        ("培训基层干部=1.5", "培训基层干部"),
        ("投入帮扶资金=-3", "不能为负数"),
        ("投入帮扶资金", "指标=金额"),
    ] {
        let o = bangfu(&["targets", "h.ron", "--year", "2021", "--set", set], d);
        assert_eq!(o.status.code(), Some(2), "{set}: {}", err(&o));
        assert!(err(&o).contains(needle), "{set}: {}", err(&o));
        assert_eq!(
            std::fs::read(d.join("h.ron")).expect("read"),
            before,
            "{set} wrote"
        );
    }
    // An empty amount clears a target.
    let o = bangfu(
        &[
            "targets",
            "h.ron",
            "--year",
            "2021",
            "--set",
            "培训基层干部=",
            "--format",
            "csv",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("培训基层干部,人次,,55,\n"), "{}", out(&o));
    assert_eq!(
        bangfu(&["targets", "h.ron", "--year", "1999"], d)
            .status
            .code(),
        Some(1)
    );
}
