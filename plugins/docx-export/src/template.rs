//! Reading a reference DOCX (`reference-docx=FILE`): its styles, its page setup and its
//! header and footer parts. The template is untrusted input: sizes are bounded, every
//! part taken is checked to be well-formed XML, and only image and hyperlink
//! relationships of headers and footers are carried over.

use std::collections::HashMap;
use std::io::{Read, Seek};

use docpipe_core::model::HeaderFooterKind;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::writer::media_extension;

/// Largest template file read.
const MAX_FILE: u64 = 64 << 20;
/// Largest single part read from the template.
const MAX_PART: u64 = 16 << 20;
/// Most entries a template may have.
const MAX_ENTRIES: usize = 10_000;

/// A style the template defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateStyle {
    /// `paragraph`, `character`, `table` or `numbering`.
    pub kind: String,
    /// Its `w:styleId`.
    pub id: String,
    /// Its `w:name`.
    pub name: String,
}

/// A relationship of a template header or footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRel {
    /// Its id, unchanged (ids are local to the part).
    pub id: String,
    /// Relationship type URI.
    pub typ: String,
    /// Target: external URL, or `media/NAME` for a copied image.
    pub target: String,
    /// True for external targets.
    pub external: bool,
}

/// A header or footer part taken from the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplatePart {
    /// Which pages it is for.
    pub kind: HeaderFooterKind,
    /// The part's XML, verbatim.
    pub xml: String,
    /// Its relationships.
    pub rels: Vec<TemplateRel>,
    /// Images it uses: (name under `word/media/`, bytes).
    pub media: Vec<(String, Vec<u8>)>,
}

/// What docpipe takes from a reference DOCX.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template {
    /// `styles.xml`, verbatim.
    pub styles_xml: Option<String>,
    /// The styles it defines.
    pub styles: Vec<TemplateStyle>,
    /// Page setup: the content of the body's last `w:sectPr`, without header and footer
    /// references.
    pub sect_pr: Option<String>,
    /// Header parts referenced by that section.
    pub headers: Vec<TemplatePart>,
    /// Footer parts referenced by that section.
    pub footers: Vec<TemplatePart>,
    /// Problems found (parts left out), for warnings.
    pub warnings: Vec<String>,
}

/// A template could not be used.
#[derive(Debug, thiserror::Error)]
#[error("reference DOCX {path}: {message}")]
pub struct TemplateError {
    /// The template's path.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// Reads the template at `path`.
pub fn read_file(path: &str) -> Result<Template, TemplateError> {
    let err = |message: String| TemplateError {
        path: path.to_string(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(format!("cannot read it: {e}")))?;
    if meta.len() > MAX_FILE {
        return Err(err(format!("larger than {} MiB", MAX_FILE >> 20)));
    }
    let bytes = std::fs::read(path).map_err(|e| err(format!("cannot read it: {e}")))?;
    read(&bytes).map_err(err)
}

/// Reads a template from its bytes.
pub fn read(bytes: &[u8]) -> Result<Template, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a DOCX (zip) file: {e}"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!("more than {MAX_ENTRIES} entries"));
    }
    let main = part(&mut zip, "_rels/.rels")?
        .and_then(|x| {
            rels(&x)
                .ok()?
                .into_iter()
                .find(|r| r.typ.ends_with("/officeDocument"))
                .map(|r| r.target.trim_start_matches('/').to_string())
        })
        .unwrap_or_else(|| "word/document.xml".to_string());
    let (dir, file) = match main.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f.to_string()),
        None => (String::new(), main.clone()),
    };
    let doc_xml = part(&mut zip, &main)?.ok_or_else(|| format!("no main document part {main}"))?;
    check_xml(&doc_xml).map_err(|e| format!("{main}: {e}"))?;
    let doc_rels = match part(&mut zip, &format!("{dir}_rels/{file}.rels"))? {
        Some(x) => rels(&x).map_err(|e| format!("{dir}_rels/{file}.rels: {e}"))?,
        None => Vec::new(),
    };
    let by_id: HashMap<&str, &TemplateRel> = doc_rels.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut t = Template::default();

    if let Some(styles_rel) = doc_rels
        .iter()
        .find(|r| r.typ.ends_with("/styles") && !r.external)
    {
        let name = resolve(&dir, &styles_rel.target);
        if let Some(x) = part(&mut zip, &name)? {
            check_xml(&x).map_err(|e| format!("{name}: {e}"))?;
            if !x.contains(
                "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"",
            ) {
                return Err(format!(
                    "{name}: does not use the `w` prefix for WordprocessingML"
                ));
            }
            t.styles = template_styles(&x);
            t.styles_xml = Some(x);
        }
    }

    let (sect, refs) = last_sect_pr(&doc_xml).map_err(|e| format!("{main}: {e}"))?;
    t.sect_pr = sect;
    // At most one header and one footer of each kind: a hostile template could point
    // thousands of references at one large part.
    let mut seen = Vec::new();
    let refs: Vec<_> = refs
        .into_iter()
        .filter(|(h, k, _)| {
            let new = !seen.contains(&(*h, *k));
            seen.push((*h, *k));
            new
        })
        .collect();
    for (i, (is_header, kind, rid)) in refs.into_iter().enumerate() {
        let Some(rel) = by_id.get(rid.as_str()).filter(|r| !r.external) else {
            t.warnings
                .push(format!("header/footer relationship {rid} not found"));
            continue;
        };
        let name = resolve(&dir, &rel.target);
        match header_part(&mut zip, &name, i + 1, kind) {
            Ok(Some(p)) => {
                if is_header {
                    t.headers.push(p)
                } else {
                    t.footers.push(p)
                }
            }
            Ok(None) => t.warnings.push(format!("{name} is missing")),
            Err(e) => t.warnings.push(format!("{name} left out: {e}")),
        }
    }
    Ok(t)
}

fn header_part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    n: usize,
    kind: HeaderFooterKind,
) -> Result<Option<TemplatePart>, String> {
    let Some(xml) = part(zip, name)? else {
        return Ok(None);
    };
    check_xml(&xml)?;
    let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
    let dir = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut out_rels = Vec::new();
    let mut media = Vec::new();
    if let Some(rx) = part(zip, &format!("{dir}_rels/{file}.rels"))? {
        for r in rels(&rx)? {
            if r.external && r.typ.ends_with("/hyperlink") {
                out_rels.push(r);
            } else if !r.external && r.typ.ends_with("/image") {
                let src = resolve(&dir, &r.target);
                let ext = src.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
                let mt = match ext.as_str() {
                    "png" => "image/png",
                    "jpg" | "jpeg" => "image/jpeg",
                    "gif" => "image/gif",
                    "bmp" => "image/bmp",
                    "tif" | "tiff" => "image/tiff",
                    "emf" => "image/x-emf",
                    "wmf" => "image/x-wmf",
                    _ => return Err(format!("image {src} of an unsupported type")),
                };
                let ext = media_extension(mt).unwrap_or("png");
                let data =
                    read_limited(zip, &src)?.ok_or_else(|| format!("image {src} is missing"))?;
                let new_name = format!("template{n}_{}.{ext}", media.len() + 1);
                media.push((new_name.clone(), data));
                out_rels.push(TemplateRel {
                    target: format!("media/{new_name}"),
                    ..r
                });
            } else {
                return Err(format!("relationship of type {} is not supported", r.typ));
            }
        }
    }
    Ok(Some(TemplatePart {
        kind,
        xml,
        rels: out_rels,
        media,
    }))
}

/// A part's bytes, `None` when absent, an error when larger than the limit.
fn read_limited<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name}: {e}")),
    };
    if f.size() > MAX_PART {
        return Err(format!("{name} is larger than {} MiB", MAX_PART >> 20));
    }
    let mut buf = Vec::new();
    (&mut f)
        .take(MAX_PART + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{name}: {e}"))?;
    if buf.len() as u64 > MAX_PART {
        return Err(format!("{name} is larger than {} MiB", MAX_PART >> 20));
    }
    Ok(Some(buf))
}

fn part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, String> {
    match read_limited(zip, name)? {
        None => Ok(None),
        Some(b) => {
            let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b).to_vec();
            String::from_utf8(b)
                .map(Some)
                .map_err(|_| format!("{name} is not UTF-8"))
        }
    }
}

/// A target relative to `dir` (`word/`), with `..` resolved.
fn resolve(dir: &str, target: &str) -> String {
    let full = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Checks that `xml` is well-formed (and has no DTD, which Word refuses).
fn check_xml(xml: &str) -> Result<(), String> {
    let mut r = Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        match r.read_event() {
            Ok(Event::DocType(_)) => return Err("has a DOCTYPE".into()),
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("not well-formed XML: {e}")),
        }
    }
    if depth != 0 || roots != 1 {
        return Err("not well-formed XML: unbalanced elements".into());
    }
    Ok(())
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn rels(xml: &str) -> Result<Vec<TemplateRel>, String> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == b"Relationship" =>
            {
                let (Some(id), Some(typ), Some(target)) =
                    (attr(&e, b"Id"), attr(&e, b"Type"), attr(&e, b"Target"))
                else {
                    continue;
                };
                let external =
                    attr(&e, b"TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("external"));
                out.push(TemplateRel {
                    id,
                    typ,
                    target,
                    external,
                });
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("not well-formed XML: {e}")),
        }
    }
    Ok(out)
}

fn template_styles(xml: &str) -> Vec<TemplateStyle> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<TemplateStyle> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"w:style" => {
                cur = Some(TemplateStyle {
                    kind: attr(&e, b"w:type").unwrap_or_else(|| "paragraph".into()),
                    id: attr(&e, b"w:styleId").unwrap_or_default(),
                    name: String::new(),
                });
            }
            Ok(Event::Empty(e)) if e.name().as_ref() == b"w:name" => {
                if let Some(c) = cur.as_mut() {
                    c.name = attr(&e, b"w:val").unwrap_or_default();
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"w:style" => {
                if let Some(c) = cur.take().filter(|c| !c.id.is_empty()) {
                    out.push(c);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// Children of `w:sectPr` that describe page setup and carry no references.
const SECT_CHILDREN: &[&[u8]] = &[
    b"w:footnotePr",
    b"w:endnotePr",
    b"w:type",
    b"w:pgSz",
    b"w:pgMar",
    b"w:paperSrc",
    b"w:pgBorders",
    b"w:lnNumType",
    b"w:pgNumType",
    b"w:cols",
    b"w:formProt",
    b"w:vAlign",
    b"w:noEndnote",
    b"w:titlePg",
    b"w:textDirection",
    b"w:bidi",
    b"w:rtlGutter",
    b"w:docGrid",
];

type SectRefs = Vec<(bool, HeaderFooterKind, String)>;

/// The content of the body's last `w:sectPr` (page setup children only, `w:`
/// attributes only) and its header/footer references (is header, kind, relationship id).
fn last_sect_pr(xml: &str) -> Result<(Option<String>, SectRefs), String> {
    let mut r = Reader::from_str(xml);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut result: Option<(String, SectRefs)> = None;
    // While inside a body-level sectPr: its writer, refs, and how deep a kept child goes.
    let mut cur: Option<(quick_xml::Writer<Vec<u8>>, SectRefs)> = None;
    let mut skip_depth: Option<usize> = None;
    loop {
        let ev = r
            .read_event()
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.name().as_ref().to_vec();
                if name == b"w:sectPr" && stack.last().is_some_and(|p| p == b"w:body") {
                    cur = Some((quick_xml::Writer::new(Vec::new()), Vec::new()));
                } else if let Some((w, refs)) = cur.as_mut() {
                    let direct = stack.last().is_some_and(|p| p == b"w:sectPr");
                    if skip_depth.is_none() {
                        if direct && !SECT_CHILDREN.contains(&name.as_slice()) {
                            note_ref(&e, refs);
                            skip_depth = Some(stack.len());
                        } else {
                            w.write_event(Event::Start(filtered(&e)))
                                .map_err(|e| e.to_string())?;
                        }
                    }
                }
                stack.push(name);
            }
            Event::Empty(e) => {
                if let Some((w, refs)) = cur.as_mut() {
                    let direct = stack.last().is_some_and(|p| p == b"w:sectPr");
                    if skip_depth.is_none() {
                        if direct && !SECT_CHILDREN.contains(&e.name().as_ref()) {
                            note_ref(&e, refs);
                        } else {
                            w.write_event(Event::Empty(filtered(&e)))
                                .map_err(|e| e.to_string())?;
                        }
                    }
                }
            }
            Event::End(e) => {
                stack.pop();
                if e.name().as_ref() == b"w:sectPr" && stack.last().is_some_and(|p| p == b"w:body")
                {
                    if let Some((w, refs)) = cur.take() {
                        let s = String::from_utf8(w.into_inner()).map_err(|e| e.to_string())?;
                        result = Some((s, refs));
                    }
                } else if let Some((w, _)) = cur.as_mut() {
                    match skip_depth {
                        Some(d) if d == stack.len() => skip_depth = None,
                        Some(_) => {}
                        None => w.write_event(Event::End(e)).map_err(|e| e.to_string())?,
                    }
                }
            }
            _ => {}
        }
    }
    Ok(match result {
        Some((s, refs)) => (Some(s), refs),
        None => (None, Vec::new()),
    })
}

fn note_ref(e: &BytesStart<'_>, refs: &mut SectRefs) {
    let is_header = match e.name().as_ref() {
        b"w:headerReference" => true,
        b"w:footerReference" => false,
        _ => return,
    };
    let kind = match attr(e, b"w:type").as_deref() {
        Some("first") => HeaderFooterKind::First,
        Some("even") => HeaderFooterKind::Even,
        _ => HeaderFooterKind::Default,
    };
    if let Some(id) = attr(e, b"r:id") {
        refs.push((is_header, kind, id));
    }
}

/// A copy of `e` keeping only attributes in the `w:` namespace prefix.
fn filtered(e: &BytesStart<'_>) -> BytesStart<'static> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut out = BytesStart::new(name);
    for a in e.attributes().flatten() {
        if a.key.as_ref().starts_with(b"w:") {
            if let Ok(v) = a.unescape_value() {
                let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                out.push_attribute((key.as_str(), v.as_ref()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_setup_is_taken_without_references() -> Result<(), String> {
        let xml = r#"<w:document xmlns:w="x" xmlns:r="y"><w:body><w:p><w:pPr><w:sectPr><w:pgSz w:w="1"/></w:sectPr></w:pPr></w:p><w:sectPr w:rsidR="00"><w:headerReference w:type="default" r:id="rId7"/><w:footerReference w:type="first" r:id="rId8"/><w:pgSz w:w="11906" w:h="16838" x:bad="1"/><w:pgMar w:top="2098"/><w:printerSettings r:id="rId9"/><w:titlePg/></w:sectPr></w:body></w:document>"#;
        let (s, refs) = last_sect_pr(xml)?;
        assert_eq!(
            s.as_deref(),
            Some(r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098"/><w:titlePg/>"#)
        );
        assert_eq!(
            refs,
            vec![
                (true, HeaderFooterKind::Default, "rId7".to_string()),
                (false, HeaderFooterKind::First, "rId8".to_string())
            ]
        );
        Ok(())
    }

    #[test]
    fn bad_xml_and_paths() {
        assert!(check_xml("<a><b></a>").is_err());
        assert!(check_xml("<!DOCTYPE a><a/>").is_err());
        assert!(check_xml("<a/><b/>").is_err());
        assert!(check_xml("<a><b/></a>").is_ok());
        assert_eq!(resolve("word/", "../media/x.png"), "media/x.png");
        assert_eq!(resolve("word/", "/word/header1.xml"), "word/header1.xml");
        assert!(read(b"not a zip").is_err());
    }
}
