//! Names the guard accepts (compounds, developers and areas Osool knows,
//! in English and Arabic), and the names a sentence states: capitalised
//! Latin phrases and Arabic names after place, project and developer words.

use super::lexicon::*;
use super::text::normalize;
use crate::domain::market::COMPOUNDS;
use crate::server::services::search::lexicon::{COMPOUND_ALIASES, DEVELOPER_ALIASES};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Compound,
    Developer,
    Area,
}

/// A known name's spelling, normalised, with its canonical English name.
#[derive(Clone, Debug)]
struct Entry {
    spelling: String,
    canonical: String,
    kind: NameKind,
}

/// Names the guard accepts, longest spelling first.
#[derive(Clone, Debug, Default)]
pub struct KnownNames {
    entries: Vec<Entry>,
}

/// A known name found in a normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub at: usize,
    pub canonical: String,
    pub kind: NameKind,
}

impl KnownNames {
    pub fn new(names: impl IntoIterator<Item = (String, String, NameKind)>) -> KnownNames {
        let mut entries: Vec<Entry> = names
            .into_iter()
            .map(|(spelling, canonical, kind)| Entry { spelling: normalize(&spelling), canonical, kind })
            .filter(|e| !e.spelling.is_empty())
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.spelling.len()));
        KnownNames { entries }
    }

    /// The market table, the catalog's own names and the areas.
    pub fn standard(catalog_compounds: &[String], catalog_developers: &[String]) -> KnownNames {
        let mut names: Vec<(String, String, NameKind)> = Vec::new();
        let mut add = |spelling: &str, canonical: &str, kind: NameKind| {
            names.push((spelling.to_owned(), canonical.to_owned(), kind));
        };
        for c in COMPOUNDS {
            add(c.name_en, c.name_en, NameKind::Compound);
            add(c.name_ar, c.name_en, NameKind::Compound);
            add(c.developer.name_en, c.developer.name_en, NameKind::Developer);
            add(c.developer.name_ar, c.developer.name_en, NameKind::Developer);
        }
        for (name, aliases) in COMPOUND_ALIASES {
            for a in *aliases {
                add(a, name, NameKind::Compound);
            }
        }
        for (name, aliases) in DEVELOPER_ALIASES {
            add(name, name, NameKind::Developer);
            for a in *aliases {
                add(a, name, NameKind::Developer);
            }
        }
        for c in catalog_compounds {
            add(c, c, NameKind::Compound);
        }
        for d in catalog_developers {
            add(d, d, NameKind::Developer);
        }
        for a in crate::domain::areas::AREAS {
            add(a.name_en, a.name_en, NameKind::Area);
            add(a.name_ar, a.name_en, NameKind::Area);
            for alias in a.aliases {
                add(alias, a.name_en, NameKind::Area);
            }
        }
        KnownNames::new(names)
    }

    /// Whether a phrase is, or is part of, or begins with a name Osool
    /// knows (Arabic names are read a few words at a time).
    pub fn knows(&self, phrase: &str) -> bool {
        let p = normalize(phrase);
        let p = p.trim_start_matches("the ").trim_start_matches("ال ");
        if p.is_empty() {
            return true;
        }
        if self.entries.iter().any(|e| e.spelling == p || contains_words(&e.spelling, p)) {
            return true;
        }
        // A phrase holding known names ("Hyde Park New Cairo") is known when
        // nothing but plain words is left beside them: "Mountain View
        // Chillout Park" is another place.
        if p.contains(' ') {
            let mut rest = format!(" {p} ");
            for e in self.entries.iter().filter(|e| e.spelling.contains(' ')) {
                rest = rest.replace(&format!(" {} ", e.spelling), " ");
            }
            if rest.trim() != p
                && rest
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .all(|w| PLAIN_CAPITALS.contains(&w) || self.entries.iter().any(|e| e.spelling == w))
            {
                return true;
            }
        }
        if !p.is_ascii() {
            let words: Vec<&str> = p.split(' ').collect();
            // "زد ويست الجديدة" begins with a known name; "زد إيست" is
            // another name that only begins like one.
            return (1..words.len()).any(|k| {
                let prefix = words[..k].join(" ");
                !NAME_GOES_ON.contains(&words[k]) && self.entries.iter().any(|e| e.spelling == prefix)
            });
        }
        false
    }

    /// The known names in a normalised text, longest first where they
    /// overlap.
    pub fn mentions(&self, norm: &str) -> Vec<Mention> {
        let mut found: Vec<(std::ops::Range<usize>, Mention)> = Vec::new();
        for e in &self.entries {
            for at in word_positions(norm, &e.spelling) {
                let r = at..at + e.spelling.len();
                if !found.iter().any(|(f, _)| f.start < r.end && r.start < f.end) {
                    found.push((r, Mention { at, canonical: e.canonical.clone(), kind: e.kind }));
                }
            }
        }
        found.sort_by_key(|(r, _)| r.start);
        found.into_iter().map(|(_, m)| m).collect()
    }

    /// Whether an Arabic word begins a known name.
    pub fn starts_a_name(&self, word: &str) -> bool {
        let w = normalize(word);
        !w.is_empty()
            && !w.is_ascii()
            && self.entries.iter().any(|e| e.spelling.split(' ').next() == Some(w.as_str()))
    }
}

/// Whole-word positions of `needle` in `hay` (an Arabic name may carry a
/// one-letter prefix: "بميفيدا", "وميفيدا", "في الـ").
fn word_positions(hay: &str, needle: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = hay[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        from = end;
        let word_start = super::text::word_start(hay, start);
        let prefix = &hay[word_start..start];
        let before_ok = prefix.is_empty()
            || (!needle.is_ascii() && ["ب", "و", "ل", "ك", "بال", "وال", "لل", "ف"].contains(&prefix));
        let after_ok = hay[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            out.push(start);
        }
    }
    out
}

/// `haystack` holds `needle` as whole words.
pub fn contains_words(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    format!(" {haystack} ").contains(&format!(" {needle} "))
}

/// Words for the developer that a name may follow ("المطور هو ...").
const DEVELOPER_CUES: &[&str] = &["المطور", "مطور", "مطورها", "مطوره", "مجموعه", "المجموعه"];
const DEVELOPER_FILLERS: &[&str] =
    &["هو", "هي", "بتاعها", "بتاعه", "بتاعتها", "بتاعته", "العقاري", "الرئيسي", "نفسه"];

/// Arabic words that introduce a compound's, project's or developer's name.
const ARABIC_CUES: &[&str] = &["كمبوند", "كومباوند", "مشروع", "منتجع", "شركه", "تطوير", "لشركه"];

fn first_letter_upper(word: &str) -> bool {
    word.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase)
}

fn bare(word: &str) -> String {
    let b =
        word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-' && c != '²').to_lowercase();
    // "Osool's" is "osool".
    let b = b.trim_end_matches("'s").trim_end_matches("\u{2019}s");
    b.trim_matches('\'').to_owned()
}

/// A word that may stand beside a name without naming anything.
pub fn plain_word(word: &str) -> bool {
    PLAIN_CAPITALS.contains(&word)
}

fn is_plain(word: &str) -> bool {
    let b = bare(word);
    b.is_empty() || PLAIN_CAPITALS.contains(&b.as_str()) || b.chars().all(|c| !c.is_alphabetic())
}

/// The names a sentence states: runs of capitalised Latin words (a single
/// capitalised word that opens the sentence is an ordinary word), and up to
/// three Arabic words after a project or developer word.
pub fn stated(sentence: &str) -> Vec<String> {
    let mut out = latin_names(sentence);
    out.extend(arabic_names(sentence));
    out
}

/// Runs of capitalised words that are no plain words, no greeting of the
/// buyer and no capital opening a sentence.
fn latin_names(sentence: &str) -> Vec<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut out = Vec::new();
    // Where the sentence's text starts (after a list marker or a label).
    let mut opening = 0;
    while opening < words.len() && !words[opening].chars().any(char::is_alphanumeric) {
        opening += 1;
    }
    let mut i = 0;
    while i < words.len() {
        if !first_letter_upper(words[i]) || !words[i].chars().any(char::is_alphabetic) {
            i += 1;
            continue;
        }
        let mut j = i;
        let ends =
            |w: &str| w.trim_end_matches(['*', '_', '`']).ends_with([',', '.', ':', ';', ')', '!', '?']);
        loop {
            // "Tagamo3 el Sades", "Ras el Hekma": a lower-case article inside a name.
            let joined = j + 2 < words.len()
                && ["el", "al", "de"].contains(&words[j + 1])
                && first_letter_upper(words[j + 2])
                && !ends(words[j]);
            if joined {
                j += 2;
            } else if j + 1 < words.len()
                && first_letter_upper(words[j + 1])
                && !ends(words[j])
                && !words[j + 1].starts_with('(')
            {
                j += 1;
            } else {
                break;
            }
        }
        // "Hi Sara", "Good evening, Mr. Khaled": the buyer's name.
        let greeted = i > 0
            && GREETINGS
                .contains(&words[i - 1].trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str());
        if greeted {
            i = j + 1;
            continue;
        }
        let run: Vec<&str> = words[i..=j].to_vec();
        let start = run.iter().position(|w| !is_plain(w));
        let after_greeting = |skip: usize| {
            skip > 0
                && GREETINGS.contains(
                    &run[skip - 1].trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str(),
                )
        };
        if let Some(skip) = start.filter(|s| !after_greeting(*s)) {
            // A lone capitalised word opening the sentence, or opening one
            // after "!", "?", "." or ":" inside it ("Salam! Bel nesba...").
            let opens = i == opening
                || (i > 0 && words[i - 1].trim_end_matches(['*', '_', '`']).ends_with(['!', '?', '.', ':']));
            let lone_opening = opens && j == i;
            if !lone_opening {
                // "Emaar Misr's compound": the name without its "'s".
                let phrase: Vec<String> = run[skip..]
                    .iter()
                    .map(|w| {
                        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-');
                        w.trim_end_matches("'s").trim_end_matches("\u{2019}s").trim_matches('\'').to_owned()
                    })
                    .collect();
                out.push(phrase.join(" "));
            }
        }
        i = j + 1;
    }
    out
}

/// Arabic names after their cue words: "كمبوند X", "مشروع X", "المطور هو X".
fn arabic_names(sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    let folded = normalize(sentence);
    let tokens: Vec<&str> = folded.split(' ').collect();
    for (k, t) in tokens.iter().enumerate() {
        // "المطور: ..." is a label, not a name after its cue.
        if t.ends_with(|c: char| !c.is_alphanumeric()) {
            continue;
        }
        let t = t.trim_matches(|c: char| !c.is_alphanumeric());
        // "بمشروع", "وكمبوند": a cue with a one-letter prefix.
        let bare = t.strip_prefix(['ب', 'و', 'ف', 'ل', 'ك']).filter(|b| b.chars().count() > 3).unwrap_or(t);
        // "والمطور X", "المطور هو X" name the developer; "خطة المطور
        // مستمرة" (the developer's plan) does not.
        let developer_cue = DEVELOPER_CUES.contains(&bare)
            && (bare != t
                || k == 0
                || tokens[k - 1].ends_with(|c: char| !c.is_alphanumeric())
                || ["من", "تبع", "بتاع", "بتاعه", "بتاعها"].contains(&tokens[k - 1])
                || tokens.get(k + 1).is_some_and(|w| {
                    DEVELOPER_FILLERS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
                }));
        if !ARABIC_CUES.contains(&t) && !ARABIC_CUES.contains(&bare) && !developer_cue {
            continue;
        }
        // "المطور هو بالم هيلز", "والمطور بتاعها ماونتن فيو".
        let mut from = k + 1;
        if developer_cue {
            while tokens
                .get(from)
                .is_some_and(|w| DEVELOPER_FILLERS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
            {
                from += 1;
            }
            // A verb after "المطور" ("بيسلم", "هيقسط") is no name.
            if tokens
                .get(from)
                .is_none_or(|w| ["بي", "بت", "هي", "هت", "بن", "هن", "بي"].iter().any(|p| w.starts_with(p)))
            {
                continue;
            }
        }
        let mut name: Vec<&str> = Vec::new();
        for w in tokens.iter().skip(from).take(3) {
            let clean = w.trim_matches(|c: char| !c.is_alphanumeric());
            if clean.is_empty() || clean.is_ascii() || ARABIC_CUES.contains(&clean) {
                break;
            }
            name.push(clean);
            if w.ends_with(|c: char| !c.is_alphanumeric()) {
                break;
            }
        }
        if name.first().is_some_and(|w| !ARABIC_PLAIN.contains(w)) {
            out.push(name.join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_from_capitals_and_arabic_cues() {
        assert_eq!(stated("Azure Bay Residences is lovely."), vec!["Azure Bay Residences"]);
        assert_eq!(stated("Great choice. You will love it."), Vec::<String>::new());
        assert_eq!(stated("It is built by Horizon Developments."), vec!["Horizon Developments"]);
        assert_eq!(stated("- **#12 Mivida**: 3 bedrooms"), vec!["Mivida"]);
        assert_eq!(stated("الوحدة في كمبوند النخيل الذهبي بالتجمع."), vec!["النخيل الذهبي بالتجمع"]);
        assert_eq!(stated("هذا المشروع رائع وكمبوند سكني متكامل."), Vec::<String>::new());
        assert_eq!(stated("أنصحك أيضًا بمشروع لؤلؤة النيل."), vec!["لؤلؤه النيل"]);
        assert_eq!(stated("والمطور بتاعها ماونتن فيو."), vec!["ماونتن فيو"]);
        assert_eq!(stated("والمطور هو مجموعة طلعت مصطفى."), vec!["مجموعه طلعت مصطفي"]);
        assert_eq!(stated("المطور بيسلم الوحدات متشطبة."), Vec::<String>::new());
        assert_eq!(stated("مجموعة من الوحدات المميزة."), Vec::<String>::new());
        let names = KnownNames::standard(&[], &[]);
        assert!(names.knows("Mivida"));
        assert!(names.knows("ميفيدا في التجمع"));
        assert!(names.knows("New Cairo"));
        assert!(names.knows("Hyde Park New Cairo"));
        assert!(!names.knows("Azure Bay Residences"));
        assert!(!names.knows("Mivida Gardens"));
        assert!(!names.knows("النخيل الذهبي بالتجمع"));
    }
}
