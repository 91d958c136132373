//! The checkable claims in a sentence: listing references in any form,
//! amounts of money, percentages, counts with units (bedrooms, bathrooms,
//! m², floors, years, installments), dates, delivery states, finishing and
//! the kind of unit. The guard's own reading runs on `text::normalize`d
//! text, so "three bedrooms", "3BR" and "٣ غرف" are one claim.

use crate::domain::listing::{Finishing, PropertyType};
use regex::Regex;
use std::sync::LazyLock;

/// Digits and separators as ASCII, with a map back to the original bytes.
fn ascii_digits(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let mapped = match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            '\u{066C}' => ',',
            other => other,
        };
        for _ in 0..mapped.len_utf8() {
            map.push(i);
        }
        out.push(mapped);
    }
    map.push(text.len());
    (out, map)
}

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

static ID_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)#\s?(?P<a>\d{1,12})\b|\b(?:listing|unit|property|id)\s?(?:no\.?\s?|number\s)?(?P<b>\d{1,12})\b|(?:رقم|وحدة|الوحدة)\s?#?(?P<c>\d{1,12})",
    )
    .expect("id pattern")
});

/// Listing ids in Osool's own format ("#123", "listing 123", "الوحدة رقم
/// ١٢٣"), with their byte ranges.
pub fn listing_refs(text: &str) -> Vec<(std::ops::Range<usize>, i64)> {
    let (ascii, map) = ascii_digits(text);
    ID_REF
        .captures_iter(&ascii)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let id = c.name("a").or(c.name("b")).or(c.name("c"))?.as_str().parse().ok()?;
            Some((map[whole.start()]..map[whole.end()], id))
        })
        .collect()
}

/// A reference to a listing in a normalised sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    /// Byte offset in the normalised sentence.
    pub at: usize,
    /// Osool's id; `None` for a reference in another format ("OSL-999999",
    /// "unit 4B"): no listing of Osool's is written that way.
    pub id: Option<i64>,
    pub raw: String,
}

static REF_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:#|\b(?:listing|unit|property|id|ref|reference|code|no\.|number)\b|رقم|كود|مرجع|الوحده|وحده|(?P<noun>الشقه|الفيلا|الشاليه))\s?(?:no\.?\s?|number\s|#\s?|:\s?)?(?P<tok>[a-z0-9][a-z0-9_/-]*)",
    )
    .expect("reference pattern")
});

/// Letters then digits ("osl-999999", "u1234", "a-17"): a reference code.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<l>[a-z]{1,6})[-_/]?(?P<d>\d{2,})[a-z0-9-]*\b").expect("code pattern")
});

/// Letter runs that, before digits, are units and not codes.
const NOT_CODES: &[&str] =
    &["m", "k", "mn", "bn", "egp", "le", "sqm", "br", "ba", "bd", "q", "x", "h", "am", "pm"];

/// Every listing reference in a normalised sentence, in order.
pub fn refs(norm: &str, money: &[std::ops::Range<usize>]) -> Vec<Ref> {
    let mut out: Vec<Ref> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for c in REF_KEYWORD.captures_iter(norm) {
        let (Some(whole), Some(tok)) = (c.get(0), c.name("tok")) else { continue };
        let t = tok.as_str().trim_end_matches(['-', '/', '_']);
        if !t.chars().any(|ch| ch.is_ascii_digit()) {
            continue;
        }
        // "الشقه 11" names flat 11, "الشقه 3 غرف" is a three-room flat.
        if c.name("noun").is_some() {
            let rest = norm[tok.end()..].trim_start();
            let counted = [
                "غرف",
                "اوض",
                "م²",
                "م2",
                "متر",
                "مليون",
                "ملايين",
                "الف",
                "جنيه",
                "حمام",
                "سنين",
                "سنوات",
                "سنه",
            ]
            .iter()
            .any(|u| rest.starts_with(u));
            if counted || norm[tok.end()..].starts_with(['.', ',']) {
                continue;
            }
        }
        let id = if t.chars().all(|ch| ch.is_ascii_digit()) { t.parse().ok() } else { None };
        // "unit 3 bedrooms"? A small count after "unit" is still a claim of a
        // listing numbered 3, which the guard then looks up.
        out.push(Ref { at: whole.start(), id, raw: whole.as_str().to_owned() });
        taken.push(whole.range());
    }
    for c in CODE.captures_iter(norm) {
        let (Some(whole), Some(letters)) = (c.get(0), c.name("l")) else { continue };
        if NOT_CODES.contains(&letters.as_str())
            || taken.iter().any(|r| r.start <= whole.start() && whole.start() < r.end)
        {
            continue;
        }
        out.push(Ref { at: whole.start(), id: None, raw: whole.as_str().to_owned() });
        taken.push(whole.range());
    }
    // A bare number of five digits or more that is no amount, size or
    // year: an id.
    let bytes = norm.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit()
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.' || bytes[i - 1] == b','))
        {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let next = norm[i..].chars().next();
            let glued = next
                .is_some_and(|c| c == '.' && norm[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
                || next.is_some_and(|c| c == ',' && norm[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
                || next.is_some_and(|c| c == '%' || c.is_alphabetic());
            let covered = money.iter().chain(taken.iter()).any(|r| r.start <= start && start < r.end);
            let unit_after = {
                let a = norm[i..].trim_start();
                [
                    "m²", "m2", "sqm", "square", "meter", "metre", "متر", "م²", "egp", "pound", "جنيه", "%",
                    "percent",
                ]
                .iter()
                .any(|u| a.starts_with(u))
            };
            if i - start >= 5 && !glued && !covered && !unit_after {
                out.push(Ref { at: start, id: norm[start..i].parse().ok(), raw: norm[start..i].to_owned() });
            }
        } else {
            i += 1;
        }
    }
    out.sort_by_key(|r| r.at);
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
pattern!(
    BEDROOMS,
    r"(?P<n>\d{1,2})\s?-?\s?(?:bed(?:room)?s?\b|br\b|bdr?s?\b|rooms?\b|غرف\w*|اوض\w*|حجر\w*)|(?:bedrooms?|غرف النوم|عدد الغرف)\s?:?\s?(?P<m>\d{1,2})\b"
);
pattern!(
    BATHROOMS,
    r"(?P<n>\d{1,2})\s?-?\s?(?:bath(?:room)?s?\b|ba\b|حمام\w*)|(?:bathrooms?|عدد الحمامات)\s?:?\s?(?P<m>\d{1,2})\b"
);
pattern!(
    SIZE,
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?-?\s?(?:m²|m2\b|sqm\b|sq\.?\s?m\b|sq\.?\s?ft\b|square\s?(?:met(?:er|re)s?|feet)|met(?:er|re)s?\b|م²|م2\b|متر\w*)|(?:\bsize\b|\barea\b|مساحه|المساحه|مساحتها)\s?(?:of|is|:)?\s?(?P<m>\d{2,4})\b"
);
pattern!(
    FLOOR,
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?|ground|top|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|upper|high|higher|low|lower|roof|middle)[- ]floor\b|\bfloor\s?(?:no\.?\s?|number\s)?\d{1,2}\b|(?:الدور|الطابق|دور|طابق)\s(?:ال)?(?:\d+|ارضي|اول|اولي|ثاني|تاني|ثالث|تالت|رابع|خامس|سادس|سابع|ثامن|تامن|تاسع|عاشر|اخير|علوي|متكرر|الارضي|الاول|الاخير)"
);
pattern!(YEARS, r"(?P<n>\d{1,2}(?:\.\d+)?)\s?-?\s?(?:years?\b|yrs?\b|سنه\b|سنوات|سنين|عام\b|اعوام)");
pattern!(
    INSTALLMENTS,
    r"(?P<n>\d{1,3})\s(?:monthly\s|quarterly\s|equal\s|شهريه\s)?(?:installments|instalments|payments|اقساط|دفعات)"
);
pattern!(YEAR, r"\b(?P<n>20\d{2})\b");

/// Parts of a unit whose size is not the unit's.
const PARTS: &[&str] = &[
    "garden",
    "roof",
    "terrace",
    "balcony",
    "land",
    "plot",
    "حديقه",
    "جنينه",
    "روف",
    "تراس",
    "بلكونه",
    "ارض",
];

/// The sizes a text states.
pub fn sizes(norm: &str) -> Vec<f64> {
    SIZE.captures_iter(norm).filter_map(|c| number(&c)).collect()
}

const READY: &[&str] = &[
    "ready to move",
    "ready-to-move",
    "ready now",
    "ready for immediate",
    "move in now",
    "move in today",
    "move in right away",
    "move in immediately",
    "move-in ready",
    "immediate delivery",
    "immediate handover",
    "already delivered",
    "is delivered",
    "has been delivered",
    "been handed over",
    "ready for delivery",
    "جاهز",
    "استلام فوري",
    "تسليم فوري",
    "استلام الان",
    "تم التسليم",
    "متسلم",
    "اسكن علي طول",
    "تسكن علي طول",
];
const OFF_PLAN: &[&str] = &[
    "under construction",
    "off-plan",
    "off plan",
    "not yet delivered",
    "not ready",
    "not delivered",
    "still being built",
    "تحت الانشاء",
    "قيد الانشاء",
    "لم يتم التسليم",
    "مش جاهز",
    "غير جاهز",
    "لسه بيتبني",
];
const FINISHING: &[(&str, Finishing)] = &[
    ("semi-finished", Finishing::SemiFinished),
    ("semi finished", Finishing::SemiFinished),
    ("half-finished", Finishing::SemiFinished),
    ("نص تشطيب", Finishing::SemiFinished),
    ("نصف تشطيب", Finishing::SemiFinished),
    ("نص متشطب", Finishing::SemiFinished),
    ("نصف متشطب", Finishing::SemiFinished),
    ("core and shell", Finishing::CoreShell),
    ("core & shell", Finishing::CoreShell),
    ("core-and-shell", Finishing::CoreShell),
    ("core-shell", Finishing::CoreShell),
    ("طوب احمر", Finishing::CoreShell),
    ("بدون تشطيب", Finishing::CoreShell),
    ("unfurnished", Finishing::FullyFinished),
    ("semi-furnished", Finishing::Furnished),
    ("fully finished", Finishing::FullyFinished),
    ("fully-finished", Finishing::FullyFinished),
    ("تشطيب كامل", Finishing::FullyFinished),
    ("متشطب", Finishing::FullyFinished),
    ("متشطبه", Finishing::FullyFinished),
    ("furnished", Finishing::Furnished),
    ("مفروش", Finishing::Furnished),
    ("مفروشه", Finishing::Furnished),
];
const TYPES: &[(&str, PropertyType)] = &[
    ("twin house", PropertyType::Twinhouse),
    ("twinhouse", PropertyType::Twinhouse),
    ("twin villa", PropertyType::Twinhouse),
    ("town house", PropertyType::Townhouse),
    ("townhouse", PropertyType::Townhouse),
    ("توين هاوس", PropertyType::Twinhouse),
    ("تاون هاوس", PropertyType::Townhouse),
    ("penthouse", PropertyType::Penthouse),
    ("بنتهاوس", PropertyType::Penthouse),
    ("duplex", PropertyType::Duplex),
    ("دوبلكس", PropertyType::Duplex),
    ("villa", PropertyType::Villa),
    ("فيلا", PropertyType::Villa),
    ("studio", PropertyType::Studio),
    ("استوديو", PropertyType::Studio),
    ("ستوديو", PropertyType::Studio),
    ("chalet", PropertyType::Chalet),
    ("شاليه", PropertyType::Chalet),
    ("apartment", PropertyType::Apartment),
    ("flat", PropertyType::Apartment),
    ("شقه", PropertyType::Apartment),
    ("office", PropertyType::Office),
    ("مكتب", PropertyType::Office),
    ("clinic", PropertyType::Clinic),
    ("عياده", PropertyType::Clinic),
    ("shop", PropertyType::Retail),
    ("retail", PropertyType::Retail),
    ("محل", PropertyType::Retail),
];

/// Where `needle` occurs in `hay` as whole words (Arabic prefixes ب, و,
/// ال, ك, ل allowed before it).
fn find_words(hay: &str, needle: &str) -> Vec<usize> {
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

const ORDINALS: &[(&str, u32)] = &[
    ("ground", 0),
    ("ارضي", 0),
    ("الارضي", 0),
    ("first", 1),
    ("اول", 1),
    ("اولي", 1),
    ("الاول", 1),
    ("second", 2),
    ("ثاني", 2),
    ("تاني", 2),
    ("third", 3),
    ("ثالث", 3),
    ("تالت", 3),
    ("fourth", 4),
    ("رابع", 4),
    ("fifth", 5),
    ("خامس", 5),
    ("sixth", 6),
    ("سادس", 6),
    ("seventh", 7),
    ("سابع", 7),
    ("eighth", 8),
    ("ثامن", 8),
    ("تامن", 8),
    ("ninth", 9),
    ("تاسع", 9),
    ("tenth", 10),
    ("عاشر", 10),
];

/// The floor a floor phrase names, if it names one.
fn floor_value(phrase: &str) -> Option<u32> {
    if let Some(d) = phrase.split(|c: char| !c.is_ascii_digit()).find(|d| !d.is_empty()) {
        return d.parse().ok();
    }
    phrase.split([' ', '-']).find_map(|w| {
        let w =
            w.strip_prefix("ال").filter(|_| !w.starts_with("الا") || w == "الاول" || w == "الارضي").unwrap_or(w);
        ORDINALS.iter().find(|(o, _)| *o == w).map(|(_, n)| *n)
    })
}

/// The floors a text states.
pub fn floors(norm: &str) -> Vec<Option<u32>> {
    FLOOR.find_iter(norm).map(|m| floor_value(m.as_str())).collect()
}

fn number(caps: &regex::Captures<'_>) -> Option<f64> {
    caps.name("n").or(caps.name("m")).and_then(|n| n.as_str().replace(',', "").parse().ok())
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
        let part = PARTS.iter().any(|p| before.contains(p));
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
    // A year inside an amount, a size or an id is not a date.
    let sizes: Vec<usize> = out.iter().filter(|c| matches!(c.fact, Fact::Size(_))).map(|c| c.at).collect();
    out.retain(|c| !matches!(c.fact, Fact::Year(_)) || !sizes.contains(&c.at));
    out.sort_by_key(|c| c.at);
    (out, money_ranges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::agent::guard::text::normalize;

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
        assert_eq!(facts("84 monthly installments"), vec![Fact::Installments(84)]);
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
