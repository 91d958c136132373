//! "Continue with Google": OpenID Connect authorization code flow with
//! PKCE through the `oauth2` crate. State, nonce and the PKCE verifier stay
//! on the server (Redis, ten minutes, single use), bound to the browser that
//! started the flow by a cookie; the ID token's signature
//! (the provider's JWKS), issuer, audience, expiry and nonce are checked.
//! Endpoints are configurable, so tests and other providers can stand in.

use crate::server::config::GoogleConfig;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardRevocableToken,
    StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// The token response's extra field OpenID Connect adds.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct IdTokenFields {
    id_token: String,
}
impl ExtraTokenFields for IdTokenFields {}

type OidcClient = Client<
    BasicErrorResponse,
    StandardTokenResponse<IdTokenFields, BasicTokenType>,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// What the server remembers between the redirect and the callback.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pending {
    pub verifier: String,
    pub nonce: String,
    /// Where to send the user afterwards (a local path).
    pub next: String,
    /// SHA-256 (hex) of the random value in the browser's `osool_oauth`
    /// cookie: only the browser that started the flow can finish it.
    pub browser: String,
}

/// Who Google says the user is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub sub: String,
    /// Only when Google has verified it.
    pub email: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GoogleError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("token exchange failed: {0}")]
    Exchange(String),
    #[error("could not fetch the signing keys: {0}")]
    Keys(String),
    #[error("ID token rejected: {0}")]
    Token(String),
    #[error("ID token nonce does not match")]
    Nonce,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    email: Option<String>,
    email_verified: Option<serde_json::Value>,
    name: Option<String>,
    nonce: Option<String>,
}

#[derive(Clone, Deserialize)]
struct Jwk {
    kid: Option<String>,
    kty: String,
    n: Option<String>,
    e: Option<String>,
}

#[derive(Clone, Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

const KEYS_TTL: Duration = Duration::from_secs(3600);

pub struct Google {
    client: OidcClient,
    config: GoogleConfig,
    http: Http,
    keys: RwLock<Option<(Instant, Jwks)>>,
}

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error(transparent)]
    Reqwest(#[from] reqwest::Error),
    #[error(transparent)]
    Http(#[from] http::Error),
}

/// oauth2's HTTP calls made with the app's one HTTP client (reqwest,
/// rustls, timeouts).
struct Http(reqwest::Client);

impl<'c> oauth2::AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<oauth2::HttpResponse, HttpError>> + Send + 'c>,
    >;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let response = self
                .0
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await?;
            let mut builder = http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            Ok(builder.body(response.bytes().await?.to_vec())?)
        })
    }
}

impl Google {
    pub fn new(config: &GoogleConfig, public_url: &str) -> Result<Google, GoogleError> {
        crate::server::install_tls();
        let bad = |e: oauth2::url::ParseError| GoogleError::Config(e.to_string());
        let client = Client::new(ClientId::new(config.client_id.clone()))
            .set_client_secret(ClientSecret::new(config.client_secret.expose().to_owned()))
            .set_auth_uri(AuthUrl::new(config.auth_url.clone()).map_err(bad)?)
            .set_token_uri(TokenUrl::new(config.token_url.clone()).map_err(bad)?)
            .set_redirect_uri(RedirectUrl::new(format!("{public_url}/auth/google/callback")).map_err(bad)?);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            // The token endpoint must not redirect us anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| GoogleError::Config(e.to_string()))?;
        Ok(Google { client, config: config.clone(), http: Http(http), keys: RwLock::new(None) })
    }

    /// The provider URL to send the user to, the state naming this attempt,
    /// and what to remember under it.
    pub fn start(&self, next: &str, browser: &str) -> (String, String, Pending) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let nonce = CsrfToken::new_random().secret().clone();
        let (url, state) = self
            .client
            .authorize_url(CsrfToken::new_random)
            .add_scope(Scope::new("openid".into()))
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .add_extra_param("nonce", nonce.clone())
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            verifier: verifier.secret().clone(),
            nonce,
            next: next.to_owned(),
            browser: browser.to_owned(),
        };
        (url.to_string(), state.secret().clone(), pending)
    }

    /// Exchanges the code and checks the ID token.
    pub async fn finish(&self, code: &str, pending: &Pending) -> Result<Identity, GoogleError> {
        let token = self
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| GoogleError::Exchange(e.to_string()))?;
        let _ = token.access_token();
        let claims = self.check_id_token(&token.extra_fields().id_token).await?;
        if claims.nonce.as_deref() != Some(pending.nonce.as_str()) {
            return Err(GoogleError::Nonce);
        }
        let verified = match &claims.email_verified {
            Some(serde_json::Value::Bool(b)) => *b,
            Some(serde_json::Value::String(s)) => s == "true",
            _ => false,
        };
        Ok(Identity {
            sub: claims.sub,
            email: claims.email.filter(|_| verified).map(|e| e.trim().to_lowercase()),
            name: claims.name,
        })
    }

    async fn check_id_token(&self, token: &str) -> Result<Claims, GoogleError> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| GoogleError::Token(e.to_string()))?;
        if header.alg != Algorithm::RS256 {
            return Err(GoogleError::Token(format!("unexpected algorithm {:?}", header.alg)));
        }
        let kid = header.kid.ok_or_else(|| GoogleError::Token("no key id".into()))?;
        let jwk = match self.key(&kid, false).await? {
            Some(k) => k,
            // Keys rotate: look again once before giving up.
            None => {
                self.key(&kid, true).await?.ok_or_else(|| GoogleError::Token(format!("unknown key {kid}")))?
            }
        };
        let (Some(n), Some(e)) = (jwk.n.as_deref(), jwk.e.as_deref()) else {
            return Err(GoogleError::Token("key without RSA components".into()));
        };
        let key = DecodingKey::from_rsa_components(n, e).map_err(|e| GoogleError::Token(e.to_string()))?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[self.config.client_id.as_str()]);
        let issuers: Vec<&str> = if self.config.issuer == "https://accounts.google.com" {
            vec!["https://accounts.google.com", "accounts.google.com"]
        } else {
            vec![self.config.issuer.as_str()]
        };
        validation.set_issuer(&issuers);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 30;
        jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .map(|data| data.claims)
            .map_err(|e| GoogleError::Token(e.to_string()))
    }

    async fn key(&self, kid: &str, refresh: bool) -> Result<Option<Jwk>, GoogleError> {
        let cached = self.keys.read().ok().and_then(|k| k.clone());
        let keys = match cached {
            Some((at, keys)) if !refresh && at.elapsed() < KEYS_TTL => keys,
            _ => {
                let keys: Jwks = self
                    .http
                    .0
                    .get(&self.config.jwks_url)
                    .send()
                    .await
                    .and_then(reqwest::Response::error_for_status)
                    .map_err(|e| GoogleError::Keys(e.to_string()))?
                    .json()
                    .await
                    .map_err(|e| GoogleError::Keys(e.to_string()))?;
                if let Ok(mut slot) = self.keys.write() {
                    *slot = Some((Instant::now(), keys.clone()));
                }
                keys
            }
        };
        Ok(keys.keys.into_iter().find(|k| k.kty == "RSA" && k.kid.as_deref() == Some(kid)))
    }
}
