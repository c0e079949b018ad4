//! Escaping text and attributes, filtering link targets, and checking language tags.
//!
//! Text and attribute values are escaped (`&`, `<`, `>`, `"`); code points HTML forbids
//! (C0/C1 controls other than white space, noncharacters) and bidi embeddings, overrides
//! and isolates are dropped and counted, so the page validates and cannot be visually
//! spoofed.

/// Appends `s` to `out` with `&`, `<`, `>` and `"` escaped and forbidden or bidi control
/// characters dropped; returns how many characters were dropped.
pub fn push_escaped(out: &mut String, s: &str) -> usize {
    let mut dropped = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            c if is_dropped(c) => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        out.push_str(replacement);
        if replacement.is_empty() {
            dropped += 1;
        }
        start = i + c.len_utf8();
    }
    out.push_str(s.get(start..).unwrap_or_default());
    dropped
}

/// `s` escaped (see [`push_escaped`]), for places where the drop count does not matter.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// Characters that never reach the page: controls other than tab, LF, FF and CR;
/// noncharacters; bidi embeddings, overrides (U+202A–202E) and isolates (U+2066–2069).
pub fn is_dropped(c: char) -> bool {
    match c {
        '\t' | '\n' | '\u{c}' | '\r' => false,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{fdd0}'..='\u{fdef}' => true,
        c => (c as u32) & 0xFFFE == 0xFFFE,
    }
}

/// The `href` to write for a link `target`, or `None` when the link must be dropped
/// (its text is kept): `javascript:`, `vbscript:` and `data:` targets, also when
/// obfuscated with case, white space, control characters or character references, and
/// `http(s)`/`ftp` targets without a host. Characters a URL may not contain are
/// percent-encoded so the attribute is a valid URL.
pub fn safe_href(target: &str) -> Option<String> {
    let target = target.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    if target.is_empty() {
        return None;
    }
    let probe = scheme_probe(target);
    if ["javascript:", "vbscript:", "data:", "livescript:"]
        .iter()
        .any(|s| probe.starts_with(s))
    {
        return None;
    }
    for special in ["http:", "https:", "ftp:"] {
        if let Some(rest) = probe.strip_prefix(special) {
            let host = rest.strip_prefix("//")?;
            if host.is_empty() || host.starts_with(['/', '?', '#']) {
                return None;
            }
        }
    }
    Some(encode_url(target))
}

/// The start of a target as a browser would see its scheme: character references
/// decoded, ASCII white space and controls removed, lower case.
fn scheme_probe(target: &str) -> String {
    let decoded = decode_char_refs(target.get(..target.len().min(256)).unwrap_or(target));
    decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !is_dropped(*c))
        .take(32)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Decodes numeric character references (`&#106;`, `&#x6A`) and the named ones that
/// obfuscation uses (`&colon;`, `&Tab;`, `&NewLine;`, `&sol;`), repeatedly.
fn decode_char_refs(s: &str) -> String {
    let mut cur = s.to_string();
    for _ in 0..4 {
        let next = decode_once(&cur);
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

fn decode_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let after = rest.get(i + 1..).unwrap_or_default();
        let (decoded, used) = decode_ref(after);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = after.get(used..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the reference after a `&`; returns the character and the bytes used.
fn decode_ref(after: &str) -> (Option<char>, usize) {
    if let Some(num) = after.strip_prefix('#') {
        let (hex, digits_from) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let len = digits_from
            .chars()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        let digits = digits_from.get(..len).unwrap_or_default();
        let value = u32::from_str_radix(
            digits.get(..digits.len().min(8)).unwrap_or(""),
            if hex { 16 } else { 10 },
        );
        let Ok(value) = value else {
            return (None, 0);
        };
        let mut used = 1 + usize::from(hex) + len;
        if digits_from.get(len..).is_some_and(|r| r.starts_with(';')) {
            used += 1;
        }
        return (Some(char::from_u32(value).unwrap_or('\u{FFFD}')), used);
    }
    for (name, c) in [
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("sol;", '/'),
        ("amp;", '&'),
        ("lpar;", '('),
        ("rpar;", ')'),
    ] {
        if after.starts_with(name) {
            return (Some(c), name.len());
        }
    }
    (None, 0)
}

/// Percent-encodes what may not appear literally in a URL: white space, controls,
/// `"<>\^`{|}` and brackets, a `%` not starting an escape, and a second `#`.
fn encode_url(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    let mut seen_hash = false;
    let bytes = target.as_bytes();
    for (i, c) in target.char_indices() {
        let encode = match c {
            '#' if seen_hash => true,
            '#' => {
                seen_hash = true;
                false
            }
            '%' => {
                !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            }
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '[' | ']' => true,
            c => c.is_whitespace() || c.is_control() || is_dropped(c),
        };
        if encode {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Two-letter ISO 639-1 codes, the primary language subtags the checker accepts without
/// a registry look-up on our side.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// `tag` when it is a language tag the page can carry: an ISO 639-1 language (or `und`),
/// optionally followed by a script (`Hans`) and/or a region (`CN`, `419`); `_` is read
/// as `-`. Anything else gives `None`.
pub fn valid_lang(tag: &str) -> Option<String> {
    let tag = tag.trim().replace('_', "-");
    let mut parts = tag.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    if primary != "und" && !ISO_639_1.split(' ').any(|c| c == primary) {
        return None;
    }
    let mut out = primary;
    let mut stage = 0; // 0: script or region may follow, 1: region only, 2: nothing
    for sub in parts {
        let is_script = sub.len() == 4 && sub.chars().all(|c| c.is_ascii_alphabetic());
        let is_region = (sub.len() == 2 && sub.chars().all(|c| c.is_ascii_alphabetic()))
            || (sub.len() == 3 && sub.chars().all(|c| c.is_ascii_digit()));
        if is_script && stage == 0 {
            let mut s = sub.to_ascii_lowercase();
            if let Some(first) = s.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            out.push('-');
            out.push_str(&s);
            stage = 1;
        } else if is_region && stage < 2 {
            out.push('-');
            out.push_str(&sub.to_ascii_uppercase());
            stage = 2;
        } else {
            return None;
        }
    }
    Some(out)
}

/// A value usable as an `id`, URL fragment or class token: letters, digits, `-`, `_`
/// and `.` kept, anything else (white space, quotes, markup) replaced by `-`; `None`
/// when nothing is left.
pub fn token(s: &str) -> Option<String> {
    let t: String = s
        .chars()
        .filter(|c| !is_dropped(*c))
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let t = t.trim_matches('-').to_string();
    if t.is_empty() {
        None
    } else {
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        let mut out = String::new();
        let n = push_escaped(
            &mut out,
            "<script>alert(\"x\") & 'y'</script>\0\u{1}\u{7f}\u{85}\u{202e}rtl\u{2066}\u{fdd0}\u{fffe}\u{1fffe}ok\t\n",
        );
        assert_eq!(
            out,
            "&lt;script&gt;alert(&quot;x&quot;) &amp; 'y'&lt;/script&gt;rtlok\t\n"
        );
        assert_eq!(n, 9);
        assert_eq!(escaped("汉字 plain"), "汉字 plain");
    }

    #[test]
    fn dangerous_schemes_are_dropped_in_every_disguise() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "jav&#x61;script:alert(1)",
            "jav&#97;script:alert(1)",
            "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
            "javascript&colon;alert(1)",
            "java&Tab;script:alert(1)",
            "&#x6A&#x61&#x76&#x61script:x",
            "&amp;#106;avascript:x",
            "vbscript:msgbox",
            "VBScript:msgbox",
            "data:text/html;base64,PHNjcmlwdD4=",
            " DATA:text/html,<script>",
            "java\u{202e}script:x",
            "http://",
            "https:///path",
            "http:example.com",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?} must be dropped");
        }
    }

    #[test]
    fn ordinary_targets_are_kept_and_made_valid() {
        assert_eq!(
            safe_href("https://example.org/a b?q=<1>|2#frag#x").as_deref(),
            Some("https://example.org/a%20b?q=%3C1%3E%7C2#frag%23x")
        );
        assert_eq!(safe_href("#sec-1").as_deref(), Some("#sec-1"));
        assert_eq!(safe_href("mailto:a@b.cn").as_deref(), Some("mailto:a@b.cn"));
        assert_eq!(safe_href("100%").as_deref(), Some("100%25"));
        assert_eq!(safe_href("a%20b").as_deref(), Some("a%20b"));
        assert_eq!(
            safe_href("https://例子.中国/路径").as_deref(),
            Some("https://例子.中国/路径")
        );
        assert_eq!(
            safe_href("javascript-guide.html").as_deref(),
            Some("javascript-guide.html")
        );
        assert_eq!(safe_href("   "), None);
    }

    #[test]
    fn language_tags() {
        assert_eq!(valid_lang("zh").as_deref(), Some("zh"));
        assert_eq!(valid_lang("zh_cn").as_deref(), Some("zh-CN"));
        assert_eq!(valid_lang("zh-hans-cn").as_deref(), Some("zh-Hans-CN"));
        assert_eq!(valid_lang("es-419").as_deref(), Some("es-419"));
        assert_eq!(valid_lang("EN").as_deref(), Some("en"));
        assert_eq!(valid_lang("xx"), None);
        assert_eq!(valid_lang("en-US-x-private"), None);
        assert_eq!(valid_lang("\"><script>"), None);
        assert_eq!(valid_lang(""), None);
    }

    #[test]
    fn tokens() {
        assert_eq!(token(" my id\there ").as_deref(), Some("my-id-here"));
        assert_eq!(token("  "), None);
        assert_eq!(token("节一").as_deref(), Some("节一"));
        assert_eq!(token("a\"<b>&c").as_deref(), Some("a--b--c"));
    }
}
