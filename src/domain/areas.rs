//! Where listings are: the areas buyers name, as a two-level hierarchy
//! (a location such as New Cairo, and districts such as Fifth Settlement),
//! with the Arabic names and the spellings people actually type
//! ("Tagamoa", "5th settlement", "NAC", "Sahel", "التجمع").

/// A location or a district.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Area {
    pub name_en: &'static str,
    pub name_ar: &'static str,
    /// For a district, the location it belongs to; `None` for a location.
    pub parent: Option<&'static str>,
    /// Lower-case spellings that mean this area (the names themselves included).
    pub aliases: &'static [&'static str],
}

impl Area {
    pub fn is_location(&self) -> bool {
        self.parent.is_none()
    }

    /// The top-level location this area is in (itself for a location).
    pub fn location(&self) -> &'static str {
        self.parent.unwrap_or(self.name_en)
    }
}

const fn location(name_en: &'static str, name_ar: &'static str, aliases: &'static [&'static str]) -> Area {
    Area { name_en, name_ar, parent: None, aliases }
}

const fn district(
    parent: &'static str,
    name_en: &'static str,
    name_ar: &'static str,
    aliases: &'static [&'static str],
) -> Area {
    Area { name_en, name_ar, parent: Some(parent), aliases }
}

pub const NEW_CAIRO: &str = "New Cairo";
pub const NEW_CAPITAL: &str = "New Administrative Capital";
pub const SHEIKH_ZAYED: &str = "Sheikh Zayed";
pub const OCTOBER: &str = "6th of October";
pub const NORTH_COAST: &str = "North Coast";
pub const SOKHNA: &str = "Ain Sokhna";
pub const RED_SEA: &str = "Red Sea";

/// Every area Osool knows, locations first.
pub const AREAS: &[Area] = &[
    location(
        NEW_CAIRO,
        "القاهرة الجديدة",
        &[
            "new cairo",
            "tagamoa",
            "tagamo3",
            "el tagamoa",
            "tagamu",
            "التجمع",
            "القاهرة الجديدة",
            // Landmarks buyers place themselves by (the districts around
            // them are several: the city, not one district).
            "auc",
            "american university",
            "الجامعة الأمريكية",
            "شارع التسعين",
            "التسعين الشمالي",
            "التسعين الجنوبي",
        ],
    ),
    location(
        NEW_CAPITAL,
        "العاصمة الإدارية الجديدة",
        &[
            "new administrative capital",
            "new capital",
            "administrative capital",
            "nac",
            "the capital",
            "العاصمة الإدارية",
            "العاصمة الإدارية الجديدة",
            "العاصمة",
            "3asema",
            "el 3asema",
            "el 3asema el edareya",
        ],
    ),
    location(
        SHEIKH_ZAYED,
        "الشيخ زايد",
        &["sheikh zayed", "shiekh zayed", "el sheikh zayed", "zayed", "الشيخ زايد", "زايد"],
    ),
    location(
        OCTOBER,
        "السادس من أكتوبر",
        &[
            "6th of october",
            "6 october",
            "6th october",
            "sixth of october",
            "october",
            "السادس من أكتوبر",
            "أكتوبر",
            "اكتوبر",
            "٦ أكتوبر",
        ],
    ),
    location(
        NORTH_COAST,
        "الساحل الشمالي",
        &["north coast", "sahel", "el sahel", "sa7el", "el sa7el", "الساحل الشمالي", "الساحل"],
    ),
    location(SOKHNA, "العين السخنة", &["ain sokhna", "el sokhna", "sokhna", "العين السخنة", "السخنة"]),
    location(RED_SEA, "البحر الأحمر", &["red sea", "البحر الأحمر", "البحر الاحمر"]),
    district(
        NEW_CAIRO,
        "Fifth Settlement",
        "التجمع الخامس",
        &[
            "fifth settlement",
            "5th settlement",
            "5th",
            "el tagamoa el khames",
            "tagamoa el khames",
            "tagamo3 el khames",
            "el tagamo3 el khames",
            "el khames",
            "khames",
            "التجمع الخامس",
            "الخامس",
        ],
    ),
    district(
        NEW_CAIRO,
        "Golden Square",
        "المربع الذهبي",
        &["golden square", "golden sq", "المربع الذهبي", "الجولدن سكوير", "جولدن سكوير"],
    ),
    district(
        NEW_CAIRO,
        "6th Settlement",
        "التجمع السادس",
        &["6th settlement", "sixth settlement", "التجمع السادس"],
    ),
    district(
        NEW_CAIRO,
        "Mostakbal City",
        "مدينة المستقبل",
        &["mostakbal city", "mostakbal", "mostaqbal", "future city", "مدينة المستقبل", "المستقبل"],
    ),
    district(NEW_CAPITAL, "R7", "الحي السابع", &["r7", "r 7", "الحي السابع"]),
    district(NEW_CAPITAL, "R8", "الحي الثامن", &["r8", "r 8", "الحي الثامن"]),
    district(NEW_CAPITAL, "Downtown", "داون تاون", &["downtown", "down town", "داون تاون", "وسط البلد"]),
    district(
        SHEIKH_ZAYED,
        "Sheikh Zayed City",
        "مدينة الشيخ زايد",
        &["sheikh zayed city", "مدينة الشيخ زايد"],
    ),
    district(SHEIKH_ZAYED, "New Zayed", "زايد الجديدة", &["new zayed", "زايد الجديدة"]),
    district(OCTOBER, "West October", "غرب أكتوبر", &["west october", "غرب أكتوبر", "غرب اكتوبر"]),
    district(
        OCTOBER,
        "October Gardens",
        "حدائق أكتوبر",
        &["october gardens", "hadayek october", "حدائق أكتوبر", "حدائق اكتوبر"],
    ),
    district(
        NORTH_COAST,
        "Sidi Abdel Rahman",
        "سيدي عبد الرحمن",
        &["sidi abdel rahman", "sidi abd el rahman", "سيدي عبد الرحمن"],
    ),
    district(
        NORTH_COAST,
        "Ras El Hekma",
        "رأس الحكمة",
        &["ras el hekma", "ras elhekma", "رأس الحكمة", "راس الحكمة"],
    ),
    district(
        NORTH_COAST,
        "El Alamein",
        "العلمين",
        &["el alamein", "alamein", "new alamein", "العلمين", "العلمين الجديدة"],
    ),
    district(SOKHNA, "Galala", "الجلالة", &["galala", "el galala", "الجلالة"]),
    district(SOKHNA, "Sokhna Bay", "خليج السخنة", &["sokhna bay", "خليج السخنة"]),
    district(RED_SEA, "Hurghada", "الغردقة", &["hurghada", "el gouna road", "الغردقة"]),
    district(RED_SEA, "El Gouna", "الجونة", &["el gouna", "gouna", "الجونة"]),
];

/// The area with this English name (exact).
pub fn by_name(name_en: &str) -> Option<&'static Area> {
    AREAS.iter().find(|a| a.name_en == name_en)
}

/// The area a free-text name refers to ("6th settlement", "Tagamoa",
/// "العاصمة"), case-insensitively; districts win over locations when a
/// spelling could be either.
pub fn lookup(text: &str) -> Option<&'static Area> {
    let needle = normalize(text);
    if needle.is_empty() {
        return None;
    }
    let matches = |a: &&Area| a.aliases.iter().any(|alias| normalize(alias) == needle);
    AREAS.iter().filter(|a| !a.is_location()).find(matches).or_else(|| AREAS.iter().find(matches))
}

/// Lower case, single spaces, Arabic letter variants folded (أ/إ/آ -> ا,
/// ة -> ه, ى -> ي) and short vowels, tanween and tatweel dropped ("مترًا"
/// is "مترا"), so spellings compare equal.
pub fn normalize(text: &str) -> String {
    let folded: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            '-' | '_' | ',' | '.' | '،' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_district_has_a_known_parent() {
        for area in AREAS.iter().filter(|a| !a.is_location()) {
            assert!(by_name(area.location()).is_some_and(Area::is_location), "{}", area.name_en);
        }
    }

    #[test]
    fn buyers_spellings_find_their_area() {
        assert_eq!(lookup("Tagamoa").map(|a| a.name_en), Some(NEW_CAIRO));
        assert_eq!(lookup("6th settlement").map(|a| a.name_en), Some("6th Settlement"));
        assert_eq!(lookup("  NAC ").map(|a| a.name_en), Some(NEW_CAPITAL));
        assert_eq!(lookup("Sahel").map(|a| a.name_en), Some(NORTH_COAST));
        assert_eq!(lookup("التجمع الخامس").map(|a| a.location()), Some(NEW_CAIRO));
        assert_eq!(lookup("العاصمه الاداريه").map(|a| a.name_en), Some(NEW_CAPITAL));
        assert_eq!(lookup("Atlantis"), None);
    }

    #[test]
    fn aliases_are_unambiguous() {
        let mut seen = std::collections::HashMap::new();
        for area in AREAS {
            for alias in area.aliases {
                if let Some(other) = seen.insert(normalize(alias), area.name_en)
                    && other != area.name_en
                {
                    panic!("{alias:?} means both {other} and {}", area.name_en);
                }
            }
        }
    }
}
