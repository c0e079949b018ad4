//! A thin pull reader over quick-xml: elements by local name (so `w:`, `ns0:` and Strict
//! OOXML prefixes read alike), empty elements expanded, DTDs refused, nesting bounded.

use std::borrow::Cow;

use quick_xml::events::{BytesCData, BytesStart, BytesText, Event};
use quick_xml::Reader;

use crate::error::DocxError;

/// One event of interest.
pub(crate) enum Ev<'a> {
    /// An element opens (empty elements give `Start` then `End`).
    Start(BytesStart<'a>),
    /// An element closes.
    End,
    /// Character data, unescaped on demand with [`Text::get`] (most text is never looked at).
    Text(Text<'a>),
    /// End of the part.
    Eof,
}

/// Character data as read: escaped text or a CDATA section.
pub(crate) enum Text<'a> {
    /// Text, with entity and character references still escaped.
    Escaped(BytesText<'a>),
    /// A CDATA section.
    CData(BytesCData<'a>),
}

impl<'a> Text<'a> {
    /// The text, unescaped (invalid UTF-8 or references are kept as they are, lossily).
    pub(crate) fn get(self) -> Cow<'a, str> {
        match self {
            Text::Escaped(t) => match t.unescape() {
                Ok(s) => s,
                Err(_) => Cow::Owned(String::from_utf8_lossy(t.as_ref()).into_owned()),
            },
            Text::CData(c) => match c.into_inner() {
                Cow::Borrowed(b) => String::from_utf8_lossy(b),
                Cow::Owned(b) => Cow::Owned(String::from_utf8_lossy(&b).into_owned()),
            },
        }
    }
}

/// Pull reader over one XML part held in memory.
pub(crate) struct Xml<'a> {
    reader: Reader<&'a [u8]>,
    part: &'a str,
    depth: usize,
    max_depth: usize,
    /// An empty element (`<a/>`) was returned as `Start`: its `End` comes next. (quick-xml's
    /// own `expand_empty_elements` copies the name into a new allocation for every one.)
    pending_end: bool,
}

impl<'a> Xml<'a> {
    /// A reader over `data`, the part named `part`, refusing nesting deeper than `max_depth`.
    pub(crate) fn new(data: &'a [u8], part: &'a str, max_depth: usize) -> Xml<'a> {
        let mut reader = Reader::from_reader(data);
        let config = reader.config_mut();
        config.expand_empty_elements = false;
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.trim_text_start = false;
        config.trim_text_end = false;
        Xml {
            reader,
            part,
            depth: 0,
            max_depth,
            pending_end: false,
        }
    }

    /// The next event.
    pub(crate) fn next(&mut self) -> Result<Ev<'a>, DocxError> {
        if self.pending_end {
            self.pending_end = false;
            self.depth = self.depth.saturating_sub(1);
            return Ok(Ev::End);
        }
        loop {
            let ev = self.reader.read_event().map_err(|e| DocxError::Xml {
                part: self.part.to_string(),
                message: e.to_string(),
            })?;
            match ev {
                Event::Start(e) => {
                    self.enter()?;
                    return Ok(Ev::Start(e));
                }
                Event::Empty(e) => {
                    self.enter()?;
                    self.pending_end = true;
                    return Ok(Ev::Start(e));
                }
                Event::End(_) => {
                    if self.depth == 0 {
                        // A stray closing tag: ignore it rather than unbalance the caller.
                        continue;
                    }
                    self.depth -= 1;
                    return Ok(Ev::End);
                }
                Event::Text(t) => return Ok(Ev::Text(Text::Escaped(t))),
                Event::CData(c) => return Ok(Ev::Text(Text::CData(c))),
                Event::DocType(_) => return Err(DocxError::Dtd(self.part.to_string())),
                Event::Eof => return Ok(Ev::Eof),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    /// One level deeper, within the nesting limit.
    fn enter(&mut self) -> Result<(), DocxError> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(DocxError::Limit(format!(
                "XML nesting deeper than {} levels in {} (option max_depth)",
                self.max_depth, self.part
            )));
        }
        Ok(())
    }

    /// Skips the rest of the element whose `Start` was just read, up to its `End`.
    pub(crate) fn skip(&mut self) -> Result<(), DocxError> {
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Ev::Start(_) => depth += 1,
                Ev::End => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Ev::Text(_) => {}
                Ev::Eof => return Ok(()),
            }
        }
    }

    /// All the text inside the element whose `Start` was just read (consumes its `End`).
    pub(crate) fn text_content(&mut self) -> Result<String, DocxError> {
        let mut out = String::new();
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Ev::Start(_) => depth += 1,
                Ev::End => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                }
                Ev::Text(t) => {
                    let t = t.get();
                    if out.is_empty() {
                        out = t.into_owned();
                    } else {
                        out.push_str(&t);
                    }
                }
                Ev::Eof => return Ok(out),
            }
        }
    }
}

/// The local name of an element (without its prefix).
pub(crate) fn local<'b>(e: &'b BytesStart<'_>) -> &'b [u8] {
    let name = e.name().into_inner();
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// The value of the attribute whose local name is `name`, unescaped.
pub(crate) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.into_inner();
        let key_local = match key.iter().rposition(|&b| b == b':') {
            Some(i) => key.get(i + 1..).unwrap_or(key),
            None => key,
        };
        if key_local == name && !key.starts_with(b"xmlns") {
            return Some(match a.unescape_value() {
                Ok(v) => v.into_owned(),
                Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
            });
        }
    }
    None
}

/// Applies `f` to the value of the attribute whose local name is `name`, without
/// copying it.
pub(crate) fn with_attr<R>(
    e: &BytesStart<'_>,
    name: &[u8],
    f: impl FnOnce(&str) -> R,
) -> Option<R> {
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.into_inner();
        let key_local = match key.iter().rposition(|&b| b == b':') {
            Some(i) => key.get(i + 1..).unwrap_or(key),
            None => key,
        };
        if key_local == name && !key.starts_with(b"xmlns") {
            return Some(match a.unescape_value() {
                Ok(v) => f(&v),
                Err(_) => f(&String::from_utf8_lossy(&a.value)),
            });
        }
    }
    None
}

/// The attribute `name` parsed as a number (or any `FromStr` type).
pub(crate) fn attr_parse<T: std::str::FromStr>(e: &BytesStart<'_>, name: &[u8]) -> Option<T> {
    with_attr(e, name, |v| v.trim().parse().ok()).flatten()
}

/// True when the attribute `name` equals `value`.
pub(crate) fn attr_is(e: &BytesStart<'_>, name: &[u8], value: &str) -> bool {
    with_attr(e, name, |v| v == value).unwrap_or(false)
}

/// An OOXML on/off value: absent `val` means on.
pub(crate) fn on_off(e: &BytesStart<'_>) -> bool {
    with_attr(e, b"val", |v| !matches!(v, "0" | "false" | "off" | "none")).unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_do_not_matter() -> Result<(), DocxError> {
        let data = br#"<ns0:p xmlns:ns0="x"><ns0:r ns0:val="a"/>t&amp;x</ns0:p>"#;
        let mut x = Xml::new(data, "p", 10);
        let Ev::Start(p) = x.next()? else {
            panic!("start")
        };
        assert_eq!(local(&p), b"p");
        let Ev::Start(r) = x.next()? else {
            panic!("start r")
        };
        assert_eq!(attr(&r, b"val").as_deref(), Some("a"));
        assert!(matches!(x.next()?, Ev::End));
        let Ev::Text(t) = x.next()? else {
            panic!("text")
        };
        assert_eq!(t.get(), "t&x");
        Ok(())
    }

    #[test]
    fn doctype_is_refused() {
        let data = br#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#;
        let mut x = Xml::new(data, "p", 10);
        let err = loop {
            match x.next() {
                Err(e) => break e,
                Ok(Ev::Eof) => panic!("DTD accepted"),
                Ok(_) => {}
            }
        };
        assert!(err
            .to_string()
            .contains("DTD/entity declarations are not allowed"));
    }

    #[test]
    fn depth_is_bounded() {
        let data = "<a>".repeat(100);
        let mut x = Xml::new(data.as_bytes(), "p", 50);
        let err = loop {
            match x.next() {
                Err(e) => break e,
                Ok(Ev::Eof) => panic!("depth not limited"),
                Ok(_) => {}
            }
        };
        assert!(err.to_string().contains("nesting"));
    }
}
