//! docpipe-normalize: the `normalize` transform, which gives a document its section
//! structure. It recognises the headings of 公文 reports from their typed markers (`一、`
//! `（一）` `1.` `（1）` and `一是` points, GB/T 9704-2012) and of ordinary documents (`1.1`,
//! `I.`, `A.`, `Chapter 2`), splits a heading from the body text sharing its paragraph,
//! builds a tree without skipped levels, recognises report titles and several reports in
//! one file, splits flattened one-line reports, removes web-page junk (recording what it
//! removed) and reports numbering anomalies as warnings.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

use std::sync::Arc;

use docpipe_core::registry::Factory;
use docpipe_core::{
    ComponentInfo, Context, Document, Kind, OptionInfo, Options, Registry, Result, Transform,
};

mod inlines;
mod junk;
mod marker;
mod structure;
#[cfg(test)]
mod tests;

pub use structure::{normalize, Settings};

/// The component name.
pub const NAME: &str = "normalize";

/// The `normalize` transform with its settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Normalize {
    settings: Settings,
}

impl Normalize {
    /// A transform with these settings.
    pub fn new(settings: Settings) -> Normalize {
        Normalize { settings }
    }

    /// Builds the transform from `markers=gbt|keep`, `junk=remove|keep`,
    /// `points=headings|text`.
    pub fn from_options(options: &Options) -> Result<Normalize> {
        options.check_known(NAME, &["markers", "junk", "points"])?;
        let markers = options.choice(NAME, "markers", &["gbt", "keep"], "gbt")?;
        let junk = options.choice(NAME, "junk", &["remove", "keep"], "remove")?;
        let points = options.choice(NAME, "points", &["headings", "text"], "headings")?;
        Ok(Normalize::new(Settings {
            gbt: markers == "gbt",
            junk: junk == "remove",
            points: points == "headings",
        }))
    }
}

impl Transform for Normalize {
    fn transform(&self, doc: Document, ctx: &mut Context) -> Result<Document> {
        Ok(normalize(doc, &self.settings, ctx))
    }
}

/// Registers the `normalize` transform in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    let info = ComponentInfo::builtin(
        Kind::Transform,
        NAME,
        "section structure: headings from 公文 and numbered markers, levels, titles, reports, junk removal",
    )
    .with_options(vec![
        OptionInfo::new(
            "markers",
            "gbt: write markers in the GB/T 9704 style 一、（一）1.（1）; keep: as written",
            Some("gbt"),
        ),
        OptionInfo::new(
            "junk",
            "remove: drop web-page junk (hidden-text notices, page metadata, trailers) and list it; keep: leave it",
            Some("remove"),
        ),
        OptionInfo::new(
            "points",
            "headings: 一是…二是… points whose first sentence stands alone become headings; text: leave them in the text",
            Some("headings"),
        ),
    ]);
    registry.register(
        info,
        Factory::Transform(Arc::new(|options: &Options| {
            Ok(Box::new(Normalize::from_options(options)?) as Box<dyn Transform>)
        })),
    )
}
