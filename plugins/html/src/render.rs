//! Rendering the document's content as HTML elements: blocks, inlines, endnotes,
//! comments, page headers and footers. The page around them is in `lib.rs`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use base64::Engine as _;
use docpipe_core::model::{
    Align, Block, Comment, Document, HeaderFooter, HeaderFooterKind, Heading, Image, Inline, List,
    Resource, Table, TextStyle,
};

use crate::escape::{push_escaped, safe_href, token};
use crate::table::{layout, Placed};

/// Counts of things changed on the way to HTML, reported as warnings.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Characters dropped because HTML forbids them or they are bidi controls.
    pub dropped_chars: usize,
    /// Links whose target was unsafe: their text was kept without the link.
    pub unsafe_links: usize,
    /// Images without an embedded `image/*` resource: alt text written instead.
    pub missing_images: usize,
}

/// Words the page itself writes, in the document's language.
struct Labels {
    notes: &'static str,
    comments: &'static str,
    back: &'static str,
    image: &'static str,
}

const EN: Labels = Labels {
    notes: "Notes",
    comments: "Comments",
    back: "Back to the text",
    image: "[image]",
};

const ZH: Labels = Labels {
    notes: "注释",
    comments: "批注",
    back: "返回正文",
    image: "[图片]",
};

/// Writes the elements of one document into a string.
pub struct Writer<'a> {
    doc: &'a Document,
    /// The HTML written so far.
    pub out: String,
    /// What was changed on the way.
    pub report: Report,
    labels: &'static Labels,
    ids: HashSet<String>,
    /// Note id → (number, element id).
    notes: HashMap<&'a str, (usize, String)>,
    /// Note id → ids of the references to it, in order.
    note_refs: HashMap<&'a str, Vec<String>>,
    resources: HashMap<&'a str, &'a Resource>,
    heading_shift: u8,
    headings: usize,
    in_link: usize,
    /// Inside a `th`, where HTML allows no heading elements.
    in_th: usize,
}

impl<'a> Writer<'a> {
    /// A writer for `doc`; `zh` picks Chinese words for the sections the page adds.
    pub fn new(doc: &'a Document, zh: bool) -> Self {
        let mut w = Writer {
            doc,
            out: String::with_capacity(4096),
            report: Report::default(),
            labels: if zh { &ZH } else { &EN },
            ids: HashSet::new(),
            notes: HashMap::new(),
            note_refs: HashMap::new(),
            resources: doc.resources.iter().map(|r| (r.id.as_str(), r)).collect(),
            heading_shift: u8::from(doc.parts.iter().any(|p| p.title.is_some())),
            headings: 0,
            in_link: 0,
            in_th: 0,
        };
        w.claim("notes");
        w.claim("comments");
        for (i, note) in doc.notes.iter().enumerate() {
            if w.notes.contains_key(note.id.as_str()) {
                continue;
            }
            let id = w.claim(&format!("fn-{}", i + 1));
            w.notes.insert(note.id.as_str(), (i + 1, id));
        }
        w
    }

    /// Reserves a unique element id close to `wanted`.
    fn claim(&mut self, wanted: &str) -> String {
        let base = token(wanted).unwrap_or_else(|| "id".to_string());
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    fn text(&mut self, s: &str) {
        self.report.dropped_chars += push_escaped(&mut self.out, s);
    }

    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Every part of the body: a titled or multi-part document gets one `article` per
    /// part with the title as `h1.title`; headings then start at `h2`.
    pub fn body(&mut self) {
        let wrap = self.doc.parts.len() > 1 || self.heading_shift > 0;
        for part in &self.doc.parts {
            if wrap {
                self.raw("<article class=\"part\">\n");
            }
            if let Some(title) = &part.title {
                self.raw("<h1 class=\"title\">");
                self.inlines(title);
                self.raw("</h1>\n");
            }
            self.blocks(&part.blocks);
            if wrap {
                self.raw("</article>\n");
            }
        }
    }

    /// Page headers (`header.page-header`) or footers (`footer.page-footer`).
    pub fn furniture(&mut self, list: &'a [HeaderFooter], footer: bool) {
        let (tag, class) = if footer {
            ("footer", "page-footer")
        } else {
            ("header", "page-header")
        };
        for hf in list {
            let pages = match hf.kind {
                HeaderFooterKind::Default => "default",
                HeaderFooterKind::First => "first",
                HeaderFooterKind::Even => "even",
            };
            let _ = writeln!(self.out, "<{tag} class=\"{class}\" data-pages=\"{pages}\">");
            self.blocks(&hf.blocks);
            let _ = writeln!(self.out, "</{tag}>");
        }
    }

    /// The endnotes section: one list item per note with links back to its references.
    pub fn endnotes(&mut self) {
        if self.doc.notes.is_empty() {
            return;
        }
        let _ = write!(
            self.out,
            "<section class=\"endnotes\" id=\"notes\">\n<h2>{}</h2>\n<ol>\n",
            self.labels.notes
        );
        let mut done: HashSet<&str> = HashSet::new();
        for note in &self.doc.notes {
            if !done.insert(note.id.as_str()) {
                continue; // a duplicate id: the first definition is the one linked to
            }
            let id = self
                .notes
                .get(note.id.as_str())
                .map(|(_, id)| id.clone())
                .unwrap_or_default();
            let _ = writeln!(self.out, "<li id=\"{id}\">");
            self.blocks(&note.blocks);
            let refs = self
                .note_refs
                .get(note.id.as_str())
                .cloned()
                .unwrap_or_default();
            for (i, r) in refs.iter().enumerate() {
                let mark = if i == 0 {
                    "↩\u{FE0E}".to_string()
                } else {
                    format!("↩\u{FE0E}{}", i + 1)
                };
                let _ = writeln!(
                    self.out,
                    "<a class=\"backref\" href=\"#{r}\" aria-label=\"{}\">{mark}</a>",
                    self.labels.back
                );
            }
            self.raw("</li>\n");
        }
        self.raw("</ol>\n</section>\n");
    }

    /// The comments, in an `aside.comments`, each with author, date and anchor text.
    pub fn comments(&mut self) {
        if self.doc.comments.is_empty() {
            return;
        }
        let _ = write!(
            self.out,
            "<aside class=\"comments\" id=\"comments\">\n<h2>{}</h2>\n",
            self.labels.comments
        );
        for c in &self.doc.comments {
            self.comment(c);
        }
        self.raw("</aside>\n");
    }

    fn comment(&mut self, c: &'a Comment) {
        let id = self.claim(&format!("comment-{}", c.id));
        let _ = writeln!(self.out, "<article class=\"comment\" id=\"{id}\">");
        if c.author.is_some() || c.initials.is_some() || c.date.is_some() {
            self.raw("<p class=\"comment-meta\">");
            if let Some(a) = c.author.as_deref().or(c.initials.as_deref()) {
                self.raw("<span class=\"author\">");
                self.text(a);
                self.raw("</span>");
            }
            if let Some(d) = &c.date {
                self.raw(" <span class=\"date\">");
                self.text(d);
                self.raw("</span>");
            }
            self.raw("</p>\n");
        }
        if let Some(anchor) = c.anchor.as_deref().filter(|a| !a.is_empty()) {
            self.raw("<p class=\"comment-anchor\">“");
            self.text(anchor);
            self.raw("”</p>\n");
        }
        self.blocks(&c.blocks);
        self.raw("</article>\n");
    }

    fn blocks(&mut self, blocks: &'a [Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn block(&mut self, block: &'a Block) {
        match block {
            Block::Heading(h) => self.heading(h),
            Block::Paragraph(p) => {
                match p.align {
                    Some(a) => {
                        let _ = write!(self.out, "<p class=\"align-{}\">", align_name(a));
                    }
                    None => self.raw("<p>"),
                }
                self.inlines(&p.content);
                self.raw("</p>\n");
            }
            Block::List(l) => self.list(l),
            Block::Table(t) => self.table(t),
            Block::Quote { blocks } => {
                self.raw("<blockquote>\n");
                self.blocks(blocks);
                self.raw("</blockquote>\n");
            }
            Block::Code { text, language } => {
                match language.as_deref().and_then(token) {
                    Some(lang) => {
                        self.raw("<pre><code class=\"language-");
                        self.text(&lang);
                        self.raw("\">");
                    }
                    None => self.raw("<pre><code>"),
                }
                // The parser eats one newline right after <pre>.
                if text.starts_with('\n') {
                    self.raw("\n");
                }
                self.text(text);
                self.raw("</code></pre>\n");
            }
            Block::Rule {} => self.raw("<hr>\n"),
            Block::PageBreak {} => self.raw("<hr class=\"page-break\">\n"),
            Block::Image(img) => {
                self.raw("<p class=\"image\">");
                self.image(img);
                self.raw("</p>\n");
            }
            Block::Div { class, blocks } => {
                match class.as_deref() {
                    Some(c) => {
                        self.raw("<div class=\"");
                        self.text(c);
                        self.raw("\">\n");
                    }
                    None => self.raw("<div>\n"),
                }
                self.blocks(blocks);
                self.raw("</div>\n");
            }
        }
    }

    fn heading(&mut self, h: &'a Heading) {
        self.headings += 1;
        let level = h
            .level
            .clamp(1, 6)
            .saturating_add(self.heading_shift)
            .min(6);
        let wanted =
            h.id.as_deref()
                .and_then(token)
                .unwrap_or_else(|| format!("sec-{}", self.headings));
        let id = self.claim(&wanted);
        // A header cell may not hold headings: write a paragraph styled like one.
        let tag = if self.in_th > 0 {
            let _ = write!(self.out, "<p class=\"heading h{level}\" id=\"{id}\">");
            "p".to_string()
        } else {
            let _ = write!(self.out, "<h{level} id=\"{id}\">");
            format!("h{level}")
        };
        if let Some(label) = h.label.as_deref().filter(|l| !l.is_empty()) {
            self.raw("<span class=\"label\">");
            self.text(label);
            self.raw("</span>");
            let first = h.content.first().and_then(|i| match i {
                Inline::Text { text } => text.chars().next(),
                _ => None,
            });
            if needs_space(label, first) {
                self.raw(" ");
            }
        }
        self.inlines(&h.content);
        let _ = writeln!(self.out, "</{tag}>");
    }

    fn list(&mut self, l: &'a List) {
        let labelled = l.items.iter().any(|i| i.label.is_some());
        let start = l.start.unwrap_or(1);
        if labelled {
            self.raw("<ul class=\"labelled\">\n");
        } else if l.ordered {
            match l.start {
                Some(s) if s != 1 => {
                    let _ = writeln!(self.out, "<ol start=\"{s}\">");
                }
                _ => self.raw("<ol>\n"),
            }
        } else {
            self.raw("<ul>\n");
        }
        for (i, item) in l.items.iter().enumerate() {
            self.raw("<li>");
            if labelled {
                let label = match &item.label {
                    Some(label) => label.clone(),
                    None if l.ordered => format!("{}.", u64::from(start) + i as u64),
                    None => "•".to_string(),
                };
                self.raw("<span class=\"label\">");
                self.text(&label);
                self.raw("</span> ");
            }
            self.flow(&item.blocks);
            self.raw("</li>\n");
        }
        self.raw(if labelled || !l.ordered {
            "</ul>\n"
        } else {
            "</ol>\n"
        });
    }

    /// Blocks inside a list item or cell: one plain paragraph is written as bare inline
    /// content, anything else as blocks.
    fn flow(&mut self, blocks: &'a [Block]) {
        match blocks {
            [Block::Paragraph(p)] if p.align.is_none() => self.inlines(&p.content),
            _ => {
                if !blocks.is_empty() {
                    self.raw("\n");
                }
                self.blocks(blocks);
            }
        }
    }

    fn table(&mut self, t: &'a Table) {
        self.raw("<table>\n");
        if let Some(c) = &t.caption {
            self.raw("<caption>");
            self.inlines(c);
            self.raw("</caption>\n");
        }
        let l = layout(t);
        for (group, rows, cell) in [("thead", &l.head, "th"), ("tbody", &l.body, "td")] {
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(self.out, "<{group}>");
            for row in rows {
                self.raw("<tr>");
                for placed in row {
                    self.cell(cell, placed);
                }
                self.raw("</tr>\n");
            }
            let _ = writeln!(self.out, "</{group}>");
        }
        self.raw("</table>\n");
    }

    fn cell(&mut self, tag: &str, p: &Placed<'a>) {
        let _ = write!(self.out, "<{tag}");
        if p.colspan != 1 {
            let _ = write!(self.out, " colspan=\"{}\"", p.colspan);
        }
        if p.rowspan != 1 {
            let _ = write!(self.out, " rowspan=\"{}\"", p.rowspan);
        }
        self.raw(">");
        let th = usize::from(tag == "th");
        self.in_th += th;
        self.flow(&p.cell.blocks);
        self.in_th -= th;
        let _ = write!(self.out, "</{tag}>");
    }

    fn image(&mut self, img: &Image) {
        let resource = self
            .resources
            .get(img.resource.as_str())
            .filter(|r| is_image_type(&r.media_type));
        let Some(r) = resource else {
            self.report.missing_images += 1;
            self.raw("<span class=\"image-missing\">");
            if img.alt.is_empty() {
                self.text(self.labels.image);
            } else {
                self.text(&img.alt);
            }
            self.raw("</span>");
            return;
        };
        let _ = write!(self.out, "<img src=\"data:{};base64,", r.media_type);
        base64::engine::general_purpose::STANDARD.encode_string(&r.data, &mut self.out);
        self.raw("\" alt=\"");
        self.text(&img.alt);
        self.raw("\"");
        // Points to CSS pixels (96 px per 72 pt).
        if let Some(w) = img.width {
            let _ = write!(self.out, " width=\"{}\"", u64::from(w) * 4 / 3);
        }
        if let Some(h) = img.height {
            let _ = write!(self.out, " height=\"{}\"", u64::from(h) * 4 / 3);
        }
        self.raw(">");
    }

    fn inlines(&mut self, inlines: &'a [Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &'a Inline) {
        match inline {
            Inline::Text { text } => self.text(text),
            Inline::Styled { style, content } => {
                let tag = style_tag(*style);
                let _ = write!(self.out, "<{tag}>");
                self.inlines(content);
                let _ = write!(self.out, "</{tag}>");
            }
            Inline::Code { text } => {
                self.raw("<code>");
                self.text(text);
                self.raw("</code>");
            }
            Inline::Link { target, content } => {
                let href = safe_href(target);
                if href.is_none() && !target.trim().is_empty() {
                    self.report.unsafe_links += 1;
                }
                match href {
                    Some(href) if self.in_link == 0 => {
                        self.raw("<a href=\"");
                        self.text(&href);
                        self.raw("\">");
                        self.in_link += 1;
                        self.inlines(content);
                        self.in_link -= 1;
                        self.raw("</a>");
                    }
                    _ => self.inlines(content),
                }
            }
            Inline::LineBreak {} => self.raw("<br>\n"),
            Inline::NoteRef { id } => self.note_ref(id),
            Inline::Image(img) => self.image(img),
            Inline::Span { class, content } => {
                self.raw("<span class=\"");
                self.text(class);
                self.raw("\">");
                self.inlines(content);
                self.raw("</span>");
            }
        }
    }

    fn note_ref(&mut self, id: &'a str) {
        let Some((number, target)) = self.notes.get(id).cloned() else {
            self.raw("<sup class=\"noteref missing\">[");
            self.text(id);
            self.raw("]</sup>");
            return;
        };
        if self.in_link > 0 {
            let _ = write!(self.out, "<sup class=\"noteref\">{number}</sup>");
            return;
        }
        let ref_id = self.claim(&format!("fnref-{number}"));
        let _ = write!(
            self.out,
            "<sup class=\"noteref\"><a href=\"#{target}\" id=\"{ref_id}\">{number}</a></sup>"
        );
        self.note_refs.entry(id).or_default().push(ref_id);
    }
}

fn align_name(a: Align) -> &'static str {
    match a {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "justify",
    }
}

fn style_tag(s: TextStyle) -> &'static str {
    match s {
        TextStyle::Bold => "strong",
        TextStyle::Italic => "em",
        TextStyle::Underline => "u",
        TextStyle::Strike => "s",
        TextStyle::Superscript => "sup",
        TextStyle::Subscript => "sub",
    }
}

/// A space between label and heading text when both sides are Latin (`1. Scope`), none
/// for Chinese markers (`一、总体情况`, `1.加强领导`).
fn needs_space(label: &str, first: Option<char>) -> bool {
    match (label.chars().last(), first) {
        (Some(l), Some(f)) => {
            l.is_ascii() && !l.is_whitespace() && f.is_ascii() && !f.is_whitespace()
        }
        _ => false,
    }
}

/// `image/…` with a plain subtype (letters, digits, `+ . -`), safe in a data URI.
fn is_image_type(media_type: &str) -> bool {
    media_type.strip_prefix("image/").is_some_and(|sub| {
        !sub.is_empty()
            && sub
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    })
}
