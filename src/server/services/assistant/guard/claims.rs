//! The checkable claims in a sentence: listing references in any form,
//! amounts of money, percentages, counts with units (bedrooms, bathrooms,
//! m², floors, years, installments), dates, delivery states, finishing and
//! the kind of unit. The guard's own reading runs on `text::normalize`d
//! text, so "three bedrooms", "3BR" and "٣ غرف" are one claim.

use super::lexicon::*;
use super::text::ascii_digits;

use crate::domain::listing::{Finishing, PropertyType};

use regex::Regex;

use std::sync::LazyLock;

pub use super::features::{Feature, features};
pub use super::refs::{Ref, listing_refs, refs};

/// An amount of money in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amount {
    /// Byte range in the original text.
    pub range: std::ops::Range<usize>,
    pub value: i64,
    /// How far off a figure may be and still be what was written
    /// ("8.5M" covers 8,450,000 to 8,550,000).
    pub tolerance: i64,
}

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?P<pre>EGP|L\.E\.?|LE|E£))?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<unit>million|mn|m|k|thousand|bn|billion|مليون|ملايين|ألف|الف|آلاف|الاف|مليار))?(?:\s?(?P<post>EGP|L\.?E\.?|pounds?|جنيه|ج\.م\.?))?",
    )
    .expect("money pattern")
});

/// Whether a text speaks of money: a currency or a price word.
fn speaks_of_money(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["egp", "l.e", "pound", "price", "cost", "budget", "جنيه", "سعر", "ج.م", "مليون", "million"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The amounts of money in `text`: a number with a currency, or with a
/// magnitude word ("8.5M", "٨٫٥ مليون"), or a grouped number of at least
/// 10,000 that is not an area.
pub fn amounts(text: &str) -> Vec<Amount> {
    let (ascii, map) = ascii_digits(text);
    let mut out = Vec::new();
    for caps in MONEY.captures_iter(&ascii) {
        let (Some(whole), Some(num)) = (caps.get(0), caps.name("num")) else { continue };
        let after = &ascii[whole.end()..];
        let unit = caps.name("unit").map(|u| u.as_str().to_lowercase());
        // "150 m²" / "150m2" / "3 months" are not money.
        let spaced = caps.name("unit").is_some_and(|u| u.start() > num.end());
        let unit = match unit.as_deref() {
            Some("m" | "mn" | "k")
                if spaced
                    || after.starts_with(['²', '2'])
                    || after.starts_with(|c: char| c.is_alphabetic()) =>
            {
                continue;
            }
            other => other.map(str::to_owned),
        };
        let currency = caps.name("pre").is_some() || caps.name("post").is_some();
        let digits = num.as_str().replace(',', "");
        let Ok(number) = digits.parse::<f64>() else { continue };
        let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len() as i32);
        // "Studio 58m": metres, unless the text speaks of money.
        if unit.as_deref() == Some("m")
            && !currency
            && decimals == 0
            && number >= 30.0
            && !speaks_of_money(&ascii)
        {
            continue;
        }
        let multiplier: f64 = match unit.as_deref() {
            Some("million" | "mn" | "m" | "مليون" | "ملايين") => 1e6,
            Some("k" | "thousand" | "ألف" | "الف" | "آلاف" | "الاف") => 1e3,
            Some("bn" | "billion" | "مليار") => 1e9,
            _ => 1.0,
        };
        let grouped = num.as_str().contains(',');
        let area_follows = {
            let a = after.trim_start().to_lowercase();
            ["sqm", "m²", "m2", "square", "متر", "م²", "م٢"].iter().any(|s| a.starts_with(s))
        };
        if area_follows || !(currency || multiplier > 1.0 || (grouped && number >= 10_000.0)) {
            continue;
        }
        let value = (number * multiplier).round();
        if !(1_000.0..=1e12).contains(&value) {
            continue;
        }
        let tolerance = if multiplier > 1.0 {
            (multiplier * 10f64.powi(-decimals) / 2.0).round() as i64
        } else {
            ((value / 1000.0).round() as i64).max(2)
        };
        // Trim the leading space the optional prefix allows.
        let mut start = whole.start();
        while ascii[start..].starts_with(' ') {
            start += 1;
        }
        let mut end = whole.end();
        while end > start && ascii[..end].ends_with(' ') {
            end -= 1;
        }
        out.push(Amount { range: map[start]..map[end], value: value as i64, tolerance });
    }
    out
}

/// A fact a sentence states.
#[derive(Clone, Debug, PartialEq)]
pub enum Fact {
    Money {
        value: i64,
        tolerance: i64,
    },
    Percent(f64),
    Bedrooms(u32),
    Bathrooms(u32),
    Size(f64),
    /// The size of a part (a garden, a roof, a terrace): true only as the
    /// listing's own description states it.
    PartSize(f64),
    /// A floor (`None`: "a high floor"). Osool keeps no floor figure: a
    /// floor is true only as the listing's own description states it.
    Floor(Option<u32>),
    Years(f64),
    Installments(u32),
    /// A calendar year (a delivery date or any other).
    Year(i32),
    Ready,
    OffPlan,
    Finishing(Finishing),
    Type(PropertyType),
    /// A view or a private part of the unit (a garden, a pool, a roof):
    /// true only as the listing's own description states it.
    Feature(Feature),
    /// How often installments fall due, in months.
    Frequency(u8),
    /// "A regular apartment": an apartment and nothing more (no duplex,
    /// penthouse or studio).
    PlainApartment,
    /// "Not a penthouse".
    NotType(PropertyType),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Byte offset in the normalised sentence.
    pub at: usize,
    pub fact: Fact,
    pub raw: String,
}

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).expect(stringify!($name)));
    };
}

pattern!(
    PERCENT,
    r"(?P<n>\d+(?:\.\d+)?)\s?(?:%|\bpercent\b|\bper cent\b|في الميه|في المئه|في المائه|بالميه|بالمئه)"
);

/// Words that may stand between a count and its unit without changing
/// what is counted ("three full bathrooms", "4 spacious bedrooms"); a
/// word that counts only some ("2 master bedrooms") is not one of them.
const COUNT_ADJECTIVES: &str = r"(?:(?:full|spacious|large|big|generous|good-sized|good sized|comfortable|bright|separate|proper|roomy|cosy|cozy|well-sized|sunny|airy|complete|modern|nice|lovely|huge|decent|real|actual)\s)?";

pattern!(
    BEDROOMS,
    &format!(
        r"(?P<n>\d{{1,2}})\s?-?\s?{COUNT_ADJECTIVES}(?:bed(?:room)?s?\b|br\b|bdr?s?\b|rooms?\b|غرف\w*|اوض\w*|حجر\w*)|(?:bedrooms?|غرف النوم|عدد الغرف|عدد الاوض|الغرف|الاوض)\s?:?\s?(?P<m>\d{{1,2}})\b|(?:غرفه|اوضه|حجره)(?: نوم)? (?P<o>1)\b"
    )
);

pattern!(
    BATHROOMS,
    &format!(
        r"(?P<n>\d{{1,2}})\s?-?\s?{COUNT_ADJECTIVES}(?:bath(?:room)?s?\b|ba\b|حمام\w*)|(?:bathrooms?|عدد الحمامات|الحمامات)\s?:?\s?(?P<m>\d{{1,2}})\b|حمام (?P<o>1)\b|(?:مفيهوش|مفيهاش|مافيهوش|مافيهاش|مفيش|مافيش|بدون|من غير|no|without|zero)\s(?:اي\s|any\s)?(?:حمام|حمامات|bathrooms?)(?P<z>)"
    )
);

pattern!(
    SIZE,
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?-?\s?(?:m²|m2\b|sqm\b|sq\.?\s?m\b|sq\.?\s?ft\b|square\s?(?:met(?:er|re)s?|feet)|met(?:er|re)s?\b|م²|م2\b|متر\w*)|(?:\bsize\b|\barea\b|مساحه|المساحه|مساحتها)\s?(?:of|is|:)?\s?(?P<m>\d{2,4})\b|\b(?P<o>\d{2,4})m\b"
);

pattern!(
    FLOOR,
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?|ground|top|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|upper|high|higher|low|lower|roof|middle)[- ]floor\b|\bfloor\s?(?:no\.?\s?|number\s)?\d{1,2}\b|\bfloors?\s?[:\-]\s?(?:\d{1,2}(?:st|nd|rd|th)?|ground|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth)\b|(?:الدور|الطابق|دور|طابق)\s?:?\s(?:ال)?(?:\d+|ارضي|اول|اولي|ثاني عشر|حادي عشر|ثاني|تاني|ثالث عشر|ثالث|تالت|رابع عشر|رابع|خامس عشر|خامس|سادس|سابع|ثامن|تامن|تاسع|عاشر|حداشر|اتناشر|تلتاشر|اربعتاشر|خمستاشر|ستاشر|سبعتاشر|تمنتاشر|تسعتاشر|اخير|علوي|متكرر|الارضي|الاول|الاخير)"
);

pattern!(YEARS, r"(?P<n>\d{1,2}(?:\.\d+)?)\s?-?\s?(?:years?\b|yrs?\b|سنه\b|سنوات|سنين|عام\b|اعوام)");

pattern!(
    INSTALLMENTS,
    r"\b(?P<n>\d{1,3})\s(?:monthly\s|quarterly\s|equal\s|شهريه\s)?(?:installments|instalments|payments|اقساط|دفعات)"
);

pattern!(YEAR, r"\b(?P<n>20\d{2})\b");

pattern!(
    FREQUENCY,
    r"(?:installments|instalments|payments|paid|payable|(?:ال)?اقساط\w*|(?:ال)?دفعات\w*|بتدفع|تدفع|هتدفع|بتتدفع|تتدفع)\s+(?:\S+\s+){0,3}?(?P<f>monthly|quarterly|semi-annual(?:ly)?|bi-annual(?:ly)?|every (?:month|quarter|\d+ months?)|شهريه|شهري|ربع سنويه|ربع سنوي|نص سنويه|نص سنوي|نصف سنويه|نصف سنوي|كل شهر|كل \d+ (?:شهور|اشهر))|(?:قسط|القسط)\s(?P<h>كل \d+ (?:شهور|اشهر))|\b(?P<g>monthly|quarterly|semi-annual|bi-annual)\s+(?:\S+\s+)?(?:installments|instalments|payments)\b"
);

/// Months between installments, as a frequency phrase says.
fn frequency_months(phrase: &str) -> Option<u8> {
    let p = phrase.trim();
    if let Some(n) = p.split(' ').find_map(|w| w.parse::<u8>().ok()) {
        return Some(n);
    }
    Some(if p.contains("quarter") || p.contains("ربع") {
        3
    } else if p.contains("semi") || p.contains("bi-") || p.contains("نص") {
        6
    } else if p.contains("month") || p.contains("شهر") {
        1
    } else {
        return None;
    })
}

/// The sizes a text states.
pub fn sizes(norm: &str) -> Vec<f64> {
    SIZE.captures_iter(norm).filter_map(|c| number(&c)).collect()
}

/// Where `needle` occurs in `hay` as whole words (Arabic prefixes ب, و,
/// ال, ك, ل allowed before it).
pub(super) fn find_words(hay: &str, needle: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = hay[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        from = start + needle.len().max(1);
        let before = hay[..start].chars().next_back();
        let prefix_ok = match before {
            None => true,
            Some(c) if !c.is_alphanumeric() => true,
            Some(_) if !needle.is_ascii() => {
                let word_start = super::text::word_start(hay, start);
                matches!(
                    &hay[word_start..start],
                    "ب" | "و" | "ال" | "بال" | "وال" | "ك" | "ل" | "لل" | "وب" | "فال"
                )
            }
            Some(_) => false,
        };
        let after = hay[end..].chars().next();
        let suffix_ok = after.is_none_or(|c| !c.is_alphanumeric())
            || (needle.is_ascii() && hay[end..].starts_with('s'))
            || (!needle.is_ascii()
                && hay[end..].starts_with(['ه', 'ي', 'ا', 'ن', 'ت'])
                && needle.chars().count() > 3);
        if prefix_ok && suffix_ok {
            out.push(start);
        }
    }
    out
}

/// The floor a floor phrase names, if it names one.
fn floor_value(phrase: &str) -> Option<u32> {
    if let Some(d) = phrase.split(|c: char| !c.is_ascii_digit()).find(|d| !d.is_empty()) {
        return d.parse().ok();
    }
    let ordinal = |w: &str| ORDINALS.iter().find(|(o, _)| *o == w).map(|(_, n)| *n);
    let value = phrase
        .split([' ', '-', ':'])
        .find_map(|w| ordinal(w).or_else(|| w.strip_prefix("ال").and_then(ordinal)))?;
    // "الحادي عشر", "الثاني عشر": the eleventh, the twelfth.
    if value < 10 && phrase.split(' ').any(|w| w == "عشر") { Some(value + 10) } else { Some(value) }
}

/// The floors a text states.
pub fn floors(norm: &str) -> Vec<Option<u32>> {
    FLOOR.find_iter(norm).map(|m| floor_value(m.as_str())).collect()
}

fn number(caps: &regex::Captures<'_>) -> Option<f64> {
    if caps.name("z").is_some() {
        return Some(0.0);
    }
    caps.name("n")
        .or(caps.name("m"))
        .or(caps.name("o"))
        .and_then(|n| n.as_str().replace(',', "").parse().ok())
}

/// Every claim in a normalised sentence, with the byte ranges of the money
/// it states (for `refs`).
pub fn claims(norm: &str) -> (Vec<Claim>, Vec<std::ops::Range<usize>>) {
    let mut out: Vec<Claim> = Vec::new();
    let mut money_ranges = Vec::new();
    for a in amounts(norm) {
        out.push(Claim {
            at: a.range.start,
            fact: Fact::Money { value: a.value, tolerance: a.tolerance },
            raw: norm[a.range.clone()].to_owned(),
        });
        money_ranges.push(a.range);
    }
    out.extend(figures(norm, &money_ranges));
    out.extend(states(norm));
    out.extend(plan_and_features(norm));
    settle_kinds(norm, &mut out);
    out.sort_by_key(|c| c.at);
    (out, money_ranges)
}

/// Counts, sizes, floors, percentages, plan lengths and years: figures
/// outside every amount.
fn figures(norm: &str, money_ranges: &[std::ops::Range<usize>]) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    let overlaps_money =
        |r: &std::ops::Range<usize>| money_ranges.iter().any(|m| m.start < r.end && r.start < m.end);
    let push = |re: &Regex, make: &dyn Fn(f64) -> Option<Fact>, out: &mut Vec<Claim>| {
        for c in re.captures_iter(norm) {
            let Some(whole) = c.get(0) else { continue };
            if overlaps_money(&whole.range()) {
                continue;
            }
            if let Some(fact) = make(number(&c).unwrap_or(f64::NAN)) {
                out.push(Claim { at: whole.start(), fact, raw: whole.as_str().to_owned() });
            }
        }
    };
    push(&PERCENT, &|n| n.is_finite().then_some(Fact::Percent(n)), &mut out);
    push(&BEDROOMS, &|n| n.is_finite().then_some(Fact::Bedrooms(n as u32)), &mut out);
    push(&BATHROOMS, &|n| n.is_finite().then_some(Fact::Bathrooms(n as u32)), &mut out);
    for c in SIZE.captures_iter(norm) {
        let Some(whole) = c.get(0) else { continue };
        let Some(n) = number(&c).filter(|n| n.is_finite()) else { continue };
        if overlaps_money(&whole.range()) {
            continue;
        }
        let before = &norm[super::text::floor_char(norm, whole.start().saturating_sub(40))..whole.start()];
        // "a garden of 140 m²", or "a 140 m² private garden".
        let part_after = norm[whole.end()..]
            .split(' ')
            .take(3)
            .any(|w| !w.contains("ارضي") && PARTS.iter().any(|p| w.contains(p)));
        let part = part_after || PARTS.iter().any(|p| before.contains(p));
        out.push(Claim {
            at: whole.start(),
            fact: if part { Fact::PartSize(n) } else { Fact::Size(n) },
            raw: whole.as_str().to_owned(),
        });
    }
    for c in FLOOR.find_iter(norm) {
        out.push(Claim {
            at: c.start(),
            fact: Fact::Floor(floor_value(c.as_str())),
            raw: c.as_str().to_owned(),
        });
    }
    push(&YEARS, &|n| n.is_finite().then_some(Fact::Years(n)), &mut out);
    push(&INSTALLMENTS, &|n| n.is_finite().then_some(Fact::Installments(n as u32)), &mut out);
    push(&YEAR, &|n| n.is_finite().then_some(Fact::Year(n as i32)), &mut out);
    out
}

/// Where the unit stands and what it is: off plan or ready, its finishing
/// and its type, each phrase read once.
fn states(norm: &str) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    let off_plan: Vec<usize> = OFF_PLAN.iter().flat_map(|p| find_words(norm, p)).collect();
    for at in &off_plan {
        out.push(Claim { at: *at, fact: Fact::OffPlan, raw: "off plan".into() });
    }
    let mut ready_taken: Vec<std::ops::Range<usize>> = Vec::new();
    for p in READY {
        for at in find_words(norm, p) {
            let r = at..at + p.len();
            if ready_taken.iter().any(|t| t.start < r.end + 8 && r.start < t.end + 8) {
                continue;
            }
            ready_taken.push(r);
            // "not ready to move" is an off-plan claim, not a ready one.
            if !off_plan.iter().any(|o| *o <= at && at < o + 12) {
                out.push(Claim { at, fact: Fact::Ready, raw: (*p).to_owned() });
            }
        }
    }
    let mut finishing_taken: Vec<std::ops::Range<usize>> = Vec::new();
    for (p, f) in FINISHING {
        for at in find_words(norm, p) {
            if finishing_taken.iter().any(|r| r.start <= at && at < r.end) {
                continue;
            }
            // Inside a longer phrase already read ("semi-furnished").
            let r = at..at + p.len();
            if finishing_taken.iter().any(|t| t.start < r.end && r.start < t.end) {
                continue;
            }
            finishing_taken.push(r);
            out.push(Claim { at, fact: Fact::Finishing(*f), raw: (*p).to_owned() });
        }
    }
    let mut type_taken: Vec<std::ops::Range<usize>> = Vec::new();
    for (p, t) in TYPES {
        for at in find_words(norm, p) {
            let r = at..at + p.len();
            if type_taken.iter().any(|x| x.start < r.end && r.start < x.end) {
                continue;
            }
            type_taken.push(r);
            out.push(Claim { at, fact: Fact::Type(*t), raw: (*p).to_owned() });
        }
    }
    out
}

/// Views and private parts, how often installments fall due, "no down
/// payment", "a regular apartment".
fn plan_and_features(norm: &str) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    for (at, f, raw) in features(norm) {
        out.push(Claim { at, fact: Fact::Feature(f), raw });
    }
    for c in FREQUENCY.captures_iter(norm) {
        let (Some(whole), Some(f)) = (c.get(0), c.name("f").or(c.name("g")).or(c.name("h"))) else {
            continue;
        };
        if let Some(months) = frequency_months(f.as_str()) {
            out.push(Claim {
                at: whole.start(),
                fact: Fact::Frequency(months),
                raw: whole.as_str().to_owned(),
            });
        }
    }
    // "no down payment", "بدون مقدم": a down payment of nothing.
    for p in
        ["no down payment", "zero down", "0 down", "بدون مقدم", "من غير مقدم", "من غير اي مقدم", "مقدم صفر"]
    {
        for at in find_words(norm, p) {
            out.push(Claim { at, fact: Fact::Percent(0.0), raw: p.to_owned() });
        }
    }
    for p in PLAIN_APARTMENT {
        for at in find_words(norm, p) {
            out.push(Claim { at, fact: Fact::PlainApartment, raw: (*p).to_owned() });
        }
    }
    out
}

/// "Not a penthouse" is a denial, true only when it is not one; "a
/// townhouse villa" is a townhouse; a year inside a size is no date.
fn settle_kinds(norm: &str, out: &mut Vec<Claim>) {
    for c in out.iter_mut() {
        if let Fact::Type(t) = c.fact {
            let before = &norm[super::text::floor_char(norm, c.at.saturating_sub(24))..c.at];
            if NOT_A.iter().any(|n| before.ends_with(n)) {
                c.fact = Fact::NotType(t);
            }
        }
    }
    let houses: Vec<usize> = out
        .iter()
        .filter(|c| matches!(c.fact, Fact::Type(PropertyType::Townhouse | PropertyType::Twinhouse)))
        .map(|c| c.at)
        .collect();
    out.retain(|c| {
        c.fact != Fact::Type(PropertyType::Villa) || !houses.iter().any(|h| h.abs_diff(c.at) <= 16)
    });
    let sizes: Vec<usize> = out.iter().filter(|c| matches!(c.fact, Fact::Size(_))).map(|c| c.at).collect();
    out.retain(|c| !matches!(c.fact, Fact::Year(_)) || !sizes.contains(&c.at));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::services::assistant::guard::text::normalize;

    fn facts(text: &str) -> Vec<Fact> {
        claims(&normalize(text)).0.into_iter().map(|c| c.fact).collect()
    }

    #[test]
    fn amounts_are_read_in_both_languages() {
        let a = amounts("It costs EGP 8,500,000, about 8.5M, or 96,429 a month; 150 sqm.");
        let values: Vec<(i64, i64)> = a.iter().map(|a| (a.value, a.tolerance)).collect();
        assert_eq!(values, vec![(8_500_000, 8_500), (8_500_000, 50_000), (96_429, 96)]);
        let a = amounts("السعر ٨٫٥ مليون جنيه والقسط ٩٦٬٤٢٩ ج.م.");
        assert_eq!(a.iter().map(|a| a.value).collect::<Vec<_>>(), vec![8_500_000, 96_429]);
        assert!(amounts("3 bedrooms, 150 m², 7 years, 10%").is_empty());
    }

    #[test]
    fn ids_are_found_however_they_are_written() {
        let refs_: Vec<i64> = listing_refs("See #12, listing 15 and الوحدة رقم ١٣ but not 2026.")
            .into_iter()
            .map(|r| r.1)
            .collect();
        assert_eq!(refs_, vec![12, 15, 13]);
        let read = |t: &str| refs(&normalize(t), &[]).into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(read("Listing OSL-999999 is lovely."), vec![None]);
        assert_eq!(read("see unit 4B and ref: A-17"), vec![None, None]);
        assert_eq!(read("Try 987654 too."), vec![Some(987_654)]);
        assert_eq!(read("الوحدة رقم ٧٧٧"), vec![Some(777)]);
        assert_eq!(read("كود OSL-12"), vec![None]);
        assert!(read("3 bedrooms, 150 m², delivery 2027, 10% down").is_empty());
    }

    #[test]
    fn counts_dates_and_states_are_read_in_words_and_both_scripts() {
        assert_eq!(
            facts("a three-bedroom flat of 150 m²"),
            vec![Fact::Bedrooms(3), Fact::Type(PropertyType::Apartment), Fact::Size(150.0)]
        );
        assert_eq!(
            facts("شقة ٣ غرف و٢ حمام مساحتها ١٥٠ متر"),
            vec![
                Fact::Type(PropertyType::Apartment),
                Fact::Bedrooms(3),
                Fact::Bathrooms(2),
                Fact::Size(150.0)
            ]
        );
        assert_eq!(
            facts("Ready to move in today, on the 5th floor."),
            vec![Fact::Ready, Fact::Floor(Some(5))]
        );
        assert_eq!(facts("on the third floor"), vec![Fact::Floor(Some(3))]);
        assert_eq!(facts("في الدور الثالث"), vec![Fact::Floor(Some(3))]);
        assert_eq!(facts("الدور العاشر"), vec![Fact::Floor(Some(10))]);
        assert_eq!(facts("a high floor"), vec![Fact::Floor(None)]);
        assert_eq!(
            facts("Delivery in 2029, 10% down over seven years."),
            vec![Fact::Year(2029), Fact::Percent(10.0), Fact::Years(7.0)]
        );
        assert_eq!(facts("It is not ready to move; under construction."), vec![Fact::OffPlan, Fact::OffPlan]);
        assert_eq!(
            facts("استلام فوري وتشطيب كامل"),
            vec![Fact::Ready, Fact::Finishing(Finishing::FullyFinished)]
        );
        assert_eq!(facts("84 monthly installments"), vec![Fact::Installments(84), Fact::Frequency(1)]);
        assert_eq!(
            facts("eight and a half million pounds"),
            vec![Fact::Money { value: 8_500_000, tolerance: 50_000 }]
        );
        assert_eq!(
            facts("semi-finished villa"),
            vec![Fact::Finishing(Finishing::SemiFinished), Fact::Type(PropertyType::Villa)]
        );
    }
}
