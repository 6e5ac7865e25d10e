//! Quantities (32 户, 1.5 吨, 800 套): exact decimals with up to three places.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A non-negative quantity stored as thousandths, written as a decimal string (`"32"`, `"1.5"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity {
    milli: i64,
}

/// Why a typed quantity was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// A minus sign.
    Negative,
    /// Not a plain decimal number.
    NotANumber,
    /// More than three decimals.
    TooPrecise,
    /// Over 10^12.
    TooLarge,
}

impl Quantity {
    /// The largest quantity accepted.
    pub const MAX_MILLI: i64 = 1_000_000_000_000_000;

    /// A whole number of units.
    pub fn from_int(n: i64) -> Quantity {
        Quantity { milli: n * 1000 }
    }

    /// Thousandths of a unit.
    pub fn milli(self) -> i64 {
        self.milli
    }

    /// From thousandths (for tests and generators); negative values clamp to zero.
    pub fn from_milli(milli: i64) -> Quantity {
        Quantity {
            milli: milli.clamp(0, Self::MAX_MILLI),
        }
    }

    /// Reads a quantity exactly as [`Display`](fmt::Display) writes it (`32`, `1.5`,
    /// `0.125`: ASCII digits, no leading zero, at most three decimals without a trailing
    /// zero), without the allocations of [`Quantity::parse`]; `None` for any other text,
    /// which the file reader then gives to [`Quantity::parse`]. Whatever it reads,
    /// [`Quantity::parse`] reads as the same quantity.
    pub fn parse_written(text: &[u8]) -> Option<Quantity> {
        let (int, frac) = match text.iter().position(|&b| b == b'.') {
            Some(dot) => (&text[..dot], Some(&text[dot + 1..])),
            None => (text, None),
        };
        let digits = |d: &[u8]| !d.is_empty() && d.iter().all(u8::is_ascii_digit);
        if !digits(int) || (int.len() > 1 && int[0] == b'0') {
            return None;
        }
        let mut milli: i64 = 0;
        for &b in int {
            milli = milli.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        milli = milli.checked_mul(1000)?;
        if let Some(frac) = frac {
            if !digits(frac) || frac.len() > 3 || frac.last() == Some(&b'0') {
                return None;
            }
            let mut f: i64 = 0;
            for k in 0..3 {
                f = f * 10 + frac.get(k).map_or(0, |&b| i64::from(b - b'0'));
            }
            milli = milli.checked_add(f)?;
        }
        (milli <= Self::MAX_MILLI).then_some(Quantity { milli })
    }

    /// Parses `32`, `1.5`, `1,000`, `0.125`, and the same typed full-width (`３２`,
    /// `１，０００`) or with a trailing `。`. Thousands separators only between groups of
    /// three: `1,2,3` is not a number.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        let s: String = crate::ledger::money::normalize_number(text)
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}'))
            .collect();
        if s.starts_with('-') || s.starts_with('−') {
            return Err(QuantityError::Negative);
        }
        let s = s.strip_prefix('+').unwrap_or(&s);
        let (int_part, frac_part) = s.split_once('.').unwrap_or((s, ""));
        let grouped: String;
        let int_part = if int_part.contains([',', '，']) {
            let mut groups = int_part.split([',', '，']);
            let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
            if !first_ok || !groups.all(|g| g.len() == 3) {
                return Err(QuantityError::NotANumber);
            }
            grouped = int_part.replace([',', '，'], "");
            grouped.as_str()
        } else {
            int_part
        };
        if (int_part.is_empty() && frac_part.is_empty())
            || !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(QuantityError::NotANumber);
        }
        let frac_trimmed = frac_part.trim_end_matches('0');
        if frac_trimmed.len() > 3 {
            return Err(QuantityError::TooPrecise);
        }
        let mut milli: i64 = 0;
        for b in int_part.bytes() {
            milli = milli
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(b - b'0')))
                .ok_or(QuantityError::TooLarge)?;
        }
        milli = milli.checked_mul(1000).ok_or(QuantityError::TooLarge)?;
        let mut frac: i64 = 0;
        for i in 0..3 {
            let d = frac_trimmed
                .as_bytes()
                .get(i)
                .map_or(0, |b| i64::from(b - b'0'));
            frac = frac * 10 + d;
        }
        milli += frac;
        if milli > Self::MAX_MILLI {
            return Err(QuantityError::TooLarge);
        }
        Ok(Quantity { milli })
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let int = self.milli / 1000;
        let frac = self.milli % 1000;
        if frac == 0 {
            write!(f, "{int}")
        } else {
            let s = format!("{frac:03}");
            write!(f, "{int}.{}", s.trim_end_matches('0'))
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Quantity::parse(&s)
            .map_err(|e| serde::de::Error::custom(format!("invalid quantity {s:?}: {e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_display_writes_reads_back_as_parse_reads_it() {
        for milli in [
            0,
            1,
            10,
            100,
            999,
            1000,
            1500,
            1_234_567,
            468_000,
            Quantity::MAX_MILLI,
        ] {
            let q = Quantity { milli };
            let text = q.to_string();
            assert_eq!(Quantity::parse_written(text.as_bytes()), Some(q), "{text}");
            assert_eq!(Quantity::parse(&text), Ok(q), "{text}");
        }
        // Anything else is left to `parse`.
        for other in [
            "", ".5", "5.", "05", "1.50", "1.2345", "1,000", "３２", "+1", "-1", "1e3", "1 000",
        ] {
            assert_eq!(Quantity::parse_written(other.as_bytes()), None, "{other}");
        }
        let over = format!("{}", Quantity::MAX_MILLI / 1000 + 1);
        assert_eq!(Quantity::parse_written(over.as_bytes()), None);
        assert_eq!(Quantity::parse_written(b"99999999999999999999"), None);
    }

    #[test]
    fn parse_and_print() {
        for (text, shown) in [
            ("32", "32"),
            ("1.5", "1.5"),
            ("1,000", "1000"),
            ("0.125", "0.125"),
            ("2.500", "2.5"),
            ("３２", "32"),
            ("１，０００", "1000"),
            ("1.5。", "1.5"),
            ("800 ", "800"),
        ] {
            assert_eq!(
                Quantity::parse(text).map(|q| q.to_string()),
                Ok(shown.to_string())
            );
        }
        assert_eq!(Quantity::parse("-1"), Err(QuantityError::Negative));
        assert_eq!(Quantity::parse("1,2,3"), Err(QuantityError::NotANumber));
        assert_eq!(Quantity::parse("12,34"), Err(QuantityError::NotANumber));
        assert_eq!(Quantity::parse("1e3"), Err(QuantityError::NotANumber));
        assert_eq!(Quantity::parse("0.0001"), Err(QuantityError::TooPrecise));
        assert_eq!(
            Quantity::parse("99999999999999999"),
            Err(QuantityError::TooLarge)
        );
    }
}
