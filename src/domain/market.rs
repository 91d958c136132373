//! Market facts (../shared/MARKET.md), read by the catalog generator, the
//! search gazetteer and the assistant's guard:
//! real developers paired with their real compounds and areas, price per
//! square metre by area, and the type, size and bedroom mix of late-2025
//! listings. Figures outside New Cairo are estimates in line with it.

use crate::domain::areas::{NEW_CAIRO, NEW_CAPITAL, NORTH_COAST, OCTOBER, RED_SEA, SHEIKH_ZAYED, SOKHNA};
use crate::domain::listing::PropertyType;

pub struct Developer {
    pub name_en: &'static str,
    pub name_ar: &'static str,
}

pub const MADINET_MASR: Developer = Developer { name_en: "Madinet Masr", name_ar: "مدينة مصر" };
pub const HYDE_PARK: Developer =
    Developer { name_en: "Hyde Park Developments", name_ar: "هايد بارك للتطوير" };
pub const MOUNTAIN_VIEW: Developer = Developer { name_en: "Mountain View", name_ar: "ماونتن فيو" };
pub const SODIC: Developer = Developer { name_en: "SODIC", name_ar: "سوديك" };
pub const MARAKEZ: Developer = Developer { name_en: "Marakez", name_ar: "مراكز" };
pub const AL_MARASEM: Developer = Developer { name_en: "Al Marasem", name_ar: "المراسم" };
pub const MISR_ITALIA: Developer = Developer { name_en: "Misr Italia", name_ar: "مصر إيطاليا" };
pub const THE_MARQ: Developer = Developer { name_en: "The Marq", name_ar: "ذا مارك" };
pub const SABBOUR: Developer = Developer { name_en: "Al Ahly Sabbour", name_ar: "الأهلي صبور" };
pub const PALM_HILLS: Developer = Developer { name_en: "Palm Hills", name_ar: "بالم هيلز" };
pub const EMAAR: Developer = Developer { name_en: "Emaar Misr", name_ar: "إعمار مصر" };
pub const ORA: Developer = Developer { name_en: "Ora Developers", name_ar: "أورا للتطوير" };
pub const TATWEER: Developer = Developer { name_en: "Tatweer Misr", name_ar: "تطوير مصر" };
pub const LA_VISTA: Developer = Developer { name_en: "La Vista", name_ar: "لافيستا" };
pub const ORASCOM: Developer =
    Developer { name_en: "Orascom Development", name_ar: "أوراسكوم للتنمية" };

/// Which kinds of unit a compound sells.
#[derive(Clone, Copy)]
pub enum Mix {
    /// A New Cairo style compound: mostly apartments, some houses.
    Urban,
    /// Houses first: villas, townhouses, twinhouses.
    Houses,
    /// A coastal resort: chalets, then houses.
    Coastal,
    /// A business district: offices, clinics, shops and apartments.
    Business,
}

pub struct Compound {
    pub name_en: &'static str,
    pub name_ar: &'static str,
    pub developer: &'static Developer,
    pub location: &'static str,
    pub district: &'static str,
    /// Median asking price per m² for an apartment here, EGP.
    pub base_per_sqm: i64,
    pub mix: Mix,
    /// Relative share of the catalog.
    pub weight: u32,
}

#[expect(clippy::too_many_arguments, reason = "one call per row of the COMPOUNDS table")]
const fn compound(
    name_en: &'static str,
    name_ar: &'static str,
    developer: &'static Developer,
    location: &'static str,
    district: &'static str,
    base_per_sqm: i64,
    mix: Mix,
    weight: u32,
) -> Compound {
    Compound { name_en, name_ar, developer, location, district, base_per_sqm, mix, weight }
}

/// New Cairo dominates (as in the late-2025 sample); the rest of Greater
/// Cairo and the coasts follow.
pub const COMPOUNDS: &[Compound] = &[
    compound("Sarai", "سراي", &MADINET_MASR, NEW_CAIRO, "Mostakbal City", 56_000, Mix::Urban, 90),
    compound("Taj City", "تاج سيتي", &MADINET_MASR, NEW_CAIRO, "Fifth Settlement", 70_000, Mix::Urban, 45),
    compound(
        "Hyde Park New Cairo",
        "هايد بارك القاهرة الجديدة",
        &HYDE_PARK,
        NEW_CAIRO,
        "Fifth Settlement",
        82_000,
        Mix::Urban,
        85,
    ),
    compound(
        "Mountain View iCity New Cairo",
        "ماونتن فيو آي سيتي القاهرة الجديدة",
        &MOUNTAIN_VIEW,
        NEW_CAIRO,
        "Fifth Settlement",
        78_000,
        Mix::Urban,
        80,
    ),
    compound("District 5", "ديستريكت ٥", &MARAKEZ, NEW_CAIRO, "Fifth Settlement", 84_000, Mix::Urban, 70),
    compound("Fifth Square", "فيفث سكوير", &AL_MARASEM, NEW_CAIRO, "Golden Square", 102_000, Mix::Urban, 65),
    compound("Sodic East", "سوديك إيست", &SODIC, NEW_CAIRO, "6th Settlement", 76_000, Mix::Urban, 55),
    compound(
        "Il Bosco City",
        "إل بوسكو سيتي",
        &MISR_ITALIA,
        NEW_CAIRO,
        "Mostakbal City",
        58_000,
        Mix::Urban,
        55,
    ),
    compound(
        "The Wonder Marq",
        "ذا وندر مارك",
        &THE_MARQ,
        NEW_CAIRO,
        "Mostakbal City",
        54_000,
        Mix::Urban,
        50,
    ),
    compound("Villette", "فيليت", &SODIC, NEW_CAIRO, "Golden Square", 110_000, Mix::Houses, 50),
    compound("Mivida", "ميفيدا", &EMAAR, NEW_CAIRO, "Golden Square", 118_000, Mix::Urban, 55),
    compound("Solana East", "سولانا إيست", &ORA, NEW_CAIRO, "6th Settlement", 95_000, Mix::Urban, 40),
    compound(
        "Palm Hills New Cairo",
        "بالم هيلز القاهرة الجديدة",
        &PALM_HILLS,
        NEW_CAIRO,
        "Fifth Settlement",
        88_000,
        Mix::Houses,
        40,
    ),
    compound("Layan", "ليان", &SABBOUR, NEW_CAIRO, "6th Settlement", 80_000, Mix::Houses, 30),
    compound("Bloomfields", "بلومفيلدز", &TATWEER, NEW_CAIRO, "Mostakbal City", 60_000, Mix::Urban, 35),
    compound(
        "Capital Gardens",
        "كابيتال جاردنز",
        &PALM_HILLS,
        NEW_CAIRO,
        "Mostakbal City",
        57_000,
        Mix::Urban,
        30,
    ),
    compound("El Patio 7", "الباتيو ٧", &LA_VISTA, NEW_CAIRO, "6th Settlement", 74_000, Mix::Urban, 25),
    compound(
        "Il Bosco New Capital",
        "إل بوسكو العاصمة",
        &MISR_ITALIA,
        NEW_CAPITAL,
        "R7",
        48_000,
        Mix::Urban,
        30,
    ),
    compound("La Vista City", "لافيستا سيتي", &LA_VISTA, NEW_CAPITAL, "R8", 46_000, Mix::Urban, 25),
    compound(
        "Capital Business Park",
        "كابيتال بيزنس بارك",
        &THE_MARQ,
        NEW_CAPITAL,
        "Downtown",
        52_000,
        Mix::Business,
        25,
    ),
    compound("Allegria", "أليجريا", &SODIC, SHEIKH_ZAYED, "Sheikh Zayed City", 92_000, Mix::Houses, 30),
    compound("Westown", "ويستاون", &SODIC, SHEIKH_ZAYED, "Sheikh Zayed City", 78_000, Mix::Urban, 25),
    compound("Zed West", "زد ويست", &ORA, SHEIKH_ZAYED, "Sheikh Zayed City", 98_000, Mix::Urban, 25),
    compound("Cairo Gate", "كايرو جيت", &EMAAR, SHEIKH_ZAYED, "New Zayed", 72_000, Mix::Urban, 20),
    compound(
        "Palm Hills October",
        "بالم هيلز أكتوبر",
        &PALM_HILLS,
        OCTOBER,
        "West October",
        62_000,
        Mix::Houses,
        25,
    ),
    compound("Badya", "باديا", &PALM_HILLS, OCTOBER, "West October", 50_000, Mix::Urban, 25),
    compound(
        "Mountain View iCity October",
        "ماونتن فيو آي سيتي أكتوبر",
        &MOUNTAIN_VIEW,
        OCTOBER,
        "October Gardens",
        52_000,
        Mix::Urban,
        20,
    ),
    compound("Marassi", "مراسي", &EMAAR, NORTH_COAST, "Sidi Abdel Rahman", 135_000, Mix::Coastal, 30),
    compound(
        "Hacienda Bay",
        "هاسيندا باي",
        &PALM_HILLS,
        NORTH_COAST,
        "Sidi Abdel Rahman",
        120_000,
        Mix::Coastal,
        25,
    ),
    compound("Amwaj", "أمواج", &SABBOUR, NORTH_COAST, "Sidi Abdel Rahman", 105_000, Mix::Coastal, 15),
    compound("Fouka Bay", "فوكا باي", &TATWEER, NORTH_COAST, "Ras El Hekma", 110_000, Mix::Coastal, 20),
    compound(
        "Mountain View Ras El Hekma",
        "ماونتن فيو رأس الحكمة",
        &MOUNTAIN_VIEW,
        NORTH_COAST,
        "Ras El Hekma",
        100_000,
        Mix::Coastal,
        15,
    ),
    compound("La Vista Bay", "لافيستا باي", &LA_VISTA, NORTH_COAST, "El Alamein", 90_000, Mix::Coastal, 15),
    compound("Il Monte Galala", "إل مونت جلالة", &TATWEER, SOKHNA, "Galala", 68_000, Mix::Coastal, 20),
    compound("La Vista Gardens", "لافيستا جاردنز", &LA_VISTA, SOKHNA, "Sokhna Bay", 55_000, Mix::Coastal, 12),
    compound("El Gouna", "الجونة", &ORASCOM, RED_SEA, "El Gouna", 75_000, Mix::Coastal, 15),
    compound("Makadi Heights", "مكادي هايتس", &ORASCOM, RED_SEA, "Hurghada", 48_000, Mix::Coastal, 12),
];

/// Type shares per mix, in per-mille. Urban follows the New Cairo sample
/// (apartments half, villas 11 %, townhouses 9 %, duplexes 9 %, ...).
pub fn type_weights(mix: Mix) -> &'static [(PropertyType, u32)] {
    use PropertyType::*;
    match mix {
        Mix::Urban => &[
            (Apartment, 560),
            (Villa, 80),
            (Townhouse, 80),
            (Duplex, 90),
            (Penthouse, 45),
            (Twinhouse, 30),
            (Studio, 40),
            (Office, 40),
            (Retail, 20),
            (Clinic, 15),
        ],
        Mix::Houses => &[
            (Villa, 330),
            (Townhouse, 260),
            (Twinhouse, 170),
            (Apartment, 160),
            (Duplex, 60),
            (Penthouse, 20),
        ],
        Mix::Coastal => {
            &[(Chalet, 560), (Villa, 150), (Townhouse, 110), (Twinhouse, 100), (Penthouse, 50), (Studio, 30)]
        }
        Mix::Business => &[(Office, 450), (Retail, 200), (Clinic, 150), (Apartment, 150), (Studio, 50)],
    }
}

/// Price per m² relative to an apartment in the same compound.
pub fn type_premium(kind: PropertyType) -> f64 {
    use PropertyType::*;
    match kind {
        Apartment | Unit => 1.0,
        Studio => 1.05,
        Duplex => 1.05,
        Penthouse => 1.12,
        Townhouse => 1.3,
        Twinhouse => 1.45,
        Villa => 1.55,
        Chalet => 1.0,
        // Commercial runs 160,000-290,000 per m² in New Cairo.
        Office => 2.3,
        Clinic => 2.6,
        Retail => 3.0,
    }
}

/// Built-up area (m²) by type and bedrooms: (median, spread as a fraction).
pub fn size_for(kind: PropertyType, bedrooms: i16) -> (f64, f64) {
    use PropertyType::*;
    match kind {
        Apartment | Unit => match bedrooms {
            1 => (82.0, 0.15),
            2 => (122.0, 0.15),
            3 => (160.0, 0.15),
            _ => (210.0, 0.18),
        },
        Studio => (68.0, 0.15),
        Duplex => (235.0, 0.2),
        Penthouse => (200.0, 0.2),
        Townhouse => (220.0, 0.15),
        Twinhouse => (279.0, 0.15),
        Villa => (320.0, 0.25),
        Chalet => match bedrooms {
            1 => (70.0, 0.15),
            2 => (100.0, 0.15),
            _ => (135.0, 0.18),
        },
        Office => (85.0, 0.45),
        Clinic => (48.0, 0.3),
        Retail => (70.0, 0.45),
    }
}

/// Bedroom counts and their per-mille weights by type (3BR 46 %, 2BR 20 %,
/// 4BR 11 % across the sample; commercial units have none).
pub fn bedroom_weights(kind: PropertyType) -> &'static [(i16, u32)] {
    use PropertyType::*;
    match kind {
        Apartment | Unit => &[(1, 90), (2, 300), (3, 480), (4, 130)],
        Studio | Office | Clinic | Retail => &[(0, 1000)],
        Duplex => &[(3, 550), (4, 450)],
        Penthouse => &[(2, 250), (3, 550), (4, 200)],
        Townhouse => &[(3, 650), (4, 350)],
        Twinhouse => &[(3, 400), (4, 500), (5, 100)],
        Villa => &[(4, 450), (5, 400), (6, 150)],
        Chalet => &[(1, 200), (2, 450), (3, 350)],
    }
}

/// The Arabic name Osool uses for a compound or a developer it knows
/// (matched without regard to case), for Arabic pages.
pub fn arabic_name(name_en: &str) -> Option<&'static str> {
    let name = name_en.trim();
    COMPOUNDS.iter().find(|c| c.name_en.eq_ignore_ascii_case(name)).map(|c| c.name_ar).or_else(|| {
        COMPOUNDS
            .iter()
            .map(|c| c.developer)
            .find(|d| d.name_en.eq_ignore_ascii_case(name))
            .map(|d| d.name_ar)
    })
}

#[cfg(test)]
mod arabic_names {
    #[test]
    fn known_compounds_and_developers_have_arabic_names() {
        assert_eq!(super::arabic_name("Palm Hills"), Some("بالم هيلز"));
        assert_eq!(super::arabic_name("sarai"), Some("سراي"));
        assert_eq!(super::arabic_name("Nowhere Gardens"), None);
        for c in super::COMPOUNDS {
            assert!(
                !c.name_ar.is_empty() && !c.name_ar.chars().any(|ch| ch.is_ascii_alphabetic()),
                "{}",
                c.name_en
            );
        }
    }
}
