//! Listing references in a sentence: "#48", "listing 48", "رقم ٤٨",
//! "OSL-48", "el 7"; each read as the id it names, or as no listing.

use super::lexicon::*;
use super::text::ascii_digits;
use regex::Regex;
use std::sync::LazyLock;

pub(super) static ID_REF: LazyLock<Regex> = LazyLock::new(|| {
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

pub(super) static REF_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:#|\b(?:listing|unit|property|id|ref|reference|code|no\.|number)\b|رقم|كود|مرجع|الوحده|وحده|(?P<noun>الشقه|شقت|الفيلا|الشاليه|المكتب|المحل|العياده|الدوبلكس|البنتهاوس|التوين هاوس|التاون هاوس|الاستوديو|الستوديو|\b(?:chalet|villa|apartment|flat|office|shop|clinic|studio|duplex|penthouse|townhouse|twinhouse|twin house|town house)\b))\s?(?:no\.?\s?|number\s|#\s?|:\s?)?(?P<tok>[a-z0-9][a-z0-9_/-]*)",
    )
    .expect("reference pattern")
});

/// Letters then digits ("osl-999999", "u1234", "a-17"): a reference code.
pub(super) static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<l>[a-z]{1,6})[-_/]?(?P<d>\d{2,})[a-z0-9-]*\b").expect("code pattern")
});

/// Letter runs that, before digits, are units and not codes.
pub(super) const NOT_CODES: &[&str] =
    &["m", "k", "mn", "bn", "egp", "le", "sqm", "br", "ba", "bd", "q", "x", "h", "am", "pm"];

/// Every listing reference in a normalised sentence, in order.
pub fn refs(norm: &str, money: &[std::ops::Range<usize>]) -> Vec<Ref> {
    let mut out = keyword_refs(norm);
    let mut taken: Vec<std::ops::Range<usize>> = out.iter().map(|r| r.at..r.at + r.raw.len()).collect();
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
    out.extend(long_numbers(norm, money, &taken));
    out.sort_by_key(|r| r.at);
    out
}

/// "#48", "listing 48", "رقم ٤٨", "الشقه 11": a word that names a listing
/// and the number after it, unless the number is a size, an amount or a
/// count ("الشقه 3 غرف").
fn keyword_refs(norm: &str) -> Vec<Ref> {
    let mut out: Vec<Ref> = Vec::new();
    for c in REF_KEYWORD.captures_iter(norm) {
        let (Some(whole), Some(tok)) = (c.get(0), c.name("tok")) else { continue };
        let t = tok.as_str().trim_end_matches(['-', '/', '_']);
        if !t.chars().any(|ch| ch.is_ascii_digit()) {
            continue;
        }
        // "the bigger unit: 313 m²": a size or an amount, not an id.
        let rest = norm[tok.end()..].trim_start();
        if SIZE_OR_AMOUNT.iter().any(|u| rest.starts_with(u))
            || tok.as_str().ends_with('m')
                && tok.as_str()[..tok.len() - 1].chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        // "الشقه 11" names flat 11, "الشقه 3 غرف" is a three-room flat.
        if c.name("noun").is_some() {
            let counted = COUNTED.iter().any(|u| rest.starts_with(u));
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
    }
    out
}

/// A bare number of five digits or more that is no amount, size or year,
/// outside what is already read: an id.
fn long_numbers(norm: &str, money: &[std::ops::Range<usize>], taken: &[std::ops::Range<usize>]) -> Vec<Ref> {
    let mut out: Vec<Ref> = Vec::new();
    let bytes = norm.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0
                && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.' || bytes[i - 1] == b','))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let next = norm[i..].chars().next();
        let glued = next.is_some_and(|c| c == '.' && norm[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
            || next.is_some_and(|c| c == ',' && norm[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
            || next.is_some_and(|c| c == '%' || c.is_alphabetic());
        let covered = money.iter().chain(taken.iter()).any(|r| r.start <= start && start < r.end);
        let unit_after = ID_UNIT_AFTER.iter().any(|u| norm[i..].trim_start().starts_with(u));
        if i - start >= 5 && !glued && !covered && !unit_after {
            out.push(Ref { at: start, id: norm[start..i].parse().ok(), raw: norm[start..i].to_owned() });
        }
    }
    out
}
