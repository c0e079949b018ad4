//! Person-name rules of the English recogniser.

use crate::data::EnData;
use crate::entity::EntityType;
use crate::zh::Cand;

use super::classify::push;
use super::cues::{
    human_predicate_after, person_verb_after, place_prep_before, role_after, role_before,
};
use super::tables::{
    COMMON, HONORIFICS, ORG_WORDS, PERSON_VERBS, PINYIN_SURNAMES, PINYIN_SYLLABLES, SUBJECT_VERBS,
};
use super::tokens::{is_cap, is_sentence_start, noun_like, strip_dot, Word};

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

/// Whether an honorific comes just before word `i` (`Mr`, `Dr .`).
pub(super) fn honorific_before(ws: &[Word], i: usize) -> bool {
    i > 0 && {
        let p = ws[i - 1].text.as_str();
        HONORIFICS.contains(&p)
            || (p == "." && i > 1 && HONORIFICS.contains(&format!("{}.", ws[i - 2].text).as_str()))
    }
}

/// Pushes the run `s..e` after an honorific as a person; a nobility title before it
/// (`Lord`, `Madame`, `DJ`) is part of the name.
pub(super) fn push_titled(ws: &[Word], s: usize, e: usize, out: &mut Vec<Cand>) {
    let noble = s > 0
        && matches!(
            ws[s - 1].text.as_str(),
            "Lord"
                | "Lady"
                | "Sir"
                | "Dame"
                | "Madame"
                | "Mademoiselle"
                | "DJ"
                | "MC"
                | "King"
                | "Queen"
                | "Prince"
                | "Princess"
                | "Saint"
                | "Pope"
                | "Emperor"
        );
    push(
        ws,
        out,
        if noble { s - 1 } else { s },
        e,
        EntityType::Person,
        50,
    );
}

/// A Chinese name in pinyin: surname and a one- or two-syllable given name (`Wang Lei`).
pub(super) fn pinyin_name(d: &EnData, ws: &[Word], s: usize, e: usize) -> bool {
    e - s == 2
        && PINYIN_SURNAMES.contains(&ws[s].text.as_str())
        && pinyin_given(&ws[s + 1].text)
        && ws[s + 1]
            .text
            .chars()
            .skip(1)
            .all(|c| c.is_lowercase() || c == '-')
        && !COMMON.contains(&ws[s + 1].text.as_str())
        && !d.places.contains_key(ws[s + 1].text.as_str())
}

/// A short run with a role word before it or a description after it (`jazz musician Ann
/// Lee`, `Ann Lee , a French actor`) and no common word in it.
pub(super) fn role_cued(ws: &[Word], s: usize, e: usize) -> bool {
    e - s <= 4
        && (role_before(ws, s) || role_after(ws, e))
        && !ws[s..e]
            .iter()
            .any(|w| COMMON.contains(&strip_dot(&w.text)))
}

/// Persons among the words of the run `s..e` not `covered` by places: name lists, a
/// surname, verbs after (`Trelawny attended`), or a lone word after a place preposition,
/// which is a place.
pub(super) fn persons_in_rest(
    d: &EnData,
    ws: &[Word],
    s: usize,
    e: usize,
    covered: &[bool],
    want_place: bool,
    out: &mut Vec<Cand>,
) {
    let prev_lower = s > 0 && !is_cap(&ws[s - 1].text);
    let mut i = s;
    while i < e {
        if covered[i - s] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < e && !covered[j - s] {
            j += 1;
        }
        let n = j - i;
        let first = ws[i].text.as_str();
        let last = strip_dot(&ws[j - 1].text);
        let sentence_start = is_sentence_start(ws, i);
        let all_upper = ws[i..j].iter().all(|w| {
            w.text
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
                && w.text.chars().count() > 1
        });
        if all_upper {
            i = j;
            continue;
        }
        if (2..=4).contains(&n) {
            let given_first = d.given.contains(first) && !COMMON.contains(&first);
            let sur_last = d.surnames.contains(last);
            let plain_words = ws[i..j].iter().all(|w| {
                !COMMON.contains(&strip_dot(&w.text)) && !ORG_WORDS.contains(&w.text.as_str())
            });
            if given_first {
                push(ws, out, i, j, EntityType::Person, 30);
            } else if sur_last && n == 2 && !sentence_start && ws[i].text.chars().count() > 1 {
                push(ws, out, i, j, EntityType::Person, 20);
            } else if plain_words
                && (n <= 3)
                && (sur_last
                    || ws
                        .get(j)
                        .is_some_and(|w| PERSON_VERBS.contains(&w.text.as_str()))
                    || ws[i..j]
                        .iter()
                        .any(|w| w.text.chars().count() == 2 && w.text.ends_with('.')))
            {
                push(ws, out, i, j, EntityType::Person, 14);
            }
        } else if n == 1
            && want_place
            && place_prep_before(ws, i)
            && !noun_like(&ws[i].text)
            && !d.given.contains(ws[i].text.as_str())
            && !COMMON.contains(&ws[i].text.as_str())
            && !ORG_WORDS.contains(&ws[i].text.as_str())
            && ws[i].text.chars().count() > 3
            && ws[i].text.chars().skip(1).all(|c| c.is_lowercase())
        {
            push(ws, out, i, j, EntityType::Place, 13);
        } else if n == 1 {
            let w = ws[i].text.as_str();
            let listed = (d.given.contains(w) || d.surnames.contains(w)) && !COMMON.contains(&w);
            let known_word =
                COMMON.contains(&w) || ORG_WORDS.contains(&w) || HONORIFICS.contains(&w);
            if !known_word
                && w.chars().count() > 2
                && (listed && (!sentence_start || person_verb_after(ws, j))
                    || person_verb_after(ws, j)
                        && !sentence_start
                        && prev_lower
                        && !noun_like(w)
                        && !(i > 0
                            && matches!(
                                ws[i - 1].text.as_str(),
                                "the" | "a" | "an" | "this" | "its" | "their" | "our"
                            )))
            {
                push(ws, out, i, j, EntityType::Person, 12);
            } else if !known_word
                && w.chars().count() > 3
                && w.chars().skip(1).all(char::is_lowercase)
                && sentence_start
                && !noun_like(w)
                && (!w.ends_with('s') || w.ends_with("ss"))
                && (ws
                    .get(j)
                    .is_some_and(|x| SUBJECT_VERBS.contains(&x.text.as_str()))
                    || ws.get(j).is_some_and(|x| x.text == "'")
                    || human_predicate_after(ws, j))
            {
                push(ws, out, i, j, EntityType::Person, 11);
            }
        }
        i = j;
    }
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

    #[test]
    fn honorifics_kept_in_the_name() {
        let text = "The book was translated by Madame de Vere .";
        assert_has(text, "Madame de Vere", Person);
        let text = "The night featured DJ Orlo and others .";
        assert_has(text, "DJ Orlo", Person);
    }
}
