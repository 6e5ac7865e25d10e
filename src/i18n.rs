//! The two languages of the app and the words both the model and the UI share.
//!
//! The UI starts in Simplified Chinese; English is one click away. Every message a user
//! can see is produced by a function here or by a `message(lang)` method next to the
//! type it describes, so the two languages are always kept side by side.

use serde::{Deserialize, Serialize};

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
    /// Picks the Chinese or the English text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
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
