//! Writing the document tree as WordprocessingML: body, notes, comments, headers and
//! footers, collecting the relationships, numbering instances and media they need.

use std::collections::{BTreeSet, HashMap};

use docpipe_core::model::{
    Align, Block, Comment, Document, HeaderFooterKind, Image, Inline, List, Note, NoteKind, Table,
    TextStyle,
};
use docpipe_core::walk::plain_text;

use crate::layout::{Layout, StyleKind, HEADING_IDS};
use crate::styles::StyleMap;
use crate::xml::push_escaped;

/// Relationship type URIs.
pub mod rel_type {
    /// Hyperlink.
    pub const HYPERLINK: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
    /// Image.
    pub const IMAGE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
}

/// One relationship of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rel {
    /// The relationship id (`rId…`).
    pub id: String,
    /// Relationship type URI.
    pub typ: &'static str,
    /// Target (relative part name or external URL).
    pub target: String,
    /// True for `TargetMode="External"`.
    pub external: bool,
}

/// An image file to store under `word/media/`.
#[derive(Debug, Clone)]
pub struct Media<'a> {
    /// File name inside `word/media/`.
    pub name: String,
    /// The bytes.
    pub data: &'a [u8],
}

/// One numbering instance (`w:num`): bullets or numbers, first number, level used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumInstance {
    /// Numbered rather than bulleted.
    pub ordered: bool,
    /// First number.
    pub start: u32,
    /// Level (`w:ilvl`) the list's items use.
    pub ilvl: u32,
    /// The number format and the text around the number, read from the first item's
    /// label as the source showed it (`A.`, `(iv)`, `①`, `•`), when recognised.
    pub format: Option<(&'static str, String, String)>,
}

/// A list label split into the text around its number and the number's format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// `w:numFmt` value.
    pub num_fmt: &'static str,
    /// Text before the number (or the whole bullet).
    pub prefix: String,
    /// Text after the number.
    pub suffix: String,
    /// The number's value, when it has one.
    pub value: Option<u32>,
}

/// Reads a list label: `3.` → decimal 3 with suffix `.`; `(b)` → lowerLetter 2; `iv)` →
/// lowerRoman 4; `三、` → chineseCounting 3; `②` → circled 2; a bullet character in an
/// unordered list → bullet. `None` when the label is not understood.
pub fn parse_label(label: &str, ordered: bool) -> Option<Label> {
    let label = label.trim();
    if label.is_empty() || label.contains('%') || label.chars().count() > 12 {
        return None;
    }
    if !ordered {
        let mut cs = label.chars();
        let c = cs.next()?;
        return (cs.next().is_none() && !c.is_alphanumeric()).then(|| Label {
            num_fmt: "bullet",
            prefix: c.to_string(),
            suffix: String::new(),
            value: None,
        });
    }
    let chars: Vec<char> = label.chars().collect();
    let is_token = |c: char| {
        c.is_ascii_alphanumeric()
            || ('\u{2460}'..='\u{2473}').contains(&c)
            || "〇一二三四五六七八九十".contains(c)
    };
    let end = chars.iter().rposition(|c| is_token(*c))? + 1;
    let mut start = end;
    while start > 0 && chars.get(start - 1).is_some_and(|c| is_token(*c)) {
        start -= 1;
    }
    let token: String = chars.get(start..end)?.iter().collect();
    let prefix: String = chars.get(..start)?.iter().collect();
    let suffix: String = chars.get(end..)?.iter().collect();
    let roman = |t: &str| -> Option<u32> {
        let mut total = 0u32;
        let mut prev = 0u32;
        for c in t.chars().rev() {
            let v = match c.to_ascii_lowercase() {
                'i' => 1,
                'v' => 5,
                'x' => 10,
                'l' => 50,
                'c' => 100,
                'd' => 500,
                'm' => 1000,
                _ => return None,
            };
            if v < prev {
                total = total.checked_sub(v)?;
            } else {
                total += v;
                prev = v;
            }
        }
        Some(total)
    };
    let first = token.chars().next()?;
    let (num_fmt, value) = if token.chars().all(|c| c.is_ascii_digit()) {
        ("decimal", token.parse().ok())
    } else if let Some(v) = token
        .chars()
        .next()
        .filter(|_| token.chars().count() == 1)
        .and_then(|c| c.to_digit(36))
        .filter(|_| first.is_ascii_alphabetic() && !"ivxIVX".contains(first))
    {
        (
            if first.is_ascii_lowercase() {
                "lowerLetter"
            } else {
                "upperLetter"
            },
            Some(v - 9),
        )
    } else if token.chars().all(|c| c.is_ascii_lowercase()) {
        ("lowerRoman", Some(roman(&token)?))
    } else if token.chars().all(|c| c.is_ascii_uppercase()) {
        ("upperRoman", Some(roman(&token)?))
    } else if ('\u{2460}'..='\u{2473}').contains(&first) && token.chars().count() == 1 {
        ("decimalEnclosedCircle", Some(first as u32 - 0x2460 + 1))
    } else if token.chars().all(|c| "〇一二三四五六七八九十".contains(c)) {
        let digit = |c: char| {
            "〇一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .map(|p| p as u32)
        };
        let v = match token.chars().collect::<Vec<_>>().as_slice() {
            [c] if *c == '十' => Some(10),
            [c] => digit(*c),
            ['十', u] => digit(*u).map(|u| 10 + u),
            [t, '十'] => digit(*t).map(|t| t * 10),
            [t, '十', u] => digit(*t).zip(digit(*u)).map(|(t, u)| t * 10 + u),
            _ => None,
        };
        ("chineseCounting", Some(v?))
    } else {
        return None;
    };
    Some(Label {
        num_fmt,
        prefix,
        suffix,
        value,
    })
}

/// Which story is being written: some elements are only allowed in the main one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Story {
    Body,
    Other,
}

/// Run formatting carried down through styled inlines.
#[derive(Debug, Clone, Copy, Default)]
struct Fmt {
    bold: bool,
    italic: bool,
    underline: bool,
    strike: bool,
    sup: bool,
    sub: bool,
    code: bool,
    link: bool,
}

/// Paragraph properties, written in schema order.
#[derive(Debug, Clone, Default)]
struct PPr<'s> {
    style: Option<&'s str>,
    keep_next: bool,
    page_break_before: bool,
    num: Option<(u32, u32)>,
    border_bottom: bool,
    ind_left: Option<u32>,
    no_first_line: bool,
    jc: Option<&'static str>,
}

impl PPr<'_> {
    fn push(&self, out: &mut String) {
        let empty = self.style.is_none()
            && !self.keep_next
            && !self.page_break_before
            && self.num.is_none()
            && !self.border_bottom
            && self.ind_left.is_none()
            && !self.no_first_line
            && self.jc.is_none();
        if empty {
            return;
        }
        out.push_str("<w:pPr>");
        if let Some(s) = self.style {
            out.push_str("<w:pStyle w:val=\"");
            push_escaped(out, s);
            out.push_str("\"/>");
        }
        if self.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if self.page_break_before {
            out.push_str("<w:pageBreakBefore/>");
        }
        if let Some((num, ilvl)) = self.num {
            out.push_str(&format!(
                "<w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num}\"/></w:numPr>"
            ));
        }
        if self.border_bottom {
            out.push_str("<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"auto\"/></w:pBdr>");
        }
        match (self.ind_left, self.no_first_line) {
            (Some(l), _) => out.push_str(&format!(
                "<w:ind w:left=\"{l}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
            )),
            (None, true) => out.push_str("<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"),
            (None, false) => {}
        }
        if let Some(j) = self.jc {
            out.push_str("<w:jc w:val=\"");
            out.push_str(j);
            out.push_str("\"/>");
        }
        out.push_str("</w:pPr>");
    }
}

/// The context a block is written in.
#[derive(Debug, Clone, Copy)]
struct BlockCtx<'s> {
    /// Paragraph style of plain paragraphs (quote, table cell, note text…).
    para_style: Option<&'s str>,
    /// Nesting depth of lists.
    list_depth: u32,
    /// Nesting depth of tables and quotes, to bound recursion on hostile input.
    depth: u32,
}

/// Deepest nesting of blocks written; deeper content is flattened into the parent.
const MAX_DEPTH: u32 = 64;
/// Word allows at most 63 table columns.
const MAX_COLUMNS: u32 = 63;

/// The state of one export.
pub struct Writer<'a> {
    doc: &'a Document,
    layout: &'a Layout,
    styles: &'a StyleMap,
    story: Story,
    /// Relationships of the part being written.
    rels: Vec<Rel>,
    link_rels: HashMap<String, String>,
    image_rels: HashMap<String, String>,
    /// Media stored so far, and resource id → file name.
    pub media: Vec<Media<'a>>,
    media_names: HashMap<&'a str, String>,
    /// Numbering instances; `numId` is the index + 1.
    pub nums: Vec<NumInstance>,
    note_numbers: HashMap<&'a str, (NoteKind, u32)>,
    /// Notes to write, with their numbers, in document order.
    pub footnotes: Vec<(u32, &'a Note)>,
    /// Endnotes to write.
    pub endnotes: Vec<(u32, &'a Note)>,
    /// Comments waiting for their anchor in the body: (comment index, anchor text).
    pending_comments: Vec<(usize, String)>,
    /// Comments whose range started in an earlier paragraph: (index, anchor text left).
    open_comments: Vec<(usize, String)>,
    /// Comment range marks of the paragraph being written: (byte offset in its plain
    /// text, XML), sorted; `mark_next` is the first not yet written, `pos` the offset
    /// reached.
    marks: Vec<(usize, String)>,
    mark_next: usize,
    pos: usize,
    bookmarks: BTreeSet<String>,
    next_bookmark: u32,
    next_docpr: u32,
    /// Problems worth a warning.
    pub warnings: Vec<String>,
}

impl<'a> Writer<'a> {
    /// A writer for `doc` in `layout`, using the style ids of `styles`.
    pub fn new(doc: &'a Document, layout: &'a Layout, styles: &'a StyleMap) -> Writer<'a> {
        let mut w = Writer {
            doc,
            layout,
            styles,
            story: Story::Body,
            rels: Vec::new(),
            link_rels: HashMap::new(),
            image_rels: HashMap::new(),
            media: Vec::new(),
            media_names: HashMap::new(),
            nums: Vec::new(),
            note_numbers: HashMap::new(),
            footnotes: Vec::new(),
            endnotes: Vec::new(),
            pending_comments: Vec::new(),
            open_comments: Vec::new(),
            marks: Vec::new(),
            mark_next: 0,
            pos: 0,
            bookmarks: BTreeSet::new(),
            next_bookmark: 0,
            next_docpr: 1,
            warnings: Vec::new(),
        };
        for note in &doc.notes {
            if w.note_numbers.contains_key(note.id.as_str()) {
                continue;
            }
            let list = match note.kind {
                NoteKind::Footnote => &mut w.footnotes,
                NoteKind::Endnote => &mut w.endnotes,
            };
            let n = list.len() as u32 + 1;
            list.push((n, note));
            w.note_numbers.insert(note.id.as_str(), (note.kind, n));
        }
        for (i, c) in doc.comments.iter().enumerate() {
            let anchor = c.anchor.as_deref().unwrap_or("").trim().to_string();
            w.pending_comments.push((i, anchor));
        }
        w
    }

    /// Starts a new part: its relationships begin empty. Returns the previous part's.
    pub fn take_rels(&mut self) -> Vec<Rel> {
        self.link_rels.clear();
        self.image_rels.clear();
        std::mem::take(&mut self.rels)
    }

    fn add_rel(&mut self, typ: &'static str, target: String, external: bool) -> String {
        let id = format!("rId{}", self.rels.len() + 1);
        self.rels.push(Rel {
            id: id.clone(),
            typ,
            target,
            external,
        });
        id
    }

    // ----- the body -----

    /// The `w:body` content: every part, comment anchors, then `sect_pr`.
    pub fn body(&mut self, out: &mut String) {
        self.story = Story::Body;
        let doc = self.doc;
        let ctx = BlockCtx {
            para_style: None,
            list_depth: 0,
            depth: 0,
        };
        for (i, part) in doc.parts.iter().enumerate() {
            let mut break_pending = i > 0;
            if let Some(title) = &part.title {
                let ppr = PPr {
                    style: Some(self.styles.id("Title")),
                    page_break_before: break_pending,
                    ..PPr::default()
                };
                self.paragraph(out, &ppr, None, title, "");
                break_pending = false;
            }
            if break_pending {
                out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
            }
            self.blocks(out, &part.blocks, ctx);
        }
        // Ranges still open end, and comments whose anchor text was not found hang, on a
        // last paragraph.
        if !self.pending_comments.is_empty() || !self.open_comments.is_empty() {
            out.push_str("<w:p>");
            let open: Vec<usize> = self.open_comments.drain(..).map(|(i, _)| i).collect();
            for i in open {
                out.push_str(&self.comment_end(i));
            }
            let ids: Vec<usize> = self.pending_comments.drain(..).map(|(i, _)| i).collect();
            for i in &ids {
                out.push_str(&format!("<w:commentRangeStart w:id=\"{i}\"/>"));
            }
            for i in ids {
                out.push_str(&self.comment_end(i));
            }
            out.push_str("</w:p>");
        }
    }

    fn comment_end(&self, i: usize) -> String {
        format!(
            "<w:commentRangeEnd w:id=\"{i}\"/><w:r><w:rPr><w:rStyle w:val=\"{}\"/></w:rPr><w:commentReference w:id=\"{i}\"/></w:r>",
            self.styles.id("CommentReference")
        )
    }

    /// Sets the comment range marks of a paragraph whose plain text is `text`: ranges
    /// that continue from earlier paragraphs end here or go on; comments whose anchor
    /// text is found here (or starts at this paragraph's end) begin.
    fn plan_comment_marks(&mut self, text: &str) {
        self.marks.clear();
        self.mark_next = 0;
        self.pos = 0;
        let mut still_open = Vec::new();
        for (idx, rest) in std::mem::take(&mut self.open_comments) {
            if !text.is_empty() && rest.len() > text.len() && rest.starts_with(text) {
                still_open.push((idx, rest[text.len()..].to_string()));
            } else if text.starts_with(rest.as_str()) {
                self.marks.push((rest.len(), self.comment_end(idx)));
            } else {
                self.marks.push((0, self.comment_end(idx)));
            }
        }
        self.open_comments = still_open;
        let mut i = 0;
        while i < self.pending_comments.len() {
            let (idx, anchor) = (
                self.pending_comments[i].0,
                self.pending_comments[i].1.clone(),
            );
            if anchor.is_empty() {
                i += 1;
                continue;
            }
            if let Some(s) = text.find(anchor.as_str()) {
                self.marks
                    .push((s, format!("<w:commentRangeStart w:id=\"{idx}\"/>")));
                self.marks.push((s + anchor.len(), self.comment_end(idx)));
                self.pending_comments.remove(i);
                continue;
            }
            // The anchor may start here and run on into the next paragraphs: a tail of
            // this text (at least four characters, to avoid chance matches) begins it.
            let first = anchor.as_bytes()[0];
            let lo = text.len().saturating_sub(anchor.len());
            let start = (lo..text.len()).find(|&k| {
                text.as_bytes()[k] == first
                    && text.is_char_boundary(k)
                    && text[k..].chars().nth(3).is_some()
                    && anchor.starts_with(&text[k..])
            });
            match start {
                Some(k) => {
                    self.marks
                        .push((k, format!("<w:commentRangeStart w:id=\"{idx}\"/>")));
                    self.open_comments
                        .push((idx, anchor[text.len() - k..].to_string()));
                    self.pending_comments.remove(i);
                }
                None => i += 1,
            }
        }
        self.marks.sort_by_key(|(off, _)| *off);
    }

    /// Writes the marks at or before byte offset `upto` of the paragraph's text.
    fn flush_marks(&mut self, out: &mut String, upto: usize) {
        while let Some((off, xml)) = self.marks.get(self.mark_next) {
            if *off > upto {
                break;
            }
            out.push_str(xml);
            self.mark_next += 1;
        }
    }

    /// Writes a text run, split where comment ranges start or end inside it.
    fn text(&mut self, out: &mut String, rpr: &str, text: &str) {
        if self.mark_next >= self.marks.len() {
            text_run(out, rpr, text);
            self.pos += text.len();
            return;
        }
        let end = self.pos + text.len();
        let mut cur = 0;
        while let Some((off, _)) = self.marks.get(self.mark_next) {
            if *off > end {
                break;
            }
            let mut cut = off.saturating_sub(self.pos).max(cur).min(text.len());
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            text_run(out, rpr, &text[cur..cut]);
            cur = cut;
            let upto = self.pos + cut;
            self.flush_marks(out, upto);
        }
        text_run(out, rpr, &text[cur..]);
        self.pos = end;
    }

    fn blocks(&mut self, out: &mut String, blocks: &[Block], ctx: BlockCtx<'_>) {
        for b in blocks {
            self.block(out, b, ctx);
        }
    }

    fn block(&mut self, out: &mut String, block: &Block, ctx: BlockCtx<'_>) {
        let deeper = BlockCtx {
            depth: ctx.depth + 1,
            ..ctx
        };
        if ctx.depth >= MAX_DEPTH
            && matches!(
                block,
                Block::Quote { .. } | Block::Div { .. } | Block::Table(_)
            )
        {
            let ppr = PPr {
                style: ctx.para_style,
                ..PPr::default()
            };
            let text = docpipe_core::walk::block_text(block);
            self.paragraph(out, &ppr, None, &[Inline::text(text)], "");
            return;
        }
        match block {
            Block::Heading(h) => {
                let level = h.level.clamp(1, 9) as usize;
                let style = self.styles.id(HEADING_IDS[level - 1]);
                let ppr = PPr {
                    style: Some(style),
                    ..PPr::default()
                };
                let mut label = h.label.clone().filter(|l| !l.is_empty());
                if let Some(l) = &mut label {
                    let last = l.chars().last().unwrap_or(' ');
                    let first = plain_text(&h.content).chars().next().unwrap_or(' ');
                    // "1.2 Scope" needs a space; "一、总体" and "1.加强" do not.
                    if last.is_ascii()
                        && !last.is_whitespace()
                        && !is_cjk_like(first)
                        && !first.is_whitespace()
                    {
                        l.push(' ');
                    }
                }
                let bookmark = h.id.as_deref().and_then(|id| self.new_bookmark(id));
                self.paragraph(
                    out,
                    &ppr,
                    label.as_deref(),
                    &h.content,
                    bookmark.as_deref().unwrap_or(""),
                );
            }
            Block::Paragraph(p) => {
                let ppr = PPr {
                    style: ctx.para_style,
                    jc: p.align.map(|a| match a {
                        Align::Left => "left",
                        Align::Center => "center",
                        Align::Right => "right",
                        Align::Justify => "both",
                    }),
                    no_first_line: matches!(p.align, Some(Align::Center | Align::Right))
                        && self.layout.kind == StyleKind::Gbt9704,
                    ..PPr::default()
                };
                self.paragraph(out, &ppr, None, &p.content, "");
            }
            Block::List(l) => self.list(out, l, ctx),
            Block::Table(t) => self.table(out, t, deeper),
            Block::Quote { blocks } => {
                let q = BlockCtx {
                    para_style: Some(self.styles.id("Quote")),
                    ..deeper
                };
                self.blocks(out, blocks, q);
            }
            Block::Div { blocks, .. } => self.blocks(out, blocks, deeper),
            Block::Code { text, .. } => {
                let ppr = PPr {
                    style: Some(self.styles.id("SourceCode")),
                    ..PPr::default()
                };
                out.push_str("<w:p>");
                ppr.push(out);
                text_run(out, "", text);
                out.push_str("</w:p>");
            }
            Block::Rule {} => {
                let ppr = PPr {
                    style: ctx.para_style,
                    border_bottom: true,
                    ..PPr::default()
                };
                out.push_str("<w:p>");
                ppr.push(out);
                out.push_str("</w:p>");
            }
            Block::PageBreak {} => out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"),
            Block::Image(img) => {
                let mut run = String::new();
                if self.image(&mut run, img) {
                    let ppr = PPr {
                        style: ctx.para_style,
                        jc: Some("center"),
                        no_first_line: self.layout.kind == StyleKind::Gbt9704,
                        ..PPr::default()
                    };
                    out.push_str("<w:p>");
                    ppr.push(out);
                    out.push_str(&run);
                    out.push_str("</w:p>");
                }
            }
        }
    }

    /// Writes a paragraph: properties, comment ranges, an optional label run, the
    /// inlines; `extra` is raw XML put first (a bookmark start or a note's reference mark).
    fn paragraph(
        &mut self,
        out: &mut String,
        ppr: &PPr<'_>,
        label: Option<&str>,
        content: &[Inline],
        extra: &str,
    ) {
        out.push_str("<w:p>");
        ppr.push(out);
        let tracking = self.story == Story::Body
            && (!self.pending_comments.is_empty() || !self.open_comments.is_empty());
        if tracking {
            let mut text = String::new();
            if let Some(l) = label {
                text.push_str(l);
            }
            text.push_str(&plain_text(content));
            self.plan_comment_marks(&text);
        }
        let (bookmark_start, bookmark_end) = match extra.split_once('\u{0}') {
            Some((a, b)) => (a, b),
            None => (extra, ""),
        };
        out.push_str(bookmark_start);
        self.flush_marks(out, 0);
        if let Some(l) = label {
            self.text(out, "", l);
        }
        self.inlines(out, content, Fmt::default());
        out.push_str(bookmark_end);
        self.flush_marks(out, usize::MAX);
        self.marks.clear();
        self.mark_next = 0;
        out.push_str("</w:p>");
    }

    /// A bookmark for a heading id: start and end XML separated by NUL, or `None` when the
    /// name is unusable or taken.
    fn new_bookmark(&mut self, id: &str) -> Option<String> {
        let name = bookmark_name(id)?;
        if !self.bookmarks.insert(name.clone()) {
            return None;
        }
        let n = self.next_bookmark;
        self.next_bookmark += 1;
        let mut s = format!("<w:bookmarkStart w:id=\"{n}\" w:name=\"");
        push_escaped(&mut s, &name);
        s.push_str(&format!("\"/>\u{0}<w:bookmarkEnd w:id=\"{n}\"/>"));
        Some(s)
    }

    fn list(&mut self, out: &mut String, list: &List, ctx: BlockCtx<'_>) {
        let ilvl = ctx.list_depth.min(8);
        let num_id = self.nums.len() as u32 + 1;
        let first_label = list.items.first().and_then(|i| i.label.as_deref());
        let parsed = first_label.and_then(|l| parse_label(l, list.ordered));
        let start = list
            .start
            .or(parsed.as_ref().and_then(|p| p.value))
            .unwrap_or(1)
            .min(32767);
        self.nums.push(NumInstance {
            ordered: list.ordered,
            start,
            ilvl,
            format: parsed.map(|p| (p.num_fmt, p.prefix, p.suffix)),
        });
        let inner = BlockCtx {
            list_depth: ctx.list_depth + 1,
            depth: ctx.depth + 1,
            ..ctx
        };
        let list_style = self.styles.id("ListParagraph");
        for item in &list.items {
            let mut numbered = false;
            for block in &item.blocks {
                match block {
                    Block::Paragraph(p) => {
                        let ppr = PPr {
                            style: Some(list_style),
                            num: (!numbered).then_some((num_id, ilvl)),
                            ind_left: numbered.then_some(list_indent(self.layout, ilvl)),
                            jc: None,
                            ..PPr::default()
                        };
                        self.paragraph(out, &ppr, None, &p.content, "");
                    }
                    other => {
                        if !numbered {
                            self.empty_numbered(out, list_style, num_id, ilvl);
                        }
                        if inner.depth >= MAX_DEPTH {
                            let mut text = String::new();
                            text.push_str(&docpipe_core::walk::block_text(other));
                            let ppr = PPr {
                                style: Some(list_style),
                                ind_left: Some(list_indent(self.layout, ilvl)),
                                ..PPr::default()
                            };
                            self.paragraph(out, &ppr, None, &[Inline::text(text)], "");
                        } else {
                            self.block(out, other, inner);
                        }
                    }
                }
                numbered = true;
            }
            if !numbered {
                self.empty_numbered(out, list_style, num_id, ilvl);
            }
        }
    }

    fn empty_numbered(&mut self, out: &mut String, style: &str, num_id: u32, ilvl: u32) {
        let ppr = PPr {
            style: Some(style),
            num: Some((num_id, ilvl)),
            ..PPr::default()
        };
        out.push_str("<w:p>");
        ppr.push(out);
        out.push_str("</w:p>");
    }

    fn table(&mut self, out: &mut String, t: &Table, ctx: BlockCtx<'_>) {
        if let Some(caption) = &t.caption {
            let ppr = PPr {
                style: Some(self.styles.id("Caption")),
                ..PPr::default()
            };
            self.paragraph(out, &ppr, None, caption, "");
        }
        let grid = TableGrid::of(t);
        if grid.cols == 0 {
            return;
        }
        let width = self.layout.text_width();
        let col_w = (width / grid.cols).max(1);
        out.push_str(&format!(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"{}\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
            self.styles.id("TableGrid")
        ));
        for _ in 0..grid.cols {
            out.push_str(&format!("<w:gridCol w:w=\"{col_w}\"/>"));
        }
        out.push_str("</w:tblGrid>");
        let cell_ctx = BlockCtx {
            para_style: Some(self.styles.id("TableText")),
            list_depth: 0,
            depth: ctx.depth,
        };
        for (r, row) in grid.rows.iter().enumerate() {
            out.push_str("<w:tr>");
            if (r as u32) < t.header_rows {
                out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
            }
            for slot in row {
                let span = slot.span;
                out.push_str(&format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>",
                    col_w * span
                ));
                if span > 1 {
                    out.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
                }
                match slot.merge {
                    Merge::None => {}
                    Merge::Restart => out.push_str("<w:vMerge w:val=\"restart\"/>"),
                    Merge::Continue => out.push_str("<w:vMerge/>"),
                }
                out.push_str("</w:tcPr>");
                let blocks = slot
                    .cell
                    .and_then(|(ri, ci)| t.rows.get(ri).and_then(|row| row.cells.get(ci)))
                    .map(|c| c.blocks.as_slice())
                    .unwrap_or(&[]);
                let start = out.len();
                self.blocks(out, blocks, cell_ctx);
                // A cell must end with a paragraph.
                if out.len() == start || out.ends_with("</w:tbl>") {
                    out.push_str("<w:p/>");
                }
                out.push_str("</w:tc>");
            }
            out.push_str("</w:tr>");
        }
        out.push_str("</w:tbl>");
    }

    // ----- inlines -----

    fn inlines(&mut self, out: &mut String, inlines: &[Inline], fmt: Fmt) {
        for inline in inlines {
            self.inline(out, inline, fmt, 0);
        }
    }

    fn inline(&mut self, out: &mut String, inline: &Inline, fmt: Fmt, depth: u32) {
        if depth > MAX_DEPTH {
            let text = plain_text(std::slice::from_ref(inline));
            let rpr = self.rpr(fmt);
            self.text(out, &rpr, &text);
            return;
        }
        match inline {
            Inline::Text { text } => {
                let rpr = self.rpr(fmt);
                self.text(out, &rpr, text);
            }
            Inline::Code { text } => {
                let rpr = self.rpr(Fmt { code: true, ..fmt });
                self.text(out, &rpr, text);
            }
            Inline::Styled { style, content } => {
                let mut f = fmt;
                match style {
                    TextStyle::Bold => f.bold = true,
                    TextStyle::Italic => f.italic = true,
                    TextStyle::Underline => f.underline = true,
                    TextStyle::Strike => f.strike = true,
                    TextStyle::Superscript => {
                        f.sup = true;
                        f.sub = false;
                    }
                    TextStyle::Subscript => {
                        f.sub = true;
                        f.sup = false;
                    }
                }
                for i in content {
                    self.inline(out, i, f, depth + 1);
                }
            }
            Inline::Link { target, content } => {
                let target = target.trim();
                let open = if fmt.link || target.is_empty() {
                    None
                } else if let Some(anchor) = target.strip_prefix('#') {
                    bookmark_name(anchor).map(|name| {
                        let mut s = String::from("<w:hyperlink w:anchor=\"");
                        push_escaped(&mut s, &name);
                        s.push_str("\" w:history=\"1\">");
                        s
                    })
                } else {
                    let uri = clean_uri(target);
                    let id = match self.link_rels.get(&uri) {
                        Some(id) => id.clone(),
                        None => {
                            let id = self.add_rel(rel_type::HYPERLINK, uri.clone(), true);
                            self.link_rels.insert(uri, id.clone());
                            id
                        }
                    };
                    Some(format!("<w:hyperlink r:id=\"{id}\" w:history=\"1\">"))
                };
                match open {
                    Some(open) => {
                        out.push_str(&open);
                        let f = Fmt { link: true, ..fmt };
                        for i in content {
                            self.inline(out, i, f, depth + 1);
                        }
                        out.push_str("</w:hyperlink>");
                    }
                    None => {
                        for i in content {
                            self.inline(out, i, fmt, depth + 1);
                        }
                    }
                }
            }
            Inline::LineBreak {} => {
                out.push_str("<w:r><w:br/></w:r>");
                self.pos += 1;
            }
            Inline::NoteRef { id } => {
                if self.story != Story::Body {
                    return;
                }
                match self.note_numbers.get(id.as_str()) {
                    Some((NoteKind::Footnote, n)) => out.push_str(&format!(
                        "<w:r><w:rPr><w:rStyle w:val=\"{}\"/></w:rPr><w:footnoteReference w:id=\"{n}\"/></w:r>",
                        self.styles.id("FootnoteReference")
                    )),
                    Some((NoteKind::Endnote, n)) => out.push_str(&format!(
                        "<w:r><w:rPr><w:rStyle w:val=\"{}\"/></w:rPr><w:endnoteReference w:id=\"{n}\"/></w:r>",
                        self.styles.id("EndnoteReference")
                    )),
                    None => self.warnings.push(format!("reference to a missing note `{id}` dropped")),
                }
            }
            Inline::Image(img) => {
                self.image(out, img);
            }
            Inline::Span { class, content } => {
                // Kept tracked deletions and hidden text must not reach the output.
                if matches!(class.as_str(), "deleted" | "hidden" | "vanish") {
                    // Its text still counts in the anchor offsets of comments.
                    if self.mark_next < self.marks.len() {
                        let upto = self.pos;
                        self.flush_marks(out, upto);
                        self.pos += plain_text(content).len();
                    }
                    return;
                }
                for i in content {
                    self.inline(out, i, fmt, depth + 1);
                }
            }
        }
    }

    fn rpr(&self, f: Fmt) -> String {
        if !(f.bold || f.italic || f.underline || f.strike || f.sup || f.sub || f.code || f.link) {
            return String::new();
        }
        let mut s = String::from("<w:rPr>");
        if f.link {
            s.push_str(&format!(
                "<w:rStyle w:val=\"{}\"/>",
                self.styles.id("Hyperlink")
            ));
        } else if f.code {
            s.push_str(&format!(
                "<w:rStyle w:val=\"{}\"/>",
                self.styles.id("VerbatimChar")
            ));
        }
        if f.bold {
            s.push_str("<w:b/><w:bCs/>");
        }
        if f.italic {
            s.push_str("<w:i/><w:iCs/>");
        }
        if f.strike {
            s.push_str("<w:strike/>");
        }
        if f.underline {
            s.push_str("<w:u w:val=\"single\"/>");
        }
        if f.sup {
            s.push_str("<w:vertAlign w:val=\"superscript\"/>");
        } else if f.sub {
            s.push_str("<w:vertAlign w:val=\"subscript\"/>");
        }
        s.push_str("</w:rPr>");
        s
    }

    /// Writes an image run; false (with a warning) when the image cannot be embedded.
    fn image(&mut self, out: &mut String, img: &Image) -> bool {
        let doc = self.doc;
        let Some(res) = doc.resource(&img.resource) else {
            self.warnings.push(format!(
                "image `{}` has no data and was left out",
                img.resource
            ));
            return false;
        };
        let Some(ext) = media_extension(&res.media_type) else {
            self.warnings.push(format!(
                "image `{}` of type {} cannot be embedded in DOCX and was left out",
                img.resource, res.media_type
            ));
            return false;
        };
        let name = match self.media_names.get(res.id.as_str()) {
            Some(n) => n.clone(),
            None => {
                let n = format!("image{}.{ext}", self.media.len() + 1);
                self.media.push(Media {
                    name: n.clone(),
                    data: &res.data,
                });
                self.media_names.insert(res.id.as_str(), n.clone());
                n
            }
        };
        let rid = match self.image_rels.get(&name) {
            Some(id) => id.clone(),
            None => {
                let id = self.add_rel(rel_type::IMAGE, format!("media/{name}"), false);
                self.image_rels.insert(name.clone(), id.clone());
                id
            }
        };
        // Size: given in points (12700 EMU each), else from the file at 96 dpi.
        let (mut cx, mut cy) = match (img.width, img.height, image_pixels(&res.data)) {
            (Some(w), Some(h), _) => (w as u64 * 12700, h as u64 * 12700),
            (Some(w), None, Some((pw, ph))) => {
                (w as u64 * 12700, w as u64 * 12700 * ph / pw.max(1))
            }
            (None, Some(h), Some((pw, ph))) => {
                (h as u64 * 12700 * pw / ph.max(1), h as u64 * 12700)
            }
            (_, _, Some((pw, ph))) => (pw * 9525, ph * 9525),
            _ => (4 * 914400, 3 * 914400),
        };
        let max_w = self.layout.text_width() as u64 * 635;
        if cx > max_w {
            cy = cy * max_w / cx.max(1);
            cx = max_w;
        }
        let max_h = 9 * 914400;
        if cy > max_h {
            cx = cx * max_h / cy.max(1);
            cy = max_h;
        }
        let (cx, cy) = (cx.max(1), cy.max(1));
        let id = self.next_docpr;
        self.next_docpr += 1;
        let mut alt = String::new();
        push_escaped(&mut alt, &img.alt);
        out.push_str(&format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"{name}\" descr=\"{alt}\"/><pic:cNvPicPr><a:picLocks noChangeAspect=\"1\" noChangeArrowheads=\"1\"/></pic:cNvPicPr></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr bwMode=\"auto\"><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        ));
        true
    }

    // ----- other stories -----

    /// Writes blocks of a note, comment, header or footer. `first_extra` is a run put at
    /// the start of the first paragraph (the note's or comment's reference mark).
    fn story_blocks(&mut self, out: &mut String, blocks: &[Block], style: &str, first_extra: &str) {
        self.story = Story::Other;
        let ctx = BlockCtx {
            para_style: Some(style),
            list_depth: 0,
            depth: 0,
        };
        let mut rest = blocks;
        match blocks.first() {
            Some(Block::Paragraph(p)) => {
                let ppr = PPr {
                    style: Some(style),
                    ..PPr::default()
                };
                self.paragraph(out, &ppr, None, &p.content, first_extra);
                rest = &blocks[1..];
            }
            _ => {
                if blocks.is_empty() || !first_extra.is_empty() {
                    out.push_str(&format!(
                        "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>{first_extra}</w:p>",
                        style
                    ));
                }
            }
        }
        let start = out.len();
        self.blocks(out, rest, ctx);
        if out.len() > start && out.ends_with("</w:tbl>") {
            out.push_str("<w:p/>");
        }
    }

    /// `footnotes.xml` or `endnotes.xml` content (`kind` says which).
    pub fn notes_xml(&mut self, kind: NoteKind) -> String {
        let (root, el, style, ref_style, ref_el) = match kind {
            NoteKind::Footnote => (
                "footnotes",
                "footnote",
                "FootnoteText",
                "FootnoteReference",
                "footnoteRef",
            ),
            NoteKind::Endnote => (
                "endnotes",
                "endnote",
                "EndnoteText",
                "EndnoteReference",
                "endnoteRef",
            ),
        };
        let notes = match kind {
            NoteKind::Footnote => self.footnotes.clone(),
            NoteKind::Endnote => self.endnotes.clone(),
        };
        let mut out = String::from(crate::layout::XML_DECL);
        out.push_str(&format!("<w:{root} {NS}>"));
        out.push_str(&format!(
            "<w:{el} w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:{el}><w:{el} w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:{el}>"
        ));
        let style = self.styles.id(style);
        let mark = format!(
            "<w:r><w:rPr><w:rStyle w:val=\"{}\"/></w:rPr><w:{ref_el}/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>",
            self.styles.id(ref_style)
        );
        for (n, note) in notes {
            out.push_str(&format!("<w:{el} w:id=\"{n}\">"));
            self.story_blocks(&mut out, &note.blocks, style, &mark);
            out.push_str(&format!("</w:{el}>"));
        }
        out.push_str(&format!("</w:{root}>"));
        out
    }

    /// `comments.xml` content.
    pub fn comments_xml(&mut self) -> String {
        let doc = self.doc;
        let mut out = String::from(crate::layout::XML_DECL);
        out.push_str(&format!("<w:comments {NS}>"));
        let style = self.styles.id("CommentText");
        let mark = format!(
            "<w:r><w:rPr><w:rStyle w:val=\"{}\"/></w:rPr><w:annotationRef/></w:r>",
            self.styles.id("CommentReference")
        );
        for (i, c) in doc.comments.iter().enumerate() {
            comment_open(&mut out, i, c);
            self.story_blocks(&mut out, &c.blocks, style, &mark);
            out.push_str("</w:comment>");
        }
        out.push_str("</w:comments>");
        out
    }

    /// A header (`hdr`) or footer (`ftr`) part holding `blocks`, then `tail` (raw XML).
    pub fn header_footer_xml(&mut self, root: &str, blocks: &[&Block], tail: &str) -> String {
        let mut out = String::from(crate::layout::XML_DECL);
        out.push_str(&format!("<w:{root} {NS}>"));
        let style = self
            .styles
            .id(if root == "hdr" { "Header" } else { "Footer" });
        let owned: Vec<Block> = blocks.iter().map(|b| (*b).clone()).collect();
        if owned.is_empty() && tail.is_empty() {
            out.push_str("<w:p/>");
        } else if !owned.is_empty() {
            self.story_blocks(&mut out, &owned, style, "");
        }
        out.push_str(tail);
        out.push_str(&format!("</w:{root}>"));
        out
    }

    /// Blocks of the model's headers or footers of `kind`, concatenated.
    pub fn model_blocks(
        list: &'a [docpipe_core::model::HeaderFooter],
        kind: HeaderFooterKind,
    ) -> Vec<&'a Block> {
        list.iter()
            .filter(|h| h.kind == kind)
            .flat_map(|h| h.blocks.iter())
            .collect()
    }
}

fn comment_open(out: &mut String, i: usize, c: &Comment) {
    out.push_str(&format!("<w:comment w:id=\"{i}\" w:author=\""));
    push_escaped(out, c.author.as_deref().unwrap_or(""));
    out.push('"');
    if let Some(d) = c
        .date
        .as_deref()
        .filter(|d| crate::package::is_w3c_datetime(d) && d.len() >= 19)
    {
        out.push_str(" w:date=\"");
        push_escaped(out, d);
        out.push('"');
    }
    if let Some(ini) = c.initials.as_deref().filter(|s| !s.is_empty()) {
        out.push_str(" w:initials=\"");
        push_escaped(out, ini);
        out.push('"');
    }
    out.push('>');
}

/// Namespace declarations of the story parts.
pub const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" xmlns:wp14=\"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing\" mc:Ignorable=\"w14 w15 wp14\"";

/// Left indent of list level `ilvl` (also used by the numbering definitions).
pub fn list_indent(layout: &Layout, ilvl: u32) -> u32 {
    let step = if layout.kind == StyleKind::Gbt9704 {
        640
    } else {
        720
    };
    step * (ilvl + 1)
}

/// Writes one run holding `text`, tabs and line breaks as their elements.
fn text_run(out: &mut String, rpr: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    out.push_str(rpr);
    let mut chars = text;
    while !chars.is_empty() {
        let cut = chars
            .bytes()
            .position(|b| matches!(b, b'\t' | b'\n' | b'\r'))
            .unwrap_or(chars.len());
        let (piece, rest) = chars.split_at(cut);
        if !piece.is_empty() {
            if piece.starts_with(' ') || piece.ends_with(' ') || piece.contains("  ") {
                out.push_str("<w:t xml:space=\"preserve\">");
            } else {
                out.push_str("<w:t>");
            }
            push_escaped(out, piece);
            out.push_str("</w:t>");
        }
        let mut rest_chars = rest.chars();
        match rest_chars.next() {
            Some('\t') => out.push_str("<w:tab/>"),
            Some('\n') => out.push_str("<w:br/>"),
            Some('\r') if !rest_chars.as_str().starts_with('\n') => out.push_str("<w:br/>"),
            _ => {}
        }
        chars = rest_chars.as_str();
    }
    out.push_str("</w:r>");
}

/// True for ideographs and CJK punctuation (no space needed after a label before them).
fn is_cjk_like(c: char) -> bool {
    docpipe_core::lang::is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// A Word bookmark name for an anchor id: letters, digits and `_`, at most 40 characters,
/// starting with a letter.
pub fn bookmark_name(id: &str) -> Option<String> {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    if s.is_empty() {
        return None;
    }
    if !s.chars().next().is_some_and(char::is_alphabetic) {
        s.insert(0, 'x');
        s = s.chars().take(40).collect();
    }
    Some(s)
}

/// A hyperlink target safe for a relationship: spaces, quotes, angle brackets and
/// control characters percent-encoded.
fn clean_uri(target: &str) -> String {
    let mut s = String::with_capacity(target.len());
    for c in target.chars() {
        match c {
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                s.push_str(&format!("%{:02X}", c as u32))
            }
            c if (c as u32) < 0x20 || c == '\u{7F}' => s.push_str(&format!("%{:02X}", c as u32)),
            c => s.push(c),
        }
    }
    s
}

/// The file extension for an image media type Word can show, or `None`.
pub fn media_extension(media_type: &str) -> Option<&'static str> {
    match media_type.to_ascii_lowercase().as_str() {
        "image/png" => Some("png"),
        "image/jpeg" | "image/jpg" | "image/pjpeg" => Some("jpeg"),
        "image/gif" => Some("gif"),
        "image/bmp" | "image/x-bmp" | "image/x-ms-bmp" => Some("bmp"),
        "image/tiff" => Some("tiff"),
        "image/x-emf" | "image/emf" => Some("emf"),
        "image/x-wmf" | "image/wmf" => Some("wmf"),
        _ => None,
    }
}

/// Pixel size of a PNG, GIF, BMP or JPEG image, read from its header.
pub fn image_pixels(d: &[u8]) -> Option<(u64, u64)> {
    let be16 =
        |i: usize| -> Option<u64> { Some(u16::from_be_bytes([*d.get(i)?, *d.get(i + 1)?]) as u64) };
    let le16 =
        |i: usize| -> Option<u64> { Some(u16::from_le_bytes([*d.get(i)?, *d.get(i + 1)?]) as u64) };
    let be32 = |i: usize| -> Option<u64> {
        Some(
            u32::from_be_bytes([*d.get(i)?, *d.get(i + 1)?, *d.get(i + 2)?, *d.get(i + 3)?]) as u64,
        )
    };
    let le32 = |i: usize| -> Option<u64> {
        Some(
            i32::from_le_bytes([*d.get(i)?, *d.get(i + 1)?, *d.get(i + 2)?, *d.get(i + 3)?])
                .unsigned_abs() as u64,
        )
    };
    let dims = if d.starts_with(b"\x89PNG\r\n\x1a\n") {
        (be32(16)?, be32(20)?)
    } else if d.starts_with(b"GIF8") {
        (le16(6)?, le16(8)?)
    } else if d.starts_with(b"BM") {
        (le32(18)?, le32(22)?)
    } else if d.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        loop {
            if *d.get(i)? != 0xFF {
                return None;
            }
            let marker = *d.get(i + 1)?;
            if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
                break (be16(i + 7)?, be16(i + 5)?);
            }
            let len = be16(i + 2)? as usize;
            if len < 2 {
                return None;
            }
            i += 2 + len;
        }
    } else {
        return None;
    };
    (dims.0 > 0 && dims.1 > 0 && dims.0 < 100_000 && dims.1 < 100_000).then_some(dims)
}

/// How a grid slot takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    None,
    Restart,
    Continue,
}

/// One `w:tc` to write.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The model cell (row index, cell index) whose content goes here, if any.
    cell: Option<(usize, usize)>,
    span: u32,
    merge: Merge,
}

/// The table laid out on a grid: rowspans become `vMerge` continuation cells and short
/// rows are padded, so every row covers every column.
struct TableGrid {
    cols: u32,
    rows: Vec<Vec<Slot>>,
}

impl TableGrid {
    fn of(t: &Table) -> TableGrid {
        // covered[col] = (rows still covered below, span of the covering cell) at the
        // covering cell's first column.
        let mut covered: Vec<(u32, u32)> = Vec::new();
        let mut rows: Vec<Vec<(u32, Slot)>> = Vec::new();
        let mut cols = 0u32;
        for (ri, row) in t.rows.iter().enumerate() {
            let mut slots = Vec::new();
            let mut col = 0u32;
            let mut cells = row.cells.iter().enumerate().peekable();
            loop {
                // Continuation slots of merges from above at this column.
                if let Some(&(left, span)) = covered.get(col as usize) {
                    if left > 0 {
                        slots.push((
                            col,
                            Slot {
                                cell: None,
                                span,
                                merge: Merge::Continue,
                            },
                        ));
                        if let Some(c) = covered.get_mut(col as usize) {
                            c.0 -= 1;
                        }
                        col += span;
                        continue;
                    }
                }
                let Some((ci, cell)) = cells.next() else {
                    // Trailing merges beyond the last cell.
                    let more = covered
                        .iter()
                        .enumerate()
                        .skip(col as usize)
                        .find(|(_, c)| c.0 > 0)
                        .map(|(i, _)| i as u32);
                    match more {
                        Some(next) => {
                            col = next;
                            continue;
                        }
                        None => break,
                    }
                };
                let span = cell.colspan.clamp(1, MAX_COLUMNS);
                if col + span > MAX_COLUMNS {
                    break;
                }
                let rowspan = cell.rowspan.max(1);
                let merge = if rowspan > 1 && ri + 1 < t.rows.len() {
                    Merge::Restart
                } else {
                    Merge::None
                };
                slots.push((
                    col,
                    Slot {
                        cell: Some((ri, ci)),
                        span,
                        merge,
                    },
                ));
                if covered.len() < (col + span) as usize {
                    covered.resize((col + span) as usize, (0, 0));
                }
                // A cell placed here ends any merge claimed for these columns.
                for c in covered.iter_mut().skip(col as usize).take(span as usize) {
                    *c = (0, 0);
                }
                if merge == Merge::Restart {
                    if let Some(c) = covered.get_mut(col as usize) {
                        *c = (rowspan - 1, span);
                    }
                }
                col += span;
            }
            cols = cols.max(col);
            rows.push(slots);
        }
        let rows = rows
            .into_iter()
            .map(|slots| {
                let mut v: Vec<Slot> = Vec::with_capacity(slots.len() + 1);
                let mut end = 0;
                for (col, s) in slots {
                    if col > end {
                        v.push(Slot {
                            cell: None,
                            span: col - end,
                            merge: Merge::None,
                        });
                    }
                    end = col + s.span;
                    v.push(s);
                }
                if end < cols {
                    v.push(Slot {
                        cell: None,
                        span: cols - end,
                        merge: Merge::None,
                    });
                }
                v
            })
            .collect();
        TableGrid { cols, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::model::{Cell, Row};

    fn cell(colspan: u32, rowspan: u32) -> Cell {
        Cell {
            colspan,
            rowspan,
            blocks: vec![],
        }
    }

    #[test]
    fn rowspans_become_continuations_and_rows_are_padded() {
        let t = Table {
            caption: None,
            header_rows: 1,
            rows: vec![
                Row {
                    cells: vec![cell(1, 2), cell(2, 1)],
                },
                Row {
                    cells: vec![cell(1, 1)],
                },
                Row {
                    cells: vec![cell(1, 1)],
                },
            ],
        };
        let g = TableGrid::of(&t);
        assert_eq!(g.cols, 3);
        let shape: Vec<Vec<(u32, Merge, bool)>> = g
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|s| (s.span, s.merge, s.cell.is_some()))
                    .collect()
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                vec![(1, Merge::Restart, true), (2, Merge::None, true)],
                vec![
                    (1, Merge::Continue, false),
                    (1, Merge::None, true),
                    (1, Merge::None, false)
                ],
                vec![(1, Merge::None, true), (2, Merge::None, false)],
            ]
        );
    }

    #[test]
    fn hostile_spans_are_bounded() {
        let t = Table {
            caption: None,
            header_rows: 0,
            rows: vec![
                Row {
                    cells: vec![cell(u32::MAX, u32::MAX), cell(5, 1)],
                },
                Row { cells: vec![] },
            ],
        };
        let g = TableGrid::of(&t);
        assert!(g.cols <= MAX_COLUMNS);
    }

    #[test]
    fn list_labels_are_read() {
        let l = |s: &str| parse_label(s, true).map(|l| (l.num_fmt, l.prefix, l.suffix, l.value));
        assert_eq!(l("3."), Some(("decimal", "".into(), ".".into(), Some(3))));
        assert_eq!(
            l("(b)"),
            Some(("lowerLetter", "(".into(), ")".into(), Some(2)))
        );
        assert_eq!(
            l("B."),
            Some(("upperLetter", "".into(), ".".into(), Some(2)))
        );
        assert_eq!(
            l("iv)"),
            Some(("lowerRoman", "".into(), ")".into(), Some(4)))
        );
        assert_eq!(
            l("XII."),
            Some(("upperRoman", "".into(), ".".into(), Some(12)))
        );
        assert_eq!(
            l("十三、"),
            Some(("chineseCounting", "".into(), "、".into(), Some(13)))
        );
        assert_eq!(
            l("②"),
            Some(("decimalEnclosedCircle", "".into(), "".into(), Some(2)))
        );
        assert_eq!(l("1.2"), Some(("decimal", "1.".into(), "".into(), Some(2))));
        assert_eq!(l("•"), None);
        assert_eq!(l("ab"), None);
        assert_eq!(parse_label("•", false).map(|l| l.prefix), Some("•".into()));
        assert_eq!(parse_label("%1", true), None);
    }

    #[test]
    fn bookmark_names_are_valid() {
        assert_eq!(bookmark_name("sec-1").as_deref(), Some("sec_1"));
        assert_eq!(bookmark_name("1intro").as_deref(), Some("x1intro"));
        assert_eq!(bookmark_name(""), None);
        assert!(bookmark_name(&"a".repeat(100)).is_some_and(|s| s.chars().count() == 40));
    }

    #[test]
    fn image_sizes_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&300u32.to_be_bytes());
        png.extend_from_slice(&200u32.to_be_bytes());
        assert_eq!(image_pixels(&png), Some((300, 200)));
        assert_eq!(image_pixels(b"GIF89a\x10\x00\x20\x00"), Some((16, 32)));
        assert_eq!(image_pixels(b"junk"), None);
        assert_eq!(image_pixels(&[0xFF, 0xD8, 0xFF]), None);
    }
}
