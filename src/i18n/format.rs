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

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
const WEEKDAYS_EN: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const WEEKDAYS_AR: [&str; 7] = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"];

/// Day of the week of a Gregorian date, 0 = Sunday (Sakamoto).
fn weekday_of(year: i32, month: u32, day: u32) -> usize {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let m = month.clamp(1, 12) as usize;
    ((y + y / 4 - y / 100 + y / 400 + T[m - 1] + day as i32).rem_euclid(7)) as usize
}

/// A Cairo time as the wire carries it ("2026-12-05 17:30" or
/// "2026-12-05") for a reader: "Saturday 5 December 2026, 5:30 pm" /
/// "السبت ٥ ديسمبر ٢٠٢٦، ٥:٣٠ م". Anything else comes back as it was.
pub fn format_when(text: &str, lang: Lang) -> String {
    let text = text.trim();
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) = (parts.next(), parts.next(), parts.next())
    else {
        return localize_digits(text, lang);
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return localize_digits(text, lang);
    }
    let weekday = weekday_of(year as i32, month, day);
    let clock = time.and_then(|t| {
        let (h, m) = t.split_once(':')?;
        let (h, m): (u32, u32) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
        (h < 24 && m < 60).then_some((h, m))
    });
    let clock = clock.map(|(h, m)| {
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        match lang {
            Lang::En => format!("{h12}:{m:02} {}", if h < 12 { "am" } else { "pm" }),
            Lang::Ar => format!(
                "{}:{} {}",
                localize_digits(&h12.to_string(), lang),
                localize_digits(&format!("{m:02}"), lang),
                if h < 12 { "ص" } else { "م" }
            ),
        }
    });
    let month = (month - 1) as usize;
    match lang {
        Lang::En => {
            let day = format!("{} {day} {} {year}", WEEKDAYS_EN[weekday], MONTHS_EN[month]);
            clock.map_or(day.clone(), |c| format!("{day}, {c}"))
        }
        Lang::Ar => {
            let day = format!(
                "{} {} {} {}",
                WEEKDAYS_AR[weekday],
                localize_digits(&day.to_string(), lang),
                MONTHS_AR[month],
                localize_digits(&year.to_string(), lang)
            );
            clock.map_or(day.clone(), |c| format!("{day}، {c}"))
        }
    }
}

#[cfg(test)]
mod when_tests {
    use super::*;

    #[test]
    fn times_read_with_their_weekday_in_either_language() {
        assert_eq!(format_when("2026-12-05 17:30", Lang::En), "Saturday 5 December 2026, 5:30 pm");
        assert_eq!(format_when("2026-12-05 11:00", Lang::Ar), "السبت ٥ ديسمبر ٢٠٢٦، ١١:٠٠ ص");
        assert_eq!(format_when("2027-01-01", Lang::En), "Friday 1 January 2027");
        assert_eq!(format_when("2026-12-06 00:15", Lang::En), "Sunday 6 December 2026, 12:15 am");
        assert_eq!(format_when("2026-12-06 12:00", Lang::En), "Sunday 6 December 2026, 12:00 pm");
        assert_eq!(format_when("soon", Lang::En), "soon");
        // Every day of four years has the weekday the calendar gives it.
        let mut weekday = 4; // 1 January 2026 was a Thursday.
        for year in 2026..2030 {
            for month in 1..=12u32 {
                let days = match month {
                    2 if year % 4 == 0 => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                for day in 1..=days {
                    assert_eq!(weekday_of(year, month, day), weekday, "{year}-{month}-{day}");
                    weekday = (weekday + 1) % 7;
                }
            }
        }
    }
}
