//! report words of the catalog (see the module docs of `crate::i18n`): the printed
//! summary, the workbook and the summary tables. Field and measure names (日期, 受益户数,
//! 合计, …) are in [`super::fields`].

use super::{Lang, Text};

/// 按村汇总.
pub const BY_VILLAGE: Text = Text("按村汇总", "By village");
/// 按部门汇总.
pub const BY_DEPARTMENT: Text = Text("按部门汇总", "By department");
/// 按类别汇总.
pub const BY_CATEGORY: Text = Text("按类别汇总", "By category");
/// 按月汇总.
pub const BY_MONTH: Text = Text("按月汇总", "By month");
/// 村×部门交叉汇总.
pub const CROSS: Text = Text("村×部门交叉汇总", "Village × department");
/// 计划与到位.
pub const PLEDGES: Text = Text("计划与到位", "Pledged and delivered");
/// 总体情况.
pub const OVERVIEW: Text = Text("总体情况", "Overview");
/// The heading of the entries appendix.
pub const APPENDIX: Text = Text("附：帮扶明细", "Appendix: every entry");
/// The corner of the village × department table.
pub const CROSS_CORNER: Text = Text("村 \\ 部门", "Village \\ department");
/// Printed above a table's later column groups.
pub const CONTINUED: Text = Text("（续表）", "(continued)");
/// 编号: an entry's number in the appendix.
pub const ENTRY_NO: Text = Text("编号", "No.");
/// 形式: the appendix's short heading for the kind.
pub const ENTRY_KIND: Text = Text("形式", "Kind");
/// 户数: the appendix's short heading for households reached.
pub const ENTRY_HOUSEHOLDS: Text = Text("户数", "Households");
/// 人数: the appendix's short heading for persons reached.
pub const ENTRY_PERSONS: Text = Text("人数", "Persons");
/// Entries with no category.
pub const UNCATEGORIZED: Text = Text("未分类", "uncategorized");
/// Caption of the chart of values by village.
pub const CHART_VILLAGES: Text = Text("各村帮扶金额", "Value by village");
/// Caption of the chart of values by department.
pub const CHART_DEPARTMENTS: Text = Text("各部门帮扶金额", "Value by department");
/// Overview heading of the item column.
pub const ITEM: Text = Text("项目", "Item");
/// Overview heading of the value column.
pub const ITEM_VALUE: Text = Text("数值", "Value");
/// Overview: the report's title.
pub const TITLE: Text = Text("标题", "Title");
/// Overview: the period.
pub const PERIOD: Text = Text("统计期间", "Period");
/// Overview: the total value.
pub const TOTAL_VALUE: Text = Text("帮扶总价值", "Total value");
/// Overview: the total in Chinese capital numerals.
pub const IN_WORDS: Text = Text("大写", "In words (Chinese)");
/// Overview (PDF): of which funds.
pub const OF_WHICH_FUNDS: Text = Text("其中：资金", "of which funds");
/// Overview (PDF): of which goods.
pub const OF_WHICH_GOODS: Text = Text("其中：物资折合", "of which goods");
/// Overview (PDF): of which services.
pub const OF_WHICH_SERVICES: Text = Text("其中：服务折合", "of which services");
/// Overview (workbook): goods at their value.
pub const GOODS_VALUE: Text = Text("物资折合", "Goods");
/// Overview (workbook): services at their value.
pub const SERVICES_VALUE: Text = Text("服务折合", "Services");
/// Overview (workbook): how many service entries.
pub const SERVICE_ENTRIES: Text = Text("服务条数", "Service entries");
/// Overview: villages that received something.
pub const VILLAGES_INVOLVED: Text = Text("涉及村", "Villages involved");
/// Overview: departments that gave something.
pub const DEPARTMENTS_INVOLVED: Text = Text("涉及部门", "Departments involved");
/// Overview: pledged amounts.
pub const PLEDGED_AMOUNT: Text = Text("计划（承诺）金额", "Pledged");
/// Overview: what has arrived of the pledges.
pub const PLEDGED_DELIVERED: Text = Text("已到位金额", "Delivered of pledges");
/// Overview: how many entries.
pub const ENTRY_COUNT: Text = Text("记录条数", "Entries");
/// A period with no dates and no entries.
pub const ALL_RECORDS: Text = Text("全部记录", "all records");
/// The PDF's language tag.
pub const LANGUAGE_TAG: Text = Text("zh-CN", "en");

/// Sheet names of the workbook, in order.
pub fn sheet_names(lang: Lang) -> [&'static str; 10] {
    [
        Text("概览", "Overview"),
        Text("责任书", "Targets"),
        Text("按村", "By village"),
        Text("按部门", "By department"),
        Text("按村同比", "Village YoY"),
        Text("按部门同比", "Department YoY"),
        Text("村×部门", "Village x department"),
        Text("按类别", "By category"),
        Text("按月", "By month"),
        Text("明细", "Entries"),
    ]
    .map(|t| t.get(lang))
}

/// `元` / `万元` (`yuan` / `10,000 yuan`).
pub fn amount_unit(lang: Lang, in_wan: bool) -> &'static str {
    if in_wan {
        Text("万元", "10,000 yuan").get(lang)
    } else {
        Text("元", "yuan").get(lang)
    }
}

/// A heading with its amount unit: `合计（元）` / `Total (yuan)`.
pub fn with_unit(label: &str, lang: Lang, in_wan: bool) -> String {
    let unit = amount_unit(lang, in_wan);
    match lang {
        Lang::Zh => format!("{label}（{unit}）"),
        Lang::En => format!("{label} ({unit})"),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2020年6月1日` / `1 June 2020`.
pub fn date_text(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Zh => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        ),
    }
}

/// A period between two shown dates: `A至B` / `A – B`.
pub fn period_between(from: &str, to: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{from}至{to}"),
        Lang::En => format!("{from} – {to}"),
    }
}

/// A period open at its end: `A起` / `from A`.
pub fn period_from(from: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{from}起"),
        Lang::En => format!("from {from}"),
    }
}

/// A period open at its start: `截至B` / `up to B`.
pub fn period_to(to: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("截至{to}"),
        Lang::En => format!("up to {to}"),
    }
}

/// `毕节职业技术学院帮扶工作汇总表` / `毕节职业技术学院 — Assistance summary`; without a
/// unit `帮扶工作汇总表` / `Assistance summary`.
pub fn title(unit: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{unit}帮扶工作汇总表"),
        Lang::En if unit.is_empty() => "Assistance summary".to_string(),
        Lang::En => format!("{unit} — Assistance summary"),
    }
}

/// `生成 PDF 失败：…`.
pub fn pdf_failed(e: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("生成 PDF 失败：{e}"),
        Lang::En => format!("could not make the PDF: {e}"),
    }
}

/// `生成 XLSX 失败：…`.
pub fn xlsx_failed(e: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("生成 XLSX 失败：{e}"),
        Lang::En => format!("could not make the XLSX: {e}"),
    }
}

/// The warning for characters the font lacks (`chars` already listed).
pub fn missing_chars(chars: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("字体缺少以下字符，PDF 中以“□”代替：{chars}"),
        Lang::En => format!("the font lacks these characters; the PDF shows “□” instead: {chars}"),
    }
}

/// The footer to sign: `制表人：…    审核人：…    日期：…`.
pub fn footer(prepared_by: &str, reviewed_by: &str, date: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("制表人：{prepared_by}    审核人：{reviewed_by}    日期：{date}"),
        Lang::En => {
            format!("Prepared by: {prepared_by}    Reviewed by: {reviewed_by}    Date: {date}")
        }
    }
}

/// `第 X 页 共 Y 页` / `Page X of Y`.
pub fn page_of(page: usize, pages: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第 {page} 页 共 {pages} 页"),
        Lang::En => format!("Page {page} of {pages}"),
    }
}

/// The numbering of a section heading: `一、` / `1. ` (n from 0).
pub fn section_numeral(n: usize, lang: Lang) -> String {
    const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match lang {
        Lang::Zh => format!("{}、", ZH.get(n).copied().unwrap_or("十")),
        Lang::En => format!("{}. ", n + 1),
    }
}

/// `统计期间：…` / `Period: …`.
pub fn period_line(period: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("统计期间：{period}"),
        Lang::En => format!("Period: {period}"),
    }
}

/// `金额单位：元    打印日期：…` / `Amounts in yuan    Printed …`.
pub fn units_line(unit: &str, printed: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("金额单位：{unit}    打印日期：{printed}"),
        Lang::En => format!("Amounts in {unit}    Printed {printed}"),
    }
}

/// The note above the village × department table.
pub fn cross_note(unit: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("各格为本单位投入金额（{unit}）。"),
        Lang::En => format!("Each cell is the unit's own input ({unit})."),
    }
}

/// What the overview sentence says.
pub struct OverviewFacts<'a> {
    /// The period as text.
    pub period: &'a str,
    /// The assisting unit.
    pub unit: &'a str,
    /// Departments that gave.
    pub departments: usize,
    /// Villages that received.
    pub villages: usize,
    /// The unit's entries, as shown.
    pub entries: &'a str,
    /// The unit's own input, as shown.
    pub value: &'a str,
    /// What it brought in, as shown.
    pub introduced: &'a str,
    /// The amount unit.
    pub amount_unit: &'a str,
    /// The own input in Chinese capital numerals.
    pub upper: &'a str,
}

/// The sentence that opens the overview.
pub fn overview_sentence(f: &OverviewFacts<'_>, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{}，{}共有 {} 个部门向 {} 个村提供帮扶，记录 {} 条，本单位投入 {} {}（大写：{}），引进 {} {}。",
            f.period,
            f.unit,
            f.departments,
            f.villages,
            f.entries,
            f.value,
            f.amount_unit,
            f.upper,
            f.introduced,
            f.amount_unit
        ),
        Lang::En => format!(
            "{}: {} departments of {} gave to {} villages in {} entries: own input {} {}, \
             brought in {} {}.",
            f.period,
            f.departments,
            if f.unit.is_empty() {
                "the unit"
            } else {
                f.unit
            },
            f.villages,
            f.entries,
            f.value,
            f.amount_unit,
            f.introduced,
            f.amount_unit,
        ),
    }
}

/// `N 项，M 人次` / `N entries, M person-times`.
pub fn services_count(entries: &str, person_times: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{entries} 项，{person_times} 人次"),
        Lang::En => format!("{entries} entries, {person_times} person-times"),
    }
}

/// `N 项` / `N entries`: how many training entries.
pub fn trainings_count(entries: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{entries} 项"),
        Lang::En => format!("{entries} entries"),
    }
}

/// `N 个（共 M 个）` / `N of M`.
pub fn n_of_m(n: usize, m: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} 个（共 {m} 个）"),
        Lang::En => format!("{n} of {m}"),
    }
}

/// A measure as the overview names it: `受益户数` / `Households reached`.
pub fn reached(field: Text, lang: Lang) -> String {
    match lang {
        Lang::Zh => field.0.to_string(),
        Lang::En => format!("{} reached", field.1),
    }
}

/// What a row of the per-village table is, counted in a note: `个村` / `village(s)`.
pub const NOUN_VILLAGE: Text = Text("个村", "village");
/// What a row of the per-department table is: `个部门` / `department(s)`.
pub const NOUN_DEPARTMENT: Text = Text("个部门", "department");
/// What a row of the per-category table is: `个类别` / `category(ies)`.
pub const NOUN_CATEGORY: Text = Text("个类别", "category");
/// What a row of the per-month table is: `个月` / `month(s)`.
pub const NOUN_MONTH: Text = Text("个月", "month");
/// What a row of the targets table is: `个指标` / `indicator(s)`.
pub const NOUN_INDICATOR: Text = Text("个指标", "indicator");

/// The note under a table that left out rows with nothing in them:
/// `另有 7 个类别本期无记录` / `7 more categories had no entries in the period`.
pub fn omitted_rows(n: usize, noun: Text, lang: Lang) -> String {
    match lang {
        Lang::Zh if noun == NOUN_INDICATOR => format!("另有 {n} 个指标未设目标、本年无完成。"),
        Lang::Zh => format!("另有 {n} {}本期无记录。", noun.0),
        Lang::En if noun == NOUN_INDICATOR => {
            format!("{n} more indicator(s) had no target and nothing completed this year.")
        }
        Lang::En => {
            let noun = match (n, noun.1) {
                (1, w) => w.to_string(),
                (_, "category") => "categories".to_string(),
                (_, w) => format!("{w}s"),
            };
            format!("{n} more {noun} had no entries in the period.")
        }
    }
}

/// `本单位投入` / `Own input`: the headline label (the unit's own input of the period).
pub const HEADLINE_DIRECT: Text = Text("本单位投入", "Own input");
/// `引进` / `Brought in`: the headline's second figure.
pub const HEADLINE_INTRODUCED: Text = Text("引进", "Brought in");
/// `其他来源` / `Others' input`: shown only when asked for.
pub const HEADLINE_OTHER: Text = Text("其他来源（不计入本单位）", "Others' input (not the unit's)");
/// Overview: of which training.
pub const OF_WHICH_TRAINING: Text = Text("其中：培训折合", "of which training");
/// Overview: consumption assistance (purchases and help to sell), beside the input.
pub const CONSUMPTION_VALUE: Text = Text("消费帮扶（购买、帮销）", "Consumption assistance");
/// Overview: training entries and person-times.
pub const TRAININGS: Text = Text("培训", "Training");

/// The note under the headline: what it counts.
pub fn headline_note(include_other: bool, lang: Lang) -> String {
    match (lang, include_other) {
        (Lang::Zh, false) => "本单位投入为本单位直接投入的资金、物资、服务和培训（按已到位金额）；\
             引进为本单位引进的企业、校友、基金会等资金和物资，单列；\
             其他单位的投入（如镇争取资金）不计入。"
            .to_string(),
        (Lang::Zh, true) => "本单位投入为本单位直接投入的资金、物资、服务和培训（按已到位金额）；\
             引进为本单位引进的企业、校友、基金会等资金和物资，单列；\
             其他来源为其他单位的投入，仅供了解村情，不计入本单位。"
            .to_string(),
        (Lang::En, false) => {
            "Own input is what the unit itself gave as funds, goods, services and \
             training (delivered value); what it brought in from enterprises, alumni or \
             foundations is shown apart; others' input (such as the town's funds) is left out."
                .to_string()
        }
        (Lang::En, true) => "Own input is what the unit itself gave as funds, goods, services and \
             training (delivered value); what it brought in is shown apart; others' input is \
             shown for the village's picture and never counted as the unit's."
            .to_string(),
    }
}

/// `按村同比（2020年与2019年）` / `By village, 2020 against 2019`.
pub fn yoy_by_village(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("按村同比（{year}年与{}年）", year - 1),
        Lang::En => format!("By village, {year} against {}", year - 1),
    }
}

/// `按部门同比（2020年与2019年）` / `By department, 2020 against 2019`.
pub fn yoy_by_department(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("按部门同比（{year}年与{}年）", year - 1),
        Lang::En => format!("By department, {year} against {}", year - 1),
    }
}

/// A year as a column heading: `2020年` / `2020`.
pub fn year_heading(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{year}年"),
        Lang::En => format!("{year}"),
    }
}

/// A year's brought-in value as a column heading: `引进2020年` / `Brought in 2020`.
pub fn introduced_year_heading(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("引进{year}年"),
        Lang::En => format!("Brought in {year}"),
    }
}

/// What a row of a year-over-year table is when it is left out (nothing in either year).
pub const NOUN_YOY_VILLAGE: Text = Text("个村", "village");
/// The same for departments.
pub const NOUN_YOY_DEPARTMENT: Text = Text("个部门", "department");

/// The note under a year-over-year table that left out rows with nothing in either year.
pub fn omitted_yoy_rows(n: usize, noun: Text, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("另有 {n} {}两年均无投入。", noun.0),
        Lang::En => {
            let noun = if n == 1 {
                noun.1.to_string()
            } else {
                format!("{}s", noun.1)
            };
            format!("{n} more {noun} had no input in either year.")
        }
    }
}

/// `增减率` / `Change %`.
pub const CHANGE_RATE: Text = Text("增减率", "Change %");

/// The note under a year-over-year table: which years and what is compared.
pub fn yoy_note(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "本年指统计期间截止日期所在年度（{year}年全年），上年为{}年全年；\
             比较的是本单位投入合计，引进单列。",
            year - 1
        ),
        Lang::En => format!(
            "This year is the calendar year of the period's end ({year}, the whole year); \
             last year is {}. The unit's own input is compared; what was brought in is \
             shown apart.",
            year - 1
        ),
    }
}

/// `责任书完成情况（2020年）` / `Responsibility letter, 2020`.
pub fn targets_title(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("责任书完成情况（{year}年）"),
        Lang::En => format!("Responsibility letter, {year}"),
    }
}

/// The note under the targets table.
pub fn targets_note(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "完成数按{year}年全年的记录自动计算（资金按已到位金额），金额单位万元；\
             未设目标的指标不计完成率。"
        ),
        Lang::En => format!(
            "Completed is computed from the entries of the whole of {year} (funds as \
             delivered); money in 10,000 yuan; an indicator without a target has no rate."
        ),
    }
}

/// `已完成` / `done`: completion exactly at the target.
pub const COMPLETED_EXACTLY: Text = Text("已完成", "done");
/// The targets panel's heading in the totals view.
pub const TARGETS_PANEL: Text = Text("责任书指标进度", "Responsibility letter progress");
/// The targets panel's year field.
pub const TARGETS_YEAR: Text = Text("年度", "Year");
/// The button that applies a typed target.
pub const TARGETS_SET: Text = Text("设定", "Set");
/// The button that clears a target.
pub const TARGETS_CLEAR: Text = Text("清除", "Clear");
/// Hint of a target field: money.
pub const TARGETS_HINT_MONEY: Text = Text("如 100万", "e.g. 100万");
/// Hint of a target field: a count.
pub const TARGETS_HINT_COUNT: Text = Text("如 200", "e.g. 200");
/// The panel's note: how completion is computed and how to type a target.
pub const TARGETS_PANEL_NOTE: Text = Text(
    "完成数由当年记录自动计算，不能手填。目标按元填写，可写“10万”；人次填整数，回车设定。",
    "Completed is computed from the year's entries, never typed. Targets in yuan (\"10万\" \
     works) or whole counts; Enter sets it.",
);

/// The label of one indicator's target field in the panel: `投入帮扶资金 目标`.
pub fn target_field_label(indicator: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{indicator} 目标"),
        Lang::En => format!("{indicator} target"),
    }
}

/// A problem with a named field: `投入帮扶资金 目标：不是有效的金额`.
pub fn field_problem(field: &str, problem: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{field}：{problem}"),
        Lang::En => format!("{field}: {problem}"),
    }
}

/// The checkbox that shows others' input (其他) in the totals view and the printed summary.
pub const SHOW_OTHER: Text = Text(
    "显示其他来源（不计入本单位）",
    "Show others' input (not the unit's)",
);
/// The print dialog's checkbox for the targets table.
pub const PRINT_TARGETS: Text = Text("责任书完成情况", "Responsibility letter");
/// The print dialog's checkbox for the year-over-year tables.
pub const PRINT_YEAR_OVER_YEAR: Text = Text("同比（按村、按部门）", "Year over year");
