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
mod run;
pub mod tools;
pub mod viewings;
pub mod when;

use crate::domain::account::User;
use crate::domain::chat::{check_message, language_of};
use crate::i18n::Lang;
use crate::server::adapters::breaker::Breaker;
use crate::server::adapters::llm::{LlmClient, Message, Role, ToolCall};
use crate::server::config::{AssistantChoice, Config};
use crate::server::db;
use crate::server::db::chat::{NewMessage, StoredMessage};
use crate::server::services::costs::Costs;
use crate::server::services::search::service::SearchService;
use crate::wire::AppError;
use crate::wire::chat::{
    ChatEvent, ChatMessage, ChatRequest, Conversation, ConversationSummary, OfflineReason, Speaker,
    ViewingBooked,
};
use guard::KnownNames;
use run::Turn;
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
    /// Cancelled when the server shuts down: answers end where they are,
    /// and what was said is stored (marked stopped).
    stopping: tokio_util::sync::CancellationToken,
    /// The answers running in the background, waited for on shutdown.
    answers: tokio_util::task::TaskTracker,
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
            stopping: tokio_util::sync::CancellationToken::new(),
            answers: tokio_util::task::TaskTracker::new(),
        }
    }

    /// Ends every answer in progress where it is: each stores what it said
    /// (marked stopped) and tells the buyer it is done. New messages are
    /// refused (503). Called when the server starts shutting down.
    pub fn stop_answers(&self) {
        self.stopping.cancel();
    }

    /// Waits up to `wait` for the answers still running to be stored.
    pub async fn answers_stored(&self, wait: Duration) {
        self.stop_answers();
        self.answers.close();
        if tokio::time::timeout(wait, self.answers.wait()).await.is_err() {
            tracing::warn!(running = self.answers.len(), "answers still running at shutdown");
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
        let focus = self.focus_of(&request).await?;
        let existing = match request.conversation_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => {
                let id = Uuid::parse_str(raw).map_err(|_| AppError::NotFound)?;
                Some(self.owned(&owner, id).await?.ok_or(AppError::NotFound)?)
            }
        };
        let message = self.message_of(&request, existing.as_ref()).await?;
        let lang = language_of(&message, request.lang.unwrap_or(Lang::En));
        let (conversation_id, focus) = match &existing {
            Some(row) => (row.id, focus.or(row.listing_id)),
            None => (self.new_conversation(&owner, focus, lang, &message).await?, focus),
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
        let (client, reason) = self.assistant().await;
        let (tx, rx) = mpsc::channel(64);
        let agent = self.clone();
        let turn =
            Turn { conversation_id, user: owner.user, lang, focus, client, reason, started: Instant::now() };
        if self.stopping.is_cancelled() {
            return Err(AppError::Unavailable);
        }
        crate::server::telemetry::spawn(self.answers.track_future(async move {
            agent.answer(turn, tx).await;
        }));
        Ok(rx)
    }

    /// The listing the chat was opened from, checked to exist.
    async fn focus_of(&self, request: &ChatRequest) -> Result<Option<i64>, AppError> {
        let Some(raw) = request.listing_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let id: i64 = raw
            .trim_start_matches('#')
            .parse()
            .map_err(|_| AppError::validation("listing_id", "not a listing id"))?;
        if !self.deps.search.validate_property_exists(id).await.map_err(AppError::internal)? {
            return Err(AppError::validation("listing_id", "no such listing"));
        }
        Ok(Some(id))
    }

    /// The message to answer: the buyer's new one, checked, or (retry) the
    /// last one again, with what answered it removed.
    async fn message_of(
        &self,
        request: &ChatRequest,
        existing: Option<&db::chat::ConversationRow>,
    ) -> Result<String, AppError> {
        if request.retry {
            let Some(row) = existing else {
                return Err(AppError::validation("retry", "there is no conversation to retry"));
            };
            return db::chat::rewind_to_last_user(self.db(), row.id)
                .await
                .map_err(AppError::internal)?
                .ok_or_else(|| AppError::validation("retry", "there is no message to answer again"));
        }
        check_message(&request.message).map_err(|reason| {
            AppError::validation(
                "message",
                match reason {
                    "empty" => "write a message".to_owned(),
                    "too_long" => format!("at most {} characters", crate::domain::chat::MAX_MESSAGE_CHARS),
                    _ => "contains control characters".to_owned(),
                },
            )
        })
    }

    async fn new_conversation(
        &self,
        owner: &ChatOwner,
        focus: Option<i64>,
        lang: Lang,
        message: &str,
    ) -> Result<Uuid, AppError> {
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
        Ok(id)
    }

    /// Which assistant answers: the model, unless there is none, today's
    /// budget is spent or the breaker rests it.
    async fn assistant(&self) -> (Arc<dyn LlmClient>, Option<OfflineReason>) {
        match &self.remote {
            None => (Arc::new(self.offline), Some(OfflineReason::NotConfigured)),
            Some(_) if self.costs.over_budget().await => {
                (Arc::new(self.offline), Some(OfflineReason::Budget))
            }
            Some(_) if !self.breaker.allow() => (Arc::new(self.offline), Some(OfflineReason::Unavailable)),
            Some(remote) => (remote.clone(), None),
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
