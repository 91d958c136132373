//! Requests that race for the same row: many at once, each answered, and
//! the database left as if they had come one by one.

use super::chat::Chatter;
use crate::domain::Lang;
use crate::domain::account::Role;
use crate::domain::lead::Score;
use crate::server::db::leads::{self as repo, LeadKey, Scored};
use crate::server::db::users;
use crate::server::testkit::{TestApp, account, catalog_database};
use serde_json::json;

/// A buyer who sends their first messages from two tabs (or a client that
/// retries) gets one lead, and every message its answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_first_messages_from_one_visitor_at_once_make_one_lead() {
    let app = TestApp::start(&catalog_database().await, |vars| {
        vars.insert("OSOOL_CHAT_RATE".into(), "1000".into());
    })
    .await;
    let visitor = format!("race{}", uuid::Uuid::new_v4().simple());
    let sends = (0..50).map(|i| {
        let app = &app;
        let visitor = visitor.clone();
        async move {
            let mut buyer = Chatter::new(app);
            buyer.visitor = Some(visitor);
            let message = if i % 2 == 0 {
                "3 bedroom apartment in New Cairo under 10 million"
            } else {
                "شقة ٣ غرف في التجمع أقل من ١٠ مليون"
            };
            buyer.say(None, message).await.text()
        }
    });
    let answers = futures::future::join_all(sends).await;
    assert!(answers.iter().all(|text| !text.is_empty()));
    let hash = app.state.agent.visitor_hash(&visitor);
    let leads: Vec<(i64, String)> =
        sqlx::query_as("select id, score::text from leads where visitor_hash = $1 and buyer_id is null")
            .bind(&hash)
            .fetch_all(&app.state.db)
            .await
            .expect("leads");
    assert_eq!(leads.len(), 1, "{leads:?}");
    let created: i64 =
        sqlx::query_scalar("select count(*) from lead_events where lead_id = $1 and kind = 'created'")
            .bind(leads[0].0)
            .fetch_one(&app.state.db)
            .await
            .expect("events");
    assert_eq!(created, 1);
    let conversations: i64 = sqlx::query_scalar("select count(*) from conversations where visitor_hash = $1")
        .bind(&hash)
        .fetch_one(&app.state.db)
        .await
        .expect("conversations");
    assert_eq!(conversations, 50, "each message without a conversation starts its own");
}

/// The repository alone: fifty upserts for one buyer and fifty for one
/// visitor, all at once. Each succeeds, one of each creates, and the
/// rotation moves once per lead created.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_lead_upserts_all_succeed_and_the_rotation_moves_once_per_lead() {
    let app = TestApp::spawn().await;
    let mut agents = Vec::new();
    for name in ["first", "second"] {
        agents.push(account(&app.state.db, Role::Agent, Some(name)).await.0);
    }
    let buyer = super::chat::signed_in(&app, Role::Buyer).await.0;
    let keys = [LeadKey::Buyer(buyer), LeadKey::Visitor(vec![7; 32])];
    let signals = json!([{"kind": "budget", "detail": "10000000", "points": 20}]);
    let upserts = (0..100).map(|i| {
        let key = keys[i % 2].clone();
        let db = app.state.db.clone();
        let signals = signals.clone();
        tokio::spawn(async move {
            let scored = Scored {
                signals,
                points: 20,
                score: Score::Cold,
                budget_egp: Some(10_000_000),
                area: Some("New Cairo"),
                timeline: None,
                summary: "apartment in New Cairo",
            };
            (key.clone(), repo::upsert(&db, &key, &scored).await)
        })
    });
    let mut created = Vec::new();
    for joined in futures::future::join_all(upserts).await {
        let (key, result) = joined.expect("task");
        let upserted = result.unwrap_or_else(|e| panic!("upsert for {key:?} failed: {e}"));
        if upserted.created {
            created.push((key, upserted.id, upserted.agent_id));
        }
    }
    assert_eq!(created.len(), 2, "one lead created per key: {created:?}");
    // The buyer's lead goes to the first agent in the rotation; the
    // anonymous visitor's waits, unassigned, until they sign in.
    let assigned: Vec<(bool, Option<i64>)> =
        created.iter().map(|c| (matches!(c.0, LeadKey::Buyer(_)), c.2)).collect();
    let mut sorted = assigned.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        vec![(false, None), (true, Some(agents[0]))],
        "the rotation moved once, for the buyer"
    );
    let leads: i64 =
        sqlx::query_scalar("select count(*) from leads").fetch_one(&app.state.db).await.expect("count");
    assert_eq!(leads, 2);
    let events: i64 =
        sqlx::query_scalar("select count(*) from lead_events where kind in ('created', 'assigned')")
            .fetch_one(&app.state.db)
            .await
            .expect("events");
    assert_eq!(events, 3, "created once per lead, assigned once for the buyer's");
}

/// A buyer double-clicks the heart, or saves in two tabs at once: the
/// toggles count as if made one after another. Forty at once from "not
/// saved" answer "saved" twenty times and end where they began.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_toggles_of_a_saved_listing_at_once_end_as_if_one_by_one() {
    let app = TestApp::with_catalog().await;
    let buyer = super::chat::signed_in(&app, Role::Buyer).await.0;
    let listing: i64 = sqlx::query_scalar("select id from listings order by id limit 1")
        .fetch_one(&app.state.db)
        .await
        .expect("listing");
    for round in 0..5 {
        let toggles = (0..40).map(|_| {
            let db = app.state.db.clone();
            tokio::spawn(async move { users::toggle_saved(&db, buyer, listing).await })
        });
        let mut saved = 0;
        for joined in futures::future::join_all(toggles).await {
            if joined.expect("task").expect("toggle") {
                saved += 1;
            }
        }
        assert_eq!(saved, 20, "round {round}: half the toggles save, half unsave");
        let kept = users::saved(&app.state.db, buyer).await.expect("saved");
        assert!(kept.is_empty(), "round {round}: an even number of toggles leaves it unsaved: {kept:?}");
    }
}

/// Twenty sign-ups with one address at once (a double submit, a script):
/// one account, one verification mail; the others are told, by mail, that
/// the address has an account. Every request gets the same answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_sign_ups_with_one_address_at_once_make_one_account() {
    let app = TestApp::spawn_with(|vars| {
        vars.insert("OSOOL_SIGN_IN_RATE".into(), "1000".into());
    })
    .await;
    let email = format!("race-{}@example.com", uuid::Uuid::new_v4().simple());
    let sign_ups = (0..20).map(|i| {
        let accounts = app.state.accounts.clone();
        let email = email.clone();
        tokio::spawn(async move {
            accounts
                .sign_up("Mona", &email, "nile-sunset-42-falafel", Lang::En, &format!("198.51.100.{i}"))
                .await
        })
    });
    for joined in futures::future::join_all(sign_ups).await {
        joined.expect("task").expect("every sign-up gets the same answer");
    }
    let accounts: i64 = sqlx::query_scalar("select count(*) from users where email = $1")
        .bind(&email)
        .fetch_one(&app.state.db)
        .await
        .expect("count");
    assert_eq!(accounts, 1);
    let verify: i64 = sqlx::query_scalar(
        "select count(*) from outbox where kind = 'account' and recipient = $1 and payload->>'action' = 'verify'",
    )
    .bind(&email)
    .fetch_one(&app.state.db)
    .await
    .expect("count");
    assert_eq!(verify, 1, "one verification mail");
}

/// An admin revokes an agent while new buyers' leads are handed out by the
/// rotation and while another admin assigns leads to that agent: once both
/// are done, no open lead is held by someone who is no longer an agent.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn revoking_an_agent_while_leads_are_handed_to_them_strands_none() {
    let app = TestApp::with_catalog().await;
    let admin = super::chat::signed_in(&app, Role::Admin).await.0;
    let user = |role: Role| {
        let db = app.state.db.clone();
        async move { account(&db, role, None).await.0 }
    };
    let scored = || Scored {
        signals: json!([]),
        points: 20,
        score: Score::Cold,
        budget_egp: None,
        area: None,
        timeline: None,
        summary: "apartment",
    };
    for round in 0..5 {
        let agent = user(Role::Agent).await;
        let listing: i64 = sqlx::query_scalar(
            "update listings set agent_id = $1 where id = (select min(id) from listings where agent_id is null) returning id",
        )
        .bind(agent)
        .fetch_one(&app.state.db)
        .await
        .expect("a listing for the agent");
        // Leads waiting for the manual assignment (visitors: outside the rotation).
        let mut waiting = Vec::new();
        for _ in 0..10 {
            let key = LeadKey::Visitor(
                [*uuid::Uuid::new_v4().as_bytes(), *uuid::Uuid::new_v4().as_bytes()].concat(),
            );
            waiting.push(repo::upsert(&app.state.db, &key, &scored()).await.expect("lead").id);
        }
        let mut buyers = Vec::new();
        for _ in 0..20 {
            buyers.push(user(Role::Buyer).await);
        }
        let created = buyers.into_iter().map(|buyer| {
            let db = app.state.db.clone();
            tokio::spawn(
                async move { repo::upsert(&db, &LeadKey::Buyer(buyer), &scored()).await.map(|_| ()) },
            )
        });
        let assigned = waiting.into_iter().map(|lead| {
            let db = app.state.db.clone();
            tokio::spawn(async move { repo::assign(&db, lead, admin, agent).await.map(|_| ()) })
        });
        let db = app.state.db.clone();
        let revoke = tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            crate::server::db::analytics::set_agent(&db, admin, agent, false).await.map(|_| ())
        });
        let all: Vec<_> = created.chain(assigned).chain(std::iter::once(revoke)).collect();
        for joined in futures::future::join_all(all).await {
            joined.expect("task").expect("query");
        }
        let stranded: Vec<(i64, i64)> = sqlx::query_as(
            "select l.id, l.agent_id from leads l join users u on u.id = l.agent_id
             where u.role = 'buyer' and l.status not in ('won', 'lost')",
        )
        .fetch_all(&app.state.db)
        .await
        .expect("leads");
        assert!(stranded.is_empty(), "round {round}: open leads held by a revoked agent: {stranded:?}");
        let kept: Option<i64> = sqlx::query_scalar("select agent_id from listings where id = $1")
            .bind(listing)
            .fetch_one(&app.state.db)
            .await
            .expect("listing");
        assert_eq!(kept, None, "round {round}: the revoked agent's listing goes back to the admins");
    }
}

/// Buyers book viewings of an agent's listing while an admin revokes the
/// agent: once both are done, no open request is with the revoked agent.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn revoking_an_agent_while_viewings_are_booked_strands_none() {
    use crate::server::db::viewings::{NewViewing, book};
    let app = TestApp::with_catalog().await;
    let admin = super::chat::signed_in(&app, Role::Admin).await.0;
    for round in 0..40 {
        let mut users = Vec::new();
        for role in std::iter::once(Role::Agent).chain(std::iter::repeat_n(Role::Buyer, 30)) {
            users.push(account(&app.state.db, role, None).await.0);
        }
        let agent = users[0];
        let listing: i64 = sqlx::query_scalar(
            "update listings set agent_id = $1 where id = (select min(id) from listings where agent_id is null
               and id not in (select listing_id from viewing_requests)) returning id",
        )
        .bind(agent)
        .fetch_one(&app.state.db)
        .await
        .expect("a listing for the agent");
        // Bookings spread over the few milliseconds the revocation takes.
        let booked = users[1..].iter().enumerate().map(|(i, &buyer)| {
            let db = app.state.db.clone();
            tokio::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_micros(250 * (i as u64 % 24))).await;
                let v = NewViewing {
                    listing_id: listing,
                    buyer_id: buyer,
                    conversation_id: None,
                    preferred_at: None,
                    note: "",
                };
                book(&db, v).await.map(|_| ())
            })
        });
        let db = app.state.db.clone();
        let revoke = tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_micros(500 * (round % 8))).await;
            crate::server::db::analytics::set_agent(&db, admin, agent, false).await.map(|_| ())
        });
        let all: Vec<_> = booked.chain(std::iter::once(revoke)).collect();
        for joined in futures::future::join_all(all).await {
            joined.expect("task").expect("query");
        }
        let stranded: i64 = sqlx::query_scalar(
            "select count(*) from viewing_requests where agent_id = $1 and status in ('requested', 'confirmed', 'rescheduled')",
        )
        .bind(agent)
        .fetch_one(&app.state.db)
        .await
        .expect("viewings");
        assert_eq!(stranded, 0, "round {round}: open viewing requests left with a revoked agent");
        let total: i64 = sqlx::query_scalar("select count(*) from viewing_requests where listing_id = $1")
            .bind(listing)
            .fetch_one(&app.state.db)
            .await
            .expect("viewings");
        assert_eq!(total, 30, "round {round}: every booking is kept");
    }
}
