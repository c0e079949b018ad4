//! Unit tests: the package is read back and its parts checked.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use docpipe_core::model::*;
use quick_xml::events::Event;

use super::*;

fn t(s: &str) -> Inline {
    Inline::text(s)
}

fn para(s: &str) -> Block {
    Block::Paragraph(Paragraph {
        content: vec![t(s)],
        align: None,
    })
}

fn heading(level: u8, label: Option<&str>, s: &str) -> Block {
    Block::Heading(Heading {
        level,
        label: label.map(String::from),
        content: vec![t(s)],
        id: None,
    })
}

fn chinese_doc() -> Document {
    let mut d = Document::from_blocks(vec![
        heading(1, Some("一、"), "总体情况"),
        para("今年以来，我们认真贯彻落实各项决策部署，各项工作取得明显成效。"),
        heading(2, Some("（一）"), "加强组织领导"),
        para("成立工作专班，明确责任分工。"),
        heading(3, Some("1."), "完善制度"),
        heading(4, Some("（1）"), "细化措施"),
        para("逐项抓好落实。"),
    ]);
    if let Some(p) = d.parts.first_mut() {
        p.title = Some(vec![t("关于2024年工作情况的报告")]);
    }
    d
}

/// The entries of a zip: name → bytes, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        out.push((f.name().to_string(), b));
    }
    out
}

fn part(bytes: &[u8], name: &str) -> String {
    entries(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap_or_else(|| panic!("no part {name}"))
}

fn export(doc: &Document, opts: &[(&str, &str)]) -> Vec<u8> {
    let mut o = Options::new();
    for (k, v) in opts {
        o.set(*k, *v);
    }
    let e = DocxExporter::from_options(&o).unwrap();
    let mut ctx = Context::new("test");
    e.export(doc, &mut ctx).unwrap()
}

/// The XML of the style with id `id` in `styles`.
fn style<'a>(styles: &'a str, id: &str) -> &'a str {
    let key = format!("w:styleId=\"{id}\"");
    let start = styles.find(&key).unwrap_or_else(|| panic!("no style {id}"));
    let end = styles[start..].find("</w:style>").unwrap() + start;
    &styles[start..end]
}

fn well_formed(xml: &str) {
    assert!(
        xml.chars().all(crate::xml::is_xml_char),
        "a character XML 1.0 forbids"
    );
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match r.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}\n{xml}"),
        }
    }
    assert_eq!(depth, 0);
}

#[test]
fn gbt9704_layout_values() {
    let bytes = export(&chinese_doc(), &[]);
    let doc = part(&bytes, "word/document.xml");
    let styles = part(&bytes, "word/styles.xml");
    // §5.1 A4; §5.2.1 margins 37/28/26/35 mm; §5.2.3 22 lines × 28 characters.
    assert!(
        doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"),
        "{doc}"
    );
    assert!(doc.contains("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""));
    assert!(doc.contains("<w:docGrid w:type=\"lines\" w:linePitch=\"579\" w:charSpace=\"-849\"/>"));
    // 22 lines fill the 225 mm type area.
    assert_eq!((16838 - 2098 - 1984) / 579, 22);
    // Title: 2号 (22 pt) 方正小标宋简体, centred.
    let title = style(&styles, "Title");
    assert!(
        title.contains("w:eastAsia=\"方正小标宋简体\"")
            && title.contains("<w:sz w:val=\"44\"/>")
            && title.contains("<w:jc w:val=\"center\"/>"),
        "{title}"
    );
    // Headings: built-in names, outline levels, 黑体 / 楷体_GB2312 / 仿宋_GB2312, 3号.
    for (id, name, lvl, font) in [
        ("Heading1", "heading 1", 0, "黑体"),
        ("Heading2", "heading 2", 1, "楷体_GB2312"),
        ("Heading3", "heading 3", 2, "仿宋_GB2312"),
        ("Heading4", "heading 4", 3, "仿宋_GB2312"),
    ] {
        let s = style(&styles, id);
        assert!(s.contains(&format!("<w:name w:val=\"{name}\"/>")), "{s}");
        assert!(
            s.contains(&format!("<w:outlineLvl w:val=\"{lvl}\"/>")),
            "{s}"
        );
        assert!(s.contains(&format!("w:eastAsia=\"{font}\"")), "{s}");
        assert!(s.contains("w:ascii=\"Times New Roman\""), "{s}");
        assert!(s.contains("<w:sz w:val=\"32\"/>"), "{s}");
    }
    // Body: 仿宋_GB2312 3号, two-character first-line indent, Chinese language.
    let normal = style(&styles, "Normal");
    assert!(normal.contains("w:firstLineChars=\"200\""), "{normal}");
    assert!(
        styles.contains("w:eastAsia=\"仿宋_GB2312\"") && styles.contains("<w:sz w:val=\"32\"/>")
    );
    assert!(styles.contains("w:eastAsia=\"zh-CN\""));
    // The heading labels are text at the start of the heading.
    assert!(doc.contains("<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>一、</w:t></w:r><w:r><w:t>总体情况</w:t></w:r>"), "{doc}");
    assert!(
        doc.contains("<w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>关于2024年工作情况的报告</w:t>")
    );
    // Footer: — PAGE — on both odd and even pages.
    let footer = part(&bytes, "word/footer1.xml");
    assert!(
        footer.contains("— </w:t>") && footer.contains(" PAGE ") && footer.contains(" —</w:t>"),
        "{footer}"
    );
    assert!(part(&bytes, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
    let fonts = part(&bytes, "word/fontTable.xml");
    assert!(fonts.contains("w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/>"));
}

#[test]
fn layout_is_chosen_by_language() {
    let mut en = Document::from_blocks(vec![
        heading(1, Some("1"), "Scope"),
        para("This report covers the council's work."),
    ]);
    let bytes = export(&en, &[]);
    let doc = part(&bytes, "word/document.xml");
    // en-US (the default for English) → Letter.
    assert!(
        doc.contains("<w:pgSz w:w=\"12240\" w:h=\"15840\"/>"),
        "{doc}"
    );
    assert!(
        doc.contains("<w:t xml:space=\"preserve\">1 </w:t>"),
        "label and heading are separated: {doc}"
    );
    let styles = part(&bytes, "word/styles.xml");
    assert!(!styles.contains("方正小标宋简体"));
    // Heading sizes step down.
    let sizes: Vec<u32> = (1..=6)
        .map(|l| {
            let s = style(&styles, &format!("Heading{l}"));
            let p = s.find("<w:sz w:val=\"").unwrap() + 13;
            s[p..].split('"').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(
        sizes.windows(2).all(|w| w[0] >= w[1]) && sizes[0] > sizes[5],
        "{sizes:?}"
    );
    en.meta.language = Some("en-GB".into());
    let doc = part(&export(&en, &[]), "word/document.xml");
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    let doc = part(&export(&en, &[("paper", "letter")]), "word/document.xml");
    assert!(doc.contains("<w:pgSz w:w=\"12240\""));
    // Chinese metadata or Chinese text → 公文; the option overrides.
    en.meta.language = Some("zh-CN".into());
    assert!(part(&export(&en, &[]), "word/styles.xml").contains("仿宋_GB2312"));
    assert!(!part(
        &export(&chinese_doc(), &[("style", "plain")]),
        "word/styles.xml"
    )
    .contains("仿宋_GB2312"));
    assert!(part(&export(&chinese_doc(), &[]), "word/styles.xml").contains("仿宋_GB2312"));
    assert!(
        DocxExporter::from_options(&Options::parse_kv("docx", "style=fancy").unwrap()).is_err()
    );
}

fn tiny_png() -> Vec<u8> {
    // A 2×1 PNG header is enough for the size; the bytes need not decode for the test.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&2u32.to_be_bytes());
    png.extend_from_slice(&1u32.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0]);
    png
}

fn rich_doc() -> Document {
    let list = Block::List(List {
        ordered: true,
        start: Some(3),
        items: vec![
            ListItem {
                label: None,
                blocks: vec![
                    para("three"),
                    Block::List(List {
                        ordered: false,
                        start: None,
                        items: vec![ListItem {
                            label: None,
                            blocks: vec![para("bullet")],
                        }],
                    }),
                ],
            },
            ListItem {
                label: None,
                blocks: vec![para("four")],
            },
        ],
    });
    let table = Block::Table(Table {
        caption: Some(vec![t("Table 1")]),
        header_rows: 1,
        rows: vec![
            Row {
                cells: vec![Cell {
                    colspan: 2,
                    rowspan: 1,
                    blocks: vec![para("wide head")],
                }],
            },
            Row {
                cells: vec![
                    Cell {
                        colspan: 1,
                        rowspan: 2,
                        blocks: vec![para("tall")],
                    },
                    Cell {
                        blocks: vec![para("b")],
                        ..Cell::default()
                    },
                ],
            },
            Row {
                cells: vec![Cell {
                    blocks: vec![para("c")],
                    ..Cell::default()
                }],
            },
        ],
    });
    let inl = vec![
        t("Plain <&> \u{1}text "),
        Inline::Styled {
            style: TextStyle::Bold,
            content: vec![
                t("bold"),
                Inline::Styled {
                    style: TextStyle::Italic,
                    content: vec![t("both")],
                },
            ],
        },
        Inline::Styled {
            style: TextStyle::Superscript,
            content: vec![t("2")],
        },
        Inline::Code {
            text: "x = 1".into(),
        },
        Inline::Link {
            target: "https://example.com/a b?x=1&y=2".into(),
            content: vec![t("a link")],
        },
        Inline::Link {
            target: "#intro".into(),
            content: vec![t("back")],
        },
        Inline::LineBreak {},
        Inline::NoteRef { id: "n1".into() },
        Inline::NoteRef { id: "e1".into() },
        Inline::Span {
            class: "deleted".into(),
            content: vec![t("SECRET-DELETED")],
        },
        Inline::Image(Image {
            resource: "img1".into(),
            alt: "a \"chart\"".into(),
            width: None,
            height: None,
        }),
    ];
    let mut d = Document::from_blocks(vec![
        Block::Heading(Heading {
            level: 1,
            label: None,
            content: vec![t("Introduction")],
            id: Some("intro".into()),
        }),
        Block::Paragraph(Paragraph {
            content: inl,
            align: Some(Align::Justify),
        }),
        list,
        table,
        Block::Quote {
            blocks: vec![para("quoted")],
        },
        Block::Code {
            text: "fn main() {\n\tprintln!();\n}".into(),
            language: None,
        },
        Block::Rule {},
        Block::PageBreak {},
        Block::Image(Image {
            resource: "img1".into(),
            alt: "again".into(),
            width: Some(100),
            height: Some(50),
        }),
        Block::Image(Image {
            resource: "missing".into(),
            alt: String::new(),
            width: None,
            height: None,
        }),
        para("The anchor sentence is here."),
    ]);
    d.parts.push(Part {
        title: Some(vec![t("Second report")]),
        blocks: vec![para("part two")],
    });
    d.notes = vec![
        Note {
            id: "n1".into(),
            kind: NoteKind::Footnote,
            blocks: vec![Block::Paragraph(Paragraph {
                content: vec![
                    t("A footnote "),
                    Inline::Link {
                        target: "https://example.org".into(),
                        content: vec![t("with link")],
                    },
                ],
                align: None,
            })],
        },
        Note {
            id: "e1".into(),
            kind: NoteKind::Endnote,
            blocks: vec![para("An endnote")],
        },
    ];
    d.comments = vec![
        Comment {
            id: "c1".into(),
            author: Some("Reviewer <A>".into()),
            initials: Some("RA".into()),
            date: Some("2024-05-06T10:00:00Z".into()),
            anchor: Some("anchor sentence".into()),
            blocks: vec![para("Check this")],
        },
        Comment {
            id: "c2".into(),
            author: None,
            initials: None,
            date: Some("yesterday".into()),
            anchor: None,
            blocks: vec![],
        },
    ];
    d.headers = vec![HeaderFooter {
        kind: HeaderFooterKind::Default,
        blocks: vec![para("Header text")],
    }];
    d.footers = vec![HeaderFooter {
        kind: HeaderFooterKind::First,
        blocks: vec![para("First footer")],
    }];
    d.resources = vec![Resource {
        id: "img1".into(),
        media_type: "image/png".into(),
        data: tiny_png(),
    }];
    d.meta.title = Some("Rich & <strange>".into());
    d.meta.authors = vec!["Ann".into(), "Bo".into()];
    d.meta.created = Some("2024-01-02T03:04:05Z".into());
    d.meta.modified = Some("not a date".into());
    d.meta.company = Some("ACME".into());
    d.meta.custom = BTreeMap::from([("Project".to_string(), "X&Y".to_string())]);
    d.meta.language = Some("en-GB".into());
    d
}

#[test]
fn every_feature_makes_a_consistent_package() {
    let d = rich_doc();
    let mut ctx = Context::new("rich");
    let bytes = DocxExporter::new().export(&d, &mut ctx).unwrap();
    let all = entries(&bytes);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    for (n, b) in &all {
        if n.ends_with(".xml") || n.ends_with(".rels") {
            well_formed(std::str::from_utf8(b).unwrap());
        }
    }
    for needed in [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "docProps/custom.xml",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/numbering.xml",
        "word/footnotes.xml",
        "word/_rels/footnotes.xml.rels",
        "word/endnotes.xml",
        "word/comments.xml",
        "word/media/image1.png",
    ] {
        assert!(names.contains(&needed), "{needed} missing from {names:?}");
    }
    // Every internal relationship target exists; every part has a content type.
    let ct = part(&bytes, "[Content_Types].xml");
    for (n, b) in &all {
        if !n.ends_with(".rels") {
            continue;
        }
        let base = if n == "_rels/.rels" {
            String::new()
        } else {
            "word/".to_string()
        };
        let x = std::str::from_utf8(b).unwrap();
        for rel in x.split("<Relationship ").skip(1) {
            if rel.contains("TargetMode=\"External\"") {
                continue;
            }
            let target = rel
                .split("Target=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let full = format!("{base}{target}");
            assert!(names.contains(&full.as_str()), "{n}: {full} missing");
            if full.ends_with(".xml") && !full.starts_with("word/media") {
                assert!(
                    ct.contains(&format!("PartName=\"/{full}\"")),
                    "no content type for {full}"
                );
            }
        }
    }
    assert!(ct.contains("Extension=\"png\""));
    let doc = part(&bytes, "word/document.xml");
    assert!(
        doc.contains("Plain &lt;&amp;&gt; text "),
        "escaped, control character dropped"
    );
    assert!(!doc.contains("SECRET-DELETED"));
    assert!(doc.contains("<w:b/><w:bCs/><w:i/><w:iCs/></w:rPr><w:t>both</w:t>"));
    assert!(doc.contains("<w:vertAlign w:val=\"superscript\"/>"));
    assert!(doc.contains("<w:rStyle w:val=\"VerbatimChar\"/>"));
    assert!(doc.contains("<w:hyperlink w:anchor=\"intro\""));
    assert!(doc.contains("<w:bookmarkStart w:id=\"0\" w:name=\"intro\"/>"));
    assert!(
        doc.contains("<w:footnoteReference w:id=\"1\"/>")
            && doc.contains("<w:endnoteReference w:id=\"1\"/>")
    );
    assert!(doc.contains("descr=\"a &quot;chart&quot;\""));
    assert!(
        doc.contains("<wp:extent cx=\"1270000\" cy=\"635000\"/>"),
        "100×50 pt"
    );
    assert!(
        doc.contains("<w:gridSpan w:val=\"2\"/>")
            && doc.contains("<w:vMerge w:val=\"restart\"/>")
            && doc.contains("<w:vMerge/>")
    );
    assert!(doc.contains("<w:trPr><w:tblHeader/></w:trPr>"));
    assert!(
        doc.contains("<w:numId w:val=\"1\"/>")
            && doc.contains("<w:ilvl w:val=\"1\"/><w:numId w:val=\"2\"/>")
    );
    assert!(doc.contains("<w:br w:type=\"page\"/>") && doc.contains("<w:pageBreakBefore/>"));
    assert!(doc.contains("<w:tab/>"));
    // The comment hangs on the paragraph holding its anchor text; the other at the end.
    assert!(doc.contains("<w:r><w:t xml:space=\"preserve\">The </w:t></w:r><w:commentRangeStart w:id=\"0\"/><w:r><w:t>anchor sentence</w:t></w:r><w:commentRangeEnd w:id=\"0\"/>"), "{doc}");
    assert!(doc.contains("<w:commentRangeStart w:id=\"1\"/>"));
    assert!(doc.contains("<w:titlePg/>") && doc.contains("w:type=\"first\""));
    let numbering = part(&bytes, "word/numbering.xml");
    assert!(numbering
        .contains("<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"3\"/></w:lvlOverride>"));
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert!(
        rels.contains("Target=\"https://example.com/a%20b?x=1&amp;y=2\" TargetMode=\"External\"")
    );
    let comments = part(&bytes, "word/comments.xml");
    assert!(comments.contains(
        "w:author=\"Reviewer &lt;A&gt;\" w:date=\"2024-05-06T10:00:00Z\" w:initials=\"RA\""
    ));
    assert!(!comments.contains("yesterday"));
    let core = part(&bytes, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Rich &amp; &lt;strange&gt;</dc:title>")
            && core.contains("<dc:creator>Ann; Bo</dc:creator>")
    );
    assert!(core.contains("2024-01-02T03:04:05Z") && !core.contains("not a date"));
    assert!(part(&bytes, "docProps/custom.xml")
        .contains("name=\"Project\"><vt:lpwstr>X&amp;Y</vt:lpwstr>"));
    assert!(part(&bytes, "word/footnotes.xml").contains("A footnote"));
    assert!(part(&bytes, "word/_rels/footnotes.xml.rels").contains("https://example.org"));
    assert!(
        ctx.warnings().iter().any(|w| w.message.contains("missing")),
        "{:?}",
        ctx.warnings()
    );
}

#[test]
fn output_is_deterministic_with_fixed_timestamps() {
    let d = rich_doc();
    let a = export(&d, &[]);
    let b = export(&d, &[]);
    assert_eq!(a, b);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        let dt = f.last_modified().unwrap();
        assert_eq!(
            (dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute()),
            (1980, 1, 1, 0, 0),
            "{}",
            f.name()
        );
    }
    assert_eq!(
        entries(&a).first().map(|(n, _)| n.clone()).as_deref(),
        Some("[Content_Types].xml")
    );
}

#[test]
fn metadata_only_from_the_model() {
    let d = Document::from_blocks(vec![para("x")]);
    let bytes = export(&d, &[]);
    let core = part(&bytes, "docProps/core.xml");
    assert!(
        !core.contains("dc:creator") && !core.contains("dc:title"),
        "{core}"
    );
    assert!(!entries(&bytes)
        .iter()
        .any(|(n, _)| n == "docProps/custom.xml"
            || n == "word/numbering.xml"
            || n == "word/comments.xml"));
    // An empty document is still a valid package.
    let empty = export(&Document::default(), &[]);
    well_formed(&part(&empty, "word/document.xml"));
}

/// A template with a localised heading style id, a header, and Letter page setup.
fn template_docx() -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    let files: Vec<(&str, String)> = vec![
        ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".into()),
        ("word/_rels/document.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer9.xml\"/></Relationships>".into()),
        ("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body><w:p/><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId2\"/><w:footerReference w:type=\"default\" r:id=\"rId3\"/><w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1000\" w:right=\"1000\" w:bottom=\"1000\" w:left=\"1000\" w:header=\"500\" w:footer=\"500\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>".into()),
        ("word/styles.xml", "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"a\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:color w:val=\"C00000\"/></w:rPr></w:style></w:styles>".into()),
        ("word/header1.xml", "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:r><w:t>ACME Corp</w:t></w:r></w:p></w:hdr>".into()),
        ("word/footer9.xml", "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:r><w:t>Confidential</w:t></w:r></w:p></w:ftr>".into()),
    ];
    for (n, x) in files {
        z.start_file(n, o).unwrap();
        z.write_all(x.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn reference_docx_gives_styles_page_setup_header_and_footer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ref.docx");
    std::fs::write(&path, template_docx()).unwrap();
    let mut d = chinese_doc();
    d.headers = vec![HeaderFooter {
        kind: HeaderFooterKind::Default,
        blocks: vec![para("model header")],
    }];
    let bytes = export(&d, &[("reference-docx", path.to_str().unwrap())]);
    let doc = part(&bytes, "word/document.xml");
    let styles = part(&bytes, "word/styles.xml");
    assert!(
        doc.contains("<w:pStyle w:val=\"1\"/>"),
        "heading 1 mapped to the template's id: {doc}"
    );
    assert!(
        doc.contains("<w:pgSz w:w=\"12240\" w:h=\"15840\"/>") && doc.contains("w:top=\"1000\"")
    );
    assert!(styles.contains("<w:color w:val=\"C00000\"/>"));
    assert!(
        styles.contains("w:styleId=\"Heading2\"") && styles.contains("<w:basedOn w:val=\"a\"/>"),
        "missing roles appended, based on the template's Normal"
    );
    assert!(part(&bytes, "word/header1.xml").contains("ACME Corp"));
    assert!(part(&bytes, "word/footer1.xml").contains("Confidential"));
    assert!(!bytes.windows(12).any(|w| w == b"model header"));
    // A missing or broken template is an option error.
    let err = DocxExporter::from_options(
        &Options::parse_kv("docx", "reference-docx=/nonexistent.docx").unwrap(),
    )
    .err()
    .unwrap();
    assert!(err.is_usage(), "{err}");
    std::fs::write(&path, b"garbage").unwrap();
    assert!(DocxExporter::from_options(
        &Options::parse_kv("docx", &format!("reference-docx={}", path.display())).unwrap()
    )
    .is_err());
}

#[test]
fn hostile_nesting_does_not_overflow() {
    let mut b = para("deep");
    for _ in 0..500 {
        b = Block::Quote { blocks: vec![b] };
    }
    let mut inl = t("x");
    for _ in 0..500 {
        inl = Inline::Styled {
            style: TextStyle::Bold,
            content: vec![inl],
        };
    }
    let d = Document::from_blocks(vec![
        b,
        Block::Paragraph(Paragraph {
            content: vec![inl],
            align: None,
        }),
    ]);
    let bytes = export(&d, &[]);
    well_formed(&part(&bytes, "word/document.xml"));
}

#[test]
fn comment_ranges_follow_their_anchor_text() {
    let mut d = Document::from_blocks(vec![
        para("Intro."),
        Block::Paragraph(Paragraph {
            content: vec![
                t("Start of the "),
                Inline::Styled {
                    style: TextStyle::Bold,
                    content: vec![t("first")],
                },
                t(" one."),
            ],
            align: None,
        }),
        para("Middle part."),
        para("End here, after."),
    ]);
    d.comments = vec![
        Comment {
            id: "a".into(),
            author: Some("A".into()),
            anchor: Some("the first".into()),
            blocks: vec![para("x")],
            ..Comment::default()
        },
        Comment {
            id: "b".into(),
            author: Some("B".into()),
            anchor: Some("one.Middle part.End here".into()),
            blocks: vec![para("y")],
            ..Comment::default()
        },
    ];
    let doc = part(&export(&d, &[]), "word/document.xml");
    well_formed(&doc);
    // Inside one paragraph, across a formatting change.
    assert!(doc.contains("<w:t xml:space=\"preserve\">Start of </w:t></w:r><w:commentRangeStart w:id=\"0\"/><w:r><w:t xml:space=\"preserve\">the </w:t></w:r><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>first</w:t></w:r><w:commentRangeEnd w:id=\"0\"/>"), "{doc}");
    // Across three paragraphs.
    let Some(start) = doc.find("<w:commentRangeStart w:id=\"1\"/><w:r><w:t>one.</w:t></w:r></w:p>")
    else {
        panic!("{doc}")
    };
    let end = doc
        .find("<w:r><w:t>End here</w:t></w:r><w:commentRangeEnd w:id=\"1\"/>")
        .unwrap();
    assert!(start < end, "{doc}");
    assert_eq!(doc.matches("<w:commentRangeStart").count(), 2);
    assert_eq!(doc.matches("<w:commentRangeEnd").count(), 2);
}

mod random {
    //! Any document exports without panicking to well-formed parts.
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z <>&\"'\t\n\r\u{0}-\u{1f}]{0,12}",
            "[一二三（）、。，\u{FFFE}\u{FFFF}\u{1F600}]{0,8}",
        ]
    }

    fn inline() -> impl Strategy<Value = Inline> {
        let leaf = prop_oneof![
            text().prop_map(Inline::text),
            text().prop_map(|t| Inline::Code { text: t }),
            Just(Inline::LineBreak {}),
            prop_oneof![Just("n1"), Just("e1"), Just("zz")]
                .prop_map(|id| Inline::NoteRef { id: id.into() }),
            (text(), prop_oneof![Just("img"), Just("none")]).prop_map(|(alt, r)| Inline::Image(
                Image {
                    resource: r.into(),
                    alt,
                    width: None,
                    height: None
                }
            )),
        ];
        leaf.prop_recursive(3, 16, 3, |inner| {
            prop_oneof![
                (prop::collection::vec(inner.clone(), 0..3), 0..6usize).prop_map(|(content, s)| {
                    let style = [
                        TextStyle::Bold,
                        TextStyle::Italic,
                        TextStyle::Underline,
                        TextStyle::Strike,
                        TextStyle::Superscript,
                        TextStyle::Subscript,
                    ][s];
                    Inline::Styled { style, content }
                }),
                (text(), prop::collection::vec(inner.clone(), 0..3))
                    .prop_map(|(target, content)| Inline::Link { target, content }),
                (
                    prop_oneof![Just("deleted"), Just("x")],
                    prop::collection::vec(inner, 0..3)
                )
                    .prop_map(|(c, content)| Inline::Span {
                        class: c.into(),
                        content
                    }),
            ]
        })
    }

    fn block() -> impl Strategy<Value = Block> {
        let leaf = prop_oneof![
            prop::collection::vec(inline(), 0..4).prop_map(|content| Block::Paragraph(Paragraph {
                content,
                align: None
            })),
            (
                0u8..12,
                prop::option::of(text()),
                prop::collection::vec(inline(), 0..3),
                prop::option::of(text())
            )
                .prop_map(|(level, label, content, id)| Block::Heading(Heading {
                    level,
                    label,
                    content,
                    id
                })),
            text().prop_map(|t| Block::Code {
                text: t,
                language: None
            }),
            Just(Block::Rule {}),
            Just(Block::PageBreak {}),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                (
                    any::<bool>(),
                    prop::option::of(0u32..5),
                    prop::collection::vec(prop::collection::vec(inner.clone(), 0..3), 0..3),
                    prop::option::of(text())
                )
                    .prop_map(|(ordered, start, items, label)| {
                        Block::List(List {
                            ordered,
                            start,
                            items: items
                                .into_iter()
                                .map(|blocks| ListItem {
                                    label: label.clone(),
                                    blocks,
                                })
                                .collect(),
                        })
                    }),
                (
                    0u32..3,
                    prop::collection::vec(
                        prop::collection::vec(
                            (0u32..4, 0u32..4, prop::collection::vec(inner.clone(), 0..2)),
                            0..4
                        ),
                        0..4
                    )
                )
                    .prop_map(|(header_rows, rows)| {
                        Block::Table(Table {
                            caption: None,
                            header_rows,
                            rows: rows
                                .into_iter()
                                .map(|cells| Row {
                                    cells: cells
                                        .into_iter()
                                        .map(|(colspan, rowspan, blocks)| Cell {
                                            colspan,
                                            rowspan,
                                            blocks,
                                        })
                                        .collect(),
                                })
                                .collect(),
                        })
                    }),
                prop::collection::vec(inner, 0..3).prop_map(|blocks| Block::Quote { blocks }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn any_document_gives_well_formed_parts(blocks in prop::collection::vec(block(), 0..6), anchor in prop::option::of(text()), zh in any::<bool>()) {
            let mut d = Document::from_blocks(blocks);
            d.notes = vec![Note { id: "n1".into(), kind: NoteKind::Footnote, blocks: vec![para("n")] }, Note { id: "e1".into(), kind: NoteKind::Endnote, blocks: vec![] }];
            d.comments = vec![Comment { id: "c".into(), anchor, blocks: vec![], ..Comment::default() }];
            d.resources = vec![Resource { id: "img".into(), media_type: "image/png".into(), data: tiny_png() }];
            d.footers = vec![HeaderFooter { kind: HeaderFooterKind::Even, blocks: vec![para("f")] }];
            let style = if zh { "gbt9704" } else { "plain" };
            let bytes = export(&d, &[("style", style)]);
            for (name, data) in entries(&bytes) {
                if name.ends_with(".xml") || name.ends_with(".rels") {
                    well_formed(std::str::from_utf8(&data).unwrap());
                }
            }
        }
    }
}
