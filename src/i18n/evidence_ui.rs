//! evidence_ui words of the catalog (see the module docs of `crate::i18n`): the app's
//! evidence (佐证材料) panel, thumbnails, viewer, table column, filter and pack dialog.

use super::{Lang, Text};
use std::path::Path;

/// The panel's heading.
pub const PANEL_TITLE: Text = Text("佐证材料", "Evidence");
/// The table column's heading (a count).
pub const COLUMN: Text = Text("佐证", "Evid.");
/// The filter bar's checkbox: entries without any attached file.
pub const MISSING_FILTER: Text = Text("缺少佐证", "No evidence");
/// Its tooltip.
pub const MISSING_FILTER_TIP: Text = Text(
    "只显示还没有附任何佐证材料的记录",
    "Show only the entries with no attached file",
);
/// The panel's button that asks for files.
pub const ADD_FILES: Text = Text("添加文件…", "Add files…");
/// The file dialog's title.
pub const ADD_FILES_TITLE: Text = Text("添加佐证材料", "Add evidence");
/// The file dialog's filter name.
pub const ALL_FILES: Text = Text("所有文件", "All files");
/// A file's remove button.
pub const REMOVE: Text = Text("移除", "Remove");
/// The confirmation's yes.
pub const REMOVE_YES: Text = Text("确定移除", "Remove");
/// The confirmation's no.
pub const CANCEL: Text = Text("取消", "Cancel");
/// A stored file that is not there.
pub const MISSING_FILE: Text = Text("文件缺失", "File missing");
/// A picture that does not decode, under its placeholder.
pub const CORRUPT_SHORT: Text = Text("图片已损坏", "Damaged picture");
/// A file that is not an image: no thumbnail.
pub const NO_PREVIEW: Text = Text("无预览", "No preview");
/// A thumbnail being made.
pub const LOADING: Text = Text("正在载入…", "Loading…");
/// The panel with nothing selected.
pub const SELECT_ENTRY: Text = Text(
    "选中一条记录后可在此查看和添加佐证材料",
    "Select an entry to see and add its evidence",
);
/// The findings panel with nothing selected.
pub const SELECT_FINDING: Text = Text(
    "选中一个问题后可在此查看和添加佐证材料",
    "Select a finding to see and add its evidence",
);
/// The panel of a record without files.
pub const NONE_YET: Text = Text(
    "还没有佐证材料：拖入文件、点“添加文件…”，或复制图片后按 Ctrl+V 粘贴。",
    "No evidence yet: drop files here, click “Add files…”, or copy a picture and press Ctrl+V.",
);
/// Files dropped (or pasted) with nothing selected.
pub const DROP_NEEDS_ENTRY: Text = Text(
    "没有选中记录：请先在表格中点选一条记录，再拖入或粘贴文件。未添加任何文件",
    "No entry is selected: click an entry in the table first, then drop or paste the files. Nothing was added",
);
/// Files dropped (or pasted) on the findings tab with nothing selected.
pub const DROP_NEEDS_FINDING: Text = Text(
    "没有选中问题：请先点选一个问题，再拖入或粘贴文件。未添加任何文件",
    "No finding is selected: click a finding first, then drop or paste the files. Nothing was added",
);
/// Files dropped on a read-only ledger.
pub const READ_ONLY: Text = Text(
    "台账为只读，不能添加佐证材料。未添加任何文件",
    "The ledger is read-only: no evidence can be added. Nothing was added",
);
/// Files dropped on a view that has no records to attach to.
pub const DROP_WRONG_TAB: Text = Text(
    "请在“台账”或“整改台账”中选中记录后再拖入文件。未添加任何文件",
    "Drop files on the ledger or the findings tab, with a record selected. Nothing was added",
);
/// The status bar while files are copied in.
pub const JOB_ADDING: Text = Text("正在添加佐证材料…", "Adding evidence…");
/// The status bar while the pack is written.
pub const JOB_PACKING: Text = Text("正在导出佐证材料包…", "Writing the evidence pack…");
/// The status bar while a file is copied out for the system viewer.
pub const JOB_OPENING_FILE: Text = Text("正在打开文件…", "Opening the file…");
/// The first part of a pasted picture's file name.
pub const PASTED_NAME: Text = Text("粘贴图片", "pasted-image");

/// The viewer's previous-file button.
pub const PREVIOUS: Text = Text("← 上一个", "← Previous");
/// The viewer's next-file button.
pub const NEXT: Text = Text("下一个 →", "Next →");
/// Zoom in.
pub const ZOOM_IN: Text = Text("放大", "Zoom in");
/// Zoom out.
pub const ZOOM_OUT: Text = Text("缩小", "Zoom out");
/// Fit the picture to the window.
pub const FIT: Text = Text("适合窗口", "Fit");
/// The zoom's tooltip.
pub const ZOOM_TIP: Text = Text(
    "+ / - 键或 Ctrl+滚轮缩放，拖动平移，← / → 切换文件，Esc 关闭",
    "+ / - or Ctrl+wheel to zoom, drag to pan, ← / → for other files, Esc to close",
);
/// Open the folder the stored file is in.
pub const OPEN_FOLDER: Text = Text("打开所在文件夹", "Open its folder");
/// Open the file in the system's program for it.
pub const OPEN_SYSTEM: Text = Text("用系统程序打开", "Open with the system");
/// Close the viewer.
pub const CLOSE: Text = Text("关闭", "Close");
/// A click on a thumbnail.
pub const VIEW_TIP: Text = Text("点击查看", "Click to view");

/// The stand-in for a PDF's thumbnail.
pub const KIND_PDF: Text = Text("PDF 文件", "PDF file");
/// … a picture the app cannot show (HEIC, TIFF …).
pub const KIND_IMAGE: Text = Text("图片", "Picture");
/// … a spreadsheet.
pub const KIND_SHEET: Text = Text("表格", "Spreadsheet");
/// … a document.
pub const KIND_DOCUMENT: Text = Text("文档", "Document");
/// … an archive.
pub const KIND_ARCHIVE: Text = Text("压缩包", "Archive");
/// … anything else.
pub const KIND_OTHER: Text = Text("文件", "File");

/// The 文件 menu's pack item.
pub const PACK_MENU: Text = Text("导出佐证材料包…", "Export evidence pack…");
/// Its tooltip.
pub const PACK_TIP: Text = Text(
    "把所选时间、村的佐证材料按村和记录分文件夹打包成 zip，附 index.xlsx 清单",
    "A zip of the evidence of the chosen dates and village, one folder per village and record, with an index.xlsx",
);
/// The pack dialog's title.
pub const PACK_TITLE: Text = Text("导出佐证材料包", "Export evidence pack");
/// From.
pub const PACK_FROM: Text = Text("起始日期", "From");
/// To.
pub const PACK_TO: Text = Text("截止日期", "To");
/// Village.
pub const PACK_VILLAGE: Text = Text("村", "Village");
/// Any village.
pub const PACK_ALL_VILLAGES: Text = Text("全部村", "All villages");
/// Not limited.
pub const PACK_ANY: Text = Text("不限", "any");
/// The dialog's write button.
pub const PACK_WRITE: Text = Text("导出…", "Export…");
/// The save dialog's suggested file name (before `.zip`).
pub const PACK_FILE: Text = Text("佐证材料包", "evidence pack");
/// A date typed badly in the dialog.
pub const PACK_BAD_DATE: Text = Text(
    "日期应写成 2020-06-05 这样的格式",
    "Dates are written like 2020-06-05",
);

/// What the panel says under a file: who added it and when.
pub fn added_by(lang: Lang, who: &str, when: &str) -> String {
    match lang {
        Lang::Zh => format!("{who} 于 {when} 添加"),
        Lang::En => format!("added by {who} on {when}"),
    }
}

/// A picture that does not decode.
pub fn corrupt(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("图片无法显示（文件可能已损坏）：{why}"),
        Lang::En => format!("The picture cannot be shown (the file may be damaged): {why}"),
    }
}

/// Files dragged over the window: where they will go.
pub fn drop_here(lang: Lang, owner: &str) -> String {
    match lang {
        Lang::Zh => format!("松开鼠标，把文件添加为 {owner} 的佐证材料"),
        Lang::En => format!("Drop to attach the files to {owner}"),
    }
}

/// The confirmation before a file is removed from a record.
pub fn remove_question(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("从这条记录移除“{name}”？可撤销；文件本身仍保留在台账的文件夹里。"),
        Lang::En => format!(
            "Remove “{name}” from this record? It can be undone; the file itself stays in the ledger's folder."
        ),
    }
}

/// Files attached.
pub fn attached(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Zh => format!("已添加 {count} 个佐证文件"),
        Lang::En if count == 1 => "1 evidence file added".to_string(),
        Lang::En => format!("{count} evidence files added"),
    }
}

/// Some files were attached and others not (or none were): the reasons follow.
pub fn attach_failed(lang: Lang, added: usize, why: &str) -> String {
    match lang {
        Lang::Zh if added == 0 => format!("未添加任何文件：{why}"),
        Lang::Zh => format!("已添加 {added} 个文件；其余未添加：{why}"),
        Lang::En if added == 0 => format!("No file was added: {why}"),
        Lang::En => format!("{added} file(s) added; the others were not: {why}"),
    }
}

/// A file already attached to the record.
pub fn already_attached(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("“{name}”已附在这条记录上"),
        Lang::En => format!("“{name}” is already attached to this record"),
    }
}

/// A file dropped that is a folder (or not a readable file).
pub fn not_a_file(lang: Lang, path: &Path) -> String {
    match lang {
        Lang::Zh => format!("“{}”不是文件", path.display()),
        Lang::En => format!("“{}” is not a file", path.display()),
    }
}

/// A pasted picture that cannot be made into a PNG.
pub fn paste_failed(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("粘贴的图片无法保存：{why}。未添加任何文件"),
        Lang::En => format!("The pasted picture could not be kept: {why}. Nothing was added"),
    }
}

/// The viewer's title: the file's name and where it is in the record's list.
pub fn viewer_title(lang: Lang, name: &str, at: usize, of: usize) -> String {
    match lang {
        Lang::Zh => format!("佐证材料 {at}/{of}：{name}"),
        Lang::En => format!("Evidence {at}/{of}: {name}"),
    }
}

/// The panel's heading with the count.
pub fn panel_heading(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Zh => format!("佐证材料（{count}）"),
        Lang::En => format!("Evidence ({count})"),
    }
}

/// The pack was written.
pub fn pack_written(lang: Lang, path: &Path, files: usize) -> String {
    match lang {
        Lang::Zh => format!("已导出佐证材料包（{files} 个文件）：{}", path.display()),
        Lang::En => format!("Evidence pack written ({files} files): {}", path.display()),
    }
}

/// A file size for people: 2.4 MB, 310 KB, 88 B.
pub fn file_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        format!("{}.{} MB", bytes / MB, (bytes % MB) * 10 / MB)
    } else if bytes >= KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(file_size(88), "88 B");
        assert_eq!(file_size(1024), "1 KB");
        assert_eq!(file_size(1025), "2 KB");
        // 2.5 MB = 2,621,440 bytes.
        assert_eq!(file_size(2_621_440), "2.5 MB");
        assert_eq!(file_size(50 * 1024 * 1024), "50.0 MB");
    }
}
