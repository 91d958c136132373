//! Accounts on the wire: where a phone code went, who is signed in.

use crate::domain::account::User;
use serde::{Deserialize, Serialize};

/// Where a phone code went and when the buyer may ask again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    pub phone: String,
    pub masked_phone: String,
    pub resend_after_secs: u64,
    pub expires_in_secs: u64,
}

/// Who is signed in, what they saved, and which ways in this site offers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<User>,
    pub saved: Vec<String>,
    pub google: bool,
    pub phone: bool,
}
