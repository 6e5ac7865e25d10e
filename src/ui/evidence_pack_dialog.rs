//! 文件 → 导出佐证材料包…: a small window asking which dates and which village (by
//! default those of the ledger table's filter), then 导出… asks where and the handler
//! writes the zip in a job.

use super::evidence_panel::EvidenceCommand;
use super::ledger_view::FilterUi;
use crate::i18n::{Lang, evidence_ui as words};
use crate::ledger::{Ledger, VillageId};
use chrono::NaiveDate;
use eframe::egui;

/// The dialog's state: dates as typed (empty: not limited) and the village.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidencePackDialog {
    /// First day, as typed.
    pub from: String,
    /// Last day, as typed.
    pub to: String,
    /// Only this village.
    pub village: Option<VillageId>,
    /// Why the dates were refused, if they were.
    pub error: Option<String>,
}

impl EvidencePackDialog {
    /// Starts from the ledger table's filter (its dates and village).
    pub fn new(filter: &FilterUi) -> EvidencePackDialog {
        let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        EvidencePackDialog {
            from: show(filter.from),
            to: show(filter.to),
            village: filter.village,
            error: None,
        }
    }

    /// The dates as typed, or the message naming the field that does not parse.
    pub fn dates(&self, lang: Lang) -> Result<(Option<NaiveDate>, Option<NaiveDate>), String> {
        let one = |label: crate::i18n::Text, text: &str| -> Result<Option<NaiveDate>, String> {
            match text.trim() {
                "" => Ok(None),
                t => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| {
                        format!(
                            "{}{}{t}{}{}",
                            label.get(lang),
                            crate::i18n::model::COLON.get(lang),
                            crate::i18n::ui::SENTENCE_END.get(lang),
                            words::PACK_BAD_DATE.get(lang)
                        )
                    }),
            }
        };
        Ok((
            one(words::PACK_FROM, &self.from)?,
            one(words::PACK_TO, &self.to)?,
        ))
    }

    /// Draws the window; returns what was asked (write, or close).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        ledger: &Ledger,
        lang: Lang,
    ) -> Vec<EvidenceCommand> {
        let mut out = Vec::new();
        let mut open = true;
        egui::Window::new(words::PACK_TITLE.get(lang))
            .id(egui::Id::unique("evidence_pack_dialog"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("evidence_pack_grid")
                    .num_columns(2)
                    .spacing([8.0, 6.0])
                    .show(ui, |ui| {
                        for (label, text) in [
                            (words::PACK_FROM, &mut self.from),
                            (words::PACK_TO, &mut self.to),
                        ] {
                            let l = ui.label(label.get(lang));
                            ui.add(
                                egui::TextEdit::singleline(text)
                                    .hint_text(words::PACK_ANY.get(lang))
                                    .desired_width(110.0),
                            )
                            .labelled_by(l.id);
                            ui.end_row();
                        }
                        let l = ui.label(words::PACK_VILLAGE.get(lang));
                        let all = words::PACK_ALL_VILLAGES.get(lang);
                        let current = self
                            .village
                            .map_or(all.to_string(), |id| ledger.village_name(id).to_string());
                        egui::ComboBox::from_id_salt("evidence_pack_village")
                            .selected_text(current)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut self.village, None, all);
                                for v in &ledger.villages {
                                    ui.selectable_value(&mut self.village, Some(v.id), &v.name);
                                }
                            })
                            .response
                            .labelled_by(l.id);
                        ui.end_row();
                    });
                if let Some(e) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.separator();
                ui.horizontal(|ui| {
                    if ui.button(words::PACK_WRITE.get(lang)).clicked() {
                        match self.dates(lang) {
                            Ok((from, to)) => {
                                self.error = None;
                                out.push(EvidenceCommand::WritePack {
                                    from,
                                    to,
                                    village: self.village,
                                });
                            }
                            Err(e) => self.error = Some(e),
                        }
                    }
                    if ui.button(words::CANCEL.get(lang)).clicked() {
                        out.push(EvidenceCommand::ClosePack);
                    }
                });
            });
        if !open {
            out.push(EvidenceCommand::ClosePack);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_from_the_table_filter_and_names_a_bad_date() {
        let mut f = FilterUi::all();
        f.from = NaiveDate::from_ymd_opt(2020, 6, 1);
        f.village = Some(VillageId(2));
        let mut d = EvidencePackDialog::new(&f);
        assert_eq!((d.from.as_str(), d.to.as_str()), ("2020-06-01", ""));
        assert_eq!(d.village, Some(VillageId(2)));
        assert_eq!(
            d.dates(Lang::Zh),
            Ok((NaiveDate::from_ymd_opt(2020, 6, 1), None))
        );
        d.to = "2020-13-01".into();
        let e = d.dates(Lang::Zh).expect_err("month 13");
        assert!(e.starts_with("截止日期：2020-13-01"), "{e}");
    }
}
