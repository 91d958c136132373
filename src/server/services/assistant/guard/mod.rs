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
pub mod franco;
pub mod gate;
pub mod names;
pub mod pressure;
pub mod text;
mod verdict;

pub use claims::{Amount, amounts, listing_refs};
pub use gate::Gate;
pub use names::KnownNames;

use crate::domain::listing::{Finishing, Listing, PropertyType};
use chrono::Datelike;
use claims::Fact;
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

/// What the conversation has established.
#[derive(Clone, Debug, Default)]
pub struct Grounding {
    /// Listings the tools returned or the database confirmed.
    pub listings: HashMap<i64, Listing>,
    /// Money in tool results outside listings, by the listing a result is
    /// about (`None`: no one listing).
    money: HashMap<Option<i64>, BTreeSet<i64>>,
    /// Figures a calculation returned (percentages, years, counts), in
    /// hundredths, by listing.
    figures: HashMap<Option<i64>, BTreeSet<i64>>,
    buyer_money: BTreeSet<i64>,
    /// How often installments fall due in a plan a tool worked out, in
    /// months ("what if I pay monthly").
    frequencies: BTreeSet<u8>,
    /// The buyer's figures by kind ("3 bedrooms" allows no "3%"), in
    /// hundredths.
    buyer_figures: HashMap<&'static str, BTreeSet<i64>>,
    /// The buyer's words, normalised: a name the buyer wrote is theirs.
    buyer_text: String,
    /// Names and titles of the listings seen, normalised.
    phrases: Vec<String>,
}

fn hundredths(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

fn near(set: Option<&BTreeSet<i64>>, value: i64, tolerance: i64) -> bool {
    set.is_some_and(|s| s.range(value - tolerance..=value + tolerance).next().is_some())
}

impl Grounding {
    pub fn add_listing(&mut self, l: &Listing) {
        if let Ok(id) = l.id.parse::<i64>() {
            for p in [
                Some(l.title.as_str()),
                l.title_ar.as_deref(),
                l.compound.as_deref(),
                l.compound_ar.as_deref(),
                l.developer.as_deref(),
                l.developer_ar.as_deref(),
                Some(l.location.as_str()),
                l.district.as_deref(),
            ]
            .into_iter()
            .flatten()
            {
                let n = normalize(p);
                if !n.is_empty() && !self.phrases.contains(&n) {
                    self.phrases.push(n);
                }
            }
            self.listings.insert(id, l.clone());
        }
    }

    /// A tool's JSON result: its money and, for a calculation, its figures.
    /// Listings inside it are facts only as the database has them
    /// (`add_listing`); what the listing's agent wrote is no fact at all.
    pub fn add_tool_result(&mut self, value: &Value) {
        let about = match &value["listing_id"] {
            Value::String(s) => s.parse::<i64>().ok(),
            Value::Number(n) => n.as_i64(),
            _ => None,
        };
        let calculation = value.get("price_egp").is_some() && value.get("id").is_none();
        self.walk(value, about, calculation);
    }

    fn walk(&mut self, value: &Value, about: Option<i64>, calculation: bool) {
        match value {
            Value::Number(n) => {
                let Some(x) = n.as_f64() else { return };
                if x.abs() >= 1_000.0 {
                    self.money.entry(about).or_default().insert(x.round() as i64);
                }
                if calculation {
                    self.figures.entry(about).or_default().insert(hundredths(x));
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.walk(v, about, calculation)),
            Value::Object(map) => {
                if map.contains_key("id") && map.contains_key("price_egp") {
                    return;
                }
                match map.get("frequency").and_then(Value::as_str) {
                    Some("monthly") => {
                        self.frequencies.insert(1);
                    }
                    Some("quarterly") => {
                        self.frequencies.insert(3);
                    }
                    _ => {}
                }
                map.iter()
                    .filter(|(key, _)| key.as_str() != super::tools::UNTRUSTED)
                    .for_each(|(_, v)| self.walk(v, about, calculation));
            }
            Value::String(s) => {
                for a in amounts(s) {
                    self.money.entry(about).or_default().insert(a.value);
                }
            }
            _ => {}
        }
    }

    /// What the buyer wrote: their amounts, figures and names are theirs
    /// to hear back.
    pub fn add_text(&mut self, text: &str) {
        let norm = normalize(text);
        let (found, _) = claims::claims(&norm);
        for c in found {
            if let Fact::Money { value, .. } = c.fact {
                self.buyer_money.insert(value);
            } else if let Some(x) = figure_of(&c.fact) {
                self.buyer_figures.entry(kind_of(&c.fact).code()).or_default().insert(x);
            }
        }
        self.buyer_text.push(' ');
        self.buyer_text.push_str(&norm);
    }

    fn known_phrase(&self, phrase: &str) -> bool {
        let p = normalize(phrase);
        // A part of a listing's name, or a name holding one of several
        // words ("Hyde Park New Cairo"); "Sodic West" is not a listing's
        // just because SODIC is.
        if p.is_empty()
            || self.phrases.iter().any(|h| contains_words(h, &p))
            || contains_words(&self.buyer_text, &p)
        {
            return true;
        }
        // Holding listings' names with nothing but plain words beside them
        // ("Mountain View Chillout Park" is another place).
        let mut rest = format!(" {p} ");
        for h in self.phrases.iter().filter(|h| h.contains(' ')) {
            rest = rest.replace(&format!(" {h} "), " ");
        }
        rest.trim() != p && rest.split(' ').filter(|w| !w.is_empty()).all(names::plain_word)
    }
}

/// What a sentence is about.
#[derive(Clone, Debug, PartialEq)]
enum Subject {
    None,
    Listings(Vec<i64>),
    /// A listing or place that does not exist: nothing can be said of it.
    Unknown,
}

const PRICE_CUES: &[&str] = &[
    "price",
    "priced",
    "costs",
    "cost",
    "asking",
    "sells for",
    "selling for",
    "سعر",
    "بسعر",
    "سعرها",
    "ثمن",
    "تمن",
    "يبلغ",
    "بتكلفه",
];

/// Words that make a figure approximate.
const APPROXIMATE: &[&str] = &[
    "about",
    "around",
    "roughly",
    "approximately",
    "approx",
    "nearly",
    "almost",
    "under",
    "just",
    "some",
    "حوالي",
    "تقريبا",
    "نحو",
    "قرابه",
    "حدود",
    "اقل",
];

/// Words that make a year a delivery date.
const DELIVERY_CUES: &[&str] = &[
    "deliver",
    "handover",
    "handed over",
    "hand over",
    "ready",
    "completion",
    "complete in",
    "move in",
    "استلام",
    "تسليم",
    "يتسلم",
    "تتسلم",
    "جاهز",
];

/// Which share of the price a percentage is.
#[derive(Clone, Copy, PartialEq)]
enum Share {
    Down,
    Delivery,
    Maintenance,
    /// A return or a rent: no share of the price, only what a tool computed.
    Return,
}

const SHARE_CUES: &[(&str, Share)] = &[
    ("down", Share::Down),
    ("deposit to book", Share::Down),
    ("مقدم", Share::Down),
    ("المقدم", Share::Down),
    ("maintenance", Share::Maintenance),
    ("صيانه", Share::Maintenance),
    ("وديعه", Share::Maintenance),
    ("return", Share::Return),
    ("yield", Share::Return),
    ("roi", Share::Return),
    ("rental", Share::Return),
    ("عائد", Share::Return),
    ("ايجاري", Share::Return),
    ("at delivery", Share::Delivery),
    ("on delivery", Share::Delivery),
    ("at handover", Share::Delivery),
    ("عند الاستلام", Share::Delivery),
    ("عند التسليم", Share::Delivery),
];

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

    /// A figure that is the difference between two of `pool`'s listings
    /// (prices, sizes, prices per m², monthly installments).
    fn a_difference(&self, pool: &[i64], fact: &Fact) -> bool {
        let listings: Vec<&Listing> = pool.iter().filter_map(|id| self.listing(*id)).collect();
        let pairs =
            || listings.iter().enumerate().flat_map(|(i, a)| listings[i + 1..].iter().map(move |b| (*a, *b)));
        match fact {
            Fact::Money { value, tolerance } => pairs().any(|(a, b)| {
                [
                    Some((a.price_egp - b.price_egp).abs()),
                    a.price_per_sqm_egp.zip(b.price_per_sqm_egp).map(|(x, y)| (x - y).abs()),
                    a.monthly_installment_egp.zip(b.monthly_installment_egp).map(|(x, y)| (x - y).abs()),
                ]
                .into_iter()
                .flatten()
                .any(|d| (d - value).abs() <= *tolerance)
                    // "together they cost EGP 19,860,000".
                    || (a.price_egp + b.price_egp - value).abs() <= *tolerance
            }),
            Fact::Size(x) => pairs().any(|(a, b)| {
                a.area_sqm.zip(b.area_sqm).is_some_and(|(p, q)| (f64::from((p - q).abs()) - x).abs() <= 1.0)
            }),
            // "three years before the Badya apartment".
            Fact::Years(x) => pairs().any(|(a, b)| {
                a.delivery_year
                    .zip(b.delivery_year)
                    .is_some_and(|(p, q)| (f64::from((p - q).abs()) - x).abs() < 0.01)
            }),
            _ => false,
        }
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

    /// A claim about listing `l`.
    fn true_of(&self, l: &Listing, fact: &Fact, cues: &Cues) -> bool {
        let id = l.id.parse::<i64>().ok();
        let g = &self.grounding;
        let figure = |x: i64, tol: i64| {
            near(g.figures.get(&id), x, tol)
                || near(g.figures.get(&None), x, tol)
                || near(g.buyer_figures.get(kind_of(fact).code()), x, tol)
        };
        match fact {
            Fact::Money { value, tolerance } => {
                // A fee ("the club membership costs"): no figure of the
                // listing is one; only what a tool computed.
                let mut own = if cues.fee { Vec::new() } else { listing_money(l, !cues.priced) };
                // "the down payment and maintenance deposit together".
                if cues.down_and_maintenance {
                    let share = |p: Option<f64>| p.map(|p| (l.price_egp as f64 * p / 100.0).round() as i64);
                    own.extend(
                        share(l.down_payment_pct).zip(share(l.maintenance_deposit_pct)).map(|(d, m)| d + m),
                    );
                }
                own.iter().any(|m| (m - value).abs() <= *tolerance)
                    || near(g.money.get(&id), *value, *tolerance)
                    || (!cues.price
                        && (near(g.money.get(&None), *value, *tolerance)
                            || near(Some(&g.buyer_money), *value, *tolerance)))
            }
            Fact::Percent(x) => {
                let x = hundredths(*x);
                // "10% down" is the down payment, not any share of the listing.
                let fields = match cues.share {
                    Some(Share::Down) => vec![l.down_payment_pct],
                    Some(Share::Delivery) => vec![l.delivery_payment_pct],
                    Some(Share::Maintenance) => vec![l.maintenance_deposit_pct],
                    Some(Share::Return) => vec![],
                    None => vec![l.down_payment_pct, l.delivery_payment_pct, l.maintenance_deposit_pct],
                };
                fields.into_iter().flatten().any(|p| (hundredths(p) - x).abs() <= 5) || figure(x, 5)
            }
            Fact::Bedrooms(n) => {
                l.bedrooms.is_some_and(|b| i64::from(b) == i64::from(*n))
                    || (*n == 0 && l.property_type == PropertyType::Studio)
            }
            Fact::Bathrooms(n) => l.bathrooms.is_some_and(|b| i64::from(b) == i64::from(*n)),
            Fact::Size(x) => l.area_sqm.is_some_and(|a| (a as f64 - x).abs() <= 1.0),
            Fact::PartSize(x) => [l.description.as_deref(), l.description_ar.as_deref()]
                .into_iter()
                .flatten()
                .any(|d| claims::sizes(&normalize(d)).iter().any(|s| (s - x).abs() <= 1.0)),
            Fact::Floor(f) => {
                // Only the listing's own description states a floor.
                [l.description.as_deref(), l.description_ar.as_deref()]
                    .into_iter()
                    .flatten()
                    .any(|d| claims::floors(&normalize(d)).contains(f))
            }
            Fact::Years(x) => {
                l.installment_years.is_some_and(|y| (f64::from(y) - x).abs() < 0.01)
                    || figure(hundredths(*x), 5)
            }
            Fact::Installments(n) => {
                let per_year = match l.installment_frequency {
                    crate::domain::listing::InstallmentFrequency::Monthly => 12,
                    crate::domain::listing::InstallmentFrequency::Quarterly => 4,
                    crate::domain::listing::InstallmentFrequency::None => 0,
                };
                l.installment_years.is_some_and(|y| (y * per_year) as u32 == *n)
                    || figure(i64::from(*n) * 100, 0)
            }
            Fact::Year(y) => {
                l.delivery_year.is_some_and(|d| i32::from(d) == *y)
                    || (l.delivered == Some(true) && *y <= self.current_year)
                    // A date that is no delivery date: a viewing this year or next.
                    || (!cues.delivery && (self.is_near_year(*y) || figure(i64::from(*y) * 100, 0)))
            }
            Fact::Ready => l.delivered == Some(true),
            Fact::OffPlan => l.delivered != Some(true),
            Fact::Finishing(f) => {
                l.finishing == Some(*f)
                    || (*f == Finishing::FullyFinished && l.finishing == Some(Finishing::Furnished))
            }
            Fact::Type(t) => same_type(l.property_type, *t),
            Fact::Frequency(months) => {
                use crate::domain::listing::InstallmentFrequency as F;
                g.frequencies.contains(months)
                    || match l.installment_frequency {
                        F::Monthly => *months == 1,
                        F::Quarterly => *months == 3,
                        F::None => false,
                    }
            }
            Fact::PlainApartment => l.property_type == PropertyType::Apartment,
            Fact::NotType(t) => {
                !(l.property_type == *t || same_type(l.property_type, *t) && *t != PropertyType::Apartment)
            }
            Fact::Feature(f) => {
                let own: Vec<claims::Feature> = [l.description.as_deref(), l.description_ar.as_deref()]
                    .into_iter()
                    .flatten()
                    .flat_map(|d| claims::features(&normalize(d)))
                    .map(|(_, f, _)| f)
                    .collect();
                // A private garden is a view of green.
                own.contains(f)
                    || (*f == claims::Feature::GreenView && own.contains(&claims::Feature::PrivateGarden))
            }
        }
    }

    /// A claim about no listing in particular: true of some listing the
    /// conversation has seen, a figure a tool returned, or the buyer's.
    fn is_near_year(&self, y: i32) -> bool {
        y == self.current_year || y == self.current_year + 1
    }

    fn true_somewhere(&self, fact: &Fact, cues: &Cues) -> bool {
        let g = &self.grounding;
        let any_figure = |x: i64, tol: i64| {
            g.figures.values().any(|s| near(Some(s), x, tol))
                || near(g.buyer_figures.get(kind_of(fact).code()), x, tol)
        };
        match fact {
            // An amount said of no listing is a figure a tool computed or the
            // buyer's own; a listing's figure needs its listing named (a
            // random "fee" can equal some listing's price).
            Fact::Money { value, tolerance } => {
                g.money.values().any(|s| near(Some(s), *value, *tolerance))
                    || near(Some(&g.buyer_money), *value, *tolerance)
            }
            Fact::Floor(_) | Fact::PartSize(_) => false,
            Fact::Year(y) => {
                (!cues.delivery && self.is_near_year(*y))
                    || *y == self.current_year
                    || g.listings.values().any(|l| l.delivery_year.is_some_and(|d| i32::from(d) == *y))
                    || any_figure(i64::from(*y) * 100, 0)
            }
            Fact::Percent(x) => {
                let x = hundredths(*x);
                any_figure(x, 5)
                    || g.listings.values().any(|l| {
                        [l.down_payment_pct, l.delivery_payment_pct, l.maintenance_deposit_pct]
                            .into_iter()
                            .flatten()
                            .any(|p| (hundredths(p) - x).abs() <= 5)
                    })
            }
            Fact::Feature(_) => g.listings.values().any(|l| l.is_available && self.true_of(l, fact, cues)),
            Fact::Ready
            | Fact::OffPlan
            | Fact::Finishing(_)
            | Fact::Type(_)
            | Fact::Frequency(_)
            | Fact::PlainApartment
            | Fact::NotType(_) => true,
            other => {
                g.listings.values().any(|l| self.true_of(l, other, cues)) || {
                    let x = match other {
                        Fact::Bedrooms(n) | Fact::Bathrooms(n) | Fact::Installments(n) => i64::from(*n) * 100,
                        Fact::Size(x) | Fact::Years(x) => hundredths(*x),
                        _ => return false,
                    };
                    any_figure(x, 0)
                }
            }
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

/// Words that set two listings' figures side by side.
const CONTRAST: &[&str] = &[
    "vs",
    "versus",
    "compared",
    "against",
    "while",
    "whereas",
    "mokabel",
    "مقابل",
    "قصاد",
    "بينما",
    "مقارنه",
    "بالمقارنه",
    "في حين",
];

/// Words that make a figure a sum of two listings' ("together").
const SUM: &[&str] = &["together", "combined", "both", "total", "مع بعض", "مجموع", "الاتنين", "الاثنين", "سوا"];

/// Words that set listings side by side, so a bare number among them is
/// one of them ("لو بتقارن بين ٢ و٧٢").
const COMPARING: &[&str] = &[
    "compare",
    "comparing",
    "comparison",
    "difference",
    "فرق",
    "الفرق",
    "between",
    "vs",
    "versus",
    "بتقارن",
    "نقارن",
    "مقارنه",
    "بين",
    "قصاد",
    "مقابل",
];

/// A whole word, Arabic with its prefixes ("الفرق", "بالمقارنه").
fn has_word(norm: &str, word: &str) -> bool {
    claims_has_word(norm, word) || (!word.is_ascii() && !claims::find_words(norm, word).is_empty())
}

/// Words that make a figure a difference ("a gap of", "بفارق").
const DIFFERENCE: &[&str] = &[
    "gap",
    "difference",
    "more",
    "less",
    "before",
    "after",
    "earlier",
    "later",
    "فرق",
    "بفارق",
    "فارق",
    "اكتر",
    "اكثر",
    "اقل",
    "زياده",
    "قبل",
    "بعد",
];

/// Pronouns that open a sentence about what the last one named.
const PRONOUNS: &[&str] = &[
    "it",
    "it's",
    "its",
    "they",
    "this",
    "that",
    "she",
    "he",
    "هي",
    "هو",
    "وهي",
    "وهو",
    "دي",
    "ده",
    "ودي",
    "وده",
    "فيها",
    "وفيها",
];

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

/// Words that bring in another listing or place ("also consider X").
const NEW_THING: &[&str] = &[
    "also",
    "another",
    "there's",
    "there is",
    "consider",
    "alternatively",
    "alternative",
    "كمان",
    "ايضا",
    "برضه",
    "عندنا",
    "انصحك",
    "بنصحك",
    "ممكن تشوف",
    "في وحده",
    "فيه وحده",
];

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

/// A claim's figure in hundredths (money aside).
fn figure_of(fact: &Fact) -> Option<i64> {
    match fact {
        Fact::Percent(x) | Fact::Size(x) | Fact::PartSize(x) | Fact::Years(x) => Some(hundredths(*x)),
        Fact::Bedrooms(n) | Fact::Bathrooms(n) | Fact::Installments(n) => Some(i64::from(*n) * 100),
        Fact::Year(y) => Some(i64::from(*y) * 100),
        _ => None,
    }
}

/// Every amount of money that is a fact of the listing; with `totals`,
/// also a year of installments and what is left after the down payment
/// (not when the sentence calls the amount a price or a fee).
fn listing_money(l: &Listing, totals: bool) -> Vec<i64> {
    let share = |p: Option<f64>| p.map(|p| (l.price_egp as f64 * p / 100.0).round() as i64);
    let per_year = match l.installment_frequency {
        crate::domain::listing::InstallmentFrequency::Monthly => Some(12),
        crate::domain::listing::InstallmentFrequency::Quarterly => Some(4),
        crate::domain::listing::InstallmentFrequency::None => None,
    };
    let down = share(l.down_payment_pct);
    [
        Some(l.price_egp),
        l.price_per_sqm_egp,
        l.installment_amount_egp,
        l.monthly_installment_egp,
        down,
        share(l.delivery_payment_pct),
        share(l.maintenance_deposit_pct),
        l.installment_amount_egp.zip(per_year).map(|(a, n)| a * n).filter(|_| totals),
        down.map(|d| l.price_egp - d).filter(|_| totals),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A known name said of a listing: its compound, developer or place.
fn same_place(l: &Listing, m: &Mention) -> bool {
    let c = normalize(&m.canonical);
    // A compound is the listing's compound, a developer its developer: "Sodic
    // West" is no place of a SODIC listing in Sodic East.
    let fields: Vec<Option<&str>> = match m.kind {
        NameKind::Compound => vec![l.compound.as_deref(), l.compound_ar.as_deref()],
        NameKind::Developer => vec![l.developer.as_deref(), l.developer_ar.as_deref()],
        NameKind::Area => vec![Some(l.location.as_str()), l.district.as_deref()],
    };
    let hit = fields
        .into_iter()
        .flatten()
        .map(normalize)
        .any(|f| f == c || contains_words(&f, &c) || contains_words(&c, &f));
    if hit {
        return true;
    }
    // A district's own location ("New Cairo" for a Fifth Settlement unit),
    // or a district of the listing's location when its district is not known.
    m.kind == NameKind::Area
        && crate::domain::areas::AREAS.iter().any(|a| {
            (a.parent.is_some_and(|p| normalize(p) == c)
                && (Some(a.name_en) == l.district.as_deref() || a.name_en == l.location))
                || (l.district.is_none()
                    && normalize(a.name_en) == c
                    && a.parent == Some(l.location.as_str()))
        })
}

fn same_type(actual: PropertyType, said: PropertyType) -> bool {
    use PropertyType::*;
    actual == said
        || actual == Unit
        || match said {
            Apartment => matches!(actual, Duplex | Penthouse | Studio),
            _ => false,
        }
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
