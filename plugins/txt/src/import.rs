//! The `txt` importer: decoded text → one paragraph per non-empty line.
//!
//! Line ends are `\n`, `\r\n`, `\r`, U+0085, U+2028 and U+2029; a form feed ends the line
//! and becomes a page break. Control characters, bidi embeddings/overrides/isolates and
//! zero-width characters are dropped and counted in one warning. Text that is mostly
//! control bytes or undecodable is refused as binary.

use docpipe_core::model::{Block, Document, Inline, Paragraph};
use docpipe_core::{lang, Context, Error, Importer, Result};
use encoding_rs::Encoding;

use crate::decode::{decode, Decoded};

/// Reads plain text in UTF-8, UTF-16 or GB18030 (detected, or forced by `encoding`).
#[derive(Debug, Clone, Default)]
pub struct TxtImporter {
    /// A forced encoding (an encoding_rs label such as `gbk` or `utf-16le`); `None` detects.
    pub encoding: Option<&'static Encoding>,
}

impl Importer for TxtImporter {
    fn import(&self, input: &[u8], ctx: &mut Context) -> Result<Document> {
        let decoded = match self.encoding {
            Some(enc) => decode_forced(enc, input),
            None => decode(input),
        };
        import_decoded(decoded, ctx)
    }
}

fn decode_forced(enc: &'static Encoding, input: &[u8]) -> Decoded {
    let (text, enc, with_errors) = enc.decode(input);
    let bom = Encoding::for_bom(input).is_some_and(|(b, _)| b == enc);
    // decode() does not count; count the replacement characters it introduced beyond
    // those already in the input's own text (a rare, harmless over-count otherwise).
    let invalid = if with_errors {
        text.chars().filter(|&c| c == '\u{FFFD}').count()
    } else {
        0
    };
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        invalid,
        bom,
    }
}

/// What the line scan dropped or noticed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Dropped {
    /// C0/C1 control characters (NUL, DEL, …) other than tab and line ends.
    pub control: usize,
    /// Bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069).
    pub bidi: usize,
    /// Zero-width characters (U+200B–200D, U+2060, U+FEFF).
    pub zero_width: usize,
    /// U+FFFD characters in the text (decoding errors or already in the input).
    pub replacement: usize,
    /// All characters seen.
    pub chars: usize,
}

impl Dropped {
    fn total(&self) -> usize {
        self.control + self.bidi + self.zero_width
    }
}

enum Class {
    Keep,
    LineEnd,
    PageBreak,
    Control,
    Bidi,
    ZeroWidth,
}

fn classify(c: char) -> Class {
    match c {
        '\t' => Class::Keep,
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Class::LineEnd,
        '\u{c}' => Class::PageBreak,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Class::Control,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Class::Bidi,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => Class::ZeroWidth,
        _ => Class::Keep,
    }
}

/// Splits `text` into paragraphs (one per non-empty line, trailing white space trimmed)
/// and page breaks, dropping invisible characters. Linear in the length of `text`.
pub(crate) fn split_lines(text: &str) -> (Vec<Block>, Dropped) {
    let mut blocks = Vec::new();
    let mut dropped = Dropped::default();
    let mut line = String::new();
    let mut seg_start = 0usize;
    // Ends a line: `line` holds what came before dropped characters (often nothing),
    // `seg` the rest; a line without dropped characters is never copied twice.
    let finish = |line: &mut String, seg: &str, blocks: &mut Vec<Block>| {
        let whole: &str = if line.is_empty() {
            seg
        } else {
            line.push_str(seg);
            line
        };
        let t = whole.trim_end();
        if !t.is_empty() {
            blocks.push(Block::Paragraph(Paragraph {
                content: vec![Inline::text(t)],
                align: None,
            }));
        }
        line.clear();
    };
    dropped.chars = text.chars().count();
    // Scan bytes: only ASCII controls and the lead bytes of the few non-ASCII characters
    // that matter (C2: C1 controls; E2: line separators, bidi, zero-width; EF: BOM,
    // U+FFFD) need a closer look. Continuation bytes never match, so `i` is always at
    // a character boundary when it does.
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if !(b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2 || b == 0xef) {
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        if c == '\u{FFFD}' {
            dropped.replacement += 1;
            continue;
        }
        let class = classify(c);
        if matches!(class, Class::Keep) {
            continue;
        }
        let seg = text.get(seg_start..i).unwrap_or_default();
        seg_start = i + c.len_utf8();
        match class {
            Class::Keep => {}
            Class::LineEnd => finish(&mut line, seg, &mut blocks),
            Class::PageBreak => {
                finish(&mut line, seg, &mut blocks);
                blocks.push(Block::PageBreak {});
            }
            Class::Control | Class::Bidi | Class::ZeroWidth => {
                line.push_str(seg);
                match class {
                    Class::Control => dropped.control += 1,
                    Class::Bidi => dropped.bidi += 1,
                    _ => dropped.zero_width += 1,
                }
            }
        }
    }
    finish(
        &mut line,
        text.get(seg_start..).unwrap_or_default(),
        &mut blocks,
    );
    (blocks, dropped)
}

/// True when a text with these counts is more likely a binary file read as text: more
/// than 10% of its characters (and at least two) are control characters or U+FFFD.
fn looks_binary(d: &Dropped) -> bool {
    let suspicious = d.control + d.replacement;
    suspicious >= 2 && suspicious * 10 > d.chars
}

fn import_decoded(decoded: Decoded, ctx: &mut Context) -> Result<Document> {
    let (blocks, dropped) = split_lines(&decoded.text);
    if looks_binary(&dropped) {
        let pct = (dropped.control + dropped.replacement) * 100 / dropped.chars.max(1);
        return Err(Error::stage(
            "txt",
            format!(
                "looks like a binary file, not text ({pct}% of the characters are control bytes or undecodable in {})",
                decoded.encoding
            ),
        ));
    }
    if !decoded.bom && decoded.encoding != "UTF-8" {
        ctx.warn(format!(
            "input is not UTF-8 and has no byte-order mark: read as {}",
            decoded.encoding
        ));
    }
    if decoded.invalid > 0 {
        ctx.warn(format!(
            "{} invalid byte sequence{} in {} input replaced by U+FFFD",
            decoded.invalid,
            plural(decoded.invalid),
            decoded.encoding
        ));
    }
    if dropped.total() > 0 {
        let mut kinds = Vec::new();
        for (n, what) in [
            (dropped.control, "control"),
            (dropped.bidi, "bidi embedding/override/isolate"),
            (dropped.zero_width, "zero-width"),
        ] {
            if n > 0 {
                kinds.push(format!("{n} {what}"));
            }
        }
        ctx.warn(format!(
            "dropped {} invisible character{} ({})",
            dropped.total(),
            plural(dropped.total()),
            kinds.join(", ")
        ));
    }
    let mut doc = Document::from_blocks(blocks);
    doc.meta.language = lang::guess(&decoded.text).map(String::from);
    Ok(doc)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::walk::plain_text;

    fn import(bytes: &[u8]) -> Result<(Document, Vec<String>)> {
        let mut ctx = Context::new("test.txt");
        ctx.enter_stage("txt");
        let doc = TxtImporter::default().import(bytes, &mut ctx)?;
        let warnings = ctx.warnings().iter().map(|w| w.to_string()).collect();
        Ok((doc, warnings))
    }

    fn lines(doc: &Document) -> Vec<String> {
        doc.parts
            .iter()
            .flat_map(|p| &p.blocks)
            .map(|b| match b {
                Block::Paragraph(p) => plain_text(&p.content),
                Block::PageBreak {} => "<pb>".to_string(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn one_paragraph_per_non_empty_line_any_line_end() -> Result<()> {
        let (doc, w) = import(b"first\r\nsecond\rthird\n\n   \nfourth  \t\r\n\r\n  indented")?;
        assert_eq!(
            lines(&doc),
            ["first", "second", "third", "fourth", "  indented"]
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(doc.parts.len(), 1);
        Ok(())
    }

    #[test]
    fn unicode_line_separators_and_form_feed() -> Result<()> {
        let (doc, _) = import("a\u{2028}b\u{2029}c\u{85}d\u{c}e".as_bytes())?;
        assert_eq!(lines(&doc), ["a", "b", "c", "d", "<pb>", "e"]);
        Ok(())
    }

    #[test]
    fn headings_are_not_detected_here() -> Result<()> {
        let (doc, _) = import("一、总体情况\n（一）主要做法".as_bytes())?;
        assert_eq!(lines(&doc), ["一、总体情况", "（一）主要做法"]);
        assert!(doc.parts[0]
            .blocks
            .iter()
            .all(|b| matches!(b, Block::Paragraph(_))));
        Ok(())
    }

    #[test]
    fn invisible_characters_are_dropped_and_counted_once() -> Result<()> {
        let text = "safe text with a NUL\0 here and a bell\u{7} there\n\
                    bidi \u{202E}override\u{202C} and \u{2067}isolate\u{2069} gone\n\
                    zero\u{200B}width\u{200D}joiner\u{2060}and\u{FEFF}bom, plus a tab\tkept";
        let (doc, w) = import(text.as_bytes())?;
        assert_eq!(
            lines(&doc),
            [
                "safe text with a NUL here and a bell there",
                "bidi override and isolate gone",
                "zerowidthjoinerandbom, plus a tab\tkept"
            ]
        );
        assert_eq!(
            w,
            ["txt: dropped 10 invisible characters (2 control, 4 bidi embedding/override/isolate, 4 zero-width)"]
        );
        Ok(())
    }

    #[test]
    fn invalid_bytes_are_replaced_with_one_counting_warning() -> Result<()> {
        let mut b = "正常的中文文本，".repeat(10).into_bytes();
        b.extend_from_slice(b"\xFF\xFE bad \xC0 end\n");
        let (doc, w) = import(&b)?;
        assert!(lines(&doc)[0].ends_with("\u{FFFD}\u{FFFD} bad \u{FFFD} end"));
        assert_eq!(
            w,
            ["txt: 3 invalid byte sequences in UTF-8 input replaced by U+FFFD"]
        );
        Ok(())
    }

    #[test]
    fn gbk_input_is_read_and_reported() -> Result<()> {
        let (bytes, _, _) = encoding_rs::GBK.encode("一、总体情况\n今年以来，工作稳步推进。");
        let (doc, w) = import(&bytes)?;
        assert_eq!(lines(&doc), ["一、总体情况", "今年以来，工作稳步推进。"]);
        assert_eq!(
            w,
            ["txt: input is not UTF-8 and has no byte-order mark: read as gb18030"]
        );
        assert_eq!(doc.meta.language.as_deref(), Some("zh"));
        Ok(())
    }

    #[test]
    fn utf16_bom_input() -> Result<()> {
        let mut b = vec![0xFE, 0xFF];
        b.extend(
            "Report\r\nBody text"
                .encode_utf16()
                .flat_map(u16::to_be_bytes),
        );
        let (doc, w) = import(&b)?;
        assert_eq!(lines(&doc), ["Report", "Body text"]);
        assert!(w.is_empty());
        assert_eq!(doc.meta.language.as_deref(), Some("en"));
        Ok(())
    }

    #[test]
    fn binary_garbage_is_refused() {
        // A deterministic pseudo-random byte soup with NULs and control bytes.
        let mut x: u32 = 12345;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        let err = import(&bytes)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with("txt: looks like a binary file, not text"),
            "{err}"
        );
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
        assert!(import(png).is_err());
        let zeros = [0u8; 64];
        assert!(import(&zeros).is_err());
    }

    #[test]
    fn a_few_control_bytes_are_not_binary() -> Result<()> {
        let (doc, w) = import(b"ordinary line of text\0 with one NUL")?;
        assert_eq!(lines(&doc), ["ordinary line of text with one NUL"]);
        assert_eq!(w.len(), 1);
        Ok(())
    }

    #[test]
    fn empty_input_gives_an_empty_document() -> Result<()> {
        let (doc, w) = import(b"")?;
        assert_eq!(doc.parts.len(), 1);
        assert!(doc.parts[0].blocks.is_empty());
        assert!(w.is_empty());
        assert_eq!(doc.meta.language, None);
        Ok(())
    }

    #[test]
    fn forced_encoding() -> Result<()> {
        let (bytes, _, _) = encoding_rs::GBK.encode("总结");
        let imp = TxtImporter {
            encoding: Some(encoding_rs::GBK),
        };
        let mut ctx = Context::new("x");
        let doc = imp.import(&bytes, &mut ctx)?;
        assert_eq!(lines(&doc), ["总结"]);
        Ok(())
    }

    #[test]
    fn long_single_line_and_many_lines_are_linear() -> Result<()> {
        // Enough to notice quadratic behaviour (it would take minutes), small enough
        // for a debug build.
        let big = "汉字 and Latin. ".repeat(200_000);
        let (doc, _) = import(big.as_bytes())?;
        assert_eq!(lines(&doc).len(), 1);
        let many = "short line\n".repeat(100_000);
        let (doc, _) = import(many.as_bytes())?;
        assert_eq!(doc.parts[0].blocks.len(), 100_000);
        Ok(())
    }
}
