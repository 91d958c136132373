//! The agents' dashboard on the wire: the leads inbox, a lead with its
//! transcript and history, the pipeline actions, and the viewings calendar.
//! Every function asks for the caller's role itself and, for a lead, checks
//! the assignment: an agent sees and works only the leads and viewings
//! assigned to them, an admin sees everything and assigns; a buyer's
//! contact details go to the assigned agent only.

use crate::domain::lead::{LeadStatus, Score, Signal};
use crate::domain::viewing::ViewingStatus;
use crate::wire::AppError;
use serde::{Deserialize, Serialize};

/// Leads and viewings per page.
pub const PER_PAGE: u32 = 20;

/// A list's search box as the server takes it: trimmed, control characters
/// dropped, at most 100 characters; `None` when nothing is left.
pub fn search_text(q: Option<&str>) -> Option<String> {
    q.map(|t| t.trim().chars().filter(|c| !c.is_control()).take(100).collect::<String>())
        .filter(|t| !t.is_empty())
}

/// An agent (or admin) leads can be assigned to, with their open leads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentRef {
    pub id: i64,
    pub name: String,
    pub open_leads: i64,
}

/// A lead as a row of the inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadSummary {
    pub id: i64,
    /// The buyer's name, or empty for an anonymous visitor or a buyer who
    /// gave none.
    pub buyer: String,
    pub anonymous: bool,
    /// Email and phone: only for the assigned agent.
    pub contact: Option<String>,
    pub agent: Option<AgentRef>,
    pub status: LeadStatus,
    pub score: Score,
    pub points: i32,
    pub budget_egp: Option<i64>,
    pub area: Option<String>,
    pub timeline: Option<String>,
    pub viewings: i64,
    /// Cairo time, "2026-12-10 15:00".
    pub last_activity: String,
    /// Assigned to the caller.
    pub mine: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LeadsQuery {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub score: Option<String>,
    /// Matches the buyer's name, email or phone, the area and the timeline.
    #[serde(default)]
    pub q: Option<String>,
    /// Admins only: one agent's leads (0: unassigned ones).
    #[serde(default)]
    pub agent: Option<i64>,
    #[serde(default)]
    pub page: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadsPage {
    pub total: i64,
    pub page: u32,
    pub items: Vec<LeadSummary>,
    pub is_admin: bool,
    /// For the admin's agent filter and reassignment; empty for agents.
    pub agents: Vec<AgentRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TranscriptLine {
    /// "buyer" or "assistant".
    pub role: String,
    pub text: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingRef {
    pub id: String,
    pub title_en: String,
    pub title_ar: String,
    pub url: String,
    pub price_egp: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadEvent {
    /// created, status, note, assigned or viewing.
    pub kind: String,
    /// Who did it; `None` for Osool itself.
    pub actor: Option<String>,
    pub from_status: Option<LeadStatus>,
    pub to_status: Option<LeadStatus>,
    /// For an assignment: the agent it went to.
    pub agent: Option<String>,
    pub note: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadDetail {
    pub lead: LeadSummary,
    pub signals: Vec<Signal>,
    /// The buyer's conversations with the assistant, oldest first.
    pub transcript: Vec<TranscriptLine>,
    /// Listings the assistant showed them or they asked about.
    pub looked_at: Vec<ListingRef>,
    pub saved: Vec<ListingRef>,
    pub viewings: Vec<StaffViewing>,
    pub history: Vec<LeadEvent>,
    /// The caller may change the status and add notes.
    pub can_edit: bool,
    pub is_admin: bool,
    pub agents: Vec<AgentRef>,
}

/// A viewing request as an agent sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffViewing {
    pub id: i64,
    pub listing_id: String,
    pub listing_title: String,
    #[serde(default)]
    pub listing_title_ar: String,
    pub listing_url: String,
    pub buyer: String,
    /// Email and phone: only for the assigned agent.
    pub contact: Option<String>,
    pub lead_id: Option<i64>,
    /// What the buyer asked for, Cairo time; `None`: the agent agrees one with them.
    pub preferred_cairo: Option<String>,
    /// The time the agent set (confirmed or rescheduled), Cairo time.
    pub scheduled_cairo: Option<String>,
    /// The time the calendar places it at: scheduled, else preferred.
    pub when_cairo: Option<String>,
    pub requested_cairo: String,
    pub note: String,
    /// requested, confirmed, rescheduled, cancelled or completed.
    pub status: ViewingStatus,
    pub agent: Option<String>,
    /// The caller may reschedule or cancel it.
    pub can_act: bool,
    /// The caller may confirm it: it is still a request.
    pub can_confirm: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewingsPage {
    pub total: i64,
    pub page: u32,
    pub items: Vec<StaffViewing>,
    /// For the week view: its seven days from Saturday, "2026-12-05", ...
    pub week_days: Vec<String>,
    /// Any day of the weeks before and after, for navigation.
    pub prev_week: Option<String>,
    pub next_week: Option<String>,
}

/// What an agent does to a viewing request.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewingAction {
    /// At the time given, else the buyer's preferred time.
    Confirm(Option<String>),
    Reschedule(String),
    Cancel,
}

impl ViewingAction {
    pub fn parse(action: &str, at: Option<&str>) -> Result<ViewingAction, AppError> {
        let at = at.map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned);
        match action.trim() {
            "confirm" => Ok(ViewingAction::Confirm(at)),
            "reschedule" => at
                .map(ViewingAction::Reschedule)
                .ok_or_else(|| AppError::validation("at", "choose the new date and time")),
            "cancel" => Ok(ViewingAction::Cancel),
            _ => Err(AppError::validation("action", "confirm, reschedule or cancel")),
        }
    }
}

/// A user as admins see them, with the work they hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: crate::domain::account::Role,
    /// Cairo time.
    pub joined: String,
    pub open_leads: i64,
    pub open_viewings: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UsersQuery {
    /// buyer, agent or admin.
    #[serde(default)]
    pub role: Option<String>,
    /// Matches name, email or phone.
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub page: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsersPage {
    pub total: i64,
    pub page: u32,
    pub items: Vec<StaffUser>,
}

/// One UTC day of activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayFigures {
    /// "2026-12-02".
    pub date: String,
    pub searches: i64,
    pub zero_results: i64,
    pub chats: i64,
    pub leads: i64,
    pub viewings: i64,
    pub llm_tokens: i64,
    pub llm_usd: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analytics {
    /// Oldest first.
    pub days: Vec<DayFigures>,
    /// The most frequent searches that found nothing, with their count.
    pub zero_queries: Vec<(String, i64)>,
    pub leads_by_status: Vec<(LeadStatus, i64)>,
    /// (requested, confirmed, ...) with their count.
    pub viewings_by_status: Vec<(ViewingStatus, i64)>,
    pub budget_usd: f64,
    /// False when the cost monitor could not be read (Redis down).
    pub costs_available: bool,
}

/// A listing in the dashboard's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedListing {
    pub id: i64,
    pub title: String,
    pub location: String,
    pub compound: Option<String>,
    pub price_egp: i64,
    pub is_available: bool,
    pub sold: bool,
    pub agent: Option<String>,
    pub can_edit: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedPage {
    pub total: i64,
    pub page: u32,
    pub items: Vec<ManagedListing>,
}

/// What the edit form starts from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingEditor {
    pub id: i64,
    pub form: crate::domain::listing_form::ListingForm,
    pub sold: bool,
    pub url: String,
}
