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

/// Two listings to compare: #12 (8.5M, 150 m², 3 bedrooms, 2029, 10%
/// down over 7 years) and #15 (9.9M, ready, 2 bedrooms).
#[test]
fn comparisons_are_true_only_as_the_listings_are() {
    let mut g = guard();
    kept(&mut g, "#12 is cheaper than #15.");
    kept(&mut g, "Between #12 and #15, the cheaper one is #12.");
    kept(&mut g, "#15 is pricier than #12.");
    kept(&mut g, "الوحدة #12 أرخص من #15.");
    kept(&mut g, "#12 has more bedrooms than #15.");
    dropped(&mut g, "#15 is cheaper than #12.", DropKind::Comparison);
    dropped(&mut g, "Between #12 and #15, the cheaper one is #15.", DropKind::Comparison);
    dropped(&mut g, "#15 has more bedrooms than #12.", DropKind::Comparison);
    dropped(&mut g, "الوحدة #15 أرخص من #12.", DropKind::Comparison);
    dropped(&mut g, "#12 will be ready sooner than #15.", DropKind::Comparison);
    // "the cheaper of the two": the two the last sentence named.
    kept(&mut g, "#12 and #15 are both in New Cairo.");
    dropped(&mut g, "#15 is the cheaper of the two.", DropKind::Comparison);
    kept(&mut g, "#12 is the cheaper of the two.");
}

#[test]
fn views_and_private_parts_are_true_only_as_the_description_states() {
    let mut l = listing(12, "Mivida", 8_500_000);
    l.description = Some("Semi-finished apartment of 150 m² on the third floor, pool view.".into());
    l.description_ar = Some("شقة نصف تشطيب بمساحة ١٥٠ م² في الدور الثالث بإطلالة على حمام السباحة.".into());
    let mut house = listing(4, "El Patio 7", 12_000_000);
    house.property_type = PropertyType::Townhouse;
    house.description = Some("Fully finished townhouse of 269 m² with a private garden of 140 m².".into());
    let mut gr = Grounding::default();
    gr.add_listing(&l);
    gr.add_listing(&house);
    let mut g = Guard::new(gr, Arc::new(KnownNames::standard(&["Mivida".into(), "El Patio 7".into()], &[])));
    kept(&mut g, "#12 has a lovely pool view.");
    kept(&mut g, "الوحدة #12 بتطل على حمام السباحة.");
    kept(&mut g, "#12 has no sea view, but it overlooks the pool.");
    kept(&mut g, "#4 is a townhouse with its own garden of 140 m².");
    kept(&mut g, "#4 comes with a private garden.");
    dropped(&mut g, "#12 has a stunning sea view.", DropKind::Feature);
    dropped(&mut g, "الوحدة #12 سي فيو.", DropKind::Feature);
    dropped(&mut g, "#12 comes with a private garden.", DropKind::Feature);
    dropped(&mut g, "#4 has a private pool.", DropKind::Feature);
    dropped(&mut g, "#4 is a standalone villa.", DropKind::Type);
    kept(&mut g, "#4 is a townhouse villa.");
}

#[test]
fn franco_arabic_counts_and_figures_are_checked() {
    let mut g = guard();
    kept(&mut g, "#12 feha 3 owad w 2 7amam, 150 metr.");
    kept(&mut g, "el se3r 8 mlyon w nos gneh, w el ta2seet 3ala 7 snin.");
    dropped(&mut g, "#12 feha 4 owad.", DropKind::Bedrooms);
    dropped(&mut g, "#12 el se3r 5 mlyon bas.", DropKind::Amount);
    dropped(&mut g, "#12 el mesa7a 250 metr.", DropKind::Size);
    dropped(&mut g, "#12 el a2sat 3ala 10 snin.", DropKind::Years);
    dropped(&mut g, "#12 fel dor el talet.", DropKind::Floor);
}

#[test]
fn counts_in_any_word_order_are_checked() {
    let mut g = guard();
    kept(&mut g, "#12 has three spacious bedrooms and two full bathrooms.");
    dropped(&mut g, "#12 has three full bathrooms.", DropKind::Bathrooms);
    dropped(&mut g, "#12 has four large bedrooms.", DropKind::Bedrooms);
    dropped(&mut g, "الوحدة #12 فيها حمام واحد.", DropKind::Bathrooms);
    dropped(&mut g, "الوحدة #15 فيها غرفتي نوم وحمام واحد.", DropKind::Bathrooms);
    kept(&mut g, "الوحدة #15 فيها غرفتي نوم.");
    dropped(&mut g, "الوحدة #12 سعرها ستة ملايين وسبعمية وخمسين ألف جنيه.", DropKind::Amount);
    kept(&mut g, "الوحدة #12 سعرها تمانية مليون وخمسمية ألف جنيه.");
}

#[test]
fn what_follows_a_dropped_sentence_is_still_about_its_listing() {
    let mut g = guard();
    dropped(&mut g, "#12 has a 9-year plan.", DropKind::Years);
    dropped(&mut g, "It is developed by Emaar Misr.", DropKind::Name);
    dropped(&mut g, "الشقة رقم ١٢ الأقساط بتاعتها على ٨ سنين.", DropKind::Years);
    kept(&mut g, "والمقدم ١٠٪.");
    dropped(&mut g, "والمطور بتاعها ماونتن فيو.", DropKind::Name);
    // An invented name for a real listing: the next sentence is about the listing.
    dropped(&mut g, "#15 is part of Azure Bay Residences.", DropKind::Name);
    dropped(&mut g, "It has 3 bedrooms.", DropKind::Bedrooms);
    dropped(&mut g, "وهو عبارة عن فيلا.", DropKind::Type);
}

#[test]
fn how_often_installments_fall_due_is_checked() {
    let mut g = guard();
    kept(&mut g, "#12 is paid in monthly installments over 7 years.");
    dropped(&mut g, "#12 is paid in quarterly installments.", DropKind::Years);
    dropped(&mut g, "الوحدة #12 أقساطها ربع سنوية.", DropKind::Years);
    dropped(&mut g, "#12: installments are paid every six months.", DropKind::Years);
    // "the lowest monthly payment" is an amount a month, not a frequency.
    kept(&mut g, "Lowest monthly payment: #12.");
    kept(&mut g, "أقل قسط شهري: #12.");
    // A plan a tool worked out for the buyer is theirs to hear.
    g.grounding.add_tool_result(&serde_json::json!({"listing_id": "12", "price_egp": 8_500_000, "frequency": "quarterly", "installment_count": 28}));
    kept(&mut g, "#12 would then be 28 installments quarterly.");
}
