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
        if !SPECIAL[b as usize] {
            i += 1;
            continue;
        }
        let (rep, len): (&str, usize) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            // U+FFFE / U+FFFF (EF BF BE / EF BF BF) are not XML characters.
            0xEF => {
                if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
                {
                    ("", 3)
                } else {
                    i += 1;
                    continue;
                }
            }
            // Control characters other than tab, LF, CR are not XML characters.
            _ => ("", 1),
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        i += len;
        start = i;
    }
    out.push_str(&s[start..]);
}

/// Bytes that need a look: markup characters, C0 controls other than tab/LF/CR, and the
/// lead byte of U+FFFE/U+FFFF.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[0xEF] = true;
    t
};

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
