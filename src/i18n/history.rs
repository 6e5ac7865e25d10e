//! The app's 修改记录 (edit history): the window, its filters, the ledger as it was after
//! an edit, restoring to it, and recovering a damaged journal.

use super::{Lang, Text};

/// The menu item and the window's title.
pub const MENU: Text = Text("修改记录…", "Edit history…");
/// The menu item's tooltip.
pub const MENU_TIP: Text = Text(
    "谁在何时改了什么；可查看任一次修改刚完成时的台账，或恢复到那时",
    "Who changed what, when; see the ledger as it was right after any edit, or go back to it",
);
/// The window's title.
pub const TITLE: Text = Text("修改记录", "Edit history");
/// The item of an entry's context menu that opens the window on that entry.
pub const ENTRY_HISTORY: Text = Text("修改记录", "Edit history");

/// The columns of the list.
pub const COL_SEQ: Text = Text("序号", "No.");
/// 时间
pub const COL_TIME: Text = Text("时间", "Time");
/// 人 (user@host)
pub const COL_BY: Text = Text("人", "Person");
/// 动作
pub const COL_ACTION: Text = Text("动作", "Action");
/// 内容 (field: old → new)
pub const COL_DETAIL: Text = Text("内容", "Detail");

/// The entry-id filter.
pub const FILTER_ENTRY: Text = Text("条目编号", "Entry no.");
/// The village filter.
pub const FILTER_VILLAGE: Text = Text("涉及的村", "Village");
/// The person filter.
pub const FILTER_PERSON: Text = Text("修改人", "Changed by");
/// The first day of the date filter.
pub const FILTER_FROM: Text = Text("修改日期从", "Changed from");
/// The last day of the date filter.
pub const FILTER_TO: Text = Text("至", "to");
/// The free-text filter.
pub const FILTER_TEXT: Text = Text("查找", "Find");
/// A date field's hint.
pub const DATE_HINT: Text = Text("2020-06-30", "2020-06-30");
/// An entry number's hint.
pub const ENTRY_HINT: Text = Text("全部", "all");

/// The entry-id filter holds something that is not a number.
pub fn bad_entry_id(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Zh => format!("条目编号：“{text}”不是数字"),
        Lang::En => format!("Entry no.: “{text}” is not a number"),
    }
}

/// A date filter holds something that is not a date.
pub fn bad_date(lang: Lang, field: &str, text: &str) -> String {
    match lang {
        Lang::Zh => format!("{field}：“{text}”不是日期；可写 2020-06-30、2020/6/30、2020年6月30日"),
        Lang::En => format!("{field}: “{text}” is not a date; write 2020-06-30 or 2020/6/30"),
    }
}

/// What the filtered entry is now, beside its number.
pub fn entry_is(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Zh => format!("（{what}）"),
        Lang::En => format!("({what})"),
    }
}

/// The filtered entry is not in the ledger now.
pub const ENTRY_GONE: Text = Text("（现已不在台账中）", "(no longer in the ledger)");

/// How many edits are shown.
pub fn shown_of(lang: Lang, shown: &str, total: &str) -> String {
    match lang {
        Lang::Zh => format!("显示 {shown} 次修改（共 {total} 次）"),
        Lang::En => format!("{shown} of {total} edits shown"),
    }
}

/// The job that reads the journal and the history folder.
pub const JOB_READING: Text = Text("正在读取修改记录…", "Reading the edit history…");
/// The job that works out the ledger as it was after an edit.
pub const JOB_AS_OF: Text = Text("正在计算当时的台账…", "Working out the ledger as it was…");
/// The job that checks a damaged journal before recovering.
pub const JOB_CHECKING: Text = Text("正在检查修改日志…", "Checking the journal…");
/// The job that recovers a damaged journal and reopens the ledger.
pub const JOB_RECOVERING: Text = Text("正在恢复修改日志…", "Recovering the journal…");

/// The history could not be read.
pub fn cannot_read(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法读取修改记录：{why}"),
        Lang::En => format!("Cannot read the edit history: {why}"),
    }
}

/// See the ledger as it was right after the selected edit.
pub const VIEW_AS_OF: Text = Text("查看当时的台账", "View the ledger as it was");
/// Its tooltip.
pub const VIEW_AS_OF_TIP: Text = Text(
    "这次修改刚完成时的台账，只读：可查看、打印、导出",
    "The ledger right after this edit, read-only: look at it, print it, export it",
);
/// Restore the ledger to right after the selected edit.
pub const RESTORE_HERE: Text = Text("恢复到此处", "Restore to here");
/// Its tooltip.
pub const RESTORE_HERE_TIP: Text = Text(
    "把台账恢复到这次修改刚完成时的样子：作为一次新的修改，可撤销，也记入修改记录",
    "Bring the ledger back to just after this edit, as one new edit: undoable, and itself on record",
);
/// The last edit is selected: restoring to it changes nothing.
pub const RESTORE_LATEST: Text = Text(
    "这是最后一次修改：台账就是此时的样子，无需恢复",
    "This is the last edit: the ledger is as it was then; nothing to restore",
);
/// The list is being read again after a change.
pub const NOT_CURRENT: Text = Text(
    "修改记录正在更新，请稍候再试",
    "The edit history is being updated; try again in a moment",
);
/// The ledger changed between the question and the answer.
pub const CHANGED_MEANWHILE: Text = Text(
    "台账在确认前又有改动，未恢复；请重新选择要恢复到的修改",
    "The ledger changed before the answer; nothing was restored. Choose the edit again",
);

/// The title of the window showing the ledger as it was.
pub fn as_of_title(lang: Lang, time: &str) -> String {
    match lang {
        Lang::Zh => format!("{time} 时的台账（只读）"),
        Lang::En => format!("The ledger at {time} (read-only)"),
    }
}

/// What the as-of window shows.
pub fn as_of_note(lang: Lang, seq: u64, by: &str, entries: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "第 {seq} 次修改（{by}）刚完成时的台账，共 {entries} 条记录。只能查看、打印和导出，不能修改。"
        ),
        Lang::En => format!(
            "The ledger right after edit {seq} (by {by}), {entries} entries. It can be looked at, printed and exported, not changed."
        ),
    }
}

/// The suggested file name of a report of the ledger as it was.
pub fn as_of_file_name(lang: Lang, title: &str, time: &str) -> String {
    let time = time.replace(':', "-");
    match lang {
        Lang::Zh => format!("{title}（{time} 时）"),
        Lang::En => format!("{title} (as at {time})"),
    }
}

/// The restore confirmation's title.
pub const RESTORE_CONFIRM_TITLE: Text = Text("恢复到此处？", "Restore to here?");

/// The restore confirmation: what will happen.
pub fn restore_confirm(lang: Lang, seq: u64, time: &str, undone: usize, entries: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "台账将恢复到第 {seq} 次修改（{time}）刚完成时的样子：撤回其后的 {undone} 次修改，{entries} 条台账记录会改变。\n恢复本身是一次新的修改：可以撤销（Ctrl+Z），也会记入修改记录。"
        ),
        Lang::En => format!(
            "The ledger goes back to just after edit {seq} ({time}): the {undone} edits after it are undone and {entries} entries change.\nThe restore is one new edit: it can be undone (Ctrl+Z) and is itself on record."
        ),
    }
}

/// A restore done.
pub fn restored(lang: Lang, seq: u64, undone: usize, entries: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "已恢复到第 {seq} 次修改之后：撤回其后 {undone} 次修改，{entries} 条台账记录有变动（可撤销）"
        ),
        Lang::En => format!(
            "Restored to just after edit {seq}: {undone} edits undone, {entries} entries changed (undoable)"
        ),
    }
}

/// The button in the banner of a ledger whose journal is damaged.
pub const RECOVER_BUTTON: Text = Text(
    "恢复到最后一条完好的修改",
    "Recover up to the last good edit",
);
/// The recover confirmation's title.
pub const RECOVER_CONFIRM_TITLE: Text = Text("恢复修改日志？", "Recover the journal?");

/// The recover confirmation: which edits are lost.
pub fn recover_confirm(lang: Lang, good: u64, line: usize, lost: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "台账将恢复到第 {good} 次修改之后，然后可以继续编辑。\n修改日志从第 {line} 行起的 {lost} 次修改将丢失（不再应用）；整个日志会先原样保存到历史记录文件夹，不会删除。"
        ),
        Lang::En => format!(
            "The ledger is kept up to edit {good}, and editing can go on.\nThe {lost} edits from line {line} of the journal on are lost (not applied); the whole journal is first kept as it is in the history folder, never deleted."
        ),
    }
}

/// The name of a restore to an earlier edit, in the history and the undo menu.
pub fn restore_to(lang: Lang, seq: u64) -> String {
    match lang {
        Lang::Zh => format!("恢复到第 {seq} 次修改之后"),
        Lang::En => format!("restore to just after edit {seq}"),
    }
}
