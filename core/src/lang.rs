//! A cheap guess of a text's main language from its script, for stages that need one
//! when the source does not say (`lang` attribute in HTML, 公文 layout in DOCX, which
//! recogniser to use).

/// `zh` when CJK ideographs make up a fair share of the letters, `en` when Latin letters
/// dominate, `None` for text with too few letters to tell.
pub fn guess(text: &str) -> Option<&'static str> {
    let (mut cjk, mut latin) = (0usize, 0usize);
    for c in text.chars().take(20_000) {
        if is_cjk(c) {
            cjk += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if cjk + latin < 2 {
        return None;
    }
    // One ideograph carries about as much as a short Latin word.
    if cjk * 4 >= latin {
        Some("zh")
    } else {
        Some("en")
    }
}

/// True for CJK unified ideographs (and extension A and compatibility ideographs).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_by_script() {
        assert_eq!(guess("一、总体情况 2024 annual report"), Some("zh"));
        assert_eq!(guess("The annual report of the council"), Some("en"));
        assert_eq!(guess("12 34"), None);
    }
}
