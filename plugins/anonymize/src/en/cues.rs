//! Context cues around a capitalised run: the words before and after it that say
//! whether it names a person (`jazz musician …`, `… was born`) or a place (`in …`, `the town of …`).

use super::tables::{
    HUMAN_PARTICIPLES, NOT_PERSON_ED, PERSON_VERBS, PLACE_NOUNS, PLACE_OF, PLACE_PREPS, ROLE_WORDS,
    TO_PERSON,
};
use super::tokens::Word;

/// Whether a word that follows people comes at `j`: `said`, `was`, `'s`, a past tense
/// in `-ed`, or `( 1950`.
pub(super) fn person_verb_after(ws: &[Word], j: usize) -> bool {
    ws.get(j)
        .is_some_and(|w| PERSON_VERBS.contains(&w.text.as_str()))
        || ws.get(j).is_some_and(|w| {
            w.text.len() >= 5
                && w.text.ends_with("ed")
                && w.text.chars().all(|c| c.is_ascii_lowercase())
                && !NOT_PERSON_ED.contains(&w.text.as_str())
        })
        || ws.get(j).is_some_and(|w| w.text == "'") && ws.get(j + 1).is_some_and(|w| w.text == "s")
        || ws.get(j).is_some_and(|w| w.text == "(")
            && ws.get(j + 1).is_some_and(|w| {
                w.text.chars().all(|c| c.is_ascii_digit() || c == '-') && w.text.len() >= 4
            })
}

/// Whether the word before `i` announces a place: `in`, `near`, `to` (not `wrote to`),
/// or `of` after a place noun (`the town of`, `mayor of`).
pub(super) fn place_prep_before(ws: &[Word], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = ws[i - 1].text.as_str();
    let before = i.checked_sub(2).map(|k| ws[k].text.to_lowercase());
    if p == "to" {
        return !before.is_some_and(|b| TO_PERSON.contains(&b.as_str()));
    }
    PLACE_PREPS.contains(&p) || p == "of" && before.is_some_and(|b| PLACE_OF.contains(&b.as_str()))
}

/// Whether a lowercase role word (or `such as` after one in the plural) comes before `i`.
pub(super) fn role_before(ws: &[Word], i: usize) -> bool {
    let role = |k: usize| {
        ws[k].text.chars().all(|c| c.is_lowercase() || c == '-')
            && (ROLE_WORDS.contains(&ws[k].text.as_str())
                || ws[k]
                    .text
                    .strip_suffix('s')
                    .is_some_and(|r| ROLE_WORDS.contains(&r)))
    };
    i > 0 && role(i - 1)
        || i > 3
            && matches!(ws[i - 1].text.as_str(), "as" | "including")
            && (ws[i - 1].text == "including" && role(i - 2)
                || ws[i - 2].text == "such" && role(i - 3))
}

/// Whether a description of a person follows `e`: `( born 1950 )`, `, a French actor`,
/// `, an American singer and songwriter`.
pub(super) fn role_after(ws: &[Word], e: usize) -> bool {
    let at = |k: usize| ws.get(k).map_or("", |w| w.text.as_str());
    if at(e) == "(" && matches!(at(e + 1), "born" | "née" | "nee") {
        return true;
    }
    at(e) == ","
        && matches!(at(e + 1), "a" | "an" | "the")
        && (e + 2..e + 5).any(|m| {
            ROLE_WORDS.contains(&at(m))
                && (e + 2..m).all(|x| at(x).chars().all(char::is_alphabetic) && !at(x).is_empty())
        })
}

/// Whether the run `a..e` is the subject of `is a village`, `was a small town`, ….
pub(super) fn place_noun_after(ws: &[Word], e: usize) -> bool {
    if !ws
        .get(e)
        .is_some_and(|w| matches!(w.text.as_str(), "is" | "was"))
        || !ws
            .get(e + 1)
            .is_some_and(|w| matches!(w.text.as_str(), "a" | "an" | "the"))
    {
        return false;
    }
    (e + 2..(e + 5).min(ws.len())).any(|k| {
        PLACE_NOUNS.contains(&ws[k].text.as_str())
            && ws[e + 2..k]
                .iter()
                .all(|w| w.text.chars().all(|c| c.is_lowercase() || c == '-'))
    })
}

/// A verb of action after `j` (`accepted`, `planned`), not `is`, `has` or a possessive,
/// which follow places as often as people.
pub(super) fn action_verb_after(ws: &[Word], j: usize) -> bool {
    person_verb_after(ws, j)
        && ws.get(j).is_some_and(|w| {
            !matches!(
                w.text.as_str(),
                "'s" | "'"
                    | "("
                    | "is"
                    | "was"
                    | "has"
                    | "had"
                    | "also"
                    | "then"
                    | "would"
                    | "could"
                    | "who"
                    | "became"
            )
        })
}

/// `was born`, `has also performed`, `was an American singer`, `was a member` after `j`.
pub(super) fn human_predicate_after(ws: &[Word], j: usize) -> bool {
    let at = |k: usize| ws.get(k).map_or("", |w| w.text.as_str());
    if !matches!(at(j), "is" | "was" | "has" | "had") {
        return false;
    }
    let mut k = j + 1;
    let also = at(k) == "also";
    if also || at(k).ends_with("ly") && at(k).chars().all(|c| c.is_ascii_lowercase()) {
        k += 1;
    }
    if HUMAN_PARTICIPLES.contains(&at(k))
        || also && at(k).ends_with("ed") && at(k).chars().all(|c| c.is_ascii_lowercase())
    {
        return true;
    }
    matches!(at(k), "a" | "an")
        && (k + 1..k + 4).any(|m| {
            (ROLE_WORDS.contains(&at(m)) || at(m) == "member")
                && (k + 1..m).all(|x| at(x).chars().all(char::is_alphabetic) && !at(x).is_empty())
        })
}

#[cfg(test)]
mod tests {
    use crate::en::testing::{assert_has, assert_lacks, assert_no_person, assert_none};
    use crate::EntityType::{Person, Place};

    #[test]
    fn role_word_before_a_name() {
        assert_has(
            "The album features jazz musician Orlan Vesk on piano .",
            "Orlan Vesk",
            Person,
        );
        assert_has(
            "He has a daughter named Wenna Trask from his first marriage .",
            "Wenna Trask",
            Person,
        );
    }

    #[test]
    fn description_after_a_name() {
        let text = "She worked with Orlan Vesk , a French actor .";
        assert_has(text, "Orlan Vesk", Person);
        let text = "Tamsin Quell ( born 1950 ) is a writer .";
        assert_has(text, "Tamsin Quell", Person);
    }

    #[test]
    fn place_cues() {
        assert_has("Wexcombe is a small village in Kent .", "Wexcombe", Place);
        assert_has(
            "The line ended at the town of Harrowgate .",
            "Harrowgate",
            Place,
        );
    }

    #[test]
    fn to_after_a_verb_of_writing_is_not_a_destination() {
        let text = "She wrote to Mirabeau about the plan .";
        assert_lacks(text, "Mirabeau", Place);
        assert_has("She moved to Lisbon in 1990 .", "Lisbon", Place);
    }

    #[test]
    fn subject_followed_by_a_verb() {
        assert_has("Trelawny attended the local school .", "Trelawny", Person);
        assert_has(
            "Some say that Trelawny recognized the danger .",
            "Trelawny",
            Person,
        );
        // A common noun in the same place is not a name.
        for text in [
            "Construction started in 1990 .",
            "Revenue grew by ten percent .",
            "Traffic increased on the main road .",
            "Everyone agreed that it worked .",
            "After the war the Azna retreated into the hills .",
        ] {
            assert_no_person(text);
        }
    }

    #[test]
    fn human_predicates() {
        for text in [
            "Trelawny was born in 1950 .",
            "Trelawny has also performed in operas .",
            "Trelawny was an American singer .",
            "Trelawny was a member of the team .",
        ] {
            assert_has(text, "Trelawny", Person);
        }
        assert_none("Production was halted in 1990 .");
    }
}
