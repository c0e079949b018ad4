//! End-to-end tests: docx_import. A DOCX is built here (a stored zip written by hand),
//! converted to json, txt and html and inspected through the real binary; unreadable
//! files fail alone with a message naming them and saying what is wrong.

use crate::util::*;

/// CRC-32 (IEEE), bit by bit: enough for small fixtures.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive with stored (uncompressed) entries.
fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let (name, data) = (name.as_bytes(), data.as_bytes());
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0x0800u16.to_le_bytes()); // flags: UTF-8 names
            h.extend(0u16.to_le_bytes()); // stored
            h.extend(0u32.to_le_bytes()); // time, date
            h.extend(crc.to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment len, disk, internal attrs
                h.extend(0u32.to_le_bytes()); // external attrs
                h.extend(offset.to_le_bytes());
            }
            h.extend(name);
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn sample_docx() -> Vec<u8> {
    let p = |style: &str, num: &str, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let num = r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#;
    let body = [
        p("Title", "", "工作总结"),
        p("1", num, "总体情况"),
        r#"<w:p><w:r><w:t>今年以来，各项工作稳步推进。</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:del><w:r><w:delText>已删除的文字</w:delText></w:r></w:del></w:p>"#.to_string(),
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格单元</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_string(),
        p("1", num, "下一步打算"),
        p("", "", "继续努力。"),
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>"#.to_string(),
    ]
    .concat();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
    );
    let styles = format!(
        r#"<w:styles {NS}><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>"#
    );
    let numbering = format!(
        r#"<w:numbering {NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let footnotes = format!(
        r#"<w:footnotes {NS}><w:footnote w:id="1"><w:p><w:r><w:t>脚注内容</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let header = format!(r#"<w:hdr {NS}><w:p><w:r><w:t>页眉文字</w:t></w:r></w:p></w:hdr>"#);
    let rel = |id: &str, kind: &str, target: &str| {
        format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        )
    };
    let doc_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}{}{}{}</Relationships>"#,
        rel("rIdS", "styles", "styles.xml"),
        rel("rIdN", "numbering", "numbering.xml"),
        rel("rIdF", "footnotes", "footnotes.xml"),
        rel("rIdH", "header", "header1.xml"),
    );
    let root_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>"#,
        rel("rId1", "officeDocument", "word/document.xml")
    );
    zip(&[
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
        ),
        ("_rels/.rels", &root_rels),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", &doc_rels),
        ("word/styles.xml", &styles),
        ("word/numbering.xml", &numbering),
        ("word/footnotes.xml", &footnotes),
        ("word/header1.xml", &header),
    ])
}

#[test]
fn built_docx_converts_to_json_txt_html_and_inspects() {
    let dir = tempdir();
    write(dir.path(), "report.docx", &sample_docx());
    let json = run_in(dir.path(), &["convert", "report.docx", "-t", "json"]);
    check_stderr(&json, "report.docx");
    assert_eq!(code(&json), 0, "{}", stderr_text(&json));
    let v: serde_json::Value = match serde_json::from_slice(&json.stdout) {
        Ok(v) => v,
        Err(e) => panic!("not JSON: {e}"),
    };
    let blocks = &v["parts"][0]["blocks"];
    assert_eq!(blocks[0]["type"], "heading");
    assert_eq!(blocks[0]["label"], "一、");
    assert_eq!(v["parts"][0]["title"][0]["text"], "工作总结");
    let text = stdout_text(&json);
    for needle in ["二、", "表格单元", "脚注内容", "页眉文字"] {
        assert!(text.contains(needle), "{needle} missing from {text}");
    }
    assert!(
        !text.contains("已删除的文字"),
        "a tracked deletion survived"
    );

    for fmt in ["txt", "html"] {
        let out = run_in(dir.path(), &["convert", "report.docx", "-t", fmt]);
        check_stderr(&out, "report.docx");
        assert_eq!(code(&out), 0, "{fmt}: {}", stderr_text(&out));
        let s = stdout_text(&out);
        assert!(
            s.contains("总体情况") && s.contains("继续努力"),
            "{fmt}: {s}"
        );
        assert!(
            !s.contains("已删除的文字"),
            "{fmt}: a tracked deletion survived"
        );
    }

    let inspect = run_in(dir.path(), &["inspect", "report.docx", "--json"]);
    check_stderr(&inspect, "report.docx");
    assert_eq!(code(&inspect), 0, "{}", stderr_text(&inspect));
    let s = stdout_text(&inspect);
    assert!(s.contains("总体情况") && s.contains("下一步打算"), "{s}");
}

#[test]
fn unreadable_files_fail_alone_with_a_specific_message() {
    let dir = tempdir();
    let mut lock = vec![0u8; 162];
    lock[0] = 3;
    lock[1..4].copy_from_slice(b"Ann");
    lock[54] = 3;
    for (i, c) in "Ann".encode_utf16().enumerate() {
        lock[56 + 2 * i..58 + 2 * i].copy_from_slice(&c.to_le_bytes());
    }
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 504]);
    ole.extend(
        "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("~$report.docx", lock, "Word lock file, not a document"),
        (
            "secret.docx",
            ole,
            "password-protected (encrypted) document",
        ),
        (
            "broken.docx",
            b"PK\x03\x04 this is not a zip".to_vec(),
            "corrupt zip",
        ),
        (
            "empty.docx",
            zip(&[("a.txt", "x")]),
            "not a DOCX: no word/document.xml",
        ),
    ];
    for (name, bytes, message) in cases {
        write(dir.path(), name, &bytes);
        let out = run_in(dir.path(), &["convert", name, "-t", "json"]);
        let err = check_stderr(&out, name);
        assert_eq!(code(&out), 1, "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
    }
}

#[test]
fn corpus_chinese_report_keeps_its_automatic_labels() {
    let Some(shared) = shared() else { return };
    let file =
        shared.join("corpus/docx/chatchat__行标编制说明（核电厂定期安全审查_第12部分：设计）.docx");
    if !file.is_file() {
        eprintln!("note: {} absent; skipping", file.display());
        return;
    }
    let path = file.to_string_lossy().into_owned();
    let out = run(&["convert", &path, "-t", "json"], b"");
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let s: String = stdout_text(&out).split_whitespace().collect();
    assert!(s.contains(r#""label":"一、""#), "no 一、 label");
    let out = run(&["inspect", &path, "--json"], b"");
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    assert!(stdout_text(&out).contains("任务来源及计划要求"));
}
