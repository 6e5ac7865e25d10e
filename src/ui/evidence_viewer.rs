//! The evidence viewer: one record's files in a window, a picture fitted to it, zoom
//! (buttons, Ctrl+wheel, + / −), pan (drag), ← / → through the files, and the file opened
//! in its folder or in the system's program (as actions: the handler does those).
//!
//! Pictures come from the thumbnail worker at [`VIEW_SIDE`], so the window never decodes
//! on the UI thread; meanwhile it says 正在载入…. A file that is missing, damaged or not a
//! picture says so in the window.

use super::thumbs::{Thumb, ThumbKey, ThumbRequest, Thumbs, VIEW_SIDE};
use crate::i18n::{Lang, evidence_ui as words};
use eframe::egui;
use egui::{Key, Modifiers, Vec2};
use std::path::PathBuf;

/// One attached file as the panel and the viewer show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceFile {
    /// The stored file's hash.
    pub hash: String,
    /// The name the user had for it.
    pub name: String,
    /// Bytes, as attached.
    pub size: u64,
    /// The type, sniffed when it was attached.
    pub mime: String,
    /// True for a picture that gets a thumbnail.
    pub image: bool,
    /// Where it is stored (`NAME.files/ab/<hash>`).
    pub path: PathBuf,
    /// Who added it and when, as shown under it.
    pub added: String,
}

impl EvidenceFile {
    /// The worker's request for this file at `side` pixels.
    pub fn request(&self, side: u32) -> ThumbRequest {
        ThumbRequest {
            key: ThumbKey {
                hash: self.hash.clone(),
                side,
            },
            path: self.path.clone(),
            size: self.size,
            image: self.image,
        }
    }

    /// What stands for a file that has no thumbnail: its kind, by its type.
    pub fn kind(&self) -> crate::i18n::Text {
        let m = self.mime.as_str();
        if m == "application/pdf" {
            words::KIND_PDF
        } else if m.starts_with("image/") {
            words::KIND_IMAGE
        } else if m.contains("spreadsheet") || m.contains("excel") {
            words::KIND_SHEET
        } else if m.contains("word") || m.contains("document") || m.starts_with("text/") {
            words::KIND_DOCUMENT
        } else if m.contains("zip") || m.contains("compressed") || m.contains("rar") {
            words::KIND_ARCHIVE
        } else {
            words::KIND_OTHER
        }
    }
}

/// What the viewer asks the app to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewerAction {
    /// Open the folder the stored file is in.
    OpenFolder(PathBuf),
    /// Open the file in the system's program (under its own name).
    OpenWithSystem {
        /// The stored file.
        path: PathBuf,
        /// The name to give the copy that is opened.
        name: String,
    },
    /// The window was closed.
    Close,
}

/// Smallest and largest zoom, relative to the fitted picture.
const ZOOM_MIN: f32 = 0.25;
const ZOOM_MAX: f32 = 16.0;
/// One step of the zoom buttons and keys.
const ZOOM_STEP: f32 = 1.25;

/// The viewer's state.
#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceViewer {
    /// Which of the record's files is shown.
    pub index: usize,
    /// 1.0: the picture fitted to the window.
    pub zoom: f32,
    /// How far the picture was dragged from the middle, in points.
    pub pan: Vec2,
}

impl EvidenceViewer {
    /// Shows the `index`-th file, fitted.
    pub fn new(index: usize) -> EvidenceViewer {
        EvidenceViewer {
            index,
            zoom: 1.0,
            pan: Vec2::ZERO,
        }
    }

    /// Zooms by a factor, within limits.
    pub fn zoom_by(&mut self, factor: f32) {
        self.zoom = (self.zoom * factor).clamp(ZOOM_MIN, ZOOM_MAX);
        if self.zoom <= 1.0 {
            self.pan = Vec2::ZERO;
        }
    }

    /// Goes to another file (wrapping around), fitted.
    pub fn step(&mut self, by: isize, count: usize) {
        if count == 0 {
            return;
        }
        let count = count as isize;
        self.index = (self.index as isize + by).rem_euclid(count) as usize;
        self.zoom = 1.0;
        self.pan = Vec2::ZERO;
    }

    /// Shows the window over `files` (the record's, in attach order). Keys: ← / → other
    /// files, + / − zoom, Esc closes.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        files: &[EvidenceFile],
        thumbs: &mut Thumbs,
        lang: Lang,
    ) -> Vec<ViewerAction> {
        let mut actions = Vec::new();
        if files.is_empty() {
            actions.push(ViewerAction::Close);
            return actions;
        }
        self.index = self.index.min(files.len() - 1);
        // The keys are the viewer's while it is open and no text field has the keyboard.
        if !ctx.egui_wants_keyboard_input() {
            ctx.input_mut(|i| {
                if i.consume_key(Modifiers::NONE, Key::ArrowLeft) {
                    self.step(-1, files.len());
                }
                if i.consume_key(Modifiers::NONE, Key::ArrowRight) {
                    self.step(1, files.len());
                }
                if i.consume_key(Modifiers::NONE, Key::Plus)
                    || i.consume_key(Modifiers::NONE, Key::Equals)
                    || i.consume_key(Modifiers::SHIFT, Key::Equals)
                {
                    self.zoom_by(ZOOM_STEP);
                }
                if i.consume_key(Modifiers::NONE, Key::Minus) {
                    self.zoom_by(1.0 / ZOOM_STEP);
                }
                if i.consume_key(Modifiers::NONE, Key::Escape) {
                    actions.push(ViewerAction::Close);
                }
            });
        }
        let file = &files[self.index];
        let title = words::viewer_title(lang, &file.name, self.index + 1, files.len());
        let screen = ctx.content_rect();
        let mut open = true;
        egui::Window::new(title)
            .id(egui::Id::unique("evidence_viewer"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size((screen.size() * 0.8).min(egui::vec2(900.0, 640.0)))
            .max_size(screen.size() - egui::vec2(16.0, 16.0))
            .show(ctx, |ui| {
                ui.horizontal_wrapped(|ui| {
                    let many = files.len() > 1;
                    if ui
                        .add_enabled(many, egui::Button::new(words::PREVIOUS.get(lang)))
                        .clicked()
                    {
                        self.step(-1, files.len());
                    }
                    if ui
                        .add_enabled(many, egui::Button::new(words::NEXT.get(lang)))
                        .clicked()
                    {
                        self.step(1, files.len());
                    }
                    ui.separator();
                    if file.image {
                        if ui
                            .button("-")
                            .on_hover_text(words::ZOOM_OUT.get(lang))
                            .clicked()
                        {
                            self.zoom_by(1.0 / ZOOM_STEP);
                        }
                        ui.label(format!("{:.0}%", self.zoom * 100.0))
                            .on_hover_text(words::ZOOM_TIP.get(lang));
                        if ui
                            .button("+")
                            .on_hover_text(words::ZOOM_IN.get(lang))
                            .clicked()
                        {
                            self.zoom_by(ZOOM_STEP);
                        }
                        if ui.button(words::FIT.get(lang)).clicked() {
                            self.zoom = 1.0;
                            self.pan = Vec2::ZERO;
                        }
                        ui.separator();
                    }
                    if ui.button(words::OPEN_FOLDER.get(lang)).clicked()
                        && let Some(folder) = file.path.parent()
                    {
                        actions.push(ViewerAction::OpenFolder(folder.to_path_buf()));
                    }
                    if ui.button(words::OPEN_SYSTEM.get(lang)).clicked() {
                        actions.push(ViewerAction::OpenWithSystem {
                            path: file.path.clone(),
                            name: file.name.clone(),
                        });
                    }
                });
                ui.label(
                    egui::RichText::new(format!(
                        "{} · {}",
                        words::file_size(file.size),
                        file.added
                    ))
                    .weak(),
                );
                ui.separator();
                self.picture_ui(ui, file, thumbs, lang);
            });
        if !open {
            actions.push(ViewerAction::Close);
        }
        actions
    }

    /// The picture area: the image fitted, zoomed and panned, or what stands for it.
    fn picture_ui(
        &mut self,
        ui: &mut egui::Ui,
        file: &EvidenceFile,
        thumbs: &mut Thumbs,
        lang: Lang,
    ) {
        let size = ui.available_size().max(egui::vec2(200.0, 150.0));
        let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click_and_drag());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
        let say = |ui: &mut egui::Ui, text: String, color: egui::Color32| {
            ui.put(
                rect,
                egui::Label::new(egui::RichText::new(text).size(16.0).color(color)).wrap(),
            );
        };
        let weak = ui.visuals().weak_text_color();
        let error = ui.visuals().error_fg_color;
        match thumbs.request(&file.request(VIEW_SIDE)) {
            Thumb::Pending => say(ui, words::LOADING.get(lang).to_string(), weak),
            Thumb::Missing => say(ui, words::MISSING_FILE.get(lang).to_string(), error),
            Thumb::Corrupt(why) => say(ui, words::corrupt(lang, why), error),
            Thumb::NoThumbnail => say(
                ui,
                format!("{}  {}", file.kind().get(lang), words::NO_PREVIEW.get(lang)),
                weak,
            ),
            Thumb::Ready(texture) => {
                if response.hovered() {
                    let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
                    if zoom != 1.0 {
                        self.zoom_by(zoom);
                    } else if self.zoom > 1.0 {
                        self.pan += scroll;
                    }
                }
                if response.dragged() {
                    self.pan += response.drag_delta();
                }
                if response.double_clicked() {
                    self.zoom = 1.0;
                    self.pan = Vec2::ZERO;
                }
                let image = texture.size_vec2();
                let fit = (rect.width() / image.x).min(rect.height() / image.y);
                let shown = image * fit * self.zoom;
                // Never dragged out of sight: at least a quarter stays in the window.
                let room = ((shown - rect.size()) * 0.5).max(Vec2::ZERO) + rect.size() * 0.25;
                self.pan = self.pan.clamp(-room, room);
                let at = egui::Rect::from_center_size(rect.center() + self.pan, shown);
                painter.image(
                    texture.id(),
                    at,
                    egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                    egui::Color32::WHITE,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepping_wraps_and_refits() {
        let mut v = EvidenceViewer::new(0);
        v.zoom_by(ZOOM_STEP);
        v.pan = egui::vec2(10.0, 0.0);
        v.step(-1, 3);
        assert_eq!((v.index, v.zoom, v.pan), (2, 1.0, Vec2::ZERO));
        v.step(1, 3);
        assert_eq!(v.index, 0);
        v.step(1, 0);
        assert_eq!(v.index, 0);
    }

    #[test]
    fn zoom_stays_within_its_limits() {
        let mut v = EvidenceViewer::new(0);
        for _ in 0..100 {
            v.zoom_by(ZOOM_STEP);
        }
        assert_eq!(v.zoom, ZOOM_MAX);
        for _ in 0..100 {
            v.zoom_by(1.0 / ZOOM_STEP);
        }
        assert_eq!(v.zoom, ZOOM_MIN);
    }
}
