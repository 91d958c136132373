//! The connection to `POST /api/v1/chat` (browser only): the server-sent
//! events read as they arrive, abortable; and keeping the page URL on the
//! conversation.

use super::*;

pub(super) fn replace_url(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = leptos::prelude::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// The connection to `POST /api/v1/chat` (browser only): reads the
/// server-sent events as they arrive and can be aborted.
#[derive(Clone, Copy)]
pub(super) struct Stream {
    #[cfg(feature = "hydrate")]
    abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
}

impl Stream {
    pub(super) fn new() -> Stream {
        Stream {
            #[cfg(feature = "hydrate")]
            abort: StoredValue::new_local(None),
        }
    }

    pub(super) fn stop(&self) {
        #[cfg(feature = "hydrate")]
        if let Some(controller) = self.abort.get_value() {
            controller.abort();
        }
    }

    #[allow(unused_variables)]
    pub(super) fn start(
        &self,
        request: ChatRequest,
        on_event: impl Fn(ChatEvent) + 'static,
        on_end: impl Fn(bool) + 'static,
        on_error: impl Fn(AppError) + 'static,
    ) {
        #[cfg(feature = "hydrate")]
        {
            let controller = web_sys::AbortController::new().ok();
            self.abort.set_value(controller.clone());
            leptos::task::spawn_local(async move {
                let mut finished = false;
                let result = browser::run(&request, controller.as_ref(), |event| {
                    if matches!(event, ChatEvent::Done { .. } | ChatEvent::Error { .. }) {
                        finished = true;
                    }
                    on_event(event);
                })
                .await;
                match result {
                    Ok(()) if finished => {}
                    Ok(()) => on_end(false),
                    Err(browser::Failure::Aborted) => {}
                    Err(browser::Failure::App(e)) => {
                        on_end(false);
                        on_error(e);
                    }
                }
            });
        }
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::api::AppError;
    use crate::api::chat::{ChatEvent, ChatRequest};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    pub enum Failure {
        Aborted,
        App(AppError),
    }

    fn transport(e: JsValue) -> Failure {
        let name = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name())).unwrap_or_default();
        if name == "AbortError" {
            Failure::Aborted
        } else {
            Failure::App(AppError::Transport { message: format!("{e:?}") })
        }
    }

    pub async fn run(
        request: &ChatRequest,
        controller: Option<&web_sys::AbortController>,
        mut on_event: impl FnMut(ChatEvent),
    ) -> Result<(), Failure> {
        let body = serde_json::to_string(request)
            .map_err(|e| Failure::App(AppError::Transport { message: e.to_string() }))?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&body));
        let headers = web_sys::Headers::new().map_err(transport)?;
        headers.set("content-type", "application/json").map_err(transport)?;
        headers.set("accept", "text/event-stream").map_err(transport)?;
        init.set_headers(&headers);
        if let Some(c) = controller {
            init.set_signal(Some(&c.signal()));
        }
        let req = web_sys::Request::new_with_str_and_init("/api/v1/chat", &init).map_err(transport)?;
        let response: web_sys::Response = JsFuture::from(leptos::prelude::window().fetch_with_request(&req))
            .await
            .map_err(transport)?
            .unchecked_into();
        if !response.ok() {
            let text = JsFuture::from(response.text().map_err(transport)?).await.map_err(transport)?;
            let error = text
                .as_string()
                .and_then(|t| serde_json::from_str::<AppError>(&t).ok())
                .unwrap_or(AppError::Transport { message: format!("HTTP {}", response.status()) });
            return Err(Failure::App(error));
        }
        let Some(stream) = response.body() else { return Ok(()) };
        let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        let mut buffer: Vec<u8> = Vec::new();
        loop {
            let chunk = JsFuture::from(reader.read()).await.map_err(transport)?;
            let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true);
            if done {
                break;
            }
            if let Ok(value) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value")) {
                buffer.extend(js_sys::Uint8Array::new(&value).to_vec());
            }
            while let Some(end) = buffer.windows(2).position(|w| w == b"\n\n") {
                let raw: Vec<u8> = buffer.drain(..end + 2).collect();
                let text = String::from_utf8_lossy(&raw);
                let data: String = text
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(|d| d.trim_start())
                    .collect::<Vec<_>>()
                    .join("\n");
                if data.is_empty() {
                    continue;
                }
                if let Ok(event) = serde_json::from_str::<ChatEvent>(&data) {
                    on_event(event);
                }
            }
        }
        Ok(())
    }
}
