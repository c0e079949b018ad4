//! Test fixture for docpipe's plugin host: `boom` panics on every document (the host must
//! turn that into an error for the document, not a crash); `noop` returns the document
//! unchanged (used to measure the cost of crossing the boundary).

use docpipe_plugin_sdk::prelude::*;

struct Boom;

impl Transform for Boom {
    fn transform(&self, doc: Document, _ctx: &mut Context) -> Result<Document> {
        let blocks = doc.parts.iter().map(|p| p.blocks.len()).sum::<usize>();
        panic!("boom: refusing a document of {blocks} blocks");
    }
}

struct Noop;

impl Transform for Noop {
    fn transform(&self, doc: Document, _ctx: &mut Context) -> Result<Document> {
        Ok(doc)
    }
}

/// Registers `boom` and `noop`.
pub fn register(registry: &mut Registry) -> Result<()> {
    registry.add_transform(
        ComponentInfo::builtin(Kind::Transform, "boom", "panics on every document"),
        |_| Ok(Box::new(Boom)),
    )?;
    registry.add_transform(
        ComponentInfo::builtin(Kind::Transform, "noop", "returns the document unchanged"),
        |_| Ok(Box::new(Noop)),
    )
}

export_plugin!(name = "faulty", version = "0.1.0", register = register);
