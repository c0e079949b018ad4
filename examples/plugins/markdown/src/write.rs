//! Rendering the document model as CommonMark (plus pipe tables and footnotes).
//!
//! Each block is rendered to its own text; containers (lists, quotes, notes) indent or
//! prefix the lines of their children, and blocks are separated by a blank line.

use docpipe_plugin_sdk::model::*;

/// Builds the Markdown text of one document.
pub(crate) struct Writer {
    labels: bool,
    in_cell: bool,
    warnings: Vec<String>,
    warned_images: bool,
    warned_spans: bool,
}

impl Writer {
    /// A writer; `labels` keeps heading numbers.
    pub(crate) fn new(labels: bool) -> Writer {
        Writer {
            labels,
            in_cell: false,
            warnings: Vec::new(),
            warned_images: false,
            warned_spans: false,
        }
    }

    /// Warnings about things Markdown cannot express.
    pub(crate) fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Renders the whole document.
    pub(crate) fn document(&mut self, doc: &Document) -> String {
        let mut chunks = Vec::new();
        for part in &doc.parts {
            if let Some(title) = &part.title {
                chunks.push(format!("# {}", self.inlines(title).replace('\n', " ")));
            }
            let body = self.blocks(&part.blocks);
            if !body.is_empty() {
                chunks.push(body);
            }
        }
        for note in &doc.notes {
            let body = self.blocks(&note.blocks);
            chunks.push(indent_after_first(
                &format!("[^{}]: {body}", note_id(&note.id)),
                "    ",
            ));
        }
        let mut out = chunks.join("\n\n");
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }

    fn blocks(&mut self, blocks: &[Block]) -> String {
        let rendered: Vec<String> = blocks
            .iter()
            .map(|b| self.block(b))
            .filter(|s| !s.is_empty())
            .collect();
        rendered.join("\n\n")
    }

    fn block(&mut self, block: &Block) -> String {
        match block {
            Block::Heading(h) => {
                let level = usize::from(h.level.clamp(1, 6));
                let mut text = String::new();
                if self.labels {
                    if let Some(label) = &h.label {
                        text.push_str(&escape(label));
                        if !label.ends_with(['、', '．', '）', ')', '.', ' ']) {
                            text.push(' ');
                        }
                    }
                }
                text.push_str(&self.inlines(&h.content));
                let text = text.replace(['\n'], " ").replace("\\ ", " ");
                format!("{} {}", "#".repeat(level), text.trim())
            }
            Block::Paragraph(p) => {
                let text = self.inlines(&p.content);
                text.lines()
                    .map(|l| escape_line_start(l.trim_start_matches([' ', '\t'])))
                    .collect::<Vec<_>>()
                    .join("\n")
                    .trim_end_matches(['\\', '\n'])
                    .to_string()
            }
            Block::List(list) => self.list(list),
            Block::Table(t) => self.table(t),
            Block::Quote { blocks } => {
                let inner = self.blocks(blocks);
                inner
                    .lines()
                    .map(|l| {
                        if l.is_empty() {
                            ">".to_string()
                        } else {
                            format!("> {l}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            Block::Code { text, language } => {
                let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
                let lang = language.as_deref().unwrap_or("");
                format!("{fence}{lang}\n{}\n{fence}", text.trim_end_matches('\n'))
            }
            Block::Rule {} => "---".to_string(),
            Block::PageBreak {} => "<!-- page break -->".to_string(),
            Block::Image(img) => self.image(img),
            Block::Div { blocks, .. } => self.blocks(blocks),
        }
    }

    fn list(&mut self, list: &List) -> String {
        let start = list.start.unwrap_or(1);
        let mut items = Vec::new();
        for (i, item) in list.items.iter().enumerate() {
            let marker = if list.ordered {
                format!("{}.", u64::from(start) + i as u64)
            } else {
                "-".to_string()
            };
            let body = self.blocks(&item.blocks);
            let pad = " ".repeat(marker.chars().count() + 1);
            items.push(if body.is_empty() {
                marker
            } else {
                indent_after_first(&format!("{marker} {body}"), &pad)
            });
        }
        // A loose list (items of several blocks) keeps blank lines between items.
        let loose = list.items.iter().any(|i| i.blocks.len() > 1);
        items.join(if loose { "\n\n" } else { "\n" })
    }

    fn table(&mut self, t: &Table) -> String {
        // Lay the cells out on a grid, since spans have no pipe-table syntax.
        let mut grid: Vec<Vec<String>> = Vec::new();
        let mut pending: Vec<u32> = Vec::new(); // rows still covered, per column
        let mut spans = false;
        for row in &t.rows {
            let mut line: Vec<String> = Vec::new();
            let mut col = 0usize;
            for cell in &row.cells {
                self.in_cell = true;
                let text = self.blocks(&cell.blocks);
                self.in_cell = false;
                let text = text.replace("\n\n", "<br>").replace('\n', " ");
                let width = cell.colspan.max(1) as usize;
                if width > 1 || cell.rowspan > 1 {
                    spans = true;
                }
                skip_covered(&mut pending, &mut line, &mut col);
                for k in 0..width {
                    line.push(if k == 0 { text.clone() } else { String::new() });
                    if pending.len() <= col {
                        pending.resize(col + 1, 0);
                    }
                    if let Some(p) = pending.get_mut(col) {
                        *p = cell.rowspan.max(1) - 1;
                    }
                    col += 1;
                }
            }
            // Columns still covered at the end of the row.
            while col < pending.len() {
                if let Some(p) = pending.get_mut(col) {
                    if *p > 0 {
                        *p -= 1;
                    }
                }
                line.push(String::new());
                col += 1;
            }
            grid.push(line);
        }
        if spans {
            self.warnings
                .push("merged table cells were split: pipe tables cannot span cells".into());
        }
        let columns = grid.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let header_rows = (t.header_rows as usize).min(grid.len());
        if header_rows > 1 {
            self.warnings.push(format!(
                "a table has {header_rows} header rows; Markdown keeps only the first as header"
            ));
        }
        let row_text = |cells: &[String]| {
            let mut s = String::from("|");
            for i in 0..columns {
                let c = cells.get(i).map(String::as_str).unwrap_or("");
                s.push(' ');
                s.push_str(c);
                s.push_str(" |");
            }
            s
        };
        let mut lines = Vec::new();
        if let Some(caption) = &t.caption {
            lines.push(format!("*{}*", self.inlines(caption).trim()));
            lines.push(String::new());
        }
        let (head, body) = if header_rows > 0 {
            grid.split_at(1)
        } else {
            (&[][..], &grid[..])
        };
        lines.push(row_text(head.first().map(Vec::as_slice).unwrap_or(&[])));
        lines.push(format!("|{}", " --- |".repeat(columns)));
        for r in body {
            lines.push(row_text(r));
        }
        lines.join("\n")
    }

    fn image(&mut self, img: &Image) -> String {
        if !self.warned_images {
            self.warned_images = true;
            self.warnings
                .push("images are written as references to their resource id, not embedded".into());
        }
        format!("![{}]({})", escape(&img.alt), link_target(&img.resource))
    }

    fn inlines(&mut self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            self.inline(i, &mut out);
        }
        out
    }

    fn inline(&mut self, inline: &Inline, out: &mut String) {
        match inline {
            Inline::Text { text } => {
                let text = text.replace(['\r', '\n'], " ");
                out.push_str(&escape(&text))
            }
            Inline::Styled { style, content } => {
                let inner = self.inlines(content);
                let (open, close) = match style {
                    TextStyle::Bold => ("**", "**"),
                    TextStyle::Italic => ("*", "*"),
                    TextStyle::Strike => ("~~", "~~"),
                    TextStyle::Underline => ("<u>", "</u>"),
                    TextStyle::Superscript => ("<sup>", "</sup>"),
                    TextStyle::Subscript => ("<sub>", "</sub>"),
                };
                wrap(out, &inner, open, close);
            }
            Inline::Code { text } => {
                let ticks = "`".repeat(longest_run(text, '`') + 1);
                let pad = if text.starts_with('`') || text.ends_with('`') {
                    " "
                } else {
                    ""
                };
                out.push_str(&format!("{ticks}{pad}{text}{pad}{ticks}"));
            }
            Inline::Link { target, content } => {
                let text = self.inlines(content);
                out.push_str(&format!("[{text}]({})", link_target(target)));
            }
            Inline::LineBreak {} => out.push_str(if self.in_cell { "<br>" } else { "\\\n" }),
            Inline::NoteRef { id } => out.push_str(&format!("[^{}]", note_id(id))),
            Inline::Image(img) => {
                let s = self.image(img);
                out.push_str(&s);
            }
            Inline::Span { class, content } => {
                if class == "deleted" && !self.warned_spans {
                    self.warned_spans = true;
                    self.warnings.push(
                        "deleted text kept by the importer is written as strike-through".into(),
                    );
                }
                if class == "deleted" {
                    let inner = self.inlines(content);
                    wrap(out, &inner, "~~", "~~");
                } else {
                    self.inlines(content).chars().for_each(|c| out.push(c));
                }
            }
        }
    }
}

/// Fills the columns from `col` on that a cell above still covers with empty cells.
fn skip_covered(pending: &mut [u32], line: &mut Vec<String>, col: &mut usize) {
    while let Some(p) = pending.get_mut(*col) {
        if *p == 0 {
            break;
        }
        *p -= 1;
        line.push(String::new());
        *col += 1;
    }
}

/// Wraps `inner` in delimiters, keeping surrounding spaces outside them (CommonMark does
/// not open emphasis before a space).
fn wrap(out: &mut String, inner: &str, open: &str, close: &str) {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        out.push_str(inner);
        return;
    }
    let lead = &inner[..inner.len() - inner.trim_start().len()];
    let trail = &inner[inner.trim_end().len()..];
    out.push_str(lead);
    out.push_str(open);
    out.push_str(trimmed);
    out.push_str(close);
    out.push_str(trail);
}

/// Backslash-escapes the characters that Markdown would read as markup.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a line start that would begin a heading, list, quote or thematic break.
fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    match first {
        Some('#' | '-' | '+' | '=') => return format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let rest = &line[digits..];
            if rest.starts_with(['.', ')']) {
                return format!("{}\\{}", &line[..digits], rest);
            }
        }
        _ => {}
    }
    line.to_string()
}

/// A link target, in angle brackets when it holds spaces or parentheses.
fn link_target(target: &str) -> String {
    if target.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", target.replace('<', "%3C").replace('>', "%3E"))
    } else {
        target.to_string()
    }
}

/// A footnote label without the characters a label cannot hold.
fn note_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '[' || c == ']' || c == '^' {
                '-'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() {
        "note".into()
    } else {
        s
    }
}

/// Indents every line after the first (blank lines stay empty).
fn indent_after_first(text: &str, pad: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(pad);
            }
        }
        out.push_str(line);
    }
    out
}

fn longest_run(text: &str, ch: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == ch {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            content: vec![Inline::text(text)],
            align: None,
        })
    }

    fn cell(text: &str) -> Cell {
        Cell {
            blocks: vec![p(text)],
            ..Cell::default()
        }
    }

    fn render(blocks: Vec<Block>) -> String {
        Writer::new(true).document(&Document::from_blocks(blocks))
    }

    #[test]
    fn headings_paragraphs_and_styles() {
        let md = render(vec![
            Block::Heading(Heading {
                level: 1,
                label: Some("一、".into()),
                content: vec![Inline::text("总体情况")],
                id: None,
            }),
            Block::Paragraph(Paragraph {
                content: vec![
                    Inline::text("a "),
                    Inline::Styled {
                        style: TextStyle::Bold,
                        content: vec![Inline::text(" bold ")],
                    },
                    Inline::text("and 2*3"),
                    Inline::LineBreak {},
                    Inline::text("# not a heading"),
                ],
                align: None,
            }),
        ]);
        assert_eq!(
            md,
            "# 一、总体情况\n\na  **bold** and 2\\*3\\\n\\# not a heading\n"
        );
    }

    #[test]
    fn tables_become_pipe_tables() {
        let table = Block::Table(Table {
            caption: None,
            header_rows: 1,
            rows: vec![
                Row {
                    cells: vec![cell("名称"), cell("a|b")],
                },
                Row {
                    cells: vec![cell("x"), cell("y")],
                },
            ],
        });
        assert_eq!(
            render(vec![table]),
            "| 名称 | a\\|b |\n| --- | --- |\n| x | y |\n"
        );
    }

    #[test]
    fn spans_keep_columns_aligned() {
        let mut wide = cell("wide");
        wide.colspan = 2;
        let mut tall = cell("tall");
        tall.rowspan = 2;
        let table = Table {
            caption: None,
            header_rows: 0,
            rows: vec![
                Row {
                    cells: vec![tall, cell("b"), cell("c")],
                },
                Row { cells: vec![wide] },
            ],
        };
        let mut w = Writer::new(true);
        let md = w.document(&Document::from_blocks(vec![Block::Table(table)]));
        assert_eq!(
            md,
            "|  |  |  |\n| --- | --- | --- |\n| tall | b | c |\n|  | wide |  |\n"
        );
        assert_eq!(w.warnings().len(), 1);
    }

    #[test]
    fn nested_lists_quotes_and_code() {
        let inner = Block::List(List {
            ordered: true,
            start: Some(3),
            items: vec![ListItem {
                label: None,
                blocks: vec![p("three")],
            }],
        });
        let outer = Block::List(List {
            ordered: false,
            start: None,
            items: vec![ListItem {
                label: None,
                blocks: vec![p("top"), inner],
            }],
        });
        let quote = Block::Quote {
            blocks: vec![p("q1"), p("q2")],
        };
        let code = Block::Code {
            text: "a ``` b".into(),
            language: Some("rust".into()),
        };
        assert_eq!(
            render(vec![outer, quote, code]),
            "- top\n\n  3. three\n\n> q1\n>\n> q2\n\n````rust\na ``` b\n````\n"
        );
    }

    #[test]
    fn notes_links_and_code_spans() {
        let mut doc = Document::from_blocks(vec![Block::Paragraph(Paragraph {
            content: vec![
                Inline::Link {
                    target: "http://x.org/a b".into(),
                    content: vec![Inline::text("x")],
                },
                Inline::NoteRef { id: "1".into() },
                Inline::Code {
                    text: "`tick".into(),
                },
            ],
            align: None,
        })]);
        doc.notes.push(Note {
            id: "1".into(),
            kind: NoteKind::Footnote,
            blocks: vec![p("n1"), p("n2")],
        });
        let md = Writer::new(true).document(&doc);
        assert_eq!(
            md,
            "[x](<http://x.org/a b>)[^1]`` `tick ``\n\n[^1]: n1\n\n    n2\n"
        );
    }
}
