//! Days and times as buyers write them, for viewings: "Saturday at 11am",
//! "tomorrow evening", "20/12 at 5:30 pm", "in 3 days", "السبت الساعة ١١
//! الصبح", "بكرة ٥ العصر", "bokra el sa3a 5", "الخميس الجاي ٧ ونص بالليل".
//!
//! A small grammar over tokens: day phrases (ISO and day-first dates,
//! month names in both languages, relative days, weekdays in English,
//! Arabic and Franco-Arabic) and time phrases (clock times, hours with am/pm
//! or a part of the day, "at"/"الساعة" with an hour in digits or words,
//! half and quarter hours). Pure: the caller passes "now" as Cairo wall
//! time and gets Cairo wall time back.

mod lexicon;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use lexicon::*;

/// A day the buyer named, and the time of day if they gave one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

impl Moment {
    /// The moment as a Cairo wall time; a day alone is taken at `default`.
    pub fn or_at(self, default: NaiveTime) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(default))
    }
}

/// The part of the day a buyer names, with the hour it stands for alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Morning,
    Noon,
    Afternoon,
    Evening,
    Night,
}

impl Part {
    fn default_hour(self) -> u32 {
        match self {
            Part::Morning => 10,
            Part::Noon => 12,
            Part::Afternoon => 15,
            Part::Evening => 18,
            Part::Night => 20,
        }
    }

    /// An hour on the 12-hour clock read in this part of the day.
    fn hour(self, h: u32) -> u32 {
        match self {
            Part::Morning => h % 12,
            Part::Noon => {
                if h == 12 || h >= 13 {
                    h
                } else if h <= 3 {
                    h + 12
                } else {
                    h
                }
            }
            Part::Afternoon | Part::Evening | Part::Night if h < 12 => h + 12,
            _ => h,
        }
    }
}

/// Reads the first day and time in `text`, relative to `now` (Cairo wall
/// time). `None` when the text names neither.
pub fn parse(text: &str, now: NaiveDateTime) -> Option<Moment> {
    let tokens = tokenize(text);
    let today = now.date();
    let date = find_date(&tokens, today);
    let time = find_time(&tokens);
    match (date, time) {
        (None, None) => None,
        (Some(d), time) => {
            let date = match d {
                // "Saturday at 11" on a Saturday before 11 is today; else next week's.
                DateFound::Weekday(w) => {
                    let ahead = (7 + w.num_days_from_monday() as i64
                        - today.weekday().num_days_from_monday() as i64)
                        % 7;
                    let later_today = time.is_some_and(|t| t > now.time());
                    today + Duration::days(if ahead == 0 && !later_today { 7 } else { ahead })
                }
                DateFound::Date(d) => d,
            };
            Some(Moment { date, time })
        }
        // A time alone: today if it is still ahead, else tomorrow.
        (None, Some(t)) => {
            let date = if t > now.time() { today } else { today + Duration::days(1) };
            Some(Moment { date, time: Some(t) })
        }
    }
}

/// Lowercase words and numbers: digits in either script become ASCII,
/// Arabic letter variants are folded (أ إ آ -> ا, ة -> ه, ى -> ي), marks
/// and tatweel dropped, and "11am" / "٥م" split into number and suffix.
fn tokenize(text: &str) -> Vec<String> {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            '\u{0640}' | '\u{064B}'..='\u{0652}' => continue,
            '\u{2019}' | '\'' => ' ',
            c => c,
        };
        folded.push(c);
    }
    let mut out = Vec::new();
    for raw in folded.split(|c: char| !(c.is_alphanumeric() || matches!(c, ':' | '/' | '-' | '.'))) {
        let word = raw.trim_matches(|c: char| matches!(c, ':' | '/' | '-' | '.'));
        if word.is_empty() {
            continue;
        }
        // "a.m." / "p.m." survive as one word.
        if matches!(word, "a.m" | "p.m") {
            out.push(word.replace('.', ""));
            continue;
        }
        let digits =
            word.find(|c: char| !c.is_ascii_digit() && !matches!(c, ':' | '.')).unwrap_or(word.len());
        let (number, rest) = word.split_at(digits);
        let rest = rest.trim_start_matches('.');
        if !number.is_empty()
            && !rest.is_empty()
            && (SUFFIXES.contains(&rest) || ORDINAL_SUFFIXES.contains(&rest))
        {
            out.push(number.trim_end_matches('.').to_owned());
            out.push(rest.replace('.', ""));
        } else {
            out.push(word.to_owned());
        }
    }
    out
}

/// What may follow an hour written together with it ("11am", "٥م").
const SUFFIXES: &[&str] = &["am", "pm", "a.m", "p.m", "ص", "م", "h", "hrs"];
const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th"];

enum DateFound {
    Date(NaiveDate),
    Weekday(Weekday),
}

fn weekday(word: &str) -> Option<Weekday> {
    let lookup = |w: &str| WEEKDAYS.iter().find(|(name, _)| *name == w).map(|(_, d)| *d);
    lookup(word)
        .or_else(|| word.strip_prefix("el").and_then(lookup))
        .or_else(|| word.strip_prefix("yom").and_then(lookup))
        // "وال", "بال", "يوم" glued to an Arabic weekday.
        .or_else(|| word.strip_prefix('و').filter(|w| w.starts_with("ال")).and_then(lookup))
        .or_else(|| word.strip_prefix('ب').filter(|w| w.starts_with("ال")).and_then(lookup))
        // "saterday", "wendsday", "thurday": a misspelt English weekday.
        .or_else(|| {
            word.chars()
                .all(|c| c.is_ascii_alphabetic())
                .then(|| crate::domain::fuzzy::closest(word, FULL_DAYS))
                .flatten()
        })
}

/// "tomorrow" however it is written, typos included.
fn is_tomorrow(word: &str) -> bool {
    TOMORROW.contains(&word)
        || (word.starts_with('t') && crate::domain::fuzzy::closest(word, [("tomorrow", ())]).is_some())
}

fn month(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(name, _)| *name == word).map(|(_, m)| *m)
}

/// A day of the month: "20", "20th" (split already).
fn day_number(word: &str) -> Option<u32> {
    word.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

/// A date without a year is the next one on or after today.
fn upcoming(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this {
        Some(d) if d >= today => Some(d),
        _ => NaiveDate::from_ymd_opt(today.year() + 1, month, day),
    }
}

const AFTER: &[&str] = &["بعد", "ba3d", "baad"];

/// A number of an hour, minutes or days: digits, the number words the
/// guard reads (English and Arabic, one to nineteen), and the Egyptian
/// elevens and twelves and Franco-Arabic spellings the guard has no use for.
fn number_word(word: &str) -> Option<u32> {
    const MORE: &[(&str, u32)] = &[
        ("حداشر", 11),
        ("احداشر", 11),
        ("اتناشر", 12),
        ("اثناشر", 12),
        ("wa7da", 1),
        ("etnen", 2),
        ("talata", 3),
        ("arba3a", 4),
        ("khamsa", 5),
        ("sitta", 6),
        ("sab3a", 7),
        ("tamanya", 8),
        ("tes3a", 9),
        ("3ashara", 10),
        ("7edashar", 11),
        ("etnashar", 12),
    ];
    word.parse::<u32>()
        .ok()
        .or_else(|| super::guard::text::unit_word(word))
        .or_else(|| MORE.iter().find(|(w, _)| *w == word).map(|(_, n)| *n))
}

fn find_date(tokens: &[String], today: NaiveDate) -> Option<DateFound> {
    // Most specific first: a written date beats a weekday, which beats a
    // month name (which is also the city "6th of October").
    written_date(tokens, today)
        .or_else(|| relative_day(tokens, today))
        .map(DateFound::Date)
        .or_else(|| tokens.iter().find_map(|w| weekday(w)).map(DateFound::Weekday))
        .or_else(|| month_day(tokens, today).map(DateFound::Date))
}

/// "2026-12-10", "10/12", "10/12/26".
fn written_date(tokens: &[String], today: NaiveDate) -> Option<NaiveDate> {
    for word in tokens {
        if let Ok(d) = NaiveDate::parse_from_str(word, "%Y-%m-%d") {
            return Some(d);
        }
    }
    for word in tokens {
        let parts: Vec<&str> = word.split('/').collect();
        if parts.len() >= 2
            && parts.len() <= 3
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            let (Ok(day), Ok(month)) = (parts[0].parse::<u32>(), parts[1].parse::<u32>()) else { continue };
            let date = match parts.get(2).and_then(|y| y.parse::<i32>().ok()) {
                Some(y) if y >= 2000 => NaiveDate::from_ymd_opt(y, month, day),
                Some(y) if y < 100 => NaiveDate::from_ymd_opt(2000 + y, month, day),
                Some(_) => None,
                None => upcoming(today, month, day),
            };
            if date.is_some() {
                return date;
            }
        }
    }
    None
}

/// Today, tomorrow, the day after, "in 3 days", "بعد يومين".
fn relative_day(tokens: &[String], today: NaiveDate) -> Option<NaiveDate> {
    let t = |i: usize| tokens.get(i).map(String::as_str).unwrap_or("");
    let in_days = |n: i64| Some(today + Duration::days(n));
    for i in 0..tokens.len() {
        let w = t(i);
        let after = AFTER.contains(&w);
        // "the day after tomorrow", "بعد بكرة", "ba3d bokra".
        if is_tomorrow(w) {
            let day_after =
                (i >= 1 && AFTER.contains(&t(i - 1))) || (i >= 2 && t(i - 2) == "day" && t(i - 1) == "after");
            return in_days(if day_after { 2 } else { 1 });
        }
        if w == "غد" && i >= 1 && AFTER.contains(&t(i - 1)) {
            return in_days(2);
        }
        if TODAY.contains(&w) {
            return in_days(0);
        }
        // "in 3 days", "after 3 days", "بعد ٣ ايام", "بعد يومين".
        if (after || matches!(w, "in" | "كمان" | "kaman")) && !t(i + 1).is_empty() {
            if matches!(t(i + 1), "يومين") {
                return in_days(2);
            }
            if let Some(n) = number_word(t(i + 1)).filter(|n| (1..=60).contains(n))
                && matches!(t(i + 2), "days" | "day" | "ايام" | "يوم" | "ايام." | "youm" | "ayam")
            {
                return in_days(i64::from(n));
            }
        }
        if matches!(w, "يومين") && i >= 1 && matches!(t(i - 1), "كمان" | "بعد") {
            return in_days(2);
        }
    }
    None
}

/// "20 december", "20th of december", "december 20", "dec 20th" (not "6th
/// of October", the city), with a year when one follows.
fn month_day(tokens: &[String], today: NaiveDate) -> Option<NaiveDate> {
    let t = |i: usize| tokens.get(i).map(String::as_str).unwrap_or("");
    for i in 0..tokens.len() {
        let Some(m) = month(t(i)) else { continue };
        let before = if t(i.wrapping_sub(1)) == "of" { i.checked_sub(2) } else { i.checked_sub(1) };
        let before = before.and_then(|b| tokens.get(b)).and_then(|w| day_number(w)).map(|d| (d, i + 1));
        let after = day_number(t(i + 1)).map(|d| (d, i + 2));
        let after =
            after.map(|(d, next)| (d, if ORDINAL_SUFFIXES.contains(&t(next)) { next + 1 } else { next }));
        let (day, next) = match (before, after) {
            (Some(b), _) => (b.0, if ORDINAL_SUFFIXES.contains(&t(b.1)) { b.1 + 1 } else { b.1 }),
            (None, Some(a)) => a,
            (None, None) => continue,
        };
        // "6th of October" / "٦ أكتوبر" is a city before it is a date.
        if m == 10 && day == 6 {
            continue;
        }
        let year = t(next).parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
        let date = match year {
            Some(y) => NaiveDate::from_ymd_opt(y, m, day),
            None => upcoming(today, m, day),
        };
        if date.is_some() {
            return date;
        }
    }
    None
}

fn part_of_day(tokens: &[String], i: usize) -> Option<(Part, usize)> {
    let t = |j: usize| tokens.get(j).map(String::as_str).unwrap_or("");
    let w = t(i);
    let one = match w {
        "am" | "morning" | "ص" | "صباحا" | "صباح" | "الصبح" | "الصباح" | "صبحا" | "sob7" | "el-sob7"
        | "elsob7" | "sba7an" | "saba7an" => Some(Part::Morning),
        "noon" | "midday" | "الظهر" | "ظهرا" | "الضهر" | "dohr" | "el-dohr" | "eldohr" | "zohr" => {
            Some(Part::Noon)
        }
        "afternoon" | "العصر" | "عصرا" | "3asr" | "el3asr" | "el-3asr" => Some(Part::Afternoon),
        "pm" | "evening" | "م" | "مساء" | "مساءا" | "المسا" | "المساء" | "المغرب" | "masa2an" | "masa2"
        | "bel-leil" | "bellel" => Some(Part::Evening),
        "night" | "tonight" | "بالليل" | "بليل" | "ليلا" | "الليل" | "leil" | "lel" | "bellil" | "belleil" => {
            Some(Part::Night)
        }
        _ => None,
    };
    if let Some(p) = one {
        return Some((p, i + 1));
    }
    // "in the morning", "in the evening", "el sob7", "bel leil", "بعد الظهر".
    match (w, t(i + 1), t(i + 2)) {
        ("in", "the", rest) | ("at", "the", rest) => match rest {
            "morning" => Some((Part::Morning, i + 3)),
            "afternoon" => Some((Part::Afternoon, i + 3)),
            "evening" => Some((Part::Evening, i + 3)),
            "night" => Some((Part::Night, i + 3)),
            _ => None,
        },
        ("at", "night", _) => Some((Part::Night, i + 2)),
        ("بعد", "الظهر" | "الضهر", _) | ("after", "noon", _) => Some((Part::Afternoon, i + 2)),
        ("el" | "fel" | "f", "sob7" | "sob7an", _) => Some((Part::Morning, i + 2)),
        ("el" | "fel", "dohr" | "zohr", _) => Some((Part::Noon, i + 2)),
        ("el" | "fel" | "ba3d", "3asr" | "el3asr" | "dohr", _) => Some((Part::Afternoon, i + 2)),
        ("bel" | "bl" | "fel" | "el", "leil" | "lel" | "lail", _) => Some((Part::Night, i + 2)),
        _ => None,
    }
}

fn find_time(tokens: &[String]) -> Option<NaiveTime> {
    let mut part_alone: Option<Part> = None;
    let mut i = 0;
    while i < tokens.len() {
        if let Some(found) = time_at(tokens, i) {
            return found;
        }
        if part_alone.is_none()
            && let Some((p, next)) = part_of_day(tokens, i)
            // "pm"/"م" alone mean nothing without an hour.
            && !matches!(tokens[i].as_str(), "am" | "pm" | "ص" | "م")
        {
            part_alone = Some(p);
            i = next;
            continue;
        }
        i += 1;
    }
    part_alone.and_then(|p| NaiveTime::from_hms_opt(p.default_hour(), 0, 0))
}

/// A time said at token `i` ("17:30", "half past five", "at 5", "الساعة
/// ٥ ونص"): `Some` with the time (or `None` inside when it is no valid
/// time) once one is found there.
fn time_at(tokens: &[String], i: usize) -> Option<Option<NaiveTime>> {
    let t = |j: usize| tokens.get(j).map(String::as_str).unwrap_or("");
    let w = t(i);
    // "17:30", "5:30", "11.30" followed by a part of the day.
    if let Some((h, m)) = clock(w) {
        let (hour, minute) = match part_of_day(tokens, i + 1) {
            Some((p, _)) if h <= 12 => (p.hour(h), m),
            _ if h <= 7 && w.contains(':') => (h + 12, m),
            _ => (h, m),
        };
        if w.contains(':') || part_of_day(tokens, i + 1).is_some() {
            return Some(NaiveTime::from_hms_opt(hour, minute, 0));
        }
    }
    // "half past five", "quarter past 5", "quarter to 6".
    if matches!(w, "half" | "quarter")
        && matches!(t(i + 1), "past" | "to")
        && let Some(h) = number_word(t(i + 2)).filter(|h| (1..=12).contains(h))
    {
        let (h, m) = match (w, t(i + 1)) {
            ("half", "past") => (h, 30),
            ("quarter", "past") => (h, 15),
            ("quarter", "to") => ((h + 11) % 12 + if h == 1 { 12 } else { 0 }, 45),
            _ => (h, 0),
        };
        let part = part_of_day(tokens, i + 3).map(|(p, _)| p);
        return Some(NaiveTime::from_hms_opt(resolve(h, part), m, 0));
    }
    let (h, next) = hour_at(tokens, i)?;
    Some(minutes_after(tokens, h, next))
}

/// An hour at token `i`: after "at"/"الساعة", or before am/pm, a part of
/// the day, "o'clock" or an Arabic half or quarter; with the token after
/// it. "At 10 years", "على ١٠ سنين" is an amount, not an hour.
fn hour_at(tokens: &[String], i: usize) -> Option<(u32, usize)> {
    let t = |j: usize| tokens.get(j).map(String::as_str).unwrap_or("");
    let w = t(i);
    let at_word = matches!(
        w,
        "at" | "الساعه"
            | "الساعة"
            | "ساعه"
            | "sa3a"
            | "essa3a"
            | "elsa3a"
            | "around"
            | "@"
            | "حوالي"
            | "على"
    ) || (w == "el" && t(i + 1) == "sa3a");
    let start = if w == "el" && t(i + 1) == "sa3a" { i + 2 } else { i + 1 };
    let after_at =
        at_word.then(|| number_word(t(start)).filter(|h| *h <= 23).map(|h| (h, start + 1))).flatten();
    after_at
        .or_else(|| {
            t(i).parse::<u32>()
                .ok()
                .filter(|h| (1..=23).contains(h))
                .filter(|_| {
                    part_of_day(tokens, i + 1).is_some()
                        || matches!(t(i + 1), "o" | "oclock" | "ونص" | "وربع" | "و" | "الا")
                })
                .map(|h| (h, i + 1))
        })
        .or_else(|| {
            number_word(t(i))
                .filter(|_| t(i).parse::<u32>().is_err())
                .filter(|h| (1..=12).contains(h))
                .filter(|_| {
                    part_of_day(tokens, i + 1).is_some()
                        || matches!(t(i + 1), "o" | "oclock" | "ونص" | "وربع")
                })
                .map(|h| (h, i + 1))
        })
        .filter(|(_, next)| !UNITS.contains(&t(*next)))
}

/// The time from hour `h` and what follows it at `next`: "o'clock", "ونص"
/// (half past), "وربع" (quarter past), "الا ربع" (quarter to), then a
/// part of the day.
fn minutes_after(tokens: &[String], h: u32, mut next: usize) -> Option<NaiveTime> {
    let t = |j: usize| tokens.get(j).map(String::as_str).unwrap_or("");
    let mut minute = 0;
    if t(next) == "o" && t(next + 1) == "clock" {
        next += 2;
    } else if t(next) == "oclock" {
        next += 1;
    }
    match (t(next), t(next + 1)) {
        ("ونص", _) | ("و", "نص") | ("w", "nos") | ("wnos", _) | ("and", "a") => {
            minute = 30;
            next += if matches!(t(next), "ونص" | "wnos") { 1 } else { 2 };
            if t(next) == "half" {
                next += 1;
            }
        }
        ("وربع", _) | ("و", "ربع") | ("w", "rob3") => {
            minute = 15;
            next += if t(next) == "وربع" { 1 } else { 2 };
        }
        ("الا", "ربع") | ("ila", "rob3") | ("illa", "rob3") => {
            next += 2;
            let part = part_of_day(tokens, next).map(|(p, _)| p);
            let hour = resolve(if h == 1 { 12 } else { (h + 11) % 12 }, part);
            return NaiveTime::from_hms_opt(hour, 45, 0);
        }
        _ => {}
    }
    let part = part_of_day(tokens, next).map(|(p, _)| p);
    let hour = if h > 12 { h } else { resolve(h, part) };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// An hour of the 12-hour clock with what the buyer said about the part of
/// day; without it, 1 to 7 are afternoon hours (nobody views at 3 am).
fn resolve(h: u32, part: Option<Part>) -> u32 {
    match part {
        Some(p) => p.hour(h),
        None if (1..=7).contains(&h) => h + 12,
        None => h % 24,
    }
}

/// "17:30", "5:30", "11.30": hour and minute.
fn clock(word: &str) -> Option<(u32, u32)> {
    let (h, m) = word.split_once(':').or_else(|| word.split_once('.'))?;
    let h: u32 = h.parse().ok().filter(|h| *h < 24)?;
    if m.len() != 2 {
        return None;
    }
    let m: u32 = m.parse().ok().filter(|m| *m < 60)?;
    Some((h, m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::services::catalog::rng::Rng;
    use crate::server::testkit::typos::{arabic_digits, one_typo};

    /// Thursday 3 December 2026, 23:04 in Cairo.
    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 3).and_then(|d| d.and_hms_opt(23, 4, 0)).expect("now")
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).expect("day")
    }

    fn at(date: NaiveDate, h: u32, m: u32) -> Option<Moment> {
        Some(Moment { date, time: NaiveTime::from_hms_opt(h, m, 0) })
    }

    #[test]
    fn what_buyers_write() {
        let n = now();
        let cases: &[(&str, Option<Moment>)] = &[
            ("Book a viewing of the first one on Saturday at 11am", at(day(5), 11, 0)),
            ("saturday 11 am", at(day(5), 11, 0)),
            ("saterday 11 am", at(day(5), 11, 0)),
            ("satruday at 11", at(day(5), 11, 0)),
            ("tomorow at 6pm", at(day(4), 18, 0)),
            ("tommorrow evening", at(day(4), 18, 0)),
            ("on Sat at 5", at(day(5), 17, 0)),
            ("tomorrow evening", at(day(4), 18, 0)),
            ("tomorrow at 6pm", at(day(4), 18, 0)),
            ("the day after tomorrow at 10:30", at(day(5), 10, 30)),
            ("next tuesday at 4:15 pm", at(day(8), 16, 15)),
            ("on 2026-12-20 at 5 pm", at(day(20), 17, 0)),
            ("20/12 at 5:30pm", at(day(20), 17, 30)),
            ("December 20th at noon", at(day(20), 12, 0)),
            ("20 Dec, half past five", at(day(20), 17, 30)),
            ("in 3 days at 11", at(day(6), 11, 0)),
            ("Thursday", Some(Moment { date: day(10), time: None })),
            ("احجز معاينة للأولى يوم السبت الساعة ١١ الصبح", at(day(5), 11, 0)),
            ("بكرة ٥ العصر", at(day(4), 17, 0)),
            ("بعد بكرة الساعة ٧ ونص بالليل", at(day(5), 19, 30)),
            ("الخميس الجاي الساعة حداشر", at(day(10), 11, 0)),
            ("يوم الأحد ٦ مساءً", at(day(6), 18, 0)),
            ("السبت ١١ ص", at(day(5), 11, 0)),
            ("الاتنين الساعة ٤ الا ربع", at(day(7), 15, 45)),
            ("٢٠/١٢ الساعة ٥", at(day(20), 17, 0)),
            ("٢٠ ديسمبر الساعة ١٢ الظهر", at(day(20), 12, 0)),
            ("bokra el sa3a 5", at(day(4), 17, 0)),
            ("el sabt el sob7", at(day(5), 10, 0)),
            ("yom el gom3a 7 bel leil", at(day(4), 19, 0)),
            ("whenever suits the agent", None),
            ("a 3 bedroom apartment in 6th of October", None),
            ("book it for 9 million", None),
            ("3 bedroom apartment under 10 million over 7 years", None),
            ("شقة ٣ غرف بأقل من ١٠ مليون على ٧ سنين", None),
            ("villa 250 sqm with 20% down at 5 years", None),
            ("عايز أحجز معاينة على الشقة دي", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text, n), *expected, "{text}");
        }
    }

    #[test]
    fn a_weekday_is_the_next_one_and_today_only_when_still_ahead() {
        // Thursday 10:00.
        let morning = day(3).and_hms_opt(10, 0, 0).expect("time");
        assert_eq!(parse("thursday at 5pm", morning), at(day(3), 17, 0));
        assert_eq!(parse("thursday at 9am", morning), at(day(10), 9, 0));
        assert_eq!(parse("at 4 pm", morning), at(day(3), 16, 0));
        assert_eq!(parse("at 9 am", morning), at(day(4), 9, 0));
    }

    /// Thousands of phrasings from a grammar: every weekday and relative
    /// day in three scripts (English in full sometimes misspelt), every
    /// hour written seven ways, digits in both scripts, in sentences
    /// around them.
    #[test]
    fn generated_phrasings_read_the_same_day_and_time() {
        let n = now();
        let mut rng = Rng::new(15);
        let pick = |rng: &mut Rng, options: &[&'static str]| {
            options[rng.range(0, options.len() as i64 - 1) as usize]
        };
        let days: &[(Weekday, &[&str])] = &[
            (Weekday::Sat, &["saturday", "Sat", "السبت", "يوم السبت", "el sabt", "sabt"]),
            (Weekday::Sun, &["sunday", "Sun", "الأحد", "يوم الاحد", "el 7ad"]),
            (Weekday::Mon, &["monday", "Mon", "الاثنين", "الإتنين", "el etnen"]),
            (Weekday::Tue, &["tuesday", "Tue", "الثلاثاء", "التلات", "el talat"]),
            (Weekday::Wed, &["wednesday", "Wed", "الأربعاء", "الاربع", "el arba3"]),
            (Weekday::Thu, &["thursday", "Thurs", "الخميس", "el khamis"]),
            (Weekday::Fri, &["friday", "Fri", "الجمعة", "el gom3a"]),
        ];
        let relative: &[(i64, &[&str])] = &[
            (1, &["tomorrow", "Tomorrow", "بكرة", "بكره", "غداً", "bokra"]),
            (2, &["the day after tomorrow", "بعد بكرة", "بعد غد", "ba3d bokra"]),
        ];
        let templates_en = [
            "Book a viewing of the first one {day} {time}",
            "can I see it {day} {time}?",
            "{day} {time} works for me",
            "I want to visit {day}, {time} please",
        ];
        let templates_ar =
            ["احجز معاينة للأولى {day} {time}", "عايز أشوفها {day} {time}", "ممكن {day} {time}؟"];
        for case in 0..5000 {
            let arabic = rng.chance(0.5);
            // "١٢ بالليل" is midnight where "12 pm" is noon: Arabic hours stop at 11.
            let hour12 = rng.range(1, if arabic { 11 } else { 12 }) as u32;
            let minute = [0, 0, 15, 30][rng.range(0, 3) as usize];
            let pm = rng.chance(0.5);
            let expected_hour = if pm { hour12 % 12 + 12 } else { hour12 % 12 };
            let mm = if minute == 0 { String::new() } else { format!(":{minute:02}") };
            let time = if arabic {
                let part = if pm {
                    pick(&mut rng, &["مساءً", "م", "بالليل", "مساء"])
                } else {
                    pick(&mut rng, &["صباحاً", "ص", "الصبح"])
                };
                let (part, expected_hour) = if pm && hour12 < 5 && rng.chance(0.5) {
                    ("العصر", expected_hour)
                } else {
                    (part, expected_hour)
                };
                let _ = expected_hour;
                let hour = match minute {
                    30 if rng.chance(0.5) => format!("{hour12} ونص"),
                    15 if rng.chance(0.5) => format!("{hour12} وربع"),
                    _ => format!("{hour12}{mm}"),
                };
                let text = format!("{} {hour} {part}", pick(&mut rng, &["الساعة", "الساعه", ""]));
                if rng.chance(0.5) { arabic_digits(&text) } else { text }
            } else {
                let suffix = if pm {
                    pick(&mut rng, &["pm", "PM", " pm", " p.m.", " in the evening"])
                } else {
                    pick(&mut rng, &["am", "AM", " am", " a.m.", " in the morning"])
                };
                let suffix = if pm && suffix == " in the evening" && hour12 < 5 {
                    " in the afternoon"
                } else {
                    suffix
                };
                format!("{}{hour12}{mm}{suffix}", pick(&mut rng, &["at ", "at ", "around ", ""]))
            };
            // Noon and midnight on the 12-hour clock.
            let expected_hour = if hour12 == 12 && !pm { 0 } else { expected_hour };
            let expected_hour = if hour12 == 12 && pm { 12 } else { expected_hour };
            let (text_day, expected_date) = if rng.chance(0.7) {
                let (w, names) = days[rng.range(0, days.len() as i64 - 1) as usize];
                let ahead = (7 + w.num_days_from_monday() as i64
                    - n.date().weekday().num_days_from_monday() as i64)
                    % 7;
                let later_today =
                    NaiveTime::from_hms_opt(expected_hour, minute, 0).is_some_and(|t| t > n.time());
                let ahead = if ahead == 0 && !later_today { 7 } else { ahead };
                let name = pick(&mut rng, names);
                // A third of the weekdays written in full come with a typo.
                // ("tursday" is one typo from Thursday and from Tuesday: no
                // reader could tell, so such typos are not generated.)
                let name =
                    if name.len() >= 6 && name.chars().all(|c| c.is_ascii_lowercase()) && rng.chance(0.3) {
                        let t = one_typo(&mut rng, name);
                        let d = crate::domain::fuzzy::edit_distance(&t, name);
                        let clear = FULL_DAYS.iter().all(|(other, _)| {
                            *other == name || crate::domain::fuzzy::edit_distance(&t, other) > d
                        });
                        if clear { t } else { name.to_owned() }
                    } else {
                        name.to_owned()
                    };
                let on = if name.is_ascii() && rng.chance(0.5) { format!("on {name}") } else { name.clone() };
                (on, n.date() + Duration::days(ahead))
            } else {
                let (ahead, names) = relative[rng.range(0, relative.len() as i64 - 1) as usize];
                let name = pick(&mut rng, names);
                let name = if name == "tomorrow" && rng.chance(0.4) {
                    one_typo(&mut rng, name)
                } else {
                    name.to_owned()
                };
                (name, n.date() + Duration::days(ahead))
            };
            // Noon on a Thursday night: "12 pm" Thursday is past; only days ahead are generated.
            let template = if arabic || !text_day.is_ascii() {
                pick(&mut rng, &templates_ar)
            } else {
                pick(&mut rng, &templates_en)
            };
            let text = template.replace("{day}", &text_day).replace("{time}", &time);
            let expected =
                Moment { date: expected_date, time: NaiveTime::from_hms_opt(expected_hour, minute, 0) };
            assert_eq!(parse(&text, n), Some(expected), "case {case}: {text}");
        }
    }
}
