//! Viewing requests: where a request a buyer made stands.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "viewing_status", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum ViewingStatus {
    /// The buyer asked; nobody has answered yet.
    Requested,
    Confirmed,
    Rescheduled,
    Cancelled,
    /// The viewing took place.
    Completed,
}

impl ViewingStatus {
    pub const ALL: [ViewingStatus; 5] = [
        ViewingStatus::Requested,
        ViewingStatus::Confirmed,
        ViewingStatus::Rescheduled,
        ViewingStatus::Cancelled,
        ViewingStatus::Completed,
    ];

    /// The stable snake_case code (database, URLs, `data-status`).
    pub const fn code(self) -> &'static str {
        match self {
            ViewingStatus::Requested => "requested",
            ViewingStatus::Confirmed => "confirmed",
            ViewingStatus::Rescheduled => "rescheduled",
            ViewingStatus::Cancelled => "cancelled",
            ViewingStatus::Completed => "completed",
        }
    }

    pub fn from_code(code: &str) -> Option<ViewingStatus> {
        ViewingStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Cancelled and completed viewings can no longer be changed.
    pub const fn is_closed(self) -> bool {
        matches!(self, ViewingStatus::Cancelled | ViewingStatus::Completed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for s in ViewingStatus::ALL {
            assert_eq!(ViewingStatus::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap_or_default(), format!("\"{}\"", s.code()));
        }
        assert_eq!(ViewingStatus::from_code("done"), None);
        assert!(ViewingStatus::Cancelled.is_closed() && !ViewingStatus::Rescheduled.is_closed());
    }
}
