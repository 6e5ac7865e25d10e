//! Evidence (issue 14): attaching files and pasted pictures, removing them, the viewer,
//! and the evidence pack.

use crate::i18n::evidence_ui as evidence_words;
use crate::i18n::{Lang, ui as words};
use crate::ledger::{Attachment, Edit, Ledger, Owner};
use crate::store::files::{self, StoredFile};
use crate::store::fs::RealFs;
use crate::ui::app::{App, Tab};
use crate::ui::evidence_panel::{EvidenceCommand, EvidenceDone};
use crate::ui::evidence_viewer::{EvidenceViewer, ViewerAction};
use crate::ui::jobs::JobResult;
use crate::ui::platform::{FileFilter, FileRequest};
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::Arc;

impl App {
    /// The record dropped or pasted files go to: the selected entry (台账) or finding
    /// (整改台账), or why there is none.
    pub(in crate::ui) fn evidence_target(&self) -> Result<Owner, crate::i18n::Text> {
        let doc = self.doc.as_ref().ok_or(evidence_words::DROP_WRONG_TAB)?;
        if doc.read_only.is_some() {
            return Err(evidence_words::READ_ONLY);
        }
        let owner = match self.tab {
            Tab::Ledger => self
                .ledger_view
                .selected
                .map(Owner::Entry)
                .ok_or(evidence_words::DROP_NEEDS_ENTRY)?,
            Tab::Findings => crate::ui::finding_form::editing_id(&self.findings_view.form)
                .map(Owner::Finding)
                .ok_or(evidence_words::DROP_NEEDS_FINDING)?,
            _ => return Err(evidence_words::DROP_WRONG_TAB),
        };
        if !doc.ledger.owner_exists(owner) {
            return Err(match owner {
                Owner::Entry(_) => evidence_words::DROP_NEEDS_ENTRY,
                Owner::Finding(_) => evidence_words::DROP_NEEDS_FINDING,
            });
        }
        Ok(owner)
    }

    pub(in crate::ui) fn run_evidence(&mut self, c: EvidenceCommand) {
        let lang = self.lang();
        match c {
            EvidenceCommand::AskFiles(owner) => {
                let request = FileRequest {
                    title: evidence_words::ADD_FILES_TITLE.get(lang).to_string(),
                    file_name: String::new(),
                    folder: None,
                    filter: FileFilter {
                        name: evidence_words::ALL_FILES.get(lang).to_string(),
                        extensions: Vec::new(),
                    },
                };
                match self.platform.ask_open_many(&request) {
                    Ok(paths) if paths.is_empty() => {}
                    Ok(paths) => self.attach_paths(owner, paths),
                    Err(e) => {
                        self.message = Some(words::dialog_failed(lang, &request.title, &e.0));
                    }
                }
            }
            EvidenceCommand::Attach { owner, paths } => self.attach_paths(owner, paths),
            EvidenceCommand::Dropped(paths) => match self.evidence_target() {
                Ok(owner) => self.attach_paths(owner, paths),
                Err(why) => self.message = Some(why.get(lang).to_string()),
            },
            EvidenceCommand::Pasted(image) => match self.evidence_target() {
                Ok(owner) => self.attach_pasted(owner, image),
                Err(why) => self.message = Some(why.get(lang).to_string()),
            },
            EvidenceCommand::Detach(a) => self.apply_edit(Edit::Detach(a)),
            EvidenceCommand::View { owner, index } => {
                self.viewer = Some((owner, EvidenceViewer::new(index)));
            }
            EvidenceCommand::Viewer(action) => self.run_viewer(action),
            EvidenceCommand::WritePack { from, to, village } => {
                self.write_pack(from, to, village);
            }
            EvidenceCommand::ClosePack => self.evidence_pack = None,
        }
    }

    /// Copies files into `NAME.files/` off the UI thread; the links are added when they
    /// are there ([`App::on_evidence`]), as one undoable change.
    fn attach_paths(&mut self, owner: Owner, paths: Vec<std::path::PathBuf>) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        if let Some(r) = &doc.read_only {
            self.message = Some(r.message(lang));
            return;
        }
        let ledger_path = doc.path.clone();
        self.adding.push(owner);
        self.jobs.spawn(evidence_words::JOB_ADDING, move || {
            let mut stored = Vec::new();
            let mut errors = Vec::new();
            for path in paths {
                match files::store_file(&RealFs, &ledger_path, &path) {
                    Ok(s) => stored.push(s),
                    Err(e) => errors.push(e.message(lang)),
                }
            }
            JobResult::Evidence(Box::new(EvidenceDone::Stored {
                ledger: ledger_path,
                owner,
                stored,
                errors,
            }))
        });
    }

    /// Keeps a pasted picture as PNG (`粘贴图片-2026-11-29-103012.png`) and attaches it.
    fn attach_pasted(&mut self, owner: Owner, image: Arc<egui::ColorImage>) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let ledger_path = doc.path.clone();
        let name = format!(
            "{}-{}.png",
            evidence_words::PASTED_NAME.get(lang),
            chrono::Local::now().format("%Y-%m-%d-%H%M%S")
        );
        self.adding.push(owner);
        self.jobs.spawn(evidence_words::JOB_ADDING, move || {
            let result = crate::ui::evidence_panel::png_bytes(&image)
                .map_err(|e| evidence_words::paste_failed(lang, &e))
                .and_then(|bytes| {
                    files::store_bytes(&RealFs, &ledger_path, &name, &bytes)
                        .map_err(|e| e.message(lang))
                });
            let (stored, errors) = match result {
                Ok(s) => (vec![s], Vec::new()),
                Err(m) => (Vec::new(), vec![m]),
            };
            JobResult::Evidence(Box::new(EvidenceDone::Stored {
                ledger: ledger_path,
                owner,
                stored,
                errors,
            }))
        });
    }

    fn run_viewer(&mut self, action: ViewerAction) {
        let lang = self.lang();
        match action {
            ViewerAction::Close => self.viewer = None,
            ViewerAction::OpenFolder(folder) => {
                if let Err(e) = self.platform.open_in_viewer(&folder) {
                    self.message = Some(words::viewer_failed(lang, &e.to_string()));
                }
            }
            ViewerAction::OpenWithSystem { path, name } => {
                // The stored file has no extension: a copy under its own name opens in
                // the right program.
                self.jobs.spawn(evidence_words::JOB_OPENING_FILE, move || {
                    let result = copy_out(&path, &name)
                        .map_err(|e| words::viewer_failed(lang, &e.to_string()));
                    JobResult::Evidence(Box::new(EvidenceDone::CopiedOut(result)))
                });
            }
        }
    }

    /// Takes a finished evidence job's result.
    pub(in crate::ui) fn on_evidence(&mut self, done: EvidenceDone) {
        let lang = self.lang();
        match done {
            EvidenceDone::Stored {
                ledger,
                owner,
                stored,
                mut errors,
            } => {
                if let Some(i) = self.adding.iter().position(|o| *o == owner) {
                    self.adding.remove(i);
                }
                for s in &stored {
                    self.thumbs.forget(&s.hash);
                }
                // Another ledger was opened meanwhile: its records are not these.
                let Some(doc) = self.doc.as_ref().filter(|d| d.path == ledger) else {
                    return;
                };
                let links = new_links(&doc.ledger, owner, stored, lang, &mut errors);
                let added = links.len();
                let edit = match links.len() {
                    0 => None,
                    1 => links.into_iter().next().map(|a| Edit::Attach(Box::new(a))),
                    files => Some(Edit::Batch {
                        label: crate::ledger::edit::BatchLabel::Attach { owner, files },
                        edits: links
                            .into_iter()
                            .map(|a| Edit::Attach(Box::new(a)))
                            .collect(),
                    }),
                };
                self.message = None;
                if let Some(edit) = edit {
                    self.apply_edit(edit);
                }
                // A refused edit said why; otherwise say what was added and what not.
                if self.message.is_none() {
                    let sep = words::SENTENCE_END.get(lang);
                    self.message = Some(if errors.is_empty() {
                        evidence_words::attached(lang, added)
                    } else {
                        evidence_words::attach_failed(lang, added, &errors.join(sep))
                    });
                }
            }
            EvidenceDone::CopiedOut(result) => match result {
                Ok(path) => {
                    if let Err(e) = self.platform.open_in_viewer(&path) {
                        self.message = Some(words::viewer_failed(lang, &e.to_string()));
                    }
                }
                Err(m) => self.message = Some(m),
            },
            EvidenceDone::Packed { path, result } => {
                self.message = Some(match result {
                    Ok(files) => evidence_words::pack_written(lang, &path, files),
                    Err(m) => m,
                });
            }
        }
    }
}

/// The links to add for files stored for `owner`: in the order given, leaving out a file
/// already on the record (or twice in the list), which is said in `errors`.
fn new_links(
    ledger: &Ledger,
    owner: Owner,
    stored: Vec<StoredFile>,
    lang: Lang,
    errors: &mut Vec<String>,
) -> Vec<Attachment> {
    let mut links: Vec<Attachment> = Vec::new();
    for s in stored {
        let twice = ledger.attachments_of(owner).any(|a| a.hash == s.hash)
            || links.iter().any(|a| a.hash == s.hash);
        if twice {
            errors.push(evidence_words::already_attached(lang, &s.name));
            continue;
        }
        let mut link = s.attachment(owner);
        // Attach order is time order: files attached together keep the order given.
        if let Some(last) = links.last() {
            link.added_at = link
                .added_at
                .max(last.added_at + chrono::Duration::milliseconds(1));
        }
        links.push(link);
    }
    links
}

/// Copies a stored file to the temp folder under its own name (made safe for any file
/// system), so the system opens it with the right program; an earlier copy of the same
/// size is reused.
fn copy_out(stored: &Path, name: &str) -> std::io::Result<PathBuf> {
    let hash = stored
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(16).collect::<String>())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join("bangfu-evidence").join(hash);
    std::fs::create_dir_all(&dir)?;
    let target = dir.join(crate::ui::evidence_panel::safe_file_name(name));
    let size = std::fs::metadata(stored)?.len();
    if std::fs::metadata(&target).map(|m| m.len()).ok() != Some(size) {
        std::fs::copy(stored, &target)?;
    }
    Ok(target)
}

impl App {
    /// Asks where, then writes the evidence pack of these dates and village in a job.
    fn write_pack(
        &mut self,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
        village: Option<crate::ledger::VillageId>,
    ) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let request = FileRequest {
            title: evidence_words::PACK_TITLE.get(lang).to_string(),
            file_name: format!("{}.zip", evidence_words::PACK_FILE.get(lang)),
            folder: doc.folder(),
            filter: FileFilter::new("ZIP", "zip"),
        };
        let (ledger, ledger_path) = (Arc::clone(&doc.ledger), doc.path.clone());
        let Some(path) = self.ask_save(&request) else {
            return;
        };
        let filter = crate::transfer::evidence_pack::PackFilter { from, to, village };
        self.evidence_pack = None;
        self.jobs.spawn(evidence_words::JOB_PACKING, move || {
            let result = crate::transfer::evidence_pack::write_pack_in(
                &ledger,
                &ledger_path,
                &filter,
                &path,
                lang,
            )
            .map(|s| s.files)
            .map_err(|e| e.message(lang));
            JobResult::Evidence(Box::new(EvidenceDone::Packed { path, result }))
        });
    }
}
