//! What only admins do: users and roles, and the analytics. Each function
//! checks the caller is an admin itself.

use crate::domain::account::{Role, User};
use crate::domain::lead::LeadStatus;
use crate::domain::viewing::ViewingStatus;
use crate::server::db::analytics as repo;
use crate::server::state::AppState;
use crate::server::time::cairo_display;
use crate::wire::AppError;
use crate::wire::dashboard::{Analytics, DayFigures, PER_PAGE, StaffUser, UsersPage, UsersQuery};

fn require_admin(user: &User) -> Result<(), AppError> {
    if user.role == Role::Admin { Ok(()) } else { Err(AppError::Forbidden) }
}

pub async fn users(state: &AppState, caller: &User, q: &UsersQuery) -> Result<UsersPage, AppError> {
    require_admin(caller)?;
    let role = match q.role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        None => None,
        Some(code) => Some(
            Role::from_code(code)
                .ok_or_else(|| AppError::validation("role", "buyer, agent or admin"))?
                .code(),
        ),
    };
    let text = crate::wire::dashboard::search_text(q.q.as_deref());
    let page = q.page.clamp(1, 10_000);
    let offset = i64::from(page - 1) * i64::from(PER_PAGE);
    let (rows, total) = repo::users(&state.db, role, text.as_deref(), i64::from(PER_PAGE), offset)
        .await
        .map_err(AppError::internal)?;
    let items = rows
        .into_iter()
        .map(|u| StaffUser {
            id: u.id,
            name: u.name.unwrap_or_default(),
            email: u.email,
            phone: u.phone,
            role: u.role,
            joined: cairo_display(u.created_at),
            open_leads: u.open_leads,
            open_viewings: u.open_viewings,
        })
        .collect();
    Ok(UsersPage { total, page, items })
}

pub async fn set_agent(state: &AppState, caller: &User, id: i64, agent: bool) -> Result<(), AppError> {
    require_admin(caller)?;
    if id == caller.id {
        return Err(AppError::Conflict { message: "you cannot change your own role".into() });
    }
    match repo::set_agent(&state.db, caller.id, id, agent).await.map_err(AppError::internal)? {
        None => Err(AppError::NotFound),
        Some(false) => {
            Err(AppError::Conflict { message: "admins keep their role; use osool user create".into() })
        }
        Some(true) => {
            tracing::info!(user = id, agent, by = caller.id, "agent role changed");
            Ok(())
        }
    }
}

pub async fn analytics(state: &AppState, caller: &User, days: u32) -> Result<Analytics, AppError> {
    require_admin(caller)?;
    let days = days.clamp(7, 90);
    let rows = repo::per_day(&state.db, days as i32).await.map_err(AppError::internal)?;
    let zero_queries =
        repo::zero_result_queries(&state.db, days as i32, 10).await.map_err(AppError::internal)?;
    let (leads, viewings) = repo::by_status(&state.db).await.map_err(AppError::internal)?;
    let costs = state.agent.costs.last_days(days).await;
    let costs_available = costs.is_ok();
    if let Err(error) = &costs {
        tracing::warn!(%error, "the cost monitor could not be read for the analytics");
    }
    let costs = costs.unwrap_or_default();
    let days = rows
        .into_iter()
        .map(|r| {
            let cost = costs.iter().find(|c| c.date == r.day);
            DayFigures {
                date: r.day.format("%Y-%m-%d").to_string(),
                searches: r.searches,
                zero_results: r.zero_results,
                chats: r.chats,
                leads: r.leads,
                viewings: r.viewings,
                llm_tokens: cost.map_or(0, |c| c.tokens()),
                llm_usd: cost.map_or(0.0, |c| c.total_usd()),
            }
        })
        .collect();
    Ok(Analytics {
        days,
        zero_queries,
        leads_by_status: LeadStatus::ALL
            .into_iter()
            .map(|s| (s, leads.iter().find(|(status, _)| *status == s).map_or(0, |(_, n)| *n)))
            .collect(),
        viewings_by_status: ViewingStatus::ALL
            .into_iter()
            .map(|s| (s, viewings.iter().find(|(status, _)| *status == s).map_or(0, |(_, n)| *n)))
            .collect(),
        budget_usd: state.agent.costs.budget_usd(),
        costs_available,
    })
}
