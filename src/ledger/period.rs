//! A period of days: typed from/to dates or a preset (本月, 本季度, 本年, 全部) around an
//! injected `today`. The one parser behind the CLI's `--from`/`--to`, the report's dates
//! and the print dialog.

use super::validate::{Problem, parse_date};
use crate::i18n::{Lang, Text, model};
use chrono::{Datelike, Months, NaiveDate};

/// A quick choice of date range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// 本月.
    ThisMonth,
    /// 本季度.
    ThisQuarter,
    /// 本年.
    ThisYear,
    /// 全部.
    All,
}

impl Preset {
    /// Every preset, in the order buttons show them.
    pub const ALL: [Preset; 4] = [
        Preset::ThisMonth,
        Preset::ThisQuarter,
        Preset::ThisYear,
        Preset::All,
    ];

    /// The preset's name on its button.
    pub fn text(self) -> Text {
        match self {
            Preset::ThisMonth => model::THIS_MONTH,
            Preset::ThisQuarter => model::THIS_QUARTER,
            Preset::ThisYear => model::THIS_YEAR,
            Preset::All => model::ALL_DATES,
        }
    }

    /// The preset's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        self.text().get(lang)
    }

    /// Reads a preset by its Chinese or English name (`本月`, `this month`, `this-month`,
    /// `month`; `全部`, `all`), any case.
    pub fn parse(text: &str) -> Option<Preset> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .collect();
        Preset::ALL.into_iter().find(|p| {
            let Text(zh, en) = p.text();
            let en: String = en.to_lowercase().chars().filter(|c| *c != ' ').collect();
            t == zh || t == en || en.strip_prefix("this") == Some(t.as_str())
        })
    }

    /// The period of the preset around `today`.
    pub fn period(self, today: NaiveDate) -> Period {
        let first = |m: u32| NaiveDate::from_ymd_opt(today.year(), m, 1);
        let span = |start: Option<NaiveDate>, months: u32| Period {
            from: start,
            to: start
                .and_then(|s| s.checked_add_months(Months::new(months)))
                .and_then(|d| d.pred_opt()),
        };
        match self {
            Preset::ThisMonth => span(first(today.month()), 1),
            Preset::ThisQuarter => span(first(today.month0() / 3 * 3 + 1), 3),
            Preset::ThisYear => span(first(1), 12),
            Preset::All => Period::ALL,
        }
    }

    /// The preset's first and last day around `today` (`None`: no limit).
    pub fn range(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let p = self.period(today);
        (p.from, p.to)
    }
}

/// First and last day included; `None` is no limit on that side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Period {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
}

/// Which end of a period a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// The first day.
    From,
    /// The last day.
    To,
}

/// How the two ends are named in messages: `--from`/`--to` on the command line,
/// 起始日期/截止日期 in a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundNames {
    /// `--from`, `--to`.
    Flags,
    /// 起始日期, 截止日期.
    Form,
}

/// Why typed dates make no period.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// One end is not a date.
    #[error("{}", .problem.message(Lang::Zh))]
    BadDate {
        /// Which end.
        bound: Bound,
        /// The text as typed.
        typed: String,
        /// What is wrong with it.
        problem: Problem,
    },
    /// The first day is after the last.
    #[error("{}", model::FROM_AFTER_TO.get(Lang::Zh))]
    Reversed,
}

impl PeriodError {
    /// The message, naming the ends the way the caller shows them.
    pub fn message(&self, lang: Lang, names: BoundNames) -> String {
        match (self, names) {
            (
                PeriodError::BadDate {
                    bound,
                    typed,
                    problem,
                },
                BoundNames::Flags,
            ) => model::bad_flag_date(lang, flag(*bound), typed, &problem.message(lang)),
            (PeriodError::BadDate { bound, problem, .. }, BoundNames::Form) => {
                let label = match bound {
                    Bound::From => model::FROM_DAY,
                    Bound::To => model::TO_DAY,
                };
                format!(
                    "{}{}{}",
                    label.get(lang),
                    model::COLON.get(lang),
                    problem.message(lang)
                )
            }
            (PeriodError::Reversed, BoundNames::Flags) => {
                model::flag_from_after_to(lang, flag(Bound::From), flag(Bound::To))
            }
            (PeriodError::Reversed, BoundNames::Form) => model::FROM_AFTER_TO.get(lang).into(),
        }
    }
}

fn flag(bound: Bound) -> &'static str {
    match bound {
        Bound::From => "--from",
        Bound::To => "--to",
    }
}

impl Period {
    /// No limit at all.
    pub const ALL: Period = Period {
        from: None,
        to: None,
    };

    /// Parses typed first and last days; empty or absent text is no limit. Dates are read
    /// as everywhere else (`2020-06-01`, `2020/6/1`, `2020.6.1`, `2020年6月1日`), and the
    /// first may not be after the last.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Period, PeriodError> {
        let day = |text: Option<&str>, bound: Bound| -> Result<Option<NaiveDate>, PeriodError> {
            match text.map(str::trim) {
                None | Some("") => Ok(None),
                Some(t) => parse_date(t)
                    .map(Some)
                    .map_err(|problem| PeriodError::BadDate {
                        bound,
                        typed: t.to_string(),
                        problem,
                    }),
            }
        };
        let period = Period {
            from: day(from, Bound::From)?,
            to: day(to, Bound::To)?,
        };
        period.check()
    }

    /// A preset, or else typed dates: the print dialog and the filter bar.
    pub fn choose(
        preset: Option<Preset>,
        from: &str,
        to: &str,
        today: NaiveDate,
    ) -> Result<Period, PeriodError> {
        match preset {
            Some(p) => Ok(p.period(today)),
            None => Period::parse(Some(from), Some(to)),
        }
    }

    /// The period if its first day is not after its last.
    pub fn check(self) -> Result<Period, PeriodError> {
        match (self.from, self.to) {
            (Some(f), Some(t)) if f > t => Err(PeriodError::Reversed),
            _ => Ok(self),
        }
    }

    /// True when `day` is inside.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }

    /// `2020-06-01 – 2020-06-30`, or 台账中的全部记录 when unlimited.
    pub fn describe(&self, lang: Lang) -> String {
        match (self.from, self.to) {
            (None, None) => model::EVERY_ENTRY.get(lang).to_string(),
            (f, t) => format!(
                "{} – {}",
                f.map(|d| d.to_string()).unwrap_or_default(),
                t.map(|d| d.to_string()).unwrap_or_default()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn presets_around_today() {
        let today = day(2020, 6, 15).unwrap_or_default();
        assert_eq!(
            Preset::ThisMonth.range(today),
            (day(2020, 6, 1), day(2020, 6, 30))
        );
        assert_eq!(
            Preset::ThisQuarter.range(today),
            (day(2020, 4, 1), day(2020, 6, 30))
        );
        assert_eq!(
            Preset::ThisYear.range(today),
            (day(2020, 1, 1), day(2020, 12, 31))
        );
        assert_eq!(Preset::All.range(today), (None, None));
        // February of a leap year, the last quarter, the last day of a year.
        let feb = day(2024, 2, 29).unwrap_or_default();
        assert_eq!(
            Preset::ThisMonth.range(feb),
            (day(2024, 2, 1), day(2024, 2, 29))
        );
        let dec = day(2021, 12, 31).unwrap_or_default();
        assert_eq!(
            Preset::ThisQuarter.range(dec),
            (day(2021, 10, 1), day(2021, 12, 31))
        );
        assert_eq!(
            Preset::ThisMonth.range(dec),
            (day(2021, 12, 1), day(2021, 12, 31))
        );
    }

    #[test]
    fn presets_by_name() {
        assert_eq!(Preset::parse("本月"), Some(Preset::ThisMonth));
        assert_eq!(Preset::parse(" This Quarter "), Some(Preset::ThisQuarter));
        assert_eq!(Preset::parse("this-year"), Some(Preset::ThisYear));
        assert_eq!(Preset::parse("month"), Some(Preset::ThisMonth));
        assert_eq!(Preset::parse("全部"), Some(Preset::All));
        assert_eq!(Preset::parse("ALL"), Some(Preset::All));
        assert_eq!(Preset::parse("上月"), None);
        assert_eq!(Preset::parse(""), None);
    }

    #[test]
    fn typed_dates_in_every_accepted_form() {
        for (from, to) in [
            ("2020-06-01", "2020-06-30"),
            ("2020/6/1", "2020/6/30"),
            ("2020.6.1", "2020.06.30"),
            ("2020年6月1日", " 2020年6月30日 "),
        ] {
            assert_eq!(
                Period::parse(Some(from), Some(to)),
                Ok(Period {
                    from: day(2020, 6, 1),
                    to: day(2020, 6, 30)
                }),
                "{from} {to}"
            );
        }
        assert_eq!(Period::parse(None, Some("  ")), Ok(Period::ALL));
        assert_eq!(
            Period::parse(Some("2020-06-30"), Some("2020-06-30")).map(|p| p.from),
            Ok(day(2020, 6, 30))
        );
    }

    #[test]
    fn bad_dates_say_which_end_and_why() {
        let e = Period::parse(Some("2020-06-01"), Some("2020-02-30")).expect_err("bad");
        assert_eq!(
            e.message(Lang::Zh, BoundNames::Form),
            "截止日期：不是有效日期（格式 2020-06-05）"
        );
        assert_eq!(
            e.message(Lang::Zh, BoundNames::Flags),
            "--to 日期“2020-02-30”不是有效日期（格式 2020-06-05）"
        );
        assert_eq!(
            e.message(Lang::En, BoundNames::Flags),
            "--to date “2020-02-30” is not a valid date (use 2020-06-05)"
        );
        let e = Period::parse(Some("2020-07-01"), Some("2020-06-30")).expect_err("reversed");
        assert_eq!(e, PeriodError::Reversed);
        assert_eq!(
            e.message(Lang::Zh, BoundNames::Flags),
            "--from 不能晚于 --to"
        );
        assert_eq!(
            e.message(Lang::En, BoundNames::Form),
            "the first day is after the last day"
        );
        assert!(matches!(
            Period::parse(Some("1999-12-31"), None),
            Err(PeriodError::BadDate {
                bound: Bound::From,
                problem: Problem::DateOutOfRange,
                ..
            })
        ));
    }

    #[test]
    fn choose_prefers_the_preset() {
        let today = day(2020, 6, 15).unwrap_or_default();
        assert_eq!(
            Period::choose(Some(Preset::ThisMonth), "garbage", "", today).map(|p| p.to),
            Ok(day(2020, 6, 30))
        );
        assert!(Period::choose(None, "garbage", "", today).is_err());
        let p = Period::choose(None, "2020-06-01", "", today).expect("open end");
        assert!(p.contains(day(2030, 1, 1).unwrap_or_default()));
        assert!(!p.contains(day(2020, 5, 31).unwrap_or_default()));
        assert_eq!(p.describe(Lang::Zh), "2020-06-01 – ");
        assert_eq!(Period::ALL.describe(Lang::En), "every entry in the ledger");
    }
}
