//! Keyboard focus for dialogs and menus (WCAG 2.1.2, 2.4.3): while one is
//! open, Tab and Shift+Tab stay inside it, Escape closes it, and when it
//! closes focus goes back to what opened it (or, when that is gone, to
//! what stands in its place). On the server these do nothing.

use leptos::html::ElementType;
use leptos::prelude::*;

/// What can take focus inside a container, in document order.
#[cfg(feature = "hydrate")]
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
/// Marks the element that opened a dialog, to give focus back to it.
#[cfg(feature = "hydrate")]
const OPENER: &str = "data-focus-return";
/// Where focus goes when the opener is gone (after signing in, the "Sign in"
/// button is replaced by the account button).
#[cfg(feature = "hydrate")]
const FALLBACK: &str = "[data-testid='account-button'], [data-testid='sign-in'], main a[href], main button";

#[cfg(feature = "hydrate")]
fn focusables(container: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Ok(list) = container.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        // Hidden ones (display: none) have no layout box.
        .filter(|e| e.offset_parent().is_some())
        .collect()
}

#[cfg(feature = "hydrate")]
fn as_element<E>(node: &NodeRef<E>) -> Option<web_sys::Element>
where
    E: ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    use wasm_bindgen::JsCast;
    // Timers and listeners can outlive the dialog: a removed one is None.
    node.try_get_untracked().flatten().map(|e| e.unchecked_into::<web_sys::Element>())
}

/// Keeps Tab inside `container` while `open` is true (always, when `open`
/// is `None`: a dialog mounted only while shown); Escape calls
/// `on_escape`. Dialogs pass `modal`: focus moves in when it opens and
/// back to the opener when it is removed.
pub fn contain_focus<E>(
    container: NodeRef<E>,
    open: Option<Signal<bool>>,
    modal: bool,
    on_escape: impl Fn() + 'static,
) where
    E: ElementType + 'static,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (container, open, modal, on_escape);
    }
    #[cfg(feature = "hydrate")]
    {
        let is_open = move || open.is_none_or(|o| o.try_get_untracked().unwrap_or(false));
        let on_escape = std::rc::Rc::new(on_escape);
        let escape = on_escape.clone();
        if modal {
            if let Some(active) = document().active_element() {
                let _ = active.set_attribute(OPENER, "");
            }
            // Into the dialog; again once content that loads late (the
            // session check) has arrived.
            for delay in [0, 150, 600] {
                set_timeout(
                    move || focus_into(as_element(&container)),
                    std::time::Duration::from_millis(delay),
                );
            }
            on_cleanup(give_focus_back);
        }
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if is_open()
                && let Some(el) = as_element(&container)
            {
                on_key(&ev, &el, modal, &*escape);
            }
        });
        on_cleanup(move || handle.remove());
        if !modal {
            // Pressing outside an open menu closes it. On pointerdown, not
            // click: by the time a click reaches the window, the toggle's
            // own handler may have re-rendered the icon that was pressed,
            // and a detached target looks like "outside".
            let clicks = window_event_listener(leptos::ev::pointerdown, move |ev| {
                use wasm_bindgen::JsCast;
                if !is_open() {
                    return;
                }
                let Some(el) = as_element(&container) else { return };
                let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                if !target.is_some_and(|t| el.contains(Some(&t))) {
                    on_escape();
                }
            });
            on_cleanup(move || clicks.remove());
        }
    }
}

/// Focus into a dialog: its autofocus field, else its first field, else
/// the dialog itself; not when a field inside already has it.
#[cfg(feature = "hydrate")]
fn focus_into(container: Option<web_sys::Element>) {
    use wasm_bindgen::JsCast;
    let Some(el) = container else { return };
    let active = document().active_element();
    let inside_field = active.as_ref().is_some_and(|a| {
        el.contains(Some(a)) && matches!(a.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
    });
    if inside_field {
        return;
    }
    let items = focusables(&el);
    let target = items
        .iter()
        .find(|e| e.has_attribute("autofocus"))
        .or_else(|| items.iter().find(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")))
        .cloned()
        .or_else(|| el.clone().dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(t) = target {
        let _ = t.focus();
    }
}

/// When a dialog is removed: focus back to what opened it, or (when that
/// is gone) to what stands in its place. Looked at again a little later:
/// after signing in, the "Sign in" link that opened the dialog is replaced
/// once the session reloads.
#[cfg(feature = "hydrate")]
fn give_focus_back() {
    use wasm_bindgen::JsCast;
    let opener = document().query_selector(&format!("[{OPENER}]")).ok().flatten();
    if let Some(o) = &opener {
        let _ = o.remove_attribute(OPENER);
    }
    let opener = std::rc::Rc::new(opener);
    for delay in [50, 300, 800, 1500] {
        let opener = opener.clone();
        set_timeout(
            move || {
                let document = leptos::prelude::document();
                let lost = document
                    .active_element()
                    .is_none_or(|a| !a.is_connected() || a.tag_name() == "BODY" || a.tag_name() == "HTML");
                if !lost && delay > 50 {
                    return;
                }
                let target = opener
                    .as_ref()
                    .clone()
                    .filter(|o| o.is_connected())
                    .or_else(|| document.query_selector(FALLBACK).ok().flatten());
                if let Some(t) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = t.focus();
                }
            },
            std::time::Duration::from_millis(delay),
        );
    }
}

/// Escape closes (a menu gives focus back to its toggle); in a dialog, Tab
/// and Shift+Tab wrap around inside it.
#[cfg(feature = "hydrate")]
fn on_key(ev: &web_sys::KeyboardEvent, el: &web_sys::Element, modal: bool, escape: &dyn Fn()) {
    use wasm_bindgen::JsCast;
    match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            let toggle = (!modal)
                .then(|| el.query_selector("[aria-expanded='true']").ok().flatten())
                .flatten()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
            escape();
            if let Some(t) = toggle {
                let _ = t.focus();
            }
        }
        "Tab" if modal => {
            let items = focusables(el);
            let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
            let active = document().active_element();
            let is = |x: &web_sys::HtmlElement| {
                active.as_ref().is_some_and(|a| a == x.unchecked_ref::<web_sys::Element>())
            };
            let inside = active.as_ref().is_some_and(|a| el.contains(Some(a)));
            let target = match (inside, ev.shift_key()) {
                (false, false) => Some(first),
                (false, true) => Some(last),
                (true, false) if is(last) => Some(first),
                (true, true) if is(first) => Some(last),
                _ => None,
            };
            if let Some(t) = target {
                ev.prevent_default();
                let _ = t.focus();
            }
        }
        _ => {}
    }
}
