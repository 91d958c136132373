//! Comparisons between listings: "#5 is cheaper than #36", "الأوسع هي
//! #13", "#4 has the lower down payment". A comparison is a claim about two
//! listings at once, true only when their facts say so.

use super::claims::find_words;
use crate::domain::listing::Listing;

/// What a comparison measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Price,
    Size,
    Bedrooms,
    /// When it is delivered (sooner is less).
    Delivery,
    /// The down payment's share.
    Down,
    PlanYears,
    Installment,
    Bathrooms,
    /// The price of a square metre.
    PerSqm,
    /// The maintenance deposit's share.
    Maintenance,
}

/// A comparative phrase in a normalised sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub at: usize,
    pub end: usize,
    pub measure: Measure,
    /// The subject has more of the measure than the other listing.
    pub more: bool,
    /// Written as "the cheaper (one is)" / "الارخص": the subject may follow.
    pub definite: bool,
    /// "the cheapest", "the most spacious", "الارخص": of all the listings.
    pub superlative: bool,
    /// Where "than" / "من" after the phrase ends, if it has one.
    pub than: Option<usize>,
    pub raw: String,
}

use Measure::*;

/// Normalised phrases, with what they measure and whether the subject has
/// more of it. Longer phrases win where they overlap.
const PHRASES: &[(&str, Measure, bool)] = &[
    ("cheaper", Price, false),
    ("cheapest", Price, false),
    ("less expensive", Price, false),
    ("least expensive", Price, false),
    ("more affordable", Price, false),
    ("most affordable", Price, false),
    ("lower price", Price, false),
    ("lower priced", Price, false),
    ("lower-priced", Price, false),
    ("lowest price", Price, false),
    ("costs less", Price, false),
    ("ارخص", Price, false),
    ("اقل سعر", Price, false),
    ("سعرها اقل", Price, false),
    ("سعره اقل", Price, false),
    ("اقل في السعر", Price, false),
    ("more expensive", Price, true),
    ("most expensive", Price, true),
    ("pricier", Price, true),
    ("priciest", Price, true),
    ("costlier", Price, true),
    ("costs more", Price, true),
    ("higher price", Price, true),
    ("higher priced", Price, true),
    ("higher-priced", Price, true),
    ("highest price", Price, true),
    ("اغلي", Price, true),
    ("اعلي سعر", Price, true),
    ("سعرها اعلي", Price, true),
    ("سعره اعلي", Price, true),
    ("اعلي في السعر", Price, true),
    ("bigger", Size, true),
    ("biggest", Size, true),
    ("larger", Size, true),
    ("largest", Size, true),
    ("more spacious", Size, true),
    ("most spacious", Size, true),
    ("more space", Size, true),
    ("roomier", Size, true),
    ("اكبر", Size, true),
    ("اوسع", Size, true),
    ("مساحه اكبر", Size, true),
    ("مساحتها اكبر", Size, true),
    ("اكبر مساحه", Size, true),
    ("اكبر في المساحه", Size, true),
    ("smaller", Size, false),
    ("smallest", Size, false),
    ("more compact", Size, false),
    ("less space", Size, false),
    ("اصغر", Size, false),
    ("مساحه اقل", Size, false),
    ("مساحتها اقل", Size, false),
    ("اقل مساحه", Size, false),
    ("اصغر في المساحه", Size, false),
    ("more bedrooms", Bedrooms, true),
    ("more rooms", Bedrooms, true),
    ("an extra bedroom", Bedrooms, true),
    ("اوض اكتر", Bedrooms, true),
    ("غرف اكتر", Bedrooms, true),
    ("اوض اكثر", Bedrooms, true),
    ("غرف اكثر", Bedrooms, true),
    ("fewer bedrooms", Bedrooms, false),
    ("fewer rooms", Bedrooms, false),
    ("less bedrooms", Bedrooms, false),
    ("اوض اقل", Bedrooms, false),
    ("غرف اقل", Bedrooms, false),
    ("delivered sooner", Delivery, false),
    ("delivers sooner", Delivery, false),
    ("delivered earlier", Delivery, false),
    ("delivers earlier", Delivery, false),
    ("earlier delivery", Delivery, false),
    ("sooner delivery", Delivery, false),
    ("closer delivery", Delivery, false),
    ("nearer delivery", Delivery, false),
    ("delivered first", Delivery, false),
    ("delivers first", Delivery, false),
    ("ready sooner", Delivery, false),
    ("ready earlier", Delivery, false),
    ("handed over sooner", Delivery, false),
    ("move in sooner", Delivery, false),
    ("move in earlier", Delivery, false),
    ("تسليم اسرع", Delivery, false),
    ("استلام اسرع", Delivery, false),
    ("اسرع في التسليم", Delivery, false),
    ("اسرع في الاستلام", Delivery, false),
    ("تسليمها اقرب", Delivery, false),
    ("تسليمه اقرب", Delivery, false),
    ("اقرب تسليم", Delivery, false),
    ("اقرب استلام", Delivery, false),
    ("اقرب في التسليم", Delivery, false),
    ("later delivery", Delivery, true),
    ("delivered later", Delivery, true),
    ("delivers later", Delivery, true),
    ("ready later", Delivery, true),
    ("تسليم ابعد", Delivery, true),
    ("تسليمها ابعد", Delivery, true),
    ("تسليمه ابعد", Delivery, true),
    ("lower down payment", Down, false),
    ("smaller down payment", Down, false),
    ("lowest down payment", Down, false),
    ("smallest down payment", Down, false),
    ("less down", Down, false),
    ("less upfront", Down, false),
    ("مقدم اقل", Down, false),
    ("مقدمها اقل", Down, false),
    ("مقدمه اقل", Down, false),
    ("اقل مقدم", Down, false),
    ("higher down payment", Down, true),
    ("bigger down payment", Down, true),
    ("larger down payment", Down, true),
    ("highest down payment", Down, true),
    ("more upfront", Down, true),
    ("مقدم اعلي", Down, true),
    ("مقدم اكبر", Down, true),
    ("مقدمها اعلي", Down, true),
    ("مقدمها اكبر", Down, true),
    ("اعلي مقدم", Down, true),
    ("longer plan", PlanYears, true),
    ("longer payment plan", PlanYears, true),
    ("longer installment plan", PlanYears, true),
    ("longer installments", PlanYears, true),
    ("longest plan", PlanYears, true),
    ("longest payment plan", PlanYears, true),
    ("more years", PlanYears, true),
    ("longer to pay", PlanYears, true),
    ("more time to pay", PlanYears, true),
    ("تقسيط اطول", PlanYears, true),
    ("اقساط اطول", PlanYears, true),
    ("سنين اكتر", PlanYears, true),
    ("مده اطول", PlanYears, true),
    ("فتره سداد اطول", PlanYears, true),
    ("اطول فتره", PlanYears, true),
    ("shorter plan", PlanYears, false),
    ("shorter payment plan", PlanYears, false),
    ("fewer years", PlanYears, false),
    ("تقسيط اقصر", PlanYears, false),
    ("اقساط اقصر", PlanYears, false),
    ("مده اقصر", PlanYears, false),
    ("more bathrooms", Bathrooms, true),
    ("an extra bathroom", Bathrooms, true),
    ("fewer bathrooms", Bathrooms, false),
    ("less bathrooms", Bathrooms, false),
    ("حمامات اكتر", Bathrooms, true),
    ("حمامات اكثر", Bathrooms, true),
    ("حمامات اقل", Bathrooms, false),
    ("cheaper per square metre", PerSqm, false),
    ("cheaper per square meter", PerSqm, false),
    ("cheaper per m²", PerSqm, false),
    ("cheaper per metre", PerSqm, false),
    ("cheaper per meter", PerSqm, false),
    ("lower price per square metre", PerSqm, false),
    ("lower price per square meter", PerSqm, false),
    ("lower price per m²", PerSqm, false),
    ("lower price per metre", PerSqm, false),
    ("lower price per meter", PerSqm, false),
    ("higher price per square metre", PerSqm, true),
    ("higher price per square meter", PerSqm, true),
    ("higher price per m²", PerSqm, true),
    ("more expensive per square metre", PerSqm, true),
    ("more expensive per square meter", PerSqm, true),
    ("more expensive per m²", PerSqm, true),
    ("most space for your money", PerSqm, false),
    ("more space for your money", PerSqm, false),
    ("more space for the money", PerSqm, false),
    ("most space for the money", PerSqm, false),
    ("better value per", PerSqm, false),
    ("best value per", PerSqm, false),
    ("ارخص في سعر المتر", PerSqm, false),
    ("اقل في سعر المتر", PerSqm, false),
    ("اغلي في سعر المتر", PerSqm, true),
    ("اعلي في سعر المتر", PerSqm, true),
    ("سعر المتر اقل", PerSqm, false),
    ("سعر المتر ارخص", PerSqm, false),
    ("سعر المتر اعلي", PerSqm, true),
    ("سعر المتر اغلي", PerSqm, true),
    ("lower installment", Installment, false),
    ("lower installments", Installment, false),
    ("smaller installment", Installment, false),
    ("smaller installments", Installment, false),
    ("cheaper installments", Installment, false),
    ("lowest installment", Installment, false),
    ("lower monthly", Installment, false),
    ("قسط اقل", Installment, false),
    ("قسطها اقل", Installment, false),
    ("اقساط اقل", Installment, false),
    ("اقل قسط", Installment, false),
    ("higher installment", Installment, true),
    ("higher installments", Installment, true),
    ("bigger installment", Installment, true),
    ("bigger installments", Installment, true),
    ("larger installments", Installment, true),
    ("higher monthly", Installment, true),
    ("قسط اعلي", Installment, true),
    ("قسطها اعلي", Installment, true),
    ("اقساط اعلي", Installment, true),
    ("قسط اكبر", Installment, true),
];

/// Words after "bigger" / "اكبر" that make it no size of a unit ("a bigger
/// budget", "اكبر مطور"), and parts with sizes of their own.
const NOT_THE_UNIT: &[&str] = &[
    "family",
    "families",
    "budget",
    "developer",
    "developers",
    "company",
    "choice",
    "advantage",
    "return",
    "returns",
    "discount",
    "demand",
    "selection",
    "range",
    "number",
    "city",
    "compound",
    "project",
    "investment",
    "picture",
    "deal",
    "garden",
    "gardens",
    "roof",
    "terrace",
    "balcony",
    "plot",
    "land",
    "down",
    "installment",
    "installments",
    "عيله",
    "عائله",
    "اسره",
    "ميزانيه",
    "مطور",
    "مطورين",
    "شركه",
    "ميزه",
    "عائد",
    "عدد",
    "مشروع",
    "كمبوند",
    "مدينه",
    "خصم",
    "طلب",
    "حديقه",
    "جنينه",
    "روف",
    "تراس",
    "بلكونه",
    "ارض",
    "مقدم",
    "قسط",
];

/// Parts of a unit with sizes of their own.
const PARTS: &[&str] =
    &["garden", "roof", "terrace", "plot", "balcony", "حديقه", "جنينه", "روف", "تراس", "بلكونه", "ارض"];

/// "سعر المتر في ٤٨ أقل من ٣٦": the price of a metre, then a comparative a
/// few words on.
static PER_SQM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?:سعر المتر|price per (?:square )?(?:metre|meter|m²|sqm))\s+(?:\S+\s+){0,3}?(?P<w>اقل|ارخص|اعلي|اغلي|lower|cheaper|higher|more expensive)\b",
    )
    .expect("per sqm pattern")
});

static IN_WHAT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?P<w>اكبر|اكتر|اكثر|اقل|اصغر|اعلي|اغلي|ارخص|اوسع|اطول|اقصر)\s(?:في\s|ف)?(?:ال)?(?P<m>مساحه|حمامات|اوض|غرف|سعر|مقدم|قسط|تقسيط|سنين)",
    )
    .expect("comparative pattern")
});

/// A measure named by its noun, then the comparative: "مقدم رقم ٧٢ أقل من",
/// "وقسطه الشهري أقل من", "#72's down payment is lower than".
static NOUN_THEN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?P<m>مقدم\w*|سعر\w*|قسط\w*|اقساط\w*|مساحت?\w*|وديعه|صيانه|الصيانه|maintenance deposit|maintenance|down payment|price|installment|monthly payment|size|area)\s+(?:\S+\s+){0,3}?(?P<w>اقل|اكبر|اعلي|ارخص|اغلي|اكتر|اكثر|اصغر|اوسع|lower|higher|smaller|bigger|larger|cheaper)\s+(?:من|than)\b",
    )
    .expect("noun comparative pattern")
});

/// The comparisons a normalised sentence makes.
pub fn find(norm: &str) -> Vec<Comparison> {
    let mut out = Vec::new();
    for (at, end, measure, more) in phrases(norm) {
        if !of_the_unit(norm, at, end, measure) {
            continue;
        }
        let than = ["than", "من", "compared to", "compared with", "مقارنه ب"].iter().find_map(|t| {
            let rest = &norm[end..];
            let window: usize = rest.char_indices().nth(24).map_or(rest.len(), |(i, _)| i);
            let found = find_words(&rest[..window], t).into_iter().next()?;
            Some(end + found + t.len())
        });
        let word = &norm[at..end];
        let definite = word.starts_with("ال")
            || norm[..at].ends_with("the ")
            || word.ends_with("est")
            || word.starts_with("most ")
            || word.starts_with("least ");
        let superlative = word.ends_with("est")
            || word.starts_with("most ")
            || word.starts_with("least ")
            || word.contains("most space")
            || word.starts_with("best ")
            || (word.starts_with("ال") && than.is_none());
        out.push(Comparison { at, end, measure, more, definite, superlative, than, raw: word.to_owned() });
    }
    out
}

/// Whether a comparison measures the unit itself: not "a bigger garden",
/// "اكبر مطور" (what follows is something else) or "the garden is bigger"
/// (a part's size).
fn of_the_unit(norm: &str, at: usize, end: usize, measure: Measure) -> bool {
    let after: Vec<&str> = norm[end..]
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    let next = after.first().map(|w| w.trim_start_matches("ال"));
    if matches!(measure, Size | Price)
        && next.is_some_and(|w| NOT_THE_UNIT.iter().any(|n| n.trim_start_matches("ال") == w))
    {
        return false;
    }
    if measure == Size {
        let before = &norm[super::text::floor_char(norm, at.saturating_sub(24))..at];
        if PARTS.iter().any(|p| before.contains(p)) {
            return false;
        }
    }
    true
}

/// Every comparative phrase and what it measures, the longest where they
/// overlap, in order: `(start, end, measure, more)`.
fn phrases(norm: &str) -> Vec<(usize, usize, Measure, bool)> {
    let mut hits: Vec<(usize, usize, Measure, bool)> = Vec::new();
    // "اكبر في المساحة", "akbar fel 7ammamat": a comparative and what it measures.
    for c in IN_WHAT.captures_iter(norm) {
        let (Some(whole), Some(w), Some(m)) = (c.get(0), c.name("w"), c.name("m")) else { continue };
        let measure = match m.as_str() {
            "مساحه" => Size,
            "حمامات" => Bathrooms,
            "اوض" | "غرف" => Bedrooms,
            "سعر" => Price,
            "مقدم" => Down,
            "قسط" => Installment,
            _ => PlanYears,
        };
        let more = matches!(w.as_str(), "اكبر" | "اكتر" | "اكثر" | "اعلي" | "اغلي" | "اوسع" | "اطول");
        hits.push((whole.start(), whole.end(), measure, more));
    }
    for c in PER_SQM.captures_iter(norm) {
        if let (Some(whole), Some(w)) = (c.get(0), c.name("w")) {
            let more = ["اعلي", "اغلي", "higher", "more expensive"].contains(&w.as_str());
            hits.push((whole.start(), whole.end(), PerSqm, more));
        }
    }
    for c in NOUN_THEN.captures_iter(norm) {
        let (Some(whole), Some(w), Some(m)) = (c.get(0), c.name("w"), c.name("m")) else { continue };
        let m = m.as_str();
        let measure = if m.contains("صيانه") || m == "وديعه" || m.starts_with("maintenance") {
            Maintenance
        } else if m.starts_with("مقدم") || m == "down payment" {
            Down
        } else if m.starts_with("قسط")
            || m.starts_with("اقساط")
            || m.contains("installment")
            || m.contains("monthly")
        {
            Installment
        } else if m.starts_with("مساح") || m == "size" || m == "area" {
            Size
        } else {
            Price
        };
        let more = matches!(
            w.as_str(),
            "اكبر" | "اعلي" | "اغلي" | "اكتر" | "اكثر" | "اوسع" | "higher" | "bigger" | "larger"
        );
        // The phrase ends at the comparative, so "than" follows it.
        hits.push((whole.start(), w.end(), measure, more));
    }
    for (p, m, more) in PHRASES {
        for at in find_words(norm, p) {
            let word = super::text::word_start(norm, at);
            hits.push((word, at + p.len(), *m, *more));
        }
    }
    // Longest first; drop the ones inside a longer phrase.
    hits.sort_by_key(|(s, e, ..)| (std::cmp::Reverse(e - s), *s));
    let mut taken: Vec<(usize, usize, Measure, bool)> = Vec::new();
    for h in hits {
        if !taken.iter().any(|t| t.0 < h.1 && h.0 < t.1) {
            taken.push(h);
        }
    }
    taken.sort_by_key(|h| h.0);
    taken
}

/// A listing's value of a measure, when it has one.
fn value(l: &Listing, m: Measure, current_year: i32) -> Option<f64> {
    match m {
        Price => Some(l.price_egp as f64),
        Size => l.area_sqm.map(|a| a as f64),
        Bedrooms => l.bedrooms.map(f64::from),
        Delivery => {
            if l.delivered == Some(true) {
                Some(f64::from(current_year - 1))
            } else {
                l.delivery_year.map(f64::from)
            }
        }
        // A cash sale is paid in full at once.
        Down => Some(l.down_payment_pct.unwrap_or(100.0)),
        PlanYears => Some(l.installment_years.map_or(0.0, f64::from)),
        Installment => l.monthly_installment_egp.map(|x| x as f64),
        Bathrooms => l.bathrooms.map(f64::from),
        PerSqm => l.price_per_sqm_egp.map(|x| x as f64),
        Maintenance => l.maintenance_deposit_pct,
    }
}

/// Whether `subject` has more (or less) of the measure than `other`.
pub fn holds(c: &Comparison, subject: &Listing, other: &Listing, current_year: i32) -> bool {
    match (value(subject, c.measure, current_year), value(other, c.measure, current_year)) {
        (Some(a), Some(b)) => {
            if c.more {
                a > b
            } else {
                a < b
            }
        }
        // Nothing to compare with (a cash unit has no installment): the
        // claim stands on the others.
        (Some(_), None) => true,
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::services::assistant::guard::text::normalize;

    #[test]
    fn comparisons_are_read_in_both_languages() {
        let c = find(&normalize("#5 is cheaper than #36."));
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].measure, c[0].more, c[0].than.is_some()), (Price, false, true));
        let c = find(&normalize("#13 has a bigger down payment but a longer plan."));
        assert_eq!(
            c.iter().map(|c| (c.measure, c.more)).collect::<Vec<_>>(),
            vec![(Down, true), (PlanYears, true)]
        );
        let c = find(&normalize("الوحدة ٥ أرخص من ٣٦ وأوسع كمان."));
        assert_eq!(
            c.iter().map(|c| (c.measure, c.more)).collect::<Vec<_>>(),
            vec![(Price, false), (Size, true)]
        );
        let c = find(&normalize("Between #4 and #5, the cheaper one is #5."));
        assert!(c[0].definite);
        for s in [
            "If you have a bigger family, #4 suits you.",
            "#13 has a bigger garden than #4.",
            "اكبر مطور في مصر هو طلعت مصطفى.",
            "Less than 5 million, as you asked.",
        ] {
            assert!(find(&normalize(s)).is_empty(), "{s}");
        }
    }
}
