//! What no route matched: a file of the built site (WASM, JS, CSS, pictures)
//! if there is one, else the "page not found" page.
//!
//! Not `leptos_axum::file_and_error_handler`: it serves a file inside
//! `Owner::new()`, whose parent is whatever reactive owner the worker
//! thread last set (`Owner::new_root` leaves the thread-local set), and
//! then applies the `ResponseOptions` it finds there to the file. When a
//! page was rendering on that thread, the file's response took that page's
//! headers (its Content-Security-Policy, cookies, status) and the page went
//! out without them: about one page in 150 in the browser tests arrived
//! with no script allowed to run. Here a file is served with no reactive
//! context at all (`tests::security::files_never_take_a_pages_headers`).

use crate::server::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use http::{Method, StatusCode};
use leptos::prelude::provide_context;
use tower::ServiceExt;
use tower_http::services::ServeDir;

pub async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut probe = Request::new(Body::empty());
        *probe.method_mut() = request.method().clone();
        *probe.uri_mut() = request.uri().clone();
        *probe.headers_mut() = request.headers().clone();
        // The build leaves brotli and gzip copies of the bundle beside it
        // (scripts/lib.sh `precompress_site`), compressed once at the
        // highest settings instead of on every request at a fast one.
        let served = ServeDir::new(&*state.leptos.site_root)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(probe)
            .await;
        // A name no file can have (longer than the file system allows, say)
        // is an I/O error to ServeDir, a 500; to the visitor it is a page
        // that does not exist (`tests::fuzz`).
        if let Ok(response) = served
            && response.status() != StatusCode::NOT_FOUND
            && !response.status().is_server_error()
        {
            return response.map(Body::new);
        }
    }
    let options = state.leptos.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || provide_context(state.clone()),
        move || crate::app::shell(options.clone()),
    );
    render(request).await
}
