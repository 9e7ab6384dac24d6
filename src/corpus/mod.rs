//! Reading article files: decoding, skipping what cannot be an article, and the per-article
//! record the rest of the core works on. Nothing here ever writes to the corpus.

pub mod config;
pub mod layout;

use crate::base::text::LineIndex;
use crate::corpus::layout::Layout;
use std::path::{Path, PathBuf};

/// One source article: a file of the corpus.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// The file stem, e.g. `002_9d85ca025dc7a69f`.
    pub id: String,
    /// Stored losslessly: a file name that is not valid UTF-8 is kept as its bytes.
    #[serde(with = "path_bytes")]
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
        let end = self.lines.line_end(&self.text, line).max(start);
        &self.text[start..end]
    }
}

/// A path (de)serialized as the bytes of the operating system's string on Unix, so that a file
/// name that is not valid UTF-8 can be stored (serde's own `PathBuf` refuses it); elsewhere as
/// a string (Windows paths are Unicode apart from lone surrogates, which are replaced).
pub(crate) mod path_bytes {
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};
    use std::path::{Path, PathBuf};

    pub fn serialize<S: Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            s.serialize_bytes(p.as_os_str().as_bytes())
        }
        #[cfg(not(unix))]
        {
            s.serialize_bytes(p.to_string_lossy().as_bytes())
        }
    }

    fn from_bytes(b: Vec<u8>) -> PathBuf {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            PathBuf::from(std::ffi::OsString::from_vec(b))
        }
        #[cfg(not(unix))]
        {
            PathBuf::from(String::from_utf8_lossy(&b).into_owned())
        }
    }

    struct PathVisitor;

    impl<'de> Visitor<'de> for PathVisitor {
        type Value = PathBuf;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a path as bytes")
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<PathBuf, E> {
            Ok(from_bytes(v.to_vec()))
        }
        fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<PathBuf, E> {
            Ok(from_bytes(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<PathBuf, E> {
            Ok(PathBuf::from(v))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<PathBuf, A::Error> {
            let mut v = Vec::new();
            while let Some(b) = seq.next_element::<u8>()? {
                v.push(b);
            }
            Ok(from_bytes(v))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        d.deserialize_byte_buf(PathVisitor)
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

/// Why a file was not read under the one file-reading policy ([`read_regular`]).
#[derive(Debug)]
pub enum FileError {
    /// There is no such file.
    Missing,
    /// It is a folder, FIFO, socket or device: only regular files are read.
    NotRegular(&'static str),
    /// Over the size limit (its size when known).
    TooLarge { size: u64, limit: u64 },
    /// Any other failure of the operating system.
    Io(std::io::Error),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Missing => write!(f, "no such file"),
            FileError::NotRegular(what) => write!(f, "{what}, not a regular file"),
            FileError::TooLarge { size, limit } => {
                write!(f, "{size} bytes is over the size limit of {limit} bytes")
            }
            FileError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            FileError::Missing
        } else {
            FileError::Io(e)
        }
    }
}

/// What kind of file `meta` describes, when it is not a regular file.
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// Whether `meta` is a regular file of at most `limit` bytes, as `read_regular` asks before
/// and after opening.
fn regular_within(meta: &std::fs::Metadata, limit: u64) -> Result<(), FileError> {
    if let Some(what) = not_regular(meta) {
        return Err(FileError::NotRegular(what));
    }
    if meta.len() > limit {
        return Err(FileError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(())
}

/// The one policy for reading a file (notes, articles, `dossier.toml`, the index): only a
/// regular file (checked through its metadata before opening, so a FIFO or device is never
/// opened, and again on the opened handle), at most `limit` bytes (checked before reading,
/// and the read itself is bounded, so a file that grows meanwhile cannot exceed it). On Unix
/// the file is opened non-blocking, so a file swapped for a FIFO between the two checks cannot
/// hang the open either.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    use std::io::Read;
    let (file, meta) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Opens the regular file at `path` of at most `limit` bytes under the policy of
/// [`read_regular`], with its metadata.
pub fn open_regular(
    path: &Path,
    limit: u64,
) -> Result<(std::fs::File, std::fs::Metadata), FileError> {
    regular_within(&std::fs::metadata(path)?, limit)?;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    regular_within(&meta, limit)?;
    Ok((file, meta))
}

/// Reads one article file: UTF-8 with or without BOM; invalid UTF-8 decoded lossily with a
/// warning; binary files (NUL bytes), files over `max_size` and anything but a regular file
/// skipped with a warning (see [`read_regular`]). Notes are read the same way.
pub fn read_article_text(path: &Path, max_size: u64) -> ReadOutcome {
    let shown = path.display();
    let bytes = match read_regular(path, max_size) {
        Ok(b) => b,
        Err(e @ FileError::TooLarge { .. }) => {
            return ReadOutcome::Skipped(format!("{shown}: skipped, {e}"));
        }
        Err(e @ FileError::NotRegular(_)) => {
            return ReadOutcome::Skipped(format!("{shown}: skipped, {e}"));
        }
        Err(e) => return ReadOutcome::Skipped(format!("{shown}: cannot read: {e}")),
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

/// The `file://` URL of a path (made absolute first), with `#L<line>` (1-based) when given:
/// the one maker of file URLs (Markdown links, JSON output, the server's URIs), through the
/// `url` crate, so that a Windows path comes out as `file:///C:/...`.
pub fn file_url(path: &Path, line: Option<usize>) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    #[cfg(windows)]
    let url = windows_file_url(&abs.to_string_lossy()).ok_or(());
    #[cfg(not(windows))]
    let url = url::Url::from_file_path(&abs);
    let mut out = match url {
        Ok(u) => String::from(u),
        // only a path that is not absolute fails, and `absolute` made it so
        Err(()) => format!("file://{}", abs.to_string_lossy()),
    };
    if let Some(l) = line {
        out.push_str(&format!("#L{}", l + 1));
    }
    out
}

/// The path a `file://` URL names (its fragment left out); None for other URLs.
pub fn url_path(url: &str) -> Option<PathBuf> {
    #[cfg(windows)]
    return windows_url_path(url).map(PathBuf::from);
    #[cfg(not(windows))]
    return url::Url::parse(url).ok()?.to_file_path().ok();
}

/// The `file://` URL of a Windows path as Windows reads it, on any platform (so every
/// platform's tests check what Windows users get): `C:\Users\A B\n.md` is
/// `file:///C:/Users/A%20B/n.md`, `\\server\share\n.md` is `file://server/share/n.md`.
/// The segments are percent-encoded by the `url` crate. None for a path that is not absolute.
pub fn windows_file_url(path: &str) -> Option<url::Url> {
    let path = path.strip_prefix(r"\\?\").unwrap_or(path);
    let (mut url, first, rest) = if let Some(unc) = path.strip_prefix(r"\\") {
        let (server, rest) = unc.split_once('\\')?;
        let (share, rest) = rest.split_once('\\').unwrap_or((rest, ""));
        (
            url::Url::parse(&format!("file://{server}/")).ok()?,
            share,
            rest,
        )
    } else {
        let b = path.as_bytes();
        if b.len() < 3
            || !b[0].is_ascii_alphabetic()
            || b[1] != b':'
            || !matches!(b[2], b'\\' | b'/')
        {
            return None;
        }
        (url::Url::parse("file:///").ok()?, &path[..2], &path[3..])
    };
    {
        let mut segments = url.path_segments_mut().ok()?;
        segments.clear().push(first);
        if !rest.is_empty() {
            segments.extend(rest.split(['\\', '/']));
        }
    }
    Some(url)
}

/// The Windows path a `file://` URL names, on any platform: the drive (`C:`, or `C%3A` and
/// `C|` as some clients write it) or the server of a UNC path, then the decoded segments.
pub fn windows_url_path(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    if u.scheme() != "file" {
        return None;
    }
    let segments: Vec<String> = u
        .path_segments()?
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .ok()
                .map(|c| c.into_owned())
        })
        .collect::<Option<_>>()?;
    match u.host_str() {
        Some(host) if !host.is_empty() && host != "localhost" => {
            Some(format!("\\\\{host}\\{}", segments.join("\\")))
        }
        _ => {
            let (drive, rest) = segments.split_first()?;
            let d = drive.as_bytes();
            (d.len() == 2 && d[0].is_ascii_alphabetic() && matches!(d[1], b':' | b'|'))
                .then(|| format!("{}:\\{}", &drive[..1], rest.join("\\")))
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn reads_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "hello").unwrap();
        assert_eq!(read_regular(&p, 5).unwrap(), b"hello");
        assert!(matches!(
            read_regular(&p, 4),
            Err(FileError::TooLarge { size: 5, limit: 4 })
        ));
        assert!(matches!(
            read_regular(dir.path(), 100),
            Err(FileError::NotRegular("a folder"))
        ));
        assert!(matches!(
            read_regular(&dir.path().join("missing"), 100),
            Err(FileError::Missing)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_at_once() {
        // /dev/zero never ends: read as a file it would fill memory
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 1 << 20),
            Err(FileError::NotRegular(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        // with no writer, opening or reading a FIFO would block forever
        let (tx, rx) = std::sync::mpsc::channel();
        let f = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(matches!(
                read_regular(&f, 100),
                Err(FileError::NotRegular(_))
            ));
        });
        assert_eq!(
            rx.recv_timeout(std::time::Duration::from_secs(5)),
            Ok(true),
            "a FIFO was not refused at once"
        );
    }
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
