//! A local OpenID Connect provider standing in for Google: a token endpoint
//! that checks the PKCE verifier and answers with ID tokens signed (RS256)
//! by a test key, and a JWKS endpoint publishing that key. Tests choose the
//! claims of each code, including wrong ones.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "osool-test.apps.example";
pub const CLIENT_SECRET: &str = "oidc-test-secret";

#[derive(Clone)]
struct Provider {
    issuer: String,
    /// code -> (PKCE challenge, claims of the ID token)
    codes: Arc<Mutex<HashMap<String, (String, Value)>>>,
}

pub struct FakeOidc {
    pub base_url: String,
    provider: Provider,
}

fn key() -> Value {
    serde_json::from_str(include_str!("../../../data/fixtures/oidc-test-key.json")).expect("test key")
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl FakeOidc {
    pub async fn start() -> FakeOidc {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let base_url = format!("http://{addr}");
        let provider = Provider { issuer: base_url.clone(), codes: Arc::default() };
        let app =
            Router::new().route("/token", post(token)).route("/jwks", get(jwks)).with_state(provider.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeOidc { base_url, provider }
    }

    pub fn vars(&self) -> [(String, String); 6] {
        [
            ("GOOGLE_CLIENT_ID".into(), CLIENT_ID.into()),
            ("GOOGLE_CLIENT_SECRET".into(), CLIENT_SECRET.into()),
            ("GOOGLE_AUTH_URL".into(), format!("{}/authorize", self.base_url)),
            ("GOOGLE_TOKEN_URL".into(), format!("{}/token", self.base_url)),
            ("GOOGLE_JWKS_URL".into(), format!("{}/jwks", self.base_url)),
            ("GOOGLE_ISSUER".into(), self.base_url.clone()),
        ]
    }

    /// Claims a well-behaved provider would issue for this login.
    pub fn claims(&self, sub: &str, email: &str, nonce: &str) -> Value {
        json!({
            "iss": self.provider.issuer,
            "aud": CLIENT_ID,
            "sub": sub,
            "email": email,
            "email_verified": true,
            "name": "Test Buyer",
            "nonce": nonce,
            "iat": now(),
            "exp": now() + 600,
        })
    }

    /// Registers what the provider answers for `code` (as if the user had
    /// signed in at the provider with `challenge` in the request).
    pub fn issue(&self, code: &str, challenge: &str, claims: Value) {
        if let Ok(mut codes) = self.provider.codes.lock() {
            codes.insert(code.to_owned(), (challenge.to_owned(), claims));
        }
    }
}

fn sign(claims: &Value) -> String {
    let key = key();
    let der =
        STANDARD.decode(key["private_key_pkcs1_der_base64"].as_str().unwrap_or_default()).unwrap_or_default();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = key["kid"].as_str().map(str::to_owned);
    jsonwebtoken::encode(&header, claims, &jsonwebtoken::EncodingKey::from_rsa_der(&der)).unwrap_or_default()
}

async fn token(
    State(p): State<Provider>,
    Form(form): Form<HashMap<String, String>>,
) -> (StatusCode, Json<Value>) {
    let bad = |e: &str| (StatusCode::BAD_REQUEST, Json(json!({"error": e})));
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return bad("unsupported_grant_type");
    }
    // oauth2 sends the client credentials by Basic auth; the secret is
    // checked there in a real provider. The code and PKCE are checked here.
    let Some(code) = form.get("code") else { return bad("invalid_request") };
    let Some((challenge, claims)) = p.codes.lock().ok().and_then(|mut c| c.remove(code)) else {
        return bad("invalid_grant");
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != challenge {
        return bad("invalid_grant");
    }
    (
        StatusCode::OK,
        Json(
            json!({"access_token": "ya29.test", "token_type": "Bearer", "expires_in": 3599, "scope": "openid email profile", "id_token": sign(&claims)}),
        ),
    )
}

async fn jwks() -> Json<Value> {
    let key = key();
    Json(
        json!({"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": key["kid"], "n": key["n"], "e": key["e"]}]}),
    )
}
