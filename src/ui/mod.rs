//! The user interface: the page layout, one file per page, and components.

pub mod components;
pub mod layout;
pub mod lazy;
pub mod pages;

use leptos::text_prop::TextProp;

/// Text for `<Title>` and `<Meta>`. The server renders it at once: the
/// server integration reads the document head after the page has rendered,
/// possibly on another worker thread with no reactive arena active, where
/// reading a signal panics (a 500 for about one home page in fifty under
/// concurrent load). In the browser it stays reactive and follows the
/// language and the query.
/// A page title. Leptos' `<Title>` writes its text into the server's HTML
/// unescaped (leptos_meta 0.8), so a query or a listing title holding
/// "</title><img ...>" would become markup: on the server it is escaped
/// here; in the browser it is set as text.
pub fn title_text<T: Into<String>>(text: impl Fn() -> T + Send + Sync + 'static) -> TextProp {
    #[cfg(feature = "ssr")]
    {
        TextProp::from(escape_html(&text().into()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        owned_text(text)
    }
}

/// In the browser: `text` as a memo owned by the page that made it. The
/// head outlives the page (leptos_meta re-reads a title after the route
/// has changed), and a page's signals are gone by then; the memo is read
/// with `try_get`, so a departed page's title reads as empty instead of
/// panicking on a disposed signal (which stopped the next page loading).
#[cfg(not(feature = "ssr"))]
fn owned_text<T: Into<String>>(text: impl Fn() -> T + Send + Sync + 'static) -> TextProp {
    use leptos::prelude::{Get, Memo};
    let memo = Memo::new(move |_| text().into());
    TextProp::from(move || memo.try_get().unwrap_or_default())
}

/// `&`, `<`, `>`, `"` and `'` as character references.
#[cfg(feature = "ssr")]
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn head_text<T: Into<String>>(text: impl Fn() -> T + Send + Sync + 'static) -> TextProp {
    #[cfg(feature = "ssr")]
    {
        TextProp::from(text().into())
    }
    #[cfg(not(feature = "ssr"))]
    {
        owned_text(text)
    }
}
