//! Document properties: `docProps/core.xml`, `app.xml` and `custom.xml`.

use docpipe_core::model::Metadata;

use crate::error::DocxError;
use crate::xml::{attr, local, Ev, Xml};

/// Calls `f` with the local name and trimmed text of every non-empty child of the root
/// element: the shape shared by `core.xml` and `app.xml`.
fn for_each_property(
    data: &[u8],
    part: &str,
    depth: usize,
    mut f: impl FnMut(&[u8], String),
) -> Result<(), DocxError> {
    let mut x = Xml::new(data, part, depth);
    let mut level = 0usize;
    loop {
        match x.next()? {
            Ev::Start(e) => {
                level += 1;
                if level != 2 {
                    continue;
                }
                let name = local(&e).to_vec();
                let text = x.text_content()?;
                level -= 1;
                let text = text.trim().to_string();
                if !text.is_empty() {
                    f(&name, text);
                }
            }
            Ev::End => level = level.saturating_sub(1),
            Ev::Text(_) => {}
            Ev::Eof => return Ok(()),
        }
    }
}

/// Reads core properties into `meta`.
pub(crate) fn core(
    data: &[u8],
    part: &str,
    depth: usize,
    meta: &mut Metadata,
) -> Result<(), DocxError> {
    for_each_property(data, part, depth, |name, text| match name {
        b"title" => meta.title = Some(text),
        b"subject" => meta.subject = Some(text),
        b"creator" => {
            meta.authors = text
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        }
        b"keywords" => {
            meta.keywords = text
                .split([',', ';', '，', '；'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        }
        b"description" => meta.description = Some(text),
        b"lastModifiedBy" => meta.last_modified_by = Some(text),
        b"created" => meta.created = Some(text),
        b"modified" => meta.modified = Some(text),
        b"language" => meta.language = Some(text),
        b"category" | b"contentStatus" | b"version" | b"revision" => {
            let key = String::from_utf8_lossy(name).into_owned();
            meta.custom.insert(key, text);
        }
        _ => {}
    })
}

/// Reads extended (application) properties into `meta`.
pub(crate) fn app(
    data: &[u8],
    part: &str,
    depth: usize,
    meta: &mut Metadata,
) -> Result<(), DocxError> {
    for_each_property(data, part, depth, |name, text| match name {
        b"Application" => {
            meta.application = Some(match &meta.application {
                Some(v) => format!("{text} {v}"),
                None => text,
            })
        }
        b"AppVersion" => {
            meta.application = Some(match &meta.application {
                Some(a) => format!("{a} {text}"),
                None => text,
            })
        }
        b"Company" => meta.company = Some(text),
        b"Manager" => meta.manager = Some(text),
        _ => {}
    })
}

/// Reads custom properties into `meta.custom`.
pub(crate) fn custom(
    data: &[u8],
    part: &str,
    depth: usize,
    meta: &mut Metadata,
) -> Result<(), DocxError> {
    let mut x = Xml::new(data, part, depth);
    loop {
        match x.next()? {
            Ev::Start(e) if local(&e) == b"property" => {
                let name = attr(&e, b"name").unwrap_or_default();
                let value = x.text_content()?;
                if !name.is_empty() && meta.custom.len() < 10_000 {
                    meta.custom.insert(name, value.trim().to_string());
                }
            }
            Ev::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The theme-font language of `settings.xml` (`w:themeFontLang`), (val, eastAsia).
pub(crate) fn settings_lang(
    data: &[u8],
    part: &str,
    depth: usize,
) -> Result<(Option<String>, Option<String>), DocxError> {
    let mut x = Xml::new(data, part, depth);
    loop {
        match x.next()? {
            Ev::Start(e) if local(&e) == b"themeFontLang" => {
                return Ok((attr(&e, b"val"), attr(&e, b"eastAsia")));
            }
            Ev::Eof => return Ok((None, None)),
            _ => {}
        }
    }
}
