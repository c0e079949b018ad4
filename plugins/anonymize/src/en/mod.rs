//! The English recogniser: capitalised word sequences checked against given-name and
//! surname lists and a gazetteer of countries, US states and cities, with honorifics and
//! context patterns (`Mr. Smith`, `Springfield , Ohio`).
//!
//! How the passes fit together, in [`candidates`]:
//!
//! 1. [`tokens`] splits the text into words and punctuation marks.
//! 2. The words are cut into capitalised runs (particles such as `van`, `de la` and
//!    initials may sit inside). Two kinds of place are taken whole here: a place named
//!    after someone (`Ashby 's Mill`) and a known place with `and` in it (`Bosnia and
//!    Herzegovina`).
//! 3. [`classify`] decides each other run with rules tried in a fixed order, the first
//!    that decides ending it: the place rules of [`places`] (whole-run places, geographic
//!    words, place cues, gazetteer matches inside the run) and the person rules of
//!    [`names`] (honorifics, pinyin, roles, name lists, verbs after). The words around a
//!    run are read by [`cues`].
//! 4. [`lists`] gives runs nothing matched the type of a found neighbour in a list or a
//!    place chain (`Ann Lee , Bo Park and Tamsin`, `in Vigan , Ilocos Sur .`).
//!
//! The hand-written word tables all live in [`tables`]; the name lists and the gazetteer
//! come from `data/` through [`crate::data::en`].

mod classify;
mod cues;
mod lists;
mod names;
mod places;
mod tables;
#[cfg(test)]
mod testing;
mod tokens;

use crate::data::en;
use crate::entity::EntityType;
use crate::zh::Cand;

use classify::{classify, push};
use lists::spread_in_lists;
use places::known_place;
use tables::{GEO_LAST, PARTICLES, POSSESSIVE_GEO_LAST};
use tokens::{is_cap, text, words};

/// Finds English person and place candidates in `chars`.
pub(crate) fn candidates(chars: &[char], want_person: bool, want_place: bool) -> Vec<Cand> {
    let d = en();
    let ws = words(chars);
    let mut out = Vec::new();
    let mut runs = Vec::new();
    let mut k = 0;
    while k < ws.len() {
        if !is_cap(&ws[k].text) {
            k += 1;
            continue;
        }
        // The capitalised run (allowing particles inside).
        let s = k;
        let mut e = k + 1;
        while e < ws.len() {
            if is_cap(&ws[e].text) {
                e += 1;
            } else if ws.get(e + 1).is_some_and(|n| is_cap(&n.text))
                && (ws[e].text == "."
                    && ws[e - 1].text.chars().count() == 1
                    && ws[e - 1].text.chars().all(char::is_uppercase)
                    || PARTICLES.contains(&ws[e].text.as_str()) && e > s)
            {
                e += 2;
            } else if e > s
                && PARTICLES.contains(&ws[e].text.as_str())
                && ws
                    .get(e + 1)
                    .is_some_and(|n| PARTICLES.contains(&n.text.as_str()))
                && ws.get(e + 2).is_some_and(|n| is_cap(&n.text))
            {
                e += 3;
            } else {
                break;
            }
        }
        // A place named after someone: Ashby 's Mill, Kent 's Landing.
        if ws.get(e).is_some_and(|w| w.text == "'s" || w.text == "'")
            && ws
                .get(e + 1)
                .is_some_and(|w| w.text == "s" || is_cap(&w.text))
        {
            let mut g = if ws[e].text == "'" { e + 2 } else { e + 1 };
            let h = g;
            while g < ws.len() && g < h + 3 && is_cap(&ws[g].text) {
                g += 1;
            }
            if g > h
                && e - s <= 2
                && (GEO_LAST.contains(&ws[g - 1].text.as_str())
                    || POSSESSIVE_GEO_LAST.contains(&ws[g - 1].text.as_str()))
            {
                if want_place {
                    push(&ws, &mut out, s, g, EntityType::Place, 43);
                }
                runs.push((s, g));
                k = g;
                continue;
            }
        }
        // Places whose name has `and` inside: Bosnia and Herzegovina.
        if ws.get(e).is_some_and(|w| w.text == "and") {
            let mut f = e + 1;
            while f < ws.len() && f < e + 4 && is_cap(&ws[f].text) {
                f += 1;
            }
            if f > e + 1 && known_place(d, &text(&ws, s, f)) {
                if want_place {
                    push(&ws, &mut out, s, f, EntityType::Place, 42);
                }
                runs.push((s, f));
                k = f;
                continue;
            }
        }
        classify(d, &ws, s, e, want_person, want_place, &mut out);
        runs.push((s, e));
        k = e;
    }
    spread_in_lists(d, &ws, &runs, &mut out, want_person, want_place);
    out
}

#[cfg(test)]
mod tests {
    use crate::en::testing::assert_has;
    use crate::EntityType::{Person, Place};

    #[test]
    fn particles_and_united() {
        assert_has(
            "She moved to Frankfurt am Main .",
            "Frankfurt am Main",
            Place,
        );
        assert_has(
            "The rebels were led by Tomas de la Vera .",
            "Tomas de la Vera",
            Person,
        );
        assert_has(
            "He was a United States Representative from Ohio .",
            "United States",
            Place,
        );
        assert_has(
            "The army marched to the villages of Korvu and Tessane .",
            "Korvu",
            Place,
        );
    }

    #[test]
    fn places_named_after_someone() {
        let text = "The train stopped at Ashby 's Mill for water .";
        assert_has(text, "Ashby 's Mill", Place);
    }
}
