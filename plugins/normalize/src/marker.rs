//! Numbering markers: recognising `一、` `（一）` `1.` `（1）` `一是` and the English
//! `1.1` `I.` `A.` `a)` `Chapter 2` markers at the start of a text, and writing them in
//! the GB/T 9704 style.

/// The type of a numbering marker. Its position in a document's hierarchy decides a
/// heading's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `Part 1`, `PART II`.
    EnPart,
    /// `第一部分`.
    ZhPart,
    /// `Chapter 3`.
    EnChapter,
    /// `第一章`.
    ZhChapter,
    /// `Section 2`.
    EnSection,
    /// `第一节`.
    ZhSection,
    /// `I.`, `IV.`.
    Roman,
    /// `一、`: GB/T level 1.
    ZhNum,
    /// `（一）` / `(一)`: GB/T level 2.
    ZhParen,
    /// `A.`.
    Upper,
    /// `1.` `1、` `1．` (depth 1), `1.1` (depth 2), `1.1.1` (depth 3)…: GB/T level 3 at depth 1.
    Arabic(u8),
    /// `（1）` / `(1)` / `1)`: GB/T level 4.
    ArabicParen,
    /// `a)`, `(a)`, `a.`.
    Lower,
    /// `①`.
    Circled,
    /// `一是`: a point inside a section.
    Point,
}

impl Kind {
    /// Default rank of the kind: lower ranks sit higher in the tree.
    pub fn rank(self) -> i32 {
        match self {
            Kind::EnPart => 1,
            Kind::ZhPart => 5,
            Kind::EnChapter => 10,
            Kind::ZhChapter => 11,
            Kind::EnSection => 20,
            Kind::ZhSection => 21,
            Kind::Roman => 25,
            Kind::ZhNum => 30,
            Kind::ZhParen => 40,
            Kind::Upper => 45,
            Kind::Arabic(d) => 50 + i32::from(d.min(9)),
            Kind::ArabicParen => 60,
            Kind::Lower => 65,
            Kind::Circled => 70,
            Kind::Point => 100,
        }
    }

    /// True for the markers used in English (and other Latin-script) documents, whose
    /// heading must fill its whole line.
    pub fn is_latin(self) -> bool {
        matches!(
            self,
            Kind::EnPart
                | Kind::EnChapter
                | Kind::EnSection
                | Kind::Roman
                | Kind::Upper
                | Kind::Lower
        )
    }
}

/// A marker found at the start of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Its type.
    pub kind: Kind,
    /// Its number (the last component for `1.2.3`).
    pub number: u32,
    /// Length in bytes of the marker as written (with its trailing `、`, `.`, `）`…).
    pub len: usize,
    /// True when the marker is followed by Latin text (an English heading).
    pub latin_text: bool,
}

const ZH_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn zh_digit(c: char) -> Option<u32> {
    match c {
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Parses a Chinese numeral 1–99 written the standard way (`一`, `十`, `十二`, `二十`,
/// `二十三`) at the start of `s`: the whole run of numeral characters must form a valid
/// number, so `五四` is not one. Returns the value and its byte length.
pub fn zh_number(s: &str) -> Option<(u32, usize)> {
    let mut chars = Vec::with_capacity(3);
    let mut len = 0;
    for c in s.chars() {
        if c == '十' || zh_digit(c).is_some() {
            if chars.len() == 3 {
                return None;
            }
            chars.push(c);
            len += c.len_utf8();
        } else {
            break;
        }
    }
    let v = match chars.as_slice() {
        [a] if *a == '十' => 10,
        [a] => zh_digit(*a)?,
        [t, b] if *t == '十' => 10 + zh_digit(*b)?,
        [a, t] if *t == '十' => {
            let a = zh_digit(*a)?;
            if a < 2 {
                return None;
            }
            a * 10
        }
        [a, t, b] if *t == '十' => {
            let a = zh_digit(*a)?;
            if a < 2 {
                return None;
            }
            a * 10 + zh_digit(*b)?
        }
        _ => return None,
    };
    Some((v, len))
}

/// Writes 1–99 as a Chinese numeral (`二十三`); larger numbers in Arabic digits.
pub fn zh_string(n: u32) -> String {
    let d = |k: u32| ZH_DIGITS.get(k as usize).copied().unwrap_or('零');
    match n {
        0 => "零".to_string(),
        1..=9 => d(n).to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", d(n - 10)),
        20..=99 if n % 10 == 0 => format!("{}十", d(n / 10)),
        20..=99 => format!("{}十{}", d(n / 10), d(n % 10)),
        _ => n.to_string(),
    }
}

/// Arabic digits (ASCII or full width), 1–2 of them, value 1–99.
fn arabic_number(s: &str) -> Option<(u32, usize)> {
    let mut v = 0u32;
    let mut len = 0;
    let mut count = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        count += 1;
        if count > 2 {
            return None;
        }
        v = v * 10 + d;
        len += c.len_utf8();
    }
    if count == 0 || v == 0 {
        return None;
    }
    Some((v, len))
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// True for CJK ideographs.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// True when `s` (a line) holds CJK text.
pub fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

fn roman_value(s: &str) -> Option<u32> {
    const TABLE: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    TABLE.iter().position(|r| *r == s).map(|i| i as u32 + 1)
}

fn english_number_word(s: &str) -> Option<u32> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let l = s.to_ascii_lowercase();
    WORDS.iter().position(|w| *w == l).map(|i| i as u32 + 1)
}

fn next_char(s: &str, at: usize) -> Option<char> {
    s.get(at..).and_then(|r| r.chars().next())
}

/// What follows a marker must be content: not nothing, and for `1.`/`1、` markers not
/// a digit (`1、2、3` is a list of numbers, not a heading).
fn content_follows(kind: Kind, s: &str, at: usize) -> bool {
    match next_char(s, at) {
        None => false,
        Some(c) if c.is_whitespace() => s.get(at..).is_some_and(|r| !r.trim().is_empty()),
        Some(c) => !(is_digit(c) && matches!(kind, Kind::Arabic(_))),
    }
}

fn follows_latin(s: &str, at: usize) -> bool {
    s.get(at..)
        .map(|r| r.trim_start())
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_alphabetic() && !is_han(c))
}

/// The numbering marker at the very start of `s` (no leading whitespace), if any. Points
/// (`一是`) are not returned here: see [`point_at`].
pub fn marker_at(s: &str) -> Option<Marker> {
    let first = s.chars().next()?;
    let mk = |kind, number, len: usize| {
        if content_follows(kind, s, len) {
            Some(Marker {
                kind,
                number,
                len,
                latin_text: follows_latin(s, len),
            })
        } else {
            None
        }
    };
    // （一） (一) （1） (1) (a)
    if first == '（' || first == '(' {
        let open = first.len_utf8();
        let rest = s.get(open..)?;
        let (kind, n, nlen) = if let Some((n, l)) = zh_number(rest) {
            (Kind::ZhParen, n, l)
        } else if let Some((n, l)) = arabic_number(rest) {
            (Kind::ArabicParen, n, l)
        } else {
            let c = rest.chars().next()?;
            if c.is_ascii_lowercase()
                && !s
                    .get(open + 1..)?
                    .starts_with(|c: char| c.is_ascii_lowercase())
            {
                (Kind::Lower, c as u32 - 'a' as u32 + 1, 1)
            } else {
                return None;
            }
        };
        let close_at = open + nlen;
        let close = next_char(s, close_at)?;
        if close != '）' && close != ')' {
            return None;
        }
        let mut len = close_at + close.len_utf8();
        if let Some(c) = next_char(s, len) {
            if c == '、' || c == '．' {
                len += c.len_utf8();
            }
        }
        if kind == Kind::Lower && !follows_latin(s, len) {
            return None;
        }
        return mk(kind, n, len);
    }
    // 第一章 第一节 第一部分
    if first == '第' {
        let rest = s.get(3..)?;
        let (n, nlen) = zh_number(rest).or_else(|| arabic_number(rest))?;
        let after = 3 + nlen;
        let tail = s.get(after..)?;
        let (kind, tlen) = if tail.starts_with('章') {
            (Kind::ZhChapter, 3)
        } else if tail.starts_with('节') {
            (Kind::ZhSection, 3)
        } else if tail.starts_with("部分") {
            (Kind::ZhPart, 6)
        } else {
            return None;
        };
        let mut len = after + tlen;
        if let Some(c) = next_char(s, len) {
            if matches!(c, '、' | ':' | '：' | '.' | '．') {
                len += c.len_utf8();
            }
        }
        return mk(kind, n, len);
    }
    // 一、 一．
    if let Some((n, nlen)) = zh_number(s) {
        let c = next_char(s, nlen)?;
        if c == '、' || c == '．' || (c == '.' && !next_char(s, nlen + 1).is_some_and(is_digit)) {
            return mk(Kind::ZhNum, n, nlen + c.len_utf8());
        }
        return None;
    }
    // ①
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        return mk(Kind::Circled, first as u32 - 0x2460 + 1, first.len_utf8());
    }
    // 1. 1、 1． 1.1 1) 1）
    if let Some((n, nlen)) = arabic_number(s) {
        let c = next_char(s, nlen)?;
        match c {
            '、' | '．' => return mk(Kind::Arabic(1), n, nlen + c.len_utf8()),
            ')' | '）' => return mk(Kind::ArabicParen, n, nlen + c.len_utf8()),
            '.' => {
                // 1.2.3 chains
                let mut len = nlen + 1;
                let mut depth = 1u8;
                let mut last = n;
                while let Some((m, mlen)) = s.get(len..).and_then(arabic_number) {
                    depth += 1;
                    last = m;
                    len += mlen;
                    if next_char(s, len) == Some('.') {
                        len += 1;
                        if next_char(s, len).is_some_and(is_digit) && depth < 6 {
                            continue;
                        }
                    }
                    break;
                }
                if depth == 1 {
                    return mk(Kind::Arabic(1), n, len);
                }
                // A decimal number (`1.5万`) is not a marker: a multi-level number must be
                // followed by a space, or by a short heading line.
                let next = next_char(s, len)?;
                if next.is_whitespace() || s.get(..len).is_some_and(|p| p.ends_with('.')) {
                    return mk(Kind::Arabic(depth), last, len);
                }
                if is_han(next) && !s.contains(['。', '，', ',']) && s.chars().count() <= 40 {
                    return mk(Kind::Arabic(depth), last, len);
                }
                return None;
            }
            _ => return None,
        }
    }
    // Chapter 1 / Section 2 / Part III
    if first.is_ascii_alphabetic() {
        let word_end = s
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(s.len());
        let word = s.get(..word_end)?;
        let kind = match word.to_ascii_lowercase().as_str() {
            "chapter" => Some(Kind::EnChapter),
            "section" => Some(Kind::EnSection),
            "part" => Some(Kind::EnPart),
            _ => None,
        };
        if let Some(kind) = kind {
            let rest = s.get(word_end..)?;
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() {
                return None;
            }
            let num_start = word_end + (rest.len() - trimmed.len());
            let num_end = trimmed
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(trimmed.len());
            let tok = trimmed.get(..num_end)?;
            let n = tok
                .parse::<u32>()
                .ok()
                .or_else(|| roman_value(tok))
                .or_else(|| english_number_word(tok))?;
            let mut len = num_start + num_end;
            if let Some(c) = next_char(s, len) {
                if matches!(c, '.' | ':') {
                    len += 1;
                }
            }
            return Some(Marker {
                kind,
                number: n,
                len,
                latin_text: true,
            });
        }
        // I. II. / A. / a) a.
        if let Some(n) = roman_value(word) {
            if next_char(s, word_end) == Some('.') && next_char(s, word_end + 1) == Some(' ') {
                let m = mk(Kind::Roman, n, word_end + 1)?;
                return m.latin_text.then_some(m);
            }
        }
        if word.len() == 1 {
            let sep = next_char(s, 1)?;
            let spaced = next_char(s, 2) == Some(' ');
            if first.is_ascii_uppercase() && sep == '.' && spaced {
                let m = mk(Kind::Upper, first as u32 - 'A' as u32 + 1, 2)?;
                return m.latin_text.then_some(m);
            }
            if first.is_ascii_lowercase() && (sep == ')' || sep == '.') && spaced {
                let m = mk(Kind::Lower, first as u32 - 'a' as u32 + 1, 2)?;
                return m.latin_text.then_some(m);
            }
        }
    }
    None
}

/// A point marker `一是` … `十是` at the start of `s`: value and byte length.
pub fn point_at(s: &str) -> Option<(u32, usize)> {
    let (n, len) = zh_number(s)?;
    if next_char(s, len) == Some('是') {
        Some((n, len + '是'.len_utf8()))
    } else {
        None
    }
}

/// The marker written in the GB/T 9704 style for its kind (`一、` `（一）` `1.` `（1）`
/// `一是`), or `None` for kinds that keep the form they were written in.
pub fn gbt_label(kind: Kind, n: u32) -> Option<String> {
    match kind {
        Kind::ZhNum => Some(format!("{}、", zh_string(n))),
        Kind::ZhParen => Some(format!("（{}）", zh_string(n))),
        Kind::Arabic(1) => Some(format!("{n}.")),
        Kind::ArabicParen => Some(format!("（{n}）")),
        Kind::Point => Some(format!("{}是", zh_string(n))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<(Kind, u32)> {
        marker_at(s).map(|m| (m.kind, m.number))
    }

    #[test]
    fn chinese_numerals_are_validated() {
        assert_eq!(zh_number("十二、"), Some((12, 6)));
        assert_eq!(zh_number("二十"), Some((20, 6)));
        assert_eq!(zh_number("三十五"), Some((35, 9)));
        assert_eq!(zh_number("五四"), None);
        assert_eq!(zh_number("一十"), None);
        assert_eq!(zh_string(23), "二十三");
        assert_eq!(zh_string(10), "十");
        for n in 1..100 {
            let s = zh_string(n);
            assert_eq!(zh_number(&s).map(|x| x.0), Some(n), "{s}");
        }
    }

    #[test]
    fn gbt_markers_are_recognised() {
        assert_eq!(kind("三、做法"), Some((Kind::ZhNum, 3)));
        assert_eq!(kind("（二）做法"), Some((Kind::ZhParen, 2)));
        assert_eq!(kind("(十一)做法"), Some((Kind::ZhParen, 11)));
        assert_eq!(kind("4.做法"), Some((Kind::Arabic(1), 4)));
        assert_eq!(kind("4、做法"), Some((Kind::Arabic(1), 4)));
        assert_eq!(kind("4．做法"), Some((Kind::Arabic(1), 4)));
        assert_eq!(kind("（5）做法"), Some((Kind::ArabicParen, 5)));
        assert_eq!(kind("(5)做法"), Some((Kind::ArabicParen, 5)));
        assert_eq!(kind("第三章 总则"), Some((Kind::ZhChapter, 3)));
        assert_eq!(kind("①做法"), Some((Kind::Circled, 1)));
        assert_eq!(point_at("三是抓落实"), Some((3, 6)));
    }

    #[test]
    fn look_alikes_are_not_markers() {
        assert_eq!(kind("五四、青年节"), None);
        assert_eq!(kind("1.5万元用于建设。"), None);
        assert_eq!(kind("2025年工作"), None);
        assert_eq!(kind("一、"), None);
        assert_eq!(kind("1、2、3"), None);
        assert_eq!(kind("一、2025年工作"), Some((Kind::ZhNum, 1)));
        assert_eq!(kind("统一是"), None);
        assert_eq!(point_at("统一是"), None);
        assert_eq!(kind("I went home."), None);
    }

    #[test]
    fn english_markers_are_recognised() {
        assert_eq!(kind("2.3 Results"), Some((Kind::Arabic(2), 3)));
        assert_eq!(kind("1.2.1 Setup"), Some((Kind::Arabic(3), 1)));
        assert_eq!(kind("1. Introduction"), Some((Kind::Arabic(1), 1)));
        assert_eq!(kind("IV. Methods"), Some((Kind::Roman, 4)));
        assert_eq!(kind("B. Data"), Some((Kind::Upper, 2)));
        assert_eq!(kind("c) details"), Some((Kind::Lower, 3)));
        assert_eq!(kind("Chapter 7: Ends"), Some((Kind::EnChapter, 7)));
        assert_eq!(kind("Section II"), Some((Kind::EnSection, 2)));
        assert_eq!(kind("Party time"), None);
    }

    #[test]
    fn gbt_labels() {
        assert_eq!(gbt_label(Kind::ZhParen, 3).as_deref(), Some("（三）"));
        assert_eq!(gbt_label(Kind::Arabic(1), 3).as_deref(), Some("3."));
        assert_eq!(gbt_label(Kind::ArabicParen, 12).as_deref(), Some("（12）"));
        assert_eq!(gbt_label(Kind::Roman, 3), None);
    }
}
