//! The client's network address, for rate limits. Directly on the internet
//! it is the TCP peer. Behind `OSOOL_TRUSTED_PROXIES` proxies of our own,
//! each of which appends the address it was reached from to
//! X-Forwarded-For, it is the value our outermost proxy appended: counted
//! from the right, since everything to its left came from the client and
//! can be forged to dodge limits. IPv6 clients are counted by their /64:
//! one subscriber holds a whole /64 and could otherwise take a fresh
//! address for every attempt.

use axum::extract::ConnectInfo;
use http::HeaderMap;
use http::request::Parts;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The address rate limits count against, from the headers and the TCP peer.
pub fn address_from(headers: &HeaderMap, peer: Option<SocketAddr>, trusted_proxies: u8) -> String {
    let forwarded = (trusted_proxies > 0).then(|| forwarded_client(headers, trusted_proxies)).flatten();
    match forwarded.or(peer.map(|p| p.ip())) {
        Some(ip) => bucket(ip),
        None => "unknown".to_owned(),
    }
}

/// The address our outermost proxy saw, when the header holds one there.
fn forwarded_client(headers: &HeaderMap, hops: u8) -> Option<IpAddr> {
    // Several X-Forwarded-For headers are one list, in order.
    let values: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let index = values.len().checked_sub(usize::from(hops))?;
    values[index].parse().ok()
}

/// One key per client: an IPv4 address, or an IPv6 /64.
fn bucket(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

pub fn address(parts: &Parts, trusted_proxies: u8) -> String {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| *addr);
    address_from(&parts.headers, peer, trusted_proxies)
}

#[cfg(test)]
mod tests {
    use super::address_from;
    use http::{HeaderMap, HeaderValue};

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).expect("header"));
        }
        headers
    }

    #[test]
    fn the_value_our_own_proxy_appended_counts_never_the_ones_before_it() {
        let peer = Some("10.0.0.1:5000".parse().expect("addr"));
        let forged = headers(&["6.6.6.6, 198.51.100.1"]);
        assert_eq!(address_from(&forged, peer, 1), "198.51.100.1");
        assert_eq!(address_from(&forged, peer, 0), "10.0.0.1", "no proxy: the header is the client's");
        // Two proxies (a CDN, then a load balancer): the CDN's entry.
        assert_eq!(address_from(&headers(&["6.6.6.6, 203.0.113.9, 10.1.1.1"]), peer, 2), "203.0.113.9");
        // Split over two headers, the order holds.
        assert_eq!(address_from(&headers(&["6.6.6.6", "198.51.100.7"]), peer, 1), "198.51.100.7");
        // Fewer entries than proxies, or garbage: the peer.
        assert_eq!(address_from(&headers(&["198.51.100.1"]), peer, 2), "10.0.0.1");
        assert_eq!(address_from(&headers(&["not-an-ip"]), peer, 1), "10.0.0.1");
        assert_eq!(address_from(&HeaderMap::new(), None, 1), "unknown");
    }

    #[test]
    fn ipv6_clients_count_by_their_slash_64() {
        let a = address_from(&headers(&["2001:db8:1:2:aaaa::1"]), None, 1);
        let b = address_from(&headers(&["2001:db8:1:2:ffff:1:2:3"]), None, 1);
        let other = address_from(&headers(&["2001:db8:1:3::1"]), None, 1);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(a, b);
        assert_ne!(a, other);
        assert_eq!(address_from(&headers(&["::ffff:198.51.100.4"]), None, 1), "198.51.100.4");
    }
}
