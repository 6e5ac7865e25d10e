//! `bangfu attach`, `bangfu detach` and `bangfu evidence`: evidence (佐证材料) from the
//! command line.
//!
//! - `attach FILE --entry ID PATH...` (or `--finding ID`): stores the files in
//!   `NAME.files/` and links them to the record, all paths as one edit. Any refused path
//!   (over 50 MB, a folder, unreadable) → exit 2, nothing written, the path named.
//! - `detach FILE --entry ID --file NAME`: removes the link (NAME is the original name, or
//!   a prefix of the file's SHA-256 when two files share a name); the stored file stays.
//! - `evidence FILE --list [--missing]`, `evidence FILE --zip OUT.zip`, both with
//!   `[--from D] [--to D] [--village V]`.

use super::{CliError, open_for_writing, output, read};
use crate::i18n::{Lang, evidence as words};
use crate::ledger::edit::BatchLabel;
use crate::ledger::validate::parse_date;
use crate::ledger::{Attachment, Edit, EntryId, FindingId, Ledger, Owner};
use crate::store::Saved;
use crate::store::files::{self, FilesError};
use crate::store::fs::RealFs;
use crate::transfer::evidence_pack::{self, PackError, PackFilter, record_label, records};
use chrono::NaiveDate;
use clap::{ArgGroup, Args};
use std::path::{Path, PathBuf};

/// Arguments of `bangfu attach`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("owner").required(true).args(["entry", "finding"])))]
pub struct AttachArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The entry (contribution) the files back.
    #[arg(long, value_name = "ID")]
    pub entry: Option<u64>,
    /// The finding (rectification ledger) the files back.
    #[arg(long, value_name = "ID")]
    pub finding: Option<u32>,
    /// The files: photos, scans, PDFs, invoices (each at most 50 MB).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Arguments of `bangfu detach`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("owner").required(true).args(["entry", "finding"])))]
pub struct DetachArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The entry.
    #[arg(long, value_name = "ID")]
    pub entry: Option<u64>,
    /// The finding.
    #[arg(long, value_name = "ID")]
    pub finding: Option<u32>,
    /// The file's original name, or the start of its SHA-256 when two files share a name.
    #[arg(long = "file", value_name = "NAME")]
    pub name: String,
}

/// Arguments of `bangfu evidence`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["zip", "list"])))]
pub struct EvidenceArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Write an evidence pack: one folder per village and record, and index.xlsx.
    #[arg(long, value_name = "OUT.zip")]
    pub zip: Option<PathBuf>,
    /// List the records with their files.
    #[arg(long)]
    pub list: bool,
    /// With --list: the records without any evidence (缺少佐证) instead.
    #[arg(long, requires = "list")]
    pub missing: bool,
    /// First day (inclusive).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only this village.
    #[arg(long, value_name = "NAME")]
    pub village: Option<String>,
}

fn owner_of(entry: Option<u64>, finding: Option<u32>) -> Owner {
    match (entry, finding) {
        (_, Some(f)) => Owner::Finding(FindingId(f)),
        (Some(e), None) => Owner::Entry(EntryId(e)),
        // clap's group makes one of them required.
        (None, None) => Owner::Entry(EntryId(0)),
    }
}

fn no_such_record(owner: Owner, lang: Lang) -> CliError {
    CliError::BadInput(words::no_such_record(lang, &owner.label(lang)))
}

/// Refusals of the files themselves are bad input (exit 2); a failed write is not.
fn files_error(e: FilesError, lang: Lang) -> CliError {
    match e {
        FilesError::Write { .. } => CliError::Usage(e.message(lang)),
        _ => CliError::BadInput(e.message(lang)),
    }
}

/// Saves one edit through the store, as `edit_and_save` does.
fn record(
    store: &mut crate::store::Store,
    ledger: &Ledger,
    edit: &Edit,
    lang: Lang,
) -> Result<(), CliError> {
    match store
        .record(ledger, edit)
        .map_err(|e| CliError::store(e, lang))?
    {
        Saved::InPlace => Ok(()),
        Saved::ConflictCopy(p) => Err(CliError::ConflictCopy(
            crate::i18n::cli::saved_to_conflict_copy(lang, &p),
        )),
    }
}

/// Runs `bangfu attach`.
pub fn run_attach(args: &AttachArgs, lang: Lang) -> Result<(), CliError> {
    let owner = owner_of(args.entry, args.finding);
    let (mut store, mut ledger) = open_for_writing(&args.file, lang)?;
    if !ledger.owner_exists(owner) {
        return Err(no_such_record(owner, lang));
    }
    // Every path is checked before anything is written.
    for p in &args.paths {
        files::check_source(p).map_err(|e| files_error(e, lang))?;
    }
    let fs = RealFs;
    let ledger_path = store.real_path().to_path_buf();
    let mut created: Vec<String> = Vec::new();
    let mut attachments: Vec<Attachment> = Vec::new();
    for p in &args.paths {
        match files::store_file_tracked(&fs, &ledger_path, p) {
            Ok((stored, new)) => {
                if new {
                    created.push(stored.hash.clone());
                }
                attachments.push(stored.attachment(owner));
            }
            Err(e) => {
                files::take_back(&fs, &ledger_path, &created);
                return Err(files_error(e, lang));
            }
        }
    }
    let edit = if attachments.len() == 1 {
        Edit::Attach(Box::new(attachments[0].clone()))
    } else {
        Edit::Batch {
            label: BatchLabel::Attach {
                owner,
                files: attachments.len(),
            },
            edits: attachments
                .iter()
                .map(|a| Edit::Attach(Box::new(a.clone())))
                .collect(),
        }
    };
    if let Err(e) = ledger.apply(&edit) {
        // A file a link already names stays (attaching it again restored a missing file).
        created.retain(|h| !ledger.attachments.iter().any(|a| a.hash == *h));
        files::take_back(&fs, &ledger_path, &created);
        return Err(CliError::BadInput(e.message(lang)));
    }
    if let Err(e) = record(&mut store, &ledger, &edit, lang) {
        if matches!(e, CliError::Store { .. }) {
            files::take_back(&fs, &ledger_path, &created);
        }
        return Err(e);
    }
    let label = owner_line(&ledger, owner, lang);
    output::line(&words::attached(lang, attachments.len(), &label), lang)?;
    attachments
        .iter()
        .try_for_each(|a| output::line(&file_line(&fs, &ledger_path, a, lang), lang))
}

/// Runs `bangfu detach`.
pub fn run_detach(args: &DetachArgs, lang: Lang) -> Result<(), CliError> {
    let owner = owner_of(args.entry, args.finding);
    let (mut store, mut ledger) = open_for_writing(&args.file, lang)?;
    if !ledger.owner_exists(owner) {
        return Err(no_such_record(owner, lang));
    }
    let a = pick(&ledger, owner, &args.name, lang)?.clone();
    let edit = Edit::Detach(Box::new(a.clone()));
    ledger
        .apply(&edit)
        .map_err(|e| CliError::BadInput(e.message(lang)))?;
    record(&mut store, &ledger, &edit, lang)?;
    output::line(
        &words::detached(lang, &a.name, &owner_line(&ledger, owner, lang)),
        lang,
    )
}

/// The record's attachment named `name` (or whose hash starts with it).
fn pick<'a>(
    ledger: &'a Ledger,
    owner: Owner,
    name: &str,
    lang: Lang,
) -> Result<&'a Attachment, CliError> {
    let by_name: Vec<&Attachment> = ledger
        .attachments_of(owner)
        .filter(|a| a.name == name)
        .collect();
    let found: Vec<&Attachment> = if by_name.is_empty() {
        let prefix = name.trim().to_ascii_lowercase();
        if prefix.is_empty() {
            Vec::new()
        } else {
            ledger
                .attachments_of(owner)
                .filter(|a| a.hash.starts_with(&prefix))
                .collect()
        }
    } else {
        by_name
    };
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let names: Vec<String> = ledger
                .attachments_of(owner)
                .map(|a| a.name.clone())
                .collect();
            Err(CliError::BadInput(words::no_such_file(
                lang,
                name,
                &owner.label(lang),
                &names,
            )))
        }
        many => {
            let choices: Vec<String> = many
                .iter()
                .map(|a| format!("{} ({})", &a.hash[..12.min(a.hash.len())], a.name))
                .collect();
            Err(CliError::BadInput(words::ambiguous_file(
                lang, name, &choices,
            )))
        }
    }
}

fn owner_line(ledger: &Ledger, owner: Owner, lang: Lang) -> String {
    let what = match owner {
        Owner::Entry(id) => ledger
            .entry(id)
            .map(|e| format!("{} {} {}", e.date, ledger.village_name(e.village), e.what)),
        Owner::Finding(id) => ledger
            .finding(id)
            .map(|f| format!("{} {}", ledger.village_name(f.village), f.description)),
    };
    match what {
        Some(w) => format!("{} {w}", owner.label(lang)),
        None => owner.label(lang),
    }
}

/// `  公厕.jpg  1.2 MB  image/jpeg  3f2a9c1d0b7e` (and `[缺失]` when the stored file is gone).
fn file_line(fs: &RealFs, ledger_path: &Path, a: &Attachment, lang: Lang) -> String {
    let present = files::is_present(fs, ledger_path, a);
    words::file_line(
        lang,
        &a.name,
        a.size,
        &a.mime,
        &a.hash[..12.min(a.hash.len())],
        present,
    )
}

fn date_option(
    text: Option<&str>,
    option: &str,
    lang: Lang,
) -> Result<Option<NaiveDate>, CliError> {
    match text {
        None => Ok(None),
        Some(t) => parse_date(t)
            .map(Some)
            .map_err(|_| CliError::BadInput(words::bad_date(lang, option, t))),
    }
}

/// Runs `bangfu evidence`.
pub fn run_evidence(args: &EvidenceArgs, lang: Lang) -> Result<(), CliError> {
    let from = date_option(args.from.as_deref(), "--from", lang)?;
    let to = date_option(args.to.as_deref(), "--to", lang)?;
    let ledger = read(&args.file, lang)?;
    let village = match &args.village {
        None => None,
        Some(v) => Some(
            ledger
                .village_by_name(v)
                .ok_or_else(|| CliError::BadInput(words::no_such_village(lang, v.trim())))?
                .id,
        ),
    };
    let filter = PackFilter { from, to, village };
    let ledger_path = store_path(&args.file);
    if let Some(out) = &args.zip {
        let summary = evidence_pack::write_pack_in(&ledger, &ledger_path, &filter, out, lang)
            .map_err(|e| match e {
                PackError::Write { .. } | PackError::Index(_) => CliError::Usage(e.message(lang)),
                _ => CliError::BadInput(e.message(lang)),
            })?;
        return output::line(
            &words::pack_written(lang, out, summary.records, summary.files, summary.bytes),
            lang,
        );
    }
    let fs = RealFs;
    if args.missing {
        let without = records(&ledger, &filter, false);
        output::line(&words::missing_heading(lang, without.len()), lang)?;
        return without
            .iter()
            .try_for_each(|r| output::line(&record_label(&ledger, r, lang), lang));
    }
    let with = records(&ledger, &filter, true);
    let files: usize = with.iter().map(|r| r.files.len()).sum();
    output::line(&words::list_heading(lang, with.len(), files), lang)?;
    for r in &with {
        output::line(
            &words::record_with_files(lang, &record_label(&ledger, r, lang), r.files.len()),
            lang,
        )?;
        for a in &r.files {
            output::line(&file_line(&fs, &ledger_path, a, lang), lang)?;
        }
    }
    Ok(())
}

/// The ledger's path as the store resolves it (a symlink to a ledger keeps its files beside
/// the real file, as the app does).
fn store_path(file: &Path) -> PathBuf {
    std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf())
}

/// `bangfu check`'s evidence part: every attachment of an existing record whose stored
/// file is missing or has the wrong size, naming the record (exit 2 when there is any).
pub fn check_files(ledger: &Ledger, file: &Path, lang: Lang) -> Result<(), CliError> {
    let fs = RealFs;
    let ledger_path = store_path(file);
    let problems: Vec<String> = ledger
        .live_attachments()
        .filter(|a| !files::is_present(&fs, &ledger_path, a))
        .map(|a| {
            words::missing_file(
                lang,
                &owner_line(ledger, a.owner, lang),
                &a.name,
                &files::stored_path(&ledger_path, &a.hash)
                    .display()
                    .to_string(),
            )
        })
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    let mut lines = vec![words::missing_files(lang, problems.len())];
    lines.extend(problems);
    Err(CliError::BadInput(lines.join("\n")))
}

/// `bangfu merge`'s evidence part: copies the files the merge brings from `OTHER.files/`
/// into ours, each checked against its hash (exit 2 naming the file when one is missing or
/// damaged; nothing is merged then).
pub fn copy_files(
    other: &Path,
    file: &Path,
    attachments: &[Attachment],
    lang: Lang,
) -> Result<(), CliError> {
    files::copy_from(&RealFs, &store_path(other), &store_path(file), attachments)
        .map_err(|e| files_error(e, lang))
}
