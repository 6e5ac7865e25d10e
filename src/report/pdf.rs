//! The printed summary as a PDF: laid out and paginated by [`layout`], then drawn with
//! krilla, which embeds the bundled CJK font as a subset.

pub mod font;
pub mod layout;
pub mod photo;

use super::ReportTables;
use super::table::{self, RowKind, Table};
use super::{
    ReportError, ReportOptions, date_text, money_text, period_text, spans_months, summary_for,
    title, with_unit,
};
use crate::i18n::{Lang, report as words};
use crate::ledger::Ledger;
use crate::ledger::money::group_count;
use crate::summary::{Grouping, Summary};
use font::{FONT_BYTES, FontMetrics};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use layout::{
    Align, BLACK, Bar, Column, Composer, GREY, Item, Orientation, PageBox, RowStyle, TableRow,
};

/// Font size of body text.
const BODY: f32 = 9.5;
/// Font size of summary tables.
const TABLE: f32 = 8.5;
/// Font size of the entries appendix.
pub const APPENDIX: f32 = 7.5;
/// Font size of the footer.
const FOOTER: f32 = 8.0;

/// A finished PDF.
#[derive(Clone, Debug)]
pub struct PdfReport {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Characters the bundled font cannot draw (printed as □); empty when all is well.
    /// Show them to the user before printing.
    pub missing_chars: Vec<char>,
    /// The first page (1-based) of each section, by heading.
    pub section_pages: Vec<(String, usize)>,
    /// Photos of the 佐证材料 appendix whose file is missing, and those that cannot be
    /// read (each printed as a framed box saying so).
    pub evidence_problems: (usize, usize),
}

impl PdfReport {
    /// The warning to show when characters are missing, `None` when there are none.
    pub fn missing_warning(&self, lang: Lang) -> Option<String> {
        if self.missing_chars.is_empty() {
            return None;
        }
        let chars: String = self
            .missing_chars
            .iter()
            .map(|c| format!("“{c}”(U+{:04X})", u32::from(*c)))
            .collect::<Vec<_>>()
            .join(" ");
        Some(words::missing_chars(&chars, lang))
    }

    /// The warning to show when photos of the appendix could not be printed.
    pub fn evidence_warning(&self, lang: Lang) -> Option<String> {
        let (missing, unreadable) = self.evidence_problems;
        (missing + unreadable > 0)
            .then(|| crate::i18n::report_evidence::problems(missing, unreadable, lang))
    }
}

/// Makes the printed summary of the ledger for the options' period (without the
/// 佐证材料 appendix, which needs to know where the ledger's files are: [`pdf_at`]).
pub fn pdf(ledger: &Ledger, options: &ReportOptions) -> Result<PdfReport, ReportError> {
    pdf_with_files(ledger, options, Vec::new())
}

/// Makes the printed summary of the ledger saved at `ledger_path`, with the 佐证材料
/// appendix of the files attached to the entries it prints when the options ask for it.
pub fn pdf_at(
    ledger: &Ledger,
    ledger_path: &std::path::Path,
    options: &ReportOptions,
) -> Result<PdfReport, ReportError> {
    let files = if options.evidence.include {
        let filter = crate::summary::Filter::period(options.from, options.to);
        super::evidence::files_for(ledger, ledger_path, &filter, options.include_other)
    } else {
        Vec::new()
    };
    pdf_with_files(ledger, options, files)
}

/// Makes the printed summary with the 佐证材料 appendix of these files when the options
/// ask for it (printed by record date, then in the order given).
pub fn pdf_with_files(
    ledger: &Ledger,
    options: &ReportOptions,
    files: Vec<super::evidence::EvidenceFile>,
) -> Result<PdfReport, ReportError> {
    let metrics = FontMetrics::bundled()
        .ok_or_else(|| ReportError::Pdf("the bundled font cannot be read".into()))?;
    let summary = summary_for(ledger, options);
    let mut c = Composer::new(&metrics);
    let mut sections = compose(&mut c, ledger, options, &summary);
    let mut appendix = super::evidence::Appendix::default();
    if options.evidence.include {
        let files = super::evidence::in_print_order(files);
        appendix =
            super::evidence::compose(&mut c, &files, options.evidence.per_page, options.lang);
        sections.push((
            crate::i18n::report_evidence::APPENDIX
                .get(options.lang)
                .to_string(),
            appendix.first_page,
        ));
    }
    let lang = options.lang;
    let sign = |name: &str| {
        if name.trim().is_empty() {
            "__________".to_string()
        } else {
            name.trim().to_string()
        }
    };
    let footer = words::footer(
        &sign(&options.prepared_by),
        &sign(&options.reviewed_by),
        &date_text(options.printed_on, lang),
        lang,
    );
    c.add_footers(
        &footer,
        |page, pages| words::page_of(page, pages, lang),
        FOOTER,
    );
    let missing_chars = c.missing_chars().to_vec();
    let bytes = render_with_photos(&c.pages, &title(ledger, lang), lang, appendix.photos)?;
    Ok(PdfReport {
        bytes,
        pages: c.pages.len(),
        missing_chars,
        section_pages: sections,
        evidence_problems: (appendix.missing, appendix.unreadable),
    })
}

/// A report table laid out for the page: numbers right-aligned and never wrapped, text
/// wrapping, a shaded 合计 row, the key columns repeated when the table is split.
pub fn page_table(t: &Table, font_size: f32, lang: Lang) -> layout::Table {
    let columns = t
        .columns
        .iter()
        .map(|c| Column {
            title: c.heading.clone(),
            align: match c.align {
                table::Align::Left => Align::Left,
                table::Align::Right => Align::Right,
                table::Align::Center => Align::Center,
            },
            wrap: c.wrap,
        })
        .collect();
    let rows = t
        .display_rows()
        .into_iter()
        .zip(&t.rows)
        .map(|(cells, r)| TableRow {
            cells,
            style: match r.kind {
                RowKind::Body => RowStyle::Normal,
                RowKind::Total => RowStyle::Total,
            },
        })
        .collect();
    layout::Table {
        columns,
        rows,
        key_columns: t.key_columns,
        font_size,
        continued: words::CONTINUED.get(lang).to_string(),
        stretch: true,
    }
}

/// One part of a section, laid out in order under its heading.
enum Part {
    /// A grey line of explanation above a table.
    Note(String),
    /// A grey note right under the table above it (rows left out, definitions).
    TableNote(String),
    /// A table.
    Table(layout::Table),
    /// A bar chart with its caption; the two never part.
    Chart(String, Vec<Bar>),
}

/// A report table and the notes printed under it.
fn table_parts(t: &Table, lang: Lang) -> Vec<Part> {
    let mut parts = vec![Part::Table(page_table(t, TABLE, lang))];
    parts.extend(t.notes.iter().cloned().map(Part::TableNote));
    parts
}

/// Lays out a section's parts (after its heading).
fn put_parts(c: &mut Composer<'_>, parts: &[Part]) {
    for p in parts {
        match p {
            Part::Note(text) => c.paragraph(text, BODY, Align::Left, GREY),
            Part::TableNote(text) => {
                // Close under the table (which leaves 10 pt below itself).
                c.space(-6.0);
                c.paragraph(text, FOOTER, Align::Left, GREY);
                c.space(6.0);
            }
            Part::Table(t) => c.table(t),
            Part::Chart(caption, bars) => c.keep_together(|c| {
                c.paragraph(caption, BODY, Align::Left, GREY);
                c.bar_chart(bars, TABLE);
            }),
        }
    }
}

/// Lays out every section; returns the first page of each.
fn compose(
    c: &mut Composer<'_>,
    ledger: &Ledger,
    o: &ReportOptions,
    s: &Summary,
) -> Vec<(String, usize)> {
    let lang = o.lang;
    let wan = o.amounts_in_wan;
    let mut sections = Vec::new();
    let mut n = 0;
    // A numbered heading and its parts, kept on one page when they fit on one: a
    // heading never ends a page, a chart never leaves its heading.
    // A section whose table is too wide for an upright page goes on its side (and what
    // follows stays so: no page is turned back for a table that fits either way).
    let mut section = |c: &mut Composer<'_>, title: &str, parts: Vec<Part>| {
        let text = format!("{}{title}", words::section_numeral(n, lang));
        n += 1;
        let wide = parts
            .iter()
            .any(|p| matches!(p, Part::Table(t) if !c.table_fits(t, Orientation::Portrait)));
        if wide {
            c.set_orientation(Orientation::Landscape);
        }
        let height = c.block_height(|c| {
            c.heading(&text, 12.0, 0.0);
            put_parts(c, &parts);
        });
        if let Some(h) = height {
            c.ensure(h);
        }
        c.heading(&text, 12.0, 80.0);
        sections.push((text, c.page_number()));
        put_parts(c, &parts);
    };
    let tables = ReportTables::new(ledger, o, s);

    // Title block.
    c.paragraph(&title(ledger, lang), 17.0, Align::Center, BLACK);
    c.space(2.0);
    let period = period_text(ledger, o);
    c.paragraph(
        &words::period_line(&period, lang),
        BODY,
        Align::Center,
        GREY,
    );
    let line = words::units_line(
        super::amount_unit(lang, wan),
        &date_text(o.printed_on, lang),
        lang,
    );
    c.paragraph(&line, BODY, Align::Center, GREY);
    c.space(6.0);

    // Overview: the headline.
    let overview = table::overview(ledger, s, lang, wan, o.include_other);
    let mut parts = vec![Part::Note(overview_sentence(ledger, o, s))];
    parts.push(Part::Table(overview_table(&overview, lang)));
    parts.extend(overview.notes.iter().cloned().map(Part::TableNote));
    section(c, &overview.title, parts);

    let sec = o.sections;
    if sec.targets && tables.targets.body().next().is_some() {
        let t = &tables.targets;
        section(c, &t.title, table_parts(t, lang));
    }
    if sec.per_village {
        let t = &tables.by_village;
        let mut parts = table_parts(t, lang);
        parts.extend(chart(
            ledger,
            o,
            &s.by_village,
            words::CHART_VILLAGES.get(lang),
        ));
        section(c, &t.title, parts);
    }
    if sec.per_department {
        let t = &tables.by_department;
        let mut parts = table_parts(t, lang);
        parts.extend(chart(
            ledger,
            o,
            &s.by_department,
            words::CHART_DEPARTMENTS.get(lang),
        ));
        section(c, &t.title, parts);
    }
    if sec.year_over_year {
        for t in [&tables.yoy_village, &tables.yoy_department] {
            if t.body().next().is_some() {
                section(c, &t.title, table_parts(t, lang));
            }
        }
    }
    if sec.village_by_department {
        let t = &tables.cross;
        let note = words::cross_note(super::amount_unit(lang, wan), lang);
        let mut parts = vec![Part::Note(note), Part::Table(page_table(t, TABLE, lang))];
        parts.extend(t.notes.iter().cloned().map(Part::TableNote));
        section(c, &t.title, parts);
    }
    if sec.per_category {
        let t = &tables.by_category;
        section(c, &t.title, table_parts(t, lang));
    }
    if sec.per_month && spans_months(s) {
        let t = &tables.by_month;
        section(c, &t.title, table_parts(t, lang));
    }
    if sec.entries {
        c.new_page(Orientation::Landscape);
        let t = table::entries(ledger, &s.filter, lang, wan, o.include_other);
        c.heading(&t.title, 12.0, 60.0);
        sections.push((t.title.clone(), c.page_number()));
        c.table(&page_table(&t, APPENDIX, lang));
    }
    sections
}

fn overview_sentence(ledger: &Ledger, o: &ReportOptions, s: &Summary) -> String {
    let t = &s.overall;
    let wan = o.amounts_in_wan;
    let facts = words::OverviewFacts {
        period: &period_text(ledger, o),
        unit: super::unit_name(ledger).unwrap_or(""),
        departments: s.departments_involved,
        villages: s.villages_involved,
        entries: &group_count(t.direct.entries),
        value: &money_text(t.direct.total_fen(), wan),
        introduced: &money_text(t.introduced_fen(), wan),
        amount_unit: super::amount_unit(o.lang, wan),
        upper: &t.direct.total_fen().chinese_upper(),
    };
    words::overview_sentence(&facts, o.lang)
}

/// The overview's label / value rows laid out as a narrow two-column table.
fn overview_table(t: &Table, lang: Lang) -> layout::Table {
    let mut laid = page_table(t, TABLE + 0.5, lang);
    laid.stretch = false;
    laid
}

/// A bar chart of a grouping's totals, with its caption; none for no rows.
fn chart(ledger: &Ledger, o: &ReportOptions, g: &Grouping, caption: &str) -> Option<Part> {
    // The bars of the table's rows: a row with nothing in the period is left out there
    // and here.
    let bars: Vec<Bar> = g
        .rows
        .iter()
        .filter(|r| r.totals.entries > 0)
        .map(|r| Bar {
            label: r
                .key
                .iter()
                .map(|k| k.label(ledger, o.lang))
                .collect::<Vec<_>>()
                .join(" / "),
            // Floats only to scale the drawing; the printed value is exact.
            value: r.totals.total_fen().0 as f64,
            value_text: money_text(r.totals.total_fen(), o.amounts_in_wan),
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let caption = with_unit(caption, o.lang, o.amounts_in_wan);
    Some(Part::Chart(caption, bars))
}

fn color(c: layout::Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

/// Draws the laid-out pages with krilla.
pub(crate) fn render(
    pages: &[PageBox],
    doc_title: &str,
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    render_with_photos(pages, doc_title, lang, Vec::new())
}

/// Draws the laid-out pages with krilla, with the photos their [`Item::Image`]s refer to.
/// Each photo is handed to krilla (which writes it out) and let go as it is drawn.
pub(crate) fn render_with_photos(
    pages: &[PageBox],
    doc_title: &str,
    lang: Lang,
    mut photos: Vec<Option<photo::Photo>>,
) -> Result<Vec<u8>, ReportError> {
    let font = krilla::text::Font::new(FONT_BYTES.into(), 0)
        .ok_or_else(|| ReportError::Pdf("the bundled font cannot be embedded".into()))?;
    let metrics = FontMetrics::bundled()
        .ok_or_else(|| ReportError::Pdf("the bundled font cannot be read".into()))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(doc_title.to_string())
            .language(words::LANGUAGE_TAG.get(lang).to_string())
            .creator("Bangfu Ledger (帮扶台账)".to_string()),
    );
    for p in pages {
        let (w, h) = p.orientation.size();
        let settings = PageSettings::from_wh(w, h)
            .ok_or_else(|| ReportError::Pdf(format!("bad page size {w}×{h}")))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for item in &p.items {
            match item {
                Item::Text {
                    x,
                    baseline,
                    size,
                    text,
                    color: c,
                } => {
                    let glyphs = metrics.glyphs(text);
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill {
                        paint: color(*c),
                        opacity: NormalizedF32::ONE,
                        rule: Default::default(),
                    }));
                    surface.draw_glyphs(
                        Point::from_xy(*x, *baseline),
                        &glyphs,
                        font.clone(),
                        text,
                        *size,
                        false,
                    );
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    color: c,
                } => {
                    let mut pb = PathBuilder::new();
                    if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                        pb.push_rect(r);
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill {
                            paint: color(*c),
                            opacity: NormalizedF32::ONE,
                            rule: Default::default(),
                        }));
                        surface.draw_path(&path);
                    }
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color: c,
                } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: color(*c),
                            width: *width,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Item::Image { x, y, w, h, image } => {
                    let Some(p) = photos.get_mut(*image).and_then(Option::take) else {
                        continue;
                    };
                    let picture = krilla::image::Image::from_jpeg(p.jpeg.into(), true)
                        .map_err(|e| ReportError::Pdf(format!("photo {image}: {e}")))?;
                    let size = krilla::geom::Size::from_wh(*w, *h)
                        .ok_or_else(|| ReportError::Pdf(format!("bad photo size {w}×{h}")))?;
                    surface.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                    surface.draw_image(picture, size);
                    surface.pop();
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| ReportError::Pdf(format!("{e:?}")))
}
