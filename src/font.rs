//! The bundled CJK font, embedded once and shared by the app's text and the PDF.

/// Noto Sans CJK SC subset to GBK (OFL-1.1, see `assets/fonts/LICENSE-OFL.txt`;
/// `assets/fonts/make-subset.py` rebuilds it).
pub static CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-Bangfu.otf");
