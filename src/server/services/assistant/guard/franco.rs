//! Franco-Arabic (Arabic in Latin letters and digits) read as the Arabic
//! words the guard's claims are written in: "3 owad", "5 mlyon w nos",
//! "el dor el talet", "6 snin", "nos tashteeb" become "3 اوض", "5.5
//! مليون", "الدور التالت", "6 سنين", "نص تشطيب". A word written with a
//! Franco digit ("7amam", "mo2adam", "arba3a") is matched by its consonant
//! skeleton against the claim vocabulary, so every vowel spelling reads
//! the same; a word without one only by the spellings below, so no English
//! word is ever read as Arabic.

use crate::domain::franco::{has_letter_digit, skeleton};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Spellings without a Franco digit, and the (folded) Arabic word each is.
const SPELLINGS: &[(&[&str], &str)] = &[
    (&["3ala", "3la", "3al"], "علي"),
    (&["wahed", "wahid", "wa7ed"], "واحد"),
    (&["wahda", "wa7da"], "واحده"),
    (
        &[
            "etnen", "etneen", "itnen", "itneen", "ethnen", "ithnen", "tneen", "etnein", "itnein", "etnin",
            "etnain",
        ],
        "اتنين",
    ),
    (&["talata", "tlata", "talatah", "talat", "tlat", "tlatah", "thalatha"], "تلاته"),
    (&["arbaa", "arba", "arbaah"], "اربعه"),
    (&["khamsa", "khamsah", "khams", "khamasa"], "خمسه"),
    (&["setta", "sitta", "seta", "sita", "settah", "sittah"], "سته"),
    (&["sabaa", "sabaah"], "سبعه"),
    (&["tamanya", "tamania", "tamanyah", "tamaneya", "taman", "tamanyat"], "تمانيه"),
    (&["tesaa", "tisaa"], "تسعه"),
    (&["ashra", "ashara", "ashrah"], "عشره"),
    (&["eshrin", "eshreen", "ishrin", "ishreen"], "عشرين"),
    (&["talatin", "talateen", "tlatin", "tlateen"], "تلاتين"),
    (&["khamsin", "khamseen"], "خمسين"),
    (&["settin", "setteen", "sittin", "sitteen"], "ستين"),
    (&["tamanin", "tamaneen"], "تمانين"),
    (&["meya", "miya", "mya", "meyya", "miyya"], "ميه"),
    (&["mitein", "miteen", "meteen", "mitin"], "ميتين"),
    (
        &[
            "mlyon", "mlyoon", "milyon", "milyoon", "malyon", "malyoon", "melyon", "melyoon", "mleon",
            "mlion", "milion", "mliun",
        ],
        "مليون",
    ),
    (&["mlyonen", "mlyoneen", "milyonen", "milyoneen", "malyonen"], "مليونين"),
    (&["malayin", "malayeen", "malaien", "malaeen"], "ملايين"),
    (&["alf"], "الف"),
    (&["alaf", "alaaf", "talaf"], "الاف"),
    (&["nos", "noss", "nus", "nuss", "nosf", "nusf"], "نص"),
    (
        &[
            "owad", "ewad", "owd", "ouad", "owwad", "awad", "2owad", "2ewad", "ghoraf", "ghuraf", "ghoref",
            "ghiraf",
        ],
        "اوض",
    ),
    (
        &[
            "owda", "ooda", "oda", "ouda", "odda", "2oda", "2owda", "ghorfa", "ghurfa", "ghorfet", "odet",
            "owdet",
        ],
        "اوضه",
    ),
    (&["odten", "odtein", "odteen", "owdeten", "owdeteen", "ghorfeten", "ghorfeteen", "ghorfiten"], "اوضتين"),
    (&["nom", "noum", "noom"], "نوم"),
    (&["hamam", "hammam", "hmam", "hamaam"], "حمام"),
    (&["hamamat", "hammamat", "hmamat"], "حمامات"),
    (&["hamamen", "hamameen", "hammamen", "hammameen"], "حمامين"),
    (&["metr", "mitr", "mtr", "amtar"], "متر"),
    (&["sana", "sena", "sanah", "senah"], "سنه"),
    (&["snin", "sneen", "sinin", "seneen", "senin", "snen", "siniin"], "سنين"),
    (&["sanawat", "sanawaat", "sanwat"], "سنوات"),
    (&["santen", "santein", "sanateen", "santeen"], "سنتين"),
    (&["dor", "dawr"], "دور"),
    (&["awel", "awal", "awwel", "awwal"], "اول"),
    (&["tany", "tani", "tanee"], "تاني"),
    (&["talet", "talit", "talta"], "تالت"),
    (&["rabe", "rabi"], "رابع"),
    (&["khames", "khamis"], "خامس"),
    (&["sades", "sadis"], "سادس"),
    (&["sabe", "sabi"], "سابع"),
    (&["tamen", "tamin"], "تامن"),
    (&["ared", "ardy", "ardi", "ardee", "ardey"], "ارضي"),
    (&["akher", "akhir", "akheer"], "اخير"),
    (
        &[
            "gneh", "geneh", "genih", "gnih", "gineh", "ginih", "gnieh", "guineh", "ginah", "geneih",
            "gnaih", "genieh",
        ],
        "جنيه",
    ),
    (&["mokadam", "moqadam", "mukaddam", "mokaddam", "moqaddam", "mukadam", "mqdm"], "مقدم"),
    (&["aqsat", "aksat", "akssat"], "اقساط"),
    (&["qest", "kest"], "قسط"),
    (&["taqseet", "takseet", "taqsit", "taksit"], "تقسيط"),
    (&["estelam", "estilam", "istilam", "istelam", "estlam"], "استلام"),
    (&["tasleem", "taslim", "tasliim", "tasleim"], "تسليم"),
    (&["gahez", "gahz", "jahez", "gaahez", "gahiz"], "جاهز"),
    (&["gahza", "gahzah", "gaheza", "jahza", "gahzaa"], "جاهزه"),
    (&["fawri", "fawry", "fawree", "fory", "fouri"], "فوري"),
    (&["tashteeb", "tashtib", "tashteb", "tashtiib"], "تشطيب"),
    (&["metshateb", "metshatteb", "mitshatab", "mitshateb", "metshatab"], "متشطب"),
    (&["metshataba", "mitshattaba", "metshatba", "mitshatba"], "متشطبه"),
    (&["mafrosh", "mafroosh", "mafroush"], "مفروش"),
    (&["mafrosha", "mafroosha", "mafrousha"], "مفروشه"),
    (&["shaqa", "shaqqa"], "شقه"),
    (&["shaleh", "shalih", "shalieh", "shaly", "shalee"], "شاليه"),
    (&["mahal", "mahall"], "محل"),
    (&["maktab"], "مكتب"),
    (&["nas", "naas"], "ناس"),
    (&["ktir", "kteer", "keteer", "ktiir", "kitir", "kiteer"], "كتير"),
    (&["tanyin", "tanyeen", "tanien", "tanyeen"], "تانيين"),
    (&["hatzid", "hatzeed", "hatezeed", "hatzeid"], "هتزيد"),
    (&["asaar"], "اسعار"),
    (&["khasm"], "خصم"),
    (&["madmoon", "madmon", "madmun", "madmoun", "mazmoon", "mazmon"], "مضمون"),
    (&["forsa", "forsah", "fursa"], "فرصه"),
    (&["baky", "baki", "baqy", "baqi"], "باقي"),
    (&["fadel", "fadl", "fadil"], "فاضل"),
    (&["talab"], "طلب"),
    (&["raqam", "rakam", "rqm", "rakm", "raqm"], "رقم"),
    (&["hadeya", "hedeya", "hadiya", "hadiyya", "hdeya"], "هديه"),
    (&["ben", "benhom", "bein", "beinhom", "benhum"], "بين"),
    (&["men", "mn"], "من"),
    (&["arkhas", "arkhass", "arkhs"], "ارخص"),
    (&["akbar", "akbr"], "اكبر"),
    (&["aghla", "aghlaa"], "اغلي"),
    (&["asghar", "asgher"], "اصغر"),
    (&["aktar", "aktr", "akthar"], "اكتر"),
    (&["akal", "aqal"], "اقل"),
    (&["mokabel", "moqabel", "mukabil"], "مقابل"),
    (&["omala", "omalaa"], "عملاء"),
    (&["da", "dah", "deh"], "ده"),
    (&["di", "dih", "dee"], "دي"),
    (&["bokra", "bukra", "bokrah"], "بكره"),
    (&["naharda", "nahrda", "nharda"], "نهارده"),
    (&["elnaharda"], "النهارده"),
    (&["genena", "geneina", "gnena", "ginena", "geneena", "gneina"], "جنينه"),
    (&["khas", "khass", "khasa", "khassa"], "خاص"),
    (&["shahreya", "shahrya", "shahriya", "shahreyya"], "شهريه"),
    (&["shahri", "shahry", "shahree"], "شهري"),
    (&["siyana", "seyana", "syana", "sayana", "siana", "seyanah"], "صيانه"),
    (&["wadiet", "wadeet", "wadeaa"], "وديعه"),
    (&["lazem", "lazim", "laazem"], "لازم"),
    (&["law", "lw"], "لو"),
    (&["malek", "malik"], "المالك"),
    (&["sherket", "sherka", "shirket", "sharket"], "شركه"),
    (&["kombawnd", "kombond", "kompound", "compund"], "كمبوند"),
];

/// Ordinals a word with a Franco digit stands for after an article ("el
/// 5ames" is the fifth, "5amsa" five).
const ORDINAL_WORDS: &[&str] = &["رابع", "خامس", "سابع", "تاسع", "عاشر", "اخير"];

/// Arabic words a word with a Franco digit may stand for.
const DIGIT_WORDS: &[&str] = &[
    "واحد",
    "واحده",
    "اربعه",
    "اربع",
    "سبعه",
    "تسعه",
    "عشره",
    "عشرين",
    "اربعين",
    "سبعين",
    "تسعين",
    "خمسه",
    "خمسين",
    "حمام",
    "حمامات",
    "حمامين",
    "مقدم",
    "اقساط",
    "تقسيط",
    "سعر",
    "سعرها",
    "سعره",
    "اسعار",
    "خصم",
    "عرض",
    "رابع",
    "خامس",
    "سابع",
    "تاسع",
    "عاشر",
    "اخير",
    "شقه",
    "عياده",
    "محل",
    "عالي",
    "باقي",
    "وحدات",
    "مساحه",
    "مساحتها",
    "ارخص",
    "اقل",
    "اوسع",
    "مقابل",
    "عملاء",
    "بسرعه",
    "فرق",
    "رقم",
    "شقت",
    "التجمع",
    "تقرر",
    "يرفع",
    "هيرفع",
    "حجزت",
    "حديقه",
    "وديعه",
    "وديعت",
];

static TABLE: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    SPELLINGS.iter().flat_map(|(spellings, arabic)| spellings.iter().map(move |s| (*s, *arabic))).collect()
});

fn by_skeleton(words: &[&'static str]) -> HashMap<String, &'static str> {
    let mut out = HashMap::new();
    for w in words {
        // The first word of a skeleton wins: "اربعه" before "اربع".
        out.entry(skeleton(w)).or_insert(*w);
    }
    out
}

static BY_SKELETON: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| by_skeleton(DIGIT_WORDS));
static ORDINALS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| by_skeleton(ORDINAL_WORDS));

/// The Arabic word a Franco-Arabic word (lower case) stands for; after an
/// article, an ordinal before a number.
pub fn arabic(word: &str, after_article: bool) -> Option<&'static str> {
    if !word.is_ascii() || word.is_empty() {
        return None;
    }
    if let Some(a) = TABLE.get(word) {
        return Some(a);
    }
    if has_letter_digit(word) {
        let s = skeleton(word);
        return after_article
            .then(|| ORDINALS.get(&s).copied())
            .flatten()
            .or_else(|| BY_SKELETON.get(&s).copied());
    }
    None
}

/// `folded` text (see `text::fold`) with its Franco-Arabic words in Arabic.
pub fn rewrite(folded: &str) -> String {
    if !folded.bytes().any(|b| b.is_ascii_alphabetic()) {
        return folded.to_owned();
    }
    let split = |t: &'_ str| -> (usize, usize) {
        let start = t.find(|c: char| c.is_alphanumeric()).unwrap_or(t.len());
        let end = t
            .rfind(|c: char| c.is_alphanumeric())
            .map_or(start, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
        (start, end.max(start))
    };
    let tokens: Vec<&str> = folded.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let (s, e) = split(t);
        let word = &t[s..e];
        // "el dor", "w nos": the article or "and" joins the word after it.
        if e == t.len()
            && let Some(p) = prefix(word)
            && let Some(next) = tokens.get(i + 1)
        {
            let (ns, ne) = split(next);
            if ns == 0
                && let Some(a) = arabic(&next[..ne], p.ends_with("ال"))
            {
                out.push(format!("{}{p}{a}{}", &t[..s], &next[ne..]));
                i += 2;
                continue;
            }
        }
        match arabic(word, false) {
            Some(a) => out.push(format!("{}{a}{}", &t[..s], &t[e..])),
            None => out.push(t.to_owned()),
        }
        i += 1;
    }
    out.join(" ")
}

/// The Arabic prefix a Franco article or conjunction stands for, when the
/// word after it is read as Arabic: "el dor" is "الدور", "w nos" "ونص".
pub fn prefix(word: &str) -> Option<&'static str> {
    Some(match word {
        "el" | "al" | "il" | "l" => "ال",
        "fel" | "fil" | "fl" => "فال",
        "bel" | "bil" | "bl" => "بال",
        "wel" | "wil" => "وال",
        "w" | "we" | "wi" | "wa" | "u" => "و",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn franco_words_read_as_arabic_and_english_words_do_not() {
        for (w, a) in [
            ("mlyon", "مليون"),
            ("7amam", "حمام"),
            ("7amamat", "حمامات"),
            ("mo2adam", "مقدم"),
            ("arba3a", "اربعه"),
            ("3ashra", "عشره"),
            ("a2sat", "اقساط"),
            ("5asm", "خصم"),
            ("owad", "اوض"),
            ("snin", "سنين"),
            ("sha2a", "شقه"),
            ("wa7ed", "واحد"),
        ] {
            assert_eq!(arabic(w, false), Some(a), "{w}");
        }
        for w in
            ["door", "seen", "son", "made", "odd", "old", "3rd", "2nd", "5th", "3br", "120m", "nose", "name"]
        {
            assert_eq!(arabic(w, false), None, "{w}");
        }
        assert_eq!(arabic("5ames", true), Some("خامس"));
        assert_eq!(arabic("5amsa", false), Some("خمسه"));
        for (text, want) in [
            ("3 owad w 2 7amam", "3 اوض w 2 حمام"),
            ("5 mlyon w nos gneh", "5 مليون ونص جنيه"),
            ("fel dor el talet.", "فالدور التالت."),
            ("el se3r 6 mlyon", "السعر 6 مليون"),
            ("Mivida by Emaar, 3 bedrooms", "Mivida by Emaar, 3 bedrooms"),
        ] {
            assert_eq!(rewrite(text), want, "{text}");
        }
    }
}
