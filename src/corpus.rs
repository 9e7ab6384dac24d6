//! Reading article files: decoding, skipping what cannot be an article, and the per-article
//! record the rest of the core works on. Nothing here ever writes to the corpus.

use crate::layout::Layout;
use crate::text::LineIndex;
use std::path::{Path, PathBuf};

/// One source article: a file of the corpus.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// The file stem, e.g. `002_9d85ca025dc7a69f`.
    pub id: String,
    pub path: PathBuf,
    /// The path as shown to users (relative to the workspace root when under it).
    pub display_path: String,
    /// The decoded text (BOM removed; line endings kept as in the file).
    pub text: String,
    pub lines: LineIndex,
    pub layout: Layout,
}

impl Article {
    /// Line (0-based) of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }

    /// The text of the line holding `offset`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.lines.line_start(line).min(self.text.len());
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// What identifies one version of an article file: its size and modification time (checked
/// without reading) and the hash of its decoded text (checked when those differ).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileKey {
    pub size: u64,
    /// Nanoseconds since the Unix epoch, when the file system tells.
    pub modified: Option<u128>,
    pub hash: u64,
}

impl FileKey {
    /// The key of a file whose decoded text is `text`; `stat` as returned by [`stat`].
    pub fn new(stat: (u64, Option<u128>), text: &str) -> FileKey {
        FileKey {
            size: stat.0,
            modified: stat.1,
            hash: content_hash(text),
        }
    }

    /// Whether the file's size and modification time are still those of this key.
    pub fn same_stat(&self, stat: (u64, Option<u128>)) -> bool {
        self.modified.is_some() && (self.size, self.modified) == stat
    }
}

/// Size and modification time of a file, or None when it cannot be read.
pub fn stat(path: &Path) -> Option<(u64, Option<u128>)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos());
    Some((meta.len(), modified))
}

/// A fast 64-bit hash of a text, for telling whether an article changed.
pub fn content_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Why a file was not read as an article, or what was odd about it.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadOutcome {
    Ok {
        text: String,
        warning: Option<String>,
    },
    Skipped(String),
}

/// Reads one article file: UTF-8 with or without BOM; invalid UTF-8 decoded lossily with a
/// warning; binary files (NUL bytes) and files over `max_size` skipped with a warning.
pub fn read_article_text(path: &Path, max_size: u64) -> ReadOutcome {
    let shown = path.display();
    // one reading policy: regular files only, never blocking on a FIFO, at most `max_size`
    let bytes = match crate::safe_read::read_file(path, max_size) {
        Ok(b) => b,
        Err(e @ crate::safe_read::ReadError::TooLarge { .. }) => {
            return ReadOutcome::Skipped(format!("{shown}: skipped, {e}"));
        }
        Err(crate::safe_read::ReadError::Io(e)) => {
            return ReadOutcome::Skipped(format!("{shown}: cannot read: {e}"));
        }
        Err(e) => return ReadOutcome::Skipped(format!("{shown}: skipped, {e}")),
    };
    decode_article(&shown.to_string(), bytes)
}

/// Decodes article bytes (see [`read_article_text`]); `name` is used in messages.
pub fn decode_article(name: &str, bytes: Vec<u8>) -> ReadOutcome {
    if bytes.contains(&0) {
        return ReadOutcome::Skipped(format!(
            "{name}: skipped, looks binary (contains NUL bytes)"
        ));
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &bytes[bom..];
    match std::str::from_utf8(body) {
        Ok(s) => ReadOutcome::Ok {
            text: s.to_string(),
            warning: None,
        },
        Err(e) => ReadOutcome::Ok {
            text: String::from_utf8_lossy(body).into_owned(),
            warning: Some(format!(
                "{name}: invalid UTF-8 at byte {}, decoded with replacement characters",
                e.valid_up_to() + bom
            )),
        },
    }
}

/// The path to show for `path`: relative to `root` when under it.
pub fn display_path(path: &Path, root: &Path) -> String {
    let p = path.strip_prefix(root).unwrap_or(path);
    p.to_string_lossy().replace('\\', "/")
}

/// The article id of a path: its file stem.
pub fn article_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_removed() {
        let out = decode_article("a.txt", b"\xEF\xBB\xBFHello".to_vec());
        assert_eq!(
            out,
            ReadOutcome::Ok {
                text: "Hello".into(),
                warning: None
            }
        );
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_a_warning() {
        let out = decode_article("a.txt", b"Vi\xFFt Nam".to_vec());
        match out {
            ReadOutcome::Ok { text, warning } => {
                assert_eq!(text, "Vi\u{FFFD}t Nam");
                assert_eq!(
                    warning.as_deref(),
                    Some("a.txt: invalid UTF-8 at byte 2, decoded with replacement characters")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_files_are_skipped() {
        let out = decode_article("b.txt", b"PK\x03\x04\x00\x00".to_vec());
        assert_eq!(
            out,
            ReadOutcome::Skipped("b.txt: skipped, looks binary (contains NUL bytes)".into())
        );
    }

    #[test]
    fn files_over_the_limit_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        std::fs::write(&p, "x".repeat(100)).unwrap();
        match read_article_text(&p, 10) {
            ReadOutcome::Skipped(msg) => {
                assert!(msg.ends_with("skipped, 100 bytes is over the size limit of 10 bytes"))
            }
            other => panic!("{other:?}"),
        }
    }
}
