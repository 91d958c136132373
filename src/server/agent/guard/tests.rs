use super::*;
use crate::domain::listing::{InstallmentFrequency, PropertyType};
use crate::domain::money::Egp;
use crate::i18n::{Lang, format_egp};

pub fn listing(id: i64, compound: &str, price: i64) -> Listing {
    Listing {
        id: id.to_string(),
        title: format!("Apartment {id}"),
        title_ar: None,
        description: None,
        description_ar: None,
        property_type: PropertyType::Apartment,
        location: "New Cairo".into(),
        district: None,
        compound: Some(compound.into()),
        developer: None,
        compound_ar: None,
        developer_ar: None,
        bedrooms: Some(3),
        bathrooms: Some(2),
        area_sqm: Some(150),
        price_egp: price,
        price_per_sqm_egp: Some(price / 150),
        delivery_year: Some(2029),
        delivered: Some(false),
        finishing: Some(Finishing::SemiFinished),
        sale_type: None,
        down_payment_pct: Some(10.0),
        delivery_payment_pct: None,
        installment_years: Some(7),
        installment_frequency: InstallmentFrequency::Monthly,
        installment_amount_egp: Some(96_429),
        monthly_installment_egp: Some(96_429),
        maintenance_deposit_pct: None,
        is_available: true,
        image_url: None,
        url: format!("/listings/{id}"),
    }
}

fn guard() -> Guard {
    let mut g = Grounding::default();
    g.add_listing(&listing(12, "Mivida", 8_500_000));
    let mut ready = listing(15, "Hyde Park New Cairo", 9_900_000);
    ready.delivered = Some(true);
    ready.delivery_year = Some(2024);
    ready.bedrooms = Some(2);
    ready.finishing = Some(Finishing::FullyFinished);
    g.add_listing(&ready);
    g.add_text("3 bedroom apartment in New Cairo under 10 million");
    let names = KnownNames::standard(&["Mivida".into()], &[]);
    Guard::new(g, Arc::new(names))
}

#[track_caller]
fn kept(g: &mut Guard, s: &str) {
    assert_eq!(g.check(s).as_deref(), Some(s), "dropped: {s} ({:?})", g.dropped.last());
}

#[track_caller]
fn dropped(g: &mut Guard, s: &str, kind: DropKind) {
    assert_eq!(g.check(s), None, "kept: {s}");
    assert_eq!(g.dropped.last().map(|d| d.kind), Some(kind), "{s}");
}

#[test]
fn true_sentences_pass_unchanged() {
    let mut g = guard();
    for s in [
        "#12 in Mivida is priced at EGP 8,500,000 (8.5M) with 96,429 a month. ",
        "It is a 3-bedroom apartment of 150 m², semi-finished, delivering in 2029.",
        "The down payment is 10% and the rest is spread over seven years.",
        "Hyde Park New Cairo has #15 at 9.9M EGP, ready to move in and fully finished.",
        "#15 has two bedrooms.",
        "Both are within your budget of 10 million.",
        "I can also book a viewing for you.",
        "الوحدة #12 في كمبوند ميفيدا بسعر ٨٫٥ مليون جنيه، ٣ غرف ومساحتها ١٥٠ متر.",
        "المقدم ١٠٪ والتقسيط على سبع سنوات.",
        "New Cairo and Sheikh Zayed are popular.",
    ] {
        kept(&mut g, s);
    }
    assert!(g.dropped.is_empty());
}

#[test]
fn an_invented_listing_in_any_format_drops_its_sentence() {
    let mut g = guard();
    dropped(&mut g, "You will love #9999, a villa in Mivida for 5M. ", DropKind::ListingRef);
    dropped(&mut g, "Even better is listing OSL-999999 in the same area.", DropKind::ListingRef);
    dropped(&mut g, "Unit 4B has a garden.", DropKind::ListingRef);
    // What follows an invented listing is about it: nothing can be said of it.
    dropped(&mut g, "It has 3 bedrooms.", DropKind::Bedrooms);
    kept(&mut g, "#12 has 3 bedrooms.");
}

#[test]
fn wrong_facts_about_a_real_listing_drop_the_sentence() {
    let mut g = guard();
    dropped(&mut g, "#12 is priced at 6.2M EGP.", DropKind::Amount);
    dropped(&mut g, "#12 costs EGP 10,000,000.", DropKind::Amount);
    dropped(&mut g, "#12 has four bedrooms.", DropKind::Bedrooms);
    dropped(&mut g, "#12 is 200 m².", DropKind::Size);
    dropped(&mut g, "#12 is ready to move in today.", DropKind::Delivery);
    dropped(&mut g, "#12 will be handed over in 2026.", DropKind::Date);
    dropped(&mut g, "#12 is on the 5th floor.", DropKind::Floor);
    dropped(&mut g, "#12 needs only 5% down.", DropKind::Percent);
    dropped(&mut g, "#12 is fully finished.", DropKind::Finishing);
    dropped(&mut g, "#12 is a villa.", DropKind::Type);
    dropped(&mut g, "#15 is in Mivida.", DropKind::Name);
    dropped(&mut g, "Prices start at 3M EGP.", DropKind::Amount);
}

#[test]
fn invented_names_and_pressure_drop_the_sentence() {
    let mut g = guard();
    dropped(&mut g, "Also consider Azure Bay Residences nearby.", DropKind::Name);
    dropped(&mut g, "It is built by Horizon Developments.", DropKind::Name);
    dropped(&mut g, "Other buyers are looking at #12 right now.", DropKind::Pressure);
    dropped(&mut g, "Prices go up tomorrow, so book today.", DropKind::Pressure);
    dropped(&mut g, "الوحدة في كمبوند النخيل الذهبي.", DropKind::Name);
    dropped(&mut g, "الحق الوحدة قبل ما تخلص!", DropKind::Pressure);
    dropped(&mut g, "الوحدة #12 سعرها ٥ مليون جنيه.", DropKind::Amount);
    dropped(&mut g, "جرّب #٧٧٧ في التجمع.", DropKind::ListingRef);
}

#[test]
fn too_little_left_is_a_fallback() {
    let mut g = guard();
    g.new_round();
    assert!(g.check("Here is a villa in Palm Crest Heights for 3M. ").is_none());
    assert!(g.check("Shall I book it? ").is_some());
    assert!(g.too_little_left());
    g.new_round();
    assert!(g.check("#12 in Mivida is priced at EGP 8,500,000 and has 3 bedrooms. ").is_some());
    assert!(g.check("Hurry! ").is_none());
    assert!(!g.too_little_left());
}

#[test]
fn amounts_in_the_answer_match_the_listing_in_both_languages() {
    let mut g = guard();
    let price = format_egp(Egp::new(8_500_000), Lang::Ar);
    kept(&mut g, &format!("الوحدة #12 سعرها {price}."));
    let price = format_egp(Egp::new(8_500_000), Lang::En);
    kept(&mut g, &format!("- **#12 Apartment 12**: {price}, 3 bedrooms\n"));
}

/// The offline assistant's details of a listing, sentence by sentence.
#[test]
fn the_offline_details_of_a_listing_pass_whole() {
    let mut l = listing(1, "Badya", 6_750_000);
    l.title = "3-bedroom apartment in Badya, West October".into();
    l.developer = Some("Palm Hills".into());
    l.location = "6th of October".into();
    l.district = Some("West October".into());
    l.area_sqm = Some(169);
    l.price_per_sqm_egp = Some(39_941);
    l.delivery_year = Some(2030);
    l.down_payment_pct = Some(30.0);
    l.installment_years = Some(4);
    l.monthly_installment_egp = Some(98_438);
    l.maintenance_deposit_pct = Some(8.0);
    l.description = Some("Semi-finished apartment of 169 m² on the third floor, pool view. In Badya by Palm Hills. Delivery in 2030. Resale with the remaining developer plan: 30% down, then 4 years of monthly installments. Maintenance deposit 8%.".into());
    l.description_ar = Some("شقة نصف تشطيب بمساحة ١٦٩ م² في الدور الثالث بإطلالة على حمام السباحة. في باديا من بالم هيلز. التسليم في ٢٠٣٠. إعادة بيع مع باقي خطة المطور: مقدم ٣٠٪ ثم أقساط شهرية على ٤ سنوات. وديعة صيانة ٨٪.".into());
    l.installment_amount_egp = Some(98_438);
    let mut g = Grounding::default();
    g.add_listing(&l);
    g.add_text("When is delivery for this unit?");
    let mut g = Guard::new(g, Arc::new(KnownNames::standard(&["Badya".into()], &["Palm Hills".into()])));
    for s in gate::sentences(
        "- **#1 3-bedroom apartment in Badya, West October**: EGP 6,750,000, 3 bedrooms, 169 m², Badya, 6th of October, delivery 2030, 30% down, then about EGP 98,438 a month over 4 years\n- Price per square metre: EGP 39,941\n- Developer: Palm Hills\nIn Badya by Palm Hills.\nI can work out the installments, estimate the rental return, or book a viewing.",
    ) {
        kept(&mut g, &s);
    }
    kept(
        &mut g,
        "I have prepared a viewing request for #1 (3-bedroom apartment in Badya, West October) at Saturday 12 December 2026, 11:00 am Cairo time. ",
    );
    kept(
        &mut g,
        "Press Confirm viewing below to send it to the agent, who will agree a day and time with you by email; nothing is booked until you do. ",
    );
    kept(&mut g, "Hello! I am Osool's offline assistant: no AI model is connected. ");
    for d in [l.description.clone(), l.description_ar.clone()].into_iter().flatten() {
        for s in gate::sentences(&d) {
            kept(&mut g, &format!("#1: {s}"));
        }
    }
    dropped(&mut g, "#1 is on the 5th floor.", DropKind::Floor);
    dropped(&mut g, "الوحدة #1 في الدور العاشر.", DropKind::Floor);
}
