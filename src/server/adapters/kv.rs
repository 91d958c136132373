//! Redis: sessions, counters and short-lived codes. One multiplexed
//! connection that reconnects by itself; every key carries the deployment's
//! prefix so several deployments (or tests) can share one server.

use crate::server::config::Config;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use std::time::Duration;

#[derive(Clone)]
pub struct Kv {
    connection: ConnectionManager,
    prefix: String,
}

impl Kv {
    /// Connects lazily: the first command opens the connection, and a lost
    /// connection is reopened on the next command.
    pub fn connect(config: &Config) -> Result<Kv, redis::RedisError> {
        let client = redis::Client::open(config.redis_url.expose())?;
        let manager_config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(1)))
            .set_response_timeout(Some(Duration::from_secs(2)))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let connection = ConnectionManager::new_lazy_with_config(client, manager_config)?;
        Ok(Kv { connection, prefix: config.redis_prefix.clone() })
    }

    /// A key in this deployment's namespace.
    pub fn key(&self, parts: &[&str]) -> String {
        let mut key = self.prefix.clone();
        key.push_str(&parts.join(":"));
        key
    }

    /// A handle for issuing commands (cheap: it shares one connection).
    pub fn connection(&self) -> ConnectionManager {
        self.connection.clone()
    }

    pub async fn ping(&self) -> Result<(), redis::RedisError> {
        let mut connection = self.connection();
        let _: String = redis::cmd("PING").query_async(&mut connection).await?;
        Ok(())
    }
}
