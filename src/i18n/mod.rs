//! The one i18n layer: which language a page is in, its direction, every
//! user-facing string in English and Arabic, and number/money formatting.
//!
//! Strings live in [`strings`] as a table the compiler checks: a key without
//! both languages does not build.

#[cfg(feature = "ssr")]
pub mod assistant;
mod context;
mod format;
pub mod labels;
#[cfg(feature = "ssr")]
pub mod messages;
mod strings;

pub use context::{I18n, provide_i18n, use_i18n};
#[cfg(feature = "ssr")]
pub use context::{lang_from_headers, request_lang};

pub use format::{
    format_egp, format_egp_compact, format_number, format_percent, format_phone, format_when, isolate,
    localize_digits, ltr,
};
pub use strings::{Key, Plural};

pub use crate::domain::Lang;

/// Name of the cookie that remembers the visitor's language.
pub const LANG_COOKIE: &str = "osool_lang";

impl Lang {
    /// Reads the language from a `Cookie` header value.
    pub fn from_cookie_header(header: &str) -> Option<Lang> {
        crate::wire::cookie::in_header(header, LANG_COOKIE).find_map(Lang::from_code)
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
