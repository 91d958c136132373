//! Reservations on the wire: the listing page's offer, reserving (a hold
//! and the payment's start), a reservation's page, the buyer's list, and
//! the dashboard's list and actions. Each function asks for the caller
//! itself; the service checks whose reservation it is.

use crate::api::AppError;
use leptos::prelude::*;

pub use crate::wire::reservation::*;

/// What the listing page offers the caller for `listing_id`.
#[server(prefix = "/fn", endpoint = "reservation/offer", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn reservation_offer(listing_id: String) -> Result<ReserveOffer, AppError> {
    AppError::respond(
        async {
            let state = crate::server::http::context::state()?;
            let user = crate::server::http::context::user(&state).await?;
            let id = listing_id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
            state.reservations.offer(user.as_ref(), id).await
        }
        .await,
    )
}

/// Holds the unit for the caller and starts the payment. A browser without
/// the app's script is sent straight to the checkout; with it, the page
/// goes there itself.
#[server(prefix = "/fn", endpoint = "reservation/reserve", output = crate::api::Json)]
pub async fn reserve_listing(listing_id: String) -> Result<ReserveStarted, AppError> {
    AppError::respond(
        async {
            let state = crate::server::http::context::state()?;
            let user = crate::server::http::context::require_user(&state).await?;
            let subject = crate::server::http::context::subject(&state).await;
            let limit = crate::server::services::ratelimit::reserve();
            crate::server::services::ratelimit::check(&state.kv, limit, &subject).await?;
            let id = listing_id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
            let lang = crate::server::http::context::lang();
            let started = state.reservations.reserve(&user, id, lang).await?;
            if crate::server::http::context::is_plain_form() {
                leptos_axum::redirect(&started.checkout_url);
            }
            Ok(started)
        }
        .await,
    )
}

/// One reservation, for its buyer or the staff who handle it.
#[server(prefix = "/fn", endpoint = "reservation", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn reservation(id: String) -> Result<ReservationView, AppError> {
    AppError::respond(
        async {
            let state = crate::server::http::context::state()?;
            let user = crate::server::http::context::require_user(&state).await?;
            state.reservations.view(&user, &id).await
        }
        .await,
    )
}

/// The caller's reservations, newest first.
#[server(prefix = "/fn", endpoint = "reservations/mine", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn my_reservations() -> Result<Vec<ReservationView>, AppError> {
    AppError::respond(
        async {
            let state = crate::server::http::context::state()?;
            let user = crate::server::http::context::require_user(&state).await?;
            state.reservations.mine(&user).await
        }
        .await,
    )
}

/// The dashboard's reservations: an agent's listings', or all for an admin.
#[server(prefix = "/fn", endpoint = "dashboard/reservations", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn dashboard_reservations(active_only: bool) -> Result<Vec<StaffReservation>, AppError> {
    AppError::respond(
        async {
            let state = crate::server::http::context::state()?;
            let staff =
                crate::server::http::context::require_role(&state, crate::domain::account::Role::Agent)
                    .await?;
            state.reservations.for_staff(&staff, active_only).await
        }
        .await,
    )
}

/// Confirm (`confirm`), complete the sale (`sell`) or release with a
/// reason (`release`, which refunds the fee). A form post, so the
/// dashboard's buttons work before the app's script loads.
#[server(prefix = "/fn", endpoint = "dashboard/reservation/act", output = crate::api::Json)]
pub async fn act_on_reservation(id: String, action: String, reason: String) -> Result<(), AppError> {
    AppError::respond(
        async {
            let state = crate::server::http::context::state()?;
            let staff =
                crate::server::http::context::require_role(&state, crate::domain::account::Role::Agent)
                    .await?;
            match action.trim() {
                "confirm" => state.reservations.confirm(&staff, &id).await,
                "sell" => state.reservations.complete_sale(&staff, &id).await,
                "release" => state.reservations.release(&staff, &id, &reason).await,
                _ => Err(AppError::validation("action", "confirm, sell or release")),
            }
        }
        .await,
    )
}
