//! Writing outputs atomically: a temporary file in the destination folder, flushed, then
//! renamed over the destination, so a reader never sees a partial file and a failed run
//! leaves nothing behind.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temporary path used while writing `dest` (hidden, in the same folder, unique per
/// process and call).
fn temp_path(dest: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = format!(".{name}.docpipe-{}-{n}.tmp", std::process::id());
    dest.with_file_name(tmp)
}

/// Writes `bytes` to `dest` atomically, creating missing parent folders: a temporary file
/// in the same folder, fsynced, then renamed over `dest` (see [`stage`] and
/// [`Staged::commit`]).
///
/// A destination that exists and is not a regular file (`/dev/null`, a named pipe, a
/// terminal) is written to directly: renaming over it would replace the device itself.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    let staged = stage(dest, bytes)?;
    if let Err(e) = staged.sync() {
        staged.discard();
        return Err(e);
    }
    staged.commit()
}

/// An output written in full under a temporary name next to its destination (or, for a
/// device, written to it directly), not yet synced nor renamed: nothing is visible at the
/// destination until [`Staged::commit`].
#[derive(Debug)]
pub struct Staged {
    /// The temporary file; `None` when `dest` is a device that was written to directly.
    tmp: Option<PathBuf>,
    dest: PathBuf,
}

/// Writes `bytes` to a new temporary file beside `dest` (hidden, named
/// `.NAME.docpipe-PID-N.tmp`), creating missing parent folders, without syncing it. On
/// failure nothing is left behind. A `dest` that exists and is neither a regular file nor
/// a folder is written to directly (see [`write_atomic`]).
pub fn stage(dest: &Path, bytes: &[u8]) -> io::Result<Staged> {
    if let Ok(meta) = fs::metadata(dest) {
        if !meta.is_file() && !meta.is_dir() {
            let mut f = fs::OpenOptions::new().write(true).open(dest)?;
            f.write_all(bytes)?;
            return Ok(Staged {
                tmp: None,
                dest: dest.to_path_buf(),
            });
        }
    }
    if let Some(parent) = dest.parent() {
        if !parent.as_os_str().is_empty() {
            fs::create_dir_all(parent)?;
        }
    }
    let tmp = temp_path(dest);
    let result = fs::File::create(&tmp).and_then(|mut f| f.write_all(bytes));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(Staged {
        tmp: Some(tmp),
        dest: dest.to_path_buf(),
    })
}

impl Staged {
    /// Where the output goes.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// The temporary file (`None` when the destination is a device written to directly).
    pub fn temp(&self) -> Option<&Path> {
        self.tmp.as_deref()
    }

    /// Flushes the temporary file's data to stable storage (`fsync`).
    pub fn sync(&self) -> io::Result<()> {
        match &self.tmp {
            Some(tmp) => fs::OpenOptions::new().write(true).open(tmp)?.sync_all(),
            None => Ok(()),
        }
    }

    /// Renames the temporary file over the destination; on failure removes it. Call it
    /// after [`Staged::sync`] (or a sync of the whole file system) so that the name never
    /// leads to data that a crash of the machine could lose.
    pub fn commit(self) -> io::Result<()> {
        let Some(tmp) = &self.tmp else {
            return Ok(());
        };
        let result = fs::rename(tmp, &self.dest);
        if result.is_err() {
            let _ = fs::remove_file(tmp);
        }
        result
    }

    /// Removes the temporary file: the destination stays as it was.
    pub fn discard(self) {
        if let Some(tmp) = &self.tmp {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Flushes a folder's entries (names created, renamed or removed in it) to stable storage.
/// Where folders cannot be opened or synced (not on Unix) this does nothing.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// True when `a` and `b` name the same existing file (after resolving links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() -> io::Result<()> {
        let dir = std::env::temp_dir().join(format!("docpipe-fsio-{}", std::process::id()));
        let dest = dir.join("a/b/out.txt");
        write_atomic(&dest, b"one")?;
        write_atomic(&dest, b"two")?;
        assert_eq!(fs::read(&dest)?, b"two");
        let leftovers = fs::read_dir(dest.parent().unwrap_or(&dir))?.count();
        assert_eq!(leftovers, 1);
        assert!(same_file(&dest, &dest));
        fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn a_staged_output_is_invisible_until_committed() -> io::Result<()> {
        let dir = std::env::temp_dir().join(format!("docpipe-fsio-stage-{}", std::process::id()));
        let dest = dir.join("x/out.txt");
        let names = |d: &Path| -> io::Result<Vec<String>> {
            let mut v: Vec<String> = fs::read_dir(d)?
                .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect::<io::Result<_>>()?;
            v.sort();
            Ok(v)
        };
        let staged = stage(&dest, b"new")?;
        assert!(!dest.exists());
        let tmp = staged.temp().map(Path::to_path_buf).unwrap_or_default();
        assert_eq!(fs::read(&tmp)?, b"new");
        assert!(names(&dir.join("x"))?[0].starts_with(".out.txt.docpipe-"));
        staged.sync()?;
        staged.commit()?;
        assert_eq!(fs::read(&dest)?, b"new");
        assert_eq!(names(&dir.join("x"))?, ["out.txt"]);
        sync_dir(&dir.join("x"))?;
        // A discarded one leaves the destination as it was and nothing else.
        let again = stage(&dest, b"newer")?;
        assert_eq!(again.dest(), dest.as_path());
        again.discard();
        assert_eq!(fs::read(&dest)?, b"new");
        assert_eq!(names(&dir.join("x"))?, ["out.txt"]);
        fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_to_not_replaced() -> io::Result<()> {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        if !fs::metadata(null)?.file_type().is_char_device() {
            eprintln!("note: /dev/null is not a device here; skipping");
            return Ok(());
        }
        write_atomic(null, b"discarded")?;
        assert!(fs::metadata(null)?.file_type().is_char_device());
        Ok(())
    }
}
