//! The one rule that turns a typed name into a village, department or category, and the
//! one find-or-create that returns the [`Edit`] adding a missing record.
//!
//! The rule, used by the form, the CLI and the import alike:
//!
//! 1. The typed text is tidied: ends trimmed, every run of white space (the ideographic
//!    space too) made one space. Names are compared with full-width letters, digits and
//!    signs taken as half-width (`Ａ１` = `A1`, `（` = `(`) and Latin letters in any case.
//! 2. A record whose name is equal by that comparison is that record (an exact match
//!    wins). If several are (`Team` and `team`), the one spelled as typed (case and all)
//!    wins; else the name is ambiguous.
//! 3. Otherwise, a record whose name is the only one containing the typed text is that
//!    record (`九股` → `九股村`). Several → ambiguous, listing them.
//! 4. None → not found; when the caller allows it, a new record is created under the
//!    typed name with its ends trimmed (otherwise as typed: `妈姑镇（争取资金）`).

use super::edit::Edit;
use super::validate::{Field, FieldError, Problem, clean_name};
use super::{Category, CategoryId, Department, DepartmentId, Ledger, Village, VillageId};
use crate::i18n::{Lang, model};
use std::fmt;

/// Which list of master data a name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MasterKind {
    /// Villages (帮扶村).
    Village,
    /// Departments (部门).
    Department,
    /// Categories (类别).
    Category,
}

impl MasterKind {
    /// The entry field that names a record of this kind.
    pub fn field(self) -> Field {
        match self {
            MasterKind::Village => Field::Village,
            MasterKind::Department => Field::Department,
            MasterKind::Category => Field::Category,
        }
    }
}

/// A village, department or category: what find-or-create needs to know of each.
pub trait Master: Clone {
    /// Its id type.
    type Id: Copy + Eq + fmt::Debug;
    /// Which list it is in.
    const KIND: MasterKind;
    /// Its id.
    fn id(&self) -> Self::Id;
    /// Its name.
    fn name(&self) -> &str;
    /// The ledger's list of records of this kind.
    fn list(ledger: &Ledger) -> &[Self];
    /// The id the next new record gets in `ledger`.
    fn next_id(ledger: &Ledger) -> Self::Id;
    /// The id after `id` (for several new records in one batch).
    fn id_after(id: Self::Id) -> Self::Id;
    /// A new record with only a name.
    fn named(id: Self::Id, name: String) -> Self;
    /// The same record under another id.
    fn with_id(self, id: Self::Id) -> Self;
    /// The edit that inserts it at `index`.
    fn add_edit(index: usize, record: Self) -> Edit;
}

impl Master for Village {
    type Id = VillageId;
    const KIND: MasterKind = MasterKind::Village;
    fn id(&self) -> VillageId {
        self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn list(ledger: &Ledger) -> &[Village] {
        &ledger.villages
    }
    fn next_id(ledger: &Ledger) -> VillageId {
        ledger.next_village_id()
    }
    fn id_after(id: VillageId) -> VillageId {
        VillageId(id.0 + 1)
    }
    fn named(id: VillageId, name: String) -> Village {
        Village::new(id, &name, "", "")
    }
    fn with_id(self, id: VillageId) -> Village {
        Village { id, ..self }
    }
    fn add_edit(index: usize, village: Village) -> Edit {
        Edit::AddVillage { index, village }
    }
}

impl Master for Department {
    type Id = DepartmentId;
    const KIND: MasterKind = MasterKind::Department;
    fn id(&self) -> DepartmentId {
        self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn list(ledger: &Ledger) -> &[Department] {
        &ledger.departments
    }
    fn next_id(ledger: &Ledger) -> DepartmentId {
        ledger.next_department_id()
    }
    fn id_after(id: DepartmentId) -> DepartmentId {
        DepartmentId(id.0 + 1)
    }
    fn named(id: DepartmentId, name: String) -> Department {
        Department { id, name }
    }
    fn with_id(self, id: DepartmentId) -> Department {
        Department { id, ..self }
    }
    fn add_edit(index: usize, department: Department) -> Edit {
        Edit::AddDepartment { index, department }
    }
}

impl Master for Category {
    type Id = CategoryId;
    const KIND: MasterKind = MasterKind::Category;
    fn id(&self) -> CategoryId {
        self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn list(ledger: &Ledger) -> &[Category] {
        &ledger.categories
    }
    fn next_id(ledger: &Ledger) -> CategoryId {
        ledger.next_category_id()
    }
    fn id_after(id: CategoryId) -> CategoryId {
        CategoryId(id.0 + 1)
    }
    fn named(id: CategoryId, name: String) -> Category {
        Category { id, name }
    }
    fn with_id(self, id: CategoryId) -> Category {
        Category { id, ..self }
    }
    fn add_edit(index: usize, category: Category) -> Edit {
        Edit::AddCategory { index, category }
    }
}

/// Why a typed name names no single record.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Zh, false))]
pub enum NameError {
    /// Nothing typed (or a name over the length limit): the field's own problem.
    Invalid(Problem),
    /// No record matches; `known` lists the names there are.
    NotFound {
        /// The tidied text.
        typed: String,
        /// Every name of that kind, in the ledger's order.
        known: Vec<String>,
    },
    /// Several records match.
    Ambiguous {
        /// The tidied text.
        typed: String,
        /// The names that match, in the ledger's order.
        candidates: Vec<String>,
    },
}

impl NameError {
    /// The message in the user's language; `create_hint` adds "add --create" to a
    /// not-found message (for the CLI).
    pub fn message(&self, lang: Lang, create_hint: bool) -> String {
        match self {
            NameError::Invalid(p) => p.message(lang),
            NameError::NotFound { typed, known } => {
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                model::name_not_found(lang, typed, &known, create_hint)
            }
            NameError::Ambiguous { typed, candidates } => {
                let c: Vec<&str> = candidates.iter().map(String::as_str).collect();
                model::name_ambiguous(lang, typed, &c)
            }
        }
    }

    /// The same error as a field's problem (for forms and import rows that list
    /// problems per field).
    pub fn problem(&self) -> Problem {
        match self {
            NameError::Invalid(p) => p.clone(),
            other => Problem::Name(Box::new(other.clone())),
        }
    }

    /// The error under the name of the field it is about.
    pub fn field_error(&self, kind: MasterKind) -> FieldError {
        FieldError::new(kind.field(), self.problem())
    }
}

/// How a typed name was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched {
    /// Equal by the comparison of the rule.
    Exact,
    /// The only name containing the typed text.
    Part,
}

/// Tidies a typed name for display and storage: ends trimmed, white space runs (the
/// ideographic space too) made one space. Everything else is kept as typed.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// The form two names are compared in: tidied, full-width ASCII forms made half-width,
/// in lower case.
pub fn key(text: &str) -> String {
    tidy(text)
        .chars()
        .map(half_width)
        .collect::<String>()
        .to_lowercase()
}

fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

/// Finds the record a typed name stands for in a list, by the rule in the module docs.
pub fn find<'a, M: Master>(records: &'a [M], text: &str) -> Result<(&'a M, Matched), NameError> {
    let typed = tidy(text);
    if typed.is_empty() {
        return Err(NameError::Invalid(Problem::Empty));
    }
    let k = key(&typed);
    let equal: Vec<&M> = records.iter().filter(|r| key(r.name()) == k).collect();
    match equal.as_slice() {
        [one] => return Ok((one, Matched::Exact)),
        [] => {}
        several => {
            return match several.iter().find(|r| tidy(r.name()) == typed) {
                Some(r) => Ok((r, Matched::Exact)),
                None => Err(NameError::Ambiguous {
                    typed,
                    candidates: several.iter().map(|r| r.name().to_string()).collect(),
                }),
            };
        }
    }
    let containing: Vec<&M> = records
        .iter()
        .filter(|r| key(r.name()).contains(&k))
        .collect();
    match containing.as_slice() {
        [one] => Ok((one, Matched::Part)),
        [] => Err(NameError::NotFound {
            typed,
            known: records.iter().map(|r| r.name().to_string()).collect(),
        }),
        several => Err(NameError::Ambiguous {
            typed,
            candidates: several.iter().map(|r| r.name().to_string()).collect(),
        }),
    }
}

/// Resolves a typed name in a ledger.
pub fn resolve<M: Master>(ledger: &Ledger, text: &str) -> Result<M::Id, NameError> {
    find(M::list(ledger), text).map(|(r, _)| r.id())
}

/// Resolves a typed name, or (when `allow_create`) makes the edit that adds it: the id the
/// name stands for, and the edit to apply first when the record is new.
pub fn resolve_or_create<M: Master>(
    ledger: &Ledger,
    text: &str,
    allow_create: bool,
) -> Result<(M::Id, Option<Edit>), NameError> {
    match find(M::list(ledger), text) {
        Ok((r, _)) => Ok((r.id(), None)),
        Err(NameError::NotFound { .. }) if allow_create => {
            let name = clean_name(text).map_err(NameError::Invalid)?;
            let id = M::next_id(ledger);
            Ok((
                id,
                Some(M::add_edit(M::list(ledger).len(), M::named(id, name))),
            ))
        }
        Err(e) => Err(e),
    }
}

/// The edit that adds a new record by the master-data window (a village with its town
/// and county), refused when the name is empty, too long, or equal by the rule's comparison to a
/// name that exists. Town and county are ignored for departments and categories.
pub fn add_edit(
    ledger: &Ledger,
    kind: MasterKind,
    name: &str,
    town: &str,
    county: &str,
) -> Result<Edit, FieldError> {
    let name = clean_name(name).map_err(|p| FieldError::new(Field::Name, p))?;
    let k = key(&name);
    let taken = match kind {
        MasterKind::Village => ledger.villages.iter().any(|v| key(&v.name) == k),
        MasterKind::Department => ledger.departments.iter().any(|d| key(&d.name) == k),
        MasterKind::Category => ledger.categories.iter().any(|c| key(&c.name) == k),
    };
    if taken {
        return Err(FieldError::new(Field::Name, Problem::Duplicate(name)));
    }
    Ok(match kind {
        MasterKind::Village => Village::add_edit(
            ledger.villages.len(),
            Village::new(ledger.next_village_id(), &name, town.trim(), county.trim()),
        ),
        MasterKind::Department => Department::add_edit(
            ledger.departments.len(),
            Department::named(ledger.next_department_id(), name),
        ),
        MasterKind::Category => Category::add_edit(
            ledger.categories.len(),
            Category::named(ledger.next_category_id(), name),
        ),
    })
}

/// The records one kind gains in a batch.
#[derive(Clone, Debug)]
struct Pending<M: Master> {
    /// The ledger's records followed by the new ones.
    records: Vec<M>,
    /// How many of `records` were in the ledger.
    existing: usize,
    /// The id the next new one gets.
    next: M::Id,
}

impl<M: Master> Pending<M> {
    fn new(ledger: &Ledger) -> Pending<M> {
        Pending {
            records: M::list(ledger).to_vec(),
            existing: M::list(ledger).len(),
            next: M::next_id(ledger),
        }
    }

    fn add(&mut self, record: M, edits: &mut Vec<Edit>) -> M::Id {
        let id = self.next;
        self.next = M::id_after(id);
        let record = record.with_id(id);
        edits.push(M::add_edit(self.records.len(), record.clone()));
        self.records.push(record);
        id
    }

    fn resolve(
        &mut self,
        text: &str,
        allow_create: bool,
        edits: &mut Vec<Edit>,
        parts: &mut Vec<(MasterKind, String, String)>,
    ) -> Result<M::Id, NameError> {
        // A name created earlier in this batch matches only as typed (ends trimmed), so an
        // export imports back unchanged even when one new name is part of another
        // (新村, 新村二) or differs only in case or spaces.
        let t = text.trim();
        if let Some(r) = self.records[self.existing..].iter().find(|r| r.name() == t) {
            return Ok(r.id());
        }
        match find(&self.records[..self.existing], text) {
            Ok((r, how)) => {
                if how == Matched::Part {
                    parts.push((M::KIND, tidy(text), r.name().to_string()));
                }
                Ok(r.id())
            }
            Err(NameError::NotFound { .. }) if allow_create => {
                let name = clean_name(text).map_err(NameError::Invalid)?;
                let id = self.next;
                Ok(self.add(M::named(id, name), edits))
            }
            Err(e) => Err(e),
        }
    }

    fn created(&self) -> impl Iterator<Item = &str> {
        self.records[self.existing..].iter().map(|r| r.name())
    }
}

/// Find-or-create for many names at once (an import, the sample): each new name is
/// created once however often it recurs, later rows use it (matched only as typed, ends
/// trimmed: a part of a name new in the same batch is a new name), and [`NameBatch::into_edits`] gives the
/// edits in the order they must be applied.
#[derive(Clone, Debug)]
pub struct NameBatch {
    villages: Pending<Village>,
    departments: Pending<Department>,
    categories: Pending<Category>,
    edits: Vec<Edit>,
    parts: Vec<(MasterKind, String, String)>,
}

impl NameBatch {
    /// A batch over `ledger` as it is now.
    pub fn new(ledger: &Ledger) -> NameBatch {
        NameBatch {
            villages: Pending::new(ledger),
            departments: Pending::new(ledger),
            categories: Pending::new(ledger),
            edits: Vec::new(),
            parts: Vec::new(),
        }
    }

    /// Resolves a village name, creating it when allowed.
    pub fn village(&mut self, text: &str, allow_create: bool) -> Result<VillageId, NameError> {
        self.villages
            .resolve(text, allow_create, &mut self.edits, &mut self.parts)
    }

    /// Resolves a department name, creating it when allowed.
    pub fn department(
        &mut self,
        text: &str,
        allow_create: bool,
    ) -> Result<DepartmentId, NameError> {
        self.departments
            .resolve(text, allow_create, &mut self.edits, &mut self.parts)
    }

    /// Resolves an optional category name (empty: none), creating it when allowed.
    pub fn category(
        &mut self,
        text: &str,
        allow_create: bool,
    ) -> Result<Option<CategoryId>, NameError> {
        if tidy(text).is_empty() {
            return Ok(None);
        }
        self.categories
            .resolve(text, allow_create, &mut self.edits, &mut self.parts)
            .map(Some)
    }

    /// Finds a village by its whole name (ends trimmed), or adds this one (keeping its town
    /// and county, under a fresh id). For merging another ledger's records.
    pub fn merge_village(&mut self, village: &Village) -> VillageId {
        merge(&mut self.villages, village, &mut self.edits)
    }

    /// Finds a department by its exact name, or adds this one under a fresh id.
    pub fn merge_department(&mut self, department: &Department) -> DepartmentId {
        merge(&mut self.departments, department, &mut self.edits)
    }

    /// Finds a category by its exact name, or adds this one under a fresh id.
    pub fn merge_category(&mut self, category: &Category) -> CategoryId {
        merge(&mut self.categories, category, &mut self.edits)
    }

    /// Names created so far, per kind, in the order they were first met.
    pub fn created(&self, kind: MasterKind) -> Vec<String> {
        let names: Vec<&str> = match kind {
            MasterKind::Village => self.villages.created().collect(),
            MasterKind::Department => self.departments.created().collect(),
            MasterKind::Category => self.categories.created().collect(),
        };
        names.into_iter().map(str::to_string).collect()
    }

    /// Typed parts that were taken as a whole name: (kind, typed, name), for a preview.
    pub fn matched_by_part(&self) -> &[(MasterKind, String, String)] {
        &self.parts
    }

    /// The edits that add the new records, in order; apply them before entries that use
    /// the ids handed out.
    pub fn into_edits(self) -> Vec<Edit> {
        self.edits
    }

    /// The edits so far, taken out (the batch keeps its records and ids), so a caller
    /// can interleave them with its own edits in the order they are needed.
    pub fn take_edits(&mut self) -> Vec<Edit> {
        std::mem::take(&mut self.edits)
    }
}

fn merge<M: Master>(p: &mut Pending<M>, record: &M, edits: &mut Vec<Edit>) -> M::Id {
    let name = record.name().trim();
    match p.records.iter().find(|r| r.name() == name) {
        Some(r) => r.id(),
        None => p.add(record.clone(), edits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger() -> Ledger {
        let mut l = Ledger::new("学院");
        for (i, n) in ["九股村", "海子村", "平原村", "Team A", "team a", "新村二"]
            .iter()
            .enumerate()
        {
            l.villages
                .push(Village::named(VillageId(i as u32 + 1), (*n).into()));
        }
        l.departments
            .push(Department::named(DepartmentId(1), "农业工程系".into()));
        l.departments
            .push(Department::named(DepartmentId(2), "医学护理系".into()));
        l
    }

    #[test]
    fn tidies_space_and_compares_widths() {
        assert_eq!(tidy("  九股　村\t "), "九股 村");
        assert_eq!(tidy("ＴｅａｍＡ１"), "ＴｅａｍＡ１");
        assert_eq!(key(" ＴｅａｍＡ１ "), "teama1");
        assert_eq!(key("妈姑镇（争取资金）"), key("妈姑镇(争取资金)"));
        assert_eq!(tidy("a  \n b"), "a b");
        assert_eq!(tidy(" \u{3000} "), "");
    }

    #[test]
    fn exact_wins_then_a_unique_part() {
        let l = ledger();
        assert_eq!(resolve::<Village>(&l, " 九股村 "), Ok(VillageId(1)));
        assert_eq!(resolve::<Village>(&l, "九股"), Ok(VillageId(1)));
        assert_eq!(resolve::<Village>(&l, "海子"), Ok(VillageId(2)));
        // "新村" is part of 新村二 only.
        assert_eq!(resolve::<Village>(&l, "新村"), Ok(VillageId(6)));
        assert_eq!(resolve::<Department>(&l, "护理"), Ok(DepartmentId(2)));
        // Full-width and case do not matter…
        assert_eq!(
            resolve::<Village>(&l, "ｎｅｗ"),
            Err(not_found("ｎｅｗ", &l))
        );
        assert_eq!(
            resolve::<Village>(&l, "ｔｅａｍ  Ａ"),
            Err(ambiguous_team())
        );
        // …but when two names differ only in case, the one typed exactly wins.
        assert_eq!(resolve::<Village>(&l, "team a"), Ok(VillageId(5)));
        assert_eq!(resolve::<Village>(&l, "Team  A"), Ok(VillageId(4)));
        assert!(matches!(
            resolve::<Village>(&l, "TEAM A"),
            Err(NameError::Ambiguous { .. })
        ));
    }

    fn ambiguous_team() -> NameError {
        NameError::Ambiguous {
            typed: "ｔｅａｍ Ａ".into(),
            candidates: vec!["Team A".into(), "team a".into()],
        }
    }

    fn not_found(typed: &str, l: &Ledger) -> NameError {
        NameError::NotFound {
            typed: typed.into(),
            known: l.villages.iter().map(|v| v.name.clone()).collect(),
        }
    }

    #[test]
    fn several_parts_are_ambiguous_and_listed() {
        let l = ledger();
        assert_eq!(
            resolve::<Village>(&l, "村"),
            Err(NameError::Ambiguous {
                typed: "村".into(),
                candidates: vec![
                    "九股村".into(),
                    "海子村".into(),
                    "平原村".into(),
                    "新村二".into()
                ],
            })
        );
        assert_eq!(
            resolve::<Department>(&l, "系").map_err(|e| e.message(Lang::Zh, false)),
            Err("“系”不唯一，可能是：农业工程系、医学护理系（请输入完整名称）".to_string())
        );
        assert_eq!(
            resolve::<Village>(&l, "  "),
            Err(NameError::Invalid(Problem::Empty))
        );
    }

    #[test]
    fn not_found_lists_the_known_names() {
        let l = ledger();
        let e = resolve::<Department>(&l, "团委").expect_err("unknown");
        assert_eq!(
            e.message(Lang::Zh, true),
            "不存在“团委”。已有：农业工程系、医学护理系（加 --create 可新建）"
        );
        assert_eq!(e.problem(), Problem::Name(Box::new(e.clone())));
        assert_eq!(
            FieldError::new(Field::Department, e.problem()).message(Lang::En),
            "department: unknown: 团委"
        );
    }

    #[test]
    fn create_only_when_allowed_and_only_when_missing() {
        let l = ledger();
        assert_eq!(
            resolve_or_create::<Village>(&l, "九股", true),
            Ok((VillageId(1), None))
        );
        let (id, edit) = resolve_or_create::<Village>(&l, " 新华　村 ", true).expect("creates");
        assert_eq!(id, VillageId(7));
        assert_eq!(
            edit,
            Some(Edit::AddVillage {
                index: 6,
                village: Village::named(VillageId(7), "新华　村".into()),
            })
        );
        assert!(matches!(
            resolve_or_create::<Village>(&l, "新华村", false),
            Err(NameError::NotFound { .. })
        ));
        // Ambiguity is never resolved by creating.
        assert!(matches!(
            resolve_or_create::<Village>(&l, "村", true),
            Err(NameError::Ambiguous { .. })
        ));
        let long = "村".repeat(201);
        assert_eq!(
            resolve_or_create::<Village>(&l, &long, true),
            Err(NameError::Invalid(Problem::TooLong(200)))
        );
        // The edit applies.
        let mut m = l.clone();
        if let Ok((_, Some(e))) = resolve_or_create::<Category>(&l, "新类别", true) {
            m.apply(&e).expect("applies");
        }
        assert_eq!(
            m.category_by_name("新类别").map(|c| c.id),
            Some(CategoryId(8))
        );
    }

    #[test]
    fn a_batch_creates_each_new_name_once() {
        let l = ledger();
        let mut b = NameBatch::new(&l);
        assert_eq!(b.village("新华村", true), Ok(VillageId(7)));
        assert_eq!(b.village(" 新华村", true), Ok(VillageId(7)));
        // A part of a name new in this batch is a name of its own…
        assert_eq!(b.village("新华", true), Ok(VillageId(8)));
        // …a part of a name the ledger had is that name.
        assert_eq!(b.village("九股", true), Ok(VillageId(1)));
        assert_eq!(b.village("上游村", true), Ok(VillageId(9)));
        assert_eq!(b.department("团委", true), Ok(DepartmentId(3)));
        assert_eq!(b.category("", true), Ok(None));
        assert_eq!(b.category("教育", false), Ok(Some(CategoryId(3))));
        assert!(b.department("工矿", false).is_err());
        assert_eq!(
            b.created(MasterKind::Village),
            vec![
                "新华村".to_string(),
                "新华".to_string(),
                "上游村".to_string()
            ]
        );
        assert_eq!(
            b.matched_by_part(),
            &[(
                MasterKind::Village,
                "九股".to_string(),
                "九股村".to_string()
            )]
        );
        let edits = b.into_edits();
        assert_eq!(edits.len(), 4);
        let mut m = l.clone();
        for e in &edits {
            m.apply(e).expect("applies");
        }
        assert_eq!(m.villages.len(), 9);
        assert_eq!(m.departments.len(), 3);
    }

    #[test]
    fn merging_keeps_town_and_finds_equal_names() {
        let l = ledger();
        let mut b = NameBatch::new(&l);
        let v = Village::new(VillageId(99), "九股村", "妈姑镇", "");
        assert_eq!(b.merge_village(&v), VillageId(1));
        let w = Village {
            name: "九股".into(),
            ..v.clone()
        };
        // Merging matches whole names only: 九股 is a new village.
        assert_eq!(b.merge_village(&w), VillageId(7));
        let edits = b.into_edits();
        assert_eq!(
            edits,
            vec![Edit::AddVillage {
                index: 6,
                village: Village {
                    id: VillageId(7),
                    ..w
                }
            }]
        );
    }

    #[test]
    fn add_edit_refuses_a_name_equal_after_normalising() {
        let l = ledger();
        assert_eq!(
            add_edit(&l, MasterKind::Village, "九股村　", "", ""),
            Err(FieldError::new(
                Field::Name,
                Problem::Duplicate("九股村".into())
            ))
        );
        assert_eq!(
            add_edit(&l, MasterKind::Department, " 团委 ", "", ""),
            Ok(Edit::AddDepartment {
                index: 2,
                department: Department::named(DepartmentId(3), "团委".into())
            })
        );
        assert!(add_edit(&l, MasterKind::Category, "", "", "").is_err());
    }
}
