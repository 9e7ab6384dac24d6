//! Dossier: a knowledge base of a news corpus (entities, aliases, dates, signing events) for
//! analysts' notes. This crate's core speaks byte offsets; the protocol layers convert.

pub mod bench;
pub mod check;
pub mod code;
pub mod config;
pub mod corpus;
pub mod dates;
pub mod events;
pub mod extract;
pub mod gazetteer;
pub mod ide;
pub mod index;
pub mod kb;
pub mod layout;
pub mod lsp;
pub mod output;
pub mod text;
