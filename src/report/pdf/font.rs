//! The bundled CJK font: which characters it has, how wide text is, and the glyphs to draw.
//!
//! Text is "shaped" here by the font's cmap and advance widths only. That is exact for the
//! Chinese, digits and Latin text of a summary (the subset keeps no kerning that changes
//! widths of these), and it is what the layout measured, so nothing drawn overflows a
//! column the layout computed.

use krilla::text::{GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use std::cell::RefCell;
use std::collections::HashMap;

/// The font file (Noto Sans CJK SC, GBK subset, OFL-1.1), embedded once in [`crate::font`].
pub use crate::font::CJK_FONT as FONT_BYTES;

/// Drawn in place of a character the font lacks (a visible box, never a blank).
const REPLACEMENT: char = '□';

/// Measures and maps text with the bundled font.
pub struct FontMetrics {
    charmap: skrifa::charmap::Charmap<'static>,
    glyph_metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    replacement: (u32, f32),
    cache: RefCell<HashMap<char, Option<(u32, f32)>>>,
}

impl FontMetrics {
    /// Reads the bundled font; `None` if it cannot be parsed (a broken build).
    pub fn bundled() -> Option<FontMetrics> {
        let font = FontRef::new(FONT_BYTES).ok()?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        let charmap = font.charmap();
        let glyph_metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let mut metrics = FontMetrics {
            charmap,
            glyph_metrics,
            units_per_em,
            replacement: (0, 0.5),
            cache: RefCell::new(HashMap::new()),
        };
        metrics.replacement = metrics.lookup(REPLACEMENT).unwrap_or((0, 1.0));
        Some(metrics)
    }

    /// Glyph id and advance (in em) of a character, `None` if the font lacks it.
    fn lookup(&self, c: char) -> Option<(u32, f32)> {
        if let Some(hit) = self.cache.borrow().get(&c) {
            return *hit;
        }
        let found = self.charmap.map(c).map(|gid| {
            let advance = self.glyph_metrics.advance_width(gid).unwrap_or(0.0);
            (gid.to_u32(), advance / self.units_per_em)
        });
        self.cache.borrow_mut().insert(c, found);
        found
    }

    /// True when the font can draw the character.
    pub fn has(&self, c: char) -> bool {
        c.is_control() || self.lookup(c).is_some()
    }

    fn glyph(&self, c: char) -> (u32, f32) {
        if c.is_control() {
            return (0, 0.0);
        }
        self.lookup(c).unwrap_or(self.replacement)
    }

    /// Advance of one character in points.
    pub fn char_width(&self, c: char, size: f32) -> f32 {
        self.glyph(c).1 * size
    }

    /// Width of a line of text in points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// The glyphs to draw a line of text, one per character, each mapped back to its
    /// character so the PDF's text can be copied and searched.
    pub fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(i, c)| {
                let (gid, advance) = self.glyph(c);
                KrillaGlyph::new(
                    GlyphId::new(gid),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_measures_chinese_and_digits() {
        let Some(f) = FontMetrics::bundled() else {
            panic!("bundled font does not parse");
        };
        assert!(f.has('九') && f.has('堃') && f.has('0'));
        assert!(!f.has('𠀀'));
        // CJK ideographs are one em wide.
        assert!((f.width("九股村", 10.0) - 30.0).abs() < 0.01);
        assert!(f.width("1,000.00", 10.0) > 20.0);
        assert_eq!(f.glyphs("村a").len(), 2);
    }
}
