//! Walking the document tree: plain text of inlines, and visitors that reach every piece
//! of text in a document (body, titles, tables, notes, headers, footers, comments,
//! metadata) so that transforms such as anonymisation miss nothing.

use crate::model::{Block, Comment, Document, Inline, Metadata};

/// The plain text of a run of inlines: text and code concatenated, line breaks as `\n`.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

/// Appends the plain text of `inlines` to `out` (see [`plain_text`]).
pub fn push_plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Styled { content, .. }
            | Inline::Link { content, .. }
            | Inline::Span { content, .. } => push_plain_text(content, out),
            Inline::LineBreak {} => out.push('\n'),
            Inline::NoteRef { .. } | Inline::Image(_) => {}
        }
    }
}

/// The plain text of a block and everything inside it, blocks separated by `\n`.
pub fn block_text(block: &Block) -> String {
    let mut out = String::new();
    push_block_text(block, &mut out);
    out
}

fn push_block_text(block: &Block, out: &mut String) {
    let sep = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    match block {
        Block::Heading(h) => {
            sep(out);
            if let Some(label) = &h.label {
                out.push_str(label);
            }
            push_plain_text(&h.content, out);
        }
        Block::Paragraph(p) => {
            sep(out);
            push_plain_text(&p.content, out);
        }
        Block::List(l) => {
            for item in &l.items {
                for b in &item.blocks {
                    push_block_text(b, out);
                }
            }
        }
        Block::Table(t) => {
            if let Some(c) = &t.caption {
                sep(out);
                push_plain_text(c, out);
            }
            for row in &t.rows {
                for cell in &row.cells {
                    for b in &cell.blocks {
                        push_block_text(b, out);
                    }
                }
            }
        }
        Block::Quote { blocks } | Block::Div { blocks, .. } => {
            for b in blocks {
                push_block_text(b, out);
            }
        }
        Block::Code { text, .. } => {
            sep(out);
            out.push_str(text);
        }
        Block::Image(img) => {
            if !img.alt.is_empty() {
                sep(out);
                out.push_str(&img.alt);
            }
        }
        Block::Rule {} | Block::PageBreak {} => {}
    }
}

/// Calls `f` on every run of inlines in `blocks`, recursively (paragraph and heading
/// content, list items, table cells and captions, quotes, divs).
pub fn for_each_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for block in blocks {
        match block {
            Block::Heading(h) => f(&mut h.content),
            Block::Paragraph(p) => f(&mut p.content),
            Block::List(l) => {
                for item in &mut l.items {
                    for_each_inlines_mut(&mut item.blocks, f);
                }
            }
            Block::Table(t) => {
                if let Some(c) = &mut t.caption {
                    f(c);
                }
                for row in &mut t.rows {
                    for cell in &mut row.cells {
                        for_each_inlines_mut(&mut cell.blocks, f);
                    }
                }
            }
            Block::Quote { blocks } | Block::Div { blocks, .. } => for_each_inlines_mut(blocks, f),
            Block::Code { .. } | Block::Rule {} | Block::PageBreak {} | Block::Image(_) => {}
        }
    }
}

/// Every mutable block list of a document: each part's body, headers, footers, notes and
/// comments. Part titles are inline runs, reached by [`Document::for_each_inlines_mut`].
pub fn block_lists_mut(doc: &mut Document) -> Vec<&mut Vec<Block>> {
    let mut lists: Vec<&mut Vec<Block>> = Vec::new();
    for part in &mut doc.parts {
        lists.push(&mut part.blocks);
    }
    for hf in doc.headers.iter_mut().chain(doc.footers.iter_mut()) {
        lists.push(&mut hf.blocks);
    }
    for note in &mut doc.notes {
        lists.push(&mut note.blocks);
    }
    for Comment { blocks, .. } in &mut doc.comments {
        lists.push(blocks);
    }
    lists
}

/// Every metadata string field, mutable: title, subtitle, authors, last modified by,
/// subject, description, keywords, company, manager, source, and custom values.
pub fn metadata_strings_mut(meta: &mut Metadata) -> Vec<&mut String> {
    let mut out: Vec<&mut String> = Vec::new();
    let Metadata {
        title,
        subtitle,
        authors,
        last_modified_by,
        created: _,
        modified: _,
        language: _,
        source,
        subject,
        description,
        keywords,
        company,
        manager,
        application: _,
        custom,
    } = meta;
    for s in [
        title,
        subtitle,
        last_modified_by,
        source,
        subject,
        description,
        company,
        manager,
    ]
    .into_iter()
    .flatten()
    {
        out.push(s);
    }
    out.extend(authors.iter_mut());
    out.extend(keywords.iter_mut());
    out.extend(custom.values_mut());
    out
}

impl Document {
    /// Calls `f` on every run of inlines in the document: part titles, bodies, headers,
    /// footers, notes and comments.
    pub fn for_each_inlines_mut(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        for part in &mut self.parts {
            if let Some(t) = &mut part.title {
                f(t);
            }
        }
        for blocks in block_lists_mut(self) {
            for_each_inlines_mut(blocks, f);
        }
    }

    /// Calls `f` on every string that is text a reader could see and that is not inside
    /// an inline run: code blocks, image alt text, link targets, comment authors and
    /// anchors, metadata values. Together with [`Document::for_each_inlines_mut`] this
    /// reaches every piece of text in the document.
    pub fn for_each_loose_string_mut(&mut self, f: &mut dyn FnMut(&mut String)) {
        for s in metadata_strings_mut(&mut self.meta) {
            f(s);
        }
        for c in &mut self.comments {
            for s in [&mut c.author, &mut c.initials, &mut c.anchor]
                .into_iter()
                .flatten()
            {
                f(s);
            }
        }
        for blocks in block_lists_mut(self) {
            loose_in_blocks(blocks, f);
        }
        for part in &mut self.parts {
            if let Some(t) = &mut part.title {
                loose_in_inlines(t, f);
            }
        }
    }

    /// The plain text of the whole body (every part), blocks separated by newlines.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            if let Some(t) = &part.title {
                push_plain_text(t, &mut out);
                out.push('\n');
            }
            for b in &part.blocks {
                push_block_text(b, &mut out);
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
        out
    }
}

fn loose_in_blocks(blocks: &mut [Block], f: &mut dyn FnMut(&mut String)) {
    for block in blocks {
        match block {
            Block::Heading(h) => loose_in_inlines(&mut h.content, f),
            Block::Paragraph(p) => loose_in_inlines(&mut p.content, f),
            Block::List(l) => {
                for item in &mut l.items {
                    if let Some(label) = &mut item.label {
                        f(label);
                    }
                    loose_in_blocks(&mut item.blocks, f);
                }
            }
            Block::Table(t) => {
                if let Some(c) = &mut t.caption {
                    loose_in_inlines(c, f);
                }
                for row in &mut t.rows {
                    for cell in &mut row.cells {
                        loose_in_blocks(&mut cell.blocks, f);
                    }
                }
            }
            Block::Quote { blocks } | Block::Div { blocks, .. } => loose_in_blocks(blocks, f),
            Block::Code { text, .. } => f(text),
            Block::Image(img) => f(&mut img.alt),
            Block::Rule {} | Block::PageBreak {} => {}
        }
    }
}

fn loose_in_inlines(inlines: &mut [Inline], f: &mut dyn FnMut(&mut String)) {
    for inline in inlines {
        match inline {
            Inline::Link { target, content } => {
                f(target);
                loose_in_inlines(content, f);
            }
            Inline::Styled { content, .. } | Inline::Span { content, .. } => {
                loose_in_inlines(content, f)
            }
            Inline::Image(img) => f(&mut img.alt),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::LineBreak {}
            | Inline::NoteRef { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn plain_text_flattens_styles_and_links() {
        let inl = vec![
            Inline::text("a"),
            Inline::Styled {
                style: TextStyle::Bold,
                content: vec![Inline::text("b")],
            },
            Inline::Link {
                target: "http://x".into(),
                content: vec![Inline::text("c")],
            },
            Inline::LineBreak {},
            Inline::text("d"),
        ];
        assert_eq!(plain_text(&inl), "abc\nd");
    }

    #[test]
    fn visitors_reach_every_text() {
        let mut doc = Document::from_blocks(vec![Block::Table(Table {
            rows: vec![Row {
                cells: vec![Cell {
                    blocks: vec![Block::Paragraph(Paragraph {
                        content: vec![Inline::text("cell")],
                        align: None,
                    })],
                    ..Cell::default()
                }],
            }],
            ..Table::default()
        })]);
        doc.comments.push(Comment {
            id: "1".into(),
            author: Some("author".into()),
            blocks: vec![Block::Paragraph(Paragraph {
                content: vec![Inline::text("comment")],
                align: None,
            })],
            ..Comment::default()
        });
        doc.meta.authors.push("meta".into());
        let mut seen = Vec::new();
        doc.for_each_inlines_mut(&mut |inl| seen.push(plain_text(inl)));
        doc.for_each_loose_string_mut(&mut |s| seen.push(s.clone()));
        for want in ["cell", "comment", "author", "meta"] {
            assert!(seen.iter().any(|s| s == want), "missing {want}: {seen:?}");
        }
    }
}
