//! Listings agents manage from the dashboard: created and edited through
//! the ingest path (same rules, same storage, re-embedded at once), taken
//! off the market or marked sold. An agent manages the listings they
//! handle; admins manage all.

use crate::domain::account::{Role, User};
use crate::domain::listing_form::ListingForm;
use crate::server::db::listings as repo;
use crate::server::services::catalog::ingest;
use crate::server::state::AppState;
use crate::wire::AppError;
use crate::wire::dashboard::{ListingEditor, ManagedListing, ManagedPage, PER_PAGE};

/// The source (natural key's first half) of listings made in the dashboard.
pub const SOURCE: &str = "osool-agents";

fn may_edit(staff: &User, agent_id: Option<i64>) -> bool {
    staff.role == Role::Admin || agent_id == Some(staff.id)
}

async fn load(state: &AppState, staff: &User, id: i64) -> Result<repo::Managed, AppError> {
    let managed =
        repo::managed(&state.db, id).await.map_err(AppError::internal)?.ok_or(AppError::NotFound)?;
    if may_edit(staff, managed.agent_id) { Ok(managed) } else { Err(AppError::Forbidden) }
}

pub async fn list(
    state: &AppState,
    staff: &User,
    q: Option<&str>,
    page: u32,
) -> Result<ManagedPage, AppError> {
    let text = crate::wire::dashboard::search_text(q);
    let page = page.clamp(1, 10_000);
    let scope = (staff.role != Role::Admin).then_some(staff.id);
    let (rows, total) = repo::managed_page(
        &state.db,
        scope,
        text.as_deref(),
        i64::from(PER_PAGE),
        i64::from(page - 1) * i64::from(PER_PAGE),
    )
    .await
    .map_err(AppError::internal)?;
    let items = rows
        .into_iter()
        .map(|r| ManagedListing {
            can_edit: may_edit(staff, r.agent_id),
            id: r.id,
            title: r.title_en,
            location: r.location,
            compound: r.compound,
            price_egp: r.price_egp,
            is_available: r.is_available,
            sold: r.sold,
            agent: r.agent_name,
        })
        .collect();
    Ok(ManagedPage { total, page, items })
}

pub async fn editor(state: &AppState, staff: &User, id: i64) -> Result<ListingEditor, AppError> {
    let m = load(state, staff, id).await?;
    Ok(ListingEditor {
        id,
        form: ListingForm {
            reservation_fee_egp: m
                .reservation_fee_piastres
                .map(|p| (p / crate::domain::reservation::PIASTRES_PER_POUND).to_string())
                .unwrap_or_default(),
            ..ListingForm::from_record(&m.record)
        },
        sold: m.sold_at.is_some(),
        url: format!("/listings/{id}"),
    })
}

async fn store(state: &AppState, record: crate::domain::listing::ListingRecord) -> Result<i64, AppError> {
    let embedder = state.search.embedder().ok_or(AppError::Unavailable)?;
    let stored = ingest::store_one(&state.db, embedder.as_ref(), record).await.map_err(AppError::internal)?;
    state.search.catalog_changed();
    Ok(stored)
}

pub async fn save(
    state: &AppState,
    staff: &User,
    id: Option<i64>,
    form: &ListingForm,
) -> Result<i64, AppError> {
    let (source, external_id) = match id {
        Some(id) => {
            let m = load(state, staff, id).await?;
            (m.record.source, m.record.external_id)
        }
        None => (SOURCE.to_owned(), format!("a-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])),
    };
    let record = form
        .to_record(&source, &external_id)
        .map_err(|invalid| AppError::validation(invalid.field, invalid.reason))?;
    let fee = form
        .reservation_fee_piastres(record.price_egp)
        .map_err(|invalid| AppError::validation(invalid.field, invalid.reason))?;
    let stored = store(state, record).await?;
    repo::set_reservation_fee(&state.db, stored, fee).await.map_err(AppError::internal)?;
    if id.is_none() && staff.role == Role::Agent {
        repo::set_handling(&state.db, stored, Some(staff.id), None).await.map_err(AppError::internal)?;
    }
    metrics::counter!("listings_saved_total", "new" => id.is_none().to_string()).increment(1);
    tracing::info!(listing = stored, by = staff.id, new = id.is_none(), "listing saved from the dashboard");
    Ok(stored)
}

pub async fn set_state(state: &AppState, staff: &User, id: i64, to: &str) -> Result<(), AppError> {
    let (available, sold) = match to.trim() {
        "available" => (true, false),
        "unavailable" => (false, false),
        "sold" => (false, true),
        _ => return Err(AppError::validation("state", "available, unavailable or sold")),
    };
    let mut m = load(state, staff, id).await?;
    // Reservations decide a reserved unit's fate: release or sell it there.
    let (reserved, sold_through_reservation) =
        crate::server::db::reservations::listing_reserved(&state.db, id).await.map_err(AppError::internal)?;
    if reserved {
        return Err(AppError::Conflict {
            message: "this unit has an active reservation: confirm, sell or release it under Reservations"
                .into(),
        });
    }
    if sold_through_reservation && !sold {
        return Err(AppError::Conflict { message: "this unit was sold through a reservation".into() });
    }
    m.record.is_available = available;
    store(state, m.record).await?;
    repo::set_handling(&state.db, id, None, Some(sold)).await.map_err(AppError::internal)?;
    // Again: a search between the two writes may have cached the first.
    state.search.catalog_changed();
    Ok(())
}
