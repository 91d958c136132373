//! The hallucination guard, enforced in code. Every sentence the assistant
//! writes is checked before the buyer sees it:
//!
//! - a listing id ("#123", "listing 123", "وحدة رقم ١٢٣") must be an
//!   available listing in the database; otherwise the claim is cut;
//! - a compound name must be one Osool knows, and when the sentence is
//!   about one listing it must be that listing's compound;
//! - an amount of money must match a figure the tools returned, the
//!   buyer's own words or a listing's data; a wrong price for a listing is
//!   corrected to the real one, any other unknown amount is removed.
//!
//! While the answer streams, the `Gate` lets through the words before the
//! first risky one (a number, an id, a name) and holds the rest of the
//! sentence until it is complete and checked, so nothing unchecked ever
//! reaches the browser.

use crate::domain::listing::Listing;
use crate::domain::money::Egp;
use crate::i18n::Lang;
use crate::i18n::format_egp;
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorrectionKind {
    ListingId,
    Compound,
    Price,
}

impl CorrectionKind {
    pub fn code(self) -> &'static str {
        match self {
            CorrectionKind::ListingId => "listing_id",
            CorrectionKind::Compound => "compound",
            CorrectionKind::Price => "price",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    pub kind: CorrectionKind,
    /// What the model wrote.
    pub found: String,
    /// What the buyer sees instead.
    pub replaced_by: String,
}

/// Names the guard accepts: compounds, developers and areas, in English and
/// Arabic, normalised (lower case, single spaces).
#[derive(Clone, Debug, Default)]
pub struct KnownNames {
    /// Compound names and their spellings -> the canonical English name.
    compounds: Vec<(String, String)>,
    /// Developers and areas: fine to mention, never a compound mismatch.
    other: Vec<String>,
}

pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl KnownNames {
    pub fn new(compounds: &[(String, Vec<String>)], other: impl IntoIterator<Item = String>) -> KnownNames {
        let mut out = KnownNames::default();
        for (name, aliases) in compounds {
            out.compounds.push((normalize(name), name.clone()));
            for a in aliases {
                out.compounds.push((normalize(a), name.clone()));
            }
        }
        out.compounds.retain(|(n, _)| !n.is_empty());
        out.compounds.sort_by_key(|c| std::cmp::Reverse(c.0.len()));
        out.other = other.into_iter().map(|n| normalize(&n)).filter(|n| !n.is_empty()).collect();
        out
    }

    /// The market table, the catalog's own names and the areas.
    pub fn standard(catalog_compounds: &[String], catalog_developers: &[String]) -> KnownNames {
        use crate::server::catalog::market::COMPOUNDS;
        use crate::server::search::lexicon::{COMPOUND_ALIASES, DEVELOPER_ALIASES};
        let mut compounds: Vec<(String, Vec<String>)> = COMPOUNDS
            .iter()
            .map(|c| {
                let mut aliases = vec![c.name_ar.to_owned()];
                if let Some((_, more)) = COMPOUND_ALIASES.iter().find(|(n, _)| *n == c.name_en) {
                    aliases.extend(more.iter().map(|a| (*a).to_owned()));
                }
                (c.name_en.to_owned(), aliases)
            })
            .collect();
        for c in catalog_compounds {
            if !compounds.iter().any(|(n, _)| n.eq_ignore_ascii_case(c)) {
                compounds.push((c.clone(), Vec::new()));
            }
        }
        let mut other: Vec<String> = Vec::new();
        for c in COMPOUNDS {
            other.push(c.developer.name_en.to_owned());
            other.push(c.developer.name_ar.to_owned());
        }
        for (name, aliases) in DEVELOPER_ALIASES {
            other.push((*name).to_owned());
            other.extend(aliases.iter().map(|a| (*a).to_owned()));
        }
        other.extend(catalog_developers.iter().cloned());
        for a in crate::domain::areas::AREAS {
            other.push(a.name_en.to_owned());
            other.push(a.name_ar.to_owned());
            other.extend(a.aliases.iter().map(|s| (*s).to_owned()));
        }
        KnownNames::new(&compounds, other)
    }

    /// Whether a phrase is, or contains, or is part of a name Osool knows.
    fn knows(&self, phrase: &str) -> bool {
        let p = normalize(phrase);
        let p = p.trim_start_matches("the ");
        // Equal, part of a known name ("Hyde Park" of "Hyde Park New
        // Cairo"), or holding a known name of two words or more.
        let hit = |n: &String| n == p || contains_words(n, p) || (n.contains(' ') && contains_words(p, n));
        if self.compounds.iter().any(|(n, _)| hit(n)) || self.other.iter().any(hit) {
            return true;
        }
        // Arabic names are cut after a fixed number of words ("كمبوند ميفيدا
        // في"): a known name at the start is enough.
        if !p.is_ascii() {
            let words: Vec<&str> = p.split(' ').collect();
            return (1..words.len()).any(|k| {
                let prefix = words[..k].join(" ");
                self.compounds.iter().any(|(n, _)| *n == prefix) || self.other.contains(&prefix)
            });
        }
        false
    }

    /// Known compounds mentioned in a text: (byte range, canonical name).
    fn mentions(&self, text: &str) -> Vec<(std::ops::Range<usize>, String)> {
        let lower = text.to_lowercase();
        if lower.len() != text.len() {
            return Vec::new();
        }
        let mut found: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        for (name, canonical) in &self.compounds {
            let mut from = 0;
            while let Some(at) = lower[from..].find(name.as_str()) {
                let start = from + at;
                let end = start + name.len();
                from = end;
                let before_ok = lower[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let after_ok = lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                if before_ok && after_ok && !found.iter().any(|(r, _)| r.start < end && start < r.end) {
                    found.push((start..end, canonical.clone()));
                }
            }
        }
        found.sort_by_key(|(r, _)| r.start);
        found
    }
}

/// `haystack` holds `needle` as whole words.
fn contains_words(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let h = format!(" {haystack} ");
    h.contains(&format!(" {needle} "))
}

/// What the conversation has established: listings the tools returned (or
/// the database confirmed) and every figure that came from a tool or from
/// the buyer.
#[derive(Clone, Debug, Default)]
pub struct Grounding {
    pub listings: HashMap<i64, Listing>,
    pub numbers: BTreeSet<i64>,
}

impl Grounding {
    pub fn add_listing(&mut self, l: &Listing) {
        if let Ok(id) = l.id.parse::<i64>() {
            for n in [
                Some(l.price_egp),
                l.price_per_sqm_egp,
                l.installment_amount_egp,
                l.monthly_installment_egp,
                l.down_payment_pct.map(|p| (l.price_egp as f64 * p / 100.0).round() as i64),
                l.delivery_payment_pct.map(|p| (l.price_egp as f64 * p / 100.0).round() as i64),
            ]
            .into_iter()
            .flatten()
            {
                self.numbers.insert(n);
            }
            self.listings.insert(id, l.clone());
        }
    }

    /// Every number in a tool's JSON result.
    pub fn add_tool_result(&mut self, value: &Value) {
        match value {
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    self.numbers.insert(i);
                } else if let Some(f) = n.as_f64() {
                    self.numbers.insert(f.round() as i64);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.add_tool_result(v)),
            // Figures in what the listing's agent wrote are not facts.
            Value::Object(map) => map
                .iter()
                .filter(|(key, _)| key.as_str() != super::tools::UNTRUSTED)
                .for_each(|(_, v)| self.add_tool_result(v)),
            Value::String(s) => self.add_text(s),
            _ => {}
        }
    }

    /// Amounts the buyer wrote ("my budget is 8 million").
    pub fn add_text(&mut self, text: &str) {
        for m in amounts(text) {
            self.numbers.insert(m.value);
        }
    }

    fn grounded(&self, value: i64, tolerance: i64) -> bool {
        self.numbers.range(value - tolerance..=value + tolerance).next().is_some()
    }
}

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
        r"(?i)(?:\b(?P<pre>EGP|L\.E\.?|LE|E£))?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<unit>million|mn|m|k|thousand|bn|billion|مليون|ملايين|ألف|الف|آلاف|مليار))?(?:\s?(?P<post>EGP|L\.?E\.?|pounds?|جنيه|ج\.م\.?))?",
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
            Some("k" | "thousand" | "ألف" | "الف" | "آلاف") => 1e3,
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

/// Listing ids a text refers to, with their byte ranges.
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

/// Words that may start an English phrase without naming anything.
const PLAIN_CAPITALS: &[&str] = &[
    "i",
    "i'm",
    "i'd",
    "i'll",
    "i've",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "it's",
    "its",
    "here",
    "here's",
    "there",
    "there's",
    "yes",
    "no",
    "sure",
    "great",
    "good",
    "let",
    "let's",
    "what",
    "which",
    "if",
    "you",
    "your",
    "you're",
    "we",
    "our",
    "both",
    "each",
    "all",
    "also",
    "however",
    "based",
    "for",
    "with",
    "a",
    "an",
    "and",
    "but",
    "so",
    "please",
    "thanks",
    "thank",
    "hello",
    "hi",
    "welcome",
    "unit",
    "units",
    "listing",
    "listings",
    "price",
    "prices",
    "monthly",
    "down",
    "total",
    "note",
    "would",
    "do",
    "can",
    "could",
    "should",
    "is",
    "are",
    "as",
    "at",
    "in",
    "on",
    "of",
    "to",
    "from",
    "by",
    "or",
    "not",
    "one",
    "two",
    "three",
    "four",
    "first",
    "second",
    "third",
    "fourth",
    "option",
    "options",
    "payment",
    "payments",
    "plan",
    "plans",
    "installment",
    "installments",
    "delivery",
    "bedrooms",
    "bedroom",
    "area",
    "size",
    "gross",
    "net",
    "yield",
    "rent",
    "rental",
    "break-even",
    "assumptions",
    "costs",
    "best",
    "value",
    "compare",
    "comparison",
    "apartment",
    "apartments",
    "villa",
    "villas",
    "townhouse",
    "twinhouse",
    "duplex",
    "penthouse",
    "studio",
    "chalet",
    "office",
    "clinic",
    "retail",
    "ready",
    "finished",
    "semi-finished",
    "fully",
    "core",
    "resale",
    "developer",
    "sale",
    "cash",
    "quarterly",
    "when",
    "how",
    "why",
    "who",
    "my",
    "me",
    "egp",
    "osool",
    "offline",
    "assistant",
    "viewing",
    "book",
    "booked",
    "request",
    "requested",
    "sign",
    "signed",
    "just",
    "then",
    "now",
    "today",
    "tomorrow",
    "want",
    "would you",
    "shall",
    "may",
    "might",
    "any",
    "some",
    "more",
    "less",
    "most",
    "cheapest",
    "biggest",
    "lowest",
    "highest",
    "per",
    "sqm",
    "bathrooms",
    "budget",
];

/// Words that, written with a capital, end a compound's name.
const COMPOUND_WORDS: &[&str] = &[
    "heights",
    "hills",
    "gardens",
    "garden",
    "park",
    "residence",
    "residences",
    "village",
    "towers",
    "tower",
    "bay",
    "valley",
    "square",
    "compound",
    "greens",
    "views",
    "lakes",
    "oasis",
    "springs",
    "downs",
    "estates",
    "court",
    "city",
    "resort",
    "walk",
    "ville",
    "grove",
    "creek",
    "island",
    "lagoons",
    "palms",
    "ridge",
];

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-').to_lowercase()
}

/// A word the gate must hold until its sentence is checked.
pub fn is_risky(word: &str, names: &KnownNames) -> bool {
    if word.chars().any(|c| c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) || c == '#') {
        return true;
    }
    if ["كمبوند", "كومباوند", "مشروع", "الكمبوند"].iter().any(|w| word.contains(w))
    {
        return true;
    }
    if is_capitalized(word) && !PLAIN_CAPITALS.contains(&bare(word).as_str()) {
        return true;
    }
    // An Arabic word that begins a known compound name.
    let b = bare(word);
    !b.is_empty()
        && !b.is_ascii()
        && names.compounds.iter().any(|(n, _)| n.split(' ').next() == Some(b.as_str()))
}

/// Capitalised phrases that look like a compound's name ("Palm Crest
/// Heights", "the Azure compound"), with their byte ranges.
fn compound_like(sentence: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let words: Vec<(usize, &str)> =
        sentence.split_whitespace().map(|w| (w.as_ptr() as usize - sentence.as_ptr() as usize, w)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalized(words[i].1) {
            i += 1;
            continue;
        }
        // A run of capitalised words.
        let mut j = i;
        while j + 1 < words.len()
            && is_capitalized(words[j + 1].1)
            && !words[j].1.ends_with([',', '.', ':', ';'])
        {
            j += 1;
        }
        let last = bare(words[j].1);
        let next_is_compound = words.get(j + 1).is_some_and(|(_, w)| bare(w) == "compound");
        let prev_is_compound = i > 0 && bare(words[i - 1].1) == "compound";
        let run_start = words[i..=j].iter().position(|(_, w)| !PLAIN_CAPITALS.contains(&bare(w).as_str()));
        if let Some(skip) = run_start
            && (COMPOUND_WORDS.contains(&last.as_str()) || next_is_compound || prev_is_compound)
        {
            let (start, _) = words[i + skip];
            let (end_at, end_word) = words[j];
            let trimmed = end_word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let range = start..end_at + trimmed.len();
            if range.start < range.end {
                out.push((range.clone(), sentence[range].to_owned()));
            }
        }
        i = j + 1;
    }
    // Arabic: "كمبوند <name>" up to three words.
    for cue in ["كمبوند ", "كومباوند "] {
        let mut from = 0;
        while let Some(at) = sentence[from..].find(cue) {
            let start = from + at + cue.len();
            let rest = &sentence[start..];
            let end = rest
                .char_indices()
                .filter(|(_, c)| c.is_whitespace() || ['،', '.', '؟', ',', '!', ':'].contains(c))
                .nth(1)
                .map_or(rest.len(), |(i, _)| i);
            let name = rest[..end].trim_end_matches(|c: char| !c.is_alphanumeric());
            if !name.is_empty() {
                out.push((start..start + name.len(), name.to_owned()));
            }
            from = start;
        }
    }
    out
}

const PRICE_CUES: &[&str] = &["price", "priced", "costs", "cost", "asking", "سعر", "بسعر", "ثمن", "يبلغ"];
const MONTHLY_CUES: &[&str] = &["month", "monthly", "installment", "شهري", "شهرياً", "قسط", "الشهر"];

fn note(kind: CorrectionKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (CorrectionKind::ListingId, Lang::En) => "[a listing that is not in Osool's catalog was removed]",
        (CorrectionKind::ListingId, Lang::Ar) => "[حُذفت وحدة غير موجودة في قوائم أصول]",
        (CorrectionKind::Compound, Lang::En) => "[a compound not in Osool's listings]",
        (CorrectionKind::Compound, Lang::Ar) => "[كمبوند غير موجود في قوائم أصول]",
        (CorrectionKind::Price, Lang::En) => "[amount removed: not in Osool's data]",
        (CorrectionKind::Price, Lang::Ar) => "[حُذف مبلغ غير موثّق]",
    }
}

/// Checks an answer sentence by sentence.
pub struct Guard {
    pub grounding: Grounding,
    names: Arc<KnownNames>,
    lang: Lang,
    /// The listing the answer last named: "it costs ..." is about it.
    last_listing: Option<i64>,
    pub corrections: Vec<Correction>,
}

impl Guard {
    pub fn new(grounding: Grounding, names: Arc<KnownNames>, lang: Lang) -> Guard {
        Guard { grounding, names, lang, last_listing: None, corrections: Vec::new() }
    }

    pub fn names(&self) -> &KnownNames {
        &self.names
    }

    /// Ids in `sentence` the guard has not seen: look them up first
    /// (`Grounding::add_listing` for the available ones).
    pub fn unknown_ids(&self, sentence: &str) -> Vec<i64> {
        listing_refs(sentence)
            .into_iter()
            .map(|(_, id)| id)
            .filter(|id| !self.grounding.listings.contains_key(id))
            .collect()
    }

    /// The sentence as the buyer may see it. The words before the first
    /// risky one are never changed (the gate may already have sent them).
    pub fn check(&mut self, sentence: &str) -> String {
        let mut edits: Vec<(std::ops::Range<usize>, String, CorrectionKind)> = Vec::new();
        let refs = listing_refs(sentence);
        let mut cut_from: Option<usize> = None;
        let mut valid: Vec<i64> = Vec::new();
        for (range, id) in &refs {
            if self.grounding.listings.get(id).is_some_and(|l| l.is_available) {
                if !valid.contains(id) {
                    valid.push(*id);
                }
            } else if cut_from.is_none() {
                cut_from = Some(range.start);
                self.record(
                    CorrectionKind::ListingId,
                    &sentence[range.clone()],
                    note(CorrectionKind::ListingId, self.lang),
                );
            }
        }
        if let Some(&last) = valid.last() {
            self.last_listing = Some(last);
        }
        let limit = cut_from.unwrap_or(sentence.len());
        // The listing this sentence is about.
        let subject = match valid.as_slice() {
            [one] => Some(*one),
            [] => self.last_listing,
            _ => None,
        };
        let subject_listing = subject.and_then(|id| self.grounding.listings.get(&id)).cloned();

        // Compounds: a known one must be the listing's own; an unknown one goes.
        let mentions = self.names.mentions(sentence);
        if valid.len() == 1
            && let Some(l) = &subject_listing
            && let Some(real) = &l.compound
        {
            for (range, canonical) in &mentions {
                if range.end <= limit
                    && !canonical.eq_ignore_ascii_case(real)
                    && !l.developer.as_deref().is_some_and(|d| normalize(d).contains(&normalize(canonical)))
                {
                    edits.push((range.clone(), real.clone(), CorrectionKind::Compound));
                }
            }
        }
        for (range, phrase) in compound_like(sentence) {
            if range.end > limit
                || self.names.knows(&phrase)
                || mentions.iter().any(|(r, _)| r.start < range.end && range.start < r.end)
            {
                continue;
            }
            let replacement = match subject_listing.as_ref().and_then(|l| l.compound.clone()) {
                Some(real) if valid.len() == 1 => real,
                _ => note(CorrectionKind::Compound, self.lang).to_owned(),
            };
            edits.push((range, replacement, CorrectionKind::Compound));
        }

        // Money.
        let lower = sentence.to_lowercase();
        let monthly = MONTHLY_CUES.iter().any(|c| lower.contains(c));
        let price_cue = PRICE_CUES.iter().any(|c| lower.contains(c));
        for amount in amounts(sentence) {
            if amount.range.end > limit
                || refs.iter().any(|(r, _)| r.start < amount.range.end && amount.range.start < r.end)
                || self.grounding.grounded(amount.value, amount.tolerance)
            {
                continue;
            }
            let replacement = match &subject_listing {
                Some(l) if monthly => l.monthly_installment_egp.map(|m| format_egp(Egp::new(m), self.lang)),
                Some(l) if price_cue => Some(format_egp(Egp::new(l.price_egp), self.lang)),
                _ => None,
            }
            .unwrap_or_else(|| note(CorrectionKind::Price, self.lang).to_owned());
            edits.push((amount.range, replacement, CorrectionKind::Price));
        }

        edits.sort_by_key(|(r, _, _)| r.start);
        let mut out = String::with_capacity(sentence.len());
        let mut at = 0;
        for (range, replacement, kind) in edits {
            if range.start < at {
                continue;
            }
            out.push_str(&sentence[at..range.start]);
            self.record(kind, &sentence[range.clone()], &replacement);
            out.push_str(&replacement);
            at = range.end;
        }
        out.push_str(&sentence[at..limit]);
        if cut_from.is_some() {
            out.push_str(note(CorrectionKind::ListingId, self.lang));
            // Keep the sentence's own ending (its full stop and line break).
            let tail = sentence[limit..].trim_end();
            if let Some(end) = tail.chars().last().filter(|c| ['.', '!', '?', '؟'].contains(c)) {
                out.push(end);
            }
            out.push_str(&sentence[sentence.trim_end().len()..]);
        }
        out
    }

    fn record(&mut self, kind: CorrectionKind, found: &str, replaced_by: &str) {
        tracing::warn!(kind = kind.code(), found, replaced_by, "guard corrected the assistant");
        metrics::counter!("agent_guard_corrections_total", "kind" => kind.code()).increment(1);
        self.corrections.push(Correction {
            kind,
            found: found.to_owned(),
            replaced_by: replaced_by.to_owned(),
        });
    }

    /// Ids of valid listings the text cites, in order of first mention.
    pub fn cited(&self, text: &str) -> Vec<i64> {
        let mut out = Vec::new();
        for (_, id) in listing_refs(text) {
            if self.grounding.listings.get(&id).is_some_and(|l| l.is_available) && !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }
}

/// Splits a stream of text into checked sentences, letting safe words out
/// early.
#[derive(Default)]
pub struct Gate {
    pending: String,
    /// Bytes of `pending` already sent to the buyer.
    sent: usize,
}

/// What the gate lets out after a push.
#[derive(Debug, Default, PartialEq)]
pub struct Released {
    /// Words that can go to the buyer now (no risky word among them).
    pub early: String,
    /// Complete sentences to check; each with how many of its leading bytes
    /// were already sent early.
    pub sentences: Vec<(String, usize)>,
}

/// The end of the first complete sentence in `text`: after ".", "!", "?",
/// "؟" followed by white space, or after a line break.
fn sentence_end(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            return Some(i + 1);
        }
        if ['.', '!', '?', '؟'].contains(&c) {
            match chars.peek() {
                Some((j, next)) if next.is_whitespace() => {
                    let mut end = *j;
                    // Take the white space with the sentence (up to a line break).
                    for (k, ch) in text[*j..].char_indices() {
                        if ch == '\n' {
                            end = j + k + 1;
                            break;
                        }
                        if !ch.is_whitespace() {
                            break;
                        }
                        end = j + k + ch.len_utf8();
                    }
                    return Some(end);
                }
                _ => {}
            }
        }
    }
    None
}

impl Gate {
    pub fn push(&mut self, text: &str, names: &KnownNames) -> Released {
        self.pending.push_str(text);
        let mut released = Released::default();
        while let Some(end) = sentence_end(&self.pending) {
            let sentence: String = self.pending.drain(..end).collect();
            released.sentences.push((sentence, self.sent));
            self.sent = 0;
        }
        // Early words: complete words (followed by white space) before the
        // first risky one.
        let unsent = &self.pending[self.sent..];
        let mut safe = 0;
        let mut offset = 0;
        for piece in unsent.split_inclusive(char::is_whitespace) {
            let complete = piece.ends_with(char::is_whitespace);
            if !complete || is_risky(piece.trim(), names) {
                break;
            }
            offset += piece.len();
            safe = offset;
        }
        // Only when nothing of an earlier sentence waits to be checked.
        if released.sentences.is_empty() && safe > 0 {
            released.early = unsent[..safe].to_owned();
            self.sent += safe;
        } else if safe > 0 {
            // The checked sentences go first; these words follow them.
            released.early = unsent[..safe].to_owned();
            self.sent += safe;
        }
        released
    }

    /// What of the unfinished sentence already went to the buyer.
    pub fn sent_text(&self) -> &str {
        &self.pending[..self.sent]
    }

    /// The rest, at the end of the stream.
    pub fn finish(&mut self) -> Option<(String, usize)> {
        if self.pending.is_empty() {
            return None;
        }
        let sent = std::mem::take(&mut self.sent);
        Some((std::mem::take(&mut self.pending), sent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::listing::{InstallmentFrequency, PropertyType};

    pub fn listing(id: i64, compound: &str, price: i64) -> Listing {
        Listing {
            id: id.to_string(),
            title: format!("Apartment {id}"),
            title_ar: None,
            description: None,
            description_ar: None,
            property_type: PropertyType::Apartment,
            location: "New Cairo".into(),
            district: None,
            compound: Some(compound.into()),
            developer: None,
            compound_ar: None,
            developer_ar: None,
            bedrooms: Some(3),
            bathrooms: Some(2),
            area_sqm: Some(150),
            price_egp: price,
            price_per_sqm_egp: Some(price / 150),
            delivery_year: None,
            delivered: Some(true),
            finishing: None,
            sale_type: None,
            down_payment_pct: Some(10.0),
            delivery_payment_pct: None,
            installment_years: Some(7),
            installment_frequency: InstallmentFrequency::Monthly,
            installment_amount_egp: Some(96_429),
            monthly_installment_egp: Some(96_429),
            maintenance_deposit_pct: None,
            is_available: true,
            image_url: None,
            url: format!("/listings/{id}"),
        }
    }

    fn guard(lang: Lang) -> Guard {
        let mut g = Grounding::default();
        g.add_listing(&listing(12, "Mivida", 8_500_000));
        g.add_listing(&listing(15, "Hyde Park New Cairo", 9_900_000));
        let names = KnownNames::standard(&["Mivida".into()], &[]);
        Guard::new(g, Arc::new(names), lang)
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
        let refs: Vec<i64> = listing_refs("See #12, listing 15 and الوحدة رقم ١٣ but not 2026.")
            .into_iter()
            .map(|r| r.1)
            .collect();
        assert_eq!(refs, vec![12, 15, 13]);
    }

    #[test]
    fn true_sentences_pass_unchanged() {
        let mut g = guard(Lang::En);
        for s in [
            "#12 in Mivida is priced at EGP 8,500,000 (8.5M) with 96,429 a month. ",
            "Hyde Park New Cairo has #15 at 9.9M EGP.",
            "I can also book a viewing for you.",
        ] {
            assert_eq!(g.check(s), s);
        }
        assert!(g.corrections.is_empty());
    }

    #[test]
    fn an_invented_listing_is_cut() {
        let mut g = guard(Lang::En);
        let out = g.check("You will love #9999, a villa in Mivida for 5M. ");
        assert_eq!(out, "You will love [a listing that is not in Osool's catalog was removed]. ");
        assert_eq!(g.corrections.len(), 1);
        assert_eq!(g.corrections[0].kind, CorrectionKind::ListingId);
    }

    #[test]
    fn a_wrong_price_is_corrected_and_an_unknown_amount_removed() {
        let mut g = guard(Lang::En);
        assert_eq!(g.check("#12 is priced at 6.2M EGP."), "#12 is priced at EGP 8,500,000.");
        assert_eq!(g.check("It costs only EGP 7,000,000!"), "It costs only EGP 8,500,000!");
        let mut g = guard(Lang::En);
        assert_eq!(
            g.check("Prices start at 3M EGP."),
            "Prices start at [amount removed: not in Osool's data]."
        );
        assert_eq!(g.corrections.len(), 1);
    }

    #[test]
    fn invented_and_mismatched_compounds_are_fixed() {
        let mut g = guard(Lang::En);
        assert_eq!(g.check("#12 sits in Palm Crest Heights."), "#12 sits in Mivida.");
        assert_eq!(g.check("#15 is in Mivida."), "#15 is in Hyde Park New Cairo.");
        let mut g = guard(Lang::En);
        assert_eq!(
            g.check("Also consider Azure Bay Residences nearby."),
            "Also consider [a compound not in Osool's listings] nearby."
        );
        assert_eq!(
            g.check("New Cairo and Sheikh Zayed are popular."),
            "New Cairo and Sheikh Zayed are popular."
        );
    }

    #[test]
    fn arabic_answers_are_checked_too() {
        let mut g = guard(Lang::Ar);
        let price = format_egp(Egp::new(8_500_000), Lang::Ar);
        assert_eq!(g.check("الوحدة #12 سعرها ٥ مليون جنيه."), format!("الوحدة #12 سعرها {price}."));
        assert_eq!(g.check("جرّب #٧٧٧ في التجمع."), "جرّب [حُذفت وحدة غير موجودة في قوائم أصول].");
    }

    #[test]
    fn the_gate_sends_safe_words_early_and_holds_risky_ones() {
        let names = KnownNames::standard(&[], &[]);
        let mut gate = Gate::default();
        let r = gate.push("I found three ", &names);
        assert_eq!(r.early, "I found three ");
        let r = gate.push("homes for you: #12 is", &names);
        assert_eq!(r.early, "homes for you: ");
        let r = gate.push(" great. Next", &names);
        assert_eq!(r.early, "");
        assert_eq!(r.sentences, vec![("I found three homes for you: #12 is great. ".to_owned(), 29)]);
        let r = gate.push(" one", &names);
        assert_eq!(r.early, "");
        assert_eq!(gate.finish(), Some(("Next one".to_owned(), 0)));
    }
}
