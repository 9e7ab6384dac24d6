//! The command line's library parts: the output formats (`output`) and `dossier bench`
//! (`bench`). The commands themselves are `src/main.rs`.

pub mod bench;
pub mod output;
