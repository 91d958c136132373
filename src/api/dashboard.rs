//! The agents' dashboard on the wire: the leads inbox, a lead with its
//! transcript and history, the pipeline actions, and the viewings calendar.
//! Every function asks for the caller's role itself and, for a lead, checks
//! the assignment: an agent sees and works only the leads and viewings
//! assigned to them, an admin sees everything and assigns; a buyer's
//! contact details go to the assigned agent only.

use crate::api::AppError;
use leptos::prelude::*;

pub use crate::wire::dashboard::*;

/// The leads inbox: hottest and most recent first, filtered, 20 a page.
#[server(prefix = "/fn", endpoint = "dashboard/leads", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
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
#[server(prefix = "/fn", endpoint = "dashboard/lead", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
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
#[server(prefix = "/fn", endpoint = "dashboard/lead/status", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn set_lead_status(id: i64, status: String, note: String) -> Result<(), AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            let status = crate::domain::lead::LeadStatus::from_code(status.trim())
                .ok_or_else(|| AppError::validation("status", "not a pipeline status"))?;
            state.leads.set_status(&staff, id, status, &note).await
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "dashboard/lead/note", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
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
#[server(prefix = "/fn", endpoint = "dashboard/lead/assign", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
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
#[server(prefix = "/fn", endpoint = "dashboard/viewings", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
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
#[server(prefix = "/fn", endpoint = "dashboard/viewing", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
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

#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::server::state::AppState, crate::domain::account::User), AppError> {
    let state = crate::server::http::context::state()?;
    let staff =
        crate::server::http::context::require_role(&state, crate::domain::account::Role::Agent).await?;
    Ok((state, staff))
}

/// Admins: users and roles, staff first, with their workload.
#[server(prefix = "/fn", endpoint = "dashboard/users", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn admin_users(query: UsersQuery) -> Result<UsersPage, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::services::admin::users(&state, &staff, &query).await
        }
        .await,
    )
}

/// Admins: grants (`agent: true`) or revokes the agent role. Revoking hands
/// the agent's open leads and viewings back, unassigned.
#[server(prefix = "/fn", endpoint = "dashboard/users/role", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn set_agent_role(id: i64, agent: bool) -> Result<(), AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::services::admin::set_agent(&state, &staff, id, agent).await
        }
        .await,
    )
}

/// Admins: activity per day over the last `days` (7 to 90) days.
#[server(prefix = "/fn", endpoint = "dashboard/analytics", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn dashboard_analytics(days: u32) -> Result<Analytics, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::services::admin::analytics(&state, &staff, days).await
        }
        .await,
    )
}

/// Listings: an agent's own (they handle them), or all for admins.
#[server(prefix = "/fn", endpoint = "dashboard/listings", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn managed_listings(
    #[server(default)] q: Option<String>,
    page: u32,
) -> Result<ManagedPage, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::services::catalog::manage::list(&state, &staff, q.as_deref(), page).await
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "dashboard/listing", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn load_listing_editor(id: i64) -> Result<ListingEditor, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::services::catalog::manage::editor(&state, &staff, id).await
        }
        .await,
    )
}

/// Creates (`id` empty) or updates a listing: checked like `osool ingest`,
/// re-embedded, in search as soon as this returns. Returns its id.
#[server(prefix = "/fn", endpoint = "dashboard/listing/save", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn save_listing(
    #[server(default)] id: Option<i64>,
    form: crate::domain::listing_form::ListingForm,
) -> Result<i64, AppError> {
    AppError::respond(
        async {
            let (state, staff) = staff().await?;
            crate::server::services::catalog::manage::save(&state, &staff, id, &form).await
        }
        .await,
    )
}

/// Puts a listing on the market (`available`), takes it off for now
/// (`unavailable`) or marks it `sold` (also off the market).
#[server(prefix = "/fn", endpoint = "dashboard/listing/state", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn set_listing_state(id: i64, state: String) -> Result<(), AppError> {
    AppError::respond(
        async {
            let (app, staff) = staff().await?;
            crate::server::services::catalog::manage::set_state(&app, &staff, id, &state).await
        }
        .await,
    )
}
