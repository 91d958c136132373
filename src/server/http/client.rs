//! The client's network address, for rate limits: the TCP peer, or the
//! last X-Forwarded-For hop when the app sits behind a trusted proxy: that
//! hop is the one the proxy itself appended, while earlier ones come from the
//! client and can be forged to dodge rate limits.

use axum::extract::ConnectInfo;
use http::HeaderMap;
use http::request::Parts;
use std::net::SocketAddr;

/// The address from the headers and the TCP peer.
pub fn address_from(headers: &HeaderMap, peer: Option<SocketAddr>, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(forwarded) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(last) =
            forwarded.rsplit(',').next().map(str::trim).filter(|s| s.parse::<std::net::IpAddr>().is_ok())
    {
        return last.to_owned();
    }
    peer.map_or_else(|| "unknown".to_owned(), |addr| addr.ip().to_string())
}

pub fn address(parts: &Parts, trust_proxy: bool) -> String {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| *addr);
    address_from(&parts.headers, peer, trust_proxy)
}

#[cfg(test)]
mod tests {
    use super::address_from;
    use http::HeaderMap;

    #[test]
    fn the_proxy_appended_hop_counts_only_behind_a_trusted_proxy() {
        let peer = Some("10.0.0.1:5000".parse().expect("addr"));
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 198.51.100.1".parse().expect("header"));
        assert_eq!(address_from(&headers, peer, true), "198.51.100.1");
        assert_eq!(address_from(&headers, peer, false), "10.0.0.1");
        headers.insert("x-forwarded-for", "not-an-ip".parse().expect("header"));
        assert_eq!(address_from(&headers, peer, true), "10.0.0.1");
    }
}
