//! The one policy for reading a file from disk: only regular files (checked on the path before
//! opening and on the opened handle after), opened without blocking (a FIFO never hangs the
//! reader), and never more than a size limit (read through `take`, so a file that grows while
//! it is read cannot exceed it). The corpus reader, `dossier.toml` and the language server's
//! document reads all go through [`read_file`].

use std::io::Read;
use std::path::Path;

#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// A folder, FIFO, socket or device.
    NotRegular,
    TooLarge {
        size: u64,
        limit: u64,
    },
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::NotRegular => write!(f, "not a regular file"),
            ReadError::TooLarge { size, limit } => {
                write!(f, "{size} bytes is over the size limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for ReadError {}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Reads a regular file of at most `limit` bytes (symbolic links are followed).
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // the path may have been replaced by a FIFO since the check: opening one without
        // O_NONBLOCK waits for a writer
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut buf = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: buf.len() as u64,
            limit,
        });
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "hello").unwrap();
        assert_eq!(read_file(&p, 5).unwrap(), b"hello");
        assert!(matches!(
            read_file(&p, 4),
            Err(ReadError::TooLarge { size: 5, limit: 4 })
        ));
        assert!(matches!(
            read_file(dir.path(), 100),
            Err(ReadError::NotRegular)
        ));
        assert!(
            read_file(&dir.path().join("missing"), 100)
                .unwrap_err()
                .is_not_found()
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_at_once() {
        // /dev/zero never ends: read as a file it would fill memory
        assert!(matches!(
            read_file(Path::new("/dev/zero"), 1 << 20),
            Err(ReadError::NotRegular)
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo not available: FIFO case skipped");
            return;
        }
        // with no writer, opening or reading a FIFO would block forever
        let (tx, rx) = std::sync::mpsc::channel();
        let f = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(matches!(read_file(&f, 100), Err(ReadError::NotRegular)));
        });
        assert_eq!(
            rx.recv_timeout(std::time::Duration::from_secs(5)),
            Ok(true),
            "a FIFO was not refused at once"
        );
    }
}
