//! Every request gets an id: the caller's `x-request-id` when it is sane,
//! a fresh UUID otherwise. It is echoed in the response, carried by every log
//! line of the request (the span), and shown to users with internal errors.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub static HEADER: HeaderName = HeaderName::from_static("x-request-id");

pub use crate::server::telemetry::RequestId;

fn acceptable(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

pub async fn middleware(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let value = HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("invalid"));
    request.headers_mut().insert(HEADER.clone(), value.clone());
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = crate::server::telemetry::with_request_id(id, next.run(request)).await;
    response.headers_mut().insert(HEADER.clone(), value);
    response
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn ids_from_callers_are_checked() {
        assert!(acceptable("3f2c9a4e-1b2d-4c5e-9f00-aa11bb22cc33"));
        assert!(!acceptable(""));
        assert!(!acceptable("line\nbreak"));
        assert!(!acceptable(&"x".repeat(65)));
    }
}
