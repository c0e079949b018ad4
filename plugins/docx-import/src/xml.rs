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
    /// Text read by [`Xml`] itself, with entity and character references still escaped.
    Raw(&'a str),
    /// Text read by quick-xml, with entity and character references still escaped.
    Escaped(BytesText<'a>),
    /// A CDATA section.
    CData(BytesCData<'a>),
}

impl<'a> Text<'a> {
    /// The text, unescaped (invalid UTF-8 or references are kept as they are, lossily).
    pub(crate) fn get(self) -> Cow<'a, str> {
        match self {
            // What `BytesText::unescape` does: UTF-8, then the predefined entities.
            Text::Raw(s) => match quick_xml::escape::unescape(s) {
                Ok(Cow::Borrowed(_)) => Cow::Borrowed(s),
                Ok(Cow::Owned(u)) => Cow::Owned(u),
                Err(_) => Cow::Borrowed(s),
            },
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
    /// The whole part as text, when it is UTF-8 (it nearly always is): [`Xml::fast`]
    /// reads only then, and slices its tags and text from it without checking them again.
    text: Option<&'a str>,
    part: &'a str,
    depth: usize,
    max_depth: usize,
    /// An empty element (`<a/>`) was returned as `Start`: its `End` comes next. (quick-xml's
    /// own `expand_empty_elements` copies the name into a new allocation for every one.)
    pending_end: bool,
    /// quick-xml stands between markup (its state `InsideText`): at text or at a `<` it
    /// has not consumed, so [`Xml::fast`] may read on from there.
    in_text: bool,
}

/// An event read by [`Xml::fast`].
enum Fast<'a> {
    /// A start tag's content (name and attributes).
    Start(&'a str),
    /// An empty element's content (without the `/`).
    Empty(&'a str),
    End,
    Text(&'a str),
}

/// The index of the `>` that closes a tag whose content starts `b` (just after the `<`):
/// the first `>` outside single or double quotes, as quick-xml's element parser finds it.
/// Eight bytes at a time: each word's candidate bytes are visited in order.
fn tag_end(b: &[u8]) -> Option<usize> {
    let mut quote = 0u8;
    let mut chunks = b.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let mut hits = zero_bytes(v ^ (ONES * u64::from(b'>')))
            | zero_bytes(v ^ (ONES * u64::from(b'"')))
            | zero_bytes(v ^ (ONES * u64::from(b'\'')));
        while hits != 0 {
            let k = (hits.trailing_zeros() / 8) as usize;
            hits &= hits - 1;
            // Marks above a true one may be false: the byte itself decides.
            let c = word.get(k).copied().unwrap_or(0);
            if let Some(end) = tag_step(&mut quote, c) {
                if end {
                    return Some(base + k);
                }
            }
        }
        base += 8;
    }
    for (k, &c) in chunks.remainder().iter().enumerate() {
        if tag_step(&mut quote, c) == Some(true) {
            return Some(base + k);
        }
    }
    None
}

/// One byte of a tag for [`tag_end`]: `Some(true)` at the closing `>`, `Some(false)` when
/// the quoting changes, `None` for any other byte.
fn tag_step(quote: &mut u8, c: u8) -> Option<bool> {
    match (*quote, c) {
        (0, b'>') => Some(true),
        (0, b'"' | b'\'') => {
            *quote = c;
            Some(false)
        }
        (q, c) if q == c => {
            *quote = 0;
            Some(false)
        }
        _ => None,
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Marks the zero bytes of `x` with their high bit; the lowest mark is exact (a borrow can
/// only add marks above a zero byte).
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The length of the name at the start of a tag's content (up to XML whitespace), as
/// quick-xml computes it.
fn name_len(content: &str) -> usize {
    content
        .bytes()
        .position(|b| matches!(b, b' ' | b'\r' | b'\n' | b'\t'))
        .unwrap_or(content.len())
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
            text: std::str::from_utf8(data).ok(),
            part,
            depth: 0,
            max_depth,
            pending_end: false,
            in_text: false,
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
            match self.fast() {
                Some(Fast::Start(c)) => {
                    self.enter()?;
                    return Ok(Ev::Start(BytesStart::from_content(c, name_len(c))));
                }
                Some(Fast::Empty(c)) => {
                    self.enter()?;
                    self.pending_end = true;
                    return Ok(Ev::Start(BytesStart::from_content(c, name_len(c))));
                }
                Some(Fast::End) => {
                    if self.depth == 0 {
                        continue;
                    }
                    self.depth -= 1;
                    return Ok(Ev::End);
                }
                Some(Fast::Text(t)) => return Ok(Ev::Text(Text::Raw(t))),
                None => {}
            }
            let ev = self.reader.read_event();
            // After markup quick-xml stands before the next text or `<`; after text it has
            // already consumed the `<` that ends it.
            self.in_text = matches!(&ev, Ok(e) if !matches!(e, Event::Text(_) | Event::Eof));
            let ev = ev.map_err(|e| DocxError::Xml {
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

    /// The next event when it is text, a start, empty or end tag, read straight from the
    /// input without quick-xml's bookkeeping. `None` leaves everything else (the start of
    /// the part, declarations, comments, CDATA, DOCTYPE, processing instructions, the end
    /// of the input, unclosed tags, tags that are not UTF-8) to quick-xml, from the same
    /// position, so the events and the errors are quick-xml's own.
    #[inline(always)]
    fn fast(&mut self) -> Option<Fast<'a>> {
        if !self.in_text {
            return None;
        }
        let all = self.text?;
        let s: &'a [u8] = self.reader.get_ref();
        // The unread input is always the end of the part.
        let at = all.len().checked_sub(s.len())?;
        if s.first() != Some(&b'<') {
            let i = memchr::memchr(b'<', s)?;
            let text = all.get(at..at + i)?;
            *self.reader.get_mut() = s.get(i..)?;
            return Some(Fast::Text(text));
        }
        let body = s.get(1..)?;
        match body.first()? {
            b'!' | b'?' => None,
            b'/' => {
                let end = tag_end(body)?;
                *self.reader.get_mut() = body.get(end + 1..)?;
                Some(Fast::End)
            }
            _ => {
                let end = tag_end(body)?;
                let content = all.get(at + 1..at + 1 + end)?;
                *self.reader.get_mut() = body.get(end + 1..)?;
                Some(match content.strip_suffix('/') {
                    Some(c) => Fast::Empty(c),
                    None => Fast::Start(content),
                })
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
            // What `next` does, without building the events nobody looks at.
            let fast = if self.pending_end { None } else { self.fast() };
            let ev = match fast {
                Some(Fast::Start(_)) => {
                    self.enter()?;
                    depth += 1;
                    continue;
                }
                Some(Fast::Empty(_)) => {
                    self.enter()?;
                    self.depth -= 1;
                    continue;
                }
                Some(Fast::End) => {
                    if self.depth == 0 {
                        continue;
                    }
                    self.depth -= 1;
                    Ev::End
                }
                Some(Fast::Text(_)) => continue,
                None => self.next()?,
            };
            match ev {
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

    /// The events of `data` as quick-xml alone gives them (the reader before it read tags
    /// and text itself): empty elements expanded by quick-xml, text unescaped at once.
    fn reference(data: &[u8]) -> Vec<String> {
        let mut reader = Reader::from_reader(data);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.trim_text_start = false;
        config.trim_text_end = false;
        let mut depth = 0usize;
        let mut out = Vec::new();
        loop {
            let ev = match reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    out.push(format!("error {e}"));
                    return out;
                }
            };
            match ev {
                Event::Start(e) => {
                    depth += 1;
                    out.push(format!(
                        "start {:?} {:?}",
                        e.name().as_ref(),
                        e.attributes_raw()
                    ));
                }
                Event::End(_) => {
                    if depth > 0 {
                        depth -= 1;
                        out.push("end".into());
                    }
                }
                Event::Text(t) => out.push(format!(
                    "text {:?}",
                    match t.unescape() {
                        Ok(s) => s.into_owned(),
                        Err(_) => String::from_utf8_lossy(t.as_ref()).into_owned(),
                    }
                )),
                Event::CData(c) => out.push(format!(
                    "text {:?}",
                    String::from_utf8_lossy(&c.into_inner()).into_owned()
                )),
                Event::DocType(_) => {
                    out.push("error DTD".into());
                    return out;
                }
                Event::Eof => {
                    out.push("eof".into());
                    return out;
                }
                Event::Empty(_) | Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    /// The events of `data` as [`Xml`] gives them.
    fn events(data: &[u8]) -> Vec<String> {
        let mut x = Xml::new(data, "p", usize::MAX);
        let mut out = Vec::new();
        loop {
            match x.next() {
                Ok(Ev::Start(e)) => out.push(format!(
                    "start {:?} {:?}",
                    e.name().as_ref(),
                    e.attributes_raw()
                )),
                Ok(Ev::End) => out.push("end".into()),
                Ok(Ev::Text(t)) => out.push(format!("text {:?}", t.get().into_owned())),
                Ok(Ev::Eof) => {
                    out.push("eof".into());
                    return out;
                }
                Err(DocxError::Dtd(_)) => {
                    out.push("error DTD".into());
                    return out;
                }
                Err(DocxError::Xml { message, .. }) => {
                    out.push(format!("error {message}"));
                    return out;
                }
                Err(e) => {
                    out.push(format!("other error {e}"));
                    return out;
                }
            }
        }
    }

    const TRICKY: &[&str] = &[
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="x"><w:body><w:p w:rsidR="00A1"><w:r><w:t xml:space="preserve"> a &amp; b &lt;c&gt; &#x4E00;&#20013; </w:t></w:r></w:p></w:body></w:document>"#,
        "\u{feff}<a>t</a>",
        "lead<a>t</a>trail",
        "<a b='x>y' c=\"'\" d='\"'>t</a>",
        r#"<a b="1>2"/><c d = "3" /><e/><f  /><g
        h="i"
        />"#,
        "<a><!-- c > d --><![CDATA[x<y>z]]><?pi a?>t</a>",
        "<a></b></a></a>tail",
        "</x><a>t</a>",
        "<a>&unknown; &amp &#xZZ; x</a>",
        "<a><b/><b></b>< c/><>x</></a>",
        "<a b=\"\u{9ed1}\u{4f53}\">\u{9ed1}\u{4f53}</a>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>",
        "<a\tb='1'\r\n/><c\n/>",
        "<a><b c=\"unterminated></a>",
        "<a>0123456789abcdef<b c=\"0123456789abcdef>'\" d='01234567\"89abcdef'/>x</a>",
    ];

    #[test]
    fn reads_as_quick_xml_alone_did() {
        let mut inputs: Vec<Vec<u8>> = TRICKY.iter().map(|s| s.as_bytes().to_vec()).collect();
        // Not UTF-8 in a tag, in text, and in an attribute.
        inputs.push(b"<a>x\xff</a><b\xfe/>".to_vec());
        inputs.push(b"<a b='\xc3'>t</a>".to_vec());
        let mut cut = Vec::new();
        for input in &inputs {
            for n in 0..input.len() {
                cut.push(input.get(..n).unwrap_or_default().to_vec());
            }
        }
        inputs.extend(cut);
        for input in &inputs {
            assert_eq!(
                events(input),
                reference(input),
                "input {:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    /// Reads `data`, skipping every element opened inside the root with `skip` (or, for
    /// the reference, with `next` up to its end), and lists what is left.
    fn skipping(data: &[u8], max_depth: usize, reference: bool) -> Vec<String> {
        let mut x = Xml::new(data, "p", max_depth);
        let mut out = Vec::new();
        let mut depth = 0usize;
        loop {
            let ev = match x.next() {
                Ok(ev) => ev,
                Err(e) => {
                    out.push(format!("error {e}"));
                    return out;
                }
            };
            match ev {
                Ev::Start(e) if depth >= 1 => {
                    out.push(format!("skip {:?}", e.name().as_ref()));
                    let skipped = if reference {
                        let mut d = 1usize;
                        loop {
                            match x.next() {
                                Ok(Ev::Start(_)) => d += 1,
                                Ok(Ev::End) => {
                                    d -= 1;
                                    if d == 0 {
                                        break Ok(());
                                    }
                                }
                                Ok(Ev::Text(_)) => {}
                                Ok(Ev::Eof) => break Ok(()),
                                Err(e) => break Err(e),
                            }
                        }
                    } else {
                        x.skip()
                    };
                    if let Err(e) = skipped {
                        out.push(format!("error {e}"));
                        return out;
                    }
                }
                Ev::Start(e) => {
                    depth += 1;
                    out.push(format!("start {:?}", e.name().as_ref()));
                }
                Ev::End => {
                    depth = depth.saturating_sub(1);
                    out.push("end".into());
                }
                Ev::Text(t) => out.push(format!("text {:?}", t.get().into_owned())),
                Ev::Eof => {
                    out.push("eof".into());
                    return out;
                }
            }
        }
    }

    #[test]
    fn skip_reads_as_next_does() {
        let mut inputs: Vec<Vec<u8>> = TRICKY
            .iter()
            .map(|s| format!("<r>{s}<z/>t<y>u</y></r>").into_bytes())
            .collect();
        inputs.push(b"<r><a><b/><c></c><d/></a><e/>x</r>".to_vec());
        let mut cut = Vec::new();
        for input in &inputs {
            for n in 0..input.len() {
                cut.push(input.get(..n).unwrap_or_default().to_vec());
            }
        }
        inputs.extend(cut);
        for input in &inputs {
            for max_depth in [2, 3, 64] {
                assert_eq!(
                    skipping(input, max_depth, false),
                    skipping(input, max_depth, true),
                    "input {:?}",
                    String::from_utf8_lossy(input)
                );
            }
        }
    }

    /// Every XML part of the shared corpus reads to the same events as with quick-xml alone.
    #[test]
    fn corpus_parts_read_as_quick_xml_alone_did() {
        use std::io::Read;
        let Some(shared) = crate::tests::shared() else {
            return;
        };
        let Ok(dir) = std::fs::read_dir(shared.join("corpus/docx")) else {
            return;
        };
        let mut parts = 0;
        for path in dir.flatten().map(|e| e.path()) {
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(data)) else {
                continue;
            };
            for i in 0..zip.len() {
                let Ok(mut f) = zip.by_index(i) else {
                    continue;
                };
                if !(f.name().ends_with(".xml") || f.name().ends_with(".rels")) {
                    continue;
                }
                let name = f.name().to_string();
                let mut xml = Vec::new();
                if f.read_to_end(&mut xml).is_err() {
                    continue;
                }
                assert!(events(&xml) == reference(&xml), "{} {name}", path.display());
                parts += 1;
            }
        }
        assert!(parts > 1000, "only {parts} parts");
    }

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
