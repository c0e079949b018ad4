//! docpipe-docx-export: DOCX export in 公文 (GB/T 9704-2012) and plain layouts.
//!
//! The exporter `docx` writes a complete, minimal WordprocessingML package from the
//! document model alone: headings as the built-in `heading N` styles with outline levels
//! (so Word's and WPS's navigation panes show the tree), lists with real numbering,
//! tables with merged cells, notes, comments, images, headers and footers, and document
//! properties from the model's metadata. Nothing is copied from an input package, so
//! what the model does not carry cannot leak. The same document always gives the same
//! bytes.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod layout;
pub mod package;
pub mod styles;
pub mod template;
pub mod writer;
pub mod xml;

use docpipe_core::error::Kind;
use docpipe_core::model::Document;
use docpipe_core::{
    ComponentInfo, Context, Error, Exporter, OptionInfo, Options, Registry, Result,
};

use layout::{Layout, Paper, StyleKind};
use template::Template;

/// The exporter's name.
pub const NAME: &str = "docx";

/// Registers this crate's components in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    registry.add_exporter(
        ComponentInfo::builtin(Kind::Exporter, NAME, "Word document (DOCX): 公文 layout (GB/T 9704-2012) for Chinese text, a plain layout otherwise")
            .with_options(vec![
                OptionInfo::new("style", "auto (公文 when the text is Chinese, else plain), gbt9704 or plain", Some("auto")),
                OptionInfo::new("reference-docx", "a DOCX whose styles, page setup, header and footer are used", None),
                OptionInfo::new("paper", "auto (Letter for US/Canadian English and similar locales, else A4), a4 or letter; plain layout only", Some("auto")),
                OptionInfo::new("compression", "deflate level of the XML parts: 1 (fast, the default) to 9 (smallest), 0 to store them uncompressed", Some("1")),
            ])
            .with_extensions(&["docx"])
            .binary(),
        |opts| Ok(Box::new(DocxExporter::from_options(opts)?)),
    )
}

/// Which layout to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleChoice {
    /// By the document's language.
    Auto,
    /// Always 公文.
    Gbt9704,
    /// Always plain.
    Plain,
}

/// The DOCX exporter.
#[derive(Debug, Clone)]
pub struct DocxExporter {
    style: StyleChoice,
    paper: Option<Paper>,
    template: Option<Template>,
    level: i64,
}

impl DocxExporter {
    /// An exporter with the default options (automatic layout, no template).
    pub fn new() -> DocxExporter {
        DocxExporter {
            style: StyleChoice::Auto,
            paper: None,
            template: None,
            level: 1,
        }
    }

    /// An exporter configured by `opts` (`style`, `paper`, `reference-docx`,
    /// `compression`); a template that cannot be read is an option error.
    pub fn from_options(opts: &Options) -> Result<DocxExporter> {
        let style = match opts.choice(NAME, "style", &["auto", "gbt9704", "plain"], "auto")? {
            "gbt9704" => StyleChoice::Gbt9704,
            "plain" => StyleChoice::Plain,
            _ => StyleChoice::Auto,
        };
        let paper = match opts.choice(NAME, "paper", &["auto", "a4", "letter"], "auto")? {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        };
        let level = match opts.u64(NAME, "compression", 1)? {
            l if l <= 9 => l as i64,
            l => {
                return Err(Error::option(
                    NAME,
                    format!("option `compression` must be 0 to 9, not {l}"),
                ))
            }
        };
        let template = match opts.string(NAME, "reference-docx")? {
            Some(path) if !path.is_empty() => {
                Some(template::read_file(&path).map_err(|e| Error::option(NAME, e.to_string()))?)
            }
            _ => None,
        };
        Ok(DocxExporter {
            style,
            paper,
            template,
            level,
        })
    }

    /// The layout this exporter uses for `doc`.
    pub fn layout_for(&self, doc: &Document) -> Layout {
        let kind = match self.style {
            StyleChoice::Gbt9704 => StyleKind::Gbt9704,
            StyleChoice::Plain => StyleKind::Plain,
            StyleChoice::Auto => {
                if is_chinese(doc) {
                    StyleKind::Gbt9704
                } else {
                    StyleKind::Plain
                }
            }
        };
        let mut layout = match kind {
            StyleKind::Gbt9704 => Layout::gbt9704(),
            StyleKind::Plain => {
                let lang = doc
                    .meta
                    .language
                    .clone()
                    .filter(|l| !l.trim().is_empty())
                    .unwrap_or_else(|| "en-US".into());
                let paper = self.paper.unwrap_or_else(|| paper_for(&lang));
                Layout::plain(paper, &lang)
            }
        };
        if let Some((w, l, r)) = self
            .template
            .as_ref()
            .and_then(|t| t.sect_pr.as_deref())
            .and_then(package::template_page)
        {
            layout.page_w = w;
            layout.left = l;
            layout.right = r;
        }
        layout
    }

    /// Writes `doc` as DOCX bytes, returning warnings alongside.
    pub fn write(&self, doc: &Document) -> Result<(Vec<u8>, Vec<String>)> {
        let layout = self.layout_for(doc);
        let built = package::build(doc, &layout, self.template.as_ref(), self.level)
            .map_err(|e| Error::stage_from(NAME, e))?;
        Ok((built.bytes, built.warnings))
    }
}

impl Default for DocxExporter {
    fn default() -> Self {
        DocxExporter::new()
    }
}

impl Exporter for DocxExporter {
    fn export(&self, doc: &Document, ctx: &mut Context) -> Result<Vec<u8>> {
        let (bytes, warnings) = self.write(doc)?;
        for w in warnings {
            ctx.warn(w);
        }
        Ok(bytes)
    }
}

/// True when the metadata says Chinese or the body text looks Chinese.
pub fn is_chinese(doc: &Document) -> bool {
    if doc
        .meta
        .language
        .as_deref()
        .is_some_and(|l| l.trim().to_ascii_lowercase().starts_with("zh"))
    {
        return true;
    }
    let mut text = String::new();
    'outer: for part in &doc.parts {
        if let Some(t) = &part.title {
            docpipe_core::walk::push_plain_text(t, &mut text);
        }
        for b in &part.blocks {
            text.push_str(&docpipe_core::walk::block_text(b));
            text.push('\n');
            if text.len() > 60_000 {
                break 'outer;
            }
        }
    }
    docpipe_core::lang::guess(&text) == Some("zh")
}

/// Letter paper for locales that use it (the United States, Canada, Mexico, the
/// Philippines and a few others), A4 otherwise.
pub fn paper_for(lang: &str) -> Paper {
    let region = lang
        .split(['-', '_'])
        .skip(1)
        .find(|s| s.len() == 2)
        .map(str::to_ascii_uppercase);
    match region.as_deref() {
        Some("US" | "CA" | "MX" | "PH" | "CL" | "CO" | "VE" | "GT" | "PR" | "CR" | "PA" | "SV") => {
            Paper::Letter
        }
        _ => Paper::A4,
    }
}

#[cfg(test)]
mod tests;
