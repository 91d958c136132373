//! Money in Egyptian pounds. Listings are priced in whole pounds, so amounts
//! are integers: no float rounding can creep into a price or an installment.

use serde::{Deserialize, Serialize};

/// An amount in whole Egyptian pounds (EGP).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Egp(i64);

impl Egp {
    pub const ZERO: Egp = Egp(0);

    pub const fn new(pounds: i64) -> Self {
        Egp(pounds)
    }

    pub const fn pounds(self) -> i64 {
        self.0
    }

    /// `self * basis_points / 10_000`, rounded half away from zero.
    /// `None` on overflow.
    pub fn percent_bp(self, basis_points: u32) -> Option<Egp> {
        let product = i128::from(self.0) * i128::from(basis_points);
        let rounded = div_round(product, 10_000);
        i64::try_from(rounded).ok().map(Egp)
    }

    /// Splits `self` into `parts` equal shares, rounded to the nearest pound.
    pub fn divide(self, parts: u32) -> Option<Egp> {
        if parts == 0 {
            return None;
        }
        let share = div_round(i128::from(self.0), i128::from(parts));
        i64::try_from(share).ok().map(Egp)
    }

    pub fn checked_sub(self, other: Egp) -> Option<Egp> {
        self.0.checked_sub(other.0).map(Egp)
    }

    pub fn checked_add(self, other: Egp) -> Option<Egp> {
        self.0.checked_add(other.0).map(Egp)
    }
}

/// Reads an amount a buyer typed into a price box: Western, Arabic-Indic or
/// Persian digits, any thousands separators, and an optional `k`/`m`
/// (or Arabic ألف / مليون) multiplier: "10,000,000", "١٠٬٠٠٠٬٠٠٠", "10m",
/// "850k", "2.5m". `None` when it is not a plain amount.
pub fn parse_amount(input: &str) -> Option<Egp> {
    let mut digits = String::new();
    let mut rest = String::new();
    for c in input.trim().chars() {
        match c {
            '0'..='9' if rest.is_empty() => digits.push(c),
            '\u{0660}'..='\u{0669}' if rest.is_empty() => {
                digits.push(char::from(b'0' + (c as u32 - 0x0660) as u8))
            }
            '\u{06F0}'..='\u{06F9}' if rest.is_empty() => {
                digits.push(char::from(b'0' + (c as u32 - 0x06F0) as u8))
            }
            '.' | '\u{066B}' if rest.is_empty() => digits.push('.'),
            ',' | '\u{066C}' | '\u{060C}' | '_' | '\'' if rest.is_empty() => {}
            c if c.is_whitespace() => {}
            c => rest.push(c),
        }
    }
    let multiplier: i64 = match rest.to_lowercase().as_str() {
        "" | "egp" | "le" | "جنيه" | "ج.م." | "ج.م" => 1,
        "k" | "ألف" | "الف" => 1_000,
        "m" | "mn" | "million" | "مليون" => 1_000_000,
        _ => return None,
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    if fraction.contains('.') || (multiplier == 1 && !fraction.is_empty()) || fraction.len() > 3 {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let scaled_fraction: i64 = if fraction.is_empty() {
        0
    } else {
        let padded = format!("{fraction:0<3}");
        padded.parse::<i64>().ok()? * multiplier / 1_000
    };
    whole.checked_mul(multiplier)?.checked_add(scaled_fraction).map(Egp)
}

/// Integer division rounding half away from zero (the way a cashier rounds).
fn div_round(numerator: i128, denominator: i128) -> i128 {
    let half = denominator / 2;
    if numerator >= 0 { (numerator + half) / denominator } else { (numerator - half) / denominator }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_to_the_nearest_pound() {
        assert_eq!(Egp::new(10_000_000).percent_bp(1_000), Some(Egp::new(1_000_000)));
        assert_eq!(Egp::new(999).percent_bp(5_000), Some(Egp::new(500)));
        assert_eq!(Egp::new(3).percent_bp(1_666), Some(Egp::new(0)));
    }

    #[test]
    fn divide_spreads_evenly_and_rejects_zero_parts() {
        assert_eq!(Egp::new(9_000_000).divide(84), Some(Egp::new(107_143)));
        assert_eq!(Egp::new(100).divide(0), None);
    }

    #[test]
    fn typed_amounts_in_any_digits() {
        assert_eq!(parse_amount("10,000,000"), Some(Egp::new(10_000_000)));
        assert_eq!(parse_amount("١٠٬٠٠٠٬٠٠٠"), Some(Egp::new(10_000_000)));
        assert_eq!(parse_amount(" 850k "), Some(Egp::new(850_000)));
        assert_eq!(parse_amount("2.5m"), Some(Egp::new(2_500_000)));
        assert_eq!(parse_amount("٦ مليون"), Some(Egp::new(6_000_000)));
        assert_eq!(parse_amount("EGP 5,000"), None, "a currency before the number is not a plain amount");
        assert_eq!(parse_amount("5,000 EGP"), Some(Egp::new(5_000)));
        assert_eq!(parse_amount("12.5"), None);
        assert_eq!(parse_amount("ten"), None);
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_amount("99999999999999999999"), None);
    }

    #[test]
    fn overflow_is_reported_not_wrapped() {
        assert_eq!(Egp::new(i64::MAX).checked_add(Egp::new(1)), None);
        assert_eq!(Egp::new(i64::MAX).percent_bp(20_000), None);
    }
}
