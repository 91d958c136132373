//! Reservations end to end through the real router and a fake Paymob that
//! speaks Paymob's wire format: races for one unit, forged, replayed and
//! mismatched callbacks, late payments, lost callbacks, a failing Paymob,
//! and who may see and do what.

use crate::domain::account::Role;
use crate::server::testkit::TestApp;
use crate::server::testkit::paymob::{FakePaymob, HMAC_SECRET, INTEGRATION_ID, IntentionMode};
use serde_json::{Value, json};
use std::time::Duration;

struct Buyer {
    session: String,
    email: String,
}

async fn app_with(fake: &FakePaymob, extra: &[(&str, &str)]) -> TestApp {
    let vars = fake.env();
    let extra: Vec<(String, String)> =
        extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    TestApp::spawn_with(move |env| {
        for (k, v) in vars {
            env.insert(k.to_owned(), v);
        }
        for (k, v) in extra {
            env.insert(k, v);
        }
    })
    .await
}

/// A listing priced `price` EGP handled by `agent`.
async fn listing(app: &TestApp, price: i64, agent: Option<i64>) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "insert into listings (source, external_id, property_type, location, price_egp, content_hash, agent_id)
         values ('test', gen_random_uuid()::text, 'apartment', 'New Cairo', $1, '\\x00', $2)
         returning id",
    )
    .bind(price)
    .bind(agent)
    .fetch_one(&app.state.db)
    .await
    .expect("listing");
    sqlx::query("insert into listing_texts (listing_id, title_en, title_ar) values ($1, 'Apartment in Mivida', 'شقة في ميفيدا')")
        .bind(id)
        .execute(&app.state.db)
        .await
        .expect("listing texts");
    id
}

/// A buyer with a verified phone (and an email), signed in.
async fn buyer(app: &TestApp, verified: bool) -> Buyer {
    let digits: u64 = rand::random::<u64>() % 100_000_000;
    let phone = format!("+2010{digits:08}");
    let email = format!("buyer-{}@example.com", uuid::Uuid::new_v4().simple());
    let id: i64 = sqlx::query_scalar(
        "insert into users (name, email, email_verified_at, phone, phone_verified_at, role)
         values ('Mona Adel', $1, now(), $2, case when $3 then now() end, 'buyer') returning id",
    )
    .bind(&email)
    .bind(&phone)
    .bind(verified)
    .fetch_one(&app.state.db)
    .await
    .expect("buyer");
    let session = app.state.accounts.start_session(id, None).await.expect("session").id;
    Buyer { session, email }
}

async fn staff(app: &TestApp, role: Role) -> (i64, String) {
    let (id, _, _) = super::chat::signed_in(app, role).await;
    let session = app.state.accounts.start_session(id, None).await.expect("session").id;
    (id, session)
}

/// POST a server function with a JSON body as `session`: status and body.
async fn call(app: &TestApp, session: Option<&str>, path: &str, body: Value) -> (u16, Value) {
    let mut request = app.client.post(app.url(path)).json(&body);
    if let Some(s) = session {
        request = request.header("cookie", format!("osool_session={s}"));
    }
    let response = request.send().await.expect("server function");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Acts on a reservation as staff (the dashboard's form post).
async fn act(app: &TestApp, session: Option<&str>, id: &str, action: &str, reason: &str) -> u16 {
    let mut request = app.client.post(app.url("/fn/dashboard/reservation/act")).form(&[
        ("id", id),
        ("action", action),
        ("reason", reason),
    ]);
    if let Some(s) = session {
        request = request.header("cookie", format!("osool_session={s}"));
    }
    request.send().await.expect("act").status().as_u16()
}

/// Reserve `listing` as `session` (the form-encoded call the button makes).
async fn reserve(app: &TestApp, session: Option<&str>, listing: i64) -> (u16, Value) {
    let mut request =
        app.client.post(app.url("/fn/reservation/reserve")).form(&[("listing_id", listing.to_string())]);
    if let Some(s) = session {
        request = request.header("cookie", format!("osool_session={s}"));
    }
    let response = request.send().await.expect("reserve");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn client_secret(checkout_url: &str) -> String {
    checkout_url.split("clientSecret=").nth(1).expect("client secret in the checkout URL").to_owned()
}

/// A reservation's status and its refunds' (none, due, done, failed).
async fn status_of(app: &TestApp, id: &str) -> (String, String) {
    sqlx::query_as(
        "select r.status, coalesce((select case when bool_or(f.status = 'failed') then 'failed'
                                                when bool_or(f.status in ('due', 'sent')) then 'due'
                                                when bool_or(f.status = 'done') then 'done' end
                                     from refunds f where f.reservation_id = r.id), 'none')
         from reservations r where r.id = $1::uuid",
    )
    .bind(id)
    .fetch_one(&app.state.db)
    .await
    .expect("reservation")
}

async fn order_of(app: &TestApp, id: &str) -> (i64, i64) {
    sqlx::query_as("select paymob_order_id, amount_piastres from reservations where id = $1::uuid")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .expect("order")
}

async fn mails_to(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query_scalar(
        "select payload->>'subject' from outbox where kind = 'mail' and recipient = $1 order by id",
    )
    .bind(email)
    .fetch_all(&app.state.db)
    .await
    .expect("outbox")
}

/// Sends a processed callback for `obj`, signed with `secret` (or with the
/// given signature), as Paymob would.
async fn callback(app: &TestApp, obj: &Value, hmac: Option<String>) -> u16 {
    let (body, good) = FakePaymob::signed(obj);
    let url = match hmac.unwrap_or(good) {
        h if h.is_empty() => app.url("/payments/paymob/processed"),
        h => app.url(&format!("/payments/paymob/processed?hmac={h}")),
    };
    // Paymob's servers send no Origin.
    reqwest::Client::new().post(url).json(&body).send().await.expect("callback").status().as_u16()
}

#[tokio::test]
async fn a_buyer_reserves_pays_and_the_agent_confirms_then_completes_the_sale() {
    let fake = FakePaymob::start().await.expect("fake Paymob");
    let app = app_with(&fake, &[]).await;
    let (agent, agent_session) = staff(&app, Role::Agent).await;
    let unit = listing(&app, 8_400_000, Some(agent)).await;
    let mona = buyer(&app, true).await;

    let (status, offer) =
        call(&app, Some(&mona.session), "/fn/reservation/offer", json!({ "listing_id": unit.to_string() }))
            .await;
    assert_eq!(status, 200, "{offer}");
    assert_eq!(offer["state"]["state"], "available");
    assert_eq!(offer["can"], "yes");
    // 1 % of 8.4 M, in piastres, worked out on the server.
    assert_eq!(offer["fee_piastres"], 84_000 * 100);

    let (status, started) = reserve(&app, Some(&mona.session), unit).await;
    assert_eq!(status, 200, "{started}");
    let id = started["id"].as_str().expect("id").to_owned();
    let checkout = started["checkout_url"].as_str().expect("checkout").to_owned();
    assert!(checkout.starts_with(&format!("{}/unifiedcheckout/?publicKey=", fake.base_url)), "{checkout}");
    assert_eq!(status_of(&app, &id).await.0, "held");

    // Another buyer sees the hold and its end.
    let omar = buyer(&app, true).await;
    let (_, seen) =
        call(&app, Some(&omar.session), "/fn/reservation/offer", json!({ "listing_id": unit.to_string() }))
            .await;
    assert_eq!(seen["state"]["state"], "held");
    assert_eq!(seen["can"], "taken");
    assert!(seen["held_until"].as_str().is_some_and(|t| t.len() == 5), "{seen}");
    let (status, refused) = reserve(&app, Some(&omar.session), unit).await;
    assert_eq!(status, 409);
    assert_eq!(refused["code"], "held");

    // Pay on the checkout: the callback moves it, the browser comes back.
    let back = fake.pay(&client_secret(&checkout), true).await.expect("paid");
    assert_eq!(status_of(&app, &id).await.0, "paid");
    let returned = app.client.get(&back).send().await.expect("return");
    assert_eq!(returned.status().as_u16(), 303);
    let location = returned.headers()["location"].to_str().expect("location").to_owned();
    assert_eq!(location, format!("/reservations/{id}?returned=paid"));
    let (_, view) = call(&app, Some(&mona.session), "/fn/reservation", json!({ "id": id })).await;
    assert_eq!(view["status"], "paid");
    assert_eq!(view["card"], "MasterCard •••• 2346");
    assert!(view["reserved_until"].is_string());
    let (_, seen) =
        call(&app, Some(&omar.session), "/fn/reservation/offer", json!({ "listing_id": unit.to_string() }))
            .await;
    assert_eq!(seen["state"]["state"], "reserved");

    // The agent confirms, then completes the sale.
    let (status, list) =
        call(&app, Some(&agent_session), "/fn/dashboard/reservations", json!({ "active_only": true })).await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["buyer_email"], mona.email.as_str());
    assert_eq!(act(&app, Some(&agent_session), &id, "sell", "").await, 409);
    assert_eq!(act(&app, Some(&agent_session), &id, "confirm", "").await, 200);
    assert_eq!(act(&app, Some(&agent_session), &id, "confirm", "").await, 409);
    assert_eq!(act(&app, Some(&agent_session), &id, "sell", "").await, 200);
    assert_eq!(status_of(&app, &id).await.0, "sold");
    let (_, seen) =
        call(&app, None, "/fn/reservation/offer", json!({ "listing_id": unit.to_string() })).await;
    assert_eq!(seen["state"]["state"], "sold");

    // The buyer heard about each step; exactly one charge.
    let subjects = mails_to(&app, &mona.email).await;
    assert_eq!(
        subjects,
        [
            "Reservation paid: Apartment in Mivida",
            "Reservation confirmed: Apartment in Mivida",
            "Sale completed: Apartment in Mivida"
        ]
    );
    let payments: i64 = sqlx::query_scalar("select count(*) from payment_events where kind = 'payment'")
        .fetch_one(&app.state.db)
        .await
        .expect("events");
    assert_eq!(payments, 1);
}

#[tokio::test]
async fn two_hundred_buyers_racing_for_one_unit_get_one_hold_and_199_clear_refusals_ten_times_over() {
    let fake = FakePaymob::start().await.expect("fake Paymob");
    let app = app_with(&fake, &[]).await;
    let mut buyers = Vec::new();
    for _ in 0..200 {
        buyers.push(buyer(&app, true).await);
    }
    for round in 0..10 {
        let unit = listing(&app, 5_000_000 + round, None).await;
        let intentions_before = fake.intentions();
        let attempts = buyers.iter().map(|b| {
            let (app, session) = (&app, b.session.clone());
            async move { reserve(app, Some(&session), unit).await }
        });
        let results = futures::future::join_all(attempts).await;
        let won: Vec<&Value> = results.iter().filter(|(s, _)| *s == 200).map(|(_, b)| b).collect();
        let refused = results.iter().filter(|(s, b)| *s == 409 && b["code"] == "held").count();
        assert_eq!(won.len(), 1, "round {round}: {:?}", results.iter().map(|r| r.0).collect::<Vec<_>>());
        assert_eq!(refused, 199, "round {round}");
        assert_eq!(fake.intentions() - intentions_before, 1, "round {round}: one payment started");
        let active: i64 = sqlx::query_scalar(
            "select count(*) from reservations where listing_id = $1 and status in ('held', 'paid', 'confirmed')",
        )
        .bind(unit)
        .fetch_one(&app.state.db)
        .await
        .expect("count");
        assert_eq!(active, 1);
        // The winner pays; one charge.
        fake.pay(&client_secret(won[0]["checkout_url"].as_str().expect("url")), true).await.expect("paid");
        let charges: i64 = sqlx::query_scalar(
            "select count(*) from payment_events e join reservations r on r.id = e.reservation_id
             where r.listing_id = $1 and e.kind = 'payment'",
        )
        .bind(unit)
        .fetch_one(&app.state.db)
        .await
        .expect("count");
        assert_eq!(charges, 1, "round {round}");
    }
}

#[tokio::test]
async fn forged_replayed_and_mismatched_callbacks_change_nothing_beyond_the_first_genuine_one() {
    let fake = FakePaymob::start().await.expect("fake Paymob");
    fake.set_deliver_callbacks(false);
    let app = app_with(&fake, &[]).await;
    let mut holds = Vec::new();
    let mut mona = None;
    for _ in 0..6 {
        let unit = listing(&app, 3_000_000, None).await;
        // A buyer holds one unit at a time: one buyer per hold.
        let someone = buyer(&app, true).await;
        let (status, started) = reserve(&app, Some(&someone.session), unit).await;
        mona = Some(someone);
        assert_eq!(status, 200, "{started}");
        let id = started["id"].as_str().expect("id").to_owned();
        let (order, amount) = order_of(&app, &id).await;
        holds.push((id, order, amount));
    }
    let rejections = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from payment_callback_rejections")
            .fetch_one(&app.state.db)
            .await
            .expect("count")
    };

    // Forged: signed with another secret, or not signed, or signed for
    // other values.
    let (id, order, amount) = holds[0].clone();
    let obj = FakePaymob::transaction(900_001, order, amount, true);
    let forged = crate::server::adapters::paymob::sign(
        "not-the-secret",
        &crate::server::adapters::paymob::processed_string(&obj),
    );
    assert_eq!(callback(&app, &obj, Some(forged)).await, 400);
    assert_eq!(callback(&app, &obj, Some(String::new())).await, 400);
    assert_eq!(callback(&app, &obj, Some("00".repeat(64))).await, 400);
    let (_, good_for_other) = FakePaymob::signed(&FakePaymob::transaction(900_001, order, amount + 1, true));
    assert_eq!(callback(&app, &obj, Some(good_for_other)).await, 400);
    assert_eq!(rejections().await, 4, "each forged callback is recorded");
    assert_eq!(status_of(&app, &id).await.0, "held");
    // A forger cannot claim the transaction id ahead of Paymob either.
    let events: i64 =
        sqlx::query_scalar("select count(*) from payment_events").fetch_one(&app.state.db).await.expect("n");
    assert_eq!(events, 0);

    // Genuine but wrong: another amount, currency or integration; a refund;
    // an order we never made.
    let (id1, order1, amount1) = holds[1].clone();
    assert_eq!(
        callback(&app, &FakePaymob::transaction(900_002, order1, amount1 - 100, true), None).await,
        200
    );
    assert_eq!(status_of(&app, &id1).await, ("held".into(), "due".into()));
    let (id2, order2, amount2) = holds[2].clone();
    let mut usd = FakePaymob::transaction(900_003, order2, amount2, true);
    usd["currency"] = json!("USD");
    assert_eq!(callback(&app, &usd, None).await, 200);
    assert_eq!(status_of(&app, &id2).await.0, "held");
    let (id3, order3, amount3) = holds[3].clone();
    let mut other_integration = FakePaymob::transaction(900_004, order3, amount3, true);
    other_integration["integration_id"] = json!(INTEGRATION_ID + 1);
    assert_eq!(callback(&app, &other_integration, None).await, 200);
    assert_eq!(status_of(&app, &id3).await.0, "held");
    let (id4, order4, amount4) = holds[4].clone();
    let mut refund = FakePaymob::transaction(900_005, order4, amount4, true);
    refund["has_parent_transaction"] = json!(true);
    refund["is_refund"] = json!(true);
    assert_eq!(callback(&app, &refund, None).await, 200);
    let mut voided = FakePaymob::transaction(900_006, order4, amount4, true);
    voided["is_voided"] = json!(true);
    assert_eq!(callback(&app, &voided, None).await, 200);
    assert_eq!(status_of(&app, &id4).await.0, "held", "a refund or void is never a payment");
    assert_eq!(callback(&app, &FakePaymob::transaction(900_007, 1, amount4, true), None).await, 200);
    let kinds: Vec<(i64, String)> =
        sqlx::query_as("select transaction_id, kind from payment_events order by transaction_id")
            .fetch_all(&app.state.db)
            .await
            .expect("events");
    let kinds: Vec<(i64, &str)> = kinds.iter().map(|(t, k)| (*t, k.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (900_002, "mismatch"),
            (900_003, "mismatch"),
            (900_004, "mismatch"),
            (900_005, "refund"),
            (900_006, "refund"),
            (900_007, "unknown_order")
        ]
    );

    // A signature reused on fields of other types ("false1" for a boolean,
    // an id written as text) that join into the same signed string.
    let (id5, order5, amount5) = holds[5].clone();
    let genuine = FakePaymob::transaction(192_036_465, order5, amount5, true);
    let (_, genuine_hmac) = FakePaymob::signed(&genuine);
    let mut shifted = genuine.clone();
    shifted["has_parent_transaction"] = json!("false1");
    shifted["id"] = json!("92036465");
    assert_eq!(
        crate::server::adapters::paymob::processed_string(&shifted),
        crate::server::adapters::paymob::processed_string(&genuine),
        "the forger's string signs the same"
    );
    assert_eq!(callback(&app, &shifted, Some(genuine_hmac)).await, 400);
    assert_eq!(status_of(&app, &id5).await.0, "held");

    // Pending first (3-D Secure), then the same transaction succeeds.
    let mut pending = FakePaymob::transaction(900_010, order5, amount5, false);
    pending["pending"] = json!(true);
    assert_eq!(callback(&app, &pending, None).await, 200);
    assert_eq!(status_of(&app, &id5).await.0, "held");

    // The genuine payment, replayed 20 times at once: paid once, mailed once.
    let paid = FakePaymob::transaction(900_010, order5, amount5, true);
    let sends = (0..20).map(|_| callback(&app, &paid, None));
    let statuses = futures::future::join_all(sends).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(status_of(&app, &id5).await.0, "paid");
    let replays: i32 = sqlx::query_scalar("select replays from payment_events where transaction_id = 900010")
        .fetch_one(&app.state.db)
        .await
        .expect("replays");
    assert_eq!(replays, 19);
    let mona = mona.expect("the last hold's buyer");
    let paid_mails =
        mails_to(&app, &mona.email).await.iter().filter(|s| s.starts_with("Reservation paid")).count();
    assert_eq!(paid_mails, 1);
    // A second genuine payment on the same order is refunded, not kept.
    assert_eq!(callback(&app, &FakePaymob::transaction(900_011, order5, amount5, true), None).await, 200);
    assert_eq!(status_of(&app, &id5).await, ("paid".into(), "due".into()));
    let _ = HMAC_SECRET;
}

#[tokio::test]
async fn a_payment_after_the_hold_expired_is_refunded_and_the_unit_goes_to_the_next_buyer() {
    let fake = FakePaymob::start().await.expect("fake Paymob");
    let app = app_with(&fake, &[]).await;
    let unit = listing(&app, 2_000_000, None).await;
    let mona = buyer(&app, true).await;
    let (_, started) = reserve(&app, Some(&mona.session), unit).await;
    let id = started["id"].as_str().expect("id").to_owned();
    // Nothing happens before the hold ends.
    app.state.reservations.advance(Duration::from_secs(14 * 60));
    app.state.reservations.reconcile().await.expect("pass");
    assert_eq!(status_of(&app, &id).await.0, "held");
    // Past it (and its grace), the reconciler frees the unit.
    app.state.reservations.advance(Duration::from_secs(4 * 60));
    let pass = app.state.reservations.reconcile().await.expect("pass");
    assert_eq!(pass.expired, 1, "{pass:?}");
    assert_eq!(status_of(&app, &id).await.0, "expired");
    let omar = buyer(&app, true).await;
    let (status, _) = reserve(&app, Some(&omar.session), unit).await;
    assert_eq!(status, 200, "the next buyer can hold it");

    // Mona's payment arrives now: refunded in full, and she is told.
    fake.pay(&client_secret(started["checkout_url"].as_str().expect("url")), true).await.expect("paid");
    assert_eq!(status_of(&app, &id).await, ("expired".into(), "due".into()));
    let pass = app.state.reservations.reconcile().await.expect("pass");
    assert_eq!(pass.refunds_sent, 1, "{pass:?}");
    let (order, amount) = order_of(&app, &id).await;
    let refunded: Vec<(i64, i64)> = fake.refunds();
    assert_eq!(refunded.len(), 1);
    assert_eq!(refunded[0].1, amount);
    assert_eq!(status_of(&app, &id).await.1, "done");
    let _ = order;
    let subjects = mails_to(&app, &mona.email).await;
    assert!(subjects.iter().any(|s| s.starts_with("Payment refunded")), "{subjects:?}");
    assert!(subjects.iter().any(|s| s.starts_with("Refund sent")), "{subjects:?}");
    assert!(!subjects.iter().any(|s| s.starts_with("Reservation paid")), "{subjects:?}");
}

#[tokio::test]
async fn the_reconciler_finds_a_payment_whose_callback_never_came() {
    let fake = FakePaymob::start().await.expect("fake Paymob");
    fake.set_deliver_callbacks(false);
    let app = app_with(&fake, &[]).await;
    let unit = listing(&app, 2_500_000, None).await;
    let mona = buyer(&app, true).await;
    let (_, started) = reserve(&app, Some(&mona.session), unit).await;
    let id = started["id"].as_str().expect("id").to_owned();
    fake.pay(&client_secret(started["checkout_url"].as_str().expect("url")), true).await.expect("paid");
    assert_eq!(status_of(&app, &id).await.0, "held", "no callback came");
    app.state.reservations.advance(Duration::from_secs(3 * 60));
    let pass = app.state.reservations.reconcile().await.expect("pass");
    assert_eq!(pass.inquired, 1, "{pass:?}");
    assert_eq!(status_of(&app, &id).await.0, "paid");
    // Asked again, nothing more happens.
    let pass = app.state.reservations.reconcile().await.expect("pass");
    assert_eq!(pass.inquired, 0);
}

#[tokio::test]
async fn a_failing_paymob_drops_the_hold_tells_the_buyer_and_opens_the_breaker() {
    let fake = FakePaymob::start().await.expect("fake Paymob");
    let app = app_with(&fake, &[("PAYMOB_TIMEOUT_MS", "500")]).await;
    let unit = listing(&app, 4_000_000, None).await;
    let mona = buyer(&app, true).await;
    fake.set_intentions(IntentionMode::Hang);
    let started = std::time::Instant::now();
    let (status, body) = reserve(&app, Some(&mona.session), unit).await;
    assert_eq!(status, 503, "{body}");
    assert!(started.elapsed() < Duration::from_secs(3), "the timeout ends the call");
    fake.set_intentions(IntentionMode::Fail);
    for _ in 0..2 {
        assert_eq!(reserve(&app, Some(&mona.session), unit).await.0, 503);
    }
    let active: i64 =
        sqlx::query_scalar("select count(*) from reservations where status in ('held', 'paid', 'confirmed')")
            .fetch_one(&app.state.db)
            .await
            .expect("count");
    assert_eq!(active, 0, "every failed start dropped its hold");
    let (_, ready) = app.json("/readyz").await;
    assert_eq!(ready["circuit_breakers"]["paymob"], "open", "{ready}");
    // While open, refused at once without calling Paymob.
    fake.set_intentions(IntentionMode::Normal);
    let before = fake.intentions();
    assert_eq!(reserve(&app, Some(&mona.session), unit).await.0, 503);
    assert_eq!(fake.intentions(), before);
}

#[tokio::test]
async fn only_a_verified_buyer_reserves_and_nobody_else_sees_or_moves_a_reservation() {
    let fake = FakePaymob::start().await.expect("fake Paymob");
    let app = app_with(&fake, &[]).await;
    let (agent, agent_session) = staff(&app, Role::Agent).await;
    let (_, other_agent) = staff(&app, Role::Agent).await;
    let unit = listing(&app, 6_000_000, Some(agent)).await;
    assert_eq!(reserve(&app, None, unit).await.0, 401);
    let unverified = buyer(&app, false).await;
    let (status, body) = reserve(&app, Some(&unverified.session), unit).await;
    assert_eq!((status, body["field"].as_str()), (422, Some("phone_verified")), "{body}");
    assert_eq!(reserve(&app, Some(&agent_session), unit).await.0, 403);
    let verified = buyer(&app, true).await;
    assert_eq!(reserve(&app, Some(&verified.session), 999_999).await.0, 404);

    let mona = buyer(&app, true).await;
    let (_, started) = reserve(&app, Some(&mona.session), unit).await;
    let id = started["id"].as_str().expect("id").to_owned();
    fake.pay(&client_secret(started["checkout_url"].as_str().expect("url")), true).await.expect("paid");
    let omar = buyer(&app, true).await;
    assert_eq!(call(&app, Some(&omar.session), "/fn/reservation", json!({ "id": id })).await.0, 404);
    // The listings dashboard cannot sell or take off a reserved unit.
    for to in ["sold", "unavailable"] {
        let (status, body) = call(
            &app,
            Some(&agent_session),
            "/fn/dashboard/listing/state",
            json!({ "id": unit, "state": to }),
        )
        .await;
        assert_eq!(status, 409, "{to}: {body}");
    }
    assert_eq!(call(&app, Some(&other_agent), "/fn/reservation", json!({ "id": id })).await.0, 404);
    assert_eq!(call(&app, Some(&agent_session), "/fn/reservation", json!({ "id": id })).await.0, 200);
    assert_eq!(act(&app, Some(&mona.session), &id, "confirm", "").await, 403);
    assert_eq!(act(&app, Some(&other_agent), &id, "confirm", "").await, 404);
    let (_, list) =
        call(&app, Some(&other_agent), "/fn/dashboard/reservations", json!({ "active_only": false })).await;
    assert_eq!(list, json!([]));
    assert_eq!(status_of(&app, &id).await.0, "paid");

    // Releasing needs a reason; then the fee goes back and the unit is free.
    assert_eq!(act(&app, Some(&agent_session), &id, "release", " ").await, 422);
    assert_eq!(act(&app, Some(&agent_session), &id, "release", "The developer withdrew the unit").await, 200);
    assert_eq!(status_of(&app, &id).await, ("released".into(), "due".into()));
    app.state.reservations.reconcile().await.expect("pass");
    assert_eq!(status_of(&app, &id).await.1, "done");
    assert_eq!(fake.refunds().len(), 1);
    let (_, offer) =
        call(&app, Some(&omar.session), "/fn/reservation/offer", json!({ "listing_id": unit.to_string() }))
            .await;
    assert_eq!(offer["state"]["state"], "available");
    let subjects = mails_to(&app, &mona.email).await;
    assert!(subjects.iter().any(|s| s.starts_with("Reservation released")), "{subjects:?}");
}

#[tokio::test]
async fn without_paymob_configured_the_reserve_button_says_reservations_are_not_available() {
    let app = TestApp::spawn().await;
    let unit = listing(&app, 6_000_000, None).await;
    let mona = buyer(&app, true).await;
    let (_, offer) =
        call(&app, Some(&mona.session), "/fn/reservation/offer", json!({ "listing_id": unit.to_string() }))
            .await;
    assert_eq!(offer["can"], "not_available");
    assert_eq!(reserve(&app, Some(&mona.session), unit).await.0, 503);
    let (_, ready) = app.json("/readyz").await;
    assert_eq!(ready["circuit_breakers"]["paymob"], "not_configured");
    // A callback to a site without Paymob changes nothing.
    let obj = FakePaymob::transaction(1, 1, 100, true);
    assert_eq!(callback(&app, &obj, None).await, 400);
}

#[tokio::test]
async fn a_buyer_holds_one_unit_at_a_time() {
    let fake = FakePaymob::start().await.expect("fake Paymob");
    let app = app_with(&fake, &[]).await;
    let (first, second) = (listing(&app, 3_000_000, None).await, listing(&app, 3_100_000, None).await);
    let mona = buyer(&app, true).await;
    let (status, started) = reserve(&app, Some(&mona.session), first).await;
    assert_eq!(status, 200);
    let (status, body) = reserve(&app, Some(&mona.session), second).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("conflict")), "{body}");
    // Asking again for the unit she holds changes nothing.
    assert_eq!(reserve(&app, Some(&mona.session), first).await.0, 409);
    // Once paid, she may hold another.
    fake.pay(&client_secret(started["checkout_url"].as_str().expect("url")), true).await.expect("paid");
    assert_eq!(reserve(&app, Some(&mona.session), second).await.0, 200);
}
