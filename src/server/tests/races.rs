//! Requests that race for the same row: many at once, each answered, and
//! the database left as if they had come one by one.

use super::chat::Chatter;
use crate::domain::account::Role;
use crate::domain::lead::Score;
use crate::server::db::leads::{self as repo, LeadKey, Scored};
use crate::server::testkit::{TestApp, catalog_database};
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
    let hash = crate::server::services::accounts::password::hash("nile-sunset-42-falafel".into())
        .await
        .expect("hash");
    let mut agents = Vec::new();
    for name in ["first", "second"] {
        let email = format!("{name}-agent-{}@example.com", uuid::Uuid::new_v4().simple());
        agents.push(
            crate::server::db::users::upsert_staff(&app.state.db, &email, Some(name), Role::Agent, &hash)
                .await
                .expect("agent"),
        );
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
