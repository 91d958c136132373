//! Leads and the viewings agents work: who showed real intent (read from
//! what they wrote to the assistant and what they did), the score and why,
//! round-robin assignment, the status pipeline with its history, and the
//! viewing changes the buyer hears about. The rules of who may see and do
//! what live here, next to the work, so every caller gets them.

use crate::domain::account::{Phone, Role, User};

use crate::domain::lead::{self, LeadStatus, Score, Signal, SignalKind};

use crate::domain::viewing::ViewingStatus;

use crate::i18n::Lang;

use crate::server::adapters::mail::Rendered;

use crate::server::db::leads::{self as repo, LeadKey, LeadRow};

use crate::server::db::viewings::{self as viewings_repo, ViewingRow};

use crate::server::services::outbox::{self, Outbound, Outbox};

use crate::server::services::search::service::SearchService;

use crate::server::time::{cairo_display, cairo_offset_hours, parse_cairo_time};

use crate::wire::AppError;

use crate::wire::dashboard::{
    AgentRef, LeadDetail, LeadEvent, LeadSummary, LeadsPage, LeadsQuery, ListingRef, PER_PAGE, StaffViewing,
    TranscriptLine, ViewingAction, ViewingsPage,
};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use regex::Regex;

use sqlx::PgPool;

use std::sync::{Arc, LazyLock};

use uuid::Uuid;

mod viewings;

pub use viewings::week_start;

pub struct Leads {
    db: PgPool,
    search: Arc<SearchService>,
    outbox: Arc<Outbox>,
    public_url: String,
}

/// A buyer saying when they mean to buy or move, in English or Arabic.
/// Plan lengths ("7 years installments") are not timelines.
static TIMELINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(asap|as soon as possible|immediately|right away|urgent(?:ly)?|this (?:month|year|summer|winter)|next (?:week|month|year|summer)|within (?:a|one|two|three|six|\d{1,2}) (?:weeks?|months?|years?)|in (?:a|one|two|three|six|\d{1,2}) (?:weeks?|months?)|by (?:20\d\d|the end of (?:the |this )?(?:year|month))|before (?:20\d\d|summer|ramadan|the end of the year)|ready to move(?: in)?|move in (?:soon|now))\b|(في أقرب وقت|بأسرع وقت|فوراً|فورا|حالاً|خلال (?:أسبوع|اسبوع|شهرين|شهر|سنتين|سنة|سنه|\d{1,2} (?:شهور|أشهر|اشهر))|الشهر (?:الجاي|القادم|ده)|السنة (?:الجاية|القادمة|دي)|السنه (?:الجايه|الجاية|دي)|قبل رمضان|قبل الصيف|مستعجل|جاهز للسكن)",
    )
    .map_err(|error| tracing::error!(%error, "timeline pattern"))
    .ok()
});

/// A buyer asking a person to get in touch.
static CONTACT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(call me|contact me|reach me|phone me|text me|whats ?app(?: me)?|get in touch|call me back|callback|(?:talk|speak) (?:to|with) (?:an? |your )?(?:agent|broker|someone|person|human|sales)|have (?:an? )?(?:agent|someone) (?:call|contact)|my (?:number|phone) is)\b|(كلمني|كلموني|اتصل بي|اتصلوا بي|اتصلوا بيا|تواصل معي|تواصلوا معي|تواصل معايا|واتساب|واتس اب|عايز اكلم|عايز أكلم|اكلم حد|أكلم حد|أتكلم مع|اتكلم مع|رقمي)",
    )
    .map_err(|error| tracing::error!(%error, "contact pattern"))
    .ok()
});

fn find(pattern: &LazyLock<Option<Regex>>, text: &str) -> Option<String> {
    pattern.as_ref()?.find(text).map(|m| m.as_str().trim().to_owned())
}

pub fn timeline_in(text: &str) -> Option<String> {
    find(&TIMELINE, text)
}

pub fn contact_request_in(text: &str) -> Option<String> {
    find(&CONTACT, text)
}

/// What a lead is made of before it is stored.
#[derive(Debug, Default, PartialEq)]
pub struct Reading {
    pub signals: Vec<Signal>,
    pub budget_egp: Option<i64>,
    pub area: Option<String>,
    pub timeline: Option<String>,
    pub summary: String,
}

/// Who may see a lead: its agent and the admins.
fn may_see(staff: &User, agent_id: Option<i64>) -> bool {
    staff.role == Role::Admin || agent_id == Some(staff.id)
}

fn contact(email: Option<&str>, phone: Option<&str>) -> String {
    [email, phone].into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

fn listing_ref(l: repo::ListingLine) -> ListingRef {
    ListingRef {
        id: l.id.to_string(),
        url: format!("/listings/{}", l.id),
        title_en: l.title_en,
        title_ar: l.title_ar,
        price_egp: l.price_egp,
    }
}

fn page_offset(page: u32) -> (u32, i64) {
    let page = page.clamp(1, 10_000);
    (page, i64::from(page - 1) * i64::from(PER_PAGE))
}

impl Leads {
    pub fn new(db: PgPool, search: Arc<SearchService>, outbox: Arc<Outbox>, public_url: String) -> Leads {
        Leads { db, search, outbox, public_url }
    }

    /// Reads what the buyer said and did into signals.
    pub async fn read(&self, key: &LeadKey) -> sqlx::Result<Reading> {
        let texts = repo::buyer_texts(&self.db, key, 50).await?;
        let mut r = Reading {
            summary: texts.first().map(|t| t.chars().take(300).collect()).unwrap_or_default(),
            ..Default::default()
        };
        let mut contact_phrase = None;
        for text in &texts {
            // "within 3 months" is a timeline, not a budget of 3 million.
            let without_timeline = match TIMELINE.as_ref() {
                Some(re) => re.replace_all(text, " ").into_owned(),
                None => text.clone(),
            };
            let understood = self.search.understand(&without_timeline).await;
            let f = &understood.filters;
            if r.budget_egp.is_none() {
                r.budget_egp = f.price_max.or(f.price_min);
            }
            if r.area.is_none() {
                r.area = f.compound.clone().or_else(|| f.district.clone()).or_else(|| f.location.clone());
            }
            if r.timeline.is_none() {
                r.timeline = timeline_in(text);
            }
            if contact_phrase.is_none() {
                contact_phrase = contact_request_in(text);
            }
        }
        if let LeadKey::Buyer(buyer_id) = key {
            let (viewed, saved, phone) = repo::buyer_actions(&self.db, *buyer_id).await?;
            if !viewed.is_empty() {
                let ids: Vec<String> = viewed.iter().take(5).map(|id| format!("#{id}")).collect();
                r.signals.push(Signal::new(SignalKind::Viewing, ids.join(", ")));
            }
            if saved > 0 {
                r.signals.push(Signal::saved(saved.min(100) as i32));
            }
            if phone {
                r.signals.push(Signal::new(SignalKind::Phone, ""));
            }
        }
        if let Some(phrase) = contact_phrase {
            r.signals.push(Signal::new(SignalKind::Contact, phrase));
        }
        if let Some(budget) = r.budget_egp {
            r.signals.push(Signal::new(SignalKind::Budget, budget.to_string()));
        }
        if let Some(t) = &r.timeline {
            r.signals.push(Signal::new(SignalKind::Timeline, t.clone()));
        }
        if let Some(area) = &r.area {
            r.signals.push(Signal::new(SignalKind::Area, area.clone()));
        }
        r.signals.sort_by_key(|s| -s.points);
        Ok(r)
    }

    /// Creates or rescores the buyer's lead when they showed intent; a
    /// lead, once made, is kept and rescored. Returns the lead's agent.
    /// Failures are logged: the buyer's chat or booking goes on regardless.
    pub async fn observe(&self, key: &LeadKey) -> Option<i64> {
        let result: sqlx::Result<Option<i64>> = async {
            let reading = self.read(key).await?;
            let existing = repo::find(&self.db, key).await?;
            if existing.is_none() && !lead::has_intent(&reading.signals) {
                return Ok(None);
            }
            let (points, score) = lead::score(&reading.signals);
            let stored = repo::upsert(
                &self.db,
                key,
                &repo::Scored {
                    signals: serde_json::to_value(&reading.signals).unwrap_or_default(),
                    points,
                    score,
                    budget_egp: reading.budget_egp,
                    area: reading.area.as_deref(),
                    timeline: reading.timeline.as_deref(),
                    summary: &reading.summary,
                },
            )
            .await?;
            if stored.created {
                metrics::counter!("leads_created_total", "score" => score.code()).increment(1);
                tracing::info!(lead = stored.id, agent = ?stored.agent_id, score = score.code(), "new lead");
            }
            Ok(stored.agent_id)
        }
        .await;
        result.unwrap_or_else(|error| {
            tracing::error!(%error, "could not update the lead");
            None
        })
    }

    /// After a chat turn: the lead of whoever owns the conversation.
    pub async fn observe_conversation(&self, conversation_id: Uuid) {
        match crate::server::db::chat::conversation(&self.db, conversation_id).await {
            Ok(Some(c)) => {
                let key = match (c.user_id, c.visitor_hash) {
                    (Some(user), _) => LeadKey::Buyer(user),
                    (None, Some(hash)) => LeadKey::Visitor(hash),
                    (None, None) => return,
                };
                self.observe(&key).await;
            }
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "could not read the conversation for its lead"),
        }
    }

    /// At sign-in: the visitor's lead becomes the buyer's, then is rescored.
    pub async fn merge_visitor(&self, visitor_hash: &[u8], buyer_id: i64) {
        if let Err(error) = repo::merge_visitor(&self.db, visitor_hash, buyer_id).await {
            tracing::error!(%error, "could not keep the visitor's lead at sign-in");
        }
        if repo::find(&self.db, &LeadKey::Buyer(buyer_id)).await.ok().flatten().is_some() {
            self.observe(&LeadKey::Buyer(buyer_id)).await;
        }
    }

    async fn agents(&self) -> Result<Vec<AgentRef>, AppError> {
        Ok(repo::agents(&self.db)
            .await
            .map_err(AppError::internal)?
            .into_iter()
            .map(|a| AgentRef { id: a.id, name: a.name, open_leads: a.open_leads })
            .collect())
    }

    fn summary(&self, staff: &User, row: &LeadRow) -> LeadSummary {
        let mine = row.agent_id == Some(staff.id);
        LeadSummary {
            id: row.id,
            buyer: row.buyer_name.clone().unwrap_or_default(),
            anonymous: row.buyer_id.is_none(),
            contact: mine
                .then(|| contact(row.buyer_email.as_deref(), row.buyer_phone.as_deref()))
                .filter(|c| !c.is_empty()),
            agent: row.agent_id.map(|id| AgentRef {
                id,
                name: row.agent_name.clone().unwrap_or_default(),
                open_leads: row.agent_open.unwrap_or(0),
            }),
            status: row.status,
            score: row.score,
            points: row.points,
            budget_egp: row.budget_egp,
            area: row.area.clone(),
            timeline: row.timeline.clone(),
            viewings: row.viewings,
            last_activity: cairo_display(row.last_activity_at),
            mine,
        }
    }

    pub async fn inbox(&self, staff: &User, q: &LeadsQuery) -> Result<LeadsPage, AppError> {
        let is_admin = staff.role == Role::Admin;
        let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(code) => Some(
                LeadStatus::from_code(code)
                    .ok_or_else(|| AppError::validation("status", "unknown status"))?,
            ),
        };
        let score = match q.score.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(code) => {
                Some(Score::from_code(code).ok_or_else(|| AppError::validation("score", "unknown score"))?)
            }
        };
        let text = crate::wire::dashboard::search_text(q.q.as_deref());
        let (page, offset) = page_offset(q.page);
        let filter = repo::InboxFilter {
            scope: (!is_admin).then_some(staff.id),
            agent: if is_admin { q.agent } else { None },
            status,
            score,
            text: text.as_deref(),
            limit: i64::from(PER_PAGE),
            offset,
        };
        let (rows, total) = repo::inbox(&self.db, &filter).await.map_err(AppError::internal)?;
        let items = rows.iter().map(|r| self.summary(staff, r)).collect();
        let agents = if is_admin { self.agents().await? } else { Vec::new() };
        Ok(LeadsPage { total, page, items, is_admin, agents })
    }

    async fn visible_lead(&self, staff: &User, id: i64) -> Result<LeadRow, AppError> {
        let row = repo::lead(&self.db, id).await.map_err(AppError::internal)?.ok_or(AppError::NotFound)?;
        if may_see(staff, row.agent_id) { Ok(row) } else { Err(AppError::Forbidden) }
    }

    pub async fn detail(&self, staff: &User, id: i64) -> Result<LeadDetail, AppError> {
        let row = self.visible_lead(staff, id).await?;
        let key = match (row.buyer_id, &row.visitor_hash) {
            (Some(buyer), _) => LeadKey::Buyer(buyer),
            (None, Some(hash)) => LeadKey::Visitor(hash.clone()),
            (None, None) => return Err(AppError::NotFound),
        };
        let transcript = repo::transcript(&self.db, &key, 200)
            .await
            .map_err(AppError::internal)?
            .into_iter()
            .map(|l| TranscriptLine {
                role: if l.role == "user" { "buyer".into() } else { "assistant".into() },
                text: l.content,
                at: cairo_display(l.created_at),
            })
            .collect();
        let looked_at = repo::listings_seen(&self.db, &key, 30).await.map_err(AppError::internal)?;
        let (saved, viewings) = match row.buyer_id {
            Some(buyer) => (
                repo::listings_saved(&self.db, buyer, 30).await.map_err(AppError::internal)?,
                viewings_repo::viewings_of_buyer(&self.db, buyer).await.map_err(AppError::internal)?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        let history = repo::events(&self.db, id)
            .await
            .map_err(AppError::internal)?
            .into_iter()
            .map(|e| LeadEvent {
                kind: e.kind,
                actor: e.actor,
                from_status: e.from_status,
                to_status: e.to_status,
                agent: e.agent,
                note: e.note,
                at: cairo_display(e.created_at),
            })
            .collect();
        let is_admin = staff.role == Role::Admin;
        Ok(LeadDetail {
            lead: self.summary(staff, &row),
            signals: serde_json::from_value(row.signals.clone()).unwrap_or_default(),
            transcript,
            looked_at: looked_at.into_iter().map(listing_ref).collect(),
            saved: saved.into_iter().map(listing_ref).collect(),
            viewings: viewings.into_iter().map(|v| self.staff_viewing(staff, v)).collect(),
            history,
            can_edit: true,
            is_admin,
            agents: if is_admin { self.agents().await? } else { Vec::new() },
        })
    }

    fn clean_note(note: &str) -> Result<String, AppError> {
        let note: String = note.trim().chars().filter(|c| !c.is_control() || *c == '\n').collect::<String>();
        if note.chars().count() > 2000 {
            return Err(AppError::validation("note", "at most 2,000 characters"));
        }
        Ok(note)
    }

    pub async fn set_status(
        &self,
        staff: &User,
        id: i64,
        status: LeadStatus,
        note: &str,
    ) -> Result<(), AppError> {
        let note = Self::clean_note(note)?;
        self.visible_lead(staff, id).await?;
        repo::set_status(&self.db, id, staff.id, status, &note)
            .await
            .map_err(AppError::internal)?
            .ok_or(AppError::NotFound)?;
        metrics::counter!("lead_status_changes_total", "to" => status.code()).increment(1);
        Ok(())
    }

    pub async fn add_note(&self, staff: &User, id: i64, note: &str) -> Result<(), AppError> {
        let note = Self::clean_note(note)?;
        if note.is_empty() {
            return Err(AppError::validation("note", "write the note first"));
        }
        self.visible_lead(staff, id).await?;
        repo::note(&self.db, id, staff.id, &note).await.map_err(AppError::internal)
    }

    pub async fn assign(&self, staff: &User, id: i64, agent_id: i64) -> Result<(), AppError> {
        if staff.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        repo::lead(&self.db, id).await.map_err(AppError::internal)?.ok_or(AppError::NotFound)?;
        if repo::assign(&self.db, id, staff.id, agent_id).await.map_err(AppError::internal)? {
            Ok(())
        } else {
            Err(AppError::validation("agent_id", "not an agent"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timelines_are_read_in_both_languages_and_plan_lengths_are_not() {
        assert_eq!(timeline_in("we want to move within 3 months").as_deref(), Some("within 3 months"));
        assert_eq!(timeline_in("Need it ASAP please").as_deref(), Some("ASAP"));
        assert_eq!(timeline_in("buying next year").as_deref(), Some("next year"));
        assert_eq!(timeline_in("محتاج شقة خلال شهرين").as_deref(), Some("خلال شهرين"));
        assert_eq!(timeline_in("عايز أشتري السنة الجاية").as_deref(), Some("السنة الجاية"));
        assert_eq!(timeline_in("3 bedroom apartment in New Cairo, 7 years installments"), None);
        assert_eq!(timeline_in("delivery in 2 years"), None);
    }

    #[test]
    fn contact_requests_are_read_in_both_languages() {
        assert_eq!(contact_request_in("Please call me tomorrow").as_deref(), Some("call me"));
        assert_eq!(contact_request_in("can I speak to an agent?").as_deref(), Some("speak to an agent"));
        assert_eq!(contact_request_in("ممكن حد يكلمني؟").as_deref(), Some("كلمني"));
        assert_eq!(contact_request_in("كلموني على واتساب").as_deref(), Some("كلموني"));
        assert_eq!(contact_request_in("show me villas in Sheikh Zayed"), None);
        assert_eq!(contact_request_in("I recall the compound"), None);
    }
}
