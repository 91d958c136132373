//! One answer, as a run loop: load the conversation and what it has shown,
//! then rounds of "the model speaks (through the guard), tools run, their
//! results go back", until the model stops calling tools, the buyer stops
//! the answer, the deadline passes or something fails; then the cards and
//! the stored answer.
//!
//! A model that fails before saying anything hands the turn to the offline
//! assistant (the round runs again); one whose answer the guard could not
//! keep enough of hands it over after what was kept (the rounds start
//! again). The page is told either way.

use super::guard::{Gate, Grounding, Guard};
use super::{Agent, prompts, to_message, tools, trim_context};
use crate::domain::account::User;
use crate::domain::listing::Listing;
use crate::i18n::Lang;
use crate::server::adapters::llm::{LlmClient, LlmError, LlmEvent, LlmRequest, LlmStream, Message, ToolCall};
use crate::server::db;
use crate::server::db::chat::NewMessage;
use crate::wire::AppError;
use crate::wire::chat::{ChatEvent, OfflineReason, ToolStatus, ViewingProposal};
use futures::StreamExt;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc;
use uuid::Uuid;

/// Who is answered, by which assistant and why.
pub(super) struct Turn {
    pub conversation_id: Uuid,
    pub user: Option<User>,
    pub lang: Lang,
    pub focus: Option<i64>,
    pub client: Arc<dyn LlmClient>,
    pub reason: Option<OfflineReason>,
    pub started: Instant,
}

/// The channel to the browser; closed once the browser has gone (stop).
struct Outbox {
    tx: mpsc::Sender<ChatEvent>,
    open: bool,
}

impl Outbox {
    async fn send(&mut self, event: ChatEvent) {
        if self.open && self.tx.send(event).await.is_err() {
            self.open = false;
        }
    }

    async fn delta(&mut self, text: &str) {
        if !text.is_empty() {
            self.send(ChatEvent::Delta { text: text.to_owned() }).await;
        }
    }

    /// Tells the page which assistant answers (again, when that changes).
    async fn start(&mut self, turn: &Turn) {
        self.send(ChatEvent::Start {
            conversation_id: turn.conversation_id.to_string(),
            offline: turn.reason.is_some(),
            reason: turn.reason,
        })
        .await;
    }
}

/// What an answer gathers across its rounds.
struct Answer {
    turn: Turn,
    out: Outbox,
    deadline: tokio::time::Instant,
    guard: Guard,
    context: Vec<Message>,
    /// The buyer's latest words, for tools that can read what a model left out.
    buyer_said: Option<String>,
    text: String,
    /// Listings the tools returned this turn, in order.
    listings: Vec<i64>,
    proposal: Option<Box<ViewingProposal>>,
    sign_in_required: bool,
    prompt_tokens: u32,
    completion_tokens: u32,
    failed: Option<AppError>,
}

/// What one round of the model said.
#[derive(Default)]
struct Round {
    gate: Gate,
    text: String,
    calls: Vec<ToolCall>,
}

/// How a round ended.
enum Flow {
    /// Tools ran: the model reads their results in the next round.
    Next,
    /// Another assistant takes this round over; it does not count.
    Again,
    /// The offline assistant answers from the start of the rounds.
    Restart,
    Stop,
}

impl Agent {
    pub(super) async fn answer(&self, turn: Turn, tx: mpsc::Sender<ChatEvent>) {
        let deadline = tokio::time::Instant::now() + self.deadline;
        let mut out = Outbox { tx, open: true };
        out.start(&turn).await;
        let mut a = match self.prepare(turn, out, deadline).await {
            Ok(a) => a,
            Err((mut out, error)) => return out.send(ChatEvent::Error { error }).await,
        };
        let mut rounds = 0;
        loop {
            rounds += 1;
            match self.round(&mut a, rounds >= self.max_turns).await {
                Flow::Next => {}
                Flow::Again => rounds -= 1,
                Flow::Restart => rounds = 0,
                Flow::Stop => break,
            }
        }
        self.finish(a).await;
    }

    /// The conversation so far, what it has shown (the guard's grounding),
    /// and the model's context trimmed to its budget.
    async fn prepare(
        &self,
        turn: Turn,
        out: Outbox,
        deadline: tokio::time::Instant,
    ) -> Result<Answer, (Outbox, AppError)> {
        let stored = match db::chat::messages(self.db(), turn.conversation_id).await {
            Ok(m) => m,
            Err(error) => return Err((out, AppError::internal(error))),
        };
        let mut grounding = Grounding::default();
        let mut seen: Vec<i64> = Vec::new();
        for m in &stored {
            match m.role.as_str() {
                "tool" => {
                    if let Ok(v) = serde_json::from_str::<Value>(&m.content) {
                        grounding.add_tool_result(&v);
                    }
                    seen.extend(&m.listing_ids);
                }
                "user" => grounding.add_text(&m.content),
                _ => {}
            }
        }
        seen.extend(turn.focus);
        if let Ok(listings) = self.deps.search.listings(&seen).await {
            listings.iter().for_each(|l| grounding.add_listing(l));
        }
        let history: Vec<Message> = stored.iter().filter_map(to_message).collect();
        let buyer_said = stored.iter().rev().find(|m| m.role == "user").map(|m| m.content.clone());
        let system =
            prompts::system(turn.lang, turn.focus.map(|f| f.to_string()).as_deref(), turn.user.is_some());
        let context = trim_context(Message::system(system), history, self.context_tokens);
        let guard = Guard::new(grounding, self.names().await);
        Ok(Answer {
            turn,
            out,
            deadline,
            guard,
            context,
            buyer_said,
            text: String::new(),
            listings: Vec::new(),
            proposal: None,
            sign_in_required: false,
            prompt_tokens: 0,
            completion_tokens: 0,
            failed: None,
        })
    }

    /// One round: the model's words through the guard, then its tool calls.
    async fn round(&self, a: &mut Answer, last_round: bool) -> Flow {
        let request = LlmRequest {
            messages: a.context.clone(),
            tools: if last_round { Vec::new() } else { tools::specs() },
            lang: a.turn.lang,
            focus_listing: a.turn.focus,
            signed_in: a.turn.user.is_some(),
        };
        let remote = a.turn.reason.is_none();
        a.guard.new_round();
        let started = tokio::select! {
            started = tokio::time::timeout_at(a.deadline, a.turn.client.stream(&request)) => started,
            () = self.stopping.cancelled() => return Flow::Stop,
        };
        let mut stream = match started {
            Ok(Ok(stream)) => stream,
            Ok(Err(error)) => return self.model_error(a, &error, a.text.is_empty()).await,
            Err(_) => return self.model_error(a, &LlmError::Timeout, a.text.is_empty()).await,
        };
        let mut r = Round::default();
        if let Some(flow) = self.read(a, &mut stream, &mut r).await {
            return flow;
        }
        if let Some(rest) = r.gate.finish()
            && let Some(checked) = self.check(&mut a.guard, &rest).await
        {
            r.text.push_str(&checked);
            a.out.delta(&checked).await;
        }
        a.text.push_str(&r.text);
        if a.failed.is_some() || !a.out.open {
            return Flow::Stop;
        }
        if remote {
            self.breaker.success();
        }
        if r.calls.is_empty() {
            // Too little of the model's answer was true: the offline
            // assistant answers the same request from the tools' results,
            // after what was kept, and the buyer is told why.
            if remote && a.guard.too_little_left() {
                a.guard.forget_subject();
                self.unverified(a).await;
                return Flow::Restart;
            }
            return Flow::Stop;
        }
        self.use_tools(a, r).await
    }

    /// Reads the model's stream to its end; a flow when the round ends
    /// early (the buyer stopped, or another assistant takes over).
    async fn read(&self, a: &mut Answer, stream: &mut LlmStream, r: &mut Round) -> Option<Flow> {
        loop {
            let next = tokio::select! {
                next = tokio::time::timeout_at(a.deadline, stream.next()) => next,
                // The server is shutting down: the answer ends here, and
                // what was said is stored as a stopped answer.
                () = self.stopping.cancelled() => {
                    a.text.push_str(&r.text);
                    return Some(Flow::Stop);
                }
            };
            let next = match next {
                Ok(next) => next,
                Err(_) => Some(Err(LlmError::Timeout)),
            };
            match next {
                None => return None,
                Some(Ok(LlmEvent::Text(delta))) => {
                    for sentence in r.gate.push(&delta) {
                        if let Some(checked) = self.check(&mut a.guard, &sentence).await {
                            r.text.push_str(&checked);
                            a.out.delta(&checked).await;
                        }
                    }
                    if !a.out.open {
                        a.text.push_str(&r.text);
                        return Some(Flow::Stop);
                    }
                }
                Some(Ok(LlmEvent::Trusted(own))) => {
                    r.text.push_str(&own);
                    a.out.delta(&own).await;
                }
                Some(Ok(LlmEvent::ToolCall(call))) => r.calls.push(call),
                Some(Ok(LlmEvent::Usage { prompt_tokens, completion_tokens })) => {
                    a.prompt_tokens += prompt_tokens;
                    a.completion_tokens += completion_tokens;
                    if a.turn.reason.is_none() {
                        self.costs
                            .record("chat", a.turn.client.model(), prompt_tokens, completion_tokens)
                            .await;
                    }
                }
                Some(Err(error)) => {
                    let nothing_said = a.text.is_empty() && r.text.is_empty() && r.calls.is_empty();
                    return match self.model_error(a, &error, nothing_said).await {
                        Flow::Again => Some(Flow::Again),
                        // What was said stays; the round ends with an error.
                        _ => None,
                    };
                }
            }
        }
    }

    /// The model failed. Before anything was said, the offline assistant
    /// answers this turn instead (`Again`); after, the answer ends with an
    /// error (`Stop`).
    async fn model_error(&self, a: &mut Answer, error: &LlmError, nothing_said: bool) -> Flow {
        self.model_failed(&a.turn, error);
        if a.turn.reason.is_none() && nothing_said {
            a.turn.client = Arc::new(self.offline);
            a.turn.reason = Some(OfflineReason::Unavailable);
            a.out.start(&a.turn).await;
            return Flow::Again;
        }
        a.failed = Some(AppError::Unavailable);
        Flow::Stop
    }

    /// Runs the round's tool calls (at most six), stores the call and the
    /// results, and gives them to the model and the guard.
    async fn use_tools(&self, a: &mut Answer, r: Round) -> Flow {
        let cx = tools::ToolContext {
            user: a.turn.user.as_ref(),
            conversation_id: a.turn.conversation_id,
            lang: a.turn.lang,
            buyer_said: a.buyer_said.as_deref(),
        };
        let mut results: Vec<(ToolCall, tools::ToolOutcome)> = Vec::new();
        for call in r.calls.iter().take(6) {
            let name = if tools::is_known(&call.name) { call.name.clone() } else { "unknown".into() };
            a.out.send(ChatEvent::Tool { name: name.clone(), status: ToolStatus::Started }).await;
            let outcome = tools::run(&self.deps, &cx, call).await;
            let status = if outcome.ok { ToolStatus::Done } else { ToolStatus::Failed };
            a.out.send(ChatEvent::Tool { name, status }).await;
            a.sign_in_required |= outcome.sign_in_required;
            if let Some(p) = &outcome.proposal {
                a.proposal = Some(p.clone());
            }
            results.push((call.clone(), outcome));
        }
        if !a.out.open {
            return Flow::Stop;
        }
        if let Err(error) = self.store_round(a, &r, &results).await {
            a.failed = Some(AppError::internal(error));
            return Flow::Stop;
        }
        if !a.text.is_empty() && !a.text.ends_with(char::is_whitespace) {
            a.text.push('\n');
            a.out.delta("\n").await;
        }
        Flow::Next
    }

    /// Stores the model's call and each result, and adds them to the
    /// context and to what the guard knows.
    async fn store_round(
        &self,
        a: &mut Answer,
        r: &Round,
        results: &[(ToolCall, tools::ToolOutcome)],
    ) -> sqlx::Result<()> {
        let calls_json = serde_json::to_value(&r.calls).unwrap_or(Value::Null);
        db::chat::insert_message(
            self.db(),
            a.turn.conversation_id,
            NewMessage {
                role: "assistant",
                content: &r.text,
                tool_calls: Some(calls_json),
                model: Some(a.turn.client.model()),
                offline: a.turn.reason.is_some(),
                ..Default::default()
            },
        )
        .await?;
        a.context.push(Message::assistant(r.text.clone(), r.calls.clone()));
        let mut new_ids: Vec<i64> = Vec::new();
        for (call, outcome) in results {
            let content = outcome.result.to_string();
            db::chat::insert_message(
                self.db(),
                a.turn.conversation_id,
                NewMessage {
                    role: "tool",
                    content: &content,
                    tool_call_id: Some(&call.id),
                    tool_name: Some(&call.name),
                    listing_ids: &outcome.listing_ids,
                    ..Default::default()
                },
            )
            .await?;
            a.guard.grounding.add_tool_result(&outcome.result);
            for id in &outcome.listing_ids {
                if !a.listings.contains(id) {
                    a.listings.push(*id);
                }
                if !a.guard.grounding.listings.contains_key(id) {
                    new_ids.push(*id);
                }
            }
            a.context.push(Message::tool(call, content));
        }
        if let Ok(listings) = self.deps.search.listings(&new_ids).await {
            listings.iter().for_each(|l| a.guard.grounding.add_listing(l));
        }
        Ok(())
    }

    /// The listing cards under the answer: those it cites, else the
    /// available ones the tools found; read from the database.
    async fn cards(&self, a: &Answer) -> Vec<Listing> {
        let mut ids = a.guard.cited(&a.text);
        if ids.is_empty() {
            ids = a
                .listings
                .iter()
                .copied()
                .filter(|id| a.guard.grounding.listings.get(id).is_some_and(|l| l.is_available))
                .take(4)
                .collect();
        }
        ids.truncate(6);
        match self.deps.search.listings(&ids).await {
            Ok(found) => {
                ids.iter().filter_map(|id| found.iter().find(|l| l.id == id.to_string()).cloned()).collect()
            }
            Err(_) => Vec::new(),
        }
    }

    /// Cards, the viewing proposal and the stored answer; then `Done` (or
    /// the error), and the buyer's lead is rescored.
    async fn finish(&self, mut a: Answer) {
        let stopped = !a.out.open || self.stopping.is_cancelled();
        let cards = self.cards(&a).await;
        let card_ids: Vec<i64> = cards.iter().filter_map(|l| l.id.parse().ok()).collect();
        if !cards.is_empty() {
            a.out.send(ChatEvent::Cards { listings: cards }).await;
        }
        if let Some(p) = &a.proposal {
            a.out.send(ChatEvent::Proposal { proposal: p.clone() }).await;
        }
        if a.text.trim().is_empty() && a.failed.is_none() && !stopped {
            a.text = crate::i18n::assistant::no_answer(a.turn.lang).into();
            a.out.delta(&a.text).await;
        }
        let corrections = a.guard.dropped.len() as u32;
        let saved = db::chat::insert_message(
            self.db(),
            a.turn.conversation_id,
            NewMessage {
                role: "assistant",
                content: &a.text,
                listing_ids: &card_ids,
                model: Some(a.turn.client.model()),
                offline: a.turn.reason.is_some(),
                stopped,
                prompt_tokens: a.prompt_tokens as i32,
                completion_tokens: a.completion_tokens as i32,
                guard_corrections: corrections as i32,
                proposal_id: a.proposal.as_ref().and_then(|p| Uuid::parse_str(&p.id).ok()),
                ..Default::default()
            },
        )
        .await;
        let assistant = if a.turn.reason.is_some() { "offline" } else { "model" };
        metrics::histogram!("chat_answer_seconds", "assistant" => assistant)
            .record(a.turn.started.elapsed().as_secs_f64());
        let event = match (saved, a.failed) {
            (Err(error), _) => ChatEvent::Error { error: AppError::internal(error) },
            (Ok(_), Some(error)) => ChatEvent::Error { error },
            (Ok(message_id), None) => ChatEvent::Done {
                message_id,
                text: a.text,
                corrections,
                sign_in_required: a.sign_in_required,
            },
        };
        a.out.send(event).await;
        // The buyer may have shown intent: their lead is made or rescored
        // before the stream closes, so the dashboard has it at once.
        self.deps.leads.observe_conversation(a.turn.conversation_id).await;
    }

    /// Checks a sentence, first looking up any listing it names that the
    /// conversation has not seen; `None` when it is dropped.
    async fn check(&self, guard: &mut Guard, sentence: &str) -> Option<String> {
        let unknown = guard.unknown_ids(sentence);
        if !unknown.is_empty()
            && let Ok(found) = self.deps.search.listings(&unknown).await
        {
            found.iter().filter(|l| l.is_available).for_each(|l| guard.grounding.add_listing(l));
        }
        guard.check(sentence)
    }

    fn model_failed(&self, turn: &Turn, error: &LlmError) {
        if turn.reason.is_none() {
            tracing::warn!(%error, model = turn.client.model(), "model call failed");
            metrics::counter!("llm_failures_total").increment(1);
            self.breaker.failure();
        }
    }

    /// Too little of the model's answer survived the guard: the offline
    /// assistant answers instead, after a line that says so.
    async fn unverified(&self, a: &mut Answer) {
        tracing::warn!(
            model = a.turn.client.model(),
            "the model's answer failed the guard; the offline assistant answers"
        );
        metrics::counter!("agent_guard_fallbacks_total").increment(1);
        a.turn.client = Arc::new(self.offline);
        a.turn.reason = Some(OfflineReason::Unverified);
        a.out.start(&a.turn).await;
        let mut note = String::new();
        if !a.text.is_empty() && !a.text.ends_with('\n') {
            note.push_str(if a.text.ends_with(char::is_whitespace) { "\n" } else { "\n\n" });
        }
        note.push_str(crate::i18n::Key::ChatUnverifiedNote.text(a.turn.lang));
        note.push('\n');
        a.text.push_str(&note);
        a.out.delta(&note).await;
    }
}
