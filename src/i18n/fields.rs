//! The names of an entry's fields and of the measures totalled over entries.
//!
//! These are shared by the entry form, the ledger table, CSV headers, the printed summary,
//! the workbook and the CLI, so each is spelled once here. Column headings that carry a
//! unit (金额（元）) are built from these by the code that shows them.

use super::Text;

/// 日期: the day a contribution was given.
pub const DATE: Text = Text("日期", "Date");
/// 村: the village that received it.
pub const VILLAGE: Text = Text("村", "Village");
/// 部门: the department that gave it.
pub const DEPARTMENT: Text = Text("部门", "Department");
/// 帮扶形式: funds, goods or services.
pub const KIND: Text = Text("帮扶形式", "Kind");
/// 类别: 基础设施, 产业, 教育, ….
pub const CATEGORY: Text = Text("类别", "Category");
/// 内容: what was given.
pub const WHAT: Text = Text("内容", "What");
/// 数量.
pub const QUANTITY: Text = Text("数量", "Quantity");
/// 单位 (of the quantity: 套, 户, 袋, …).
pub const UNIT: Text = Text("单位", "Unit");
/// 金额: the value in yuan (the pledged amount for a pledge).
pub const VALUE: Text = Text("金额", "Value");
/// 已到位金额: how much of a pledge has arrived.
pub const DELIVERED_AMOUNT: Text = Text("已到位金额", "Delivered");
/// 受益户数: households reached by one entry.
pub const HOUSEHOLDS: Text = Text("受益户数", "Households");
/// 受益人数: persons reached by one entry.
pub const PERSONS: Text = Text("受益人数", "Persons");
/// 人次: person-times.
pub const PERSON_TIMES: Text = Text("人次", "Person-times");
/// 备注.
pub const NOTES: Text = Text("备注", "Notes");
/// 名称 (of a village, department or category).
pub const NAME: Text = Text("名称", "Name");
/// 乡镇.
pub const TOWN: Text = Text("乡镇", "Town");
/// 县.
pub const COUNTY: Text = Text("县", "County");
/// 帮扶单位: the assisting unit that keeps the ledger.
pub const ASSISTING_UNIT: Text = Text("帮扶单位", "Assisting unit");

/// 条数: how many entries.
pub const ENTRIES: Text = Text("条数", "Entries");
/// 资金: value given as funds.
pub const FUNDS: Text = Text("资金", "Funds");
/// 物资: value given as goods.
pub const GOODS: Text = Text("物资", "Goods");
/// 服务: value given as services.
pub const SERVICES: Text = Text("服务", "Services");
/// 合计: the total.
pub const TOTAL: Text = Text("合计", "Total");
/// 计划金额: the pledged amount.
pub const PLEDGED: Text = Text("计划金额", "Pledged");
/// 已到位: the delivered amount of pledges.
pub const DELIVERED: Text = Text("已到位", "Delivered");
/// 到位率: delivered ÷ pledged.
pub const DELIVERY_RATE: Text = Text("到位率", "Delivery rate");
/// 元: the unit of amounts.
pub const YUAN: Text = Text("元", "yuan");
/// 万元: ten thousand yuan, the unit of printed summaries on request.
pub const WAN_YUAN: Text = Text("万元", "10k yuan");
/// 金额（元）: the value column of a table.
pub const VALUE_YUAN: Text = Text("金额（元）", "Value (yuan)");
/// 形式: the kind column of the ledger table (short).
pub const KIND_SHORT: Text = Text("形式", "kind");
/// 户数: the households column of the ledger table (short).
pub const HOUSEHOLDS_SHORT: Text = Text("户数", "households");
/// 人数: the persons column of the ledger table (short).
pub const PERSONS_SHORT: Text = Text("人数", "persons");
/// 月份: a calendar month, as a grouping.
pub const MONTH: Text = Text("月份", "Month");
/// 季度: a calendar quarter, as a grouping.
pub const QUARTER: Text = Text("季度", "Quarter");
/// 年度: a calendar year, as a grouping.
pub const YEAR: Text = Text("年度", "Year");
/// Help of `bangfu add --date`.
pub const DATE_HELP: Text = Text("日期（年-月-日）", "Date (YYYY-MM-DD)");
/// Help of `bangfu add --village`.
pub const VILLAGE_HELP: Text = Text("村名", "Village name");
/// Help of `bangfu add --department`.
pub const DEPARTMENT_HELP: Text = Text("部门名称", "Department name");
/// Help of `bangfu add --kind`.
pub const KIND_HELP: Text = Text(
    "资金 | 物资 | 服务 | 培训 | 购买农产品 | 帮助销售农产品（funds | goods | services | training | purchase | sales_help）",
    "funds | goods | services | training | purchase | sales_help (资金 | 物资 | 服务 | 培训 | 购买农产品 | 帮助销售农产品)",
);
/// Help of `bangfu add --category`.
pub const CATEGORY_HELP: Text = Text("类别（没有则新建）", "Category (created if new)");
/// Help of `bangfu add --what`.
pub const WHAT_HELP: Text = Text("帮扶的内容", "What was given");
/// Help of `bangfu add --quantity`.
pub const QUANTITY_HELP: Text = Text(QUANTITY.0, "Quantity");
/// Help of `bangfu add --unit`.
pub const UNIT_HELP: Text = Text("数量的单位", "Unit of the quantity");
/// Help of `bangfu add --value`.
pub const VALUE_HELP: Text = Text(
    "金额，单位元（`40000`、`4,000.50`、`4万`）；承诺的帮扶填承诺的金额",
    "Value in yuan (`40000`, `4,000.50`, `4万`); for a pledge, the pledged amount",
);
/// Help of `bangfu add --households`.
pub const HOUSEHOLDS_HELP: Text = Text(HOUSEHOLDS.0, "Households reached");
/// Help of `bangfu add --persons`.
pub const PERSONS_HELP: Text = Text(PERSONS.0, "Persons reached");
/// Help of `bangfu add --person-times`.
pub const PERSON_TIMES_HELP: Text = Text(PERSON_TIMES.0, "Person-times");
/// Help of `bangfu add --notes`.
pub const NOTES_HELP: Text = Text(NOTES.0, "Notes");
/// Help of `bangfu add --delivered`.
pub const DELIVERED_HELP: Text = Text(
    "填写则金额记为承诺，此为至今已到位的金额（元）",
    "Marks the value as pledged, with this much delivered so far (yuan)",
);
/// 来源: where a contribution comes from (本单位投入 / 引进 / 其他).
pub const SOURCE: Text = Text("来源", "Source");
/// 出资方: who put it up when it is not the unit's own.
pub const GIVER: Text = Text("出资方", "Giver");
/// 培训对象: who was trained.
pub const TRAINEES: Text = Text("培训对象", "Trainees");
/// 渠道: how products were bought or sold.
pub const CHANNEL: Text = Text("渠道", "Channel");
/// Help of `bangfu add --source`.
pub const SOURCE_HELP: Text = Text(
    "本单位投入 | 引进 | 其他（默认本单位投入）",
    "direct | introduced | other (default direct)",
);
/// Help of `bangfu add --giver`.
pub const GIVER_HELP: Text = Text(
    "出资方（引进或其他时填写：企业、校友、基金会、镇政府…）",
    "Who put it up, for introduced or other (an enterprise, alumni, a foundation, the town)",
);
/// Help of `bangfu add --trainees`.
pub const TRAINEES_HELP: Text = Text(
    "培训对象（培训必填）：基层干部 | 乡村振兴带头人 | 专业技术人才 | 农民",
    "Who was trained (required for training): cadres | leaders | technicians | farmers",
);
/// Help of `bangfu add --channel`.
pub const CHANNEL_HELP: Text = Text(
    "渠道（购买或帮助销售农产品）：食堂、工会、832平台…",
    "Channel of a purchase or help-to-sell: canteen (食堂), union (工会), 832 platform …",
);
/// 受益户次: households summed over entries (a household counts once per entry).
pub const HOUSEHOLD_TIMES: Text = Text("受益户次", "Household-times");
/// 受益人次: persons summed over entries (a person counts once per entry).
pub const PERSONS_SUMMED: Text = Text("受益人次", "Persons (summed)");
/// 建档立卡户: a village's registered poor households (master data).
pub const REGISTERED_HOUSEHOLDS: Text = Text("建档立卡户", "Registered households");
/// 监测户: a village's monitored households (master data).
pub const MONITORED_HOUSEHOLDS: Text = Text("监测户", "Monitored households");
/// 边缘户: a village's marginal households (master data).
pub const MARGINAL_HOUSEHOLDS: Text = Text("边缘户", "Marginal households");
/// 培训: value of training (its cost), a kind column.
pub const TRAINING: Text = Text("培训", "Training");
/// 消费帮扶: purchases plus help-to-sell, shown beside 合计.
pub const CONSUMPTION: Text = Text("消费帮扶", "Consumption assistance");
/// 引进: value brought in, shown beside 合计.
pub const INTRODUCED: Text = Text("引进", "Introduced");
/// 其他: others' input, shown only when asked for.
pub const OTHER_SOURCE: Text = Text("其他", "Other");
/// 指标: an indicator of the responsibility letter.
pub const INDICATOR: Text = Text("指标", "Indicator");
/// 目标: a year's target.
pub const TARGET: Text = Text("目标", "Target");
/// 完成: what was completed (computed from the entries).
pub const COMPLETED: Text = Text("完成", "Completed");
/// 完成率: completed ÷ target.
pub const COMPLETION_RATE: Text = Text("完成率", "Completion rate");
/// 超额完成: completed above 100 %.
pub const OVER_COMPLETED: Text = Text("超额完成", "Exceeded");
/// 本年: this year, in a year-over-year table.
pub const THIS_YEAR: Text = Text("本年", "This year");
/// 上年: last year, in a year-over-year table.
pub const LAST_YEAR: Text = Text("上年", "Last year");
/// 增减: the change from last year.
pub const CHANGE: Text = Text("增减", "Change");
