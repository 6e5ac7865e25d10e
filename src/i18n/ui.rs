//! ui words of the catalog (see the module docs of `crate::i18n`): menus, buttons,
//! dialogs and status of the desktop app.

use super::{Lang, Text};
use std::path::Path;

// ---- the app ----

/// The app's name (window title, file filter).
pub const APP_NAME: Text = Text("帮扶台账", "Bangfu Ledger");
/// The desktop app could not start (printed to stderr, both languages at once).
pub const CANNOT_START: &str = "无法启动桌面程序 / cannot start the desktop app";
/// Nothing (an empty default file name).
pub const EMPTY: Text = Text("", "");

// ---- menus and the action table ----

/// The 文件 menu.
pub const FILE_MENU: Text = Text("文件", "File");
/// The 编辑 menu.
pub const EDIT_MENU: Text = Text("编辑", "Edit");
/// 文件 → 新建台账…
pub const NEW_LEDGER_MENU: Text = Text("新建台账…", "New ledger…");
/// 文件 → 打开…
pub const OPEN_MENU: Text = Text("打开…", "Open…");
/// 文件 → 另存为…
pub const SAVE_AS_MENU: Text = Text("另存为…", "Save as…");
/// 文件 → 最近打开.
pub const RECENT_FILES: Text = Text("最近打开", "Recent files");
/// An empty list.
pub const NONE: Text = Text("（无）", "(none)");
/// 文件 → 备份与恢复…
pub const BACKUPS_MENU: Text = Text("备份与恢复…", "Backups…");
/// Tooltip of 备份与恢复.
pub const BACKUPS_TIP: Text = Text(
    "每次整理写入新快照时保留上一版本（压缩保存），可从中恢复",
    "Each new snapshot keeps the previous one (packed); restore one from here",
);
/// 文件 → 打印汇总 / 导出 Excel…
pub const PRINT_MENU: Text = Text("打印汇总 / 导出 Excel…", "Print summary / Export Excel…");
/// Tooltip of 打印汇总.
pub const PRINT_TIP: Text = Text(
    "生成可打印的 PDF 汇总或 Excel 工作簿",
    "Write a printable PDF summary or an Excel workbook",
);
/// 文件 → 设置…
pub const SETTINGS_MENU: Text = Text("设置…", "Settings…");
/// 文件 → 退出.
pub const QUIT: Text = Text("退出", "Quit");
/// Undo (menu item, prefix of `撤销：添加 化肥`).
pub const UNDO: Text = Text("撤销", "Undo");
/// Redo (menu item, prefix).
pub const REDO: Text = Text("重做", "Redo");
/// 编辑 → 新增记录.
pub const NEW_ENTRY: Text = Text("新增记录", "New entry");
/// 编辑 → 修改所选.
pub const EDIT_SELECTED: Text = Text("修改所选", "Edit selected");
/// 编辑 → 复制所选.
pub const DUPLICATE_SELECTED: Text = Text("复制所选", "Duplicate selected");
/// 编辑 → 删除所选.
pub const DELETE_SELECTED: Text = Text("删除所选", "Delete selected");
/// Tooltip of delete.
pub const DELETE_TIP: Text = Text("可用“撤销”恢复", "Undo brings it back");
/// Toolbar: new entry.
pub const NEW_SHORT: Text = Text("＋ 新增", "+ New");
/// Toolbar: edit the selected entry.
pub const EDIT_SHORT: Text = Text("修改", "Edit");
/// Toolbar: duplicate it.
pub const DUPLICATE_SHORT: Text = Text("复制", "Duplicate");
/// Toolbar: delete it.
pub const DELETE_SHORT: Text = Text("删除", "Delete");
/// The ledger tab.
pub const TAB_LEDGER: Text = Text("台账", "Ledger");
/// The totals tab.
pub const TAB_TOTALS: Text = Text("汇总", "Totals");
/// The master data tab.
pub const TAB_MASTER: Text = Text("基础资料", "Master data");
/// The language switch (the same in both languages).
pub const LANGUAGE_SWITCH: Text = Text("中文 / English", "中文 / English");
/// Tooltip of the language switch.
pub const LANGUAGE_TIP: Text = Text("切换界面语言", "Switch the interface language");

// ---- buttons used in several places ----

/// Save button of the entry form.
pub const SAVE: Text = Text("保存", "Save");
/// Cancel.
pub const CANCEL: Text = Text("取消", "Cancel");
/// Retry a failed save.
pub const RETRY: Text = Text("重试", "Retry");
/// All (no filter).
pub const ALL: Text = Text("全部", "All");
/// 制表人: who prepared a printed summary.
pub const PREPARED_BY: Text = Text("制表人", "Prepared by");
/// 审核人: who reviewed it.
pub const REVIEWED_BY: Text = Text("审核人", "Reviewed by");
/// The end of a sentence, before another one.
pub const SENTENCE_END: Text = Text("。", ". ");

// ---- status ----

/// Status: no ledger open.
pub const NO_LEDGER_OPEN: Text = Text("未打开台账", "No ledger open");
/// Status: saved.
pub const SAVED: Text = Text("已保存", "Saved");
/// Status: saving.
pub const SAVING: Text = Text("正在保存…", "Saving…");
/// Status: not saved yet.
pub const UNSAVED: Text = Text("未保存", "Not saved");
/// Job: opening a ledger.
pub const JOB_OPENING: Text = Text("正在打开台账…", "Opening the ledger…");
/// Job: reading the backups folder.
pub const JOB_LISTING_BACKUPS: Text = Text("正在读取备份…", "Reading the backups…");
/// Job: making and writing a report.
pub const JOB_WRITING_REPORT: Text = Text("正在生成报表…", "Writing the report…");
/// Refusal to open or create another ledger while edits are not on disk.
pub const UNSAVED_REFUSAL: Text = Text(
    "当前台账有未保存的更改：请先重试保存或另存为",
    "This ledger has unsaved changes: retry the save or use Save As first",
);

/// `保存失败：…` / `Save failed: …`.
pub fn save_failed(lang: Lang, why: &str) -> String {
    format!("{}{why}", lang.pick("保存失败：", "Save failed: "))
}

/// The failed-save banner: the error and that nothing is lost.
pub fn save_failed_kept(lang: Lang, why: &str) -> String {
    format!(
        "{}{}",
        save_failed(lang, why),
        lang.pick(
            "。更改仍在内存中，未丢失。",
            ". Your changes are kept in memory."
        )
    )
}

/// `撤销：添加 化肥` / `Undo: add 化肥`.
pub fn with_action(prefix: Text, action: &str, lang: Lang) -> String {
    format!("{}{}{action}", prefix.get(lang), lang.pick("：", ": "))
}

/// The window title: unit, file, unsaved mark, read-only mark, app name.
pub fn window_title(lang: Lang, unit: &str, file: &str, dirty: bool, read_only: bool) -> String {
    let dirty = if dirty { " *" } else { "" };
    let ro = if read_only {
        lang.pick(" [只读]", " [read-only]")
    } else {
        ""
    };
    format!("{unit} — {file}{dirty}{ro} — {}", APP_NAME.get(lang))
}

/// A file was converted from an older format; the original is kept at `copy`.
pub fn migrated_note(lang: Lang, version: u32, copy: &str) -> String {
    match lang {
        Lang::Zh => format!("此文件是旧版本（第 {version} 版）格式，已转换；原文件保存在 {copy}"),
        Lang::En => format!(
            "This file was in an older format (version {version}) and was converted; the original is kept at {copy}"
        ),
    }
}

/// `已另存为 …`.
pub fn saved_as(lang: Lang, path: &Path) -> String {
    format!("{}{}", lang.pick("已另存为 ", "Saved as "), path.display())
}

/// `已从备份恢复：…`.
pub fn restored_from(lang: Lang, path: &Path) -> String {
    format!(
        "{}{}",
        lang.pick("已从备份恢复：", "Restored from backup: "),
        path.display()
    )
}

/// `已生成：…` (a report was written).
pub fn written(lang: Lang, path: &Path) -> String {
    format!("{}{}", lang.pick("已生成：", "Written: "), path.display())
}

/// The save went to a conflict copy because the file was changed by another program.
pub fn conflict_copy(lang: Lang, path: &Path) -> String {
    format!(
        "{}{}",
        lang.pick(
            "台账文件已被其他程序修改；为不覆盖它，你的更改已保存到：",
            "The ledger file was changed by another program; to avoid overwriting it your changes were saved to: "
        ),
        path.display()
    )
}

// ---- banners and the start screen ----

/// Read-only banner: editing is off.
pub const EDITING_OFF: Text = Text("（不能修改）", "(editing is off)");
/// The offer to load the real case as a sample.
pub const SAMPLE_OFFER: Text = Text(
    "这是一个新的空台账。要先载入真实案例（毕节职业技术学院 2020年6月 帮扶九股村）作示例吗？",
    "This is a new, empty ledger. Load the real case (Bijie Vocational and Technical College, June 2020) as a sample?",
);
/// The first-start question for the assisting unit's name.
pub const UNIT_NAME_PROMPT: Text =
    Text("首次使用：帮扶单位名称", "First start: the assisting unit");
/// An example inside the unit-name field.
pub const UNIT_NAME_HINT: Text = Text("如：毕节职业技术学院", "e.g. 毕节职业技术学院");
/// Why the unit's name is asked.
pub const UNIT_NAME_WHY: Text = Text(
    "印在每张汇总表的标题上；可在“基础资料”中修改",
    "printed in every summary's title; change it under Master data",
);
/// 确定
pub const OK: Text = Text("确定", "OK");
/// Load the sample.
pub const LOAD_SAMPLE: Text = Text("载入示例", "Load sample");
/// Decline the sample.
pub const NO_THANKS: Text = Text("不用了", "No thanks");
/// The start screen's heading.
pub const COULD_NOT_OPEN: Text = Text("无法打开台账", "The ledger could not be opened");
/// The start screen's reassurance.
pub const FILE_NOT_CHANGED: Text = Text(
    "文件未被改动。可以打开其他文件、新建台账，或从下列备份中打开一个。",
    "The file was not changed. Open another file, create a new ledger, or open one of these backups.",
);

/// `打开备份 2020-06-30 10:00:00`.
pub fn open_backup(lang: Lang, taken: &str) -> String {
    format!("{} {taken}", lang.pick("打开备份", "Open backup"))
}

// ---- windows ----

/// The open dialog's title.
pub const OPEN_LEDGER: Text = Text("打开台账", "Open ledger");
/// The new-ledger window's title.
pub const NEW_LEDGER: Text = Text("新建台账", "New ledger");
/// The file name suggested for a new ledger.
pub const NEW_LEDGER_FILE: Text = Text("新台账.ron", "new-ledger.ron");
/// Go on to the file dialog.
pub const CHOOSE_FILE_AND_CREATE: Text = Text("选择位置并创建…", "Choose a file and create…");
/// The backups window's title.
pub const BACKUPS_TITLE: Text = Text("备份与恢复", "Backups");
/// What backups are and what restoring does.
pub const BACKUPS_EXPLAINED: Text = Text(
    "每次写入新快照（关闭时整理、恢复）都会保留上一版本，压缩保存：保留最近 5 份和近 7 天每天最新的一份。每一次修改另记在修改记录里。恢复前会先保存当前内容（它也成为一个备份），恢复可撤销。",
    "Each new snapshot (compaction on close, a restore) keeps the previous one, packed: the last 5 and the newest of each of the last 7 days. Every edit is also in the history. Restoring saves the current state first (it becomes a backup too), and can be undone.",
);
/// No backups.
pub const NO_BACKUPS: Text = Text("还没有备份", "No backups yet");
/// Restore a backup.
pub const RESTORE: Text = Text("恢复", "Restore");
/// The settings window's title.
pub const SETTINGS_TITLE: Text = Text("设置", "Settings");
/// The UI language setting.
pub const LANGUAGE: Text = Text("界面语言", "Language");
/// The close confirmation's heading.
pub const UNSAVED_CHANGES: Text = Text("有更改尚未保存", "There are unsaved changes");
/// Retry saving, then keep the window.
pub const RETRY_SAVING: Text = Text("重试保存", "Retry saving");
/// Close and lose what is not on disk.
pub const QUIT_WITHOUT_SAVING: Text = Text("不保存，退出", "Quit without saving");

/// `12 KB`.
pub fn kilobytes(kb: u64) -> String {
    format!("{kb} KB")
}

// ---- entry_form ----

/// 如：化肥
pub const FORM_WHAT_HINT: Text = Text("如：化肥", "e.g. fertilizer");
/// Who put the money in, when it is not the unit's own.
pub const FORM_GIVER_HINT: Text = Text(
    "如：企业、校友会、妈姑镇人民政府",
    "e.g. a company, alumni, the town",
);
/// 元，如 40000、4万
pub const FORM_VALUE_HINT: Text = Text("元，如 40000、4万", "yuan, e.g. 40000, 4万");
/// 计划（未全部到位）
pub const FORM_PLEDGED_CHECKBOX: Text = Text("计划（未全部到位）", "Pledged (not all delivered)");
/// 、
pub const FORM_LIST_SEP: Text = Text("、", ", ");
/// 请填写：
pub const FORM_PLEASE_FILL_IN: Text = Text("请填写：", "Please fill in: ");
/// 请改正：
pub const FORM_PLEASE_CORRECT: Text = Text("请改正：", "Please correct: ");
/// ；
pub const FORM_CLAUSE_SEP: Text = Text("；", "; ");
/// What an amount may look like (after “可写”).
pub const FORM_MONEY_EXAMPLES: Text = Text(
    "40000、4,000.50、4万、0.5万元、４０００",
    "40000, 4,000.50, 4万, 0.5万元 or ４０００",
);
/// What a quantity may look like.
pub const FORM_QUANTITY_EXAMPLES: Text = Text("32、1.5、1,000、３２", "32, 1.5, 1,000 or ３２");
/// What a count (households, persons, person-times) may look like.
pub const FORM_COUNT_EXAMPLES: Text = Text("120、1,000、１２０", "120, 1,000 or １２０");
/// What a date may look like.
pub const FORM_DATE_EXAMPLES: Text = Text(
    "2020-06-05、2020/6/5、2020.6.5、2020年6月5日",
    "2020-06-05, 2020/6/5, 2020.6.5 or 2020年6月5日",
);

/// A typed text the form cannot read, what was typed and what would be accepted:
/// `金额：“abc”不是金额；可写 40000、4,000.50、4万、４０００`.
pub fn form_rejected(lang: Lang, field: &str, typed: &str, examples: &str) -> String {
    match lang {
        Lang::Zh => format!("{field}：“{typed}”不是{field}；可写 {examples}"),
        Lang::En => format!("{field}: “{typed}” cannot be read; write {examples}"),
    }
}

// ---- ledger_view ----

/// 日期从
pub const TABLE_FROM: Text = Text("日期从", "From");
/// 至
pub const TABLE_TO: Text = Text("至", "to");
/// 形式
pub const TABLE_KIND_FILTER: Text = Text("形式", "Kind");
/// 未分类
pub const TABLE_UNCATEGORIZED: Text = Text("未分类", "uncategorized");
/// 搜索
pub const TABLE_SEARCH: Text = Text("搜索", "Search");
/// 清除筛选
pub const TABLE_CLEAR_FILTER: Text = Text("清除筛选", "Clear filter");
/// 限定此日期
pub const TABLE_DATE_LIMIT_TIP: Text = Text("限定此日期", "Limit to this date");
/// 不限
pub const TABLE_ANY: Text = Text("不限", "any");
/// 点击排序
pub const TABLE_SORT_TIP: Text = Text("点击排序", "Click to sort");

// ---- master_data ----

/// 帮扶村
pub const MASTER_VILLAGES: Text = Text("帮扶村", "Villages");
/// 部门
pub const MASTER_DEPARTMENTS: Text = Text("部门", "Departments");
/// 类别
pub const MASTER_CATEGORIES: Text = Text("类别", "Categories");
/// 修改
pub const MASTER_RENAME: Text = Text("修改", "Rename");
/// 确定
pub const MASTER_OK: Text = Text("确定", "OK");
/// 使用记录数
pub const MASTER_USED_BY: Text = Text("使用记录数", "Used by");
/// 添加
pub const MASTER_ADD: Text = Text("添加", "Add");
/// 合并：把
pub const MASTER_MERGE_LEAD: Text = Text("合并：把", "Merge");
/// 合并的来源
pub const MASTER_MERGE_FROM: Text = Text("合并的来源", "merge from");
/// 并入
pub const MASTER_INTO: Text = Text("并入", "into");
/// 合并到
pub const MASTER_MERGE_INTO: Text = Text("合并到", "merge into");
/// 合并
pub const MASTER_MERGE: Text = Text("合并", "Merge");
/// Confirms a merge.
pub const MASTER_CONFIRM_MERGE: Text = Text("确认合并", "Merge them");

/// What a merge will do, asked before it is done.
pub fn merge_question(lang: Lang, from: &str, into: &str, entries: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "将“{from}”并入“{into}”？{entries} 条记录将改为“{into}”，“{from}”将删除（可撤销）。"
        ),
        Lang::En => format!(
            "Merge “{from}” into “{into}”? {entries} entries will name “{into}”, and “{from}” will be removed (undoable)."
        ),
    }
}

/// What a merge did.
pub fn merged(lang: Lang, from: &str, into: &str, entries: usize) -> String {
    match lang {
        Lang::Zh => format!("已将“{from}”并入“{into}”：{entries} 条记录已改为“{into}”"),
        Lang::En => format!("Merged “{from}” into “{into}”: {entries} entries now name “{into}”"),
    }
}

/// A merge keeps the duplicate's 乡镇 / 县 because the target has none.
pub fn merge_keeps(lang: Lang, field: &str, value: &str, into: &str) -> String {
    match lang {
        Lang::Zh => format!("{field}“{value}”保留到“{into}”"),
        Lang::En => format!("its {field} “{value}” goes to “{into}”"),
    }
}

/// A merge drops the duplicate's 乡镇 / 县 because the target has another.
pub fn merge_drops(lang: Lang, field: &str, from: &str, theirs: &str, kept: &str) -> String {
    match lang {
        Lang::Zh => format!("“{from}”的{field}“{theirs}”不保留，仍为“{kept}”"),
        Lang::En => format!("the {field} “{theirs}” of “{from}” is not kept; it stays “{kept}”"),
    }
}
/// 前者的记录全部改到后者名下，然后删除前者（可撤销）
pub const MASTER_MERGE_TIP: Text = Text(
    "前者的记录全部改到后者名下，然后删除前者（可撤销）",
    "moves every entry of the first to the second, then removes the first (undoable)",
);
/// （选择）
pub const MASTER_CHOOSE: Text = Text("（选择）", "(choose)");

// ---- print_dialog ----

/// 打印汇总 / 导出 Excel
pub const PRINT_TITLE: Text = Text("打印汇总 / 导出 Excel", "Print summary / Export Excel");
/// 日期
pub const PRINT_DATES: Text = Text("日期", "Dates");
/// 从
pub const PRINT_FROM_SHORT: Text = Text("从", "from");
/// 内容
pub const PRINT_SECTIONS: Text = Text("内容", "Sections");
/// 按村汇总
pub const PRINT_PER_VILLAGE: Text = Text("按村汇总", "Per village");
/// 按部门汇总
pub const PRINT_PER_DEPARTMENT: Text = Text("按部门汇总", "Per department");
/// 村×部门交叉表
pub const PRINT_VILLAGE_DEPARTMENT: Text = Text("村×部门交叉表", "Village × department");
/// 按类别汇总
pub const PRINT_PER_CATEGORY: Text = Text("按类别汇总", "Per category");
/// 按月汇总
pub const PRINT_PER_MONTH: Text = Text("按月汇总", "Per month");
/// 附：全部明细（PDF）
pub const PRINT_ENTRIES_APPENDIX: Text = Text("附：全部明细（PDF）", "Appendix: every entry (PDF)");
/// 金额单位
pub const PRINT_AMOUNTS_IN: Text = Text("金额单位", "Amounts in");
/// 万元
pub const PRINT_IN_WAN: Text = Text("万元", "10,000 yuan (万元)");
/// 生成 PDF…
pub const PRINT_WRITE_PDF: Text = Text("生成 PDF…", "Write PDF…");
/// 导出 Excel…
pub const PRINT_EXPORT_EXCEL: Text = Text("导出 Excel…", "Export Excel…");
/// 关闭
pub const PRINT_CLOSE: Text = Text("关闭", "Close");

// ---- totals_view ----

/// 全部日期
pub const TOTALS_ALL_DATES: Text = Text("全部日期", "all dates");
/// 帮扶汇总
pub const TOTALS_TITLE: Text = Text("帮扶汇总", "assistance totals");
/// （按台账页的筛选条件）
pub const TOTALS_FOLLOWS_LEDGER_FILTER: Text =
    Text("（按台账页的筛选条件）", "(using the ledger view's filter)");
/// 合计（元）
pub const CHART_TOTAL_YUAN: Text = Text("合计（元）", "Total (yuan)");
/// 所选范围内没有记录
pub const TOTALS_NO_ENTRIES: Text = Text("所选范围内没有记录", "No entries in this range");
/// 所选范围内没有计划（承诺）资金
pub const TOTALS_NO_PLEDGES: Text =
    Text("所选范围内没有计划（承诺）资金", "No pledges in this range");

// ---- messages with values of the views ----

/// The form's heading while an entry is edited: `修改记录 #12`.
pub fn edit_entry_title(lang: Lang, id: u64) -> String {
    match lang {
        Lang::Zh => format!("修改记录 #{id}"),
        Lang::En => format!("Edit entry #{id}"),
    }
}

/// The ledger table's count line: `显示 3 条（共 12 条），合计 67,000.00 元`.
pub fn shown_of_total(lang: Lang, shown: &str, total: &str, value: &str) -> String {
    match lang {
        Lang::Zh => format!("显示 {shown} 条（共 {total} 条），合计 {value} 元"),
        Lang::En => format!("Showing {shown} of {total} entries, total {value} yuan"),
    }
}

/// One source's amount in the table's count line: `其他 700,000.00 元`.
pub fn source_amount(lang: Lang, source: &str, value: &str) -> String {
    match lang {
        Lang::Zh => format!("{source} {value} 元"),
        Lang::En => format!("{source} {value} yuan"),
    }
}

/// After the table's 合计 when 引进 or 其他 entries are shown: they are not in it.
pub fn shown_besides(lang: Lang, parts: &[String]) -> String {
    match lang {
        Lang::Zh => format!("（本单位投入；另计：{}）", parts.join("，")),
        Lang::En => format!(" (the unit's own; besides: {})", parts.join(", ")),
    }
}

/// Why a village, department or category cannot be deleted.
pub fn in_use_cannot_delete(lang: Lang, uses: usize) -> String {
    match lang {
        Lang::Zh => format!("有 {uses} 条记录在使用，不能删除；可先合并到其他项"),
        Lang::En => {
            format!("{uses} entries use it, so it cannot be deleted; merge it into another first")
        }
    }
}

/// The label of the field that adds a record: `新增帮扶村` / `Add to villages`.
pub fn add_to(lang: Lang, list: &str) -> String {
    match lang {
        Lang::Zh => format!("新增{list}"),
        Lang::En => format!("Add to {}", list.to_lowercase()),
    }
}

/// A mark on a chart's value axis, in yuan: `4万` in Chinese, `40k` in English.
pub fn axis_amount(lang: Lang, yuan: f64) -> String {
    match lang {
        Lang::Zh if yuan.abs() >= 10_000.0 => format!("{}万", yuan / 10_000.0),
        Lang::En if yuan.abs() >= 1_000.0 => format!("{}k", yuan / 1_000.0),
        _ => format!("{yuan}"),
    }
}

/// The form's keyboard hint, with the new-entry shortcut as the platform writes it.
pub fn form_keys_hint(lang: Lang, new_entry: &str) -> String {
    match lang {
        Lang::Zh => format!("Tab 下一项，Enter 保存，Esc 取消，{new_entry} 新增"),
        Lang::En => format!("Tab: next field, Enter: save, Esc: cancel, {new_entry}: new"),
    }
}

/// A file dialog that could not open, naming the action and why.
pub fn dialog_failed(lang: Lang, action: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("“{action}”的文件对话框无法打开：{why}。未做任何更改"),
        Lang::En => {
            format!("The file dialog of “{action}” could not open: {why}. Nothing was changed")
        }
    }
}

/// The system viewer did not start for a written file.
pub fn viewer_failed(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法用系统程序打开它：{why}"),
        Lang::En => format!("it could not be opened in the system viewer: {why}"),
    }
}

/// The read-only copy read the file again after the writer saved.
pub fn refreshed(lang: Lang, at: &chrono::NaiveDateTime) -> String {
    let at = at.format("%H:%M:%S");
    match lang {
        Lang::Zh => format!("已刷新：另一处保存了此台账（{at}）"),
        Lang::En => format!("Refreshed: the ledger was saved elsewhere ({at})"),
    }
}

/// The ledger table's column chooser.
pub const TABLE_COLUMNS_MENU: Text = Text("列", "Columns");
/// Back to the default columns.
pub const TABLE_COLUMNS_DEFAULT: Text = Text("恢复默认列", "Default columns");
