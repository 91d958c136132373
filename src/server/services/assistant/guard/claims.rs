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
        r"(?:#|\b(?:listing|unit|property|id|ref|reference|code|no\.|number)\b|رقم|كود|مرجع|الوحده|وحده|(?P<noun>الشقه|شقت|الفيلا|الشاليه|المكتب|المحل|العياده|الدوبلكس|البنتهاوس|التوين هاوس|التاون هاوس|الاستوديو|الستوديو|\b(?:chalet|villa|apartment|flat|office|shop|clinic|studio|duplex|penthouse|townhouse|twinhouse|twin house|town house)\b))\s?(?:no\.?\s?|number\s|#\s?|:\s?)?(?P<tok>[a-z0-9][a-z0-9_/-]*)",
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
        // "the bigger unit: 313 m²": a size or an amount, not an id.
        let rest = norm[tok.end()..].trim_start();
        if [
            "m²",
            "m2",
            "sqm",
            "sq",
            "square",
            "meter",
            "metre",
            "متر",
            "م²",
            "م2",
            "million",
            "مليون",
            "ملايين",
            "egp",
            "جنيه",
            "pound",
        ]
        .iter()
        .any(|u| rest.starts_with(u))
            || tok.as_str().ends_with('m')
                && tok.as_str()[..tok.len() - 1].chars().all(|c| c.is_ascii_digit())
        {
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
                "bed",
                "br",
                "room",
                "bath",
                "year",
                "m ",
                "floor",
                "dor",
                "دور",
                "الدور",
            ]
            .iter()
            .any(|u| rest.starts_with(u));
            // "الشاليه 9.02 مليون": a decimal, not flat 9.
            let decimal = norm[tok.end()..].starts_with(['.', ','])
                && norm[tok.end() + 1..].starts_with(|d: char| d.is_ascii_digit());
            if counted || decimal {
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

/// What a unit looks onto, or a part of it that is its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    SeaView,
    LagoonView,
    PoolView,
    GreenView,
    ClubView,
    OpenView,
    PlazaView,
    StreetView,
    NileView,
    GolfView,
    PyramidsView,
    CityView,
    PrivateGarden,
    PrivatePool,
    Roof,
    /// A parking space or a garage of the unit's own.
    Parking,
    /// A maid's room, a nanny room or a storage room.
    ExtraRoom,
}

/// What a view word names (normalised, either language).
fn view_kind(word: &str) -> Option<Feature> {
    let w = word.trim_start_matches("ال");
    Some(match w {
        "sea" | "beach" | "بحر" | "سي" | "شاطئ" => Feature::SeaView,
        "lagoon" | "lake" | "lagoons" | "لاجون" | "بحيره" | "ليك" => Feature::LagoonView,
        "pool" | "swimming pool" | "pools" | "حمام السباحه" | "حمامات السباحه" | "بيسين" | "بول" | "بسين" => {
            Feature::PoolView
        }
        "garden"
        | "gardens"
        | "park"
        | "landscape"
        | "landscaping"
        | "green"
        | "greenery"
        | "green space"
        | "green spaces"
        | "central park"
        | "حديقه"
        | "جنينه"
        | "حدائق"
        | "مساحات الخضراء"
        | "مساحات خضراء"
        | "خضره"
        | "لاندسكيب"
        | "جاردن"
        | "بارك"
        | "حديقه المركزيه" => Feature::GreenView,
        "club" | "clubhouse" | "club house" | "نادي" | "نادي الاجتماعي" | "كلوب" | "كلوب هاوس" => {
            Feature::ClubView
        }
        "open" | "panoramic" | "مفتوح" | "مفتوحه" | "اوبن" | "بانوراما" => {
            Feature::OpenView
        }
        "plaza" | "square" | "ساحه" | "بلازا" => Feature::PlazaView,
        "boulevard" | "street" | "main street" | "road" | "شارع" | "بوليفارد" | "شارع الرئيسي" => {
            Feature::StreetView
        }
        "nile" | "river" | "نيل" | "نهر" => Feature::NileView,
        "golf" | "golf course" | "جولف" | "ملعب الجولف" => Feature::GolfView,
        "pyramid" | "pyramids" | "اهرامات" | "هرم" | "اهرام" => Feature::PyramidsView,
        "city" | "skyline" | "city skyline" | "مدينه" | "سكاي لاين" => Feature::CityView,
        _ => return None,
    })
}

const VIEW_WORDS: &str = r"swimming pool|golf course|city skyline|central park|green spaces?|club ?house|main street|sea|beach|lagoons?|lake|pools?|gardens?|park|landscaping|landscape|greenery|green|club|open|panoramic|plaza|square|boulevard|street|road|nile|river|golf|pyramids?|city|skyline";
const VIEW_WORDS_AR: &str = r"حمامات السباحه|حمام السباحه|الحديقه المركزيه|المساحات الخضراء|مساحات خضراء|النادي الاجتماعي|الشارع الرئيسي|ملعب الجولف|(?:ال)?(?:بحر|شاطئ|لاجون|بحيره|بيسين|حديقه|جنينه|حدائق|خضره|لاندسكيب|نادي|كلوب هاوس|كلوب|مفتوح|ساحه|بلازا|بوليفارد|شارع|نيل|نهر|جولف|اهرامات|اهرام|هرم|مدينه)";

static VIEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<a>{VIEW_WORDS})[- ]views?\b|\bviews? (?:of|over|onto|to|across) (?:the |a )?(?P<b>{VIEW_WORDS})\b|\b(?:overlook(?:s|ing)?|looks? out (?:over|onto|on|at)|looking out (?:over|onto|on|at)|faces|facing) (?:the |a |an )?(?:compound's |compound |development's )?(?:central |main |big |large |beautiful )?(?P<c>{VIEW_WORDS})\b|\b(?P<d>{VIEW_WORDS})-facing\b|\bfacing (?:the |a )?(?P<e>{VIEW_WORDS})\b|(?:اطلاله|اطلالات|يطل|تطل|بيطل|بتطل|مطل|مطله|مطلات|فيو|بيبص|بتبص|واجهه)\s(?:مباشره\s)?(?:علي\s|ع\s)?(?P<f>{VIEW_WORDS_AR})|\b(?P<g>سي|بول|جاردن|لاجون|لاندسكيب|كلوب|اوبن|جولف|بارك|بلازا|ليك|سكاي لاين)\s?فيو\b"
    ))
    .expect("view pattern")
});

static PRIVATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\bprivate (?P<a>garden|pool|swimming pool|roof|rooftop|roof terrace)\b|\b(?:its|his|her|your|their) own (?P<b>garden|pool|swimming pool|roof|rooftop)\b|\b(?P<c>garden|pool|roof) of (?:its|your|their) own\b|\b(?P<d>roof terrace|rooftop|roof garden)\b|\bwith (?:a |its |an )?(?P<e>roof)\b|(?P<f>حديقه|جنينه|حمام سباحه|بيسين|رو{1,2}ف|تراس|garden|pool|roof)\s(?:خاص|خاصه|برايفت|بتاعتها|بتاعها|بتاعته|بتاعه|خاصه بيها|خاص بيها|مستقل|مستقله)|(?:^|\s|ب|و)(?P<g>رو{1,2}ف)(?:\s|$|[.,،])|\b(?P<h>parking spaces?|parking spots?|parking lots?|garage|car park|covered parking|جراج|باركينج|موقف سيارات|maid'?s room|nanny room|غرفه خادمه|اوضه دادا|storage room|غرفه تخزين)",
    )
    .expect("private pattern")
});

fn private_kind(word: &str) -> Feature {
    match word {
        "garden" | "حديقه" | "جنينه" => Feature::PrivateGarden,
        "pool" | "swimming pool" | "حمام سباحه" | "بيسين" => Feature::PrivatePool,
        w if ["park", "garage", "جراج", "باركينج", "موقف"].iter().any(|p| w.contains(p)) => {
            Feature::Parking
        }
        w if ["room", "غرفه", "اوضه"].iter().any(|p| w.contains(p)) => Feature::ExtraRoom,
        _ => Feature::Roof,
    }
}

/// Words that deny what follows ("no sea view", "مفيش روف").
const NEGATIONS: &[&str] = &[
    "no ",
    "not ",
    "n't ",
    "without ",
    "none ",
    "nor ",
    "لا ",
    "مش ",
    "بدون ",
    "مفيش ",
    "ليس ",
    "مالهاش ",
    "من غير ",
    "ملهاش ",
    "مافيش ",
];

/// The views and private parts a normalised text states, with where each
/// starts; a denied one ("no sea view") is no claim.
pub fn features(norm: &str) -> Vec<(usize, Feature, String)> {
    let mut out = Vec::new();
    let denied = |at: usize| {
        let before = &norm[super::text::floor_char(norm, at.saturating_sub(28))..at];
        NEGATIONS.iter().any(|n| before.contains(n))
    };
    for c in VIEW.captures_iter(norm) {
        let Some(whole) = c.get(0) else { continue };
        let word = ["a", "b", "c", "d", "e", "f", "g"].iter().find_map(|n| c.name(n)).map(|m| m.as_str());
        if let Some(kind) = word.and_then(view_kind)
            && !denied(whole.start())
        {
            out.push((whole.start(), kind, whole.as_str().to_owned()));
        }
    }
    for c in PRIVATE.captures_iter(norm) {
        let Some(whole) = c.get(0) else { continue };
        let Some(word) = ["a", "b", "c", "d", "e", "f", "g", "h"].iter().find_map(|n| c.name(n)) else {
            continue;
        };
        if !denied(whole.start()) {
            out.push((whole.start(), private_kind(word.as_str()), whole.as_str().to_owned()));
        }
    }
    out
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

/// "A regular apartment", "شقة عادية".
const PLAIN_APARTMENT: &[&str] = &[
    "regular apartment",
    "normal apartment",
    "standard apartment",
    "typical apartment",
    "ordinary apartment",
    "شقه عاديه",
    "شقه عادي",
];

/// Words that deny the kind after them ("not a penthouse", "مش دوبلكس").
const NOT_A: &[&str] = &[
    "not a ",
    "not an ",
    "isn't a ",
    "isn't an ",
    "rather than a ",
    "instead of a ",
    "مش ",
    "ليس ",
    "ليست ",
    "مش عباره عن ",
];

/// Parts of a unit whose size is not the unit's.
const PARTS: &[&str] = &[
    "garden",
    "roof",
    "terrace",
    "balcony",
    "land",
    "plot",
    "حديقه",
    "حديقت",
    "جنينه",
    "جنينت",
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
    ("مشطب", Finishing::FullyFinished),
    ("مشطبه", Finishing::FullyFinished),
    ("كامل التشطيب", Finishing::FullyFinished),
    ("تشطيب بالكامل", Finishing::FullyFinished),
    ("سوبر لوكس", Finishing::FullyFinished),
    ("الترا سوبر لوكس", Finishing::FullyFinished),
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
    ("eleventh", 11),
    ("حادي", 1),
    ("حداشر", 11),
    ("twelfth", 12),
    ("اتناشر", 12),
    ("thirteenth", 13),
    ("تلتاشر", 13),
    ("fourteenth", 14),
    ("اربعتاشر", 14),
    ("fifteenth", 15),
    ("خمستاشر", 15),
    ("sixteenth", 16),
    ("ستاشر", 16),
    ("seventeenth", 17),
    ("سبعتاشر", 17),
    ("eighteenth", 18),
    ("تمنتاشر", 18),
    ("nineteenth", 19),
    ("تسعتاشر", 19),
    ("twentieth", 20),
];

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
    // "not a penthouse": a denial, true only when it is not one.
    for c in out.iter_mut() {
        if let Fact::Type(t) = c.fact {
            let before = &norm[super::text::floor_char(norm, c.at.saturating_sub(24))..c.at];
            if NOT_A.iter().any(|n| before.ends_with(n)) {
                c.fact = Fact::NotType(t);
            }
        }
    }
    // "a townhouse villa", "فيلا تاون هاوس": the kind is the townhouse.
    let houses: Vec<usize> = out
        .iter()
        .filter(|c| matches!(c.fact, Fact::Type(PropertyType::Townhouse | PropertyType::Twinhouse)))
        .map(|c| c.at)
        .collect();
    out.retain(|c| {
        c.fact != Fact::Type(PropertyType::Villa) || !houses.iter().any(|h| h.abs_diff(c.at) <= 16)
    });
    // A year inside an amount, a size or an id is not a date.
    let sizes: Vec<usize> = out.iter().filter(|c| matches!(c.fact, Fact::Size(_))).map(|c| c.at).collect();
    out.retain(|c| !matches!(c.fact, Fact::Year(_)) || !sizes.contains(&c.at));
    out.sort_by_key(|c| c.at);
    (out, money_ranges)
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
