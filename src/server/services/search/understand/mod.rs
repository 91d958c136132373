//! Query understanding: turns what a buyer types, in English, Arabic or
//! transliteration ("3 bedroom apartment in New Cairo under 10 million,
//! 7 years installments", "شقة ٣ غرف في التجمع أقل من ١٠ مليون"), into hard
//! filters plus the soft text that is left. Each filter remembers the words
//! it came from, so a chip can be removed by deleting them from the query.

mod assign;
mod gazetteer;
mod numbers;
mod quantity;
mod tokens;

pub use gazetteer::Gazetteer;
use tokens::*;

use super::lexicon::*;

use crate::domain::areas::{self, AREAS};

use crate::domain::search::{FilterKind, Filters, QueryNote, Sort};

use crate::domain::{franco, fuzzy, places};

use std::collections::{HashMap, HashSet};

use std::ops::Range;

use std::sync::OnceLock;

/// "or" in the scripts buyers write.
/// Franco-Arabic words of two letters and a digit ("ma3" with, "la2" no).
const FRANCO_SHORT: &[&str] = &["ma3", "la2"];

/// The article ال in Franco-Arabic, alone or glued to a preposition
/// ("el", "fel" في ال, "bel", "lel", "wel").
const FRANCO_ARTICLES: &[&str] =
    &["el", "al", "il", "l", "fel", "fl", "fil", "bel", "bil", "lel", "lil", "wel"];

const OR_WORDS: &[&str] = &["or", "او", "aw", "wala", "ولا"];

/// Cue words people glue to the number after them ("under4m", "max10m").
const CUE_WORDS_GLUED: &[&str] =
    &["under", "max", "min", "below", "above", "over", "upto", "budget", "around", "about"];

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
