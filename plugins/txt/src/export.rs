//! The `txt` exporter: the document as readable UTF-8 plain text with `\n` line ends.
//!
//! Blocks are separated by a blank line; part titles and headings (with their numbering
//! labels) stand on their own lines; list items keep their labels or get `-`/`1.`;
//! tables become tab-separated rows (spanned cells leave empty columns so the columns
//! line up); a page break is a form feed on its own line. Notes follow the body as
//! `[1] …` after a `----` line, comments follow in a marked section, and page headers and
//! footers are left out unless the `headers` option asks for them.

use std::collections::HashMap;

use docpipe_core::model::{Block, Comment, Document, HeaderFooter, Inline, Table};
use docpipe_core::{lang, Context, Exporter, Result};

/// Writes plain text.
#[derive(Debug, Clone, Default)]
pub struct TxtExporter {
    /// Also write page headers and footers, in marked sections after the body.
    pub headers: bool,
}

impl Exporter for TxtExporter {
    fn export(&self, doc: &Document, _ctx: &mut Context) -> Result<Vec<u8>> {
        Ok(to_text(doc, self.headers).into_bytes())
    }
}

/// The plain text of `doc` (see the module documentation).
pub fn to_text(doc: &Document, headers: bool) -> String {
    let w = Writer::new(doc);
    let mut sections: Vec<String> = Vec::new();
    for part in &doc.parts {
        if let Some(title) = &part.title {
            let t = w.inlines(title);
            if !t.trim().is_empty() {
                sections.push(t);
            }
        }
        let body = w.blocks(&part.blocks, "\n\n");
        if !body.is_empty() {
            sections.push(body);
        }
    }
    if !doc.notes.is_empty() {
        let notes: Vec<String> = doc
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| hanging(&format!("[{}]", i + 1), &w.blocks(&n.blocks, "\n")))
            .collect();
        sections.push(format!("----\n{}", notes.join("\n")));
    }
    let zh = w.is_chinese();
    if !doc.comments.is_empty() {
        let title = if zh { "批注" } else { "Comments" };
        let items: Vec<String> = doc.comments.iter().map(|c| w.comment(c, zh)).collect();
        sections.push(format!("==== {title} ====\n{}", items.join("\n")));
    }
    if headers {
        for (list, title) in [
            (&doc.headers, if zh { "页眉" } else { "Page headers" }),
            (&doc.footers, if zh { "页脚" } else { "Page footers" }),
        ] {
            if let Some(s) = w.furniture(list, title) {
                sections.push(s);
            }
        }
    }
    let mut out = sections.join("\n\n");
    if out.contains('\r') {
        // Text from other importers may carry CR line ends; the output uses LF only.
        out = out.replace("\r\n", "\n").replace('\r', "\n");
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

struct Writer<'a> {
    doc: &'a Document,
    note_numbers: HashMap<&'a str, usize>,
}

impl<'a> Writer<'a> {
    fn new(doc: &'a Document) -> Self {
        let note_numbers = doc
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i + 1))
            .collect();
        Writer { doc, note_numbers }
    }

    fn is_chinese(&self) -> bool {
        match &self.doc.meta.language {
            Some(l) => l.starts_with("zh"),
            None => lang::guess(&self.doc.body_text()) == Some("zh"),
        }
    }

    /// Blocks joined by `sep`, empty renderings skipped.
    fn blocks(&self, blocks: &[Block], sep: &str) -> String {
        let rendered: Vec<String> = blocks
            .iter()
            .map(|b| self.block(b))
            .filter(|s| !s.is_empty())
            .collect();
        rendered.join(sep)
    }

    fn block(&self, block: &Block) -> String {
        match block {
            Block::Heading(h) => {
                let text = self.inlines(&h.content);
                match &h.label {
                    Some(label) => join_label(label, &text),
                    None => text,
                }
            }
            Block::Paragraph(p) => self.inlines(&p.content),
            Block::List(list) => {
                let start = list.start.unwrap_or(1) as u64;
                let items: Vec<String> = list
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let marker = match &item.label {
                            Some(l) => l.clone(),
                            None if list.ordered => format!("{}.", start + i as u64),
                            None => "-".to_string(),
                        };
                        hanging(&marker, &self.blocks(&item.blocks, "\n"))
                    })
                    .collect();
                items.join("\n")
            }
            Block::Table(t) => self.table(t),
            Block::Quote { blocks } => prefix_lines(&self.blocks(blocks, "\n\n"), "> "),
            Block::Div { blocks, .. } => self.blocks(blocks, "\n\n"),
            Block::Code { text, .. } => text.clone(),
            Block::Rule {} => "* * *".to_string(),
            Block::PageBreak {} => "\u{c}".to_string(),
            Block::Image(img) => image_text(&img.alt),
        }
    }

    fn table(&self, t: &Table) -> String {
        let mut lines = Vec::new();
        if let Some(c) = &t.caption {
            let c = self.inlines(c);
            if !c.is_empty() {
                lines.push(c);
            }
        }
        for row in grid(t, |blocks| {
            one_line(&self.blocks(blocks, " ")).replace('\t', " ")
        }) {
            lines.push(row.join("\t").trim_end_matches('\t').to_string());
        }
        lines.join("\n")
    }

    fn inlines(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        self.push_inlines(inlines, &mut out);
        out
    }

    fn push_inlines(&self, inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                Inline::Styled { content, .. } | Inline::Span { content, .. } => {
                    self.push_inlines(content, out)
                }
                Inline::Link { target, content } => {
                    let start = out.len();
                    self.push_inlines(content, out);
                    let shown = out.get(start..).unwrap_or_default().trim().to_string();
                    let bare = target.strip_prefix("mailto:").unwrap_or(target);
                    if !target.is_empty() && !target.starts_with('#') && shown != bare {
                        if shown.is_empty() {
                            out.push_str(target);
                        } else {
                            out.push_str(&format!(" <{target}>"));
                        }
                    }
                }
                Inline::LineBreak {} => out.push('\n'),
                Inline::NoteRef { id } => match self.note_numbers.get(id.as_str()) {
                    Some(n) => out.push_str(&format!("[{n}]")),
                    None => out.push_str(&format!("[{id}]")),
                },
                Inline::Image(img) => out.push_str(&image_text(&img.alt)),
            }
        }
    }

    fn comment(&self, c: &Comment, zh: bool) -> String {
        let mut who: Vec<&str> = Vec::new();
        if let Some(a) = c.author.as_deref().or(c.initials.as_deref()) {
            who.push(a);
        }
        if let Some(d) = &c.date {
            who.push(d);
        }
        let mut head = if who.is_empty() {
            "[?]".to_string()
        } else {
            format!("[{}]", who.join(", "))
        };
        if let Some(anchor) = c.anchor.as_deref().filter(|a| !a.is_empty()) {
            let anchor = one_line(anchor);
            head = if zh {
                format!("{head} 关于“{anchor}”：")
            } else {
                format!("{head} on “{anchor}”:")
            };
        }
        hanging(&head, &self.blocks(&c.blocks, "\n"))
    }

    fn furniture(&self, list: &[HeaderFooter], title: &str) -> Option<String> {
        let texts: Vec<String> = list
            .iter()
            .map(|hf| self.blocks(&hf.blocks, "\n"))
            .filter(|s| !s.trim().is_empty())
            .collect();
        if texts.is_empty() {
            None
        } else {
            Some(format!("==== {title} ====\n{}", texts.join("\n")))
        }
    }
}

/// The heading label and text, with a space between them when both sides are Latin
/// (`1. Scope`) and none for Chinese markers (`一、总体情况`, `1.加强领导`).
pub fn join_label(label: &str, text: &str) -> String {
    if needs_space(label, text) {
        format!("{label} {text}")
    } else {
        format!("{label}{text}")
    }
}

fn needs_space(label: &str, text: &str) -> bool {
    let last = label.chars().last();
    let first = text.chars().next();
    match (last, first) {
        (Some(l), Some(f)) => {
            l.is_ascii() && !l.is_whitespace() && f.is_ascii() && !f.is_whitespace()
        }
        _ => false,
    }
}

fn image_text(alt: &str) -> String {
    if alt.is_empty() {
        "[image]".to_string()
    } else {
        format!("[image: {alt}]")
    }
}

/// `marker` before the first line of `body`, later lines indented to line up.
fn hanging(marker: &str, body: &str) -> String {
    let indent = " ".repeat(marker.chars().count() + 1);
    let mut out = String::new();
    for (i, line) in body.lines().enumerate() {
        if i == 0 {
            out.push_str(marker);
            if !line.is_empty() {
                out.push(' ');
            }
        } else {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&indent);
            }
        }
        out.push_str(line);
    }
    if out.is_empty() {
        out.push_str(marker);
    }
    out
}

fn prefix_lines(body: &str, prefix: &str) -> String {
    body.lines()
        .map(|l| {
            if l.is_empty() {
                prefix.trim_end().to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn one_line(s: &str) -> String {
    s.split(['\n', '\r']).collect::<Vec<_>>().join(" ")
}

/// Largest number of columns or rows a span may cover; input beyond it is clamped so a
/// hostile `colspan` cannot make the exporter allocate without bound.
const MAX_SPAN: u32 = 1000;

/// The table laid out on a grid: every row has a slot for each column it covers;
/// slots covered by a span from another cell are empty strings.
pub(crate) fn grid(t: &Table, text: impl Fn(&[Block]) -> String) -> Vec<Vec<String>> {
    // remaining[c] = how many more rows column c is covered by a rowspan from above.
    let mut remaining: Vec<u32> = Vec::new();
    let mut rows = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut out: Vec<String> = Vec::new();
        let mut col = 0usize;
        let skip_covered = |out: &mut Vec<String>, col: &mut usize| {
            while remaining.get(*col).is_some_and(|&r| r > 0) {
                out.push(String::new());
                *col += 1;
            }
        };
        let mut placed: Vec<(usize, u32, u32)> = Vec::new();
        for cell in &row.cells {
            skip_covered(&mut out, &mut col);
            let colspan = cell.colspan.clamp(1, MAX_SPAN);
            let rowspan = cell.rowspan.clamp(1, MAX_SPAN);
            out.push(text(&cell.blocks));
            for _ in 1..colspan {
                out.push(String::new());
            }
            placed.push((col, colspan, rowspan));
            col += colspan as usize;
        }
        skip_covered(&mut out, &mut col);
        for r in remaining.iter_mut() {
            *r = r.saturating_sub(1);
        }
        for (start, colspan, rowspan) in placed {
            let end = start + colspan as usize;
            if remaining.len() < end {
                remaining.resize(end, 0);
            }
            for r in remaining.iter_mut().take(end).skip(start) {
                *r = (*r).max(rowspan - 1);
            }
        }
        rows.push(out);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::model::*;

    fn para(s: &str) -> Block {
        Block::Paragraph(Paragraph {
            content: vec![Inline::text(s)],
            align: None,
        })
    }

    fn cell(s: &str, colspan: u32, rowspan: u32) -> Cell {
        Cell {
            colspan,
            rowspan,
            blocks: vec![para(s)],
        }
    }

    #[test]
    fn headings_paragraphs_and_part_titles() {
        let mut doc = Document::from_blocks(vec![
            Block::Heading(Heading {
                level: 1,
                label: Some("一、".into()),
                content: vec![Inline::text("总体情况")],
                id: None,
            }),
            para("今年以来，"),
            Block::Heading(Heading {
                level: 2,
                label: Some("1.2".into()),
                content: vec![Inline::text("Scope")],
                id: None,
            }),
            Block::Rule {},
            Block::PageBreak {},
        ]);
        doc.parts[0].title = Some(vec![Inline::text("工作总结")]);
        assert_eq!(
            to_text(&doc, false),
            "工作总结\n\n一、总体情况\n\n今年以来，\n\n1.2 Scope\n\n* * *\n\n\u{c}\n"
        );
    }

    #[test]
    fn lists_nested_with_labels_and_numbers() {
        let nested = Block::List(List {
            ordered: false,
            start: None,
            items: vec![ListItem {
                label: None,
                blocks: vec![para("inner")],
            }],
        });
        let doc = Document::from_blocks(vec![Block::List(List {
            ordered: true,
            start: Some(3),
            items: vec![
                ListItem {
                    label: None,
                    blocks: vec![para("three"), nested],
                },
                ListItem {
                    label: None,
                    blocks: vec![para("four")],
                },
                ListItem {
                    label: Some("①".into()),
                    blocks: vec![para("circled")],
                },
            ],
        })]);
        assert_eq!(
            to_text(&doc, false),
            "3. three\n   - inner\n4. four\n① circled\n"
        );
    }

    #[test]
    fn tables_are_tab_separated_with_spans_lined_up() {
        let doc = Document::from_blocks(vec![Block::Table(Table {
            caption: Some(vec![Inline::text("表1")]),
            header_rows: 1,
            rows: vec![
                Row {
                    cells: vec![cell("a", 2, 1), cell("c", 1, 2)],
                },
                Row {
                    cells: vec![cell("d\te", 1, 1), cell("f\ng", 1, 1)],
                },
                Row {
                    cells: vec![cell("x", 1, 1), cell("y", 1, 1), cell("z", 1, 1)],
                },
            ],
        })]);
        assert_eq!(to_text(&doc, false), "表1\na\t\tc\nd e\tf g\nx\ty\tz\n");
    }

    #[test]
    fn huge_spans_are_clamped() {
        let doc = Document::from_blocks(vec![Block::Table(Table {
            rows: vec![Row {
                cells: vec![cell("a", u32::MAX, u32::MAX)],
            }],
            ..Table::default()
        })]);
        assert_eq!(to_text(&doc, false), "a\n");
    }

    #[test]
    fn inlines_links_notes_code_quotes() {
        let mut doc = Document::from_blocks(vec![
            Block::Paragraph(Paragraph {
                content: vec![
                    Inline::Styled {
                        style: TextStyle::Bold,
                        content: vec![Inline::text("Bold")],
                    },
                    Inline::text(" see "),
                    Inline::Link {
                        target: "https://example.org".into(),
                        content: vec![Inline::text("site")],
                    },
                    Inline::NoteRef { id: "n1".into() },
                    Inline::LineBreak {},
                    Inline::Link {
                        target: "https://example.org".into(),
                        content: vec![Inline::text("https://example.org")],
                    },
                    Inline::NoteRef {
                        id: "missing".into(),
                    },
                ],
                align: None,
            }),
            Block::Quote {
                blocks: vec![para("quoted"), para("twice")],
            },
            Block::Code {
                text: "fn main() {\n    x\n}".into(),
                language: None,
            },
        ]);
        doc.notes.push(Note {
            id: "n1".into(),
            kind: NoteKind::Footnote,
            blocks: vec![para("The note."), para("Second line.")],
        });
        assert_eq!(
            to_text(&doc, false),
            "Bold see site <https://example.org>[1]\nhttps://example.org[missing]\n\n\
             > quoted\n>\n> twice\n\nfn main() {\n    x\n}\n\n\
             ----\n[1] The note.\n    Second line.\n"
        );
    }

    #[test]
    fn comments_and_headers_are_marked_not_body() {
        let mut doc = Document::from_blocks(vec![para("Body text here.")]);
        doc.comments.push(Comment {
            id: "0".into(),
            author: Some("Ann".into()),
            date: Some("2024-01-02".into()),
            anchor: Some("Body".into()),
            blocks: vec![para("Check this.")],
            ..Comment::default()
        });
        doc.headers.push(HeaderFooter {
            kind: HeaderFooterKind::Default,
            blocks: vec![para("Page header")],
        });
        let without = to_text(&doc, false);
        assert_eq!(
            without,
            "Body text here.\n\n==== Comments ====\n[Ann, 2024-01-02] on “Body”: Check this.\n"
        );
        let with = to_text(&doc, true);
        assert!(
            with.ends_with("==== Page headers ====\nPage header\n"),
            "{with}"
        );
    }

    #[test]
    fn chinese_comment_section() {
        let mut doc = Document::from_blocks(vec![para("正文内容")]);
        doc.meta.language = Some("zh-CN".into());
        doc.comments.push(Comment {
            id: "0".into(),
            blocks: vec![para("请核实")],
            ..Comment::default()
        });
        assert_eq!(
            to_text(&doc, false),
            "正文内容\n\n==== 批注 ====\n[?] 请核实\n"
        );
    }

    #[test]
    fn output_uses_lf_only() {
        let doc = Document::from_blocks(vec![para("a\r\nb\rc")]);
        assert_eq!(to_text(&doc, false), "a\nb\nc\n");
    }

    #[test]
    fn empty_document_is_empty_text() {
        assert_eq!(to_text(&Document::default(), false), "");
    }
}
