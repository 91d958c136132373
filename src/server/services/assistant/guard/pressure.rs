//! Sales pressure and offers Osool never authorised: urgency, scarcity,
//! other buyers, price changes, discounts and guaranteed returns, in
//! English, Arabic and Franco-Arabic. The platform makes no such claim, so
//! a sentence with one is never true.

use super::text::normalize;
use std::sync::LazyLock;

const PHRASES: &[&str] = &[
    // Urgency.
    "hurry",
    "act fast",
    "act now",
    "act quickly",
    "move fast",
    "move quickly",
    "don't miss",
    "do not miss",
    "dont miss",
    "before it's gone",
    "before it is gone",
    "before they're gone",
    "before they are gone",
    "before someone else",
    "won't last",
    "will not last",
    "wont last",
    "going fast",
    "selling fast",
    "sell out",
    "sells out",
    "selling out",
    "last chance",
    "limited time",
    "limited offer",
    "limited-time",
    "today only",
    "only today",
    "this week only",
    "ends today",
    "ends tomorrow",
    "ends soon",
    "book today",
    "book now",
    "reserve now",
    "reserve today",
    "reserve it today",
    "book it today",
    "right away before",
    "once in a lifetime",
    "rare opportunity",
    "golden opportunity",
    "opportunity of a lifetime",
    // Scarcity.
    "only a few left",
    "few units left",
    "units left",
    "unit left",
    "last unit",
    "last few units",
    "limited availability",
    "limited units",
    "almost sold out",
    "nearly sold out",
    "waiting list",
    // Other buyers.
    "other buyers",
    "another buyer",
    "other people are",
    "someone else is",
    "several buyers",
    "many buyers are",
    "lots of interest",
    "a lot of interest",
    "high demand",
    "huge demand",
    "in demand",
    "people are looking",
    "people are viewing",
    "being viewed",
    "others are interested",
    // Offers.
    "discount",
    "special offer",
    "exclusive offer",
    "special price",
    "special deal",
    "best deal",
    "this deal",
    "the deal ends",
    "promo",
    "promotion",
    "cashback",
    "cash back",
    "free parking",
    "free club",
    "waived",
    "price drop",
    "price cut",
    "reduced price",
    // Guarantees.
    "guaranteed",
    "guarantee",
    "risk-free",
    "risk free",
    "no risk",
    "can't lose",
    "cannot lose",
    "can not lose",
    "double your money",
    "sure profit",
    "certain profit",
    "will double",
    "will appreciate",
    "is sure to rise",
    "grace period",
    "grace year",
    "book soon",
    "reserve soon",
    "lock it in",
    "locking it in",
    "lock in the price",
    "سنه سماح",
    "فتره سماح",
    "شهور سماح",
    "مده سماح",
    "سماح في",
    "سماح قبل",
    "لازم نتحرك",
    "لازم تتحرك",
    "لازم تحجز",
    "لازم نحجز",
    "لازم تقرر",
    "لازم تلحق",
    "payment holiday",
    "installment holiday",
    "for free",
    "free of charge",
    "complimentary",
    "free finishing",
    "free kitchen",
    "free air conditioning",
    "free ac",
    "free maintenance",
    "free upgrade",
    "waive",
    "this offer",
    "the offer is",
    "offer expires",
    "offer ends",
    "offer is valid",
    "off the price",
    "off the asking",
    // Arabic.
    "مجانا",
    "مجاني",
    "مجانيه",
    "ببلاش",
    "هديه",
    "العرض ده",
    "العرض دا",
    "العرض دي",
    "هذا العرض",
    "العرض ساري",
    "العرض متاح",
    "العرض لحد",
    "العرض ينتهي",
    "العرض هينتهي",
    "مفضلش غير",
    "ما فضلش غير",
    "مابقاش غير",
    "مبقاش غير",
    "لم يتبق الا",
    "لم يتبقي الا",
    "بسرعه",
    "الحق",
    "قبل ما تخلص",
    "قبل ما يخلص",
    "قبل ما حد",
    "قبل نفاد",
    "قبل ما تروح",
    "اخر فرصه",
    "فرصه لا تعوض",
    "فرصه متتعوضش",
    "فرصه ذهبيه",
    "عرض خاص",
    "عرض حصري",
    "لفتره محدوده",
    "عرض محدود",
    "خصم",
    "تخفيض",
    "تخفيضات",
    "خصومات",
    "مشترين تانيين",
    "مشترين اخرين",
    "مشتري تاني",
    "مشتري اخر",
    "عملاء تانيين",
    "ناس كتير",
    "ناس تانيه",
    "عليها طلب",
    "الطلب عالي",
    "الطلب عليها",
    "طلب كبير",
    "الكميه محدوده",
    "وحدات محدوده",
    "عدد محدود",
    "اخر وحده",
    "اخر وحدات",
    "وحدات قليله",
    "تضمن",
    "يضمن",
    "بتضمن",
    "بيضمن",
    "نضمن",
    "هتضمن",
    "هيضمن",
    "ضامن",
    "ضامنه",
    "مضمون",
    "buy it back",
    "buy the unit back",
    "buy back",
    "buyback",
    "buy-back",
    "يشتريها منك",
    "يشتريها تاني",
    "يأجل المقدم",
    "تاجيل المقدم",
    "يؤجل المقدم",
    "هيأجل",
    "postpone the down",
    "defer the down",
    "delay the down",
    "push the down",
    "مضمونه",
    "ضمان",
    "بدون مخاطره",
    "بلا مخاطره",
    "احجز النهارده",
    "احجز الان",
    "احجز دلوقتي",
    "احجز فورا",
    "النهارده بس",
    "اليوم فقط",
    "قبل فوات الاوان",
    // Franco-Arabic.
    "ela7a2",
    "el72",
    "forsa mat3wadsh",
    "5asm",
    "khasm",
    "mad1mon",
    "matestanash",
    "matestanesh",
    "mat2akharsh",
    "matet2akharsh",
];

/// Prices going up (or down) soon: a price word and a change word in one
/// sentence.
const PRICE_WORDS: &[&str] = &["price", "prices", "سعر", "السعر", "اسعار", "الاسعار", "سعرها", "اسعارها"];
const CHANGE_WORDS: &[&str] = &[
    "rise",
    "rises",
    "rising",
    "go up",
    "goes up",
    "going up",
    "increase",
    "increases",
    "increasing",
    "jump",
    "higher next",
    "up tomorrow",
    "up next",
    "will be higher",
    "هتزيد",
    "ستزيد",
    "تزيد",
    "هيزيد",
    "سيزيد",
    "هترتفع",
    "سترتفع",
    "ترتفع",
    "هيرتفع",
    "سيرتفع",
    "هتغلي",
    "زياده",
    "ارتفاع",
    "raising",
    "raise",
    "raises",
    "hike",
    "hikes",
    "climb",
    "climbing",
    "هيغلي",
    "هترفع",
    "هيرفع",
    "رفع",
    "يرفع",
    "هيرفع",
];

/// Families of pressure phrasing: other people wanting it, telling the
/// buyer not to wait, units going quickly. Written for `normalize`d text
/// (lower case, folded Arabic, numbers as digits).
static PATTERNS: LazyLock<Vec<regex::Regex>> = LazyLock::new(|| {
    [
        r"\b(?:other|another|several|many|lots of|a lot of|more|\d+ other|two other|three other|few other)\s+(?:interested\s+)?(?:buyers?|famil(?:y|ies)|people|clients?|investors?|customers?|parties|couples?|brokers?)\b",
        r"\b(?:don'?t|do not|wouldn'?t|would not|shouldn'?t|should not|can'?t|cannot)\s+(?:\w+\s+)?(?:wait|delay|think too long)\b",
        r"\b(?:snapped up|go(?:es|ing)? quickly|go(?:es|ing)? fast|sell(?:s|ing)? quickly|gets? taken|be gone|been reserved by|already reserved|reserve (?:it )?(?:now|today|soon))\b",
        r"\b(?:viewed|visited|asked about|enquired about|inquiring about|looking at) (?:it|this (?:one|unit)) (?:yesterday|today|this week|this morning|already)\b",
        r"\b(?:last|final) (?:few|chance|units?|opportunity)\b",
        r"(?:مشترين|عملاء|ناس|عائلات|اسر|زباين)\s+(?:تانيين|اخرين|تانيه|كتير|كثيرون|كثير)",
        r"(?:متستناش|ماتستناش|لا تنتظر|متتاخرش|لا تتاخر|ماتتاخرش|قبل ما حد|قبل فوات)",
        r"(?:هتخلص|ستنفد|هتروح|هتتباع|بتخلص بسرعه|بتتباع بسرعه|اتحجزت|محجوزه تقريبا)",
        r"اخي?ر (?:وحده|فرصه|وحدات|شقه|فيلا)",
        // People said to be after the unit: "two families are viewing it".
        r"\b(?:\d+|a few|some|several|many|other|more)\s+(?:\w+\s+)?(?:families|buyers|clients|investors|people|couples|customers|others)\s+(?:are|were|have|has|already)\s+(?:\w+\s+)?(?:viewing|looking|interested|asking|asked|enquiring|inquiring|visiting|coming|seen|viewed|visited|booked|considering|checking)",
        r"\b(?:need|needs|have|has|must|should|got)\s+(?:to\s+)?(?:move|act|decide|book|reserve|commit)\s+(?:\w+\s+)?(?:today|now|quickly|fast|soon|tonight|this week)\b",
        r"\b(?:the\s+)?(?:last|final|only)\s+(?:\w+\s+)?(?:units?|ones?|duplex|villa|apartment|chalet|townhouse|penthouse|studio|flat|home|house|office|shop)s?\s+(?:\w+\s+)?(?:left|remaining|still available)\b",
        r"(?:فيه|في|عنده|عندها)\s+(?:حد|ناس|عميل|مشتري|زبون|عيله)\s+(?:تاني\s+|تانيه\s+)?(?:هيقابل|هيشوف|هيعاين|هتعاين|عايز|عايزه|عايزها|مهتم|بيسال|سال|حاجز|هيحجز|جاي)",
        // Values said to be sure to grow.
        r"\b(?:certain|sure|bound|guaranteed|going|set|expected)\s+to\s+(?:double|triple|rise|appreciate|increase|go up|grow|gain|rent)\b",
        r"\b(?:double|doubles|triple|triples)\s+(?:in|its)\s+value\b",
        r"(?:هتضاعف|هيتضاعف|تتضاعف|يتضاعف|هتدبل|هيدبل)",
        // Inducements: "if you sign before the end of the month", "the
        // seller will cover the fees", "لو حجزت النهارده".
        r"\bif you (?:sign|reserve|pay|commit|close|buy)\s+(?:\w+\s+){0,3}?(?:before|by|this|today|tonight|now|within|right away)\b|\bif you book (?:it|the unit|now|today|tonight|this week|before)\b",
        r"\b(?:will|would|can|could|'ll)\s+(?:cover|pay for|absorb|waive|throw in|include)\s+(?:\w+\s+){0,3}?(?:fees?|costs?|commission|registration|transfer|kitchen|appliances|furniture|finishing|maintenance)",
        r"لو\s+(?:\S+\s+)?(?:حجزت|دفعت|مضيت|قررت|اشتريت|حجزتها|دفعتها)\s+(?:\S+\s+){0,2}?(?:النهارده|نهارده|دلوقتي|الاسبوع ده|قبل|بكره|الشهر ده|حالا)",
        r"اخي?ر\s+(?:\S+\s+)?(?:وحده|وحدات|فرصه|شقه|فيلا|شاليه|مكتب|محل|دوبلكس|تاون|توين|بنتهاوس|استوديو|عياده)\s+(?:\S+\s+)?(?:متاح|متاحه|فاضل|فاضله|باقي|باقيه|موجود|موجوده)",
        // Offers without the word: waived installments, deadlines, "% off".
        r"\b(?:no|without|zero|free of|skip(?:ping)?)\s+(?:\w+\s+){0,2}(?:installments?|instalments?|payments?|maintenance|fees?|interest)\s+(?:for|in|during)\s+(?:the\s+)?(?:first|1st|initial|\d+)",
        r"\b(?:first|1st|initial)\s+(?:\d+\s+)?(?:years?|months?|quarters?)\s+(?:\w+\s+){0,2}(?:without|with no|free of|is free|are free|installment-free|payment-free)",
        r"\b(?:expires?|ends?|valid|stands|holds|lasts?)\s+(?:only\s+)?(?:until|till|through|at|by)\s+(?:midnight|tonight|today|tomorrow|friday|saturday|sunday|monday|tuesday|wednesday|thursday|the end of)",
        r"\b(?:expires?|expiring|ending)\s+(?:at midnight|tonight|today|tomorrow|soon|this week|this month)",
        r"\b(?:this|the|that)\s+(?:price|offer|deal|rate|discount)\s+(?:\w+\s+){0,2}(?:expires?|ends?|won'?t last|will not last|is valid|valid (?:until|till|for)|stands (?:until|till|for)|holds (?:until|till|for))",
        r"\d+\s?% off\b",
        r"\b(?:only|just)\s+(?:\d+|a few|a couple(?: of)?)\s+(?:\w+\s+)?(?:left|remain|remaining)\b",
        r"(?:اول|في اول)\s+(?:\d+\s+)?(?:سنه|سنوات|شهور|اشهر|سنين|شهر)\s+(?:\S+\s+){0,2}(?:من غير|بدون|بلا)\s+(?:اقساط|قسط|دفع)",
        r"(?:بدون|من غير|بلا)\s+(?:اقساط|قسط|دفع)\s+(?:\S+\s+)?(?:اول|في اول|لمده|لحد)",
        r"(?:العرض|السعر|الخصم|الاسعار)\s+(?:\S+\s+){0,3}(?:لاخر|لحد|حتي|لغايه|ينتهي|هينتهي|بينتهي|ساري|صالح)\s",
        r"(?:ساري|صالح|متاح)\s+(?:\S+\s+){0,2}(?:لحد|حتي|لغايه|لاخر)\s+(?:النهارده|بكره|الشهر|الاسبوع|نهايه|اخر|اول|يوم)",
        r"(?:باقي|متبقي|فاضل|فضل)\s+(?:\S+\s+){0,2}\d+\s+(?:وحدات|وحده|شقق|شقه|فلل|فيلا|فقط|بس)",
    ]
    .iter()
    .filter_map(|p| regex::Regex::new(p).ok())
    .collect()
});

static NORMALISED: LazyLock<(Vec<String>, Vec<String>, Vec<String>)> = LazyLock::new(|| {
    let n = |list: &[&str]| list.iter().map(|p| normalize(p)).collect::<Vec<_>>();
    (n(PHRASES), n(PRICE_WORDS), n(CHANGE_WORDS))
});

fn has(norm: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(at) = norm[from..].find(phrase) {
        let start = from + at;
        let end = start + phrase.len();
        from = end;
        let before = norm[..start].chars().next_back();
        let word_start = super::text::word_start(norm, start);
        let prefix_ok = before.is_none_or(|c| !c.is_alphanumeric())
            || (!phrase.is_ascii() && ["و", "ب", "ف", "ال"].contains(&&norm[word_start..start]));
        // English words may take an ending ("discounts", "discounted").
        let suffix_ok = norm[end..].chars().next().is_none_or(|c| !c.is_alphanumeric())
            || phrase.is_ascii()
            || phrase.chars().count() >= 5;
        if prefix_ok && suffix_ok {
            return true;
        }
    }
    false
}

/// The pressure or offer a normalised sentence makes, if any.
pub fn find(norm: &str) -> Option<String> {
    let (phrases, prices, changes) = &*NORMALISED;
    if let Some(p) = phrases.iter().find(|p| has(norm, p)) {
        return Some(p.clone());
    }
    // "unit left" with a count: "only 2 left".
    if let Some(at) = norm.find("only ")
        && norm[at + 5..].trim_start().starts_with(|c: char| c.is_ascii_digit())
        && norm[at..].contains(" left")
    {
        return Some("only n left".into());
    }
    if ["باقي ", "متبقي ", "فاضل "].iter().any(|w| {
        norm.find(w).is_some_and(|at| norm[at + w.len()..].starts_with(|c: char| c.is_ascii_digit()))
    }) {
        return Some("n left".into());
    }
    if let Some(m) = PATTERNS.iter().find_map(|re| re.find(norm)) {
        return Some(m.as_str().to_owned());
    }
    // "price growth is not counted" states an assumption.
    let assumption = ["count", "يحسب", "تحسب", "محسوب", "assum", "افتراض"].iter().any(|w| norm.contains(w));
    if !assumption && prices.iter().any(|p| has(norm, p)) && changes.iter().any(|c| has(norm, c)) {
        return Some("price change".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pressure_pattern_compiles() {
        // A pattern that failed to compile would be skipped silently.
        assert_eq!(PATTERNS.len(), 32);
    }

    #[test]
    fn pressure_is_found_in_both_languages_and_plain_talk_is_not() {
        for s in [
            "Hurry, other buyers are looking at it.",
            "Prices will rise tomorrow.",
            "Book today and get a 5% discount!",
            "Only 2 units left in this phase.",
            "A guaranteed 20% return.",
            "الحق قبل ما تخلص!",
            "الأسعار هتزيد الشهر الجاي.",
            "في خصم لو حجزت النهارده.",
            "باقي ٣ وحدات بس.",
            "عائد مضمون ٢٠٪.",
            "5asm 10% law 7agazt el naharda",
            "Two other families viewed it yesterday, so I would not wait long!",
            "Units here get snapped up quickly.",
            "فيه ناس كتير سألت عليها النهارده.",
            "You pay no installments for the first year.",
            "The first year is installment-free.",
            "This price expires at midnight.",
            "The offer stands until Friday.",
            "They will take 5% off if you pay cash.",
            "Only two units are left in this phase.",
            "Just 3 remain.",
            "أول سنة من غير أقساط.",
            "العرض ده لآخر الشهر.",
            "فاضل منه وحدتين بس.",
            "السعر ده ساري لحد آخر الأسبوع فقط.",
            "The developer throws in a free kitchen.",
            "They offer a grace period of one year.",
            "el 3ard da 5alas bokra",
            "nas ktir betes2al 3aleha",
            "Matestanash keteer!",
        ] {
            assert!(find(&normalize(s)).is_some(), "{s}");
        }
        for s in [
            "#12 in Mivida is priced at EGP 8,500,000.",
            "Developer plans in Egypt carry no interest: the price is split, not financed.",
            "Would you like me to book a viewing?",
            "Price per square metre: EGP 56,667.",
            "السعر ٨٫٥ مليون جنيه والمقدم ١٠٪.",
            "Rent is an estimate unless you gave one; price growth is not counted.",
            "هذا هو السعر الحقيقي للوحدة.",
            "Don't hesitate to ask me anything about the plan.",
            "The last one on the list is the cheapest.",
            "The plan ends at delivery in 2030.",
            "There are no installments after delivery.",
            "Only 2 listings match all your filters.",
            "The price is only EGP 6,750,000 for 169 m².",
            "السعر ٦٫٧٥ مليون جنيه والتسليم ٢٠٣٠.",
            "Interest-free: the price is split, not financed.",
        ] {
            assert_eq!(find(&normalize(s)), None, "{s}");
        }
    }
}
