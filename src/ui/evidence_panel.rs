//! The 佐证材料 panel of the selected entry or finding: a strip of cards (thumbnail, name,
//! size, who and when), 添加文件…, 移除 (after a question) and a click to the viewer.
//!
//! The panel only returns [`EvidenceCommand`]s; copying files in, the file dialog and the
//! system viewer happen in the handler. Thumbnails are asked for only for the cards on
//! screen, and come from the worker ([`super::thumbs`]): a card shows 正在载入… until its
//! picture is ready, 文件缺失 when the stored file is gone, and the decoder's reason when
//! a picture is damaged.

use super::commands::Command;
use super::evidence_viewer::{EvidenceFile, ViewerAction};
use super::thumbs::{THUMB_SIDE, Thumb, Thumbs};
use crate::i18n::{Lang, evidence_ui as words};
use crate::ledger::{Attachment, Ledger, Owner, VillageId};
use crate::store::files::stored_path;
use chrono::NaiveDate;
use eframe::egui;
use egui::{Color32, RichText, Sense};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the evidence panel, the viewer, a drop or a paste asks of the app.
#[derive(Clone, Debug, PartialEq)]
pub enum EvidenceCommand {
    /// Ask for files (a dialog, several at once) and attach them to the record.
    AskFiles(Owner),
    /// Copy these files in and attach them (one undoable change).
    Attach {
        /// The record.
        owner: Owner,
        /// The files as the user had them.
        paths: Vec<PathBuf>,
    },
    /// Files were dropped on the window: attach them to the selected record, or say
    /// that none is selected.
    Dropped(Vec<PathBuf>),
    /// A picture was pasted: keep it as PNG and attach it to the selected record.
    Pasted(Arc<egui::ColorImage>),
    /// Remove a file from its record (asked first; undoable; the stored file stays).
    Detach(Box<Attachment>),
    /// Open the viewer on a record's `index`-th file.
    View {
        /// The record.
        owner: Owner,
        /// Which of its files.
        index: usize,
    },
    /// What the viewer asks for.
    Viewer(ViewerAction),
    /// Write the evidence pack of these dates and village (asks where first).
    WritePack {
        /// First day, if limited.
        from: Option<NaiveDate>,
        /// Last day, if limited.
        to: Option<NaiveDate>,
        /// Only this village.
        village: Option<VillageId>,
    },
    /// Close the pack dialog.
    ClosePack,
}

impl From<EvidenceCommand> for Command {
    fn from(c: EvidenceCommand) -> Command {
        Command::Evidence(c)
    }
}

/// What an evidence job brings back.
#[derive(Debug)]
pub enum EvidenceDone {
    /// Files were copied into `NAME.files/` (and these could not be).
    Stored {
        /// The ledger they were stored beside.
        ledger: PathBuf,
        /// The record they are for.
        owner: Owner,
        /// The files stored, in the order given.
        stored: Vec<crate::store::files::StoredFile>,
        /// Why the others were not, each naming its file.
        errors: Vec<String>,
    },
    /// A stored file was copied out under its own name, for the system viewer.
    CopiedOut(Result<PathBuf, String>),
    /// The pack was written (how many files) or why not.
    Packed {
        /// The zip.
        path: PathBuf,
        /// Files in it, or the message.
        result: Result<usize, String>,
    },
}

/// A pasted picture as PNG bytes.
pub fn png_bytes(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [w, h] = image.size;
    let rgba: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|c| c.to_srgba_unmultiplied())
        .collect();
    let (w, h) = (
        u32::try_from(w).map_err(|e| e.to_string())?,
        u32::try_from(h).map_err(|e| e.to_string())?,
    );
    let picture = image::RgbaImage::from_raw(w, h, rgba).ok_or_else(|| format!("{w}×{h}"))?;
    let mut out = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// A file name any file system takes: characters Windows refuses (`\ / : * ? " < > |`
/// and control characters) become `_`, a name of dots only or empty becomes `file`, and
/// it is cut to 120 characters (keeping the extension).
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_end_matches(['.', ' ']).trim_start();
    if trimmed.chars().all(|c| c == '.') {
        return "file".to_string();
    }
    if trimmed.chars().count() <= 120 {
        return trimmed.to_string();
    }
    let ext: String = match trimmed.rsplit_once('.') {
        Some((_, e)) if e.chars().count() <= 10 => format!(".{e}"),
        _ => String::new(),
    };
    let keep = 120 - ext.chars().count();
    format!("{}{ext}", trimmed.chars().take(keep).collect::<String>())
}

/// The panel's state: the file waiting for the user's yes before it is removed.
#[derive(Debug, Default)]
pub struct EvidencePanel {
    /// Asked about: remove this file?
    pub confirm: Option<Attachment>,
}

/// The files of a record as the panel and the viewer show them, in attach order.
pub fn evidence_files(
    ledger: &Ledger,
    ledger_path: &Path,
    owner: Owner,
    lang: Lang,
) -> Vec<EvidenceFile> {
    ledger
        .attachments_of(owner)
        .map(|a| evidence_file(a, ledger_path, lang))
        .collect()
}

fn evidence_file(a: &Attachment, ledger_path: &Path, lang: Lang) -> EvidenceFile {
    let when = a.added_at.format("%Y-%m-%d %H:%M").to_string();
    EvidenceFile {
        hash: a.hash.clone(),
        name: a.name.clone(),
        size: a.size,
        mime: a.mime.clone(),
        image: a.is_image(),
        path: stored_path(ledger_path, &a.hash),
        added: words::added_by(lang, &a.added_by, &when),
    }
}

/// Where the panel draws.
pub struct PanelEnv<'a> {
    /// The open ledger.
    pub ledger: &'a Ledger,
    /// Its file (the stored files are beside it).
    pub ledger_path: &'a Path,
    /// The selected record, if any.
    pub owner: Option<Owner>,
    /// The UI language.
    pub lang: Lang,
    /// False for a read-only ledger.
    pub editable: bool,
    /// Files are being copied in for this record.
    pub adding: bool,
    /// Says what to do with nothing selected (an entry or a finding).
    pub select_hint: crate::i18n::Text,
}

/// The side of a card's picture box, in points.
const BOX: f32 = 112.0;
/// A card's width.
const CARD_WIDTH: f32 = 136.0;

/// Draws the panel: the heading with 添加文件…, then the cards side by side (scrolling
/// sideways). Returns nothing; what the user asks goes into `cmds`.
pub fn evidence_panel_ui(
    ui: &mut egui::Ui,
    panel: &mut EvidencePanel,
    env: &PanelEnv<'_>,
    thumbs: &mut Thumbs,
    cmds: &mut Vec<Command>,
) {
    let lang = env.lang;
    let Some(owner) = env.owner.filter(|o| env.ledger.owner_exists(*o)) else {
        ui.strong(words::PANEL_TITLE.get(lang));
        ui.label(RichText::new(env.select_hint.get(lang)).weak());
        return;
    };
    let attachments: Vec<&Attachment> = env.ledger.attachments_of(owner).collect();
    ui.horizontal(|ui| {
        ui.strong(words::panel_heading(lang, attachments.len()));
        ui.label(RichText::new(owner.label(lang)).weak());
        if env.adding {
            ui.spinner();
            ui.label(words::JOB_ADDING.get(lang));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(env.editable, egui::Button::new(words::ADD_FILES.get(lang)))
                .clicked()
            {
                cmds.push(EvidenceCommand::AskFiles(owner).into());
            }
        });
    });
    if attachments.is_empty() {
        ui.label(RichText::new(words::NONE_YET.get(lang)).weak());
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt("evidence_cards")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                for (index, a) in attachments.iter().enumerate() {
                    let file = evidence_file(a, env.ledger_path, lang);
                    card_ui(ui, &file, thumbs, lang, env.editable, |what| match what {
                        CardClick::View => {
                            cmds.push(EvidenceCommand::View { owner, index }.into());
                        }
                        CardClick::Remove => panel.confirm = Some((*a).clone()),
                    });
                }
            });
        });
    confirm_ui(ui.ctx(), panel, lang, cmds);
}

/// The panel at the bottom of a view or of the central area (resizable; fits a 1024×700
/// window).
pub fn bottom_panel_ui(
    ui: &mut egui::Ui,
    id: &'static str,
    (panel, thumbs): (&mut EvidencePanel, &mut Thumbs),
    env: &PanelEnv<'_>,
    cmds: &mut Vec<Command>,
) {
    let bottom = egui::Panel::bottom(id)
        .resizable(true)
        .default_size(BOX + 96.0)
        .min_size(60.0)
        .max_size(420.0);
    bottom.show(ui, |ui| evidence_panel_ui(ui, panel, env, thumbs, cmds));
}

/// Files dropped or a picture pasted in this frame (the handler attaches them to the
/// selected record, or says none is selected).
pub fn dropped_or_pasted(ctx: &egui::Context) -> Vec<EvidenceCommand> {
    ctx.input(|i| {
        let mut out = Vec::new();
        let paths: Vec<PathBuf> = i
            .raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect();
        if !paths.is_empty() {
            out.push(EvidenceCommand::Dropped(paths));
        }
        for e in &i.events {
            if let egui::Event::PasteImage(image) = e {
                out.push(EvidenceCommand::Pasted(Arc::clone(image)));
            }
        }
        out
    })
}

impl super::app::App {
    /// While files are dragged over the window: a veil saying where they will go.
    pub(super) fn drop_hint_ui(&self, ctx: &egui::Context) {
        if ctx.input(|i| i.raw.hovered_files.is_empty()) {
            return;
        }
        let lang = self.lang();
        let text = match self.evidence_target() {
            Ok(owner) => words::drop_here(lang, &owner.label(lang)),
            Err(why) => why.get(lang).to_string(),
        };
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("evidence_drop"),
        ));
        let screen = ctx.content_rect();
        painter.rect_filled(screen, 0.0, Color32::from_black_alpha(140));
        painter.text(
            screen.center(),
            egui::Align2::CENTER_CENTER,
            text,
            egui::FontId::proportional(22.0),
            Color32::WHITE,
        );
    }
}

enum CardClick {
    View,
    Remove,
}

/// One file: its picture (or what stands for it), name, size, who and when, 移除.
fn card_ui(
    ui: &mut egui::Ui,
    file: &EvidenceFile,
    thumbs: &mut Thumbs,
    lang: Lang,
    editable: bool,
    mut clicked: impl FnMut(CardClick),
) {
    ui.allocate_ui_with_layout(
        egui::vec2(CARD_WIDTH, BOX + 70.0),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_width(CARD_WIDTH);
            let (rect, response) =
                ui.allocate_exact_size(egui::vec2(CARD_WIDTH, BOX), Sense::click());
            let response = response.on_hover_text(format!(
                "{}\n{}\n{}",
                file.name,
                file.added,
                words::VIEW_TIP.get(lang)
            ));
            if response.clicked() {
                clicked(CardClick::View);
            }
            // Only a card on screen asks for its picture.
            if ui.is_rect_visible(rect) {
                picture_ui(ui, rect, file, thumbs, lang);
            }
            // The name opens the viewer too.
            let name = ui
                .add(
                    egui::Label::new(&file.name)
                        .truncate()
                        .sense(Sense::click()),
                )
                .on_hover_text(words::VIEW_TIP.get(lang));
            if name.clicked() {
                clicked(CardClick::View);
            }
            ui.label(
                RichText::new(format!("{} · {}", words::file_size(file.size), file.added))
                    .small()
                    .weak(),
            );
            if ui
                .add_enabled(editable, egui::Button::new(words::REMOVE.get(lang)).small())
                .on_hover_text(&file.name)
                .clicked()
            {
                clicked(CardClick::Remove);
            }
        },
    );
}

/// The card's picture box: the thumbnail fitted, or a label saying what stands for it
/// (a file-type icon, 正在载入…, 文件缺失, or a crossed box and 图片已损坏 with the
/// decoder's reason on hover).
fn picture_ui(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    file: &EvidenceFile,
    thumbs: &mut Thumbs,
    lang: Lang,
) {
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let weak = ui.visuals().weak_text_color();
    let error = ui.visuals().error_fg_color;
    let (say, color, hover) = match thumbs.request(&file.request(THUMB_SIDE)) {
        Thumb::Ready(texture) => {
            let size = texture.size_vec2();
            let scale = (rect.width() / size.x).min(rect.height() / size.y).min(1.0);
            let at = egui::Rect::from_center_size(rect.center(), size * scale);
            painter.image(
                texture.id(),
                at,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                Color32::WHITE,
            );
            return;
        }
        Thumb::Pending => (words::LOADING.get(lang).to_string(), weak, None),
        Thumb::Missing => (words::MISSING_FILE.get(lang).to_string(), error, None),
        Thumb::NoThumbnail => (file.kind().get(lang).to_string(), weak, None),
        Thumb::Corrupt(why) => {
            let inner = rect.shrink(30.0);
            let stroke = egui::Stroke::new(2.0, error);
            painter.line_segment([inner.left_top(), inner.right_bottom()], stroke);
            painter.line_segment([inner.right_top(), inner.left_bottom()], stroke);
            (
                words::CORRUPT_SHORT.get(lang).to_string(),
                error,
                Some(words::corrupt(lang, why)),
            )
        }
    };
    let label = ui.put(
        rect,
        egui::Label::new(RichText::new(say).color(color)).selectable(false),
    );
    if let Some(h) = hover {
        label.on_hover_text(h);
    }
}

/// The question before a file is removed.
fn confirm_ui(ctx: &egui::Context, panel: &mut EvidencePanel, lang: Lang, cmds: &mut Vec<Command>) {
    let Some(a) = panel.confirm.clone() else {
        return;
    };
    let mut answer = None;
    egui::Window::new(words::REMOVE.get(lang))
        .id(egui::Id::unique("evidence_remove"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(words::remove_question(lang, &a.name));
            ui.horizontal(|ui| {
                if ui.button(words::REMOVE_YES.get(lang)).clicked() {
                    answer = Some(true);
                }
                if ui.button(words::CANCEL.get(lang)).clicked() {
                    answer = Some(false);
                }
            });
        });
    match answer {
        Some(true) => {
            panel.confirm = None;
            cmds.push(EvidenceCommand::Detach(Box::new(a)).into());
        }
        Some(false) => panel.confirm = None,
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_made_safe_for_any_file_system() {
        assert_eq!(safe_file_name("公厕 照片.jpg"), "公厕 照片.jpg");
        assert_eq!(
            safe_file_name("a/b\\c:d*e?f\"g<h>i|j.pdf"),
            "a_b_c_d_e_f_g_h_i_j.pdf"
        );
        assert_eq!(safe_file_name(".."), "file");
        assert_eq!(safe_file_name(""), "file");
        assert_eq!(safe_file_name("name. "), "name");
        let long = format!("{}.jpeg", "图".repeat(300));
        let safe = safe_file_name(&long);
        assert_eq!(safe.chars().count(), 120);
        assert!(safe.ends_with("图.jpeg"));
    }

    #[test]
    fn a_pasted_picture_becomes_a_png_of_the_same_pixels() {
        let mut image = egui::ColorImage::filled([3, 2], egui::Color32::from_rgb(10, 20, 30));
        image.pixels[0] = egui::Color32::from_rgb(255, 0, 0);
        let bytes = png_bytes(&image).expect("encodes");
        let back = image::load_from_memory(&bytes).expect("decodes").to_rgba8();
        assert_eq!(back.dimensions(), (3, 2));
        assert_eq!(back.get_pixel(0, 0).0, [255, 0, 0, 255]);
        assert_eq!(back.get_pixel(2, 1).0, [10, 20, 30, 255]);
    }
}
