//! The sales assistant end to end over `POST /api/v1/chat` (SSE): the
//! offline assistant against the real catalog in both languages, a fake
//! OpenAI-compatible model (including a hostile one that invents a listing,
//! a compound and a price), the circuit breaker, history and ownership,
//! viewings, stop, validation and rate limits.

use crate::domain::Egp;
use crate::domain::account::Role;
use crate::domain::listing::Listing;
use crate::i18n::Lang;
use crate::i18n::{format_egp, format_when};
use crate::server::testkit::browser::Inbox;
use crate::server::testkit::openai::{API_KEY, FakeChat, Reply, text_reply, tool_reply};
use crate::server::testkit::{TestApp, catalog_database};
use crate::wire::chat::{ChatEvent, OfflineReason, ToolStatus};
use serde_json::{Value, json};
use std::time::Duration;

/// One browser talking to the assistant: keeps its visitor and session cookies.
pub(super) struct Chatter<'a> {
    app: &'a TestApp,
    pub(super) visitor: Option<String>,
    pub(super) session: Option<String>,
}

pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) events: Vec<ChatEvent>,
    error: Value,
}

impl Answer {
    pub(super) fn conversation(&self) -> String {
        self.events
            .iter()
            .find_map(|e| match e {
                ChatEvent::Start { conversation_id, .. } => Some(conversation_id.clone()),
                _ => None,
            })
            .expect("a start event")
    }

    fn streamed(&self) -> String {
        self.events
            .iter()
            .filter_map(|e| match e {
                ChatEvent::Delta { text } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    pub(super) fn done(&self) -> (String, u32, bool) {
        self.events
            .iter()
            .find_map(|e| match e {
                ChatEvent::Done { text, corrections, sign_in_required, .. } => {
                    Some((text.clone(), *corrections, *sign_in_required))
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no done event in {:?}", self.events))
    }

    pub(super) fn text(&self) -> String {
        self.done().0
    }

    pub(super) fn cards(&self) -> Vec<Listing> {
        self.events
            .iter()
            .find_map(|e| match e {
                ChatEvent::Cards { listings } => Some(listings.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The viewing this answer prepared for the buyer to confirm.
    pub(super) fn proposal(&self) -> Option<crate::wire::chat::ViewingProposal> {
        self.events.iter().find_map(|e| match e {
            ChatEvent::Proposal { proposal } => Some((**proposal).clone()),
            _ => None,
        })
    }

    pub(super) fn tools(&self) -> Vec<(String, ToolStatus)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                ChatEvent::Tool { name, status } => Some((name.clone(), *status)),
                _ => None,
            })
            .collect()
    }

    fn starts(&self) -> Vec<(bool, Option<OfflineReason>)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                ChatEvent::Start { offline, reason, .. } => Some((*offline, *reason)),
                _ => None,
            })
            .collect()
    }
}

fn parse_sse(text: &str) -> Vec<ChatEvent> {
    text.split("\n\n")
        .filter_map(|block| {
            let data: String =
                block.lines().filter_map(|l| l.strip_prefix("data:")).map(str::trim_start).collect();
            (!data.is_empty()).then(|| serde_json::from_str(&data).unwrap_or_else(|e| panic!("{e}: {data}")))
        })
        .collect()
}

impl<'a> Chatter<'a> {
    pub(super) fn new(app: &'a TestApp) -> Chatter<'a> {
        Chatter { app, visitor: None, session: None }
    }

    pub(super) fn cookies(&self) -> String {
        let mut c = Vec::new();
        if let Some(v) = &self.visitor {
            c.push(format!("osool_visitor={v}"));
        }
        if let Some(s) = &self.session {
            c.push(format!("osool_session={s}"));
        }
        c.join("; ")
    }

    async fn post(&mut self, body: Value) -> reqwest::Response {
        let response = self
            .app
            .client
            .post(self.app.url("/api/v1/chat"))
            .header("cookie", self.cookies())
            .header("accept", "text/event-stream")
            .json(&body)
            .send()
            .await
            .expect("chat request");
        for cookie in response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()) {
            if let Some(rest) = cookie.strip_prefix("osool_visitor=") {
                self.visitor = rest.split(';').next().map(str::to_owned);
            }
        }
        response
    }

    pub(super) async fn send(&mut self, body: Value) -> Answer {
        let response = self.post(body).await;
        let status = response.status().as_u16();
        let is_stream = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/event-stream"));
        let text = response.text().await.expect("body");
        if is_stream {
            Answer { status, events: parse_sse(&text), error: Value::Null }
        } else {
            Answer { status, events: Vec::new(), error: serde_json::from_str(&text).unwrap_or(Value::Null) }
        }
    }

    pub(super) async fn say(&mut self, conversation: Option<&str>, message: &str) -> Answer {
        let answer =
            self.send(json!({"conversation_id": conversation, "message": message, "lang": "en"})).await;
        assert_eq!(answer.status, 200, "{:?}", answer.error);
        answer
    }

    /// Asks for a viewing and presses the confirm button it gets, as a
    /// buyer does; returns the answer and the confirmation.
    pub(super) async fn book(&mut self, conversation: Option<&str>, message: &str) -> (Answer, Value) {
        let answer = self.say(conversation, message).await;
        let proposal = answer.proposal().unwrap_or_else(|| panic!("no proposal in {:?}", answer.events));
        let (status, booked) = self.call("chat/confirm_viewing", json!({"proposal_id": proposal.id})).await;
        assert_eq!(status, 200, "{booked}");
        (answer, booked)
    }

    /// A server function with a JSON body, as this browser.
    pub(super) async fn call(&self, endpoint: &str, body: Value) -> (u16, Value) {
        let response = self
            .app
            .client
            .post(self.app.url(&format!("/fn/{endpoint}")))
            .header("cookie", self.cookies())
            .header("accept", "application/json")
            .json(&body)
            .send()
            .await
            .expect("server function");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// A verified account with a session; returns (user id, session id, email).
pub(super) async fn signed_in(app: &TestApp, role: Role) -> (i64, String, String) {
    let (id, email) = crate::server::testkit::account(&app.state.db, role, Some("Karim Nabil")).await;
    let session = app.state.accounts.start_session(id, None).await.expect("session").id;
    (id, session, email)
}

fn model_app_vars(fake: &FakeChat) -> impl FnOnce(&mut std::collections::HashMap<String, String>) + '_ {
    move |vars| {
        vars.insert("OPENAI_API_KEY".into(), API_KEY.into());
        vars.insert("OPENAI_BASE_URL".into(), fake.base_url.clone());
        vars.insert("OSOOL_EMBEDDER".into(), "local".into());
        vars.insert("OSOOL_LLM_BREAKER_COOLDOWN_SECS".into(), "1".into());
    }
}

#[tokio::test]
async fn the_offline_assistant_finds_real_listings_and_works_out_plans_in_english() {
    let app = TestApp::with_catalog().await;
    let mut buyer = Chatter::new(&app);
    let first = buyer.say(None, "3 bedroom apartment in New Cairo under 10 million").await;
    assert_eq!(first.starts(), vec![(true, Some(OfflineReason::NotConfigured))]);
    assert_eq!(
        first.tools(),
        vec![
            ("search_properties".into(), ToolStatus::Started),
            ("search_properties".into(), ToolStatus::Done)
        ]
    );
    let (text, corrections, _) = first.done();
    assert_eq!(first.streamed(), text, "what streamed is what was stored");
    assert_eq!(corrections, 0, "the offline assistant never needs correcting: {text}");
    assert!(!text.contains("Offline assistant"), "the page's notice says it once: {text}");
    let cards = first.cards();
    assert!(cards.len() >= 2, "{text}");
    for l in &cards {
        assert_eq!(l.bedrooms, Some(3), "{l:?}");
        assert_eq!(l.location, "New Cairo");
        assert!(l.price_egp <= 10_000_000);
        assert_eq!(l.property_type, crate::domain::listing::PropertyType::Apartment);
        assert!(text.contains(&format!("#{}", l.id)), "card {} is cited in {text}", l.id);
        assert!(
            text.contains(&format_egp(Egp::new(l.price_egp), Lang::En)),
            "real price of {} in {text}",
            l.id
        );
    }
    let conversation = first.conversation();

    // "Compare the first and the second": the best value is the lower price per metre.
    let compared = buyer.say(Some(&conversation), "compare the first and the second").await;
    assert!(compared.tools().iter().any(|(n, _)| n == "compare_units"));
    let best = cards[..2].iter().min_by_key(|l| l.price_per_sqm_egp.unwrap_or(i64::MAX)).expect("best");
    assert!(
        compared.text().contains(&format!("Best value by price per square metre: **#{}**", best.id)),
        "{}",
        compared.text()
    );

    // The plan, checked against figures worked out here.
    let unit = &cards[0];
    let plan = buyer
        .say(Some(&conversation), "what are the installments on the first one with 20% down over 5 years?")
        .await;
    let text = plan.text();
    let down = unit.price_egp * 20 / 100;
    assert!(text.contains(&format_egp(Egp::new(down), Lang::En)), "down payment {down} in {text}");
    let quarterly = unit.installment_frequency == crate::domain::listing::InstallmentFrequency::Quarterly;
    let count = if quarterly { 20 } else { 60 };
    assert!(text.contains(&format!("{count} installments")), "{text}");
    let installment = (unit.price_egp - down) as f64 / f64::from(count);
    let shown = format_egp(Egp::new(installment.round() as i64), Lang::En);
    let floor = format_egp(Egp::new(installment.floor() as i64), Lang::En);
    assert!(text.contains(&shown) || text.contains(&floor), "installment about {installment} in {text}");

    // Returns with the buyer's own rent.
    let roi = buyer
        .say(
            Some(&conversation),
            "what return would I get on the first one if I rent it for 40,000 EGP a month?",
        )
        .await;
    let text = roi.text();
    let gross = (480_000.0 / unit.price_egp as f64 * 1000.0).round() / 10.0;
    let gross = if (gross - gross.round()).abs() < 0.05 {
        format!("{}%", gross.round() as i64)
    } else {
        format!("{gross:.1}%")
    };
    assert!(text.contains(&format!("Gross yield {gross}")), "gross {gross} in {text}");
    assert!(text.contains("(your figure)"), "{text}");
}

#[tokio::test]
async fn the_offline_assistant_answers_arabic_in_arabic() {
    let app = TestApp::with_catalog().await;
    let mut buyer = Chatter::new(&app);
    let answer = buyer.say(None, "شقة ٣ غرف في التجمع أقل من ١٠ مليون").await;
    let text = answer.text();
    assert_eq!(answer.starts(), vec![(true, Some(OfflineReason::NotConfigured))]);
    assert!(text.contains("وجدت"), "{text}");
    let cards = answer.cards();
    assert!(!cards.is_empty(), "{text}");
    for l in &cards {
        assert_eq!((l.bedrooms, l.location.as_str()), (Some(3), "New Cairo"));
        assert!(text.contains(&format_egp(Egp::new(l.price_egp), Lang::Ar)), "{text}");
    }
    let hello = buyer.say(None, "السلام عليكم").await;
    assert!(hello.text().contains("ميزانيتك"), "the assistant qualifies the buyer: {}", hello.text());
}

#[tokio::test]
async fn a_hostile_model_cannot_show_an_invented_listing_compound_or_price() {
    let fake = FakeChat::start().await;
    let app = TestApp::start(&catalog_database().await, model_app_vars(&fake)).await;
    let (_, found) =
        app.json("/api/v1/search?q=3+bedroom+apartment+in+New+Cairo+under+10+million&limit=1").await;
    let real: Listing = serde_json::from_value(found["results"][0].clone()).expect("a listing");
    let compound = real.compound.clone().expect("a compound");
    fake.push(tool_reply(&[(
        "search_properties",
        json!({"query": "3 bedroom apartment in New Cairo under 10 million"}),
    )]));
    fake.push(text_reply(
        &format!(
            "Good news: #{} in {compound} is priced at EGP 1,234,567 and fits your budget. \
             You could also look at #987654, a penthouse in Mivida for 3M EGP. \
             Many buyers like Palm Crest Heights nearby. Shall I book a viewing?",
            real.id
        ),
        900,
        60,
    ));
    let mut buyer = Chatter::new(&app);
    let answer = buyer.say(None, "3 bedroom apartment in New Cairo under 10 million").await;
    // Three of its four sentences were false: too little was left, so the
    // offline assistant answered from the same search, and the page says why.
    assert_eq!(answer.starts(), vec![(false, None), (true, Some(OfflineReason::Unverified))]);
    let (text, dropped, _) = answer.done();
    let streamed = answer.streamed();
    assert_eq!(streamed, text, "what streamed is what was stored");
    for invented in ["987654", "Palm Crest", "1,234,567", "3M EGP", "Good news", "penthouse in Mivida"] {
        assert!(!streamed.contains(invented), "{invented} reached the buyer: {streamed}");
        assert!(!text.contains(invented), "{invented} was stored: {text}");
    }
    // Dropped whole, never patched.
    assert!(!text.contains('['), "{text}");
    assert!(text.starts_with("Shall I book a viewing?"), "the true sentence stays: {text}");
    assert!(text.contains(crate::i18n::Key::ChatUnverifiedNote.text(Lang::En)), "{text}");
    assert!(
        text.contains(&format!("#{}", real.id))
            && text.contains(&format_egp(Egp::new(real.price_egp), Lang::En)),
        "the offline answer gives the real listing at its real price: {text}"
    );
    assert!(text.contains(&compound), "{text}");
    assert_eq!(dropped, 3, "{text}");
    assert!(answer.cards().iter().any(|l| l.id == real.id));

    // The model saw the tools (schemas from the types) and the tool's real result.
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let tools = requests[0]["tools"].as_array().expect("tools");
    assert_eq!(tools.len(), 6);
    assert_eq!(tools[0]["function"]["parameters"]["required"], json!(["query"]));
    let tool_message = requests[1]["messages"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["role"] == "tool"))
        .expect("tool result sent");
    assert_eq!(tool_message["tool_call_id"], "call_0");
    assert!(tool_message["content"].as_str().is_some_and(|c| c.contains(&format!("\"id\":\"{}\"", real.id))));

    // Counted, and the tokens costed.
    let (_, metrics) = app.page("/metrics", &[]).await;
    assert!(metrics.contains("agent_guard_dropped_total{kind=\"listing_ref\"}"), "drops are counted by kind");
    assert!(metrics.contains("agent_guard_dropped_total{kind=\"amount\"}"), "drops are counted by kind");
    assert!(metrics.contains("agent_guard_fallbacks_total"), "fallbacks are counted");
    let today = app.state.agent.costs.day(chrono::Utc::now().date_naive()).await.expect("costs");
    let chat = today.lines.iter().find(|l| l.purpose == "chat").expect("chat costs");
    assert_eq!(
        (chat.model.as_str(), chat.calls, chat.prompt_tokens, chat.completion_tokens),
        ("gpt-4o-mini", 2, 1_400, 80)
    );
    let expected = (1_400.0 * 0.15 + 80.0 * 0.60) / 1e6;
    assert!((chat.usd - expected).abs() < 2e-6, "{} vs {expected}", chat.usd);
}

#[tokio::test]
async fn the_breaker_opens_after_three_failures_and_closes_after_a_good_trial() {
    let fake = FakeChat::start().await;
    fake.otherwise(Reply::Fail(500));
    let app = TestApp::spawn_with(model_app_vars(&fake)).await;
    let mut buyer = Chatter::new(&app);
    for attempt in 1..=3 {
        let answer = buyer.say(None, "hello").await;
        assert_eq!(
            answer.starts(),
            vec![(false, None), (true, Some(OfflineReason::Unavailable))],
            "attempt {attempt}"
        );
        assert!(
            answer.text().contains("offline assistant"),
            "the offline assistant answered: {}",
            answer.text()
        );
    }
    assert_eq!(
        fake.requests().len(),
        12,
        "the client retries a failing call 3 times; the breaker counts it once"
    );
    let (status, ready) = app.json("/readyz").await;
    assert_eq!((status, ready["circuit_breakers"]["llm"].as_str()), (200, Some("open")), "{ready}");
    // Open: the model is not even asked.
    let answer = buyer.say(None, "hello").await;
    assert_eq!(answer.starts(), vec![(true, Some(OfflineReason::Unavailable))]);
    assert_eq!(fake.requests().len(), 12);
    // After the cooldown one trial goes through; it succeeds and closes the breaker.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(app.json("/readyz").await.1["circuit_breakers"]["llm"], "half_open");
    fake.push(text_reply("Hello from the model. How can I help?", 50, 10));
    let answer = buyer.say(None, "hello").await;
    assert_eq!(answer.starts(), vec![(false, None)]);
    assert_eq!(answer.text(), "Hello from the model. How can I help?");
    assert_eq!(app.json("/readyz").await.1["circuit_breakers"]["llm"], "closed");
}

#[tokio::test]
async fn conversations_persist_belong_to_their_owner_and_follow_sign_in() {
    let app = TestApp::spawn().await;
    let mut visitor = Chatter::new(&app);
    let first = visitor.say(None, "hello").await;
    let id = first.conversation();
    assert!(visitor.visitor.is_some(), "an anonymous visitor gets a cookie");
    let second = visitor.say(Some(&id), "hi").await;
    assert_eq!(second.conversation(), id);

    let (status, history) = visitor.call("chat/history", json!({"conversation_id": id})).await;
    assert_eq!(status, 200);
    let speakers: Vec<&str> = history["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["speaker"].as_str())
        .collect();
    assert_eq!(speakers, ["buyer", "assistant", "buyer", "assistant"]);

    // Another browser sees nothing and cannot continue it.
    let mut stranger = Chatter::new(&app);
    assert_eq!(stranger.call("chat/history", json!({"conversation_id": id})).await.1, Value::Null);
    let refused = stranger.send(json!({"conversation_id": id, "message": "hi"})).await;
    assert_eq!(refused.status, 404);

    // Retry answers the last message again instead of adding one.
    let retried = visitor.send(json!({"conversation_id": id, "retry": true})).await;
    assert_eq!(retried.status, 200);
    retried.done();
    let (_, history) = visitor.call("chat/history", json!({"conversation_id": id})).await;
    assert_eq!(history["messages"].as_array().map(Vec::len), Some(4));

    // Signing in keeps the chat: it becomes the user's.
    let email = format!("buyer-{}@example.com", uuid::Uuid::new_v4().simple());
    let hash = crate::server::services::accounts::password::hash("nile-sunset-42-falafel".into())
        .await
        .expect("hash");
    crate::server::db::users::upsert_staff(&app.state.db, &email, None, Role::Buyer, &hash)
        .await
        .expect("user");
    let response = app
        .client
        .post(app.url("/fn/auth/sign_in"))
        .header("cookie", visitor.cookies())
        .header("accept", "application/json")
        .form(&[("email", email.as_str()), ("password", "nile-sunset-42-falafel")])
        .send()
        .await
        .expect("sign in");
    assert_eq!(response.status(), 200);
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("osool_session=").and_then(|r| r.split(';').next()).map(str::to_owned))
        .expect("session");
    let mut elsewhere = Chatter::new(&app);
    elsewhere.session = Some(session);
    let (_, list) = elsewhere.call("chat/conversations", json!({})).await;
    assert_eq!(
        list.as_array().map(|l| l.iter().filter_map(|c| c["id"].as_str()).collect::<Vec<_>>()),
        Some(vec![id.as_str()])
    );
    assert_eq!(
        elsewhere.call("chat/history", json!({"conversation_id": id})).await.1["messages"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
}

#[tokio::test]
async fn a_signed_in_buyer_books_a_viewing_that_agents_see_and_admins_hear_about() {
    let app = TestApp::with_catalog().await;
    let (_, admin_session, admin_email) = signed_in(&app, Role::Admin).await;
    let (buyer_id, buyer_session, _) = signed_in(&app, Role::Buyer).await;
    let (_, found) = app.json("/api/v1/search?q=villa+in+Sheikh+Zayed&limit=1").await;
    let listing: Listing = serde_json::from_value(found["results"][0].clone()).expect("a listing");
    let day = (chrono::Utc::now() + chrono::Duration::days(10)).format("%Y-%m-%d").to_string();

    // Anonymous: asked to sign in, nothing booked.
    let mut anonymous = Chatter::new(&app);
    let answer = anonymous.say(None, &format!("book a viewing of #{}", listing.id)).await;
    let (text, _, sign_in) = answer.done();
    assert!(sign_in, "{text}");
    assert!(text.contains("sign in"), "{text}");

    let mut buyer = Chatter::new(&app);
    buyer.session = Some(buyer_session);
    let answer = buyer.say(None, &format!("please book a viewing of #{} on {day} at 5 pm", listing.id)).await;
    let text = answer.text();
    assert!(
        text.contains(&format!("#{}", listing.id))
            && text.contains(&format_when(&format!("{day} 17:00"), Lang::En)),
        "{text}"
    );
    // Prepared, not booked: nothing happens until the buyer confirms.
    let proposal = answer.proposal().expect("a viewing to confirm");
    assert_eq!(
        (proposal.listing.id.as_str(), proposal.preferred_cairo.clone()),
        (listing.id.as_str(), Some(format!("{day} 17:00")))
    );
    let none: i64 = sqlx::query_scalar("select count(*) from viewing_requests")
        .fetch_one(&app.state.db)
        .await
        .expect("count");
    assert_eq!(none, 0, "nothing booked before the buyer confirms");
    let (status, booked) = buyer.call("chat/confirm_viewing", json!({"proposal_id": proposal.id})).await;
    assert_eq!(status, 200, "{booked}");
    assert_eq!(booked["agent_notified"], true);
    let row: (i64, i64, Option<chrono::DateTime<chrono::Utc>>, String) =
        sqlx::query_as("select listing_id, buyer_id, preferred_at, status::text from viewing_requests")
            .fetch_one(&app.state.db)
            .await
            .expect("one viewing request");
    let expected_at = crate::server::time::parse_cairo_time(&format!("{day} 17:00"));
    assert_eq!(row, (listing.id.parse::<i64>().expect("id"), buyer_id, expected_at, "requested".to_owned()));

    let mails = Inbox::new().to(&admin_email).await;
    assert!(
        mails.iter().any(|m| m["subject"]
            .as_str()
            .is_some_and(|s| s.contains("Viewing request") && s.contains(&listing.id))),
        "{mails:?}"
    );

    let mut admin = Chatter::new(&app);
    admin.session = Some(admin_session);
    let (status, viewings) = admin.call("dashboard/viewings", json!({"page": 1})).await;
    assert_eq!(status, 200, "{viewings}");
    assert_eq!(viewings["total"], 1);
    assert_eq!(viewings["items"][0]["listing_id"], listing.id);
    assert_eq!(viewings["items"][0]["preferred_cairo"], format!("{day} 17:00"));
    assert_eq!(
        buyer.call("dashboard/viewings", json!({"page": 1})).await.0,
        403,
        "buyers cannot see requests"
    );
    assert_eq!(anonymous.call("dashboard/viewings", json!({"page": 1})).await.0, 401);
}

#[tokio::test]
async fn stopping_keeps_what_was_said_and_marks_it_stopped() {
    let fake = FakeChat::start().await;
    let app = TestApp::spawn_with(model_app_vars(&fake)).await;
    let words = "First point. Second point. Third point. Fourth point. Fifth point. Sixth point. Seventh point. Eighth point. Last point. ";
    let Reply::Chunks { chunks, .. } = text_reply(words, 10, 10) else { unreachable!() };
    fake.push(Reply::Chunks { chunks, delay: Duration::from_millis(150) });
    let mut buyer = Chatter::new(&app);
    let mut response = buyer.post(json!({"message": "tell me a story"})).await;
    let mut seen = String::new();
    while let Some(chunk) = response.chunk().await.expect("chunk") {
        seen.push_str(&String::from_utf8_lossy(&chunk));
        if seen.matches("event: delta").count() >= 2 {
            break;
        }
    }
    drop(response);
    // The answer notices within a chunk or two and stores what it had.
    let mut stored = None;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        stored = sqlx::query_as::<_, (String, bool)>(
            "select content, stopped from chat_messages where role = 'assistant'",
        )
        .fetch_optional(&app.state.db)
        .await
        .expect("query");
        if stored.is_some() {
            break;
        }
    }
    let (content, stopped) = stored.expect("the partial answer was kept");
    assert!(stopped);
    assert!(content.starts_with("First point. Second point."), "{content}");
    assert!(!content.contains("Last point"), "{content}");
}

/// SIGTERM during an answer: the answer ends where it is, the buyer's
/// stream gets `done` at once (not a cut connection after the shutdown
/// timeout), and what was said is in the history, marked stopped.
#[tokio::test]
async fn shutting_down_mid_answer_keeps_what_was_said() {
    let fake = FakeChat::start().await;
    let mut app = TestApp::spawn_with(model_app_vars(&fake)).await;
    let words = "First point. Second point. Third point. Fourth point. Fifth point. Sixth point. Seventh point. Eighth point. Last point. ";
    let Reply::Chunks { chunks, .. } = text_reply(words, 10, 10) else { unreachable!() };
    fake.push(Reply::Chunks { chunks, delay: Duration::from_millis(400) });
    let mut buyer = Chatter::new(&app);
    let mut response = buyer.post(json!({"message": "tell me a story"})).await;
    let mut seen = String::new();
    while let Some(chunk) = response.chunk().await.expect("chunk") {
        seen.push_str(&String::from_utf8_lossy(&chunk));
        if seen.matches("event: delta").count() >= 2 {
            break;
        }
    }
    let asked = std::time::Instant::now();
    app.shut_down();
    while let Ok(Some(chunk)) = response.chunk().await {
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(asked.elapsed() < Duration::from_secs(3), "the stream ended {:?} after SIGTERM", asked.elapsed());
    assert!(seen.contains("event: done"), "the buyer is told the answer ended: {seen}");
    let (content, stopped): (String, bool) =
        sqlx::query_as("select content, stopped from chat_messages where role = 'assistant'")
            .fetch_one(&app.state.db)
            .await
            .expect("the partial answer was stored");
    assert!(stopped);
    assert!(content.starts_with("First point. Second point."), "{content}");
    assert!(!content.contains("Last point"), "{content}");
}

/// A model that books a viewing but leaves the time out does not lose the
/// day and time the buyer wrote: the tool reads them from the message.
#[tokio::test]
async fn a_viewing_keeps_the_buyers_time_when_the_model_leaves_it_out() {
    let fake = FakeChat::start().await;
    let app = TestApp::start(&catalog_database().await, model_app_vars(&fake)).await;
    let (_, session, _) = signed_in(&app, Role::Buyer).await;
    let id: i64 = sqlx::query_scalar("select id from listings where is_available order by id limit 1")
        .fetch_one(&app.state.db)
        .await
        .expect("a listing");
    let mut buyer = Chatter::new(&app);
    buyer.session = Some(session);
    for (said, hour) in
        [("Saturday at 11am", 11), ("السبت الساعة ٥ العصر", 17), ("el sabt el sa3a 7 bel leil", 19)]
    {
        fake.push(tool_reply(&[("schedule_viewing", json!({"listing_id": id.to_string()}))]));
        fake.push(text_reply("Press the button to confirm the viewing.", 100, 10));
        let answer = buyer.say(None, &format!("book a viewing of #{id} {said}")).await;
        let proposal = answer.proposal().expect("a viewing to confirm");
        let now = crate::server::time::cairo_now(chrono::Utc::now());
        let expected =
            crate::server::services::assistant::when::parse("Saturday", now).expect("a Saturday").date;
        let at = proposal.preferred_cairo.clone().unwrap_or_else(|| panic!("{said}: the time was lost"));
        assert!(
            at == format!("{expected} {hour:02}:00")
                || at == format!("{} {hour:02}:00", expected + chrono::Duration::days(7)),
            "{said} -> {at}"
        );
    }
    // A message without a day or time books without one (the agent asks).
    fake.push(tool_reply(&[("schedule_viewing", json!({"listing_id": id.to_string()}))]));
    fake.push(text_reply("Press the button to confirm the viewing.", 100, 10));
    let answer = buyer.say(None, &format!("book a viewing of #{id} for my 3 kids")).await;
    assert_eq!(answer.proposal().expect("a viewing to confirm").preferred_cairo, None);
}

/// The offline assistant writes at a model's pace, so a buyer sees the
/// answer grow sentence by sentence instead of in one update at the end.
#[tokio::test]
async fn the_offline_answer_streams_as_it_is_checked() {
    let app = TestApp::spawn_with(|vars| {
        vars.insert("OSOOL_OFFLINE_PACE_MS".into(), "20".into());
    })
    .await;
    let mut buyer = Chatter::new(&app);
    let started = std::time::Instant::now();
    let mut response = buyer.post(json!({"message": "hello", "lang": "en"})).await;
    assert_eq!(response.status().as_u16(), 200);
    let mut seen = String::new();
    // When each delta arrived, and the text it carried.
    let mut deltas: Vec<(Duration, String)> = Vec::new();
    while let Some(chunk) = response.chunk().await.expect("chunk") {
        seen.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = seen.find("\n\n") {
            let block: String = seen.drain(..end + 2).collect();
            for event in parse_sse(&block) {
                if let ChatEvent::Delta { text } = event {
                    deltas.push((started.elapsed(), text));
                }
            }
        }
    }
    let whole: String = deltas.iter().map(|(_, t)| t.as_str()).collect();
    assert!(whole.split_whitespace().count() > 15, "a greeting of some length: {whole}");
    assert!(deltas.len() >= 3, "the answer came in {} piece(s): {deltas:?}", deltas.len());
    let (first, last) = (deltas[0].0, deltas[deltas.len() - 1].0);
    assert!(
        last - first >= Duration::from_millis(150),
        "the pieces came over {:?}, not as the answer was written: {deltas:?}",
        last - first
    );
}

#[tokio::test]
async fn bad_requests_get_clear_errors_and_the_rate_limit_holds() {
    let app = TestApp::spawn_with(|vars| {
        vars.insert("OSOOL_CHAT_RATE".into(), "3".into());
    })
    .await;
    let mut buyer = Chatter::new(&app);
    let malformed = app
        .client
        .post(app.url("/api/v1/chat"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    assert_eq!(malformed.status(), 422);
    let empty = buyer.send(json!({"message": "   "})).await;
    assert_eq!(
        (empty.status, empty.error["error"]["code"].as_str(), empty.error["error"]["field"].as_str()),
        (422, Some("validation"), Some("message"))
    );
    let long = buyer.send(json!({"message": "x".repeat(2_001)})).await;
    assert_eq!((long.status, long.error["error"]["field"].as_str()), (422, Some("message")));
    let unknown = buyer.send(json!({"conversation_id": "not-a-conversation", "message": "hi"})).await;
    assert_eq!(unknown.status, 404);
    let limited = buyer.post(json!({"message": "hi"})).await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().get("retry-after").is_some());
    let cross_site = app
        .client
        .post(app.url("/api/v1/chat"))
        .header("origin", "https://evil.example")
        .json(&json!({"message": "hi"}))
        .send()
        .await
        .expect("request");
    assert_eq!(cross_site.status(), 403);
}

#[tokio::test]
async fn paid_embeddings_are_costed_per_day_too() {
    let fake = crate::server::testkit::openai::FakeOpenAi::start().await;
    let app = TestApp::spawn_with(|vars| {
        vars.insert("OPENAI_API_KEY".into(), API_KEY.into());
        vars.insert("OPENAI_BASE_URL".into(), fake.base_url.clone());
        vars.insert("OSOOL_EMBEDDER".into(), "openai".into());
        vars.insert("OSOOL_ASSISTANT".into(), "offline".into());
    })
    .await;
    let (status, _) = app.json("/api/v1/search?q=quiet+villa+with+a+garden").await;
    assert_eq!(status, 200);
    assert!(!fake.requests().is_empty(), "the query was embedded by the API");
    let today = app.state.agent.costs.day(chrono::Utc::now().date_naive()).await.expect("costs");
    let line = today.lines.iter().find(|l| l.purpose == "embedding").expect("embedding costs");
    assert_eq!((line.model.as_str(), line.calls), ("text-embedding-3-small", 1));
    assert!(line.prompt_tokens > 0 && line.usd > 0.0, "{line:?}");
    assert!(!app.state.agent.has_model(), "OSOOL_ASSISTANT=offline keeps the model out of the chat");
}
