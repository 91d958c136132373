//! A local stand-in for Paymob, speaking its wire format: the Intention API
//! (`POST /v1/intention/` with `Authorization: Token <secret key>`), the
//! unified checkout page (`/unifiedcheckout/?publicKey=&clientSecret=`)
//! with Pay and Decline buttons, the transaction processed callback (a
//! signed POST to the intention's `notification_url`) and the response
//! callback (the browser sent to `redirection_url` with the signed query),
//! refunds (`POST /api/acceptance/void_refund/refund`, which also send a
//! refund callback) and the order inquiry (`/api/auth/tokens`, then
//! `/api/ecommerce/orders/transaction_inquiry`). The tests start it on a
//! random port; `osool fake-paymob` serves it for `./scripts/run`, so a
//! person can click through a reservation on their machine. It is never
//! used in production: the configuration points at Paymob.

use crate::server::adapters::paymob::{processed_string, sign};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const SECRET_KEY: &str = "sk_test_osool_fake_paymob_secret";
pub const PUBLIC_KEY: &str = "egy_pk_test_osool_fake_paymob";
pub const HMAC_SECRET: &str = "FAKEPAYMOBHMACSECRET0123456789AB";
pub const API_KEY: &str = "fake-paymob-api-key";
pub const INTEGRATION_ID: i64 = 4_097_558;
/// The card the checkout page pays with (Paymob's MasterCard test card).
pub const TEST_PAN: &str = "2346";

/// How the Intention API behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntentionMode {
    Normal,
    /// 500 to every intention.
    Fail,
    /// Never answers (the client's timeout must end the call).
    Hang,
}

#[derive(Clone, Debug)]
struct Intention {
    id: String,
    order_id: i64,
    amount_cents: i64,
    currency: String,
    special_reference: String,
    notification_url: String,
    redirection_url: String,
    expires: Instant,
}

/// A callback the fake sent, as the app received it.
#[derive(Clone, Debug)]
pub struct Sent {
    pub url: String,
    pub body: Value,
    pub hmac: String,
    pub status: u16,
}

struct Inner {
    intentions: HashMap<String, Intention>,
    transactions: Vec<Value>,
    next_id: i64,
    mode: IntentionMode,
    deliver: bool,
    sent: Vec<Sent>,
    refunds: Vec<(i64, i64)>,
    tokens: Vec<String>,
}

#[derive(Clone)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    http: reqwest::Client,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub struct FakePaymob {
    pub base_url: String,
    shared: Shared,
}

impl FakePaymob {
    /// Serves on a random loopback port.
    pub async fn start() -> std::io::Result<FakePaymob> {
        FakePaymob::serve("127.0.0.1:0").await
    }

    /// Serves on `addr` until the process ends.
    pub async fn serve(addr: &str) -> std::io::Result<FakePaymob> {
        crate::server::install_tls();
        let shared = Shared {
            inner: Arc::new(Mutex::new(Inner {
                intentions: HashMap::new(),
                transactions: Vec::new(),
                next_id: 192_036_465,
                mode: IntentionMode::Normal,
                deliver: true,
                sent: Vec::new(),
                refunds: Vec::new(),
                tokens: Vec::new(),
            })),
            http: reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap_or_default(),
        };
        let app = Router::new()
            .route("/v1/intention/", post(create_intention))
            .route("/unifiedcheckout/", get(checkout))
            .route("/unifiedcheckout/pay", post(pay_form))
            .route("/api/acceptance/void_refund/refund", post(refund))
            .route("/api/auth/tokens", post(auth_token))
            .route("/api/ecommerce/orders/transaction_inquiry", post(inquiry))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakePaymob { base_url, shared })
    }

    /// The app's `PAYMOB_*` variables for this fake.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("PAYMOB_SECRET_KEY", SECRET_KEY.into()),
            ("PAYMOB_PUBLIC_KEY", PUBLIC_KEY.into()),
            ("PAYMOB_HMAC_SECRET", HMAC_SECRET.into()),
            ("PAYMOB_API_KEY", API_KEY.into()),
            ("PAYMOB_INTEGRATION_IDS", INTEGRATION_ID.to_string()),
            ("PAYMOB_BASE_URL", self.base_url.clone()),
        ]
    }

    pub fn set_intentions(&self, mode: IntentionMode) {
        self.shared.lock().mode = mode;
    }

    /// Whether payments and refunds send their processed callback.
    pub fn set_deliver_callbacks(&self, deliver: bool) {
        self.shared.lock().deliver = deliver;
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.shared.lock().sent.clone()
    }

    /// Refunds asked for: (transaction id, amount in cents).
    pub fn refunds(&self) -> Vec<(i64, i64)> {
        self.shared.lock().refunds.clone()
    }

    /// Intentions created.
    pub fn intentions(&self) -> usize {
        self.shared.lock().intentions.len()
    }

    /// Pays (or declines) the intention behind `client_secret`, as the
    /// checkout page's buttons do: the processed callback goes out, and the
    /// URL the browser would be sent back to is returned.
    pub async fn pay(&self, client_secret: &str, success: bool) -> Option<String> {
        complete(&self.shared, client_secret, success).await
    }

    /// A transaction object like Paymob's for `order_id`, to sign and send.
    pub fn transaction(id: i64, order_id: i64, amount_cents: i64, success: bool) -> Value {
        transaction_obj(id, order_id, amount_cents, "EGP", success, None)
    }

    /// The processed callback body and its HMAC for `obj`.
    pub fn signed(obj: &Value) -> (Value, String) {
        (
            json!({ "type": "TRANSACTION", "obj": obj, "issuer_bank": null, "transaction_processed_callback_responses": "" }),
            sign(HMAC_SECRET, &processed_string(obj)),
        )
    }
}

fn now_text() -> String {
    chrono::Utc::now().naive_utc().format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

fn transaction_obj(
    id: i64,
    order_id: i64,
    amount: i64,
    currency: &str,
    success: bool,
    parent: Option<i64>,
) -> Value {
    let refund = parent.is_some();
    json!({
        "id": id, "pending": false, "amount_cents": amount, "success": success,
        "is_auth": false, "is_capture": false, "is_standalone_payment": !refund, "is_voided": false,
        "is_refunded": false, "is_3d_secure": true, "integration_id": INTEGRATION_ID, "profile_id": 1,
        "has_parent_transaction": refund,
        "order": { "id": order_id, "currency": currency, "amount_cents": amount, "merchant_order_id": null },
        "created_at": now_text(), "currency": currency,
        "source_data": { "pan": TEST_PAN, "type": "card", "sub_type": "MasterCard", "tenure": null },
        "api_source": "IFRAME", "is_void": false, "is_refund": refund,
        "data": { "message": if success { "Approved" } else { "Do not honour" } },
        "error_occured": false, "is_live": false, "owner": 302852,
        "parent_transaction": parent,
        "refunded_amount_cents": 0,
    })
}

fn authorized(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Token {SECRET_KEY}"))
}

fn detail(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "detail": text }))).into_response()
}

async fn create_intention(State(s): State<Shared>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    if !authorized(&headers) {
        return detail(StatusCode::UNAUTHORIZED, "Invalid token.");
    }
    let mode = s.lock().mode;
    match mode {
        IntentionMode::Fail => return detail(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error"),
        IntentionMode::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        IntentionMode::Normal => {}
    }
    let methods: Vec<i64> = body["payment_methods"]
        .as_array()
        .map_or_else(Vec::new, |m| m.iter().filter_map(Value::as_i64).collect());
    if methods.is_empty() || methods.iter().any(|m| *m != INTEGRATION_ID) {
        return detail(StatusCode::NOT_FOUND, "Integration ID/Name does not exist in our system .");
    }
    let (Some(amount), Some(currency)) = (body["amount"].as_i64(), body["currency"].as_str()) else {
        return detail(StatusCode::BAD_REQUEST, "amount and currency are required");
    };
    if amount <= 0 {
        return detail(StatusCode::BAD_REQUEST, "amount must be positive");
    }
    let expiration = body["expiration"].as_u64().unwrap_or(3600);
    let mut inner = s.lock();
    inner.next_id += 1;
    let order_id = 217_503_754 + inner.next_id;
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let intention = Intention {
        id: format!("pi_test_{nonce}"),
        order_id,
        amount_cents: amount,
        currency: currency.to_owned(),
        special_reference: body["special_reference"].as_str().unwrap_or_default().to_owned(),
        notification_url: body["notification_url"].as_str().unwrap_or_default().to_owned(),
        redirection_url: body["redirection_url"].as_str().unwrap_or_default().to_owned(),
        expires: Instant::now() + Duration::from_secs(expiration),
    };
    let client_secret = format!("egy_csk_test_{}", uuid::Uuid::new_v4().simple());
    let answer = json!({
        "payment_keys": [{ "integration": INTEGRATION_ID, "key": format!("key_{nonce}"), "gateway_type": "MIGS", "iframe_id": null, "order_id": order_id }],
        "intention_order_id": order_id,
        "id": intention.id,
        "intention_detail": { "amount": amount, "items": body["items"], "currency": currency, "billing_data": body["billing_data"] },
        "client_secret": client_secret,
        "payment_methods": [{ "integration_id": INTEGRATION_ID, "alias": null, "name": "Card", "method_type": "card", "currency": currency, "live": false, "use_cvc_with_moto": false }],
        "special_reference": intention.special_reference,
        "extras": { "creation_extras": body["extras"], "confirmation_extras": null },
        "confirmed": false, "status": "intended", "created": now_text(), "card_detail": null, "card_tokens": [],
        "object": "paymentintention",
    });
    inner.intentions.insert(client_secret, intention);
    (StatusCode::CREATED, Json(answer)).into_response()
}

#[derive(serde::Deserialize)]
struct CheckoutQuery {
    #[serde(rename = "publicKey")]
    public_key: Option<String>,
    #[serde(rename = "clientSecret")]
    client_secret: Option<String>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn checkout(State(s): State<Shared>, Query(q): Query<CheckoutQuery>) -> Response {
    let secret = q.client_secret.unwrap_or_default();
    let found = s.lock().intentions.get(&secret).cloned();
    let body = match (q.public_key.as_deref() == Some(PUBLIC_KEY), found) {
        (false, _) => "<p role=\"alert\">Invalid public key.</p>".to_owned(),
        (true, None) => "<p role=\"alert\">This payment link is not valid.</p>".to_owned(),
        (true, Some(i)) if Instant::now() > i.expires => {
            "<p role=\"alert\" data-testid=\"checkout-expired\">This payment link has expired.</p>".to_owned()
        }
        (true, Some(i)) => format!(
            r#"<p>Pay <strong data-testid="checkout-amount">{} {}.{:02}</strong> to Osool (test)</p>
<p>Reference {}</p>
<form method="post" action="/unifiedcheckout/pay">
<input type="hidden" name="clientSecret" value="{}">
<label>Card number <input name="card" value="5123 4567 8901 {TEST_PAN}" autocomplete="off"></label>
<button name="outcome" value="pay" data-testid="checkout-pay">Pay</button>
<button name="outcome" value="decline" data-testid="checkout-decline">Decline</button>
</form>"#,
            escape(&i.currency),
            i.amount_cents / 100,
            i.amount_cents % 100,
            escape(&i.special_reference),
            escape(&secret),
        ),
    };
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>Paymob checkout (test)</title></head><body><h1>Paymob unified checkout (local test server)</h1>{body}</body></html>"
    ))
    .into_response()
}

#[derive(serde::Deserialize)]
struct PayForm {
    #[serde(rename = "clientSecret")]
    client_secret: String,
    outcome: String,
}

async fn pay_form(State(s): State<Shared>, Form(form): Form<PayForm>) -> Response {
    match complete(&s, &form.client_secret, form.outcome == "pay").await {
        Some(url) => Redirect::to(&url).into_response(),
        None => (
            StatusCode::BAD_REQUEST,
            Html("<p role=\"alert\">This payment link is not valid or has expired.</p>"),
        )
            .into_response(),
    }
}

/// Makes the transaction, sends its processed callback, and returns where
/// the browser goes back to.
async fn complete(s: &Shared, client_secret: &str, success: bool) -> Option<String> {
    let (intention, obj, deliver) = {
        let mut inner = s.lock();
        let intention = inner.intentions.get(client_secret).cloned()?;
        if Instant::now() > intention.expires {
            return None;
        }
        inner.next_id += 1;
        let obj = transaction_obj(
            inner.next_id,
            intention.order_id,
            intention.amount_cents,
            &intention.currency,
            success,
            None,
        );
        inner.transactions.push(obj.clone());
        (intention, obj, inner.deliver)
    };
    if deliver {
        send_callback(s, &intention.notification_url, &obj).await;
    }
    // The response callback: the signed fields in the query, signed.
    let mut query = crate::server::adapters::paymob::response_fields(&obj);
    query.push(("merchant_order_id".into(), intention.special_reference.clone()));
    let map: HashMap<String, String> = query.iter().cloned().collect();
    let hmac = sign(HMAC_SECRET, &crate::server::adapters::paymob::response_string(&map));
    query.push(("hmac".into(), hmac));
    let encoded: Vec<String> = query.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    let separator = if intention.redirection_url.contains('?') { '&' } else { '?' };
    Some(format!("{}{separator}{}", intention.redirection_url, encoded.join("&")))
}

fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn send_callback(s: &Shared, url: &str, obj: &Value) {
    let (body, hmac) = FakePaymob::signed(obj);
    let status = match s.http.post(format!("{url}?hmac={hmac}")).json(&body).send().await {
        Ok(r) => r.status().as_u16(),
        Err(_) => 0,
    };
    s.lock().sent.push(Sent { url: url.to_owned(), body, hmac, status });
}

async fn refund(State(s): State<Shared>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    if !authorized(&headers) {
        return detail(StatusCode::UNAUTHORIZED, "Invalid token.");
    }
    let (Some(id), Some(amount)) = (body["transaction_id"].as_i64(), body["amount_cents"].as_i64()) else {
        return detail(StatusCode::BAD_REQUEST, "transaction_id and amount_cents are required");
    };
    let (refund, url, deliver) = {
        let mut inner = s.lock();
        let Some(index) = inner.transactions.iter().position(|t| t["id"].as_i64() == Some(id)) else {
            return detail(StatusCode::NOT_FOUND, "Transaction not found.");
        };
        let parent = inner.transactions[index].clone();
        let refundable =
            parent["success"].as_bool() == Some(true) && parent["is_refund"].as_bool() != Some(true);
        let left = parent["amount_cents"].as_i64().unwrap_or(0)
            - parent["refunded_amount_cents"].as_i64().unwrap_or(0);
        if !refundable || amount <= 0 || amount > left {
            return detail(
                StatusCode::BAD_REQUEST,
                "Transaction can't be refunded: amount exceeds the refundable amount.",
            );
        }
        inner.transactions[index]["refunded_amount_cents"] =
            json!(parent["amount_cents"].as_i64().unwrap_or(0) - left + amount);
        inner.transactions[index]["is_refunded"] = json!(true);
        inner.next_id += 1;
        let order_id = parent["order"]["id"].as_i64().unwrap_or(0);
        let refund = transaction_obj(
            inner.next_id,
            order_id,
            amount,
            parent["currency"].as_str().unwrap_or("EGP"),
            true,
            Some(id),
        );
        inner.transactions.push(refund.clone());
        inner.refunds.push((id, amount));
        let url =
            inner.intentions.values().find(|i| i.order_id == order_id).map(|i| i.notification_url.clone());
        (refund, url, inner.deliver)
    };
    if deliver && let Some(url) = url {
        send_callback(&s, &url, &refund).await;
    }
    Json(refund).into_response()
}

async fn auth_token(State(s): State<Shared>, Json(body): Json<Value>) -> Response {
    if body["api_key"].as_str() != Some(API_KEY) {
        return detail(StatusCode::FORBIDDEN, "Incorrect credentials");
    }
    let token = format!("ZXlK{}", uuid::Uuid::new_v4().simple());
    s.lock().tokens.push(token.clone());
    (StatusCode::CREATED, Json(json!({ "token": token, "profile": { "id": 302852 } }))).into_response()
}

async fn inquiry(State(s): State<Shared>, Json(body): Json<Value>) -> Response {
    let inner = s.lock();
    let token = body["auth_token"].as_str().unwrap_or_default();
    if !inner.tokens.iter().any(|t| t == token) {
        return detail(StatusCode::UNAUTHORIZED, "Invalid token.");
    }
    let Some(order) =
        body["order_id"].as_i64().or_else(|| body["order_id"].as_str().and_then(|o| o.parse().ok()))
    else {
        return detail(StatusCode::BAD_REQUEST, "order_id is required");
    };
    let last = inner
        .transactions
        .iter()
        .rev()
        .find(|t| t["order"]["id"].as_i64() == Some(order) && t["is_refund"].as_bool() != Some(true));
    match last {
        Some(t) => Json(t.clone()).into_response(),
        None => detail(StatusCode::NOT_FOUND, "Not found."),
    }
}
