//! docpipe-core: the document model, the stage traits (`Importer`, `Transform`,
//! `Exporter`), the registry of named components, the pipeline that chains them, and the
//! context and errors they share. Every built-in plugin and the CLI build on this crate.
//!
//! ```
//! use docpipe_core::{model::*, json};
//! let doc = Document::from_blocks(vec![Block::Paragraph(Paragraph {
//!     content: vec![Inline::text("hello")],
//!     align: None,
//! })]);
//! let bytes = json::to_vec(&doc).unwrap();
//! assert_eq!(json::from_slice(&bytes).unwrap(), doc);
//! ```

pub mod context;
pub mod error;
pub mod format;
pub mod fsio;
pub mod json;
pub mod lang;
pub mod model;
pub mod options;
pub mod outline;
pub mod pipeline;
pub mod registry;
pub mod stage;
pub mod walk;

pub use context::{Context, Shared, Warning};
pub use error::{Error, Kind, Result};
pub use model::Document;
pub use options::Options;
pub use pipeline::{Output, Pipeline, PipelineSpec, StageSpec};
pub use registry::{ComponentInfo, OptionInfo, Origin, Registry};
pub use stage::{Exporter, Importer, Transform};
