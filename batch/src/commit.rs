//! Making a batch's outputs durable off the conversion threads.
//!
//! A worker writes each output in full to a hidden temporary file beside its destination
//! (`.NAME.docpipe-PID-N.tmp`, not synced) and hands it to the one committer thread, then
//! goes on with the next file. The committer takes whatever has arrived as a group and
//!
//! 1. syncs the group's data: one `syncfs` per file system the outputs live on (Linux),
//!    or one `fsync` per temporary file elsewhere;
//! 2. only then renames each temporary file to its final name;
//! 3. hands an input's report entry on (progress, report) only once a later sync has also
//!    made its renames durable: the sync of the next group, or the final one at the end
//!    of the batch.
//!
//! While the committer syncs, the workers keep converting, and what they finish meanwhile
//! forms the next, larger group: one sync covers many files, and no conversion ever waits
//! for the disk (unless the committer falls `QUEUE` inputs behind).
//!
//! # What a crash leaves
//!
//! * **At a final name there is only ever a complete output**: the previous one, or the
//!   new one whose data was on stable storage before the rename. This holds for a killed
//!   process (SIGKILL, OOM) and for a crash of the machine or a power cut, also on file
//!   systems that do not flush data on rename (a new file on ext4 with delayed allocation,
//!   XFS).
//! * **The report lists only what is durable**: an entry reaches the report after the
//!   sync that follows its renames, and the report itself is written after the final sync
//!   (temporary file, fsync, rename, fsync of its folder). A crash before the report is
//!   written leaves the previous report, if any, as it was.
//! * **What may be lost**: outputs renamed since the last completed sync may, after a
//!   crash of the machine, be back to their previous state (or absent) — never partial.
//!   `--resume` converts those inputs again: the old report does not list them, or lists
//!   them with an input hash that still matches an output that is complete.
//! * **What may be left over**: hidden temporary files `.NAME.docpipe-PID-N.tmp` of
//!   outputs not yet renamed when the process or machine died. They are never at a final
//!   name, the walk skips hidden files, and they can be deleted at any time no docpipe is
//!   writing to that folder (`find OUT -name '.*.docpipe-*.tmp' -delete`).
//! * A failed sync (an I/O error from `syncfs`/`fsync`) fails every input whose outputs it
//!   covered: their temporary files are removed, outputs already renamed are removed, and
//!   the report says why.
//!
//! Ctrl-C/SIGTERM: the workers stop taking inputs, the committer syncs and renames what
//! was finished, and the report lists exactly that.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender};
#[cfg(target_os = "linux")]
use std::{collections::HashMap, fs::File};

use docpipe_core::fsio::Staged;

use crate::report::{Entry, Status};

/// How many finished inputs may wait for the committer before workers block.
pub(crate) const QUEUE: usize = 256;
/// The most inputs synced as one group.
const MAX_GROUP: usize = 512;

/// One finished input: its entry, and for a converted one its outputs, written under
/// temporary names (in the entry's `outputs` order).
pub(crate) struct Finished {
    /// The walk position (the report's order).
    pub seq: u64,
    /// The entry, as it will be reported once the outputs are durable.
    pub entry: Entry,
    /// The outputs written under temporary names.
    pub staged: Vec<Staged>,
}

/// Where committed entries go (the progress observer and the report spill).
pub(crate) trait Sink {
    fn done(&self, seq: u64, entry: Entry);
}

/// A sender the workers use; dropping every copy ends the committer.
pub(crate) type Handoff = SyncSender<Finished>;

/// An input whose outputs were renamed, waiting for the sync that makes the renames durable.
struct Renamed {
    seq: u64,
    entry: Entry,
    dests: Vec<PathBuf>,
}

/// Syncs file systems (or files and folders where `syncfs` is not available).
struct Syncer {
    /// One open folder per file system written to (by device number), for `syncfs`.
    #[cfg(target_os = "linux")]
    filesystems: HashMap<u64, File>,
}

impl Syncer {
    fn new() -> Syncer {
        Syncer {
            #[cfg(target_os = "linux")]
            filesystems: HashMap::new(),
        }
    }

    /// Makes durable the data of `staged` and the names in the folders of `renamed`.
    fn sync(&mut self, staged: &[&Staged], renamed: &[Renamed]) -> io::Result<()> {
        let mut dirs: HashSet<&Path> = HashSet::new();
        for s in staged {
            if let Some(t) = s.temp() {
                dirs.extend(t.parent());
            }
        }
        for r in renamed {
            dirs.extend(r.dests.iter().filter_map(|d| d.parent()));
        }
        if dirs.is_empty() {
            return Ok(());
        }
        self.sync_dirs(staged, &dirs)
    }

    /// Linux: one `syncfs` per file system holding one of `dirs` flushes every file's
    /// data and every folder entry there, whatever the number of files.
    #[cfg(target_os = "linux")]
    fn sync_dirs(&mut self, _staged: &[&Staged], dirs: &HashSet<&Path>) -> io::Result<()> {
        use std::os::unix::fs::MetadataExt;
        let mut devices: HashSet<u64> = HashSet::new();
        for dir in dirs {
            let dev = std::fs::metadata(dir)?.dev();
            if let std::collections::hash_map::Entry::Vacant(v) = self.filesystems.entry(dev) {
                v.insert(File::open(dir)?);
            }
            devices.insert(dev);
        }
        for dev in devices {
            if let Some(f) = self.filesystems.get(&dev) {
                rustix::fs::syncfs(f)?;
            }
        }
        Ok(())
    }

    /// Elsewhere: each file, then each folder.
    #[cfg(not(target_os = "linux"))]
    fn sync_dirs(&mut self, staged: &[&Staged], dirs: &HashSet<&Path>) -> io::Result<()> {
        for s in staged {
            s.sync()?;
        }
        for dir in dirs {
            docpipe_core::fsio::sync_dir(dir)?;
        }
        Ok(())
    }
}

/// Runs the committer until every [`Handoff`] is dropped, then syncs a last time.
pub(crate) fn run(rx: Receiver<Finished>, sink: &dyn Sink) {
    let mut syncer = Syncer::new();
    let mut waiting: Vec<Renamed> = Vec::new();
    while let Ok(first) = rx.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(f) => group.push(f),
                Err(_) => break,
            }
        }
        let (to_commit, plain): (Vec<Finished>, Vec<Finished>) =
            group.into_iter().partition(|f| !f.staged.is_empty());
        for f in plain {
            sink.done(f.seq, f.entry);
        }
        if to_commit.is_empty() {
            continue;
        }
        let staged: Vec<&Staged> = to_commit.iter().flat_map(|f| &f.staged).collect();
        let synced = syncer.sync(&staged, &waiting);
        // The renames of the previous group are now durable (or failed to be).
        settle(std::mem::take(&mut waiting), &synced, sink);
        for f in to_commit {
            match &synced {
                Ok(()) => {
                    if let Some(r) = rename(f, sink) {
                        waiting.push(r);
                    }
                }
                Err(e) => {
                    let msg = format!("cannot make the outputs durable (sync failed): {e}");
                    fail_staged(f, msg, sink);
                }
            }
        }
    }
    let synced = syncer.sync(&[], &waiting);
    settle(waiting, &synced, sink);
}

/// Renames one input's outputs; an input one of whose renames fails is failed, its other
/// outputs removed.
fn rename(f: Finished, sink: &dyn Sink) -> Option<Renamed> {
    let Finished {
        seq,
        mut entry,
        staged,
    } = f;
    let mut dests: Vec<PathBuf> = Vec::new();
    let mut rest = staged.into_iter();
    while let Some(s) = rest.next() {
        let dest = s.dest().to_path_buf();
        if let Err(e) = s.commit() {
            for d in &dests {
                let _ = std::fs::remove_file(d);
            }
            for s in rest {
                s.discard();
            }
            let name = dest.file_name().map(|n| n.to_string_lossy().into_owned());
            entry.status = Status::Failed;
            entry.error = Some(format!("cannot write {}: {e}", name.unwrap_or_default()));
            entry.outputs.clear();
            sink.done(seq, entry);
            return None;
        }
        dests.push(dest);
    }
    Some(Renamed { seq, entry, dests })
}

/// Reports inputs whose renames a sync covered: ok when it succeeded; else failed, with
/// their outputs removed (they may not survive a crash).
fn settle(renamed: Vec<Renamed>, synced: &io::Result<()>, sink: &dyn Sink) {
    for mut r in renamed {
        if let Err(e) = synced {
            for d in &r.dests {
                let _ = std::fs::remove_file(d);
            }
            r.entry.status = Status::Failed;
            r.entry.error = Some(format!(
                "cannot make the outputs durable (sync failed): {e}"
            ));
            r.entry.outputs.clear();
        }
        sink.done(r.seq, r.entry);
    }
}

fn fail_staged(f: Finished, msg: String, sink: &dyn Sink) {
    let Finished {
        seq,
        mut entry,
        staged,
    } = f;
    for s in staged {
        s.discard();
    }
    entry.status = Status::Failed;
    entry.error = Some(msg);
    entry.outputs.clear();
    sink.done(seq, entry);
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::fsio;
    use std::sync::mpsc;
    use std::sync::Mutex;

    struct Collect(Mutex<Vec<(u64, Entry)>>);
    impl Sink for Collect {
        fn done(&self, seq: u64, entry: Entry) {
            // Every output of an ok entry is at its final name when it is handed on.
            if entry.status == Status::Ok {
                for o in &entry.outputs {
                    assert!(Path::new(o).is_file(), "{o} not there when reported");
                }
            }
            self.0.lock().unwrap().push((seq, entry));
        }
    }

    fn finished(seq: u64, dir: &Path, names: &[&str]) -> Finished {
        let mut entry = Entry::new(format!("in{seq}.txt"), Status::Ok);
        let mut staged = Vec::new();
        for n in names {
            let dest = dir.join(n);
            staged.push(fsio::stage(&dest, n.as_bytes()).unwrap());
            entry.outputs.push(dest.display().to_string());
        }
        Finished { seq, entry, staged }
    }

    #[test]
    fn outputs_are_renamed_and_reported_once_durable() {
        let dir = tempfile::tempdir().unwrap();
        let sink = Collect(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        std::thread::scope(|s| {
            s.spawn(|| run(rx, &sink));
            for i in 0..40u64 {
                let a = format!("sub{}/f{i}.json", i % 3);
                let b = format!("sub{}/f{i}.html", i % 3);
                tx.send(finished(i, dir.path(), &[&a, &b])).unwrap();
            }
            let mut plain = Entry::failed("bad.txt", "broken");
            plain.size = Some(1);
            tx.send(Finished {
                seq: 99,
                entry: plain,
                staged: Vec::new(),
            })
            .unwrap();
            drop(tx);
        });
        let mut got = sink.0.into_inner().unwrap();
        got.sort_by_key(|(s, _)| *s);
        assert_eq!(got.len(), 41);
        assert!(got[..40].iter().all(|(_, e)| e.status == Status::Ok));
        assert_eq!(got[40].1.status, Status::Failed);
        for i in 0..40 {
            let p = dir.path().join(format!("sub{}/f{i}.json", i % 3));
            assert_eq!(
                std::fs::read_to_string(p).unwrap(),
                format!("sub{}/f{i}.json", i % 3)
            );
        }
        // No temporary file is left anywhere.
        for sub in 0..3 {
            let n = std::fs::read_dir(dir.path().join(format!("sub{sub}")))
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .starts_with('.')
                })
                .count();
            assert_eq!(n, 0);
        }
    }

    #[test]
    fn a_failed_rename_fails_that_input_alone_and_removes_its_other_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let sink = Collect(Mutex::new(Vec::new()));
        // The second output's destination is a non-empty folder: the rename fails.
        std::fs::create_dir_all(dir.path().join("x.html/inside")).unwrap();
        let bad = finished(0, dir.path(), &["x.json", "x.html.tmpname"]);
        let Finished {
            seq,
            entry,
            mut staged,
        } = bad;
        // Re-stage the second one to the folder's name (stage refuses nothing for folders).
        let second = staged.pop().unwrap();
        second.discard();
        staged.push(fsio::stage(&dir.path().join("x.html"), b"html").unwrap());
        let good = finished(1, dir.path(), &["y.json"]);
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        tx.send(Finished { seq, entry, staged }).unwrap();
        tx.send(good).unwrap();
        drop(tx);
        run(rx, &sink);
        let mut got = sink.0.into_inner().unwrap();
        got.sort_by_key(|(s, _)| *s);
        assert_eq!(got[0].1.status, Status::Failed);
        assert!(got[0]
            .1
            .error
            .as_deref()
            .unwrap()
            .contains("cannot write x.html"));
        assert!(got[0].1.outputs.is_empty());
        assert!(!dir.path().join("x.json").exists());
        assert_eq!(got[1].1.status, Status::Ok);
        assert!(dir.path().join("y.json").is_file());
        let hidden = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count();
        assert_eq!(hidden, 0);
    }
}
