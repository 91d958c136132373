//! What the conversation has shown: the listings the tools returned, the
//! figures they computed and the words the buyer wrote. A claim is true
//! only as this holds it.

use super::*;

/// What the conversation has established.
#[derive(Clone, Debug, Default)]
pub struct Grounding {
    /// Listings the tools returned or the database confirmed.
    pub listings: HashMap<i64, Listing>,
    /// Money in tool results outside listings, by the listing a result is
    /// about (`None`: no one listing).
    pub(super) money: HashMap<Option<i64>, BTreeSet<i64>>,
    /// Figures a calculation returned (percentages, years, counts), in
    /// hundredths, by listing.
    pub(super) figures: HashMap<Option<i64>, BTreeSet<i64>>,
    pub(super) buyer_money: BTreeSet<i64>,
    /// How often installments fall due in a plan a tool worked out, in
    /// months ("what if I pay monthly").
    pub(super) frequencies: BTreeSet<u8>,
    /// The buyer's figures by kind ("3 bedrooms" allows no "3%"), in
    /// hundredths.
    pub(super) buyer_figures: HashMap<&'static str, BTreeSet<i64>>,
    /// The buyer's words, normalised: a name the buyer wrote is theirs.
    pub(super) buyer_text: String,
    /// Names and titles of the listings seen, normalised.
    pub(super) phrases: Vec<String>,
}

pub(super) fn hundredths(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

pub(super) fn near(set: Option<&BTreeSet<i64>>, value: i64, tolerance: i64) -> bool {
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

    pub(super) fn walk(&mut self, value: &Value, about: Option<i64>, calculation: bool) {
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
                    .filter(|(key, _)| key.as_str() != crate::domain::chat::UNTRUSTED)
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

    pub(super) fn known_phrase(&self, phrase: &str) -> bool {
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
