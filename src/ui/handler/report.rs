//! Printing: the summary written as PDF or workbook and opened in the system viewer.

use crate::i18n::ui as words;
use crate::ledger::Ledger;
use crate::ui::app::App;
use crate::ui::jobs::JobResult;
use crate::ui::print_dialog::{PrintDialog, ReportKind};
use std::path::Path;
use std::sync::Arc;

impl App {
    /// Makes the summary set up in the print dialog (or the default one) and writes it
    /// to `path` off the UI thread, then opens it in the system viewer. Remembers
    /// 制表人 and 审核人. Returns false (and says why) if the dialog's period is bad.
    pub fn write_report(&mut self, path: &Path, kind: ReportKind) -> bool {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else {
            return false;
        };
        let dialog = self.print.clone().unwrap_or_else(|| {
            PrintDialog::new(&self.settings.prepared_by, &self.settings.reviewed_by)
        });
        self.settings.prepared_by = dialog.prepared_by.trim().to_string();
        self.settings.reviewed_by = dialog.reviewed_by.trim().to_string();
        let options = match dialog.options(lang, self.today) {
            Ok(o) => o,
            Err(m) => {
                self.message = Some(m);
                return false;
            }
        };
        let ledger = Arc::clone(&doc.ledger);
        let ledger_path = doc.path.clone();
        self.write_report_of(ledger, &ledger_path, options, path, kind);
        true
    }

    /// Makes a report of `ledger` and writes it to `path` off the UI thread, then opens
    /// it in the system viewer (the open ledger, or the ledger as it was after an edit).
    /// `ledger_path` is the ledger's file, beside which its evidence files are kept.
    pub(super) fn write_report_of(
        &mut self,
        ledger: Arc<Ledger>,
        ledger_path: &Path,
        options: crate::report::ReportOptions,
        path: &Path,
        kind: ReportKind,
    ) {
        let lang = self.lang();
        let ledger_path = ledger_path.to_path_buf();
        let path = path.to_path_buf();
        self.jobs.spawn(words::JOB_WRITING_REPORT, move || {
            let made = match kind {
                ReportKind::Pdf => {
                    crate::report::pdf_at(&ledger, &ledger_path, &options).map(|r| {
                        let warnings = [r.missing_warning(lang), r.evidence_warning(lang)];
                        let warning = warnings.into_iter().flatten().collect::<Vec<_>>();
                        ((!warning.is_empty()).then(|| warning.join(" ")), r.bytes)
                    })
                }
                ReportKind::Xlsx => crate::report::xlsx(&ledger, &options).map(|b| (None, b)),
            };
            let result = made
                .map_err(|e| e.message(lang))
                .and_then(|(warning, bytes)| {
                    crate::store::write_file_atomic(&path, &bytes)
                        .map(|()| warning)
                        .map_err(|e| e.message(lang))
                });
            JobResult::Report { path, result }
        });
    }
}
