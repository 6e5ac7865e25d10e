//! The rectification ledger (整改台账): the model and its edits, the sample's 50 findings,
//! the file format, and `bangfu findings import|summary|list|set` end to end. Expected
//! numbers are worked out by hand from the sample's design (44 in 九股村: 30 已销号, 6
//! 已整改, 6 整改中, 2 未整改; 6 in 海子村: 4 已销号, 1 已整改, 1 整改中; deadline
//! 2020-06-30 for all).

use bangfu::demo::sample_ledger;
use bangfu::i18n::Lang;
use bangfu::ledger::findings::{
    Finding, FindingEdit, FindingField, FindingId, FindingProblem, FindingStatus, Responsible,
    check_finding,
};
use bangfu::ledger::history::History;
use bangfu::ledger::{Edit, EditError, EntryId, Ledger, VillageId};
use bangfu::store::format;
use bangfu::summary::findings::{FindingFilter, FindingKey, summarize};
use chrono::NaiveDate;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::cli::{bangfu, err, out};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The ledger as saved: the snapshot with its journal replayed (the CLI appends each edit
/// to the journal).
fn saved(file: &Path) -> Ledger {
    bangfu::store::read_ledger(&bangfu::store::fs::RealFs, file).expect("the saved ledger")
}

fn sample_file(dir: &Path) -> std::path::PathBuf {
    let o = bangfu(&["demo", "s.ron"], dir);
    assert!(o.status.success(), "{}", err(&o));
    dir.join("s.ron")
}

#[test]
fn the_sample_has_fifty_illustrative_findings_44_and_6() {
    let l = sample_ledger();
    assert_eq!(l.findings.len(), 50);
    let jiugu = l.village_by_name("九股村").expect("九股村").id;
    let haizi = l.village_by_name("海子村").expect("海子村").id;
    let count = |v: VillageId, s: Option<FindingStatus>| {
        l.findings
            .iter()
            .filter(|f| f.village == v && s.is_none_or(|s| f.status == s))
            .count()
    };
    assert_eq!(count(jiugu, None), 44);
    assert_eq!(count(haizi, None), 6);
    use FindingStatus::*;
    assert_eq!(
        [Verified, Done, InProgress, Open].map(|s| count(jiugu, Some(s))),
        [30, 6, 6, 2]
    );
    assert_eq!(
        [Verified, Done, InProgress, Open].map(|s| count(haizi, Some(s))),
        [4, 1, 1, 0]
    );
    assert!(l.findings.iter().all(|f| f.illustrative));
    assert!(l.findings.iter().all(|f| f.deadline == day(2020, 6, 30)));
    assert!(l.findings.iter().all(|f| check_finding(f, &l).is_empty()));
    // The public toilet (entry 1, 公厕建设) answers the hygiene finding about it, and the
    // link is followed back from the entry.
    let toilet = l.entry(EntryId(1)).expect("entry 1");
    assert_eq!(toilet.what, "公厕建设");
    let back: Vec<&Finding> = l.findings_linking(EntryId(1)).collect();
    assert_eq!(back.len(), 1);
    assert_eq!(l.finding_category_name(back[0].category), "室内外卫生");
    assert!(back[0].description.contains("公共厕所"));
    assert_eq!(back[0].responsible.name(&l), "学院党委/校领导");
    // The categories are the seed's defaults.
    let names: Vec<&str> = l
        .finding_categories
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    for want in [
        "义务教育保障",
        "基本医疗保障",
        "住房安全保障",
        "饮水安全",
        "道路硬化",
        "户籍信息更新",
        "室内外卫生",
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
}

#[test]
fn summary_by_village_matches_the_hand_count() {
    let l = sample_ledger();
    let all: Vec<&Finding> = l.findings.iter().collect();
    // Before the deadline nothing is overdue; after it every pending finding is.
    let before = summarize(&l, &all, FindingKey::Village, day(2020, 6, 20));
    assert_eq!(before.total.overdue, 0);
    let s = summarize(&l, &all, FindingKey::Village, day(2020, 7, 1));
    assert_eq!(s.rows.len(), 2, "平原村 has no findings and no row");
    let j = &s.rows[0];
    assert_eq!(j.key, "九股村");
    assert_eq!(
        (
            j.counts.findings,
            j.counts.open,
            j.counts.in_progress,
            j.counts.done,
            j.counts.verified,
            j.counts.overdue
        ),
        (44, 2, 6, 6, 30, 8)
    );
    // (6 + 30) / 44 = 81.818… %
    assert_eq!(j.counts.completion_text(), "81.8");
    assert_eq!(s.rows[1].counts.completion_text(), "83.3"); // 5 / 6
    assert_eq!(s.total.completion_text(), "82.0"); // 41 / 50
    assert_eq!(s.total.overdue, 9);
    // The deadline day itself is not overdue; it is due soon (0 days left).
    let pending = l
        .findings
        .iter()
        .find(|f| f.status.is_pending())
        .expect("a pending one");
    assert!(!pending.is_overdue(day(2020, 6, 30)));
    assert!(pending.is_due_soon(day(2020, 6, 30), 0));
    assert!(pending.is_due_soon(day(2020, 6, 20), 10));
    assert!(!pending.is_due_soon(day(2020, 6, 19), 10));
}

#[test]
fn filters_keep_what_they_say() {
    let l = sample_ledger();
    let as_of = day(2020, 7, 1);
    let f = FindingFilter {
        village: Some("海子村".into()),
        overdue: true,
        ..FindingFilter::default()
    };
    let kept = f.apply(&l, as_of);
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].status, FindingStatus::InProgress);
    let verified = FindingFilter {
        statuses: vec![FindingStatus::Verified],
        ..FindingFilter::default()
    };
    assert_eq!(verified.apply(&l, as_of).len(), 34);
    let by_unit = FindingFilter {
        responsible: "团委".into(),
        ..FindingFilter::default()
    };
    assert_eq!(
        by_unit.apply(&l, as_of).len(),
        3,
        "the three clean-up findings"
    );
}

#[test]
fn a_status_change_is_an_edit_that_undoes_exactly() {
    let mut l = sample_ledger();
    let original = l.clone();
    let pending = l
        .findings
        .iter()
        .find(|f| f.status == FindingStatus::Open)
        .expect("an open finding")
        .id;
    let edit = l
        .set_finding_status(
            pending,
            FindingStatus::Verified,
            Some(day(2020, 6, 29)),
            "镇督战办",
        )
        .expect("finding exists");
    assert_eq!(edit.describe(Lang::Zh), format!("修改问题 #{}", pending.0));
    let mut history = History::default();
    history.apply(&mut l, edit).expect("applies");
    let f = l.finding(pending).expect("still there");
    assert_eq!(f.status, FindingStatus::Verified);
    assert_eq!(f.verified_by, "镇督战办");
    assert_eq!(f.verified_on, Some(day(2020, 6, 29)));
    assert_eq!(
        f.done_on,
        Some(day(2020, 6, 29)),
        "验收 fills an empty 完成时间"
    );
    history.undo(&mut l).expect("undo").expect("undone");
    assert_eq!(l, original);
}

#[test]
fn bad_findings_are_refused_naming_the_field_and_nothing_changes() {
    let mut l = sample_ledger();
    let before = l.clone();
    let open = l
        .findings
        .iter()
        .find(|f| f.status == FindingStatus::Open)
        .expect("open")
        .clone();
    // 已销号 without 验收人.
    let edit = l
        .set_finding_status(open.id, FindingStatus::Verified, Some(day(2020, 6, 29)), "")
        .expect("exists");
    let Err(EditError::Finding(errors)) = l.apply(&edit) else {
        panic!("expected a finding error");
    };
    assert_eq!(errors[0].field, FindingField::VerifiedBy);
    assert_eq!(errors[0].message(Lang::Zh), "验收人：已销号的问题必须填写");
    // A completion date before the round (2020-05-25).
    let mut early = open.clone();
    early.status = FindingStatus::Done;
    early.done_on = Some(day(2020, 5, 1));
    let e = Edit::Finding(FindingEdit::Update {
        before: Box::new(open.clone()),
        after: Box::new(early),
    });
    let msg = l.apply(&e).expect_err("refused").message(Lang::Zh);
    assert_eq!(msg, "完成时间：早于问题来源的日期 2020-05-25");
    // An empty description.
    let mut blank = Finding::new(
        l.next_finding_id(),
        open.village,
        open.round,
        open.category,
        "  ",
        day(2020, 6, 30),
    );
    blank.responsible = Responsible::Outside("妈姑镇".into());
    let Err(EditError::Finding(errors)) =
        l.apply(&Edit::Finding(FindingEdit::Add(Box::new(blank))))
    else {
        panic!("expected a finding error");
    };
    assert_eq!(
        (errors[0].field, &errors[0].problem),
        (FindingField::Description, &FindingProblem::Empty)
    );
    assert_eq!(l, before);
}

#[test]
fn findings_survive_the_file_and_a_ledger_without_them_writes_none() {
    let l = sample_ledger();
    let text = format::to_ron(&l).expect("writes");
    let back = format::parse(&text).expect("reads");
    assert_eq!(back.ledger, l);
    let empty = Ledger::new("某单位");
    let text = format::to_ron(&empty).expect("writes");
    assert!(!text.contains("findings"), "{text}");
    assert!(!text.contains("rounds"), "{text}");
}

const HEADER: &str =
    "序号,村,问题来源,问题类别,问题描述,整改措施,责任单位,责任人,整改时限,整改状态,完成时间,备注";

fn import(dir: &Path, csv: &str, extra: &[&str]) -> Output {
    std::fs::write(dir.join("in.csv"), csv).expect("write csv");
    let mut args = vec!["findings", "import", "s.ron", "--csv", "in.csv"];
    args.extend_from_slice(extra);
    bangfu(&args, dir)
}

#[test]
fn import_adds_every_row_and_creates_sources_and_categories() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = sample_file(dir.path());
    let csv = format!(
        "{HEADER}\n\
         1,九股村,第三轮督战,饮水安全,六组1户水管漏水,更换水管,妈姑镇水务站,站长,2020/7/15,整改中,,\n\
         2,海子村,第三轮督战,产业发展,合作社分红未公示,张榜公示,医学护理系,书记,2020年7月20日,done,2020-07-10,已公示\n"
    );
    let o = import(dir.path(), &csv, &[]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("已导入 2 条整改问题"), "{}", out(&o));
    let l = saved(&file);
    assert_eq!(l.findings.len(), 52);
    let a = l.finding(FindingId(51)).expect("51");
    assert_eq!(l.village_name(a.village), "九股村");
    assert_eq!(l.round_name(a.round), "第三轮督战");
    assert_eq!(l.finding_category_name(a.category), "饮水安全");
    assert_eq!(a.description, "六组1户水管漏水");
    assert_eq!(a.measures, "更换水管");
    assert_eq!(a.responsible, Responsible::Outside("妈姑镇水务站".into()));
    assert_eq!(a.person, "站长");
    assert_eq!(a.deadline, day(2020, 7, 15));
    assert_eq!(a.status, FindingStatus::InProgress);
    assert_eq!(a.done_on, None);
    let b = l.finding(FindingId(52)).expect("52");
    assert_eq!(
        l.finding_category_name(b.category),
        "产业发展",
        "a new category is created"
    );
    assert!(
        matches!(b.responsible, Responsible::Department(_)),
        "a department by name"
    );
    assert_eq!(b.responsible.name(&l), "医学护理系");
    assert_eq!(b.deadline, day(2020, 7, 20));
    assert_eq!(
        (b.status, b.done_on),
        (FindingStatus::Done, Some(day(2020, 7, 10)))
    );
    assert_eq!(b.notes, "已公示");
    assert!(!b.illustrative);
    assert_eq!(l.rounds.len(), 2);
    assert_eq!(l.round_by_name("第三轮督战").expect("round").date, None);
}

#[test]
fn each_bad_row_is_refused_with_row_and_field_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = sample_file(dir.path());
    let before = std::fs::read(&file).expect("read");
    let good = "1,九股村,第二轮督战,饮水安全,好的一行,措施,妈姑镇,,2020-06-30,未整改,,";
    for (row, want) in [
        (
            "2,九股村,第二轮督战,饮水安全,描述,措施,妈姑镇,,2020-06-30,完成了,,",
            "第 3 行 整改状态：“完成了”不是整改状态",
        ),
        (
            "2,九股村,第二轮督战,饮水安全,描述,措施,妈姑镇,,六月底,未整改,,",
            "第 3 行 整改时限：“六月底”不是日期",
        ),
        (
            "2,九股村,第二轮督战,饮水安全,  ,措施,妈姑镇,,2020-06-30,未整改,,",
            "第 3 行 问题描述：不能为空",
        ),
        (
            "2,石板村,第二轮督战,饮水安全,描述,措施,妈姑镇,,2020-06-30,未整改,,",
            "第 3 行 村：没有名为“石板村”的村",
        ),
        (
            "2,九股村,第二轮督战,饮水安全,描述,措施,妈姑镇,,2020-06-30,已整改,2020-05-01,",
            "第 3 行 完成时间：早于问题来源的日期 2020-05-25",
        ),
    ] {
        let o = import(dir.path(), &format!("{HEADER}\n{good}\n{row}\n"), &[]);
        assert_eq!(o.status.code(), Some(2), "{row}: {}", err(&o));
        assert!(
            err(&o).contains(want),
            "{row}\nwanted {want}\ngot {}",
            err(&o)
        );
        assert!(err(&o).contains("未导入任何记录"), "{}", err(&o));
        assert_eq!(
            std::fs::read(&file).expect("read"),
            before,
            "nothing written for {row}"
        );
    }
    // English messages name the row and field too.
    std::fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER}\n1,九股村,第二轮督战,饮水安全,描述,措施,妈姑镇,,2020-06-30,finished,,\n"),
    )
    .expect("write");
    let o = bangfu(
        &[
            "--lang", "en", "findings", "import", "s.ron", "--csv", "in.csv",
        ],
        dir.path(),
    );
    assert!(
        err(&o).contains("row 2: status: “finished” is not a status"),
        "{}",
        err(&o)
    );
    // An unknown village is created when asked.
    let o = import(
        dir.path(),
        &format!("{HEADER}\n1,石板村,第二轮督战,饮水安全,描述,措施,妈姑镇,,2020-06-30,未整改,,\n"),
        &["--create"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let l = saved(&file);
    assert!(l.village_by_name("石板村").is_some());
    assert_eq!(l.findings.len(), 51);
}

#[test]
fn summary_csv_by_village_is_the_hand_count() {
    let dir = tempfile::tempdir().expect("tmp");
    sample_file(dir.path());
    let o = bangfu(
        &[
            "findings",
            "summary",
            "s.ron",
            "--by",
            "village",
            "--as-of",
            "2020-07-01",
            "--format",
            "csv",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&o),
        "village,findings,open,in_progress,done,verified,overdue,completion_rate\n\
         九股村,44,2,6,6,30,8,81.8\n\
         海子村,6,0,1,1,4,1,83.3\n"
    );
    // By source: one round, all 50; completion 41 / 50.
    let o = bangfu(
        &[
            "findings",
            "summary",
            "s.ron",
            "--by",
            "source",
            "--as-of",
            "2020-06-01",
            "--format",
            "csv",
        ],
        dir.path(),
    );
    assert_eq!(
        out(&o),
        "source,findings,open,in_progress,done,verified,overdue,completion_rate\n\
         第二轮督战,50,2,7,7,34,0,82.0\n"
    );
    // The terminal table ends with the 合计 row.
    let o = bangfu(
        &["findings", "summary", "s.ron", "--as-of", "2020-07-01"],
        dir.path(),
    );
    let last = out(&o).lines().last().unwrap_or_default().to_string();
    let cells: Vec<&str> = last.split_whitespace().collect();
    assert_eq!(cells, ["合计", "50", "2", "7", "7", "34", "9", "82.0%"]);
    // A bad --as-of is a usage error.
    let o = bangfu(
        &["findings", "summary", "s.ron", "--as-of", "someday"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn list_and_set_end_to_end() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = sample_file(dir.path());
    let list = |extra: &[&str]| {
        let mut args = vec![
            "findings",
            "list",
            "s.ron",
            "--as-of",
            "2020-07-01",
            "--format",
            "csv",
        ];
        args.extend_from_slice(extra);
        let o = bangfu(&args, dir.path());
        assert!(o.status.success(), "{}", err(&o));
        out(&o)
    };
    let overdue = list(&["--overdue", "--village", "海子村"]);
    let lines: Vec<&str> = overdue.lines().collect();
    assert_eq!(lines.len(), 2, "{overdue}");
    assert!(lines[0].starts_with("id,village,source,category,description"));
    let id: u32 = lines[1]
        .split(',')
        .next()
        .unwrap_or_default()
        .parse()
        .expect("id");
    assert!(lines[1].contains(",海子村,第二轮督战,"), "{}", lines[1]);
    assert!(lines[1].contains(",2020-06-30,整改中,"), "{}", lines[1]);
    assert_eq!(list(&["--overdue"]).lines().count(), 1 + 9);
    // 已销号 without 验收人 is refused and nothing is written.
    let before = std::fs::read(&file).expect("read");
    let ids = id.to_string();
    let o = bangfu(
        &[
            "findings",
            "set",
            "s.ron",
            "--id",
            &ids,
            "--status",
            "已销号",
            "--date",
            "2020-07-02",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).contains("验收人：已销号的问题必须填写"),
        "{}",
        err(&o)
    );
    assert_eq!(std::fs::read(&file).expect("read"), before);
    let o = bangfu(
        &[
            "findings",
            "set",
            "s.ron",
            "--id",
            &ids,
            "--status",
            "verified",
            "--date",
            "2020-07-02",
            "--by",
            "镇督战办",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).trim(), format!("问题 #{id} 已改为已销号"));
    assert_eq!(
        list(&["--overdue", "--village", "海子村"]).lines().count(),
        1
    );
    let l = saved(&file);
    let f = l.finding(FindingId(id)).expect("finding");
    assert_eq!(
        (f.verified_by.as_str(), f.verified_on),
        ("镇督战办", Some(day(2020, 7, 2)))
    );
    // Unknown status and unknown id.
    let o = bangfu(
        &[
            "findings",
            "set",
            "s.ron",
            "--id",
            "1",
            "--status",
            "差不多",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("整改状态：“差不多”不是整改状态"),
        "{}",
        err(&o)
    );
    let o = bangfu(
        &[
            "findings", "set", "s.ron", "--id", "999", "--status", "done",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("没有序号为 999 的问题"), "{}", err(&o));
}

fn pdftotext(path: &Path, page: usize) -> String {
    let o = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(o.status.success(), "{o:?}");
    String::from_utf8_lossy(&o.stdout)
        .chars()
        .filter(|c| *c != ' ')
        .collect()
}

fn page_size(path: &Path, page: usize) -> String {
    let o = Command::new("pdfinfo")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    text.lines()
        .find(|l| {
            l.starts_with(&format!("Page {page:>4} size:"))
                || l.starts_with(&format!("Page{page:>5} size:"))
        })
        .map(|l| {
            l.split("size:")
                .nth(1)
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .unwrap_or_else(|| panic!("no size for page {page} in {text}"))
}

#[test]
fn report_findings_prints_the_summary_page_and_the_landscape_ledger_and_the_workbook() {
    let dir = tempfile::tempdir().expect("tmp");
    sample_file(dir.path());
    let o = bangfu(
        &[
            "report",
            "s.ron",
            "--pdf",
            "f.pdf",
            "--xlsx",
            "f.xlsx",
            "--findings",
            "--to",
            "2020-07-01",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", err(&o));
    let pdf = dir.path().join("f.pdf");
    // Page 1: 整改进度, one page: the sentence with the hand count, village rows, the
    // overdue list (9 pending findings past 2020-06-30) and the illustrative note.
    let p1 = pdftotext(&pdf, 1);
    assert!(p1.contains("毕节职业技术学院整改进度"), "{p1}");
    assert!(p1.contains("截至2020-07-01"), "{p1}");
    assert!(
        p1.contains("共发现问题50个：已销号34个，已整改待验收7个，尚在整改9个（其中已超时限9个）；整改完成率82.0%。"),
        "{p1}"
    );
    assert!(p1.contains("九股村4426630881.8%"), "{p1}");
    assert!(p1.contains("海子村60114183.3%"), "{p1}");
    assert!(p1.contains("合计5027734982.0%"), "{p1}");
    assert!(p1.contains("已超时限问题"), "{p1}");
    assert!(p1.contains("示例问题为演示虚构"), "{p1}");
    assert!(page_size(&pdf, 1).contains("595.28 x 841.89"));
    // Page 2 on: the ledger, landscape, its header on every page.
    let p2 = pdftotext(&pdf, 2);
    assert!(p2.contains("督战问题整改落实情况台账"), "{p2}");
    let pages: usize = {
        let o = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .find_map(|l| {
                l.strip_prefix("Pages:")
                    .map(|n| n.trim().parse().expect("n"))
            })
            .expect("Pages:")
    };
    assert!(pages >= 3, "50 findings need more than one landscape page");
    let mut seen_last = false;
    for p in 2..=pages {
        assert!(
            page_size(&pdf, p).contains("841.89 x 595.28"),
            "page {p} landscape"
        );
        let text = pdftotext(&pdf, p);
        for head in [
            "序号",
            "问题来源",
            "问题类别",
            "问题描述",
            "整改措施",
            "责任单位",
            "整改时限",
            "整改进度",
            "完成时间",
            "销号",
        ] {
            assert!(text.contains(head), "page {p} repeats {head}");
        }
        seen_last |= text.contains("村内垃圾池未定期清理");
    }
    assert!(seen_last, "the last finding is printed");
    // The workbook: the same tables.
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let bytes = std::fs::read(dir.path().join("f.xlsx")).expect("xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
    assert_eq!(
        wb.sheet_names(),
        vec!["整改台账", "分村整改情况", "分类别整改情况", "已超时限"]
    );
    let by_village = wb.worksheet_range("分村整改情况").expect("sheet");
    let row = |r: usize| -> Vec<String> {
        (0..8)
            .map(|c| match by_village.get((r, c)) {
                Some(Data::Float(f)) => format!("{f}"),
                Some(Data::Int(i)) => format!("{i}"),
                Some(Data::String(s)) => s.clone(),
                Some(other) => format!("{other}"),
                None => String::new(),
            })
            .collect()
    };
    assert_eq!(
        row(0),
        [
            "村",
            "问题数",
            "未整改",
            "整改中",
            "已整改",
            "已销号",
            "已超时限",
            "整改完成率"
        ]
    );
    assert_eq!(row(1)[..7], ["九股村", "44", "2", "6", "6", "30", "8"]);
    assert_eq!(row(2)[..7], ["海子村", "6", "0", "1", "1", "4", "1"]);
    let ledger_sheet = wb.worksheet_range("整改台账").expect("sheet");
    assert_eq!(ledger_sheet.height(), 51, "header and 50 findings");
    let overdue = wb.worksheet_range("已超时限").expect("sheet");
    assert_eq!(overdue.height(), 10, "header and 9 overdue findings");
}

#[test]
fn a_village_or_department_named_by_findings_cannot_be_removed() {
    let mut l = sample_ledger();
    let before = l.clone();
    // 海子村 has no entries but 6 findings.
    let index = l
        .villages
        .iter()
        .position(|v| v.name == "海子村")
        .expect("海子村");
    let village = l.villages[index].clone();
    assert_eq!(l.village_uses(village.id), 0);
    let e = Edit::RemoveVillage { index, village };
    assert_eq!(l.apply(&e), Err(EditError::InUse(6)));
    // 平原村 has one entry and no findings: the entry still blocks it as before.
    let index = l
        .villages
        .iter()
        .position(|v| v.name == "平原村")
        .expect("平原村");
    let village = l.villages[index].clone();
    assert_eq!(
        l.apply(&Edit::RemoveVillage { index, village }),
        Err(EditError::InUse(1))
    );
    assert_eq!(l, before);
}

#[test]
fn merging_villages_or_departments_moves_their_findings_in_one_step() {
    let mut l = sample_ledger();
    let before = l.clone();
    let jiugu = l.village_by_name("九股村").expect("九股村").id;
    let haizi = l.village_by_name("海子村").expect("海子村").id;
    let now = day(2020, 7, 1).and_hms_opt(9, 0, 0).expect("time");
    let edit = l.merge_villages(haizi, jiugu, now).expect("merge");
    l.apply(&edit).expect("applies");
    assert!(l.village(haizi).is_none());
    assert_eq!(l.findings.iter().filter(|f| f.village == jiugu).count(), 50);
    l.apply(&edit.inverse()).expect("undo");
    assert_eq!(l, before);
    // 团委's three findings follow it into 医学护理系.
    let tw = l.department_by_name("团委").expect("团委").id;
    let med = l.department_by_name("医学护理系").expect("医学护理系").id;
    let edit = l.merge_departments(tw, med, now).expect("merge");
    l.apply(&edit).expect("applies");
    let med_findings = l
        .findings
        .iter()
        .filter(|f| f.responsible == Responsible::Department(med))
        .count();
    assert_eq!(med_findings, 4 + 3, "医学护理系's 4 and 团委's 3");
}

#[test]
fn a_file_whose_finding_breaks_the_rules_is_refused_naming_it() {
    let text = format::to_ron(&sample_ledger()).expect("writes");
    let bad = text.replacen("(id:1,village:1,round:1,", "(id:1,village:9,round:1,", 1);
    assert_ne!(bad, text);
    let Err(e) = format::parse(&bad) else {
        panic!("a finding in no village must be refused");
    };
    assert_eq!(
        e.message(Lang::Zh),
        "数据有误：findings[0] 村：所指记录不存在"
    );
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("bad.ron"), &bad).expect("write");
    let o = bangfu(&["check", "bad.ron"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("findings[0] 村：所指记录不存在"),
        "{}",
        err(&o)
    );
    // 已销号 without 验收人 in the file.
    let bad = text.replacen("verified_by:\"妈姑镇督战办\",", "", 1);
    let e = format::parse(&bad).expect_err("refused");
    assert_eq!(
        e.message(Lang::Zh),
        "数据有误：findings[0] 验收人：已销号的问题必须填写"
    );
}

/// An inspection group's list as a spreadsheet: a title row above the header, a date cell
/// and a text date, a blank row at the end. Both findings come in; a bad status is named
/// by the sheet's own row number and nothing is written.
#[test]
fn findings_import_reads_a_spreadsheet_under_its_title_row() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().expect("tmp");
    let file = sample_file(dir.path());
    let write = |status: &str| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("督战问题").expect("name");
        ws.write_string(0, 0, "九股村督战问题整改落实情况台账")
            .expect("title");
        for (c, h) in [
            "序号",
            "村",
            "问题来源",
            "问题类别",
            "问题描述",
            "整改措施",
            "责任单位",
            "责任人",
            "整改时限",
            "整改状态",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(1, c as u16, *h).expect("header");
        }
        let rows = [
            [
                "1",
                "九股村",
                "第三轮督战",
                "饮水安全",
                "三组水池未加盖",
                "加盖",
                "妈姑镇水务站",
                "王站长",
            ],
            [
                "2",
                "海子村",
                "第三轮督战",
                "道路硬化",
                "入户路未硬化",
                "硬化",
                "妈姑镇",
                "李主任",
            ],
        ];
        let date_format = Format::new().set_num_format("yyyy-mm-dd");
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 2;
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r, c as u16, *v).expect("cell");
            }
            if r == 2 {
                let d = ExcelDateTime::from_ymd(2020, 7, 15).expect("date");
                ws.write_datetime_with_format(r, 8, &d, &date_format)
                    .expect("date cell");
            } else {
                ws.write_string(r, 8, "2020年7月20日").expect("text date");
            }
            ws.write_string(r, 9, if r == 3 { status } else { "整改中" })
                .expect("status");
        }
        wb.save(dir.path().join("in.xlsx")).expect("save");
    };
    write("完成了");
    let before = std::fs::read(&file).expect("read");
    let o = bangfu(
        &["findings", "import", "s.ron", "--xlsx", "in.xlsx"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    // The second finding is on the sheet's row 4 (title 1, header 2, first finding 3).
    assert!(err(&o).contains("第 4 行"), "{}", err(&o));
    assert!(err(&o).contains("完成了"), "{}", err(&o));
    assert_eq!(
        std::fs::read(&file).expect("read"),
        before,
        "nothing written"
    );
    assert_eq!(saved(&file).findings.len(), 50);

    write("未整改");
    let o = bangfu(
        &["findings", "import", "s.ron", "--xlsx", "in.xlsx"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", err(&o));
    let l = saved(&file);
    assert_eq!(l.findings.len(), 52);
    let a = l.finding(FindingId(51)).expect("51");
    assert_eq!(l.village_name(a.village), "九股村");
    assert_eq!(a.description, "三组水池未加盖");
    assert_eq!(a.deadline, day(2020, 7, 15), "the date cell");
    assert_eq!(a.status, FindingStatus::InProgress);
    let b = l.finding(FindingId(52)).expect("52");
    assert_eq!(l.village_name(b.village), "海子村");
    assert_eq!(b.deadline, day(2020, 7, 20), "the text date");
    assert_eq!(b.status, FindingStatus::Open);
}
