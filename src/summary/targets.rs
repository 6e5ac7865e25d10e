//! Completion of the responsibility letter's indicators: each year's target beside what
//! the entries of that calendar year add up to. Completion is always computed here, never
//! stored; money counts what has been delivered (a pledge counts what has arrived).
//!
//! The built-in definitions (the README says the same in the office's words):
//! - 投入帮扶资金: delivered value of the unit's own (本单位投入) funds and goods;
//! - 引进帮扶资金: delivered value of funds and goods brought in (引进);
//! - 培训基层干部 / 乡村振兴带头人 / 专业技术人才: person-times (人次) of training entries
//!   for that group, the unit's own or brought in;
//! - 购买 / 帮助销售脱贫地区农产品: delivered value of purchase / help-to-sell entries,
//!   the unit's own or brought in.
//!
//! Others' input (其他) never counts towards a built-in indicator.

use crate::i18n::Lang;
use crate::ledger::{
    CustomIndicator, Entry, Indicator, IndicatorRef, Kind, Ledger, Measure, Source, TraineeGroup,
};
use chrono::Datelike;

/// One indicator's line of the 责任书完成情况 table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorProgress {
    /// Which indicator.
    pub indicator: IndicatorRef,
    /// Its name in the language asked for.
    pub name: String,
    /// Money (target and actual in fen, shown as 元 or 万元) or a count.
    pub money: bool,
    /// The unit of a count (人次, or a user-defined indicator's unit); empty for money.
    pub unit: String,
    /// The year's target: fen for money, else a count; `None` when none was set.
    pub target: Option<i64>,
    /// What the entries of the year add up to, in the same unit.
    pub actual: i64,
    /// 完成率 in basis points (10,000 = 100 %), `None` without a (non-zero) target.
    pub rate_bp: Option<u32>,
    /// 超额完成: more than the target was completed.
    pub over: bool,
}

/// Every indicator of the ledger (the seven, then the user's) for a calendar year: its
/// target, if set, and its completion from the entries dated in that year.
pub fn progress(ledger: &Ledger, year: i32, lang: Lang) -> Vec<IndicatorProgress> {
    let of_year: Vec<&Entry> = ledger
        .entries
        .iter()
        .filter(|e| e.date.year() == year)
        .collect();
    progress_with(ledger, year, lang, |indicator| {
        actual_of(ledger, indicator, &of_year)
    })
}

/// [`progress`] with each indicator's completion given (the app's running totals keep
/// them per year, updated from each edit).
pub fn progress_with(
    ledger: &Ledger,
    year: i32,
    lang: Lang,
    actual: impl Fn(IndicatorRef) -> i64,
) -> Vec<IndicatorProgress> {
    IndicatorRef::all(ledger)
        .into_iter()
        .map(|indicator| {
            let actual = actual(indicator);
            let target = ledger.target(year, indicator);
            let rate_bp = target.filter(|t| *t > 0).map(|t| {
                let bp = i128::from(actual) * 10_000 / i128::from(t);
                bp.clamp(0, i128::from(u32::MAX)) as u32
            });
            IndicatorProgress {
                indicator,
                name: indicator.name(ledger, lang),
                money: indicator.is_money(ledger),
                unit: indicator.count_unit(ledger, lang),
                target,
                actual,
                rate_bp,
                over: target.is_some_and(|t| actual > t),
            }
        })
        .collect()
}

/// What one entry adds to an indicator's completion in its year (fen for money, else a
/// count; 0 when it does not count).
pub fn contribution(ledger: &Ledger, indicator: IndicatorRef, e: &Entry) -> i64 {
    match indicator {
        IndicatorRef::Default(i) => builtin(i, e),
        IndicatorRef::Custom(id) => match ledger.indicator(id) {
            Some(c) if matches_custom(c, e) => measure(c.measure, e),
            _ => 0,
        },
    }
}

/// What the entries of a calendar year add up to for one indicator (fen for money, else
/// a count).
pub fn actual(ledger: &Ledger, indicator: IndicatorRef, year: i32) -> i64 {
    let of_year: Vec<&Entry> = ledger
        .entries
        .iter()
        .filter(|e| e.date.year() == year)
        .collect();
    actual_of(ledger, indicator, &of_year)
}

fn actual_of(ledger: &Ledger, indicator: IndicatorRef, entries: &[&Entry]) -> i64 {
    match indicator {
        IndicatorRef::Default(i) => entries.iter().map(|e| builtin(i, e)).sum(),
        IndicatorRef::Custom(id) => match ledger.indicator(id) {
            Some(c) => entries
                .iter()
                .filter(|e| matches_custom(c, e))
                .map(|e| measure(c.measure, e))
                .sum(),
            None => 0,
        },
    }
}

/// One entry's contribution to a built-in indicator.
fn builtin(i: Indicator, e: &Entry) -> i64 {
    let not_other = e.source != Source::Other;
    let funds_or_goods = matches!(e.kind, Kind::Funds | Kind::Goods);
    let trained = |group: TraineeGroup| {
        if not_other && e.kind == Kind::Training && e.trainees == Some(group) {
            i64::from(e.person_times)
        } else {
            0
        }
    };
    match i {
        Indicator::DirectFunds if e.source == Source::Direct && funds_or_goods => {
            e.delivered_value().0
        }
        Indicator::IntroducedFunds if e.source == Source::Introduced && funds_or_goods => {
            e.delivered_value().0
        }
        Indicator::TrainCadres => trained(TraineeGroup::Cadres),
        Indicator::TrainLeaders => trained(TraineeGroup::Leaders),
        Indicator::TrainTechnicians => trained(TraineeGroup::Technicians),
        Indicator::Purchase if not_other && e.kind == Kind::Purchase => e.delivered_value().0,
        Indicator::SalesHelp if not_other && e.kind == Kind::SalesHelp => e.delivered_value().0,
        _ => 0,
    }
}

fn matches_custom(c: &CustomIndicator, e: &Entry) -> bool {
    c.source.is_none_or(|s| s == e.source)
        && c.kind.is_none_or(|k| k == e.kind)
        && c.category.is_none_or(|cat| e.category == Some(cat))
}

fn measure(m: Measure, e: &Entry) -> i64 {
    match m {
        Measure::Value => e.value_fen.0,
        Measure::Delivered => e.delivered_value().0,
        Measure::Households => i64::from(e.households),
        Measure::Persons => i64::from(e.persons),
        Measure::PersonTimes => i64::from(e.person_times),
        Measure::Entries => 1,
    }
}
