//! Cookies on the wire: the one parser of `Cookie` request headers and the
//! one builder of `Set-Cookie` values. Every cookie Osool sets is
//! `SameSite=Lax`, `Secure` behind HTTPS, and names and values are ASCII.

/// A cookie to set (`Some(value)`) or clear (`None`).
pub struct SetCookie<'a> {
    pub name: &'a str,
    pub value: Option<&'a str>,
    pub path: &'a str,
    pub max_age_secs: u64,
    /// Hidden from scripts (every cookie but the language choice).
    pub http_only: bool,
    pub secure: bool,
}

impl SetCookie<'_> {
    /// The `Set-Cookie` header value. A value that is not a valid header
    /// (never the case for the ASCII tokens Osool sets) clears the cookie.
    pub fn header(&self) -> http::HeaderValue {
        let (value, max_age) = match self.value {
            Some(v) => (v, self.max_age_secs),
            None => ("", 0),
        };
        let http_only = if self.http_only { "; HttpOnly" } else { "" };
        let secure = if self.secure { "; Secure" } else { "" };
        let text = format!(
            "{}={value}; Path={}; Max-Age={max_age}{http_only}; SameSite=Lax{secure}",
            self.name, self.path
        );
        http::HeaderValue::from_str(&text).unwrap_or_else(|_| {
            let cleared = format!("{}=; Path={}; Max-Age=0", self.name, self.path);
            http::HeaderValue::from_str(&cleared)
                .unwrap_or(http::HeaderValue::from_static("osool=; Max-Age=0"))
        })
    }
}

/// The values of the cookies named `name` in a request's `Cookie` headers,
/// in the order the browser sent them (a browser may send one name twice,
/// for different paths).
pub fn values<'a>(headers: &'a http::HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(move |header| in_header(header, name))
}

/// The values of the cookies named `name` in one `Cookie` header value.
pub fn in_header<'a>(header: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    header.split(';').filter_map(move |pair| {
        let (n, value) = pair.trim().split_once('=')?;
        (n == name).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others_in_every_header() {
        let mut headers = http::HeaderMap::new();
        headers.append(http::header::COOKIE, http::HeaderValue::from_static("a=1; osool_x=first"));
        headers.append(http::header::COOKIE, http::HeaderValue::from_static("osool_x=second;b=2"));
        assert_eq!(values(&headers, "osool_x").collect::<Vec<_>>(), ["first", "second"]);
        assert_eq!(values(&headers, "b").collect::<Vec<_>>(), ["2"]);
        assert_eq!(values(&headers, "osool").count(), 0);
        assert_eq!(in_header("x=; y=3", "x").collect::<Vec<_>>(), [""]);
    }
}
