//! transfer words of the catalog (see the module docs of `crate::i18n`): spreadsheet
//! import, pasted rows, merging another ledger, and export from the app.

use super::{Lang, Text};

// ---- cells and sheets ----

/// `Sheet1!C12 金额：不能为负数`.
pub fn cell_error(lang: Lang, cell: &str, message: &str) -> String {
    match lang {
        Lang::Zh => format!("{cell} {message}"),
        Lang::En => format!("{cell}: {message}"),
    }
}

/// The workbook could not be read.
pub fn cannot_read_workbook(lang: Lang, error: &str) -> String {
    match lang {
        Lang::Zh => format!("无法读取表格文件：{error}"),
        Lang::En => format!("cannot read the spreadsheet: {error}"),
    }
}

/// `--sheet` names no sheet.
pub fn no_such_sheet(lang: Lang, name: &str, known: &str) -> String {
    match lang {
        Lang::Zh => format!("没有名为“{name}”的工作表（有：{known}）"),
        Lang::En => format!("no sheet named “{name}” (there are: {known})"),
    }
}

/// No row of the sheet looks like a header.
pub fn no_header(lang: Lang, sheet: &str) -> String {
    match lang {
        Lang::Zh => format!("工作表“{sheet}”中找不到表头行（如 日期、村、部门、内容、金额）"),
        Lang::En => format!(
            "no header row found in sheet “{sheet}” (such as date, village, department, what, value)"
        ),
    }
}

/// `工作表“台账”，第 3 行为表头`.
pub fn header_row_used(lang: Lang, sheet: &str, row: usize) -> String {
    match (lang, sheet.is_empty()) {
        (Lang::Zh, false) => format!("工作表“{sheet}”，第 {row} 行为表头"),
        (Lang::Zh, true) => format!("第 {row} 行为表头"),
        (Lang::En, false) => format!("sheet “{sheet}”, header in row {row}"),
        (Lang::En, true) => format!("header in row {row}"),
    }
}

/// `列：A 日期、B 村、F 金额（万元）`.
pub fn mapping_used(lang: Lang, columns: &str) -> String {
    match lang {
        Lang::Zh => format!("列：{columns}"),
        Lang::En => format!("columns: {columns}"),
    }
}

/// A 万元 column in a mapping list.
pub const IN_WAN: Text = Text("（万元）", " (10,000 yuan)");

/// `已跳过合计行：第 12、20 行`.
pub fn skipped_totals(lang: Lang, rows: &str) -> String {
    match lang {
        Lang::Zh => format!("已跳过合计行：第 {rows} 行"),
        Lang::En => format!("skipped totals rows: {rows}"),
    }
}

/// `--csv` and `--xlsx` both or neither.
pub const ONE_SOURCE: Text = Text(
    "请给出 --csv 或 --xlsx（二者选一）",
    "give one of --csv or --xlsx",
);

// ---- merge ----

/// `“九股村委会”（村）与本台账的“九股村”相近：请用 --map 九股村委会=九股村 或 --new 九股村委会`.
pub fn near_duplicate(lang: Lang, kind: &str, theirs: &str, ours: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{kind}“{theirs}”与本台账的“{ours}”相近：请用 --map {theirs}={ours} 或 --new {theirs}"
        ),
        Lang::En => format!(
            "{kind} “{theirs}” is close to “{ours}” in this ledger: give --map {theirs}={ours} or --new {theirs}"
        ),
    }
}

/// The heading above the near-duplicates.
pub fn near_duplicates(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Zh => format!("有 {count} 个名称与本台账中的名称相近，未合并任何记录："),
        Lang::En => format!("{count} names are close to names in this ledger; nothing was merged:"),
    }
}

/// `--map A=B` where B is no record of this ledger.
pub fn map_target_missing(lang: Lang, theirs: &str, ours: &str) -> String {
    match lang {
        Lang::Zh => format!("--map {theirs}={ours}：本台账中没有“{ours}”"),
        Lang::En => format!("--map {theirs}={ours}: this ledger has no “{ours}”"),
    }
}

/// `--map` written without `=`.
pub fn bad_map(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Zh => format!("--map {text}：应写作 对方名称=本台账名称"),
        Lang::En => format!("--map {text}: write it as THEIR_NAME=OUR_NAME"),
    }
}

/// `已合并 12 条记录，跳过 3 条已有记录`.
pub fn merged(lang: Lang, added: usize, skipped: usize) -> String {
    match lang {
        Lang::Zh => format!("已合并 {added} 条记录，跳过 {skipped} 条已有记录"),
        Lang::En => format!("merged {added} entries, skipped {skipped} already present"),
    }
}

/// `将“九股村委会”并入“九股村”`.
pub fn mapped_as(lang: Lang, theirs: &str, ours: &str) -> String {
    match lang {
        Lang::Zh => format!("“{theirs}”记为“{ours}”"),
        Lang::En => format!("“{theirs}” taken as “{ours}”"),
    }
}

// ---- the app: menus, the import wizard, the merge dialog, export ----

/// 文件 → 导入…
pub const IMPORT_MENU: Text = Text("导入…", "Import…");
/// 文件 → 合并台账…
pub const MERGE_MENU: Text = Text("合并台账…", "Merge a ledger…");
/// 文件 → 导出 CSV…
pub const EXPORT_CSV_MENU: Text = Text("导出 CSV…", "Export CSV…");
/// 文件 → 导出明细 Excel…
pub const EXPORT_XLSX_MENU: Text = Text("导出明细 Excel…", "Export details to Excel…");
/// The tooltip of 导入….
pub const IMPORT_TIP: Text = Text(
    "从 Excel/WPS（.xlsx、.xls）、.ods 或 CSV 文件导入记录；也可在台账表格上按 Ctrl+V 粘贴复制的单元格",
    "Import entries from Excel/WPS (.xlsx, .xls), .ods or CSV; or press Ctrl+V on the ledger table to paste copied cells",
);
/// The tooltip of 合并台账….
pub const MERGE_TIP: Text = Text(
    "把另一个台账文件（如某部门的台账）中的记录并入本台账；已有的记录跳过，对方文件不会被修改",
    "Add the entries of another ledger file (a department's) to this one; entries already here are skipped and the other file is not changed",
);
/// The file filter of the import dialog.
pub const SPREADSHEETS: Text = Text("表格文件", "Spreadsheets");
/// The import wizard's title.
pub const IMPORT_TITLE: Text = Text("导入记录", "Import entries");
/// The sheet chooser.
pub const SHEET: Text = Text("工作表", "Sheet");
/// Where pasted rows came from.
pub const PASTED: Text = Text("粘贴的单元格", "Pasted cells");
/// The heading above the column mapping.
pub const MAPPING: Text = Text(
    "各列对应的字段（可修改）",
    "What each column holds (you can change it)",
);
/// The column-letter heading of the mapping grid.
pub const COLUMN: Text = Text("列", "Column");
/// The header-text heading of the mapping grid.
pub const HEADER_TEXT: Text = Text("表头", "Header");
/// The field heading of the mapping grid.
pub const FIELD: Text = Text("字段", "Field");
/// A column that is not imported.
pub const IGNORED: Text = Text("（不导入）", "(not imported)");
/// No header row was found: columns are taken by position.
pub const NO_HEADER_BY_POSITION: Text = Text(
    "没有找到表头行：各列按位置对应，请检查并修改",
    "no header row found: columns are taken by position; check and change them",
);
/// While the rows are checked.
pub const CHECKING: Text = Text("正在检查…", "Checking…");
/// A job: reading a spreadsheet.
pub const JOB_READING_SHEET: Text = Text("正在读取表格…", "Reading the spreadsheet…");
/// A job: checking the rows to import.
pub const JOB_CHECKING_IMPORT: Text = Text("正在检查要导入的行…", "Checking the rows to import…");
/// A job: writing an export.
pub const JOB_EXPORTING: Text = Text("正在导出…", "Exporting…");
/// A job: reading the other ledger.
pub const JOB_READING_LEDGER: Text = Text("正在读取台账…", "Reading the ledger…");
/// A merge copies the other ledger's evidence files in.
pub const JOB_COPYING_EVIDENCE: Text = Text("正在复制佐证材料…", "Copying the evidence files…");
/// Closes a window without doing anything.
pub const CANCEL: Text = Text("取消", "Cancel");
/// There is nothing to import.
pub const NOTHING_TO_IMPORT: Text = Text("没有可导入的记录", "no entries to import");

/// The confirm button: `导入 5 条`.
pub fn import_button(lang: Lang, entries: usize) -> String {
    match lang {
        Lang::Zh => format!("导入 {entries} 条"),
        Lang::En => format!("Import {entries} entries"),
    }
}

/// The heading above the bad cells.
pub fn bad_cells(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Zh => format!("有 {count} 处错误，改正表格后重新导入（未导入任何记录）："),
        Lang::En => {
            format!("{count} errors; correct the sheet and import again (nothing was imported):")
        }
    }
}

/// The heading above the preview.
pub fn preview_heading(lang: Lang, entries: usize) -> String {
    match lang {
        Lang::Zh => format!("预览：{entries} 条记录，按存入台账后的样子显示"),
        Lang::En => format!("Preview: {entries} entries, as they will be stored"),
    }
}

/// The heading above the raw rows (while checking, or when some are bad).
pub const RAW_ROWS: Text = Text("表格中的行", "Rows of the sheet");
/// The row-number heading of the preview.
pub const ROW: Text = Text("行", "Row");

/// The merge dialog's title.
pub const MERGE_TITLE: Text = Text("合并台账", "Merge a ledger");
/// Above the near duplicates.
pub const MERGE_NEAR_INTRO: Text = Text(
    "以下名称与本台账中的名称相近，请逐个选择如何处理：",
    "These names are close to names in this ledger; choose for each:",
);
/// The kind column of the near duplicates.
pub const KIND: Text = Text("类型", "Kind");
/// Their name.
pub const THEIR_NAME: Text = Text("对方名称", "Their name");
/// What to do with it.
pub const CHOICE: Text = Text("处理", "Choice");
/// Add their name as new.
pub const AS_NEW: Text = Text("作为新名称添加", "Add as a new name");

/// Take their name as ours: `记为“九股村”`.
pub fn take_as(lang: Lang, ours: &str) -> String {
    match lang {
        Lang::Zh => format!("记为“{ours}”"),
        Lang::En => format!("Take as “{ours}”"),
    }
}

/// The merge button.
pub const MERGE_BUTTON: Text = Text("合并", "Merge");

/// The accessible name of a column's field chooser: `H 列的字段`.
pub fn column_field(lang: Lang, column: &str) -> String {
    match lang {
        Lang::Zh => format!("{column} 列的字段"),
        Lang::En => format!("field of column {column}"),
    }
}

/// The wizard shows a big sheet's first rows while the rest is read.
pub const READING_REST: Text = Text(
    "正在读取其余行…（先显示前面的行；读完后再检查）",
    "Reading the other rows… (the first rows are shown; they are checked once all are read)",
);
