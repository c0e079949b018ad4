//! docpipe-plugin-host: loads docpipe plugins into a [`Registry`].
//!
//! Two kinds of plugin give the same kind of components:
//!
//! - **native** shared libraries built with `docpipe-plugin-sdk` (`.so`, `.dylib`,
//!   `.dll`), loaded with `libloading`; the host reads the ABI version before anything
//!   else and refuses a mismatch ([`native`]);
//! - **external programs** in any language, described by a TOML manifest or by their
//!   `--describe` output, that read a document (or raw input) on stdin and write a
//!   document (or bytes) on stdout ([`program`]).
//!
//! Every component becomes an ordinary [`docpipe_core::Importer`], [`docpipe_core::Transform`]
//! or [`docpipe_core::Exporter`] registered with [`docpipe_core::Origin::Native`] or
//! [`docpipe_core::Origin::Program`] and the plugin's version. A plugin that fails on a
//! document (panic, crash, timeout, garbage output) fails only that document, with a
//! [`docpipe_core::Error::Plugin`] naming it.
//!
//! ```no_run
//! use docpipe_core::registry::OnClash;
//! let mut registry = docpipe_core::Registry::new();
//! let plugin = docpipe_plugin_host::load(std::path::Path::new("./libstamp.so"))?;
//! plugin.register(&mut registry, OnClash::Refuse)?;
//! # Ok::<(), docpipe_plugin_host::LoadError>(())
//! ```

#![allow(unsafe_code)]

mod discover;
pub mod native;
pub mod program;
mod wire_call;

use std::path::{Path, PathBuf};

use docpipe_core::registry::{Factory, OnClash};
use docpipe_core::{ComponentInfo, Origin, Registry};
use docpipe_plugin_sdk::wire::{ComponentDesc, PluginDescription};

pub use discover::{load_all, plugin_dirs, plugins_in, PluginKind};

/// Why a plugin could not be loaded. Every message names the plugin's path.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The path does not exist.
    #[error("{path}: no such plugin file")]
    NotFound {
        /// The path given.
        path: String,
    },
    /// The shared library could not be opened.
    #[error("{path}: cannot load the library: {message}")]
    Open {
        /// The library's path.
        path: String,
        /// What the dynamic loader said.
        message: String,
    },
    /// The library has no docpipe entry point.
    #[error("{path}: not a docpipe plugin (no `{symbol}` entry point: {message})")]
    Symbol {
        /// The library's path.
        path: String,
        /// The symbol looked for.
        symbol: String,
        /// What the dynamic loader said.
        message: String,
    },
    /// The library was built for another plugin ABI.
    #[error(
        "{path}: plugin built for docpipe plugin ABI {found}, but this docpipe speaks ABI {expected}; rebuild it against a docpipe-plugin-sdk with ABI {expected}"
    )]
    AbiMismatch {
        /// The library's path.
        path: String,
        /// The ABI version it declares.
        found: u32,
        /// The ABI version of this host.
        expected: u32,
    },
    /// The plugin reads a newer docpipe JSON format than this host writes.
    #[error(
        "{path}: plugin needs docpipe JSON format version {found}, but this docpipe writes version {expected}; upgrade docpipe"
    )]
    FormatTooNew {
        /// The plugin's path.
        path: String,
        /// The format version it reads.
        found: u32,
        /// The format version this host writes.
        expected: u32,
    },
    /// The plugin's description is missing or invalid.
    #[error("{path}: invalid plugin description: {message}")]
    Describe {
        /// The plugin's path.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// A manifest could not be read or is invalid.
    #[error("{path}: invalid plugin manifest: {message}")]
    Manifest {
        /// The manifest's path.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// Registering a component failed (a clash with a component already registered).
    #[error("{path}: {source}")]
    Register {
        /// The plugin's path.
        path: String,
        /// The registry's error.
        #[source]
        source: docpipe_core::Error,
    },
    /// Reading the file or folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl LoadError {
    /// True for a clash between component names (the CLI suggests `--plugin-override`).
    pub fn is_clash(&self) -> bool {
        matches!(
            self,
            LoadError::Register {
                source: docpipe_core::Error::Clash { .. },
                ..
            }
        )
    }
}

/// A plugin loaded and described, ready to register its components.
pub struct LoadedPlugin {
    path: PathBuf,
    description: PluginDescription,
    origin: Origin,
    factories: Vec<(ComponentDesc, Factory)>,
}

impl std::fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPlugin")
            .field("path", &self.path)
            .field("description", &self.description)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl LoadedPlugin {
    /// The path it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its name, version and components.
    pub fn description(&self) -> &PluginDescription {
        &self.description
    }

    /// Where its components come from (native library or program).
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Registers every component; a name already registered (a built-in, or another
    /// plugin) is refused unless `on_clash` is [`OnClash::Replace`]. On an error, the
    /// components before the failing one stay registered.
    pub fn register(self, registry: &mut Registry, on_clash: OnClash) -> Result<(), LoadError> {
        for (desc, factory) in self.factories {
            let info = ComponentInfo {
                kind: desc.kind.into(),
                name: desc.name.clone(),
                description: desc.description.clone(),
                version: self.description.version.clone(),
                origin: self.origin.clone(),
                options: desc.option_infos(),
                extensions: desc.extensions.clone(),
                binary: desc.binary,
            };
            registry
                .register_with(info, factory, on_clash)
                .map_err(|source| LoadError::Register {
                    path: self.path.display().to_string(),
                    source,
                })?;
        }
        Ok(())
    }
}

/// Loads the plugin at `path`: a shared library (by its extension), a TOML manifest
/// (`.toml`), or any other file as an executable that describes itself with
/// `--describe`.
pub fn load(path: &Path) -> Result<LoadedPlugin, LoadError> {
    if !path.exists() {
        return Err(LoadError::NotFound {
            path: path.display().to_string(),
        });
    }
    match PluginKind::of(path) {
        PluginKind::Library => native::load(path),
        PluginKind::Manifest => program::load_manifest(path),
        PluginKind::Program => program::load_program(path),
    }
}

/// Checks a description and names the plugin in errors.
fn check_description(path: &Path, d: &PluginDescription) -> Result<(), LoadError> {
    let fail = |message: String| LoadError::Describe {
        path: path.display().to_string(),
        message,
    };
    if d.format_version > docpipe_core::model::FORMAT_VERSION {
        return Err(LoadError::FormatTooNew {
            path: path.display().to_string(),
            found: d.format_version,
            expected: docpipe_core::model::FORMAT_VERSION,
        });
    }
    if d.format_version == 0 {
        return Err(fail("format_version 0 does not exist".into()));
    }
    if d.components.is_empty() {
        return Err(fail(format!("plugin `{}` declares no components", d.name)));
    }
    for c in &d.components {
        if c.name.trim().is_empty()
            || c.name.contains([':', ',', '='])
            || c.name.contains(char::is_whitespace)
        {
            return Err(fail(format!(
                "component name `{}` is empty or contains a space, `:`, `,` or `=`",
                c.name
            )));
        }
    }
    Ok(())
}
