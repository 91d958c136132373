//! The client's network address, for rate limits: the TCP peer, or the
//! first X-Forwarded-For hop when the app sits behind a trusted proxy.

use axum::extract::ConnectInfo;
use http::request::Parts;
use std::net::SocketAddr;

pub fn address(parts: &Parts, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(forwarded) = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(first) =
            forwarded.split(',').next().map(str::trim).filter(|s| s.parse::<std::net::IpAddr>().is_ok())
    {
        return first.to_owned();
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |ConnectInfo(addr)| addr.ip().to_string())
}
