//! The harness itself: the app on a random port, fresh databases, test
//! accounts, a private Redis.

use super::legacy;
use crate::server::app::Application;
use crate::server::config::Config;
use sqlx::{Connection, Executor, PgConnection};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::{OnceCell, oneshot};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run the tests with ./scripts/test"))
}

/// `url` with its database name replaced.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(slash) if base[..slash].contains("://") && base[..slash].len() > "postgres://".len() => {
            &base[..slash]
        }
        _ => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

/// The migrated template every test database is copied from. Its name
/// carries a hash of the migrations, so a schema change makes a new one.
async fn template() -> &'static str {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let admin_url = env("DATABASE_URL");
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for migration in crate::server::db::MIGRATOR.iter() {
                for byte in migration.checksum.iter() {
                    hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
                }
            }
            let name = format!("osool_tpl_{hash:016x}");
            let mut admin = PgConnection::connect(&admin_url).await.expect("connect to the test Postgres");
            let exists: Option<i32> = sqlx::query_scalar("select 1 from pg_database where datname = $1")
                .bind(&name)
                .fetch_optional(&mut admin)
                .await
                .expect("look up the template");
            if exists.is_none() {
                let scratch = format!("osool_tplnew_{}", uuid::Uuid::new_v4().simple());
                admin
                    .execute(format!(r#"create database "{scratch}""#).as_str())
                    .await
                    .expect("create template");
                let pool =
                    sqlx::PgPool::connect(&with_database(&admin_url, &scratch)).await.expect("connect");
                crate::server::db::migrate(&pool).await.expect("migrate the template");
                pool.close().await;
                publish_template(&mut admin, &scratch, &name, "osool_tpl_").await;
            }
            admin.close().await.ok();
            name
        })
        .await
}

/// Renames a finished scratch database to its template name (another test
/// process may have won the race: then theirs is used) and drops older
/// templates of the same kind.
async fn publish_template(admin: &mut PgConnection, scratch: &str, name: &str, prefix: &str) {
    let renamed = admin.execute(format!(r#"alter database "{scratch}" rename to "{name}""#).as_str()).await;
    if renamed.is_err() {
        let _ = admin.execute(format!(r#"drop database if exists "{scratch}""#).as_str()).await;
    }
    let old: Vec<String> = sqlx::query_scalar(
        "select datname from pg_database where starts_with(datname, $1) and datname <> $2",
    )
    .bind(prefix)
    .bind(name)
    .fetch_all(&mut *admin)
    .await
    .unwrap_or_default();
    for db in old {
        let _ = admin.execute(format!(r#"drop database if exists "{db}""#).as_str()).await;
    }
}

/// The password of every account `account` makes.
pub const TEST_PASSWORD: &str = "nile-sunset-42-falafel";

/// A new account with `role` (and `name`) whose password is
/// `TEST_PASSWORD`, hashed once per process: its id and address.
pub async fn account(
    db: &sqlx::PgPool,
    role: crate::domain::account::Role,
    name: Option<&str>,
) -> (i64, String) {
    static HASH: OnceCell<String> = OnceCell::const_new();
    let hash = HASH
        .get_or_init(|| async {
            crate::server::services::accounts::password::hash(TEST_PASSWORD.into()).await.expect("hash")
        })
        .await;
    let email = format!("{}-{}@example.com", role.code(), uuid::Uuid::new_v4().simple());
    let id = crate::server::db::users::upsert_staff(db, &email, name, role, hash).await.expect("account");
    (id, email)
}

/// A fresh, migrated database; returns its URL.
pub async fn fresh_database() -> String {
    clone_database(template().await).await
}

/// A fresh copy of `template`; returns its URL.
async fn clone_database(template: &str) -> String {
    let admin_url = env("DATABASE_URL");
    let name = format!("osool_t_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url).await.expect("connect to the test Postgres");
    let mut attempts = 0;
    loop {
        match admin.execute(format!(r#"create database "{name}" template "{template}""#).as_str()).await {
            Ok(_) => break,
            // Copying a template fails while another session is still
            // connected to it (another test starting at the same moment).
            Err(e) if attempts < 100 && e.to_string().contains("being accessed by other users") => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("create test database: {e}"),
        }
    }
    admin.close().await.ok();
    with_database(&admin_url, &name)
}

/// A fresh database holding the whole committed catalog, ingested and
/// embedded with the local model. The first call builds a template (about
/// a minute), kept in the cluster under a name that changes with the
/// migrations and the catalog, so later runs reuse it.
pub async fn catalog_database() -> String {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    let template = TEMPLATE.get_or_init(|| catalog_template(committed_catalog(), "osool_cat_")).await;
    clone_database(template).await
}

/// A fresh database holding the same catalog read from the original Osool
/// export format (`legacy::export`), as `osool ingest` reads such a file.
pub async fn legacy_catalog_database() -> String {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    let template =
        TEMPLATE.get_or_init(|| catalog_template(legacy::export(&committed_catalog()), "osool_leg_")).await;
    clone_database(template).await
}

fn committed_catalog() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/properties.json")).expect("data/properties.json")
}

/// The template database holding the catalog file `catalog`, built once
/// and named by a hash of the migrations and the file.
async fn catalog_template(catalog: Vec<u8>, prefix: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let migrations = crate::server::db::MIGRATOR.iter().flat_map(|m| m.checksum.iter().copied());
    for byte in migrations.chain(catalog.iter().copied()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let name = format!("{prefix}{hash:016x}");
    let admin_url = env("DATABASE_URL");
    let mut admin = PgConnection::connect(&admin_url).await.expect("connect to the test Postgres");
    let exists: Option<i32> = sqlx::query_scalar("select 1 from pg_database where datname = $1")
        .bind(&name)
        .fetch_optional(&mut admin)
        .await
        .expect("look up the catalog template");
    if exists.is_none() {
        let scratch_url = fresh_database().await;
        let scratch = scratch_url
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        let pool = sqlx::PgPool::connect(&scratch_url).await.expect("connect");
        let embedder = crate::server::adapters::embed::local::LocalEmbedder::load(&model_dir())
            .expect("the local model");
        let report = crate::server::services::catalog::ingest::ingest_bytes(
            &pool,
            &embedder,
            &catalog,
            &crate::server::services::catalog::ingest::Options::default(),
        )
        .await
        .expect("ingest the catalog");
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        pool.close().await;
        publish_template(&mut admin, &scratch, &name, prefix).await;
    }
    admin.close().await.ok();
    name
}

/// A pool on a fresh, migrated database.
pub async fn fresh_pool() -> sqlx::PgPool {
    sqlx::PgPool::connect(&fresh_database().await).await.expect("connect to the test database")
}

/// The local embedding model's folder (installed by ./scripts/setup).
pub fn model_dir() -> std::path::PathBuf {
    std::env::var("OSOOL_MODEL_DIR")
        .unwrap_or_else(|_| crate::server::config::DEFAULT_MODEL_DIR.into())
        .into()
}

/// A test configuration on `database_url`, adjusted by `customize`.
pub fn config_with(database_url: &str, customize: impl FnOnce(&mut HashMap<String, String>)) -> Config {
    let mut vars = base_vars(database_url);
    customize(&mut vars);
    Config::from_lookup(|name| vars.get(name).cloned()).expect("test configuration")
}

/// The variables every test app gets; tests override some of them.
pub fn base_vars(database_url: &str) -> HashMap<String, String> {
    HashMap::from([
        ("DATABASE_URL".into(), database_url.to_owned()),
        ("REDIS_URL".into(), env("REDIS_URL")),
        ("OSOOL_REDIS_PREFIX".into(), format!("test:{}:", uuid::Uuid::new_v4().simple())),
        ("OSOOL_SECRET_KEY".into(), uuid::Uuid::new_v4().simple().to_string().repeat(2)),
        ("OSOOL_ADDR".into(), "127.0.0.1:0".into()),
        ("OSOOL_READINESS_TIMEOUT_MS".into(), "500".into()),
        ("SMTP_URL".into(), std::env::var("SMTP_URL").unwrap_or_else(|_| "smtp://127.0.0.1:55025".into())),
        ("OSOOL_TRUSTED_PROXIES".into(), "1".into()),
        ("OSOOL_SHUTDOWN_TIMEOUT_SECS".into(), "2".into()),
        // Tests run the reservations' reconciler themselves, on their clock.
        ("OSOOL_RECONCILE_MS".into(), "3600000".into()),
        // The offline assistant answers at once; the streaming test sets a pace.
        ("OSOOL_OFFLINE_PACE_MS".into(), "0".into()),
        // Quiet unless asked: OSOOL_TEST_LOG=debug shows the app's logs.
        ("OSOOL_LOG".into(), std::env::var("OSOOL_TEST_LOG").unwrap_or_else(|_| "off".into())),
    ])
}

pub struct TestApp {
    pub addr: SocketAddr,
    /// Where `/metrics` is served when `OSOOL_METRICS_ADDR` gave it an address.
    pub metrics_addr: Option<SocketAddr>,
    pub client: reqwest::Client,
    pub state: crate::server::state::AppState,
    shutdown: Option<oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Spawns the app on a copy of the full catalog.
    pub async fn with_catalog() -> TestApp {
        TestApp::start(&catalog_database().await, |_| {}).await
    }

    /// Spawns the app after `customize` adjusts its environment.
    pub async fn spawn_with(customize: impl FnOnce(&mut HashMap<String, String>)) -> TestApp {
        TestApp::start(&fresh_database().await, customize).await
    }

    pub async fn start(database_url: &str, customize: impl FnOnce(&mut HashMap<String, String>)) -> TestApp {
        let mut vars = base_vars(database_url);
        customize(&mut vars);
        let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("test configuration");
        crate::server::telemetry::init_logging(&config);
        let app = Application::build(config).await.expect("build the app");
        let addr = app.local_addr();
        let metrics_addr = app.metrics_addr();
        let state = app.state().clone();
        let (tx, rx) = oneshot::channel();
        tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        // Like a browser on the site: state-changing requests carry its Origin.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ORIGIN,
            reqwest::header::HeaderValue::from_str(&format!("http://{addr}")).expect("origin"),
        );
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .default_headers(headers)
            .build()
            .expect("http client");
        TestApp { addr, metrics_addr, client, state, shutdown: Some(tx) }
    }

    /// Starts the app's shutdown, as SIGTERM does.
    pub fn shut_down(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// GET a JSON endpoint: status and body.
    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// GET a page and return its status and HTML.
    pub async fn page(&self, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A private `redis-server` the test can stop and restart.
pub struct RedisProcess {
    pub port: u16,
    child: Option<tokio::process::Child>,
}

impl RedisProcess {
    pub async fn start() -> RedisProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let mut redis = RedisProcess { port, child: None };
        redis.restart().await;
        redis
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    pub async fn restart(&mut self) {
        let binary = std::env::var("REDIS_SERVER_BIN").unwrap_or_else(|_| "redis-server".into());
        let child = tokio::process::Command::new(binary)
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start redis-server (installed by ./scripts/test)");
        self.child = Some(child);
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("redis-server did not start on port {}", self.port);
    }

    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
            let _ = child.wait().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_names_are_swapped_in_urls() {
        assert_eq!(with_database("postgres://u@h:5/postgres", "x"), "postgres://u@h:5/x");
        assert_eq!(
            with_database("postgres://u@h:5/postgres?sslmode=disable", "x"),
            "postgres://u@h:5/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h:5", "x"), "postgres://u@h:5/x");
    }
}
