//! A tiny DOCX writer for the tests: builds packages from XML strings.

use std::io::Write;

use zip::write::SimpleFileOptions;

pub(crate) const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;

/// A DOCX under construction.
#[derive(Default)]
pub(crate) struct TestDocx {
    files: Vec<(String, Vec<u8>)>,
    rels: Vec<(String, String, String)>,
    body: String,
    raw_document: Option<String>,
}

impl TestDocx {
    /// A document whose `w:body` holds `body`.
    pub(crate) fn new(body: &str) -> TestDocx {
        TestDocx {
            body: body.to_string(),
            ..TestDocx::default()
        }
    }

    /// Replaces the whole `word/document.xml`.
    pub(crate) fn raw_document(mut self, xml: &str) -> TestDocx {
        self.raw_document = Some(xml.to_string());
        self
    }

    /// Adds `word/styles.xml` with these `w:style` elements.
    pub(crate) fn styles(self, styles: &str) -> TestDocx {
        let xml = format!("<w:styles {NS}>{styles}</w:styles>");
        self.word_part("styles.xml", "styles", "rIdStyles", &xml)
    }

    /// Adds `word/numbering.xml` with this content.
    pub(crate) fn numbering(self, content: &str) -> TestDocx {
        let xml = format!("<w:numbering {NS}>{content}</w:numbering>");
        self.word_part("numbering.xml", "numbering", "rIdNumbering", &xml)
    }

    /// Adds a part under `word/` related to the document with relationship type `kind`
    /// (the last segment of the type URI) and id `rid`.
    pub(crate) fn word_part(mut self, name: &str, kind: &str, rid: &str, xml: &str) -> TestDocx {
        self.files
            .push((format!("word/{name}"), xml.as_bytes().to_vec()));
        self.rels.push((rid.into(), kind.into(), name.into()));
        self
    }

    /// Adds a binary part under `word/` (e.g. an image) related with id `rid`.
    pub(crate) fn media(mut self, name: &str, rid: &str, data: &[u8]) -> TestDocx {
        self.files.push((format!("word/{name}"), data.to_vec()));
        self.rels.push((rid.into(), "image".into(), name.into()));
        self
    }

    /// Adds an external hyperlink relationship.
    pub(crate) fn link(mut self, rid: &str, url: &str) -> TestDocx {
        self.rels
            .push((rid.into(), "hyperlink!".into(), url.into()));
        self
    }

    /// Adds any file at the package root.
    pub(crate) fn file(mut self, name: &str, data: &[u8]) -> TestDocx {
        self.files.push((name.to_string(), data.to_vec()));
        self
    }

    /// The package bytes.
    pub(crate) fn build(&self) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let mut put = |name: &str, data: &[u8]| {
            zip.start_file(name, opts).unwrap();
            zip.write_all(data).unwrap();
        };
        put("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#);
        put("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#);
        let doc = match &self.raw_document {
            Some(d) => d.clone(),
            None => format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{}</w:body></w:document>"#,
                self.body
            ),
        };
        put("word/document.xml", doc.as_bytes());
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (id, kind, target) in &self.rels {
            if let Some(k) = kind.strip_suffix('!') {
                rels.push_str(&format!(r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{k}" Target="{target}" TargetMode="External"/>"#));
            } else {
                rels.push_str(&format!(r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#));
            }
        }
        rels.push_str("</Relationships>");
        put("word/_rels/document.xml.rels", rels.as_bytes());
        for (name, data) in &self.files {
            put(name, data);
        }
        zip.finish().unwrap().into_inner()
    }
}

/// A paragraph with style `style` (may be empty) and plain text.
pub(crate) fn p(style: &str, text: &str) -> String {
    let ppr = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
    };
    format!(r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A numbered paragraph.
pub(crate) fn np(style: &str, num: &str, ilvl: u8, text: &str) -> String {
    let pstyle = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pStyle w:val="{style}"/>"#)
    };
    format!(
        r#"<w:p><w:pPr>{pstyle}<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}
