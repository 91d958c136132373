//! The agents' dashboard against the real database: leads made from what
//! buyers say and do, their scores, round-robin assignment, the pipeline and
//! its history, viewings confirmed, moved and cancelled with the buyer
//! emailed each time, who may see and do what, and the inbox's query count.

use super::chat::{Chatter, signed_in};
use crate::domain::account::Role;
use crate::domain::listing::Listing;
use crate::server::testkit::TestApp;
use crate::server::testkit::browser::Inbox;
use crate::wire::dashboard::LeadsQuery;
use serde_json::{Value, json};

fn as_user<'a>(app: &'a TestApp, session: &str) -> Chatter<'a> {
    let mut c = Chatter::new(app);
    c.session = Some(session.to_owned());
    c
}

async fn leads(who: &Chatter<'_>, query: Value) -> Value {
    let (status, body) = who.call("dashboard/leads", json!({ "query": query })).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|a| a.iter().map(|l| l["buyer"].as_str().unwrap_or("").to_owned()).collect())
        .unwrap_or_default()
}

async fn named_buyer(app: &TestApp, name: &str) -> (i64, String, String) {
    let (id, session, email) = signed_in(app, Role::Buyer).await;
    sqlx::query("update users set name = $2 where id = $1")
        .bind(id)
        .bind(name)
        .execute(&app.state.db)
        .await
        .expect("name");
    (id, session, email)
}

#[tokio::test]
async fn intent_in_the_chat_makes_scored_leads_assigned_in_turn() {
    let app = TestApp::with_catalog().await;
    let (agent_a, session_a, _) = signed_in(&app, Role::Agent).await;
    let (agent_b, session_b, _) = signed_in(&app, Role::Agent).await;
    let (_, admin_session, _) = signed_in(&app, Role::Admin).await;
    let (_, s1, email1) = named_buyer(&app, "Mona Adel").await;
    let (_, s2, email2) = named_buyer(&app, "Omar Said").await;
    let (_, s3, email3) = named_buyer(&app, "Just Browsing").await;

    // Budget and area: warm. Contact, timeline and area: hot.
    as_user(&app, &s1).say(None, "3 bedroom apartment in New Cairo under 10 million").await.text();
    as_user(&app, &s2)
        .say(None, "call me about villas in Sheikh Zayed, we want to move within 3 months")
        .await
        .text();
    // No budget, area, timeline or contact request: no lead.
    as_user(&app, &s3).say(None, "hello").await.text();
    // An anonymous visitor with intent is a lead too, but nobody can reach
    // them: it stays out of the inbox and the rotation until they sign in.
    let mut visitor = Chatter::new(&app);
    visitor.say(None, "apartments in Sheikh Zayed under 5 million").await.text();

    let admin = as_user(&app, &admin_session);
    let all = leads(&admin, json!({})).await;
    assert_eq!(all["total"], 2, "{all}");
    let items = all["items"].as_array().expect("items");
    // Hot first.
    assert_eq!(items[0]["buyer"], "Omar Said");
    assert_eq!(items[0]["score"], "hot");
    assert_eq!(items[0]["points"], 60, "contact 30, timeline 20, area 10: {}", items[0]);
    assert_eq!(items[0]["timeline"], "within 3 months");
    assert_eq!(items[0]["area"], "Sheikh Zayed");
    assert!(items.iter().all(|l| l["contact"].is_null()), "admins are not the assigned agent: {all}");
    let mona = items.iter().find(|l| l["buyer"] == "Mona Adel").expect("Mona's lead");
    assert_eq!(mona["score"], "warm");
    assert_eq!(mona["budget_egp"], 10_000_000);
    assert_eq!(mona["area"], "New Cairo");
    assert!(items.iter().all(|l| l["anonymous"] == false), "{all}");

    // Round robin in id order: Mona to A, Omar to B.
    assert_eq!(mona["agent"]["id"], agent_a);
    assert_eq!(items[0]["agent"]["id"], agent_b);
    assert_eq!(
        all["agents"]
            .as_array()
            .map(|a| a.iter().map(|x| (x["id"].as_i64(), x["open_leads"].as_i64())).collect::<Vec<_>>()),
        Some(vec![
            (Some(agent_a), Some(1)),
            (Some(agent_b), Some(1)),
            (all["agents"][2]["id"].as_i64(), Some(0))
        ])
    );

    // Each agent sees their own, with the buyer's contact.
    let a = leads(&as_user(&app, &session_a), json!({})).await;
    assert_eq!(a["total"], 1);
    let mona_for_a =
        a["items"].as_array().and_then(|i| i.iter().find(|l| l["buyer"] == "Mona Adel")).expect("Mona");
    assert_eq!(mona_for_a["contact"], email1);
    let b = leads(&as_user(&app, &session_b), json!({"agent": agent_a})).await;
    assert_eq!(names(&b), vec!["Omar Said"], "an agent's filter cannot reach another agent's leads");
    assert_eq!(b["items"][0]["contact"], email2);

    // Filters and search.
    assert_eq!(names(&leads(&admin, json!({"score": "hot"})).await), vec!["Omar Said"]);
    assert_eq!(leads(&admin, json!({"q": "new cairo"})).await["total"], 1);
    assert_eq!(leads(&admin, json!({"q": "Mona"})).await["total"], 1);
    assert_eq!(leads(&admin, json!({"q": "100%_"})).await["total"], 0);
    assert_eq!(leads(&admin, json!({"agent": 0})).await["total"], 0);
    assert_eq!(leads(&admin, json!({"agent": agent_b})).await["total"], 1);
    assert_eq!(leads(&admin, json!({"status": "won"})).await["total"], 0);
    let (status, _) = admin.call("dashboard/leads", json!({"query": {"status": "archived"}})).await;
    assert_eq!(status, 422);

    // A visitor who signs in keeps their lead: it becomes the buyer's.
    let response = app
        .client
        .post(app.url("/fn/auth/sign_in"))
        .header("cookie", format!("osool_visitor={}", visitor.visitor.clone().expect("visitor cookie")))
        .header("accept", "application/json")
        .form(&[("email", email1.as_str()), ("password", "nile-sunset-42-falafel")])
        .send()
        .await
        .expect("sign in");
    assert_eq!(response.status(), 200);
    let after = leads(&admin, json!({})).await;
    assert_eq!(after["total"], 2, "the visitor's lead joined Mona's: {after}");

    // A visitor with intent who signs in to an account with no lead brings
    // theirs into the inbox, and into the rotation (A's turn again).
    let mut another = Chatter::new(&app);
    another.say(None, "villa in Sheikh Zayed under 20 million").await.text();
    assert_eq!(leads(&admin, json!({})).await["total"], 2, "still anonymous: not in the inbox");
    let response = app
        .client
        .post(app.url("/fn/auth/sign_in"))
        .header("cookie", format!("osool_visitor={}", another.visitor.clone().expect("visitor cookie")))
        .header("accept", "application/json")
        .form(&[("email", email3.as_str()), ("password", "nile-sunset-42-falafel")])
        .send()
        .await
        .expect("sign in");
    assert_eq!(response.status(), 200);
    let now = leads(&admin, json!({})).await;
    assert_eq!(now["total"], 3, "{now}");
    let joined = now["items"]
        .as_array()
        .and_then(|i| i.iter().find(|l| l["buyer"] == "Just Browsing"))
        .expect("the signed-in visitor's lead");
    assert_eq!(joined["agent"]["id"], agent_a, "{joined}");
}

#[tokio::test]
async fn agents_work_the_pipeline_and_buyers_hear_about_their_viewing() {
    let app = TestApp::with_catalog().await;
    let (_, agent_session, _) = signed_in(&app, Role::Agent).await;
    let (_, buyer_session, buyer_email) = named_buyer(&app, "Mona Adel").await;
    let (_, found) = app.json("/api/v1/search?q=apartment+in+New+Cairo&limit=1").await;
    let listing: Listing = serde_json::from_value(found["results"][0].clone()).expect("a listing");
    let day = (chrono::Utc::now() + chrono::Duration::days(10)).format("%Y-%m-%d").to_string();
    let next_day = (chrono::Utc::now() + chrono::Duration::days(11)).format("%Y-%m-%d").to_string();

    let mut buyer = as_user(&app, &buyer_session);
    buyer.say(None, "3 bedroom apartment in New Cairo under 10 million").await.text();
    let text = buyer
        .book(None, &format!("please book a viewing of #{} on {day} at 5 pm", listing.id))
        .await
        .0
        .text();
    assert!(
        text.contains(&crate::i18n::format_when(&format!("{day} 17:00"), crate::i18n::Lang::En)),
        "{text}"
    );

    let agent = as_user(&app, &agent_session);
    let inbox = leads(&agent, json!({})).await;
    assert_eq!(inbox["items"][0]["score"], "hot", "a viewing request with a budget is hot: {inbox}");
    assert_eq!(inbox["items"][0]["viewings"], 1);
    let lead_id = inbox["items"][0]["id"].as_i64().expect("lead id");
    let (status, detail) = agent.call("dashboard/lead", json!({"id": lead_id})).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["lead"]["contact"], buyer_email);
    let kinds: Vec<&str> =
        detail["signals"].as_array().expect("signals").iter().filter_map(|s| s["kind"].as_str()).collect();
    assert_eq!(kinds, vec!["viewing", "budget", "area"]);
    assert_eq!(detail["signals"][0]["detail"], format!("#{}", listing.id));
    assert!(detail["transcript"].as_array().is_some_and(|t| t.len() >= 4 && t[0]["role"] == "buyer"));
    assert!(
        detail["looked_at"].as_array().is_some_and(|l| l.iter().any(|x| x["id"] == listing.id)),
        "{}",
        detail["looked_at"]
    );
    let viewing_id = detail["viewings"][0]["id"].as_i64().expect("viewing");
    assert_eq!(detail["viewings"][0]["can_act"], true);
    assert_eq!(detail["viewings"][0]["contact"], buyer_email, "the viewing went to the lead's agent");

    // Confirm at the buyer's time; the buyer is emailed.
    let (status, confirmed) = agent
        .call(
            "dashboard/viewing",
            json!({"id": viewing_id, "action": "confirm", "message": "Bring your ID."}),
        )
        .await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(confirmed["status"], "confirmed");
    assert_eq!(confirmed["scheduled_cairo"], format!("{day} 17:00"));
    let inbox_mail = Inbox::new();
    let mails = inbox_mail.to(&buyer_email).await;
    let confirmation = mails
        .iter()
        .find(|m| m["subject"].as_str().is_some_and(|s| s.starts_with("Viewing confirmed")))
        .expect("confirmation mail");
    assert!(confirmation["text"].as_str().is_some_and(|t| {
        t.contains(&crate::i18n::format_when(&format!("{day} 17:00"), crate::i18n::Lang::En))
            && t.contains("Bring your ID.")
    }));

    // Reschedule needs a valid future time.
    for (at, field) in [(None, "at"), (Some("yesterday"), "at"), (Some("2020-01-01 10:00"), "at")] {
        let (status, error) = agent
            .call("dashboard/viewing", json!({"id": viewing_id, "action": "reschedule", "at": at}))
            .await;
        assert_eq!((status, error["field"].as_str()), (422, Some(field)), "{at:?}: {error}");
    }
    let (status, moved) = agent
        .call(
            "dashboard/viewing",
            json!({"id": viewing_id, "action": "reschedule", "at": format!("{next_day}T18:30")}),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(
        (moved["status"].as_str(), moved["scheduled_cairo"].as_str()),
        (Some("rescheduled"), Some(format!("{next_day} 18:30").as_str()))
    );
    // The week view places it on its day, and not in the week before.
    let (_, week) = agent.call("dashboard/viewings", json!({"page": 1, "week": next_day})).await;
    assert!(
        week["week_days"].as_array().is_some_and(|d| d.len() == 7 && d.contains(&json!(next_day))),
        "{week}"
    );
    assert_eq!(week["items"][0]["when_cairo"], format!("{next_day} 18:30"));
    let (_, before) = agent.call("dashboard/viewings", json!({"page": 1, "week": week["prev_week"]})).await;
    assert_eq!(before["items"], json!([]));
    let (_, cancelled) = agent.call("dashboard/viewing", json!({"id": viewing_id, "action": "cancel"})).await;
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["can_act"], false);
    let (status, _) = agent.call("dashboard/viewing", json!({"id": viewing_id, "action": "confirm"})).await;
    assert_eq!(status, 409, "a cancelled viewing stays cancelled");
    let subjects: Vec<String> = inbox_mail
        .to_until(&buyer_email, |mine| mine.len() >= 3)
        .await
        .iter()
        .filter_map(|m| m["subject"].as_str().map(str::to_owned))
        .collect();
    for expected in ["Viewing confirmed", "New time for your viewing", "Viewing cancelled"] {
        assert!(subjects.iter().any(|s| s.starts_with(expected)), "{expected}: {subjects:?}");
    }

    // The pipeline, with notes and the history of every change.
    let (status, _) = agent
        .call(
            "dashboard/lead/status",
            json!({"id": lead_id, "status": "contacted", "note": "Called, wants a ground floor"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = agent
        .call("dashboard/lead/status", json!({"id": lead_id, "status": "viewing_scheduled", "note": ""}))
        .await;
    assert_eq!(status, 200);
    let (status, error) =
        agent.call("dashboard/lead/status", json!({"id": lead_id, "status": "maybe", "note": ""})).await;
    assert_eq!((status, error["field"].as_str()), (422, Some("status")));
    let (status, _) =
        agent.call("dashboard/lead/note", json!({"id": lead_id, "note": "Prefers weekends"})).await;
    assert_eq!(status, 200);
    let (status, _) = agent.call("dashboard/lead/note", json!({"id": lead_id, "note": "   "})).await;
    assert_eq!(status, 422, "an empty note is refused");
    let (_, detail) = agent.call("dashboard/lead", json!({"id": lead_id})).await;
    assert_eq!(detail["lead"]["status"], "viewing_scheduled");
    let history: Vec<(String, String)> = detail["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| (e["kind"].as_str().unwrap_or("").to_owned(), e["note"].as_str().unwrap_or("").to_owned()))
        .collect();
    let kinds: Vec<&str> = history.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["note", "status", "status", "viewing", "viewing", "viewing", "assigned", "created"],
        "{history:?}"
    );
    assert_eq!(history[0].1, "Prefers weekends");
    assert_eq!(history[2].1, "Called, wants a ground floor");
    assert!(history[5].1.contains("confirmed") && history[5].1.contains("Bring your ID."), "{history:?}");
    assert_eq!(detail["history"][1]["from_status"], "contacted");
    assert_eq!(detail["history"][1]["to_status"], "viewing_scheduled");
    assert_eq!(detail["history"][1]["actor"], "Karim Nabil");
}

/// Every dashboard endpoint as anonymous, a buyer, another agent, the
/// assigned agent and an admin.
#[tokio::test]
async fn who_may_see_and_do_what() {
    let app = TestApp::with_catalog().await;
    let (assigned_id, assigned_session, _) = signed_in(&app, Role::Agent).await;
    let (other_id, other_session, _) = signed_in(&app, Role::Agent).await;
    let (_, admin_session, _) = signed_in(&app, Role::Admin).await;
    let (_, buyer_session, buyer_email) = named_buyer(&app, "Mona Adel").await;
    let (spare, _, _) = named_buyer(&app, "Spare Buyer").await;
    // The rotation gives the first lead to the first agent.
    let (_, found) = app.json("/api/v1/search?q=apartment+in+New+Cairo&limit=1").await;
    let listing: Listing = serde_json::from_value(found["results"][0].clone()).expect("a listing");
    let day = (chrono::Utc::now() + chrono::Duration::days(5)).format("%Y-%m-%d").to_string();
    let mut buyer_chat = as_user(&app, &buyer_session);
    buyer_chat.say(None, "I want an apartment in New Cairo").await.text();
    buyer_chat
        .book(None, &format!("please book a viewing of #{} on {day} at 11 am", listing.id))
        .await
        .0
        .text();
    let (lead_id, viewing_id): (i64, i64) =
        sqlx::query_as("select l.id, v.id from leads l join viewing_requests v on v.buyer_id = l.buyer_id")
            .fetch_one(&app.state.db)
            .await
            .expect("a lead and its viewing");
    let agent_of: Option<i64> = sqlx::query_scalar("select agent_id from leads where id = $1")
        .bind(lead_id)
        .fetch_one(&app.state.db)
        .await
        .expect("agent");
    assert_eq!(agent_of, Some(assigned_id));

    let anonymous = Chatter::new(&app);
    let buyer = as_user(&app, &buyer_session);
    let other = as_user(&app, &other_session);
    let assigned = as_user(&app, &assigned_session);
    let admin = as_user(&app, &admin_session);
    let at = format!("{day}T17:00");
    let calls: Vec<(&str, Value)> = vec![
        ("dashboard/leads", json!({"query": {}})),
        ("dashboard/lead", json!({"id": lead_id})),
        ("dashboard/lead/note", json!({"id": lead_id, "note": "hello"})),
        ("dashboard/lead/status", json!({"id": lead_id, "status": "contacted", "note": ""})),
        ("dashboard/viewings", json!({"page": 1})),
        // Moves it (confirm happens once; `walks` covers that).
        ("dashboard/viewing", json!({"id": viewing_id, "action": "reschedule", "at": at})),
        ("dashboard/lead/assign", json!({"id": lead_id, "agent_id": assigned_id})),
        ("dashboard/users", json!({"query": {}})),
        ("dashboard/analytics", json!({"days": 30})),
        ("dashboard/users/role", json!({"id": spare, "agent": false})),
        ("dashboard/listings", json!({"page": 1})),
        // A catalog listing nobody handles: admins only.
        ("dashboard/listing", json!({"id": listing.id.parse::<i64>().expect("id")})),
    ];
    let expected: [(&str, &Chatter<'_>, [u16; 12]); 5] = [
        ("anonymous", &anonymous, [401; 12]),
        ("buyer", &buyer, [403; 12]),
        ("another agent", &other, [200, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403]),
        ("the assigned agent", &assigned, [200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 403]),
        ("an admin", &admin, [200; 12]),
    ];
    for (who, client, statuses) in expected {
        for ((endpoint, body), want) in calls.iter().zip(statuses) {
            let (status, reply) = client.call(endpoint, body.clone()).await;
            assert_eq!(status, want, "{who} calling {endpoint}: {reply}");
        }
    }
    // What they see: the other agent gets empty lists; the contact goes to
    // the assigned agent only.
    assert_eq!(leads(&other, json!({})).await["total"], 0);
    assert_eq!(other.call("dashboard/viewings", json!({"page": 1})).await.1["total"], 0);
    assert_eq!(leads(&assigned, json!({})).await["items"][0]["contact"], buyer_email);
    let (_, as_admin) = admin.call("dashboard/lead", json!({"id": lead_id})).await;
    assert!(as_admin["lead"]["contact"].is_null());
    assert!(as_admin["viewings"][0]["contact"].is_null());
    assert_eq!(admin.call("dashboard/lead", json!({"id": lead_id + 1000})).await.0, 404);

    // Reassignment moves the lead and its open viewing to the other agent.
    let (status, _) = admin.call("dashboard/lead/assign", json!({"id": lead_id, "agent_id": other_id})).await;
    assert_eq!(status, 200);
    assert_eq!(other.call("dashboard/lead", json!({"id": lead_id})).await.0, 200);
    assert_eq!(assigned.call("dashboard/lead", json!({"id": lead_id})).await.0, 403);
    assert_eq!(other.call("dashboard/viewings", json!({"page": 1})).await.1["total"], 1);
    let buyer_id: i64 = sqlx::query_scalar("select buyer_id from leads where id = $1")
        .bind(lead_id)
        .fetch_one(&app.state.db)
        .await
        .expect("buyer");
    let (status, error) =
        admin.call("dashboard/lead/assign", json!({"id": lead_id, "agent_id": buyer_id})).await;
    assert_eq!((status, error["field"].as_str()), (422, Some("agent_id")), "buyers cannot take leads");
}

/// Counts the statements sqlx runs while `f` runs (its query log events).
async fn count_queries<T>(f: impl std::future::Future<Output = T>) -> (T, usize) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tracing::instrument::WithSubscriber;
    use tracing_subscriber::layer::SubscriberExt;

    struct Count(Arc<AtomicUsize>);
    impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Count {
        fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
            if event.metadata().target() == "sqlx::query" {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
    let n = Arc::new(AtomicUsize::new(0));
    let subscriber = tracing_subscriber::registry().with(Count(n.clone()));
    let out = f.with_subscriber(subscriber).await;
    (out, n.load(Ordering::SeqCst))
}

#[tokio::test]
async fn the_inbox_runs_the_same_few_queries_for_three_leads_or_forty() {
    let app = TestApp::with_catalog().await;
    let (admin_id, _, _) = signed_in(&app, Role::Admin).await;
    let (agent_id, _, _) = signed_in(&app, Role::Agent).await;
    let admin = crate::server::db::users::by_id(&app.state.db, admin_id).await.expect("db").expect("admin");
    let add = |n: i64| {
        let db = app.state.db.clone();
        async move {
            sqlx::query(
                r#"with b as (
                     insert into users (name, email, role)
                     select 'Buyer ' || g, 'buyer' || g || '-' || $2 || '@example.com', 'buyer' from generate_series(1, $1) g
                     returning id)
                   insert into leads (buyer_id, agent_id, score, points, area)
                   select id, $3, 'warm', 30, 'New Cairo' from b"#,
            )
            .bind(n)
            .bind(uuid::Uuid::new_v4().simple().to_string())
            .bind(agent_id)
            .execute(&db)
            .await
            .expect("leads");
        }
    };
    add(3).await;
    // Connections resolve types and warm their statement caches once: the
    // lead status and score are Postgres enums, whose type ids each new
    // connection looks up the first time it reads one. Every connection
    // the pool may hand out reads them first, so what is counted below is
    // the inbox's own queries.
    let max = app.state.db.options().get_max_connections() as usize;
    let mut held = Vec::new();
    for _ in 0..max {
        let mut connection = app.state.db.acquire().await.expect("connection");
        let _: (crate::domain::lead::LeadStatus, crate::domain::lead::Score) =
            sqlx::query_as("select 'new'::lead_status, 'cold'::lead_score")
                .fetch_one(&mut *connection)
                .await
                .expect("types");
        held.push(connection);
    }
    drop(held);
    for _ in 0..3 {
        app.state.leads.inbox(&admin, &LeadsQuery::default()).await.expect("inbox");
    }
    let (page, few) = count_queries(app.state.leads.inbox(&admin, &LeadsQuery::default())).await;
    assert_eq!(page.expect("inbox").items.len(), 3);
    add(37).await;
    let (page, many) = count_queries(app.state.leads.inbox(&admin, &LeadsQuery::default())).await;
    let page = page.expect("inbox");
    assert_eq!((page.total, page.items.len()), (40, 20));
    assert!(few > 0, "the counter sees queries");
    assert_eq!(few, many, "no query per lead");
    assert!(many <= 3, "a page, a count and the agents: {many}");
}

#[tokio::test]
async fn admins_manage_roles_and_read_the_figures_per_day() {
    let app = TestApp::with_catalog().await;
    let (admin_id, admin_session, _) = signed_in(&app, Role::Admin).await;
    let (_, other_admin_session, _) = signed_in(&app, Role::Admin).await;
    let (agent_id, agent_session, _) = signed_in(&app, Role::Agent).await;
    let (buyer_id, buyer_session, _) = named_buyer(&app, "Mona Adel").await;
    let admin = as_user(&app, &admin_session);

    // Activity today: a chat that searches and makes a lead, two API
    // searches of which one finds nothing, a page beyond the first (not
    // counted), and some model spending.
    as_user(&app, &buyer_session).say(None, "3 bedroom apartment in New Cairo under 10 million").await.text();
    assert_eq!(app.get("/api/v1/search?q=villa+in+New+Cairo").await.status(), 200);
    let (_, none) = app.json("/api/v1/search?q=Studio+in+Sheikh+Zayed+over+900+million").await;
    assert_eq!(none["total"], 0, "{none}");
    assert_eq!(app.get("/api/v1/search?q=villa+in+New+Cairo&offset=20").await.status(), 200);
    app.state.agent.costs.record("chat", "gpt-4o-mini", 1_000, 500).await;
    let mut figures = Value::Null;
    for _ in 0..50 {
        let (status, body) = admin.call("dashboard/analytics", json!({"days": 7})).await;
        assert_eq!(status, 200, "{body}");
        figures = body;
        if figures["days"][6]["searches"] == 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let days = figures["days"].as_array().expect("days");
    assert_eq!(days.len(), 7);
    let today = &days[6];
    assert_eq!(today["date"], chrono::Utc::now().format("%Y-%m-%d").to_string());
    assert_eq!(today["searches"], 3, "the assistant's search and two first pages: {figures}");
    assert_eq!(today["zero_results"], 1);
    assert_eq!(
        (today["chats"].as_i64(), today["leads"].as_i64(), today["viewings"].as_i64()),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(today["llm_tokens"], 1_500);
    assert!(today["llm_usd"].as_f64().is_some_and(|usd| usd > 0.0), "{today}");
    assert!(days[..6].iter().all(|d| d["searches"] == 0 && d["chats"] == 0));
    assert_eq!(figures["zero_queries"], json!([["studio in sheikh zayed over 900 million", 1]]));
    assert_eq!(figures["leads_by_status"][0], json!(["new", 1]));
    assert_eq!(figures["viewings_by_status"][0], json!(["requested", 0]));
    assert_eq!(figures["costs_available"], true);

    // Users: staff first, with their workload.
    let (status, agents) = admin.call("dashboard/users", json!({"query": {"role": "agent"}})).await;
    assert_eq!(status, 200, "{agents}");
    assert_eq!(agents["total"], 1);
    assert_eq!(
        (agents["items"][0]["id"].as_i64(), agents["items"][0]["open_leads"].as_i64()),
        (Some(agent_id), Some(1))
    );
    let (_, found) = admin.call("dashboard/users", json!({"query": {"q": "mona"}})).await;
    assert_eq!(found["items"][0]["id"], buyer_id);
    assert_eq!(admin.call("dashboard/users", json!({"query": {"role": "owner"}})).await.0, 422);

    // Revoking the agent role hands their lead back, unassigned and noted.
    assert_eq!(admin.call("dashboard/users/role", json!({"id": agent_id, "agent": false})).await.0, 200);
    assert_eq!(as_user(&app, &agent_session).call("dashboard/leads", json!({"query": {}})).await.0, 403);
    let unassigned = leads(&admin, json!({"agent": 0})).await;
    assert_eq!(unassigned["total"], 1);
    let lead_id = unassigned["items"][0]["id"].as_i64().expect("lead");
    let (_, detail) = admin.call("dashboard/lead", json!({"id": lead_id})).await;
    assert_eq!(detail["history"][0]["note"], "unassigned: agent role revoked");
    // Granting it back; admins cannot change their own role or another admin's.
    assert_eq!(admin.call("dashboard/users/role", json!({"id": buyer_id, "agent": true})).await.0, 200);
    let (_, mona) = admin.call("dashboard/users", json!({"query": {"q": "mona"}})).await;
    assert_eq!(mona["items"][0]["role"], "agent");
    assert_eq!(admin.call("dashboard/users/role", json!({"id": admin_id, "agent": false})).await.0, 409);
    let other_admin = as_user(&app, &other_admin_session);
    assert_eq!(
        other_admin.call("dashboard/users/role", json!({"id": admin_id, "agent": false})).await.0,
        409
    );
    assert_eq!(
        admin.call("dashboard/users/role", json!({"id": buyer_id + 1000, "agent": true})).await.0,
        404
    );
}

fn duplex_form(price: &str) -> Value {
    json!({
        "title_en": "Garden duplex in Zephyr Crest Gardens",
        "title_ar": "دوبلكس بحديقة في زفير كريست جاردنز",
        "property_type": "duplex",
        "location": "New Cairo",
        "compound": "Zephyr Crest Gardens",
        "developer": "Nile Crest Developments",
        "bedrooms": "4",
        "bathrooms": "3",
        "area_sqm": "240",
        "price_egp": price,
        "delivery_year": "2028",
        "delivered": false,
        "finishing": "semi_finished",
        "sale_type": "developer",
        "down_payment_pct": "15",
        "installment_years": "8",
        "installment_frequency": "quarterly",
        "is_available": true
    })
}

async fn search_ids(app: &TestApp, q: &str) -> Vec<String> {
    let (status, body) =
        app.json(&format!("/api/v1/search?q={}&limit=10", crate::domain::search::encode(q))).await;
    assert_eq!(status, 200, "{body}");
    body["results"]
        .as_array()
        .map(|r| r.iter().filter_map(|l| l["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// A listing saved from the dashboard in a compound nobody has listed
/// before is understood by the next search at once: the compound is a
/// filter, its name is not "corrected" into a known word (this suffix
/// reads as "alex", Alexandria, to a reader that does not know it).
#[tokio::test]
async fn a_new_compound_is_understood_by_search_at_once() {
    let app = TestApp::with_catalog().await;
    let (_, agent_session, _) = signed_in(&app, Role::Agent).await;
    let agent = as_user(&app, &agent_session);
    let compound = "Zephyr Crest ul0l5 Gardens";
    let query = format!("duplex in {compound}");
    // A search first, so the names are already cached.
    let (_, before) = app.json(&format!("/api/v1/search?q={}", crate::domain::search::encode(&query))).await;
    assert_eq!(before["filters"]["compound"], Value::Null, "{before}");
    let mut form = duplex_form("14.5m");
    form["compound"] = json!(compound);
    form["title_en"] = json!(format!("Garden duplex in {compound}"));
    let (status, id) = agent.call("dashboard/listing/save", json!({"form": form})).await;
    assert_eq!(status, 200, "{id}");
    let (_, after) = app.json(&format!("/api/v1/search?q={}", crate::domain::search::encode(&query))).await;
    assert_eq!(after["filters"]["compound"], compound, "{after}");
    assert_eq!(after["filters"]["location"], Value::Null, "{after}");
    assert!(search_ids(&app, &query).await.contains(&id.to_string()));
}

#[tokio::test]
async fn agents_manage_their_listings_through_the_ingest_rules() {
    let app = TestApp::with_catalog().await;
    let (agent_id, agent_session, _) = signed_in(&app, Role::Agent).await;
    let (_, other_session, _) = signed_in(&app, Role::Agent).await;
    let (_, admin_session, _) = signed_in(&app, Role::Admin).await;
    let agent = as_user(&app, &agent_session);
    let other = as_user(&app, &other_session);
    let admin = as_user(&app, &admin_session);
    let stored = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from listings where source = 'osool-agents'")
            .fetch_one(&app.state.db)
            .await
            .expect("count")
    };

    // A bad form is refused field by field and stores nothing.
    for (field, value, expected) in [
        ("price_egp", "12", "price"),
        ("bedrooms", "four", "bedrooms"),
        ("down_payment_pct", "150", "down_payment"),
    ] {
        let mut form = duplex_form("14.5m");
        form[field] = json!(value);
        let (status, error) = agent.call("dashboard/listing/save", json!({"form": form})).await;
        assert_eq!((status, error["field"].as_str()), (422, Some(expected)), "{field}: {error}");
    }
    assert_eq!(stored().await, 0);

    // Created: stored, embedded, handled by its agent and found by search at once.
    let (status, id) = agent.call("dashboard/listing/save", json!({"form": duplex_form("14.5m")})).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("id");
    let (_, listing) = app.json(&format!("/api/v1/properties/{id}")).await;
    assert_eq!(
        (listing["price_egp"].as_i64(), listing["down_payment_pct"].as_f64()),
        (Some(14_500_000), Some(15.0))
    );
    let handled: (Option<i64>, bool) = sqlx::query_as(
        "select l.agent_id, e.content_hash = l.content_hash from listings l join listing_embeddings e on e.listing_id = l.id where l.id = $1",
    )
    .bind(id)
    .fetch_one(&app.state.db)
    .await
    .expect("an embedding");
    assert_eq!(handled, (Some(agent_id), true));
    assert!(search_ids(&app, "duplex in Zephyr Crest Gardens").await.contains(&id.to_string()));

    // Edited: the new price shows, and the vector follows the content.
    let (_, editor) = agent.call("dashboard/listing", json!({"id": id})).await;
    assert_eq!(editor["form"]["price_egp"], "14500000");
    assert_eq!(editor["form"]["down_payment_pct"], "15");
    let (status, _) =
        agent.call("dashboard/listing/save", json!({"id": id, "form": duplex_form("13,900,000")})).await;
    assert_eq!(status, 200);
    let (_, listing) = app.json(&format!("/api/v1/properties/{id}")).await;
    assert_eq!(listing["price_egp"], 13_900_000);
    let current: bool = sqlx::query_scalar(
        "select e.content_hash = l.content_hash from listings l join listing_embeddings e on e.listing_id = l.id where l.id = $1",
    )
    .bind(id)
    .fetch_one(&app.state.db)
    .await
    .expect("embedding");
    assert!(current, "re-embedded after the edit");
    assert_eq!(stored().await, 1, "an edit updates, it does not add");

    // Only its agent and admins manage it.
    assert_eq!(other.call("dashboard/listing", json!({"id": id})).await.0, 403);
    assert_eq!(
        other.call("dashboard/listing/save", json!({"id": id, "form": duplex_form("1m")})).await.0,
        403
    );
    assert_eq!(other.call("dashboard/listing/state", json!({"id": id, "state": "sold"})).await.0, 403);
    assert_eq!(other.call("dashboard/listings", json!({"page": 1})).await.1["total"], 0);
    assert_eq!(agent.call("dashboard/listings", json!({"page": 1})).await.1["items"][0]["id"], id);
    assert_eq!(admin.call("dashboard/listing", json!({"id": id})).await.0, 200);

    // Sold: off the market and out of search; back on, found again.
    let (status, _) = agent.call("dashboard/listing/state", json!({"id": id, "state": "sold"})).await;
    assert_eq!(status, 200);
    let (_, listing) = app.json(&format!("/api/v1/properties/{id}")).await;
    assert_eq!(listing["is_available"], false);
    assert!(!search_ids(&app, "duplex in Zephyr Crest Gardens").await.contains(&id.to_string()));
    let (_, mine) = agent.call("dashboard/listings", json!({"page": 1})).await;
    assert_eq!(
        (mine["items"][0]["sold"].as_bool(), mine["items"][0]["is_available"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(agent.call("dashboard/listing/state", json!({"id": id, "state": "gone"})).await.0, 422);
    agent.call("dashboard/listing/state", json!({"id": id, "state": "available"})).await;
    assert!(search_ids(&app, "duplex in Zephyr Crest Gardens").await.contains(&id.to_string()));
    let (_, mine) = agent.call("dashboard/listings", json!({"page": 1})).await;
    assert_eq!(mine["items"][0]["sold"], false);
}
