//! The three stage traits. Every component, built-in or plugin, is one of these.

use crate::context::Context;
use crate::error::Result;
use crate::model::Document;

/// Reads the bytes of an input into a document.
pub trait Importer: Send + Sync {
    /// Parses `input`. Problems that do not stop the import go to `ctx.warn`.
    fn import(&self, input: &[u8], ctx: &mut Context) -> Result<Document>;
}

/// Changes a document (normalise its structure, anonymise it, …).
pub trait Transform: Send + Sync {
    /// Returns the changed document.
    fn transform(&self, doc: Document, ctx: &mut Context) -> Result<Document>;

    /// Rewrites the stem of an output file name derived from the input's name (`batch`
    /// mirrors input names, and a name can carry a person's name). The default keeps it.
    fn file_stem(&self, stem: &str, ctx: &mut Context) -> Result<String> {
        let _ = ctx;
        Ok(stem.to_string())
    }
}

/// Writes a document as bytes in some format.
pub trait Exporter: Send + Sync {
    /// Serialises `doc`.
    fn export(&self, doc: &Document, ctx: &mut Context) -> Result<Vec<u8>>;
}
