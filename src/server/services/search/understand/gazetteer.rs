//! The known compound and developer names, matched as phrases, with
//! their Franco-Arabic and misspelt readings.

use super::*;

/// The known compound and developer names (the static market table plus
/// whatever the catalog holds), matched as phrases.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    /// Every word the parser knows (lexicon, areas, names): never corrected.
    pub(super) known: HashSet<String>,
    /// The known words a typo may be corrected to (five letters or more),
    /// with their length in characters.
    pub(super) targets: Vec<(String, usize)>,
    /// Known words by consonant skeleton, both scripts: how a Franco-Arabic
    /// spelling ("so5na", "mlyon", "mas7a") finds the word it stands for.
    pub(super) skeletons: HashMap<String, Vec<String>>,
    /// What a one-word entry means ("sha2a" and "شقه" are both an
    /// apartment): spellings that mean the same are one reading.
    pub(super) meanings: HashMap<String, String>,
    /// Every phrase the parser matches (names, places, multi-word terms),
    /// longest first, with the skeletons of Arabic ones: built once here,
    /// not for each query.
    pub(super) phrases: Vec<Phrase>,
}

/// A phrase and what it sets.
#[derive(Clone, Debug)]
pub(super) struct Phrase {
    pub(super) words: Vec<String>,
    /// Each word's consonant skeleton, when the phrase has Arabic words.
    pub(super) skeletons: Vec<String>,
    pub(super) arabic: bool,
    pub(super) assign: Assign,
}

/// The phrase table, longest phrases first. Compounds and developers come
/// as (normalised phrase tokens, the names it stands for): a phrase shared
/// by several projects stands for all of them.
pub(super) fn phrase_table(
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
        let compounds = expand(compounds);
        let developers = expand(developers);
        let known = known_words(&compounds, &developers);
        let mut targets: Vec<(String, usize)> = known
            .iter()
            .filter(|w| w.chars().all(char::is_alphabetic))
            // "sity" is not a misspelt "sixty".
            .filter(|w| !NUMBER_WORDS.iter().any(|(n, _)| n == w))
            .map(|w| (w.clone(), w.chars().count()))
            .filter(|(_, n)| fuzzy::allowed_typos(*n) > 0)
            .collect();
        targets.sort();
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
        Gazetteer { known, targets, skeletons, meanings: meanings(), phrases }
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

/// Letters that begin a word with the same sound in buyers' spellings.
pub(super) const HARD_C: &[char] = &['c', 's', 'k', 'q'];

/// Each name and alias as words, with the names typed as one word
/// ("hydepark", "هايدبارك"); the longest phrases first, so "Mountain View
/// iCity October" beats "Mountain View".
fn expand(items: &[(String, Vec<String>)]) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for (name, aliases) in items {
        for alias in std::iter::once(name).chain(aliases) {
            let phrase = words(alias);
            if phrase.is_empty() {
                continue;
            }
            let glued = phrase.concat();
            let glued =
                (phrase.len() > 1 && glued.chars().count() >= 6 && glued.chars().all(char::is_alphabetic))
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
    out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
    out
}

/// Every word the query reader knows: the lexicon's, the areas' and
/// places' aliases, and the words of the names.
fn known_words(
    compounds: &[(Vec<String>, Vec<String>)],
    developers: &[(Vec<String>, Vec<String>)],
) -> HashSet<String> {
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
    for (phrase, _) in compounds.iter().chain(developers) {
        known.extend(phrase.iter().cloned());
    }
    known
}

/// What a corrected word means, said beside the results ("type
/// Apartment", "money 1000000", "place New Cairo").
fn meanings() -> HashMap<String, String> {
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
    meanings
}
