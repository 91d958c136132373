//! Leads: the pipeline a buyer moves through, and the score that tells an
//! agent who to call first. The score comes from explicit signals only
//! (what the buyer said or did), each worth fixed points, and every signal
//! is shown on the lead so the agent sees why.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "lead_status", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    #[default]
    New,
    Contacted,
    ViewingScheduled,
    Negotiating,
    Won,
    Lost,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 6] = [
        LeadStatus::New,
        LeadStatus::Contacted,
        LeadStatus::ViewingScheduled,
        LeadStatus::Negotiating,
        LeadStatus::Won,
        LeadStatus::Lost,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Contacted => "contacted",
            LeadStatus::ViewingScheduled => "viewing_scheduled",
            LeadStatus::Negotiating => "negotiating",
            LeadStatus::Won => "won",
            LeadStatus::Lost => "lost",
        }
    }

    pub fn from_code(code: &str) -> Option<LeadStatus> {
        LeadStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Won and lost leads are closed; any status can still be set again.
    pub fn is_open(self) -> bool {
        !matches!(self, LeadStatus::Won | LeadStatus::Lost)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "lead_score", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Score {
    Hot,
    Warm,
    #[default]
    Cold,
}

impl Score {
    pub const ALL: [Score; 3] = [Score::Hot, Score::Warm, Score::Cold];

    pub fn code(self) -> &'static str {
        match self {
            Score::Hot => "hot",
            Score::Warm => "warm",
            Score::Cold => "cold",
        }
    }

    pub fn from_code(code: &str) -> Option<Score> {
        Score::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Hot from 60 points (a viewing request and a budget, say), warm from 30.
    pub fn from_points(points: i32) -> Score {
        match points {
            p if p >= HOT_FROM => Score::Hot,
            p if p >= WARM_FROM => Score::Warm,
            _ => Score::Cold,
        }
    }
}

pub const HOT_FROM: i32 = 60;
pub const WARM_FROM: i32 = 30;

/// Something the buyer said or did that shows intent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// Asked to view a unit.
    Viewing,
    /// Asked to be called or contacted.
    Contact,
    /// Said how much they can spend.
    Budget,
    /// Said when they want to buy or move.
    Timeline,
    /// Named an area, district or compound.
    Area,
    /// Saved listings to their account.
    Saved,
    /// Left a verified phone number.
    Phone,
}

impl SignalKind {
    /// The points one signal of this kind is worth.
    pub fn points(self) -> i32 {
        match self {
            SignalKind::Viewing => 50,
            SignalKind::Contact => 30,
            SignalKind::Budget => 20,
            SignalKind::Timeline => 20,
            SignalKind::Area => 10,
            SignalKind::Saved => 5,
            SignalKind::Phone => 10,
        }
    }

    /// Whether this signal alone makes a chat a lead (the issue's "real
    /// intent": a budget, an area, a timeline or a request to be contacted).
    pub fn shows_intent(self) -> bool {
        !matches!(self, SignalKind::Saved | SignalKind::Phone)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    pub kind: SignalKind,
    /// What exactly: "up to EGP 10,000,000", "New Cairo", "#1042".
    pub detail: String,
    pub points: i32,
}

/// Saved listings count at most this many times.
pub const SAVED_COUNTED: i32 = 3;

impl Signal {
    pub fn new(kind: SignalKind, detail: impl Into<String>) -> Signal {
        Signal { kind, detail: detail.into(), points: kind.points() }
    }

    pub fn saved(count: i32) -> Signal {
        Signal {
            kind: SignalKind::Saved,
            detail: count.to_string(),
            points: SignalKind::Saved.points() * count.clamp(0, SAVED_COUNTED),
        }
    }
}

/// The total and the score; each kind counts once (the first signal of it).
pub fn score(signals: &[Signal]) -> (i32, Score) {
    let mut seen = Vec::new();
    let mut points = 0;
    for s in signals {
        if !seen.contains(&s.kind) {
            seen.push(s.kind);
            points += s.points;
        }
    }
    (points, Score::from_points(points))
}

/// Whether the signals make a lead at all.
pub fn has_intent(signals: &[Signal]) -> bool {
    signals.iter().any(|s| s.kind.shows_intent())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in LeadStatus::ALL {
            assert_eq!(LeadStatus::from_code(s.code()), Some(s));
        }
        for s in Score::ALL {
            assert_eq!(Score::from_code(s.code()), Some(s));
        }
        assert_eq!(LeadStatus::from_code("archived"), None);
        assert_eq!(serde_json::to_string(&LeadStatus::ViewingScheduled).unwrap(), "\"viewing_scheduled\"");
    }

    #[test]
    fn a_viewing_with_a_budget_is_hot_a_budget_and_area_warm_an_area_cold() {
        let viewing = Signal::new(SignalKind::Viewing, "#12");
        let budget = Signal::new(SignalKind::Budget, "10,000,000");
        let area = Signal::new(SignalKind::Area, "New Cairo");
        assert_eq!(score(&[viewing.clone(), budget.clone()]), (70, Score::Hot));
        assert_eq!(score(&[budget.clone(), area.clone()]), (30, Score::Warm));
        assert_eq!(score(std::slice::from_ref(&area)), (10, Score::Cold));
        assert_eq!(score(&[]), (0, Score::Cold));
    }

    #[test]
    fn repeated_signals_count_once_and_saved_listings_are_capped() {
        let area = Signal::new(SignalKind::Area, "New Cairo");
        let again = Signal::new(SignalKind::Area, "Sheikh Zayed");
        assert_eq!(score(&[area.clone(), again]).0, 10);
        assert_eq!(Signal::saved(10).points, 15);
        assert_eq!(Signal::saved(2).points, 10);
    }

    #[test]
    fn saved_listings_or_a_phone_alone_are_not_intent() {
        assert!(!has_intent(&[Signal::saved(3), Signal::new(SignalKind::Phone, "+20")]));
        assert!(has_intent(&[Signal::new(SignalKind::Timeline, "within 3 months")]));
    }
}
