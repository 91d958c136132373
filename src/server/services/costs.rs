//! The cost monitor: tokens and cost of every paid model call, by purpose
//! (chat, embedding) and model, added up per UTC day in Redis (a hash per
//! day, kept 91 days for the analytics charts). When a day's cost
//! crosses the budget an error is logged once that day and the
//! `llm_budget_exceeded` gauge goes to 1; the chat then answers with the
//! offline assistant until the day ends.

use crate::server::adapters::kv::Kv;
use chrono::{Duration, NaiveDate, Utc};
use redis::AsyncCommands;
use std::collections::BTreeMap;

const KEEP_SECS: i64 = 91 * 24 * 60 * 60;

/// USD per million tokens (input, output), list prices of late 2025; an
/// unknown model costs what `OSOOL_LLM_PRICE_*` says, else nothing.
pub fn list_price(model: &str) -> Option<(f64, f64)> {
    let m = model.to_lowercase();
    Some(match m.as_str() {
        _ if m.starts_with("gpt-4o-mini") => (0.15, 0.60),
        _ if m.starts_with("gpt-4o") => (2.50, 10.00),
        _ if m.starts_with("gpt-4.1-nano") => (0.10, 0.40),
        _ if m.starts_with("gpt-4.1-mini") => (0.40, 1.60),
        _ if m.starts_with("gpt-4.1") => (2.00, 8.00),
        _ if m.starts_with("gpt-5-nano") => (0.05, 0.40),
        _ if m.starts_with("gpt-5-mini") => (0.25, 2.00),
        _ if m.starts_with("gpt-5") => (1.25, 10.00),
        "text-embedding-3-small" => (0.02, 0.0),
        "text-embedding-3-large" => (0.13, 0.0),
        "text-embedding-ada-002" => (0.10, 0.0),
        _ => return None,
    })
}

#[derive(Clone)]
pub struct Costs {
    kv: Kv,
    daily_budget_usd: f64,
    /// Prices for models the table does not know (USD per million tokens).
    price_override: Option<(f64, f64)>,
}

/// One line of a day's costs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pub purpose: String,
    pub model: String,
    pub calls: i64,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub usd: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    pub lines: Vec<Line>,
}

impl Day {
    pub fn total_usd(&self) -> f64 {
        self.lines.iter().map(|l| l.usd).sum()
    }

    pub fn tokens(&self) -> i64 {
        self.lines.iter().map(|l| l.prompt_tokens + l.completion_tokens).sum()
    }
}

impl Costs {
    pub fn new(kv: Kv, daily_budget_usd: f64, price_override: Option<(f64, f64)>) -> Costs {
        Costs { kv, daily_budget_usd, price_override }
    }

    pub fn budget_usd(&self) -> f64 {
        self.daily_budget_usd
    }

    /// What a call costs, in USD.
    pub fn cost(&self, model: &str, prompt_tokens: u32, completion_tokens: u32) -> f64 {
        let (input, output) = self.price_override.or_else(|| list_price(model)).unwrap_or((0.0, 0.0));
        (f64::from(prompt_tokens) * input + f64::from(completion_tokens) * output) / 1_000_000.0
    }

    fn day_key(&self, date: NaiveDate) -> String {
        self.kv.key(&["costs", &date.format("%Y-%m-%d").to_string()])
    }

    /// Adds a call to today's figures. Redis trouble is logged, never
    /// passed on: a buyer's answer does not wait on bookkeeping.
    pub async fn record(&self, purpose: &str, model: &str, prompt_tokens: u32, completion_tokens: u32) {
        let usd = self.cost(model, prompt_tokens, completion_tokens);
        metrics::counter!("llm_tokens_total", "purpose" => purpose.to_owned(), "kind" => "prompt")
            .increment(u64::from(prompt_tokens));
        metrics::counter!("llm_tokens_total", "purpose" => purpose.to_owned(), "kind" => "completion")
            .increment(u64::from(completion_tokens));
        let today = Utc::now().date_naive();
        let key = self.day_key(today);
        let field = |what: &str| format!("{purpose}|{model}|{what}");
        let nano = (usd * 1e9).round() as i64;
        let mut connection = self.kv.connection();
        let result: Result<(), redis::RedisError> = redis::pipe()
            .hincr(&key, field("calls"), 1)
            .ignore()
            .hincr(&key, field("prompt"), i64::from(prompt_tokens))
            .ignore()
            .hincr(&key, field("completion"), i64::from(completion_tokens))
            .ignore()
            .hincr(&key, field("nano_usd"), nano)
            .ignore()
            .expire(&key, KEEP_SECS)
            .ignore()
            .query_async(&mut connection)
            .await;
        if let Err(error) = result {
            tracing::warn!(%error, "could not record model costs");
            return;
        }
        self.check_budget(today).await;
    }

    /// Today's cost against the budget: the gauges, and one alert a day.
    async fn check_budget(&self, today: NaiveDate) -> bool {
        let Ok(day) = self.day(today).await else { return false };
        let total = day.total_usd();
        metrics::gauge!("llm_cost_today_usd").set(total);
        let over = self.daily_budget_usd > 0.0 && total >= self.daily_budget_usd;
        metrics::gauge!("llm_budget_exceeded").set(if over { 1.0 } else { 0.0 });
        if over {
            let alert_key = self.kv.key(&["costs", "alerted", &today.format("%Y-%m-%d").to_string()]);
            let mut connection = self.kv.connection();
            let first: Result<bool, _> = redis::cmd("SET")
                .arg(&alert_key)
                .arg(1)
                .arg("NX")
                .arg("EX")
                .arg(KEEP_SECS)
                .query_async::<Option<String>>(&mut connection)
                .await
                .map(|r| r.is_some());
            if first.unwrap_or(false) {
                tracing::error!(
                    cost_usd = total,
                    budget_usd = self.daily_budget_usd,
                    "ALERT: today's model spending crossed the daily budget; the offline assistant answers until tomorrow (UTC)"
                );
            }
        }
        over
    }

    /// Whether today's spending has reached the budget (false when Redis
    /// cannot tell).
    pub async fn over_budget(&self) -> bool {
        self.check_budget(Utc::now().date_naive()).await
    }

    pub async fn day(&self, date: NaiveDate) -> Result<Day, redis::RedisError> {
        let mut connection = self.kv.connection();
        let fields: BTreeMap<String, i64> = connection.hgetall(self.day_key(date)).await?;
        let mut lines: BTreeMap<(String, String), Line> = BTreeMap::new();
        for (field, value) in fields {
            let mut parts = field.rsplitn(3, '|');
            let (Some(what), Some(model), Some(purpose)) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            let line = lines.entry((purpose.to_owned(), model.to_owned())).or_insert_with(|| Line {
                purpose: purpose.to_owned(),
                model: model.to_owned(),
                ..Line::default()
            });
            match what {
                "calls" => line.calls = value,
                "prompt" => line.prompt_tokens = value,
                "completion" => line.completion_tokens = value,
                "nano_usd" => line.usd = value as f64 / 1e9,
                _ => {}
            }
        }
        Ok(Day { date, lines: lines.into_values().collect() })
    }

    /// The last `n` days, today first.
    pub async fn last_days(&self, n: u32) -> Result<Vec<Day>, redis::RedisError> {
        let today = Utc::now().date_naive();
        let mut out = Vec::new();
        for back in 0..n {
            out.push(self.day(today - Duration::days(i64::from(back))).await?);
        }
        Ok(out)
    }
}

impl crate::server::adapters::UsageMeter for Costs {
    fn record<'a>(
        &'a self,
        purpose: &'a str,
        model: &'a str,
        prompt_tokens: u32,
        completion_tokens: u32,
    ) -> futures::future::BoxFuture<'a, ()> {
        Box::pin(Costs::record(self, purpose, model, prompt_tokens, completion_tokens))
    }
}

/// The `osool costs` table.
pub fn render(days: &[Day], budget_usd: f64) -> String {
    let mut out = format!("Model costs per day (UTC), budget ${budget_usd:.2} a day\n");
    out.push_str(&format!(
        "{:<12} {:<10} {:<28} {:>7} {:>12} {:>12} {:>10}\n",
        "date", "purpose", "model", "calls", "prompt tok", "output tok", "USD"
    ));
    for day in days {
        if day.lines.is_empty() {
            out.push_str(&format!(
                "{:<12} {:<10} {:<28} {:>7} {:>12} {:>12} {:>10.4}\n",
                day.date.to_string(),
                "-",
                "-",
                0,
                0,
                0,
                0.0
            ));
            continue;
        }
        for l in &day.lines {
            out.push_str(&format!(
                "{:<12} {:<10} {:<28} {:>7} {:>12} {:>12} {:>10.4}\n",
                day.date.to_string(),
                l.purpose,
                l.model,
                l.calls,
                l.prompt_tokens,
                l.completion_tokens,
                l.usd
            ));
        }
        let flag = if budget_usd > 0.0 && day.total_usd() >= budget_usd { "  OVER BUDGET" } else { "" };
        out.push_str(&format!(
            "{:<12} {:<10} {:<28} {:>7} {:>12} {:>12} {:>10.4}{flag}\n",
            day.date.to_string(),
            "total",
            "",
            "",
            "",
            "",
            day.total_usd()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_follow_the_price_table_or_the_override() {
        let price = |model: &str, p: u32, c: u32, o: Option<(f64, f64)>| {
            let (input, output) = o.or_else(|| list_price(model)).unwrap_or((0.0, 0.0));
            (f64::from(p) * input + f64::from(c) * output) / 1e6
        };
        // gpt-4o-mini: $0.15 in, $0.60 out per million.
        assert!((price("gpt-4o-mini", 1_000_000, 0, None) - 0.15).abs() < 1e-9);
        assert!((price("gpt-4o-mini-2024-07-18", 0, 1_000_000, None) - 0.60).abs() < 1e-9);
        assert!((price("llama3.1:8b", 1_000, 1_000, None)).abs() < 1e-12);
        assert!((price("llama3.1:8b", 1_000_000, 1_000_000, Some((1.0, 2.0))) - 3.0).abs() < 1e-9);
    }

    #[test]
    fn the_table_shows_every_day_and_flags_overspending() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).expect("date");
        let days = vec![
            Day {
                date: d(2),
                lines: vec![Line {
                    purpose: "chat".into(),
                    model: "gpt-4o-mini".into(),
                    calls: 3,
                    prompt_tokens: 3_000,
                    completion_tokens: 600,
                    usd: 12.5,
                }],
            },
            Day { date: d(1), lines: vec![] },
        ];
        let table = render(&days, 10.0);
        assert!(table.contains("2026-12-02   chat       gpt-4o-mini"), "{table}");
        assert!(table.contains("OVER BUDGET"));
        assert!(table.contains("2026-12-01"));
    }
}
