//! SQL for `ai_usage`: tokens and cost of calls to paid models.

use sqlx::PgPool;

pub struct Usage<'a> {
    pub provider: &'a str,
    pub model: &'a str,
    pub purpose: &'a str,
    pub prompt_tokens: i32,
    pub completion_tokens: i32,
    pub cost_usd: f64,
}

pub async fn record(pool: &PgPool, usage: Usage<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        r#"
        insert into ai_usage (provider, model, purpose, prompt_tokens, completion_tokens, cost_usd)
        values ($1, $2, $3, $4, $5, $6::float8::numeric)
        "#,
        usage.provider,
        usage.model,
        usage.purpose,
        usage.prompt_tokens,
        usage.completion_tokens,
        usage.cost_usd,
    )
    .execute(pool)
    .await?;
    Ok(())
}
