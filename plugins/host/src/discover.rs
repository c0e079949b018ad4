//! Finding plugins: what a path is, which folders to look in, and loading many at once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use docpipe_core::registry::OnClash;
use docpipe_core::Registry;

use crate::{load, LoadError};

/// What kind of plugin a file is, judged by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginKind {
    /// A shared library (`.so`, `.dylib`, `.dll`).
    Library,
    /// A TOML manifest describing a program.
    Manifest,
    /// Anything else: an executable that answers `--describe`.
    Program,
}

impl PluginKind {
    /// The kind of the file at `path`.
    pub fn of(path: &Path) -> PluginKind {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("so" | "dylib" | "dll") => PluginKind::Library,
            Some("toml") => PluginKind::Manifest,
            _ => {
                // `libfoo.so.1` is a library too.
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.contains(".so.") {
                    PluginKind::Library
                } else {
                    PluginKind::Program
                }
            }
        }
    }
}

/// The plugin folders: those in `DOCPIPE_PLUGIN_PATH` (separated like `PATH`), then the
/// user's data folder (`$XDG_DATA_HOME/docpipe/plugins`, else
/// `~/.local/share/docpipe/plugins`; `%APPDATA%\docpipe\plugins` on Windows).
pub fn plugin_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = match std::env::var_os("DOCPIPE_PLUGIN_PATH") {
        Some(v) => std::env::split_paths(&v)
            .filter(|p| !p.as_os_str().is_empty())
            .collect(),
        None => Vec::new(),
    };
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            if cfg!(windows) {
                std::env::var_os("APPDATA").map(PathBuf::from)
            } else {
                std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share"))
            }
        });
    if let Some(d) = data {
        dirs.push(d.join("docpipe").join("plugins"));
    }
    dirs
}

/// The plugins in folder `dir`, sorted by name: shared libraries and manifests.
/// Executables need a manifest there, so that no program runs merely by being present.
pub fn plugins_in(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            matches!(
                PluginKind::of(p),
                PluginKind::Library | PluginKind::Manifest
            )
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Loads the plugins named in `explicit` (files, or folders of plugins) and those found
/// in `dirs`, each file once. A plugin named explicitly that fails to load is an error;
/// one found in a folder that fails is skipped, and the returned list says why.
pub fn load_all(
    registry: &mut Registry,
    explicit: &[PathBuf],
    dirs: &[PathBuf],
    on_clash: OnClash,
) -> Result<Vec<String>, LoadError> {
    let mut seen = HashSet::new();
    let mut skipped = Vec::new();
    let mut once =
        |p: &Path| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
    for path in explicit {
        if path.is_dir() {
            for p in plugins_in(path)? {
                if once(&p) {
                    load(&p)?.register(registry, on_clash)?;
                }
            }
        } else if once(path) {
            load(path)?.register(registry, on_clash)?;
        }
    }
    for dir in dirs {
        if !dir.is_dir() {
            continue;
        }
        let found = match plugins_in(dir) {
            Ok(f) => f,
            Err(e) => {
                skipped.push(format!("skipping plugin folder: {e}"));
                continue;
            }
        };
        for p in found {
            if !once(&p) {
                continue;
            }
            if let Err(e) = load(&p).and_then(|l| l.register(registry, on_clash)) {
                skipped.push(format!("skipping plugin {e}"));
            }
        }
    }
    Ok(skipped)
}
