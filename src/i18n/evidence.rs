//! evidence words of the catalog (see the module docs of `crate::i18n`): attached files
//! (佐证材料), their store, the `attach`/`detach`/`evidence` commands and the pack.

use super::{Lang, Text};

/// `#3`: an entry named in a message.
pub fn owner_entry(_lang: Lang, id: u64) -> String {
    format!("#{id}")
}

/// `问题#7` / `finding #7`: a finding named in a message.
pub fn owner_finding(lang: Lang, id: u32) -> String {
    match lang {
        Lang::Zh => format!("问题#{id}"),
        Lang::En => format!("finding #{id}"),
    }
}

/// History: a file attached.
pub fn describe_attach(lang: Lang, owner: &str, name: &str) -> String {
    format!("{} {owner} {name}", ATTACH_VERB.get(lang))
}

/// History: a file detached.
pub fn describe_detach(lang: Lang, owner: &str, name: &str) -> String {
    format!("{} {owner} {name}", DETACH_VERB.get(lang))
}

/// 添加佐证.
pub const ATTACH_VERB: Text = Text("添加佐证", "attach evidence");
/// 移除佐证.
pub const DETACH_VERB: Text = Text("移除佐证", "detach evidence");
/// 佐证材料.
pub const EVIDENCE: Text = Text("佐证材料", "evidence");

/// The same file is already attached to that record.
pub fn already_attached(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("“{name}”已作为佐证添加到这条记录，不能重复添加"),
        Lang::En => format!("“{name}” is already attached to this record"),
    }
}

/// `52.4 MB`: a size in megabytes (1 MB = 1,048,576 bytes) with one decimal, rounded down.
pub fn megabytes(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    format!("{}.{} MB", bytes / MB, (bytes % MB) * 10 / MB)
}

/// `812 B`, `52.3 KB`, `3.1 MB`: a file's size for lists (1 KB = 1,024 bytes, one decimal,
/// rounded down).
pub fn size(bytes: u64) -> String {
    const KB: u64 = 1024;
    if bytes < KB {
        format!("{bytes} B")
    } else if bytes < KB * KB {
        format!("{}.{} KB", bytes / KB, (bytes % KB) * 10 / KB)
    } else {
        megabytes(bytes)
    }
}

/// A file over the limit.
pub fn too_big(lang: Lang, path: &str, size: u64, limit: u64) -> String {
    let (size, limit) = (megabytes(size), megabytes(limit));
    match lang {
        Lang::Zh => format!("{path}：文件太大（{size}），佐证材料每个文件最大 {limit}；未添加"),
        Lang::En => format!("{path}: file too large ({size}); the limit is {limit}; not attached"),
    }
}

/// A folder, FIFO or device given as a file.
pub fn not_a_file(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!("{path}：不是普通文件（文件夹、管道或设备），未添加"),
        Lang::En => format!("{path}: not a regular file (a folder, pipe or device); not attached"),
    }
}

/// The file to attach cannot be read.
pub fn cannot_read(lang: Lang, path: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法读取 {path}：{why}"),
        Lang::En => format!("cannot read {path}: {why}"),
    }
}

/// The disk is full.
pub fn disk_full(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!("磁盘已满，无法写入 {path}；未添加任何文件"),
        Lang::En => format!("the disk is full, cannot write {path}; nothing was attached"),
    }
}

/// Writing into the files folder failed.
pub fn cannot_write(lang: Lang, path: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法写入 {path}：{why}；未添加任何文件"),
        Lang::En => format!("cannot write {path}: {why}; nothing was attached"),
    }
}

/// A stored file's bytes do not match its hash.
pub fn damaged(lang: Lang, name: &str, path: &str) -> String {
    match lang {
        Lang::Zh => format!("佐证文件“{name}”已损坏（{path} 的内容与记录的校验值不符）"),
        Lang::En => {
            format!("evidence file “{name}” is damaged ({path} does not match its recorded hash)")
        }
    }
}

/// The index's file name in a pack.
pub const INDEX_FILE: &str = "index.xlsx";
/// The index's sheet.
pub const INDEX_SHEET: Text = Text("佐证材料清单", "Evidence");
/// The pack's folder for the rectification ledger's files.
pub const FINDINGS_FOLDER: Text = Text("整改", "rectification");

/// The index's column headers: 村, 日期, 部门, 内容, 金额, 文件名, 包内路径, 大小, SHA-256,
/// 添加人, 添加时间.
pub fn index_headers(lang: Lang) -> [&'static str; 11] {
    [
        Text("村", "village"),
        Text("日期", "date"),
        Text("部门", "department"),
        Text("内容", "what"),
        Text("金额（元）", "value (yuan)"),
        Text("文件名", "file name"),
        Text("包内路径", "path in pack"),
        Text("大小（字节）", "size (bytes)"),
        Text("SHA-256", "SHA-256"),
        Text("添加人", "added by"),
        Text("添加时间", "added at"),
    ]
    .map(|t| t.get(lang))
}

/// Stored files are missing, so no pack was made.
pub fn pack_missing(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => {
            format!("有 {n} 个佐证文件缺失或大小不符，未生成材料包（可运行 bangfu check 查看）：")
        }
        Lang::En => format!(
            "{n} evidence files are missing or have the wrong size; no pack was made (see bangfu check):"
        ),
    }
}

/// The pack could not be written.
pub fn pack_cannot_write(lang: Lang, path: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法写入材料包 {path}：{why}；原文件未改动"),
        Lang::En => format!("cannot write the pack {path}: {why}; nothing was replaced"),
    }
}

/// The index workbook failed.
pub fn pack_index_failed(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法生成清单 index.xlsx：{why}"),
        Lang::En => format!("cannot make index.xlsx: {why}"),
    }
}

/// `bangfu attach`/`detach` named a record that is not there.
pub fn no_such_record(lang: Lang, record: &str) -> String {
    match lang {
        Lang::Zh => format!("没有记录 {record}；未做任何改动"),
        Lang::En => format!("there is no record {record}; nothing was changed"),
    }
}

/// Files attached.
pub fn attached(lang: Lang, n: usize, record: &str) -> String {
    match lang {
        Lang::Zh => format!("已为 {record} 添加 {n} 个佐证文件："),
        Lang::En => format!("attached {n} files to {record}:"),
    }
}

/// A file detached.
pub fn detached(lang: Lang, name: &str, record: &str) -> String {
    match lang {
        Lang::Zh => format!("已从 {record} 移除佐证“{name}”（文件仍保留，可撤销）"),
        Lang::En => {
            format!("detached “{name}” from {record} (the file is kept; undo brings it back)")
        }
    }
}

/// `detach --file NAME` matched no file of the record.
pub fn no_such_file(lang: Lang, name: &str, record: &str, names: &[String]) -> String {
    let list = if names.is_empty() {
        Text("（无）", "(none)").get(lang).to_string()
    } else {
        names.join(Text("、", ", ").get(lang))
    };
    match lang {
        Lang::Zh => format!("{record} 没有名为“{name}”的佐证文件；它的文件：{list}"),
        Lang::En => format!("{record} has no evidence file “{name}”; its files: {list}"),
    }
}

/// `detach --file NAME` matched several files.
pub fn ambiguous_file(lang: Lang, name: &str, choices: &[String]) -> String {
    let list = choices.join(Text("、", ", ").get(lang));
    match lang {
        Lang::Zh => format!("“{name}”对应多个文件，请用校验值开头指定：{list}"),
        Lang::En => format!("“{name}” matches several files; give the start of its hash: {list}"),
    }
}

/// One file in a list.
pub fn file_line(
    lang: Lang,
    name: &str,
    size: u64,
    mime: &str,
    hash: &str,
    present: bool,
) -> String {
    let missing = if present {
        ""
    } else {
        Text("  [缺失]", "  [missing]").get(lang)
    };
    format!("  {name}  {}  {mime}  {hash}{missing}", self::size(size))
}

/// A date option that is not a date.
pub fn bad_date(lang: Lang, option: &str, text: &str) -> String {
    match lang {
        Lang::Zh => format!("{option}：“{text}”不是日期（例如 2020-06-05）"),
        Lang::En => format!("{option}: “{text}” is not a date (e.g. 2020-06-05)"),
    }
}

/// `--village` names no village.
pub fn no_such_village(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("--village：没有名为“{name}”的村"),
        Lang::En => format!("--village: there is no village “{name}”"),
    }
}

/// A pack was written.
pub fn pack_written(
    lang: Lang,
    out: &std::path::Path,
    records: usize,
    files: usize,
    bytes: u64,
) -> String {
    let out = out.display();
    let size = self::size(bytes);
    match lang {
        Lang::Zh => format!("已生成材料包 {out}：{records} 条记录，{files} 个文件，共 {size}"),
        Lang::En => format!("wrote the pack {out}: {records} records, {files} files, {size}"),
    }
}

/// `evidence --list --missing`: the heading.
pub fn missing_heading(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("缺少佐证：{n} 条记录"),
        Lang::En => format!("without evidence: {n} records"),
    }
}

/// `evidence --list`: the heading.
pub fn list_heading(lang: Lang, records: usize, files: usize) -> String {
    match lang {
        Lang::Zh => format!("佐证材料：{records} 条记录，{files} 个文件"),
        Lang::En => format!("evidence: {records} records, {files} files"),
    }
}

/// A record in the list, with its file count.
pub fn record_with_files(lang: Lang, record: &str, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{record}（{n} 个文件）"),
        Lang::En => format!("{record} ({n} files)"),
    }
}

/// History: several files attached at once.
pub fn batch_attach(lang: Lang, record: &str, n: usize) -> String {
    match lang {
        Lang::Zh => format!("添加佐证 {record}（{n} 个文件）"),
        Lang::En => format!("attach evidence {record} ({n} files)"),
    }
}

/// `bangfu check`: evidence files missing.
pub fn missing_files(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("有 {n} 个佐证文件缺失或大小不符："),
        Lang::En => format!("{n} evidence files are missing or have the wrong size:"),
    }
}

/// `bangfu check`: one missing evidence file.
pub fn missing_file(lang: Lang, record: &str, name: &str, path: &str) -> String {
    match lang {
        Lang::Zh => format!("  {record}：“{name}”（应在 {path}）"),
        Lang::En => format!("  {record}: “{name}” (expected at {path})"),
    }
}

/// `bangfu merge`: evidence files that came along.
pub fn merged_files(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("随记录并入 {n} 个佐证文件"),
        Lang::En => format!("{n} evidence files came along with the entries"),
    }
}

/// `bangfu history`'s detail of an attach or detach: `公厕.jpg 1.2 MB image/jpeg 3f2a9c1d0b7e`.
pub fn history_detail(name: &str, bytes: u64, mime: &str, hash: &str) -> String {
    format!(
        "{name} {} {mime} {}",
        size(bytes),
        hash.get(..12).unwrap_or(hash)
    )
}
