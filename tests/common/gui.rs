//! The app under egui_kittest: starting it on a ledger file ([`Start`]) and finding,
//! clicking and typing by label.

use bangfu::ledger::Ledger;
use bangfu::store::fs::RealFs;
use bangfu::store::read_ledger;
use bangfu::ui::platform::ScriptedPlatform;
use bangfu::ui::settings::Settings;
use bangfu::ui::{App, AppOptions};
use chrono::NaiveDate;
use eframe::egui::{self, Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// How a test starts the app: its date, window size, settings and scripted platform.
/// Unless set: a 1400×900 window, default settings, a platform of its own, and up to 64
/// frames per `run` (the save worker wakes the UI when a save is done: a few more frames).
pub struct Start {
    today: NaiveDate,
    size: egui::Vec2,
    settings: Settings,
    platform: Arc<ScriptedPlatform>,
    max_steps: u64,
}

impl Start {
    /// The app as if today were `today`.
    pub fn on(today: NaiveDate) -> Self {
        Self {
            today,
            size: egui::vec2(1400.0, 900.0),
            settings: Settings::default(),
            platform: Arc::new(ScriptedPlatform::new()),
            max_steps: 64,
        }
    }

    /// In a window of this size.
    pub fn size(mut self, size: egui::Vec2) -> Self {
        self.size = size;
        self
    }

    /// With these settings instead of the defaults.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// With a platform the test keeps a handle to (its file dialogs answer from a queue;
    /// the "viewer" records what it was asked to open).
    pub fn platform(mut self, platform: Arc<ScriptedPlatform>) -> Self {
        self.platform = platform;
        self
    }

    /// At most this many frames per `Harness::run`.
    pub fn max_steps(mut self, max_steps: u64) -> Self {
        self.max_steps = max_steps;
        self
    }

    /// The harness on the ledger at `path`, no frame drawn yet.
    pub fn build(self, path: &Path) -> Harness<'static, App> {
        let Self {
            today,
            size,
            settings,
            platform,
            max_steps,
        } = self;
        let path = path.to_path_buf();
        Harness::builder()
            .with_size(size)
            .with_max_steps(max_steps)
            .build_eframe(move |cc| {
                App::new(
                    cc,
                    AppOptions {
                        file: Some(path),
                        today: Some(today),
                        settings: Some(settings),
                        platform: Some(platform),
                    },
                )
            })
    }

    /// The harness on the ledger at `path`, run until it settles.
    pub fn open(self, path: &Path) -> Harness<'static, App> {
        let mut h = self.build(path);
        h.run();
        h
    }
}

/// The ledger as saved at `path` (snapshot and journal).
pub fn on_disk(path: &Path) -> Ledger {
    read_ledger(&RealFs, path).expect("ledger on disk reads")
}

/// The ledger at `path` once the app's saves are done.
pub fn saved_on_disk(h: &mut Harness<'_, App>, path: &Path) -> Ledger {
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    on_disk(path)
}

/// Focuses the one-line text field labelled `label`, selects what is there and types over
/// it.
pub fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    type_into_role(h, Role::TextInput, label, text);
}

/// Types over the field labelled `label`, one-line or multi-line.
pub fn type_into_field(h: &mut Harness<'_, App>, label: &str, text: &str) {
    let role = if h.query_by_role_and_label(Role::TextInput, label).is_some() {
        Role::TextInput
    } else {
        Role::MultilineTextInput
    };
    type_into_role(h, role, label, text);
}

fn type_into_role(h: &mut Harness<'_, App>, role: Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

/// Clicks the one button labelled exactly `label`.
pub fn click_button(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

/// Clicks the first button whose label contains `label` (menu items carry their shortcut).
pub fn click_button_containing(h: &mut Harness<'_, App>, label: &str) {
    h.query_all_by_label_contains(label)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no button {label}"))
        .click();
    h.run();
}

/// Whether the button labelled exactly `label` can be clicked.
pub fn button_enabled(h: &Harness<'_, App>, label: &str) -> bool {
    !h.get_by_role_and_label(Role::Button, label)
        .accesskit_node()
        .is_disabled()
}

/// Whether some node is labelled exactly `text`.
pub fn has_text(h: &Harness<'_, App>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

/// Whether some node's label contains `text`.
pub fn has_text_containing(h: &Harness<'_, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}
