//! findings words of the catalog (see the module docs of `crate::i18n`): the rectification
//! ledger (整改台账): its fields, statuses, messages, printed titles and the app's view.

use super::{Lang, Text};
use crate::ledger::findings::FindingProblem;

/// 未整改.
pub const STATUS_OPEN: Text = Text("未整改", "open");
/// 整改中.
pub const STATUS_IN_PROGRESS: Text = Text("整改中", "in progress");
/// 已整改.
pub const STATUS_DONE: Text = Text("已整改", "done");
/// 已销号.
pub const STATUS_VERIFIED: Text = Text("已销号", "verified");

/// 序号.
pub const SEQ: Text = Text("序号", "No.");
/// 村.
pub const VILLAGE: Text = Text("村", "village");
/// 问题来源.
pub const ROUND: Text = Text("问题来源", "source");
/// 问题类别.
pub const CATEGORY: Text = Text("问题类别", "category");
/// 问题描述.
pub const DESCRIPTION: Text = Text("问题描述", "description");
/// 整改措施.
pub const MEASURES: Text = Text("整改措施", "measures");
/// 责任单位.
pub const RESPONSIBLE_UNIT: Text = Text("责任单位", "responsible unit");
/// 责任人.
pub const RESPONSIBLE_PERSON: Text = Text("责任人", "responsible person");
/// 整改时限.
pub const DEADLINE: Text = Text("整改时限", "deadline");
/// 整改状态.
pub const STATUS: Text = Text("整改状态", "status");
/// 完成时间.
pub const DONE_ON: Text = Text("完成时间", "done on");
/// 验收人.
pub const VERIFIED_BY: Text = Text("验收人", "checked by");
/// 验收时间.
pub const VERIFIED_ON: Text = Text("验收时间", "checked on");
/// 整改进度.
pub const PROGRESS: Text = Text("整改进度", "progress");
/// 备注.
pub const NOTES: Text = Text("备注", "notes");
/// 关联台账.
pub const LINKS: Text = Text("关联帮扶记录", "linked entries");
/// 名称.
pub const NAME: Text = Text("名称", "name");
/// 日期 of a round.
pub const ROUND_DATE: Text = Text("督查日期", "round date");
/// 组织单位 of a round.
pub const ORGANISER: Text = Text("组织单位", "organiser");
/// 销号 column.
pub const SIGNED_OFF: Text = Text("销号", "signed off");
/// 问题数.
pub const FINDINGS: Text = Text("问题数", "findings");
/// 已超时限.
pub const OVERDUE: Text = Text("已超时限", "overdue");
/// 即将到期.
pub const DUE_SOON: Text = Text("即将到期", "due soon");
/// 整改完成率.
pub const COMPLETION_RATE: Text = Text("整改完成率", "completion rate");
/// 合计.
pub const TOTAL: Text = Text("合计", "total");
/// 示例.
pub const ILLUSTRATIVE: Text = Text("示例", "illustrative");

/// The printed ledger's title.
pub const LEDGER_TITLE: Text = Text(
    "督战问题整改落实情况台账",
    "Rectification ledger of inspection findings",
);
/// The one-page summary's title.
pub const PROGRESS_TITLE: Text = Text("整改进度", "Rectification progress");
/// Its village × status table.
pub const BY_VILLAGE_TITLE: Text = Text("分村整改情况", "By village");
/// Its per-category table.
pub const BY_CATEGORY_TITLE: Text = Text("分类别整改情况", "By category");
/// Its overdue list.
pub const OVERDUE_TITLE: Text = Text("已超时限问题", "Overdue findings");
/// The overdue list is empty.
pub const NONE_OVERDUE: Text = Text("无超期问题", "no overdue findings");
/// Note under an illustrative ledger.
pub const ILLUSTRATIVE_NOTE: Text = Text(
    "注：示例问题为演示虚构，原始报道仅列出问题类别。",
    "Note: findings marked illustrative are made up for the sample; the real report names only the categories.",
);

/// The verbs of finding edits (undo menu, audit trail).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    /// 添加问题.
    AddFinding,
    /// 修改问题.
    EditFinding,
    /// 删除问题.
    DeleteFinding,
    /// 添加问题来源.
    AddRound,
    /// 修改问题来源.
    EditRound,
    /// 删除问题来源.
    DeleteRound,
    /// 添加问题类别.
    AddCategory,
    /// 修改问题类别.
    EditCategory,
    /// 删除问题类别.
    DeleteCategory,
}

impl Verb {
    /// The verb's words.
    pub fn text(self) -> Text {
        match self {
            Verb::AddFinding => Text("添加问题", "add finding"),
            Verb::EditFinding => Text("修改问题", "edit finding"),
            Verb::DeleteFinding => Text("删除问题", "delete finding"),
            Verb::AddRound => Text("添加问题来源", "add source"),
            Verb::EditRound => Text("修改问题来源", "edit source"),
            Verb::DeleteRound => Text("删除问题来源", "delete source"),
            Verb::AddCategory => Text("添加问题类别", "add finding category"),
            Verb::EditCategory => Text("修改问题类别", "edit finding category"),
            Verb::DeleteCategory => Text("删除问题类别", "delete finding category"),
        }
    }
}

/// `问题描述：不能为空`.
pub fn field_problem(lang: Lang, field: &str, problem: &FindingProblem) -> String {
    use FindingProblem as P;
    let what = match (problem, lang) {
        (P::Empty, Lang::Zh) => "不能为空".to_string(),
        (P::Empty, Lang::En) => "must not be empty".to_string(),
        (P::MultiLine, Lang::Zh) => "只能有一行".to_string(),
        (P::MultiLine, Lang::En) => "must be one line".to_string(),
        (P::NotADate(t), Lang::Zh) => format!("“{t}”不是日期（应为 2020-06-30）"),
        (P::NotADate(t), Lang::En) => format!("“{t}” is not a date (expected 2020-06-30)"),
        (P::UnknownStatus(t), Lang::Zh) => {
            format!("“{t}”不是整改状态（应为 未整改、整改中、已整改 或 已销号）")
        }
        (P::UnknownStatus(t), Lang::En) => format!(
            "“{t}” is not a status (expected open, in_progress, done or verified, or 未整改/整改中/已整改/已销号)"
        ),
        (P::UnknownVillage(t), Lang::Zh) => {
            format!("没有名为“{t}”的村")
        }
        (P::UnknownVillage(t), Lang::En) => {
            format!("no village named “{t}”")
        }
        (P::Missing, Lang::Zh) => "所指记录不存在".to_string(),
        (P::Missing, Lang::En) => "refers to a record that does not exist".to_string(),
        (P::BeforeRound(d), Lang::Zh) => format!("早于问题来源的日期 {d}"),
        (P::BeforeRound(d), Lang::En) => format!("is before the source's date {d}"),
        (P::BeforeDone(d), Lang::Zh) => format!("早于完成时间 {d}"),
        (P::BeforeDone(d), Lang::En) => format!("is before the completion date {d}"),
        (P::NeededForVerified, Lang::Zh) => "已销号的问题必须填写".to_string(),
        (P::NeededForVerified, Lang::En) => "is required for a verified finding".to_string(),
        (P::Duplicate(n), Lang::Zh) => format!("“{n}”已存在"),
        (P::Duplicate(n), Lang::En) => format!("“{n}” already exists"),
    };
    match lang {
        Lang::Zh => format!("{field}：{what}"),
        Lang::En => format!("{field}: {what}"),
    }
}

/// A batch of imported findings.
pub fn batch_import(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("导入 {n} 条整改问题"),
        Lang::En => format!("import {n} findings"),
    }
}

/// A bulk status change.
pub fn batch_status(lang: Lang, n: usize, status: &str) -> String {
    match lang {
        Lang::Zh => format!("{n} 条问题改为{status}"),
        Lang::En => format!("set {n} findings to {status}"),
    }
}

/// `第 3 行` prefix of an import problem.
pub fn at_row(lang: Lang, row: usize, message: &str) -> String {
    match lang {
        Lang::Zh => format!("第 {row} 行 {message}"),
        Lang::En => format!("row {row}: {message}"),
    }
}

/// A CSV without a required column.
pub fn missing_column(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("缺少“{name}”列"),
        Lang::En => format!("the column “{name}” is missing"),
    }
}

/// A header cell that names no finding column.
pub fn unknown_column(lang: Lang, column: usize, name: &str) -> String {
    match lang {
        Lang::Zh => format!("第 {column} 列标题“{name}”不是整改台账的列"),
        Lang::En => format!("column {column}: “{name}” is not a column of the findings list"),
    }
}

/// The import worked.
pub fn imported(lang: Lang, n: usize, file: &str) -> String {
    match lang {
        Lang::Zh => format!("已导入 {n} 条整改问题到 {file}"),
        Lang::En => format!("imported {n} findings into {file}"),
    }
}

/// `set` worked.
pub fn status_set(lang: Lang, id: u32, status: &str) -> String {
    match lang {
        Lang::Zh => format!("问题 #{id} 已改为{status}"),
        Lang::En => format!("finding #{id} is now {status}"),
    }
}

/// `set --id N` names no finding.
pub fn no_such_finding(lang: Lang, id: u32) -> String {
    match lang {
        Lang::Zh => format!("没有序号为 {id} 的问题"),
        Lang::En => format!("there is no finding No. {id}"),
    }
}

/// A command-line value that is wrong.
pub fn bad_option(lang: Lang, option: &str, message: &str) -> String {
    match lang {
        Lang::Zh => format!("{option} {message}"),
        Lang::En => format!("{option}: {message}"),
    }
}

/// `九股村 44：已销号 30 / 超期 3`, the per-village line of the app's view.
pub fn village_counts(lang: Lang, village: &str, n: u64, verified: u64, overdue: u64) -> String {
    match lang {
        Lang::Zh => format!("{village} {n}：已销号 {verified} / 超期 {overdue}"),
        Lang::En => format!("{village} {n}: verified {verified} / overdue {overdue}"),
    }
}

/// `截至 2020-06-20`.
pub fn as_of(lang: Lang, date: &str) -> String {
    match lang {
        Lang::Zh => format!("截至 {date}"),
        Lang::En => format!("as of {date}"),
    }
}

/// Sheet: the ledger.
pub const SHEET_LEDGER: Text = Text("整改台账", "Findings");
/// Sheet: by village.
pub const SHEET_BY_VILLAGE: Text = Text("分村整改情况", "By village");
/// Sheet: by category.
pub const SHEET_BY_CATEGORY: Text = Text("分类别整改情况", "By category");
/// Sheet: overdue.
pub const SHEET_OVERDUE: Text = Text("已超时限", "Overdue");

/// The sentence under the summary's title.
pub fn progress_sentence(
    lang: Lang,
    findings: u64,
    verified: u64,
    done: u64,
    pending: u64,
    overdue: u64,
    rate: &str,
) -> String {
    match lang {
        Lang::Zh => format!(
            "共发现问题 {findings} 个：已销号 {verified} 个，已整改待验收 {done} 个，尚在整改 {pending} 个（其中已超时限 {overdue} 个）；整改完成率 {rate}。"
        ),
        Lang::En => format!(
            "{findings} findings: {verified} verified, {done} done awaiting checks, {pending} still open ({overdue} overdue); completion rate {rate}."
        ),
    }
}

/// The tab.
pub const TAB: Text = Text("整改台账", "Rectification");
/// The form's keyboard hint.
pub const FORM_KEYS: Text = Text(
    "Tab 下一项，Enter 或 Ctrl+Enter 保存，Esc 清空",
    "Tab: next field, Enter or Ctrl+Enter: save, Esc: clear",
);
/// Form title, new.
pub const FORM_NEW: Text = Text("新增问题", "New finding");
/// Form title, editing.
pub const FORM_EDIT: Text = Text("修改问题", "Edit finding");
/// Save button.
pub const SAVE: Text = Text("保存（Enter / Ctrl+Enter）", "Save (Enter / Ctrl+Enter)");
/// Clear the form.
pub const CLEAR: Text = Text("清空", "Clear");
/// Delete the finding in the form.
pub const DELETE: Text = Text("删除此问题", "Delete this finding");
/// Add a progress note.
pub const ADD_NOTE: Text = Text("添加进度", "Add note");
/// Hint of the links field.
pub const LINKS_HINT: Text = Text("记录编号，如 1, 5", "entry numbers, e.g. 1, 5");
/// Any (filter).
pub const ANY: Text = Text("全部", "all");
/// Due-within filter.
pub const DUE_WITHIN: Text = Text("剩余天数内到期", "due within days");
/// The responsible filter's label.
pub const RESPONSIBLE_FILTER: Text = Text("责任单位/人", "responsible");
/// The bulk change's date.
pub const BULK_DATE: Text = Text("日期", "date");
/// The bulk change's 验收人.
pub const BULK_BY: Text = Text("验收人（批量）", "checked by (bulk)");
/// Bulk change button.
pub const BULK_APPLY: Text = Text("批量修改状态", "Set status of checked");
/// Select all shown.
pub const CHECK_ALL: Text = Text("全选", "Check all");
/// Clear the checks.
pub const CHECK_NONE: Text = Text("取消选择", "Uncheck");
/// The filter on the selected entry's findings.
pub const ONLY_LINKED: Text = Text("只看关联问题", "Only its findings");
/// Clear the filters.
pub const CLEAR_FILTERS: Text = Text("清除筛选", "Clear filters");
/// Tooltip on a link button.
pub const OPEN_ENTRY_TIP: Text = Text("在台账中打开这条帮扶记录", "Open this entry in the ledger");
/// A link whose entry is gone.
pub const ENTRY_GONE: Text = Text("（已删除）", "(deleted)");
/// No findings yet.
pub const EMPTY: Text = Text(
    "还没有整改问题。用右侧表单新增，或用 bangfu findings import 导入检查组的问题清单。",
    "No findings yet. Add one with the form on the right, or import an inspection list with bangfu findings import.",
);

/// `已选 3 条`.
pub fn checked_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("已选 {n} 条"),
        Lang::En => format!("{n} checked"),
    }
}

/// `显示 12 / 50 条`.
pub fn shown_of(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::Zh => format!("显示 {shown} / {total} 条"),
        Lang::En => format!("showing {shown} of {total}"),
    }
}

/// `选中的记录 #1 公厕建设：关联 1 个问题`.
pub fn selected_entry_links(lang: Lang, id: u64, what: &str, n: usize) -> String {
    match lang {
        Lang::Zh => format!("台账中选中的记录 #{id} {what}：关联 {n} 个问题"),
        Lang::En => format!("entry #{id} {what} (selected in the ledger): {n} linked findings"),
    }
}

/// A link whose entry number is not a number.
pub fn bad_link(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Zh => format!("关联帮扶记录：“{text}”不是记录编号"),
        Lang::En => format!("linked entries: “{text}” is not an entry number"),
    }
}

/// A link to an entry that does not exist.
pub fn missing_link(lang: Lang, id: u64) -> String {
    match lang {
        Lang::Zh => format!("关联帮扶记录：没有编号为 {id} 的记录"),
        Lang::En => format!("linked entries: there is no entry No. {id}"),
    }
}

/// A finding saved with a new source or category.
pub fn new_finding(lang: Lang, id: u32) -> String {
    match lang {
        Lang::Zh => format!("保存问题 #{id}"),
        Lang::En => format!("save finding #{id}"),
    }
}

/// The bulk change's status chooser.
pub const BULK_STATUS: Text = Text("批量修改为", "set checked to");

/// A row's check box: `选择问题 #3`.
pub fn check_row(lang: Lang, id: u32) -> String {
    match lang {
        Lang::Zh => format!("选择问题 #{id}"),
        Lang::En => format!("check finding #{id}"),
    }
}

/// A chooser next to a field: `选择问题来源`.
pub fn choose(lang: Lang, field: &str) -> String {
    match lang {
        Lang::Zh => format!("选择{field}"),
        Lang::En => format!("choose {field}"),
    }
}

/// The rounds list's header: `问题来源（1）`.
pub fn sources_list(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("问题来源（{n}）"),
        Lang::En => format!("Sources ({n})"),
    }
}

/// The categories list's header: `问题类别（8）`.
pub fn categories_list(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("问题类别（{n}）"),
        Lang::En => format!("Finding categories ({n})"),
    }
}
/// Apply a change in a list.
pub const APPLY: Text = Text("保存", "Save");
/// Remove a list item.
pub const REMOVE: Text = Text("删除", "Delete");
/// Add a list item.
pub const ADD: Text = Text("添加", "Add");
/// A new round's name.
pub const NEW_ROUND: Text = Text("新问题来源", "new source");
/// A new category's name.
pub const NEW_CATEGORY: Text = Text("新问题类别", "new category");

/// The view's as-of field.
pub const AS_OF: Text = Text("截至", "as of");

/// The button and menu item that import a findings list.
pub const IMPORT_FINDINGS_MENU: Text = Text("导入问题…", "Import findings…");
/// What it does.
pub const IMPORT_FINDINGS_TIP: Text = Text(
    "从 CSV 或表格文件（.xlsx/.xls/.ods）导入整改问题：先预览，确认后一次导入，可撤销",
    "Import findings from a CSV file or a spreadsheet (.xlsx/.xls/.ods): previewed first, \
     imported at once when confirmed, undoable",
);
/// The findings import window's title (and its file dialog's).
pub const IMPORT_FINDINGS_TITLE: Text = Text("导入整改问题", "Import findings");
/// The checkbox that creates villages the ledger does not have (`--create`).
pub const CREATE_VILLAGES: Text = Text("新建未知的村", "Create unknown villages");
/// The job reading a findings list.
pub const JOB_READING_FINDINGS: Text = Text("正在读取问题清单…", "Reading the findings list…");
/// The job checking a findings list.
pub const JOB_CHECKING_FINDINGS: Text = Text("正在检查问题清单…", "Checking the findings list…");

/// The findings import's confirm button.
pub fn import_findings_button(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("导入 {n} 条"),
        Lang::En => format!("Import {n}"),
    }
}

/// What a checked findings list will add: `将导入 52 条问题，新建 1 个村：平原村`.
pub fn findings_to_import(lang: Lang, findings: usize, new_villages: &[String]) -> String {
    let list = new_villages.join(super::cli::LIST_SEPARATOR.get(lang));
    match (lang, new_villages.len()) {
        (Lang::Zh, 0) => format!("将导入 {findings} 条问题，不新建村"),
        (Lang::Zh, k) => format!("将导入 {findings} 条问题，新建 {k} 个村：{list}"),
        (Lang::En, 0) => format!("{findings} findings will be imported; no new villages"),
        (Lang::En, k) => {
            format!("{findings} findings will be imported; {k} new villages: {list}")
        }
    }
}

/// Above the problems of a findings list: nothing will be imported.
pub fn findings_problems(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("有 {n} 处问题，不能导入（改好文件后重新选择）："),
        Lang::En => {
            format!("{n} problems; nothing can be imported (fix the file and choose it again):")
        }
    }
}

/// Above the preview: the first rows as they will be stored.
pub fn findings_preview_heading(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::Zh => format!("导入后的样子（前 {shown} 条，共 {total} 条）"),
        Lang::En => format!("As they will be stored (first {shown} of {total})"),
    }
}

/// The status bar after a findings import: `已导入 52 条整改问题`.
pub fn imported_findings(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("已导入 {n} 条整改问题"),
        Lang::En => format!("imported {n} findings"),
    }
}

/// No row near the top of a sheet is a findings list's header.
pub fn no_findings_header(lang: Lang, sheet: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "工作表“{sheet}”前 20 行中找不到问题清单的表头行（如 村、问题来源、问题类别、问题描述、整改时限）"
        ),
        Lang::En => format!(
            "no findings header row in the first 20 rows of sheet “{sheet}” (such as village, source, category, description, deadline)"
        ),
    }
}

/// Under a findings import's problems when a village is unknown (the CLI).
pub const CREATE_HINT_CLI: Text = Text(
    "加 --create 可新建这些村",
    "add --create to create these villages",
);
/// Under a findings import's problems when a village is unknown (the app).
pub const CREATE_HINT_APP: Text = Text(
    "勾选“新建未知的村”可新建这些村",
    "tick “Create unknown villages” to create them",
);
