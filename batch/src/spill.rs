//! Report entries kept on disk while a batch runs, so that memory does not grow with the
//! number of inputs: each finished entry is appended as one JSON line to an anonymous
//! temporary file, and only its walk position, offset and length (24 bytes) stay in memory. The
//! report is then streamed out in walk order (folders depth first, names sorted).

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use crate::report::{Entry, Report, Totals};

struct Inner {
    out: BufWriter<File>,
    offset: u64,
    /// (walk position, byte offset, length) of each entry.
    index: Vec<(u64, u64, u32)>,
    totals: Totals,
    error: Option<io::Error>,
}

/// Finished entries, appended from any thread.
pub struct Spill {
    inner: Mutex<Inner>,
}

fn lock(m: &Mutex<Inner>) -> std::sync::MutexGuard<'_, Inner> {
    match m.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

impl Spill {
    /// An empty spill in a new anonymous temporary file.
    pub fn new() -> io::Result<Spill> {
        let file = tempfile::tempfile()?;
        Ok(Spill {
            inner: Mutex::new(Inner {
                out: BufWriter::new(file),
                offset: 0,
                index: Vec::new(),
                totals: Totals::default(),
                error: None,
            }),
        })
    }

    /// Adds the entry found at walk position `seq`.
    pub fn push(&self, seq: u64, entry: &Entry) {
        let mut line = serde_json::to_vec(entry).unwrap_or_default();
        line.push(b'\n');
        let mut g = lock(&self.inner);
        g.totals.add(entry);
        if g.error.is_some() {
            return;
        }
        match g.out.write_all(&line) {
            Ok(()) => {
                let (offset, len) = (g.offset, line.len() as u32);
                g.index.push((seq, offset, len));
                g.offset += u64::from(len);
            }
            Err(e) => g.error = Some(e),
        }
    }

    /// Counts over the entries added so far.
    pub fn totals(&self) -> Totals {
        lock(&self.inner).totals.clone()
    }

    /// Calls `f` on every entry in walk order.
    pub fn for_each(&self, mut f: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        let mut g = lock(&self.inner);
        if let Some(e) = g.error.take() {
            return Err(e);
        }
        g.out.flush()?;
        g.index.sort_unstable_by_key(|&(seq, _, _)| seq);
        let index = std::mem::take(&mut g.index);
        let file = g.out.get_mut();
        let mut buf = Vec::new();
        for &(_, offset, len) in &index {
            file.seek(SeekFrom::Start(offset))?;
            buf.resize(len as usize, 0);
            file.read_exact(&mut buf)?;
            f(buf.strip_suffix(b"\n").unwrap_or(&buf))?;
        }
        let end = g.offset;
        g.out.get_mut().seek(SeekFrom::Start(end))?;
        g.index = index;
        Ok(())
    }

    /// Every entry, in walk order (reads them all into memory: for tests and small runs).
    pub fn entries(&self) -> io::Result<Vec<Entry>> {
        let mut out = Vec::new();
        self.for_each(|line| {
            let e = serde_json::from_slice(line).map_err(io::Error::other)?;
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Writes `header` (a report whose `entries` are ignored) with these entries, one
    /// compact JSON line each, atomically to `dest`.
    pub fn write_report(&self, header: &Report, dest: &Path) -> io::Result<()> {
        let mut head = header.clone();
        head.entries = Vec::new();
        head.totals = self.totals();
        let pretty = serde_json::to_vec_pretty(&head).map_err(io::Error::other)?;
        let tail = b"[]\n}";
        let Some(prefix) = pretty.strip_suffix(&tail[..]) else {
            return Err(io::Error::other("unexpected report layout"));
        };
        if let Some(parent) = dest.parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        let tmp = dest.with_file_name(format!(".{name}.docpipe-{}.tmp", std::process::id()));
        let result = (|| {
            let mut w = BufWriter::new(File::create(&tmp)?);
            w.write_all(prefix)?;
            w.write_all(b"[")?;
            let mut first = true;
            self.for_each(|line| {
                w.write_all(if first { b"\n    " } else { b",\n    " })?;
                first = false;
                w.write_all(line)
            })?;
            w.write_all(if first { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
            let f = w.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()?;
            drop(f);
            std::fs::rename(&tmp, dest)?;
            // The new name too must survive a crash before the report claims anything.
            let dir = dest.parent().filter(|p| !p.as_os_str().is_empty());
            docpipe_core::fsio::sync_dir(dir.unwrap_or(Path::new(".")))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Settings, Status};

    #[test]
    fn streams_entries_in_walk_order_into_a_readable_report(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let s = Spill::new()?;
        s.push(2, &Entry::new("c.txt", Status::Ok));
        s.push(0, &Entry::failed("a.txt", "bad"));
        s.push(1, &Entry::skipped(".b", "hidden file"));
        let header = Report::new(
            Settings {
                docpipe_version: "t".into(),
                from: None,
                formats: vec!["json".into()],
                transforms: Vec::new(),
                importer_options: Default::default(),
                exporter_options: Default::default(),
                plugins: Vec::new(),
            },
            "in".into(),
            "out".into(),
        );
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("r.json");
        s.write_report(&header, &dest)?;
        let back = Report::read(&dest)?;
        let paths: Vec<&str> = back.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", ".b", "c.txt"]);
        assert_eq!(
            (back.totals.ok, back.totals.failed, back.totals.skipped),
            (1, 1, 1)
        );
        // Reading twice works, and an empty spill gives an empty list.
        assert_eq!(s.entries()?.len(), 3);
        let empty = Spill::new()?;
        empty.write_report(&header, &dest)?;
        assert!(Report::read(&dest)?.entries.is_empty());
        Ok(())
    }
}
