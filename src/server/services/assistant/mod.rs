//! The AI sales assistant: conversations kept in Postgres, a model (any
//! OpenAI-compatible server, or the offline assistant) that calls typed
//! tools, a guard that checks every sentence before the buyer sees it, a
//! circuit breaker and a cost monitor around the model.
//!
//! One turn: the buyer's message is stored, the context (system prompt plus
//! the conversation, trimmed to a token budget) goes to the model, tool
//! calls run and their results go back, up to `max_turns` rounds and within
//! the deadline; text streams out through the guard; listing cards are read
//! from the database; the answer is stored. Everything the browser sees
//! arrives as `ChatEvent`s on a channel (the HTTP layer makes it SSE).

pub mod guard;
pub mod offline;
pub mod prompts;
pub mod tools;
pub mod viewings;
pub mod when;

use crate::domain::account::User;
use crate::domain::chat::{check_message, language_of};
use crate::domain::listing::Listing;
use crate::i18n::Lang;
use crate::server::adapters::breaker::Breaker;
use crate::server::adapters::llm::{LlmClient, LlmError, LlmEvent, LlmRequest, Message, Role, ToolCall};
use crate::server::config::{AssistantChoice, Config};
use crate::server::db;
use crate::server::db::chat::{NewMessage, StoredMessage};
use crate::server::services::costs::Costs;
use crate::server::services::search::service::SearchService;
use crate::wire::AppError;
use crate::wire::chat::{
    ChatEvent, ChatMessage, ChatRequest, Conversation, ConversationSummary, OfflineReason, Speaker,
    ToolStatus, ViewingBooked, ViewingProposal,
};
use futures::StreamExt;
use guard::{Gate, Grounding, Guard, KnownNames};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use uuid::Uuid;

const NAMES_TTL: Duration = Duration::from_secs(300);
/// Conversations listed for a buyer.
const MAX_CONVERSATIONS: i64 = 30;

/// Who owns a conversation: a signed-in user, or an anonymous browser
/// (the hash of its visitor cookie).
#[derive(Clone, Debug, Default)]
pub struct ChatOwner {
    pub user: Option<User>,
    pub visitor: Option<Vec<u8>>,
}

pub struct Agent {
    deps: tools::ToolDeps,
    remote: Option<Arc<dyn LlmClient>>,
    pub breaker: Breaker,
    pub costs: Costs,
    names: RwLock<Option<(Instant, Arc<KnownNames>)>>,
    deadline: Duration,
    max_turns: u32,
    context_tokens: usize,
    visitor_key: Vec<u8>,
    offline: offline::OfflineLlm,
}

impl Agent {
    /// The assistant from the configuration; `remote` replaces the
    /// configured model (tests and benchmarks pass their own).
    pub fn new(
        config: &Config,
        db: PgPool,
        search: Arc<SearchService>,
        outbox: Arc<crate::server::services::outbox::Outbox>,
        leads: Arc<crate::server::services::leads::Leads>,
        kv: crate::server::adapters::kv::Kv,
        remote: Option<Arc<dyn LlmClient>>,
    ) -> Agent {
        let remote = remote.or_else(|| match config.assistant {
            AssistantChoice::Offline => None,
            AssistantChoice::OpenAi => match crate::server::adapters::llm::openai::OpenAiLlm::new(config) {
                Ok(client) => Some(Arc::new(client) as Arc<dyn LlmClient>),
                Err(error) => {
                    tracing::error!(%error, "the model client could not start; the offline assistant answers");
                    None
                }
            },
        });
        tracing::info!(
            assistant = remote.as_ref().map_or("offline", |r| r.provider()),
            model = remote.as_ref().map_or(offline::MODEL, |r| r.model()),
            "sales assistant ready"
        );
        Agent {
            deps: tools::ToolDeps { db, search, outbox, leads, public_url: config.public_url.clone() },
            remote,
            breaker: Breaker::new(config.llm_breaker_threshold, config.llm_breaker_cooldown),
            costs: Costs::new(kv, config.llm_daily_budget_usd, config.llm_price_override),
            names: RwLock::new(None),
            deadline: config.chat_deadline,
            max_turns: config.chat_max_turns,
            context_tokens: config.chat_context_tokens,
            visitor_key: config.secret_key.expose().as_bytes().to_vec(),
            offline: offline::OfflineLlm { pace: config.offline_pace },
        }
    }

    /// Whether a model (not only the offline assistant) is configured.
    pub fn has_model(&self) -> bool {
        self.remote.is_some()
    }

    /// What is stored for an anonymous visitor's cookie: a keyed hash, so
    /// the database alone cannot be used to take over a conversation.
    pub fn visitor_hash(&self, cookie: &str) -> Vec<u8> {
        let mut hasher = Sha256::new();
        hasher.update(&self.visitor_key);
        hasher.update(b"|visitor|");
        hasher.update(cookie.as_bytes());
        hasher.finalize().to_vec()
    }

    fn db(&self) -> &PgPool {
        &self.deps.db
    }

    async fn names(&self) -> Arc<KnownNames> {
        if let Ok(guard) = self.names.read()
            && let Some((at, names)) = guard.as_ref()
            && at.elapsed() < NAMES_TTL
        {
            return names.clone();
        }
        let (compounds, developers) = db::search::names(self.db()).await.unwrap_or_default();
        let names = Arc::new(KnownNames::standard(&compounds, &developers));
        if let Ok(mut guard) = self.names.write() {
            *guard = Some((Instant::now(), names.clone()));
        }
        names
    }

    /// The conversation if `owner` may see it. A signed-in buyer's own
    /// anonymous conversation (same browser) becomes theirs here too.
    async fn owned(
        &self,
        owner: &ChatOwner,
        id: Uuid,
    ) -> Result<Option<db::chat::ConversationRow>, AppError> {
        let Some(row) = db::chat::conversation(self.db(), id).await.map_err(AppError::internal)? else {
            return Ok(None);
        };
        let by_user = matches!((&owner.user, row.user_id), (Some(u), Some(owner_id)) if u.id == owner_id);
        let by_visitor = row.user_id.is_none()
            && owner.visitor.is_some()
            && row.visitor_hash.as_deref() == owner.visitor.as_deref();
        if by_user {
            return Ok(Some(row));
        }
        if by_visitor {
            if let (Some(user), Some(visitor)) = (&owner.user, &owner.visitor) {
                db::chat::merge_visitor(self.db(), visitor, user.id).await.map_err(AppError::internal)?;
                self.deps.leads.merge_visitor(visitor, user.id).await;
            }
            return Ok(Some(row));
        }
        Ok(None)
    }

    /// At sign-in: the browser's anonymous conversations become the user's.
    pub async fn merge_visitor(&self, visitor_cookie: &str, user_id: i64) {
        let hash = self.visitor_hash(visitor_cookie);
        match db::chat::merge_visitor(self.db(), &hash, user_id).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(conversations = n, user_id, "anonymous conversations kept at sign-in"),
            Err(error) => tracing::error!(%error, "could not keep anonymous conversations at sign-in"),
        }
        self.deps.leads.merge_visitor(&hash, user_id).await;
    }

    /// The buyer confirms a viewing the assistant proposed to them.
    pub async fn confirm_viewing(&self, buyer: &User, proposal_id: &str) -> Result<ViewingBooked, AppError> {
        viewings::confirm(&self.deps, buyer, proposal_id).await
    }

    pub async fn conversation(&self, owner: &ChatOwner, id: &str) -> Result<Option<Conversation>, AppError> {
        let Ok(uuid) = Uuid::parse_str(id.trim()) else { return Ok(None) };
        let Some(row) = self.owned(owner, uuid).await? else { return Ok(None) };
        let stored = db::chat::messages(self.db(), uuid).await.map_err(AppError::internal)?;
        let mut ids: Vec<i64> = Vec::new();
        for m in stored.iter().filter(|m| m.role == "assistant") {
            for id in &m.listing_ids {
                if !ids.contains(id) {
                    ids.push(*id);
                }
            }
        }
        let listings = self.deps.search.listings(&ids).await.map_err(AppError::internal)?;
        let proposal_ids: Vec<Uuid> = stored.iter().filter_map(|m| m.proposal_id).collect();
        let proposals = viewings::shown(&self.deps, &proposal_ids).await?;
        let messages = stored
            .iter()
            .filter(|m| m.role == "user" || (m.role == "assistant" && !m.content.trim().is_empty()))
            .map(|m| ChatMessage {
                id: m.id,
                speaker: if m.role == "user" { Speaker::Buyer } else { Speaker::Assistant },
                text: m.content.clone(),
                listings: m
                    .listing_ids
                    .iter()
                    .filter_map(|id| listings.iter().find(|l| l.id == id.to_string()).cloned())
                    .collect(),
                offline: m.offline,
                stopped: m.stopped,
                proposal: m
                    .proposal_id
                    .and_then(|id| proposals.iter().find(|p| p.id == id.to_string()).cloned()),
            })
            .collect();
        Ok(Some(Conversation {
            id: uuid.to_string(),
            listing_id: row.listing_id.map(|l| l.to_string()),
            messages,
        }))
    }

    pub async fn conversations(&self, owner: &ChatOwner) -> Result<Vec<ConversationSummary>, AppError> {
        if owner.user.is_none() && owner.visitor.is_none() {
            return Ok(Vec::new());
        }
        let rows = db::chat::summaries(
            self.db(),
            owner.user.as_ref().map(|u| u.id),
            owner.visitor.as_deref(),
            MAX_CONVERSATIONS,
        )
        .await
        .map_err(AppError::internal)?;
        Ok(rows
            .into_iter()
            .map(|r| ConversationSummary {
                id: r.id.to_string(),
                title: r.title,
                updated_at: r.updated_at.to_rfc3339(),
            })
            .collect())
    }

    /// Checks and stores the buyer's message, then answers it in the
    /// background; the events come on the returned channel. Dropping the
    /// receiver stops the answer (what was said so far is kept, marked
    /// stopped).
    pub async fn start(
        self: &Arc<Self>,
        owner: ChatOwner,
        request: ChatRequest,
    ) -> Result<mpsc::Receiver<ChatEvent>, AppError> {
        let page_lang = request.lang.unwrap_or(Lang::En);
        let focus = match request.listing_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => {
                let id: i64 = raw
                    .trim_start_matches('#')
                    .parse()
                    .map_err(|_| AppError::validation("listing_id", "not a listing id"))?;
                if !self.deps.search.validate_property_exists(id).await.map_err(AppError::internal)? {
                    return Err(AppError::validation("listing_id", "no such listing"));
                }
                Some(id)
            }
        };
        let existing = match request.conversation_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => {
                let id = Uuid::parse_str(raw).map_err(|_| AppError::NotFound)?;
                Some(self.owned(&owner, id).await?.ok_or(AppError::NotFound)?)
            }
        };
        let message = if request.retry {
            let Some(row) = &existing else {
                return Err(AppError::validation("retry", "there is no conversation to retry"));
            };
            db::chat::rewind_to_last_user(self.db(), row.id)
                .await
                .map_err(AppError::internal)?
                .ok_or_else(|| AppError::validation("retry", "there is no message to answer again"))?
        } else {
            check_message(&request.message).map_err(|reason| {
                AppError::validation(
                    "message",
                    match reason {
                        "empty" => "write a message".to_owned(),
                        "too_long" => {
                            format!("at most {} characters", crate::domain::chat::MAX_MESSAGE_CHARS)
                        }
                        _ => "contains control characters".to_owned(),
                    },
                )
            })?
        };
        let lang = language_of(&message, page_lang);
        let (conversation_id, focus) = match &existing {
            Some(row) => (row.id, focus.or(row.listing_id)),
            None => {
                let id = Uuid::new_v4();
                let title: String = message.chars().take(80).collect();
                db::chat::create_conversation(
                    self.db(),
                    id,
                    owner.user.as_ref().map(|u| u.id),
                    if owner.user.is_some() { None } else { owner.visitor.as_deref() },
                    focus,
                    lang.code(),
                    &title,
                )
                .await
                .map_err(AppError::internal)?;
                (id, focus)
            }
        };
        if !request.retry {
            db::chat::insert_message(
                self.db(),
                conversation_id,
                NewMessage { role: "user", content: &message, ..Default::default() },
            )
            .await
            .map_err(AppError::internal)?;
        }
        metrics::counter!("chat_messages_total").increment(1);

        // Which assistant answers.
        let (client, reason): (Arc<dyn LlmClient>, Option<OfflineReason>) = match &self.remote {
            None => (Arc::new(self.offline), Some(OfflineReason::NotConfigured)),
            Some(_) if self.costs.over_budget().await => {
                (Arc::new(self.offline), Some(OfflineReason::Budget))
            }
            Some(_) if !self.breaker.allow() => (Arc::new(self.offline), Some(OfflineReason::Unavailable)),
            Some(remote) => (remote.clone(), None),
        };
        let (tx, rx) = mpsc::channel(64);
        let agent = self.clone();
        let turn =
            Turn { conversation_id, user: owner.user, lang, focus, client, reason, started: Instant::now() };
        crate::server::telemetry::spawn(async move {
            agent.answer(turn, tx).await;
        });
        Ok(rx)
    }

    async fn answer(&self, mut turn: Turn, tx: mpsc::Sender<ChatEvent>) {
        let deadline = tokio::time::Instant::now() + self.deadline;
        let mut out = Outbox { tx, open: true };
        out.send(ChatEvent::Start {
            conversation_id: turn.conversation_id.to_string(),
            offline: turn.reason.is_some(),
            reason: turn.reason,
        })
        .await;

        let stored = match db::chat::messages(self.db(), turn.conversation_id).await {
            Ok(m) => m,
            Err(error) => {
                out.send(ChatEvent::Error { error: AppError::internal(error) }).await;
                return;
            }
        };
        let names = self.names().await;
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
        // The buyer's latest words, for tools that can read what a model left out.
        let buyer_said: Option<String> =
            stored.iter().rev().find(|m| m.role == "user").map(|m| m.content.clone());
        let system =
            prompts::system(turn.lang, turn.focus.map(|f| f.to_string()).as_deref(), turn.user.is_some());
        let mut context = trim_context(Message::system(system), history, self.context_tokens);
        let mut guard = Guard::new(grounding, names);

        let mut text = String::new();
        let mut turn_listings: Vec<i64> = Vec::new();
        let mut proposal: Option<Box<ViewingProposal>> = None;
        let mut sign_in_required = false;
        let (mut prompt_tokens, mut completion_tokens) = (0u32, 0u32);
        let mut failed: Option<AppError> = None;
        let mut rounds = 0;
        'rounds: loop {
            rounds += 1;
            let last_round = rounds >= self.max_turns;
            let request = LlmRequest {
                messages: context.clone(),
                tools: if last_round { Vec::new() } else { tools::specs() },
                lang: turn.lang,
                focus_listing: turn.focus,
                signed_in: turn.user.is_some(),
            };
            let remote = turn.reason.is_none();
            let mut gate = Gate::default();
            guard.new_round();
            let mut calls: Vec<ToolCall> = Vec::new();
            let mut round_text = String::new();
            let opened = tokio::time::timeout_at(deadline, turn.client.stream(&request)).await;
            let mut stream = match opened {
                Ok(Ok(stream)) => stream,
                other => {
                    let error = match other {
                        Ok(Err(e)) => e,
                        _ => LlmError::Timeout,
                    };
                    if remote && text.is_empty() {
                        self.fall_back(&mut turn, &mut out, &error).await;
                        rounds -= 1;
                        continue 'rounds;
                    }
                    self.model_failed(&turn, &error);
                    failed = Some(AppError::Unavailable);
                    break;
                }
            };
            loop {
                let next = match tokio::time::timeout_at(deadline, stream.next()).await {
                    Ok(next) => next,
                    Err(_) => Some(Err(LlmError::Timeout)),
                };
                match next {
                    None => break,
                    Some(Ok(LlmEvent::Text(delta))) => {
                        for sentence in gate.push(&delta) {
                            if let Some(checked) = self.check(&mut guard, &sentence).await {
                                round_text.push_str(&checked);
                                out.delta(&checked).await;
                            }
                        }
                        if !out.open {
                            text.push_str(&round_text);
                            break 'rounds;
                        }
                    }
                    Some(Ok(LlmEvent::Trusted(own))) => {
                        round_text.push_str(&own);
                        out.delta(&own).await;
                    }
                    Some(Ok(LlmEvent::ToolCall(call))) => calls.push(call),
                    Some(Ok(LlmEvent::Usage { prompt_tokens: p, completion_tokens: c })) => {
                        prompt_tokens += p;
                        completion_tokens += c;
                        if remote {
                            self.costs.record("chat", turn.client.model(), p, c).await;
                        }
                    }
                    Some(Err(error)) => {
                        if remote && text.is_empty() && round_text.is_empty() && calls.is_empty() {
                            self.fall_back(&mut turn, &mut out, &error).await;
                            rounds -= 1;
                            continue 'rounds;
                        }
                        self.model_failed(&turn, &error);
                        failed = Some(AppError::Unavailable);
                        break;
                    }
                }
            }
            if let Some(rest) = gate.finish()
                && let Some(checked) = self.check(&mut guard, &rest).await
            {
                round_text.push_str(&checked);
                out.delta(&checked).await;
            }
            text.push_str(&round_text);
            if failed.is_some() || !out.open {
                break;
            }
            if remote {
                self.breaker.success();
            }
            if calls.is_empty() {
                // Too little of the model's answer was true: the offline
                // assistant answers the same request from the tools' results,
                // after what was kept, and the buyer is told why.
                if remote && guard.too_little_left() {
                    guard.forget_subject();
                    self.unverified(&mut turn, &mut out, &mut text).await;
                    rounds = 0;
                    continue 'rounds;
                }
                break;
            }
            // Run the tools, then give the model their results.
            let cx = tools::ToolContext {
                user: turn.user.as_ref(),
                conversation_id: turn.conversation_id,
                lang: turn.lang,
                buyer_said: buyer_said.as_deref(),
            };
            let mut results: Vec<(ToolCall, tools::ToolOutcome)> = Vec::new();
            for call in calls.iter().take(6) {
                let name = if tools::is_known(&call.name) { call.name.clone() } else { "unknown".into() };
                out.send(ChatEvent::Tool { name: name.clone(), status: ToolStatus::Started }).await;
                let outcome = tools::run(&self.deps, &cx, call).await;
                out.send(ChatEvent::Tool {
                    name,
                    status: if outcome.ok { ToolStatus::Done } else { ToolStatus::Failed },
                })
                .await;
                sign_in_required |= outcome.sign_in_required;
                if let Some(p) = &outcome.proposal {
                    proposal = Some(p.clone());
                }
                results.push((call.clone(), outcome));
            }
            if !out.open {
                break;
            }
            let calls_json = serde_json::to_value(&calls).unwrap_or(Value::Null);
            let stored_call = db::chat::insert_message(
                self.db(),
                turn.conversation_id,
                NewMessage {
                    role: "assistant",
                    content: &round_text,
                    tool_calls: Some(calls_json),
                    model: Some(turn.client.model()),
                    offline: turn.reason.is_some(),
                    ..Default::default()
                },
            )
            .await;
            if let Err(error) = stored_call {
                failed = Some(AppError::internal(error));
                break;
            }
            context.push(Message::assistant(round_text.clone(), calls.clone()));
            let mut new_ids: Vec<i64> = Vec::new();
            for (call, outcome) in &results {
                let content = outcome.result.to_string();
                let saved = db::chat::insert_message(
                    self.db(),
                    turn.conversation_id,
                    NewMessage {
                        role: "tool",
                        content: &content,
                        tool_call_id: Some(&call.id),
                        tool_name: Some(&call.name),
                        listing_ids: &outcome.listing_ids,
                        ..Default::default()
                    },
                )
                .await;
                if let Err(error) = saved {
                    failed = Some(AppError::internal(error));
                    break 'rounds;
                }
                guard.grounding.add_tool_result(&outcome.result);
                for id in &outcome.listing_ids {
                    if !turn_listings.contains(id) {
                        turn_listings.push(*id);
                    }
                    if !guard.grounding.listings.contains_key(id) {
                        new_ids.push(*id);
                    }
                }
                context.push(Message::tool(call, content));
            }
            if let Ok(listings) = self.deps.search.listings(&new_ids).await {
                listings.iter().for_each(|l| guard.grounding.add_listing(l));
            }
            if !text.is_empty() && !text.ends_with(char::is_whitespace) {
                text.push('\n');
                out.delta("\n").await;
            }
        }

        let stopped = !out.open;
        // Cards: the listings the answer cites, else those the tools found.
        let mut card_ids = guard.cited(&text);
        if card_ids.is_empty() {
            card_ids = turn_listings
                .iter()
                .copied()
                .filter(|id| guard.grounding.listings.get(id).is_some_and(|l| l.is_available))
                .take(4)
                .collect();
        }
        card_ids.truncate(6);
        let cards: Vec<Listing> = match self.deps.search.listings(&card_ids).await {
            Ok(found) => card_ids
                .iter()
                .filter_map(|id| found.iter().find(|l| l.id == id.to_string()).cloned())
                .collect(),
            Err(_) => Vec::new(),
        };
        let card_ids: Vec<i64> = cards.iter().filter_map(|l| l.id.parse().ok()).collect();
        if !cards.is_empty() {
            out.send(ChatEvent::Cards { listings: cards }).await;
        }
        if let Some(p) = &proposal {
            out.send(ChatEvent::Proposal { proposal: p.clone() }).await;
        }
        if text.trim().is_empty() && failed.is_none() && !stopped {
            text = match turn.lang {
                Lang::En => "Sorry, I have no answer to that. Could you say it another way?".into(),
                Lang::Ar => "عذراً، ليست لدي إجابة على ذلك. هل يمكنك صياغتها بطريقة أخرى؟".into(),
            };
            out.delta(&text).await;
        }
        let corrections = guard.dropped.len() as u32;
        let saved = db::chat::insert_message(
            self.db(),
            turn.conversation_id,
            NewMessage {
                role: "assistant",
                content: &text,
                listing_ids: &card_ids,
                model: Some(turn.client.model()),
                offline: turn.reason.is_some(),
                stopped,
                prompt_tokens: prompt_tokens as i32,
                completion_tokens: completion_tokens as i32,
                guard_corrections: corrections as i32,
                proposal_id: proposal.as_ref().and_then(|p| Uuid::parse_str(&p.id).ok()),
                ..Default::default()
            },
        )
        .await;
        metrics::histogram!("chat_answer_seconds", "assistant" => if turn.reason.is_some() { "offline" } else { "model" })
            .record(turn.started.elapsed().as_secs_f64());
        match (saved, failed) {
            (Err(error), _) => out.send(ChatEvent::Error { error: AppError::internal(error) }).await,
            (Ok(_), Some(error)) => out.send(ChatEvent::Error { error }).await,
            (Ok(message_id), None) => {
                out.send(ChatEvent::Done { message_id, text, corrections, sign_in_required }).await;
            }
        }
        // The buyer may have shown intent: their lead is made or rescored
        // before the stream closes, so the dashboard has it at once.
        self.deps.leads.observe_conversation(turn.conversation_id).await;
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
    async fn unverified(&self, turn: &mut Turn, out: &mut Outbox, text: &mut String) {
        tracing::warn!(
            model = turn.client.model(),
            "the model's answer failed the guard; the offline assistant answers"
        );
        metrics::counter!("agent_guard_fallbacks_total").increment(1);
        turn.client = Arc::new(self.offline);
        turn.reason = Some(OfflineReason::Unverified);
        out.send(ChatEvent::Start {
            conversation_id: turn.conversation_id.to_string(),
            offline: true,
            reason: turn.reason,
        })
        .await;
        let mut note = String::new();
        if !text.is_empty() && !text.ends_with('\n') {
            note.push_str(if text.ends_with(char::is_whitespace) { "\n" } else { "\n\n" });
        }
        note.push_str(crate::i18n::Key::ChatUnverifiedNote.text(turn.lang));
        note.push('\n');
        text.push_str(&note);
        out.delta(&note).await;
    }

    /// The model failed before saying anything: the offline assistant
    /// answers this turn instead, and the page is told.
    async fn fall_back(&self, turn: &mut Turn, out: &mut Outbox, error: &LlmError) {
        self.model_failed(turn, error);
        turn.client = Arc::new(self.offline);
        turn.reason = Some(OfflineReason::Unavailable);
        out.send(ChatEvent::Start {
            conversation_id: turn.conversation_id.to_string(),
            offline: true,
            reason: turn.reason,
        })
        .await;
    }
}

struct Turn {
    conversation_id: Uuid,
    user: Option<User>,
    lang: Lang,
    focus: Option<i64>,
    client: Arc<dyn LlmClient>,
    reason: Option<OfflineReason>,
    started: Instant,
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
}

fn to_message(m: &StoredMessage) -> Option<Message> {
    match m.role.as_str() {
        "user" => Some(Message::user(m.content.clone())),
        "assistant" => {
            let calls: Vec<ToolCall> =
                m.tool_calls.clone().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
            Some(Message::assistant(m.content.clone(), calls))
        }
        "tool" => Some(Message {
            role: Role::Tool,
            content: m.content.clone(),
            tool_calls: Vec::new(),
            tool_call_id: m.tool_call_id.clone(),
            tool_name: m.tool_name.clone(),
        }),
        _ => None,
    }
}

/// A rough token count: about three characters a token across English and
/// Arabic (a tokenizer would be exact; the budget only needs the size).
pub fn estimate_tokens(m: &Message) -> usize {
    let chars = m.content.chars().count()
        + m.tool_calls.iter().map(|c| c.name.len() + c.arguments.chars().count()).sum::<usize>();
    chars / 3 + 4
}

/// The system prompt plus as much of the conversation as fits in `budget`
/// tokens, newest kept first. A tool call and its results stay together
/// (a result without its call is refused by the API); the buyer's latest
/// message is always kept.
pub fn trim_context(system: Message, history: Vec<Message>, budget: usize) -> Vec<Message> {
    // Group: an assistant message with tool calls and the results after it,
    // or any other single message. Results without their call are dropped.
    let mut groups: Vec<Vec<Message>> = Vec::new();
    for m in history {
        match m.role {
            Role::Tool => match groups.last_mut() {
                Some(g)
                    if g.first().is_some_and(|f| f.role == Role::Assistant && !f.tool_calls.is_empty()) =>
                {
                    g.push(m)
                }
                _ => {}
            },
            _ => groups.push(vec![m]),
        }
    }
    // A call whose results never came (the buyer stopped it) cannot be sent.
    groups.retain(|g| {
        let first = &g[0];
        first.role != Role::Assistant
            || first.tool_calls.is_empty()
            || first
                .tool_calls
                .iter()
                .all(|c| g.iter().any(|m| m.tool_call_id.as_deref() == Some(c.id.as_str())))
    });
    let mut used = estimate_tokens(&system);
    let mut kept: Vec<Vec<Message>> = Vec::new();
    for (i, group) in groups.into_iter().rev().enumerate() {
        let size: usize = group.iter().map(estimate_tokens).sum();
        if i > 0 && used + size > budget {
            break;
        }
        used += size;
        kept.push(group);
    }
    kept.reverse();
    // The context must not open with tool results or a dangling answer.
    while kept.first().is_some_and(|g| g[0].role == Role::Assistant) && kept.len() > 1 {
        kept.remove(0);
    }
    std::iter::once(system).chain(kept.into_iter().flatten()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(id: &str) -> ToolCall {
        ToolCall { id: id.into(), name: tools::SEARCH.into(), arguments: "{}".into() }
    }

    #[test]
    fn trimming_keeps_the_newest_and_tool_groups_whole() {
        let big = "x".repeat(3_000);
        let c1 = call("c1");
        let c2 = call("c2");
        let history = vec![
            Message::user(big.clone()),
            Message::assistant("", vec![c1.clone()]),
            Message::tool(&c1, big.clone()),
            Message::assistant(big.clone(), vec![]),
            Message::user("and cheaper?"),
            Message::assistant("", vec![c2.clone()]),
            Message::tool(&c2, "{\"results\":[]}"),
            Message::assistant("Nothing cheaper.", vec![]),
            Message::user("ok, compare them"),
        ];
        let all = trim_context(Message::system("rules"), history.clone(), 100_000);
        assert_eq!(all.len(), 10);
        let trimmed = trim_context(Message::system("rules"), history, 1_500);
        assert_eq!(trimmed[0].role, Role::System);
        assert_eq!(trimmed.last().map(|m| m.content.as_str()), Some("ok, compare them"));
        // The old 3,000-character messages went; the recent tool group stayed whole.
        assert!(trimmed.iter().all(|m| m.content.len() < 3_000));
        let call_at =
            trimmed.iter().position(|m| m.tool_calls.iter().any(|c| c.id == "c2")).expect("call kept");
        assert_eq!(trimmed[call_at + 1].tool_call_id.as_deref(), Some("c2"));
        assert!(!trimmed.iter().any(|m| m.tool_call_id.as_deref() == Some("c1")));
        assert_eq!(trimmed[1].role, Role::User);
    }

    #[test]
    fn a_call_without_results_is_dropped_and_the_last_message_always_kept() {
        let c = call("c9");
        let history =
            vec![Message::user("hi"), Message::assistant("", vec![c]), Message::user("x".repeat(90_000))];
        let trimmed = trim_context(Message::system("rules"), history, 10);
        assert_eq!(trimmed.len(), 2);
        assert_eq!(trimmed[1].content.len(), 90_000);
    }
}
