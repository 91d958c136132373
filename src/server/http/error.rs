//! How `AppError` leaves a JSON handler: one shape,
//! `{"error": {"code", "message", ...}}`, with `Retry-After` on 429 and on a 503 that says when to retry.

use crate::wire::AppError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = serde_json::to_value(&self).unwrap_or_else(|_| serde_json::json!({}));
        if let Some(object) = body.as_object_mut() {
            object.insert("message".into(), self.to_string().into());
        }
        let mut response = (status, Json(serde_json::json!({ "error": body }))).into_response();
        if let Some(retry_after_secs) = self.retry_after()
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
