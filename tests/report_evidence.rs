//! The 佐证材料 appendix of the printed summary, checked as a user would: which page each
//! photo and its caption are on (`pdftotext`, `pdfimages`), what a photo page weighs, the
//! box printed for a missing or broken photo, and no appendix unless asked for.

use bangfu::demo::sample_ledger;
use bangfu::i18n::Lang;
use bangfu::report::evidence::{EvidenceFile, PerPage};
use bangfu::report::{self, PdfReport, ReportOptions};
use chrono::NaiveDate;
use image::{ImageBuffer, Rgb, RgbImage};
use std::path::{Path, PathBuf};
use std::process::Command;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn june_options(per_page: PerPage) -> ReportOptions {
    let mut o = ReportOptions::new(Lang::Zh, day(2020, 7, 1));
    o.from = Some(day(2020, 6, 1));
    o.to = Some(day(2020, 6, 30));
    o.evidence.include = true;
    o.evidence.per_page = per_page;
    o
}

/// True when poppler's tools can be run; under `CI=true` their absence is a failure.
fn have_poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdfimages").arg("-v").output().is_ok();
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but pdftotext/pdfimages are missing (apt install poppler-utils)"
        );
        eprintln!("SKIPPED: poppler-utils not installed");
    }
    ok
}

/// A photo-like picture: a colour gradient with noise (so it does not compress to
/// nothing), saved as a JPEG at quality 90 as a phone would.
fn noisy_photo(path: &Path, w: u32, h: u32, seed: u32) {
    let mut s = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let img: RgbImage = ImageBuffer::from_fn(w, h, |x, y| {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        let n = (s % 48) as i32 - 24;
        let c = |base: u32| (base as i32 + n).clamp(0, 255) as u8;
        Rgb([
            c(x * 200 / w + 30),
            c(y * 200 / h + 20),
            c((x + y) * 100 / (w + h) + 80),
        ])
    });
    img.save(path).expect("save photo");
}

fn file(path: PathBuf, date: NaiveDate, village: &str, content: &str) -> EvidenceFile {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let is_image = !name.ends_with(".pdf");
    EvidenceFile {
        path,
        name,
        size,
        is_image,
        date,
        village: village.into(),
        department: "农业工程系".into(),
        content: content.into(),
    }
}

/// The summary alone (no appendix).
fn plain_pdf() -> PdfReport {
    let mut o = june_options(PerPage::Four);
    o.evidence.include = false;
    report::pdf(&sample_ledger(), &o).expect("pdf")
}

fn write(dir: &Path, name: &str, report: &PdfReport) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, &report.bytes).expect("write pdf");
    path
}

/// The text of one page, without spaces (pdftotext adds and drops them near Chinese).
fn page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `(page, width, height)` of every image in the PDF, from `pdfimages -list`.
fn images(pdf: &Path) -> Vec<(usize, u32, u32)> {
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            Some((
                cols.first()?.parse().ok()?,
                cols.get(3)?.parse().ok()?,
                cols.get(4)?.parse().ok()?,
            ))
        })
        .collect()
}

/// Five photos, given out of date order: 6/9 九股村 出诊箱, 6/5 九股村 公厕建设,
/// 6/7 海子村 化肥发放, 6/5 平原村 学习用品, 6/28 九股村 义诊. Printed by date, then as
/// given: 公厕建设 (6/5), 学习用品 (6/5), 化肥发放 (6/7), 出诊箱 (6/9), 义诊 (6/28).
fn five_photos(
    dir: &Path,
) -> (
    Vec<EvidenceFile>,
    Vec<(&'static str, &'static str, &'static str)>,
) {
    let spec = [
        ((2020, 6, 9), "九股村", "出诊箱"),
        ((2020, 6, 5), "九股村", "公厕建设"),
        ((2020, 6, 7), "海子村", "化肥发放"),
        ((2020, 6, 5), "平原村", "学习用品"),
        ((2020, 6, 28), "九股村", "义诊"),
    ];
    let files = spec
        .iter()
        .enumerate()
        .map(|(i, ((y, m, d), village, content))| {
            let path = dir.join(format!("photo{i}.jpg"));
            // Alternately landscape and portrait.
            let (w, h) = if i % 2 == 0 { (640, 480) } else { (480, 640) };
            noisy_photo(&path, w, h, i as u32);
            file(path, day(*y, *m, *d), village, content)
        })
        .collect();
    let printed = vec![
        ("2020年6月5日", "九股村", "公厕建设"),
        ("2020年6月5日", "平原村", "学习用品"),
        ("2020年6月7日", "海子村", "化肥发放"),
        ("2020年6月9日", "九股村", "出诊箱"),
        ("2020年6月28日", "九股村", "义诊"),
    ];
    (files, printed)
}

#[test]
fn photos_print_two_or_four_to_a_page_with_captions_on_their_page() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (files, printed) = five_photos(dir.path());
    let ledger = sample_ledger();
    let plain = plain_pdf();
    let summary_pages = plain.pages;
    // 2 a page: 5 photos → pages of 2, 2, 1 = 3 pages; 4 a page: 4, 1 = 2 pages.
    for (per_page, appendix_pages) in [(PerPage::Two, 3), (PerPage::Four, 2)] {
        let n = per_page.count();
        let r =
            report::pdf_with_files(&ledger, &june_options(per_page), files.clone()).expect("pdf");
        assert_eq!(r.pages, summary_pages + appendix_pages, "{n} a page");
        assert_eq!(r.evidence_problems, (0, 0));
        assert!(
            r.section_pages
                .contains(&("附：佐证材料".to_string(), summary_pages + 1)),
            "{:?}",
            r.section_pages
        );
        let pdf = write(dir.path(), &format!("per{n}.pdf"), &r);
        let first = page_text(&pdf, summary_pages + 1);
        assert!(first.contains("附：佐证材料"), "{first}");
        assert!(first.contains("照片5张，其他文件0个"), "{first}");
        for (k, (date, village, content)) in printed.iter().enumerate() {
            // Photo k (0-based, in print order) is on appendix page k / n.
            let page = summary_pages + 1 + k / n;
            let caption = format!("图{}{date}{village}{content}", k + 1);
            for p in summary_pages + 1..=summary_pages + appendix_pages {
                let text = page_text(&pdf, p);
                assert_eq!(
                    text.contains(&caption),
                    p == page,
                    "{n} a page: “{caption}” on page {p}? {text}"
                );
            }
            assert!(page_text(&pdf, page).contains("农业工程系·photo"));
        }
        // One picture per photo, on its page, never larger than 150 dpi of its box
        // (4 a page: a box about 249 × 304 pt = 518 × 633 px; 2 a page: 511 pt wide
        // = 1065 px) and no larger than the photo itself (640 × 480).
        let imgs = images(&pdf);
        assert_eq!(imgs.len(), 5, "{imgs:?}");
        for (k, (page, w, h)) in imgs.iter().enumerate() {
            // The photos are 640 × 480 or 480 × 640.
            assert_eq!(*page, summary_pages + 1 + k / n, "{imgs:?}");
            assert!(*w <= 640 && *h <= 640, "{imgs:?}");
            if n == 4 {
                assert!(*w <= 518 && *h <= 640, "{imgs:?}");
            }
        }
    }
}

#[test]
fn a_photo_page_adds_under_300_kb_for_four_3000_by_4000_photos() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let files: Vec<EvidenceFile> = (0..4)
        .map(|i| {
            let path = dir.path().join(format!("big{i}.jpg"));
            noisy_photo(&path, 3000, 4000, 100 + i);
            file(path, day(2020, 6, 5), "九股村", "公厕建设")
        })
        .collect();
    for f in &files {
        assert!(f.size > 2_000_000, "a real-sized photo: {} bytes", f.size);
    }
    let ledger = sample_ledger();
    let plain = plain_pdf();
    for (per_page, pages) in [(PerPage::Four, 1), (PerPage::Two, 2)] {
        let r =
            report::pdf_with_files(&ledger, &june_options(per_page), files.clone()).expect("pdf");
        assert_eq!(r.pages, plain.pages + pages);
        let added = r.bytes.len() - plain.bytes.len();
        eprintln!(
            "{} a page: {} photo page(s) add {added} bytes ({} per page)",
            per_page.count(),
            pages,
            added / pages
        );
        assert!(
            added / pages < 300 * 1024,
            "{} a page: {added} bytes for {pages} page(s)",
            per_page.count()
        );
        let pdf = write(dir.path(), "big.pdf", &r);
        let imgs = images(&pdf);
        assert_eq!(imgs.len(), 4);
        for (_, w, h) in imgs {
            // Scaled to print size: 3:4 photos in a box of about 249 × 304 pt
            // (4 a page) or 511 × 304 pt (2 a page) at 150 dpi: at most 633 px high.
            assert!(h <= 640 && w < h, "{w}×{h}");
        }
    }
}

#[test]
fn a_missing_or_broken_photo_prints_a_box_saying_so() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("好.jpg");
    noisy_photo(&good, 400, 300, 7);
    let broken = dir.path().join("坏 图.jpg");
    std::fs::write(&broken, b"\xFF\xD8\xFF\xE0 half a jpeg").expect("write");
    let gone = dir.path().join("不见了.jpg");
    let files = vec![
        file(good, day(2020, 6, 5), "九股村", "公厕建设"),
        file(broken, day(2020, 6, 6), "九股村", "化肥"),
        file(gone, day(2020, 6, 7), "海子村", "口罩"),
    ];
    let ledger = sample_ledger();
    let plain = plain_pdf();
    let r = report::pdf_with_files(&ledger, &june_options(PerPage::Four), files).expect("pdf");
    assert_eq!(r.pages, plain.pages + 1);
    assert_eq!(r.evidence_problems, (1, 1));
    assert_eq!(
        r.evidence_warning(Lang::Zh).as_deref(),
        Some("佐证材料中 1 个文件缺失、1 张图片无法读取，已在附录中用方框标出。")
    );
    let pdf = write(dir.path(), "boxes.pdf", &r);
    let text = page_text(&pdf, plain.pages + 1);
    for needle in [
        "无法读取的图片：坏图.jpg",
        "文件缺失：不见了.jpg",
        "图22020年6月6日九股村化肥",
        "图32020年6月7日海子村口罩",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    assert_eq!(images(&pdf).len(), 1, "only the good photo is embedded");
}

#[test]
fn other_files_are_listed_not_embedded() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let photo = dir.path().join("现场.jpg");
    noisy_photo(&photo, 400, 300, 9);
    let slip = dir.path().join("签收单.pdf");
    std::fs::write(&slip, vec![b'x'; 3 * 1024 + 1]).expect("write");
    let files = vec![
        file(slip, day(2020, 6, 6), "九股村", "化肥"),
        file(photo, day(2020, 6, 5), "九股村", "公厕建设"),
    ];
    let ledger = sample_ledger();
    let plain = plain_pdf();
    let r = report::pdf_with_files(&ledger, &june_options(PerPage::Four), files).expect("pdf");
    // One photo leaves room under it: the table goes on the same page.
    assert_eq!(r.pages, plain.pages + 1);
    let pdf = write(dir.path(), "others.pdf", &r);
    let text = page_text(&pdf, plain.pages + 1);
    for needle in [
        "照片1张，其他文件1个",
        "其他佐证文件（未嵌入）",
        // 3,073 bytes = 4 KB rounded up; the record's date, village and content.
        "签收单.pdf4KB2020-06-06九股村化肥·农业工程系",
        "图12020年6月5日九股村公厕建设",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    assert_eq!(images(&pdf).len(), 1);
}

#[test]
fn no_appendix_unless_asked_for() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (files, _) = five_photos(dir.path());
    let ledger = sample_ledger();
    let mut o = june_options(PerPage::Four);
    o.evidence.include = false;
    let plain = report::pdf(&ledger, &o).expect("pdf");
    let r = report::pdf_with_files(&ledger, &o, files).expect("pdf");
    assert_eq!(r.pages, plain.pages);
    let pdf = write(dir.path(), "none.pdf", &r);
    assert!(images(&pdf).is_empty());
    for p in 1..=r.pages {
        assert!(!page_text(&pdf, p).contains("佐证材料"));
    }
    // Asked for with nothing attached: one page that says so.
    o.evidence.include = true;
    let r = report::pdf_with_files(&ledger, &o, Vec::new()).expect("pdf");
    assert_eq!(r.pages, plain.pages + 1);
    let pdf = write(dir.path(), "empty.pdf", &r);
    assert!(page_text(&pdf, r.pages).contains("报表期间内的记录没有附佐证材料。"));
}

/// A ledger file with the sample's entries and files attached through the store, as the
/// app and `bangfu attach` do: two photos on 公厕建设 (6/5; a JPEG and a PNG), a photo and
/// a PDF slip on 化肥 (6/10), a photo on the town's funds (6/28, others' input).
fn ledger_with_files(dir: &Path) -> (PathBuf, bangfu::ledger::Ledger) {
    use bangfu::ledger::edit::Edit;
    use bangfu::ledger::evidence::Owner;
    use bangfu::store::files::store_file;
    use bangfu::store::fs::RealFs;
    let mut ledger = sample_ledger();
    let file = dir.join("台账.ron");
    let id = |what: &str| {
        ledger
            .entries
            .iter()
            .find(|e| e.what.starts_with(what))
            .map(|e| e.id)
            .expect("sample entry")
    };
    let (toilet, fertilizer, town) = (id("公厕建设"), id("化肥"), id("镇争取帮扶资金"));
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    let mut attach = |name: &str, owner, make: &dyn Fn(&Path)| {
        let path = src.join(name);
        make(&path);
        let stored = store_file(&RealFs, &file, &path).expect("store");
        ledger
            .apply(&Edit::Attach(Box::new(
                stored.attachment(Owner::Entry(owner)),
            )))
            .expect("attach");
    };
    attach("开工.jpg", toilet, &|p| noisy_photo(p, 800, 600, 1));
    attach("完工.png", toilet, &|p| noisy_photo(p, 300, 400, 2));
    attach("发放现场.jpg", fertilizer, &|p| {
        noisy_photo(p, 640, 480, 3)
    });
    attach("签收单.pdf", fertilizer, &|p| {
        std::fs::write(p, b"%PDF-1.4\n% a signed slip\n").expect("write")
    });
    attach("镇资金.jpg", town, &|p| noisy_photo(p, 640, 480, 4));
    let ron = bangfu::store::format::to_ron(&ledger).expect("ron");
    std::fs::write(&file, ron).expect("write ledger");
    (file, ledger)
}

fn cli_args(file: &Path, pdf: &Path) -> bangfu::cli::report::ReportArgs {
    bangfu::cli::report::ReportArgs {
        file: file.to_path_buf(),
        pdf: Some(pdf.to_path_buf()),
        xlsx: None,
        from: Some("2020-06-01".into()),
        to: Some("2020-06-30".into()),
        wan: false,
        entries: false,
        other: false,
        prepared_by: String::new(),
        reviewed_by: String::new(),
        findings: false,
        evidence: true,
        evidence_per_page: bangfu::cli::report::PerPageArg::Two,
        lang: bangfu::cli::LangArg::Zh,
    }
}

#[test]
fn cli_prints_the_files_attached_to_the_records_of_the_period() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (file, ledger) = ledger_with_files(dir.path());
    let summary_pages = plain_pdf().pages;
    let out = dir.path().join("汇总.pdf");
    assert_eq!(bangfu::cli::report::run(&cli_args(&file, &out)), 0);
    // Three photos of the college's own entries, 2 a page: pages of 2 and 1, the slip's
    // table under the single photo. The town's photo is others' input: not printed.
    let pdf_pages = |p: &Path| {
        let out = Command::new("pdfinfo").arg(p).output().expect("pdfinfo");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse::<usize>()))
            .and_then(Result::ok)
            .expect("page count")
    };
    assert_eq!(pdf_pages(&out), summary_pages + 2);
    let first = page_text(&out, summary_pages + 1);
    let second = page_text(&out, summary_pages + 2);
    for needle in [
        "照片3张，其他文件1个",
        "图12020年6月5日九股村公厕建设",
        "学院党委/校领导·开工.jpg",
        "图22020年6月5日九股村公厕建设",
        "学院党委/校领导·完工.png",
    ] {
        assert!(first.contains(needle), "{needle} in {first}");
    }
    for needle in [
        "图32020年6月10日九股村化肥（免费发放）",
        "农业工程系·发放现场.jpg",
        "签收单.pdf",
    ] {
        assert!(second.contains(needle), "{needle} in {second}");
    }
    for p in 1..=summary_pages + 2 {
        assert!(!page_text(&out, p).contains("镇资金.jpg"));
    }
    assert_eq!(images(&out).len(), 3);

    // With --other the town's photo (6/28) is printed too: a fourth photo, after 化肥.
    let mut args = cli_args(&file, &out);
    args.other = true;
    args.evidence_per_page = bangfu::cli::report::PerPageArg::Four;
    assert_eq!(bangfu::cli::report::run(&args), 0);
    assert_eq!(images(&out).len(), 4);

    // --evidence needs the summary PDF: with only a workbook, or with --findings, it is a
    // usage error (exit 1) and nothing is written.
    let xlsx = dir.path().join("汇总.xlsx");
    let mut args = cli_args(&file, &out);
    args.pdf = None;
    args.xlsx = Some(xlsx.clone());
    assert_eq!(bangfu::cli::report::run(&args), 1);
    assert!(!xlsx.exists());
    let mut args = cli_args(&file, &dir.path().join("整改.pdf"));
    args.findings = true;
    assert_eq!(bangfu::cli::report::run(&args), 1);
    assert!(!dir.path().join("整改.pdf").exists());

    // A stored photo gone: the report is still written, with the box in its place and
    // a warning.
    let gone = ledger
        .attachments
        .iter()
        .find(|a| a.name == "开工.jpg")
        .expect("attached");
    std::fs::remove_file(bangfu::store::files::stored_path(&file, &gone.hash)).expect("remove");
    assert_eq!(bangfu::cli::report::run(&cli_args(&file, &out)), 0);
    let first = page_text(&out, summary_pages + 1);
    assert!(first.contains("文件缺失：开工.jpg"), "{first}");
    assert!(first.contains("图12020年6月5日九股村公厕建设"), "{first}");
    assert_eq!(images(&out).len(), 2);
}
