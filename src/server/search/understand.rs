//! Query understanding: turns what a buyer types, in English, Arabic or
//! transliteration ("3 bedroom apartment in New Cairo under 10 million,
//! 7 years installments", "شقة ٣ غرف في التجمع أقل من ١٠ مليون"), into hard
//! filters plus the soft text that is left. Each filter remembers the words
//! it came from, so a chip can be removed by deleting them from the query.

use super::lexicon::*;
use crate::domain::areas::{self, AREAS};
use crate::domain::search::{FilterKind, Filters, Sort};
use crate::domain::{fuzzy, places};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// The known compound and developer names (the static market table plus
/// whatever the catalog holds), matched as phrases.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    /// (normalised phrase tokens, the names it stands for): a phrase
    /// shared by several projects stands for all of them.
    compounds: Vec<(Vec<String>, Vec<String>)>,
    developers: Vec<(Vec<String>, Vec<String>)>,
    /// Every word the parser knows (lexicon, areas, names): never corrected.
    known: HashSet<String>,
    /// The known words a typo may be corrected to (five letters or more),
    /// with their length in characters.
    targets: Vec<(String, usize)>,
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
                    match out.iter_mut().find(|(p, _)| *p == phrase) {
                        Some((_, names)) if !names.contains(name) => names.push(name.clone()),
                        Some(_) => {}
                        None => out.push((phrase, vec![name.clone()])),
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
        for list in [
            BEDROOM_WORDS,
            SQM_WORDS,
            YEAR_WORDS,
            PERCENT_WORDS,
            DOWN_WORDS,
            INSTALLMENT_WORDS,
            MONTHLY_WORDS,
            DELIVERY_WORDS,
            CURRENCY_WORDS,
            MAX_CUES,
            MIN_CUES,
            POST_MIN_CUES,
            POST_MAX_CUES,
            AROUND_CUES,
            RANGE_JOINERS,
            STOPWORDS,
            READY_PHRASES,
        ] {
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
        AREAS.iter().flat_map(|a| a.aliases.iter()).for_each(|w| add(w));
        places::PLACES.iter().flat_map(|p| p.aliases.iter()).for_each(|w| add(w));
        for (phrase, _) in compounds.iter().chain(&developers) {
            known.extend(phrase.iter().cloned());
        }
        let mut targets: Vec<(String, usize)> = known
            .iter()
            .filter(|w| w.chars().all(char::is_alphabetic))
            .map(|w| (w.clone(), w.chars().count()))
            .filter(|(_, n)| fuzzy::allowed_typos(*n) > 0)
            .collect();
        targets.sort();
        Gazetteer { compounds, developers, known, targets }
    }

    /// The known word `word` is a typo of, if one is clearly closest: never
    /// for a known word or a common English one ("story" is not "store"),
    /// the first letter kept in Latin script, one typo at most in Arabic.
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
            if latin && !target.starts_with(first) {
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

/// Singular and plural of one word.
fn same_word(a: &str, b: &str) -> bool {
    a == b || a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)
}

/// The commonest English words (data/common-words.txt): left as typed.
fn is_common_word(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| include_str!("../../../data/common-words.txt").lines().collect()).contains(word)
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
    (c.is_alphabetic() || c == '²' || c == '\'') && !is_digit(c)
}

const SYMBOLS: &[char] = &['%', '٪', '+', '-', '–', '<', '>', '~', '/', '&'];

/// Splits text into words, numbers and symbols, with byte spans.
fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if is_digit(c) {
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
            toks.push(Tok { norm: digits.clone(), span: start..end, num: digits.parse().ok(), used: false });
            i = j;
        } else if is_word_char(c) {
            let mut j = i;
            loop {
                while j < chars.len() && is_word_char(chars[j].1) {
                    j += 1;
                }
                // Arabizi writes letters with digits: "sha2a", "tagamo3".
                let digits = chars[j..].iter().take_while(|(_, d)| d.is_ascii_digit()).count();
                if digits == 0 {
                    break;
                }
                let after = chars.get(j + digits).map(|(_, ch)| *ch);
                let inside = after.is_some_and(is_word_char);
                let trailing = digits == 1 && j - i >= 3 && !after.is_some_and(|ch| ch.is_alphanumeric());
                if inside || trailing {
                    j += digits;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
            let norm = areas::normalize(&text[start..end]).replace('\'', "");
            if !norm.is_empty() {
                toks.push(Tok { norm, span: start..end, num: None, used: false });
            }
            i = j;
        } else if SYMBOLS.contains(&c) {
            let norm = match c {
                '٪' => "%".to_owned(),
                '–' => "-".to_owned(),
                c => c.to_string(),
            };
            toks.push(Tok { norm, span: start..start + c.len_utf8(), num: None, used: false });
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

/// Arabic words often carry a glued prefix: "والتجمع", "بالتقسيط", "الشقق".
fn variants(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    for prefix in ["وال", "بال", "لل", "ال", "و", "ب"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() >= 2
        {
            out.push(rest);
        }
    }
    out
}

struct Parser<'a> {
    toks: Vec<Tok>,
    gazetteer: &'a Gazetteer,
    current_year: i16,
    out: Understood,
}

/// Understands `query`. `current_year` anchors "delivery in 2 years".
pub fn understand(query: &str, gazetteer: &Gazetteer, current_year: i16) -> Understood {
    let mut parser = Parser { toks: tokenize(query), gazetteer, current_year, out: Understood::default() };
    parser.correct(query);
    parser.phrases();
    parser.numbers();
    parser.single_words();
    parser.soft_text(query);
    parser.out
}

impl Parser<'_> {
    /// Reads misspelt words as the known words they are one or two typos
    /// from ("apartmnet", "cario", "milion", "penthose"), and notes each.
    fn correct(&mut self, query: &str) {
        for tok in &mut self.toks {
            if tok.num.is_some() {
                continue;
            }
            // An Arabic word with a glued prefix is known if its stem is.
            if variants(&tok.norm).iter().any(|v| self.gazetteer.known.contains(*v)) {
                continue;
            }
            if let Some(fixed) = self.gazetteer.correct(&tok.norm) {
                let typed = query.get(tok.span.clone()).unwrap_or(&tok.norm).to_owned();
                self.out.corrections.push((typed, fixed.to_owned()));
                tok.norm = fixed.to_owned();
            }
        }
    }

    /// Whether the phrase's words start at token `i`. A glued Arabic prefix
    /// ("بأقل من", "والتجمع الخامس") is allowed on the first word.
    fn matches_at(&self, i: usize, phrase: &[String]) -> bool {
        if phrase.is_empty() || i + phrase.len() > self.toks.len() {
            return false;
        }
        phrase.iter().enumerate().all(|(k, w)| {
            let tok = &self.toks[i + k];
            !tok.used && if k == 0 { variants(&tok.norm).contains(&w.as_str()) } else { tok.norm == *w }
        })
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
        let mut candidates: Vec<(Vec<String>, Assign)> = Vec::new();
        for (phrase, names) in &self.gazetteer.compounds {
            candidates.push((phrase.clone(), Assign::Compound(names.clone())));
        }
        for (phrase, names) in &self.gazetteer.developers {
            candidates.push((phrase.clone(), Assign::Developer(names[0].clone())));
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
        for w in ["no down payment", "zero down", "0 down", "بدون مقدم", "بدون مقدم"] {
            candidates.push((words(w), Assign::DownMax(0)));
        }
        for w in ["low down payment", "small down payment", "مقدم قليل", "مقدم بسيط"] {
            candidates.push((words(w), Assign::DownMax(10)));
        }
        candidates.sort_by_key(|c| std::cmp::Reverse(c.0.len()));
        let mut i = 0;
        while i < self.toks.len() {
            let hit = candidates.iter().find(|(phrase, _)| self.matches_at(i, phrase)).cloned();
            match hit {
                Some((phrase, assign)) => {
                    let n = phrase.len();
                    self.apply(assign, i..i + n);
                    i += n;
                }
                None => i += 1,
            }
        }
    }

    fn apply(&mut self, assign: Assign, range: Range<usize>) {
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

    /// The longest phrase of `list` ending just before token `end`, ignoring
    /// used tokens in between only if `skip_used`.
    fn phrase_before(&self, end: usize, list: &[&str]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for phrase in list {
            let p = words(phrase);
            if p.is_empty() || p.len() > end {
                continue;
            }
            let start = end - p.len();
            let ok = p.iter().enumerate().all(|(k, w)| {
                let t = &self.toks[start + k];
                !t.used && (t.norm == *w || (k == 0 && variants(&t.norm).contains(&w.as_str())))
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
            .map(|phrase| words(phrase))
            .filter(|p| self.matches_at(start, p))
            .map(|p| start + p.len())
            .max()
    }

    /// The unit after a number at token `j`, and the index after it.
    fn unit_at(&self, j: usize) -> Option<(Quantity, usize)> {
        if let Some(e) = self.phrase_at(j, BEDROOM_WORDS) {
            Some((Quantity::Bedrooms, e))
        } else if let Some(e) = self.phrase_at(j, SQM_WORDS) {
            Some((Quantity::Sqm, e))
        } else if self.toks.get(j).is_some_and(|t| t.norm == "m" && !t.used)
            && self.toks.get(j + 1).is_some_and(|t| t.norm == "2")
        {
            Some((Quantity::Sqm, j + 2))
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
                let p = words(w);
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
        // "m2" is square metres, not millions.
        if tok.norm == "m" && self.toks.get(i + 1).is_some_and(|t| t.norm == "2") {
            return None;
        }
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
        let mut changed = false;
        for tok in self.toks.iter_mut().filter(|t| !t.used && t.num.is_none()) {
            if let Some((_, n)) = NUMBER_WORDS.iter().find(|(w, _)| *w == tok.norm) {
                tok.num = Some(*n);
                changed = true;
            }
        }
        let mut extra = Vec::new();
        for (idx, tok) in self.toks.iter().enumerate() {
            if let Some((_, n, unit)) = DUALS.iter().find(|(w, _, _)| *w == tok.norm).filter(|_| !tok.used) {
                extra.push((idx, *n, *unit));
            }
        }
        for (idx, n, unit) in extra.into_iter().rev() {
            let span = self.toks[idx].span.clone();
            self.toks[idx] = Tok { norm: n.to_string(), span: span.clone(), num: Some(n), used: false };
            self.toks.insert(
                idx + 1,
                Tok { norm: unit.to_owned(), span: span.end..span.end, num: None, used: false },
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

    fn number_at_with_unit_only(&mut self, i: usize) -> usize {
        let next = i + 1;
        // "three bedrooms", "ستة مليون", "خمسين مليون", "seven years".
        let has_unit = self.phrase_at(next, BEDROOM_WORDS).is_some()
            || self.phrase_at(next, YEAR_WORDS).is_some()
            || self.money_unit_at(next).is_some_and(|(m, _)| m >= 1e3)
            || self.phrase_at(next, SQM_WORDS).is_some();
        if has_unit { self.number_at(i) } else { i + 1 }
    }

    /// Reads the quantity starting at number token `i`; returns the index
    /// after what it consumed.
    fn number_at(&mut self, i: usize) -> usize {
        let Some(value) = self.toks[i].num else { return i + 1 };
        let mut j = i + 1;
        let plus = self.toks.get(j).is_some_and(|t| t.norm == "+" && !t.used);
        if plus {
            j += 1;
        }
        // A comparator between the number and its unit: "3 or more bedrooms".
        let mut post = Comparison::None;
        if let Some((c, e)) = self.post_cue_at(j)
            && self.unit_at(e).is_some()
        {
            post = c;
            j = e;
        }
        // What kind of quantity: the unit after the number decides.
        let (quantity, mut end) = self.unit_at(j).unwrap_or((Quantity::Bare, j));
        if matches!(quantity, Quantity::Money(_))
            && let Some(e) = self.phrase_at(end, CURRENCY_WORDS)
        {
            end = e;
        }
        let plus = plus || self.toks.get(end).is_some_and(|t| t.norm == "+" && !t.used);
        if plus && self.toks.get(end).is_some_and(|t| t.norm == "+") {
            end += 1;
        }
        // ... or after the unit: "150 sqm or more", "10 million max". A
        // number without a unit keeps its words ("10 min from the ring road").
        if post == Comparison::None
            && quantity != Quantity::Bare
            && let Some((c, e)) = self.post_cue_at(end)
        {
            post = c;
            end = e;
        }

        // A second number after "-", "to", "and": a range.
        let mut second: Option<(f64, Quantity, usize)> = None;
        if let Some(after_joiner) = self.phrase_at(end, RANGE_JOINERS)
            && let Some(tok) = self.toks.get(after_joiner).filter(|t| !t.used)
            && let Some(v2) = tok.num
        {
            let k = after_joiner + 1;
            let (q2, mut e2) = if let Some((mult, e)) = self.money_unit_at(k) {
                (Quantity::Money(mult), e)
            } else if let Some(e) = self.phrase_at(k, SQM_WORDS) {
                (Quantity::Sqm, e)
            } else if let Some(e) = self.phrase_at(k, BEDROOM_WORDS) {
                (Quantity::Bedrooms, e)
            } else if let Some(e) = self.phrase_at(k, YEAR_WORDS) {
                (Quantity::Years, e)
            } else {
                (Quantity::Bare, k)
            };
            if let Some(e) = self.phrase_at(e2, CURRENCY_WORDS) {
                e2 = e;
            }
            let compatible = quantity == q2
                || quantity == Quantity::Bare
                || (matches!(quantity, Quantity::Money(_)) && q2 == Quantity::Bare);
            let first_is_year = (1990.0..=2100.0).contains(&value) && quantity == Quantity::Bare;
            if compatible && !first_is_year {
                second = Some((v2, q2, e2));
            }
        }
        let (quantity, end, low, high) = match second {
            Some((v2, q2, e2)) => {
                let q = if quantity == Quantity::Bare { q2 } else { quantity };
                // "between 10 and 20 million": the unit after the second
                // number applies to both.
                let (a, b) = match (quantity, q2) {
                    (Quantity::Bare, Quantity::Money(m)) => (value * m, v2 * m),
                    (Quantity::Money(m), Quantity::Bare) => (value * m, v2 * m),
                    (Quantity::Money(m1), Quantity::Money(m2)) => (value * m1, v2 * m2),
                    _ => (value, v2),
                };
                (q, e2, Some(a.min(b)), Some(a.max(b)))
            }
            None => (quantity, end, None, None),
        };

        // Cue words before the number: comparison, "monthly", "down", ...
        let mut start = i;
        let mut skip_back = start;
        while skip_back > 0 && {
            let t = &self.toks[skip_back - 1];
            !t.used && (CURRENCY_WORDS.contains(&t.norm.as_str()) || t.norm == "between" || t.norm == "بين")
        } {
            skip_back -= 1;
        }
        start = start.min(skip_back);
        // The longest comparator before the number wins: "no less than"
        // is a floor though it ends in "less than", "مش أقل من" too.
        let mut comparison = Comparison::None;
        let mut strict = false;
        let cues = [
            (self.phrase_before(start, MAX_CUES), Comparison::Max),
            (self.phrase_before(start, AROUND_CUES), Comparison::Around),
            (self.phrase_before(start, MIN_CUES), Comparison::Min),
        ];
        if let Some((s, c)) = cues.iter().filter_map(|(s, c)| s.map(|s| (s, *c))).min_by_key(|(s, _)| *s) {
            comparison = c;
            // "more than two bedrooms" is three or more; "fewer than 3", two at most.
            strict = self.phrase_before(start, STRICT_CUES) == Some(s);
            start = s;
        }
        if plus {
            comparison = Comparison::Min;
        }
        if post != Comparison::None {
            comparison = post;
        }
        let monthly_before = self.phrase_before(start, MONTHLY_WORDS).or_else(|| {
            // "installment 40k", "قسط شهري ٤٠ ألف"
            let inst = self.phrase_before(start, INSTALLMENT_WORDS)?;
            let money = matches!(quantity, Quantity::Money(_)) || value >= 1000.0;
            money.then_some(inst)
        });
        let mut end = end;
        let monthly_after = self.phrase_at(end, MONTHLY_WORDS).or_else(|| {
            (self.toks.get(end).is_some_and(|t| t.norm == "/"))
                .then(|| self.phrase_at(end + 1, MONTHLY_WORDS))
                .flatten()
        });
        // A budget per quarter, half year or year: "300k a quarter",
        // "quarterly installments under 300k", "قسط ربع سنوي ٣٠٠ ألف".
        let period_after = self.period_at(end).or_else(|| {
            (self.toks.get(end).is_some_and(|t| t.norm == "/")).then(|| self.period_at(end + 1)).flatten()
        });
        let period_before = [Some(start), monthly_before]
            .into_iter()
            .flatten()
            .find_map(|at| self.period_before(at))
            .or_else(|| {
                // "قسط ربع سنوي ٣٠٠ ألف": the period after the installment word.
                let at = self.phrase_before(start, INSTALLMENT_WORDS).map(|_| start)?;
                self.period_before(at)
            });
        let down_before = self.phrase_before(start, DOWN_WORDS);
        let down_after = self.phrase_at(end, DOWN_WORDS);
        let installment_before = self.phrase_before(start, INSTALLMENT_WORDS);
        let installment_after = self.phrase_at(end, INSTALLMENT_WORDS);
        let delivery_before = self.phrase_before(start, DELIVERY_WORDS);
        let mut also_min = false;
        let f = &mut self.out.filters;

        let kind = match quantity {
            Quantity::Bedrooms => {
                let n = value.round() as i16;
                match (low, high, comparison) {
                    (Some(a), Some(b), _) => {
                        f.bedrooms_min = Some(a.round() as i16);
                        f.bedrooms_max = Some(b.round() as i16);
                    }
                    (_, _, Comparison::Min) => f.bedrooms_min = Some(if strict { n + 1 } else { n }),
                    (_, _, Comparison::Max) => f.bedrooms_max = Some(if strict { (n - 1).max(0) } else { n }),
                    _ => {
                        f.bedrooms_min = Some(n);
                        f.bedrooms_max = Some(n);
                    }
                }
                FilterKind::Bedrooms
            }
            Quantity::Sqm => {
                // "150 sqm" means about 150.
                let comparison = if comparison == Comparison::None { Comparison::Around } else { comparison };
                let (lo, hi) = bounds(value, low, high, comparison, 0.15);
                f.area_min = lo.map(|v| v.round() as i32);
                f.area_max = hi.map(|v| v.round() as i32);
                FilterKind::Area
            }
            Quantity::Percent => {
                if let Some(d) = down_after {
                    end = d;
                } else if let Some(d) = down_before {
                    start = start.min(d);
                }
                f.down_payment_max_pct = Some(value.round().clamp(0.0, 100.0) as u32);
                FilterKind::DownPayment
            }
            Quantity::Years => {
                if let Some(d) = delivery_before.filter(|_| installment_before.is_none()) {
                    start = d;
                    f.delivery_by = Some(self.current_year + value.round() as i16);
                    FilterKind::Delivery
                } else {
                    if let Some(e) = installment_after {
                        end = e;
                    } else if let Some(s) = installment_before {
                        start = start.min(s);
                    }
                    f.installment_years_min = Some(value.round().clamp(0.0, 30.0) as i16);
                    FilterKind::InstallmentYears
                }
            }
            Quantity::Bare if low.is_none() && (2020.0..=2045.0).contains(&value) && value.fract() == 0.0 => {
                if let Some(d) = delivery_before {
                    start = start.min(d);
                }
                f.delivery_by = Some(value as i16);
                FilterKind::Delivery
            }
            Quantity::Money(_) | Quantity::Bare => {
                let multiplier = match quantity {
                    Quantity::Money(m) => m,
                    _ => 1.0,
                };
                let months = period_after.map(|(m, _)| m).or(period_before.map(|(m, _)| m));
                let is_monthly = monthly_before.is_some() || monthly_after.is_some() || months.is_some();
                let amount = value * multiplier;
                let (mut lo, mut hi) = match (low, high) {
                    (Some(a), Some(b)) => (Some(a), Some(b)),
                    _ => bounds(amount, None, None, comparison, 0.15),
                };
                // A bare small number next to a price cue is millions
                // ("under 10"); next to "monthly" it is thousands.
                let bare = quantity == Quantity::Bare;
                if bare {
                    let scale = |v: f64| -> Option<f64> {
                        if v >= 10_000.0 {
                            Some(v)
                        } else if is_monthly && v < 1_000.0 {
                            Some(v * 1e3)
                        } else if !is_monthly && v <= 500.0 && comparison != Comparison::None {
                            Some(v * 1e6)
                        } else {
                            None
                        }
                    };
                    lo = lo.and_then(scale);
                    hi = hi.and_then(scale);
                    if lo.is_none() && hi.is_none() {
                        return end; // a number we do not understand stays text
                    }
                }
                if is_monthly {
                    if let Some(m) = monthly_before {
                        start = start.min(m);
                    }
                    if let Some(e) = monthly_after {
                        end = e;
                    }
                    if let Some((_, e)) = period_after {
                        end = end.max(e);
                    }
                    if let Some((_, s)) = period_before {
                        start = start.min(s);
                    }
                    // The filter is per month: a quarterly budget is a third.
                    let months = f64::from(months.unwrap_or(1));
                    f.monthly_max = hi.or(lo).map(|v| (v / months).round() as i64);
                    FilterKind::Monthly
                } else if comparison == Comparison::Min && high.is_none() {
                    f.price_min = lo.map(|v| v.round() as i64);
                    FilterKind::PriceMin
                } else {
                    if lo.is_some() && (low.is_some() || comparison == Comparison::Around) {
                        f.price_min = lo.map(|v| v.round() as i64);
                        also_min = true;
                    }
                    f.price_max = hi.map(|v| v.round() as i64);
                    FilterKind::PriceMax
                }
            }
        };
        if also_min {
            // A range is one chip, removed as a whole; both kinds point at it.
            let span = self.toks[start].span.start..self.toks[end - 1].span.end;
            self.out.spans.push((FilterKind::PriceMin, span));
        }
        self.consume(kind, start..end);
        end
    }

    fn single_words(&mut self) {
        for i in 0..self.toks.len() {
            if self.toks[i].used {
                continue;
            }
            let word = self.toks[i].norm.clone();
            let forms = variants(&word);
            if let Some((_, t)) = TYPE_WORDS.iter().find(|(w, _)| forms.contains(w)) {
                self.apply(Assign::Types(vec![*t]), i..i + 1);
            } else if let Some((_, group)) = TYPE_GROUPS.iter().find(|(w, _)| forms.contains(w)) {
                if group.is_empty() {
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

fn bounds(
    value: f64,
    low: Option<f64>,
    high: Option<f64>,
    comparison: Comparison,
    around: f64,
) -> (Option<f64>, Option<f64>) {
    if let (Some(a), Some(b)) = (low, high) {
        return (Some(a), Some(b));
    }
    match comparison {
        Comparison::Max => (None, Some(value)),
        Comparison::Min => (Some(value), None),
        Comparison::Around => (Some(value * (1.0 - around)), Some(value * (1.0 + around))),
        Comparison::None => (None, Some(value)),
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Quantity {
    Bedrooms,
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
