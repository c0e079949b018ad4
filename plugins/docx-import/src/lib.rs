//! docpipe-docx-import: DOCX (Office Open XML) import.
//!
//! Reads WordprocessingML packages written by Word, WPS and LibreOffice (Transitional
//! and Strict) into the docpipe model: body text with character styles, headings from
//! (localised) styles and outline levels with their automatic numbering rendered as
//! Word shows it (`一、`, `（一）`, `1.2`), lists, tables with spans, headers and
//! footers, notes, comments, text boxes, images, math, charts and properties. Bad input
//! fails with a message that says what is wrong; limits bound what a file can inflate to.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod body;
mod error;
mod math;
mod meta;
mod numbering;
mod numfmt;
mod package;
mod styles;
mod xml;

#[cfg(test)]
mod mutation;
#[cfg(test)]
mod testdocx;
#[cfg(test)]
mod tests;

use docpipe_core::model::{Block, Comment, Document, HeaderFooter, Inline, Note, NoteKind, Part};
use docpipe_core::{
    ComponentInfo, Context, Error, Importer, Kind, OptionInfo, Options, Registry, Result,
};

pub use error::DocxError;
pub use package::Limits;

use body::{Body, Settings};
use numbering::Numbering;
use package::{Package, Rels};
use styles::Styles;
use xml::{attr, local, Ev, Xml};

/// The importer's name.
pub const NAME: &str = "docx";

/// Options of the `docx` importer.
#[derive(Debug, Clone)]
pub struct DocxOptions {
    /// Keep tracked deletions, marked as spans of class `deleted` (default: drop them).
    pub keep_deletions: bool,
    /// Keep hidden text, marked as spans of class `hidden` (default: drop it).
    pub keep_hidden: bool,
    /// Embed images as resources (default: yes).
    pub images: bool,
    /// Limits on the package.
    pub limits: Limits,
}

impl Default for DocxOptions {
    fn default() -> Self {
        DocxOptions {
            keep_deletions: false,
            keep_hidden: false,
            images: true,
            limits: Limits::default(),
        }
    }
}

const OPTION_NAMES: &[&str] = &[
    "keep_deletions",
    "keep_hidden",
    "images",
    "max_part_size",
    "max_total_size",
    "max_ratio",
    "max_entries",
    "max_depth",
];

impl DocxOptions {
    /// Reads the options given to the importer.
    pub fn from_options(o: &Options) -> Result<DocxOptions> {
        o.check_known(NAME, OPTION_NAMES)?;
        let d = Limits::default();
        Ok(DocxOptions {
            keep_deletions: o.bool(NAME, "keep_deletions", false)?,
            keep_hidden: o.bool(NAME, "keep_hidden", false)?,
            images: o.bool(NAME, "images", true)?,
            limits: Limits {
                max_part_size: o.u64(NAME, "max_part_size", d.max_part_size)?,
                max_total_size: o.u64(NAME, "max_total_size", d.max_total_size)?,
                max_ratio: o.u64(NAME, "max_ratio", d.max_ratio)?,
                max_entries: o.u64(NAME, "max_entries", d.max_entries)?,
                max_depth: usize::try_from(o.u64(NAME, "max_depth", d.max_depth as u64)?)
                    .unwrap_or(usize::MAX),
            },
        })
    }
}

/// The `docx` importer.
#[derive(Debug, Clone, Default)]
pub struct DocxImporter {
    options: DocxOptions,
}

impl DocxImporter {
    /// An importer with these options.
    pub fn new(options: DocxOptions) -> DocxImporter {
        DocxImporter { options }
    }
}

impl Importer for DocxImporter {
    fn import(&self, input: &[u8], ctx: &mut Context) -> Result<Document> {
        let (mut doc, warnings) =
            read(input, &self.options).map_err(|e| Error::stage_from(NAME, e))?;
        for w in warnings {
            ctx.warn(w);
        }
        if doc.meta.source.is_none() {
            if let Some(src) = ctx.source.as_deref().filter(|s| *s != "-") {
                let name = std::path::Path::new(src)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| src.to_string());
                doc.meta.source = Some(name);
            }
        }
        Ok(doc)
    }
}

/// Registers this crate's components in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    let d = Limits::default();
    let info = ComponentInfo::builtin(
        Kind::Importer,
        NAME,
        "Word documents (.docx, .docm, .dotx): text, headings with their numbering, lists, tables, notes, comments, headers/footers, text boxes, images",
    )
    .with_extensions(&["docx", "docm", "dotx", "dotm"])
    .with_options(vec![
        OptionInfo::new("keep_deletions", "keep tracked deletions, marked as spans of class `deleted`", Some("false")),
        OptionInfo::new("keep_hidden", "keep hidden (w:vanish) text, marked as spans of class `hidden`", Some("false")),
        OptionInfo::new("images", "embed image bytes as resources", Some("true")),
        OptionInfo::new("max_part_size", "largest inflated size of one part, bytes", Some(&d.max_part_size.to_string())),
        OptionInfo::new("max_total_size", "largest inflated size of the whole package, bytes", Some(&d.max_total_size.to_string())),
        OptionInfo::new("max_ratio", "largest compression ratio of a part over 1 MiB", Some(&d.max_ratio.to_string())),
        OptionInfo::new("max_entries", "most entries in the zip archive", Some(&d.max_entries.to_string())),
        OptionInfo::new("max_depth", "deepest XML element nesting", Some(&d.max_depth.to_string())),
    ]);
    registry.add_importer(info, |o: &Options| {
        Ok(Box::new(DocxImporter::new(DocxOptions::from_options(o)?)) as Box<dyn Importer>)
    })
}

/// Reads a DOCX package into a document, with the warnings met on the way.
pub fn read(input: &[u8], options: &DocxOptions) -> Result<(Document, Vec<String>), DocxError> {
    let mut pkg = Package::open(input, options.limits.clone())?;
    let depth = options.limits.max_depth;
    let root_rels = pkg.rels("")?;
    let main = root_rels
        .values()
        .find(|r| r.kind.ends_with("/officeDocument") && !r.external && pkg.has(&r.target))
        .map(|r| r.target.clone())
        .or_else(|| {
            pkg.has("word/document.xml")
                .then(|| "word/document.xml".to_string())
        })
        .ok_or(DocxError::NotDocx)?;
    let main_rels = pkg.rels(&main)?;
    let part_of = |kind: &str, fallback: &str| -> String {
        rel_target(&main_rels, kind).unwrap_or_else(|| fallback.to_string())
    };
    let styles_name = part_of("/styles", "word/styles.xml");
    let numbering_name = part_of("/numbering", "word/numbering.xml");
    let footnotes_name = part_of("/footnotes", "word/footnotes.xml");
    let endnotes_name = part_of("/endnotes", "word/endnotes.xml");
    let comments_name = part_of("/comments", "word/comments.xml");
    let settings_name = part_of("/settings", "word/settings.xml");

    let styles = match pkg.read(&styles_name)? {
        Some(d) => Styles::parse(&d, &styles_name, depth)?,
        None => Styles::default(),
    };
    let mut numbering = match pkg.read(&numbering_name)? {
        Some(d) => Numbering::parse(&d, &numbering_name, depth)?,
        None => Numbering::default(),
    };
    let mut doc = Document::default();
    let mut warnings = Vec::new();
    for (name, f) in [
        ("docProps/core.xml", meta::core as MetaReader),
        ("docProps/app.xml", meta::app),
        ("docProps/custom.xml", meta::custom),
    ] {
        if let Some(d) = pkg.read(name)? {
            // Properties are secondary: a broken properties part is a warning, not a failure.
            if let Err(e) = f(&d, name, depth, &mut doc.meta) {
                if matches!(e, DocxError::Dtd(_) | DocxError::Limit(_)) {
                    return Err(e);
                }
                warnings.push(format!("document properties skipped: {e}"));
            }
        }
    }
    // settings.xml only matters for the language, when styles.xml does not say it.
    let settings_lang = if styles.lang.is_none() && styles.lang_east_asia.is_none() {
        match pkg.read(&settings_name)? {
            Some(d) => meta::settings_lang(&d, &settings_name, depth).unwrap_or((None, None)),
            None => (None, None),
        }
    } else {
        (None, None)
    };

    let settings = Settings {
        keep_deletions: options.keep_deletions,
        keep_hidden: options.keep_hidden,
        images: options.images,
    };
    let mut body = Body::new(&mut pkg, &styles, &mut numbering, &settings);
    let blocks = body.part_blocks(&main, true)?;
    let title = body.title.take();
    doc.parts = split_parts(title, blocks);
    if let Some(sub) = body.subtitle.take() {
        doc.meta.subtitle = Some(sub);
    }

    for r in body.hf_refs.clone() {
        let blocks = body.part_blocks(&r.target, false)?;
        if blocks.is_empty() {
            continue;
        }
        let hf = HeaderFooter {
            kind: r.kind,
            blocks,
        };
        if r.header {
            doc.headers.push(hf);
        } else {
            doc.footers.push(hf);
        }
    }
    for (name, kind) in [
        (&footnotes_name, NoteKind::Footnote),
        (&endnotes_name, NoteKind::Endnote),
    ] {
        doc.notes.extend(read_notes(&mut body, name, kind)?);
    }
    doc.comments = read_comments(&mut body, &comments_name)?;

    let (cjk, other) = body.script_counts;
    doc.resources = std::mem::take(&mut body.resources);
    warnings.append(&mut body.warnings);
    drop(body);
    for f in &numbering.unknown_formats {
        warnings.push(format!(
            "numbering format `{f}` is not known; shown as decimal"
        ));
    }
    if doc.meta.language.is_none() {
        let (val, east) = (
            styles.lang.clone().or(settings_lang.0),
            styles.lang_east_asia.clone().or(settings_lang.1),
        );
        doc.meta.language = if cjk > other {
            east.or(val)
        } else {
            val.or(east)
        };
    }
    Ok((doc, warnings))
}

type MetaReader =
    fn(&[u8], &str, usize, &mut docpipe_core::model::Metadata) -> Result<(), DocxError>;

fn rel_target(rels: &Rels, kind_suffix: &str) -> Option<String> {
    rels.values()
        .find(|r| !r.external && r.kind.ends_with(kind_suffix))
        .map(|r| r.target.clone())
}

fn read_notes(body: &mut Body<'_, '_>, name: &str, kind: NoteKind) -> Result<Vec<Note>, DocxError> {
    let Some(data) = body.read_part(name)? else {
        return Ok(Vec::new());
    };
    body.enter_part(name, false)?;
    let prefix = match kind {
        NoteKind::Footnote => "fn",
        NoteKind::Endnote => "en",
    };
    let mut x = Xml::new(&data, name, body.max_depth());
    let mut out = Vec::new();
    loop {
        match x.next()? {
            Ev::Start(e) if matches!(local(&e), b"footnote" | b"endnote") => {
                let special = attr(&e, b"type").is_some_and(|t| t != "normal");
                let id = attr(&e, b"id").unwrap_or_default();
                if special {
                    x.skip()?;
                    continue;
                }
                let items = body.blocks(&mut x, None)?;
                let blocks = body.assemble(items);
                out.push(Note {
                    id: format!("{prefix}{id}"),
                    kind,
                    blocks,
                });
            }
            Ev::Eof => return Ok(out),
            _ => {}
        }
    }
}

fn read_comments(body: &mut Body<'_, '_>, name: &str) -> Result<Vec<Comment>, DocxError> {
    let Some(data) = body.read_part(name)? else {
        return Ok(Vec::new());
    };
    body.enter_part(name, false)?;
    let mut x = Xml::new(&data, name, body.max_depth());
    let mut out = Vec::new();
    loop {
        match x.next()? {
            Ev::Start(e) if local(&e) == b"comment" => {
                let id = attr(&e, b"id").unwrap_or_default();
                let author = attr(&e, b"author").filter(|s| !s.is_empty());
                let initials = attr(&e, b"initials").filter(|s| !s.is_empty());
                let date = attr(&e, b"date").filter(|s| !s.is_empty());
                let items = body.blocks(&mut x, None)?;
                let blocks = body.assemble(items);
                let anchor = body
                    .comment_anchors
                    .get(&id)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                out.push(Comment {
                    id,
                    author,
                    initials,
                    date,
                    anchor,
                    blocks,
                });
            }
            Ev::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Splits the main body into parts at the markers left by later Title paragraphs (a file
/// holding several documents, each with its own title). Consecutive Title paragraphs with
/// nothing between them form one title; a marker nested inside a table or text box
/// stays where it is, as a `Div` holding the title's paragraph.
fn split_parts(title: Option<Vec<Inline>>, blocks: Vec<Block>) -> Vec<Part> {
    let mut parts = vec![Part {
        title,
        blocks: Vec::new(),
    }];
    for block in blocks {
        match block {
            Block::Div {
                class,
                blocks: inner,
            } if class.as_deref() == Some(body::PART_TITLE_CLASS) => {
                let text: Vec<Inline> = inner
                    .into_iter()
                    .flat_map(|b| match b {
                        Block::Paragraph(p) => p.content,
                        _ => Vec::new(),
                    })
                    .collect();
                match parts.last_mut() {
                    Some(last) if last.blocks.is_empty() => match &mut last.title {
                        Some(t) => {
                            t.push(Inline::LineBreak {});
                            t.extend(text);
                        }
                        None => last.title = Some(text),
                    },
                    _ => parts.push(Part {
                        title: Some(text),
                        blocks: Vec::new(),
                    }),
                }
            }
            other => {
                if let Some(last) = parts.last_mut() {
                    last.blocks.push(other);
                }
            }
        }
    }
    parts
}
