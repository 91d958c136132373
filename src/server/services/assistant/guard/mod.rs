//! The hallucination guard, enforced in code on claims, not patterns.
//!
//! The model's answer is split into sentences (`Gate`); in each, every
//! checkable claim is found (`claims`, `names`, `pressure`): listing
//! references in any format, proper names, amounts and percentages, counts
//! with units (bedrooms, bathrooms, m², floors, years, installments),
//! dates, delivery states, finishing, the kind of unit, and sales pressure
//! or offers. A claim is true only against the facts of the listing(s) the
//! sentence refers to (by id, by the compound it names, or the listing the
//! answer was last about), or against figures the tools of this
//! conversation computed, or the buyer's own words. A sentence with one
//! false or unverifiable claim is dropped whole (never patched); every drop
//! is logged and counted by kind. The agent falls back to the offline
//! assistant's grounded reply when too little of an answer is left.

pub mod claims;

pub mod compare;
mod features;

pub mod franco;

pub mod gate;

mod lexicon;

pub mod names;

pub mod pressure;

pub mod text;

mod grounding;
mod refs;
mod truth;
mod verdict;

pub use grounding::Grounding;
use grounding::*;
use truth::*;

pub use claims::{Amount, amounts, listing_refs};

pub use gate::Gate;

pub use features::{Feature, features};
pub use names::KnownNames;

use crate::domain::listing::{Finishing, Listing, PropertyType};

use chrono::Datelike;

use claims::Fact;

use lexicon::*;

use names::{Mention, NameKind, contains_words};

use serde_json::Value;

use std::collections::{BTreeSet, HashMap};

use std::sync::Arc;

use text::normalize;

/// Why a sentence was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DropKind {
    /// A listing that is not an available listing of Osool's, or a
    /// reference in a format Osool does not use.
    ListingRef,
    /// A compound, project, developer or place Osool does not know, or one
    /// that is not the listing's.
    Name,
    Amount,
    Percent,
    Bedrooms,
    Bathrooms,
    Size,
    Floor,
    Years,
    Date,
    Delivery,
    Finishing,
    Type,
    /// A view or a private garden, pool or roof the listing's description
    /// does not state.
    Feature,
    /// One listing said to be cheaper, bigger, sooner... than another when
    /// it is not.
    Comparison,
    Pressure,
}

impl DropKind {
    pub fn code(self) -> &'static str {
        match self {
            DropKind::ListingRef => "listing_ref",
            DropKind::Name => "name",
            DropKind::Amount => "amount",
            DropKind::Percent => "percent",
            DropKind::Bedrooms => "bedrooms",
            DropKind::Bathrooms => "bathrooms",
            DropKind::Size => "size",
            DropKind::Floor => "floor",
            DropKind::Years => "years",
            DropKind::Date => "date",
            DropKind::Delivery => "delivery",
            DropKind::Finishing => "finishing",
            DropKind::Type => "type",
            DropKind::Comparison => "comparison",
            DropKind::Feature => "feature",
            DropKind::Pressure => "pressure",
        }
    }
}

/// A sentence the buyer did not see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    pub kind: DropKind,
    /// The claim that failed, as written (normalised).
    pub claim: String,
    pub sentence: String,
}

/// What a sentence is about.
#[derive(Clone, Debug, PartialEq)]
enum Subject {
    None,
    Listings(Vec<i64>),
    /// A listing or place that does not exist: nothing can be said of it.
    Unknown,
}

/// Which share of the price a percentage is.
#[derive(Clone, Copy, PartialEq)]
enum Share {
    Down,
    Delivery,
    Maintenance,
    /// A return or a rent: no share of the price, only what a tool computed.
    Return,
}

/// What a sentence's wording says about its figures.
struct Cues {
    /// The one share of the price its percentages are, when it names one.
    share: Option<Share>,
    /// A price word: an amount is the listing's price, not any figure.
    price: bool,
    /// A delivery word: a year is the delivery date.
    delivery: bool,
    /// Both the down payment and the maintenance deposit are named.
    down_and_maintenance: bool,
    /// A fee ("رسوم", "membership"): no total of the plan.
    fee: bool,
    /// A word for the price itself ("priced at", "سعرها"), not "costs".
    priced: bool,
}

/// Checks an answer sentence by sentence.
pub struct Guard {
    pub grounding: Grounding,
    names: Arc<KnownNames>,
    /// What the answer was last about: "it costs ..." is about it.
    last: Subject,
    /// The listings the last sentence that named any named.
    recent: Vec<i64>,
    pub dropped: Vec<Dropped>,
    /// Characters kept and dropped in the current round.
    kept_chars: usize,
    dropped_chars: usize,
    current_year: i32,
}

impl Guard {
    pub fn new(grounding: Grounding, names: Arc<KnownNames>) -> Guard {
        Guard {
            grounding,
            names,
            last: Subject::None,
            recent: Vec::new(),
            dropped: Vec::new(),
            kept_chars: 0,
            dropped_chars: 0,
            current_year: chrono::Utc::now().year(),
        }
    }

    pub fn names(&self) -> &KnownNames {
        &self.names
    }

    /// Osool-format ids in `sentence` the guard has not seen: look them up
    /// first (`Grounding::add_listing` for the available ones).
    pub fn unknown_ids(&self, sentence: &str) -> Vec<i64> {
        let norm = normalize(sentence);
        let (_, money) = claims::claims(&norm);
        claims::refs(&norm, &money)
            .into_iter()
            .filter_map(|r| r.id)
            .filter(|id| !self.grounding.listings.contains_key(id))
            .collect()
    }

    /// What the answer was about no longer holds (another writer takes
    /// over: the offline assistant's fallback).
    pub fn forget_subject(&mut self) {
        self.last = Subject::None;
        self.recent.clear();
    }

    /// Starts a new round of the model's text (the fallback decision is
    /// per round).
    pub fn new_round(&mut self) {
        self.kept_chars = 0;
        self.dropped_chars = 0;
    }

    /// Too little of this round's text survived: less than half of it, or
    /// nothing with a letter in it.
    pub fn too_little_left(&self) -> bool {
        self.dropped_chars > 0 && (self.dropped_chars > self.kept_chars || self.kept_chars < 20)
    }

    /// The sentence if it may be shown, `None` if it was dropped.
    pub fn check(&mut self, sentence: &str) -> Option<String> {
        let size = sentence.trim().chars().count();
        match self.verdict(sentence) {
            Ok(()) => {
                self.kept_chars += size;
                Some(sentence.to_owned())
            }
            Err((kind, claim)) => {
                self.dropped_chars += size.max(1);
                tracing::warn!(kind = kind.code(), claim, sentence, "guard dropped a sentence");
                metrics::counter!("agent_guard_dropped_total", "kind" => kind.code()).increment(1);
                self.dropped.push(Dropped { kind, claim, sentence: sentence.to_owned() });
                None
            }
        }
    }

    fn listing(&self, id: i64) -> Option<&Listing> {
        self.grounding.listings.get(&id).filter(|l| l.is_available)
    }

    /// Bare numbers in a sentence that are ids of listings the conversation
    /// has seen, outside every claim, amount and reference.
    fn bare_ids(
        &self,
        norm: &str,
        found: &[claims::Claim],
        money: &[std::ops::Range<usize>],
        refs: &[claims::Ref],
    ) -> Vec<(usize, i64)> {
        let mut out = Vec::new();
        let bytes = norm.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit()
                || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'))
            {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let glued =
                norm[i..].starts_with(|c: char| c.is_alphanumeric() || c == '.' || c == '%' || c == '²');
            let inside = found.iter().any(|c| c.at <= start && start < c.at + c.raw.len())
                || money.iter().any(|r| r.start <= start && start < r.end)
                || refs.iter().any(|r| r.at <= start && start < r.at + r.raw.len());
            // After "than", "and", "vs", "el", "في"..., not "the five".
            let word_before = norm[..start].trim_end().rsplit(' ').next().unwrap_or("");
            let introduced = start == 0
                || word_before.ends_with("ال")
                || [
                    "من",
                    "than",
                    "and",
                    "vs",
                    "versus",
                    "el",
                    "في",
                    "و",
                    "مقابل",
                    "قصاد",
                    "with",
                    "to",
                    "ل",
                    "بين",
                    "between",
                ]
                .contains(&word_before)
                || word_before.ends_with(',');
            if !glued
                && !inside
                && introduced
                && let Ok(id) = norm[start..i].parse::<i64>()
                && self.listing(id).is_some()
            {
                out.push((start, id));
            }
        }
        out
    }

    /// The available listings of a kind the conversation has seen.
    fn of_type(&self, t: PropertyType) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .grounding
            .listings
            .iter()
            .filter(|(_, l)| l.is_available && l.property_type == t)
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        ids
    }

    fn in_compound(&self, canonical: &str) -> Vec<i64> {
        let c = normalize(canonical);
        let mut ids: Vec<i64> = self
            .grounding
            .listings
            .iter()
            .filter(|(_, l)| l.is_available && l.compound.as_deref().is_some_and(|lc| normalize(lc) == c))
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The listings a claim at `at` is about: the nearest id before it
    /// (else after it) in the sentence, else the sentence's subject.
    fn about(&self, at: usize, placed: &[(usize, i64)], subject: &Subject) -> Option<Vec<i64>> {
        // The nearest id before the claim, or the nearest after it ("8% for
        // #11 and 5% for #3").
        let before = placed.iter().rev().find(|(p, _)| *p <= at).map(|(_, id)| *id);
        let after = placed.iter().find(|(p, _)| *p > at).map(|(_, id)| *id);
        let ids: Vec<i64> = before.into_iter().chain(after).collect();
        if !ids.is_empty() {
            return Some(ids);
        }
        match subject {
            Subject::Listings(ids) => Some(ids.clone()),
            _ => None,
        }
    }

    /// Ids of valid listings the text cites, in order of first mention.
    pub fn cited(&self, text: &str) -> Vec<i64> {
        let mut out = Vec::new();
        for (_, id) in listing_refs(text) {
            if self.listing(id).is_some() && !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }
}

/// Words that make a figure a sum of two listings' ("together").
const SUM: &[&str] = &["together", "combined", "both", "total", "مع بعض", "مجموع", "الاتنين", "الاثنين", "سوا"];

/// A whole word, Arabic with its prefixes ("الفرق", "بالمقارنه").
fn has_word(norm: &str, word: &str) -> bool {
    claims_has_word(norm, word) || (!word.is_ascii() && !claims::find_words(norm, word).is_empty())
}

/// "Like #30, it is...", "نفس خطة #48": said of something else by likeness.
fn likens(norm: &str) -> bool {
    ["like", "same", "similar", "as with", "just as", "زي", "مثل", "نفس", "شبه", "زيها", "زيه"]
        .iter()
        .any(|w| claims_has_word(norm, w))
}

fn starts_with_pronoun(norm: &str) -> bool {
    let first = norm.split(|c: char| !(c.is_alphanumeric() || c == '\'')).find(|w| !w.is_empty());
    first.is_some_and(|w| PRONOUNS.contains(&w))
}

fn brings_in_something_new(norm: &str) -> bool {
    NEW_THING.iter().any(|w| claims_has_word(norm, w) || (!w.is_ascii() && norm.contains(w)))
}

/// A kind offered as one of several ("an apartment or a villa", "شقة ولا
/// فيلا").
fn alternative(norm: &str, c: &claims::Claim) -> bool {
    let before = norm[..c.at].trim_end();
    let after = norm[c.at + c.raw.len()..].trim_start();
    let joins = [" or", " or a", " or an", " ولا", " او", " أو"];
    joins.iter().any(|j| before.ends_with(j.trim_start()) && before.ends_with(j))
        || ["or ", "ولا ", "او "].iter().any(|j| after.starts_with(j))
        || ["or a", "or an"].iter().any(|j| before.ends_with(j))
}

/// An id at `at` that follows "compared with", "than", "vs": the other side.
fn compared_with(norm: &str, at: usize) -> bool {
    let before = norm[..at].trim_end();
    [
        "compared with",
        "compared to",
        "than",
        "vs",
        "versus",
        "unlike",
        "مقارنه ب",
        "بالمقارنه مع",
        "قصاد",
        "مقابل",
        "من",
    ]
    .iter()
    .any(|w| before.ends_with(w))
        || before.ends_with("مقارنه")
}

/// A number right after an article: "el 7", "الـ٥٨" (folded "ال58").
fn after_article(norm: &str, at: usize) -> bool {
    let before = &norm[..at];
    before.ends_with("ال") || before.ends_with("el ") || before.ends_with("ال ")
}

/// A kind said at `at` with the article ("the villa", "الفيلا", "this flat").
fn is_definite(norm: &str, at: usize) -> bool {
    let word = text::word_start(norm, at);
    let prefix = &norm[word..at];
    prefix.ends_with("ال")
        || prefix.ends_with("لل")
        || ["the ", "this ", "that ", "el "].iter().any(|a| norm[..at].ends_with(a))
}

fn claims_has_word(norm: &str, word: &str) -> bool {
    norm.split(|c: char| !c.is_alphanumeric()).any(|w| w == word)
        || (word.contains(' ') && norm.contains(word))
}

fn kind_of(fact: &Fact) -> DropKind {
    match fact {
        Fact::Money { .. } => DropKind::Amount,
        Fact::Percent(_) => DropKind::Percent,
        Fact::Bedrooms(_) => DropKind::Bedrooms,
        Fact::Bathrooms(_) => DropKind::Bathrooms,
        Fact::Size(_) | Fact::PartSize(_) => DropKind::Size,
        Fact::Floor(_) => DropKind::Floor,
        Fact::Years(_) | Fact::Installments(_) => DropKind::Years,
        Fact::Year(_) => DropKind::Date,
        Fact::Ready | Fact::OffPlan => DropKind::Delivery,
        Fact::Finishing(_) => DropKind::Finishing,
        Fact::Type(_) => DropKind::Type,
        Fact::Feature(_) => DropKind::Feature,
        Fact::Frequency(_) => DropKind::Years,
        Fact::PlainApartment | Fact::NotType(_) => DropKind::Type,
    }
}

#[cfg(test)]
mod tests;
