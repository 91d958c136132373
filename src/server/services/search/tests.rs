//! Query understanding on the phrasings buyers use.

use super::gazetteer;
use super::understand::{Understood, understand};
use crate::domain::listing::{Finishing, PropertyType, SaleType};
use crate::domain::search::{FilterKind, Sort};

fn parse(q: &str) -> Understood {
    understand(q, &gazetteer::build(&[], &[]), 2026)
}

#[test]
fn the_example_from_the_brief() {
    let u = parse("3 bedroom apartment in New Cairo under 10 million, 7 years installments");
    let f = &u.filters;
    assert_eq!(f.property_types, vec![PropertyType::Apartment]);
    assert_eq!(f.location.as_deref(), Some("New Cairo"));
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(3), Some(3)));
    assert_eq!((f.price_min, f.price_max), (None, Some(10_000_000)));
    assert_eq!(f.installment_years_min, Some(7));
    assert_eq!(u.soft_text, "");
}

#[test]
fn arabic_with_arabic_digits() {
    let u = parse("شقة ٣ غرف في التجمع الخامس أقل من ١٠ مليون تقسيط ٧ سنين");
    let f = &u.filters;
    assert_eq!(f.property_types, vec![PropertyType::Apartment]);
    assert_eq!(f.location.as_deref(), Some("New Cairo"));
    assert_eq!(f.district.as_deref(), Some("Fifth Settlement"));
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(3), Some(3)));
    assert_eq!(f.price_max, Some(10_000_000));
    assert_eq!(f.installment_years_min, Some(7));
}

#[test]
fn transliterations_and_short_names() {
    assert_eq!(parse("villa in Tagamoa").filters.location.as_deref(), Some("New Cairo"));
    assert_eq!(parse("townhouse zayed").filters.location.as_deref(), Some("Sheikh Zayed"));
    assert_eq!(parse("office NAC").filters.location.as_deref(), Some("New Administrative Capital"));
    assert_eq!(parse("chalet sahel").filters.location.as_deref(), Some("North Coast"));
    let u = parse("3br in 5th settlement");
    assert_eq!(u.filters.district.as_deref(), Some("Fifth Settlement"));
    assert_eq!(u.filters.bedrooms_min, Some(3));
}

#[test]
fn price_phrasings() {
    let p = |q: &str| {
        let f = parse(q).filters;
        (f.price_min, f.price_max)
    };
    assert_eq!(p("under 10M"), (None, Some(10_000_000)));
    assert_eq!(p("apartment 800k"), (None, Some(800_000)));
    assert_eq!(p("between 10 and 20 million"), (Some(10_000_000), Some(20_000_000)));
    assert_eq!(p("10-20m"), (Some(10_000_000), Some(20_000_000)));
    assert_eq!(p("over 5 million"), (Some(5_000_000), None));
    assert_eq!(p("٦ مليون"), (None, Some(6_000_000)));
    assert_eq!(p("budget 7.5m"), (None, Some(7_500_000)));
    assert_eq!(p("EGP 4,500,000"), (None, Some(4_500_000)));
    assert_eq!(p("around 8 million"), (Some(6_800_000), Some(9_200_000)));
    assert_eq!(p("بين ٥ و ١٠ مليون"), (Some(5_000_000), Some(10_000_000)));
    assert_eq!(p("under 12"), (None, Some(12_000_000)));
}

#[test]
fn bedrooms_area_and_plan() {
    let f = parse("3+ bedrooms villa over 300 sqm").filters;
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(3), None));
    assert_eq!((f.area_min, f.area_max), (Some(300), None));
    let f = parse("two bedroom flat around 120 m2").filters;
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(2), Some(2)));
    assert_eq!((f.area_min, f.area_max), (Some(102), Some(138)));
    let f = parse("شقة غرفتين").filters;
    assert_eq!(f.bedrooms_min, Some(2));
    let f = parse("10% down, monthly under 50k").filters;
    assert_eq!(f.down_payment_max_pct, Some(10));
    assert_eq!(f.monthly_max, Some(50_000));
    assert_eq!(f.price_max, None);
    let f = parse("installment 40k per month").filters;
    assert_eq!(f.monthly_max, Some(40_000));
    let f = parse("no down payment, 8 year plan").filters;
    assert_eq!(f.down_payment_max_pct, Some(0));
    assert_eq!(f.installment_years_min, Some(8));
}

#[test]
fn delivery_sale_finishing_and_sort() {
    let f = parse("ready to move duplex, resale, fully finished").filters;
    assert!(f.ready_to_move);
    assert_eq!(f.property_types, vec![PropertyType::Duplex]);
    assert_eq!(f.sale_type, Some(SaleType::Resale));
    assert_eq!(f.finishing, Some(Finishing::FullyFinished));
    let f = parse("delivery 2027 semi finished").filters;
    assert_eq!(f.delivery_by, Some(2027));
    assert_eq!(f.finishing, Some(Finishing::SemiFinished));
    assert_eq!(parse("cheapest studio").filters.sort, Some(Sort::PriceAsc));
    assert_eq!(parse("biggest villa in zayed").filters.sort, Some(Sort::AreaDesc));
    assert_eq!(parse("best price per meter new capital").filters.sort, Some(Sort::PricePerSqmAsc));
    assert!(parse("استلام فوري").filters.ready_to_move);
}

#[test]
fn compounds_and_developers() {
    let f = parse("apartment in Mivida by Emaar").filters;
    assert_eq!(f.compound.as_deref(), Some("Mivida"));
    assert_eq!(f.developer.as_deref(), Some("Emaar Misr"));
    let f = parse("Mountain View iCity October townhouse").filters;
    assert_eq!(f.compound.as_deref(), Some("Mountain View iCity October"));
    assert_eq!(f.developer, None);
    assert_eq!(parse("sodic villa").filters.developer.as_deref(), Some("SODIC"));
    assert_eq!(parse("شقة في ميفيدا").filters.compound.as_deref(), Some("Mivida"));
}

#[test]
fn what_is_left_is_the_soft_text() {
    let u = parse("quiet apartment with a garden view near the AUC in new cairo");
    assert_eq!(u.filters.location.as_deref(), Some("New Cairo"));
    assert_eq!(u.soft_text, "quiet garden view", "AUC is a landmark of New Cairo");
}

#[test]
fn removing_a_chip_removes_its_words() {
    let q = "3 bedroom apartment in New Cairo under 10 million, 7 years installments";
    let u = parse(q);
    assert_eq!(
        u.query_without(q, FilterKind::PriceMax),
        "3 bedroom apartment in New Cairo, 7 years installments"
    );
    assert_eq!(
        u.query_without(q, FilterKind::Location),
        "3 bedroom apartment in under 10 million, 7 years installments"
    );
    assert_eq!(
        u.query_without(q, FilterKind::Bedrooms),
        "apartment in New Cairo under 10 million, 7 years installments"
    );
    let again = parse(&u.query_without(q, FilterKind::PriceMax));
    assert_eq!(again.filters.price_max, None);
    assert_eq!(again.filters.installment_years_min, Some(7));
}

#[test]
fn nonsense_is_harmless() {
    for q in [
        "",
        "   ",
        "'; drop table listings; --",
        "<script>alert(1)</script>",
        "99999999999999999999999 million",
        "٪٪٪",
        "- - -",
    ] {
        let u = parse(q);
        assert!(u.filters.price_max.is_none_or(|p| p > 0), "{q}");
    }
    assert_eq!(parse("<script>alert(1)</script>").soft_text, "script alert script");
}

#[test]
fn arabizi_words_keep_their_digits() {
    let f = parse("sha2a fel tagamoa").filters;
    assert_eq!(f.property_types, vec![PropertyType::Apartment]);
    assert_eq!(f.location.as_deref(), Some("New Cairo"));
    assert_eq!(parse("villa tagamo3").filters.location.as_deref(), Some("New Cairo"));
    // Units glued to numbers still split.
    assert_eq!(parse("150m2").filters.area_min, Some(128));
    assert_eq!(parse("r7 apartment").filters.district.as_deref(), Some("R7"));
}

/// The kinds the held-out sets found, each as a buyer writes it.
#[test]
fn comparators_after_the_number_and_between_number_and_unit() {
    let area = |q: &str| {
        let f = parse(q).filters;
        (f.area_min, f.area_max)
    };
    assert_eq!(area("150 sqm or more"), (Some(150), None));
    assert_eq!(area("at most 120 sqm"), (None, Some(120)));
    assert_eq!(area("120 m2 or less"), (None, Some(120)));
    assert_eq!(area("مساحة ١٥٠ متر فأكثر"), (Some(150), None));
    assert_eq!(area("١٢٠ متر بحد أقصى"), (None, Some(120)));
    let beds = |q: &str| {
        let f = parse(q).filters;
        (f.bedrooms_min, f.bedrooms_max)
    };
    assert_eq!(beds("3 or more bedrooms"), (Some(3), None));
    assert_eq!(beds("3 bedrooms or more"), (Some(3), None));
    assert_eq!(beds("at least 3 bedrooms"), (Some(3), None));
    assert_eq!(beds("2 bedrooms max"), (None, Some(2)));
    assert_eq!(beds("من ٣ غرف وأكتر"), (Some(3), None));
    assert_eq!(beds("٣ غرف على الأقل"), (Some(3), None));
    let price = |q: &str| {
        let f = parse(q).filters;
        (f.price_min, f.price_max)
    };
    assert_eq!(price("10 million max"), (None, Some(10_000_000)));
    assert_eq!(price("5 million or more"), (Some(5_000_000), None));
    assert_eq!(price("بأقل من ٦ مليون"), (None, Some(6_000_000)));
    assert_eq!(price("شقة بأقل من ٦ مليون في التجمع"), (None, Some(6_000_000)));
    assert_eq!(price("بحد أقصى ستة مليون"), (None, Some(6_000_000)));
    assert_eq!(price("١٠ مليون بالكتير"), (None, Some(10_000_000)));
    assert_eq!(price("مش أكتر من ٨ مليون"), (None, Some(8_000_000)));
    // A number without a unit keeps its words.
    assert_eq!(price("villa 10 min from the ring road"), (None, None));
}

#[test]
fn budgets_per_quarter_half_year_and_year_are_read_per_month() {
    let monthly = |q: &str| parse(q).filters.monthly_max;
    assert_eq!(monthly("quarterly installments under 300k a quarter"), Some(100_000));
    assert_eq!(monthly("quarterly installment max 300k"), Some(100_000));
    assert_eq!(monthly("300k per quarter"), Some(100_000));
    assert_eq!(monthly("قسط ربع سنوي ٣٠٠ ألف"), Some(100_000));
    assert_eq!(monthly("installments 600k every 6 months"), Some(100_000));
    assert_eq!(monthly("installment 40k a month"), Some(40_000));
    assert_eq!(parse("quarterly installments under 300k a quarter").filters.price_max, None);
}

#[test]
fn misspelt_types_places_and_units_are_corrected_and_said() {
    let u = parse("apartmnet in new cario under 10 milion");
    assert_eq!(u.filters.property_types, vec![PropertyType::Apartment]);
    assert_eq!(u.filters.location.as_deref(), Some("New Cairo"));
    assert_eq!(u.filters.price_max, Some(10_000_000));
    assert_eq!(
        u.corrections,
        vec![
            ("apartmnet".to_owned(), "apartment".to_owned()),
            ("cario".to_owned(), "cairo".to_owned()),
            ("milion".to_owned(), "million".to_owned())
        ]
    );
    assert_eq!(parse("penthose").filters.property_types, vec![PropertyType::Penthouse]);
    assert_eq!(parse("vila in zayed").filters.property_types, vec![PropertyType::Villa]);
    assert_eq!(parse("3 bedrom flat").filters.bedrooms_min, Some(3));
    assert_eq!(
        parse("Mountian View iCity October").filters.compound.as_deref(),
        Some("Mountain View iCity October")
    );
    assert_eq!(parse("فيلا في الشيح زايد").filters.location.as_deref(), Some("Sheikh Zayed"));
    // Common words are never "corrected": a story is not a store.
    for q in
        ["2 story villa", "quiet street", "sunny garden", "near the mall", "stores nearby", "family home"]
    {
        let u = parse(q);
        assert!(u.corrections.is_empty(), "{q}: {:?}", u.corrections);
        assert!(!u.filters.property_types.contains(&PropertyType::Retail), "{q}");
    }
}

#[test]
fn places_osool_has_no_listings_in_are_places() {
    for (q, place) in [
        ("apartment in Alexandria", "Alexandria"),
        ("شقة في الإسكندرية", "Alexandria"),
        ("villa in maadi", "Maadi"),
        ("شقة في مدينة نصر", "Nasr City"),
        ("flat in heliopolis under 5 million", "Heliopolis"),
        ("apartment in alexandira", "Alexandria"),
    ] {
        let u = parse(q);
        assert_eq!(u.filters.location.as_deref(), Some(place), "{q}");
        assert!(!u.soft_text.to_lowercase().contains(&place.to_lowercase()), "{q}: {}", u.soft_text);
    }
    // Osool's own areas are not shadowed.
    assert_eq!(parse("villa in new cairo").filters.location.as_deref(), Some("New Cairo"));
}

const CONFUSABLE: &[&str] = &[
    "apartment",
    "villa",
    "penthouse",
    "townhouse",
    "twinhouse",
    "duplex",
    "chalet",
    "studio",
    "sheikh",
    "zayed",
    "capital",
    "october",
    "alexandria",
    "cairo",
    "sahel",
];
const STRICT: &[&str] = &[
    "more than",
    "less than",
    "under",
    "below",
    "أكثر من",
    "اكتر من",
    "بأكثر من",
    "أقل من",
    "بأقل من",
    "تحت",
];

/// A grammar of requests: comparators (before the number, after it,
/// between it and its unit) x quantities (bedrooms, area, price, monthly)
/// x both scripts x digits in both scripts x typos in the other words,
/// inside sentences with a type and a place. Thousands of queries from a
/// seed; a failure prints the smallest failing query found by dropping
/// optional parts.
#[test]
fn generated_requests_read_the_same_filters() {
    use crate::server::services::catalog::rng::Rng;
    use crate::server::testkit::typos::{arabic_digits, one_typo};
    let mut rng = Rng::new(16);
    let pick =
        |rng: &mut Rng, options: &[&'static str]| options[rng.range(0, options.len() as i64 - 1) as usize];
    let types_en: &[(&str, PropertyType)] = &[
        ("apartment", PropertyType::Apartment),
        ("villa", PropertyType::Villa),
        ("penthouse", PropertyType::Penthouse),
        ("townhouse", PropertyType::Townhouse),
        ("duplex", PropertyType::Duplex),
        ("chalet", PropertyType::Chalet),
        ("studio", PropertyType::Studio),
    ];
    let types_ar: &[(&str, PropertyType)] = &[
        ("شقة", PropertyType::Apartment),
        ("فيلا", PropertyType::Villa),
        ("بنتهاوس", PropertyType::Penthouse),
        ("تاون هاوس", PropertyType::Townhouse),
        ("دوبلكس", PropertyType::Duplex),
        ("شاليه", PropertyType::Chalet),
    ];
    let places_en: &[(&str, &str)] = &[
        ("in new cairo", "New Cairo"),
        ("in sheikh zayed", "Sheikh Zayed"),
        ("in the new capital", "New Administrative Capital"),
        ("in october", "6th of October"),
        ("in sahel", "North Coast"),
        ("in alexandria", "Alexandria"),
    ];
    let places_ar: &[(&str, &str)] = &[
        ("في التجمع", "New Cairo"),
        ("في الشيخ زايد", "Sheikh Zayed"),
        ("في العاصمة الإدارية", "New Administrative Capital"),
        ("في أكتوبر", "6th of October"),
        ("في الساحل", "North Coast"),
        ("في الإسكندرية", "Alexandria"),
    ];
    let common: std::collections::HashSet<&str> =
        include_str!("../../../../data/common-words.txt").lines().collect();
    // One typo inside a word of five letters or more (never producing a
    // common English word: that is a different word, not a typo).
    let typo = |rng: &mut Rng, text: &str| -> String {
        text.split(' ')
            .map(|w| {
                let chars: Vec<char> = w.chars().collect();
                if chars.len() < 6 || !w.is_ascii() || !rng.chance(0.5) {
                    return w.to_owned();
                }
                let t = one_typo(rng, w);
                // A typo as close to another word we know ("twnhouse":
                // townhouse or twinhouse?) has no one right reading.
                let d = crate::domain::fuzzy::edit_distance(&t, w);
                let ambiguous = CONFUSABLE.iter().any(|other| {
                    *other != w
                        && other.strip_suffix('s') != Some(w)
                        && crate::domain::fuzzy::edit_distance(&t, other) <= d
                });
                if common.contains(t.as_str()) || ambiguous { w.to_owned() } else { t }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Q {
        Beds,
        Area,
        Price,
        Monthly,
    }
    let mut failures = 0;
    for case in 0..4000 {
        let arabic = rng.chance(0.5);
        let q = [Q::Beds, Q::Area, Q::Price, Q::Monthly][rng.range(0, 3) as usize];
        let is_min = rng.chance(0.5) && q != Q::Monthly;
        let n: i64 = match q {
            Q::Beds => rng.range(2, 6),
            Q::Area => rng.range(6, 40) * 10,
            Q::Price => rng.range(2, 40),
            Q::Monthly => rng.range(2, 15) * 10,
        };
        let num = n.to_string();
        let (unit, value): (&str, i64) = match (q, arabic) {
            (Q::Beds, false) => (pick(&mut rng, &["bedrooms", "bedroom", "beds", "rooms"]), n),
            (Q::Beds, true) => (pick(&mut rng, &["غرف", "غرف نوم", "اوض"]), n),
            (Q::Area, false) => (pick(&mut rng, &["sqm", "m2", "meters", "square meters"]), n),
            (Q::Area, true) => (pick(&mut rng, &["متر", "م٢", "متر مربع"]), n),
            (Q::Price, false) => (
                pick(&mut rng, &["million", "m", "M", "mil", "million EGP", "million pounds"]),
                n * 1_000_000,
            ),
            (Q::Price, true) => (pick(&mut rng, &["مليون", "مليون جنيه"]), n * 1_000_000),
            (Q::Monthly, false) => {
                (pick(&mut rng, &["k a month", "k per month", "k monthly", "k/month"]), n * 1000)
            }
            (Q::Monthly, true) => (pick(&mut rng, &["ألف في الشهر", "ألف شهريا"]), n * 1000),
        };
        let monthly_lead = match (q, arabic) {
            (Q::Monthly, false) => pick(&mut rng, &["installment", "installments", "monthly installment"]),
            (Q::Monthly, true) => pick(&mut rng, &["قسط", "قسط شهري"]),
            _ => "",
        };
        // Where the comparator goes: before the number, after the unit, or
        // between the number and the unit.
        let position = rng.range(0, if q == Q::Monthly { 0 } else { 2 });
        let quantity = match (arabic, is_min, position) {
            (false, true, 0) => format!(
                "{} {num} {unit}",
                pick(&mut rng, &["at least", "more than", "minimum", "no less than", "min"])
            ),
            (false, false, 0) => format!(
                "{} {num} {unit}",
                pick(
                    &mut rng,
                    &["under", "below", "less than", "at most", "up to", "no more than", "max", "maximum"]
                )
            ),
            (false, true, 1) => format!(
                "{num} {unit} {}",
                pick(&mut rng, &["or more", "and above", "or bigger", "at least", "minimum", "plus"])
            ),
            (false, false, 1) => format!(
                "{num} {unit} {}",
                pick(&mut rng, &["or less", "max", "at most", "tops", "or below", "maximum"])
            ),
            (false, true, _) => format!("{num} {} {unit}", pick(&mut rng, &["or more", "and above"])),
            (false, false, _) => format!("{num} {} {unit}", pick(&mut rng, &["or less", "or fewer"])),
            (true, true, 0) => format!(
                "{} {num} {unit}",
                pick(&mut rng, &["أكثر من", "اكتر من", "على الأقل", "مش أقل من", "بأكثر من"])
            ),
            (true, false, 0) => format!(
                "{} {num} {unit}",
                pick(&mut rng, &["أقل من", "بأقل من", "تحت", "بحد أقصى", "مش أكتر من", "لحد"])
            ),
            (true, true, 1) => format!(
                "{num} {unit} {}",
                pick(&mut rng, &["فأكثر", "أو أكثر", "وأكثر", "وما فوق", "على الأقل"])
            ),
            (true, false, 1) => format!(
                "{num} {unit} {}",
                pick(&mut rng, &["فأقل", "أو أقل", "بحد أقصى", "كحد أقصى", "بالكتير"])
            ),
            (true, true, _) => format!("{num} {} {unit}", pick(&mut rng, &["أو أكثر", "فأكثر"])),
            (true, false, _) => format!("{num} {} {unit}", pick(&mut rng, &["أو أقل", "فأقل"])),
        };
        // "more than 2 bedrooms" is 3 or more; "under 3 bedrooms", 2 at most.
        let strict =
            q == Q::Beds && position == 0 && STRICT.iter().any(|c| quantity.starts_with(&format!("{c} ")));
        let value = match (strict, is_min) {
            (true, true) => value + 1,
            (true, false) => value - 1,
            _ => value,
        };
        let quantity = if monthly_lead.is_empty() { quantity } else { format!("{monthly_lead} {quantity}") };
        let quantity = if arabic && rng.chance(0.5) { arabic_digits(&quantity) } else { quantity };
        let (type_word, kind) = if arabic {
            types_ar[rng.range(0, types_ar.len() as i64 - 1) as usize]
        } else {
            types_en[rng.range(0, types_en.len() as i64 - 1) as usize]
        };
        let (place_words, place) = if arabic {
            places_ar[rng.range(0, places_ar.len() as i64 - 1) as usize]
        } else {
            places_en[rng.range(0, places_en.len() as i64 - 1) as usize]
        };
        let filler = if arabic {
            pick(&mut rng, &["عايز", "محتاج", "مطلوب", ""])
        } else {
            pick(&mut rng, &["looking for a", "I want a", "need", ""])
        };
        let typed_type = if arabic { type_word.to_owned() } else { typo(&mut rng, type_word) };
        let typed_place = if arabic { place_words.to_owned() } else { typo(&mut rng, place_words) };
        let parts = [filler.to_owned(), typed_type, typed_place, quantity];
        let check = |parts: &[String; 4]| -> Result<(), String> {
            let text = parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join(" ");
            let f = parse(&text).filters;
            let got = match q {
                Q::Beds => (f.bedrooms_min.map(i64::from), f.bedrooms_max.map(i64::from)),
                Q::Area => (f.area_min.map(i64::from), f.area_max.map(i64::from)),
                Q::Price => (f.price_min, f.price_max),
                Q::Monthly => (None, f.monthly_max),
            };
            let want = if is_min { (Some(value), None) } else { (None, Some(value)) };
            let type_ok = parts[1].is_empty() || f.property_types == vec![kind];
            let place_ok = parts[2].is_empty() || f.location.as_deref() == Some(place);
            if got == want && type_ok && place_ok {
                Ok(())
            } else {
                Err(format!(
                    "{text:?}: {q:?} {got:?} (want {want:?}), types {:?}, location {:?}",
                    f.property_types, f.location
                ))
            }
        };
        if let Err(first) = check(&parts) {
            // Shrink: drop the optional parts while it still fails.
            let mut smallest = parts.clone();
            for k in 0..3 {
                let mut fewer = smallest.clone();
                fewer[k] = String::new();
                if check(&fewer).is_err() {
                    smallest = fewer;
                }
            }
            failures += 1;
            if failures <= 10 {
                eprintln!("case {case}: {first}\n  smallest: {}", check(&smallest).unwrap_err());
            }
        }
    }
    assert_eq!(failures, 0, "{failures} of 4000 generated requests misread (first ten above)");
}

#[test]
fn a_name_shared_by_several_projects_covers_all_of_them() {
    let f = parse("townhouse in Mountain View iCity").filters;
    let mut all: Vec<String> = f.compound.iter().cloned().chain(f.compound_also.iter().cloned()).collect();
    all.sort();
    assert_eq!(all, vec!["Mountain View iCity New Cairo", "Mountain View iCity October"]);
    let chip = crate::i18n::labels::chip(FilterKind::Compound, &f, crate::i18n::Lang::En);
    assert!(chip.contains(" or "), "the chip says both: {chip}");
    // Named in full, one project.
    let f = parse("iCity October villa").filters;
    assert_eq!((f.compound.as_deref(), f.compound_also.len()), (Some("Mountain View iCity October"), 0));
    // Removing the chip removes every project it stood for.
    let f = parse("icity apartment").filters.without(FilterKind::Compound);
    assert_eq!((f.compound, f.compound_also.len()), (None, 0));
}

/// Franco-Arabic as buyers type it: words matched by their consonants
/// against the Arabic and Latin words the parser knows, so every spelling
/// of a word reads the same ("so5na", "sokhna", "السخنة").
#[test]
fn franco_arabic_words_read_as_the_words_they_spell() {
    let f = parse("sha2a fel so5na").filters;
    assert_eq!(f.location.as_deref(), Some("Ain Sokhna"));
    assert_eq!(f.property_types, vec![PropertyType::Apartment]);
    assert_eq!(parse("villa fel tagamo3 el 5ames").filters.district.as_deref(), Some("Fifth Settlement"));
    assert_eq!(parse("sha2a fel 5ames").filters.district.as_deref(), Some("Fifth Settlement"));
    assert_eq!(parse("sha2a fe bor sa3eed").filters.location.as_deref(), Some("Port Said"));
    assert_eq!(parse("sha2a fe bor sa3id").filters.location.as_deref(), Some("Port Said"));
    for q in ["ta7t 8 mlyon", "ta7t 8 malyon", "ta7t 8 milyon", "mesh aktar men 8 mlyon", "8 mlyon bel kteer"]
    {
        assert_eq!(parse(q).filters.price_max, Some(8_000_000), "{q}");
    }
    for q in ["mesh a2al men 5 mlyon", "3ala el a2al 5 mlyon", "5 mlyon aw aktar"] {
        let f = parse(q).filters;
        assert_eq!((f.price_min, f.price_max), (Some(5_000_000), None), "{q}");
    }
    for q in [
        "b 2est shahry mesh aktar men 100 alf",
        "2est shahri ta7t 100 alf",
        "a2sat 100 alf fel shahr",
        "قسط شهري مش أكتر من ١٠٠ ألف",
    ] {
        assert_eq!(parse(q).filters.monthly_max, Some(100_000), "{q}");
    }
    for q in ["mas7a 150 metr aw aktar", "masa7a mesh a2al men 150 metr", "مساحة ١٥٠ متر على الأقل"]
    {
        assert_eq!(parse(q).filters.area_min, Some(150), "{q}");
    }
    // A word that only looks like Franco stays what it is.
    for q in ["3 beds", "3beds", "5th settlement", "2br apartment"] {
        let u = parse(q);
        assert!(u.filters.bedrooms_min.is_some() || u.filters.district.is_some(), "{q}: {u:?}");
    }
    assert_eq!(parse("3beds in zayed").filters.bedrooms_min, Some(3));
}

/// Colloquial and spoken forms: halves, "or" ranges, sizes named by
/// "area", no down payment, red brick, "not less than".
#[test]
fn spoken_numbers_ranges_and_colloquial_terms() {
    let price = |q: &str| parse(q).filters.price_max;
    assert_eq!(price("تحت ٨ مليون ونص"), Some(8_500_000));
    assert_eq!(price("ميزانية ٨ مليون و نص"), Some(8_500_000));
    assert_eq!(price("under 2 and a half million"), Some(2_500_000));
    assert_eq!(price("max 3 million and a half"), Some(3_500_000));
    assert_eq!(price("لحد تلاتة مليون ونص"), Some(3_500_000));
    assert_eq!(price("ta7t 6 mlyon w nos"), Some(6_500_000));
    assert_eq!(price("مليون وربع"), Some(1_250_000), "a scale word alone is one of it");
    let beds = |q: &str| {
        let f = parse(q).filters;
        (f.bedrooms_min, f.bedrooms_max)
    };
    assert_eq!(beds("2 or 3 rooms"), (Some(2), Some(3)));
    assert_eq!(beds("٢ أو ٣ غرف"), (Some(2), Some(3)));
    assert_eq!(beds("2 aw 3 ghoraf"), (Some(2), Some(3)));
    assert_eq!(beds("3 ولا 4 غرف"), (Some(3), Some(4)));
    let f = parse("villa 3 bedrooms or apartment under 5 million or 60k monthly").filters;
    assert_eq!(
        (f.bedrooms_min, f.bedrooms_max, f.price_max, f.monthly_max),
        (Some(3), Some(3), Some(5_000_000), Some(60_000))
    );
    let f = parse("5 or 6 million").filters;
    assert_eq!((f.price_min, f.price_max), (Some(5_000_000), Some(6_000_000)));
    let area = |q: &str| {
        let f = parse(q).filters;
        (f.area_min, f.area_max)
    };
    assert_eq!(area("area min 50m and max 100 m"), (Some(50), Some(100)));
    assert_eq!(area("area 120"), (Some(102), Some(138)));
    assert_eq!(area("مساحة من ١٠٠ لـ ١٥٠"), (Some(100), Some(150)));
    assert_eq!(area("size at least 200"), (Some(200), None));
    assert_eq!(area("مسحة ١٢٠ متر بالكتير"), (None, Some(120)));
    assert_eq!(parse("quiet area 5m budget").filters.price_max, Some(5_000_000));
    for q in [
        "زيرو مقدم",
        "بدون مقدم",
        "من غير مقدم",
        "no down payment",
        "zero down",
        "bdon mo2adam",
        "bedoon mo2adam",
    ] {
        assert_eq!(parse(&format!("شقة {q}")).filters.down_payment_max_pct, Some(0), "{q}");
    }
    for q in ["طوب احمر", "على الطوب الأحمر", "ع الطوب", "red brick", "core and shell"]
    {
        assert_eq!(parse(&format!("villa {q}")).filters.finishing, Some(Finishing::CoreShell), "{q}");
    }
    for q in ["ما تقلش عن ٥ مليون", "متقلش عن ٥ مليون", "ميقلش عن ٥ مليون", "mate2elsh 3an 5 mlyon"]
    {
        let f = parse(q).filters;
        assert_eq!((f.price_min, f.price_max), (Some(5_000_000), None), "{q}");
    }
    for q in ["ما تزيدش عن ٥ مليون", "متزيدش عن ٥ مليون", "mayzedsh 3an 5 mlyon"]
    {
        assert_eq!(parse(q).filters.price_max, Some(5_000_000), "{q}");
    }
}

#[test]
fn spelled_compound_numbers_hyphens_and_qualified_types() {
    assert_eq!(parse("من خمسة وعشرين مليون").filters.price_min, Some(25_000_000));
    assert_eq!(parse("تحت خمسة و عشرين مليون").filters.price_max, Some(25_000_000));
    assert_eq!(parse("under twenty five million").filters.price_max, Some(25_000_000));
    assert_eq!(parse("under twenty-five million").filters.price_max, Some(25_000_000));
    assert_eq!(parse("بنتهاوس من خمستاشر لعشرين مليون").filters.price_min, Some(15_000_000));
    assert_eq!(parse("eight and a half milion max").filters.price_max, Some(8_500_000));
    let f = parse("need a 2-bed appartment").filters;
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(2), Some(2)));
    let f = parse("three-bedroom flat").filters;
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(3), Some(3)));
    let f = parse("2-3 bedrooms").filters;
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(2), Some(3)));
    assert_eq!(parse("محل تجارى فى التجمع").filters.property_types, vec![PropertyType::Retail]);
    assert_eq!(parse("commercial office").filters.property_types, vec![PropertyType::Office]);
    assert_eq!(parse("commercial units").filters.property_types.len(), 3);
    for q in ["villa fe zayed estelam fawry", "clinic gahza lel estelam", "شقة جاهزة للاستلام"]
    {
        assert!(parse(q).filters.ready_to_move, "{q}");
    }
    let f = parse("el budget mn 45 l 55 mlyon").filters;
    assert_eq!((f.price_min, f.price_max), (Some(45_000_000), Some(55_000_000)));
}

/// Sizes with "m", numbers glued to cue words, formal Arabic comparators
/// with the measured noun inside, diacritics.
#[test]
fn glued_cues_metres_and_formal_arabic() {
    let f = parse("core and shell villa new cairo 400m+").filters;
    assert_eq!((f.area_min, f.price_min), (Some(400), None));
    let f = parse("apt 170m+ in zayed").filters;
    assert_eq!((f.area_min, f.price_min), (Some(170), None));
    assert_eq!(parse("villa 50m+").filters.price_min, Some(50_000_000));
    assert_eq!(parse("studio under4m").filters.price_max, Some(4_000_000));
    assert_eq!(parse("apartment max10m").filters.price_max, Some(10_000_000));
    assert_eq!(parse("sha2a fel tagamo3").filters.location.as_deref(), Some("New Cairo"));
    let f = parse("شقة لا تقل مساحتها عن ١٨٠ مترًا مربعًا وبسعر لا يتجاوز ١٥ مليون جنيه").filters;
    assert_eq!((f.area_min, f.area_max, f.price_max), (Some(180), None, Some(15_000_000)));
    assert_eq!(parse("عيادة لا تقل مساحتها عن ٦٠ مترًا").filters.area_min, Some(60));
    assert_eq!(parse("شقة سعرها لا يزيد عن ٥ ملايين").filters.price_max, Some(5_000_000));
    assert_eq!(parse("شقّة في التجمّع").filters.location.as_deref(), Some("New Cairo"));
    let f = parse("m7al togary fel tagamo3 mn el developer").filters;
    assert_eq!(
        (f.property_types.clone(), f.sale_type),
        (vec![PropertyType::Retail], Some(SaleType::Developer))
    );
}

/// What a stranger found: a down payment amount is no price, compound
/// amounts are one, absurd numbers and number-like typos are nothing.
#[test]
fn amounts_of_down_payment_compound_amounts_and_absurd_numbers() {
    for q in [
        "apartment down payment 500k",
        "شقة مقدم ٥٠٠ ألف",
        "1M down payment apartment",
        "شقة مقدم مليون وقسط ٤٠ ألف",
    ] {
        let f = parse(q).filters;
        assert_eq!((f.price_min, f.price_max), (None, None), "{q}");
        assert!(f.down_payment_max.is_some_and(|d| d == 500_000 || d == 1_000_000), "{q}: {f:?}");
    }
    let down = |q: &str| parse(q).filters.down_payment_max;
    assert_eq!(down("villa, max down payment 2.5 million"), Some(2_500_000));
    assert_eq!(down("مقدم لحد ٣٠٠ الف"), Some(300_000));
    assert_eq!(down("mo2adam 750k"), Some(750_000));
    assert_eq!(down("at least 1M down payment"), None, "a floor is no limit a buyer has");
    assert_eq!(down("down payment 50"), None, "too small to be sure of");
    assert_eq!(parse("شقة مقدم مليون وقسط ٤٠ ألف").filters.monthly_max, Some(40_000));
    assert_eq!(parse("شقة مقدم ١٠٪").filters.down_payment_max_pct, Some(10));
    assert_eq!(parse("under 7 million 500 thousand").filters.price_max, Some(7_500_000));
    assert_eq!(parse("تحت ٧ مليون و٥٠٠ ألف").filters.price_max, Some(7_500_000));
    assert_eq!(parse("under 7 million, 2 bedrooms").filters.price_max, Some(7_000_000));
    let f = parse("under 5 million and 300k monthly").filters;
    assert_eq!((f.price_max, f.monthly_max), (Some(5_000_000), Some(300_000)));
    let f = parse("10% down payment, under 5 million").filters;
    assert_eq!((f.down_payment_max_pct, f.price_max), (Some(10), Some(5_000_000)));
    let f = parse("12345678901234567890123").filters;
    assert_eq!((f.price_min, f.price_max), (None, None));
    assert!(parse("taj sity").corrections.iter().all(|(_, to)| to != "sixty"));
    assert_eq!(parse("apartment 150m").filters.area_min, Some(128));
}

/// Names written as one word or in Arabic letters.
#[test]
fn glued_and_arabic_script_names() {
    assert_eq!(parse("شقة في هايدبارك").filters.developer.as_deref(), Some("Hyde Park Developments"));
    assert_eq!(parse("apartment hydepark").filters.developer.as_deref(), Some("Hyde Park Developments"));
    assert_eq!(parse("villa in mivdia").filters.compound.as_deref(), Some("Mivida"));
    assert_eq!(parse("palmhills october").filters.compound.as_deref(), Some("Palm Hills October"));
    assert_eq!(parse("شقة في بلوم فيلدز").filters.compound.as_deref(), Some("Bloomfields"));
    assert_eq!(parse("pent house in zayed").filters.property_types, vec![PropertyType::Penthouse]);
}

/// A grammar of Franco-Arabic requests: types, places, comparators before
/// and after the number, units, halves and monthly budgets, each content
/// word with its vowels written another way, 2,000 queries from a seed.
#[test]
fn generated_franco_requests_read_the_same_filters() {
    use crate::server::services::catalog::rng::Rng;
    use crate::server::testkit::typos::franco_vowels;
    let mut rng = Rng::new(2026);
    let types: &[(&str, PropertyType)] = &[
        ("sha2a", PropertyType::Apartment),
        ("villa", PropertyType::Villa),
        ("duplex", PropertyType::Duplex),
        ("penthouse", PropertyType::Penthouse),
        ("chalet", PropertyType::Chalet),
    ];
    let places: &[(&str, &str)] = &[
        ("fel so5na", "Ain Sokhna"),
        ("fe zayed", "Sheikh Zayed"),
        ("fel 3asema", "New Administrative Capital"),
        ("fe october", "6th of October"),
        ("fel sa7el", "North Coast"),
        ("fel tagamo3", "New Cairo"),
        ("fe bor sa3eed", "Port Said"),
        ("fe eskendereya", "Alexandria"),
    ];
    // Words with a Franco digit get their vowels rewritten.
    let noisy = |rng: &mut Rng, text: &str| -> String {
        text.split(' ')
            .map(|w| {
                if crate::domain::franco::has_letter_digit(w) && rng.chance(0.6) {
                    franco_vowels(rng, w)
                } else {
                    w.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut failures = 0;
    for case in 0..2000 {
        let (type_word, kind) = *rng.pick(types);
        let (place_words, place) = *rng.pick(places);
        let quantity = rng.range(0, 3);
        let is_min = rng.chance(0.5) && quantity != 3;
        let before = rng.chance(0.5);
        let (min_before, max_before) = (
            ["3ala el a2al", "mesh a2al men", "ma te2elsh 3an"],
            ["mesh aktar men", "le7ad", "mayzedsh 3an"],
        );
        let (min_after, max_after) = (["aw aktar", "w aktar"], ["aw a2al", "bel kteer"]);
        let n = match quantity {
            0 => rng.range(1, 5),
            1 => rng.range(6, 30) * 10,
            2 => rng.range(2, 30),
            _ => rng.range(3, 15) * 10,
        };
        let half = quantity == 2 && rng.chance(0.3);
        let unit = match quantity {
            0 => rng.pick(&["ghoraf", "owad", "ghorfa"]).to_string(),
            1 => format!("{}{}", rng.pick(&["metr", "meter"]), if rng.chance(0.3) { " morab3" } else { "" }),
            2 => format!("{}{}", franco_vowels(&mut rng, "milyon"), if half { " w nos" } else { "" }),
            _ => format!("alf {}", rng.pick(&["fel shahr", "shahry", "kol shahr"])),
        };
        let cue = if is_min {
            if before { *rng.pick(&min_before) } else { *rng.pick(&min_after) }
        } else if before || quantity == 3 {
            *rng.pick(&max_before)
        } else {
            *rng.pick(&max_after)
        };
        let number = if before || quantity == 3 {
            format!("{} {n} {unit}", noisy(&mut rng, cue))
        } else {
            format!("{n} {unit} {}", noisy(&mut rng, cue))
        };
        let lead = match quantity {
            1 if rng.chance(0.5) => "mas7a ",
            3 => "2est ",
            _ => "",
        };
        let filler = *rng.pick(&["3ayez", "ana 3ayz", "m7tag", "law sama7t", ""]);
        let text = format!("{filler} {} {} {lead}{number}", type_word, noisy(&mut rng, place_words));
        let text = text.trim().to_owned();
        let f = parse(&text).filters;
        let value = match quantity {
            2 => n * 1_000_000 + if half { 500_000 } else { 0 },
            3 => n * 1000,
            _ => n,
        };
        let got = match quantity {
            0 => (f.bedrooms_min.map(i64::from), f.bedrooms_max.map(i64::from)),
            1 => (f.area_min.map(i64::from), f.area_max.map(i64::from)),
            2 => (f.price_min, f.price_max),
            _ => (None, f.monthly_max),
        };
        let want = if is_min { (Some(value), None) } else { (None, Some(value)) };
        let ok = got == want && f.property_types == vec![kind] && f.location.as_deref() == Some(place);
        if !ok {
            failures += 1;
            if failures <= 10 {
                eprintln!(
                    "case {case}: {text:?}: {got:?} (want {want:?}), types {:?}, location {:?}",
                    f.property_types, f.location
                );
            }
        }
    }
    assert_eq!(failures, 0, "{failures} of 2000 generated Franco-Arabic requests misread (first ten above)");
}

#[test]
fn a_negated_place_or_type_is_left_out() {
    use crate::domain::search::QueryNote;
    use crate::server::services::catalog::rng::Rng;
    let mut rng = Rng::new(61);
    let negations = [
        "not",
        "not in",
        "except",
        "anywhere but",
        "outside",
        "مش في",
        "غير",
        "ماعدا",
        "بره",
        "msh",
        "مش عايز",
        "msh 3ayez",
        "don't want",
    ];
    let places = [
        ("new cairo", "New Cairo"),
        ("sheikh zayed", "Sheikh Zayed"),
        ("التجمع", "New Cairo"),
        ("الساحل", "North Coast"),
        ("october", "6th of October"),
        ("ain sokhna", "Ain Sokhna"),
    ];
    let types =
        [("villa", PropertyType::Villa), ("شقة", PropertyType::Apartment), ("chalet", PropertyType::Chalet)];
    let joiners = ["or", "and", "ولا", "او", "nor"];
    for _ in 0..600 {
        let neg = negations[rng.range(0, negations.len() as i64 - 1) as usize];
        let (place, name) = places[rng.range(0, places.len() as i64 - 1) as usize];
        let (ty, t) = types[rng.range(0, types.len() as i64 - 1) as usize];
        // Sometimes a second place after the first: both are left out.
        let (other, other_name) = places[rng.range(0, places.len() as i64 - 1) as usize];
        let two = rng.range(0, 2) == 0 && other_name != name;
        let q = if two {
            let joiner = joiners[rng.range(0, joiners.len() as i64 - 1) as usize];
            format!("{ty} {neg} {place} {joiner} {other}")
        } else {
            format!("{ty} {neg} {place}")
        };
        let u = parse(&q);
        let f = &u.filters;
        assert_eq!(f.property_types, vec![t], "{q}");
        assert!(f.location.is_none() && f.district.is_none() && f.compound.is_none(), "{q}: {f:?}");
        assert!(f.exclude_places.iter().any(|p| p == name), "{q}: {f:?}");
        if two {
            assert!(f.exclude_places.iter().any(|p| p == other_name), "{q}: both are left out: {f:?}");
        }
        assert!(u.notes.is_empty(), "{q}: {:?}", u.notes);
        assert!(u.soft_text.is_empty(), "{q}: the negated words are no wish either: {:?}", u.soft_text);
        // The chip removes the words and the filter together.
        let without = u.query_without(&q, FilterKind::Exclude);
        assert!(parse(&without).filters.exclude_places.is_empty(), "{q} -> {without}");
    }
    // A type left out, beside a place asked for.
    let u = parse("anything in new cairo but not an apartment");
    assert_eq!(u.filters.location.as_deref(), Some("New Cairo"));
    assert!(u.filters.property_types.is_empty());
    assert_eq!(u.filters.exclude_types, vec![PropertyType::Apartment]);
    // Not wanting one place and wanting another: "عايز" between is no list.
    let u = parse("مش عايز التجمع عايز زايد");
    assert_eq!(u.filters.exclude_places, vec!["New Cairo".to_owned()]);
    assert_eq!(u.filters.location.as_deref(), Some("Sheikh Zayed"));
    let u = parse("villa in new cairo not in fifth settlement");
    assert_eq!(u.filters.location.as_deref(), Some("New Cairo"));
    assert_eq!(u.filters.exclude_places, vec!["Fifth Settlement".to_owned()]);
    // The other of two sale types.
    for (q, s) in [
        ("apartment not resale", SaleType::Developer),
        ("شقة مش ريسيل", SaleType::Developer),
        ("villa not from the developer", SaleType::Resale),
        ("msh mn el sherka", SaleType::Resale),
    ] {
        assert_eq!(parse(q).filters.sale_type, Some(s), "{q}");
    }
    // A negated word no filter can leave out is said.
    let u = parse("apartment not furnished");
    assert!(matches!(u.notes.as_slice(), [QueryNote::Negated(w)] if w == "furnished"), "{:?}", u.notes);
    assert!(u.filters.finishing.is_none());
    // Negative phrases that are filters of their own stay filters.
    assert_eq!(parse("apartment no down payment").filters.down_payment_max_pct, Some(0));
    assert_eq!(parse("شقة بدون مقدم").filters.down_payment_max_pct, Some(0));
    assert_eq!(parse("apartment without down payment").filters.down_payment_max_pct, Some(0));
    assert_eq!(parse("villa not more than 20 million").filters.price_max, Some(20_000_000));
    assert_eq!(parse("شقة مش أكتر من ٥ مليون").filters.price_max, Some(5_000_000));
    assert_eq!(parse("شقة بدون تشطيب").filters.finishing, Some(Finishing::CoreShell));
    let plain = parse("villa in new cairo");
    assert!(plain.notes.is_empty() && plain.filters.exclude_places.is_empty());
}

#[test]
fn residential_leaves_out_shops_offices_and_clinics_unless_a_type_is_named() {
    let commercial = vec![PropertyType::Office, PropertyType::Clinic, PropertyType::Retail];
    for q in ["residential unit in zayed", "سكني في التجمع", "عايز حاجة للسكن في زايد", "sakany fel tagamo3"]
    {
        let u = parse(q);
        assert_eq!(u.filters.exclude_types, commercial, "{q}");
        assert!(u.filters.property_types.is_empty(), "{q}");
    }
    for q in ["شقة للسكن في التجمع", "residential apartment", "villa residential compound"] {
        let u = parse(q);
        assert!(u.filters.exclude_types.is_empty(), "{q}: {:?}", u.filters);
        assert!(!u.filters.property_types.is_empty(), "{q}");
    }
    // "جاهز للسكن" is ready to move in, not a type.
    let u = parse("شقة جاهزة للسكن");
    assert!(u.filters.ready_to_move && u.filters.exclude_types.is_empty());
}

#[test]
fn bathrooms_are_a_floor() {
    for (q, n) in [
        ("3 bedroom apartment 2 bathrooms", 2),
        ("villa 4 baths", 4),
        ("3br 2ba in new cairo", 2),
        ("شقة ٣ غرف وحمامين", 2),
        ("شقة ٣ حمامات", 3),
        ("تلات حمامات", 3),
        ("at least 2 bathrooms", 2),
        ("2 bathrooms or more", 2),
        ("more than 2 bathrooms", 3),
        ("sha2a 2 7amam", 2),
    ] {
        let u = parse(q);
        assert_eq!(u.filters.bathrooms_min, Some(n), "{q}: {:?}", u.filters);
        assert!(u.filters.bedrooms_min.is_none_or(|b| b != n || q.contains('3')), "{q}");
    }
    let u = parse("3 bedroom apartment 2 bathrooms");
    assert_eq!((u.filters.bedrooms_min, u.filters.bedrooms_max), (Some(3), Some(3)));
    assert!(parse("apartment with a big bathroom").filters.bathrooms_min.is_none());
    // Duals with a glued prefix: "with two rooms and two bathrooms".
    let f = parse("شقة بغرفتين وحمامين").filters;
    assert_eq!((f.bedrooms_min, f.bedrooms_max, f.bathrooms_min), (Some(2), Some(2), Some(2)), "{f:?}");
}

#[test]
fn a_plan_named_after_a_price_leaves_the_price_a_price() {
    use crate::server::services::catalog::rng::Rng;
    let mut rng = Rng::new(67);
    let cues = ["under", "max", "below", "up to", "تحت", "اقل من", "لحد", "budget"];
    let amounts =
        [("3.5m", 3_500_000), ("5 million", 5_000_000), ("١٢ مليون", 12_000_000), ("8m", 8_000_000)];
    let plans = [
        "quarterly installments",
        "monthly installments",
        "yearly installments",
        "اقساط ربع سنوية",
        "اقساط شهرية",
        "a2sat shahreya",
    ];
    for _ in 0..300 {
        let cue = cues[rng.range(0, cues.len() as i64 - 1) as usize];
        let (amount, egp) = amounts[rng.range(0, amounts.len() as i64 - 1) as usize];
        let plan = plans[rng.range(0, plans.len() as i64 - 1) as usize];
        let q = format!("flat {cue} {amount} {plan}");
        let f = parse(&q).filters;
        assert_eq!(f.price_max, Some(egp), "{q}: {f:?}");
        assert!(f.monthly_max.is_none(), "{q}: {f:?}");
    }
    // A budget per period is still one.
    assert_eq!(parse("300k a quarter").filters.monthly_max, Some(100_000));
    assert_eq!(parse("quarterly installments under 300k").filters.monthly_max, Some(100_000));
    assert_eq!(parse("apartment 40k monthly installments").filters.monthly_max, Some(40_000));
    assert_eq!(parse("قسط ربع سنوي ٣٠٠ ألف").filters.monthly_max, Some(100_000));
}

#[test]
fn two_wishes_joined_by_and_stay_two() {
    let f = parse("monthly installment 50k and 20% down").filters;
    assert_eq!((f.monthly_max, f.down_payment_max_pct), (Some(50_000), Some(20)), "{f:?}");
    let f = parse("قسط شهري ٣٠ ألف و ١٠٪ مقدم").filters;
    assert_eq!((f.monthly_max, f.down_payment_max_pct), (Some(30_000), Some(10)), "{f:?}");
    assert_eq!(parse("down payment 10 to 20%").filters.down_payment_max_pct, Some(20));
    // "or" with a ceiling is the looser ceiling; with a floor, the lower floor.
    let f = parse("under 4 million or 5 million max").filters;
    assert_eq!((f.price_min, f.price_max), (None, Some(5_000_000)), "{f:?}");
    let f = parse("تحت ٤ او ٥ مليون").filters;
    assert_eq!((f.price_min, f.price_max), (None, Some(5_000_000)), "{f:?}");
    let f = parse("at least 2 or 3 bedrooms").filters;
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(2), None), "{f:?}");
    let f = parse("2 or 3 bedrooms").filters;
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(2), Some(3)), "{f:?}");
    let f = parse("between 5 and 7 million").filters;
    assert_eq!((f.price_min, f.price_max), (Some(5_000_000), Some(7_000_000)), "{f:?}");
}

#[test]
fn franco_words_of_two_letters_and_a_digit_are_words() {
    let u = parse("villa ma3 garden fel tagamo3");
    assert_eq!(u.filters.location.as_deref(), Some("New Cairo"));
    assert_eq!(u.soft_text, "garden");
    let u = parse("sha2a ma3 3 ghoraf");
    assert_eq!((u.filters.bedrooms_min, u.filters.bedrooms_max), (Some(3), Some(3)));
    for q in ["taslim fory", "sha2a taslim fawry", "tasleem fawri fel sahel", "تسليم فوري"] {
        assert!(parse(q).filters.ready_to_move, "{q}");
    }
}

#[test]
fn a_tenants_request_is_said_to_be_for_sale_only_an_investors_is_not() {
    use crate::domain::search::QueryNote;
    for q in [
        "apartment for rent in new cairo",
        "villa to rent zayed",
        "شقة للإيجار في التجمع",
        "شقة ايجار",
        "3ayez sha2a egar fel tagamo3",
        "studio for rent 10k monthly",
    ] {
        let u = parse(q);
        assert_eq!(u.notes, vec![QueryNote::Rent], "{q}");
        assert!(
            !u.soft_text.to_lowercase().contains("rent") && !u.soft_text.contains("يجار"),
            "{q}: {}",
            u.soft_text
        );
    }
    for q in [
        "apartment to rent out in new cairo",
        "best rental yield in sahel",
        "شقة بعائد ايجاري في العاصمة",
        "studio for investment, rent it out",
    ] {
        assert!(parse(q).notes.is_empty(), "{q}");
    }
}

#[test]
fn delivery_after_or_within_years_is_a_delivery_date() {
    for q in ["استلام بعد سنتين", "delivery within 2 years", "التسليم خلال ٢ سنين", "handover after 2 years"]
    {
        let f = parse(q).filters;
        assert_eq!(f.delivery_by, Some(2028), "{q}");
        assert_eq!(f.installment_years_min, None, "{q}");
    }
    // Installments over years stay installments.
    assert_eq!(parse("تقسيط على ٧ سنين").filters.installment_years_min, Some(7));
    assert_eq!(parse("installments within 8 years").filters.delivery_by, None);
}

#[test]
fn settlements_landmarks_and_slips_osool_knows() {
    let p = |q: &str| parse(q).filters;
    assert_eq!(p("apartment in the third settlement").location.as_deref(), Some("Third Settlement"));
    assert_eq!(p("شقة في التجمع الأول").location.as_deref(), Some("First Settlement"));
    assert_eq!(p("villa katameya").location.as_deref(), Some("Katameya"));
    assert_eq!(p("apartment near AUC").location.as_deref(), Some("New Cairo"));
    assert_eq!(p("شقة قريبة من الجامعة الأمريكية").location.as_deref(), Some("New Cairo"));
    assert_eq!((p("tow bedrooms apartment").bedrooms_min), Some(2));
    assert_eq!((p("شقة تلت اوض").bedrooms_min), Some(3));
    let bosco = p("il bosco apartment");
    let mut both: Vec<String> = bosco.compound.into_iter().chain(bosco.compound_also).collect();
    both.sort();
    assert_eq!(both, ["Il Bosco City", "Il Bosco New Capital"]);
    assert_eq!(p("taj sity villa").compound.as_deref(), Some("Taj City"));
    assert_eq!(
        p("villa in new kairo").location.as_deref(),
        Some("New Cairo"),
        "a first letter that sounds alike"
    );
}

#[test]
fn a_studio_or_a_bedroom_count_is_up_to_that_count() {
    for (q, n) in [
        ("studio or 1 bedroom", 1),
        ("ستوديو او غرفتين", 2),
        ("studio or one bedroom in new cairo", 1),
        ("استوديو أو ١ غرفة", 1),
    ] {
        let f = parse(q).filters;
        assert_eq!((f.bedrooms_min, f.bedrooms_max), (None, Some(n)), "{q}: {f:?}");
        assert!(f.property_types.is_empty(), "{q}: {f:?}");
    }
    let f = parse("studio or 1 bedroom apartment").filters;
    assert_eq!(f.property_types, vec![PropertyType::Studio, PropertyType::Apartment]);
    assert_eq!((f.bedrooms_min, f.bedrooms_max), (None, Some(1)));
    assert_eq!(parse("studio in new cairo").filters.bedrooms_max, None);
}

#[test]
fn franco_arabic_filler_is_no_wish() {
    for q in [
        "3ayez sha2a fel tagamo3",
        "ana badawar 3ala villa fe zayed",
        "law sama7t 3ayza chalet fel sa7el",
        "momken shaqa with garden",
    ] {
        let u = parse(q);
        assert!(!u.filters.property_types.is_empty(), "{q}");
        for word in ["3ayez", "ana", "badawar", "fe", "law", "sama7t", "3ayza", "momken"] {
            assert!(!u.soft_text.split(' ').any(|w| w == word), "{q}: {:?}", u.soft_text);
        }
    }
    assert_eq!(parse("momken shaqa with garden").soft_text, "garden");
}

/// A compound name with digits in it, once the catalog holds it, is read
/// as that compound, never as a misspelt known word.
#[test]
fn new_compound_names_with_digits_are_their_compound() {
    for suffix in ["ul0l5", "abcde", "k3m9z", "00a1b", "x7y2q"] {
        let name = format!("Zephyr Crest {suffix} Gardens");
        let g = gazetteer::build(std::slice::from_ref(&name), &[]);
        let u = understand(&format!("duplex in {name}"), &g, 2026);
        assert_eq!(u.filters.compound.as_deref(), Some(name.as_str()), "{suffix}");
        assert_eq!(u.filters.location, None, "{suffix}");
    }
}
