//! The assistance ledger itself: pure data, validation and undoable edits.
//!
//! Nothing here knows about egui, files or printing, so every rule can be tested alone.

pub mod changes;
pub mod edit;
pub mod entry_text;
pub mod evidence;
pub mod fields;
pub mod findings;
pub mod findings_import;
pub mod history;
pub mod lock;
pub mod money;
pub mod names;
pub mod period;
pub mod quantity;
pub mod source;
pub mod targets;
pub mod validate;

/// The texts of an entry (内容, 单位, 备注, 出资方, 渠道): most are a few characters, kept
/// inline without a heap allocation of their own (24 bytes, like `String`).
pub use compact_str::CompactString;
pub use edit::{Edit, EditError};
pub use evidence::{Attachment, Owner};
pub use fields::{ENTRY_FIELDS, EntryField};
pub use findings::{
    Finding, FindingCategory, FindingCategoryId, FindingEdit, FindingId, FindingStatus, Round,
    RoundId,
};
pub use money::{Fen, MoneyError};
pub use names::{MasterKind, NameBatch, NameError};
pub use period::{Period, PeriodError, Preset};
pub use quantity::{Quantity, QuantityError};
pub use source::{CHANNEL_SUGGESTIONS, Source, TraineeGroup};
pub use targets::{CustomIndicator, Indicator, IndicatorId, IndicatorRef, Measure, Target};
pub use validate::{Field, FieldError, Problem};

use crate::i18n::{Lang, Text, model};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Identifies a village within one ledger; never reused after a delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VillageId(pub u32);

/// Identifies a department within one ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DepartmentId(pub u32);

/// Identifies a category within one ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CategoryId(pub u32);

/// Identifies a contribution within one ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(pub u64);

/// A village the unit assists (帮扶村).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Village {
    /// Stable id.
    pub id: VillageId,
    /// 九股村.
    pub name: String,
    /// 妈姑镇 (may be empty).
    #[serde(default)]
    pub town: String,
    /// 赫章县 (may be empty).
    #[serde(default)]
    pub county: String,
    /// 建档立卡户: registered poor households (master data, not summed from entries).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub registered: u32,
    /// 监测户: monitored households.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub monitored: u32,
    /// 边缘户: marginal households.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub marginal: u32,
}

impl Village {
    /// A village with a name and place and no registered households.
    pub fn new(id: VillageId, name: &str, town: &str, county: &str) -> Village {
        Village {
            id,
            name: name.to_string(),
            town: town.to_string(),
            county: county.to_string(),
            registered: 0,
            monitored: 0,
            marginal: 0,
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A department of the assisting unit that gives (部门 / 系 / 支部).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Stable id.
    pub id: DepartmentId,
    /// 农业工程系.
    pub name: String,
}

/// A category of assistance (基础设施, 产业, 教育 …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable id.
    pub id: CategoryId,
    /// 产业.
    pub name: String,
}

/// The form a contribution takes (帮扶形式).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// 资金: money.
    Funds,
    /// 物资: goods, valued in yuan (折合金额).
    Goods,
    /// 服务: services (clinics, volunteers).
    Services,
    /// 培训: training; who was trained is in [`Entry::trainees`], how many in persons and
    /// person-times, its cost (if any) in the value.
    Training,
    /// 购买农产品: products of the paired area bought (消费帮扶); the value is what was
    /// paid, [`Entry::channel`] how (食堂, 工会, 832平台).
    Purchase,
    /// 帮助销售农产品: products of the paired area the unit helped to sell (消费帮扶).
    SalesHelp,
}

impl Kind {
    /// All kinds in display order.
    pub const ALL: [Kind; 6] = [
        Kind::Funds,
        Kind::Goods,
        Kind::Services,
        Kind::Training,
        Kind::Purchase,
        Kind::SalesHelp,
    ];

    /// What the unit put in (资金, 物资, 服务, 培训): these add up to 合计. Purchases and
    /// help-to-sell are not input; they are 消费帮扶, shown beside the total.
    pub fn is_input(self) -> bool {
        !self.is_consumption()
    }

    /// 购买农产品 or 帮助销售农产品 (消费帮扶).
    pub fn is_consumption(self) -> bool {
        matches!(self, Kind::Purchase | Kind::SalesHelp)
    }

    /// 资金 / funds.
    pub fn label(self, lang: Lang) -> &'static str {
        self.text().get(lang)
    }

    /// The kind's name in the catalog.
    pub fn text(self) -> Text {
        match self {
            Kind::Funds => model::KIND_FUNDS,
            Kind::Goods => model::KIND_GOODS,
            Kind::Services => model::KIND_SERVICES,
            Kind::Training => model::KIND_TRAINING,
            Kind::Purchase => model::KIND_PURCHASE,
            Kind::SalesHelp => model::KIND_SALES_HELP,
        }
    }

    /// The word used in CSV files and the CLI: `funds`, `goods`, `services`, `training`,
    /// `purchase`, `sales_help`.
    pub fn code(self) -> &'static str {
        self.label(Lang::En)
    }

    /// Reads 资金/物资/服务/培训/购买农产品/帮助销售农产品 or their codes (also
    /// "service", "fund", 购买, 帮助销售, sales-help, any case).
    pub fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_lowercase().as_str() {
            "资金" | "funds" | "fund" | "money" => Some(Kind::Funds),
            "物资" | "goods" | "good" | "materials" => Some(Kind::Goods),
            "服务" | "services" | "service" => Some(Kind::Services),
            "培训" | "training" | "train" => Some(Kind::Training),
            "购买农产品" | "购买" | "采购农产品" | "purchase" | "purchases" => {
                Some(Kind::Purchase)
            }
            "帮助销售农产品"
            | "帮助销售"
            | "帮销"
            | "sales_help"
            | "sales-help"
            | "sales help"
            | "help-to-sell" => Some(Kind::SalesHelp),
            _ => None,
        }
    }
}

/// Whether a contribution has arrived in full or was pledged with deliveries against it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Given in full (到位); the entry's value is what was delivered.
    #[default]
    Delivered,
    /// Pledged (计划/承诺): the entry's value is the pledged amount, `delivered_fen` what has
    /// arrived so far.
    Pledged {
        /// Delivered so far (已到位), never more than the pledge.
        delivered_fen: Fen,
    },
}

/// A created or modified time stamp, local time to the second.
pub type Stamp = NaiveDateTime;

/// One contribution: what a department gave one village on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable id.
    pub id: EntryId,
    /// When it was given.
    pub date: NaiveDate,
    /// Who gave it.
    pub department: DepartmentId,
    /// Who received it.
    pub village: VillageId,
    /// 来源: the unit's own input (default), brought in, or others'.
    #[serde(default, skip_serializing_if = "Source::is_direct")]
    pub source: Source,
    /// 出资方: who put it up when it is not the unit's own (an enterprise, alumni, a
    /// foundation, 妈姑镇人民政府); empty for the unit's own input.
    #[serde(default, skip_serializing_if = "CompactString::is_empty")]
    pub giver: CompactString,
    /// Funds, goods, services, training, purchase or help-to-sell.
    pub kind: Kind,
    /// 培训对象: who was trained (training entries only, and required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainees: Option<TraineeGroup>,
    /// 渠道: how products were bought or sold (食堂, 工会, 832平台; purchase and
    /// help-to-sell entries only).
    #[serde(default, skip_serializing_if = "CompactString::is_empty")]
    pub channel: CompactString,
    /// Optional category.
    #[serde(default)]
    pub category: Option<CategoryId>,
    /// What was given (公厕建设, 化肥 …).
    pub what: CompactString,
    /// How much of it, when counted.
    #[serde(default)]
    pub quantity: Option<Quantity>,
    /// The unit of the quantity (套, 户, 袋, 人次, 吨).
    #[serde(default)]
    pub unit: CompactString,
    /// Value in fen (折合金额); for a pledge, the amount pledged.
    #[serde(default)]
    pub value_fen: Fen,
    /// Households reached (受益户数).
    #[serde(default)]
    pub households: u32,
    /// Persons reached (受益人数).
    #[serde(default)]
    pub persons: u32,
    /// Person-times of service (人次).
    #[serde(default)]
    pub person_times: u32,
    /// Delivered outright, or pledged with deliveries against it.
    #[serde(default)]
    pub status: Status,
    /// Free notes.
    #[serde(default)]
    pub notes: CompactString,
    /// When the entry was first recorded.
    pub created: Stamp,
    /// When the entry was last changed.
    pub modified: Stamp,
}

impl Entry {
    /// An entry with the fields every entry has; every other field is empty, zero or
    /// none, and the entry is delivered in full. Code that builds entries (the sample, a
    /// migration) starts from this, so a new optional field needs no change there.
    pub fn new(
        id: EntryId,
        date: NaiveDate,
        department: DepartmentId,
        village: VillageId,
        kind: Kind,
        what: impl Into<CompactString>,
        stamp: Stamp,
    ) -> Entry {
        Entry {
            id,
            date,
            department,
            village,
            source: Source::Direct,
            giver: CompactString::default(),
            kind,
            trainees: None,
            channel: CompactString::default(),
            category: None,
            what: what.into(),
            quantity: None,
            unit: CompactString::default(),
            value_fen: Fen::ZERO,
            households: 0,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            notes: CompactString::default(),
            created: stamp,
            modified: stamp,
        }
    }

    /// The value that has actually been given: the whole value, or what has arrived of a pledge.
    pub fn delivered_value(&self) -> Fen {
        match self.status {
            Status::Delivered => self.value_fen,
            Status::Pledged { delivered_fen } => delivered_fen,
        }
    }
}

/// The whole ledger of one assisting unit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    /// The assisting unit (帮扶单位), e.g. 毕节职业技术学院.
    pub unit: String,
    /// Villages in the order the user keeps them.
    pub villages: Vec<Village>,
    /// Departments in the order the user keeps them.
    pub departments: Vec<Department>,
    /// Categories in the order the user keeps them.
    pub categories: Vec<Category>,
    /// User-defined indicators of the responsibility letter, in the user's order.
    pub indicators: Vec<CustomIndicator>,
    /// Annual targets, sorted by year then indicator; completion is computed, never stored.
    pub targets: Vec<Target>,
    /// Contributions, sorted by id (ids only grow).
    pub entries: Vec<Entry>,
    /// Inspection rounds (问题来源) of the rectification ledger, in the user's order.
    pub rounds: Vec<Round>,
    /// Categories of findings (its own editable list), in the user's order.
    pub finding_categories: Vec<FindingCategory>,
    /// Findings of the rectification ledger (整改台账), sorted by id.
    pub findings: Vec<Finding>,
    /// The period lock (结账): entries dated up to its day cannot change. `None`: nothing
    /// is locked. Boxed: most ledgers have none, and a ledger is held in many places.
    pub lock: Option<Box<lock::PeriodLock>>,
    /// Files attached to entries and findings (佐证材料), in attach order.
    pub attachments: Vec<Attachment>,
    /// Where each record's attachments are (built on first use; see `evidence.rs`).
    pub(crate) attachment_index: evidence::AttachmentIndex,
}

/// Categories a new ledger starts with; the user can rename, merge and add to them.
pub const DEFAULT_CATEGORIES: [&str; 7] = [
    "基础设施",
    "产业",
    "教育",
    "医疗健康",
    "环境卫生",
    "志愿服务",
    "其他",
];

impl Ledger {
    /// An empty ledger for a unit, with the default categories.
    pub fn new(unit: &str) -> Ledger {
        Ledger {
            unit: unit.trim().to_string(),
            categories: DEFAULT_CATEGORIES
                .iter()
                .enumerate()
                .map(|(i, name)| Category {
                    id: CategoryId(i as u32 + 1),
                    name: (*name).to_string(),
                })
                .collect(),
            ..Ledger::default()
        }
    }

    /// The village with this id.
    pub fn village(&self, id: VillageId) -> Option<&Village> {
        self.villages.iter().find(|v| v.id == id)
    }

    /// The department with this id.
    pub fn department(&self, id: DepartmentId) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    /// The category with this id.
    pub fn category(&self, id: CategoryId) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The village name for an id, or `?` if it is unknown.
    pub fn village_name(&self, id: VillageId) -> &str {
        self.village(id).map_or("?", |v| v.name.as_str())
    }

    /// The department name for an id, or `?`.
    pub fn department_name(&self, id: DepartmentId) -> &str {
        self.department(id).map_or("?", |d| d.name.as_str())
    }

    /// The category name for an id, or empty when there is none.
    pub fn category_name(&self, id: Option<CategoryId>) -> &str {
        id.and_then(|id| self.category(id))
            .map_or("", |c| c.name.as_str())
    }

    /// Finds a village by its (trimmed) name.
    pub fn village_by_name(&self, name: &str) -> Option<&Village> {
        let name = name.trim();
        self.villages.iter().find(|v| v.name == name)
    }

    /// Finds a department by its (trimmed) name.
    pub fn department_by_name(&self, name: &str) -> Option<&Department> {
        let name = name.trim();
        self.departments.iter().find(|d| d.name == name)
    }

    /// Finds a category by its (trimmed) name.
    pub fn category_by_name(&self, name: &str) -> Option<&Category> {
        let name = name.trim();
        self.categories.iter().find(|c| c.name == name)
    }

    /// Position of an entry in `entries` (binary search: entries are sorted by id).
    pub fn entry_index(&self, id: EntryId) -> Option<usize> {
        self.entries.binary_search_by_key(&id, |e| e.id).ok()
    }

    /// The entry with this id.
    pub fn entry(&self, id: EntryId) -> Option<&Entry> {
        self.entry_index(id).map(|i| &self.entries[i])
    }

    /// The id the next new village gets.
    pub fn next_village_id(&self) -> VillageId {
        VillageId(self.villages.iter().map(|v| v.id.0).max().unwrap_or(0) + 1)
    }

    /// The id the next new department gets.
    pub fn next_department_id(&self) -> DepartmentId {
        DepartmentId(self.departments.iter().map(|d| d.id.0).max().unwrap_or(0) + 1)
    }

    /// The id the next new category gets.
    pub fn next_category_id(&self) -> CategoryId {
        CategoryId(self.categories.iter().map(|c| c.id.0).max().unwrap_or(0) + 1)
    }

    /// The id the next new entry gets.
    pub fn next_entry_id(&self) -> EntryId {
        EntryId(self.entries.last().map_or(0, |e| e.id.0) + 1)
    }

    /// How many entries use a village.
    pub fn village_uses(&self, id: VillageId) -> usize {
        self.entries.iter().filter(|e| e.village == id).count()
    }

    /// How many entries use a department.
    pub fn department_uses(&self, id: DepartmentId) -> usize {
        self.entries.iter().filter(|e| e.department == id).count()
    }

    /// How many entries use a category.
    pub fn category_uses(&self, id: CategoryId) -> usize {
        self.entries
            .iter()
            .filter(|e| e.category == Some(id))
            .count()
    }
}
