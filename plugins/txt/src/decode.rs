//! Recognising the encoding of a plain-text file and decoding it to a `String`.
//!
//! Order of decisions: a byte-order mark wins (UTF-8, UTF-16 LE/BE); then UTF-16 without
//! a mark when every other byte is zero; then valid UTF-8; then UTF-8 with a few bad
//! bytes; then GB18030 (a superset of GBK and GB2312) when it decodes cleanly into
//! plausible Chinese text; else UTF-8 with replacement characters.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// The text of an input and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text (without a byte-order mark).
    pub text: String,
    /// The encoding used, as encoding_rs names it (`UTF-8`, `UTF-16LE`, `gb18030`, …).
    pub encoding: &'static str,
    /// How many malformed byte sequences were replaced by U+FFFD.
    pub invalid: usize,
    /// True when the encoding came from a byte-order mark.
    pub bom: bool,
}

/// Decodes `bytes`, recognising the encoding as the module documentation describes.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, invalid) = decode_counting(enc, rest);
        return Decoded {
            text,
            encoding: enc.name(),
            invalid,
            bom: true,
        };
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, invalid) = decode_counting(enc, bytes);
        return Decoded {
            text,
            encoding: enc.name(),
            invalid,
            bom: false,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            invalid: 0,
            bom: false,
        };
    }
    let stats = utf8_stats(bytes);
    if stats.invalid == 0 || stats.invalid * 20 <= stats.multibyte {
        return utf8_lossy(bytes);
    }
    let (text, invalid) = decode_counting(GB18030, bytes);
    // Latin-1 text (accented letters standing alone between ASCII bytes) must not
    // become GBK; traditional Chinese in GBK (outside the GB2312 area, but in runs) may.
    let gbk_like = mostly_gb2312(bytes) || !mostly_isolated_high_bytes(bytes);
    if gbk_like && plausible_chinese(&text, invalid) {
        return Decoded {
            text,
            encoding: GB18030.name(),
            invalid,
            bom: false,
        };
    }
    utf8_lossy(bytes)
}

/// Decodes with `enc`, replacing each malformed sequence by U+FFFD and counting them.
fn decode_counting(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(2));
    let mut out = String::with_capacity(capacity);
    let mut invalid = 0usize;
    let mut rest = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => out.reserve(rest.len().saturating_mul(3) + 16),
            DecoderResult::Malformed(_, _) => {
                invalid += 1;
                out.push('\u{FFFD}');
            }
        }
    }
    (out, invalid)
}

/// Counts of a UTF-8 validation pass.
struct Utf8Stats {
    /// Malformed sequences.
    invalid: usize,
    /// Well-formed multi-byte characters.
    multibyte: usize,
}

fn utf8_stats(bytes: &[u8]) -> Utf8Stats {
    let mut stats = Utf8Stats {
        invalid: 0,
        multibyte: 0,
    };
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        // Multi-byte characters = characters minus ASCII bytes.
        let ascii = valid.bytes().filter(u8::is_ascii).count();
        stats.multibyte += valid.chars().count() - ascii;
        if !chunk.invalid().is_empty() {
            stats.invalid += 1;
        }
    }
    stats
}

fn utf8_lossy(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len());
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            invalid += 1;
            text.push('\u{FFFD}');
        }
    }
    Decoded {
        text,
        encoding: UTF_8.name(),
        invalid,
        bom: false,
    }
}

/// UTF-16 without a byte-order mark: in the first few kilobytes, at least 40% of the
/// code units have a zero high byte on one side and almost none on the other (text
/// that is mostly ASCII or Latin-1, as such files usually are).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [a, b] = pair {
            zero_even += usize::from(*a == 0);
            zero_odd += usize::from(*b == 0);
        }
    }
    let many = |n: usize| n * 10 >= pairs * 4;
    let few = |n: usize| n * 20 <= pairs;
    if many(zero_odd) && few(zero_even) {
        Some(UTF_16LE)
    } else if many(zero_even) && few(zero_odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when at least 80% of the double-byte sequences fall in the GB2312 area (first
/// byte A1–F7, second A1–FE), as in real GBK text; Latin-1 or Windows-1252 text read as
/// GBK pairs an accented letter with the ASCII byte after it and fails this.
fn mostly_gb2312(bytes: &[u8]) -> bool {
    let (mut pairs, mut gb2312) = (0usize, 0usize);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        pairs += 1;
        match bytes.get(i + 1) {
            Some(&t) if (0x81..=0xFE).contains(&b) && (0x30..=0x39).contains(&t) => i += 4,
            Some(&t) if (0x81..=0xFE).contains(&b) => {
                gb2312 += usize::from((0xA1..=0xF7).contains(&b) && (0xA1..=0xFE).contains(&t));
                i += 2;
            }
            _ => i += 1,
        }
    }
    pairs > 0 && gb2312 * 10 >= pairs * 8
}

/// True when at least half of the bytes ≥ 0x80 stand alone between ASCII bytes, as the
/// accented letters of Latin-1 or Windows-1252 text do (`r\xE9sum\xE9`); Chinese in
/// GBK comes in runs of double bytes.
fn mostly_isolated_high_bytes(bytes: &[u8]) -> bool {
    let (mut high, mut isolated) = (0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x80 {
            continue;
        }
        high += 1;
        let before = i
            .checked_sub(1)
            .and_then(|j| bytes.get(j))
            .is_none_or(|&p| p < 0x80);
        let after = bytes.get(i + 1).is_none_or(|&n| n < 0x80);
        isolated += usize::from(before && after);
    }
    high > 0 && isolated * 2 >= high
}

/// GB18030 decodes almost any byte soup; accept it only when at most 1% of the
/// non-ASCII characters were malformed and at least 90% of them are characters Chinese
/// text is made of (ideographs, CJK and full-width punctuation, common symbols).
fn plausible_chinese(text: &str, invalid: usize) -> bool {
    let (mut non_ascii, mut common) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        common += usize::from(is_common_in_chinese_text(c));
    }
    non_ascii > 0 && invalid * 100 <= non_ascii && common * 10 >= non_ascii * 9
}

fn is_common_in_chinese_text(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation
        | '\u{FF00}'..='\u{FFEF}' // half- and full-width forms
        | '\u{2000}'..='\u{206F}' // general punctuation (“ ” — …)
        | '\u{2100}'..='\u{27BF}' // letter-like, number forms, arrows, ①, box drawing
        | '\u{3200}'..='\u{33FF}' // enclosed CJK, compatibility
        | '\u{00A0}'..='\u{00FF}' // Latin-1 signs (°, ×, ·)
        | '\u{0391}'..='\u{03C9}' // Greek
        | '\u{0401}'..='\u{0451}' // Cyrillic
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{FE30}'..='\u{FE4F}' // CJK compatibility forms
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = "一、总体情况\n今年以来，我市认真贯彻落实上级决策部署，经济社会发展稳中有进。\n（一）主要做法：“三个坚持”。\n";

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        enc.encode(s).0.into_owned()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(ZH.as_bytes());
        assert_eq!(
            (d.text.as_str(), d.encoding, d.invalid, d.bom),
            (ZH, "UTF-8", 0, false)
        );
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(ZH.as_bytes());
        let d = decode(&b);
        assert_eq!((d.text.as_str(), d.bom), (ZH, true));
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        for (enc, bom) in [(UTF_16LE, [0xFF, 0xFE]), (UTF_16BE, [0xFE, 0xFF])] {
            // encoding_rs only encodes to UTF-8 for UTF-16 labels, so build the units here.
            let mut b = bom.to_vec();
            for u in ZH.encode_utf16() {
                let bytes = if enc == UTF_16LE {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                };
                b.extend_from_slice(&bytes);
            }
            let d = decode(&b);
            assert_eq!(
                (d.text.as_str(), d.encoding, d.invalid),
                (ZH, enc.name(), 0)
            );
        }
    }

    #[test]
    fn utf16_without_bom_when_ascii_heavy() {
        let s = "Annual report\nSection one: results\n";
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le).text, s);
        assert_eq!(decode(&le).encoding, "UTF-16LE");
        assert_eq!(decode(&be).text, s);
        assert_eq!(decode(&be).encoding, "UTF-16BE");
    }

    #[test]
    fn unpaired_surrogate_counts_as_invalid() {
        let mut b = vec![0xFF, 0xFE];
        b.extend_from_slice(&[b'a', 0, 0x00, 0xD8, b'b', 0]);
        let d = decode(&b);
        assert_eq!(d.text, "a\u{FFFD}b");
        assert_eq!(d.invalid, 1);
    }

    #[test]
    fn gbk_and_gb18030_are_detected() {
        let b = encode(GB18030, ZH);
        assert!(std::str::from_utf8(&b).is_err());
        let d = decode(&b);
        assert_eq!((d.text.as_str(), d.encoding, d.invalid), (ZH, "gb18030", 0));
        let b = encode(encoding_rs::GBK, ZH);
        assert_eq!(decode(&b).text, ZH);
    }

    #[test]
    fn gbk_with_a_broken_byte_is_still_gbk() {
        let long = ZH.repeat(20);
        let mut b = encode(GB18030, &long);
        b.push(0xFF);
        b.extend_from_slice(&encode(GB18030, "结束"));
        let d = decode(&b);
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.invalid, 1);
        assert!(d.text.ends_with("\u{FFFD}结束"));
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let mut b = ZH.repeat(5).into_bytes();
        b.insert(9, 0xFF);
        b.push(0xE4); // truncated sequence at the end
        let d = decode(&b);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.invalid, 2);
        assert!(d.text.contains("总体"));
    }

    #[test]
    fn latin1_bytes_fall_back_to_utf8_replacement() {
        let d = decode(b"caf\xE9 au lait, na\xEFve r\xE9sum\xE9 ");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.invalid, 4);
    }

    #[test]
    fn latin1_letters_before_ascii_are_not_taken_for_gbk() {
        // `é` + `s` is a valid GBK pair, but not a GB2312 one.
        let d = decode(b"r\xE9sum\xE9s and caf\xE9s");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.invalid, 3);
    }

    #[test]
    fn traditional_chinese_in_gbk_is_still_gbk() {
        let text = "總體情況：臺灣與澳門的經濟發展穩定，機關單位積極參與。".repeat(3);
        let b = encode(encoding_rs::GBK, &text);
        assert!(!mostly_gb2312(&b));
        let d = decode(&b);
        assert_eq!((d.text.as_str(), d.encoding), (text.as_str(), "gb18030"));
    }

    #[test]
    fn empty_input() {
        let d = decode(b"");
        assert_eq!((d.text.as_str(), d.invalid), ("", 0));
    }
}
