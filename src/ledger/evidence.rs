//! Evidence (佐证材料): files attached to contributions and rectification findings.
//!
//! The ledger keeps only the link: which record, the file's SHA-256 (the stored file's
//! name in `NAME.files/`, see `store::files`), its original name, size and type, and who
//! attached it when. Attaching and detaching are [`Edit`](super::Edit)s; a detach removes
//! the link only, never the stored file, so undo, history and restore find it again.
//!
//! Deleting an entry keeps its links (entry ids are never reused, so undoing the delete
//! brings its files back); such orphan links are not shown or counted anywhere.

use super::{EditError, EntryId, FindingId, Ledger};
use crate::i18n::{Lang, evidence as words};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Who an attached file belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Owner {
    /// A contribution (entry).
    Entry(EntryId),
    /// A rectification finding.
    Finding(FindingId),
}

impl Owner {
    /// `#3` for entry 3, `问题 #3` / `finding #3` for a finding: how messages name the record.
    pub fn label(self, lang: Lang) -> String {
        match self {
            Owner::Entry(id) => words::owner_entry(lang, id.0),
            Owner::Finding(id) => words::owner_finding(lang, id.0),
        }
    }
}

/// One attached file (佐证材料): the link between a record and a stored file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// The record it backs.
    pub owner: Owner,
    /// SHA-256 of the bytes, 64 lowercase hex digits: the stored file's name.
    pub hash: String,
    /// The original file name as the user had it (any characters).
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// "image/jpeg", "image/png", "image/webp", "application/pdf", … or
    /// "application/octet-stream" (sniffed from the bytes, not the name).
    pub mime: String,
    /// user@host, as in the journal.
    pub added_by: String,
    /// When it was attached.
    pub added_at: DateTime<FixedOffset>,
}

impl Attachment {
    /// True for the image types the app can show as a thumbnail.
    pub fn is_image(&self) -> bool {
        self.mime.starts_with("image/")
    }

    /// True when `hash` is 64 lowercase hex digits (what a stored file's name must be).
    pub fn hash_is_valid(hash: &str) -> bool {
        hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    }
}

/// Where each owner's attachments are in `Ledger::attachments`, built when first asked for
/// and dropped by every attach or detach. Never part of a ledger's value: two ledgers
/// with the same attachments compare equal whatever their caches hold.
#[derive(Clone, Default)]
pub struct AttachmentIndex(OnceLock<Box<ByOwner>>);

/// Positions in `Ledger::attachments`, per owner (boxed: a ledger stays small to move).
#[derive(Clone, Default)]
struct ByOwner(HashMap<Owner, Vec<usize>>);

impl AttachmentIndex {
    fn get(&self, attachments: &[Attachment]) -> &HashMap<Owner, Vec<usize>> {
        &self
            .0
            .get_or_init(|| {
                let mut map: HashMap<Owner, Vec<usize>> = HashMap::new();
                for (i, a) in attachments.iter().enumerate() {
                    map.entry(a.owner).or_default().push(i);
                }
                Box::new(ByOwner(map))
            })
            .0
    }

    /// Forgets the index (the attachments changed).
    pub fn clear(&mut self) {
        self.0 = OnceLock::new();
    }
}

impl PartialEq for AttachmentIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for AttachmentIndex {}

impl std::fmt::Debug for AttachmentIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AttachmentIndex")
    }
}

impl Ledger {
    /// The files attached to a record, in attach order.
    ///
    /// Code that changes `attachments` other than through [`Ledger::apply`] after this
    /// was called must call [`Ledger::reindex_attachments`].
    pub fn attachments_of(&self, owner: Owner) -> impl Iterator<Item = &Attachment> {
        let at: &[usize] = self
            .attachment_index
            .get(&self.attachments)
            .get(&owner)
            .map_or(&[], Vec::as_slice);
        at.iter().map(move |&i| &self.attachments[i])
    }

    /// How many files are attached to a record (a hash map look-up).
    pub fn attachment_count(&self, owner: Owner) -> usize {
        self.attachment_index
            .get(&self.attachments)
            .get(&owner)
            .map_or(0, Vec::len)
    }

    /// True when the record exists (an entry or finding with this id).
    pub fn owner_exists(&self, owner: Owner) -> bool {
        match owner {
            Owner::Entry(id) => self.entry(id).is_some(),
            Owner::Finding(id) => self.finding(id).is_some(),
        }
    }

    /// The attachments whose record exists (orphan links of deleted records left out).
    pub fn live_attachments(&self) -> impl Iterator<Item = &Attachment> {
        self.attachments
            .iter()
            .filter(|a| self.owner_exists(a.owner))
    }

    /// Drops the look-up index after `attachments` was changed directly.
    pub fn reindex_attachments(&mut self) {
        self.attachment_index.clear();
    }

    /// Attaches a file: refuses an owner that does not exist and the same file twice on
    /// one record.
    pub(super) fn apply_attach(&mut self, a: &Attachment) -> Result<(), EditError> {
        if !self.owner_exists(a.owner) {
            return Err(EditError::Missing);
        }
        if !Attachment::hash_is_valid(&a.hash) {
            return Err(EditError::Missing);
        }
        if self.attachments_of(a.owner).any(|x| x.hash == a.hash) {
            return Err(EditError::AlreadyAttached(a.name.clone()));
        }
        // In attach order: by time, so undoing a detach puts the link back where it was.
        let pos = self
            .attachments
            .partition_point(|x| x.added_at <= a.added_at);
        self.attachments.insert(pos, a.clone());
        self.attachment_index.clear();
        Ok(())
    }

    /// Removes the link (exactly this one); the stored file stays.
    pub(super) fn apply_detach(&mut self, a: &Attachment) -> Result<(), EditError> {
        let i = self
            .attachments
            .iter()
            .position(|x| x == a)
            .ok_or(EditError::Missing)?;
        self.attachments.remove(i);
        self.attachment_index.clear();
        Ok(())
    }
}

/// The evidence part of turning `current` into `target` (restoring a backup): the detaches
/// to run first (every link of a record that exists now) and the attaches to run last
/// (every link of a record that exists in `target`, except one still kept as an orphan
/// link now). Orphan links stay, so undoing the restore only re-attaches to records it
/// has just brought back.
pub fn restore_edits(current: &Ledger, target: &Ledger) -> (Vec<super::Edit>, Vec<super::Edit>) {
    use super::Edit;
    let detach: Vec<Edit> = current
        .live_attachments()
        .map(|a| Edit::Detach(Box::new(a.clone())))
        .collect();
    let kept: std::collections::HashSet<(Owner, &str)> = current
        .attachments
        .iter()
        .filter(|a| !current.owner_exists(a.owner))
        .map(|a| (a.owner, a.hash.as_str()))
        .collect();
    let attach: Vec<Edit> = target
        .live_attachments()
        .filter(|a| !kept.contains(&(a.owner, a.hash.as_str())))
        .map(|a| Edit::Attach(Box::new(a.clone())))
        .collect();
    (detach, attach)
}

/// `添加佐证 #3 照片.jpg` / `attach evidence #3 照片.jpg`: the history's description.
pub fn describe_attach(a: &Attachment, lang: Lang) -> String {
    words::describe_attach(lang, &a.owner.label(lang), &a.name)
}

/// `移除佐证 #3 照片.jpg` / `detach evidence #3 照片.jpg`.
pub fn describe_detach(a: &Attachment, lang: Lang) -> String {
    words::describe_detach(lang, &a.owner.label(lang), &a.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;
    use crate::ledger::Edit;

    fn att(owner: Owner, hash_digit: char, name: &str, second: u32) -> Attachment {
        Attachment {
            owner,
            hash: hash_digit.to_string().repeat(64),
            name: name.to_string(),
            size: 10,
            mime: "image/png".into(),
            added_by: "王明@PC-12".into(),
            added_at: DateTime::parse_from_rfc3339(&format!("2026-11-29T10:00:{second:02}+08:00"))
                .unwrap(),
        }
    }

    #[test]
    fn attach_detach_undo_and_refusals() {
        let mut l = sample_ledger();
        let before = l.clone();
        let e1 = Owner::Entry(EntryId(1));
        let a = att(e1, 'a', "公厕.jpg", 1);
        let b = att(e1, 'b', "签收单.pdf", 2);
        l.apply(&Edit::Attach(Box::new(a.clone()))).unwrap();
        l.apply(&Edit::Attach(Box::new(b.clone()))).unwrap();
        assert_eq!(l.attachment_count(e1), 2);
        assert_eq!(l.attachment_count(Owner::Entry(EntryId(2))), 0);
        let names: Vec<&str> = l.attachments_of(e1).map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["公厕.jpg", "签收单.pdf"]);
        // The same bytes on the same record twice: refused, ledger unchanged.
        let again = Attachment {
            name: "copy.jpg".into(),
            ..a.clone()
        };
        let snapshot = l.clone();
        assert_eq!(
            l.apply(&Edit::Attach(Box::new(again))),
            Err(EditError::AlreadyAttached("copy.jpg".into()))
        );
        assert_eq!(l, snapshot);
        // The same bytes on another record: fine.
        l.apply(&Edit::Attach(Box::new(att(
            Owner::Entry(EntryId(2)),
            'a',
            "x.jpg",
            3,
        ))))
        .unwrap();
        // A record that does not exist.
        assert_eq!(
            l.apply(&Edit::Attach(Box::new(att(
                Owner::Entry(EntryId(9999)),
                'c',
                "x",
                4
            )))),
            Err(EditError::Missing)
        );
        assert_eq!(
            l.apply(&Edit::Attach(Box::new(att(
                Owner::Finding(FindingId(9999)),
                'c',
                "x",
                4
            )))),
            Err(EditError::Missing)
        );
        // Detach the first, undo: back in its place.
        let with_three = l.clone();
        let detach = Edit::Detach(Box::new(a.clone()));
        l.apply(&detach).unwrap();
        assert_eq!(l.attachment_count(e1), 1);
        assert_eq!(l.apply(&detach), Err(EditError::Missing));
        l.apply(&detach.inverse()).unwrap();
        assert_eq!(l.attachments, with_three.attachments);
        // Undo all: the ledger as it was.
        for e in [
            Edit::Detach(Box::new(att(Owner::Entry(EntryId(2)), 'a', "x.jpg", 3))),
            Edit::Attach(Box::new(b)).inverse(),
            Edit::Attach(Box::new(a)).inverse(),
        ] {
            l.apply(&e).unwrap();
        }
        assert_eq!(l, before);
        assert_eq!(l.attachment_count(e1), 0);
    }

    #[test]
    fn a_deleted_entry_keeps_its_links_for_undo() {
        let mut l = sample_ledger();
        let e1 = Owner::Entry(EntryId(1));
        l.apply(&Edit::Attach(Box::new(att(e1, 'a', "a.jpg", 1))))
            .unwrap();
        let entry = l.entry(EntryId(1)).unwrap().clone();
        let delete = Edit::delete_entry(entry);
        l.apply(&delete).unwrap();
        assert_eq!(l.attachments.len(), 1);
        assert_eq!(l.live_attachments().count(), 0);
        l.apply(&delete.inverse()).unwrap();
        assert_eq!(l.live_attachments().count(), 1);
        assert_eq!(l.attachment_count(e1), 1);
    }

    #[test]
    fn attachments_round_trip_through_the_snapshot_and_the_journal() {
        use crate::store::format;
        let mut l = sample_ledger();
        let plain = format::to_ron(&l).unwrap();
        assert!(!plain.contains("attachments"));
        let a = att(Owner::Entry(EntryId(1)), 'a', "名字 :*?\"<>|.jpg", 1);
        let edit = Edit::Attach(Box::new(a.clone()));
        l.apply(&edit).unwrap();
        let text = format::to_ron(&l).unwrap();
        let back = format::parse(&text).unwrap().ledger;
        assert_eq!(back.attachments, vec![a]);
        assert_eq!(back, l);
        assert_eq!(back.attachment_count(Owner::Entry(EntryId(1))), 1);
        let line = serde_json::to_string(&edit).unwrap();
        let read: Edit = serde_json::from_str(&line).unwrap();
        assert_eq!(read, edit);
    }

    #[test]
    fn describe_names_the_record_and_the_file() {
        let a = att(Owner::Entry(EntryId(3)), 'a', "照片.jpg", 1);
        assert_eq!(
            Edit::Attach(Box::new(a.clone())).describe(Lang::Zh),
            "添加佐证 #3 照片.jpg"
        );
        assert_eq!(
            Edit::Detach(Box::new(a)).describe(Lang::En),
            "detach evidence #3 照片.jpg"
        );
        let f = att(Owner::Finding(FindingId(7)), 'a', "整改.jpg", 1);
        assert_eq!(
            Edit::Attach(Box::new(f)).describe(Lang::Zh),
            "添加佐证 问题#7 整改.jpg"
        );
    }
}
