//! Validation: every rule a value must meet, with messages that name the field in the
//! user's language.
//!
//! Raw text (a form field, a CSV cell, a CLI flag) is parsed here into validated values;
//! a half-typed amount stays text in the caller until it passes.

pub use super::fields::Field;
use super::names::NameError;
use super::{Entry, Fen, Kind, Ledger, MoneyError, Quantity, QuantityError, Source, Status};
use super::{TraineeGroup, targets};
use crate::i18n::{Lang, model};
use chrono::NaiveDate;
use std::collections::HashSet;

/// The earliest date an entry may have.
pub const MIN_DATE: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
/// The latest date an entry may have.
pub const MAX_DATE: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).expect("valid date");
/// Longest name (village, department, category, unit, what) in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest note in characters.
pub const MAX_NOTES_CHARS: usize = 10_000;
/// Largest count (households, persons, person-times).
pub const MAX_COUNT: u32 = 100_000_000;

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Must not be empty.
    Empty,
    /// Negative numbers are not allowed.
    Negative,
    /// Not a number (letters, NaN, 1e30 …).
    NotANumber,
    /// Too many decimals.
    TooPrecise,
    /// Above the maximum (given as text for the message).
    TooLarge(String),
    /// Not a real calendar date (2024-02-30) or not in YYYY-MM-DD form.
    BadDate,
    /// A date outside 2000-01-01..=2100-12-31.
    DateOutOfRange,
    /// Longer than allowed (max characters).
    TooLong(usize),
    /// Unknown village / department / category (the name or id given).
    Unknown(String),
    /// Not one of the kinds (资金/物资/服务/培训/购买农产品/帮助销售农产品).
    BadKind,
    /// Not one of 本单位投入/引进/其他.
    BadSource,
    /// Not one of the trainee groups.
    BadTrainees,
    /// Trainees on an entry that is not a training.
    TraineesOnlyForTraining,
    /// A training without trainees.
    TraineesRequired,
    /// A channel on an entry that is neither a purchase nor help-to-sell.
    ChannelOnlyForConsumption,
    /// An indicator with this many targets cannot switch between money and a count.
    TargetsSet(usize),
    /// A delivered amount larger than the pledge.
    DeliveredOverPledge,
    /// The name is already used by another record.
    Duplicate(String),
    /// A row of a file that could not be read at all.
    Unreadable,
    /// A typed village, department or category name that names no single record.
    Name(Box<NameError>),
}

impl Problem {
    /// The problem in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Problem::Empty => model::EMPTY.get(lang).into(),
            Problem::Negative => model::NEGATIVE.get(lang).into(),
            Problem::NotANumber => model::NOT_A_NUMBER.get(lang).into(),
            Problem::TooPrecise => model::TOO_PRECISE.get(lang).into(),
            Problem::TooLarge(max) => model::too_large(lang, max),
            Problem::BadDate => model::BAD_DATE.get(lang).into(),
            Problem::DateOutOfRange => model::DATE_OUT_OF_RANGE.get(lang).into(),
            Problem::TooLong(max) => model::too_long(lang, *max),
            Problem::Unknown(what) => model::unknown(lang, what),
            Problem::BadKind => model::BAD_KIND.get(lang).into(),
            Problem::BadSource => model::BAD_SOURCE.get(lang).into(),
            Problem::BadTrainees => model::BAD_TRAINEES.get(lang).into(),
            Problem::TraineesOnlyForTraining => model::TRAINEES_ONLY_FOR_TRAINING.get(lang).into(),
            Problem::TraineesRequired => model::TRAINEES_REQUIRED.get(lang).into(),
            Problem::ChannelOnlyForConsumption => {
                model::CHANNEL_ONLY_FOR_CONSUMPTION.get(lang).into()
            }
            Problem::TargetsSet(n) => model::targets_set(lang, *n),
            Problem::DeliveredOverPledge => model::DELIVERED_OVER_PLEDGE.get(lang).into(),
            Problem::Duplicate(name) => model::duplicate(lang, name),
            Problem::Unreadable => model::UNREADABLE_ROW.get(lang).into(),
            Problem::Name(e) => match e.as_ref() {
                // Short beside a form field; the CLI asks the error for the long form.
                NameError::NotFound { typed, .. } => model::unknown(lang, typed),
                other => other.message(lang, false),
            },
        }
    }
}

/// A problem with one named field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} ({})", self.message(Lang::Zh), self.message(Lang::En))]
pub struct FieldError {
    /// Which field.
    pub field: Field,
    /// What is wrong with it.
    pub problem: Problem,
}

impl FieldError {
    /// Creates a field error.
    pub fn new(field: Field, problem: Problem) -> FieldError {
        FieldError { field, problem }
    }

    /// `金额：不能为负数` / `value: must not be negative`.
    pub fn message(&self, lang: Lang) -> String {
        format!(
            "{}{}{}",
            self.field.label(lang),
            model::COLON.get(lang),
            self.problem.message(lang)
        )
    }

    /// Like [`FieldError::message`], but a name that was not found lists the names there
    /// are, and `create_hint` adds how to create it (the CLI's `--create`).
    pub fn detailed_message(&self, lang: Lang, create_hint: bool) -> String {
        match &self.problem {
            Problem::Name(e) => format!(
                "{}{}{}",
                self.field.label(lang),
                model::COLON.get(lang),
                e.message(lang, create_hint)
            ),
            _ => self.message(lang),
        }
    }
}

impl From<MoneyError> for Problem {
    fn from(e: MoneyError) -> Problem {
        match e {
            MoneyError::Empty => Problem::Empty,
            MoneyError::Negative => Problem::Negative,
            MoneyError::NotANumber => Problem::NotANumber,
            MoneyError::TooPrecise => Problem::TooPrecise,
            MoneyError::TooLarge => Problem::TooLarge("1,000,000,000,000.00".into()),
        }
    }
}

impl From<QuantityError> for Problem {
    fn from(e: QuantityError) -> Problem {
        match e {
            QuantityError::Negative => Problem::Negative,
            QuantityError::NotANumber => Problem::NotANumber,
            QuantityError::TooPrecise => Problem::TooPrecise,
            QuantityError::TooLarge => Problem::TooLarge("1,000,000,000,000".into()),
        }
    }
}

/// Parses a date typed as `2020-06-05`, `2020/6/5`, `2020.6.5` or `2020年6月5日`.
pub fn parse_date(text: &str) -> Result<NaiveDate, Problem> {
    let text = &crate::ledger::money::normalize_number(text);
    let t = text.trim();
    if t.is_empty() {
        return Err(Problem::Empty);
    }
    let normalized: String = t
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c => c,
        })
        .filter(|c| *c != '日')
        .collect();
    let mut parts = normalized.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Problem::BadDate);
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) || y.len() != 4 {
        return Err(Problem::BadDate);
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(Problem::BadDate);
    };
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or(Problem::BadDate)?;
    check_date(date)?;
    Ok(date)
}

/// Checks a date is within the accepted range.
pub fn check_date(date: NaiveDate) -> Result<(), Problem> {
    if (MIN_DATE..=MAX_DATE).contains(&date) {
        Ok(())
    } else {
        Err(Problem::DateOutOfRange)
    }
}

/// Parses a count (households, persons, person-times); empty means zero.
pub fn parse_count(text: &str) -> Result<u32, Problem> {
    let t: String = crate::ledger::money::normalize_number(text)
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    if t.is_empty() {
        return Ok(0);
    }
    if t.starts_with('-') || t.starts_with('−') {
        return Err(Problem::Negative);
    }
    let t = t.strip_prefix('+').unwrap_or(&t);
    // Allow "120.0" from spreadsheets, but not "1.5 persons".
    let t = t.strip_suffix(".0").unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::NotANumber);
    }
    let n: u64 = t
        .parse()
        .map_err(|_| Problem::TooLarge(crate::ledger::money::group_count(MAX_COUNT.into())))?;
    if n > u64::from(MAX_COUNT) {
        return Err(Problem::TooLarge(crate::ledger::money::group_count(
            MAX_COUNT.into(),
        )));
    }
    Ok(n as u32)
}

/// Parses a source; empty means the unit's own input (本单位投入).
pub fn parse_source(text: &str) -> Result<Source, Problem> {
    if text.trim().is_empty() {
        return Ok(Source::Direct);
    }
    Source::parse(text).ok_or(Problem::BadSource)
}

/// Parses a trainee group; empty means none.
pub fn parse_trainees(text: &str) -> Result<Option<TraineeGroup>, Problem> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    TraineeGroup::parse(text)
        .map(Some)
        .ok_or(Problem::BadTrainees)
}

/// Parses an amount in yuan; empty means zero.
pub fn parse_money_or_zero(text: &str) -> Result<Fen, Problem> {
    match Fen::parse_yuan(text) {
        Err(MoneyError::Empty) => Ok(Fen::ZERO),
        other => other.map_err(Problem::from),
    }
}

/// Parses a quantity; empty means none.
pub fn parse_quantity(text: &str) -> Result<Option<Quantity>, Problem> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Quantity::parse(text).map(Some).map_err(Problem::from)
}

/// Trims a required name and checks its length (1–200 characters).
pub fn clean_name(text: &str) -> Result<String, Problem> {
    check_name(text)?;
    Ok(text.trim().to_string())
}

/// [`clean_name`]'s check alone, without the copy (a million entries are checked on open).
fn check_name(text: &str) -> Result<(), Problem> {
    // Something besides spaces (found at the first character of a usual name).
    if text.chars().all(char::is_whitespace) {
        return Err(Problem::Empty);
    }
    check_optional(text)
}

/// Trims an optional short text (unit, town, county) and checks its length.
pub fn clean_optional(text: &str) -> Result<String, Problem> {
    check_optional(text)?;
    Ok(text.trim().to_string())
}

/// [`clean_optional`]'s check alone, without the copy.
fn check_optional(text: &str) -> Result<(), Problem> {
    // Trimming only shortens: a text short before it needs neither trimming nor counting.
    if text.len() <= MAX_NAME_CHARS {
        return Ok(());
    }
    check_len(text.trim(), MAX_NAME_CHARS)
}

/// Checks notes are at most 10,000 characters (kept as typed, ends trimmed).
pub fn clean_notes(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    check_len(t, MAX_NOTES_CHARS)?;
    Ok(t.to_string())
}

fn check_len(text: &str, max: usize) -> Result<(), Problem> {
    // A character is at least one byte: a short text needs no counting. Counting stops
    // early, so a 10 MB note costs only max+1 steps.
    if text.len() > max && text.chars().nth(max).is_some() {
        Err(Problem::TooLong(max))
    } else {
        Ok(())
    }
}

fn name_errors(field: Field, value: &str, required: bool, out: &mut Vec<FieldError>) {
    let result = if required {
        clean_name(value).map(|_| ())
    } else {
        clean_optional(value).map(|_| ())
    };
    if let Err(p) = result {
        out.push(FieldError::new(field, p));
    }
}

/// Keeps the value of a parsed field, or records its problem under the field's name
/// (so a form or a CSV row reports every bad field at once).
pub fn take<T>(
    errors: &mut Vec<FieldError>,
    field: Field,
    result: Result<T, Problem>,
) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(p) => {
            errors.push(FieldError::new(field, p));
            None
        }
    }
}

/// Checks one entry against every rule and against the ledger's villages, departments
/// and categories. Returns every problem, not just the first.
pub fn validate_entry(entry: &Entry, ledger: &Ledger) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Err(p) = check_date(entry.date) {
        errors.push(FieldError::new(Field::Date, p));
    }
    check_references(entry, ledger, &mut errors);
    check_values(entry, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks an entry's own values (everything but its date and its references to
/// villages, departments and categories), adding each problem to `errors`.
pub fn check_values(entry: &Entry, errors: &mut Vec<FieldError>) {
    if let Err(p) = check_name(&entry.what) {
        errors.push(FieldError::new(Field::What, p));
    }
    if let Err(p) = check_optional(&entry.unit) {
        errors.push(FieldError::new(Field::Unit, p));
    }
    if let Err(p) = check_optional(&entry.giver) {
        errors.push(FieldError::new(Field::Giver, p));
    }
    match (entry.kind, entry.trainees) {
        (Kind::Training, None) => {
            errors.push(FieldError::new(Field::Trainees, Problem::TraineesRequired));
        }
        (k, Some(_)) if k != Kind::Training => errors.push(FieldError::new(
            Field::Trainees,
            Problem::TraineesOnlyForTraining,
        )),
        _ => {}
    }
    if let Err(p) = check_optional(&entry.channel) {
        errors.push(FieldError::new(Field::Channel, p));
    } else if !entry.channel.is_empty() && !entry.kind.is_consumption() {
        errors.push(FieldError::new(
            Field::Channel,
            Problem::ChannelOnlyForConsumption,
        ));
    }
    if let Err(p) = check_len(&entry.notes, MAX_NOTES_CHARS) {
        errors.push(FieldError::new(Field::Notes, p));
    }
    check_money(Field::Value, entry.value_fen, errors);
    if let Status::Pledged { delivered_fen } = entry.status {
        check_money(Field::Delivered, delivered_fen, errors);
        if delivered_fen > entry.value_fen {
            errors.push(FieldError::new(
                Field::Delivered,
                Problem::DeliveredOverPledge,
            ));
        }
    }
    for (field, n) in [
        (Field::Households, entry.households),
        (Field::Persons, entry.persons),
        (Field::PersonTimes, entry.person_times),
    ] {
        if n > MAX_COUNT {
            errors.push(FieldError::new(
                field,
                Problem::TooLarge(crate::ledger::money::group_count(MAX_COUNT.into())),
            ));
        }
    }
}

fn check_references(entry: &Entry, ledger: &Ledger, errors: &mut Vec<FieldError>) {
    if ledger.village(entry.village).is_none() {
        errors.push(FieldError::new(
            Field::Village,
            Problem::Unknown(format!("#{}", entry.village.0)),
        ));
    }
    if ledger.department(entry.department).is_none() {
        errors.push(FieldError::new(
            Field::Department,
            Problem::Unknown(format!("#{}", entry.department.0)),
        ));
    }
    if let Some(c) = entry.category
        && ledger.category(c).is_none()
    {
        errors.push(FieldError::new(
            Field::Category,
            Problem::Unknown(format!("#{}", c.0)),
        ));
    }
}

fn check_money(field: Field, value: Fen, errors: &mut Vec<FieldError>) {
    if value.0 < 0 {
        errors.push(FieldError::new(field, Problem::Negative));
    } else if value > Fen::MAX {
        errors.push(FieldError::new(field, Problem::from(MoneyError::TooLarge)));
    }
}

/// A problem found when checking a whole ledger (e.g. one just read from a file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerProblem {
    /// Where: `entries[3]`, `villages[0]`.
    pub path: String,
    /// What.
    pub error: FieldError,
}

impl LedgerProblem {
    /// `entries[3] 金额：不能为负数`.
    pub fn message(&self, lang: Lang) -> String {
        format!("{} {}", self.path, self.error.message(lang))
    }
}

/// Checks a whole ledger: names, unique ids and names, entries sorted by id and each entry.
/// Returns at most `limit` problems.
pub fn validate_ledger(ledger: &Ledger, limit: usize) -> Vec<LedgerProblem> {
    let mut out = validate_masters(ledger, limit);
    // Entries: checked in parallel (100,000 of them on open), reported in file order.
    use rayon::prelude::*;
    let entry_problems: Vec<LedgerProblem> = ledger
        .entries
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, entry)| {
            let mut found = Vec::new();
            if i > 0 && ledger.entries[i - 1].id >= entry.id {
                found.push(LedgerProblem {
                    path: format!("entries[{i}]"),
                    error: FieldError::new(
                        Field::Name,
                        Problem::Duplicate(format!("id {}", entry.id.0)),
                    ),
                });
            }
            if let Err(errors) = validate_entry(entry, ledger) {
                found.extend(errors.into_iter().map(|error| LedgerProblem {
                    path: format!("entries[{i}]"),
                    error,
                }));
            }
            found
        })
        .collect();
    for p in entry_problems {
        if out.len() >= limit {
            break;
        }
        out.push(p);
    }
    out
}

/// What [`validate_ledger`] checks besides the entries: the unit, the master lists, the
/// indicators and the targets (at most `limit` problems). A ledger read in blocks checks
/// its entries with [`validate_entry`] as they are parsed, and the rest with this.
pub fn validate_masters(ledger: &Ledger, limit: usize) -> Vec<LedgerProblem> {
    let mut out = Vec::new();
    let push = |path: String, field: Field, problem: Problem, out: &mut Vec<LedgerProblem>| {
        if out.len() < limit {
            out.push(LedgerProblem {
                path,
                error: FieldError::new(field, problem),
            });
        }
    };
    if let Err(p) = clean_name(&ledger.unit) {
        push("unit".into(), Field::AssistingUnit, p, &mut out);
    }
    macro_rules! masters {
        ($list:expr, $label:literal) => {{
            let mut ids = HashSet::new();
            let mut names = HashSet::new();
            for (i, m) in $list.iter().enumerate() {
                let path = format!(concat!($label, "[{}]"), i);
                let mut errs = Vec::new();
                name_errors(Field::Name, &m.name, true, &mut errs);
                for e in errs {
                    push(path.clone(), e.field, e.problem, &mut out);
                }
                if !ids.insert(m.id) {
                    push(
                        path.clone(),
                        Field::Name,
                        Problem::Duplicate(format!("id {}", m.id.0)),
                        &mut out,
                    );
                }
                if !names.insert(m.name.as_str()) {
                    push(
                        path.clone(),
                        Field::Name,
                        Problem::Duplicate(m.name.clone()),
                        &mut out,
                    );
                }
            }
        }};
    }
    masters!(ledger.villages, "villages");
    masters!(ledger.departments, "departments");
    masters!(ledger.categories, "categories");
    for (i, v) in ledger.villages.iter().enumerate() {
        for (field, value) in [(Field::Town, &v.town), (Field::County, &v.county)] {
            if let Err(p) = clean_optional(value) {
                push(format!("villages[{i}]"), field, p, &mut out);
            }
        }
        for (field, n) in [
            (Field::Registered, v.registered),
            (Field::Monitored, v.monitored),
            (Field::Marginal, v.marginal),
        ] {
            if n > MAX_COUNT {
                let max = crate::ledger::money::group_count(MAX_COUNT.into());
                push(
                    format!("villages[{i}]"),
                    field,
                    Problem::TooLarge(max),
                    &mut out,
                );
            }
        }
    }
    let mut indicator_ids = HashSet::new();
    for (i, c) in ledger.indicators.iter().enumerate() {
        for e in targets::check_indicator(c, ledger) {
            push(format!("indicators[{i}]"), e.field, e.problem, &mut out);
        }
        if !indicator_ids.insert(c.id) {
            let problem = Problem::Duplicate(format!("id {}", c.id.0));
            push(format!("indicators[{i}]"), Field::Name, problem, &mut out);
        }
    }
    let mut seen_targets = HashSet::new();
    for (i, t) in ledger.targets.iter().enumerate() {
        let path = format!("targets[{i}]");
        if let Err(p) = targets::check_year(t.year) {
            push(path.clone(), Field::Date, p, &mut out);
        }
        if let Err(p) = targets::check_amount(t.amount) {
            push(path.clone(), Field::Value, p, &mut out);
        }
        if let crate::ledger::IndicatorRef::Custom(id) = t.indicator
            && ledger.indicator(id).is_none()
        {
            let problem = Problem::Unknown(format!("#{}", id.0));
            push(path.clone(), Field::Name, problem, &mut out);
        }
        if !seen_targets.insert((t.year, t.indicator)) {
            let problem = Problem::Duplicate(format!("{} {:?}", t.year, t.indicator));
            push(path.clone(), Field::Name, problem, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2020-06-05"),
            NaiveDate::from_ymd_opt(2020, 6, 5).ok_or(Problem::BadDate)
        );
        assert_eq!(
            parse_date("2020/6/5"),
            NaiveDate::from_ymd_opt(2020, 6, 5).ok_or(Problem::BadDate)
        );
        assert_eq!(
            parse_date("2020年6月5日"),
            NaiveDate::from_ymd_opt(2020, 6, 5).ok_or(Problem::BadDate)
        );
        assert_eq!(parse_date("2024-02-30"), Err(Problem::BadDate));
        assert_eq!(parse_date("1999-12-31"), Err(Problem::DateOutOfRange));
        assert_eq!(parse_date("2101-01-01"), Err(Problem::DateOutOfRange));
        assert_eq!(parse_date(""), Err(Problem::Empty));
        assert_eq!(parse_date("yesterday"), Err(Problem::BadDate));
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count("120"), Ok(120));
        assert_eq!(parse_count("1,200"), Ok(1200));
        assert_eq!(parse_count("-5"), Err(Problem::Negative));
        assert_eq!(parse_count("NaN"), Err(Problem::NotANumber));
        assert_eq!(parse_count("1e30"), Err(Problem::NotANumber));
        assert!(matches!(
            parse_count("1000000000000"),
            Err(Problem::TooLarge(_))
        ));
    }

    #[test]
    fn names_and_notes() {
        assert_eq!(clean_name("  九股村 "), Ok("九股村".to_string()));
        assert_eq!(clean_name("   "), Err(Problem::Empty));
        assert_eq!(clean_name(&"村".repeat(201)), Err(Problem::TooLong(200)));
        assert!(clean_name(&"村".repeat(200)).is_ok());
        let big = "x".repeat(10 * 1024 * 1024);
        assert_eq!(clean_notes(&big), Err(Problem::TooLong(10_000)));
    }

    #[test]
    fn messages_name_the_field() {
        let e = FieldError::new(Field::Value, Problem::Negative);
        assert_eq!(e.message(Lang::Zh), "金额：不能为负数");
        assert_eq!(e.message(Lang::En), "value: must not be negative");
        assert_eq!(
            FieldError::new(Field::PersonTimes, Problem::Empty).message(Lang::Zh),
            "人次：不能为空"
        );
    }
}
