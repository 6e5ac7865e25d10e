//! The seam between the app and the desktop: file dialogs and the system viewer.
//!
//! Only the command handler calls a [`Platform`]. The real one ([`NativePlatform`]) uses
//! `rfd` and `opener`; tests give the app a [`ScriptedPlatform`] that answers dialogs
//! from a script and records what it was asked, so no test needs a real dialog.

use std::collections::VecDeque;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// File dialogs and the system viewer.
pub trait Platform: Send + Sync + Debug {
    /// Asks for an existing file; `None` if the user cancelled.
    fn pick_open(&self, request: &FileRequest) -> Option<PathBuf>;
    /// Asks where to write a file; `None` if the user cancelled.
    fn pick_save(&self, request: &FileRequest) -> Option<PathBuf>;
    /// Opens a written file in the system's viewer (PDF reader, Excel/WPS).
    fn open_in_viewer(&self, path: &Path) -> std::io::Result<()>;
}

/// The real desktop: `rfd` dialogs and `opener`.
#[derive(Debug, Default)]
pub struct NativePlatform;

fn dialog(request: &FileRequest) -> rfd::FileDialog {
    let mut d = rfd::FileDialog::new()
        .set_title(&request.title)
        .add_filter(&request.filter.name, &request.filter.extensions);
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
}

/// A platform for tests: dialogs take their answers from a queue (an empty queue is a
/// cancelled dialog) and every request and viewer call is recorded.
#[derive(Debug, Default)]
pub struct ScriptedPlatform {
    answers: Mutex<VecDeque<PathBuf>>,
    asked: Mutex<Vec<FileRequest>>,
    viewed: Mutex<Vec<PathBuf>>,
}

impl ScriptedPlatform {
    /// A platform whose dialogs are all cancelled until answers are queued.
    pub fn new() -> ScriptedPlatform {
        ScriptedPlatform::default()
    }

    /// Queues the answer of the next file dialog.
    pub fn answer(&self, path: impl Into<PathBuf>) {
        lock(&self.answers).push_back(path.into());
    }

    /// The dialogs asked so far.
    pub fn asked(&self) -> Vec<FileRequest> {
        lock(&self.asked).clone()
    }

    /// The files opened in the "viewer" so far.
    pub fn viewed(&self) -> Vec<PathBuf> {
        lock(&self.viewed).clone()
    }

    fn next(&self, request: &FileRequest) -> Option<PathBuf> {
        lock(&self.asked).push(request.clone());
        lock(&self.answers).pop_front()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Platform for ScriptedPlatform {
    fn pick_open(&self, request: &FileRequest) -> Option<PathBuf> {
        self.next(request)
    }

    fn pick_save(&self, request: &FileRequest) -> Option<PathBuf> {
        self.next(request)
    }

    fn open_in_viewer(&self, path: &Path) -> std::io::Result<()> {
        lock(&self.viewed).push(path.to_path_buf());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        p.open_in_viewer(Path::new("/tmp/a.pdf")).expect("recorded");
        assert_eq!(p.viewed(), [PathBuf::from("/tmp/a.pdf")]);
    }
}
