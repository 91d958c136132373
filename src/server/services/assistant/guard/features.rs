//! Views and private parts a sentence gives a unit ("garden view",
//! "private pool", "فيو على البحر", "جنينة خاصة").

use super::lexicon::*;
use regex::Regex;
use std::sync::LazyLock;

/// What a unit looks onto, or a part of it that is its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    SeaView,
    LagoonView,
    PoolView,
    GreenView,
    ClubView,
    OpenView,
    PlazaView,
    StreetView,
    NileView,
    GolfView,
    PyramidsView,
    CityView,
    PrivateGarden,
    PrivatePool,
    Roof,
    /// A parking space or a garage of the unit's own.
    Parking,
    /// A maid's room, a nanny room or a storage room.
    ExtraRoom,
}

/// What a view word names (normalised, either language).
pub(super) fn view_kind(word: &str) -> Option<Feature> {
    let w = word.trim_start_matches("ال");
    Some(match w {
        "sea" | "beach" | "بحر" | "سي" | "شاطئ" => Feature::SeaView,
        "lagoon" | "lake" | "lagoons" | "لاجون" | "بحيره" | "ليك" => Feature::LagoonView,
        "pool" | "swimming pool" | "pools" | "حمام السباحه" | "حمامات السباحه" | "بيسين" | "بول" | "بسين" => {
            Feature::PoolView
        }
        "garden"
        | "gardens"
        | "park"
        | "landscape"
        | "landscaping"
        | "green"
        | "greenery"
        | "green space"
        | "green spaces"
        | "central park"
        | "حديقه"
        | "جنينه"
        | "حدائق"
        | "مساحات الخضراء"
        | "مساحات خضراء"
        | "خضره"
        | "لاندسكيب"
        | "جاردن"
        | "بارك"
        | "حديقه المركزيه" => Feature::GreenView,
        "club" | "clubhouse" | "club house" | "نادي" | "نادي الاجتماعي" | "كلوب" | "كلوب هاوس" => {
            Feature::ClubView
        }
        "open" | "panoramic" | "مفتوح" | "مفتوحه" | "اوبن" | "بانوراما" => {
            Feature::OpenView
        }
        "plaza" | "square" | "ساحه" | "بلازا" => Feature::PlazaView,
        "boulevard" | "street" | "main street" | "road" | "شارع" | "بوليفارد" | "شارع الرئيسي" => {
            Feature::StreetView
        }
        "nile" | "river" | "نيل" | "نهر" => Feature::NileView,
        "golf" | "golf course" | "جولف" | "ملعب الجولف" => Feature::GolfView,
        "pyramid" | "pyramids" | "اهرامات" | "هرم" | "اهرام" => Feature::PyramidsView,
        "city" | "skyline" | "city skyline" | "مدينه" | "سكاي لاين" => Feature::CityView,
        _ => return None,
    })
}

pub(super) const VIEW_WORDS: &str = r"swimming pool|golf course|city skyline|central park|green spaces?|club ?house|main street|sea|beach|lagoons?|lake|pools?|gardens?|park|landscaping|landscape|greenery|green|club|open|panoramic|plaza|square|boulevard|street|road|nile|river|golf|pyramids?|city|skyline";

pub(super) const VIEW_WORDS_AR: &str = r"حمامات السباحه|حمام السباحه|الحديقه المركزيه|المساحات الخضراء|مساحات خضراء|النادي الاجتماعي|الشارع الرئيسي|ملعب الجولف|(?:ال)?(?:بحر|شاطئ|لاجون|بحيره|بيسين|حديقه|جنينه|حدائق|خضره|لاندسكيب|نادي|كلوب هاوس|كلوب|مفتوح|ساحه|بلازا|بوليفارد|شارع|نيل|نهر|جولف|اهرامات|اهرام|هرم|مدينه)";

pub(super) static VIEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<a>{VIEW_WORDS})[- ]views?\b|\bviews? (?:of|over|onto|to|across) (?:the |a )?(?P<b>{VIEW_WORDS})\b|\b(?:overlook(?:s|ing)?|looks? out (?:over|onto|on|at)|looking out (?:over|onto|on|at)|faces|facing) (?:the |a |an )?(?:compound's |compound |development's )?(?:central |main |big |large |beautiful )?(?P<c>{VIEW_WORDS})\b|\b(?P<d>{VIEW_WORDS})-facing\b|\bfacing (?:the |a )?(?P<e>{VIEW_WORDS})\b|(?:اطلاله|اطلالات|يطل|تطل|بيطل|بتطل|مطل|مطله|مطلات|فيو|بيبص|بتبص|واجهه)\s(?:مباشره\s)?(?:علي\s|ع\s)?(?P<f>{VIEW_WORDS_AR})|\b(?P<g>سي|بول|جاردن|لاجون|لاندسكيب|كلوب|اوبن|جولف|بارك|بلازا|ليك|سكاي لاين)\s?فيو\b"
    ))
    .expect("view pattern")
});

pub(super) static PRIVATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\bprivate (?P<a>garden|pool|swimming pool|roof|rooftop|roof terrace)\b|\b(?:its|his|her|your|their) own (?P<b>garden|pool|swimming pool|roof|rooftop)\b|\b(?P<c>garden|pool|roof) of (?:its|your|their) own\b|\b(?P<d>roof terrace|rooftop|roof garden)\b|\bwith (?:a |its |an )?(?P<e>roof)\b|(?P<f>حديقه|جنينه|حمام سباحه|بيسين|رو{1,2}ف|تراس|garden|pool|roof)\s(?:خاص|خاصه|برايفت|بتاعتها|بتاعها|بتاعته|بتاعه|خاصه بيها|خاص بيها|مستقل|مستقله)|(?:^|\s|ب|و)(?P<g>رو{1,2}ف)(?:\s|$|[.,،])|\b(?P<h>parking spaces?|parking spots?|parking lots?|garage|car park|covered parking|جراج|باركينج|موقف سيارات|maid'?s room|nanny room|غرفه خادمه|اوضه دادا|storage room|غرفه تخزين)",
    )
    .expect("private pattern")
});

pub(super) fn private_kind(word: &str) -> Feature {
    match word {
        "garden" | "حديقه" | "جنينه" => Feature::PrivateGarden,
        "pool" | "swimming pool" | "حمام سباحه" | "بيسين" => Feature::PrivatePool,
        w if ["park", "garage", "جراج", "باركينج", "موقف"].iter().any(|p| w.contains(p)) => {
            Feature::Parking
        }
        w if ["room", "غرفه", "اوضه"].iter().any(|p| w.contains(p)) => Feature::ExtraRoom,
        _ => Feature::Roof,
    }
}

/// The views and private parts a normalised text states, with where each
/// starts; a denied one ("no sea view") is no claim.
pub fn features(norm: &str) -> Vec<(usize, Feature, String)> {
    let mut out = Vec::new();
    let denied = |at: usize| {
        let before = &norm[super::text::floor_char(norm, at.saturating_sub(28))..at];
        NEGATIONS.iter().any(|n| before.contains(n))
    };
    for c in VIEW.captures_iter(norm) {
        let Some(whole) = c.get(0) else { continue };
        let word = ["a", "b", "c", "d", "e", "f", "g"].iter().find_map(|n| c.name(n)).map(|m| m.as_str());
        if let Some(kind) = word.and_then(view_kind)
            && !denied(whole.start())
        {
            out.push((whole.start(), kind, whole.as_str().to_owned()));
        }
    }
    for c in PRIVATE.captures_iter(norm) {
        let Some(whole) = c.get(0) else { continue };
        let Some(word) = ["a", "b", "c", "d", "e", "f", "g", "h"].iter().find_map(|n| c.name(n)) else {
            continue;
        };
        if !denied(whole.start()) {
            out.push((whole.start(), private_kind(word.as_str()), whole.as_str().to_owned()));
        }
    }
    out
}
