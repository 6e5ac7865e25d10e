//! UI words used in more than one place (menus, buttons, tests), in both languages.
//!
//! Words used once live next to the widget as `lang.pick("中文", "English")`.

use crate::i18n::Lang;

pub use crate::i18n::Text;

/// The app's name.
pub const APP_NAME: Text = Text("帮扶台账", "Bangfu Ledger");
/// Save button of the entry form.
pub const SAVE: Text = Text("保存", "Save");
/// Cancel.
pub const CANCEL: Text = Text("取消", "Cancel");
/// Undo menu item prefix.
pub const UNDO: Text = Text("撤销", "Undo");
/// Redo menu item prefix.
pub const REDO: Text = Text("重做", "Redo");
/// The ledger tab.
pub const TAB_LEDGER: Text = Text("台账", "Ledger");
/// The totals tab.
pub const TAB_TOTALS: Text = Text("汇总", "Totals");
/// The master data tab.
pub const TAB_MASTER: Text = Text("基础资料", "Master data");
/// Status: saved.
pub const SAVED: Text = Text("已保存", "Saved");
/// Status: saving.
pub const SAVING: Text = Text("正在保存…", "Saving…");
/// Status: not saved yet.
pub const UNSAVED: Text = Text("未保存", "Not saved");
/// Retry a failed save.
pub const RETRY: Text = Text("重试", "Retry");
/// Total value column / label.
pub const TOTAL: Text = Text("合计", "Total");
/// Value in yuan.
pub const VALUE_YUAN: Text = Text("金额（元）", "Value (yuan)");
/// Number of entries.
pub const ENTRIES: Text = Text("条数", "Entries");
/// Households reached.
pub const HOUSEHOLDS: Text = Text("受益户数", "Households");
/// Persons reached.
pub const PERSONS: Text = Text("受益人数", "Persons");
/// Person-times.
pub const PERSON_TIMES: Text = Text("人次", "Person-times");
/// Delivery rate.
pub const DELIVERY_RATE: Text = Text("到位率", "Delivery rate");
/// Pledged.
pub const PLEDGED: Text = Text("计划金额", "Pledged");
/// Delivered.
pub const DELIVERED: Text = Text("已到位", "Delivered");
/// All (no filter).
pub const ALL: Text = Text("全部", "All");
/// The language switch.
pub const LANGUAGE_SWITCH: Text = Text("中文 / English", "中文 / English");

/// `撤销：添加 化肥` / `Undo: add 化肥`.
pub fn with_action(prefix: Text, action: &str, lang: Lang) -> String {
    format!("{}{}{action}", prefix.get(lang), lang.pick("：", ": "))
}
