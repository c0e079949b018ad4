//! docpipe-html: standalone HTML5 export.
//!
//! The `html` exporter writes one self-contained page: `<!doctype html>`, `lang` from the
//! metadata or guessed from the text, a `<title>`, a small embedded stylesheet that reads
//! well for Chinese and Latin text, no scripts. Part titles are `h1.title` (headings then
//! start at `h2`); headings carry ids and their numbering label in `span.label`; images
//! are inline `data:` URIs; notes become an endnotes section with back links; page
//! headers, footers and comments get their own marked elements. Every text is escaped,
//! unsafe link targets are dropped, and the markup passes the Nu HTML Checker. With
//! `fragment=true` only the body content is written.
//!
//! ```
//! use docpipe_core::model::*;
//! use docpipe_core::{Context, Exporter};
//! let doc = Document::from_blocks(vec![Block::Paragraph(Paragraph {
//!     content: vec![Inline::text("a < b")],
//!     align: None,
//! })]);
//! let html = docpipe_html::HtmlExporter { fragment: true }.export(&doc, &mut Context::new("x"))?;
//! assert_eq!(
//!     String::from_utf8_lossy(&html),
//!     "<div class=\"docpipe\">\n<p>a &lt; b</p>\n</div>\n"
//! );
//! # Ok::<(), docpipe_core::Error>(())
//! ```

pub mod escape;
pub mod render;
pub mod table;

use docpipe_core::error::Kind;
use docpipe_core::model::{Block, Document};
use docpipe_core::walk::{block_text, plain_text};
use docpipe_core::{lang, ComponentInfo, Context, Exporter, OptionInfo, Registry, Result};

use crate::escape::{escaped, valid_lang};
use crate::render::{Report, Writer};

/// The embedded stylesheet.
pub const STYLESHEET: &str = include_str!("../assets/style.css");

/// Writes a standalone HTML5 page, or only its body content.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlExporter {
    /// Write only the body content (no `<html>`, `<head>` or `<body>`).
    pub fragment: bool,
}

impl Exporter for HtmlExporter {
    fn export(&self, doc: &Document, ctx: &mut Context) -> Result<Vec<u8>> {
        let (html, report) = to_html(doc, self.fragment);
        if report.dropped_chars > 0 {
            ctx.warn(format!(
                "dropped {} control, noncharacter or bidi control character{} that the page must not carry",
                report.dropped_chars,
                if report.dropped_chars == 1 { "" } else { "s" }
            ));
        }
        if report.unsafe_links > 0 {
            ctx.warn(format!(
                "removed {} unsafe or malformed link target{} (javascript:, vbscript:, data:, no host); the link text is kept",
                report.unsafe_links,
                if report.unsafe_links == 1 { "" } else { "s" }
            ));
        }
        if report.missing_images > 0 {
            ctx.warn(format!(
                "{} image{} without an embedded image resource: alt text written instead",
                report.missing_images,
                if report.missing_images == 1 { "" } else { "s" }
            ));
        }
        Ok(html.into_bytes())
    }
}

/// The page (or fragment) for `doc`, with counts of what was changed on the way.
pub fn to_html(doc: &Document, fragment: bool) -> (String, Report) {
    let lang = page_lang(doc);
    let mut w = Writer::new(doc, lang.starts_with("zh"));
    if !fragment {
        w.out.push_str("<!doctype html>\n<html lang=\"");
        w.out.push_str(&lang);
        w.out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.out
            .push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.out.push_str("<title>");
        w.out
            .push_str(&escaped(&page_title(doc, lang.starts_with("zh"))));
        w.out.push_str("</title>\n");
        head_meta(doc, &mut w.out);
        w.out
            .push_str("<meta name=\"generator\" content=\"docpipe\">\n<style>\n");
        w.out.push_str(STYLESHEET);
        w.out.push_str("</style>\n</head>\n<body>\n");
    }
    w.furniture(&doc.headers, false);
    // A fragment goes into someone else's page, which may have its own <main>.
    w.out.push_str(if fragment {
        "<div class=\"docpipe\">\n"
    } else {
        "<main>\n"
    });
    w.body();
    w.out
        .push_str(if fragment { "</div>\n" } else { "</main>\n" });
    w.endnotes();
    w.comments();
    w.furniture(&doc.footers, true);
    if !fragment {
        w.out.push_str("</body>\n</html>\n");
    }
    (w.out, w.report)
}

/// `meta.language` when it is a usable tag, else the guess from the text, else `und`.
fn page_lang(doc: &Document) -> String {
    if let Some(tag) = doc.meta.language.as_deref().and_then(valid_lang) {
        return tag;
    }
    lang::guess(&sample_text(doc)).unwrap_or("und").to_string()
}

/// The first few tens of kilobytes of the body text, enough for a language guess.
fn sample_text(doc: &Document) -> String {
    let mut out = String::new();
    for part in &doc.parts {
        if let Some(t) = &part.title {
            out.push_str(&plain_text(t));
            out.push('\n');
        }
        for b in &part.blocks {
            if out.len() > 80_000 {
                return out;
            }
            out.push_str(&block_text(b));
            out.push('\n');
        }
    }
    out
}

/// `meta.title`, else the first part title, else the first heading, else the first
/// paragraph (cut at 80 characters), else a word for "document": the `<title>` must not
/// be empty.
fn page_title(doc: &Document, zh: bool) -> String {
    let clean = |s: String| {
        // What escaping would drop must not count: the title must not come out empty.
        let s: String = s.chars().filter(|c| !escape::is_dropped(*c)).collect();
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            None
        } else {
            Some(s)
        }
    };
    doc.meta
        .title
        .clone()
        .and_then(clean)
        .or_else(|| {
            doc.parts
                .iter()
                .find_map(|p| p.title.as_ref().and_then(|t| clean(plain_text(t))))
        })
        .or_else(|| {
            doc.parts
                .iter()
                .flat_map(|p| &p.blocks)
                .find_map(|b| match b {
                    Block::Heading(h) => clean(plain_text(&h.content)),
                    _ => None,
                })
        })
        .or_else(|| {
            // A plain-text import has no headings yet: its first line is the best title.
            doc.parts
                .iter()
                .flat_map(|p| &p.blocks)
                .find_map(|b| match b {
                    Block::Paragraph(p) => {
                        clean(plain_text(&p.content)).map(|t| match t.char_indices().nth(80) {
                            Some((i, _)) => format!("{}…", t.get(..i).unwrap_or_default()),
                            None => t,
                        })
                    }
                    _ => None,
                })
        })
        .unwrap_or_else(|| if zh { "文档" } else { "Document" }.to_string())
}

/// `author`, `description` and `keywords` meta elements from the metadata.
fn head_meta(doc: &Document, out: &mut String) {
    let m = &doc.meta;
    for (name, value) in [
        ("author", m.authors.join(", ")),
        (
            "description",
            m.description
                .clone()
                .or(m.subject.clone())
                .unwrap_or_default(),
        ),
        ("keywords", m.keywords.join(", ")),
    ] {
        let value = escaped(value.trim());
        if !value.is_empty() {
            out.push_str(&format!("<meta name=\"{name}\" content=\"{value}\">\n"));
        }
    }
}

/// Registers the `html` exporter in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    registry.add_exporter(
        ComponentInfo::builtin(
            Kind::Exporter,
            "html",
            "standalone HTML5 page (embedded stylesheet and images, no scripts)",
        )
        .with_extensions(&["html", "htm"])
        .with_options(vec![OptionInfo::new(
            "fragment",
            "write only the body content, without <html>, <head> and <body>",
            Some("false"),
        )]),
        |opts| {
            Ok(Box::new(HtmlExporter {
                fragment: opts.bool("html", "fragment", false)?,
            }))
        },
    )
}

#[cfg(test)]
mod tests;
