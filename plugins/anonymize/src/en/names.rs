//! Person-name rules of the English recogniser.

use super::tables::PINYIN_SYLLABLES;

/// Whether `w` is a pinyin given name: one or two syllables (`Lei`, `Jiande`, `Xiao-ping`).
pub(super) fn pinyin_given(w: &str) -> bool {
    let lower: String = w
        .chars()
        .filter(|c| *c != '-' && *c != '\'')
        .flat_map(char::to_lowercase)
        .collect();
    if lower.len() < 2 || !lower.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let syllable = |s: &str| PINYIN_SYLLABLES.split_ascii_whitespace().any(|p| p == s);
    // One syllable, or two (any split point).
    syllable(&lower) || (1..lower.len()).any(|k| syllable(&lower[..k]) && syllable(&lower[k..]))
}

#[cfg(test)]
mod tests {
    use crate::en::testing::{assert_has, assert_no_person};
    use crate::EntityType::Person;

    #[test]
    fn pinyin_names() {
        assert_has(
            "The governor asked Dou Lianfeng for help .",
            "Dou Lianfeng",
            Person,
        );
        assert_has("Later , Wang Shi left the city .", "Wang Shi", Person);
        let text = "They sailed past Long Island at dawn .";
        assert_no_person(text);
    }

    #[test]
    fn accented_given_names() {
        let text = "The prize went to Søren Kaldahl last year .";
        assert_has(text, "Søren Kaldahl", Person);
    }

    #[test]
    fn given_name_that_is_a_place() {
        let text = "Guests included Paris Whitfield and others .";
        assert_has(text, "Paris Whitfield", Person);
    }
}
