//! The listing catalog: the seeded generator, the file formats it reads,
//! and the ingest pipeline that validates, stores and embeds listings.

pub mod formats;
pub mod generate;
pub mod ingest;
pub mod manage;
pub mod progress;
pub mod rng;
