//! `osool generate`: the project's own catalog, produced from a seed so it
//! is the same file everywhere. Compounds, developers, areas, the type and
//! bedroom mix, sizes, prices per square metre and payment plans follow the
//! market facts in `market.rs`; titles and descriptions come in English and
//! Arabic.

use super::formats::{CatalogFile, CatalogListing, CatalogPlan, FORMAT, GeneratorInfo};
use super::rng::Rng;
use crate::domain::listing::{Finishing, InstallmentFrequency, PropertyType, SaleType};
use crate::domain::market::{self, COMPOUNDS, Compound, Mix};
use crate::domain::{Egp, Frequency, PlanInput};
use crate::i18n::{Lang, Plural, localize_digits};

pub const DEFAULT_SEED: u64 = 2026;
pub const DEFAULT_COUNT: usize = 3_274;

pub fn generate(count: usize, seed: u64) -> CatalogFile {
    let mut rng = Rng::new(seed);
    let weights: Vec<(&Compound, u32)> = COMPOUNDS.iter().map(|c| (c, c.weight)).collect();
    let listings = (1..=count)
        .map(|n| {
            let compound = *rng.weighted(&weights);
            listing(&mut rng, n, compound)
        })
        .collect();
    CatalogFile { format: FORMAT.into(), generator: GeneratorInfo { seed, count }, listings }
}

fn listing(rng: &mut Rng, n: usize, compound: &Compound) -> CatalogListing {
    let kind = *rng.weighted(market::type_weights(compound.mix));
    let bedrooms = *rng.weighted(market::bedroom_weights(kind));
    let (median_size, spread) = market::size_for(kind, bedrooms);
    let area = round_to(rng.log_normal(median_size, spread), 1.0).clamp(25.0, 1_500.0) as i32;

    let sale_type = if rng.chance(0.52) { SaleType::Developer } else { SaleType::Resale };
    let delivered = match sale_type {
        SaleType::Resale => rng.chance(0.75),
        SaleType::Developer => rng.chance(0.2),
    };
    let delivery_year =
        (!delivered).then(|| *rng.weighted(&[(2027, 30), (2028, 30), (2029, 25), (2030, 15)]));
    let finishing = finishing_for(rng, kind, compound.mix, delivered);

    let finishing_factor = match finishing {
        Finishing::CoreShell => 0.9,
        Finishing::SemiFinished => 1.0,
        Finishing::FullyFinished => 1.1,
        Finishing::Furnished => 1.18,
    };
    let mut per_sqm = compound.base_per_sqm as f64 * market::type_premium(kind) * finishing_factor;
    if delivered {
        per_sqm *= 1.05;
    }
    if sale_type == SaleType::Resale {
        per_sqm *= 0.95;
    }
    let per_sqm = rng.log_normal(per_sqm, 0.2);
    let step = if sale_type == SaleType::Resale { 50_000.0 } else { 10_000.0 };
    let price = round_to(per_sqm * f64::from(area), step).max(300_000.0) as i64;

    let plan = plan_for(rng, sale_type, delivered, price);
    let maintenance =
        *rng.weighted(&[(5.0, 150), (6.0, 100), (7.0, 100), (8.0, 350), (10.0, 250), (12.0, 50)]);
    let bathrooms = bathrooms_for(rng, kind, bedrooms);
    let facts = Facts { kind, bedrooms, area, compound, finishing, delivered, delivery_year, sale_type };
    let view = *rng.pick(views_for(compound.mix));
    let floor = rng.range(0, 9);
    let garden = if matches!(kind, PropertyType::Villa | PropertyType::Townhouse | PropertyType::Twinhouse) {
        Some(round_to(f64::from(area) * rng.log_normal(0.6, 0.3), 5.0) as i32)
    } else {
        None
    };

    CatalogListing {
        id: format!("OS-{n:06}"),
        title_en: title(&facts, Lang::En),
        title_ar: Some(title(&facts, Lang::Ar)),
        description_en: Some(description(&facts, view, floor, garden, plan.as_ref(), maintenance, Lang::En)),
        description_ar: Some(description(&facts, view, floor, garden, plan.as_ref(), maintenance, Lang::Ar)),
        property_type: kind,
        location: compound.location.into(),
        district: Some(compound.district.into()),
        compound: Some(compound.name_en.into()),
        developer: Some(compound.developer.name_en.into()),
        bedrooms: Some(bedrooms),
        bathrooms: Some(bathrooms),
        area_sqm: Some(area),
        price_egp: price,
        delivery_year,
        delivered: Some(delivered),
        finishing: Some(finishing),
        sale_type: Some(sale_type),
        payment_plan: plan,
        maintenance_deposit_pct: Some(maintenance),
        image_url: Some(format!("/images/listings/{}.svg", crate::domain::listing::image_family(kind))),
        is_available: !rng.chance(0.04),
    }
}

fn round_to(value: f64, step: f64) -> f64 {
    (value / step).round() * step
}

fn finishing_for(rng: &mut Rng, kind: PropertyType, mix: Mix, delivered: bool) -> Finishing {
    use Finishing::*;
    let weights: &[(Finishing, u32)] = match (kind, mix) {
        (_, Mix::Coastal) => &[(FullyFinished, 70), (Furnished, 15), (SemiFinished, 15)],
        (PropertyType::Villa | PropertyType::Townhouse | PropertyType::Twinhouse, _) => {
            &[(CoreShell, 45), (SemiFinished, 35), (FullyFinished, 20)]
        }
        (PropertyType::Office | PropertyType::Clinic | PropertyType::Retail, _) => {
            &[(CoreShell, 40), (SemiFinished, 45), (FullyFinished, 15)]
        }
        _ if delivered => &[(SemiFinished, 35), (FullyFinished, 50), (Furnished, 15)],
        _ => &[(SemiFinished, 55), (FullyFinished, 35), (CoreShell, 10)],
    };
    *rng.weighted(weights)
}

fn bathrooms_for(rng: &mut Rng, kind: PropertyType, bedrooms: i16) -> i16 {
    match kind {
        PropertyType::Office | PropertyType::Clinic => 1,
        PropertyType::Retail => rng.range(0, 1) as i16,
        PropertyType::Studio => 1,
        PropertyType::Villa | PropertyType::Twinhouse | PropertyType::Townhouse => {
            bedrooms + rng.range(0, 1) as i16
        }
        _ => (bedrooms - rng.range(0, 1) as i16).max(1),
    }
}

/// Developer plans are interest-free, 0-40 % down (5-20 % most often) over
/// 4-12 years; resales are mostly cash, some carry the developer's plan.
fn plan_for(rng: &mut Rng, sale_type: SaleType, delivered: bool, price: i64) -> Option<CatalogPlan> {
    let (down, years) = match sale_type {
        SaleType::Resale if rng.chance(0.7) => return None,
        SaleType::Resale => (f64::from(*rng.pick(&[20, 25, 30, 35, 40, 50])), rng.range(2, 6) as i16),
        SaleType::Developer if rng.chance(0.08) => return None,
        SaleType::Developer => (
            f64::from(*rng.weighted(&[
                (0, 30),
                (5, 220),
                (10, 350),
                (15, 150),
                (20, 150),
                (25, 50),
                (30, 30),
                (40, 20),
            ])),
            *rng.weighted(&[(4, 50), (5, 120), (6, 160), (7, 200), (8, 220), (9, 80), (10, 120), (12, 50)]),
        ),
    };
    let delivery_pct = if !delivered && sale_type == SaleType::Developer && rng.chance(0.25) {
        *rng.pick(&[5.0, 10.0, 15.0])
    } else {
        0.0
    };
    let frequency =
        if rng.chance(0.55) { InstallmentFrequency::Quarterly } else { InstallmentFrequency::Monthly };
    let input = PlanInput {
        price: Egp::new(price),
        down_payment_bp: (down * 100.0) as u32,
        delivery_payment_bp: (delivery_pct * 100.0) as u32,
        years: years as u32,
        frequency: if frequency == InstallmentFrequency::Quarterly {
            Frequency::Quarterly
        } else {
            Frequency::Monthly
        },
    };
    let installment = input.breakdown().map(|b| b.installment.pounds()).unwrap_or(0);
    Some(CatalogPlan {
        down_payment_pct: down,
        delivery_payment_pct: delivery_pct,
        years,
        frequency,
        installment_egp: installment,
    })
}

struct Facts<'a> {
    kind: PropertyType,
    bedrooms: i16,
    area: i32,
    compound: &'a Compound,
    finishing: Finishing,
    delivered: bool,
    delivery_year: Option<i16>,
    sale_type: SaleType,
}

fn type_name(kind: PropertyType, lang: Lang) -> &'static str {
    use PropertyType::*;
    match lang {
        // Lower case inside an English title ("3-bedroom apartment").
        Lang::En => match kind {
            Apartment => "apartment",
            Villa => "villa",
            Townhouse => "townhouse",
            Twinhouse => "twinhouse",
            Duplex => "duplex",
            Penthouse => "penthouse",
            Studio => "studio",
            Chalet => "chalet",
            Office => "office",
            Clinic => "clinic",
            Retail => "retail unit",
            Unit => "unit",
        },
        Lang::Ar => crate::i18n::labels::property_type(kind, Lang::Ar),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

fn title(f: &Facts, lang: Lang) -> String {
    let kind = type_name(f.kind, lang);
    let district = crate::domain::areas::by_name(f.compound.district);
    match lang {
        Lang::En => {
            let what =
                if f.bedrooms > 0 { format!("{}-bedroom {kind}", f.bedrooms) } else { capitalized(kind) };
            format!("{what} in {}, {}", f.compound.name_en, f.compound.district)
        }
        Lang::Ar => {
            let district_ar = district.map_or(f.compound.district, |d| d.name_ar);
            let what = if f.bedrooms > 0 {
                format!("{kind} {}", Lang::Ar.plural(Plural::Bedrooms, f.bedrooms as u64))
            } else {
                kind.to_owned()
            };
            format!("{what} في {}، {district_ar}", f.compound.name_ar)
        }
    }
}

fn views_for(mix: Mix) -> &'static [(&'static str, &'static str)] {
    match mix {
        Mix::Coastal => {
            &[("sea", "البحر"), ("lagoon", "اللاجون"), ("pool", "حمام السباحة"), ("garden", "الحديقة")]
        }
        Mix::Business => &[("boulevard", "البوليفارد"), ("plaza", "الساحة"), ("park", "الحديقة المركزية")],
        _ => &[
            ("garden", "الحديقة"),
            ("landscape", "المساحات الخضراء"),
            ("pool", "حمام السباحة"),
            ("club house", "النادي الاجتماعي"),
            ("open", "مفتوح"),
        ],
    }
}

fn finishing_name(finishing: Finishing, lang: Lang) -> &'static str {
    match (finishing, lang) {
        (Finishing::CoreShell, Lang::En) => "Core and shell",
        (Finishing::SemiFinished, Lang::En) => "Semi-finished",
        (Finishing::FullyFinished, Lang::En) => "Fully finished",
        (Finishing::Furnished, Lang::En) => "Furnished",
        (Finishing::CoreShell, Lang::Ar) => "على المحارة",
        (Finishing::SemiFinished, Lang::Ar) => "نصف تشطيب",
        (Finishing::FullyFinished, Lang::Ar) => "تشطيب كامل",
        (Finishing::Furnished, Lang::Ar) => "مفروش",
    }
}

const FLOORS_EN: [&str; 10] =
    ["ground", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
const FLOORS_AR: [&str; 10] =
    ["الأرضي", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"];

fn description(
    f: &Facts,
    view: (&str, &str),
    floor: i64,
    garden: Option<i32>,
    plan: Option<&CatalogPlan>,
    maintenance: f64,
    lang: Lang,
) -> String {
    let floor = floor as usize % 10;
    let parts = match lang {
        Lang::En => description_en(f, view, floor, garden, plan, maintenance),
        Lang::Ar => description_ar(f, view, floor, garden, plan, maintenance),
    };
    parts.join(". ") + "."
}

/// The English description's sentences.
fn description_en(
    f: &Facts,
    view: (&str, &str),
    floor: usize,
    garden: Option<i32>,
    plan: Option<&CatalogPlan>,
    maintenance: f64,
) -> Vec<String> {
    let kind = type_name(f.kind, Lang::En);
    let lang = Lang::En;
    let mut parts: Vec<String> = Vec::new();
    let finishing = finishing_name(f.finishing, lang);
    parts.push(match (f.kind, garden) {
        (_, Some(g)) => {
            format!("{finishing} {kind} of {} m² with a private garden of {g} m²", f.area)
        }
        (PropertyType::Chalet, _) => {
            format!("{finishing} {kind} of {} m² with a {} view", f.area, view.0)
        }
        (PropertyType::Office | PropertyType::Clinic | PropertyType::Retail, _) => {
            format!("{finishing} {kind} of {} m² overlooking the {}", f.area, view.0)
        }
        _ => {
            format!("{finishing} {kind} of {} m² on the {} floor, {} view", f.area, FLOORS_EN[floor], view.0)
        }
    });
    parts.push(format!("In {} by {}", f.compound.name_en, f.compound.developer.name_en));
    parts.push(match (f.delivered, f.delivery_year) {
        (true, _) => "Ready to move".into(),
        (false, Some(year)) => format!("Delivery in {year}"),
        _ => "Delivery date to be confirmed".into(),
    });
    parts.push(match (plan, f.sale_type) {
        (None, SaleType::Resale) => "Resale, cash".into(),
        (None, SaleType::Developer) => "Developer sale, cash".into(),
        (Some(p), sale) => {
            let frequency =
                if p.frequency == InstallmentFrequency::Quarterly { "quarterly" } else { "monthly" };
            let mut text =
                format!("{}% down, then {} years of {frequency} installments", p.down_payment_pct, p.years);
            if p.delivery_payment_pct > 0.0 {
                text.push_str(&format!(" and {}% on delivery", p.delivery_payment_pct));
            }
            if sale == SaleType::Resale {
                text = format!("Resale with the remaining developer plan: {text}");
            }
            text
        }
    });
    parts.push(format!("Maintenance deposit {maintenance}%"));
    parts
}

/// The Arabic description's sentences.
fn description_ar(
    f: &Facts,
    view: (&str, &str),
    floor: usize,
    garden: Option<i32>,
    plan: Option<&CatalogPlan>,
    maintenance: f64,
) -> Vec<String> {
    let kind = type_name(f.kind, Lang::Ar);
    let lang = Lang::Ar;
    let mut parts: Vec<String> = Vec::new();
    let finishing = finishing_name(f.finishing, lang);
    let area = localize_digits(&f.area.to_string(), Lang::Ar);
    parts.push(match (f.kind, garden) {
        (_, Some(g)) => format!(
            "{kind} {finishing} بمساحة {area} م² وحديقة خاصة {} م²",
            localize_digits(&g.to_string(), Lang::Ar)
        ),
        (PropertyType::Chalet, _) => {
            format!("{kind} {finishing} بمساحة {area} م² بإطلالة على {}", view.1)
        }
        (PropertyType::Office | PropertyType::Clinic | PropertyType::Retail, _) => {
            format!("{kind} {finishing} بمساحة {area} م² يطل على {}", view.1)
        }
        _ => {
            format!("{kind} {finishing} بمساحة {area} م² في الدور {} بإطلالة على {}", FLOORS_AR[floor], view.1)
        }
    });
    parts.push(format!("في {} من {}", f.compound.name_ar, f.compound.developer.name_ar));
    parts.push(match (f.delivered, f.delivery_year) {
        (true, _) => "استلام فوري".into(),
        (false, Some(year)) => localize_digits(&format!("التسليم في {year}"), Lang::Ar),
        _ => "موعد التسليم يُحدد لاحقًا".into(),
    });
    parts.push(match (plan, f.sale_type) {
        (None, SaleType::Resale) => "إعادة بيع، كاش".into(),
        (None, SaleType::Developer) => "بيع من المطور، كاش".into(),
        (Some(p), sale) => {
            let frequency = if p.frequency == InstallmentFrequency::Quarterly {
                "ربع سنوية"
            } else {
                "شهرية"
            };
            let mut text = format!(
                "{} ثم أقساط {frequency} على {}",
                localize_digits(&format!("مقدم {}%", p.down_payment_pct), Lang::Ar),
                Lang::Ar.plural(Plural::Years, p.years as u64),
            );
            if p.delivery_payment_pct > 0.0 {
                text.push_str(&localize_digits(
                    &format!(" و{}% عند الاستلام", p.delivery_payment_pct),
                    Lang::Ar,
                ));
            }
            if sale == SaleType::Resale {
                text = format!("إعادة بيع مع باقي خطة المطور: {text}");
            }
            text
        }
    });
    parts.push(localize_digits(&format!("وديعة صيانة {maintenance}%"), Lang::Ar));
    parts
}

/// Figures that show the generated catalog matches the market: printed by
/// `osool generate` and checked by the tests.
pub struct Stats {
    pub median_price: i64,
    pub p10_price: i64,
    pub p90_price: i64,
    pub median_per_sqm: i64,
    pub share_apartments: f64,
    pub share_cash: f64,
    pub share_resale: f64,
}

pub fn stats(file: &CatalogFile) -> Stats {
    let mut prices: Vec<i64> = file.listings.iter().map(|l| l.price_egp).collect();
    prices.sort_unstable();
    let mut per_sqm: Vec<i64> =
        file.listings.iter().filter_map(|l| l.area_sqm.map(|a| l.price_egp / i64::from(a))).collect();
    per_sqm.sort_unstable();
    let n = file.listings.len().max(1) as f64;
    let at = |v: &[i64], q: f64| v.get(((v.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(0);
    let share =
        |pred: &dyn Fn(&CatalogListing) -> bool| file.listings.iter().filter(|l| pred(l)).count() as f64 / n;
    Stats {
        median_price: at(&prices, 0.5),
        p10_price: at(&prices, 0.1),
        p90_price: at(&prices, 0.9),
        median_per_sqm: at(&per_sqm, 0.5),
        share_apartments: share(&|l| l.property_type == PropertyType::Apartment),
        share_cash: share(&|l| l.payment_plan.is_none()),
        share_resale: share(&|l| l.sale_type == Some(SaleType::Resale)),
    }
}
