//! Egyptian places Osool has no listings in (yet): the governorates, their
//! main cities and the Cairo and Giza districts buyers name, in English and
//! Arabic, with where they are. A search that names one is understood as a
//! place (not as wishes to rank by), answers with nothing there, and points
//! to the nearest areas that have listings. Public facts; coordinates are
//! the city centres, to a hundredth of a degree.

/// A place outside Osool's areas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    pub name_en: &'static str,
    pub name_ar: &'static str,
    /// Spellings people type (the names themselves included).
    pub aliases: &'static [&'static str],
    pub lat: f64,
    pub lon: f64,
}

const fn place(
    name_en: &'static str,
    name_ar: &'static str,
    aliases: &'static [&'static str],
    lat: f64,
    lon: f64,
) -> Place {
    Place { name_en, name_ar, aliases, lat, lon }
}

/// Cairo and Giza as a whole are left out: Osool's areas are in them.
pub const PLACES: &[Place] = &[
    place(
        "Alexandria",
        "الإسكندرية",
        &["alexandria", "alex", "eskendereya", "eskenderia", "الإسكندرية", "اسكندرية", "إسكندرية"],
        31.20,
        29.92,
    ),
    place("Borg El Arab", "برج العرب", &["borg el arab", "burg al arab", "برج العرب"], 30.92, 29.53),
    place("Mansoura", "المنصورة", &["mansoura", "el mansoura", "mansura", "المنصورة"], 31.04, 31.38),
    place("Tanta", "طنطا", &["tanta", "طنطا"], 30.79, 31.00),
    place("Zagazig", "الزقازيق", &["zagazig", "el zagazig", "الزقازيق"], 30.59, 31.50),
    place("Banha", "بنها", &["banha", "benha", "بنها"], 30.47, 31.19),
    place("Shebin El Kom", "شبين الكوم", &["shebin el kom", "shibin el kom", "شبين الكوم"], 30.55, 31.01),
    place("Damanhur", "دمنهور", &["damanhur", "damanhour", "دمنهور"], 31.03, 30.47),
    place("Kafr El Sheikh", "كفر الشيخ", &["kafr el sheikh", "kafr elsheikh", "كفر الشيخ"], 31.11, 30.94),
    place(
        "Damietta",
        "دمياط",
        &["damietta", "domyat", "new damietta", "دمياط", "دمياط الجديدة"],
        31.42,
        31.81,
    ),
    place("Port Said", "بورسعيد", &["port said", "portsaid", "بورسعيد", "بور سعيد"], 31.27, 32.30),
    place("Ismailia", "الإسماعيلية", &["ismailia", "ismailiya", "الإسماعيلية", "الاسماعيليه"], 30.60, 32.27),
    place("Suez", "السويس", &["suez", "el suez", "السويس"], 29.97, 32.55),
    place("Faiyum", "الفيوم", &["faiyum", "fayoum", "fayum", "el fayoum", "الفيوم"], 29.31, 30.84),
    place("Beni Suef", "بني سويف", &["beni suef", "bani sweif", "beni sweif", "بني سويف"], 29.07, 31.10),
    place("Minya", "المنيا", &["minya", "el minya", "menia", "المنيا"], 28.11, 30.75),
    place("Asyut", "أسيوط", &["asyut", "assiut", "assuit", "أسيوط", "اسيوط"], 27.18, 31.18),
    place("Sohag", "سوهاج", &["sohag", "suhag", "سوهاج"], 26.56, 31.70),
    place("Qena", "قنا", &["qena", "kena", "قنا"], 26.16, 32.73),
    place("Luxor", "الأقصر", &["luxor", "el luxor", "الأقصر", "الاقصر"], 25.69, 32.64),
    place("Aswan", "أسوان", &["aswan", "أسوان", "اسوان"], 24.09, 32.90),
    place("Kharga", "الخارجة", &["kharga", "new valley", "الخارجة", "الوادي الجديد"], 25.45, 30.55),
    place(
        "Marsa Matrouh",
        "مرسى مطروح",
        &["marsa matrouh", "matrouh", "mersa matruh", "مرسى مطروح", "مطروح"],
        31.35,
        27.24,
    ),
    place("Siwa", "سيوة", &["siwa", "سيوة", "سيوه"], 29.20, 25.52),
    place("Arish", "العريش", &["arish", "el arish", "al arish", "العريش", "شمال سيناء"], 31.13, 33.80),
    place(
        "Sharm El Sheikh",
        "شرم الشيخ",
        &["sharm el sheikh", "sharm", "sharm elsheikh", "شرم الشيخ", "شرم", "جنوب سيناء"],
        27.92,
        34.33,
    ),
    place("Dahab", "دهب", &["dahab", "دهب"], 28.50, 34.51),
    place("Marsa Alam", "مرسى علم", &["marsa alam", "مرسى علم"], 25.07, 34.89),
    place("Safaga", "سفاجا", &["safaga", "سفاجا"], 26.73, 33.94),
    place("Maadi", "المعادي", &["maadi", "el maadi", "المعادي"], 29.96, 31.26),
    place("Nasr City", "مدينة نصر", &["nasr city", "madinet nasr", "مدينة نصر", "مدينه نصر"], 30.06, 31.33),
    place(
        "Heliopolis",
        "مصر الجديدة",
        &["heliopolis", "masr el gedida", "مصر الجديدة", "مصر الجديده"],
        30.09,
        31.32,
    ),
    place("Zamalek", "الزمالك", &["zamalek", "el zamalek", "الزمالك"], 30.06, 31.22),
    place(
        "Mohandessin",
        "المهندسين",
        &["mohandessin", "mohandeseen", "el mohandessin", "المهندسين"],
        30.05,
        31.20,
    ),
    place("Dokki", "الدقي", &["dokki", "el dokki", "الدقي"], 30.04, 31.21),
    place("Mokattam", "المقطم", &["mokattam", "el mokattam", "المقطم"], 30.02, 31.30),
    place("Helwan", "حلوان", &["helwan", "حلوان"], 29.85, 31.33),
    place("Shubra", "شبرا", &["shubra", "shoubra", "شبرا"], 30.07, 31.25),
    place("Haram", "الهرم", &["haram", "el haram", "pyramids area", "الهرم"], 29.99, 31.15),
    place("Faisal", "فيصل", &["faisal", "فيصل"], 30.01, 31.18),
    place("Obour", "العبور", &["obour", "el obour", "obour city", "العبور"], 30.23, 31.48),
    place("Shorouk", "الشروق", &["shorouk", "el shorouk", "shorouk city", "الشروق"], 30.14, 31.63),
    place("Madinaty", "مدينتي", &["madinaty", "مدينتي"], 30.11, 31.64),
    // New Cairo's older settlements and neighbours, which Osool's catalog
    // does not cover: named, they are places, not "New Cairo" as a whole.
    place(
        "First Settlement",
        "التجمع الأول",
        &[
            "first settlement",
            "1st settlement",
            "el tagamoa el awal",
            "tagamo3 el awal",
            "التجمع الأول",
            "التجمع الاول",
        ],
        30.07,
        31.45,
    ),
    place(
        "Third Settlement",
        "التجمع الثالث",
        &[
            "third settlement",
            "3rd settlement",
            "el tagamoa el talet",
            "tagamo3 el talet",
            "التجمع الثالث",
            "التجمع التالت",
        ],
        30.04,
        31.49,
    ),
    place(
        "Katameya",
        "القطامية",
        &["katameya", "kattameya", "el katameya", "القطامية", "القطاميه"],
        29.99,
        31.39,
    ),
    place("Rehab", "الرحاب", &["rehab", "el rehab", "rehab city", "الرحاب"], 30.06, 31.49),
    place("Badr City", "مدينة بدر", &["badr city", "مدينة بدر", "مدينه بدر"], 30.14, 31.71),
    place(
        "10th of Ramadan",
        "العاشر من رمضان",
        &["10th of ramadan", "tenth of ramadan", "العاشر من رمضان"],
        30.30,
        31.74,
    ),
];

/// Where Osool's locations are, for "the nearest areas with listings".
pub const AREA_CENTRES: &[(&str, f64, f64)] = &[
    (super::areas::NEW_CAIRO, 30.03, 31.47),
    (super::areas::NEW_CAPITAL, 30.02, 31.76),
    (super::areas::SHEIKH_ZAYED, 30.05, 30.98),
    (super::areas::OCTOBER, 29.94, 30.91),
    (super::areas::NORTH_COAST, 30.90, 28.90),
    (super::areas::SOKHNA, 29.60, 32.32),
    (super::areas::RED_SEA, 27.26, 33.81),
];

pub fn by_name(name_en: &str) -> Option<&'static Place> {
    PLACES.iter().find(|p| p.name_en.eq_ignore_ascii_case(name_en))
}

/// Distance in kilometres along the earth's surface.
pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Osool's locations from the nearest to `place`.
pub fn nearest_areas(place: &Place) -> Vec<&'static str> {
    let mut areas: Vec<(&str, f64)> = AREA_CENTRES
        .iter()
        .map(|(name, lat, lon)| (*name, km((place.lat, place.lon), (*lat, *lon))))
        .collect();
    areas.sort_by(|a, b| a.1.total_cmp(&b.1));
    areas.into_iter().map(|(name, _)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::areas;

    #[test]
    fn the_nearest_areas_are_the_ones_a_buyer_would_name() {
        let near = |name: &str| nearest_areas(by_name(name).expect(name))[0];
        assert_eq!(near("Alexandria"), areas::NORTH_COAST);
        assert_eq!(near("Rehab"), areas::NEW_CAIRO);
        assert!([areas::NEW_CAIRO, areas::NEW_CAPITAL].contains(&near("Madinaty")));
        assert_eq!(near("Suez"), areas::SOKHNA);
        assert!([areas::OCTOBER, areas::SHEIKH_ZAYED].contains(&near("Haram")));
        assert_eq!(near("Marsa Alam"), areas::RED_SEA);
        assert!((km((30.04, 31.24), (31.20, 29.92)) - 180.0).abs() < 15.0, "Cairo to Alexandria");
    }

    #[test]
    fn no_place_shadows_an_area_osool_serves() {
        for p in PLACES {
            for alias in p.aliases {
                let norm = areas::normalize(alias);
                assert!(
                    !areas::AREAS.iter().any(|a| a.aliases.iter().any(|x| areas::normalize(x) == norm)),
                    "{alias} is an Osool area"
                );
            }
        }
    }
}
