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
    assert_eq!(u.soft_text, "quiet garden view AUC");
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
