//! Everything that talks to the outside world, each behind a type the
//! services hold: Redis (`kv`), SMTP (`mail`), SMS (`sms`), the embedding
//! model (`embed`) and the chat model (`llm`), with the circuit breaker
//! that rests a failing one. Every outbound call has a timeout.

pub mod breaker;
pub mod embed;
pub mod kv;
pub mod llm;
pub mod mail;
pub mod sms;
