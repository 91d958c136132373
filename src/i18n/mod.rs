//! The one i18n layer: which language a page is in, its direction, every
//! user-facing string in English and Arabic, and number/money formatting.
//!
//! Strings live in [`strings`] as a table the compiler checks: a key without
//! both languages does not build.

mod context;
mod format;
pub mod labels;
mod strings;

pub use context::{I18n, provide_i18n, use_i18n};
#[cfg(feature = "ssr")]
pub use context::{lang_from_headers, request_lang};

pub use format::{
    format_egp, format_egp_compact, format_number, format_percent, format_phone, format_when, isolate,
    localize_digits, ltr,
};
pub use strings::{Key, Plural};

use serde::{Deserialize, Serialize};

/// The languages Osool speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ar,
}

/// Name of the cookie that remembers the visitor's language.
pub const LANG_COOKIE: &str = "osool_lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ar];

    /// BCP 47 tag used in `<html lang>`.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    pub const fn dir(self) -> &'static str {
        match self {
            Lang::En => "ltr",
            Lang::Ar => "rtl",
        }
    }

    pub const fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar)
    }

    /// The language offered by the switch in the header.
    pub const fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ar,
            Lang::Ar => Lang::En,
        }
    }

    /// The language's own name, shown on the switch whatever the page language.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ar => "العربية",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ar" => Some(Lang::Ar),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header,
    /// honouring q-values; `None` when it names neither language.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(tag) = pieces.next() else { continue };
            let Some(lang) = Lang::from_code(tag) else { continue };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            // Compare q in thousandths so the ordering is total.
            let q = (q.clamp(0.0, 1.0) * 1000.0) as u32;
            if q > 0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }

    /// Reads the language from a `Cookie` header value.
    pub fn from_cookie_header(header: &str) -> Option<Lang> {
        header.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == LANG_COOKIE).then(|| Lang::from_code(value)).flatten()
        })
    }

    pub fn t(self, key: Key) -> &'static str {
        key.text(self)
    }

    /// A count with its noun in the right plural form, digits localised.
    pub fn plural(self, key: Plural, n: u64) -> String {
        let template = key.form(self, n);
        template.replace("{n}", &format_number(n as i64, self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_q() {
        assert_eq!(Lang::from_accept_language("ar-EG,ar;q=0.9,en;q=0.8"), Some(Lang::Ar));
        assert_eq!(Lang::from_accept_language("fr-FR, en;q=0.5, ar;q=0.4"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("en;q=0.2, ar"), Some(Lang::Ar));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(Lang::from_accept_language("ar;q=0"), None);
    }

    #[test]
    fn cookie_header_is_parsed_among_others() {
        assert_eq!(Lang::from_cookie_header("a=1; osool_lang=ar; b=2"), Some(Lang::Ar));
        assert_eq!(Lang::from_cookie_header("osool_lang=xx"), None);
        assert_eq!(Lang::from_cookie_header("other=ar"), None);
    }

    #[test]
    fn arabic_plurals_follow_the_arabic_rules() {
        assert_eq!(Lang::Ar.plural(Plural::Installments, 1), "قسط واحد");
        assert_eq!(Lang::Ar.plural(Plural::Installments, 2), "قسطان");
        assert_eq!(Lang::Ar.plural(Plural::Installments, 7), "٧ أقساط");
        assert_eq!(Lang::Ar.plural(Plural::Installments, 84), "٨٤ قسطًا");
        assert_eq!(Lang::Ar.plural(Plural::Installments, 100), "١٠٠ قسط");
        assert_eq!(Lang::En.plural(Plural::Installments, 1), "1 installment");
        assert_eq!(Lang::En.plural(Plural::Installments, 1000), "1,000 installments");
    }

    #[test]
    fn waits_read_in_seconds_then_minutes() {
        use crate::ui::components::account::wait_text;
        assert_eq!(wait_text(2, Lang::En), "2 seconds");
        assert_eq!(wait_text(1, Lang::En), "1 second");
        assert_eq!(wait_text(3505, Lang::En), "59 minutes");
        assert_eq!(wait_text(120, Lang::Ar), "دقيقتين");
        assert_eq!(wait_text(300, Lang::Ar), "٥ دقائق");
        assert_eq!(wait_text(45, Lang::Ar), "٤٥ ثانية");
    }
}
