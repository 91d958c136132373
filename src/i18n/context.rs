//! The page language as reactive state. On the server it comes from the
//! request (cookie, then `Accept-Language`); in the browser it starts from
//! the `<html lang>` the server rendered, so hydration sees the same text.

use super::{Key, Lang};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The language now, without subscribing to changes.
    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    pub fn t(&self, key: Key) -> &'static str {
        self.lang.get().t(key)
    }

    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
    }
}

/// The language of the request being rendered.
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    use_context::<http::request::Parts>().map(|parts| lang_from_headers(&parts.headers)).unwrap_or_default()
}

#[cfg(feature = "ssr")]
pub fn lang_from_headers(headers: &http::HeaderMap) -> Lang {
    let header = |name| headers.get_all(name).iter().filter_map(|v| v.to_str().ok());
    header(http::header::COOKIE)
        .find_map(Lang::from_cookie_header)
        .or_else(|| header(http::header::ACCEPT_LANGUAGE).find_map(Lang::from_accept_language))
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn request_lang() -> Lang {
    document_lang().unwrap_or_default()
}

#[cfg(feature = "hydrate")]
fn document_lang() -> Option<Lang> {
    let root = leptos::prelude::document().document_element()?;
    Lang::from_code(&root.get_attribute("lang")?)
}

#[cfg(not(any(feature = "hydrate", feature = "ssr")))]
fn document_lang() -> Option<Lang> {
    None
}

/// Provides the language to the whole app and keeps `<html lang dir>` in
/// step when the visitor switches.
pub fn provide_i18n() -> I18n {
    let i18n = I18n { lang: RwSignal::new(request_lang()) };
    provide_context(i18n);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let lang = i18n.lang();
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
            let _ = root.set_attribute("dir", lang.dir());
        }
    });
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n { lang: RwSignal::new(Lang::default()) })
}
