//! Every word a user can see, in Simplified Chinese and English: one catalog.
//!
//! The UI starts in Simplified Chinese; English is one click away. Words are kept here,
//! never beside the widget or message that shows them, so the two languages stay side by
//! side and a word used in six places is spelled once. The catalog is split by the area
//! that owns the words:
//!
//! - [`fields`]: the names of an entry's fields and measures (日期, 受益户数, …), shared by
//!   the form, the table, CSV headers, reports and the CLI;
//! - [`model`]: validation and domain messages of the ledger, summary and import;
//! - [`store`]: messages about files, locks, saves and backups;
//! - [`report`]: the printed summary and the workbook;
//! - [`cli`]: the command line's own messages;
//! - [`lock`]: the period lock (结账) everywhere it shows;
//! - [`ui`]: menus, buttons, dialogs and status of the desktop app.
//!
//! Outside this module text is chosen with [`Text::get`] or a catalog function that takes
//! a [`Lang`]; [`Lang::pick`] is private to the catalog.

use serde::{Deserialize, Serialize};

pub mod cli;
pub mod evidence;
pub mod evidence_ui;
pub mod fields;
pub mod findings;
pub mod history;
pub mod lock;
pub mod model;
pub mod report;
pub mod report_evidence;
pub mod store;
pub mod transfer;
pub mod ui;

/// A language of the user interface, CLI messages and printed reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the Chinese or the English text. Private to the catalog: everywhere else
    /// words come from a [`Text`] or a catalog function.
    pub(in crate::i18n) fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

/// A word or fixed phrase in Chinese and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text(pub &'static str, pub &'static str);

impl Text {
    /// The text in a language.
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.0, self.1)
    }
}
