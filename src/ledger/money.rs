//! Money as an exact integer count of fen (分, 1/100 yuan). Never floating point.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in fen (1 yuan = 100 fen).
///
/// All arithmetic is integer and checked where it can overflow, so totals are exact.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Why a typed amount could not be read as money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// Nothing but spaces was typed.
    Empty,
    /// A minus sign: amounts are never negative.
    Negative,
    /// Not a number at all (letters, `NaN`, exponents, two decimal points …).
    NotANumber,
    /// More than two decimals of a yuan (or six of a 万).
    TooPrecise,
    /// Over the largest amount a ledger accepts (10^12 yuan).
    TooLarge,
}

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);
    /// The largest amount one entry may hold: 10^12 yuan.
    pub const MAX: Fen = Fen(100_000_000_000_000);

    /// Whole yuan to fen.
    pub const fn from_yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    /// Adds, saturating at the i64 range (never reached by validated ledgers:
    /// 10^14 fen per entry × 10^4 entries still fits 10^18 < 9.2 × 10^18).
    pub fn saturating_add(self, other: Fen) -> Fen {
        Fen(self.0.saturating_add(other.0))
    }

    /// Parses an amount typed in yuan, the way office staff write it:
    /// `40000`, `40,000`, `4,000.50`, `¥4000`, `4000元`, `4万`, `0.5万`, `1.2345万元`.
    /// Full-width digits and punctuation (`４，０００．５０`) and a trailing `。` are read
    /// as their plain forms first ([`normalize_number`]).
    pub fn parse_yuan(text: &str) -> Result<Fen, MoneyError> {
        let text = normalize_number(text);
        let mut s: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '_'))
            .collect();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        for prefix in ["¥", "￥", "RMB", "CNY"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.to_string();
            }
        }
        if let Some(rest) = s.strip_suffix('元') {
            s = rest.to_string();
        }
        let (digits, scale_decimals) = if let Some(rest) = s.strip_suffix('万') {
            (rest.to_string(), 4u32)
        } else {
            (s, 0u32)
        };
        if digits.starts_with('-') || digits.starts_with('−') {
            return Err(MoneyError::Negative);
        }
        let digits = digits.strip_prefix('+').unwrap_or(&digits);
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        // Thousands separators only between groups of three: `40,000` yes, `1,2,3` no.
        let grouped: String;
        let int_part = if int_part.contains([',', '，']) {
            let mut groups = int_part.split([',', '，']);
            let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
            if !first_ok || !groups.all(|g| g.len() == 3) {
                return Err(MoneyError::NotANumber);
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
            return Err(MoneyError::NotANumber);
        }
        // Value in fen = digits × 10^(2 + scale) / 10^frac_len.
        let exponent = 2 + scale_decimals as i32 - frac_part.len() as i32;
        if exponent < 0 {
            // Extra digits are fine only when they are zeros.
            let cut = (-exponent) as usize;
            let (keep, dropped) = frac_part.split_at(frac_part.len() - cut);
            if dropped.bytes().any(|b| b != b'0') {
                return Err(MoneyError::TooPrecise);
            }
            return Self::from_digits(int_part, keep, 0);
        }
        Self::from_digits(int_part, frac_part, exponent as u32)
    }

    fn from_digits(int_part: &str, frac_part: &str, zeros: u32) -> Result<Fen, MoneyError> {
        let mut value: i64 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(b - b'0')))
                .ok_or(MoneyError::TooLarge)?;
        }
        for _ in 0..zeros {
            value = value.checked_mul(10).ok_or(MoneyError::TooLarge)?;
        }
        if value > Fen::MAX.0 {
            return Err(MoneyError::TooLarge);
        }
        Ok(Fen(value))
    }

    /// `40,000.00`: thousands separators and two decimals.
    pub fn display(self) -> String {
        group_thousands(self.0, 2)
    }

    /// `40000.00`: two decimals, no separators (CSV, machine-readable output).
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// In 万元 with four decimals trimmed to two places of rounding: `4.00` for 40,000 yuan.
    /// Rounds half away from zero on the fen level (exact integer arithmetic).
    pub fn display_wan(self) -> String {
        // 1 万元 = 1,000,000 fen; show hundredths of a 万 (= 100 yuan).
        let hundredths = (self.0 + self.0.signum() * 5_000) / 10_000;
        group_thousands(hundredths, 2)
    }

    /// The amount in Chinese financial uppercase (大写), as written on vouchers:
    /// `肆万柒仟元整`, `壹佰元零伍角`, `零元整`.
    pub fn chinese_upper(self) -> String {
        chinese_upper(self.0)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, Fen::saturating_add)
    }
}

/// A number as typed in the 全角 (full-width) mode of a Chinese input method, made plain:
/// full-width ASCII forms (`０`–`９`, `．`, `，`, `＋`, `－`, `￥`…) become their ASCII
/// characters, the ideographic space a space, and a trailing `。` (or `｡`) is dropped.
/// Every number field (amounts, quantities, counts, dates) reads its text through this.
pub fn normalize_number(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            // The full-width forms of ASCII `!`..`~` sit 0xFEE0 above them.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{FFE5}' => '¥',
            c => c,
        })
        .collect();
    let trimmed = mapped.trim();
    let trimmed = trimmed
        .strip_suffix(['。', '｡'])
        .unwrap_or(trimmed)
        .trim_end();
    trimmed.to_string()
}

/// Formats `value / 10^decimals` with thousands separators.
pub(crate) fn group_thousands(value: i64, decimals: u32) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    let div = 10u64.pow(decimals);
    let int = (abs / div).to_string();
    let mut out = String::with_capacity(int.len() + int.len() / 3 + 4);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if decimals > 0 {
        out.push('.');
        out.push_str(&format!("{:0width$}", abs % div, width = decimals as usize));
    }
    out
}

/// Formats a count with thousands separators: `100,000`.
pub fn group_count(value: u64) -> String {
    group_thousands(value as i64, 0)
}

fn chinese_upper(fen: i64) -> String {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const SMALL: [&str; 4] = ["", "拾", "佰", "仟"];
    const BIG: [&str; 4] = ["", "万", "亿", "万亿"];
    let mut out = String::new();
    if fen < 0 {
        out.push('负');
    }
    let abs = fen.unsigned_abs();
    let yuan = abs / 100;
    let jiao = (abs / 10) % 10;
    let fen_digit = abs % 10;

    if yuan == 0 {
        if jiao == 0 && fen_digit == 0 {
            return out + "零元整";
        }
    } else {
        // Split into groups of four digits, most significant first.
        let mut groups = Vec::new();
        let mut rest = yuan;
        while rest > 0 {
            groups.push((rest % 10_000) as usize);
            rest /= 10_000;
        }
        let mut pending_zero = false;
        for (gi, &group) in groups.iter().enumerate().rev() {
            if group == 0 {
                pending_zero = true;
                continue;
            }
            if !out.is_empty() && out != "负" && (pending_zero || group < 1000) {
                out.push('零');
            }
            pending_zero = false;
            let digits = [
                group / 1000,
                (group / 100) % 10,
                (group / 10) % 10,
                group % 10,
            ];
            let mut zero_run = false;
            let mut started = false;
            for (pos, &d) in digits.iter().enumerate() {
                if d == 0 {
                    zero_run = started;
                    continue;
                }
                if zero_run {
                    out.push('零');
                    zero_run = false;
                }
                started = true;
                out.push(DIGITS[d]);
                out.push_str(SMALL[3 - pos]);
            }
            out.push_str(BIG[gi.min(3)]);
        }
        out.push('元');
    }
    if jiao == 0 && fen_digit == 0 {
        out.push('整');
    } else {
        if jiao > 0 {
            out.push(DIGITS[jiao as usize]);
            out.push('角');
        } else if yuan > 0 {
            out.push('零');
        }
        if fen_digit > 0 {
            out.push(DIGITS[fen_digit as usize]);
            out.push('分');
        } else {
            out.push('整');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_staff_type() {
        assert_eq!(Fen::parse_yuan("40000"), Ok(Fen(4_000_000)));
        assert_eq!(Fen::parse_yuan("4,000.50"), Ok(Fen(400_050)));
        assert_eq!(Fen::parse_yuan("4万"), Ok(Fen(4_000_000)));
        assert_eq!(Fen::parse_yuan("0.5万"), Ok(Fen(500_000)));
        assert_eq!(Fen::parse_yuan("1.2345万元"), Ok(Fen(1_234_500)));
        assert_eq!(Fen::parse_yuan("¥3000元"), Ok(Fen(300_000)));
        assert_eq!(Fen::parse_yuan(" 12.3 "), Ok(Fen(1_230)));
        assert_eq!(Fen::parse_yuan(".5"), Ok(Fen(50)));
        assert_eq!(Fen::parse_yuan("1.50"), Ok(Fen(150)));
        assert_eq!(Fen::parse_yuan("1.500"), Ok(Fen(150)));
    }

    #[test]
    fn thousands_separators_only_in_groups_of_three() {
        assert_eq!(Fen::parse_yuan("1,2,3"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("12,34"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("1234,567"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan(",123"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("123,"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("1.234,5"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("1,234,567"), Ok(Fen(123_456_700)));
        assert_eq!(Fen::parse_yuan("12，345.6"), Ok(Fen(1_234_560)));
        assert_eq!(Fen::parse_yuan("1,200万"), Ok(Fen(1_200_000_000)));
    }

    #[test]
    fn full_width_input_is_read_as_typed_in_half_width() {
        assert_eq!(Fen::parse_yuan("４０００"), Ok(Fen(400_000)));
        assert_eq!(Fen::parse_yuan("４，０００．５０"), Ok(Fen(400_050)));
        assert_eq!(Fen::parse_yuan("4000。"), Ok(Fen(400_000)));
        assert_eq!(Fen::parse_yuan("4000元"), Ok(Fen(400_000)));
        assert_eq!(Fen::parse_yuan("0.5万元"), Ok(Fen(500_000)));
        assert_eq!(Fen::parse_yuan("４万"), Ok(Fen(4_000_000)));
        assert_eq!(Fen::parse_yuan("４万元。"), Ok(Fen(4_000_000)));
        assert_eq!(Fen::parse_yuan("￥３０００"), Ok(Fen(300_000)));
        assert_eq!(Fen::parse_yuan("　１２．３　"), Ok(Fen(1_230)));
        assert_eq!(Fen::parse_yuan("－５"), Err(MoneyError::Negative));
        assert_eq!(Fen::parse_yuan("１，２，３"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("。"), Err(MoneyError::Empty));
        assert_eq!(Fen::parse_yuan("4000。。"), Err(MoneyError::NotANumber));
        assert_eq!(normalize_number("２０２０－６－１"), "2020-6-1");
        assert_eq!(normalize_number("ａｂｃ"), "abc");
    }

    #[test]
    fn rejects_bad_amounts() {
        assert_eq!(Fen::parse_yuan(""), Err(MoneyError::Empty));
        assert_eq!(Fen::parse_yuan("-5"), Err(MoneyError::Negative));
        assert_eq!(Fen::parse_yuan("1e30"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("NaN"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("1.234"), Err(MoneyError::TooPrecise));
        assert_eq!(Fen::parse_yuan("1000000000001"), Err(MoneyError::TooLarge));
        assert_eq!(Fen::parse_yuan("1000000000000"), Ok(Fen::MAX));
        assert_eq!(
            Fen::parse_yuan("99999999999999999999999"),
            Err(MoneyError::TooLarge)
        );
    }

    #[test]
    fn formats() {
        assert_eq!(Fen(4_000_000).display(), "40,000.00");
        assert_eq!(Fen(5).display(), "0.05");
        assert_eq!(Fen(123_456_789).display(), "1,234,567.89");
        assert_eq!(Fen(4_000_000).plain(), "40000.00");
        assert_eq!(Fen(4_000_000).display_wan(), "4.00");
        assert_eq!(Fen(76_700_000).display_wan(), "76.70");
        assert_eq!(Fen(-250).plain(), "-2.50");
    }

    #[test]
    fn chinese_uppercase() {
        assert_eq!(Fen::from_yuan(47_000).chinese_upper(), "肆万柒仟元整");
        assert_eq!(Fen::from_yuan(0).chinese_upper(), "零元整");
        assert_eq!(Fen(10_005).chinese_upper(), "壹佰元零伍分");
        assert_eq!(Fen(10_050).chinese_upper(), "壹佰元伍角整");
        assert_eq!(Fen::from_yuan(1_000_000).chinese_upper(), "壹佰万元整");
        assert_eq!(Fen::from_yuan(100_010).chinese_upper(), "壹拾万零壹拾元整");
        assert_eq!(Fen::from_yuan(1_001).chinese_upper(), "壹仟零壹元整");
        assert_eq!(Fen::from_yuan(767_000).chinese_upper(), "柒拾陆万柒仟元整");
        assert_eq!(Fen::from_yuan(100_000_000).chinese_upper(), "壹亿元整");
        assert_eq!(
            Fen::from_yuan(105_000_000).chinese_upper(),
            "壹亿零伍佰万元整"
        );
        assert_eq!(Fen(55).chinese_upper(), "伍角伍分");
    }
}
