//! The bundled CJK font, added as a fallback so Chinese never shows as boxes.

use eframe::egui;
use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

use crate::font::CJK_FONT as NOTO_SANS_SC;

/// The font definitions the app uses: egui's defaults, then the CJK font as a fallback in
/// both the proportional and the monospace family.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "NotoSansSC".to_owned(),
        Arc::new(FontData::from_static(NOTO_SANS_SC)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("NotoSansSC".to_owned());
    }
    fonts
}

/// Installs the fonts on a context.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
