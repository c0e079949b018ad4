//! `markdown`: a docpipe exporter writing CommonMark, with GitHub-style pipe tables and
//! footnotes. Built as a shared library and loaded with
//! `docpipe convert in.docx --plugin ./libmarkdown.so -t markdown -o out.md`.

mod write;

use docpipe_plugin_sdk::prelude::*;

/// The exporter, made from its options.
struct Markdown {
    labels: bool,
}

impl Exporter for Markdown {
    fn export(&self, doc: &Document, ctx: &mut Context) -> Result<Vec<u8>> {
        let mut w = write::Writer::new(self.labels);
        let text = w.document(doc);
        for warning in w.warnings() {
            ctx.warn(warning.clone());
        }
        Ok(text.into_bytes())
    }
}

/// Registers the `markdown` exporter.
pub fn register(registry: &mut Registry) -> Result<()> {
    let info = ComponentInfo::builtin(
        Kind::Exporter,
        "markdown",
        "writes CommonMark with pipe tables and footnotes",
    )
    .with_extensions(&["md", "markdown"])
    .with_options(vec![OptionInfo::new(
        "labels",
        "keep heading numbers such as `一、` before the heading text (true/false)",
        Some("true"),
    )]);
    registry.add_exporter(info, |opts| {
        Ok(Box::new(Markdown {
            labels: opts.bool("markdown", "labels", true)?,
        }))
    })
}

export_plugin!(
    name = "markdown",
    version = env!("CARGO_PKG_VERSION"),
    register = register
);
