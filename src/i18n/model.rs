//! model words of the catalog (see the module docs of `crate::i18n`): validation and
//! domain messages of the ledger (names, periods, edits), the import and the storage
//! format. Field names themselves live in [`super::fields`].

use super::{Lang, Text, fields};

// --- kinds -------------------------------------------------------------------------------

/// 资金 as a kind of contribution (English in lower case, as the CLI and CSV read it).
pub const KIND_FUNDS: Text = Text(fields::FUNDS.0, "funds");
/// 物资 as a kind of contribution.
pub const KIND_GOODS: Text = Text(fields::GOODS.0, "goods");
/// 服务 as a kind of contribution.
pub const KIND_SERVICES: Text = Text(fields::SERVICES.0, "services");
/// 培训 as a kind of contribution.
pub const KIND_TRAINING: Text = Text(fields::TRAINING.0, "training");
/// 购买农产品 as a kind of contribution (消费帮扶).
pub const KIND_PURCHASE: Text = Text("购买农产品", "purchase");
/// 帮助销售农产品 as a kind of contribution (消费帮扶).
pub const KIND_SALES_HELP: Text = Text("帮助销售农产品", "sales_help");

// --- sources and trainees ----------------------------------------------------------------

/// 本单位投入: the unit's own input (English as the CLI and CSV read it).
pub const SOURCE_DIRECT: Text = Text("本单位投入", "direct");
/// 引进: brought in from enterprises, alumni or foundations.
pub const SOURCE_INTRODUCED: Text = Text("引进", "introduced");
/// 其他: others' input (the town's funds), never the unit's.
pub const SOURCE_OTHER: Text = Text("其他", "other");
/// 基层干部.
pub const TRAINEES_CADRES: Text = Text("基层干部", "cadres");
/// 乡村振兴带头人.
pub const TRAINEES_LEADERS: Text = Text("乡村振兴带头人", "leaders");
/// 专业技术人才.
pub const TRAINEES_TECHNICIANS: Text = Text("专业技术人才", "technicians");
/// 农民.
pub const TRAINEES_FARMERS: Text = Text("农民", "farmers");

// --- indicators of the responsibility letter ------------------------------------------------

/// 投入帮扶资金.
pub const IND_DIRECT_FUNDS: Text = Text("投入帮扶资金", "Direct assistance funds");
/// 引进帮扶资金.
pub const IND_INTRODUCED_FUNDS: Text = Text("引进帮扶资金", "Introduced assistance funds");
/// 培训基层干部.
pub const IND_TRAIN_CADRES: Text = Text("培训基层干部", "Cadres trained");
/// 培训乡村振兴带头人.
pub const IND_TRAIN_LEADERS: Text =
    Text("培训乡村振兴带头人", "Rural revitalisation leaders trained");
/// 培训专业技术人才.
pub const IND_TRAIN_TECHNICIANS: Text = Text("培训专业技术人才", "Technicians trained");
/// 购买脱贫地区农产品.
pub const IND_PURCHASE: Text = Text("购买脱贫地区农产品", "Products bought from the area");
/// 帮助销售脱贫地区农产品.
pub const IND_SALES_HELP: Text = Text("帮助销售脱贫地区农产品", "Products sold for the area");

// --- field names in messages and forms (English as CSV headers spell it) ------------------

/// 名称 (of a village, department or category).
pub const FIELD_NAME: Text = Text(fields::NAME.0, "name");
/// 乡镇.
pub const FIELD_TOWN: Text = Text(fields::TOWN.0, "town");
/// 县.
pub const FIELD_COUNTY: Text = Text(fields::COUNTY.0, "county");
/// 帮扶单位.
pub const FIELD_ASSISTING_UNIT: Text = Text(fields::ASSISTING_UNIT.0, "assisting unit");

// --- separators ----------------------------------------------------------------------------

/// Between a field's name and its message: `金额：不能为负数`.
pub const COLON: Text = Text("：", ": ");
/// Between several messages in one line.
pub const SEMICOLON: Text = Text("；", "; ");
/// Between names in a list (`九股村、海子村`).
pub const LIST_SEP: Text = Text("、", ", ");

// --- problems with a value -----------------------------------------------------------------

/// A required value is empty.
pub const EMPTY: Text = Text("不能为空", "must not be empty");
/// A negative number.
pub const NEGATIVE: Text = Text("不能为负数", "must not be negative");
/// Not a number.
pub const NOT_A_NUMBER: Text = Text("不是有效的数字", "is not a valid number");
/// Too many decimals.
pub const TOO_PRECISE: Text = Text(
    "小数位数过多（金额最多到分）",
    "has too many decimals (amounts go to the fen)",
);
/// Not a calendar date.
pub const BAD_DATE: Text = Text(
    "不是有效日期（格式 2020-06-05）",
    "is not a valid date (use 2020-06-05)",
);
/// A date outside the accepted range.
pub const DATE_OUT_OF_RANGE: Text = Text(
    "须在 2000-01-01 至 2100-12-31 之间",
    "must be between 2000-01-01 and 2100-12-31",
);
/// Not one of the kinds.
pub const BAD_KIND: Text = Text(
    "须为 资金、物资、服务、培训、购买农产品 或 帮助销售农产品",
    "must be funds, goods, services, training, purchase or sales_help",
);
/// Not one of the three sources.
pub const BAD_SOURCE: Text = Text(
    "须为 本单位投入、引进 或 其他（空白即本单位投入）",
    "must be direct, introduced or other (empty means direct)",
);
/// Not one of the trainee groups.
pub const BAD_TRAINEES: Text = Text(
    "须为 基层干部、乡村振兴带头人、专业技术人才 或 农民",
    "must be cadres, leaders, technicians or farmers",
);
/// Trainees given for an entry that is not a training.
pub const TRAINEES_ONLY_FOR_TRAINING: Text = Text(
    "只用于帮扶形式为“培训”的记录",
    "is only for entries of the kind training",
);
/// A channel given for an entry that is neither a purchase nor help-to-sell.
pub const CHANNEL_ONLY_FOR_CONSUMPTION: Text = Text(
    "只用于“购买农产品”或“帮助销售农产品”的记录",
    "is only for entries of the kind purchase or sales_help",
);
/// An indicator with targets switched between money and a count.
pub fn targets_set(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("已设置 {n} 个年度目标，不能在金额与数量之间切换"),
        Lang::En => {
            format!("has {n} annual targets set: it cannot switch between money and a count")
        }
    }
}

/// A training entry without trainees.
pub const TRAINEES_REQUIRED: Text =
    Text("培训记录须填写培训对象", "is required for a training entry");
/// Delivered more than pledged.
pub const DELIVERED_OVER_PLEDGE: Text = Text(
    "已到位金额不能超过计划金额",
    "cannot be more than the pledged value",
);
/// A CSV line the reader could not split into cells.
pub const UNREADABLE_ROW: Text = Text("此行无法读取", "this row cannot be read");

/// Above a maximum.
pub fn too_large(lang: Lang, max: &str) -> String {
    match lang {
        Lang::Zh => format!("超过上限 {max}"),
        Lang::En => format!("is over the limit of {max}"),
    }
}

/// Longer than allowed.
pub fn too_long(lang: Lang, max: usize) -> String {
    match lang {
        Lang::Zh => format!("过长（最多 {max} 个字）"),
        Lang::En => format!("is too long (at most {max} characters)"),
    }
}

/// An unknown record (by name or id).
pub fn unknown(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Zh => format!("不存在：{what}"),
        Lang::En => format!("unknown: {what}"),
    }
}

/// A name already used by another record.
pub fn duplicate(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("名称“{name}”已存在"),
        Lang::En => format!("the name “{name}” is already used"),
    }
}

// --- names (the name-resolution rule) ------------------------------------------------------

/// No record has the typed name; `known` lists those that exist, `can_create` says whether
/// the caller could create it (the CLI's `--create`).
pub fn name_not_found(lang: Lang, typed: &str, known: &[&str], create_hint: bool) -> String {
    let list = known.join(LIST_SEP.get(lang));
    match (lang, create_hint) {
        (Lang::Zh, true) => format!("不存在“{typed}”。已有：{list}（加 --create 可新建）"),
        (Lang::Zh, false) => format!("不存在“{typed}”。已有：{list}"),
        (Lang::En, true) => {
            format!("unknown “{typed}”. Known: {list} (add --create to create it)")
        }
        (Lang::En, false) => format!("unknown “{typed}”. Known: {list}"),
    }
}

/// Several records contain the typed text.
pub fn name_ambiguous(lang: Lang, typed: &str, candidates: &[&str]) -> String {
    let list = candidates.join(LIST_SEP.get(lang));
    match lang {
        Lang::Zh => format!("“{typed}”不唯一，可能是：{list}（请输入完整名称）"),
        Lang::En => format!("“{typed}” is ambiguous: {list} (type the whole name)"),
    }
}

/// A typed part of a name that was taken as the whole name.
pub fn name_matched(lang: Lang, typed: &str, name: &str) -> String {
    match lang {
        Lang::Zh => format!("“{typed}”即“{name}”"),
        Lang::En => format!("“{typed}” taken as “{name}”"),
    }
}

/// The button that creates a missing village.
pub fn new_village(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("新建村“{name}”"),
        Lang::En => format!("New village “{name}”"),
    }
}

/// The button that creates a missing department.
pub fn new_department(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("新建部门“{name}”"),
        Lang::En => format!("New department “{name}”"),
    }
}

/// The button that creates a missing category.
pub fn new_category(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("新建类别“{name}”"),
        Lang::En => format!("New category “{name}”"),
    }
}

// --- periods -------------------------------------------------------------------------------

/// 本月.
pub const THIS_MONTH: Text = Text("本月", "This month");
/// 本季度.
pub const THIS_QUARTER: Text = Text("本季度", "This quarter");
/// 本年.
pub const THIS_YEAR: Text = Text("本年", "This year");
/// 全部 (no date limit).
pub const ALL_DATES: Text = Text("全部", "All");
/// 自定义 (dates typed by the user).
pub const CUSTOM_PERIOD: Text = Text("自定义", "Custom");
/// 期间.
pub const PERIOD: Text = Text("期间", "Period");
/// The first day of a period, in a form.
pub const FROM_DAY: Text = Text("起始日期", "From");
/// The last day of a period, in a form.
pub const TO_DAY: Text = Text("截止日期", "To");
/// A period with no limits.
pub const EVERY_ENTRY: Text = Text("台账中的全部记录", "every entry in the ledger");
/// The first day after the last, in a form.
pub const FROM_AFTER_TO: Text = Text(
    "起始日期不能晚于截止日期",
    "the first day is after the last day",
);

/// A bad `--from` / `--to` date on the command line.
pub fn bad_flag_date(lang: Lang, flag: &str, typed: &str, problem: &str) -> String {
    match lang {
        Lang::Zh => format!("{flag} 日期“{typed}”{problem}"),
        Lang::En => format!("{flag} date “{typed}” {problem}"),
    }
}

/// `--from` after `--to`.
pub fn flag_from_after_to(lang: Lang, from: &str, to: &str) -> String {
    match lang {
        Lang::Zh => format!("{from} 不能晚于 {to}"),
        Lang::En => format!("{from} must not be after {to}"),
    }
}

// --- edits ---------------------------------------------------------------------------------

/// The record to change is gone.
pub const RECORD_MISSING: Text = Text("记录已不存在", "the record no longer exists");
/// The id is taken.
pub const ID_TAKEN: Text = Text("编号已被占用", "the id is already taken");

/// A record still in use cannot be removed.
pub fn in_use(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("仍有 {n} 条记录在使用，不能删除"),
        Lang::En => format!("still used by {n} entries, cannot be deleted"),
    }
}

/// What an edit does, for menus and the audit trail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditVerb {
    /// 添加 (an entry).
    AddEntry,
    /// 修改 (an entry).
    EditEntry,
    /// 删除 (an entry).
    DeleteEntry,
    /// 添加村.
    AddVillage,
    /// 删除村.
    DeleteVillage,
    /// 修改村.
    EditVillage,
    /// 添加部门.
    AddDepartment,
    /// 删除部门.
    DeleteDepartment,
    /// 修改部门.
    EditDepartment,
    /// 添加类别.
    AddCategory,
    /// 删除类别.
    DeleteCategory,
    /// 修改类别.
    EditCategory,
    /// 修改帮扶单位.
    RenameUnit,
    /// 设置目标.
    SetTarget,
    /// 添加指标.
    AddIndicator,
    /// 删除指标.
    DeleteIndicator,
    /// 修改指标.
    EditIndicator,
}

impl EditVerb {
    /// The verb's words.
    pub fn text(self) -> Text {
        match self {
            EditVerb::AddEntry => Text("添加", "add"),
            EditVerb::EditEntry => Text("修改", "edit"),
            EditVerb::DeleteEntry => Text("删除", "delete"),
            EditVerb::AddVillage => Text("添加村", "add village"),
            EditVerb::DeleteVillage => Text("删除村", "delete village"),
            EditVerb::EditVillage => Text("修改村", "edit village"),
            EditVerb::AddDepartment => Text("添加部门", "add department"),
            EditVerb::DeleteDepartment => Text("删除部门", "delete department"),
            EditVerb::EditDepartment => Text("修改部门", "edit department"),
            EditVerb::AddCategory => Text("添加类别", "add category"),
            EditVerb::DeleteCategory => Text("删除类别", "delete category"),
            EditVerb::EditCategory => Text("修改类别", "edit category"),
            EditVerb::RenameUnit => Text("修改帮扶单位", "rename unit"),
            EditVerb::SetTarget => Text("设置目标", "set target"),
            EditVerb::AddIndicator => Text("添加指标", "add indicator"),
            EditVerb::DeleteIndicator => Text("删除指标", "delete indicator"),
            EditVerb::EditIndicator => Text("修改指标", "edit indicator"),
        }
    }
}

/// `导入 12 条`.
pub fn batch_import(lang: Lang, entries: usize) -> String {
    match lang {
        Lang::Zh => format!("导入 {entries} 条"),
        Lang::En => format!("import {entries} entries"),
    }
}

/// `合并 a → b`.
pub fn batch_merge(lang: Lang, from: &str, into: &str) -> String {
    match lang {
        Lang::Zh => format!("合并 {from} → {into}"),
        Lang::En => format!("merge {from} → {into}"),
    }
}

/// `设置 2021 年目标`.
pub fn batch_targets(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Zh => format!("设置 {year} 年目标"),
        Lang::En => format!("set targets for {year}"),
    }
}

/// A ledger restored from a backup.
pub const BATCH_RESTORE: Text = Text("从备份恢复", "restore from backup");

// --- import --------------------------------------------------------------------------------

/// `第 3 行 金额：不能为负数` (row 0 is the file itself).
pub fn row_error(lang: Lang, row: usize, message: &str) -> String {
    match (lang, row) {
        (Lang::Zh, 0) => format!("文件 {message}"),
        (Lang::En, 0) => format!("file: {message}"),
        (Lang::Zh, r) => format!("第 {r} 行 {message}"),
        (Lang::En, r) => format!("row {r}: {message}"),
    }
}

// --- the storage format --------------------------------------------------------------------

/// `第 12 行第 5 列，字段 entries[3]：…`.
pub fn parse_error(lang: Lang, line: usize, column: usize, path: &str, detail: &str) -> String {
    let path = if path.is_empty() || path == "." {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!("，字段 {path}"),
            Lang::En => format!(", field {path}"),
        }
    };
    match lang {
        Lang::Zh => format!("第 {line} 行第 {column} 列{path}：{detail}"),
        Lang::En => format!("line {line}, column {column}{path}: {detail}"),
    }
}

/// A file that is not a ledger.
pub const NOT_A_LEDGER: Text = Text(
    "不是帮扶台账文件（缺少 format: \"bangfu-ledger\"）",
    "not a Bangfu ledger file (no format: \"bangfu-ledger\")",
);

/// A file written by a newer version.
pub fn too_new(lang: Lang, version: u32, min_reader: u32, current: u32) -> String {
    match lang {
        Lang::Zh => format!(
            "此文件由更新的版本（第 {version} 版，至少需要第 {min_reader} 版）创建，本程序（第 {current} 版）无法读取，请升级"
        ),
        Lang::En => format!(
            "this file was written by a newer version ({version}, needs at least {min_reader}); this program reads version {current}: please upgrade"
        ),
    }
}

/// `数据有误：a；b …（共 9 处）`.
pub fn invalid_data(lang: Lang, shown: &[String], total: usize) -> String {
    let mut s = Text("数据有误：", "invalid data: ").get(lang).to_string();
    s.push_str(&shown.join(SEMICOLON.get(lang)));
    if total > shown.len() {
        s.push_str(&match lang {
            Lang::Zh => format!(" …（共 {total} 处）"),
            Lang::En => format!(" … ({total} in all)"),
        });
    }
    s
}

// --- the ledger table ----------------------------------------------------------------------

/// After a pledged value in a table cell.
pub const PLEDGED_SUFFIX: Text = Text("（计划）", " (pledged)");

// --- CSV files -----------------------------------------------------------------------------

/// A quote that never closes where a cell ends.
pub const CSV_UNBALANCED_QUOTE: Text = Text(
    "引号未配对（此行开始的引号没有在单元格末尾结束）",
    "unbalanced quote (the quote opened on this line does not close at the end of a cell)",
);

/// A line in another encoding than the rest of the file.
pub const CSV_MIXED_ENCODING: Text = Text(
    "编码与文件其余部分不同（不是 UTF-8），请将整个文件另存为 UTF-8",
    "not UTF-8 like the rest of the file: save the whole file as UTF-8",
);

/// Neither UTF-8 nor GBK.
pub const CSV_NOT_TEXT: Text = Text(
    "既不是 UTF-8 也不是 GBK 编码的文本",
    "is neither UTF-8 nor GBK text",
);

/// `缺少“日期”列`.
pub fn csv_missing_column(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("缺少“{name}”列"),
        Lang::En => format!("no “{name}” column"),
    }
}

/// `…另有 12 处错误未列出`.
pub fn csv_more_errors(lang: Lang, more: usize) -> String {
    match lang {
        Lang::Zh => format!("…另有 {more} 处错误未列出"),
        Lang::En => format!("… and {more} more errors not listed"),
    }
}

/// `已忽略不认识的列：序号、备用`.
pub fn csv_ignored_columns(lang: Lang, names: &str) -> String {
    match lang {
        Lang::Zh => format!("已忽略不认识的列：{names}"),
        Lang::En => format!("ignored unknown columns: {names}"),
    }
}
