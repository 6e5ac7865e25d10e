//! The 打印汇总 / 导出 Excel dialog: period, sections, 元 or 万元, and who prepared and
//! reviewed the summary. The widget only edits its draft and says which button was
//! pressed; the app asks for a file, writes it and opens it.

use crate::i18n::report_evidence as evidence_words;
use crate::i18n::{Lang, model, report as report_words, ui as words};
use crate::ledger::period::BoundNames;
use crate::ledger::{Period, Preset};
use crate::report::evidence::{EvidenceOptions, PerPage};
use crate::report::{ReportOptions, Sections};
use chrono::NaiveDate;
use eframe::egui;

/// Which file the summary goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    /// An A4 PDF to print.
    Pdf,
    /// An Excel workbook.
    Xlsx,
}

/// The dialog's draft (dates stay text until they parse).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintDialog {
    /// A preset period, or `None` for the typed dates.
    pub preset: Option<Preset>,
    /// First day, as typed (custom period).
    pub from: String,
    /// Last day, as typed (custom period).
    pub to: String,
    /// Which tables to print.
    pub sections: Sections,
    /// Amounts in 万元.
    pub in_wan: bool,
    /// Show others' input (其他) as its own column and in the pledges.
    pub include_other: bool,
    /// 制表人.
    pub prepared_by: String,
    /// 审核人.
    pub reviewed_by: String,
    /// 附佐证材料 and photos per page.
    pub evidence: EvidenceOptions,
}

impl PrintDialog {
    /// A dialog for everything in the ledger, with the remembered names.
    pub fn new(prepared_by: &str, reviewed_by: &str) -> PrintDialog {
        PrintDialog {
            preset: Some(Preset::All),
            from: String::new(),
            to: String::new(),
            sections: Sections::default(),
            in_wan: false,
            include_other: false,
            prepared_by: prepared_by.to_string(),
            reviewed_by: reviewed_by.to_string(),
            evidence: EvidenceOptions::default(),
        }
    }

    /// The report options, or the message for a bad date.
    pub fn options(&self, lang: Lang, today: NaiveDate) -> Result<ReportOptions, String> {
        let period = Period::choose(self.preset, &self.from, &self.to, today)
            .map_err(|e| e.message(lang, BoundNames::Form))?;
        let mut options = ReportOptions::new(lang, today);
        options.from = period.from;
        options.to = period.to;
        options.sections = self.sections;
        options.amounts_in_wan = self.in_wan;
        options.include_other = self.include_other;
        options.prepared_by = self.prepared_by.trim().to_string();
        options.reviewed_by = self.reviewed_by.trim().to_string();
        options.evidence = self.evidence;
        Ok(options)
    }
}

/// What the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrintAction {
    /// Write the summary to a file of this kind.
    Write(ReportKind),
    /// Close the dialog.
    Close,
}

/// Draws the dialog; returns what the user pressed, if anything.
pub fn print_dialog_ui(
    ctx: &egui::Context,
    d: &mut PrintDialog,
    lang: Lang,
    today: NaiveDate,
) -> Option<PrintAction> {
    let mut action = None;
    let mut open = true;
    egui::Window::new(words::PRINT_TITLE.get(lang))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("print_dialog")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    ui.label(model::PERIOD.get(lang));
                    ui.horizontal(|ui| {
                        for p in Preset::ALL {
                            ui.selectable_value(&mut d.preset, Some(p), p.label(lang));
                        }
                        ui.selectable_value(&mut d.preset, None, model::CUSTOM_PERIOD.get(lang));
                    });
                    ui.end_row();
                    if d.preset.is_none() {
                        ui.label(words::PRINT_DATES.get(lang));
                        ui.horizontal(|ui| {
                            let from = ui.label(words::PRINT_FROM_SHORT.get(lang));
                            ui.add(
                                egui::TextEdit::singleline(&mut d.from)
                                    .hint_text("2020-06-01")
                                    .desired_width(100.0),
                            )
                            .labelled_by(from.id);
                            let to = ui.label(words::TABLE_TO.get(lang));
                            ui.add(
                                egui::TextEdit::singleline(&mut d.to)
                                    .hint_text("2020-06-30")
                                    .desired_width(100.0),
                            )
                            .labelled_by(to.id);
                        });
                        ui.end_row();
                    } else if let Some(p) = d.preset {
                        ui.label("");
                        ui.weak(p.period(today).describe(lang));
                        ui.end_row();
                    }
                    ui.label(words::PRINT_SECTIONS.get(lang));
                    ui.vertical(|ui| {
                        let s = &mut d.sections;
                        ui.checkbox(&mut s.targets, report_words::PRINT_TARGETS.get(lang));
                        ui.checkbox(&mut s.per_village, words::PRINT_PER_VILLAGE.get(lang));
                        ui.checkbox(&mut s.per_department, words::PRINT_PER_DEPARTMENT.get(lang));
                        ui.checkbox(
                            &mut s.village_by_department,
                            words::PRINT_VILLAGE_DEPARTMENT.get(lang),
                        );
                        ui.checkbox(&mut s.per_category, words::PRINT_PER_CATEGORY.get(lang));
                        ui.checkbox(&mut s.per_month, words::PRINT_PER_MONTH.get(lang));
                        ui.checkbox(
                            &mut s.year_over_year,
                            report_words::PRINT_YEAR_OVER_YEAR.get(lang),
                        );
                        ui.checkbox(&mut s.entries, words::PRINT_ENTRIES_APPENDIX.get(lang));
                        ui.checkbox(&mut d.include_other, report_words::SHOW_OTHER.get(lang));
                        ui.horizontal(|ui| {
                            let e = &mut d.evidence;
                            ui.checkbox(&mut e.include, evidence_words::PRINT_EVIDENCE.get(lang))
                                .on_hover_text(evidence_words::PRINT_EVIDENCE_HINT.get(lang));
                            ui.add_enabled_ui(e.include, |ui| {
                                ui.label(evidence_words::PRINT_PER_PAGE.get(lang));
                                for n in PerPage::ALL {
                                    ui.radio_value(
                                        &mut e.per_page,
                                        n,
                                        evidence_words::photos_per_page(n.count(), lang),
                                    );
                                }
                            });
                        });
                    });
                    ui.end_row();
                    ui.label(words::PRINT_AMOUNTS_IN.get(lang));
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut d.in_wan, false, crate::i18n::fields::YUAN.get(lang));
                        ui.radio_value(&mut d.in_wan, true, words::PRINT_IN_WAN.get(lang));
                    });
                    ui.end_row();
                    let prepared = ui.label(words::PREPARED_BY.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut d.prepared_by).desired_width(160.0))
                        .labelled_by(prepared.id);
                    ui.end_row();
                    let reviewed = ui.label(words::REVIEWED_BY.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut d.reviewed_by).desired_width(160.0))
                        .labelled_by(reviewed.id);
                    ui.end_row();
                });
            let problem = d.options(lang, today).err();
            if let Some(p) = &problem {
                ui.colored_label(ui.visuals().error_fg_color, p);
            }
            ui.separator();
            ui.horizontal(|ui| {
                let ok = problem.is_none();
                if ui
                    .add_enabled(ok, egui::Button::new(words::PRINT_WRITE_PDF.get(lang)))
                    .clicked()
                {
                    action = Some(PrintAction::Write(ReportKind::Pdf));
                }
                if ui
                    .add_enabled(ok, egui::Button::new(words::PRINT_EXPORT_EXCEL.get(lang)))
                    .clicked()
                {
                    action = Some(PrintAction::Write(ReportKind::Xlsx));
                }
                if ui.button(words::PRINT_CLOSE.get(lang)).clicked() {
                    action = Some(PrintAction::Close);
                }
            });
        });
    if !open {
        action = Some(PrintAction::Close);
    }
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_dates_parse_or_say_why() {
        let today = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default();
        let mut d = PrintDialog::new("张三", "");
        d.preset = None;
        d.from = "2020-06-01".into();
        d.to = "2020年6月30日".into();
        let o = d.options(Lang::Zh, today).expect("valid");
        assert_eq!(o.from, NaiveDate::from_ymd_opt(2020, 6, 1));
        assert_eq!(o.prepared_by, "张三");
        d.to = "2020-02-30".into();
        assert!(
            d.options(Lang::Zh, today)
                .is_err_and(|m| m.starts_with("截止日期"))
        );
        d.to = "2020-05-01".into();
        assert!(d.options(Lang::Zh, today).is_err());
        assert!(!o.include_other, "others' input only when asked for");
        d.include_other = true;
        d.to = "2020-06-30".into();
        assert!(d.options(Lang::Zh, today).is_ok_and(|o| o.include_other));
        d.to = "2020-05-01".into();
        d.preset = Some(Preset::ThisMonth);
        assert_eq!(
            d.options(Lang::Zh, today).map(|o| o.to),
            Ok(NaiveDate::from_ymd_opt(2020, 6, 30))
        );
    }

    #[test]
    fn the_evidence_appendix_is_off_until_ticked_and_keeps_its_photos_per_page() {
        let today = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default();
        let mut d = PrintDialog::new("", "");
        let o = d.options(Lang::Zh, today).expect("valid");
        assert!(!o.evidence.include);
        assert_eq!(o.evidence.per_page.count(), 4);
        d.evidence.include = true;
        d.evidence.per_page = PerPage::Two;
        let o = d.options(Lang::Zh, today).expect("valid");
        assert!(o.evidence.include);
        assert_eq!(o.evidence.per_page.count(), 2);
    }
}
