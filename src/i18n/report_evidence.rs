//! report_evidence words of the catalog (see the module docs of `crate::i18n`): the
//! 佐证材料 appendix of the printed summary, its options in the print dialog, and the
//! warning the CLI prints about files it could not print.

use super::{Lang, Text};

/// The heading of the evidence appendix.
pub const APPENDIX: Text = Text("附：佐证材料", "Appendix: evidence");
/// The heading of the appendix's later pages.
pub const APPENDIX_CONTINUED: Text = Text("附：佐证材料（续）", "Appendix: evidence (continued)");
/// Printed when no record in the period has a file attached.
pub const NONE: Text = Text(
    "报表期间内的记录没有附佐证材料。",
    "No record in the period has evidence attached.",
);
/// The heading of the table of files that are not photos.
pub const OTHER_FILES: Text = Text(
    "其他佐证文件（未嵌入）",
    "Other evidence files (not embedded)",
);
/// Column: the file's name.
pub const FILE_NAME: Text = Text("文件名", "File");
/// Column: the file's size.
pub const FILE_SIZE: Text = Text("大小", "Size");
/// Column: the record's date.
pub const RECORD_DATE: Text = Text("日期", "Date");
/// Column: the record's village.
pub const RECORD_VILLAGE: Text = Text("村", "Village");
/// Column: what the record is about.
pub const RECORD_CONTENT: Text = Text("所属记录", "Record");
/// `bangfu report --evidence` without a summary PDF to add it to.
pub const NEEDS_SUMMARY_PDF: Text = Text(
    "--evidence 只用于汇总 PDF：请同时给出 --pdf，且不要与 --findings 同用。",
    "--evidence adds to the summary PDF: give --pdf too, and not with --findings.",
);
/// Print dialog: the checkbox that adds the appendix.
pub const PRINT_EVIDENCE: Text = Text("附佐证材料（照片）", "Appendix: evidence (photos)");
/// Print dialog: the label before the 2 / 4 choice.
pub const PRINT_PER_PAGE: Text = Text("每页", "Per page");
/// Print dialog: a finding's evidence is printed with the rectification ledger, not here.
pub const PRINT_EVIDENCE_HINT: Text = Text(
    "报表期间内各条帮扶记录所附的照片，每张附日期、村和内容；其他文件列表。",
    "The photos attached to the period's records, each with its date, village and \
     content; other files are listed.",
);

/// The grey line under the heading: how many photos and other files follow.
pub fn intro(photos: usize, others: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "报表期间内各条记录所附的佐证材料：照片 {photos} 张，其他文件 {others} 个；按记录日期排列。"
        ),
        Lang::En => format!(
            "Attached to the period's records: {photos} photo(s), {others} other file(s), by date."
        ),
    }
}

/// `图 3`: a photo's number in the appendix.
pub fn photo_number(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("图{n}"),
        Lang::En => format!("Fig. {n}"),
    }
}

/// `2 张` / `2 photos`: a choice of photos per page.
pub fn photos_per_page(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} 张"),
        Lang::En => format!("{n} photos"),
    }
}

/// Printed in a photo's place when its stored file is not there.
pub fn missing_file(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("文件缺失：{name}"),
        Lang::En => format!("File missing: {name}"),
    }
}

/// Printed in a photo's place when the file cannot be read as an image.
pub fn unreadable_image(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("无法读取的图片：{name}"),
        Lang::En => format!("Unreadable image: {name}"),
    }
}

/// The warning after a report whose appendix could not print every photo.
pub fn problems(missing: usize, unreadable: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "佐证材料中 {missing} 个文件缺失、{unreadable} 张图片无法读取，已在附录中用方框标出。"
        ),
        Lang::En => format!(
            "Evidence: {missing} file(s) missing and {unreadable} image(s) unreadable; each \
             is marked by a box in the appendix."
        ),
    }
}
