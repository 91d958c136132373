//! A local stand-in for Twilio's Messages API: the real wire format (form
//! post with Basic auth to /2010-04-01/Accounts/{sid}/Messages.json, JSON
//! answers and errors), recording what was "sent".

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Form, Json, Router};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const SID: &str = "ACtest0000000000000000000000000000";
pub const TOKEN: &str = "twilio-test-token";
pub const FROM: &str = "+15005550006";

#[derive(Clone, Debug)]
pub struct Sms {
    pub to: String,
    pub body: String,
}

#[derive(Clone, Default)]
struct Outbox(Arc<Mutex<Vec<Sms>>>);

pub struct FakeTwilio {
    pub base_url: String,
    outbox: Outbox,
}

impl FakeTwilio {
    pub async fn start() -> FakeTwilio {
        let outbox = Outbox::default();
        let app = Router::new()
            .route("/2010-04-01/Accounts/{sid}/Messages.json", post(create_message))
            .with_state(outbox.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeTwilio { base_url: format!("http://{addr}"), outbox }
    }

    pub fn messages_to(&self, phone: &str) -> Vec<Sms> {
        self.outbox
            .0
            .lock()
            .map(|o| o.iter().filter(|m| m.to == phone).cloned().collect())
            .unwrap_or_default()
    }

    /// The six-digit code in message number `n` (from 1) to `phone`,
    /// waiting up to five seconds for it: messages leave through the outbox,
    /// just after the request that asked for them.
    pub async fn code(&self, phone: &str, n: usize) -> Option<String> {
        for _ in 0..50 {
            if let Some(message) = self.messages_to(phone).get(n.saturating_sub(1)) {
                return message
                    .body
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|w| w.len() == 6)
                    .map(str::to_owned);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        None
    }

    /// Variables that point the app at this fake.
    pub fn vars(&self) -> [(String, String); 4] {
        [
            ("TWILIO_ACCOUNT_SID".into(), SID.into()),
            ("TWILIO_AUTH_TOKEN".into(), TOKEN.into()),
            ("TWILIO_FROM".into(), FROM.into()),
            ("TWILIO_BASE_URL".into(), self.base_url.clone()),
        ]
    }
}

fn error(status: StatusCode, code: u32, message: &str) -> (StatusCode, Json<Value>) {
    (
        status,
        Json(
            json!({"code": code, "message": message, "more_info": "https://www.twilio.com/docs/errors", "status": status.as_u16()}),
        ),
    )
}

async fn create_message(
    State(outbox): State<Outbox>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> (StatusCode, Json<Value>) {
    let expected =
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{SID}:{TOKEN}")));
    if sid != SID || headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return error(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
    }
    let (Some(to), Some(body)) = (form.get("To"), form.get("Body")) else {
        return error(StatusCode::BAD_REQUEST, 21604, "A 'To' phone number and a 'Body' are required.");
    };
    if !form.contains_key("From") && !form.contains_key("MessagingServiceSid") {
        return error(StatusCode::BAD_REQUEST, 21603, "A 'From' phone number is required.");
    }
    if let Ok(mut o) = outbox.0.lock() {
        o.push(Sms { to: to.clone(), body: body.clone() });
    }
    (
        StatusCode::CREATED,
        Json(json!({
            "sid": "SM00000000000000000000000000000000",
            "account_sid": SID,
            "to": to,
            "from": form.get("From"),
            "body": body,
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "error_code": null,
            "error_message": null
        })),
    )
}
