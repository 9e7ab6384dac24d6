//! The lowest layer: text folding and the line index (`text`), dates (`dates`) and the
//! diagnostic codes (`code`). It uses nothing else of the crate.

pub mod code;
pub mod dates;
pub mod text;
