//! Viewings the assistant arranges. A model can be told what to do by text
//! it reads (a listing's description is written by whoever lists it), so
//! the assistant never books: `schedule_viewing` only stores a proposal,
//! which the chat shows as a card with a confirm button built from the
//! stored facts. The booking, and the mail that gives the buyer's name and
//! contact to the listing's agent, happen when the signed-in buyer it was
//! proposed to presses that button (`confirm_viewing`), once.

use super::tools::ToolDeps;
use crate::domain::account::User;
use crate::domain::listing::Listing;
use crate::server::adapters::mail::Rendered;
use crate::server::db;
use crate::server::db::viewings::{NewProposal, NewViewing, Proposal};
use crate::server::services::outbox::{self, Outbound};
use crate::server::time::cairo_display;
use crate::wire::AppError;
use crate::wire::chat::{ViewingBooked, ViewingProposal};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Stores a proposal for `buyer` and returns it as the page shows it.
pub async fn propose(
    deps: &ToolDeps,
    buyer: &User,
    conversation_id: Uuid,
    listing: &Listing,
    preferred_at: Option<DateTime<Utc>>,
    note: &str,
) -> sqlx::Result<ViewingProposal> {
    let id = Uuid::new_v4();
    let listing_id: i64 = listing.id.parse().unwrap_or_default();
    db::viewings::propose(
        &deps.db,
        NewProposal { id, conversation_id, buyer_id: buyer.id, listing_id, preferred_at, note },
    )
    .await?;
    metrics::counter!("viewing_proposals_total").increment(1);
    Ok(ViewingProposal {
        id: id.to_string(),
        listing: listing.clone(),
        preferred_cairo: preferred_at.map(cairo_display),
        note: note.to_owned(),
        viewing_request_id: None,
        expired: false,
    })
}

/// Stored proposals as the page shows them (with their listings).
pub async fn shown(deps: &ToolDeps, ids: &[Uuid]) -> Result<Vec<ViewingProposal>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db::viewings::proposals(&deps.db, ids).await.map_err(AppError::internal)?;
    let listing_ids: Vec<i64> = rows.iter().map(|p| p.listing_id).collect();
    let listings = deps.search.listings(&listing_ids).await.map_err(AppError::internal)?;
    let now = Utc::now();
    Ok(rows
        .into_iter()
        .filter_map(|p| {
            let listing = listings.iter().find(|l| l.id == p.listing_id.to_string())?.clone();
            Some(wire(p, listing, now))
        })
        .collect())
}

fn wire(p: Proposal, listing: Listing, now: DateTime<Utc>) -> ViewingProposal {
    ViewingProposal {
        id: p.id.to_string(),
        listing,
        preferred_cairo: p.preferred_at.map(cairo_display),
        note: p.note,
        viewing_request_id: p.viewing_request_id,
        expired: p.confirmed_at.is_none() && p.expires_at <= now,
    }
}

/// The buyer's confirmation: books the viewing (or updates their open
/// request for the unit), records it on their lead and tells the listing's
/// agent (else the lead's, else the admins). A second press books nothing
/// more and mails nobody.
pub async fn confirm(deps: &ToolDeps, buyer: &User, proposal_id: &str) -> Result<ViewingBooked, AppError> {
    let id = Uuid::parse_str(proposal_id.trim()).map_err(|_| AppError::NotFound)?;
    let mut tx = deps.db.begin().await.map_err(AppError::internal)?;
    let Some(p) = db::viewings::claim_proposal(&mut tx, id, buyer.id).await.map_err(AppError::internal)?
    else {
        drop(tx);
        // Already confirmed by this buyer: the same answer again.
        let existing = db::viewings::proposals(&deps.db, &[id]).await.map_err(AppError::internal)?;
        return match existing.into_iter().find(|p| p.buyer_id == buyer.id) {
            Some(p) if p.confirmed_at.is_some() => Ok(ViewingBooked {
                viewing_request_id: p.viewing_request_id.unwrap_or_default(),
                listing_id: p.listing_id.to_string(),
                preferred_cairo: p.preferred_at.map(cairo_display),
                agent_notified: true,
            }),
            Some(_) => Err(AppError::Conflict {
                message: "this viewing request expired: ask the assistant again".into(),
            }),
            // Someone else's proposal looks like none at all.
            None => Err(AppError::NotFound),
        };
    };
    let booked = db::viewings::book(
        &mut *tx,
        NewViewing {
            listing_id: p.listing_id,
            buyer_id: buyer.id,
            conversation_id: Some(p.conversation_id),
            preferred_at: p.preferred_at,
            note: &p.note,
        },
    )
    .await
    .map_err(AppError::internal)?;
    db::viewings::set_proposal_request(&mut tx, id, booked.id).await.map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)?;
    metrics::counter!("viewing_requests_total").increment(1);
    // A viewing request makes (or warms) the buyer's lead; a listing nobody
    // handles goes to the lead's agent.
    let lead_agent = deps.leads.observe(&crate::server::db::leads::LeadKey::Buyer(buyer.id)).await;
    let agent_id = booked.agent_id.or(lead_agent);
    let listing = deps
        .search
        .listings(&[p.listing_id])
        .await
        .map_err(AppError::internal)?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let notified = notify(deps, buyer, &listing, booked.id, agent_id, p.preferred_at, &p.note).await;
    Ok(ViewingBooked {
        viewing_request_id: booked.id,
        listing_id: listing.id,
        preferred_cairo: p.preferred_at.map(cairo_display),
        agent_notified: notified,
    })
}

/// Queues the mail to the listing's agent (or the admins). The request
/// stands if there is nobody to tell; that is logged.
async fn notify(
    deps: &ToolDeps,
    buyer: &User,
    l: &Listing,
    request_id: i64,
    agent_id: Option<i64>,
    preferred_at: Option<DateTime<Utc>>,
    note: &str,
) -> bool {
    let recipients = match db::viewings::recipients(&deps.db, agent_id).await {
        Ok(r) => r,
        Err(error) => {
            tracing::error!(%error, "could not look up who to tell about a viewing request");
            return false;
        }
    };
    if recipients.is_empty() {
        tracing::warn!(request_id, "viewing request with nobody to notify: create an admin");
        return false;
    }
    let mut queued = false;
    for r in recipients {
        let lang = crate::i18n::Lang::from_code(&r.language).unwrap_or_default();
        let (subject, body) = crate::i18n::messages::viewing_request(
            lang,
            &crate::i18n::messages::ViewingRequest {
                request_id,
                listing_id: &l.id,
                title: l.title_in(lang),
                listing_url: &format!("{}{}", deps.public_url, l.url),
                buyer_name: buyer.name.as_deref(),
                buyer_email: buyer.email.as_deref(),
                buyer_phone: buyer.phone.as_deref(),
                preferred: preferred_at.map(|at| crate::i18n::format_when(&cairo_display(at), lang)),
                note,
                dashboard_url: &format!("{}/dashboard/viewings", deps.public_url),
            },
        );
        let mail = Rendered::text(subject, body);
        match outbox::enqueue(&deps.db, Outbound::mail(&r.email, mail)).await {
            Ok(()) => queued = true,
            Err(error) => tracing::error!(%error, to_user = r.user_id, "viewing request mail not queued"),
        }
    }
    deps.outbox.wake();
    queued
}
