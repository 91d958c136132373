//! Search: query understanding, hybrid ranking (pgvector cosine fused with
//! Postgres full text), and what to suggest when nothing fits.

pub mod cache;
pub mod gazetteer;
pub mod lexicon;
pub mod service;
pub mod understand;

#[cfg(test)]
mod tests;
