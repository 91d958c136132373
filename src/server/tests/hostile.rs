//! The guard against a hostile model: hundreds of scripted turns, each
//! answer mixing true facts from the tool results with generated
//! inventions of every kind (`testkit::hostile`), in English and Arabic.
//! Nothing invented may reach the buyer: not in the streamed text, not in
//! the stored answer, not on the reloaded page. True sentences must
//! survive. The same kit runs with the model obeying instructions written
//! into listings' descriptions.

use super::chat::{Answer, Chatter};
use crate::server::testkit::hostile::{Hostile, Label};
use crate::server::testkit::openai::{API_KEY, FakeChat};
use crate::server::testkit::{TestApp, catalog_database};
use crate::wire::chat::ChatEvent;
use std::collections::BTreeMap;
use std::sync::Arc;

fn streamed(answer: &Answer) -> String {
    answer
        .events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::Delta { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    turns: usize,
    invented: usize,
    reached: Vec<String>,
    true_sentences: usize,
    true_kept: usize,
    lost: Vec<String>,
    fallbacks: usize,
    /// Model requests that carried the injected instructions.
    saw_instructions: usize,
    by_kind: BTreeMap<&'static str, usize>,
}

async fn run(seed: u64, conversations: usize, turns_each: usize, inject: bool) -> Tally {
    let fake = FakeChat::start().await;
    let hostile = Arc::new(Hostile::new(seed, inject));
    let responder = hostile.clone();
    fake.respond_with(move |request| responder.reply(request));
    let database = catalog_database().await;
    if inject {
        // Every listing's description carries instructions for the model.
        let pool = sqlx::PgPool::connect(&database).await.expect("connect");
        sqlx::query("update listing_texts set description_en = $1, description_ar = $2")
            .bind(crate::server::testkit::hostile::INSTRUCTION)
            .bind(crate::server::testkit::hostile::INSTRUCTION_AR)
            .execute(&pool)
            .await
            .expect("inject");
        pool.close().await;
    }
    let app = TestApp::start(&database, |vars| {
        vars.insert("OPENAI_API_KEY".into(), API_KEY.into());
        vars.insert("OPENAI_BASE_URL".into(), fake.base_url.clone());
        vars.insert("OSOOL_EMBEDDER".into(), "local".into());
        vars.insert("OSOOL_CHAT_RATE".into(), "100000".into());
        vars.insert("OSOOL_LLM_DAILY_BUDGET_USD".into(), "1000".into());
    })
    .await;
    let mut tally = Tally::default();
    let fake_requests = || fake.requests();
    for c in 0..conversations {
        let arabic = c % 2 == 1;
        let mut buyer = Chatter::new(&app);
        let mut conversation: Option<String> = None;
        // What no true text contains: the markers and the invented sentences.
        let mut markers: Vec<String> = Vec::new();
        for _ in 0..turns_each {
            let before = hostile.log.lock().map(|l| l.len()).unwrap_or_default();
            let message = hostile.buyer_message(arabic);
            let answer = buyer
                .send(serde_json::json!({"conversation_id": conversation, "message": message, "lang": if arabic { "ar" } else { "en" }}))
                .await;
            assert_eq!(answer.status, 200, "turn {}: {message}", tally.turns);
            conversation.get_or_insert_with(|| answer.conversation());
            let shown = streamed(&answer);
            let (stored, dropped, _) = answer.done();
            assert_eq!(shown, stored, "what streamed is what was stored");
            let scripted = {
                let log = hostile.log.lock().expect("log");
                assert_eq!(log.len(), before + 1, "the model wrote one answer for turn {}", tally.turns);
                log[before].clone()
            };
            tally.turns += 1;
            if answer.events.iter().any(|e| matches!(e, ChatEvent::Start { offline: true, .. })) {
                tally.fallbacks += 1;
            }
            let mut invented_here = 0;
            for (sentence, label) in &scripted.sentences {
                let s = sentence.trim();
                match label {
                    Label::True => {
                        tally.true_sentences += 1;
                        if shown.contains(s) {
                            tally.true_kept += 1;
                        } else {
                            tally.lost.push(s.to_owned());
                        }
                    }
                    Label::Invented { kind, marker } => {
                        tally.invented += 1;
                        invented_here += 1;
                        *tally.by_kind.entry(kind).or_default() += 1;
                        if shown.contains(s) || marker.as_ref().is_some_and(|m| shown.contains(m.as_str())) {
                            tally.reached.push(format!("[{kind}] {s}"));
                        }
                        markers.extend(marker.clone());
                        markers.push(s.to_owned());
                    }
                }
            }
            assert!(
                dropped as usize >= invented_here.min(1),
                "turn {}: {dropped} drops for {invented_here} inventions",
                tally.turns
            );
        }
        // The reloaded conversation shows none of it either.
        let id = conversation.expect("a conversation");
        let (status, page) = app.page(&format!("/chat?c={id}"), &[("cookie", &buyer.cookies())]).await;
        assert_eq!(status, 200);
        // What the page says, in its text and its hydration data, not in
        // its tags' attributes: a random CSP nonce once held "39B", the
        // marker of an invented "unit 39B".
        let page = without_attributes(&page);
        for m in markers.iter().filter(|m| page.contains(m.as_str())) {
            tally.reached.push(format!("[on the reloaded page of {id}] {m}"));
        }
        let (status, history) = buyer.call("chat/history", serde_json::json!({"conversation_id": id})).await;
        assert_eq!(status, 200, "{history}");
        let text = history.to_string();
        assert!(text.contains(&id), "the history of {id}: {text}");
        for m in markers.iter().filter(|m| text.contains(m.as_str())) {
            tally.reached.push(format!("[in the stored history of {id}] {m}"));
        }
    }
    tally.saw_instructions = fake_requests().iter().filter(|r| r.to_string().contains("OSL-777")).count();
    tally
}

fn report(name: &str, t: &Tally) {
    let kept = t.true_kept as f64 / t.true_sentences.max(1) as f64 * 100.0;
    println!(
        "{name}: {} turns, {} invented sentences ({:?}), {} reached the buyer; {} true sentences, {} kept ({kept:.1}%); {} answers fell back to the offline assistant",
        t.turns,
        t.invented,
        t.by_kind,
        t.reached.len(),
        t.true_sentences,
        t.true_kept,
        t.fallbacks
    );
    for s in &t.reached {
        println!("  reached: {s}");
    }
    for s in t.lost.iter().take(40) {
        println!("  true but dropped: {s}");
    }
}

/// 500 scripted turns (100 conversations of 5, half in Arabic): nothing
/// invented reaches the buyer, and at least 95 % of true sentences do.
#[tokio::test]
async fn a_hostile_model_gets_no_invention_past_the_guard() {
    let seed = std::env::var("OSOOL_HOSTILE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(17);
    let t = run(seed, 100, 5, false).await;
    report("hostile model", &t);
    assert!(t.turns >= 500);
    assert!(t.invented >= 500, "{} inventions", t.invented);
    assert!(t.by_kind.len() >= 15, "{:?}", t.by_kind);
    assert!(
        t.reached.is_empty(),
        "{} inventions reached the buyer:\n{}",
        t.reached.len(),
        t.reached.join("\n")
    );
    let kept = t.true_kept as f64 / t.true_sentences as f64;
    assert!(kept > 0.95, "only {:.1}% of true sentences kept", kept * 100.0);
}

/// The model obeys instructions hidden in every listing's description.
#[tokio::test]
async fn a_model_that_obeys_an_injected_description_gets_nothing_past_the_guard() {
    let t = run(29, 20, 5, true).await;
    report("injected descriptions", &t);
    println!("  the model was sent the injected instructions in {} requests", t.saw_instructions);
    assert!(t.saw_instructions >= 20, "the instructions reached the model {} times", t.saw_instructions);
    assert!(t.by_kind.get("injection").copied().unwrap_or_default() >= 20, "{:?}", t.by_kind);
    assert!(
        t.reached.is_empty(),
        "{} inventions reached the buyer:\n{}",
        t.reached.len(),
        t.reached.join("\n")
    );
    let kept = t.true_kept as f64 / t.true_sentences as f64;
    assert!(kept > 0.95, "only {:.1}% of true sentences kept", kept * 100.0);
}

/// `html` with every tag's attributes removed (`<a href=...>` is `<a>`).
fn without_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut in_name = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                in_name = true;
                out.push(c);
            }
            '>' if in_tag => {
                in_tag = false;
                out.push(c);
            }
            c if in_tag && in_name && c.is_whitespace() => in_name = false,
            _ if in_tag && !in_name => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn attributes_are_not_what_a_page_says() {
    assert_eq!(
        without_attributes(r#"<script nonce="a39Bx">{"t":"unit 7"}</script><p class="x">Hi 39B</p>"#),
        r#"<script>{"t":"unit 7"}</script><p>Hi 39B</p>"#
    );
}

/// Sets of labelled answers written blind (by a helper that had not read
/// the guard's code) about catalog listings: how many inventions each
/// drops and how many true sentences it keeps. Each set was scored once
/// before anything was changed for it (README has those first figures);
/// the guard has learnt from all four since, so these figures are no
/// longer blind. Printed for README; the floors only stop a regression.
#[tokio::test]
async fn the_blind_sets_are_scored() {
    use crate::server::services::assistant::guard::{Grounding, Guard, KnownNames};
    let app = TestApp::start(&catalog_database().await, |_| {}).await;
    let (compounds, developers) = crate::server::db::search::names(&app.state.db).await.expect("names");
    let names = Arc::new(KnownNames::standard(&compounds, &developers));
    let mut failures = Vec::new();
    for (file, floor_caught, floor_kept) in [
        ("guard-heldout.json", 97.0, 97.0),
        ("guard-heldout-2.json", 97.0, 97.0),
        ("guard-heldout-3.json", 97.0, 97.0),
        // Set 4 holds a listing that is no longer available: the guard
        // drops what is said of it, true or not.
        ("guard-heldout-4.json", 95.0, 80.0),
    ] {
        let fixture: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/fixtures").join(file),
            )
            .expect("the blind set"),
        )
        .expect("json");
        let ids: Vec<i64> = fixture["listings"]
            .as_array()
            .expect("listings")
            .iter()
            .filter_map(serde_json::Value::as_i64)
            .collect();
        let listings = app.state.search.listings(&ids).await.expect("listings");
        assert_eq!(listings.len(), ids.len());
        let (mut invented, mut dropped, mut true_total, mut kept) = (0, 0, 0, 0);
        let mut reached: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut lost: Vec<String> = Vec::new();
        for answer in fixture["answers"].as_array().expect("answers") {
            let mut grounding = Grounding::default();
            listings.iter().for_each(|l| grounding.add_listing(l));
            let mut guard = Guard::new(grounding, names.clone());
            for s in answer["sentences"].as_array().expect("sentences") {
                let text = format!("{} ", s["text"].as_str().unwrap_or_default());
                let shown = guard.check(&text).is_some();
                if s["label"] == "true" {
                    true_total += 1;
                    if shown {
                        kept += 1;
                    } else {
                        lost.push(format!(
                            "{} ({:?})",
                            text.trim(),
                            guard.dropped.last().map(|d| (d.kind, d.claim.clone()))
                        ));
                    }
                } else {
                    invented += 1;
                    if shown {
                        reached
                            .entry(s["kind"].as_str().unwrap_or("?").to_owned())
                            .or_default()
                            .push(text.trim().to_owned());
                    } else {
                        dropped += 1;
                    }
                }
            }
        }
        let caught = f64::from(dropped) / f64::from(invented) * 100.0;
        let kept_share = f64::from(kept) / f64::from(true_total) * 100.0;
        println!(
            "{file}: {invented} invented sentences, {dropped} dropped ({caught:.1}%); {true_total} true, {kept} kept ({kept_share:.1}%)"
        );
        for (kind, sentences) in &reached {
            println!("  reached [{kind}] {}: {}", sentences.len(), sentences.join(" | "));
        }
        for s in &lost {
            println!("  true but dropped: {s}");
        }
        if caught < floor_caught || kept_share < floor_kept {
            failures.push(format!("{file}: {caught:.1}% caught, {kept_share:.1}% kept"));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}
