//! The seam between the app and the desktop: file dialogs and the system viewer.
//!
//! Only the command handler calls a [`Platform`]. The real one ([`NativePlatform`]) uses
//! `rfd` and `opener`; tests give the app a [`ScriptedPlatform`] that answers dialogs
//! from a script and records what it was asked, so no test needs a real dialog.

use std::collections::VecDeque;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// The kind of file a dialog offers: a name and its extensions (without the dot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFilter {
    /// 帮扶台账, PDF, …
    pub name: String,
    /// `ron`, `pdf`, …
    pub extensions: Vec<String>,
}

impl FileFilter {
    /// A filter for one extension.
    pub fn new(name: &str, extension: &str) -> FileFilter {
        FileFilter {
            name: name.to_string(),
            extensions: vec![extension.to_string()],
        }
    }
}

/// A question to ask with a file dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRequest {
    /// The dialog's title.
    pub title: String,
    /// The suggested file name (save dialogs).
    pub file_name: String,
    /// The folder the dialog starts in.
    pub folder: Option<PathBuf>,
    /// The kind of file.
    pub filter: FileFilter,
}

/// Why a file dialog could not be shown (no desktop portal and no zenity, a broken
/// dialog library …): not the same as a cancel, and the user is told.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DialogError(pub String);

/// File dialogs and the system viewer.
pub trait Platform: Send + Sync + Debug {
    /// Asks for an existing file; `None` if the user cancelled (or the dialog failed:
    /// [`Platform::ask_open`] tells the two apart).
    fn pick_open(&self, request: &FileRequest) -> Option<PathBuf>;
    /// Asks where to write a file; `None` if the user cancelled (or the dialog failed:
    /// [`Platform::ask_save`] tells the two apart).
    fn pick_save(&self, request: &FileRequest) -> Option<PathBuf>;
    /// Opens a written file in the system's viewer (PDF reader, Excel/WPS).
    fn open_in_viewer(&self, path: &Path) -> std::io::Result<()>;

    /// Asks for an existing file: `Ok(None)` if the user cancelled, `Err` if no dialog
    /// could be shown.
    fn ask_open(&self, request: &FileRequest) -> Result<Option<PathBuf>, DialogError> {
        Ok(self.pick_open(request))
    }

    /// Asks for one or more existing files: empty if the user cancelled, `Err` if no
    /// dialog could be shown. (By default one file, as [`Platform::ask_open`].)
    fn ask_open_many(&self, request: &FileRequest) -> Result<Vec<PathBuf>, DialogError> {
        self.ask_open(request).map(|p| p.into_iter().collect())
    }

    /// Asks where to write a file: `Ok(None)` if the user cancelled, `Err` if no dialog
    /// could be shown.
    fn ask_save(&self, request: &FileRequest) -> Result<Option<PathBuf>, DialogError> {
        Ok(self.pick_save(request))
    }
}

/// The error messages the dialog library (`rfd`) logged while a dialog was asked.
static DIALOG_ERRORS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// A logger that keeps only what `rfd` reports as errors (it logs, then returns
/// "cancelled", when neither the desktop portal nor zenity can show a dialog).
struct DialogLog;

impl log::Log for DialogLog {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.level() <= log::Level::Error && m.target().starts_with("rfd")
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            lock(&DIALOG_ERRORS).push(record.args().to_string());
        }
    }

    fn flush(&self) {}
}

/// Runs a dialog and tells a cancel (`Ok(None)`) from a dialog that could not open:
/// an error `rfd` logged meanwhile, or a panic inside it.
fn watched(show: impl FnOnce() -> Option<PathBuf>) -> Result<Option<PathBuf>, DialogError> {
    watch(show)
}

/// [`watched`] for any answer (several files).
fn watch<T>(show: impl FnOnce() -> Option<T>) -> Result<Option<T>, DialogError> {
    static LOGGER: Once = Once::new();
    LOGGER.call_once(|| {
        if log::set_logger(&DialogLog).is_ok() {
            log::set_max_level(log::LevelFilter::Error);
        }
    });
    lock(&DIALOG_ERRORS).clear();
    let shown = std::panic::catch_unwind(std::panic::AssertUnwindSafe(show));
    let errors = std::mem::take(&mut *lock(&DIALOG_ERRORS));
    match shown {
        Ok(Some(path)) => Ok(Some(path)),
        Ok(None) if errors.is_empty() => Ok(None),
        Ok(None) => Err(DialogError(errors.join("; "))),
        Err(_) => Err(DialogError("rfd".to_string())),
    }
}

/// The real desktop: `rfd` dialogs and `opener`.
#[derive(Debug, Default)]
pub struct NativePlatform;

fn dialog(request: &FileRequest) -> rfd::FileDialog {
    let mut d = rfd::FileDialog::new().set_title(&request.title);
    // No extensions: any file (evidence).
    if !request.filter.extensions.is_empty() {
        d = d.add_filter(&request.filter.name, &request.filter.extensions);
    }
    if !request.file_name.is_empty() {
        d = d.set_file_name(&request.file_name);
    }
    if let Some(folder) = &request.folder {
        d = d.set_directory(folder);
    }
    d
}

impl Platform for NativePlatform {
    fn pick_open(&self, request: &FileRequest) -> Option<PathBuf> {
        dialog(request).pick_file()
    }

    fn pick_save(&self, request: &FileRequest) -> Option<PathBuf> {
        dialog(request).save_file()
    }

    fn open_in_viewer(&self, path: &Path) -> std::io::Result<()> {
        opener::open(path).map_err(std::io::Error::other)
    }

    fn ask_open(&self, request: &FileRequest) -> Result<Option<PathBuf>, DialogError> {
        watched(|| dialog(request).pick_file())
    }

    fn ask_save(&self, request: &FileRequest) -> Result<Option<PathBuf>, DialogError> {
        watched(|| dialog(request).save_file())
    }

    fn ask_open_many(&self, request: &FileRequest) -> Result<Vec<PathBuf>, DialogError> {
        watch(|| dialog(request).pick_files()).map(Option::unwrap_or_default)
    }
}

/// A platform for tests: dialogs take their answers from a queue (an empty queue is a
/// cancelled dialog; [`ScriptedPlatform::fail`] queues a dialog that cannot open) and
/// every request and viewer call is recorded. The viewer can be made to fail too.
#[derive(Debug, Default)]
pub struct ScriptedPlatform {
    answers: Mutex<VecDeque<Result<PathBuf, DialogError>>>,
    asked: Mutex<Vec<FileRequest>>,
    viewed: Mutex<Vec<PathBuf>>,
    viewer_fails: Mutex<bool>,
}

impl ScriptedPlatform {
    /// A platform whose dialogs are all cancelled until answers are queued.
    pub fn new() -> ScriptedPlatform {
        ScriptedPlatform::default()
    }

    /// Queues the answer of the next file dialog.
    pub fn answer(&self, path: impl Into<PathBuf>) {
        lock(&self.answers).push_back(Ok(path.into()));
    }

    /// Queues a dialog that cannot open, failing with this reason.
    pub fn fail(&self, why: &str) {
        lock(&self.answers).push_back(Err(DialogError(why.to_string())));
    }

    /// Makes the system viewer fail from now on.
    pub fn fail_viewer(&self) {
        *lock(&self.viewer_fails) = true;
    }

    /// The dialogs asked so far.
    pub fn asked(&self) -> Vec<FileRequest> {
        lock(&self.asked).clone()
    }

    /// The files opened in the "viewer" so far.
    pub fn viewed(&self) -> Vec<PathBuf> {
        lock(&self.viewed).clone()
    }

    fn next(&self, request: &FileRequest) -> Result<Option<PathBuf>, DialogError> {
        lock(&self.asked).push(request.clone());
        lock(&self.answers).pop_front().transpose()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Platform for ScriptedPlatform {
    fn pick_open(&self, request: &FileRequest) -> Option<PathBuf> {
        self.next(request).ok().flatten()
    }

    fn pick_save(&self, request: &FileRequest) -> Option<PathBuf> {
        self.next(request).ok().flatten()
    }

    fn open_in_viewer(&self, path: &Path) -> std::io::Result<()> {
        lock(&self.viewed).push(path.to_path_buf());
        if *lock(&self.viewer_fails) {
            return Err(std::io::Error::other("no viewer"));
        }
        Ok(())
    }

    fn ask_open(&self, request: &FileRequest) -> Result<Option<PathBuf>, DialogError> {
        self.next(request)
    }

    fn ask_save(&self, request: &FileRequest) -> Result<Option<PathBuf>, DialogError> {
        self.next(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logged_rfd_error_is_a_failed_dialog_and_silence_a_cancel() {
        assert_eq!(watched(|| None), Ok(None));
        assert_eq!(
            watched(|| Some(PathBuf::from("/tmp/x"))),
            Ok(Some(PathBuf::from("/tmp/x")))
        );
        let failed = watched(|| {
            log::error!(target: "rfd::backend", "Failed to pick file with zenity: not found");
            None
        });
        assert_eq!(
            failed,
            Err(DialogError(
                "Failed to pick file with zenity: not found".to_string()
            ))
        );
        // Another crate's errors are not the dialog's.
        assert_eq!(
            watched(|| {
                log::error!(target: "winit", "unrelated");
                None
            }),
            Ok(None)
        );
        assert!(watched(|| panic!("gtk could not start")).is_err());
    }

    #[test]
    fn the_script_answers_in_order_then_cancels() {
        let p = ScriptedPlatform::new();
        p.answer("/tmp/a.pdf");
        let req = FileRequest {
            title: "t".into(),
            file_name: "x.pdf".into(),
            folder: None,
            filter: FileFilter::new("PDF", "pdf"),
        };
        assert_eq!(p.pick_save(&req), Some(PathBuf::from("/tmp/a.pdf")));
        assert_eq!(p.pick_open(&req), None);
        assert_eq!(p.asked().len(), 2);
        p.fail("no portal");
        assert_eq!(p.ask_save(&req), Err(DialogError("no portal".to_string())));
        assert_eq!(p.ask_save(&req), Ok(None));
        p.open_in_viewer(Path::new("/tmp/a.pdf")).expect("recorded");
        assert_eq!(p.viewed(), [PathBuf::from("/tmp/a.pdf")]);
        p.fail_viewer();
        assert!(p.open_in_viewer(Path::new("/tmp/a.pdf")).is_err());
    }
}
