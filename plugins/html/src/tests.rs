//! Unit tests of the HTML exporter.

use docpipe_core::model::*;
use docpipe_core::{Context, Exporter, Options, Registry, Result};

use super::{register, to_html, HtmlExporter};

fn para(s: &str) -> Block {
    Block::Paragraph(Paragraph {
        content: vec![Inline::text(s)],
        align: None,
    })
}

fn heading(level: u8, label: Option<&str>, text: &str, id: Option<&str>) -> Block {
    Block::Heading(Heading {
        level,
        label: label.map(String::from),
        content: vec![Inline::text(text)],
        id: id.map(String::from),
    })
}

fn page(doc: &Document) -> String {
    to_html(doc, false).0
}

fn fragment(doc: &Document) -> String {
    to_html(doc, true).0
}

#[test]
fn page_skeleton_lang_title_and_no_scripts() {
    let doc = Document::from_blocks(vec![
        heading(1, Some("一、"), "总体情况", None),
        para("今年以来，我市经济运行总体平稳。"),
    ]);
    let html = page(&doc);
    assert!(html.starts_with("<!doctype html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\""), "{html}");
    assert!(html.contains("<title>总体情况</title>"));
    assert!(html.contains("<style>"));
    assert!(html.contains("PingFang SC"));
    assert!(!html.contains("<script"));
    assert!(html.ends_with("</body>\n</html>\n"));
    assert!(html.contains("<h1 id=\"sec-1\"><span class=\"label\">一、</span>总体情况</h1>"));
}

#[test]
fn lang_from_metadata_validated_else_guessed() {
    let mut doc = Document::from_blocks(vec![para("The council met on Monday.")]);
    assert!(page(&doc).contains("<html lang=\"en\">"));
    doc.meta.language = Some("zh_cn".into());
    assert!(page(&doc).contains("<html lang=\"zh-CN\">"));
    doc.meta.language = Some("\"><script>".into());
    assert!(page(&doc).contains("<html lang=\"en\">"));
    let empty = Document::default();
    let html = page(&empty);
    assert!(html.contains("<html lang=\"und\">"));
    assert!(html.contains("<title>Document</title>"));
}

#[test]
fn title_from_meta_then_part_title_then_heading() {
    let mut doc = Document::from_blocks(vec![heading(2, None, "Heading", None)]);
    assert!(page(&doc).contains("<title>Heading</title>"));
    doc.parts[0].title = Some(vec![Inline::text("Part <one>")]);
    assert!(page(&doc).contains("<title>Part &lt;one&gt;</title>"));
    doc.meta.title = Some("\u{0}\u{202e} ".into());
    assert!(page(&doc).contains("<title>Part &lt;one&gt;</title>"));
    doc.meta.title = Some("Meta & title".into());
    let first_line = Document::from_blocks(vec![Block::Rule {}, para(&"长".repeat(100))]);
    assert!(page(&first_line).contains(&format!("<title>{}…</title>", "长".repeat(80))));
    assert!(page(&doc).contains("<title>Meta &amp; title</title>"));
}

#[test]
fn part_titles_are_h1_and_headings_shift_down() {
    let mut doc = Document::from_blocks(vec![
        heading(1, Some("1."), "Scope", Some("scope")),
        heading(6, None, "Deep", None),
    ]);
    doc.parts[0].title = Some(vec![Inline::text("Annual report")]);
    let html = fragment(&doc);
    assert!(html.contains("<article class=\"part\">\n<h1 class=\"title\">Annual report</h1>"));
    assert!(html.contains("<h2 id=\"scope\"><span class=\"label\">1.</span> Scope</h2>"));
    assert!(html.contains("<h6 id=\"sec-2\">Deep</h6>"));
}

#[test]
fn heading_ids_are_unique_and_valid() {
    let doc = Document::from_blocks(vec![
        heading(1, None, "a", Some("dup")),
        heading(1, None, "b", Some("dup")),
        heading(1, None, "c", Some("has space")),
        heading(1, None, "d", Some("   ")),
        heading(1, None, "e", Some("fn-1")),
        heading(0, None, "f", None),
    ]);
    let mut doc = doc;
    doc.notes.push(Note {
        id: "n".into(),
        kind: NoteKind::Footnote,
        blocks: vec![para("note")],
    });
    let html = fragment(&doc);
    for want in [
        "<h1 id=\"dup\">a</h1>",
        "<h1 id=\"dup-2\">b</h1>",
        "<h1 id=\"has-space\">c</h1>",
        "<h1 id=\"sec-4\">d</h1>",
        "<h1 id=\"fn-1-2\">e</h1>",
        "<h1 id=\"sec-6\">f</h1>",
        "<li id=\"fn-1\">",
    ] {
        assert!(html.contains(want), "missing {want} in {html}");
    }
}

#[test]
fn everything_is_escaped() {
    let mut doc = Document::from_blocks(vec![
        Block::Paragraph(Paragraph {
            content: vec![
                Inline::text("<b>\"x\" & 'y'</b>"),
                Inline::Code { text: "a<b".into() },
                Inline::Span {
                    class: "x\" onclick=\"alert(1)".into(),
                    content: vec![Inline::text("s")],
                },
                Inline::Link {
                    target: "https://e.org/?a=1&b=\"2\"".into(),
                    content: vec![Inline::text("l")],
                },
            ],
            align: None,
        }),
        Block::Code {
            text: "</code></pre><script>".into(),
            language: Some("rust\" x=\"".into()),
        },
        Block::Div {
            class: Some("\"><script>".into()),
            blocks: vec![],
        },
    ]);
    doc.comments.push(Comment {
        id: "c\"1".into(),
        author: Some("<Ann>".into()),
        date: Some("2024&".into()),
        anchor: Some("<a>".into()),
        blocks: vec![],
        ..Comment::default()
    });
    let html = page(&doc);
    assert!(!html.contains("<b>"));
    assert!(!html.contains("<script>"));
    assert!(!html.contains("onclick=\"alert"));
    assert!(html.contains("&lt;b&gt;&quot;x&quot; &amp; 'y'&lt;/b&gt;"));
    assert!(html.contains("<code>a&lt;b</code>"));
    assert!(html.contains("href=\"https://e.org/?a=1&amp;b=%222%22\""));
    assert!(html.contains("<span class=\"author\">&lt;Ann&gt;</span>"));
    assert!(html.contains("id=\"comment-c-1\""));
}

#[test]
fn unsafe_links_lose_the_link_keep_the_text_and_warn() -> Result<()> {
    let doc = Document::from_blocks(vec![Block::Paragraph(Paragraph {
        content: vec![
            Inline::Link {
                target: " JaVa\tScRiPt:alert(1)".into(),
                content: vec![Inline::text("click")],
            },
            Inline::Link {
                target: "data:text/html,x".into(),
                content: vec![Inline::text("data")],
            },
            Inline::Link {
                target: "#sec-1".into(),
                content: vec![Inline::text("inside")],
            },
        ],
        align: None,
    })]);
    let mut ctx = Context::new("x");
    ctx.enter_stage("html");
    let html = String::from_utf8(HtmlExporter { fragment: true }.export(&doc, &mut ctx)?)
        .unwrap_or_default();
    assert!(
        html.contains("<p>clickdata<a href=\"#sec-1\">inside</a></p>"),
        "{html}"
    );
    assert!(!html.to_lowercase().contains("javascript"));
    assert_eq!(ctx.warnings().len(), 1);
    assert!(ctx.warnings()[0].message.starts_with("removed 2 unsafe"));
    Ok(())
}

#[test]
fn nested_links_and_note_refs_inside_links_do_not_nest_anchors() {
    let mut doc = Document::from_blocks(vec![Block::Paragraph(Paragraph {
        content: vec![Inline::Link {
            target: "https://a.org".into(),
            content: vec![
                Inline::text("outer "),
                Inline::Link {
                    target: "https://b.org".into(),
                    content: vec![Inline::text("inner")],
                },
                Inline::NoteRef { id: "1".into() },
            ],
        }],
        align: None,
    })]);
    doc.notes.push(Note {
        id: "1".into(),
        kind: NoteKind::Footnote,
        blocks: vec![para("n")],
    });
    let html = fragment(&doc);
    assert!(
        html.contains("<a href=\"https://a.org\">outer inner<sup class=\"noteref\">1</sup></a>")
    );
}

#[test]
fn control_and_bidi_characters_are_dropped_with_a_warning() -> Result<()> {
    let doc = Document::from_blocks(vec![para("a\u{0}b\u{202e}c\u{2066}d\u{fffe}e")]);
    let mut ctx = Context::new("x");
    let html = HtmlExporter { fragment: true }.export(&doc, &mut ctx)?;
    assert!(String::from_utf8_lossy(&html).contains("<p>abcde</p>"));
    assert_eq!(ctx.warnings().len(), 1);
    assert!(ctx.warnings()[0].message.starts_with("dropped 4 "));
    Ok(())
}

#[test]
fn styled_spans_and_inline_elements() {
    let styles = [
        (TextStyle::Bold, "strong"),
        (TextStyle::Italic, "em"),
        (TextStyle::Underline, "u"),
        (TextStyle::Strike, "s"),
        (TextStyle::Superscript, "sup"),
        (TextStyle::Subscript, "sub"),
    ];
    let content: Vec<Inline> = styles
        .iter()
        .map(|(s, _)| Inline::Styled {
            style: *s,
            content: vec![Inline::text("x")],
        })
        .chain([
            Inline::LineBreak {},
            Inline::Span {
                class: "deleted".into(),
                content: vec![Inline::text("gone")],
            },
        ])
        .collect();
    let doc = Document::from_blocks(vec![Block::Paragraph(Paragraph {
        content,
        align: Some(Align::Center),
    })]);
    let html = fragment(&doc);
    assert!(html.contains(
        "<p class=\"align-center\"><strong>x</strong><em>x</em><u>x</u><s>x</s><sup>x</sup><sub>x</sub><br>\n<span class=\"deleted\">gone</span></p>"
    ), "{html}");
}

#[test]
fn lists_ordered_with_start_nested_and_labelled() {
    let inner = Block::List(List {
        ordered: false,
        start: None,
        items: vec![ListItem {
            label: None,
            blocks: vec![para("inner")],
        }],
    });
    let doc = Document::from_blocks(vec![
        Block::List(List {
            ordered: true,
            start: Some(3),
            items: vec![
                ListItem {
                    label: None,
                    blocks: vec![para("three")],
                },
                ListItem {
                    label: None,
                    blocks: vec![para("four"), inner],
                },
            ],
        }),
        Block::List(List {
            ordered: true,
            start: None,
            items: vec![
                ListItem {
                    label: Some("①".into()),
                    blocks: vec![para("a")],
                },
                ListItem {
                    label: None,
                    blocks: vec![para("b")],
                },
            ],
        }),
    ]);
    let html = fragment(&doc);
    assert!(html.contains("<ol start=\"3\">\n<li>three</li>\n<li>\n<p>four</p>\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ol>"), "{html}");
    assert!(html.contains("<ul class=\"labelled\">\n<li><span class=\"label\">①</span> a</li>\n<li><span class=\"label\">2.</span> b</li>\n</ul>"), "{html}");
}

#[test]
fn tables_with_thead_spans_and_caption() {
    let cell = |s: &str, colspan, rowspan| Cell {
        colspan,
        rowspan,
        blocks: vec![para(s)],
    };
    let doc = Document::from_blocks(vec![Block::Table(Table {
        caption: Some(vec![Inline::text("表1 数据")]),
        header_rows: 1,
        rows: vec![
            Row {
                cells: vec![cell("项目", 1, 1), cell("数值", 2, 1)],
            },
            Row {
                cells: vec![cell("A", 1, 2), cell("1", 1, 1), cell("2", 1, 1)],
            },
            Row {
                cells: vec![cell("3", 1, 1), cell("4", 1, 1)],
            },
        ],
    })]);
    let html = fragment(&doc);
    assert!(html.contains("<table>\n<caption>表1 数据</caption>\n<thead>\n<tr><th>项目</th><th colspan=\"2\">数值</th></tr>\n</thead>\n<tbody>\n<tr><td rowspan=\"2\">A</td><td>1</td><td>2</td></tr>\n<tr><td>3</td><td>4</td></tr>\n</tbody>\n</table>"), "{html}");
}

#[test]
fn quotes_code_rules_page_breaks() {
    let doc = Document::from_blocks(vec![
        Block::Quote {
            blocks: vec![para("q")],
        },
        Block::Code {
            text: "\nfn main() {}\n".into(),
            language: Some("rust".into()),
        },
        Block::Rule {},
        Block::PageBreak {},
    ]);
    let html = fragment(&doc);
    assert!(html.contains("<blockquote>\n<p>q</p>\n</blockquote>\n<pre><code class=\"language-rust\">\n\nfn main() {}\n</code></pre>\n<hr>\n<hr class=\"page-break\">\n"), "{html}");
}

#[test]
fn images_as_data_uris_only_for_image_resources() -> Result<()> {
    let mut doc = Document::from_blocks(vec![
        Block::Image(Image {
            resource: "img1".into(),
            alt: "logo \"x\"".into(),
            width: Some(72),
            height: Some(36),
        }),
        Block::Image(Image {
            resource: "missing".into(),
            alt: "gone".into(),
            width: None,
            height: None,
        }),
        Block::Paragraph(Paragraph {
            content: vec![
                Inline::Image(Image {
                    resource: "script".into(),
                    alt: String::new(),
                    width: None,
                    height: None,
                }),
                Inline::Image(Image {
                    resource: "img1".into(),
                    alt: "inline".into(),
                    width: None,
                    height: None,
                }),
            ],
            align: None,
        }),
    ]);
    doc.resources.push(Resource {
        id: "img1".into(),
        media_type: "image/png".into(),
        data: vec![0x89, b'P', b'N', b'G'],
    });
    doc.resources.push(Resource {
        id: "script".into(),
        media_type: "text/html".into(),
        data: b"<script>alert(1)</script>".to_vec(),
    });
    let mut ctx = Context::new("x");
    let html = String::from_utf8(HtmlExporter { fragment: true }.export(&doc, &mut ctx)?)
        .unwrap_or_default();
    assert!(html.contains("<p class=\"image\"><img src=\"data:image/png;base64,iVBORw==\" alt=\"logo &quot;x&quot;\" width=\"96\" height=\"48\"></p>"), "{html}");
    assert!(html.contains("<span class=\"image-missing\">gone</span>"));
    assert!(html.contains("<span class=\"image-missing\">[image]</span><img src=\"data:image/png;base64,iVBORw==\" alt=\"inline\">"));
    assert!(!html.contains("text/html"));
    assert!(ctx.warnings()[0].message.starts_with("2 images without"));
    Ok(())
}

#[test]
fn notes_become_endnotes_with_back_links() {
    let mut doc = Document::from_blocks(vec![Block::Paragraph(Paragraph {
        content: vec![
            Inline::text("Text"),
            Inline::NoteRef { id: "a".into() },
            Inline::NoteRef { id: "b".into() },
            Inline::NoteRef { id: "a".into() },
            Inline::NoteRef { id: "zz".into() },
        ],
        align: None,
    })]);
    for id in ["a", "b"] {
        doc.notes.push(Note {
            id: id.into(),
            kind: NoteKind::Endnote,
            blocks: vec![para(&format!("note {id}"))],
        });
    }
    let html = fragment(&doc);
    assert!(html.contains("Text<sup class=\"noteref\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup><sup class=\"noteref\"><a href=\"#fn-2\" id=\"fnref-2\">2</a></sup><sup class=\"noteref\"><a href=\"#fn-1\" id=\"fnref-1-2\">1</a></sup><sup class=\"noteref missing\">[zz]</sup>"), "{html}");
    assert!(html.contains("<section class=\"endnotes\" id=\"notes\">\n<h2>Notes</h2>\n<ol>\n<li id=\"fn-1\">\n<p>note a</p>\n<a class=\"backref\" href=\"#fnref-1\" aria-label=\"Back to the text\">↩\u{FE0E}</a>\n<a class=\"backref\" href=\"#fnref-1-2\" aria-label=\"Back to the text\">↩\u{FE0E}2</a>\n</li>\n<li id=\"fn-2\">"), "{html}");
}

#[test]
fn headers_footers_and_comments_in_marked_elements() {
    let mut doc = Document::from_blocks(vec![para("正文内容在这里。")]);
    doc.headers.push(HeaderFooter {
        kind: HeaderFooterKind::First,
        blocks: vec![para("页眉")],
    });
    doc.footers.push(HeaderFooter {
        kind: HeaderFooterKind::Default,
        blocks: vec![para("第 1 页")],
    });
    doc.comments.push(Comment {
        id: "0".into(),
        author: Some("张三".into()),
        initials: Some("ZS".into()),
        date: Some("2024-05-01T10:00:00Z".into()),
        anchor: Some("正文".into()),
        blocks: vec![para("请核实")],
    });
    let html = page(&doc);
    let body = html.split("<body>\n").nth(1).unwrap_or_default();
    assert!(
        body.starts_with(
            "<header class=\"page-header\" data-pages=\"first\">\n<p>页眉</p>\n</header>\n<main>"
        ),
        "{body}"
    );
    assert!(body.contains("<aside class=\"comments\" id=\"comments\">\n<h2>批注</h2>\n<article class=\"comment\" id=\"comment-0\">\n<p class=\"comment-meta\"><span class=\"author\">张三</span> <span class=\"date\">2024-05-01T10:00:00Z</span></p>\n<p class=\"comment-anchor\">“正文”</p>\n<p>请核实</p>\n</article>\n</aside>\n<footer class=\"page-footer\" data-pages=\"default\">\n<p>第 1 页</p>\n</footer>\n</body>"), "{body}");
}

#[test]
fn registered_with_fragment_option() -> Result<()> {
    let mut r = Registry::new();
    register(&mut r)?;
    assert_eq!(
        r.format_for_extension(docpipe_core::Kind::Exporter, "htm"),
        Some("html")
    );
    let doc = Document::from_blocks(vec![para("x")]);
    let mut ctx = Context::new("x");
    let frag = r
        .exporter("html", &Options::parse_kv("html", "fragment=true")?)?
        .export(&doc, &mut ctx)?;
    assert!(!String::from_utf8_lossy(&frag).contains("<html"));
    let full = r
        .exporter("html", &Options::new())?
        .export(&doc, &mut ctx)?;
    assert!(String::from_utf8_lossy(&full).starts_with("<!doctype html>"));
    assert!(r
        .exporter("html", &Options::parse_kv("html", "fragment=perhaps")?)
        .is_err());
    Ok(())
}

#[test]
fn headings_inside_header_cells_become_paragraphs() {
    let doc = Document::from_blocks(vec![Block::Table(Table {
        caption: None,
        header_rows: 1,
        rows: vec![
            Row {
                cells: vec![Cell {
                    blocks: vec![heading(2, Some("一、"), "表头", None)],
                    ..Cell::default()
                }],
            },
            Row {
                cells: vec![Cell {
                    blocks: vec![heading(2, None, "body", None)],
                    ..Cell::default()
                }],
            },
        ],
    })]);
    let html = fragment(&doc);
    assert!(html.contains("<th>\n<p class=\"heading h2\" id=\"sec-1\"><span class=\"label\">一、</span>表头</p>\n</th>"), "{html}");
    assert!(
        html.contains("<td>\n<h2 id=\"sec-2\">body</h2>\n</td>"),
        "{html}"
    );
}
