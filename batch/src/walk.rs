//! Walking the input folder as a stream: one folder's listing in memory at a time, never
//! the whole tree. Yields every file that is an input, and the things that are skipped
//! (hidden files, Word lock files, links leading out of the tree, files no importer reads)
//! so that the report can say so.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::shard::Shard;

/// What the walk found at one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// A file to convert.
    Input {
        /// Its size in bytes when listed.
        size: u64,
        /// True when another input of the same folder has the same stem (`x.txt` and
        /// `x.docx`): its outputs then keep the input's extension (`x.txt.html`).
        keep_extension: bool,
    },
    /// Not an input; the reason, for the report.
    Skipped(String),
    /// Could not be examined (for example a folder without read permission).
    Failed(String),
}

/// One path found by the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The path relative to the input folder, `/`-separated.
    pub rel: String,
    /// The path on disk.
    pub path: PathBuf,
    /// What it is.
    pub kind: ItemKind,
}

/// Which files the walk yields.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// Lower-case extensions some importer reads; `None` takes every file.
    extensions: Option<HashSet<String>>,
    shard: Option<Shard>,
    /// Canonical paths never entered or listed (the output folder, the report).
    avoid: Vec<PathBuf>,
}

/// A glob pattern that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("bad pattern `{pattern}`: {message}")]
pub struct PatternError {
    pattern: String,
    message: String,
}

fn globset(patterns: &[String]) -> Result<Option<GlobSet>, PatternError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g = Glob::new(p).map_err(|e| PatternError {
            pattern: p.clone(),
            message: e.kind().to_string(),
        })?;
        b.add(g);
    }
    b.build().map(Some).map_err(|e| PatternError {
        pattern: patterns.join(" "),
        message: e.to_string(),
    })
}

impl Filter {
    /// A filter from `--include` and `--exclude` globs (matched against the `/`-separated
    /// relative path; `*` also crosses `/`), the extensions importers read (`None`: every
    /// file) and the shard.
    pub fn new(
        include: &[String],
        exclude: &[String],
        extensions: Option<HashSet<String>>,
        shard: Option<Shard>,
    ) -> Result<Filter, PatternError> {
        Ok(Filter {
            include: globset(include)?,
            exclude: globset(exclude)?,
            extensions: extensions.map(|s| s.into_iter().map(|e| e.to_lowercase()).collect()),
            shard,
            avoid: Vec::new(),
        })
    }

    /// Never enters or lists `path` (compared after resolving links).
    pub fn avoid(&mut self, path: &Path) {
        if let Ok(p) = fs::canonicalize(path) {
            self.avoid.push(p);
        }
    }

    /// True when an `--exclude` pattern matches the folder or file at `rel` (a folder
    /// also matches `dir/**`-style patterns).
    pub fn excluded(&self, rel: &str, is_dir: bool) -> bool {
        let Some(set) = &self.exclude else {
            return false;
        };
        set.is_match(rel) || (is_dir && set.is_match(format!("{rel}/")))
    }

    fn included(&self, rel: &str) -> bool {
        self.include.as_ref().is_none_or(|set| set.is_match(rel))
    }

    fn in_shard(&self, rel: &str) -> bool {
        self.shard.is_none_or(|s| s.contains(rel))
    }

    fn readable_extension(&self, name: &str) -> Result<(), String> {
        let Some(exts) = &self.extensions else {
            return Ok(());
        };
        match Path::new(name).extension().and_then(|e| e.to_str()) {
            // No extension: the content decides.
            None => Ok(()),
            Some(e) if exts.contains(&e.to_lowercase()) => Ok(()),
            Some(e) => Err(format!("no importer reads .{e} files")),
        }
    }
}

/// What one folder's listing holds, in name order.
enum Node {
    Item(Item),
    /// A sub-folder to list when the walk reaches it: (path on disk, relative path).
    Dir(PathBuf, String),
}

/// Streams the items under a folder in a stable order: depth first with names sorted
/// byte-wise, which is the order of [`path_order`]. Applies a [`Filter`]; stops early when
/// `cancel` is set. Holds only the listings of the folders on the current path.
pub struct Walker {
    root_canon: PathBuf,
    filter: Filter,
    stack: Vec<std::vec::IntoIter<Node>>,
    cancel: Arc<AtomicBool>,
}

/// The order of the walk (and of report entries): paths compared component by component.
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

impl Walker {
    /// A walk of `root`. Fails when `root` is not a readable folder.
    pub fn new(root: &Path, filter: Filter, cancel: Arc<AtomicBool>) -> std::io::Result<Walker> {
        let root_canon = fs::canonicalize(root)?;
        if !root_canon.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a folder", root.display()),
            ));
        }
        Ok(Walker {
            stack: vec![vec![Node::Dir(root.to_path_buf(), String::new())].into_iter()],
            root_canon,
            filter,
            cancel,
        })
    }

    /// Lists one folder: its items and sub-folders, in name order.
    fn list(&mut self, dir: &Path, rel_dir: &str) -> Vec<Node> {
        let (items, subdirs) = self.list_items(dir, rel_dir);
        let mut nodes: Vec<Node> = items.into_iter().map(Node::Item).collect();
        nodes.extend(subdirs.into_iter().map(|(p, r)| Node::Dir(p, r)));
        nodes.sort_by(|a, b| {
            let key = |n: &Node| match n {
                Node::Item(i) => i.rel.clone(),
                Node::Dir(_, r) => r.clone(),
            };
            path_order(&key(a), &key(b))
        });
        nodes
    }

    /// Lists one folder: its items, and its sub-folders to enter.
    #[allow(clippy::type_complexity)]
    fn list_items(&mut self, dir: &Path, rel_dir: &str) -> (Vec<Item>, Vec<(PathBuf, String)>) {
        let mut out = Vec::new();
        let read = match fs::read_dir(dir) {
            Ok(r) => r,
            Err(e) => {
                if !rel_dir.is_empty() && self.filter.in_shard(rel_dir) {
                    out.push(Item {
                        rel: rel_dir.to_string(),
                        path: dir.to_path_buf(),
                        kind: ItemKind::Failed(format!("cannot list folder: {e}")),
                    });
                }
                return (out, Vec::new());
            }
        };
        let mut names: Vec<(OsString, PathBuf)> = Vec::new();
        for entry in read {
            match entry {
                Ok(e) => names.push((e.file_name(), e.path())),
                Err(e) => {
                    if !rel_dir.is_empty() && self.filter.in_shard(rel_dir) {
                        out.push(Item {
                            rel: rel_dir.to_string(),
                            path: dir.to_path_buf(),
                            kind: ItemKind::Failed(format!("cannot list folder entirely: {e}")),
                        });
                    }
                }
            }
        }
        names.sort();
        let mut subdirs = Vec::new();
        for (name, path) in names {
            let name = name.to_string_lossy().into_owned();
            let rel = if rel_dir.is_empty() {
                name.clone()
            } else {
                format!("{rel_dir}/{name}")
            };
            let item = |kind| Item {
                rel: rel.clone(),
                path: path.clone(),
                kind,
            };
            let Ok(meta) = fs::symlink_metadata(&path) else {
                out.push(item(ItemKind::Failed("cannot read file attributes".into())));
                continue;
            };
            let mut is_dir = meta.is_dir();
            let mut size = meta.len();
            let canon = fs::canonicalize(&path).ok();
            if canon
                .as_ref()
                .is_some_and(|c| self.filter.avoid.iter().any(|a| a == c))
            {
                continue;
            }
            if self.filter.excluded(&rel, is_dir) {
                continue;
            }
            if name.starts_with('.') {
                let what = if is_dir {
                    "hidden folder"
                } else {
                    "hidden file"
                };
                out.push(item(ItemKind::Skipped(what.into())));
                continue;
            }
            if meta.file_type().is_symlink() {
                let Some(target) = canon.as_ref() else {
                    out.push(item(ItemKind::Skipped("broken symbolic link".into())));
                    continue;
                };
                if !target.starts_with(&self.root_canon) {
                    out.push(item(ItemKind::Skipped(
                        "symbolic link leading out of the input folder".into(),
                    )));
                    continue;
                }
                match fs::metadata(target) {
                    Ok(m) if m.is_dir() => {
                        out.push(item(ItemKind::Skipped(
                            "symbolic link to a folder (not followed)".into(),
                        )));
                        continue;
                    }
                    Ok(m) if m.is_file() => {
                        is_dir = false;
                        size = m.len();
                    }
                    _ => {
                        out.push(item(ItemKind::Skipped(
                            "symbolic link to something that is not a file".into(),
                        )));
                        continue;
                    }
                }
            } else if is_dir {
                subdirs.push((path.clone(), rel.clone()));
                continue;
            } else if !meta.is_file() {
                out.push(item(ItemKind::Skipped(
                    "not a regular file (device, pipe or socket)".into(),
                )));
                continue;
            }
            debug_assert!(!is_dir);
            if name.starts_with("~$") {
                out.push(item(ItemKind::Skipped("Office lock file".into())));
                continue;
            }
            if !self.filter.included(&rel) {
                continue;
            }
            if let Err(why) = self.filter.readable_extension(&name) {
                out.push(item(ItemKind::Skipped(why)));
                continue;
            }
            out.push(item(ItemKind::Input {
                size,
                keep_extension: false,
            }));
        }
        mark_shared_stems(&mut out);
        out.retain(|i| self.filter.in_shard(&i.rel));
        (out, subdirs)
    }
}

/// The stem of a file name (`x.tar.gz` → `x.tar`, `x` → `x`).
pub fn stem_of(name: &str) -> &str {
    match name.rfind('.') {
        Some(0) | None => name,
        Some(i) => &name[..i],
    }
}

/// Marks inputs whose stem (compared case-insensitively) another input of the same folder
/// shares. Done on the whole folder before sharding, so every shard decides alike.
fn mark_shared_stems(items: &mut [Item]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for i in items.iter() {
        if matches!(i.kind, ItemKind::Input { .. }) {
            *count.entry(stem_key(&i.rel)).or_default() += 1;
        }
    }
    for i in items.iter_mut() {
        let key = stem_key(&i.rel);
        if let ItemKind::Input { keep_extension, .. } = &mut i.kind {
            *keep_extension = count.get(&key).copied().unwrap_or(0) > 1;
        }
    }
}

fn stem_key(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    stem_of(name).to_lowercase()
}

impl Iterator for Walker {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.cancel.load(Ordering::SeqCst) {
                return None;
            }
            let top = self.stack.last_mut()?;
            match top.next() {
                None => {
                    self.stack.pop();
                }
                Some(Node::Item(i)) => return Some(i),
                Some(Node::Dir(dir, rel)) => {
                    let listing = self.list(&dir, &rel);
                    self.stack.push(listing.into_iter());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let p = root.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(p, bytes)
    }

    fn walk(root: &Path, filter: Filter) -> std::io::Result<Vec<Item>> {
        Ok(Walker::new(root, filter, Arc::new(AtomicBool::new(false)))?.collect())
    }

    fn summary(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match &i.kind {
                ItemKind::Input { keep_extension, .. } => {
                    format!("{}{}", i.rel, if *keep_extension { " +ext" } else { "" })
                }
                ItemKind::Skipped(why) => format!("{} skipped: {why}", i.rel),
                ItemKind::Failed(why) => format!("{} failed: {why}", i.rel),
            })
            .collect()
    }

    fn exts() -> Option<HashSet<String>> {
        Some(
            ["txt", "docx", "json"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        )
    }

    #[test]
    fn walks_in_order_and_skips_what_is_not_an_input() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let r = t.path();
        write(r, "b.txt", b"b")?;
        write(r, "a/z.txt", b"z")?;
        write(r, "a/y/deep.json", b"{}")?;
        write(r, ".hidden.txt", b"h")?;
        write(r, ".git/config", b"h")?;
        write(r, "~$lock.docx", b"l")?;
        write(r, "photo.PNG", b"p")?;
        write(r, "README", b"r")?;
        write(r, "x.txt", b"1")?;
        write(r, "X.docx", b"2")?;
        let items = walk(r, Filter::new(&[], &[], exts(), None)?)?;
        assert_eq!(
            summary(&items),
            vec![
                ".git skipped: hidden folder",
                ".hidden.txt skipped: hidden file",
                "README",
                "X.docx +ext",
                "a/y/deep.json",
                "a/z.txt",
                "b.txt",
                "photo.PNG skipped: no importer reads .PNG files",
                "x.txt +ext",
                "~$lock.docx skipped: Office lock file",
            ]
        );
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_tree_are_not_followed() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let outside = tempfile::tempdir()?;
        write(outside.path(), "secret.txt", b"s")?;
        let r = t.path().join("in");
        write(&r, "real.txt", b"r")?;
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), r.join("out.txt"))?;
        std::os::unix::fs::symlink(outside.path(), r.join("outdir"))?;
        std::os::unix::fs::symlink(r.join("real.txt"), r.join("same.txt"))?;
        std::os::unix::fs::symlink(&r, r.join("loop"))?;
        let items = walk(&r, Filter::new(&[], &[], exts(), None)?)?;
        assert_eq!(
            summary(&items),
            vec![
                "loop skipped: symbolic link to a folder (not followed)",
                "out.txt skipped: symbolic link leading out of the input folder",
                "outdir skipped: symbolic link leading out of the input folder",
                "real.txt",
                "same.txt",
            ]
        );
        Ok(())
    }

    #[test]
    fn include_exclude_and_avoid() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let r = t.path();
        write(r, "keep/a.txt", b"a")?;
        write(r, "keep/b.json", b"b")?;
        write(r, "drop/c.txt", b"c")?;
        write(r, "out/d.txt", b"d")?;
        let mut f = Filter::new(&["*.txt".into()], &["drop/**".into()], exts(), None)?;
        f.avoid(&r.join("out"));
        assert_eq!(summary(&walk(r, f)?), vec!["keep/a.txt"]);
        let f = Filter::new(&[], &["drop".into(), "out/**".into()], None, None)?;
        assert_eq!(summary(&walk(r, f)?), vec!["keep/a.txt", "keep/b.json"]);
        assert!(Filter::new(&["a[".into()], &[], None, None).is_err());
        Ok(())
    }

    #[test]
    fn shards_partition_the_walk() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let r = t.path();
        for i in 0..40 {
            write(r, &format!("d{}/f{i}.txt", i % 3), b"x")?;
        }
        let all = summary(&walk(r, Filter::new(&[], &[], None, None)?)?);
        let mut union = Vec::new();
        for i in 0..3 {
            let s = Shard { index: i, count: 3 };
            let part = summary(&walk(r, Filter::new(&[], &[], None, Some(s))?)?);
            assert!(!part.is_empty());
            union.extend(part);
        }
        union.sort();
        let mut all_sorted = all.clone();
        all_sorted.sort();
        assert_eq!(union, all_sorted);
        assert_eq!(all.len(), 40);
        Ok(())
    }

    #[test]
    fn walk_order_is_path_order() {
        let mut v = vec!["a.txt", "a/b", "a/a/z", "b", "a-c"];
        v.sort_by(|a, b| path_order(a, b));
        assert_eq!(v, ["a/a/z", "a/b", "a-c", "a.txt", "b"]);
    }

    #[test]
    fn stems() {
        assert_eq!(stem_of("x.tar.gz"), "x.tar");
        assert_eq!(stem_of("x"), "x");
        assert_eq!(stem_of(".x"), ".x");
        assert_eq!(stem_of("报告 一.docx"), "报告 一");
    }
}
