//! Which entries a view or a summary covers: a date range, chosen villages, departments,
//! kinds and categories, and free text.

use crate::ledger::{CategoryId, DepartmentId, Entry, Kind, Ledger, Source, VillageId};
use chrono::NaiveDate;
use std::collections::HashSet;

/// A filter over entries. Empty lists mean "all".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// Only these villages.
    pub villages: Vec<VillageId>,
    /// Only these departments.
    pub departments: Vec<DepartmentId>,
    /// Only these kinds.
    pub kinds: Vec<Kind>,
    /// Only these sources.
    pub sources: Vec<Source>,
    /// Only these categories (`None` = uncategorized).
    pub categories: Vec<Option<CategoryId>>,
    /// Text found (case-insensitively) in what, unit, notes, giver, channel or the names
    /// of the village, department or category.
    pub text: String,
    /// Only entries with no evidence attached (缺少佐证).
    pub without_evidence: bool,
}

impl Filter {
    /// A filter over a date range only.
    pub fn period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Filter {
        Filter {
            from,
            to,
            ..Filter::default()
        }
    }

    /// True when the filter lets every entry through.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Prepares the filter for fast matching against one ledger.
    pub fn matcher<'a>(&'a self, ledger: &Ledger) -> Matcher<'a> {
        let needle = self.text.trim().to_lowercase();
        let (mut v, mut d, mut c) = (HashSet::new(), HashSet::new(), HashSet::new());
        if !needle.is_empty() {
            v = ledger
                .villages
                .iter()
                .filter(|x| x.name.to_lowercase().contains(&needle))
                .map(|x| x.id)
                .collect();
            d = ledger
                .departments
                .iter()
                .filter(|x| x.name.to_lowercase().contains(&needle))
                .map(|x| x.id)
                .collect();
            c = ledger
                .categories
                .iter()
                .filter(|x| x.name.to_lowercase().contains(&needle))
                .map(|x| x.id)
                .collect();
        }
        // Entries with evidence, when only those without are wanted (one pass over the
        // links, not a look-up per entry per frame).
        let with_evidence = if self.without_evidence {
            ledger
                .attachments
                .iter()
                .filter_map(|a| match a.owner {
                    crate::ledger::evidence::Owner::Entry(id) => Some(id),
                    crate::ledger::evidence::Owner::Finding(_) => None,
                })
                .collect()
        } else {
            HashSet::new()
        };
        Matcher {
            filter: self,
            with_evidence,
            needle,
            text_villages: v,
            text_departments: d,
            text_categories: c,
        }
    }
}

/// A filter prepared for one ledger.
pub struct Matcher<'a> {
    filter: &'a Filter,
    with_evidence: HashSet<crate::ledger::EntryId>,
    needle: String,
    text_villages: HashSet<VillageId>,
    text_departments: HashSet<DepartmentId>,
    text_categories: HashSet<CategoryId>,
}

impl Matcher<'_> {
    /// Whether an entry passes.
    pub fn matches(&self, e: &Entry) -> bool {
        let f = self.filter;
        if f.from.is_some_and(|from| e.date < from) || f.to.is_some_and(|to| e.date > to) {
            return false;
        }
        if !f.villages.is_empty() && !f.villages.contains(&e.village) {
            return false;
        }
        if !f.departments.is_empty() && !f.departments.contains(&e.department) {
            return false;
        }
        if !f.kinds.is_empty() && !f.kinds.contains(&e.kind) {
            return false;
        }
        if !f.sources.is_empty() && !f.sources.contains(&e.source) {
            return false;
        }
        if !f.categories.is_empty() && !f.categories.contains(&e.category) {
            return false;
        }
        if f.without_evidence && self.with_evidence.contains(&e.id) {
            return false;
        }
        if !self.needle.is_empty() {
            let n = &self.needle;
            let hit = contains_ci(&e.what, n)
                || contains_ci(&e.notes, n)
                || contains_ci(&e.unit, n)
                || contains_ci(&e.giver, n)
                || contains_ci(&e.channel, n)
                || self.text_villages.contains(&e.village)
                || self.text_departments.contains(&e.department)
                || e.category
                    .is_some_and(|c| self.text_categories.contains(&c));
            if !hit {
                return false;
            }
        }
        true
    }
}

fn contains_ci(haystack: &str, needle_lower: &str) -> bool {
    if haystack.is_ascii() && needle_lower.is_ascii() {
        haystack
            .as_bytes()
            .windows(needle_lower.len())
            .any(|w| w.eq_ignore_ascii_case(needle_lower.as_bytes()))
    } else {
        haystack.to_lowercase().contains(needle_lower)
    }
}
