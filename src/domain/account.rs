//! Accounts: who can sign in and how. Email addresses and Egyptian mobile
//! numbers are parsed into canonical forms; passwords must not be obvious;
//! roles decide what a user may see.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "user_role", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Buyer,
    Agent,
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Buyer => "buyer",
            Role::Agent => "agent",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "buyer" => Some(Role::Buyer),
            "agent" => Some(Role::Agent),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Admins can do what agents can.
    pub fn at_least(self, other: Role) -> bool {
        let rank = |r: Role| match r {
            Role::Buyer => 0,
            Role::Agent => 1,
            Role::Admin => 2,
        };
        rank(self) >= rank(other)
    }
}

/// The signed-in user as the pages see them (no secrets).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub role: Role,
    pub language: crate::domain::Lang,
    pub google_linked: bool,
    pub has_password: bool,
}

/// An email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, &'static str> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("required");
        }
        if email.chars().count() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("not an email address");
        }
        let Some((local, domain)) = email.rsplit_once('@') else { return Err("not an email address") };
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err("not an email address");
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Egyptian mobile number in E.164 form (+20 and 10 digits starting
/// 10, 11, 12 or 15). Accepts the ways people write it: 010..., +20 10...,
/// 0020..., with spaces, dashes or Arabic-Indic digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Phone, &'static str> {
        let mut digits = String::new();
        for (i, c) in raw.trim().chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '\u{0660}'..='\u{0669}' => digits.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
                '\u{06F0}'..='\u{06F9}' => digits.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
                '+' if i == 0 => {}
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err("not a phone number"),
            }
        }
        if digits.is_empty() {
            return Err("required");
        }
        let national = if let Some(rest) = digits.strip_prefix("0020") {
            rest.to_owned()
        } else if let Some(rest) = digits.strip_prefix("20").filter(|r| r.len() == 10) {
            rest.to_owned()
        } else if let Some(rest) = digits.strip_prefix('0').filter(|r| r.len() == 10) {
            rest.to_owned()
        } else {
            digits
        };
        let valid_prefix = ["10", "11", "12", "15"].iter().any(|p| national.starts_with(p));
        if national.len() != 10 || !valid_prefix {
            return Err("not an Egyptian mobile number");
        }
        Ok(Phone(format!("+20{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// "+20 10 •••• 5678": enough to recognise, not to copy.
    pub fn masked(&self) -> String {
        let n = &self.0;
        format!("+20 {} •••• {}", &n[3..5], &n[n.len() - 4..])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Why a password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    Common,
    ContainsEmail,
    Repetitive,
}

const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "passw0rd",
    "1234567890",
    "12345678910",
    "qwertyuiop",
    "qwerty123",
    "iloveyou",
    "letmein",
    "welcome1",
    "admin12345",
    "abc1234567",
    "osool12345",
    "egypt12345",
    "cairo12345",
    "0123456789",
    "1111111111",
    "1q2w3e4r5t",
    "azertyuiop",
    "football1",
    "princess1",
    "sunshine1",
    "dragon1234",
];

/// Rejects what is short, famous, built from the email, or one character
/// or run repeated.
pub fn check_password(password: &str, email: Option<&str>) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return Err(PasswordProblem::Common);
    }
    if let Some(local) = email.and_then(|e| e.split('@').next()).filter(|l| l.chars().count() >= 4)
        && lower.contains(&local.to_lowercase())
    {
        return Err(PasswordProblem::ContainsEmail);
    }
    let chars: Vec<char> = lower.chars().collect();
    let distinct: std::collections::HashSet<char> = chars.iter().copied().collect();
    let ascending = chars.windows(2).all(|w| w[1] as i64 - w[0] as i64 == 1);
    let descending = chars.windows(2).all(|w| w[0] as i64 - w[1] as i64 == 1);
    if distinct.len() <= 3 || ascending || descending {
        return Err(PasswordProblem::Repetitive);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn egyptian_mobiles_in_every_local_form() {
        for raw in [
            "01012345678",
            "+20 10 1234 5678",
            "00201012345678",
            "201012345678",
            "٠١٠١٢٣٤٥٦٧٨",
            "010-1234-5678",
        ] {
            assert_eq!(Phone::parse(raw).map(|p| p.0), Ok("+201012345678".to_owned()), "{raw}");
        }
        assert_eq!(Phone::parse("01512345678").unwrap().as_str(), "+201512345678");
        assert!(Phone::parse("01312345678").is_err(), "13 is not a mobile prefix");
        assert!(Phone::parse("0101234567").is_err(), "too short");
        assert!(Phone::parse("+44 7700 900123").is_err());
        assert!(Phone::parse("010 1234 abcd").is_err());
        assert_eq!(Phone::parse("01012345678").unwrap().masked(), "+20 10 •••• 5678");
    }

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(Email::parse("  Sara@Example.COM ").unwrap().as_str(), "sara@example.com");
        for bad in
            ["", "sara", "sara@", "@example.com", "sara@example", "sara @example.com", "sara@-x.com", "a@b.c"]
        {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn obvious_passwords_are_refused() {
        assert_eq!(check_password("short", None), Err(PasswordProblem::TooShort));
        assert_eq!(check_password("Password123", None), Err(PasswordProblem::Common));
        assert_eq!(
            check_password("sara.hassan.2026", Some("sara.hassan@example.com")),
            Err(PasswordProblem::ContainsEmail)
        );
        assert_eq!(check_password("aaaaaaaaaaaa", None), Err(PasswordProblem::Repetitive));
        assert_eq!(check_password("abcdefghijkl", None), Err(PasswordProblem::Repetitive));
        assert_eq!(check_password(&"x1".repeat(80), None), Err(PasswordProblem::TooLong));
        assert_eq!(check_password("nile-sunset-42-falafel", Some("sara@example.com")), Ok(()));
    }

    #[test]
    fn admins_outrank_agents_outrank_buyers() {
        assert!(Role::Admin.at_least(Role::Agent));
        assert!(Role::Agent.at_least(Role::Agent));
        assert!(!Role::Buyer.at_least(Role::Agent));
    }
}
