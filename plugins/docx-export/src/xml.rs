//! XML text helpers: escaping and removal of characters XML 1.0 does not allow.

/// True for characters allowed in XML 1.0 documents (`Char` production).
#[inline]
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `s` escaped for element content or a double-quoted attribute value, dropping
/// characters XML 1.0 forbids.
pub fn push_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let rep: Option<&str> = match b {
            b'&' => Some("&amp;"),
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            b'"' => Some("&quot;"),
            // Control characters other than tab, LF, CR are not XML characters.
            0..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F => Some(""),
            // U+FFFE / U+FFFF are encoded EF BF BE / EF BF BF.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                out.push_str(&s[start..i]);
                i += 3;
                start = i;
                continue;
            }
            _ => None,
        };
        if let Some(r) = rep {
            out.push_str(&s[start..i]);
            out.push_str(r);
            start = i + 1;
        }
        i += 1;
    }
    out.push_str(&s[start..]);
}

/// `s` escaped (see [`push_escaped`]).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_illegal_characters() {
        assert_eq!(escape("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(escape("x\u{1}y\u{FFFE}z\u{FFFF}\u{B}"), "xyz");
        assert_eq!(escape("tab\tnl\n中文\u{1F600}"), "tab\tnl\n中文\u{1F600}");
        assert!(!is_xml_char('\u{0}'));
        assert!(is_xml_char('\u{10FFFF}'));
    }
}
