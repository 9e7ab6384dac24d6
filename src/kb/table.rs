//! Per-article tables (texts and layouts, extraction, preparation, match caches) that are either
//! owned (built in this process) or read in place from the memory-mapped index: a record is
//! decoded the first time it is asked for and kept for the life of the knowledge base, so a
//! warm start maps the file and answers without decoding the articles it is not asked about.
//!
//! A mapped record is a range of the index file with the xxh3 hash of its bytes, read from a
//! directory of fixed-width entries in the file itself. A record whose hash or decoding fails
//! (the file was altered after it was opened) reads as the empty value with a warning on stderr:
//! never a panic. The index is only ever replaced by renaming a new file over it, so the mapped
//! file itself never changes under the map.

use std::ops::Index;
use std::sync::{Arc, OnceLock};

/// An index file in memory: mapped, or read whole.
pub struct Map {
    bytes: Bytes,
}

enum Bytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl Map {
    /// Maps the regular file `file` read-only.
    pub fn new(file: &std::fs::File) -> std::io::Result<Map> {
        // SAFETY: the index is written to a temporary file and renamed over the old one, never
        // rewritten in place, so the mapped file does not change while it is mapped; every
        // record read from it is checked against its hash before it is decoded.
        let bytes = unsafe { memmap2::Mmap::map(file)? };
        Ok(Map {
            bytes: Bytes::Mapped(bytes),
        })
    }

    /// Reads the file `file` of `len` bytes whole (at most `len`: a file that grows meanwhile
    /// is cut, and then fails its checksum).
    pub fn read(file: &std::fs::File, len: u64) -> std::io::Result<Map> {
        use std::io::Read;
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        file.take(len).read_to_end(&mut bytes)?;
        Ok(Map {
            bytes: Bytes::Read(bytes),
        })
    }

    pub fn bytes(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Mapped(m) => m,
            Bytes::Read(v) => v,
        }
    }
}

/// Bytes of one directory entry: offset, length and hash of a record, each a u64.
pub const ENTRY: usize = 24;

/// Where one table's records lie in a map: the directory's offset and its number of entries.
#[derive(Clone)]
pub struct Column {
    map: Arc<Map>,
    directory: usize,
    len: usize,
    /// Per record: whether its hash was checked (once is enough: the map does not change).
    checked: Arc<[std::sync::atomic::AtomicBool]>,
    /// Per record: a mark its reader may set once it has checked more (see [`Column::mark`]).
    marks: Arc<[std::sync::atomic::AtomicBool]>,
}

impl Column {
    /// A column whose directory of `len` entries starts at `directory`; None when the directory
    /// or a record it names lies outside the map.
    pub fn new(map: Arc<Map>, directory: usize, len: usize) -> Option<Column> {
        let end = directory.checked_add(len.checked_mul(ENTRY)?)?;
        if end > map.bytes().len() {
            return None;
        }
        let col = Column {
            map,
            directory,
            len,
            checked: (0..len).map(|_| Default::default()).collect(),
            marks: (0..len).map(|_| Default::default()).collect(),
        };
        let size = col.map.bytes().len() as u64;
        (0..len)
            .all(|i| {
                let (at, n, _) = col.entry(i);
                at.checked_add(n).is_some_and(|e| e <= size)
            })
            .then_some(col)
    }

    fn entry(&self, i: usize) -> (u64, u64, u64) {
        let b = &self.map.bytes()[self.directory + i * ENTRY..][..ENTRY];
        let word = |k: usize| u64::from_le_bytes(b[k * 8..k * 8 + 8].try_into().unwrap_or([0; 8]));
        (word(0), word(1), word(2))
    }

    /// Whether record `i` was marked.
    pub fn marked(&self, i: usize) -> bool {
        self.marks
            .get(i)
            .is_some_and(|m| m.load(std::sync::atomic::Ordering::Acquire))
    }

    /// Marks record `i`: its reader checked what the mark stands for.
    pub fn mark(&self, i: usize) {
        if let Some(m) = self.marks.get(i) {
            m.store(true, std::sync::atomic::Ordering::Release);
        }
    }

    /// The length of record `i` as its directory entry says.
    pub fn record_len(&self, i: usize) -> u64 {
        if i < self.len { self.entry(i).1 } else { 0 }
    }

    /// The bytes of record `i` when they match their hash.
    pub fn record(&self, i: usize) -> Option<&[u8]> {
        if i >= self.len {
            return None;
        }
        let (at, n, hash) = self.entry(i);
        let bytes = self
            .map
            .bytes()
            .get(usize::try_from(at).ok()?..usize::try_from(at + n).ok()?)?;
        use std::sync::atomic::Ordering;
        if self.checked[i].load(Ordering::Relaxed) {
            return Some(bytes);
        }
        let good = xxhash_rust::xxh3::xxh3_64(bytes) == hash;
        self.checked[i].store(good, Ordering::Relaxed);
        good.then_some(bytes)
    }
}

/// Writes a directory entry for a record of `bytes` placed at `at`.
pub fn entry_bytes(at: u64, bytes: &[u8]) -> [u8; ENTRY] {
    let mut e = [0; ENTRY];
    e[..8].copy_from_slice(&at.to_le_bytes());
    e[8..16].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
    e[16..].copy_from_slice(&xxhash_rust::xxh3::xxh3_64(bytes).to_le_bytes());
    e
}

/// Decodes record `i` of a table from its bytes (None: they failed their hash). It returns a
/// value in every case: for a record that fails its hash or its checks, one that is safe to use
/// (an article of blank text of its length, no facts), having said so on stderr.
pub type Decoder<T> = Arc<dyn Fn(usize, Option<&[u8]>) -> T + Send + Sync>;

/// Says on stderr that record `i` of the index is damaged.
pub fn report_damaged(what: &str, i: usize) {
    eprintln!(
        "dossier: the {what} of article {i} in the index is damaged; run `dossier index --rebuild`"
    );
}

/// A table of per-article values, owned or mapped (see the module).
pub struct Table<T> {
    /// Boxed: a mapped table's slots are mostly empty, and an empty slot is then a pointer
    /// wide, not a whole value wide (an article's was hundreds of bytes, ×4 tables ×14,000).
    slots: Vec<OnceLock<Box<T>>>,
    mapped: Option<(Column, Decoder<T>)>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            slots: Vec::new(),
            mapped: None,
        }
    }
}

impl<T: Clone> Clone for Table<T> {
    fn clone(&self) -> Self {
        Table {
            slots: self.slots.clone(),
            mapped: self.mapped.clone(),
        }
    }
}

impl<T> From<Vec<T>> for Table<T> {
    fn from(v: Vec<T>) -> Self {
        Table {
            slots: v.into_iter().map(|x| OnceLock::from(Box::new(x))).collect(),
            mapped: None,
        }
    }
}

impl<T> FromIterator<T> for Table<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Table::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T> Table<T> {
    /// A table of `column`'s records, none decoded yet.
    pub fn mapped(column: Column, decode: Decoder<T>) -> Table<T> {
        Table {
            slots: (0..column.len).map(|_| OnceLock::new()).collect(),
            mapped: Some((column, decode)),
        }
    }

    /// Value `i`, decoded on first use.
    pub fn get(&self, i: usize) -> &T {
        self.slots[i].get_or_init(|| Box::new(self.decode(i)))
    }

    fn decode(&self, i: usize) -> T {
        let (column, decode) = self
            .mapped
            .as_ref()
            .expect("a slot without a value belongs to a mapped table");
        decode(i, column.record(i))
    }

    /// Value `i` to change (decoded first when it is not).
    pub fn get_mut(&mut self, i: usize) -> &mut T {
        self.get(i);
        self.slots[i].get_mut().expect("decoded just above")
    }

    /// Value `i` without keeping it: the decoded value when there is one, else decoded for this
    /// caller only (for passes over every article that must not hold them all).
    pub fn owned(&self, i: usize) -> T
    where
        T: Clone,
    {
        match self.slots[i].get() {
            Some(v) => T::clone(v),
            None => self.decode(i),
        }
    }

    /// Value `i` when it is decoded or owned, without decoding it.
    pub fn decoded(&self, i: usize) -> Option<&T> {
        self.slots[i].get().map(|b| &**b)
    }

    /// The bytes of record `i` when the table is mapped.
    pub fn record(&self, i: usize) -> Option<&[u8]> {
        self.column()?.record(i)
    }

    /// The column of a mapped table.
    pub fn column(&self) -> Option<&Column> {
        self.mapped.as_ref().map(|(c, _)| c)
    }

    /// How many values are decoded or owned.
    pub fn resident(&self) -> usize {
        self.slots.iter().filter(|s| s.get().is_some()).count()
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Every value in order, each decoded on first use.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &T> + DoubleEndedIterator {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl<T: Send + Sync> Table<T> {
    /// Every value on all cores, each decoded on first use.
    pub fn par_iter(&self) -> impl rayon::iter::IndexedParallelIterator<Item = &T> {
        use rayon::prelude::*;
        (0..self.len()).into_par_iter().map(|i| self.get(i))
    }
}

impl<T> Index<usize> for Table<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        self.get(i)
    }
}

impl<'a, T> IntoIterator for &'a Table<T> {
    type Item = &'a T;
    type IntoIter = Box<dyn Iterator<Item = &'a T> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A file of records `recs` after a short prefix, and the directory after them.
    fn mapped_file(recs: &[&[u8]]) -> (tempfile::NamedTempFile, usize) {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        let mut at = 4u64;
        f.write_all(b"head").unwrap();
        let mut dir = Vec::new();
        for r in recs {
            f.write_all(r).unwrap();
            dir.extend(entry_bytes(at, r));
            at += r.len() as u64;
        }
        f.write_all(&dir).unwrap();
        f.flush().unwrap();
        (f, at as usize)
    }

    fn decoder() -> Decoder<String> {
        Arc::new(|i, b| match b.map(std::str::from_utf8) {
            Some(Ok(s)) => format!("{i}:{s}"),
            _ => String::new(),
        })
    }

    #[test]
    fn records_decode_on_first_use_and_stay() {
        let (f, dir) = mapped_file(&[b"alpha", b"beta", b"gamma"]);
        let map = Arc::new(Map::new(f.as_file()).unwrap());
        let col = Column::new(map, dir, 3).unwrap();
        let t = Table::mapped(col, decoder());
        assert_eq!((t.len(), t.resident()), (3, 0));
        assert_eq!(t[1], "1:beta");
        assert_eq!(t.resident(), 1);
        assert_eq!(t.owned(2), "2:gamma");
        assert_eq!(t.resident(), 1, "owned() does not keep what it decodes");
        assert_eq!(t.record(0), Some(&b"alpha"[..]));
        let all: Vec<&String> = t.iter().collect();
        assert_eq!(all, ["0:alpha", "1:beta", "2:gamma"]);
        assert_eq!(t.resident(), 3);
    }

    #[test]
    fn a_directory_outside_the_map_is_refused() {
        let (f, dir) = mapped_file(&[b"alpha"]);
        let map = Arc::new(Map::new(f.as_file()).unwrap());
        assert!(Column::new(map.clone(), dir, 2).is_none());
        assert!(Column::new(map.clone(), dir + 1, 1).is_none());
        assert!(Column::new(map, usize::MAX - 3, 1).is_none());
    }

    #[test]
    fn a_record_that_fails_its_hash_reads_as_empty() {
        let (f, dir) = mapped_file(&[b"alpha", b"beta"]);
        // alter the second record's bytes after the directory was written
        let mut bytes = std::fs::read(f.path()).unwrap();
        bytes[9] = b'X';
        let g = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(g.path(), &bytes).unwrap();
        let map = Arc::new(Map::new(&std::fs::File::open(g.path()).unwrap()).unwrap());
        let t = Table::mapped(Column::new(map, dir, 2).unwrap(), decoder());
        assert_eq!(t[0], "0:alpha");
        assert_eq!(t[1], "", "a damaged record is the empty value, not a panic");
        assert_eq!(t.record(1), None);
    }

    #[test]
    fn owned_tables_hold_their_values() {
        let t: Table<u32> = vec![7, 8].into();
        assert_eq!((t[0], t[1], t.len(), t.resident()), (7, 8, 2, 2));
        assert_eq!(t.record(0), None);
        assert_eq!(t.iter().copied().collect::<Vec<_>>(), [7, 8]);
    }
}
