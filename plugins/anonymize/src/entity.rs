//! Entity spans and the placeholder runs of already-masked text.

use serde::Serialize;

/// What kind of name a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityType {
    /// A person's name.
    #[serde(rename = "PERSON")]
    Person,
    /// A geographic name (country down to street and address).
    #[serde(rename = "PLACE")]
    Place,
}

impl EntityType {
    /// `PERSON` or `PLACE`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Place => "PLACE",
        }
    }

    /// Parses `PERSON`/`PER` or `PLACE`/`LOC` (any case).
    pub fn parse(s: &str) -> Option<EntityType> {
        match s.trim().to_ascii_uppercase().as_str() {
            "PERSON" | "PER" | "NAME" => Some(EntityType::Person),
            "PLACE" | "LOC" | "LOCATION" | "GPE" => Some(EntityType::Place),
            _ => None,
        }
    }
}

/// A recognised name: code-point offsets into the text, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Person or place.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The text of the span.
    pub text: String,
}

/// True for the characters sources use as placeholders (`x`, `X`, `*`, full-width forms).
pub(crate) fn is_placeholder(c: char) -> bool {
    matches!(c, 'x' | 'X' | '*' | '＊' | 'ｘ' | 'Ｘ' | '×')
}

/// Runs of placeholder characters that stand in for a masked word (`XX市`, `*县`,
/// `《*日报》`, `张x`): a run touching a CJK character or a Chinese book-title mark, not part
/// of a Latin word. Code-point ranges.
pub fn masked_runs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_placeholder(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_placeholder(chars[i]) {
            i += 1;
        }
        let before = start.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i).copied();
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let run_is_x = chars[start..i]
            .iter()
            .all(|c| matches!(c, 'x' | 'X' | 'ｘ' | 'Ｘ'));
        if run_is_x && (latin(before) || latin(after)) {
            continue;
        }
        let cjkish = |c: Option<char>| {
            c.is_some_and(|c| docpipe_core::lang::is_cjk(c) || matches!(c, '《' | '》' | '“' | '”'))
        };
        if cjkish(before) || cjkish(after) {
            out.push((start, i));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        masked_runs(&chars)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn placeholder_runs_next_to_chinese() {
        assert_eq!(
            runs("在XX市和*县,《*日报》报道,张x说"),
            ["XX", "*", "*", "x"]
        );
    }

    #[test]
    fn latin_words_are_not_placeholders() {
        assert!(runs("box 和 Xbox 以及 max").is_empty());
        assert!(runs("2 x 3 = 6").is_empty());
    }
}
