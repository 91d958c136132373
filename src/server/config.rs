//! The one typed `Config`, read from the environment at start-up. This is the
//! only place that reads environment variables. Secrets have no defaults and
//! never print; in production a missing secret stops start-up naming it.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// Where the app runs: development relaxes cookie security and logs dev-only
/// hints; production insists on every secret and on HTTPS cookies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Production => "production",
        }
    }
}

/// A secret value: printing it shows `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Which embedding model turns listings and queries into vectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedderChoice {
    /// all-MiniLM-L6-v2 in-process: offline, the default.
    Local,
    /// OpenAI's embeddings API (or a compatible server).
    OpenAi,
}

/// Who answers in the chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssistantChoice {
    /// The deterministic offline assistant (no model).
    Offline,
    /// An OpenAI-compatible chat model, with the offline assistant as fallback.
    OpenAi,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub environment: Environment,
    /// Address the HTTP server binds (`OSOOL_ADDR`).
    pub addr: SocketAddr,
    /// Public base URL of the site, no trailing slash (`OSOOL_PUBLIC_URL`).
    pub public_url: String,
    /// Folder with the built site: `pkg/` (WASM, JS, CSS) and public assets.
    pub site_root: String,
    pub database_url: Secret,
    pub database_max_connections: u32,
    pub redis_url: Secret,
    /// Prefix of every Redis key this deployment writes.
    pub redis_prefix: String,
    /// Signs session, verification and reset tokens; at least 32 bytes.
    pub secret_key: Secret,
    pub sentry_dsn: Option<Secret>,
    pub sentry_traces_sample_rate: f32,
    pub log_format: LogFormat,
    pub log_filter: String,
    /// How long in-flight requests get to finish after SIGTERM.
    pub shutdown_timeout: Duration,
    /// Deadline for each dependency check in `/readyz`.
    pub readiness_timeout: Duration,
    pub embedder: EmbedderChoice,
    /// Folder with the local embedding model's files.
    pub model_dir: std::path::PathBuf,
    pub openai_api_key: Option<Secret>,
    /// Base URL of the OpenAI API or a compatible server (Ollama, vLLM, ...).
    pub openai_base_url: String,
    pub openai_embedding_model: String,
    pub openai_embedding_dimensions: usize,
    /// Deadline for one call to the OpenAI API.
    pub openai_timeout: Duration,
    /// Outgoing mail: `smtp://host:port` (plain, local sink) or
    /// `smtps://user:pass@host:465` / `smtp://...?tls=required`.
    pub smtp_url: Option<Secret>,
    pub mail_from: String,
    pub twilio: Option<TwilioConfig>,
    pub google: Option<GoogleConfig>,
    /// How many proxies of our own stand in front of the app, each appending
    /// to X-Forwarded-For (`OSOOL_TRUSTED_PROXIES`; `OSOOL_TRUST_PROXY=true`
    /// means one). 0: the TCP peer is the client.
    pub trusted_proxies: u8,
    /// Searches allowed per user (or address) per minute.
    pub search_rate_per_minute: u32,
    /// Sign-in attempts allowed per address per minute.
    pub sign_in_rate_per_minute: u32,
    /// Password hashes allowed to run at once (`OSOOL_HASH_CONCURRENCY`,
    /// default twice the cores), and how long a request waits for a turn
    /// before it is told to retry (`OSOOL_HASH_WAIT_MS`).
    pub hash_concurrency: usize,
    pub hash_wait: Duration,
    /// The outbox's first retry after a failed send (`OSOOL_OUTBOX_RETRY_MS`);
    /// each later one waits twice as long, up to 15 minutes.
    pub outbox_retry_base: Duration,
    /// Serve `/metrics` on this address only, not on the public one
    /// (`OSOOL_METRICS_ADDR`).
    pub metrics_addr: Option<SocketAddr>,
    pub assistant: AssistantChoice,
    pub openai_chat_model: String,
    /// The longest one chat answer may take, tool calls included.
    pub chat_deadline: Duration,
    /// The offline assistant's pause between words (it writes at a model's
    /// pace so answers stream sentence by sentence).
    pub offline_pace: Duration,
    /// Model rounds (each may call tools) in one answer.
    pub chat_max_turns: u32,
    /// Tokens of conversation sent to the model.
    pub chat_context_tokens: usize,
    /// Chat messages allowed per user (or address) per minute.
    pub chat_rate_per_minute: u32,
    /// Consecutive model failures that open the circuit breaker.
    pub llm_breaker_threshold: u32,
    /// How long the breaker stays open before one trial call.
    pub llm_breaker_cooldown: Duration,
    /// Model spending a day (USD) before the offline assistant takes over.
    pub llm_daily_budget_usd: f64,
    /// USD per million (input, output) tokens for a model the price table
    /// does not know.
    pub llm_price_override: Option<(f64, f64)>,
    /// Paymob, for reservation fees; without it reservations are off.
    pub paymob: Option<PaymobConfig>,
    /// Reservations: how long a hold waits for the payment, the default fee
    /// as a share of the price, and how long a paid reservation keeps the
    /// unit while contracts are drawn up.
    pub reservation_hold: Duration,
    pub reservation_fee_bp: u32,
    pub reservation_days: u32,
    /// How often the reconciler looks at holds and refunds.
    pub reconcile_every: Duration,
}

/// Paymob's keys (dashboard: Settings, API keys) and where it answers.
#[derive(Clone, Debug)]
pub struct PaymobConfig {
    /// `sk_...`: the Intention and refund APIs.
    pub secret_key: Secret,
    /// `egy_pk_...`: the unified checkout URL.
    pub public_key: String,
    /// Signs the transaction callbacks.
    pub hmac_secret: Secret,
    /// The API key, for transaction inquiries (`/api/auth/tokens`).
    pub api_key: Secret,
    /// The payment integrations offered at checkout.
    pub integration_ids: Vec<i64>,
    pub base_url: String,
    /// Deadline for one call to Paymob.
    pub timeout: Duration,
}

#[derive(Clone, Debug)]
pub struct TwilioConfig {
    pub account_sid: String,
    pub auth_token: Secret,
    /// The sending number or messaging service (MG...).
    pub from: String,
    pub base_url: String,
}

/// Google sign-in (or any OpenID Connect provider at these endpoints).
#[derive(Clone, Debug)]
pub struct GoogleConfig {
    pub client_id: String,
    pub client_secret: Secret,
    pub auth_url: String,
    pub token_url: String,
    pub jwks_url: String,
    pub issuer: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0} is not set: it is required{1}")]
    Missing(&'static str, &'static str),
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// Where ./scripts/setup unpacks all-MiniLM-L6-v2.
pub const DEFAULT_MODEL_DIR: &str = "/opt/osool/all-MiniLM-L6-v2";

const IN_PRODUCTION: &str = " in production";
const ALWAYS: &str = " (./scripts/run generates one for development)";

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup`, so tests can pass their own.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let environment = match get("OSOOL_ENV").as_deref() {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "OSOOL_ENV",
                    reason: format!("expected development or production, got {other:?}"),
                });
            }
        };
        let production = environment == Environment::Production;
        let required_note = if production { IN_PRODUCTION } else { ALWAYS };
        let secret = |name: &'static str| -> Result<Secret, ConfigError> {
            get(name).map(Secret).ok_or(ConfigError::Missing(name, required_note))
        };

        let addr: SocketAddr = parse_or("OSOOL_ADDR", get("OSOOL_ADDR"), "127.0.0.1:3000".parse().ok())?;
        let public_url = match get("OSOOL_PUBLIC_URL") {
            Some(url) => validate_public_url(&url)?,
            None if production => return Err(ConfigError::Missing("OSOOL_PUBLIC_URL", IN_PRODUCTION)),
            None => format!("http://{addr}"),
        };

        let database_url = secret("DATABASE_URL")?;
        let redis_url = secret("REDIS_URL")?;
        let secret_key = secret("OSOOL_SECRET_KEY")?;
        if secret_key.expose().len() < 32 {
            return Err(ConfigError::Invalid {
                name: "OSOOL_SECRET_KEY",
                reason: "must be at least 32 characters".into(),
            });
        }

        let log_format = match get("OSOOL_LOG_FORMAT").as_deref() {
            None | Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "OSOOL_LOG_FORMAT",
                    reason: format!("expected json or pretty, got {other:?}"),
                });
            }
        };
        let sentry_traces_sample_rate: f32 =
            parse_or("SENTRY_TRACES_SAMPLE_RATE", get("SENTRY_TRACES_SAMPLE_RATE"), Some(0.0))?;
        if !(0.0..=1.0).contains(&sentry_traces_sample_rate) {
            return Err(ConfigError::Invalid {
                name: "SENTRY_TRACES_SAMPLE_RATE",
                reason: "must be between 0 and 1".into(),
            });
        }

        let openai_api_key = get("OPENAI_API_KEY").map(Secret);
        let embedder = match get("OSOOL_EMBEDDER").as_deref() {
            None | Some("auto") if openai_api_key.is_some() => EmbedderChoice::OpenAi,
            None | Some("auto") | Some("local") => EmbedderChoice::Local,
            Some("openai") if openai_api_key.is_some() => EmbedderChoice::OpenAi,
            Some("openai") => {
                return Err(ConfigError::Missing("OPENAI_API_KEY", " when OSOOL_EMBEDDER=openai"));
            }
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "OSOOL_EMBEDDER",
                    reason: format!("expected auto, local or openai, got {other:?}"),
                });
            }
        };

        let twilio = match (get("TWILIO_ACCOUNT_SID"), get("TWILIO_AUTH_TOKEN"), get("TWILIO_FROM")) {
            (Some(account_sid), Some(token), Some(from)) => Some(TwilioConfig {
                account_sid,
                auth_token: Secret(token),
                from,
                base_url: get("TWILIO_BASE_URL")
                    .map(|u| u.trim_end_matches('/').to_owned())
                    .unwrap_or_else(|| "https://api.twilio.com".into()),
            }),
            (None, None, None) => None,
            _ => {
                return Err(ConfigError::Invalid {
                    name: "TWILIO_ACCOUNT_SID",
                    reason: "set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM together".into(),
                });
            }
        };
        let google = match (get("GOOGLE_CLIENT_ID"), get("GOOGLE_CLIENT_SECRET")) {
            (Some(client_id), Some(secret)) => Some(GoogleConfig {
                client_id,
                client_secret: Secret(secret),
                auth_url: get("GOOGLE_AUTH_URL")
                    .unwrap_or_else(|| "https://accounts.google.com/o/oauth2/v2/auth".into()),
                token_url: get("GOOGLE_TOKEN_URL")
                    .unwrap_or_else(|| "https://oauth2.googleapis.com/token".into()),
                jwks_url: get("GOOGLE_JWKS_URL")
                    .unwrap_or_else(|| "https://www.googleapis.com/oauth2/v3/certs".into()),
                issuer: get("GOOGLE_ISSUER").unwrap_or_else(|| "https://accounts.google.com".into()),
            }),
            (None, None) => None,
            _ => {
                return Err(ConfigError::Invalid {
                    name: "GOOGLE_CLIENT_ID",
                    reason: "set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET together".into(),
                });
            }
        };
        let assistant = match get("OSOOL_ASSISTANT").as_deref() {
            None | Some("auto") if openai_api_key.is_some() => AssistantChoice::OpenAi,
            None | Some("auto") | Some("offline") => AssistantChoice::Offline,
            Some("openai") if openai_api_key.is_some() => AssistantChoice::OpenAi,
            Some("openai") => {
                return Err(ConfigError::Missing("OPENAI_API_KEY", " when OSOOL_ASSISTANT=openai"));
            }
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "OSOOL_ASSISTANT",
                    reason: format!("expected auto, offline or openai, got {other:?}"),
                });
            }
        };
        let llm_price_override =
            match (get("OSOOL_LLM_PRICE_INPUT_PER_MTOK"), get("OSOOL_LLM_PRICE_OUTPUT_PER_MTOK")) {
                (None, None) => None,
                (input, output) => Some((
                    parse_or("OSOOL_LLM_PRICE_INPUT_PER_MTOK", input, Some(0.0))?,
                    parse_or("OSOOL_LLM_PRICE_OUTPUT_PER_MTOK", output, Some(0.0))?,
                )),
            };
        let llm_daily_budget_usd: f64 =
            parse_or("OSOOL_LLM_DAILY_BUDGET_USD", get("OSOOL_LLM_DAILY_BUDGET_USD"), Some(10.0))?;
        if !llm_daily_budget_usd.is_finite() || llm_daily_budget_usd < 0.0 {
            return Err(ConfigError::Invalid {
                name: "OSOOL_LLM_DAILY_BUDGET_USD",
                reason: "must be a positive amount of dollars (0 turns the budget off)".into(),
            });
        }
        let chat_max_turns: u32 = parse_or("OSOOL_CHAT_MAX_TURNS", get("OSOOL_CHAT_MAX_TURNS"), Some(5))?;
        if !(1..=10).contains(&chat_max_turns) {
            return Err(ConfigError::Invalid {
                name: "OSOOL_CHAT_MAX_TURNS",
                reason: "must be 1 to 10".into(),
            });
        }
        let paymob = match (
            get("PAYMOB_SECRET_KEY"),
            get("PAYMOB_PUBLIC_KEY"),
            get("PAYMOB_HMAC_SECRET"),
            get("PAYMOB_API_KEY"),
            get("PAYMOB_INTEGRATION_IDS"),
        ) {
            (None, None, None, None, None) => None,
            (Some(secret_key), Some(public_key), Some(hmac_secret), Some(api_key), Some(ids)) => {
                let integration_ids: Vec<i64> = ids
                    .split(',')
                    .map(|id| id.trim().parse::<i64>())
                    .collect::<Result<_, _>>()
                    .ok()
                    .filter(|ids: &Vec<i64>| !ids.is_empty() && ids.iter().all(|id| *id > 0))
                    .ok_or_else(|| ConfigError::Invalid {
                        name: "PAYMOB_INTEGRATION_IDS",
                        reason: "expected integration ids separated by commas, e.g. 4097558,4097559".into(),
                    })?;
                Some(PaymobConfig {
                    secret_key: Secret(secret_key),
                    public_key,
                    hmac_secret: Secret(hmac_secret),
                    api_key: Secret(api_key),
                    integration_ids,
                    base_url: get("PAYMOB_BASE_URL")
                        .map(|u| u.trim_end_matches('/').to_owned())
                        .unwrap_or_else(|| "https://accept.paymob.com".into()),
                    timeout: Duration::from_millis(parse_or(
                        "PAYMOB_TIMEOUT_MS",
                        get("PAYMOB_TIMEOUT_MS"),
                        Some(10_000),
                    )?),
                })
            }
            _ => {
                return Err(ConfigError::Invalid {
                    name: "PAYMOB_SECRET_KEY",
                    reason:
                        "set PAYMOB_SECRET_KEY, PAYMOB_PUBLIC_KEY, PAYMOB_HMAC_SECRET, PAYMOB_API_KEY and \
                             PAYMOB_INTEGRATION_IDS together"
                            .into(),
                });
            }
        };
        let reservation_hold_minutes: u64 =
            parse_or("OSOOL_RESERVATION_HOLD_MINUTES", get("OSOOL_RESERVATION_HOLD_MINUTES"), Some(15))?;
        if !(1..=120).contains(&reservation_hold_minutes) {
            return Err(ConfigError::Invalid {
                name: "OSOOL_RESERVATION_HOLD_MINUTES",
                reason: "must be 1 to 120 minutes".into(),
            });
        }
        let reservation_fee_bp: u32 =
            parse_or("OSOOL_RESERVATION_FEE_BP", get("OSOOL_RESERVATION_FEE_BP"), Some(100))?;
        if !(1..=1000).contains(&reservation_fee_bp) {
            return Err(ConfigError::Invalid {
                name: "OSOOL_RESERVATION_FEE_BP",
                reason: "must be 1 to 1000 basis points (0.01 % to 10 % of the price)".into(),
            });
        }
        let reservation_days: u32 =
            parse_or("OSOOL_RESERVATION_DAYS", get("OSOOL_RESERVATION_DAYS"), Some(14))?;
        if !(1..=90).contains(&reservation_days) {
            return Err(ConfigError::Invalid {
                name: "OSOOL_RESERVATION_DAYS",
                reason: "must be 1 to 90 days".into(),
            });
        }
        let smtp_url = get("SMTP_URL").map(Secret);
        if production && smtp_url.is_none() {
            return Err(ConfigError::Missing("SMTP_URL", IN_PRODUCTION));
        }

        Ok(Config {
            environment,
            addr,
            public_url,
            site_root: get("OSOOL_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            database_url,
            database_max_connections: parse_or(
                "DATABASE_MAX_CONNECTIONS",
                get("DATABASE_MAX_CONNECTIONS"),
                Some(10),
            )?,
            redis_url,
            redis_prefix: get("OSOOL_REDIS_PREFIX").unwrap_or_else(|| "osool:".into()),
            secret_key,
            sentry_dsn: get("SENTRY_DSN").map(Secret),
            sentry_traces_sample_rate,
            log_format,
            log_filter: get("OSOOL_LOG").unwrap_or_else(|| "info,sqlx::postgres::notice=warn".into()),
            shutdown_timeout: Duration::from_secs(parse_or(
                "OSOOL_SHUTDOWN_TIMEOUT_SECS",
                get("OSOOL_SHUTDOWN_TIMEOUT_SECS"),
                Some(20),
            )?),
            readiness_timeout: Duration::from_millis(parse_or(
                "OSOOL_READINESS_TIMEOUT_MS",
                get("OSOOL_READINESS_TIMEOUT_MS"),
                Some(1000),
            )?),
            embedder,
            model_dir: get("OSOOL_MODEL_DIR").unwrap_or_else(|| DEFAULT_MODEL_DIR.into()).into(),
            openai_api_key,
            openai_base_url: get("OPENAI_BASE_URL")
                .map(|url| url.trim_end_matches('/').to_owned())
                .unwrap_or_else(|| "https://api.openai.com/v1".into()),
            openai_embedding_model: get("OPENAI_EMBEDDING_MODEL")
                .unwrap_or_else(|| "text-embedding-3-small".into()),
            openai_embedding_dimensions: parse_or(
                "OPENAI_EMBEDDING_DIMENSIONS",
                get("OPENAI_EMBEDDING_DIMENSIONS"),
                Some(1536),
            )?,
            openai_timeout: Duration::from_secs(parse_or(
                "OPENAI_TIMEOUT_SECS",
                get("OPENAI_TIMEOUT_SECS"),
                Some(30),
            )?),
            smtp_url,
            mail_from: get("MAIL_FROM").unwrap_or_else(|| "Osool <no-reply@osool.local>".into()),
            twilio,
            google,
            trusted_proxies: match get("OSOOL_TRUSTED_PROXIES") {
                Some(hops) => parse_or("OSOOL_TRUSTED_PROXIES", Some(hops), None)?,
                None => u8::from(parse_or("OSOOL_TRUST_PROXY", get("OSOOL_TRUST_PROXY"), Some(false))?),
            },
            search_rate_per_minute: parse_or("OSOOL_SEARCH_RATE", get("OSOOL_SEARCH_RATE"), Some(120))?,
            sign_in_rate_per_minute: parse_or("OSOOL_SIGN_IN_RATE", get("OSOOL_SIGN_IN_RATE"), Some(30))?,
            hash_concurrency: parse_or(
                "OSOOL_HASH_CONCURRENCY",
                get("OSOOL_HASH_CONCURRENCY"),
                Some(std::thread::available_parallelism().map_or(2, |n| n.get()) * 2),
            )?,
            hash_wait: Duration::from_millis(parse_or(
                "OSOOL_HASH_WAIT_MS",
                get("OSOOL_HASH_WAIT_MS"),
                Some(1000),
            )?),
            outbox_retry_base: Duration::from_millis(parse_or(
                "OSOOL_OUTBOX_RETRY_MS",
                get("OSOOL_OUTBOX_RETRY_MS"),
                Some(5000),
            )?),
            metrics_addr: match get("OSOOL_METRICS_ADDR") {
                Some(addr) => Some(parse_or("OSOOL_METRICS_ADDR", Some(addr), None)?),
                None => None,
            },
            assistant,
            openai_chat_model: get("OPENAI_CHAT_MODEL").unwrap_or_else(|| "gpt-4o-mini".into()),
            chat_deadline: Duration::from_secs(parse_or(
                "OSOOL_CHAT_DEADLINE_SECS",
                get("OSOOL_CHAT_DEADLINE_SECS"),
                Some(60),
            )?),
            offline_pace: Duration::from_millis(parse_or(
                "OSOOL_OFFLINE_PACE_MS",
                get("OSOOL_OFFLINE_PACE_MS"),
                Some(25),
            )?),
            chat_max_turns,
            chat_context_tokens: parse_or(
                "OSOOL_CHAT_CONTEXT_TOKENS",
                get("OSOOL_CHAT_CONTEXT_TOKENS"),
                Some(6000),
            )?,
            chat_rate_per_minute: parse_or("OSOOL_CHAT_RATE", get("OSOOL_CHAT_RATE"), Some(20))?,
            llm_breaker_threshold: parse_or(
                "OSOOL_LLM_BREAKER_FAILURES",
                get("OSOOL_LLM_BREAKER_FAILURES"),
                Some(3),
            )?,
            llm_breaker_cooldown: Duration::from_secs(parse_or(
                "OSOOL_LLM_BREAKER_COOLDOWN_SECS",
                get("OSOOL_LLM_BREAKER_COOLDOWN_SECS"),
                Some(30),
            )?),
            llm_daily_budget_usd,
            llm_price_override,
            paymob,
            reservation_hold: Duration::from_secs(reservation_hold_minutes * 60),
            reservation_fee_bp,
            reservation_days,
            reconcile_every: Duration::from_millis(parse_or(
                "OSOOL_RECONCILE_MS",
                get("OSOOL_RECONCILE_MS"),
                Some(30_000),
            )?),
        })
    }

    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }

    /// Cookies carry `Secure` everywhere but local development over HTTP.
    pub fn secure_cookies(&self) -> bool {
        self.is_production() || self.public_url.starts_with("https://")
    }
}

fn parse_or<T: std::str::FromStr>(
    name: &'static str,
    value: Option<String>,
    default: Option<T>,
) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    match value {
        Some(raw) => {
            raw.trim().parse().map_err(|e: T::Err| ConfigError::Invalid { name, reason: e.to_string() })
        }
        None => default.ok_or(ConfigError::Missing(name, "")),
    }
}

fn validate_public_url(url: &str) -> Result<String, ConfigError> {
    let trimmed = url.trim().trim_end_matches('/');
    if !(trimmed.starts_with("http://") || trimmed.starts_with("https://")) {
        return Err(ConfigError::Invalid {
            name: "OSOOL_PUBLIC_URL",
            reason: "must start with http:// or https://".into(),
        });
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    const DEV: &[(&str, &str)] = &[
        ("DATABASE_URL", "postgres://localhost/osool"),
        ("REDIS_URL", "redis://127.0.0.1/"),
        ("OSOOL_SECRET_KEY", "0123456789abcdef0123456789abcdef"),
    ];
    // (OPENAI_API_KEY, when present, must not print either.)

    #[test]
    fn development_needs_only_the_connection_strings_and_key() {
        let config = Config::from_lookup(lookup(DEV)).unwrap();
        assert_eq!(config.environment, Environment::Development);
        assert_eq!(config.public_url, "http://127.0.0.1:3000");
        assert!(!config.secure_cookies());
    }

    #[test]
    fn production_names_the_missing_secret() {
        let mut vars = DEV.to_vec();
        vars.push(("OSOOL_ENV", "production"));
        vars.push(("OSOOL_PUBLIC_URL", "https://osool.example"));
        vars.retain(|(k, _)| *k != "OSOOL_SECRET_KEY");
        let err = Config::from_lookup(lookup(&vars)).unwrap_err();
        assert_eq!(err, ConfigError::Missing("OSOOL_SECRET_KEY", IN_PRODUCTION));
        assert!(err.to_string().contains("OSOOL_SECRET_KEY is not set"));
    }

    #[test]
    fn production_requires_a_public_url_and_secures_cookies() {
        let mut vars = DEV.to_vec();
        vars.push(("OSOOL_ENV", "production"));
        let err = Config::from_lookup(lookup(&vars)).unwrap_err();
        assert_eq!(err, ConfigError::Missing("OSOOL_PUBLIC_URL", IN_PRODUCTION));
        vars.push(("OSOOL_PUBLIC_URL", "https://osool.example/"));
        let err = Config::from_lookup(lookup(&vars)).unwrap_err();
        assert_eq!(err, ConfigError::Missing("SMTP_URL", IN_PRODUCTION));
        vars.push(("SMTP_URL", "smtps://osool:secret@mail.example:465"));
        let config = Config::from_lookup(lookup(&vars)).unwrap();
        assert_eq!(config.public_url, "https://osool.example");
        assert!(config.secure_cookies());
    }

    #[test]
    fn short_keys_and_bad_numbers_are_rejected_by_name() {
        let mut vars = DEV.to_vec();
        vars.retain(|(k, _)| *k != "OSOOL_SECRET_KEY");
        vars.push(("OSOOL_SECRET_KEY", "short"));
        let err = Config::from_lookup(lookup(&vars)).unwrap_err();
        assert!(err.to_string().starts_with("OSOOL_SECRET_KEY is invalid"));

        let mut vars = DEV.to_vec();
        vars.push(("DATABASE_MAX_CONNECTIONS", "lots"));
        let err = Config::from_lookup(lookup(&vars)).unwrap_err();
        assert!(err.to_string().starts_with("DATABASE_MAX_CONNECTIONS is invalid"));
    }

    #[test]
    fn the_embedder_follows_the_openai_key() {
        let config = Config::from_lookup(lookup(DEV)).unwrap();
        assert_eq!(config.embedder, EmbedderChoice::Local);
        let mut vars = DEV.to_vec();
        vars.push(("OPENAI_API_KEY", "sk-test"));
        assert_eq!(Config::from_lookup(lookup(&vars)).unwrap().embedder, EmbedderChoice::OpenAi);
        vars.push(("OSOOL_EMBEDDER", "local"));
        assert_eq!(Config::from_lookup(lookup(&vars)).unwrap().embedder, EmbedderChoice::Local);
        let mut vars = DEV.to_vec();
        vars.push(("OSOOL_EMBEDDER", "openai"));
        let err = Config::from_lookup(lookup(&vars)).unwrap_err();
        assert!(err.to_string().starts_with("OPENAI_API_KEY is not set"));
    }

    #[test]
    fn every_variable_read_here_is_documented_in_env_example() {
        let source = include_str!("config.rs");
        let documented = include_str!("../../.env.example");
        let mut names: Vec<&str> = source
            .split("get(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'))
            .collect();
        names.sort_unstable();
        names.dedup();
        assert!(names.len() > 30, "{names:?}");
        let missing: Vec<&&str> = names.iter().filter(|n| !documented.contains(&format!("{n}="))).collect();
        assert!(missing.is_empty(), "not in .env.example: {missing:?}");
    }

    #[test]
    fn secrets_do_not_print() {
        let config = Config::from_lookup(lookup(DEV)).unwrap();
        let printed = format!("{config:?}");
        assert!(!printed.contains("0123456789abcdef"));
        assert!(!printed.contains("postgres://"));
    }
}
