//! Paymob: the Intention API (a payment for one reservation, paid on the
//! unified checkout), refunds, transaction inquiries, and the HMAC that
//! signs its callbacks. Every call has a deadline and goes through a
//! circuit breaker (state in `/readyz` and `paymob_circuit_state`): while
//! Paymob fails, reservations are refused at once instead of each buyer
//! waiting out a timeout.

use crate::server::adapters::breaker::Breaker;
use crate::server::config::PaymobConfig;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha512;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum PaymobError {
    #[error("Paymob is failing: calls are paused for a while")]
    CircuitOpen,
    #[error("Paymob did not answer: {0}")]
    Unreachable(String),
    #[error("Paymob refused ({status}): {detail}")]
    Rejected { status: u16, detail: String },
    #[error("Paymob's answer could not be read: {0}")]
    Unreadable(String),
}

impl PaymobError {
    /// Whether trying again later may work (not a refusal of the request).
    pub fn is_transient(&self) -> bool {
        match self {
            PaymobError::Rejected { status, .. } => *status >= 500 || *status == 429,
            _ => true,
        }
    }
}

/// What we ask Paymob to collect.
pub struct IntentionRequest<'a> {
    pub amount_cents: i64,
    /// Our reservation id.
    pub special_reference: &'a str,
    pub item_name: &'a str,
    pub notification_url: &'a str,
    pub redirection_url: &'a str,
    /// Seconds the checkout stays open.
    pub expiration_secs: u64,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
}

/// A created intention.
#[derive(Clone, Debug)]
pub struct Intention {
    pub id: String,
    pub client_secret: String,
    pub order_id: i64,
}

#[derive(Deserialize)]
struct IntentionAnswer {
    id: String,
    client_secret: String,
    intention_order_id: i64,
}

pub struct Paymob {
    config: PaymobConfig,
    http: reqwest::Client,
    pub breaker: Breaker,
}

impl Paymob {
    pub fn new(config: PaymobConfig) -> Paymob {
        crate::server::install_tls();
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(5).min(config.timeout))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Paymob { config, http, breaker: Breaker::named("paymob", 3, Duration::from_secs(30)) }
    }

    pub fn config(&self) -> &PaymobConfig {
        &self.config
    }

    /// The unified checkout for an intention's client secret.
    pub fn checkout_url(&self, client_secret: &str) -> String {
        let mut url = format!("{}/unifiedcheckout/", self.config.base_url);
        url.push_str("?publicKey=");
        url.push_str(&encode(&self.config.public_key));
        url.push_str("&clientSecret=");
        url.push_str(&encode(client_secret));
        url
    }

    /// `POST /v1/intention/`: one card payment of `amount_cents` EGP.
    pub async fn create_intention(&self, r: &IntentionRequest<'_>) -> Result<Intention, PaymobError> {
        let body = json!({
            "amount": r.amount_cents,
            "currency": "EGP",
            "payment_methods": self.config.integration_ids,
            "items": [{ "name": r.item_name, "amount": r.amount_cents, "description": r.item_name, "quantity": 1 }],
            "billing_data": {
                "first_name": r.first_name, "last_name": r.last_name, "email": r.email,
                "phone_number": r.phone, "apartment": "NA", "floor": "NA", "street": "NA",
                "building": "NA", "city": "Cairo", "country": "EG", "state": "NA",
            },
            "special_reference": r.special_reference,
            "notification_url": r.notification_url,
            "redirection_url": r.redirection_url,
            "expiration": r.expiration_secs,
        });
        let answer = self
            .call(
                self.http
                    .post(format!("{}/v1/intention/", self.config.base_url))
                    .header("Authorization", format!("Token {}", self.config.secret_key.expose()))
                    .json(&body),
            )
            .await?;
        let answer: IntentionAnswer =
            serde_json::from_value(answer).map_err(|e| PaymobError::Unreadable(e.to_string()))?;
        Ok(Intention {
            id: answer.id,
            client_secret: answer.client_secret,
            order_id: answer.intention_order_id,
        })
    }

    /// `POST /api/acceptance/void_refund/refund`: gives `amount_cents` of
    /// the transaction back. Paymob answers with the refund transaction.
    pub async fn refund(&self, transaction_id: i64, amount_cents: i64) -> Result<Value, PaymobError> {
        self.call(
            self.http
                .post(format!("{}/api/acceptance/void_refund/refund", self.config.base_url))
                .header("Authorization", format!("Token {}", self.config.secret_key.expose()))
                .json(&json!({ "transaction_id": transaction_id, "amount_cents": amount_cents })),
        )
        .await
    }

    /// The last transaction of Paymob order `order_id`, if there is one:
    /// an auth token from the API key, then the order inquiry.
    pub async fn inquire(&self, order_id: i64) -> Result<Option<Value>, PaymobError> {
        let token = self
            .call(
                self.http
                    .post(format!("{}/api/auth/tokens", self.config.base_url))
                    .json(&json!({ "api_key": self.config.api_key.expose() })),
            )
            .await?;
        let token = token["token"].as_str().ok_or_else(|| PaymobError::Unreadable("no token".into()))?;
        match self
            .call(
                self.http
                    .post(format!("{}/api/ecommerce/orders/transaction_inquiry", self.config.base_url))
                    .json(&json!({ "auth_token": token, "order_id": order_id })),
            )
            .await
        {
            Ok(transaction) => Ok(Some(transaction)),
            Err(PaymobError::Rejected { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Sends one request through the breaker; a JSON answer or the error.
    async fn call(&self, request: reqwest::RequestBuilder) -> Result<Value, PaymobError> {
        if !self.breaker.allow() {
            return Err(PaymobError::CircuitOpen);
        }
        let outcome = async {
            let response = request.send().await.map_err(|e| PaymobError::Unreachable(e.to_string()))?;
            let status = response.status().as_u16();
            let text = response.text().await.map_err(|e| PaymobError::Unreachable(e.to_string()))?;
            if !(200..300).contains(&status) {
                let detail: String = text.chars().take(300).collect();
                return Err(PaymobError::Rejected { status, detail });
            }
            serde_json::from_str::<Value>(&text).map_err(|e| PaymobError::Unreadable(e.to_string()))
        }
        .await;
        match &outcome {
            Err(e) if e.is_transient() => self.breaker.failure(),
            _ => self.breaker.success(),
        }
        outcome
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The fields Paymob signs, in its order. For the processed (POST)
/// callback they are read from the transaction object (`id`, `order.id`,
/// `source_data.pan`, ...); for the response (GET) callback from the query
/// (`id`, `order`, `source_data.pan`, ...).
const SIGNED: [&str; 20] = [
    "amount_cents",
    "created_at",
    "currency",
    "error_occured",
    "has_parent_transaction",
    "id",
    "integration_id",
    "is_3d_secure",
    "is_auth",
    "is_capture",
    "is_refunded",
    "is_standalone_payment",
    "is_voided",
    "order.id",
    "owner",
    "pending",
    "source_data.pan",
    "source_data.sub_type",
    "source_data.type",
    "success",
];

/// A JSON value as Paymob writes it into the signed string: strings bare,
/// booleans `true`/`false`, numbers as written, null as nothing.
fn text_of(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

/// The signed fields of a transaction object as the response (GET)
/// callback's query names them (`order` for `order.id`), with their text.
pub fn response_fields(obj: &Value) -> Vec<(String, String)> {
    SIGNED
        .iter()
        .map(|field| {
            let mut value = Some(obj);
            for part in field.split('.') {
                value = value.and_then(|v| v.get(part));
            }
            let key = if *field == "order.id" { "order" } else { field };
            (key.to_owned(), text_of(value))
        })
        .collect()
}

/// The string Paymob signs for a processed callback's `obj`.
pub fn processed_string(obj: &Value) -> String {
    response_fields(obj).into_iter().map(|(_, value)| value).collect()
}

/// The string Paymob signs for a response callback's query.
pub fn response_string(query: &std::collections::HashMap<String, String>) -> String {
    SIGNED
        .iter()
        .map(|field| {
            let key = if *field == "order.id" { "order" } else { field };
            query.get(key).cloned().unwrap_or_default()
        })
        .collect()
}

/// HMAC-SHA512 of `text` under `secret`, lower-case hex.
pub fn sign(secret: &str, text: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha512>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(text.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `hmac` (hex, either case) signs `text` under `secret`, compared
/// in constant time.
pub fn verify(secret: &str, text: &str, hmac: &str) -> bool {
    let Some(given) = hex(hmac) else { return false };
    let Ok(mut mac) = Hmac::<Sha512>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(text.as_bytes());
    mac.verify_slice(&given).is_ok()
}

fn hex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if text.len() != 128 || !text.is_ascii() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paymob's published sample: the transaction processed callback in
    /// "HMAC Transaction Callback" (developers.paymob.com), its
    /// concatenated string and its HMAC.
    fn published() -> Value {
        serde_json::from_str(include_str!("../../../data/fixtures/paymob/processed-callback.json"))
            .expect("the sample parses")
    }

    const PUBLISHED_STRING: &str = "1000002024-06-13T11:33:44.592345EGPfalsefalse1920364654097558truefalsefalsefalsetruefalse217503754302852false2346MasterCardcardtrue";
    const PUBLISHED_HMAC: &str = "fa8ac0b7f3852e60c50e7fdd4ea5ef0bda96030c19dea1d55df8c76d6c08ab1877774662cbb04981dc84839ad4da560bcc8cb53b8973548657f7e8f8d2e79930";
    /// The HMAC secret the sample was signed with (a test account's).
    const PUBLISHED_SECRET: &str = "04DC1A9490B8CC2094C011FC055ADCDB";

    #[test]
    fn our_hmac_of_paymobs_published_sample_is_the_published_value() {
        let sample = published();
        assert_eq!(processed_string(&sample["obj"]), PUBLISHED_STRING);
        assert_eq!(sign(PUBLISHED_SECRET, PUBLISHED_STRING), PUBLISHED_HMAC);
        assert!(verify(PUBLISHED_SECRET, &processed_string(&sample["obj"]), PUBLISHED_HMAC));
        assert!(verify(PUBLISHED_SECRET, PUBLISHED_STRING, &PUBLISHED_HMAC.to_uppercase()));
    }

    #[test]
    fn any_change_to_a_signed_field_breaks_the_signature() {
        let sample = published();
        for (path, value) in [
            ("amount_cents", json!(100001)),
            ("currency", json!("USD")),
            ("success", json!(false)),
            ("is_refunded", json!(true)),
            ("id", json!(192036466)),
            ("integration_id", json!(1)),
        ] {
            let mut obj = sample["obj"].clone();
            obj[path] = value;
            assert!(!verify(PUBLISHED_SECRET, &processed_string(&obj), PUBLISHED_HMAC), "{path}");
        }
        let mut obj = sample["obj"].clone();
        obj["order"]["id"] = json!(1);
        assert!(!verify(PUBLISHED_SECRET, &processed_string(&obj), PUBLISHED_HMAC));
        // Unsigned fields may change (Paymob adds fields over time).
        let mut obj = sample["obj"].clone();
        obj["merchant_commission"] = json!(5);
        assert!(verify(PUBLISHED_SECRET, &processed_string(&obj), PUBLISHED_HMAC));
    }

    #[test]
    fn malformed_signatures_are_refused() {
        for bad in ["", "zz", &"0".repeat(128), &PUBLISHED_HMAC[..127], &format!("{PUBLISHED_HMAC}00"), "é"]
        {
            assert!(!verify(PUBLISHED_SECRET, PUBLISHED_STRING, bad), "{bad:?}");
        }
        assert!(!verify("another secret", PUBLISHED_STRING, PUBLISHED_HMAC));
    }

    #[test]
    fn the_response_callback_signs_the_same_fields_from_the_query() {
        let obj = &published()["obj"];
        let query: std::collections::HashMap<String, String> = response_fields(obj).into_iter().collect();
        assert_eq!(query.len(), 20);
        assert_eq!(query["order"], "217503754");
        assert_eq!(response_string(&query), PUBLISHED_STRING);
    }

    #[test]
    fn checkout_urls_carry_the_keys_encoded() {
        assert_eq!(encode("egy_pk_test_a+b/c"), "egy_pk_test_a%2Bb%2Fc");
    }
}
