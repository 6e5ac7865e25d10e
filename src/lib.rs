//! Bangfu Ledger (帮扶台账): records what an assisting unit's departments give to the
//! villages it is paired with, totals it, and prints summaries.
//!
//! Layers, from the bottom: [`ledger`] (pure data, validation, undoable edits),
//! [`summary`] (totals), [`store`] (the file that never loses a record),
//! [`transfer`] (CSV import/export), then [`cli`] and the egui app (`ui`, feature `gui`)
//! on top. `main.rs` chooses between them; the CLI never starts the app.

pub mod cli;
pub mod demo;
pub mod font;
pub mod i18n;
pub mod ledger;
pub mod report;
pub mod store;
pub mod summary;
pub mod transfer;
#[cfg(feature = "gui")]
pub mod ui;
