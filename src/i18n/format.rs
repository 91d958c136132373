//! Numbers and money per language: English uses Western digits and commas
//! ("EGP 14,200,000", "14.2M EGP"); Arabic (ar-EG) uses Arabic-Indic digits
//! with the Arabic separators ("١٤٬٢٠٠٬٠٠٠ ج.م.", "١٤٫٢ مليون جنيه").

use super::Lang;
use crate::domain::Egp;

const ARABIC_THOUSANDS: char = '\u{066C}';
const ARABIC_DECIMAL: char = '\u{066B}';
const ARABIC_PERCENT: char = '\u{066A}';

/// Rewrites Western digits and separators for `lang`; English is unchanged.
pub fn localize_digits(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_owned(),
        Lang::Ar => text
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
                ',' => ARABIC_THOUSANDS,
                '.' => ARABIC_DECIMAL,
                '%' => ARABIC_PERCENT,
                other => other,
            })
            .collect(),
    }
}

fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An integer with thousands separators, in the language's digits.
pub fn format_number(n: i64, lang: Lang) -> String {
    localize_digits(&group_thousands(n), lang)
}

/// A whole percentage ("10%" / "١٠٪").
pub fn format_percent(pct: u32, lang: Lang) -> String {
    localize_digits(&format!("{pct}%"), lang)
}

/// The full amount: "EGP 14,200,000" / "١٤٬٢٠٠٬٠٠٠ ج.م.".
pub fn format_egp(amount: Egp, lang: Lang) -> String {
    let number = format_number(amount.pounds(), lang);
    match lang {
        Lang::En => format!("EGP {number}"),
        Lang::Ar => format!("{number} ج.م."),
    }
}

/// The short form buyers speak in: "14.2M EGP", "850K EGP" /
/// "١٤٫٢ مليون جنيه", "٨٥٠ ألف جنيه". Below a thousand it is the full amount.
pub fn format_egp_compact(amount: Egp, lang: Lang) -> String {
    let n = amount.pounds();
    let abs = n.unsigned_abs();
    let sign = if n < 0 { "-" } else { "" };
    // Work in tenths of the unit so 14,250,000 shows as 14.3M.
    let (tenths, unit) = if abs >= 999_950_000 {
        (rounded_div(abs, 100_000_000), Unit::Billion)
    } else if abs >= 999_950 {
        (rounded_div(abs, 100_000), Unit::Million)
    } else if abs >= 1_000 {
        (rounded_div(abs, 1_000) * 10, Unit::Thousand)
    } else {
        return format_egp(amount, lang);
    };
    let whole = tenths / 10;
    let fraction = tenths % 10;
    let number = if fraction == 0 || whole >= 100 {
        format!("{sign}{}", group_thousands(rounded_div(tenths, 10) as i64))
    } else {
        format!("{sign}{whole}.{fraction}")
    };
    let number = localize_digits(&number, lang);
    match (lang, unit) {
        (Lang::En, Unit::Thousand) => format!("{number}K EGP"),
        (Lang::En, Unit::Million) => format!("{number}M EGP"),
        (Lang::En, Unit::Billion) => format!("{number}B EGP"),
        (Lang::Ar, Unit::Thousand) => format!("{number} ألف جنيه"),
        (Lang::Ar, Unit::Million) => format!("{number} مليون جنيه"),
        (Lang::Ar, Unit::Billion) => format!("{number} مليار جنيه"),
    }
}

enum Unit {
    Thousand,
    Million,
    Billion,
}

fn rounded_div(n: u64, d: u64) -> u64 {
    (n + d / 2) / d
}

/// Wraps left-to-right text (phone numbers, emails) in Unicode isolates so
/// it keeps its order inside an Arabic sentence: "+20 10 •••• 5678." would
/// otherwise render with the "+" and the full stop on the wrong side.
pub fn ltr(text: &str) -> String {
    format!("\u{2066}{text}\u{2069}")
}

/// Wraps text of either direction (a name, an email) in a first-strong
/// isolate so it takes its own direction inside a sentence.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// An Egyptian mobile in E.164 grouped as people write it:
/// "+201012345678" -> "+20 10 1234 5678"; anything else is left as it is.
pub fn format_phone(e164: &str) -> String {
    match e164.strip_prefix("+20") {
        Some(rest) if rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()) => {
            format!("+20 {} {} {}", &rest[..2], &rest[2..6], &rest[6..])
        }
        _ => e164.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_grouped_and_isolated() {
        assert_eq!(format_phone("+201012345678"), "+20 10 1234 5678");
        assert_eq!(format_phone("+4420123"), "+4420123");
        assert_eq!(ltr("+20 10"), "\u{2066}+20 10\u{2069}");
    }

    #[test]
    fn english_amounts() {
        assert_eq!(format_egp(Egp::new(14_200_000), Lang::En), "EGP 14,200,000");
        assert_eq!(format_egp(Egp::new(950), Lang::En), "EGP 950");
        assert_eq!(format_egp_compact(Egp::new(14_200_000), Lang::En), "14.2M EGP");
        assert_eq!(format_egp_compact(Egp::new(14_250_000), Lang::En), "14.3M EGP");
        assert_eq!(format_egp_compact(Egp::new(6_000_000), Lang::En), "6M EGP");
        assert_eq!(format_egp_compact(Egp::new(850_000), Lang::En), "850K EGP");
        assert_eq!(format_egp_compact(Egp::new(999_999), Lang::En), "1M EGP");
        assert_eq!(format_egp_compact(Egp::new(1_250_000_000), Lang::En), "1.3B EGP");
        assert_eq!(format_egp_compact(Egp::new(120_400_000), Lang::En), "120M EGP");
    }

    #[test]
    fn arabic_amounts_use_arabic_digits_and_separators() {
        assert_eq!(format_egp(Egp::new(14_200_000), Lang::Ar), "١٤٬٢٠٠٬٠٠٠ ج.م.");
        assert_eq!(format_egp_compact(Egp::new(14_200_000), Lang::Ar), "١٤٫٢ مليون جنيه");
        assert_eq!(format_egp_compact(Egp::new(850_000), Lang::Ar), "٨٥٠ ألف جنيه");
        assert_eq!(format_percent(10, Lang::Ar), "١٠٪");
        assert_eq!(format_number(-1234, Lang::Ar), "-١٬٢٣٤");
    }
}
