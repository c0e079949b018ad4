//! The error type shared by every stage and by the pipeline.

use std::fmt;

/// What kind of component a registry entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Reads bytes into a document.
    Importer,
    /// Changes a document.
    Transform,
    /// Writes a document as bytes.
    Exporter,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Importer => "importer",
            Kind::Transform => "transform",
            Kind::Exporter => "exporter",
        })
    }
}

/// Boxed error source kept for the chain (`{:#}` in the CLI shows it).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong while building or running a pipeline.
///
/// [`Error::is_usage`] separates mistakes in how docpipe was called (exit status 2) from
/// problems with one input (exit status 1).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No component of that kind and name is registered.
    #[error("unknown {kind} `{name}` (known: {})", known.join(", "))]
    UnknownComponent {
        /// The kind asked for.
        kind: Kind,
        /// The name asked for.
        name: String,
        /// Names of that kind that are registered.
        known: Vec<String>,
    },
    /// An option given to a component is unknown or has a bad value.
    #[error("{component}: {message}")]
    InvalidOption {
        /// The component's name.
        component: String,
        /// What is wrong, naming the option.
        message: String,
    },
    /// Two components with the same kind and name.
    #[error("{kind} `{name}` from {new_origin} clashes with the one from {existing_origin}")]
    Clash {
        /// Kind of both components.
        kind: Kind,
        /// Their name.
        name: String,
        /// Where the registered one came from.
        existing_origin: String,
        /// Where the new one came from.
        new_origin: String,
    },
    /// A pipeline file or other configuration is invalid.
    #[error("{0}")]
    Config(String),
    /// A stage failed on this input (the input is unreadable, corrupt or too large).
    #[error("{stage}: {message}")]
    Stage {
        /// The stage's name.
        stage: String,
        /// What went wrong, in words a user understands.
        message: String,
        /// The underlying error, if any.
        #[source]
        source: Option<BoxError>,
    },
    /// A plugin misbehaved (crashed, wrong ABI, garbage output, timeout).
    #[error("plugin {plugin}: {message}")]
    Plugin {
        /// The plugin's name or path.
        plugin: String,
        /// What went wrong.
        message: String,
    },
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// A stage error with a message only.
    pub fn stage(stage: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Stage {
            stage: stage.into(),
            message: message.into(),
            source: None,
        }
    }

    /// A stage error wrapping an underlying error; its text becomes the message.
    pub fn stage_from(
        stage: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Stage {
            stage: stage.into(),
            message: source.to_string(),
            source: Some(Box::new(source)),
        }
    }

    /// An invalid-option error for `component`.
    pub fn option(component: impl Into<String>, message: impl Into<String>) -> Error {
        Error::InvalidOption {
            component: component.into(),
            message: message.into(),
        }
    }

    /// True when the error is about how docpipe was called or configured, not about an
    /// input: the CLI exits with status 2 for these.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::UnknownComponent { .. }
                | Error::InvalidOption { .. }
                | Error::Clash { .. }
                | Error::Config(_)
        )
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
