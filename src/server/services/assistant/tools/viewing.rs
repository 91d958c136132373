//! `schedule_viewing`: a viewing prepared for the signed-in buyer to confirm.

use super::*;

pub struct Viewing;

impl Tool for Viewing {
    const NAME: &'static str = "schedule_viewing";
    const DESCRIPTION: &'static str = "Prepare a viewing request of a listing for the signed-in buyer. Nothing is booked until the buyer confirms it with the button the page shows; then the listing's agent is told.";
    type Args = ViewingArgs;

    fn call(
        deps: &ToolDeps,
        cx: &ToolContext<'_>,
        a: ViewingArgs,
    ) -> impl Future<Output = ToolOutcome> + Send {
        viewing(deps, cx, a, Utc::now())
    }
}

/// Prepare a viewing of a listing for the signed-in buyer to confirm.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ViewingArgs {
    pub listing_id: ListingId,
    /// When the buyer would like to come, Cairo time: "YYYY-MM-DD HH:MM",
    /// "YYYY-MM-DD", or the buyer's own words ("Saturday at 11am", "بكرة ٥
    /// العصر"). Leave out only when they named no day: the agent then agrees
    /// one with them.
    #[serde(default)]
    pub preferred_time: Option<String>,
    /// Anything the agent should know.
    #[serde(default)]
    pub note: Option<String>,
}

/// A viewing time as buyers and models write it: the strict form first,
/// then the buyer's own words (`when`), relative to `now`.
pub fn parse_preferred_time(text: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    parse_cairo_time(text).or_else(|| {
        crate::server::services::assistant::when::parse(text, cairo_now(now))
            .and_then(|m| cairo_to_utc(m.or_at(default_viewing_time())))
    })
}

/// Prepares a viewing for the buyer to confirm (see `agent::viewings`):
/// nothing is booked and nobody is told until the buyer presses the button.
async fn viewing(deps: &ToolDeps, cx: &ToolContext<'_>, a: ViewingArgs, now: DateTime<Utc>) -> ToolOutcome {
    let Some(user) = cx.user else {
        return ToolOutcome {
            result: json!({
                "error": "sign_in_required",
                "message": "The buyer must sign in before a viewing can be requested; the chat is kept.",
            }),
            sign_in_required: true,
            ..Default::default()
        };
    };
    let l = match listing(deps, a.listing_id).await {
        Ok(l) => l,
        Err(o) => return o,
    };
    let mut from_message = false;
    let preferred_at = match a.preferred_time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        // The model left the time out: the buyer's own words, if they name
        // a day or time that can be booked.
        None => {
            let said = cx.buyer_said.and_then(|t| parse_preferred_time(t, now));
            let usable = said.filter(|at| *at > now && *at <= now + chrono::Duration::days(90));
            from_message = usable.is_some();
            usable
        }
        Some(text) => match parse_preferred_time(text, now) {
            None => {
                return ToolOutcome::refused(
                    "preferred_time must name a day and time, like 2026-12-10 15:00 or Saturday 11am (Cairo time)",
                );
            }
            Some(at) if at <= now => return ToolOutcome::refused("preferred_time is in the past"),
            Some(at) if at > now + chrono::Duration::days(90) => {
                return ToolOutcome::refused("preferred_time must be within 90 days");
            }
            Some(at) => Some(at),
        },
    };
    let note: String = a.note.unwrap_or_default().trim().chars().take(1000).collect();
    let proposal = match crate::server::services::assistant::viewings::propose(
        deps,
        user,
        cx.conversation_id,
        &l,
        preferred_at,
        &note,
    )
    .await
    {
        Ok(p) => p,
        Err(e) => return database_error(e),
    };
    ToolOutcome {
        result: json!({
            "status": "awaiting_buyer_confirmation",
            "listing_id": l.id,
            "listing_title": l.title_in(cx.lang),
            "preferred_time_cairo": preferred_at.map(cairo_display),
            "preferred_time_from": if from_message { Some("the buyer's message") } else { None },
            // How the agent will reach the buyer: never promise a call without a number.
            "agent_contacts_by": if user.phone.is_some() { "phone" } else { "email" },
            "next_step": "Nothing is booked yet: the page shows the buyer a button to confirm this viewing request. Tell them to press it; do not say it is booked.",
        }),
        listing_ids: vec![a.listing_id.0],
        proposal: Some(Box::new(proposal)),
        ok: true,
        ..Default::default()
    }
}
