//! Query understanding: turns what a buyer types, in English, Arabic or
//! transliteration ("3 bedroom apartment in New Cairo under 10 million,
//! 7 years installments", "شقة ٣ غرف في التجمع أقل من ١٠ مليون"), into hard
//! filters plus the soft text that is left. Each filter remembers the words
//! it came from, so a chip can be removed by deleting them from the query.

mod quantity;

use super::lexicon::*;
use crate::domain::areas::{self, AREAS};
use crate::domain::search::{FilterKind, Filters, QueryNote, Sort};
use crate::domain::{franco, fuzzy, places};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

/// The known compound and developer names (the static market table plus
/// whatever the catalog holds), matched as phrases.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    /// Every word the parser knows (lexicon, areas, names): never corrected.
    known: HashSet<String>,
    /// The known words a typo may be corrected to (five letters or more),
    /// with their length in characters.
    targets: Vec<(String, usize)>,
    /// Known words by consonant skeleton, both scripts: how a Franco-Arabic
    /// spelling ("so5na", "mlyon", "mas7a") finds the word it stands for.
    skeletons: HashMap<String, Vec<String>>,
    /// What a one-word entry means ("sha2a" and "شقه" are both an
    /// apartment): spellings that mean the same are one reading.
    meanings: HashMap<String, String>,
    /// Every phrase the parser matches (names, places, multi-word terms),
    /// longest first, with the skeletons of Arabic ones: built once here,
    /// not for each query.
    phrases: Vec<Phrase>,
}

/// A phrase and what it sets.
#[derive(Clone, Debug)]
struct Phrase {
    words: Vec<String>,
    /// Each word's consonant skeleton, when the phrase has Arabic words.
    skeletons: Vec<String>,
    arabic: bool,
    assign: Assign,
}

/// The phrase table, longest phrases first. Compounds and developers come
/// as (normalised phrase tokens, the names it stands for): a phrase shared
/// by several projects stands for all of them.
fn phrase_table(
    compounds: &[(Vec<String>, Vec<String>)],
    developers: &[(Vec<String>, Vec<String>)],
) -> Vec<Phrase> {
    let mut candidates: Vec<(Vec<String>, Assign)> = Vec::new();
    for (phrase, names) in compounds {
        candidates.push((phrase.clone(), Assign::Compound(names.clone())));
    }
    for (phrase, names) in developers {
        if let Some(name) = names.first() {
            candidates.push((phrase.clone(), Assign::Developer(name.clone())));
        }
    }
    for area in AREAS {
        for alias in area.aliases {
            candidates.push((words(alias), Assign::Area(area.name_en)));
        }
    }
    for place in places::PLACES {
        for alias in place.aliases {
            candidates.push((words(alias), Assign::Place(place.name_en)));
        }
    }
    for (w, t) in TYPE_WORDS.iter().filter(|(w, _)| w.contains(' ')) {
        candidates.push((words(w), Assign::Types(vec![*t])));
    }
    for (w, s) in SALE_WORDS {
        candidates.push((words(w), Assign::Sale(*s)));
    }
    for (w, f) in FINISHING_WORDS {
        candidates.push((words(w), Assign::Finishing(*f)));
    }
    for (w, s) in SORT_WORDS {
        candidates.push((words(w), Assign::Sort(*s)));
    }
    for w in READY_PHRASES {
        candidates.push((words(w), Assign::Ready));
    }
    for w in NO_DOWN_PHRASES {
        candidates.push((words(w), Assign::DownMax(0)));
    }
    for w in LOW_DOWN_PHRASES {
        candidates.push((words(w), Assign::DownMax(10)));
    }
    candidates.retain(|(phrase, _)| !phrase.is_empty());
    candidates.sort_by_key(|c| std::cmp::Reverse(c.0.len()));
    candidates
        .into_iter()
        .map(|(words, assign)| {
            let arabic = words.iter().any(|w| !w.is_ascii());
            let skeletons =
                words.iter().map(|w| if arabic { franco::skeleton(w) } else { String::new() }).collect();
            Phrase { words, skeletons, arabic, assign }
        })
        .collect()
}

impl Gazetteer {
    pub fn new(compounds: &[(String, Vec<String>)], developers: &[(String, Vec<String>)]) -> Gazetteer {
        let expand = |items: &[(String, Vec<String>)]| {
            let mut out: Vec<(Vec<String>, Vec<String>)> = Vec::new();
            for (name, aliases) in items {
                for alias in std::iter::once(name).chain(aliases) {
                    let phrase = words(alias);
                    if phrase.is_empty() {
                        continue;
                    }
                    // Names typed as one word: "hydepark", "هايدبارك".
                    let glued = phrase.concat();
                    let glued = (phrase.len() > 1
                        && glued.chars().count() >= 6
                        && glued.chars().all(char::is_alphabetic))
                    .then(|| vec![glued]);
                    for phrase in std::iter::once(phrase).chain(glued) {
                        match out.iter_mut().find(|(p, _)| *p == phrase) {
                            Some((_, names)) if !names.contains(name) => names.push(name.clone()),
                            Some(_) => {}
                            None => out.push((phrase, vec![name.clone()])),
                        }
                    }
                }
            }
            // Longest phrases first, so "Mountain View iCity October" beats "Mountain View".
            out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
            out
        };
        let compounds = expand(compounds);
        let developers = expand(developers);
        let mut known: HashSet<String> = HashSet::new();
        let mut add = |phrase: &str| known.extend(words(phrase));
        for list in UNIT_LISTS.iter().chain(OTHER_LISTS) {
            list.iter().for_each(|w| add(w));
        }
        TYPE_WORDS.iter().for_each(|(w, _)| add(w));
        TYPE_GROUPS.iter().for_each(|(w, _)| add(w));
        SALE_WORDS.iter().for_each(|(w, _)| add(w));
        FINISHING_WORDS.iter().for_each(|(w, _)| add(w));
        SORT_WORDS.iter().for_each(|(w, _)| add(w));
        MONEY_UNITS.iter().for_each(|(w, _)| add(w));
        NUMBER_WORDS.iter().for_each(|(w, _)| add(w));
        PERIOD_WORDS.iter().for_each(|(w, _)| add(w));
        FRACTION_WORDS.iter().for_each(|(w, _)| add(w));
        AREAS.iter().flat_map(|a| a.aliases.iter()).for_each(|w| add(w));
        places::PLACES.iter().flat_map(|p| p.aliases.iter()).for_each(|w| add(w));
        for (phrase, _) in compounds.iter().chain(&developers) {
            known.extend(phrase.iter().cloned());
        }
        let mut targets: Vec<(String, usize)> = known
            .iter()
            .filter(|w| w.chars().all(char::is_alphabetic))
            // "sity" is not a misspelt "sixty".
            .filter(|w| !NUMBER_WORDS.iter().any(|(n, _)| n == w))
            .map(|w| (w.clone(), w.chars().count()))
            .filter(|(_, n)| fuzzy::allowed_typos(*n) > 0)
            .collect();
        targets.sort();
        let mut meanings: HashMap<String, String> = HashMap::new();
        let mut mean = |word: &str, meaning: String| {
            let w = words(word);
            if let [w] = w.as_slice() {
                meanings.entry(w.clone()).or_insert(meaning);
            }
        };
        TYPE_WORDS.iter().for_each(|(w, t)| mean(w, format!("type {t:?}")));
        MONEY_UNITS.iter().for_each(|(w, m)| mean(w, format!("money {m}")));
        NUMBER_WORDS.iter().for_each(|(w, n)| mean(w, format!("number {n}")));
        FINISHING_WORDS.iter().for_each(|(w, f)| mean(w, format!("finishing {f:?}")));
        for (list, meaning) in [
            (BEDROOM_WORDS, "bedrooms"),
            (BATHROOM_WORDS, "bathrooms"),
            (SQM_WORDS, "sqm"),
            (YEAR_WORDS, "years"),
            (MONTHLY_WORDS, "monthly"),
            (INSTALLMENT_WORDS, "installments"),
            (DOWN_WORDS, "down payment"),
            (AREA_WORDS, "size"),
        ] {
            list.iter().for_each(|w| mean(w, meaning.to_owned()));
        }
        AREAS.iter().for_each(|a| a.aliases.iter().for_each(|w| mean(w, format!("place {}", a.name_en))));
        places::PLACES
            .iter()
            .for_each(|p| p.aliases.iter().for_each(|w| mean(w, format!("place {}", p.name_en))));
        let mut skeletons: HashMap<String, Vec<String>> = HashMap::new();
        for word in &known {
            let skeleton = franco::skeleton(word);
            if skeleton.chars().count() >= 2 {
                skeletons.entry(skeleton).or_default().push(word.clone());
            }
        }
        for words in skeletons.values_mut() {
            words.sort();
        }
        let phrases = phrase_table(&compounds, &developers);
        Gazetteer { known, targets, skeletons, meanings, phrases }
    }

    /// Several known words with one skeleton are spellings of one word
    /// ("aktar", "akthar") unless they mean different things ("townhouse",
    /// "twinhouse"): then there is no reading. Of the spellings, one that
    /// means something alone, then the one closest to what was typed.
    fn one_reading<'a>(&self, word: &str, list: Vec<&'a String>) -> Option<&'a str> {
        let mut meanings: Vec<&String> = list.iter().filter_map(|w| self.meanings.get(w.as_str())).collect();
        meanings.sort();
        meanings.dedup();
        if meanings.len() > 1 {
            return None;
        }
        // A word with a meaning of its own before a piece of a phrase.
        list.into_iter()
            .min_by_key(|w| {
                (!self.meanings.contains_key(w.as_str()), fuzzy::edit_distance(word, w), w.as_str())
            })
            .map(String::as_str)
    }

    /// The known word a Franco-Arabic spelling stands for: "so5na" is
    /// "sokhna", "mlyon" "million", "5ames" after "el" is "الخامس". Only
    /// words written with a letter-digit ("so5na", "3ayez") or unknown,
    /// uncommon words of four letters or more are read this way, a Latin
    /// reading wins over an Arabic one, and two readings that are not forms
    /// of one word give none.
    pub fn franco(&self, word: &str, after_article: bool) -> Option<&str> {
        if !word.is_ascii() || self.known.contains(word) {
            return None;
        }
        if franco::has_letter_digit(word) {
            // "3beds" is three beds, not a word.
            let tail = word.trim_start_matches(|c: char| c.is_ascii_digit());
            if tail.len() < word.len() && (self.known.contains(tail) || is_common_word(tail)) {
                return None;
            }
        } else if word.len() < 4 || !word.chars().all(|c| c.is_ascii_alphabetic()) || is_common_word(word) {
            return None;
        }
        let skeleton = franco::skeleton(word);
        // Two consonants are too few to tell words apart, unless a Franco
        // digit is one of them ("sha2a").
        if skeleton.chars().count() < 3 && !franco::has_letter_digit(word) {
            return None;
        }
        let candidates = self.skeletons.get(&skeleton)?;
        let digit = franco::has_letter_digit(word);
        // Without a Franco digit, only the parser's own words are read this
        // way ("mlyon", "shahry"): a name is left to typo correction, or
        // "sherka" (company) would be Shorouk.
        let own_word =
            |w: &&String| digit || self.meanings.get(w.as_str()).is_some_and(|m| !m.starts_with("place "));
        let latin: Vec<&String> = candidates.iter().filter(|w| w.is_ascii()).filter(own_word).collect();
        if let Some(reading) = self.one_reading(word, latin) {
            return Some(reading);
        }
        // An English word is never read as an Arabic one: only a word
        // written with a Franco digit is.
        if !franco::has_letter_digit(word) {
            return None;
        }
        // "el 5ames" is "الخامس"; "5amsa" alone is "خمسه".
        let (with_article, without): (Vec<&String>, Vec<&String>) =
            candidates.iter().filter(|w| !w.is_ascii()).partition(|w| w.starts_with("ال"));
        if after_article && !with_article.is_empty() || without.is_empty() {
            self.one_reading(word, with_article)
        } else {
            self.one_reading(word, without)
        }
    }

    /// The known word `word` is a typo of, if one is clearly closest: never
    /// for a known word or a common English one ("story" is not "store"),
    /// the first letter kept in Latin script (or one that sounds alike),
    /// one typo at most in Arabic.
    pub fn correct(&self, word: &str) -> Option<&str> {
        let len = word.chars().count();
        if len < 4 || !word.chars().all(char::is_alphabetic) || self.known.contains(word) {
            return None;
        }
        let latin = word.is_ascii();
        if latin && is_common_word(word) {
            return None;
        }
        let first = word.chars().next()?;
        let mut best: Option<(usize, &str)> = None;
        let mut tied = false;
        for (target, n) in &self.targets {
            let allowed = if latin { fuzzy::allowed_typos(*n) } else { 1 };
            if len.abs_diff(*n) > allowed || target.is_ascii() != latin {
                continue;
            }
            // The first letter is kept, or swapped for one that sounds
            // alike ("sity" is "city", "kairo" "cairo").
            if latin
                && !target
                    .chars()
                    .next()
                    .is_some_and(|t| t == first || (HARD_C.contains(&t) && HARD_C.contains(&first)))
            {
                continue;
            }
            // Another form of the same word is not a typo ("garden" is not
            // a misspelt "gardens").
            if target.strip_suffix('s') == Some(word) || word.strip_suffix('s') == Some(target.as_str()) {
                return None;
            }
            let d = fuzzy::edit_distance(word, target);
            if d == 0 || d > allowed {
                continue;
            }
            match best {
                // Two forms of one word ("townhouse", "townhouses") are one answer.
                Some((b, t)) if d == b && same_word(t, target) => {}
                Some((b, t)) if d == b && t != target.as_str() => tied = true,
                Some((b, _)) if d >= b => {}
                _ => {
                    best = Some((d, target.as_str()));
                    tied = false;
                }
            }
        }
        if tied { None } else { best.map(|(_, t)| t) }
    }
}

/// "or" in the scripts buyers write.
const OR_WORDS: &[&str] = &["or", "او", "aw", "wala", "ولا"];

/// Franco-Arabic words of two letters and a digit ("ma3" with, "la2" no).
const FRANCO_SHORT: &[&str] = &["ma3", "la2"];

/// Letters that begin a word with the same sound in buyers' spellings.
const HARD_C: &[char] = &['c', 's', 'k', 'q'];

/// Cue words people glue to the number after them ("under4m", "max10m").
const CUE_WORDS_GLUED: &[&str] =
    &["under", "max", "min", "below", "above", "over", "upto", "budget", "around", "about"];

/// The article ال in Franco-Arabic, alone or glued to a preposition
/// ("el", "fel" في ال, "bel", "lel", "wel").
const FRANCO_ARTICLES: &[&str] =
    &["el", "al", "il", "l", "fel", "fl", "fil", "bel", "bil", "lel", "lil", "wel"];

/// Whether a token spells a phrase's word: the same, or both Franco-Arabic
/// spellings of one word ("3aala el a2l" is "3ala el a2al").
fn spells(tok: &Tok, word: &str) -> bool {
    let digit = |w: &str| w.bytes().any(|b| b.is_ascii_digit()) && franco::has_letter_digit(w);
    tok.norm == word
        || (!tok.skel.is_empty()
            && word.is_ascii()
            && (digit(&tok.norm) || digit(word))
            && tok.skel == franco::skeleton(word))
}

/// Singular and plural of one word.
fn same_word(a: &str, b: &str) -> bool {
    a == b || a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)
}

/// The commonest English words (data/common-words.txt): left as typed.
fn is_common_word(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| include_str!("../../../../../data/common-words.txt").lines().collect())
        .contains(word)
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Understood {
    pub filters: Filters,
    /// The words no filter used: what the ranking treats as wishes.
    pub soft_text: String,
    /// Where in the query each filter came from (byte ranges).
    pub spans: Vec<(FilterKind, Range<usize>)>,
    /// Words read as typos of known ones: (as typed, as read).
    pub corrections: Vec<(String, String)>,
    /// What was asked that no filter holds (rent, "not in ...").
    pub notes: Vec<QueryNote>,
}

impl Understood {
    /// The query with the words behind `kind` removed.
    pub fn query_without(&self, query: &str, kind: FilterKind) -> String {
        let mut ranges: Vec<Range<usize>> = self
            .spans
            .iter()
            .filter(|(k, _)| *k == kind || (kind == FilterKind::Location && *k == FilterKind::District))
            .map(|(_, r)| r.clone())
            .collect();
        ranges.sort_by_key(|r| std::cmp::Reverse(r.start));
        let mut out = query.to_owned();
        for r in ranges {
            if r.end <= out.len() && out.is_char_boundary(r.start) && out.is_char_boundary(r.end) {
                out.replace_range(r, " ");
            }
        }
        let mut tidy = out.split_whitespace().collect::<Vec<_>>().join(" ");
        for (from, to) in [(" ,", ","), (" ،", "،"), (",,", ","), ("،،", "،")] {
            while tidy.contains(from) {
                tidy = tidy.replace(from, to);
            }
        }
        tidy.trim_matches(|c: char| c == ',' || c == '،' || c.is_whitespace()).to_owned()
    }
}

#[derive(Clone, Debug)]
struct Tok {
    norm: String,
    span: Range<usize>,
    num: Option<f64>,
    used: bool,
    /// A Latin word's consonant skeleton (set once the words are read).
    skel: String,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

fn ascii_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        c => c,
    }
}

fn is_word_char(c: char) -> bool {
    // Arabic short vowels and tanween are marks, not letters, but belong
    // to their word ("مترًا").
    (c.is_alphabetic() || c == '²' || c == '\'' || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}')
        && !is_digit(c)
}

const SYMBOLS: &[char] = &['%', '٪', '+', '-', '–', '<', '>', '~', '/', '&'];

/// Splits text into words, numbers and symbols, with byte spans.
fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        // "3ayez", "5ames", "2est": a Franco digit that starts a word is
        // a letter, unless what follows is a unit or term ("3beds", "5k").
        let franco_start = c.is_ascii_digit() && {
            let letters: String =
                chars[i + 1..].iter().map(|(_, ch)| *ch).take_while(|ch| ch.is_ascii_alphabetic()).collect();
            let next = chars.get(i + 1 + letters.len()).map(|(_, ch)| *ch);
            let word = format!("{c}{letters}").to_ascii_lowercase();
            !next.is_some_and(|ch| ch.is_ascii_digit())
                && franco::has_letter_digit(&word)
                && !is_term(&letters.to_ascii_lowercase())
                && !is_common_word(&letters.to_ascii_lowercase())
        };
        if is_digit(c) && !franco_start {
            let mut j = i;
            let mut digits = String::new();
            while j < chars.len() {
                let ch = chars[j].1;
                if is_digit(ch) {
                    digits.push(ascii_digit(ch));
                    j += 1;
                } else if matches!(ch, ',' | '٬' | '.' | '٫')
                    && j + 1 < chars.len()
                    && is_digit(chars[j + 1].1)
                {
                    // A comma before exactly three digits groups thousands;
                    // otherwise a comma or point is the decimal mark.
                    let run = chars[j + 1..].iter().take_while(|(_, d)| is_digit(*d)).count();
                    let grouping = matches!(ch, ',' | '٬') && run == 3;
                    if !grouping {
                        digits.push('.');
                    }
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
            toks.push(Tok {
                norm: digits.clone(),
                span: start..end,
                // A number beyond a trillion is no amount anyone means.
                num: digits.parse().ok().filter(|n: &f64| *n < 1e12),
                used: false,
                skel: String::new(),
            });
            i = j;
        } else if is_word_char(c) || franco_start {
            let mut j = i + usize::from(franco_start);
            loop {
                while j < chars.len() && is_word_char(chars[j].1) {
                    j += 1;
                }
                // Arabizi writes letters with digits: "sha2a", "tagamo3";
                // but "under4m" is "under 4m".
                let digits = chars[j..].iter().take_while(|(_, d)| d.is_ascii_digit()).count();
                if digits == 0 {
                    break;
                }
                let before = text[start..chars[j].0].to_ascii_lowercase();
                // "ma3" (with) is one word too: two letters and a digit.
                let short = j - i == 2 && FRANCO_SHORT.contains(&format!("{before}{}", chars[j].1).as_str());
                if !short && (is_common_word(&before) || CUE_WORDS_GLUED.contains(&before.as_str())) {
                    break;
                }
                let after = chars.get(j + digits).map(|(_, ch)| *ch);
                let inside = after.is_some_and(is_word_char);
                let trailing =
                    digits == 1 && (j - i >= 3 || short) && !after.is_some_and(|ch| ch.is_alphanumeric());
                // "m2" is one word: "7.5M, 2 rooms" is not square metres.
                let square = digits == 1
                    && j - i == 1
                    && matches!(chars[i].1, 'm' | 'M')
                    && chars[j].1 == '2'
                    && !after.is_some_and(|ch| ch.is_alphanumeric());
                let trailing = trailing || square;
                if inside || trailing {
                    j += digits;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
            let norm = areas::normalize(&text[start..end]).replace('\'', "");
            if !norm.is_empty() {
                toks.push(Tok { norm, span: start..end, num: None, used: false, skel: String::new() });
            }
            i = j;
        } else if SYMBOLS.contains(&c) {
            let norm = match c {
                '٪' => "%".to_owned(),
                '–' => "-".to_owned(),
                c => c.to_string(),
            };
            toks.push(Tok {
                norm,
                span: start..start + c.len_utf8(),
                num: None,
                used: false,
                skel: String::new(),
            });
            i += 1;
        } else {
            i += 1;
        }
    }
    toks
}

/// A phrase as the tokenizer would see it.
fn words(phrase: &str) -> Vec<String> {
    tokenize(phrase).into_iter().map(|t| t.norm).collect()
}

/// `words` of a lexicon phrase, tokenized once per process: the cue and
/// unit lists are consulted around every number of every query.
fn lexicon_words(phrase: &str) -> std::borrow::Cow<'static, [String]> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<String>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut all: Vec<&'static str> =
            UNIT_LISTS.iter().chain(OTHER_LISTS).flat_map(|l| l.iter().copied()).collect();
        all.extend(STRICT_CUES);
        all.extend(FRACTION_WORDS.iter().map(|(w, _)| *w));
        all.extend(PERIOD_WORDS.iter().map(|(w, _)| *w));
        all.extend(MONEY_UNITS.iter().map(|(w, _)| *w));
        all.into_iter().map(|w| (w, words(w))).collect()
    });
    match table.get(phrase) {
        Some(p) => std::borrow::Cow::Borrowed(p.as_slice()),
        None => std::borrow::Cow::Owned(words(phrase)),
    }
}

/// Arabic words often carry a glued prefix: "والتجمع", "بالتقسيط", "الشقق".
fn variants(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    for prefix in ["وال", "بال", "لل", "ال", "و", "ب", "ل"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() >= 2
        {
            out.push(rest);
        }
    }
    out
}

struct Parser<'a> {
    query: &'a str,
    toks: Vec<Tok>,
    gazetteer: &'a Gazetteer,
    current_year: i16,
    out: Understood,
}

/// Understands `query`. `current_year` anchors "delivery in 2 years".
pub fn understand(query: &str, gazetteer: &Gazetteer, current_year: i16) -> Understood {
    let mut parser =
        Parser { query, toks: tokenize(query), gazetteer, current_year, out: Understood::default() };
    parser.correct(query);
    parser.phrases();
    parser.numbers();
    parser.single_words();
    parser.rent();
    parser.studio_or_bedrooms();
    parser.soft_text(query);
    parser.out
}

impl Parser<'_> {
    /// Reads misspelt words as the known words they are one or two typos
    /// from ("apartmnet", "cario", "milion", "penthose"), and notes each.
    fn correct(&mut self, query: &str) {
        for i in 0..self.toks.len() {
            let tok = &self.toks[i];
            if tok.num.is_some() {
                continue;
            }
            // An Arabic word with a glued prefix is known if its stem is.
            if variants(&tok.norm).iter().any(|v| self.gazetteer.known.contains(*v)) {
                continue;
            }
            let typed = query.get(tok.span.clone()).unwrap_or(&tok.norm).to_owned();
            // Franco-Arabic first ("so5na", "mlyon"), then typos.
            let after_article = i > 0 && FRANCO_ARTICLES.contains(&self.toks[i - 1].norm.as_str());
            // A plain Latin word is a typo first ("pethouse" is "penthouse"),
            // Franco second ("milyn" is "million").
            let fixed = if franco::has_letter_digit(&tok.norm) {
                self.gazetteer.franco(&tok.norm, after_article)
            } else {
                self.gazetteer.correct(&tok.norm).or_else(|| self.gazetteer.franco(&tok.norm, after_article))
            };
            if let Some(fixed) = fixed {
                // A Latin spelling read as a Latin word is said; one read
                // as its Arabic word is simply understood.
                if fixed.is_ascii() {
                    self.out.corrections.push((typed, fixed.to_owned()));
                }
                self.toks[i].norm = fixed.to_owned();
            }
        }
        for tok in self.toks.iter_mut().filter(|t| t.num.is_none() && t.norm.is_ascii()) {
            tok.skel = franco::skeleton(&tok.norm);
        }
    }

    /// Whether the phrase's words start at token `i`. A glued Arabic prefix
    /// ("بأقل من", "والتجمع الخامس") is allowed on the first word.
    fn matches_at(&self, i: usize, phrase: &[String]) -> bool {
        self.match_len(i, phrase, None).is_some()
    }

    /// How many tokens from `i` the phrase covers. With the phrase's
    /// skeletons, an Arabic phrase is also matched written in Franco-Arabic
    /// ("bor sa3eed" is "بور سعيد", "tagamo3 el 5ames" "التجمع الخامس"),
    /// an "el" before a word with the article included; a Latin word
    /// without a Franco digit ("bor") counts only beside one with it
    /// ("sa3eed").
    fn match_len(&self, i: usize, phrase: &[String], skeletons: Option<&[String]>) -> Option<usize> {
        if phrase.is_empty() {
            return None;
        }
        let mut k = i;
        let (mut strong, mut weak) = (false, false);
        for (n, w) in phrase.iter().enumerate() {
            let mut tok = self.toks.get(k).filter(|t| !t.used)?;
            let exact = |t: &Tok| spells(t, w) || (n == 0 && variants(&t.norm).contains(&w.as_str()));
            if exact(tok) {
                strong = true;
                k += 1;
                continue;
            }
            // A one-word name typed as two: "بلوم فيلدز", "pent house".
            if let Some(next) = self.toks.get(k + 1).filter(|t| !t.used && t.num.is_none())
                && tok.num.is_none()
                && w.chars().count() >= 6
                && w.len() == tok.norm.len() + next.norm.len()
                && w.starts_with(tok.norm.as_str())
                && w.ends_with(next.norm.as_str())
            {
                k += 2;
                continue;
            }
            let skeleton = skeletons.and_then(|s| s.get(n)).filter(|s| !s.is_empty() && !w.is_ascii())?;
            if w.starts_with("ال") && FRANCO_ARTICLES.contains(&tok.norm.as_str()) {
                k += 1;
                tok = self.toks.get(k).filter(|t| !t.used)?;
            }
            if tok.skel.is_empty() || tok.skel != *skeleton {
                return None;
            }
            // A plain word ("sherka", "bor") only counts beside one written
            // with a Franco digit or typed as the phrase has it: "sherka"
            // (company) alone is not الشروق.
            if franco::has_letter_digit(&tok.norm) {
                strong = true;
            } else {
                weak = true;
            }
            k += 1;
        }
        (!weak || strong).then_some(k - i)
    }

    fn consume(&mut self, kind: FilterKind, range: Range<usize>) {
        let (Some(first), Some(last)) =
            (self.toks.get(range.start), self.toks.get(range.end.saturating_sub(1)))
        else {
            return;
        };
        let span = first.span.start..last.span.end;
        for tok in &mut self.toks[range] {
            tok.used = true;
        }
        self.out.spans.push((kind, span));
    }

    /// Multi-word names and phrases, longest first at each position.
    fn phrases(&mut self) {
        // Arabic phrases may be written in Franco-Arabic: their skeletons.
        let franco_typed = self.toks.iter().any(|t| t.num.is_none() && t.norm.is_ascii());
        let gazetteer = self.gazetteer;
        let mut i = 0;
        while i < self.toks.len() {
            let hit = gazetteer.phrases.iter().find_map(|p| {
                let skeletons = (franco_typed && p.arabic).then_some(p.skeletons.as_slice());
                self.match_len(i, &p.words, skeletons).map(|n| (n, p.assign.clone()))
            });
            match hit {
                Some((n, assign)) => {
                    self.apply(assign, i..i + n);
                    i += n;
                }
                None => i += 1,
            }
        }
    }

    fn apply(&mut self, assign: Assign, range: Range<usize>) {
        // "not in New Cairo", "مش شقة": never the filter it names, nor a
        // wish to rank by; said beside the results instead.
        if let Some(neg) = self.negation_before(range.start) {
            // A place or type left out is a filter ("not in New Cairo",
            // "مش شقة"); the other sale type is what "not resale" asks.
            use crate::domain::listing::SaleType;
            let places: Vec<String> = match &assign {
                Assign::Area(name) => {
                    areas::by_name(name).map(|a| a.name_en.to_owned()).into_iter().collect()
                }
                Assign::Place(name) => vec![(*name).to_owned()],
                Assign::Compound(names) => names.clone(),
                Assign::Developer(name) => vec![name.clone()],
                _ => Vec::new(),
            };
            let f = &mut self.out.filters;
            let kind = match &assign {
                _ if !places.is_empty() => {
                    for name in places {
                        if !f.exclude_places.iter().any(|p| p.eq_ignore_ascii_case(&name)) {
                            f.exclude_places.push(name);
                        }
                    }
                    Some(FilterKind::Exclude)
                }
                Assign::Types(types) => {
                    for t in types {
                        if !f.exclude_types.contains(t) {
                            f.exclude_types.push(*t);
                        }
                    }
                    Some(FilterKind::Exclude)
                }
                Assign::Sale(s) if f.sale_type.is_none() => {
                    f.sale_type = Some(match s {
                        SaleType::Resale => SaleType::Developer,
                        SaleType::Developer => SaleType::Resale,
                    });
                    Some(FilterKind::SaleType)
                }
                _ => None,
            };
            if let Some(kind) = kind {
                self.consume(kind, neg..range.end);
                return;
            }
            let typed = self
                .toks
                .get(range.start)
                .zip(self.toks.get(range.end.saturating_sub(1)))
                .and_then(|(a, b)| self.query.get(a.span.start..b.span.end))
                .unwrap_or_default()
                .to_owned();
            for tok in &mut self.toks[neg..range.end] {
                tok.used = true;
            }
            if !typed.is_empty() && !self.out.notes.contains(&QueryNote::Negated(typed.clone())) {
                self.out.notes.push(QueryNote::Negated(typed));
            }
            return;
        }
        let f = &mut self.out.filters;
        let kind = match assign {
            Assign::Compound(mut names) if f.compound.is_none() && !names.is_empty() => {
                f.compound = Some(names.remove(0));
                f.compound_also = names;
                FilterKind::Compound
            }
            Assign::Developer(name) if f.developer.is_none() => {
                f.developer = Some(name);
                FilterKind::Developer
            }
            // "in Ain Sokhna, in Galala": the district of the place named.
            Assign::Area(name)
                if f.district.is_none()
                    && f.location.is_some()
                    && areas::by_name(name)
                        .is_some_and(|a| a.parent.is_some() && f.location.as_deref() == a.parent) =>
            {
                f.district = Some(name.to_owned());
                FilterKind::District
            }
            Assign::Area(name) if f.location.is_none() => {
                let Some(area) = areas::by_name(name) else { return };
                f.location = Some(area.location().to_owned());
                if area.is_location() {
                    FilterKind::Location
                } else {
                    f.district = Some(area.name_en.to_owned());
                    FilterKind::District
                }
            }
            // The same city named twice ("near AUC in New Cairo"): one filter.
            Assign::Area(name)
                if areas::by_name(name)
                    .is_some_and(|a| a.is_location() && f.location.as_deref() == Some(a.name_en)) =>
            {
                FilterKind::Location
            }
            // A place Osool has no listings in is still a place: the answer
            // is empty and says so, rather than listings elsewhere.
            Assign::Place(name) if f.location.is_none() => {
                f.location = Some(name.to_owned());
                FilterKind::Location
            }
            Assign::Types(types) => {
                for t in types {
                    if !f.property_types.contains(&t) {
                        f.property_types.push(t);
                    }
                }
                FilterKind::PropertyType
            }
            Assign::Sale(s) => {
                f.sale_type = Some(s);
                FilterKind::SaleType
            }
            Assign::Finishing(x) => {
                f.finishing = Some(x);
                FilterKind::Finishing
            }
            Assign::Sort(s) => {
                f.sort = Some(s);
                FilterKind::Sort
            }
            Assign::Ready => {
                f.ready_to_move = true;
                FilterKind::Delivery
            }
            Assign::DownMax(p) => {
                f.down_payment_max_pct = Some(p);
                FilterKind::DownPayment
            }
            // A second name of a kind already set is left as text.
            _ => return,
        };
        self.consume(kind, range);
    }

    /// Where a negation before token `start` begins ("not", "except in",
    /// "مش في", "غير"), if there is one.
    fn negation_before(&self, start: usize) -> Option<usize> {
        let mut end = start;
        if let Some(t) = end.checked_sub(1).and_then(|k| self.toks.get(k))
            && !t.used
            && NEGATION_FILLERS.contains(&t.norm.as_str())
        {
            end -= 1;
        }
        if let Some(s) = self.phrase_before(end, NEGATIONS) {
            return Some(s);
        }
        // A list after one negation: "not in New Cairo or Zayed", "مش
        // التجمع ولا زايد", "except Mivida and Hyde Park".
        let joiner = end.checked_sub(1)?;
        let t = self.toks.get(joiner).filter(|t| !t.used)?;
        let joins =
            OR_WORDS.contains(&t.norm.as_str()) || ["nor", "and", "و", "w"].contains(&t.norm.as_str());
        let prev = self.toks.get(joiner.checked_sub(1)?)?;
        let left_out = prev.used
            && self.out.spans.iter().any(|(k, r)| *k == FilterKind::Exclude && r.contains(&prev.span.start));
        (joins && left_out).then_some(joiner)
    }

    /// "studio or 1 bedroom", "ستوديو او غرفة": a studio has no bedroom,
    /// so a studio beside a bedroom count asks for up to that many, of the
    /// other types named, studios included.
    fn studio_or_bedrooms(&mut self) {
        use crate::domain::listing::PropertyType;
        // "studio or 2 bedrooms": the studio word, then "or".
        let studio_or = self.toks.windows(2).any(|w| {
            TYPE_WORDS.iter().any(|(t, ty)| *ty == PropertyType::Studio && variants(&w[0].norm).contains(t))
                && OR_WORDS.contains(&w[1].norm.as_str())
        });
        let f = &mut self.out.filters;
        if studio_or
            && f.property_types.contains(&PropertyType::Studio)
            && f.bedrooms_min.is_some_and(|n| n >= 1)
            && f.bedrooms_min == f.bedrooms_max
        {
            f.bedrooms_max = f.bedrooms_max.max(f.bedrooms_min);
            f.bedrooms_min = None;
            if f.property_types == [PropertyType::Studio] {
                f.property_types.clear();
            }
        }
    }

    /// "for rent", "للإيجار": Osool sells; the note says so. Renting a
    /// unit out ("rental yield", "to rent it out", "عائد ايجاري") is an
    /// investor's wish, not a tenant's.
    fn rent(&mut self) {
        let forms = |t: &Tok| variants(&t.norm).into_iter().any(|v| RENT_WORDS.contains(&v));
        let investor = self
            .toks
            .iter()
            .any(|t| variants(&t.norm).into_iter().any(|v| RENTAL_INVESTMENT_WORDS.contains(&v)));
        if !investor && self.toks.iter().any(|t| !t.used && forms(t)) {
            for tok in self.toks.iter_mut().filter(|t| forms(t)) {
                tok.used = true;
            }
            self.out.notes.push(QueryNote::Rent);
        }
    }

    /// The longest phrase of `list` ending just before token `end`, ignoring
    /// used tokens in between only if `skip_used`.
    fn phrase_before(&self, end: usize, list: &[&str]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for phrase in list {
            let p = lexicon_words(phrase);
            if p.is_empty() || p.len() > end {
                continue;
            }
            let start = end - p.len();
            let ok = p.iter().enumerate().all(|(k, w)| {
                let t = &self.toks[start + k];
                !t.used && (spells(t, w) || (k == 0 && variants(&t.norm).contains(&w.as_str())))
            });
            if ok && best.is_none_or(|b| start < b) {
                best = Some(start);
            }
        }
        best
    }

    /// The longest phrase of `list` starting at token `start`.
    fn phrase_at(&self, start: usize, list: &[&str]) -> Option<usize> {
        list.iter()
            .map(|phrase| lexicon_words(phrase))
            .filter(|p| self.matches_at(start, p))
            .map(|p| start + p.len())
            .max()
    }

    /// The unit after a number at token `j`, and the index after it.
    fn unit_at(&self, j: usize) -> Option<(Quantity, usize)> {
        if let Some(e) = self.phrase_at(j, BEDROOM_WORDS) {
            Some((Quantity::Bedrooms, e))
        } else if let Some(e) = self.phrase_at(j, BATHROOM_WORDS) {
            Some((Quantity::Bathrooms, e))
        } else if let Some(e) = self.phrase_at(j, SQM_WORDS) {
            Some((Quantity::Sqm, e))
        } else if let Some((mult, e)) = self.money_unit_at(j) {
            Some((Quantity::Money(mult), e))
        } else if let Some(e) = self.phrase_at(j, PERCENT_WORDS) {
            Some((Quantity::Percent, e))
        } else if let Some(e) = self.phrase_at(j, YEAR_WORDS) {
            Some((Quantity::Years, e))
        } else {
            self.phrase_at(j, CURRENCY_WORDS).map(|e| (Quantity::Money(1.0), e))
        }
    }

    /// A fraction starting at token `i` ("ونص", "and a half").
    fn fraction_at(&self, i: usize) -> Option<(f64, usize)> {
        FRACTION_WORDS
            .iter()
            .filter_map(|(w, f)| {
                let p = lexicon_words(w);
                self.matches_at(i, &p).then(|| (*f, i + p.len()))
            })
            .max_by_key(|(_, e)| *e)
    }

    /// Whether the number at token `i` follows a word that makes it a size
    /// ("area 120", "مساحة من ١٠٠", "size min 50m"), or continues a size
    /// just read ("area min 50m and max 100 m").
    fn size_context(&self, i: usize) -> bool {
        for back in 1..=4 {
            let Some(t) = i.checked_sub(back).and_then(|k| self.toks.get(k)) else { return false };
            let in_size =
                self.out.spans.iter().any(|(k, r)| *k == FilterKind::Area && r.contains(&t.span.start));
            if in_size {
                return true;
            }
            if t.num.is_some() {
                // The number before was a size: "50m and max 100 m".
                return self
                    .out
                    .spans
                    .iter()
                    .any(|(k, r)| *k == FilterKind::Area && r.contains(&t.span.start));
            }
            if variants(&t.norm).iter().any(|v| AREA_WORDS.contains(v)) {
                return true;
            }
            if MONEY_UNITS.iter().any(|(w, _)| *w == t.norm) || CURRENCY_WORDS.contains(&t.norm.as_str()) {
                return false;
            }
        }
        false
    }

    /// A comparator written after a number, at token `i`.
    fn post_cue_at(&self, i: usize) -> Option<(Comparison, usize)> {
        let min = self.phrase_at(i, POST_MIN_CUES);
        let max = self.phrase_at(i, POST_MAX_CUES);
        match (min, max) {
            (Some(a), Some(b)) if b > a => Some((Comparison::Max, b)),
            (Some(a), _) => Some((Comparison::Min, a)),
            (None, Some(b)) => Some((Comparison::Max, b)),
            (None, None) => None,
        }
    }

    /// A budget period starting at token `i`: (months, index after).
    fn period_at(&self, i: usize) -> Option<(u32, usize)> {
        PERIOD_WORDS
            .iter()
            .filter_map(|(w, m)| {
                let p = lexicon_words(w);
                self.matches_at(i, &p).then(|| (*m, i + p.len()))
            })
            .max_by_key(|(_, e)| *e)
    }

    /// A budget period ending just before token `end`: (months, its start).
    fn period_before(&self, end: usize) -> Option<(u32, usize)> {
        PERIOD_WORDS
            .iter()
            .filter_map(|(w, m)| self.phrase_before(end, &[w]).map(|s| (*m, s)))
            .min_by_key(|(_, s)| *s)
    }

    fn money_unit_at(&self, i: usize) -> Option<(f64, usize)> {
        let tok = self.toks.get(i).filter(|t| !t.used)?;
        MONEY_UNITS.iter().find(|(w, _)| variants(&tok.norm).contains(w)).map(|(_, m)| (*m, i + 1))
    }

    fn numbers(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            if self.toks[i].used || self.toks[i].num.is_none() {
                i += 1;
                continue;
            }
            i = self.number_at(i).max(i + 1);
        }
        // Spelled-out numbers ("three bedrooms", "ثلاث غرف") and Arabic
        // duals ("غرفتين") become digits for a second pass.
        // "لعشرين" is "ل" and "عشرين": the joiner glued to a spelled number.
        let mut k = 0;
        while k < self.toks.len() {
            let t = &self.toks[k];
            let split = ['ل', 'و', 'ب'].into_iter().find_map(|p| {
                let rest = t.norm.strip_prefix(p)?;
                NUMBER_WORDS.iter().any(|(w, _)| *w == rest).then(|| (p, rest.to_owned()))
            });
            if let Some((prefix, rest)) = split.filter(|_| !t.used && t.num.is_none()) {
                let cut = t.span.start + prefix.len_utf8();
                let (start, end) = (t.span.start, t.span.end);
                self.toks[k] = Tok {
                    norm: prefix.to_string(),
                    span: start..cut,
                    num: None,
                    used: false,
                    skel: String::new(),
                };
                self.toks.insert(
                    k + 1,
                    Tok { norm: rest, span: cut..end, num: None, used: false, skel: String::new() },
                );
                k += 1;
            }
            k += 1;
        }
        let mut changed = false;
        // A scale word alone is one of it: "مقدم مليون", "under a million".
        let lone: Vec<usize> = (0..self.toks.len())
            .filter(|&idx| {
                let tok = &self.toks[idx];
                // Whole words only: "mn" alone is "from", not a million.
                let scale = !tok.used
                    && tok.num.is_none()
                    && tok.norm.chars().count() >= 4
                    && MONEY_UNITS.iter().any(|(w, m)| *m >= 1e6 && variants(&tok.norm).contains(w));
                let after_number = idx.checked_sub(1).and_then(|k| self.toks.get(k)).is_some_and(|t| {
                    t.num.is_some()
                        || NUMBER_WORDS.iter().any(|(w, _)| *w == t.norm)
                        || FRACTION_WORDS.iter().any(|(w, _)| w.split_whitespace().any(|p| p == t.norm))
                });
                scale && !after_number
            })
            .collect();
        for idx in lone.into_iter().rev() {
            let at = self.toks[idx].span.start;
            let one =
                Tok { norm: "1".into(), span: at..at, num: Some(1.0), used: false, skel: String::new() };
            self.toks.insert(idx, one);
            changed = true;
        }
        for tok in self.toks.iter_mut().filter(|t| !t.used && t.num.is_none()) {
            if let Some((_, n)) = NUMBER_WORDS.iter().find(|(w, _)| *w == tok.norm) {
                tok.num = Some(*n);
                changed = true;
            }
        }
        self.join_spelled_numbers();
        let mut extra = Vec::new();
        for (idx, tok) in self.toks.iter().enumerate() {
            // "وحمامين", "بغرفتين": a dual with a glued prefix is one too.
            let forms = variants(&tok.norm);
            if let Some((_, n, unit)) = DUALS.iter().find(|(w, _, _)| forms.contains(w)).filter(|_| !tok.used)
            {
                extra.push((idx, *n, *unit));
            }
        }
        for (idx, n, unit) in extra.into_iter().rev() {
            let span = self.toks[idx].span.clone();
            self.toks[idx] = Tok {
                norm: n.to_string(),
                span: span.clone(),
                num: Some(n),
                used: false,
                skel: String::new(),
            };
            self.toks.insert(
                idx + 1,
                Tok {
                    norm: unit.to_owned(),
                    span: span.end..span.end,
                    num: None,
                    used: false,
                    skel: String::new(),
                },
            );
            changed = true;
        }
        if changed {
            let mut i = 0;
            while i < self.toks.len() {
                if !self.toks[i].used && self.toks[i].num.is_some() {
                    // Spelled numbers only count with a unit after them.
                    i = self.number_at_with_unit_only(i).max(i + 1);
                } else {
                    i += 1;
                }
            }
        }
    }

    /// Spelled compounds become one number: "خمسة وعشرين" (five and
    /// twenty) is 25, "twenty five" and "twenty-five" too.
    fn join_spelled_numbers(&mut self) {
        let spelled =
            |t: &Tok| t.num.filter(|_| !t.used && !t.norm.starts_with(|c: char| c.is_ascii_digit()));
        let tens = |word: &str| {
            NUMBER_WORDS
                .iter()
                .find(|(w, n)| *w == word && *n >= 20.0 && *n < 100.0 && n % 10.0 == 0.0)
                .map(|(_, n)| *n)
        };
        let mut k = 0;
        while k + 1 < self.toks.len() {
            let Some(first) = spelled(&self.toks[k]) else {
                k += 1;
                continue;
            };
            let next = &self.toks[k + 1];
            // (value, tokens used after the first)
            let joined = if (1.0..10.0).contains(&first) {
                // Arabic: units, then "و" and the tens, glued or apart.
                if let Some(t) = next.norm.strip_prefix('و').and_then(tens).filter(|_| !next.used) {
                    Some((first + t, 1))
                } else if next.norm == "و" && !next.used {
                    self.toks
                        .get(k + 2)
                        .filter(|t| !t.used)
                        .and_then(|t| tens(&t.norm))
                        .map(|t| (first + t, 2))
                } else {
                    None
                }
            } else if tens(&self.toks[k].norm).is_some() {
                // English: the tens, then the units ("twenty five", "twenty-five").
                let at = if next.norm == "-" { k + 2 } else { k + 1 };
                self.toks
                    .get(at)
                    .and_then(spelled)
                    .filter(|u| (1.0..10.0).contains(u))
                    .map(|u| (first + u, at - k))
            } else {
                None
            };
            if let Some((value, extra)) = joined {
                let end = self.toks[k + extra].span.end;
                let tok = &mut self.toks[k];
                tok.span.end = end;
                tok.num = Some(value);
                self.toks.drain(k + 1..=k + extra);
            }
            k += 1;
        }
    }
    fn single_words(&mut self) {
        for i in 0..self.toks.len() {
            if self.toks[i].used {
                continue;
            }
            let word = self.toks[i].norm.clone();
            let forms = variants(&word);
            // A type word typed as two: "pent house", "town house".
            let glued = self.toks.get(i + 1).filter(|t| !t.used && t.num.is_none()).and_then(|next| {
                let whole = format!("{word}{}", next.norm);
                TYPE_WORDS.iter().find(|(w, _)| *w == whole && whole.chars().count() >= 6).map(|(_, t)| *t)
            });
            if RESIDENTIAL_WORDS.iter().any(|w| forms.contains(w)) {
                // "residential", "سكني": no shop, office or clinic, unless a
                // type is named ("شقة للسكن" is the flat, nothing more).
                let named_type = self.toks.iter().enumerate().any(|(k, t)| {
                    k != i
                        && variants(&t.norm).iter().any(|v| {
                            TYPE_WORDS.iter().any(|(w, _)| w == v) || TYPE_GROUPS.iter().any(|(w, _)| w == v)
                        })
                });
                if named_type || self.negation_before(i).is_some() {
                    self.toks[i].used = true;
                } else {
                    use crate::domain::listing::PropertyType;
                    let f = &mut self.out.filters;
                    for t in [PropertyType::Office, PropertyType::Clinic, PropertyType::Retail] {
                        if !f.exclude_types.contains(&t) {
                            f.exclude_types.push(t);
                        }
                    }
                    self.consume(FilterKind::Exclude, i..i + 1);
                }
            } else if let Some(t) = glued {
                self.apply(Assign::Types(vec![t]), i..i + 2);
            } else if let Some((_, t)) = TYPE_WORDS.iter().find(|(w, _)| forms.contains(w)) {
                self.apply(Assign::Types(vec![*t]), i..i + 1);
            } else if let Some((_, group)) = TYPE_GROUPS.iter().find(|(w, _)| forms.contains(w)) {
                // "محل تجاري", "commercial office": the specific word says it.
                let beside_type = [i.wrapping_sub(1), i + 1].iter().any(|&k| {
                    self.toks.get(k).is_some_and(|t| {
                        let forms = variants(&t.norm);
                        TYPE_WORDS.iter().any(|(w, _)| forms.contains(w))
                    })
                });
                if group.is_empty() || beside_type {
                    self.toks[i].used = true;
                } else {
                    self.apply(Assign::Types(group.to_vec()), i..i + 1);
                }
            }
        }
    }

    fn soft_text(&mut self, query: &str) {
        let soft: Vec<&str> = self
            .toks
            .iter()
            .filter(|t| !t.used && t.num.is_none() && !STOPWORDS.contains(&t.norm.as_str()))
            .filter(|t| t.norm.chars().count() > 1 && !SYMBOLS.iter().any(|s| t.norm == s.to_string()))
            .filter(|t| {
                // Leftover cue words carry no wish.
                let n = t.norm.as_str();
                ![
                    MAX_CUES,
                    MIN_CUES,
                    AROUND_CUES,
                    RANGE_JOINERS,
                    MONTHLY_WORDS,
                    INSTALLMENT_WORDS,
                    DELIVERY_WORDS,
                    CURRENCY_WORDS,
                ]
                .iter()
                .any(|list| list.contains(&n))
            })
            .filter_map(|t| query.get(t.span.clone()))
            .collect();
        self.out.soft_text = soft.join(" ");
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Quantity {
    Bedrooms,
    Bathrooms,
    Sqm,
    Money(f64),
    Percent,
    Years,
    Bare,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Comparison {
    None,
    Max,
    Min,
    Around,
}

#[derive(Clone, Debug)]
enum Assign {
    Compound(Vec<String>),
    Developer(String),
    Area(&'static str),
    Place(&'static str),
    Types(Vec<crate::domain::listing::PropertyType>),
    Sale(crate::domain::listing::SaleType),
    Finishing(crate::domain::listing::Finishing),
    Sort(Sort),
    Ready,
    DownMax(u32),
}
