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

/// Writes `bytes` to `dest` atomically, creating missing parent folders.
///
/// A destination that exists and is not a regular file (`/dev/null`, a named pipe, a
/// terminal) is written to directly: renaming over it would replace the device itself.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Ok(meta) = fs::metadata(dest) {
        if !meta.is_file() && !meta.is_dir() {
            let mut f = fs::OpenOptions::new().write(true).open(dest)?;
            return f.write_all(bytes);
        }
    }
    if let Some(parent) = dest.parent() {
        if !parent.as_os_str().is_empty() {
            fs::create_dir_all(parent)?;
        }
    }
    let tmp = temp_path(dest);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, dest)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
