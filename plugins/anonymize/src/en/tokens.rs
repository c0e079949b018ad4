//! Words of an English text and plain tests on one word (capitalised, noun-like, camel case).

use super::tables::{HONORIFICS, NOUN_ENDINGS};

/// A word or a single punctuation mark of the text, with its char offsets.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: String,
}

/// Splits `chars` into words and punctuation marks; abbreviations keep their dot (`Mr.`, `St.`, `J.`).
pub(super) fn words(chars: &[char]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let s = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || matches!(chars[i], '\'' | '’' | '-')
                        && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()))
            {
                i += 1;
            }
            // Abbreviations keep their dot: Mr. Dr. St. J.
            let core: String = chars[s..i].iter().collect();
            if i < chars.len()
                && chars[i] == '.'
                && core.chars().count() <= 3
                && core.chars().next().is_some_and(char::is_uppercase)
                && (core.chars().count() == 1
                    || HONORIFICS.contains(&format!("{core}.").as_str())
                    || core == "St")
            {
                i += 1;
            }
            out.push(Word {
                start: s,
                end: i,
                text: chars[s..i].iter().collect(),
            });
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(Word {
                start: i,
                end: i + 1,
                text: c.to_string(),
            });
            i += 1;
        }
    }
    out
}

/// Whether `w` starts with a capital and has a letter in it.
pub(super) fn is_cap(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(|c| c.is_uppercase()) && w.chars().any(|c| c.is_alphabetic())
}

/// Whether word `k` starts a sentence, a quotation or a parenthesis.
pub(super) fn is_sentence_start(ws: &[Word], k: usize) -> bool {
    k == 0
        || matches!(
            ws[k - 1].text.as_str(),
            "." | "!" | "?" | ":" | "\"" | "“" | "(" | "'" | "-" | "–" | "—" | ";"
        )
}

/// The words `a..b` joined by single spaces (`New York`, `Ashby 's Mill`).
pub(super) fn text(ws: &[Word], a: usize, b: usize) -> String {
    ws[a..b]
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `w` without a final dot (`Jr.` → `Jr`).
pub(super) fn strip_dot(w: &str) -> &str {
    w.strip_suffix('.').unwrap_or(w)
}

/// Whether `w` ends like a common noun (`Catholicism`, `Marketing`), not a name.
pub(super) fn noun_like(w: &str) -> bool {
    NOUN_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Whether a word has a capital after a small letter (`BayCon`), except after a name
/// prefix (`McKay`, `DeShawn`, `LeRoy`).
pub(super) fn camel_case(w: &str) -> bool {
    let inner = w
        .chars()
        .zip(w.chars().skip(1))
        .skip(1)
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    inner
        && !["Mc", "Mac", "De", "Le", "La", "Di", "Da", "Du", "Van"]
            .iter()
            .any(|p| w.starts_with(p))
}
