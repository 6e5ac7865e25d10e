//! The printed summary as a PDF: laid out and paginated by [`layout`], then drawn with
//! krilla, which embeds the bundled CJK font as a subset.

pub mod font;
pub mod layout;

use super::{
    ReportError, ReportOptions, TotalsColumn, date_text, money_text, period_text, spans_months,
    summary_for, title, total_label, with_unit,
};
use crate::i18n::Lang;
use crate::ledger::money::group_count;
use crate::ledger::{Entry, Fen, Ledger, Status};
use crate::summary::{Filter, Grouping, Summary, Totals};
use font::{FONT_BYTES, FontMetrics};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use layout::{
    Align, BLACK, Bar, Column, Composer, GREY, Item, Orientation, PageBox, RowStyle, Table,
    TableRow,
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
        Some(match lang {
            Lang::Zh => format!("字体缺少以下字符，PDF 中以“□”代替：{chars}"),
            Lang::En => {
                format!("the font lacks these characters; the PDF shows “□” instead: {chars}")
            }
        })
    }
}

/// Makes the printed summary of the ledger for the options' period.
pub fn pdf(ledger: &Ledger, options: &ReportOptions) -> Result<PdfReport, ReportError> {
    let metrics = FontMetrics::bundled()
        .ok_or_else(|| ReportError::Pdf("the bundled font cannot be read".into()))?;
    let summary = summary_for(ledger, options);
    let mut c = Composer::new(&metrics);
    let sections = compose(&mut c, ledger, options, &summary);
    let lang = options.lang;
    let sign = |name: &str| {
        if name.trim().is_empty() {
            "__________".to_string()
        } else {
            name.trim().to_string()
        }
    };
    let footer = match lang {
        Lang::Zh => format!(
            "制表人：{}    审核人：{}    日期：{}",
            sign(&options.prepared_by),
            sign(&options.reviewed_by),
            date_text(options.printed_on, lang)
        ),
        Lang::En => format!(
            "Prepared by: {}    Reviewed by: {}    Date: {}",
            sign(&options.prepared_by),
            sign(&options.reviewed_by),
            date_text(options.printed_on, lang)
        ),
    };
    c.add_footers(
        &footer,
        |page, pages| match lang {
            Lang::Zh => format!("第 {page} 页 共 {pages} 页"),
            Lang::En => format!("Page {page} of {pages}"),
        },
        FOOTER,
    );
    let missing_chars = c.missing_chars().to_vec();
    let bytes = render(&c.pages, &title(ledger, lang), lang)?;
    Ok(PdfReport {
        bytes,
        pages: c.pages.len(),
        missing_chars,
        section_pages: sections,
    })
}

fn numeral(lang: Lang, n: usize) -> String {
    const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match lang {
        Lang::Zh => format!("{}、", ZH.get(n).copied().unwrap_or("十")),
        Lang::En => format!("{}. ", n + 1),
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
    let mut heading = |c: &mut Composer<'_>, zh: &str, en: &str, keep: f32| {
        let text = format!("{}{}", numeral(lang, n), lang.pick(zh, en));
        n += 1;
        c.heading(&text, 12.0, keep);
        sections.push((text, c.page_number()));
    };

    // Title block.
    c.paragraph(&title(ledger, lang), 17.0, Align::Center, BLACK);
    c.space(2.0);
    let period = period_text(ledger, o);
    let line = match lang {
        Lang::Zh => format!("统计期间：{period}"),
        Lang::En => format!("Period: {period}"),
    };
    c.paragraph(&line, BODY, Align::Center, GREY);
    let line = match lang {
        Lang::Zh => format!(
            "金额单位：{}    打印日期：{}",
            super::amount_unit(lang, wan),
            date_text(o.printed_on, lang)
        ),
        Lang::En => format!(
            "Amounts in {}    Printed {}",
            super::amount_unit(lang, wan),
            date_text(o.printed_on, lang)
        ),
    };
    c.paragraph(&line, BODY, Align::Center, GREY);
    c.space(6.0);

    // Overview.
    heading(c, "总体情况", "Overview", 80.0);
    c.paragraph(&overview_sentence(ledger, o, s), BODY, Align::Left, BLACK);
    c.space(4.0);
    c.table(&overview_table(ledger, o, s));

    let sec = o.sections;
    if sec.per_village {
        heading(c, "按村汇总", "By village", 80.0);
        c.table(&grouping_table(
            ledger,
            lang,
            wan,
            &s.by_village,
            lang.pick("村", "Village"),
        ));
        chart(
            c,
            ledger,
            o,
            &s.by_village,
            lang.pick("各村帮扶金额", "Value by village"),
        );
    }
    if sec.per_department {
        heading(c, "按部门汇总", "By department", 80.0);
        c.table(&grouping_table(
            ledger,
            lang,
            wan,
            &s.by_department,
            lang.pick("部门", "Department"),
        ));
        chart(
            c,
            ledger,
            o,
            &s.by_department,
            lang.pick("各部门帮扶金额", "Value by department"),
        );
    }
    if sec.village_by_department {
        let t = cross_table(ledger, lang, wan, s);
        let fits_portrait = c.table_fits(&t, Orientation::Portrait);
        if !fits_portrait {
            c.set_orientation(Orientation::Landscape);
        }
        heading(c, "村×部门交叉汇总", "Village × department", 80.0);
        let note = match lang {
            Lang::Zh => format!("各格为帮扶金额（{}）。", super::amount_unit(lang, wan)),
            Lang::En => format!(
                "Each cell is the value given ({}).",
                super::amount_unit(lang, wan)
            ),
        };
        c.paragraph(&note, BODY, Align::Left, GREY);
        c.table(&t);
        c.set_orientation(Orientation::Portrait);
    }
    if sec.per_category {
        heading(c, "按类别汇总", "By category", 80.0);
        c.table(&grouping_table(
            ledger,
            lang,
            wan,
            &s.by_category,
            lang.pick("类别", "Category"),
        ));
    }
    if sec.per_month && spans_months(s) {
        heading(c, "按月汇总", "By month", 80.0);
        c.table(&grouping_table(
            ledger,
            lang,
            wan,
            &s.by_month,
            lang.pick("月份", "Month"),
        ));
    }
    if sec.entries {
        c.new_page(Orientation::Landscape);
        let text = lang
            .pick("附：帮扶明细", "Appendix: every entry")
            .to_string();
        c.heading(&text, 12.0, 60.0);
        sections.push((text, c.page_number()));
        c.table(&entries_table(ledger, lang, wan, &s.filter));
    }
    sections
}

fn overview_sentence(ledger: &Ledger, o: &ReportOptions, s: &Summary) -> String {
    let t = &s.overall;
    let lang = o.lang;
    match lang {
        Lang::Zh => format!(
            "{}，{}共有 {} 个部门向 {} 个村提供帮扶，记录 {} 条，折合金额 {} {}（大写：{}）。",
            period_text(ledger, o),
            ledger.unit,
            s.departments_involved,
            s.villages_involved,
            group_count(t.entries),
            money_text(t.total_fen(), o.amounts_in_wan),
            super::amount_unit(lang, o.amounts_in_wan),
            t.total_fen().chinese_upper()
        ),
        Lang::En => format!(
            "{}: {} departments of {} gave to {} villages in {} entries worth {} {}.",
            period_text(ledger, o),
            s.departments_involved,
            if ledger.unit.is_empty() {
                "the unit"
            } else {
                &ledger.unit
            },
            s.villages_involved,
            group_count(t.entries),
            money_text(t.total_fen(), o.amounts_in_wan),
            super::amount_unit(lang, o.amounts_in_wan),
        ),
    }
}

/// Label / value rows of the overview, shared with the workbook's 概览 sheet.
pub(crate) fn overview_rows(
    ledger: &Ledger,
    o: &ReportOptions,
    s: &Summary,
) -> Vec<(String, String)> {
    let lang = o.lang;
    let wan = o.amounts_in_wan;
    let t = &s.overall;
    let m = |f: Fen| money_text(f, wan);
    let u = |l: &str| with_unit(l, lang, wan);
    vec![
        (u(lang.pick("帮扶总价值", "Total value")), m(t.total_fen())),
        (
            lang.pick("大写", "In words (Chinese)").to_string(),
            t.total_fen().chinese_upper(),
        ),
        (u(lang.pick("其中：资金", "of which funds")), m(t.funds_fen)),
        (
            u(lang.pick("其中：物资折合", "of which goods")),
            m(t.goods_fen),
        ),
        (
            u(lang.pick("其中：服务折合", "of which services")),
            m(t.services_fen),
        ),
        (
            lang.pick("服务", "Services").to_string(),
            match lang {
                Lang::Zh => format!(
                    "{} 项，{} 人次",
                    group_count(t.service_entries),
                    group_count(t.person_times)
                ),
                Lang::En => format!(
                    "{} entries, {} person-times",
                    group_count(t.service_entries),
                    group_count(t.person_times)
                ),
            },
        ),
        (
            lang.pick("受益户数", "Households reached").to_string(),
            group_count(t.households),
        ),
        (
            lang.pick("受益人数", "Persons reached").to_string(),
            group_count(t.persons),
        ),
        (
            lang.pick("涉及村", "Villages involved").to_string(),
            match lang {
                Lang::Zh => format!(
                    "{} 个（共 {} 个）",
                    s.villages_involved,
                    ledger.villages.len()
                ),
                Lang::En => format!("{} of {}", s.villages_involved, ledger.villages.len()),
            },
        ),
        (
            lang.pick("涉及部门", "Departments involved").to_string(),
            match lang {
                Lang::Zh => format!(
                    "{} 个（共 {} 个）",
                    s.departments_involved,
                    ledger.departments.len()
                ),
                Lang::En => format!("{} of {}", s.departments_involved, ledger.departments.len()),
            },
        ),
        (
            u(lang.pick("计划（承诺）金额", "Pledged")),
            m(t.pledged_fen),
        ),
        (
            u(lang.pick("已到位金额", "Delivered of pledges")),
            m(t.pledged_delivered_fen),
        ),
        (
            lang.pick("到位率", "Delivery rate").to_string(),
            t.delivery_rate_text(),
        ),
        (
            lang.pick("记录条数", "Entries").to_string(),
            group_count(t.entries),
        ),
    ]
}

fn overview_table(ledger: &Ledger, o: &ReportOptions, s: &Summary) -> Table {
    let lang = o.lang;
    Table {
        columns: vec![
            Column::text(lang.pick("项目", "Item")),
            Column {
                title: lang.pick("数值", "Value").to_string(),
                align: Align::Right,
                wrap: true,
            },
        ],
        rows: overview_rows(ledger, o, s)
            .into_iter()
            .map(|(k, v)| TableRow {
                cells: vec![k, v],
                style: RowStyle::Normal,
            })
            .collect(),
        key_columns: 1,
        font_size: TABLE + 0.5,
        continued: String::new(),
        stretch: false,
    }
}

fn totals_cells(t: &Totals, wan: bool) -> impl Iterator<Item = String> + '_ {
    TotalsColumn::ALL
        .into_iter()
        .map(move |col| col.text(t, wan))
}

fn grouping_table(ledger: &Ledger, lang: Lang, wan: bool, g: &Grouping, key: &str) -> Table {
    let mut columns = vec![Column::text(key)];
    columns.extend(
        TotalsColumn::ALL
            .iter()
            .map(|c| Column::number(c.heading(lang, wan))),
    );
    let mut rows: Vec<TableRow> = g
        .rows
        .iter()
        .map(|r| {
            let label = r
                .key
                .iter()
                .map(|k| k.label(ledger, lang))
                .collect::<Vec<_>>()
                .join(" / ");
            let mut cells = vec![label];
            cells.extend(totals_cells(&r.totals, wan));
            TableRow {
                cells,
                style: RowStyle::Normal,
            }
        })
        .collect();
    let mut cells = vec![total_label(lang).to_string()];
    cells.extend(totals_cells(&g.total, wan));
    rows.push(TableRow {
        cells,
        style: RowStyle::Total,
    });
    Table {
        columns,
        rows,
        key_columns: 1,
        font_size: TABLE,
        continued: lang.pick("（续表）", "(continued)").to_string(),
        stretch: true,
    }
}

fn chart(c: &mut Composer<'_>, ledger: &Ledger, o: &ReportOptions, g: &Grouping, caption: &str) {
    let bars: Vec<Bar> = g
        .rows
        .iter()
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
        return;
    }
    let caption = with_unit(caption, o.lang, o.amounts_in_wan);
    c.ensure(BODY * 1.5 + 3.0 * 15.0);
    c.paragraph(&caption, BODY, Align::Left, GREY);
    c.bar_chart(&bars, TABLE);
}

fn cross_table(ledger: &Ledger, lang: Lang, wan: bool, s: &Summary) -> Table {
    let x = &s.cross;
    let mut columns = vec![Column::text(
        lang.pick("村 \\ 部门", "Village \\ department"),
    )];
    columns.extend(
        x.departments
            .iter()
            .map(|d| Column::number(ledger.department_name(*d))),
    );
    columns.push(Column::number(total_label(lang)));
    let mut rows: Vec<TableRow> = x
        .villages
        .iter()
        .enumerate()
        .map(|(vi, v)| {
            let mut cells = vec![ledger.village_name(*v).to_string()];
            cells.extend(x.cells[vi].iter().map(|t| {
                if t.entries == 0 {
                    String::new()
                } else {
                    money_text(t.total_fen(), wan)
                }
            }));
            cells.push(money_text(x.village_totals[vi].total_fen(), wan));
            TableRow {
                cells,
                style: RowStyle::Normal,
            }
        })
        .collect();
    let mut cells = vec![total_label(lang).to_string()];
    cells.extend(
        x.department_totals
            .iter()
            .map(|t| money_text(t.total_fen(), wan)),
    );
    cells.push(money_text(x.total.total_fen(), wan));
    rows.push(TableRow {
        cells,
        style: RowStyle::Total,
    });
    Table {
        columns,
        rows,
        key_columns: 1,
        font_size: TABLE,
        continued: lang.pick("（续表）", "(continued)").to_string(),
        stretch: true,
    }
}

/// The entries a report covers, by date then id.
pub(crate) fn report_entries<'a>(ledger: &'a Ledger, filter: &Filter) -> Vec<&'a Entry> {
    let m = filter.matcher(ledger);
    let mut entries: Vec<&Entry> = ledger.entries.iter().filter(|e| m.matches(e)).collect();
    entries.sort_by_key(|e| (e.date, e.id));
    entries
}

/// Headings of the entries appendix (and the workbook's 明细 sheet).
pub(crate) fn entry_headings(lang: Lang, wan: bool) -> Vec<String> {
    vec![
        lang.pick("编号", "No.").to_string(),
        lang.pick("日期", "Date").to_string(),
        lang.pick("部门", "Department").to_string(),
        lang.pick("村", "Village").to_string(),
        lang.pick("形式", "Kind").to_string(),
        lang.pick("类别", "Category").to_string(),
        lang.pick("内容", "What").to_string(),
        lang.pick("数量", "Quantity").to_string(),
        with_unit(lang.pick("金额", "Value"), lang, wan),
        with_unit(lang.pick("已到位", "Delivered"), lang, wan),
        lang.pick("户数", "Households").to_string(),
        lang.pick("人数", "Persons").to_string(),
        lang.pick("人次", "Person-times").to_string(),
        lang.pick("备注", "Notes").to_string(),
    ]
}

/// `计划` marks a pledge in the appendix's 已到位 column.
fn delivered_text(e: &Entry, wan: bool) -> String {
    match e.status {
        Status::Delivered => money_text(e.value_fen, wan),
        Status::Pledged { delivered_fen } => money_text(delivered_fen, wan),
    }
}

fn entries_table(ledger: &Ledger, lang: Lang, wan: bool, filter: &Filter) -> Table {
    let heads = entry_headings(lang, wan);
    let columns: Vec<Column> = heads
        .into_iter()
        .enumerate()
        .map(|(i, h)| match i {
            0 | 7 | 8 | 9 | 10 | 11 | 12 => Column::number(h),
            1 | 4 => Column::fixed(h),
            _ => Column::text(h),
        })
        .collect();
    let entries = report_entries(ledger, filter);
    let mut value = Fen::ZERO;
    let mut delivered = Fen::ZERO;
    let mut rows: Vec<TableRow> = entries
        .iter()
        .map(|e| {
            value = value.saturating_add(e.value_fen);
            delivered = delivered.saturating_add(e.delivered_value());
            let quantity = match &e.quantity {
                Some(q) => format!("{q}{}", e.unit),
                None => String::new(),
            };
            let count = |n: u32| {
                if n == 0 {
                    String::new()
                } else {
                    group_count(u64::from(n))
                }
            };
            TableRow {
                cells: vec![
                    e.id.0.to_string(),
                    e.date.format("%Y-%m-%d").to_string(),
                    ledger.department_name(e.department).to_string(),
                    ledger.village_name(e.village).to_string(),
                    e.kind.label(lang).to_string(),
                    ledger.category_name(e.category).to_string(),
                    e.what.clone(),
                    quantity,
                    money_text(e.value_fen, wan),
                    delivered_text(e, wan),
                    count(e.households),
                    count(e.persons),
                    count(e.person_times),
                    e.notes.clone(),
                ],
                style: RowStyle::Normal,
            }
        })
        .collect();
    let mut total = vec![String::new(); 14];
    total[0] = total_label(lang).to_string();
    total[8] = money_text(value, wan);
    total[9] = money_text(delivered, wan);
    rows.push(TableRow {
        cells: total,
        style: RowStyle::Total,
    });
    Table {
        columns,
        rows,
        key_columns: 2,
        font_size: APPENDIX,
        continued: lang.pick("（续表）", "(continued)").to_string(),
        stretch: true,
    }
}

fn color(c: layout::Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

/// Draws the laid-out pages with krilla.
fn render(pages: &[PageBox], doc_title: &str, lang: Lang) -> Result<Vec<u8>, ReportError> {
    let font = krilla::text::Font::new(FONT_BYTES.into(), 0)
        .ok_or_else(|| ReportError::Pdf("the bundled font cannot be embedded".into()))?;
    let metrics = FontMetrics::bundled()
        .ok_or_else(|| ReportError::Pdf("the bundled font cannot be read".into()))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(doc_title.to_string())
            .language(lang.pick("zh-CN", "en").to_string())
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
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| ReportError::Pdf(format!("{e:?}")))
}
