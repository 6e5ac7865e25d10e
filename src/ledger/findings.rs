//! The rectification ledger (整改台账): inspection rounds (问题来源), the editable list of
//! finding categories, and findings tracked from 未整改 to 已销号.
//!
//! Every change is a [`FindingEdit`] inside [`super::Edit::Finding`], so undo, save and the
//! store's guarantees hold as for entries. Overdue and due-soon are computed against an
//! as-of date ([`Finding::is_overdue`]), never stored.

use super::edit::EditError;
use super::{DepartmentId, EntryId, Ledger, VillageId};
use crate::i18n::{Lang, Text, findings as words};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Identifies an inspection round within one ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoundId(pub u32);

/// Identifies a finding within one ledger (its 序号 in the 台账); never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FindingId(pub u32);

/// Identifies a finding category within one ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FindingCategoryId(pub u32);

/// An inspection round (问题来源): 第二轮督战, 巡视, 审计 ….
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// Stable id.
    pub id: RoundId,
    /// 第二轮督战.
    pub name: String,
    /// When it took place (unknown for a round first named by an import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Who organised it (县脱贫攻坚指挥部 …); may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organiser: String,
}

/// A category of findings (饮水安全, 住房安全保障 …): its own editable list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingCategory {
    /// Stable id.
    pub id: FindingCategoryId,
    /// 饮水安全.
    pub name: String,
}

/// The categories the sample starts with (三保障, water, roads, household records, hygiene,
/// income: what the inspection checked).
pub const DEFAULT_FINDING_CATEGORIES: [&str; 8] = [
    "义务教育保障",
    "基本医疗保障",
    "住房安全保障",
    "饮水安全",
    "道路硬化",
    "户籍信息更新",
    "室内外卫生",
    "收入达标",
];

/// Where a finding stands: 未整改 → 整改中 → 已整改 → 已销号.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum FindingStatus {
    /// 未整改: nothing done yet.
    #[default]
    Open,
    /// 整改中: work under way.
    InProgress,
    /// 已整改: fixed, not yet checked.
    Done,
    /// 已销号: checked and signed off (needs 验收人 and a date).
    Verified,
}

impl FindingStatus {
    /// In workflow order.
    pub const ALL: [FindingStatus; 4] = [
        FindingStatus::Open,
        FindingStatus::InProgress,
        FindingStatus::Done,
        FindingStatus::Verified,
    ];

    /// The status's name in the catalog.
    pub fn text(self) -> Text {
        match self {
            FindingStatus::Open => words::STATUS_OPEN,
            FindingStatus::InProgress => words::STATUS_IN_PROGRESS,
            FindingStatus::Done => words::STATUS_DONE,
            FindingStatus::Verified => words::STATUS_VERIFIED,
        }
    }

    /// 未整改 / not rectified.
    pub fn label(self, lang: Lang) -> &'static str {
        self.text().get(lang)
    }

    /// `open`, `in_progress`, `done`, `verified` (CSV, JSON, the CLI).
    pub fn code(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::InProgress => "in_progress",
            FindingStatus::Done => "done",
            FindingStatus::Verified => "verified",
        }
    }

    /// Reads 未整改/整改中/已整改/已销号 or the codes (any case; `in-progress` too).
    pub fn parse(text: &str) -> Option<FindingStatus> {
        match text.trim().to_lowercase().as_str() {
            "未整改" | "open" => Some(FindingStatus::Open),
            "整改中" | "in_progress" | "in-progress" | "in progress" => {
                Some(FindingStatus::InProgress)
            }
            "已整改" | "done" => Some(FindingStatus::Done),
            "已销号" | "verified" => Some(FindingStatus::Verified),
            _ => None,
        }
    }

    /// Still to be fixed (未整改 or 整改中): these can be overdue.
    pub fn is_pending(self) -> bool {
        matches!(self, FindingStatus::Open | FindingStatus::InProgress)
    }

    /// Fixed (已整改 or 已销号): these count toward the completion rate.
    pub fn is_fixed(self) -> bool {
        !self.is_pending()
    }
}

/// Who must fix a finding: one of the unit's departments, or an outside body (妈姑镇, 九股村
/// 村委会) named in text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Responsible {
    /// A department of the assisting unit.
    Department(DepartmentId),
    /// An outside body; empty when the list names none.
    Outside(String),
}

impl Default for Responsible {
    fn default() -> Responsible {
        Responsible::Outside(String::new())
    }
}

impl Responsible {
    /// The department's name or the outside body's text.
    pub fn name<'a>(&'a self, ledger: &'a Ledger) -> &'a str {
        match self {
            Responsible::Department(id) => ledger.department_name(*id),
            Responsible::Outside(text) => text.as_str(),
        }
    }

    /// A department when the text is one's name, else the text as an outside body.
    pub fn from_text(ledger: &Ledger, text: &str) -> Responsible {
        match ledger.department_by_name(text) {
            Some(d) => Responsible::Department(d.id),
            None => Responsible::Outside(text.trim().to_string()),
        }
    }
}

/// A dated line of progress (整改进度).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressNote {
    /// When.
    pub date: NaiveDate,
    /// What was done.
    pub text: String,
}

/// One finding of an inspection, tracked until it is signed off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Stable id (序号).
    pub id: FindingId,
    /// The village where it was found.
    pub village: VillageId,
    /// The round that found it (问题来源).
    pub round: RoundId,
    /// 问题类别.
    pub category: FindingCategoryId,
    /// 问题描述 (required).
    pub description: String,
    /// 整改措施.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub measures: String,
    /// 责任单位.
    #[serde(default)]
    pub responsible: Responsible,
    /// 责任人.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub person: String,
    /// 整改时限.
    pub deadline: NaiveDate,
    /// 整改状态.
    #[serde(default)]
    pub status: FindingStatus,
    /// 完成时间.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    /// 验收人 (required for 已销号).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub verified_by: String,
    /// 验收时间 (required for 已销号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_on: Option<NaiveDate>,
    /// Dated progress notes, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<ProgressNote>,
    /// 备注.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The contributions that fixed it (公厕 for a hygiene finding).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<EntryId>,
    /// Made up for the sample (示例): the real report names only the categories.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

impl Finding {
    /// A finding with the required fields; everything else empty and the status 未整改.
    pub fn new(
        id: FindingId,
        village: VillageId,
        round: RoundId,
        category: FindingCategoryId,
        description: &str,
        deadline: NaiveDate,
    ) -> Finding {
        Finding {
            id,
            village,
            round,
            category,
            description: description.to_string(),
            measures: String::new(),
            responsible: Responsible::default(),
            person: String::new(),
            deadline,
            status: FindingStatus::Open,
            done_on: None,
            verified_by: String::new(),
            verified_on: None,
            progress: Vec::new(),
            notes: String::new(),
            links: Vec::new(),
            illustrative: false,
        }
    }

    /// 已超时限: still pending and its deadline is before `as_of`.
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        self.status.is_pending() && self.deadline < as_of
    }

    /// Due soon: still pending, deadline between `as_of` and `as_of + days` (inclusive).
    pub fn is_due_soon(&self, as_of: NaiveDate, days: u32) -> bool {
        self.status.is_pending()
            && self.deadline >= as_of
            && (self.deadline - as_of).num_days() <= i64::from(days)
    }

    /// Days left until the deadline (negative when past), for pending findings.
    pub fn days_left(&self, as_of: NaiveDate) -> Option<i64> {
        self.status
            .is_pending()
            .then(|| (self.deadline - as_of).num_days())
    }

    /// The finding moved to `status`: a date (`on`) fills 完成时间 for 已整改 and 验收时间
    /// for 已销号 (验收 also fills 完成时间 when empty), `by` the 验收人. Going back to a
    /// pending status clears the sign-off, never the progress notes.
    pub fn with_status(&self, status: FindingStatus, on: Option<NaiveDate>, by: &str) -> Finding {
        let mut f = self.clone();
        f.status = status;
        match status {
            FindingStatus::Open | FindingStatus::InProgress => {
                f.done_on = None;
                f.verified_by.clear();
                f.verified_on = None;
            }
            FindingStatus::Done => {
                if on.is_some() {
                    f.done_on = on;
                }
                f.verified_by.clear();
                f.verified_on = None;
            }
            FindingStatus::Verified => {
                if on.is_some() {
                    f.verified_on = on;
                }
                if f.done_on.is_none() {
                    f.done_on = f.verified_on;
                }
                if !by.trim().is_empty() {
                    f.verified_by = by.trim().to_string();
                }
            }
        }
        f
    }
}

/// A field of a finding, to say where a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingField {
    /// 序号.
    Id,
    /// 村.
    Village,
    /// 问题来源.
    Round,
    /// 问题类别.
    Category,
    /// 问题描述.
    Description,
    /// 整改措施.
    Measures,
    /// 责任单位.
    Responsible,
    /// 责任人.
    Person,
    /// 整改时限.
    Deadline,
    /// 整改状态.
    Status,
    /// 完成时间.
    DoneOn,
    /// 验收人.
    VerifiedBy,
    /// 验收时间.
    VerifiedOn,
    /// 整改进度.
    Progress,
    /// 备注.
    Notes,
    /// 关联台账.
    Links,
    /// A name (round or category).
    Name,
    /// A round's date.
    RoundDate,
}

impl FindingField {
    /// The field's name in the catalog.
    pub fn text(self) -> Text {
        use FindingField as F;
        match self {
            F::Id => words::SEQ,
            F::Village => words::VILLAGE,
            F::Round => words::ROUND,
            F::Category => words::CATEGORY,
            F::Description => words::DESCRIPTION,
            F::Measures => words::MEASURES,
            F::Responsible => words::RESPONSIBLE_UNIT,
            F::Person => words::RESPONSIBLE_PERSON,
            F::Deadline => words::DEADLINE,
            F::Status => words::STATUS,
            F::DoneOn => words::DONE_ON,
            F::VerifiedBy => words::VERIFIED_BY,
            F::VerifiedOn => words::VERIFIED_ON,
            F::Progress => words::PROGRESS,
            F::Notes => words::NOTES,
            F::Links => words::LINKS,
            F::Name => words::NAME,
            F::RoundDate => words::ROUND_DATE,
        }
    }
}

/// What is wrong with a finding's field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingProblem {
    /// Required and empty.
    Empty,
    /// Several lines where one is expected.
    MultiLine,
    /// Not a date (the text given).
    NotADate(String),
    /// Not one of the four statuses (the text given).
    UnknownStatus(String),
    /// No village of this name (the text given).
    UnknownVillage(String),
    /// No such record (village, round, category or department id).
    Missing,
    /// The completion or check date is before the round's date.
    BeforeRound(NaiveDate),
    /// The check date is before the completion date.
    BeforeDone(NaiveDate),
    /// 已销号 without its 验收人 or date.
    NeededForVerified,
    /// A name that is already used.
    Duplicate(String),
}

/// A problem with one field of a finding, round or category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingError {
    /// Where.
    pub field: FindingField,
    /// What.
    pub problem: FindingProblem,
}

impl FindingError {
    /// A problem in a field.
    pub fn new(field: FindingField, problem: FindingProblem) -> FindingError {
        FindingError { field, problem }
    }

    /// `问题描述：不能为空`.
    pub fn message(&self, lang: Lang) -> String {
        words::field_problem(lang, self.field.text().get(lang), &self.problem)
    }
}

/// Every problem of a finding against a ledger (its village, round, category, department),
/// empty when it is fine.
pub fn check_finding(f: &Finding, ledger: &Ledger) -> Vec<FindingError> {
    use FindingField as F;
    use FindingProblem as P;
    let mut out = Vec::new();
    let mut push = |field, problem| out.push(FindingError::new(field, problem));
    if f.description.trim().is_empty() {
        push(F::Description, P::Empty);
    }
    for (field, text) in [(F::Person, &f.person), (F::VerifiedBy, &f.verified_by)] {
        if text.contains('\n') {
            push(field, P::MultiLine);
        }
    }
    if ledger.village(f.village).is_none() {
        push(F::Village, P::Missing);
    }
    let round = ledger.round(f.round);
    if round.is_none() {
        push(F::Round, P::Missing);
    }
    if ledger.finding_category(f.category).is_none() {
        push(F::Category, P::Missing);
    }
    match &f.responsible {
        Responsible::Department(id) if ledger.department(*id).is_none() => {
            push(F::Responsible, P::Missing);
        }
        Responsible::Outside(text) if text.contains('\n') => push(F::Responsible, P::MultiLine),
        _ => {}
    }
    let round_date = round.and_then(|r| r.date);
    if let (Some(done), Some(start)) = (f.done_on, round_date)
        && done < start
    {
        push(F::DoneOn, P::BeforeRound(start));
    }
    if let (Some(checked), Some(start)) = (f.verified_on, round_date)
        && checked < start
    {
        push(F::VerifiedOn, P::BeforeRound(start));
    }
    if let (Some(checked), Some(done)) = (f.verified_on, f.done_on)
        && checked < done
    {
        push(F::VerifiedOn, P::BeforeDone(done));
    }
    if f.status == FindingStatus::Verified {
        if f.verified_by.trim().is_empty() {
            push(F::VerifiedBy, P::NeededForVerified);
        }
        if f.verified_on.is_none() {
            push(F::VerifiedOn, P::NeededForVerified);
        }
    }
    if f.progress.iter().any(|n| n.text.trim().is_empty()) {
        push(F::Progress, P::Empty);
    }
    out
}

fn check_name(name: &str) -> Result<String, FindingError> {
    let t = name.trim();
    if t.is_empty() {
        return Err(FindingError::new(FindingField::Name, FindingProblem::Empty));
    }
    if t.contains('\n') {
        return Err(FindingError::new(
            FindingField::Name,
            FindingProblem::MultiLine,
        ));
    }
    Ok(t.to_string())
}

/// One change to the rectification ledger; [`FindingEdit::inverse`] undoes it exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FindingEdit {
    /// Adds a finding (its id must be free).
    Add(Box<Finding>),
    /// Replaces a finding (same id).
    Update {
        /// As it was.
        before: Box<Finding>,
        /// As it becomes.
        after: Box<Finding>,
    },
    /// Removes a finding.
    Delete(Box<Finding>),
    /// Inserts a round.
    AddRound {
        /// Position in `rounds`.
        index: usize,
        /// The round.
        round: Round,
    },
    /// Removes a round no finding uses.
    RemoveRound {
        /// Position in `rounds`.
        index: usize,
        /// The round.
        round: Round,
    },
    /// Renames or re-dates a round.
    UpdateRound {
        /// As it was.
        before: Round,
        /// As it becomes.
        after: Round,
    },
    /// Inserts a finding category.
    AddCategory {
        /// Position in `finding_categories`.
        index: usize,
        /// The category.
        category: FindingCategory,
    },
    /// Removes a finding category no finding uses.
    RemoveCategory {
        /// Position in `finding_categories`.
        index: usize,
        /// The category.
        category: FindingCategory,
    },
    /// Renames a finding category.
    UpdateCategory {
        /// As it was.
        before: FindingCategory,
        /// As it becomes.
        after: FindingCategory,
    },
}

impl FindingEdit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> FindingEdit {
        use FindingEdit as E;
        match self.clone() {
            E::Add(f) => E::Delete(f),
            E::Delete(f) => E::Add(f),
            E::Update { before, after } => E::Update {
                before: after,
                after: before,
            },
            E::AddRound { index, round } => E::RemoveRound { index, round },
            E::RemoveRound { index, round } => E::AddRound { index, round },
            E::UpdateRound { before, after } => E::UpdateRound {
                before: after,
                after: before,
            },
            E::AddCategory { index, category } => E::RemoveCategory { index, category },
            E::RemoveCategory { index, category } => E::AddCategory { index, category },
            E::UpdateCategory { before, after } => E::UpdateCategory {
                before: after,
                after: before,
            },
        }
    }

    /// `添加 问题 #3`, `修改 问题来源 第二轮督战`.
    pub fn describe(&self, lang: Lang) -> String {
        use FindingEdit as E;
        use words::Verb as V;
        let (verb, what) = match self {
            E::Add(f) => (V::AddFinding, format!("#{}", f.id.0)),
            E::Update { after, .. } => (V::EditFinding, format!("#{}", after.id.0)),
            E::Delete(f) => (V::DeleteFinding, format!("#{}", f.id.0)),
            E::AddRound { round, .. } => (V::AddRound, round.name.clone()),
            E::RemoveRound { round, .. } => (V::DeleteRound, round.name.clone()),
            E::UpdateRound { after, .. } => (V::EditRound, after.name.clone()),
            E::AddCategory { category, .. } => (V::AddCategory, category.name.clone()),
            E::RemoveCategory { category, .. } => (V::DeleteCategory, category.name.clone()),
            E::UpdateCategory { after, .. } => (V::EditCategory, after.name.clone()),
        };
        format!("{} {what}", verb.text().get(lang))
    }
}

fn invalid(errors: Vec<FindingError>) -> Result<(), EditError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(EditError::Finding(errors))
    }
}

fn one(field: FindingField, problem: FindingProblem) -> EditError {
    EditError::Finding(vec![FindingError::new(field, problem)])
}

impl Ledger {
    /// The round with this id.
    pub fn round(&self, id: RoundId) -> Option<&Round> {
        self.rounds.iter().find(|r| r.id == id)
    }

    /// The round's name, or `?`.
    pub fn round_name(&self, id: RoundId) -> &str {
        self.round(id).map_or("?", |r| r.name.as_str())
    }

    /// The round of this (trimmed) name.
    pub fn round_by_name(&self, name: &str) -> Option<&Round> {
        let name = name.trim();
        self.rounds.iter().find(|r| r.name == name)
    }

    /// The finding category with this id.
    pub fn finding_category(&self, id: FindingCategoryId) -> Option<&FindingCategory> {
        self.finding_categories.iter().find(|c| c.id == id)
    }

    /// The finding category's name, or `?`.
    pub fn finding_category_name(&self, id: FindingCategoryId) -> &str {
        self.finding_category(id).map_or("?", |c| c.name.as_str())
    }

    /// The finding category of this (trimmed) name.
    pub fn finding_category_by_name(&self, name: &str) -> Option<&FindingCategory> {
        let name = name.trim();
        self.finding_categories.iter().find(|c| c.name == name)
    }

    /// The finding with this id.
    pub fn finding(&self, id: FindingId) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    /// The id the next new finding gets.
    pub fn next_finding_id(&self) -> FindingId {
        FindingId(self.findings.iter().map(|f| f.id.0).max().unwrap_or(0) + 1)
    }

    /// The id the next new round gets.
    pub fn next_round_id(&self) -> RoundId {
        RoundId(self.rounds.iter().map(|r| r.id.0).max().unwrap_or(0) + 1)
    }

    /// The id the next new finding category gets.
    pub fn next_finding_category_id(&self) -> FindingCategoryId {
        FindingCategoryId(
            self.finding_categories
                .iter()
                .map(|c| c.id.0)
                .max()
                .unwrap_or(0)
                + 1,
        )
    }

    /// The findings that link to an entry (the way back from an entry to its findings).
    pub fn findings_linking(&self, entry: EntryId) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.links.contains(&entry))
    }

    /// The edit that sets a finding's status (see [`Finding::with_status`]); `None` when
    /// there is no such finding.
    pub fn set_finding_status(
        &self,
        id: FindingId,
        status: FindingStatus,
        on: Option<NaiveDate>,
        by: &str,
    ) -> Option<super::Edit> {
        let before = self.finding(id)?;
        let after = before.with_status(status, on, by);
        Some(super::Edit::Finding(FindingEdit::Update {
            before: Box::new(before.clone()),
            after: Box::new(after),
        }))
    }

    /// Applies a change to the rectification ledger, or leaves it unchanged and says why.
    pub(super) fn apply_finding(&mut self, edit: &FindingEdit) -> Result<(), EditError> {
        use FindingEdit as E;
        match edit {
            E::Add(f) => {
                if self.finding(f.id).is_some() {
                    return Err(EditError::IdTaken);
                }
                invalid(check_finding(f, self))?;
                let pos = self.findings.partition_point(|x| x.id < f.id);
                self.findings.insert(pos, (**f).clone());
            }
            E::Update { before, after } => {
                let i = self
                    .findings
                    .iter()
                    .position(|x| x == &**before)
                    .ok_or(EditError::Missing)?;
                if before.id != after.id {
                    return Err(EditError::Missing);
                }
                invalid(check_finding(after, self))?;
                self.findings[i] = (**after).clone();
            }
            E::Delete(f) => {
                let i = self
                    .findings
                    .iter()
                    .position(|x| x == &**f)
                    .ok_or(EditError::Missing)?;
                self.findings.remove(i);
            }
            E::AddRound { index, round } => {
                let name = check_name(&round.name).map_err(|e| EditError::Finding(vec![e]))?;
                if self.round(round.id).is_some() {
                    return Err(EditError::IdTaken);
                }
                if self.round_by_name(&name).is_some() {
                    return Err(one(FindingField::Name, FindingProblem::Duplicate(name)));
                }
                self.rounds
                    .insert((*index).min(self.rounds.len()), round.clone());
            }
            E::RemoveRound { index, round } => {
                let i = at(&self.rounds, *index, round)?;
                let uses = self.findings.iter().filter(|f| f.round == round.id).count();
                if uses > 0 {
                    return Err(EditError::InUse(uses));
                }
                self.rounds.remove(i);
            }
            E::UpdateRound { before, after } => {
                let name = check_name(&after.name).map_err(|e| EditError::Finding(vec![e]))?;
                let i = self
                    .rounds
                    .iter()
                    .position(|r| r == before)
                    .ok_or(EditError::Missing)?;
                if before.id != after.id {
                    return Err(EditError::Missing);
                }
                if self
                    .rounds
                    .iter()
                    .any(|r| r.id != after.id && r.name == name)
                {
                    return Err(one(FindingField::Name, FindingProblem::Duplicate(name)));
                }
                let mut trial = self.clone();
                trial.rounds[i] = after.clone();
                for f in self.findings.iter().filter(|f| f.round == after.id) {
                    invalid(check_finding(f, &trial))?;
                }
                self.rounds[i] = after.clone();
            }
            E::AddCategory { index, category } => {
                let name = check_name(&category.name).map_err(|e| EditError::Finding(vec![e]))?;
                if self.finding_category(category.id).is_some() {
                    return Err(EditError::IdTaken);
                }
                if self.finding_category_by_name(&name).is_some() {
                    return Err(one(FindingField::Name, FindingProblem::Duplicate(name)));
                }
                self.finding_categories.insert(
                    (*index).min(self.finding_categories.len()),
                    category.clone(),
                );
            }
            E::RemoveCategory { index, category } => {
                let i = at(&self.finding_categories, *index, category)?;
                let uses = self
                    .findings
                    .iter()
                    .filter(|f| f.category == category.id)
                    .count();
                if uses > 0 {
                    return Err(EditError::InUse(uses));
                }
                self.finding_categories.remove(i);
            }
            E::UpdateCategory { before, after } => {
                let name = check_name(&after.name).map_err(|e| EditError::Finding(vec![e]))?;
                let i = self
                    .finding_categories
                    .iter()
                    .position(|c| c == before)
                    .ok_or(EditError::Missing)?;
                if before.id != after.id {
                    return Err(EditError::Missing);
                }
                if self
                    .finding_categories
                    .iter()
                    .any(|c| c.id != after.id && c.name == name)
                {
                    return Err(one(FindingField::Name, FindingProblem::Duplicate(name)));
                }
                self.finding_categories[i] = after.clone();
            }
        }
        Ok(())
    }
}

/// The position of `item` at `index` (or anywhere, if it moved).
fn at<T: PartialEq>(list: &[T], index: usize, item: &T) -> Result<usize, EditError> {
    if list.get(index) == Some(item) {
        return Ok(index);
    }
    list.iter()
        .position(|x| x == item)
        .ok_or(EditError::Missing)
}

/// The edits that remove a ledger's whole rectification ledger (findings, then rounds and
/// categories), e.g. before a restore replaces it; apply them before villages go.
pub fn clear_edits(ledger: &Ledger) -> Vec<super::Edit> {
    use super::Edit;
    let mut edits: Vec<Edit> = ledger
        .findings
        .iter()
        .rev()
        .map(|f| Edit::Finding(FindingEdit::Delete(Box::new(f.clone()))))
        .collect();
    for (index, round) in ledger.rounds.iter().enumerate().rev() {
        edits.push(Edit::Finding(FindingEdit::RemoveRound {
            index,
            round: round.clone(),
        }));
    }
    for (index, category) in ledger.finding_categories.iter().enumerate().rev() {
        edits.push(Edit::Finding(FindingEdit::RemoveCategory {
            index,
            category: category.clone(),
        }));
    }
    edits
}

/// The edits that add a ledger's whole rectification ledger to one that has none (after
/// its villages and departments exist).
pub fn fill_edits(ledger: &Ledger) -> Vec<super::Edit> {
    use super::Edit;
    let mut edits = Vec::new();
    for (index, round) in ledger.rounds.iter().enumerate() {
        edits.push(Edit::Finding(FindingEdit::AddRound {
            index,
            round: round.clone(),
        }));
    }
    for (index, category) in ledger.finding_categories.iter().enumerate() {
        edits.push(Edit::Finding(FindingEdit::AddCategory {
            index,
            category: category.clone(),
        }));
    }
    edits.extend(
        ledger
            .findings
            .iter()
            .map(|f| Edit::Finding(FindingEdit::Add(Box::new(f.clone())))),
    );
    edits
}

/// How many findings still name the village or department an edit removes (`None` when
/// the edit removes neither, or none uses it): such an edit is refused like one whose
/// record entries still use.
pub fn findings_using(ledger: &Ledger, edit: &super::Edit) -> Option<usize> {
    let n = match edit {
        super::Edit::RemoveVillage { village, .. } => ledger
            .findings
            .iter()
            .filter(|f| f.village == village.id)
            .count(),
        super::Edit::RemoveDepartment { department, .. } => ledger
            .findings
            .iter()
            .filter(|f| f.responsible == Responsible::Department(department.id))
            .count(),
        _ => 0,
    };
    (n > 0).then_some(n)
}

/// The edits that change every finding `change` returns a new version of (a merge of two
/// villages or departments moves their findings too).
pub fn retarget_findings(
    ledger: &Ledger,
    change: impl Fn(&Finding) -> Option<Finding>,
) -> Vec<super::Edit> {
    ledger
        .findings
        .iter()
        .filter_map(|f| {
            change(f).map(|after| {
                super::Edit::Finding(FindingEdit::Update {
                    before: Box::new(f.clone()),
                    after: Box::new(after),
                })
            })
        })
        .collect()
}

/// Every problem of a ledger's rectification ledger as read from a file (at most
/// `limit`): each finding checked as an edit would check it, ids unique and ascending,
/// round and category names present and unique. Paths name the place: `findings[3]`.
pub fn check_all(ledger: &Ledger, limit: usize) -> Vec<(String, FindingError)> {
    use std::collections::HashSet;
    let mut out = Vec::new();
    let mut names = HashSet::new();
    for (i, r) in ledger.rounds.iter().enumerate() {
        match check_name(&r.name) {
            Err(e) => out.push((format!("rounds[{i}]"), e)),
            Ok(n) if !names.insert(n.clone()) => out.push((
                format!("rounds[{i}]"),
                FindingError::new(FindingField::Name, FindingProblem::Duplicate(n)),
            )),
            Ok(_) => {}
        }
    }
    let mut names = HashSet::new();
    for (i, c) in ledger.finding_categories.iter().enumerate() {
        match check_name(&c.name) {
            Err(e) => out.push((format!("finding_categories[{i}]"), e)),
            Ok(n) if !names.insert(n.clone()) => out.push((
                format!("finding_categories[{i}]"),
                FindingError::new(FindingField::Name, FindingProblem::Duplicate(n)),
            )),
            Ok(_) => {}
        }
    }
    let mut last = None;
    for (i, f) in ledger.findings.iter().enumerate() {
        if last.is_some_and(|l| l >= f.id) {
            out.push((
                format!("findings[{i}]"),
                FindingError::new(
                    FindingField::Id,
                    FindingProblem::Duplicate(format!("#{}", f.id.0)),
                ),
            ));
        }
        last = Some(f.id);
        out.extend(
            check_finding(f, ledger)
                .into_iter()
                .map(|e| (format!("findings[{i}]"), e)),
        );
    }
    out.truncate(limit);
    out
}
