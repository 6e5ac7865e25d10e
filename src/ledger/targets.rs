//! The indicators of the responsibility letter (定点帮扶责任书) and the annual targets set
//! for them. Only targets are stored; what was completed is always computed from the
//! entries of the year (`crate::summary::targets`), never typed in.
//!
//! Seven indicators are built in ([`Indicator`]); the user may define more
//! ([`CustomIndicator`]): the sum of a measure over the entries that match a source, a
//! kind and/or a category.

use super::source::Source;
use super::validate::{Field, FieldError, Problem, clean_name, clean_optional};
use super::{CategoryId, Fen, Kind, Ledger};
use crate::i18n::{Lang, Text, fields, model};
use serde::{Deserialize, Serialize};

/// The built-in indicators of a responsibility letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Indicator {
    /// 投入帮扶资金 (万元): delivered value of the unit's own funds and goods.
    DirectFunds,
    /// 引进帮扶资金 (万元): delivered value of funds and goods brought in.
    IntroducedFunds,
    /// 培训基层干部 (人次): person-times of training for cadres.
    TrainCadres,
    /// 培训乡村振兴带头人 (人次).
    TrainLeaders,
    /// 培训专业技术人才 (人次).
    TrainTechnicians,
    /// 购买脱贫地区农产品 (万元): delivered value of purchases.
    Purchase,
    /// 帮助销售脱贫地区农产品 (万元): delivered value of help-to-sell.
    SalesHelp,
}

impl Indicator {
    /// The seven, in the order a responsibility letter lists them.
    pub const ALL: [Indicator; 7] = [
        Indicator::DirectFunds,
        Indicator::IntroducedFunds,
        Indicator::TrainCadres,
        Indicator::TrainLeaders,
        Indicator::TrainTechnicians,
        Indicator::Purchase,
        Indicator::SalesHelp,
    ];

    /// The indicator's name: 投入帮扶资金 / direct assistance funds.
    pub fn text(self) -> Text {
        match self {
            Indicator::DirectFunds => model::IND_DIRECT_FUNDS,
            Indicator::IntroducedFunds => model::IND_INTRODUCED_FUNDS,
            Indicator::TrainCadres => model::IND_TRAIN_CADRES,
            Indicator::TrainLeaders => model::IND_TRAIN_LEADERS,
            Indicator::TrainTechnicians => model::IND_TRAIN_TECHNICIANS,
            Indicator::Purchase => model::IND_PURCHASE,
            Indicator::SalesHelp => model::IND_SALES_HELP,
        }
    }

    /// The machine name: `direct_funds`, `train_cadres`, ….
    pub fn code(self) -> &'static str {
        match self {
            Indicator::DirectFunds => "direct_funds",
            Indicator::IntroducedFunds => "introduced_funds",
            Indicator::TrainCadres => "train_cadres",
            Indicator::TrainLeaders => "train_leaders",
            Indicator::TrainTechnicians => "train_technicians",
            Indicator::Purchase => "purchase",
            Indicator::SalesHelp => "sales_help",
        }
    }

    /// Money (fen) or a count (person-times).
    pub fn is_money(self) -> bool {
        !matches!(
            self,
            Indicator::TrainCadres | Indicator::TrainLeaders | Indicator::TrainTechnicians
        )
    }
}

/// Identifies a user-defined indicator within one ledger; never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IndicatorId(pub u32);

/// A built-in or a user-defined indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IndicatorRef {
    /// One of the seven.
    Default(Indicator),
    /// One the user defined (by id).
    Custom(IndicatorId),
}

/// What a user-defined indicator adds up over the matching entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Measure {
    /// 金额: the value (a pledge counts in full).
    Value,
    /// 到位金额: the delivered value (a pledge counts what has arrived).
    Delivered,
    /// 户次: households, summed over entries.
    Households,
    /// 人次 (受益人数 summed over entries).
    Persons,
    /// 人次: person-times.
    PersonTimes,
    /// 条数: how many entries.
    Entries,
}

impl Measure {
    /// Every measure, in the order a chooser lists them.
    pub const ALL: [Measure; 6] = [
        Measure::Value,
        Measure::Delivered,
        Measure::Households,
        Measure::Persons,
        Measure::PersonTimes,
        Measure::Entries,
    ];

    /// Money (fen) or a count.
    pub fn is_money(self) -> bool {
        matches!(self, Measure::Value | Measure::Delivered)
    }

    /// The measure's name.
    pub fn text(self) -> Text {
        match self {
            Measure::Value => fields::VALUE,
            Measure::Delivered => fields::DELIVERED_AMOUNT,
            Measure::Households => fields::HOUSEHOLD_TIMES,
            Measure::Persons => fields::PERSONS_SUMMED,
            Measure::PersonTimes => fields::PERSON_TIMES,
            Measure::Entries => fields::ENTRIES,
        }
    }

    /// `value`, `delivered`, `households`, `persons`, `person_times`, `entries`.
    pub fn code(self) -> &'static str {
        match self {
            Measure::Value => "value",
            Measure::Delivered => "delivered",
            Measure::Households => "households",
            Measure::Persons => "persons",
            Measure::PersonTimes => "person_times",
            Measure::Entries => "entries",
        }
    }
}

/// A user-defined indicator: the sum of `measure` over the entries of a year that match
/// every filter that is set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomIndicator {
    /// Stable id.
    pub id: IndicatorId,
    /// 实施帮扶项目, 领导调研 ….
    pub name: String,
    /// The unit of a count (个, 人次); money is always 元/万元 and ignores this.
    #[serde(default)]
    pub unit: String,
    /// What is added up.
    pub measure: Measure,
    /// Only entries of this source.
    #[serde(default)]
    pub source: Option<Source>,
    /// Only entries of this kind.
    #[serde(default)]
    pub kind: Option<Kind>,
    /// Only entries of this category.
    #[serde(default)]
    pub category: Option<CategoryId>,
}

/// A year's target for one indicator. `amount` is in fen for a money indicator, else a
/// count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The calendar year.
    pub year: i32,
    /// Which indicator.
    pub indicator: IndicatorRef,
    /// Fen (money) or a count; never negative.
    pub amount: i64,
}

impl IndicatorRef {
    /// Every indicator of a ledger: the seven, then the user's in their order.
    pub fn all(ledger: &Ledger) -> Vec<IndicatorRef> {
        Indicator::ALL
            .into_iter()
            .map(IndicatorRef::Default)
            .chain(ledger.indicators.iter().map(|c| IndicatorRef::Custom(c.id)))
            .collect()
    }

    /// The indicator's name (a user-defined one's name in every language; `?` when it is
    /// no longer in the ledger).
    pub fn name(&self, ledger: &Ledger, lang: Lang) -> String {
        match self {
            IndicatorRef::Default(i) => i.text().get(lang).to_string(),
            IndicatorRef::Custom(id) => ledger
                .indicator(*id)
                .map_or_else(|| "?".to_string(), |c| c.name.clone()),
        }
    }

    /// The machine name: a built-in indicator's code, a user-defined one's name.
    pub fn code(&self, ledger: &Ledger) -> String {
        match self {
            IndicatorRef::Default(i) => i.code().to_string(),
            IndicatorRef::Custom(_) => self.name(ledger, Lang::Zh),
        }
    }

    /// Money (fen) or a count.
    pub fn is_money(&self, ledger: &Ledger) -> bool {
        match self {
            IndicatorRef::Default(i) => i.is_money(),
            IndicatorRef::Custom(id) => ledger.indicator(*id).is_some_and(|c| c.measure.is_money()),
        }
    }

    /// The unit of a count indicator (人次 for the trainings, the user's unit text for
    /// theirs); empty for money, which the caller shows as 元 or 万元.
    pub fn count_unit(&self, ledger: &Ledger, lang: Lang) -> String {
        match self {
            IndicatorRef::Default(i) if i.is_money() => String::new(),
            IndicatorRef::Default(_) => fields::PERSON_TIMES.get(lang).to_string(),
            IndicatorRef::Custom(id) => match ledger.indicator(*id) {
                Some(c) if !c.measure.is_money() => c.unit.clone(),
                _ => String::new(),
            },
        }
    }
}

impl Ledger {
    /// The user-defined indicator with this id.
    pub fn indicator(&self, id: IndicatorId) -> Option<&CustomIndicator> {
        self.indicators.iter().find(|c| c.id == id)
    }

    /// The id the next user-defined indicator gets.
    pub fn next_indicator_id(&self) -> IndicatorId {
        IndicatorId(self.indicators.iter().map(|c| c.id.0).max().unwrap_or(0) + 1)
    }

    /// The indicator a user typed: a built-in one by its Chinese or English name or its
    /// code (any case), or a user-defined one by its name.
    pub fn find_indicator(&self, text: &str) -> Option<IndicatorRef> {
        let t = text.trim();
        let lower = t.to_lowercase();
        Indicator::ALL
            .into_iter()
            .find(|i| i.text().0 == t || i.text().1.to_lowercase() == lower || i.code() == lower)
            .map(IndicatorRef::Default)
            .or_else(|| {
                self.indicators
                    .iter()
                    .find(|c| c.name == t)
                    .map(|c| IndicatorRef::Custom(c.id))
            })
    }

    /// The target set for an indicator in a year, if any.
    pub fn target(&self, year: i32, indicator: IndicatorRef) -> Option<i64> {
        self.targets
            .iter()
            .find(|t| t.year == year && t.indicator == indicator)
            .map(|t| t.amount)
    }

    /// The targets of one year, in indicator order.
    pub fn targets_of(&self, year: i32) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(move |t| t.year == year)
    }

    /// The edit that sets (`Some`) or clears (`None`) a year's target for an indicator.
    pub fn set_target(
        &self,
        year: i32,
        indicator: IndicatorRef,
        amount: Option<i64>,
    ) -> super::Edit {
        super::Edit::SetTarget {
            year,
            indicator,
            before: self.target(year, indicator),
            after: amount,
        }
    }

    /// The edit that adds a user-defined indicator at the end of the list (its id is
    /// taken from [`Ledger::next_indicator_id`]; the one given is ignored).
    pub fn add_indicator(&self, indicator: CustomIndicator) -> super::Edit {
        super::Edit::AddIndicator {
            index: self.indicators.len(),
            indicator: CustomIndicator {
                id: self.next_indicator_id(),
                ..indicator
            },
            targets: Vec::new(),
        }
    }

    /// The edit that removes a user-defined indicator and every target set for it (one
    /// undo step brings both back).
    pub fn remove_indicator(&self, id: IndicatorId) -> Option<super::Edit> {
        let index = self.indicators.iter().position(|c| c.id == id)?;
        Some(super::Edit::RemoveIndicator {
            index,
            indicator: self.indicators[index].clone(),
            targets: self
                .targets
                .iter()
                .filter(|t| t.indicator == IndicatorRef::Custom(id))
                .copied()
                .collect(),
        })
    }
}

/// Checks a target amount: not negative, at most 10^12 yuan (or as many units).
pub fn check_amount(amount: i64) -> Result<(), Problem> {
    if amount < 0 {
        Err(Problem::Negative)
    } else if amount > Fen::MAX.0 {
        Err(Problem::from(super::MoneyError::TooLarge))
    } else {
        Ok(())
    }
}

/// Checks a target's year (2000–2100).
pub fn check_year(year: i32) -> Result<(), Problem> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(Problem::DateOutOfRange)
    }
}

/// Checks a user-defined indicator against the ledger: a name of 1–200 characters that
/// no other indicator (built-in, in either language, or user-defined) has, a short unit,
/// and a category that exists.
pub fn check_indicator(c: &CustomIndicator, ledger: &Ledger) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match clean_name(&c.name) {
        Err(p) => errors.push(FieldError::new(Field::Name, p)),
        Ok(name) if name != c.name => errors.push(FieldError::new(Field::Name, Problem::Empty)),
        Ok(name) => {
            let builtin = Indicator::ALL.iter().any(|i| {
                i.text().0 == name || i.text().1.eq_ignore_ascii_case(&name) || i.code() == name
            });
            let taken = ledger
                .indicators
                .iter()
                .any(|o| o.id != c.id && o.name == name);
            if builtin || taken {
                errors.push(FieldError::new(Field::Name, Problem::Duplicate(name)));
            }
        }
    }
    if let Err(p) = clean_optional(&c.unit) {
        errors.push(FieldError::new(Field::Unit, p));
    }
    if let Some(cat) = c.category
        && ledger.category(cat).is_none()
    {
        errors.push(FieldError::new(
            Field::Category,
            Problem::Unknown(format!("#{}", cat.0)),
        ));
    }
    errors
}

/// Reads a target typed by a user for an indicator: money in yuan (`100000`, `10万`,
/// `1,000.50`) as fen, a count as a whole number.
pub fn parse_amount(text: &str, money: bool) -> Result<i64, Problem> {
    if money {
        let fen = Fen::parse_yuan(text).map_err(Problem::from)?;
        check_amount(fen.0)?;
        Ok(fen.0)
    } else {
        if text.trim().is_empty() {
            return Err(Problem::Empty);
        }
        let n = super::validate::parse_count(text)?;
        Ok(i64::from(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;

    #[test]
    fn indicators_are_found_by_either_name_or_code() {
        let l = sample_ledger();
        for i in Indicator::ALL {
            let r = Some(IndicatorRef::Default(i));
            assert_eq!(l.find_indicator(i.text().0), r);
            assert_eq!(l.find_indicator(&i.text().1.to_uppercase()), r);
            assert_eq!(l.find_indicator(i.code()), r);
        }
        assert_eq!(
            l.find_indicator("引进帮扶资金"),
            Some(IndicatorRef::Default(Indicator::IntroducedFunds))
        );
        assert_eq!(l.find_indicator("不存在的指标"), None);
    }

    #[test]
    fn an_edit_stays_small() {
        // Commands and undo stacks hold edits by value: entries and records are boxed or
        // small so an edit stays well under clippy's large-variant limit.
        assert!(std::mem::size_of::<super::super::Edit>() <= 192);
    }

    #[test]
    fn amounts_are_yuan_or_whole_counts() {
        assert_eq!(parse_amount("10万", true), Ok(10_000_000));
        assert_eq!(parse_amount("100000", true), Ok(10_000_000));
        assert_eq!(parse_amount("1,000.50", true), Ok(100_050));
        assert_eq!(parse_amount("-1", true), Err(Problem::Negative));
        assert_eq!(parse_amount("abc", true), Err(Problem::NotANumber));
        assert_eq!(parse_amount("120", false), Ok(120));
        assert_eq!(parse_amount("1.5", false), Err(Problem::NotANumber));
        assert_eq!(parse_amount("", false), Err(Problem::Empty));
    }

    #[test]
    fn a_custom_name_may_not_take_a_builtin_name() {
        let l = sample_ledger();
        let c = CustomIndicator {
            id: IndicatorId(1),
            name: "引进帮扶资金".into(),
            unit: String::new(),
            measure: Measure::Value,
            source: None,
            kind: None,
            category: Some(CategoryId(99)),
        };
        let fields: Vec<Field> = check_indicator(&c, &l).iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::Name, Field::Category]);
    }
}
