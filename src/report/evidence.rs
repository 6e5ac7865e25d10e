//! The 佐证材料 appendix of the printed summary: the photos attached to the records the
//! summary covers, two or four to an A4 page, each with a caption (date, village, content,
//! department and file name), in order of the records' dates and then of attaching. Files
//! that are not photos are listed in a table at the end, not embedded. A photo whose file
//! is missing or cannot be read prints as a framed box saying so; it never fails the report.
//!
//! Photos are prepared two at a time ([`photo::prepare`]): decoded, turned upright, scaled
//! to print resolution for their box and encoded as a JPEG within a byte budget, so a
//! photo page stays under [`PAGE_BUDGET_BYTES`] and memory stays flat however many
//! photos there are (only the small JPEGs are kept until the PDF is written).

use super::pdf::layout::{
    A4_LONG, Align, BLACK, CONTENT_BOTTOM, Column, Composer, GREY, MARGIN_TOP, MARGIN_X,
    Orientation, Rgb, RowStyle, TableRow,
};
use super::pdf::photo::{self, Photo, Prepared};
use crate::i18n::{Lang, report as report_words, report_evidence as words};
use crate::ledger::evidence::Owner;
use crate::ledger::{Entry, EntryId, Ledger, Source};
use crate::store::files;
use crate::summary::Filter;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a photo page may add to the PDF (the photos' JPEGs share it).
pub const PAGE_BUDGET_BYTES: usize = 280 * 1024;
/// Font size of the captions' first line.
const CAPTION: f32 = 8.5;
/// Font size of the captions' second line (department, file name).
const CAPTION_SMALL: f32 = 7.5;
/// Line height as a multiple of the font size in captions.
const CAPTION_LINE: f32 = 1.35;
/// Space between the photo's box and its caption.
const CAPTION_GAP: f32 = 4.0;
/// Space between two photos side by side.
const GAP_X: f32 = 14.0;
/// Space between two rows of photos.
const GAP_Y: f32 = 14.0;
/// Font size of the heading.
const HEADING: f32 = 12.0;
/// Font size of the grey line under the heading.
const NOTE: f32 = 9.5;
/// Font size of the table of other files.
const TABLE: f32 = 8.0;
/// Photos decoded at the same time (each holds its full-size pixels while it is
/// scaled: a 12-megapixel photo is 36 MB).
const PREPARE_AT_ONCE: usize = 2;
/// Frame of a missing or unreadable photo's box.
const FRAME: Rgb = Rgb(150, 150, 150);

/// How many photos go on one page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PerPage {
    /// Two, one above the other (larger photos).
    Two,
    /// Four, two by two.
    #[default]
    Four,
}

impl PerPage {
    /// Both choices, for the print dialog.
    pub const ALL: [PerPage; 2] = [PerPage::Two, PerPage::Four];

    /// The number of photos.
    pub fn count(self) -> usize {
        match self {
            PerPage::Two => 2,
            PerPage::Four => 4,
        }
    }

    /// `2` → Two, `4` → Four, anything else `None`.
    pub fn from_count(n: usize) -> Option<PerPage> {
        match n {
            2 => Some(PerPage::Two),
            4 => Some(PerPage::Four),
            _ => None,
        }
    }

    fn columns(self) -> usize {
        match self {
            PerPage::Two => 1,
            PerPage::Four => 2,
        }
    }
}

/// Whether and how the appendix is printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EvidenceOptions {
    /// Print the 佐证材料 appendix (off by default: it can be many pages of photos).
    pub include: bool,
    /// Photos per page.
    pub per_page: PerPage,
}

/// One attached file as the appendix prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceFile {
    /// Where the stored file is.
    pub path: PathBuf,
    /// The file's name as the user had it.
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// A photo (embedded) or another file (listed).
    pub is_image: bool,
    /// The record's date.
    pub date: NaiveDate,
    /// The record's village.
    pub village: String,
    /// The record's department (empty when it has none).
    pub department: String,
    /// What the record is about (what was given; a finding's description).
    pub content: String,
}

/// What printing the appendix came to.
#[derive(Debug, Default)]
pub struct Appendix {
    /// The photos to embed, by the index the laid-out pages refer to.
    pub photos: Vec<Option<Photo>>,
    /// Photos whose stored file is not there.
    pub missing: usize,
    /// Files that are not there or cannot be read as images.
    pub unreadable: usize,
    /// The appendix's first page (1-based).
    pub first_page: usize,
}

/// `2.4 MB` / `35 KB`.
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Where things go on a photo page (all pages of the appendix alike).
#[derive(Clone, Copy, Debug)]
struct Grid {
    columns: usize,
    /// Top of the first row.
    top: f32,
    /// One slot: the photo's box and its caption.
    slot_w: f32,
    slot_h: f32,
    /// The photo's box (the caption is below it).
    box_h: f32,
}

impl Grid {
    fn new(per_page: PerPage) -> Grid {
        let orientation = Orientation::Portrait;
        let width = orientation.content_width();
        // Heading line, the grey note line, a little air.
        let top = MARGIN_TOP + HEADING * 2.0 + NOTE * 1.5 + 6.0;
        let bottom = A4_LONG - CONTENT_BOTTOM;
        let columns = per_page.columns();
        let rows = per_page.count() / columns;
        let slot_w = (width - GAP_X * (columns - 1) as f32) / columns as f32;
        let slot_h = (bottom - top - GAP_Y * (rows - 1) as f32) / rows as f32;
        let caption_h = CAPTION_GAP + 2.0 * CAPTION * CAPTION_LINE + CAPTION_SMALL * CAPTION_LINE;
        Grid {
            columns,
            top,
            slot_w,
            slot_h,
            box_h: slot_h - caption_h,
        }
    }

    /// Left and top of slot `i` (0-based on its page).
    fn slot(&self, i: usize) -> (f32, f32) {
        let (row, col) = (i / self.columns, i % self.columns);
        (
            MARGIN_X + col as f32 * (self.slot_w + GAP_X),
            self.top + row as f32 * (self.slot_h + GAP_Y),
        )
    }
}

/// The files attached to the entries a summary over `filter` prints (others' input only
/// when `include_other`), in attach order, each with its record's date, village,
/// department and what was given; the stored file is looked for beside the ledger saved
/// at `ledger_path` (`NAME.files/`).
pub fn files_for(
    ledger: &Ledger,
    ledger_path: &Path,
    filter: &Filter,
    include_other: bool,
) -> Vec<EvidenceFile> {
    if ledger.attachments.is_empty() {
        return Vec::new();
    }
    let printed: HashMap<EntryId, &Entry> = super::table::report_entries(ledger, filter)
        .into_iter()
        .filter(|e| include_other || e.source != Source::Other)
        .map(|e| (e.id, e))
        .collect();
    ledger
        .attachments
        .iter()
        .filter_map(|a| {
            let Owner::Entry(id) = a.owner else {
                return None;
            };
            let e = printed.get(&id)?;
            Some(EvidenceFile {
                path: files::stored_path(ledger_path, &a.hash),
                name: a.name.clone(),
                size: a.size,
                is_image: a.is_image(),
                date: e.date,
                village: ledger.village_name(e.village).to_string(),
                department: ledger.department_name(e.department).to_string(),
                content: e.what.to_string(),
            })
        })
        .collect()
}

/// The files in print order: by the record's date, then in the order given (the order
/// they were attached in). The sort is stable.
pub fn in_print_order(mut files: Vec<EvidenceFile>) -> Vec<EvidenceFile> {
    files.sort_by_key(|f| f.date);
    files
}

/// Lays the appendix out after what the composer holds: new pages of photos with their
/// captions, then the table of other files. Each photo is read and prepared here, one at
/// a time; the pages refer to them by index in [`Appendix::photos`].
pub fn compose(
    c: &mut Composer<'_>,
    files: &[EvidenceFile],
    per_page: PerPage,
    lang: Lang,
) -> Appendix {
    let photos: Vec<&EvidenceFile> = files.iter().filter(|f| f.is_image).collect();
    let others: Vec<&EvidenceFile> = files.iter().filter(|f| !f.is_image).collect();
    let grid = Grid::new(per_page);
    let budget = PAGE_BUDGET_BYTES / per_page.count();
    let max_px = photo::print_pixels(grid.slot_w, grid.box_h);
    let mut out = Appendix::default();

    c.new_page(Orientation::Portrait);
    out.first_page = c.page_number();
    c.heading(words::APPENDIX.get(lang), HEADING, 0.0);
    if files.is_empty() {
        c.paragraph(words::NONE.get(lang), NOTE, Align::Left, GREY);
        return out;
    }
    c.paragraph(
        &words::intro(photos.len(), others.len(), lang),
        NOTE,
        Align::Left,
        GREY,
    );

    // Prepared a few at a time (decoding is most of the time a report with photos
    // takes), never more at once than PREPARE_AT_ONCE: each holds a full-size photo.
    let mut prepared: Vec<Prepared> = Vec::with_capacity(photos.len());
    for chunk in photos.chunks(PREPARE_AT_ONCE) {
        let done: Vec<Prepared> = chunk
            .par_iter()
            .map(|f| photo::prepare(&f.path, max_px, budget))
            .collect();
        prepared.extend(done);
    }

    let mut used_rows = 0;
    for (n, (file, prepared)) in photos.iter().zip(prepared).enumerate() {
        let on_page = n % per_page.count();
        if n > 0 && on_page == 0 {
            c.new_page(Orientation::Portrait);
            c.heading(words::APPENDIX_CONTINUED.get(lang), HEADING, 0.0);
        }
        let (x, y) = grid.slot(on_page);
        used_rows = on_page / grid.columns + 1;
        // The caption starts under the photo's left edge.
        let mut caption_x = x;
        match prepared {
            Prepared::Photo(p) => {
                // Fit the photo in its box, centred across and resting on its caption.
                let (pw, ph) = (p.width as f32, p.height as f32);
                let scale = (grid.slot_w / pw).min(grid.box_h / ph);
                let (w, h) = (pw * scale, ph * scale);
                let px = x + (grid.slot_w - w) / 2.0;
                let py = y + grid.box_h - h;
                c.put_image(px, py, w, h, out.photos.len());
                caption_x = px;
                out.photos.push(Some(p));
            }
            Prepared::Missing => {
                out.missing += 1;
                framed_box(c, &grid, x, y, &words::missing_file(&file.name, lang));
            }
            Prepared::Unreadable(_) => {
                out.unreadable += 1;
                framed_box(c, &grid, x, y, &words::unreadable_image(&file.name, lang));
            }
        }
        let width = x + grid.slot_w - caption_x;
        let top = y + grid.box_h + CAPTION_GAP;
        caption(c, (caption_x, top, width), n + 1, file, lang);
    }

    if !others.is_empty() {
        if !photos.is_empty() {
            // Under the last row of photos, or on a new page when that is full (the
            // heading's keep-with moves it).
            let below = grid.top + used_rows as f32 * (grid.slot_h + GAP_Y);
            c.space(below - c.y());
        }
        c.heading(words::OTHER_FILES.get(lang), HEADING, 60.0);
        c.table(&others_table(&others, lang));
    }
    out
}

/// A framed box in a photo's place with the reason in the middle.
fn framed_box(c: &mut Composer<'_>, grid: &Grid, x: f32, y: f32, text: &str) {
    let (x2, y2) = (x + grid.slot_w, y + grid.box_h);
    for (a, b) in [
        ((x, y), (x2, y)),
        ((x2, y), (x2, y2)),
        ((x2, y2), (x, y2)),
        ((x, y2), (x, y)),
    ] {
        c.put_line(a, b, 0.8, FRAME);
    }
    let size = 10.0;
    let line_h = size * 1.4;
    let lines = c.wrap(text, size, grid.slot_w - 20.0);
    let mut top = y + (grid.box_h - line_h * lines.len() as f32) / 2.0;
    for line in lines {
        let lx = x + (grid.slot_w - c.font().width(&line, size)) / 2.0;
        c.put_text(lx, top, size, line_h, &line, GREY);
        top += line_h;
    }
}

/// The caption under a photo, at `(x, top)` and at most `width` wide:
/// `图3 2020年6月5日 九股村 公厕建设` (two lines at most, then cut with …) and, in grey,
/// the department and the file's name.
fn caption(
    c: &mut Composer<'_>,
    (x, top, width): (f32, f32, f32),
    n: usize,
    file: &EvidenceFile,
    lang: Lang,
) {
    let first = [
        words::photo_number(n, lang),
        report_words::date_text(file.date, lang),
        file.village.clone(),
        file.content.clone(),
    ]
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect::<Vec<_>>()
    .join("  ");
    let line_h = CAPTION * CAPTION_LINE;
    let mut lines = c.wrap(&first, CAPTION, width);
    if lines.len() > 2 {
        let rest = lines[1..].concat();
        lines.truncate(1);
        lines.push(c.fit(&rest, CAPTION, width));
    }
    let mut y = top;
    for line in &lines {
        c.put_text(x, y, CAPTION, line_h, line, BLACK);
        y += line_h;
    }
    let second = [file.department.as_str(), file.name.as_str()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let second = c.fit(&second, CAPTION_SMALL, width);
    c.put_text(
        x,
        y,
        CAPTION_SMALL,
        CAPTION_SMALL * CAPTION_LINE,
        &second,
        GREY,
    );
}

/// The table of files that are not photos: name, size, and the record they belong to.
fn others_table(others: &[&EvidenceFile], lang: Lang) -> super::pdf::layout::Table {
    let columns = vec![
        Column::text(words::FILE_NAME.get(lang)),
        Column::number(words::FILE_SIZE.get(lang)),
        Column::fixed(words::RECORD_DATE.get(lang)),
        Column::text(words::RECORD_VILLAGE.get(lang)),
        Column::text(words::RECORD_CONTENT.get(lang)),
    ];
    let rows = others
        .iter()
        .map(|f| TableRow {
            cells: vec![
                f.name.clone(),
                size_text(f.size),
                f.date.format("%Y-%m-%d").to_string(),
                f.village.clone(),
                [f.content.as_str(), f.department.as_str()]
                    .into_iter()
                    .filter(|s| !s.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
            ],
            style: RowStyle::Normal,
        })
        .collect();
    super::pdf::layout::Table {
        columns,
        rows,
        key_columns: 1,
        font_size: TABLE,
        continued: report_words::CONTINUED.get(lang).to_string(),
        stretch: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_box_at_150_dpi_stays_within_the_page_budget_share() {
        // 4 to a page: each box is about 249 × 300 pt, 518 × 625 px at 150 dpi.
        let g = Grid::new(PerPage::Four);
        assert!((g.slot_w - (595.28 - 84.0 - 14.0) / 2.0).abs() < 0.01);
        assert!(g.box_h > 250.0 && g.box_h < 340.0, "{}", g.box_h);
        let g2 = Grid::new(PerPage::Two);
        assert!((g2.slot_w - (595.28 - 84.0)).abs() < 0.01);
        assert_eq!((g.columns, g2.columns), (2, 1));
        assert!((g.slot_h - g2.slot_h).abs() < 0.01, "two rows in both");
        // The second row starts one slot and a gap below the first.
        assert!((g.slot(2).1 - g.slot(0).1 - g.slot_h - GAP_Y).abs() < 0.01);
        assert!((g.slot(1).0 - g.slot(0).0 - g.slot_w - GAP_X).abs() < 0.01);
        // The last row ends above the footer.
        assert!(g.slot(3).1 + g.slot_h <= A4_LONG - CONTENT_BOTTOM + 0.01);
    }

    #[test]
    fn print_order_is_by_date_then_as_attached() {
        let f = |d: u32, name: &str| EvidenceFile {
            path: PathBuf::from(name),
            name: name.into(),
            size: 1,
            is_image: true,
            date: NaiveDate::from_ymd_opt(2020, 6, d).unwrap_or_default(),
            village: String::new(),
            department: String::new(),
            content: String::new(),
        };
        let order = in_print_order(vec![f(9, "a"), f(5, "b"), f(9, "c"), f(5, "d")]);
        let names: Vec<&str> = order.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["b", "d", "a", "c"]);
        assert_eq!(PerPage::from_count(2), Some(PerPage::Two));
        assert_eq!(PerPage::from_count(3), None);
        assert_eq!(size_text(2_500_000), "2.4 MB");
        assert_eq!(size_text(35 * 1024), "35 KB");
    }
}
