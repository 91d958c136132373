//! Everything that talks to the outside world, each behind a type the
//! services hold: Redis (`kv`), SMTP (`mail`), SMS (`sms`), the embedding
//! model (`embed`), the chat model (`llm`) and payments (`paymob`), with
//! the circuit breaker that rests a failing one. Every outbound call has a timeout.

pub mod breaker;
pub mod embed;
pub mod kv;
pub mod llm;
pub mod mail;
pub mod paymob;
pub mod sms;

/// Where the model adapters report what a call used: the cost monitor
/// (`services::costs`) is one. Reporting never fails the call.
pub trait UsageMeter: Send + Sync {
    fn record<'a>(
        &'a self,
        purpose: &'a str,
        model: &'a str,
        prompt_tokens: u32,
        completion_tokens: u32,
    ) -> futures::future::BoxFuture<'a, ()>;
}
