//! The document model: one tree that every importer produces and every exporter reads.
//!
//! It is close to what pandoc's AST and HTML share: metadata, parts made of blocks,
//! blocks made of inlines, plus the text that lives around the body (headers, footers,
//! notes, comments) and embedded resources. Every type is serde-serialisable; the JSON
//! form is versioned by [`FormatVersion`] and documented in `docs/json-format.md`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod tagged;

/// The version of the JSON form that this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The `"docpipe"` key at the top of the JSON form: the format version.
///
/// Reading a document whose version is newer than [`FORMAT_VERSION`] fails with a clear
/// message instead of misreading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(transparent)]
pub struct FormatVersion(#[schemars(range(min = 1, max = 1))] pub u32);

impl Default for FormatVersion {
    fn default() -> Self {
        FormatVersion(FORMAT_VERSION)
    }
}

impl Serialize for FormatVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = u32::deserialize(d)?;
        if v == 0 || v > FORMAT_VERSION {
            return Err(serde::de::Error::custom(format!(
                "docpipe JSON format version {v} is not supported: this docpipe reads version {FORMAT_VERSION} (upgrade docpipe to read newer files)"
            )));
        }
        Ok(FormatVersion(v))
    }
}

/// A whole document: metadata, one or more parts, and everything around the body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Format version of the JSON form; always written first.
    pub docpipe: FormatVersion,
    /// Title, authors, dates, language and other properties.
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub meta: Metadata,
    /// The documents held in the file; usually one. A file holding several reports has
    /// one part per report.
    #[serde(default)]
    pub parts: Vec<Part>,
    /// Page headers, in the order found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderFooter>,
    /// Page footers, in the order found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footers: Vec<HeaderFooter>,
    /// Footnote and endnote definitions, referenced by [`Inline::NoteRef`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Reviewers' comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Embedded binary resources (images), referenced by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
}

impl Document {
    /// A document with one part holding `blocks`.
    pub fn from_blocks(blocks: Vec<Block>) -> Self {
        Document {
            parts: vec![Part {
                title: None,
                blocks,
            }],
            ..Document::default()
        }
    }

    /// The resource with this id, if any.
    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.id == id)
    }
}

/// Document properties.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Document title as stored in the file's properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Subtitle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Authors (creators).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Who saved the document last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_by: Option<String>,
    /// Creation date, as written in the source (ISO 8601 where known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Last modification date, as written in the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// BCP 47 language tag of the main text, e.g. `zh-CN` or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where the document came from (a file name or URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Description or abstract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Keywords.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Organisation that owns the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The authors' manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// The application that wrote the source file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// Any other named properties.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
}

impl Metadata {
    /// True when no property is set.
    pub fn is_empty(&self) -> bool {
        *self == Metadata::default()
    }
}

/// One document inside a file: its own title and blocks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// The part's title, when one was recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Vec<Inline>>,
    /// The body.
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// A block-level element.
// Read by the hand-written, non-buffering reader in `model/tagged.rs`; written by the derive.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A section heading.
    Heading(Heading),
    /// A paragraph of running text.
    Paragraph(Paragraph),
    /// A bulleted or numbered list.
    List(List),
    /// A table.
    Table(Table),
    /// A block quotation.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
    },
    /// Preformatted code or text.
    Code {
        /// The text, lines separated by `\n`.
        text: String,
        /// Language of the code, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
    },
    /// A horizontal rule (thematic break). Written with braces so that unknown fields
    /// are refused on it too.
    Rule {},
    /// A hard page break.
    PageBreak {},
    /// An image standing on its own.
    Image(Image),
    /// A generic container for content the model has no specific element for (a text
    /// box, a content control); `class` says what it was.
    Div {
        /// What the container was, e.g. `textbox`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        class: Option<String>,
        /// The contained blocks.
        blocks: Vec<Block>,
    },
}

/// A section heading.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// Depth in the outline, 1 for the top level.
    pub level: u8,
    /// The numbering marker as shown, e.g. `一、`, `（一）`, `1.2`; `None` when unnumbered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The heading text, without the label.
    pub content: Vec<Inline>,
    /// A stable anchor id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    /// The text.
    pub content: Vec<Inline>,
    /// Paragraph alignment, when the source set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Left (start) aligned.
    Left,
    /// Centred.
    Center,
    /// Right (end) aligned.
    Right,
    /// Justified.
    Justify,
}

/// A list; nesting is a list inside an item's blocks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct List {
    /// Numbered (`true`) or bulleted.
    pub ordered: bool,
    /// The first number of a numbered list, when not 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u32>,
    /// The items.
    pub items: Vec<ListItem>,
}

/// One list item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListItem {
    /// The marker as the source showed it (`a)`, `①`, `•`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Caption text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Vec<Inline>>,
    /// How many of the first rows are header rows.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub header_rows: u32,
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The cells that start in this row, left to right; cells covered by a span from an
    /// earlier cell are not repeated.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// Columns this cell spans (at least 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub colspan: u32,
    /// Rows this cell spans (at least 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub rowspan: u32,
    /// The cell's content.
    pub blocks: Vec<Block>,
}

impl Default for Cell {
    fn default() -> Self {
        Cell {
            colspan: 1,
            rowspan: 1,
            blocks: Vec::new(),
        }
    }
}

/// An image, standing alone or inline.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Id of the [`Resource`] holding the bytes; may name a missing resource when the
    /// source only linked the image.
    pub resource: String,
    /// Alternative text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alt: String,
    /// Width in points, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in points, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// An inline element.
// Read by the hand-written, non-buffering reader in `model/tagged.rs`; written by the derive.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Inline {
    /// Plain text.
    Text {
        /// The characters.
        text: String,
    },
    /// Text with a character style.
    Styled {
        /// Which style.
        style: TextStyle,
        /// The styled content.
        content: Vec<Inline>,
    },
    /// Inline code.
    Code {
        /// The characters.
        text: String,
    },
    /// A hyperlink.
    Link {
        /// Where it points (URL, `mailto:`, or `#id` inside the document).
        target: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// A forced line break inside a paragraph.
    LineBreak {},
    /// A reference to a footnote or endnote in [`Document::notes`].
    NoteRef {
        /// The note's id.
        id: String,
    },
    /// An inline image.
    Image(Image),
    /// A generic span for content the model has no specific element for; `class` says
    /// what it was (e.g. `deleted` for a kept tracked deletion).
    Span {
        /// What the span marks.
        class: String,
        /// The content.
        content: Vec<Inline>,
    },
}

impl Inline {
    /// A text inline.
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

/// Character styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TextStyle {
    /// Bold (strong).
    Bold,
    /// Italic (emphasis).
    Italic,
    /// Underlined.
    Underline,
    /// Struck through.
    Strike,
    /// Superscript.
    Superscript,
    /// Subscript.
    Subscript,
}

/// Where on the page a header or footer is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeaderFooterKind {
    /// Every page (or odd pages when even pages have their own).
    #[default]
    Default,
    /// The first page.
    First,
    /// Even pages.
    Even,
}

/// A page header or footer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderFooter {
    /// Which pages it is for.
    #[serde(default)]
    pub kind: HeaderFooterKind,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// Whether a note is printed at the foot of the page or at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A footnote.
    #[default]
    Footnote,
    /// An endnote.
    Endnote,
}

/// A footnote or endnote definition.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Id used by [`Inline::NoteRef`].
    pub id: String,
    /// Footnote or endnote.
    #[serde(default)]
    pub kind: NoteKind,
    /// The note's content.
    pub blocks: Vec<Block>,
}

/// A reviewer's comment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Id of the comment in the source.
    pub id: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The author's initials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initials: Option<String>,
    /// When, as written in the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The text of the document the comment is anchored to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The comment's content.
    pub blocks: Vec<Block>,
}

/// An embedded binary resource, such as an image.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Id referenced by [`Image::resource`].
    pub id: String,
    /// Media type, e.g. `image/png`.
    pub media_type: String,
    /// The bytes; base64 in JSON.
    #[serde(with = "base64_bytes")]
    #[schemars(with = "String")]
    pub data: Vec<u8>,
}

fn one() -> u32 {
    1
}

fn is_one(v: &u32) -> bool {
    *v == 1
}

fn is_zero(v: &u32) -> bool {
    *v == 0
}

mod base64_bytes {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Streams the base64 text in stack-sized chunks instead of building one `String`.
    struct Base64Display<'a>(&'a [u8]);

    impl std::fmt::Display for Base64Display<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            // 3 input bytes -> 4 output bytes; whole groups per chunk so no padding inside.
            const IN: usize = 3 * 1024;
            let mut buf = [0u8; IN / 3 * 4];
            for chunk in self.0.chunks(IN) {
                let n = base64::engine::general_purpose::STANDARD
                    .encode_slice(chunk, &mut buf)
                    .map_err(|_| std::fmt::Error)?;
                // base64 output is ASCII.
                f.write_str(std::str::from_utf8(&buf[..n]).map_err(|_| std::fmt::Error)?)?;
            }
            Ok(())
        }
    }

    pub fn serialize<S: Serializer>(data: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&Base64Display(data))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(s.as_bytes())
            .map_err(|e| serde::de::Error::custom(format!("invalid base64 data: {e}")))
    }
}
