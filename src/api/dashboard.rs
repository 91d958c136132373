//! The agents' dashboard on the wire: the leads inbox, a lead with its
//! transcript and history, the pipeline actions, and the viewings calendar.
//! Every function asks for the caller's role itself and, for a lead, checks
//! the assignment: an agent sees and works only the leads and viewings
//! assigned to them, an admin sees everything and assigns; a buyer's
//! contact details go to the assigned agent only.

use crate::api::AppError;
use crate::domain::lead::{LeadStatus, Score, Signal};
use leptos::prelude::*;
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
    pub status: String,
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

/// The leads inbox: hottest and most recent first, filtered, 20 a page.
#[server(prefix = "/fn", endpoint = "dashboard/leads", input = leptos::server_fn::codec::Json)]
pub async fn dashboard_leads(query: LeadsQuery) -> Result<LeadsPage, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            state.leads.inbox(&staff, &query).await
        }
        .await,
    )
}

/// One lead: the buyer, the transcript, what they looked at and saved,
/// their viewings and the history of the lead.
#[server(prefix = "/fn", endpoint = "dashboard/lead", input = leptos::server_fn::codec::Json)]
pub async fn dashboard_lead(id: i64) -> Result<LeadDetail, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            state.leads.detail(&staff, id).await
        }
        .await,
    )
}

/// Moves a lead along the pipeline, with an optional note.
#[server(prefix = "/fn", endpoint = "dashboard/lead/status", input = leptos::server_fn::codec::Json)]
pub async fn set_lead_status(id: i64, status: String, note: String) -> Result<(), AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            let status = LeadStatus::from_code(status.trim())
                .ok_or_else(|| AppError::validation("status", "not a pipeline status"))?;
            state.leads.set_status(&staff, id, status, &note).await
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "dashboard/lead/note", input = leptos::server_fn::codec::Json)]
pub async fn add_lead_note(id: i64, note: String) -> Result<(), AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            state.leads.add_note(&staff, id, &note).await
        }
        .await,
    )
}

/// Admins: gives a lead (and its open viewings) to another agent.
#[server(prefix = "/fn", endpoint = "dashboard/lead/assign", input = leptos::server_fn::codec::Json)]
pub async fn assign_lead(id: i64, agent_id: i64) -> Result<(), AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            state.leads.assign(&staff, id, agent_id).await
        }
        .await,
    )
}

/// Viewing requests: a page of them, newest first, or one week's by the
/// time they are planned for (`week`: any day of it, "2026-12-07").
#[server(prefix = "/fn", endpoint = "dashboard/viewings", input = leptos::server_fn::codec::Json)]
pub async fn staff_viewings(
    page: u32,
    #[server(default)] week: Option<String>,
) -> Result<ViewingsPage, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            state.leads.viewings(&staff, page, week.as_deref()).await
        }
        .await,
    )
}

/// Confirms, reschedules or cancels a viewing; the buyer is told by email
/// (by text message when they have no email).
#[server(prefix = "/fn", endpoint = "dashboard/viewing", input = leptos::server_fn::codec::Json)]
pub async fn update_viewing(
    id: i64,
    action: String,
    #[server(default)] at: Option<String>,
    #[server(default)] message: String,
) -> Result<StaffViewing, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            let action = ViewingAction::parse(&action, at.as_deref())?;
            state.leads.update_viewing(&staff, id, action, &message).await
        }
        .await,
    )
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

#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::server::state::AppState, crate::domain::account::User), AppError> {
    let state = crate::api::context::state()?;
    let staff = crate::api::context::require_role(&state, crate::domain::account::Role::Agent).await?;
    Ok((state, staff))
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

/// Admins: users and roles, staff first, with their workload.
#[server(prefix = "/fn", endpoint = "dashboard/users", input = leptos::server_fn::codec::Json)]
pub async fn admin_users(query: UsersQuery) -> Result<UsersPage, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::admin::users(&state, &staff, &query).await
        }
        .await,
    )
}

/// Admins: grants (`agent: true`) or revokes the agent role. Revoking hands
/// the agent's open leads and viewings back, unassigned.
#[server(prefix = "/fn", endpoint = "dashboard/users/role", input = leptos::server_fn::codec::Json)]
pub async fn set_agent_role(id: i64, agent: bool) -> Result<(), AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::admin::set_agent(&state, &staff, id, agent).await
        }
        .await,
    )
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
    pub viewings_by_status: Vec<(String, i64)>,
    pub budget_usd: f64,
    /// False when the cost monitor could not be read (Redis down).
    pub costs_available: bool,
}

/// Admins: activity per day over the last `days` (7 to 90) days.
#[server(prefix = "/fn", endpoint = "dashboard/analytics", input = leptos::server_fn::codec::Json)]
pub async fn dashboard_analytics(days: u32) -> Result<Analytics, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::admin::analytics(&state, &staff, days).await
        }
        .await,
    )
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

/// Listings: an agent's own (they handle them), or all for admins.
#[server(prefix = "/fn", endpoint = "dashboard/listings", input = leptos::server_fn::codec::Json)]
pub async fn managed_listings(
    #[server(default)] q: Option<String>,
    page: u32,
) -> Result<ManagedPage, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::catalog::manage::list(&state, &staff, q.as_deref(), page).await
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "dashboard/listing", input = leptos::server_fn::codec::Json)]
pub async fn load_listing_editor(id: i64) -> Result<ListingEditor, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::catalog::manage::editor(&state, &staff, id).await
        }
        .await,
    )
}

/// Creates (`id` empty) or updates a listing: checked like `osool ingest`,
/// re-embedded, in search as soon as this returns. Returns its id.
#[server(prefix = "/fn", endpoint = "dashboard/listing/save", input = leptos::server_fn::codec::Json)]
pub async fn save_listing(
    #[server(default)] id: Option<i64>,
    form: crate::domain::listing_form::ListingForm,
) -> Result<i64, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::catalog::manage::save(&state, &staff, id, &form).await
        }
        .await,
    )
}

/// Puts a listing on the market (`available`), takes it off for now
/// (`unavailable`) or marks it `sold` (also off the market).
#[server(prefix = "/fn", endpoint = "dashboard/listing/state", input = leptos::server_fn::codec::Json)]
pub async fn set_listing_state(id: i64, state: String) -> Result<(), AppError> {
    AppError::respond(
        async {
            let (app, staff) = staff().await?;
            crate::server::catalog::manage::set_state(&app, &staff, id, &state).await
        }
        .await,
    )
}
