//! Dossier: a knowledge base of a news corpus (entities, aliases, dates, signing events) for
//! analysts' notes. This crate's core speaks byte offsets; the protocol layers convert.
//!
//! One folder per layer, each using only its own and those below (`tests/layers.rs`):
//! `base` (text, dates, codes) < `corpus` (reading, layout, config) < `kb` (model,
//! extraction, gazetteer, linking, events, index) < `check` < `ide` < `report` (the static
//! HTML report) < `lsp`, `cli`.

pub mod base;
pub mod check;
pub mod cli;
pub mod corpus;
pub mod ide;
pub mod kb;
pub mod lsp;
pub mod report;
