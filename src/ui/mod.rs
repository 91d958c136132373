//! The user interface: the page layout, one file per page, and components.

pub mod components;
pub mod layout;
pub mod pages;

use leptos::text_prop::TextProp;

/// Text for `<Title>` and `<Meta>`. The server renders it at once: the
/// server integration reads the document head after the page has rendered,
/// possibly on another worker thread with no reactive arena active, where
/// reading a signal panics (a 500 for about one home page in fifty under
/// concurrent load). In the browser it stays reactive and follows the
/// language and the query.
pub fn head_text<T: Into<String>>(text: impl Fn() -> T + Send + Sync + 'static) -> TextProp {
    #[cfg(feature = "ssr")]
    {
        TextProp::from(text().into())
    }
    #[cfg(not(feature = "ssr"))]
    {
        TextProp::from(move || text().into())
    }
}
