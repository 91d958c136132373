//! A client that behaves like one browser: keeps its session cookie and
//! calls server functions the way the hydrated app does (form-encoded,
//! JSON answers).

use super::TestApp;
use serde_json::Value;

pub struct Browser<'a> {
    app: &'a TestApp,
    pub session: Option<String>,
    /// The address it appears to come from (tests of per-address limits).
    pub forwarded_for: Option<String>,
}

pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub set_cookie: Vec<String>,
    pub retry_after: Option<String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser { app, session: None, forwarded_for: None }
    }

    /// Calls `/fn/<endpoint>` with form fields; remembers a new session.
    pub async fn call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        let mut request = self
            .app
            .client
            .post(self.app.url(&format!("/fn/{endpoint}")))
            .header("accept", "application/json")
            .form(form);
        if let Some(s) = &self.session {
            request = request.header("cookie", format!("osool_session={s}"));
        }
        if let Some(ip) = &self.forwarded_for {
            request = request.header("x-forwarded-for", ip);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let set_cookie: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let retry_after =
            response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
        for cookie in &set_cookie {
            if let Some(rest) = cookie.strip_prefix("osool_session=") {
                let value = rest.split(';').next().unwrap_or_default();
                self.session = (!value.is_empty()).then(|| value.to_owned());
            }
        }
        let text = response.text().await.unwrap_or_default();
        Reply {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
            set_cookie,
            retry_after,
        }
    }

    /// The signed-in user as the app sees this browser.
    pub async fn me(&mut self) -> Value {
        self.call("me", &[]).await.body["user"].clone()
    }
}

/// Reads the local mail sink (maildev) the tests send through.
pub struct Inbox {
    api: String,
    http: reqwest::Client,
}

impl Default for Inbox {
    fn default() -> Inbox {
        Inbox::new()
    }
}

impl Inbox {
    pub fn new() -> Inbox {
        let api = std::env::var("OSOOL_MAIL_API").unwrap_or_else(|_| "http://127.0.0.1:55080".into());
        Inbox { api, http: reqwest::Client::new() }
    }

    /// Messages to `address` (waits up to five seconds for the first).
    pub async fn to(&self, address: &str) -> Vec<Value> {
        self.to_until(address, |mine| !mine.is_empty()).await
    }

    /// Messages to `address` once one has `subject` (waits up to five seconds).
    pub async fn with_subject(&self, address: &str, subject: &str) -> Vec<Value> {
        self.to_until(address, |mine| mine.iter().any(|m| m["subject"] == subject)).await
    }

    /// Messages to `address` once `done` says enough arrived (or five seconds passed).
    pub async fn to_until(&self, address: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let mut mine = Vec::new();
        for _ in 0..50 {
            let all: Value = match self.http.get(format!("{}/api/email", self.api)).send().await {
                Ok(r) => r.json().await.unwrap_or(Value::Null),
                Err(_) => Value::Null,
            };
            mine = all
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter(|m| {
                            m["to"].as_array().is_some_and(|to| to.iter().any(|t| t["address"] == address))
                        })
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            if done(&mine) {
                return mine;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        mine
    }

    /// The token in the first link of the latest message to `address`
    /// whose link path is `path`.
    pub async fn token(&self, address: &str, path: &str) -> Option<String> {
        self.tokens(address, path, 1).await.pop()
    }

    /// The tokens of every link to `path` mailed to `address`, oldest
    /// first, once there are at least `count` (or five seconds passed).
    pub async fn tokens(&self, address: &str, path: &str, count: usize) -> Vec<String> {
        let find = |m: &Value| -> Option<String> {
            let text = m["text"].as_str()?;
            let start = text.find(&format!("{path}?token="))? + path.len() + "?token=".len();
            Some(text[start..].split_whitespace().next()?.to_owned())
        };
        let messages = self.to_until(address, |mine| mine.iter().filter_map(find).count() >= count).await;
        messages.iter().filter_map(find).collect()
    }
}
