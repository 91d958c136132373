//! The verdict on one sentence, in phases: read what it claims and which
//! listings it names; check every listing reference and name; work out
//! what it is about (and what the next sentence will be about); then
//! check each claim, each comparison and each name against those
//! listings. The first thing untrue drops the whole sentence.

use super::*;

type Verdict<T> = Result<T, (DropKind, String)>;

/// Listings named in a sentence, with where: `(byte offset, id)`.
type Placed = Vec<(usize, i64)>;

/// What a sentence says, as the checks need it.
struct Said {
    norm: String,
    found: Vec<claims::Claim>,
    /// Listings the sentence names, where: ids, and bare ids in a comparison.
    placed: Vec<(usize, i64)>,
    /// Those listings, each once; with one named, the ones named just
    /// before ("the cheaper of the two").
    distinct: Vec<i64>,
    comparisons: Vec<compare::Comparison>,
    mentions: Vec<Mention>,
    /// Where the sentence names one listing, with or without its id.
    anchors: Vec<(usize, i64)>,
    subject: Subject,
    /// An id or a compound names what the sentence is about.
    named: bool,
    /// The listing the answer was about before this sentence.
    carried: Option<i64>,
    /// The listings the last sentence named.
    prev_recent: Vec<i64>,
}

impl Guard {
    pub(super) fn verdict(&mut self, sentence: &str) -> Verdict<()> {
        let norm = normalize(sentence);
        if norm.is_empty() {
            return Ok(());
        }
        // Pressure drops the sentence, after what it is about is noted.
        let pressure = pressure::find(&norm);
        let said = self.read(sentence, norm)?;
        if let Some(p) = pressure {
            return Err((DropKind::Pressure, p));
        }
        self.check_claims(&said)?;
        self.check_comparisons(&said)?;
        self.check_mentions(&said)
    }

    /// Reads the sentence: its claims, the listings it names (each must be
    /// a real, available one), its names (each known), and its subject.
    fn read(&mut self, sentence: &str, norm: String) -> Verdict<Said> {
        let (found, money, refs) = claims_of(&norm);
        let (mut placed, mut distinct) = self.place(&norm, &refs)?;
        let prev_recent = self.recent.clone();
        // In a comparison a bare number that is a listing of the
        // conversation ("رقم ٤٨ أرخص من ٣٦", "el 5 ... el 36") names it.
        let comparisons = compare::find(&norm);
        let comparing_words = !comparisons.is_empty() || COMPARING.iter().any(|w| has_word(&norm, w));
        // "el 7", "الـ٥٨": the article before a number names a listing.
        let bare = self.bare_ids(&norm, &found, &money, &refs);
        for (at, id) in bare.into_iter().filter(|(at, _)| comparing_words || after_article(&norm, *at)) {
            placed.push((at, id));
            if !distinct.contains(&id) {
                distinct.push(id);
            }
        }
        placed.sort_unstable();
        self.remember_named(&mut distinct, !comparisons.is_empty());
        // The listing the answer was about before this sentence: the first
        // one the last sentence named ("#5 is bigger than #36. It is also
        // cheaper" is about #5).
        let carried = match &self.last {
            Subject::Listings(ids) => prev_recent.first().or(ids.last()).copied(),
            _ => None,
        };
        self.check_names(sentence, &norm, &placed)?;
        let mentions = self.names.mentions(&norm);
        let (anchors, subject, named) = self.subject(&norm, &found, &placed, &mentions);
        self.carry(&subject, &comparisons, &placed, carried);
        Ok(Said {
            norm,
            found,
            placed,
            distinct,
            comparisons,
            mentions,
            anchors,
            subject,
            named,
            carried,
            prev_recent,
        })
    }

    /// Each listing reference must be an available listing of Osool's: the
    /// places of the ids, and the ids each once.
    fn place(&mut self, norm: &str, refs: &[claims::Ref]) -> Verdict<(Placed, Vec<i64>)> {
        let mut placed: Placed = Vec::new();
        for r in refs {
            match r.id.filter(|id| self.listing(*id).is_some()) {
                Some(id) => placed.push((r.at, id)),
                None => {
                    self.last = Subject::Unknown;
                    return Err((DropKind::ListingRef, r.raw.clone()));
                }
            }
        }
        let mut distinct: Vec<i64> = Vec::new();
        for (_, id) in &placed {
            if !distinct.contains(id) {
                distinct.push(*id);
            }
        }
        // "It has the same plan as #48" right after an invented listing is
        // still about the invented one.
        if self.last == Subject::Unknown && !placed.is_empty() && (starts_with_pronoun(norm) || likens(norm))
        {
            return Err((DropKind::ListingRef, "it".into()));
        }
        Ok((placed, distinct))
    }

    /// "The cheaper of the two": the two the answer just named. With one
    /// listing named, the ones named before join it; a run of comparisons
    /// keeps both sides in view.
    fn remember_named(&mut self, distinct: &mut Vec<i64>, comparing: bool) {
        if distinct.is_empty() {
            return;
        }
        let recent = std::mem::replace(&mut self.recent, distinct.clone());
        if distinct.len() == 1 {
            let subject = distinct[0];
            distinct.extend(recent.iter().copied().filter(|id| *id != subject));
            if comparing {
                self.recent = distinct.clone();
            }
        }
    }

    /// Names: each one known to Osool, the buyer's own, or a listing's.
    fn check_names(&mut self, sentence: &str, norm: &str, placed: &[(usize, i64)]) -> Verdict<()> {
        for name in names::stated(sentence) {
            if !self.names.knows(&name) && !self.grounding.known_phrase(&name) {
                // An invented name for a real listing: what follows is
                // still about that listing. Unless the sentence brings in
                // something new ("also consider X"): then what follows is
                // about X.
                self.last = match (placed.last(), &self.last) {
                    (Some((_, id)), _) => Subject::Listings(vec![*id]),
                    (None, Subject::Listings(ids)) if !brings_in_something_new(norm) => {
                        Subject::Listings(ids.clone())
                    }
                    _ => Subject::Unknown,
                };
                return Err((DropKind::Name, name));
            }
        }
        Ok(())
    }

    /// What the sentence is about: the ids it names, else a compound the
    /// conversation has listings in, else "the villa" (the listings of that
    /// kind seen), else the last subject. Also where it names one listing
    /// (`anchors`), and whether an id or a compound named it.
    fn subject(
        &self,
        norm: &str,
        found: &[claims::Claim],
        placed: &[(usize, i64)],
        mentions: &[Mention],
    ) -> (Vec<(usize, i64)>, Subject, bool) {
        let by_compound: Vec<i64> = mentions
            .iter()
            .filter(|m| m.kind == NameKind::Compound)
            .flat_map(|m| self.in_compound(&m.canonical))
            .collect();
        // "The chalet", "الفيلا": a kind said with the article refers to
        // the listings of that kind; "a chalet" is a claim.
        let definite_types: Vec<(usize, PropertyType)> = found
            .iter()
            .filter_map(|c| if let Fact::Type(t) = c.fact { Some((c.at, t)) } else { None })
            .filter(|(at, _)| is_definite(norm, *at))
            .collect();
        // Where the sentence names one listing without its id: a compound
        // with one listing in this conversation, or "the chalet" when there
        // is one chalet. A claim is about the nearest of these or the ids.
        let mut anchors: Vec<(usize, i64)> = placed.to_vec();
        for m in mentions.iter().filter(|m| m.kind == NameKind::Compound) {
            if let [id] = self.in_compound(&m.canonical)[..] {
                anchors.push((m.at, id));
            }
        }
        for (at, t) in &definite_types {
            if let [id] = self.of_type(*t)[..] {
                anchors.push((*at, id));
            }
        }
        anchors.sort_unstable();
        let named = !placed.is_empty() || !by_compound.is_empty();
        let subject = if !placed.is_empty() {
            Subject::Listings(placed.iter().map(|(_, id)| *id).collect())
        } else if !by_compound.is_empty() {
            Subject::Listings(by_compound)
        } else {
            match self.of_types_said(&definite_types) {
                ids if !ids.is_empty() => Subject::Listings(ids),
                _ => self.last.clone(),
            }
        };
        (anchors, subject, named)
    }

    /// "The villa": the available listings of the one kind said, when
    /// the conversation has seen six or fewer.
    fn of_types_said(&self, definite_types: &[(usize, PropertyType)]) -> Vec<i64> {
        let said: Vec<PropertyType> = definite_types.iter().map(|(_, t)| *t).collect();
        let mut ids: Vec<i64> = self
            .grounding
            .listings
            .iter()
            .filter(|(_, l)| l.is_available && said.contains(&l.property_type))
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        if said.len() == 1 && ids.len() <= 6 { ids } else { Vec::new() }
    }

    /// What follows is about this sentence's subject, whether or not the
    /// sentence is shown; not about what it was compared with ("its
    /// installment is lower than the chalet 72's").
    fn carry(
        &mut self,
        subject: &Subject,
        comparisons: &[compare::Comparison],
        placed: &[(usize, i64)],
        carried: Option<i64>,
    ) {
        let objects: Vec<i64> = comparisons
            .iter()
            .filter_map(|c| c.than.and_then(|t| placed.iter().find(|(p, _)| *p >= t)).map(|(_, id)| *id))
            .collect();
        if let Subject::Listings(ids) = subject {
            let next = ids
                .iter()
                .rev()
                .find(|id| !objects.contains(id))
                .copied()
                .or(carried)
                .or(ids.last().copied());
            if let Some(id) = next {
                self.last = Subject::Listings(vec![id]);
            }
        }
    }

    /// Each claim true of the listing it is about (or, in a contrast or a
    /// difference, of the listings being compared).
    fn check_claims(&self, s: &Said) -> Verdict<()> {
        let norm = s.norm.as_str();
        let cues = cues_of(norm);
        let approximate = APPROXIMATE.iter().any(|w| claims_has_word(norm, w));
        // "313 m² versus 161 m² for #36", "a gap of EGP 5,880,000": figures
        // of, or differences between, the listings being compared.
        let contrast = CONTRAST.iter().any(|w| has_word(norm, w));
        let comparing =
            contrast || !s.comparisons.is_empty() || DIFFERENCE.iter().chain(SUM).any(|w| has_word(norm, w));
        let pool = self.pool(s);
        for c in &s.found {
            let about = self.about(c.at, &s.anchors, &s.subject);
            let widened = if approximate { widen(c) } else { None };
            let c = widened.as_ref().unwrap_or(c);
            if about.is_none() && s.subject == Subject::Unknown {
                return Err((kind_of(&c.fact), c.raw.clone()));
            }
            let ok = match &about {
                Some(ids) => {
                    ids.iter().filter_map(|id| self.listing(*id)).any(|l| self.true_of(l, &c.fact, &cues))
                }
                None => self.true_somewhere(&c.fact, &cues),
            } || (contrast
                && pool.iter().filter_map(|id| self.listing(*id)).any(|l| self.true_of(l, &c.fact, &cues)))
                || (comparing && pool.len() >= 2 && self.a_difference(&pool, &c.fact));
            if !ok {
                return Err((kind_of(&c.fact), c.raw.clone()));
            }
        }
        Ok(())
    }

    /// The listings a contrast or a difference may be between: those named
    /// now and just before, the subject's, and the anchors.
    fn pool(&self, s: &Said) -> Vec<i64> {
        let mut pool: Vec<i64> = s.distinct.clone();
        pool.extend(s.prev_recent.iter().copied().filter(|id| !s.distinct.contains(id)));
        if let Subject::Listings(ids) = &s.subject {
            pool.extend(ids.iter().copied().filter(|id| !s.distinct.contains(id)));
        }
        pool.extend(s.anchors.iter().map(|(_, id)| *id));
        pool.sort_unstable();
        pool.dedup();
        pool
    }

    /// Comparisons between the listings the sentence names ("the cheaper
    /// of the two": the last two named; "the cheapest": every listing the
    /// conversation has seen).
    fn check_comparisons(&self, s: &Said) -> Verdict<()> {
        if s.distinct.is_empty() && s.carried.is_none() {
            return Ok(());
        }
        for c in &s.comparisons {
            let Some(subject) = self.compared(s, c).and_then(|id| self.listing(id)) else { continue };
            // The other side: an id after "than", or "the villa" when there
            // is one villa.
            let after_than = c.than.and_then(|t| s.anchors.iter().find(|(p, _)| *p >= t)).map(|(_, id)| *id);
            // "the biggest apartment": of the apartments.
            let same_kind = s.found.iter().any(|f| f.fact == Fact::Type(subject.property_type));
            let others: Vec<i64> = match after_than {
                Some(id) => vec![id],
                None if c.superlative => self
                    .seen()
                    .into_iter()
                    .filter(|id| {
                        !same_kind
                            || self.listing(*id).is_some_and(|l| l.property_type == subject.property_type)
                    })
                    .collect(),
                None => s.distinct.clone(),
            };
            for other in others.iter().filter_map(|id| self.listing(*id)) {
                if other.id != subject.id && !compare::holds(c, subject, other, self.current_year) {
                    return Err((DropKind::Comparison, c.raw.clone()));
                }
            }
        }
        Ok(())
    }

    /// Which listing a comparison is said of: "the cheaper one is #5" (an
    /// id right after the phrase), an id before the phrase's end ("سعر
    /// المتر في ٤٨ أقل"), not one it is compared with ("Compared with #21,
    /// it is cheaper"); else the listing carried over, else the first after.
    fn compared(&self, s: &Said, c: &compare::Comparison) -> Option<i64> {
        let before_than = |p: usize| c.than.is_none_or(|t| p < t);
        let close_after = s
            .placed
            .iter()
            .find(|(p, _)| *p >= c.end && *p <= c.end + 24 && before_than(*p))
            .map(|(_, id)| *id);
        let first_after = s.placed.iter().find(|(p, _)| *p >= c.end && before_than(*p)).map(|(_, id)| *id);
        let before = s
            .placed
            .iter()
            .rev()
            .find(|(p, _)| *p < c.end && before_than(*p) && !compared_with(&s.norm, *p))
            .map(|(_, id)| *id);
        if c.definite { close_after.or(before) } else { before }.or(s.carried).or(first_after)
    }

    /// Every available listing the conversation has seen, by id.
    fn seen(&self) -> Vec<i64> {
        let mut all: Vec<i64> =
            self.grounding.listings.iter().filter(|(_, l)| l.is_available).map(|(id, _)| *id).collect();
        all.sort_unstable();
        all
    }

    /// Names that must be the listing's own.
    fn check_mentions(&self, s: &Said) -> Verdict<()> {
        for m in &s.mentions {
            let about = self.about(m.at, &s.placed, &s.subject);
            if let Some(ids) = about
                && !ids.iter().any(|id| self.listing(*id).is_some_and(|l| same_place(l, m)))
                && (s.named
                    || m.kind == NameKind::Developer
                    || (m.kind == NameKind::Compound && self.in_compound(&m.canonical).is_empty()))
            {
                return Err((DropKind::Name, m.canonical.clone()));
            }
        }
        Ok(())
    }
}

/// The claims of a sentence, the amounts in it and its listing
/// references. "An apartment or a villa?" is alternatives, not claims;
/// "cheaper than the apartment" names the other side's kind; the digits
/// of an id are no year, count or size ("the villa #4" still says it is a
/// villa).
fn claims_of(norm: &str) -> (Vec<claims::Claim>, Vec<std::ops::Range<usize>>, Vec<claims::Ref>) {
    let (found, money) = claims::claims(norm);
    let refs = claims::refs(norm, &money);
    let found = found
        .into_iter()
        .filter(|c| {
            !matches!(c.fact, Fact::Type(_))
                || !(alternative(norm, c) || compared_with(norm, text::word_start(norm, c.at)))
        })
        .filter(|c| {
            figure_of(&c.fact).is_none() && !matches!(c.fact, Fact::Money { .. })
                || !refs.iter().any(|r| r.at <= c.at && c.at < r.at + r.raw.len())
        })
        .collect();
    (found, money, refs)
}

/// What the sentence's wording says about its figures.
fn cues_of(norm: &str) -> Cues {
    let shares: Vec<Share> = SHARE_CUES.iter().filter(|(w, _)| norm.contains(w)).map(|(_, s)| *s).collect();
    Cues {
        share: shares.first().copied().filter(|first| shares.iter().all(|s| s == first)),
        // "السعر", "بالسعر": a price word with its prefixes.
        price: PRICE_CUES.iter().any(|c| has_word(norm, &normalize(c))),
        delivery: DELIVERY_CUES.iter().any(|c| norm.contains(c)),
        down_and_maintenance: shares.contains(&Share::Down) && shares.contains(&Share::Maintenance),
        fee: ["fee", "fees", "membership", "رسوم", "اشتراك"].iter().any(|w| has_word(norm, w)),
        priced: PRICE_CUES
            .iter()
            .filter(|c| !["costs", "cost", "يبلغ", "بتكلفه"].contains(c))
            .any(|c| has_word(norm, &normalize(c))),
    }
}

/// "About 40,000": an amount as close as its own rounding allows, at most
/// 5 % ("about 611 thousand" for 611,563: one unit of the last digit).
fn widen(c: &claims::Claim) -> Option<claims::Claim> {
    let Fact::Money { value, tolerance } = c.fact else { return None };
    let zeros = value.abs().to_string().chars().rev().take_while(|d| *d == '0').count() as u32;
    let rounding = 10i64.pow(zeros.min(12));
    Some(claims::Claim {
        fact: Fact::Money { value, tolerance: tolerance.max(rounding.min(value.abs() / 20)) },
        ..c.clone()
    })
}
