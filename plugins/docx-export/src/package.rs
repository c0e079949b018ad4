//! Assembling the DOCX package: every part, its relationships and content types, in a
//! fixed order with fixed timestamps so that the same document gives the same bytes.

use std::io::Write;

use docpipe_core::model::{Block, Document, HeaderFooterKind, NoteKind};
use docpipe_core::walk::block_text;

use crate::layout::{Layout, StyleKind, XML_DECL};
use crate::template::Template;
use crate::writer::{list_indent, Rel, Writer, NS};
use crate::xml::{escape, push_escaped};

/// The built package and what went wrong along the way.
pub struct Built {
    /// The DOCX bytes.
    pub bytes: Vec<u8>,
    /// Warnings for the context.
    pub warnings: Vec<String>,
}

/// A part of the package: its name, its bytes, and whether to compress it.
struct Entry {
    name: String,
    data: Vec<u8>,
    deflate: bool,
}

/// A header or footer part to write.
struct HfPart {
    root: &'static str,
    kind: HeaderFooterKind,
    xml: String,
    rels: Vec<(String, String, String, bool)>,
}

const REL_BASE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT_BASE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// Builds the DOCX for `doc` in `layout`, with an optional template; `level` is the
/// deflate level (0 stores the parts uncompressed).
pub fn build(
    doc: &Document,
    layout: &Layout,
    template: Option<&Template>,
    level: i64,
) -> std::io::Result<Built> {
    let tpl_styles =
        template.and_then(|t| t.styles_xml.as_deref().map(|x| (x, t.styles.as_slice())));
    let (styles_xml, style_map) = crate::styles::build(layout, tpl_styles);
    let mut w = Writer::new(doc, layout, &style_map);
    let mut warnings: Vec<String> = template.map(|t| t.warnings.clone()).unwrap_or_default();

    // Body.
    let mut body = String::with_capacity(4096 + doc.parts.len() * 1024);
    body.push_str(XML_DECL);
    body.push_str("<w:document ");
    body.push_str(NS);
    body.push_str("><w:body>");
    let before = body.len();
    w.body(&mut body);
    if body.len() == before {
        // An empty document still has one paragraph.
        body.push_str("<w:p/>");
    }
    let mut doc_rels = w.take_rels();

    // Notes and comments, each with its own relationships.
    let mut entries: Vec<Entry> = Vec::new();
    let mut extra_parts: Vec<(String, &'static str, String)> = Vec::new(); // (part, content type, rel type)
    let push_story = |entries: &mut Vec<Entry>, name: &str, xml: String, rels: Vec<Rel>| {
        entries.push(Entry {
            name: format!("word/{name}"),
            data: xml.into_bytes(),
            deflate: true,
        });
        if !rels.is_empty() {
            entries.push(Entry {
                name: format!("word/_rels/{name}.rels"),
                data: rels_xml(
                    rels.iter()
                        .map(|r| (r.id.as_str(), r.typ, r.target.as_str(), r.external)),
                )
                .into_bytes(),
                deflate: true,
            });
        }
    };
    if !w.footnotes.is_empty() {
        let x = w.notes_xml(NoteKind::Footnote);
        let r = w.take_rels();
        push_story(&mut entries, "footnotes.xml", x, r);
        extra_parts.push((
            "footnotes.xml".into(),
            "footnotes",
            format!("{REL_BASE}/footnotes"),
        ));
    }
    if !w.endnotes.is_empty() {
        let x = w.notes_xml(NoteKind::Endnote);
        let r = w.take_rels();
        push_story(&mut entries, "endnotes.xml", x, r);
        extra_parts.push((
            "endnotes.xml".into(),
            "endnotes",
            format!("{REL_BASE}/endnotes"),
        ));
    }
    if !doc.comments.is_empty() {
        let x = w.comments_xml();
        let r = w.take_rels();
        push_story(&mut entries, "comments.xml", x, r);
        extra_parts.push((
            "comments.xml".into(),
            "comments",
            format!("{REL_BASE}/comments"),
        ));
    }

    // Headers and footers.
    let mut hf: Vec<HfPart> = Vec::new();
    let mut tpl_media: Vec<(String, Vec<u8>)> = Vec::new();
    let use_template_hf = template.is_some_and(|t| !t.headers.is_empty() || !t.footers.is_empty());
    if let (true, Some(t)) = (use_template_hf, template) {
        for (root, list) in [("hdr", &t.headers), ("ftr", &t.footers)] {
            for p in list {
                hf.push(HfPart {
                    root,
                    kind: p.kind,
                    xml: p.xml.clone(),
                    rels: p
                        .rels
                        .iter()
                        .map(|r| (r.id.clone(), r.typ.clone(), r.target.clone(), r.external))
                        .collect(),
                });
                tpl_media.extend(p.media.iter().cloned());
            }
        }
    } else {
        model_headers_footers(doc, layout, style_map.id("Footer"), &mut w, &mut hf);
    }
    let title_pg = hf.iter().any(|p| p.kind == HeaderFooterKind::First);
    let even_odd = hf.iter().any(|p| p.kind == HeaderFooterKind::Even);
    let mut refs = String::new();
    let (mut nh, mut nf) = (0, 0);
    for p in &hf {
        let (n, el) = if p.root == "hdr" {
            nh += 1;
            (nh, "header")
        } else {
            nf += 1;
            (nf, "footer")
        };
        let name = format!("{el}{n}.xml");
        let rid = format!("rId{}{n}", if el == "header" { "Header" } else { "Footer" });
        let kind = match p.kind {
            HeaderFooterKind::Default => "default",
            HeaderFooterKind::First => "first",
            HeaderFooterKind::Even => "even",
        };
        refs.push_str(&format!(
            "<w:{el}Reference w:type=\"{kind}\" r:id=\"{rid}\"/>"
        ));
        entries.push(Entry {
            name: format!("word/{name}"),
            data: p.xml.clone().into_bytes(),
            deflate: true,
        });
        if !p.rels.is_empty() {
            entries.push(Entry {
                name: format!("word/_rels/{name}.rels"),
                data: rels_xml(p.rels.iter().map(|(id, typ, target, ext)| {
                    (id.as_str(), typ.as_str(), target.as_str(), *ext)
                }))
                .into_bytes(),
                deflate: true,
            });
        }
        doc_rels.push(Rel {
            id: rid,
            typ: if el == "header" {
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
            } else {
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
            },
            target: name,
            external: false,
        });
    }

    // Section properties close the body.
    body.push_str("<w:sectPr>");
    body.push_str(&refs);
    match template.and_then(|t| t.sect_pr.as_deref()) {
        Some(s) => {
            if title_pg && !s.contains("<w:titlePg") {
                // Keep schema order: titlePg goes before textDirection/bidi/rtlGutter/docGrid.
                match ["<w:textDirection", "<w:bidi", "<w:rtlGutter", "<w:docGrid"]
                    .iter()
                    .filter_map(|t| s.find(t))
                    .min()
                {
                    Some(pos) => {
                        body.push_str(&s[..pos]);
                        body.push_str("<w:titlePg/>");
                        body.push_str(&s[pos..]);
                    }
                    None => {
                        body.push_str(s);
                        body.push_str("<w:titlePg/>");
                    }
                }
            } else {
                body.push_str(s)
            }
        }
        None => body.push_str(&layout.sect_pr_tail(title_pg)),
    }
    body.push_str("</w:sectPr></w:body></w:document>");
    warnings.append(&mut w.warnings);

    // Fixed relationships of the main document.
    let mut fixed = vec![
        (
            "rIdStyles",
            format!("{REL_BASE}/styles"),
            "styles.xml".to_string(),
        ),
        (
            "rIdSettings",
            format!("{REL_BASE}/settings"),
            "settings.xml".to_string(),
        ),
        (
            "rIdFontTable",
            format!("{REL_BASE}/fontTable"),
            "fontTable.xml".to_string(),
        ),
    ];
    let numbering = (!w.nums.is_empty()).then(|| numbering_xml(layout, &w.nums));
    if numbering.is_some() {
        fixed.push((
            "rIdNumbering",
            format!("{REL_BASE}/numbering"),
            "numbering.xml".to_string(),
        ));
    }
    let extra_ids: Vec<String> = extra_parts
        .iter()
        .map(|(p, _, _)| format!("rId{}", p.trim_end_matches(".xml")))
        .collect();
    let mut all_rels: Vec<(String, String, String, bool)> = fixed
        .into_iter()
        .map(|(id, t, target)| (id.to_string(), t, target, false))
        .collect();
    for ((p, _, typ), id) in extra_parts.iter().zip(&extra_ids) {
        all_rels.push((id.clone(), typ.clone(), p.clone(), false));
    }
    all_rels.extend(
        doc_rels
            .into_iter()
            .map(|r| (r.id, r.typ.to_string(), r.target, r.external)),
    );

    // Content types.
    let mut ct = String::from(XML_DECL);
    ct.push_str("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    let mut exts: Vec<&str> = w
        .media
        .iter()
        .map(|m| m.name.rsplit('.').next().unwrap_or(""))
        .chain(
            tpl_media
                .iter()
                .map(|(n, _)| n.rsplit('.').next().unwrap_or("")),
        )
        .collect();
    exts.sort_unstable();
    exts.dedup();
    for e in exts {
        let mt = match e {
            "png" => "image/png",
            "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "bmp" => "image/bmp",
            "tiff" => "image/tiff",
            "emf" => "image/x-emf",
            "wmf" => "image/x-wmf",
            _ => continue,
        };
        ct.push_str(&format!(
            "<Default Extension=\"{e}\" ContentType=\"{mt}\"/>"
        ));
    }
    let mut overrides = vec![
        (
            "/word/document.xml".to_string(),
            format!("{CT_BASE}.document.main+xml"),
        ),
        (
            "/word/styles.xml".to_string(),
            format!("{CT_BASE}.styles+xml"),
        ),
        (
            "/word/settings.xml".to_string(),
            format!("{CT_BASE}.settings+xml"),
        ),
        (
            "/word/fontTable.xml".to_string(),
            format!("{CT_BASE}.fontTable+xml"),
        ),
    ];
    if numbering.is_some() {
        overrides.push((
            "/word/numbering.xml".into(),
            format!("{CT_BASE}.numbering+xml"),
        ));
    }
    for (p, ctn, _) in &extra_parts {
        overrides.push((format!("/word/{p}"), format!("{CT_BASE}.{ctn}+xml")));
    }
    let (mut nh, mut nf) = (0, 0);
    for p in &hf {
        if p.root == "hdr" {
            nh += 1;
            overrides.push((
                format!("/word/header{nh}.xml"),
                format!("{CT_BASE}.header+xml"),
            ));
        } else {
            nf += 1;
            overrides.push((
                format!("/word/footer{nf}.xml"),
                format!("{CT_BASE}.footer+xml"),
            ));
        }
    }
    overrides.push((
        "/docProps/core.xml".into(),
        "application/vnd.openxmlformats-package.core-properties+xml".into(),
    ));
    overrides.push((
        "/docProps/app.xml".into(),
        "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
    ));
    let custom = custom_xml(doc);
    if custom.is_some() {
        overrides.push((
            "/docProps/custom.xml".into(),
            "application/vnd.openxmlformats-officedocument.custom-properties+xml".into(),
        ));
    }
    for (part, ctn) in &overrides {
        ct.push_str(&format!(
            "<Override PartName=\"{part}\" ContentType=\"{ctn}\"/>"
        ));
    }
    ct.push_str("</Types>");

    let mut root_rels = vec![
        ("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "word/document.xml"),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
        ("rId3", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties", "docProps/app.xml"),
    ];
    if custom.is_some() {
        root_rels.push((
            "rId4",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
            "docProps/custom.xml",
        ));
    }

    // The package, in a fixed order.
    let mut ordered: Vec<Entry> = vec![
        Entry {
            name: "[Content_Types].xml".into(),
            data: ct.into_bytes(),
            deflate: true,
        },
        Entry {
            name: "_rels/.rels".into(),
            data: rels_xml(root_rels.into_iter().map(|(a, b, c)| (a, b, c, false))).into_bytes(),
            deflate: true,
        },
        Entry {
            name: "docProps/core.xml".into(),
            data: core_xml(doc).into_bytes(),
            deflate: true,
        },
        Entry {
            name: "docProps/app.xml".into(),
            data: app_xml(doc).into_bytes(),
            deflate: true,
        },
    ];
    if let Some(c) = custom {
        ordered.push(Entry {
            name: "docProps/custom.xml".into(),
            data: c.into_bytes(),
            deflate: true,
        });
    }
    ordered.push(Entry {
        name: "word/document.xml".into(),
        data: body.into_bytes(),
        deflate: true,
    });
    ordered.push(Entry {
        name: "word/_rels/document.xml.rels".into(),
        data: rels_xml(
            all_rels
                .iter()
                .map(|(id, t, target, ext)| (id.as_str(), t.as_str(), target.as_str(), *ext)),
        )
        .into_bytes(),
        deflate: true,
    });
    ordered.push(Entry {
        name: "word/styles.xml".into(),
        data: styles_xml.into_bytes(),
        deflate: true,
    });
    ordered.push(Entry {
        name: "word/settings.xml".into(),
        data: settings_xml(layout, even_odd).into_bytes(),
        deflate: true,
    });
    ordered.push(Entry {
        name: "word/fontTable.xml".into(),
        data: layout.font_table_xml().into_bytes(),
        deflate: true,
    });
    if let Some(n) = numbering {
        ordered.push(Entry {
            name: "word/numbering.xml".into(),
            data: n.into_bytes(),
            deflate: true,
        });
    }
    ordered.extend(entries);
    for m in &w.media {
        ordered.push(Entry {
            name: format!("word/media/{}", m.name),
            data: m.data.to_vec(),
            deflate: false,
        });
    }
    for (name, data) in tpl_media {
        ordered.push(Entry {
            name: format!("word/media/{name}"),
            data,
            deflate: false,
        });
    }
    let bytes = zip_entries(&ordered, level)?;
    Ok(Built { bytes, warnings })
}

fn zip_entries(entries: &[Entry], level: i64) -> std::io::Result<Vec<u8>> {
    let total: usize = entries.iter().map(|e| e.data.len()).sum();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(total / 4 + 1024)));
    let base = zip::write::SimpleFileOptions::default()
        // Fixed time stamp (1980-01-01 00:00) and permissions: identical input, identical bytes.
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for e in entries {
        let opts = if e.deflate && level > 0 {
            base.compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(level))
        } else {
            base.compression_method(zip::CompressionMethod::Stored)
        };
        zip.start_file(e.name.as_str(), opts)
            .map_err(std::io::Error::other)?;
        zip.write_all(&e.data)?;
    }
    let cursor = zip.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

/// Headers and footers from the model; in the 公文 layout footers carry the page number
/// as `— N —` on the outer side (GB/T 9704-2012 §7.5: odd pages right, even pages left,
/// one character in from the edge of the type area).
fn model_headers_footers<'a>(
    doc: &'a Document,
    layout: &Layout,
    footer_style: &str,
    w: &mut Writer<'a>,
    out: &mut Vec<HfPart>,
) {
    let gbt = layout.kind == StyleKind::Gbt9704;
    let has = |list: &[docpipe_core::model::HeaderFooter], k| list.iter().any(|h| h.kind == k);
    let title_pg =
        has(&doc.headers, HeaderFooterKind::First) || has(&doc.footers, HeaderFooterKind::First);
    let even_odd = gbt
        || has(&doc.headers, HeaderFooterKind::Even)
        || has(&doc.footers, HeaderFooterKind::Even);
    let mut kinds = vec![HeaderFooterKind::Default];
    if even_odd {
        kinds.push(HeaderFooterKind::Even);
    }
    if title_pg {
        kinds.push(HeaderFooterKind::First);
    }
    for (root, list) in [("hdr", &doc.headers), ("ftr", &doc.footers)] {
        for &kind in &kinds {
            let mut blocks = Writer::model_blocks(list, kind);
            if blocks.is_empty() && kind == HeaderFooterKind::Even {
                blocks = Writer::model_blocks(list, HeaderFooterKind::Default);
            }
            let tail = if root == "ftr" && gbt {
                blocks.retain(|b| !is_page_number(b));
                page_number_paragraph(layout, footer_style, kind == HeaderFooterKind::Even)
            } else {
                String::new()
            };
            if blocks.is_empty() && tail.is_empty() && !(list.iter().any(|h| h.kind == kind)) {
                continue;
            }
            let xml = w.header_footer_xml(root, &blocks, &tail);
            let rels = w
                .take_rels()
                .into_iter()
                .map(|r| (r.id, r.typ.to_string(), r.target, r.external))
                .collect();
            out.push(HfPart {
                root,
                kind,
                xml,
                rels,
            });
        }
    }
}

/// True for a footer paragraph that only shows a page number (`— 3 —`, `- 3 -`, `3`),
/// which the 公文 footer replaces with its own.
fn is_page_number(b: &Block) -> bool {
    let Block::Paragraph(_) = b else {
        return false;
    };
    let t = block_text(b);
    let rest: String = t
        .chars()
        .filter(|c| !matches!(c, '—' | '–' | '-' | '－' | ' ' | '\u{3000}' | '\t'))
        .collect();
    !t.trim().is_empty() && rest.chars().all(|c| c.is_ascii_digit())
}

fn page_number_paragraph(layout: &Layout, style: &str, even: bool) -> String {
    let rpr = layout.page_number_rpr();
    // One character of 4号 (14 pt = 280 twips) in from the edge (§7.5).
    let (ind, jc) = if even {
        ("w:left=\"280\"", "left")
    } else {
        ("w:right=\"280\"", "right")
    };
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{}\"/><w:ind {ind} w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"{jc}\"/></w:pPr><w:r>{rpr}<w:t xml:space=\"preserve\">— </w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>{rpr}<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r>{rpr}<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r>{rpr}<w:t>1</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType=\"end\"/></w:r><w:r>{rpr}<w:t xml:space=\"preserve\"> —</w:t></w:r></w:p>",
        escape(style)
    )
}

fn rels_xml<'s>(rels: impl Iterator<Item = (&'s str, &'s str, &'s str, bool)>) -> String {
    let mut s = String::from(XML_DECL);
    s.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (id, typ, target, external) in rels {
        s.push_str("<Relationship Id=\"");
        push_escaped(&mut s, id);
        s.push_str("\" Type=\"");
        push_escaped(&mut s, typ);
        s.push_str("\" Target=\"");
        push_escaped(&mut s, target);
        s.push('"');
        if external {
            s.push_str(" TargetMode=\"External\"");
        }
        s.push_str("/>");
    }
    s.push_str("</Relationships>");
    s
}

fn settings_xml(layout: &Layout, even_odd: bool) -> String {
    let mut s = String::from(XML_DECL);
    s.push_str("<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:zoom w:percent=\"100\"/>");
    let tab = if layout.kind == StyleKind::Gbt9704 {
        420
    } else {
        720
    };
    s.push_str(&format!("<w:defaultTabStop w:val=\"{tab}\"/>"));
    if even_odd {
        s.push_str("<w:evenAndOddHeaders/>");
    }
    s.push_str("<w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>");
    s.push_str(&format!(
        "<w:themeFontLang w:val=\"{}\" w:eastAsia=\"zh-CN\"/>",
        escape(&layout.lang)
    ));
    s.push_str("</w:settings>");
    s
}

fn numbering_xml(layout: &Layout, nums: &[crate::writer::NumInstance]) -> String {
    let mut s = String::from(XML_DECL);
    s.push_str(
        "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    let hanging = if layout.kind == StyleKind::Gbt9704 {
        640
    } else {
        360
    };
    // abstractNum 0: bullets; 1: numbers (1. a. i. repeating).
    for (abs, ordered) in [(0, false), (1, true)] {
        s.push_str(&format!("<w:abstractNum w:abstractNumId=\"{abs}\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"));
        for lvl in 0..9u32 {
            let (fmt, text, font) = if ordered {
                match lvl % 3 {
                    0 => ("decimal", format!("%{}.", lvl + 1), ""),
                    1 => ("lowerLetter", format!("%{}.", lvl + 1), ""),
                    _ => ("lowerRoman", format!("%{}.", lvl + 1), ""),
                }
            } else {
                match lvl % 3 {
                    0 => ("bullet", "\u{2022}".to_string(), "<w:rPr><w:rFonts w:ascii=\"Symbol\" w:hAnsi=\"Symbol\" w:hint=\"default\"/></w:rPr>"),
                    1 => ("bullet", "o".to_string(), "<w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\" w:hint=\"default\"/></w:rPr>"),
                    _ => ("bullet", "\u{25AA}".to_string(), ""),
                }
            };
            let font = if ordered || lvl % 3 != 0 { font } else { "" };
            s.push_str(&format!(
                "<w:lvl w:ilvl=\"{lvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"{hanging}\"/></w:pPr>{font}</w:lvl>",
                list_indent(layout, lvl)
            ));
        }
        s.push_str("</w:abstractNum>");
    }
    // Lists whose labels the source showed in another format get their own definition:
    // the default one with that list's level changed.
    let mut custom = Vec::new();
    for (i, n) in nums.iter().enumerate() {
        let Some((fmt, prefix, suffix)) = &n.format else {
            continue;
        };
        let lvl_text = if *fmt == "bullet" {
            escape(prefix)
        } else {
            format!("{}%{}{}", escape(prefix), n.ilvl + 1, escape(suffix))
        };
        if lvl_text == default_lvl_text(n.ordered, n.ilvl) && *fmt == default_fmt(n.ordered, n.ilvl)
        {
            continue;
        }
        let abs = 2 + i;
        s.push_str(&format!("<w:abstractNum w:abstractNumId=\"{abs}\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"));
        for lvl in 0..9u32 {
            let (f, t) = if lvl == n.ilvl {
                (*fmt, lvl_text.clone())
            } else {
                (
                    default_fmt(n.ordered, lvl),
                    default_lvl_text(n.ordered, lvl),
                )
            };
            s.push_str(&format!(
                "<w:lvl w:ilvl=\"{lvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{f}\"/><w:lvlText w:val=\"{t}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"{hanging}\"/></w:pPr></w:lvl>",
                list_indent(layout, lvl)
            ));
        }
        s.push_str("</w:abstractNum>");
        custom.push((i, abs));
    }
    for (i, n) in nums.iter().enumerate() {
        let abs = match custom.iter().find(|(c, _)| *c == i) {
            Some((_, a)) => *a,
            None if n.ordered => 1,
            None => 0,
        };
        s.push_str(&format!(
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{abs}\"/>",
            i + 1
        ));
        if n.ordered || abs > 1 {
            // Each list restarts (Word continues lists sharing an abstractNum otherwise).
            s.push_str(&format!(
                "<w:lvlOverride w:ilvl=\"{}\"><w:startOverride w:val=\"{}\"/></w:lvlOverride>",
                n.ilvl, n.start
            ));
        }
        s.push_str("</w:num>");
    }
    s.push_str("</w:numbering>");
    s
}

fn default_fmt(ordered: bool, lvl: u32) -> &'static str {
    match (ordered, lvl % 3) {
        (false, _) => "bullet",
        (true, 0) => "decimal",
        (true, 1) => "lowerLetter",
        (true, _) => "lowerRoman",
    }
}

fn default_lvl_text(ordered: bool, lvl: u32) -> String {
    match (ordered, lvl % 3) {
        (true, _) => format!("%{}.", lvl + 1),
        (false, 0) => "\u{2022}".into(),
        (false, 1) => "o".into(),
        (false, _) => "\u{25AA}".into(),
    }
}

/// True for a W3C date-time (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a full date and time
/// with an optional fraction and zone), the form `docProps/core.xml` requires.
pub fn is_w3c_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if !digits(0..4) {
        return false;
    }
    match b.len() {
        4 => return true,
        7 => return b[4] == b'-' && digits(5..7),
        10 => return b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => {}
    }
    if b.len() < 16
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || b[10] != b'T'
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
    {
        return false;
    }
    let mut i = 16;
    if b.get(i) == Some(&b':') {
        if !digits(i + 1..i + 3) {
            return false;
        }
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return false;
            }
        }
    }
    match &b[i..] {
        b"" | b"Z" => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn core_xml(doc: &Document) -> String {
    let m = &doc.meta;
    let mut s = String::from(XML_DECL);
    s.push_str("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    let mut el = |tag: &str, v: Option<&str>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            s.push_str(&format!("<{tag}>"));
            push_escaped(&mut s, v);
            s.push_str(&format!("</{}>", tag.split(' ').next().unwrap_or(tag)));
        }
    };
    el("dc:title", m.title.as_deref());
    el("dc:subject", m.subject.as_deref());
    let authors = m.authors.join("; ");
    el("dc:creator", Some(authors.as_str()));
    let keywords = m.keywords.join(", ");
    el("cp:keywords", Some(keywords.as_str()));
    el("dc:description", m.description.as_deref());
    el("cp:lastModifiedBy", m.last_modified_by.as_deref());
    el("dc:language", m.language.as_deref());
    let created = m.created.as_deref().filter(|d| is_w3c_datetime(d));
    el("dcterms:created xsi:type=\"dcterms:W3CDTF\"", created);
    let modified = m.modified.as_deref().filter(|d| is_w3c_datetime(d));
    el("dcterms:modified xsi:type=\"dcterms:W3CDTF\"", modified);
    s.push_str("</cp:coreProperties>");
    s
}

fn app_xml(doc: &Document) -> String {
    let mut s = String::from(XML_DECL);
    s.push_str("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>docpipe</Application><DocSecurity>0</DocSecurity>");
    for (tag, v) in [
        ("Manager", &doc.meta.manager),
        ("Company", &doc.meta.company),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            s.push_str(&format!("<{tag}>"));
            push_escaped(&mut s, v);
            s.push_str(&format!("</{tag}>"));
        }
    }
    s.push_str("<AppVersion>1.0000</AppVersion></Properties>");
    s
}

fn custom_xml(doc: &Document) -> Option<String> {
    if doc.meta.custom.is_empty() {
        return None;
    }
    let mut s = String::from(XML_DECL);
    s.push_str("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">");
    let mut pid = 2;
    for (k, v) in &doc.meta.custom {
        if k.trim().is_empty() {
            continue;
        }
        s.push_str(&format!(
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{pid}\" name=\""
        ));
        push_escaped(&mut s, k);
        s.push_str("\"><vt:lpwstr>");
        push_escaped(&mut s, v);
        s.push_str("</vt:lpwstr></property>");
        pid += 1;
    }
    s.push_str("</Properties>");
    Some(s)
}

/// Page width and left/right margins from a template's `w:sectPr` content, in twips.
pub fn template_page(sect: &str) -> Option<(u32, u32, u32)> {
    let attr = |el: &str, name: &str| -> Option<u32> {
        let start = sect.find(&format!("<{el} "))?;
        let rest = &sect[start..];
        let end = rest.find('>')?;
        let tag = &rest[..end];
        let key = format!(" {name}=\"");
        let p = tag.find(&key)? + key.len();
        let v = &tag[p..];
        let q = v.find('"')?;
        v[..q]
            .trim()
            .parse::<i64>()
            .ok()
            .map(|x| x.clamp(0, 1_000_000) as u32)
    };
    Some((
        attr("w:pgSz", "w:w")?,
        attr("w:pgMar", "w:left").unwrap_or(1440),
        attr("w:pgMar", "w:right").unwrap_or(1440),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w3c_dates() {
        for ok in [
            "2024",
            "2024-05",
            "2024-05-06",
            "2024-05-06T10:00Z",
            "2024-05-06T10:00:00.5+08:00",
            "2024-05-06T10:00:00",
        ] {
            assert!(is_w3c_datetime(ok), "{ok}");
        }
        for bad in [
            "",
            "May 2024",
            "2024/05/06",
            "2024-05-06 10:00",
            "2024-05-06T10:00:00+8",
        ] {
            assert!(!is_w3c_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn page_number_footers_are_recognised() {
        use docpipe_core::model::{Inline, Paragraph};
        let p = |t: &str| {
            Block::Paragraph(Paragraph {
                content: vec![Inline::text(t)],
                align: None,
            })
        };
        assert!(is_page_number(&p("— 3 —")));
        assert!(is_page_number(&p("- 12 -")));
        assert!(!is_page_number(&p("机密")));
        assert!(!is_page_number(&p("")));
    }

    #[test]
    fn template_page_sizes() {
        assert_eq!(template_page("<w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1\" w:left=\"1000\" w:right=\"900\"/>"), Some((12240, 1000, 900)));
        assert_eq!(template_page("<w:cols/>"), None);
    }
}
