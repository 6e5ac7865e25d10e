//! A small layout engine: paragraphs, tables and bar charts placed on A4 pages in points,
//! before anything is drawn. Pagination happens here, so the page count is known when the
//! footers ("第 X 页 共 Y 页") are added.
//!
//! Coordinates: origin at the top left of a page, y grows downwards (as krilla draws).

use super::font::FontMetrics;
use std::collections::HashSet;

/// A4 width in points (portrait).
pub const A4_SHORT: f32 = 595.28;
/// A4 height in points (portrait).
pub const A4_LONG: f32 = 841.89;
/// Left and right margin.
pub const MARGIN_X: f32 = 42.0;
/// Top margin.
pub const MARGIN_TOP: f32 = 40.0;
/// Content stops this far above the bottom edge; the footer lives below.
pub const CONTENT_BOTTOM: f32 = 62.0;
/// The footer's baseline, measured from the bottom edge.
pub const FOOTER_BASELINE: f32 = 32.0;
/// Horizontal padding inside a table cell.
pub const CELL_PAD_X: f32 = 3.0;
/// Vertical padding inside a table cell.
pub const CELL_PAD_Y: f32 = 2.5;
/// Line height as a multiple of the font size inside tables.
pub const TABLE_LINE: f32 = 1.3;
/// The widest a wrapping column's narrowest width is made to keep a Latin word whole,
/// in multiples of the font size; longer words are cut.
const WORD_WIDTH_CAP: f32 = 12.0;

/// Where the glyphs' baseline sits below the top of a line, as a share of the font size
/// (the font's ascender is 0.88 em).
const ASCENT: f32 = 0.88;

/// Page orientation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    /// A4 upright.
    Portrait,
    /// A4 on its side (wide tables, the entries appendix).
    Landscape,
}

impl Orientation {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Orientation::Portrait => (A4_SHORT, A4_LONG),
            Orientation::Landscape => (A4_LONG, A4_SHORT),
        }
    }

    /// Width available between the margins.
    pub fn content_width(self) -> f32 {
        self.size().0 - 2.0 * MARGIN_X
    }

    /// The lowest y content may reach.
    pub fn bottom(self) -> f32 {
        self.size().1 - CONTENT_BOTTOM
    }
}

/// A colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Text colour.
pub const BLACK: Rgb = Rgb(0, 0, 0);
/// Secondary text.
pub const GREY: Rgb = Rgb(90, 90, 90);
/// Table rules.
const RULE: Rgb = Rgb(120, 120, 120);
/// Header row background.
const HEADER_BG: Rgb = Rgb(222, 228, 236);
/// Totals row background.
const TOTAL_BG: Rgb = Rgb(240, 240, 240);
/// Bars.
const BAR: Rgb = Rgb(66, 110, 170);

/// One thing to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A line of text.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        baseline: f32,
        /// Font size.
        size: f32,
        /// The text (one line).
        text: String,
        /// Colour.
        color: Rgb,
    },
    /// A filled rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        color: Rgb,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Stroke width.
        width: f32,
        /// Colour.
        color: Rgb,
    },
    /// A picture, drawn from the report's list of pictures (the 佐证材料 photos).
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Index into the list of pictures handed to the renderer.
        image: usize,
    },
}

/// A laid-out page.
#[derive(Clone, Debug)]
pub struct PageBox {
    /// Upright or on its side.
    pub orientation: Orientation,
    /// What to draw, in order.
    pub items: Vec<Item>,
}

/// Horizontal alignment in a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text (names, descriptions).
    Left,
    /// Numbers.
    Right,
    /// Short codes.
    Center,
}

/// A table column.
#[derive(Clone, Debug)]
pub struct Column {
    /// The header text (wraps when narrow).
    pub title: String,
    /// Alignment of the cells.
    pub align: Align,
    /// Whether cell text may wrap onto several lines (numbers never do).
    pub wrap: bool,
}

impl Column {
    /// A text column that wraps.
    pub fn text(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            align: Align::Left,
            wrap: true,
        }
    }

    /// A right-aligned number column that never wraps.
    pub fn number(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            align: Align::Right,
            wrap: false,
        }
    }

    /// A centred column that never wraps (dates, codes).
    pub fn fixed(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            align: Align::Center,
            wrap: false,
        }
    }
}

/// How a row is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowStyle {
    /// A plain row.
    Normal,
    /// A totals row (shaded).
    Total,
}

/// A row of cells.
#[derive(Clone, Debug)]
pub struct TableRow {
    /// One text per column.
    pub cells: Vec<String>,
    /// Plain or totals.
    pub style: RowStyle,
}

/// A table to lay out: it repeats its header on every page it runs onto, and when its
/// columns cannot fit the page width it is split into column groups, each repeating the
/// first `key_columns` columns.
#[derive(Clone, Debug)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<TableRow>,
    /// Columns repeated in every column group (e.g. the village name).
    pub key_columns: usize,
    /// Font size of the cells.
    pub font_size: f32,
    /// Printed above every column group after the first ("续表").
    pub continued: String,
    /// Widen the columns to the full content width (else a little spare room only).
    pub stretch: bool,
}

/// One bar of a bar chart.
#[derive(Clone, Debug)]
pub struct Bar {
    /// The label at the left.
    pub label: String,
    /// The length, relative to the other bars (only used for drawing).
    pub value: f64,
    /// The value printed after the bar.
    pub value_text: String,
}

/// Places content on pages.
pub struct Composer<'f> {
    font: &'f FontMetrics,
    /// The pages so far.
    pub pages: Vec<PageBox>,
    y: f32,
    missing: Vec<char>,
    missing_seen: HashSet<char>,
}

impl<'f> Composer<'f> {
    /// Starts with one empty portrait page.
    pub fn new(font: &'f FontMetrics) -> Composer<'f> {
        Composer {
            font,
            pages: vec![PageBox {
                orientation: Orientation::Portrait,
                items: Vec::new(),
            }],
            y: MARGIN_TOP,
            missing: Vec::new(),
            missing_seen: HashSet::new(),
        }
    }

    /// Characters used in the text that the font cannot draw, in order of first use.
    pub fn missing_chars(&self) -> &[char] {
        &self.missing
    }

    fn page(&mut self) -> &mut PageBox {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn orientation(&self) -> Orientation {
        self.pages
            .last()
            .map_or(Orientation::Portrait, |p| p.orientation)
    }

    /// Width between the margins of the current page.
    pub fn content_width(&self) -> f32 {
        self.orientation().content_width()
    }

    /// The 1-based number of the current page.
    pub fn page_number(&self) -> usize {
        self.pages.len()
    }

    /// Starts a new page.
    pub fn new_page(&mut self, orientation: Orientation) {
        self.pages.push(PageBox {
            orientation,
            items: Vec::new(),
        });
        self.y = MARGIN_TOP;
    }

    /// Continues on a page of this orientation: the current page if it is still empty
    /// (turned if needed), else a new one.
    pub fn set_orientation(&mut self, orientation: Orientation) {
        if self.orientation() == orientation {
            return;
        }
        if self.page().items.is_empty() {
            self.page().orientation = orientation;
            self.y = MARGIN_TOP;
        } else {
            self.new_page(orientation);
        }
    }

    /// Starts a new page unless `height` still fits on this one (or the page is empty).
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.orientation().bottom() && !self.page().items.is_empty() {
            self.new_page(self.orientation());
        }
    }

    /// Vertical space.
    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    /// The height `draw` takes when laid out on an empty page of the current orientation,
    /// or `None` when it runs over one page.
    pub fn block_height(&self, draw: impl FnOnce(&mut Composer<'f>)) -> Option<f32> {
        let mut scratch = Composer::new(self.font);
        scratch.set_orientation(self.orientation());
        draw(&mut scratch);
        (scratch.pages.len() == 1).then_some(scratch.y - MARGIN_TOP)
    }

    /// Lays out `draw` so that it starts on a new page when it does not fit on the rest
    /// of this one but would fit on a page of its own (a heading never leaves its chart).
    /// A block longer than a page starts where it is.
    pub fn keep_together(&mut self, draw: impl Fn(&mut Composer<'f>)) {
        if let Some(h) = self.block_height(&draw) {
            self.ensure(h);
        }
        draw(self);
    }

    /// Puts picture number `image` (of the list handed to the renderer) in a box.
    pub fn put_image(&mut self, x: f32, y: f32, w: f32, h: f32, image: usize) {
        self.page().items.push(Item::Image { x, y, w, h, image });
    }

    /// Measures text with the composer's font.
    pub fn font(&self) -> &'f FontMetrics {
        self.font
    }

    /// The vertical position on the current page (points from the top edge).
    pub fn y(&self) -> f32 {
        self.y
    }

    fn note_missing(&mut self, text: &str) {
        for c in text.chars() {
            if !self.font.has(c) && self.missing_seen.insert(c) {
                self.missing.push(c);
            }
        }
    }

    /// Puts one line of text with its top at `top` (a line `line_height` high).
    pub fn put_text(
        &mut self,
        x: f32,
        top: f32,
        size: f32,
        line_height: f32,
        text: &str,
        color: Rgb,
    ) {
        if text.is_empty() {
            return;
        }
        self.note_missing(text);
        let baseline = top + (line_height - size) / 2.0 + ASCENT * size;
        self.page().items.push(Item::Text {
            x,
            baseline,
            size,
            text: text.to_string(),
            color,
        });
    }

    /// Puts a filled rectangle.
    pub fn put_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.page().items.push(Item::Rect { x, y, w, h, color });
    }

    /// Puts a straight line.
    pub fn put_line(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32, color: Rgb) {
        self.page().items.push(Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        });
    }

    fn aligned_x(&self, left: f32, width: f32, text: &str, size: f32, align: Align) -> f32 {
        match align {
            Align::Left => left,
            Align::Right => left + width - self.font.width(text, size),
            Align::Center => left + (width - self.font.width(text, size)) / 2.0,
        }
    }

    /// A paragraph wrapped to the content width.
    pub fn paragraph(&mut self, text: &str, size: f32, align: Align, color: Rgb) {
        let width = self.content_width();
        let line_height = size * 1.5;
        for line in self.wrap(text, size, width) {
            self.ensure(line_height);
            let x = self.aligned_x(MARGIN_X, width, &line, size, align);
            self.put_text(x, self.y, size, line_height, &line, color);
            self.y += line_height;
        }
    }

    /// A section heading, kept together with at least `keep_with` points of what follows.
    pub fn heading(&mut self, text: &str, size: f32, keep_with: f32) {
        let line_height = size * 1.6;
        self.ensure(line_height + keep_with);
        self.y += size * 0.4;
        self.put_text(MARGIN_X, self.y, size, line_height, text, BLACK);
        self.y += line_height;
    }

    /// Breaks text into lines no wider than `width`: between any two Chinese characters,
    /// at spaces and after `/` or `-` in Latin text, never before closing punctuation;
    /// a word longer than the line is cut.
    pub fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0f32;
            let mut last_break: Option<usize> = None;
            let mut prev: Option<char> = None;
            for c in para.chars() {
                let c = if c.is_control() { ' ' } else { c };
                let cw = self.font.char_width(c, size);
                if line_width + cw > width + 0.01 && !line.is_empty() {
                    if c == ' ' {
                        lines.push(line.trim_end().to_string());
                        line.clear();
                        line_width = 0.0;
                        last_break = None;
                        prev = None;
                        continue;
                    }
                    let at = match last_break {
                        Some(at) if at > 0 => at,
                        _ => line.len(),
                    };
                    let rest = line.split_off(at);
                    lines.push(line.trim_end().to_string());
                    line = rest.trim_start().to_string();
                    line_width = self.font.width(&line, size);
                    last_break = None;
                }
                if let Some(p) = prev
                    && !line.is_empty()
                    && can_break_between(p, c)
                {
                    last_break = Some(line.len());
                }
                line.push(c);
                line_width += cw;
                prev = Some(c);
            }
            lines.push(line.trim_end().to_string());
        }
        lines
    }

    /// Cuts a line to fit `width`, ending it in "…" when anything was cut.
    pub fn fit(&self, text: &str, size: f32, width: f32) -> String {
        if self.font.width(text, size) <= width + 0.01 {
            return text.to_string();
        }
        let ellipsis = self.font.width("…", size);
        let mut out = String::new();
        let mut w = 0.0;
        for c in text.chars() {
            let cw = self.font.char_width(c, size);
            if w + cw + ellipsis > width {
                break;
            }
            out.push(c);
            w += cw;
        }
        out.push('…');
        out
    }

    /// The narrowest and the comfortable width of each column.
    fn column_widths(&self, t: &Table) -> (Vec<f32>, Vec<f32>) {
        let size = t.font_size;
        let n = t.columns.len();
        let mut natural = vec![0.0f32; n];
        let mut min = vec![0.0f32; n];
        for (i, col) in t.columns.iter().enumerate() {
            let head = self.font.width(&col.title, size);
            natural[i] = head;
            // A header may wrap onto two or three lines, between words of Latin text.
            let word = self
                .longest_word(&col.title, size)
                .min(size * WORD_WIDTH_CAP);
            min[i] = head.min((head / 2.0).max(size * 2.0)).max(word);
        }
        for row in &t.rows {
            for (i, cell) in row.cells.iter().enumerate().take(n) {
                let w = self.font.width(cell, size);
                natural[i] = natural[i].max(w);
                let floor = if t.columns[i].wrap {
                    w.min(size * 4.0)
                        .max(self.longest_word(cell, size).min(size * WORD_WIDTH_CAP))
                } else {
                    w
                };
                min[i] = min[i].max(floor);
            }
        }
        let pad = 2.0 * CELL_PAD_X;
        (
            min.iter().map(|w| w + pad).collect(),
            natural.iter().map(|w| w + pad).collect(),
        )
    }

    /// The width of the longest run of Latin letters and digits in `text` (a word a line
    /// should not break).
    fn longest_word(&self, text: &str, size: f32) -> f32 {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || ".,()'%".contains(c)))
            .map(|w| self.font.width(w, size))
            .fold(0.0, f32::max)
    }

    /// True when the table fits the width of a page of this orientation without being
    /// split into column groups.
    pub fn table_fits(&self, t: &Table, orientation: Orientation) -> bool {
        let (min, _) = self.column_widths(t);
        min.iter().sum::<f32>() <= orientation.content_width()
    }

    /// Lays out a table, splitting its columns into groups when they cannot fit.
    pub fn table(&mut self, t: &Table) {
        let avail = self.content_width();
        let (min, natural) = self.column_widths(t);
        let n = t.columns.len();
        let keys = t.key_columns.min(n);
        let mut groups: Vec<Vec<usize>> = Vec::new();
        if min.iter().sum::<f32>() <= avail {
            groups.push((0..n).collect());
        } else {
            let key_width: f32 = min[..keys].iter().sum();
            let mut current: Vec<usize> = (0..keys).collect();
            let mut width = key_width;
            for (i, &w) in min.iter().enumerate().skip(keys) {
                if width + w > avail && current.len() > keys {
                    groups.push(std::mem::replace(&mut current, (0..keys).collect()));
                    width = key_width;
                }
                current.push(i);
                width += w;
            }
            groups.push(current);
        }
        for (g, cols) in groups.iter().enumerate() {
            if g > 0 && !t.continued.is_empty() {
                let size = t.font_size;
                self.ensure(size * 1.6 + 40.0);
                self.put_text(MARGIN_X, self.y, size, size * 1.6, &t.continued, GREY);
                self.y += size * 1.6;
            }
            let gmin: Vec<f32> = cols.iter().map(|&i| min[i]).collect();
            let gnat: Vec<f32> = cols.iter().map(|&i| natural[i]).collect();
            // Split tables keep their natural widths, so a short last group is not
            // spread across the page.
            let widths = if t.stretch && groups.len() == 1 {
                distribute(&gmin, &gnat, avail)
            } else {
                let spare = (avail - gnat.iter().sum::<f32>()).max(0.0);
                let each = (spare / gnat.len().max(1) as f32).min(60.0);
                let widths: Vec<f32> = gnat.iter().map(|w| w + each).collect();
                if spare > 0.0 {
                    widths
                } else {
                    distribute(&gmin, &gnat, avail)
                }
            };
            self.table_part(t, cols, &widths);
        }
    }

    fn cell_lines(&self, text: &str, col: &Column, size: f32, width: f32) -> Vec<String> {
        let inner = width - 2.0 * CELL_PAD_X;
        if !col.wrap {
            return vec![self.fit(text, size, inner)];
        }
        self.wrap(text, size, inner)
    }

    fn table_part(&mut self, t: &Table, cols: &[usize], widths: &[f32]) {
        let size = t.font_size;
        let lh = size * TABLE_LINE;
        let total_w: f32 = widths.iter().sum();
        let x0 = MARGIN_X;
        let header: Vec<Vec<String>> = cols
            .iter()
            .zip(widths)
            .map(|(&i, &w)| {
                let col = &t.columns[i];
                let head = Column {
                    wrap: true,
                    ..col.clone()
                };
                self.cell_lines(&col.title, &head, size, w)
            })
            .collect();
        let header_h =
            header.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * CELL_PAD_Y;
        let first_row_h = lh + 2.0 * CELL_PAD_Y;
        // The header stays with the whole first row; a row longer than a page starts
        // here with as little as one line.
        let first_h = t.rows.first().map_or(first_row_h, |row| {
            let n = cols
                .iter()
                .zip(widths)
                .map(|(&i, &w)| {
                    let text = row.cells.get(i).map_or("", String::as_str);
                    self.cell_lines(text, &t.columns[i], size, w).len()
                })
                .max()
                .unwrap_or(1)
                .max(1);
            n as f32 * lh + 2.0 * CELL_PAD_Y
        });
        let page_room = self.orientation().bottom() - MARGIN_TOP - header_h;
        let keep = if first_h <= page_room {
            first_h
        } else {
            first_row_h
        };
        self.ensure(header_h + keep);
        let mut segment_top = self.y;
        self.table_header(t, cols, widths, &header, header_h);
        for row in &t.rows {
            let lines: Vec<Vec<String>> = cols
                .iter()
                .zip(widths)
                .map(|(&i, &w)| {
                    let text = row.cells.get(i).map_or("", String::as_str);
                    self.cell_lines(text, &t.columns[i], size, w)
                })
                .collect();
            let n_lines = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let row_h = n_lines as f32 * lh + 2.0 * CELL_PAD_Y;
            // A row that fits on a page is never split: it moves to the next page whole.
            // A row taller than a page (a very long 内容 or 备注) continues on the next
            // page, line by line, under the repeated header.
            if self.y + row_h > self.orientation().bottom()
                && (row_h <= page_room || self.y + first_row_h > self.orientation().bottom())
            {
                self.table_rules(x0, widths, segment_top);
                self.new_page(self.orientation());
                segment_top = self.y;
                self.table_header(t, cols, widths, &header, header_h);
            }
            let mut from = 0;
            while from < n_lines {
                let room = self.orientation().bottom() - self.y - 2.0 * CELL_PAD_Y;
                let fit = ((room / lh).floor() as usize).max(1);
                let to = (from + fit).min(n_lines);
                let part_h = (to - from) as f32 * lh + 2.0 * CELL_PAD_Y;
                if row.style == RowStyle::Total {
                    self.put_rect(x0, self.y, total_w, part_h, TOTAL_BG);
                }
                let mut x = x0;
                for ((&i, &w), cell) in cols.iter().zip(widths).zip(&lines) {
                    let align = t.columns[i].align;
                    for (j, line) in cell.iter().enumerate().take(to).skip(from) {
                        let lx =
                            self.aligned_x(x + CELL_PAD_X, w - 2.0 * CELL_PAD_X, line, size, align);
                        let top = self.y + CELL_PAD_Y + (j - from) as f32 * lh;
                        self.put_text(lx, top, size, lh, line, BLACK);
                    }
                    x += w;
                }
                self.y += part_h;
                self.put_line((x0, self.y), (x0 + total_w, self.y), 0.4, RULE);
                from = to;
                if from < n_lines {
                    self.table_rules(x0, widths, segment_top);
                    self.new_page(self.orientation());
                    segment_top = self.y;
                    self.table_header(t, cols, widths, &header, header_h);
                }
            }
        }
        self.table_rules(x0, widths, segment_top);
        self.y += 10.0;
    }

    fn table_header(
        &mut self,
        t: &Table,
        cols: &[usize],
        widths: &[f32],
        header: &[Vec<String>],
        header_h: f32,
    ) {
        let size = t.font_size;
        let lh = size * TABLE_LINE;
        let total_w: f32 = widths.iter().sum();
        let x0 = MARGIN_X;
        self.put_rect(x0, self.y, total_w, header_h, HEADER_BG);
        self.put_line((x0, self.y), (x0 + total_w, self.y), 0.8, RULE);
        let mut x = x0;
        for ((_, &w), lines) in cols.iter().zip(widths).zip(header) {
            let top0 = self.y + (header_h - lines.len() as f32 * lh) / 2.0;
            for (j, line) in lines.iter().enumerate() {
                let lx = self.aligned_x(
                    x + CELL_PAD_X,
                    w - 2.0 * CELL_PAD_X,
                    line,
                    size,
                    Align::Center,
                );
                self.put_text(lx, top0 + j as f32 * lh, size, lh, line, BLACK);
            }
            x += w;
        }
        self.y += header_h;
        self.put_line((x0, self.y), (x0 + total_w, self.y), 0.8, RULE);
    }

    /// Vertical rules of a table from `top` to the current y.
    fn table_rules(&mut self, x0: f32, widths: &[f32], top: f32) {
        let bottom = self.y;
        let mut x = x0;
        self.put_line((x, top), (x, bottom), 0.6, RULE);
        for w in widths {
            x += w;
            self.put_line((x, top), (x, bottom), 0.6, RULE);
        }
        let total_w: f32 = widths.iter().sum();
        self.put_line((x0, bottom), (x0 + total_w, bottom), 0.8, RULE);
    }

    /// A horizontal bar chart: labels at the left, bars scaled to the largest value, the
    /// value printed after each bar.
    pub fn bar_chart(&mut self, bars: &[Bar], size: f32) {
        if bars.is_empty() {
            return;
        }
        let avail = self.content_width();
        let lh = size * 1.3;
        let label_w = bars
            .iter()
            .map(|b| self.font.width(&b.label, size))
            .fold(0.0f32, f32::max)
            .min(avail * 0.3)
            + 8.0;
        let value_w = bars
            .iter()
            .map(|b| self.font.width(&b.value_text, size))
            .fold(0.0f32, f32::max)
            + 8.0;
        let bar_area = (avail - label_w - value_w).max(10.0);
        let max = bars.iter().map(|b| b.value).fold(0.0f64, f64::max);
        let x_axis = MARGIN_X + label_w;
        let mut segment_top = self.y;
        let labels: Vec<Vec<String>> = bars
            .iter()
            .map(|bar| {
                let mut lines = self.wrap(&bar.label, size, label_w - 8.0);
                if lines.len() > 2 {
                    let rest = lines.split_off(1).concat();
                    lines.push(self.fit(&rest, size, label_w - 8.0));
                }
                lines
            })
            .collect();
        // Bars 5 pt apart, closer when that lets the chart (and a caption above it) fit
        // on one page, so it can move to the next page whole instead of splitting.
        let text_h: f32 = labels.iter().map(|l| l.len() as f32 * lh).sum();
        let page = self.orientation().bottom() - MARGIN_TOP - 3.0 * size - 10.0;
        let gap = if text_h + 5.0 * bars.len() as f32 > page {
            ((page - text_h) / bars.len() as f32).clamp(1.5, 5.0)
        } else {
            5.0
        };
        for (bar, lines) in bars.iter().zip(labels) {
            let row_h = lines.len() as f32 * lh + gap;
            if self.y + row_h > self.orientation().bottom() {
                self.put_line((x_axis, segment_top), (x_axis, self.y), 0.8, RULE);
                self.new_page(self.orientation());
                segment_top = self.y;
            }
            let text_top = self.y + gap / 2.0;
            for (j, line) in lines.iter().enumerate() {
                let x = MARGIN_X + label_w - 6.0 - self.font.width(line, size);
                self.put_text(x, text_top + j as f32 * lh, size, lh, line, BLACK);
            }
            let len = if max > 0.0 && bar.value > 0.0 {
                ((bar.value / max) as f32 * bar_area).max(0.8)
            } else {
                0.0
            };
            let bar_h = (lh * 0.8).min(row_h - gap.min(4.0));
            let bar_top = self.y + (row_h - bar_h) / 2.0;
            if len > 0.0 {
                self.put_rect(x_axis, bar_top, len, bar_h, BAR);
            }
            let value_top = self.y + (row_h - lh) / 2.0;
            self.put_text(
                x_axis + len + 4.0,
                value_top,
                size,
                lh,
                &bar.value_text,
                GREY,
            );
            self.y += row_h;
        }
        self.put_line((x_axis, segment_top), (x_axis, self.y), 0.8, RULE);
        self.y += 10.0;
    }

    /// Adds the footer to every page: `left` at the left, `right(page, pages)` at the right,
    /// under a thin rule.
    pub fn add_footers(&mut self, left: &str, right: impl Fn(usize, usize) -> String, size: f32) {
        let total = self.pages.len();
        self.note_missing(left);
        let font = self.font;
        for (i, page) in self.pages.iter_mut().enumerate() {
            let (w, h) = page.orientation.size();
            let right_text = right(i + 1, total);
            let right_x = w - MARGIN_X - font.width(&right_text, size);
            let baseline = h - FOOTER_BASELINE;
            let rule_y = h - CONTENT_BOTTOM + 12.0;
            page.items.push(Item::Line {
                x1: MARGIN_X,
                y1: rule_y,
                x2: w - MARGIN_X,
                y2: rule_y,
                width: 0.5,
                color: RULE,
            });
            for (x, text) in [(MARGIN_X, left.to_string()), (right_x, right_text)] {
                page.items.push(Item::Text {
                    x,
                    baseline,
                    size,
                    text,
                    color: GREY,
                });
            }
        }
    }
}

/// Column widths between their minimum and comfortable widths, filling `avail`.
fn distribute(min: &[f32], natural: &[f32], avail: f32) -> Vec<f32> {
    let sum_min: f32 = min.iter().sum();
    let sum_nat: f32 = natural.iter().sum();
    if sum_nat <= avail {
        // Everything fits: share out the spare width in proportion.
        let scale = if sum_nat > 0.0 { avail / sum_nat } else { 1.0 };
        natural.iter().map(|w| w * scale).collect()
    } else if sum_nat > sum_min {
        let k = ((avail - sum_min) / (sum_nat - sum_min)).clamp(0.0, 1.0);
        min.iter()
            .zip(natural)
            .map(|(lo, hi)| lo + (hi - lo) * k)
            .collect()
    } else {
        min.to_vec()
    }
}

fn is_cjk(c: char) -> bool {
    !c.is_ascii() && !matches!(c, '—' | '–' | '…' | '·')
}

fn is_closing(c: char) -> bool {
    "，。、；：？！）》」』】〕’”%,.;:?!)]}".contains(c)
}

fn is_opening(c: char) -> bool {
    "（《「『【〔‘“([{".contains(c)
}

/// Whether a line may break between `a` and `b`.
fn can_break_between(a: char, b: char) -> bool {
    if is_closing(b) || is_opening(a) {
        return false;
    }
    a == ' ' || a == '/' || a == '-' || is_cjk(a) || is_cjk(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font() -> FontMetrics {
        match FontMetrics::bundled() {
            Some(f) => f,
            None => panic!("bundled font does not parse"),
        }
    }

    #[test]
    fn wraps_chinese_at_characters_and_keeps_punctuation() {
        let f = font();
        let c = Composer::new(&f);
        let lines = c.wrap("志愿服务：环境整治、卫生宣传", 10.0, 50.0);
        assert!(lines.iter().all(|l| f.width(l, 10.0) <= 50.01), "{lines:?}");
        assert_eq!(lines.concat(), "志愿服务：环境整治、卫生宣传");
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('：') && !l.starts_with('、'))
        );
        let latin = c.wrap("agronomist visits for crops", 10.0, 60.0);
        assert!(latin.iter().all(|l| !l.starts_with(' ')));
    }

    #[test]
    fn fit_ends_in_ellipsis() {
        let f = font();
        let c = Composer::new(&f);
        let s = c.fit("一二三四五六七八九十", 10.0, 45.0);
        assert!(s.ends_with('…') && f.width(&s, 10.0) <= 45.0);
        assert_eq!(c.fit("短", 10.0, 45.0), "短");
    }

    #[test]
    fn narrow_headers_break_between_latin_words_not_inside_them() {
        let f = font();
        let mut c = Composer::new(&f);
        let heads = [
            "Registered households",
            "Persons (summed)",
            "Household-times",
        ];
        let t = Table {
            columns: heads.iter().map(|h| Column::number(*h)).collect(),
            rows: vec![TableRow {
                cells: vec!["1".into(); 3],
                style: RowStyle::Normal,
            }],
            key_columns: 0,
            font_size: 8.5,
            continued: String::new(),
            stretch: false,
        };
        c.table(&t);
        let texts: Vec<&str> = c.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        // Each heading is whole, or broken at a space or after a hyphen.
        for whole in ["Registered", "households", "Persons", "(summed)"] {
            assert!(
                texts.iter().any(|t| t.split(' ').any(|w| w == whole)),
                "{whole} in {texts:?}"
            );
        }
        assert!(
            texts.iter().any(|t| t.starts_with("Household-")),
            "{texts:?}"
        );
    }

    #[test]
    fn long_tables_repeat_their_header() {
        let f = font();
        let mut c = Composer::new(&f);
        let t = Table {
            columns: vec![Column::text("名称HEAD"), Column::number("金额")],
            rows: (0..200)
                .map(|i| TableRow {
                    cells: vec![format!("第{i}行"), format!("{i}.00")],
                    style: RowStyle::Normal,
                })
                .collect(),
            key_columns: 1,
            font_size: 9.0,
            continued: String::new(),
            stretch: true,
        };
        c.table(&t);
        assert!(c.pages.len() > 2);
        for p in &c.pages {
            let heads = p
                .items
                .iter()
                .filter(|i| matches!(i, Item::Text { text, .. } if text == "名称HEAD"))
                .count();
            assert_eq!(heads, 1);
        }
    }
}
