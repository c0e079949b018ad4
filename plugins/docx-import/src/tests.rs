//! Feature tests on DOCX packages built by the tests themselves.

use docpipe_core::model::*;

use crate::testdocx::{np, p, TestDocx};
use crate::{read, DocxError, DocxOptions};

fn import(d: &TestDocx) -> Document {
    import_with(d, &DocxOptions::default())
}

fn import_with(d: &TestDocx, o: &DocxOptions) -> Document {
    match read(&d.build(), o) {
        Ok((doc, _)) => doc,
        Err(e) => panic!("import failed: {e}"),
    }
}

fn json(doc: &Document) -> String {
    serde_json::to_string(doc).unwrap_or_default()
}

fn headings(doc: &Document) -> Vec<(u8, Option<String>, String)> {
    let mut out = Vec::new();
    for part in &doc.parts {
        for b in &part.blocks {
            if let Block::Heading(h) = b {
                out.push((
                    h.level,
                    h.label.clone(),
                    docpipe_core::walk::plain_text(&h.content),
                ));
            }
        }
    }
    out
}

fn blocks(doc: &Document) -> &[Block] {
    doc.parts
        .first()
        .map(|p| p.blocks.as_slice())
        .unwrap_or(&[])
}

const HEADING_STYLES: &str = r#"
  <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="20"><w:name w:val="标题 2"/><w:basedOn w:val="a"/></w:style>
  <w:style w:type="paragraph" w:styleId="Uberschrift3"><w:name w:val="Überschrift 3"/></w:style>
  <w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="Custom"/><w:basedOn w:val="1"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
  <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/></w:style>
  <w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
"#;

#[test]
fn localised_heading_styles_title_and_outline_levels() {
    let body = [
        p("Title", "The Title"),
        p("Subtitle", "The Subtitle"),
        p("1", "One"),
        p("20", "Two"),
        p("Uberschrift3", "Three"),
        p("MyHead", "Based on heading 1"),
        r#"<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Outline two</w:t></w:r></w:p>"#
            .to_string(),
        p("", "Body"),
    ]
    .concat();
    let doc = import(&TestDocx::new(&body).styles(HEADING_STYLES));
    let title = doc
        .parts
        .first()
        .and_then(|p| p.title.clone())
        .unwrap_or_default();
    assert_eq!(docpipe_core::walk::plain_text(&title), "The Title");
    assert_eq!(doc.meta.subtitle.as_deref(), Some("The Subtitle"));
    let h: Vec<(u8, String)> = headings(&doc).into_iter().map(|(l, _, t)| (l, t)).collect();
    assert_eq!(
        h,
        [
            (1, "One".to_string()),
            (2, "Two".to_string()),
            (3, "Three".to_string()),
            (1, "Based on heading 1".to_string()),
            (2, "Outline two".to_string())
        ]
    );
}

const CN_NUMBERING: &str = r#"
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:isLgl/><w:lvlText w:val="%1.%2.%3"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1"/></w:lvl>
    <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>
"#;

#[test]
fn chinese_counting_labels_on_headings_with_start_override() {
    let body = [
        np("1", "1", 0, "任务来源"),
        np("20", "1", 1, "第一点"),
        np("20", "1", 1, "第二点"),
        np("1", "1", 0, "编制过程"),
        np("20", "1", 1, "重新开始"),
        np("1", "4", 0, "第七"),
    ]
    .concat();
    let doc = import(
        &TestDocx::new(&body)
            .styles(HEADING_STYLES)
            .numbering(CN_NUMBERING),
    );
    let labels: Vec<String> = headings(&doc)
        .into_iter()
        .map(|(_, l, _)| l.unwrap_or_default())
        .collect();
    assert_eq!(
        labels,
        ["一、", "（一）", "（二）", "二、", "（一）", "七、"]
    );
}

#[test]
fn multi_level_templates_and_is_lgl() {
    let body = [
        np("1", "2", 0, "A"),
        np("20", "2", 1, "B"),
        np("20", "2", 1, "C"),
        np("Uberschrift3", "2", 2, "D"),
        np("1", "2", 0, "E"),
        np("20", "2", 1, "F"),
    ]
    .concat();
    let doc = import(
        &TestDocx::new(&body)
            .styles(HEADING_STYLES)
            .numbering(CN_NUMBERING),
    );
    let labels: Vec<String> = headings(&doc)
        .into_iter()
        .map(|(_, l, _)| l.unwrap_or_default())
        .collect();
    assert_eq!(labels, ["1.", "1.1", "1.2", "1.2.1", "2.", "2.1"]);
}

#[test]
fn numbered_paragraphs_become_nested_lists_with_start() {
    let body = [
        np("", "3", 0, "first"),
        np("", "3", 1, "sub"),
        np("", "3", 0, "second"),
        p("", "after"),
    ]
    .concat();
    let doc = import(
        &TestDocx::new(&body)
            .styles(HEADING_STYLES)
            .numbering(CN_NUMBERING),
    );
    let Some(Block::List(list)) = blocks(&doc).first() else {
        panic!("no list: {}", json(&doc));
    };
    assert!(list.ordered);
    assert_eq!(list.start, Some(3));
    let labels: Vec<_> = list
        .items
        .iter()
        .map(|i| i.label.clone().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["③", "④"]);
    let Some(Block::List(inner)) = list.items.first().and_then(|i| i.blocks.get(1)) else {
        panic!("no nested list: {}", json(&doc));
    };
    assert!(!inner.ordered);
    assert_eq!(
        inner.items.first().and_then(|i| i.label.clone()).as_deref(),
        Some("•")
    );
    assert!(matches!(blocks(&doc).get(1), Some(Block::Paragraph(_))));
}

#[test]
fn tables_with_grid_span_vmerge_and_header_rows() {
    let tc =
        |props: &str, text: &str| format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p("", text));
    let body = format!(
        "<w:tbl><w:tblGrid/><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
        tc(r#"<w:gridSpan w:val="2"/>"#, "wide"),
        tc("", "h3"),
        tc(r#"<w:vMerge w:val="restart"/>"#, "tall"),
        tc("", "b"),
        tc("", "c"),
        tc("<w:vMerge/>", ""),
        tc("", "e"),
        tc("", "f"),
    );
    let doc = import(&TestDocx::new(&body));
    let Some(Block::Table(t)) = blocks(&doc).first() else {
        panic!("no table: {}", json(&doc));
    };
    assert_eq!(t.header_rows, 1);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0].cells[0].colspan, 2);
    assert_eq!(t.rows[1].cells[0].rowspan, 2);
    assert_eq!(t.rows[2].cells.len(), 2);
}

#[test]
fn runs_styles_links_breaks_tabs_symbols_and_fields() {
    let body = r#"<w:p>
      <w:r><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r>
      <w:r><w:rPr><w:rStyle w:val="Strong"/><w:i/></w:rPr><w:t>both</w:t></w:r>
      <w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r>
      <w:hyperlink r:id="rIdL"><w:r><w:t>link</w:t></w:r></w:hyperlink>
      <w:r><w:tab/><w:t>tabbed</w:t><w:br/><w:t>next</w:t><w:sym w:font="Symbol" w:char="F061"/></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>42</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:fldSimple w:instr="MERGEFIELD Name"><w:r><w:t>«Name»</w:t></w:r></w:fldSimple>
    </w:p>"#;
    let doc = import(
        &TestDocx::new(body)
            .styles(HEADING_STYLES)
            .link("rIdL", "https://example.org/"),
    );
    let j = json(&doc);
    assert!(
        j.contains(r#"{"type":"styled","style":"bold","content":[{"type":"text","text":"bold"}]}"#),
        "{j}"
    );
    assert!(
        j.contains(r#""style":"bold","content":[{"type":"styled","style":"italic""#),
        "{j}"
    );
    assert!(j.contains(r#""style":"superscript""#), "{j}");
    assert!(j.contains(r#"{"type":"link","target":"https://example.org/","content":[{"type":"text","text":"link"}]}"#), "{j}");
    assert!(
        j.contains(r#"\ttabbed"},{"type":"line_break"},{"type":"text","text":"nextα42«Name»"#),
        "{j}"
    );
    assert!(!j.contains("PAGE"), "{j}");
}

#[test]
fn alternate_content_takes_one_branch_and_textboxes_follow_their_paragraph() {
    let body = r#"<w:p><w:r><w:t>anchor</w:t></w:r><w:r><mc:AlternateContent>
        <mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="t"/><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>in the box</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
        <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>in the box</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
      </mc:AlternateContent></w:r></w:p>
      <w:p><mc:AlternateContent><mc:Choice Requires="unknownNs"><w:r><w:t>choice</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>fallback</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"#;
    let doc = import(&TestDocx::new(body));
    let text = doc.body_text();
    assert_eq!(text.matches("in the box").count(), 1, "{text}");
    assert!(
        text.contains("fallback") && !text.contains("choice"),
        "{text}"
    );
    assert!(
        matches!(blocks(&doc).get(1), Some(Block::Div { class: Some(c), .. }) if c == "textbox")
    );
}

#[test]
fn deletions_and_hidden_text_are_dropped_unless_kept() {
    let body = r#"<w:p><w:r><w:t>kept </w:t></w:r><w:ins><w:r><w:t>inserted </w:t></w:r></w:ins><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>moved away</w:t></w:r></w:moveFrom><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r></w:p>"#;
    let d = TestDocx::new(body);
    let j = json(&import(&d));
    assert!(j.contains("kept inserted"), "{j}");
    for gone in ["deleted", "moved away", "hidden"] {
        assert!(!j.contains(gone), "{gone} survived: {j}");
    }
    let kept = import_with(
        &d,
        &DocxOptions {
            keep_deletions: true,
            ..DocxOptions::default()
        },
    );
    let j = json(&kept);
    assert!(
        j.contains(
            r#"{"type":"span","class":"deleted","content":[{"type":"text","text":"deleted"}]}"#
        ),
        "{j}"
    );
    assert!(!j.contains("hidden"), "{j}");
}

#[test]
fn notes_comments_headers_footers_images_and_metadata() {
    let body = r#"<w:p><w:bookmarkStart w:id="0" w:name="intro"/><w:commentRangeStart w:id="5"/><w:r><w:t>Text</w:t></w:r><w:commentRangeEnd w:id="5"/><w:r><w:footnoteReference w:id="2"/></w:r>
      <w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="a red dot"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rIdImg"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>
      <w:p><w:r><w:br w:type="page"/></w:r></w:p>
      <w:p><m:oMath><m:r><m:t>E=m</m:t></m:r><m:sSup><m:e><m:r><m:t>c</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath></w:p>
      <w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="first" r:id="rIdF"/></w:sectPr>"#;
    let ns = crate::testdocx::NS;
    let d = TestDocx::new(body)
        .word_part("footnotes.xml", "footnotes", "rIdFn", &format!(r#"<w:footnotes {ns}><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#))
        .word_part("comments.xml", "comments", "rIdC", &format!(r#"<w:comments {ns}><w:comment w:id="5" w:author="Ann Lee" w:initials="AL" w:date="2024-01-02T03:04:05Z"><w:p><w:r><w:t>Check this.</w:t></w:r></w:p></w:comment></w:comments>"#))
        .word_part("header1.xml", "header", "rIdH", &format!(r#"<w:hdr {ns}><w:p><w:r><w:t>Page header</w:t></w:r></w:p></w:hdr>"#))
        .word_part("footer1.xml", "footer", "rIdF", &format!(r#"<w:ftr {ns}><w:p><w:r><w:t>First footer</w:t></w:r></w:p></w:ftr>"#))
        .media("media/image1.png", "rIdImg", b"\x89PNG\r\n\x1a\nfake")
        .file("docProps/core.xml", br#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Props title</dc:title><dc:creator>Zhang San; Li Si</dc:creator><cp:lastModifiedBy>Wang Wu</cp:lastModifiedBy><cp:keywords>a, b</cp:keywords><dcterms:created>2024-01-01T00:00:00Z</dcterms:created></cp:coreProperties>"#)
        .file("docProps/app.xml", br#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>ACME</Company></Properties>"#)
        .file("docProps/custom.xml", br#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="x"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Project"><vt:lpwstr>Apollo</vt:lpwstr></property></Properties>"#);
    let doc = import(&d);
    let note = doc.notes.first().map(|n| {
        (
            n.id.clone(),
            n.kind,
            docpipe_core::walk::block_text(&n.blocks[0]),
        )
    });
    assert_eq!(
        note,
        Some(("fn2".to_string(), NoteKind::Footnote, "A note.".to_string()))
    );
    assert!(json(&doc).contains(r#"{"type":"note_ref","id":"fn2"}"#));
    let c = doc.comments.first().cloned().unwrap_or_default();
    assert_eq!(c.author.as_deref(), Some("Ann Lee"));
    assert_eq!(c.initials.as_deref(), Some("AL"));
    assert_eq!(c.date.as_deref(), Some("2024-01-02T03:04:05Z"));
    assert_eq!(c.anchor.as_deref(), Some("Text"));
    assert_eq!(doc.headers.len(), 1);
    assert_eq!(
        doc.footers.first().map(|f| f.kind),
        Some(HeaderFooterKind::First)
    );
    let r = doc.resources.first().cloned().unwrap_or_default();
    assert_eq!(r.media_type, "image/png");
    assert!(json(&doc).contains(r#""alt":"a red dot""#));
    assert!(blocks(&doc).contains(&Block::PageBreak {}));
    assert!(doc.body_text().contains("E=mc^2"), "{}", doc.body_text());
    assert_eq!(doc.meta.title.as_deref(), Some("Props title"));
    assert_eq!(doc.meta.authors, ["Zhang San", "Li Si"]);
    assert_eq!(doc.meta.last_modified_by.as_deref(), Some("Wang Wu"));
    assert_eq!(doc.meta.keywords, ["a", "b"]);
    assert_eq!(doc.meta.company.as_deref(), Some("ACME"));
    assert_eq!(
        doc.meta.custom.get("Project").map(String::as_str),
        Some("Apollo")
    );
    assert!(json(&doc).contains(r#""id":"intro""#) || doc.body_text().contains("Text"));
}

#[test]
fn strict_namespaces_and_odd_prefixes_read_alike() {
    let doc = r#"<?xml version="1.0"?><ns0:document xmlns:ns0="http://purl.oclc.org/ooxml/wordprocessingml/main"><ns0:body><ns0:p><ns0:r><ns0:t>strict text</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>"#;
    let d = import(&TestDocx::new("").raw_document(doc));
    assert_eq!(d.body_text().trim(), "strict text");
}

#[test]
fn language_from_defaults_and_script() {
    let styles = r#"</w:styles>"#;
    let _ = styles;
    let xml = r#"<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>"#;
    let zh = import(&TestDocx::new(&p("", "这是中文文本")).styles(xml));
    assert_eq!(zh.meta.language.as_deref(), Some("zh-CN"));
    let en = import(&TestDocx::new(&p("", "English text")).styles(xml));
    assert_eq!(en.meta.language.as_deref(), Some("en-US"));
}

fn fails(data: &[u8]) -> String {
    match read(data, &DocxOptions::default()) {
        Ok(_) => panic!("accepted bad input"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn hostile_and_broken_input_fail_with_specific_messages() {
    assert!(fails(b"PK\x03\x04garbage").starts_with("corrupt zip"));
    assert!(fails(b"hello").starts_with("corrupt zip"));
    let no_doc = {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let _ = zip.start_file("a.txt", zip::write::SimpleFileOptions::default());
        zip.finish().map(|c| c.into_inner()).unwrap_or_default()
    };
    assert_eq!(fails(&no_doc), "not a DOCX: no word/document.xml");
    let dtd = TestDocx::new("").raw_document(r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"#);
    assert!(fails(&dtd.build()).starts_with("DTD/entity declarations are not allowed"));
    let deep = TestDocx::new(&"<w:sdt><w:sdtContent>".repeat(400));
    assert!(fails(&deep.build()).contains("nesting"));
}

#[test]
fn limits_bound_inflation_but_let_large_legitimate_parts_through() {
    // ~20 MB of ordinary paragraphs compresses to a few hundred KB: must pass.
    let para = p(
        "",
        "The quick brown fox jumps over the lazy dog, 一二三四五六七八九十.",
    );
    let mut body = String::with_capacity(21 << 20);
    let mut i = 0u32;
    while body.len() < 20 << 20 {
        body.push_str(&para.replace("fox", &format!("fox{i}")));
        i += 1;
    }
    let big = TestDocx::new(&body).build();
    assert!(
        big.len() < 2 << 20,
        "fixture compresses to {} bytes",
        big.len()
    );
    let doc = import(&TestDocx::new(&body));
    assert!(blocks(&doc).len() as u32 >= i);
    // A bomb: one part of zeros is refused for its ratio without inflating it all.
    let bomb = TestDocx::new("").file("word/bomb.bin", &vec![0u8; 64 << 20]);
    let mut o = DocxOptions::default();
    let data = bomb.build();
    o.limits.max_part_size = 8 << 20;
    let mut pkg = match crate::package::Package::open(&data, o.limits.clone()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let err = pkg
        .read("word/bomb.bin")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("max_part_size"), "{err}");
    o.limits = crate::Limits::default();
    let mut pkg = match crate::package::Package::open(&data, o.limits.clone()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let err = pkg
        .read("word/bomb.bin")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("compression ratio"), "{err}");
    let _ = DocxError::NotDocx;
}

#[test]
fn numbered_plain_paragraphs_with_gongwen_labels_are_headings() {
    let body = [
        np("", "1", 0, "任务来源"),
        p("", "正文。"),
        np("", "1", 1, "具体要求"),
        np(
            "",
            "1",
            1,
            "这一段很长并且以句号结束，所以它是列表项而不是标题。",
        ),
    ]
    .concat();
    let doc = import(&TestDocx::new(&body).numbering(CN_NUMBERING));
    assert_eq!(
        headings(&doc),
        [
            (1, Some("一、".to_string()), "任务来源".to_string()),
            (2, Some("（一）".to_string()), "具体要求".to_string())
        ]
    );
    assert!(matches!(blocks(&doc).last(), Some(Block::List(_))));
}

/// `$DOCPIPE_SHARED`, or `shared/` beside the checkout; `None` (with a note) when absent.
pub(crate) fn shared() -> Option<std::path::PathBuf> {
    let candidates = [
        std::env::var_os("DOCPIPE_SHARED").map(std::path::PathBuf::from),
        Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")),
        Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")),
    ];
    let found = candidates
        .into_iter()
        .flatten()
        .find(|p| p.join("corpus/docx").is_dir());
    if found.is_none() {
        eprintln!("note: shared corpus not found; skipping the DOCX corpus test");
    }
    found
}

/// Messages for files that are not readable documents.
const UNREADABLE: &[&str] = &[
    "password-protected (encrypted) document",
    "Word lock file, not a document",
    "corrupt zip: ",
    "DTD/entity declarations are not allowed",
    "not a DOCX: no word/document.xml",
];

#[test]
fn corpus_reads_or_fails_with_a_specific_message() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpus/docx");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut ok = 0;
    let mut failed = Vec::new();
    let mut labels: std::collections::HashMap<String, Vec<String>> = Default::default();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("docx") {
            continue;
        }
        let Ok(data) = std::fs::read(&path) else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match read(&data, &DocxOptions::default()) {
            Ok((doc, _)) => {
                ok += 1;
                labels.insert(
                    name,
                    headings(&doc)
                        .into_iter()
                        .filter_map(|(_, l, _)| l)
                        .collect(),
                );
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    UNREADABLE.iter().any(|u| msg.starts_with(u)),
                    "{name}: unexpected failure: {msg}"
                );
                failed.push(format!("{name}: {msg}"));
            }
        }
    }
    eprintln!("corpus: {ok} read, {} unreadable", failed.len());
    assert!(ok >= 200, "only {ok} files read");
    let first = |name: &str| {
        labels
            .get(name)
            .and_then(|l| l.first().cloned())
            .unwrap_or_default()
    };
    let all = |name: &str| labels.get(name).cloned().unwrap_or_default();
    assert_eq!(
        first("chatchat__行标编制说明（核电厂定期安全审查_第12部分：设计）.docx"),
        "一、"
    );
    assert_eq!(first("chatchat__行标编制说明（核电厂定期安全审查指南_第6部分：构筑物、系统和部件的实际状态）(3).docx"), "一、");
    assert_eq!(
        all("fredwo__工作总结_8e3e5a5.docx").get(..4),
        Some(
            &[
                "一、".to_string(),
                "二、".into(),
                "三、".into(),
                "四、".into()
            ][..]
        )
    );
    assert_eq!(first("gongwentpl__out.docx"), "一、");
    assert_eq!(
        all("oxpt__LIR010-zh-CN-ideographTraditional.docx").get(..3),
        Some(&["甲|".to_string(), "乙|".into(), "丙|".into()][..])
    );
    assert_eq!(
        all("oxpt__LIR008-zh-CH-chineseCountingThousand.docx").get(10..12),
        Some(&["十一|".to_string(), "十二|".into()][..])
    );
    assert_eq!(
        all("licijun__软件著作权-材料要求.docx").get(..2),
        Some(&["1".to_string(), "1.1".into()][..])
    );
}

#[test]
fn deepest_allowed_nesting_fits_a_small_thread_stack() {
    // Tables in tables up to the default depth limit: runs on the test thread (2 MiB stack).
    let depth = crate::Limits::default().max_depth / 3 - 2;
    let mut body = p("", "core");
    for _ in 0..depth {
        body = format!("<w:tbl><w:tr><w:tc>{body}</w:tc></w:tr></w:tbl>");
    }
    let doc = import(&TestDocx::new(&body));
    assert!(doc.body_text().contains("core"));
    // Text boxes in text boxes.
    let mut body = p("", "inner");
    for _ in 0..40 {
        body = format!(
            r#"<w:p><w:r><w:drawing><wp:anchor><w:txbxContent>{body}</w:txbxContent></wp:anchor></w:drawing></w:r></w:p>"#
        );
    }
    let doc = import(&TestDocx::new(&body));
    assert!(json(&doc).contains("inner"));
}

#[test]
fn hyperlink_fields_become_links() {
    let body = r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/a" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>site</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK \l "_Toc1" \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>toc</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
    let j = json(&import(&TestDocx::new(body)));
    assert!(j.contains(r#"{"type":"link","target":"https://example.org/a","content":[{"type":"text","text":"site"}]}"#), "{j}");
    assert!(
        j.contains(
            r##"{"type":"link","target":"#_Toc1","content":[{"type":"text","text":"toc"}]}"##
        ),
        "{j}"
    );
    assert!(!j.contains("HYPERLINK"), "{j}");
}

#[test]
fn later_title_paragraphs_start_new_parts() {
    let body = [
        p("Title", "First report"),
        p("1", "Summary"),
        p("", "Body one"),
        p("Title", "Second report"),
        p("Title", "(continued title)"),
        p("1", "Plans"),
        p("", "Body two"),
    ]
    .concat();
    let doc = import(&TestDocx::new(&body).styles(HEADING_STYLES));
    let titles: Vec<String> = doc
        .parts
        .iter()
        .map(|p| docpipe_core::walk::plain_text(p.title.as_deref().unwrap_or(&[])))
        .collect();
    assert_eq!(titles, ["First report", "Second report\n(continued title)"]);
    let counts: Vec<usize> = doc.parts.iter().map(|p| p.blocks.len()).collect();
    assert_eq!(counts, [2, 2]);
    assert!(!json(&doc).contains("docpipe-part-title"));
}
