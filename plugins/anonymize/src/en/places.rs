//! Place-name rules of the English recogniser.

use crate::data::{EnData, EnKind};
use crate::entity::EntityType;
use crate::zh::Cand;

use super::classify::push;
use super::cues::{
    action_verb_after, person_verb_after, place_noun_after, place_prep_before, role_before,
};
use super::tables::{COMMON, DIRECTIONS, EXTRA_PLACES, GEO_FIRST, GEO_LAST, HONORIFICS, ORG_WORDS};
use super::tokens::{is_sentence_start, noun_like, strip_dot, text, Word};

/// Whether `name` is in the gazetteer or in [`EXTRA_PLACES`].
pub(super) fn known_place(d: &EnData, name: &str) -> bool {
    d.places.contains_key(name) || EXTRA_PLACES.contains(&name)
}

/// Whether `w` is the adjective of a known place (`Korean`, `Texan`, `Chinese`, `Danish`).
pub(super) fn demonym(d: &EnData, w: &str) -> bool {
    let known = |p: &str| known_place(d, p);
    w.ends_with("ese")
        || w.ends_with("ish")
        || w.strip_suffix('n').is_some_and(known)
        || w.strip_suffix("an").is_some_and(known)
        || w.strip_suffix("ian")
            .is_some_and(|r| known(&format!("{r}ia")) || known(r))
}

/// The whole run (after an article) is a known place or ends in a geographic word
/// (`New Jersey`, `Hancock Brook`, `Lake Chad`), or a cue makes it a place (`Ashby is a
/// village`, `the town of Ashby`). Returns whether that decided the run: a place, or a
/// part of an organisation's name.
pub(super) fn whole_run(
    d: &EnData,
    ws: &[Word],
    s: usize,
    e: usize,
    want_place: bool,
    out: &mut Vec<Cand>,
) -> bool {
    let mut a = s;
    while a < e
        && matches!(
            ws[a].text.as_str(),
            "The" | "A" | "An" | "In" | "At" | "From" | "To" | "Of"
        )
    {
        a += 1;
    }
    if a < e {
        let whole = text(ws, a, e);
        let whole = whole.strip_suffix('.').unwrap_or(&whole);
        let last = ws[e - 1].text.as_str();
        let first = ws[a].text.as_str();
        // Direction words before a known place belong to it: West Jersey, Upper Austria.
        let mut b = a;
        while b + 1 < e && DIRECTIONS.contains(&ws[b].text.as_str()) {
            b += 1;
        }
        let core = text(ws, b, e);
        let core = core.strip_suffix('.').unwrap_or(&core);
        let person_like = d.given.contains(whole) || d.surnames.contains(whole);
        let city_as_subject = e - a == 1
            && d.places.get(whole).is_some_and(|p| {
                p.0 == EnKind::City
                    && (p.1 < 100_000 || person_like || p.1 < 500_000 && action_verb_after(ws, e))
            })
            && (person_verb_after(ws, e) || role_before(ws, a))
            && !place_prep_before(ws, a);
        let raw = text(ws, a, e);
        let city_word = e - a == 1
            && d.places
                .get(whole)
                .is_some_and(|p| p.0 == EnKind::City && word_at_start(d, ws, a, p.1));
        let known = (d.places.contains_key(whole) && !city_as_subject && !city_word)
            || EXTRA_PLACES.contains(&whole)
            || EXTRA_PLACES.contains(&raw.as_str())
            || b > a && known_place(d, core);
        let geo = e - a >= 2
            && (GEO_LAST.contains(&last) || GEO_FIRST.contains(&first))
            && ws[a..e]
                .iter()
                .all(|w| !ORG_WORDS.contains(&w.text.as_str()));
        let inside_org = ws
            .get(e)
            .is_some_and(|w| ORG_WORDS.contains(&w.text.as_str()))
            || a > 0
                && ws[a - 1].text == "of"
                && a > 1
                && ORG_WORDS.contains(&ws[a - 2].text.as_str());
        if inside_org {
            return true;
        }
        // Cues: `Ashby is a village`, `the town of Ashby`.
        let cued = (place_noun_after(ws, e)
            || a > 1 && ws[a - 1].text == "of" && place_prep_before(ws, a))
            && e - a <= 4
            && ws[a..e].iter().all(|w| {
                !ORG_WORDS.contains(&w.text.as_str())
                    && !HONORIFICS.contains(&w.text.as_str())
                    && w.text.chars().all(|c| c.is_alphabetic() || c == '-')
            })
            && !(e - a == 1 && COMMON.contains(&first))
            && (!COMMON.contains(&first) || DIRECTIONS.contains(&first));
        if cued && !known && !geo {
            if want_place {
                push(ws, out, a, e, EntityType::Place, 44);
            }
            return true;
        }
        if (known || geo) && !(e - a == 1 && COMMON.contains(&first)) {
            if want_place {
                push(
                    ws,
                    out,
                    a,
                    e,
                    EntityType::Place,
                    if known { 42 } else { 36 },
                );
            }
            return true;
        }
    }
    false
}

/// A compass direction and an unknown word: `North Ashby`, `West Corwell`.
pub(super) fn compass_and_name(d: &EnData, ws: &[Word], s: usize, e: usize) -> bool {
    e - s == 2
        && matches!(ws[s].text.as_str(), "North" | "South" | "East" | "West")
        && ws[s + 1].text.chars().count() > 3
        && ws[s + 1].text.chars().all(char::is_alphabetic)
        && ws[s + 1].text.chars().skip(1).all(char::is_lowercase)
        && !COMMON.contains(&ws[s + 1].text.as_str())
        && !ORG_WORDS.contains(&ws[s + 1].text.as_str())
        && !d.given.contains(ws[s + 1].text.as_str())
        && !noun_like(&ws[s + 1].text)
        && !demonym(d, &ws[s + 1].text)
}

/// A sports team: a place and a capitalised plural (`Toronto Blue Jays`, `Leeds Rhinos`).
pub(super) fn is_team(d: &EnData, ws: &[Word], s: usize, e: usize) -> bool {
    let last = ws[e - 1].text.as_str();
    e - s >= 2
        && last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with('\'')
        && !GEO_LAST.contains(&last)
        && !d.surnames.contains(last)
        && !d.places.contains_key(last)
        && (1..e - s).any(|l| known_place(d, &text(ws, s, s + l)))
}

/// Whether the one-word city at `i` is more likely an English word: it starts a sentence,
/// is a word of the dictionary, is not a large city, and a lowercase word follows.
fn word_at_start(d: &EnData, ws: &[Word], i: usize, pop: u64) -> bool {
    pop < 500_000
        && is_sentence_start(ws, i)
        && d.city_words.contains(ws[i].text.as_str())
        && ws
            .get(i + 1)
            .is_some_and(|w| w.text.chars().next().is_some_and(char::is_lowercase))
}

/// Places: the longest gazetteer matches inside the run `s..e`, pushed when `want_place`.
/// Returns which words of the run they cover (a person's name that merely contains a
/// place, `George Washington`, covers none).
pub(super) fn gazetteer(
    d: &EnData,
    ws: &[Word],
    s: usize,
    e: usize,
    want_place: bool,
    out: &mut Vec<Cand>,
) -> Vec<bool> {
    let prep_before = place_prep_before(ws, s);
    let mut covered = vec![false; e - s];
    let mut i = s;
    while i < e {
        let mut found = None;
        for l in (1..=d.max_place_words.min(e - i)).rev() {
            let name = text(ws, i, i + l);
            let name = name.strip_suffix('.').unwrap_or(&name).to_string();
            if let Some((kind, pop)) = d.places.get(name.as_str()) {
                let single = l == 1;
                let person_like =
                    d.given.contains(name.as_str()) || d.surnames.contains(name.as_str());
                let ok = match kind {
                    EnKind::Country | EnKind::State => true,
                    EnKind::City
                        if single && e - s == 1 && person_verb_after(ws, i + 1) && !prep_before =>
                    {
                        false
                    }
                    // A city that is also an English word, capitalised only because it
                    // starts a sentence or heading and followed by a lowercase word, is the
                    // word: `Mobile clinics`, `Reading lists` (not `Phoenix police`).
                    EnKind::City if single && e - s == 1 && word_at_start(d, ws, i, *pop) => false,
                    EnKind::City => {
                        !single
                            || (*pop >= 100_000 && !person_like)
                            || (*pop >= 1_000_000)
                            || (prep_before && i == s && *pop >= 15_000)
                            || (ws.get(i + 1).is_some_and(|w| w.text == ",")
                                && ws.get(i + 2).is_some_and(|w| {
                                    d.places
                                        .get(w.text.as_str())
                                        .is_some_and(|p| p.0 != EnKind::City)
                                }))
                    }
                };
                if ok {
                    found = Some(l);
                    break;
                }
            }
        }
        if let Some(l) = found {
            // A person's name that merely contains a place (George Washington) wins below,
            // and so does one that starts with a given name that is a place (Chad Lee Ross).
            let person_first = i > s && d.given.contains(ws[i - 1].text.as_str()) && i + l == e
                || l == 1
                    && i == s
                    && (2..=4).contains(&(e - s))
                    && d.given.contains(ws[i].text.as_str())
                    && !d.places.contains_key(strip_dot(&ws[e - 1].text))
                    && (d.surnames.contains(strip_dot(&ws[e - 1].text))
                        || d.given.contains(ws[i + 1].text.as_str()));
            if !person_first {
                if want_place {
                    push(ws, out, i, i + l, EntityType::Place, 40);
                }
                for c in covered.iter_mut().skip(i - s).take(l) {
                    *c = true;
                }
            }
            i += l;
        } else {
            i += 1;
        }
    }
    covered
}

/// `City , State` or `City , Country`: the unknown city before the comma is a place too.
pub(super) fn city_before_region(
    d: &EnData,
    ws: &[Word],
    s: usize,
    e: usize,
    covered: &[bool],
) -> bool {
    !covered[e - s - 1]
        && ws.get(e).is_some_and(|w| w.text == ",")
        && ws.get(e + 1).is_some_and(|w| {
            d.places
                .get(w.text.as_str())
                .is_some_and(|p| p.0 == EnKind::State || p.0 == EnKind::Country)
                || EXTRA_PLACES.contains(&w.text.as_str())
        })
        && !d.given.contains(ws[s].text.as_str())
}

#[cfg(test)]
mod tests {
    use crate::en::testing::{assert_has, assert_lacks, assert_none};
    use crate::EntityType::Place;

    #[test]
    fn a_city_that_is_a_word_at_the_start_is_the_word() {
        assert_none("Mobile clinics visited every district .");
        assert_none("Reading lists were sent to parents .");
        assert_has("She moved to Mobile , Alabama in 1990 .", "Mobile", Place);
        assert_has("The clinic in Reading closed .", "Reading", Place);
        assert_has(
            "Phoenix police said the road was closed .",
            "Phoenix",
            Place,
        );
    }

    #[test]
    fn compass_direction_and_a_name() {
        assert_has(
            "The train stopped at North Ashcombe twice a day .",
            "North Ashcombe",
            Place,
        );
        assert_has("He was born in North Korea .", "North Korea", Place);
        let text = "It was made by a South Korean company .";
        assert_none(text);
        let text = "The film Out of This World was shown .";
        assert_none(text);
    }

    #[test]
    fn mid_size_city_names_acting_are_people() {
        // Bern (about 130,000 people) acting, and as a place.
        let text = "Later , Bern accepted the post .";
        assert_lacks(text, "Bern", Place);
        assert_has("Bern is a city in Switzerland .", "Bern", Place);
        assert_has("She moved to Bern in 1990 .", "Bern", Place);
    }

    #[test]
    fn big_city_with_possessive_and_abbreviations() {
        assert_has(
            "He became one of Chicago 's best known chefs .",
            "Chicago",
            Place,
        );
        assert_has("He was a U.S. citizen .", "U.S.", Place);
        assert_has("She was born in Kingsford , Ontario .", "Ontario", Place);
    }

    #[test]
    fn common_noun_endings_are_not_places() {
        assert_none("He later converted to Catholicism .");
    }

    #[test]
    fn teams_and_newspapers_are_not_places() {
        let text = "He was traded to the Toronto Blue Jays in 2004 .";
        assert_lacks(text, "Toronto", Place);
        let text = "The Houston Chronicle ranked him second .";
        assert_lacks(text, "Houston", Place);
        assert_has("He was born in Houston .", "Houston", Place);
        assert_has(
            "They stopped at Niagara Falls on the way .",
            "Niagara Falls",
            Place,
        );
    }

    #[test]
    fn city_before_a_region() {
        assert_has("He left Ashcombe , Ontario in 1990 .", "Ashcombe", Place);
        // Not when the run starts with a given name.
        let text = "Lindsey Air Station , Germany , 1 October 1987 .";
        assert_lacks(text, "Lindsey Air Station", Place);
    }
}
