//! Classification of one capitalised run as places and people.

use crate::data::EnKind;
use crate::entity::EntityType;
use crate::zh::Cand;

use super::cues::{
    action_verb_after, human_predicate_after, person_verb_after, place_noun_after,
    place_prep_before, role_after, role_before,
};
use super::names::pinyin_given;
use super::places::demonym;
use super::tables::{
    COMMON, DIRECTIONS, EXTRA_PLACES, GEO_FIRST, GEO_LAST, HONORIFICS, INNER_TITLES, ORG_WORDS,
    PERSON_VERBS, PINYIN_SURNAMES, SUBJECT_VERBS,
};
use super::tokens::{is_cap, is_sentence_start, noun_like, strip_dot, Word};

/// Classifies the capitalised run `s..e`: places (gazetteer, geographic words, cues),
/// then people (honorifics, roles, pinyin, name lists, verbs after), into `out`.
#[allow(clippy::too_many_arguments)]
pub(super) fn classify(
    d: &crate::data::EnData,
    chars: &[char],
    ws: &[Word],
    mut s: usize,
    e: usize,
    want_person: bool,
    want_place: bool,
    out: &mut Vec<Cand>,
) {
    let _ = chars;
    let text = |a: usize, b: usize| -> String {
        ws[a..b]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let honorific_before = |i: usize| -> bool {
        i > 0 && {
            let p = ws[i - 1].text.as_str();
            HONORIFICS.contains(&p)
                || (p == "."
                    && i > 1
                    && HONORIFICS.contains(&format!("{}.", ws[i - 2].text).as_str()))
        }
    };
    let push = |out: &mut Vec<Cand>, a: usize, b: usize, kind: EntityType, prio: u8| {
        // A trailing initial or Jr written with a separate dot: William L . / Jr .
        let last = ws[b - 1].text.as_str();
        let dotted = kind == EntityType::Person
            && (last.chars().count() == 1 && last.chars().all(char::is_uppercase)
                || last == "Jr"
                || last == "Sr")
            && ws.get(b).is_some_and(|w| w.text == ".");
        out.push(Cand {
            start: ws[a].start,
            end: if dotted { ws[b].end } else { ws[b - 1].end },
            kind,
            prio,
        });
    };
    // The whole run (after an article) is a known place or ends in a geographic word:
    // New Jersey, United States, Hancock Brook, Lake Chad, Bridgton Junction.
    {
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
            let whole = text(a, e);
            let whole = whole.strip_suffix('.').unwrap_or(&whole);
            let last = ws[e - 1].text.as_str();
            let first = ws[a].text.as_str();
            // Direction words before a known place belong to it: West Jersey, Upper Austria.
            let mut b = a;
            while b + 1 < e && DIRECTIONS.contains(&ws[b].text.as_str()) {
                b += 1;
            }
            let core = text(b, e);
            let core = core.strip_suffix('.').unwrap_or(&core);
            let person_like = d.given.contains(whole) || d.surnames.contains(whole);
            let city_as_subject = e - a == 1
                && d.places.get(whole).is_some_and(|p| {
                    p.0 == EnKind::City
                        && (p.1 < 100_000
                            || person_like
                            || p.1 < 500_000 && action_verb_after(ws, e))
                })
                && (person_verb_after(ws, e) || role_before(ws, a))
                && !place_prep_before(ws, a);
            let raw = text(a, e);
            let known = (d.places.contains_key(whole) && !city_as_subject)
                || EXTRA_PLACES.contains(&whole)
                || EXTRA_PLACES.contains(&raw.as_str())
                || b > a && (d.places.contains_key(core) || EXTRA_PLACES.contains(&core));
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
                return;
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
                    push(out, a, e, EntityType::Place, 44);
                }
                return;
            }
            if (known || geo) && !(e - a == 1 && COMMON.contains(&first)) {
                if want_place {
                    push(out, a, e, EntityType::Place, if known { 42 } else { 36 });
                }
                return;
            }
        }
    }
    // A compass direction and an unknown word: North Ashby, West Corwell.
    if want_place
        && e - s == 2
        && matches!(ws[s].text.as_str(), "North" | "South" | "East" | "West")
        && ws[s + 1].text.chars().count() > 3
        && ws[s + 1].text.chars().all(char::is_alphabetic)
        && ws[s + 1].text.chars().skip(1).all(char::is_lowercase)
        && !COMMON.contains(&ws[s + 1].text.as_str())
        && !ORG_WORDS.contains(&ws[s + 1].text.as_str())
        && !d.given.contains(ws[s + 1].text.as_str())
        && !noun_like(&ws[s + 1].text)
        && !demonym(d, &ws[s + 1].text)
    {
        push(out, s, e, EntityType::Place, 34);
        return;
    }
    // A title inside the run starts a person's name: Texas Coach Ann Lee.
    if let Some(p) = (s + 1..e.saturating_sub(1)).find(|&p| {
        INNER_TITLES.contains(&ws[p].text.as_str())
            && is_cap(&ws[p + 1].text)
            && !HONORIFICS.contains(&ws[p - 1].text.as_str())
    }) {
        classify(d, chars, ws, s, p, want_person, want_place, out);
        classify(d, chars, ws, p, e, want_person, want_place, out);
        return;
    }
    // Leading honorifics and common words are not part of the name.
    let mut honor = honorific_before(s);
    while s < e
        && (HONORIFICS.contains(&ws[s].text.as_str()) || COMMON.contains(&strip_dot(&ws[s].text)))
    {
        if HONORIFICS.contains(&ws[s].text.as_str()) && s + 1 < e {
            honor = true;
        }
        s += 1;
    }
    if s >= e {
        return;
    }
    let seq: Vec<&str> = ws[s..e].iter().map(|w| w.text.as_str()).collect();
    // `United` in United States / Kingdom / Arab Emirates is not a team's name.
    let is_org = seq.iter().enumerate().any(|(x, w)| {
        ORG_WORDS.contains(w)
            && !(*w == "United"
                && seq
                    .get(x + 1)
                    .is_some_and(|n| matches!(*n, "States" | "Kingdom" | "Arab")))
    }) || ws
        .get(e)
        .is_some_and(|w| ORG_WORDS.contains(&w.text.as_str()));
    let prev_lower = s > 0 && !is_cap(&ws[s - 1].text);
    let prep_before = place_prep_before(ws, s);
    if is_org {
        // Organisation names stay; a country or state at their start is still a place.
        return;
    }
    let all_alpha = seq.iter().all(|w| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
    });
    // Honorific: the whole run is a person; nobility titles are part of the name.
    if honor && want_person && all_alpha && seq.len() <= 5 {
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
            out,
            if noble { s - 1 } else { s },
            e,
            EntityType::Person,
            50,
        );
        return;
    }
    // A sports team: a place and a capitalised plural (Toronto Blue Jays, Leeds Rhinos).
    {
        let last = ws[e - 1].text.as_str();
        let team = e - s >= 2
            && last.ends_with('s')
            && !last.ends_with("ss")
            && !last.ends_with('\'')
            && !GEO_LAST.contains(&last)
            && !d.surnames.contains(last)
            && !d.places.contains_key(last)
            && (1..e - s).any(|l| {
                d.places.contains_key(text(s, s + l).as_str())
                    || EXTRA_PLACES.contains(&text(s, s + l).as_str())
            });
        if team {
            return;
        }
    }
    // A Chinese name in pinyin: surname and a one- or two-syllable given name (Wang Lei).
    if want_person
        && e - s == 2
        && PINYIN_SURNAMES.contains(&ws[s].text.as_str())
        && pinyin_given(&ws[s + 1].text)
        && ws[s + 1]
            .text
            .chars()
            .skip(1)
            .all(|c| c.is_lowercase() || c == '-')
        && !COMMON.contains(&ws[s + 1].text.as_str())
        && !d.places.contains_key(ws[s + 1].text.as_str())
    {
        push(out, s, e, EntityType::Person, 29);
        return;
    }
    // A role word before the run: jazz musician Ann Lee, a daughter named Jo Park.
    if want_person
        && !honor
        && all_alpha
        && seq.len() <= 4
        && (role_before(ws, s) || role_after(ws, e))
        && !seq.iter().any(|w| COMMON.contains(&strip_dot(w)))
    {
        push(out, s, e, EntityType::Person, 32);
        return;
    }
    // Places: longest gazetteer matches inside the run.
    let mut covered = vec![false; e - s];
    let mut i = s;
    while i < e {
        let mut found = None;
        for l in (1..=d.max_place_words.min(e - i)).rev() {
            let name = text(i, i + l);
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
                    push(out, i, i + l, EntityType::Place, 40);
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
    // City , State / Country: the unknown city before is a place too.
    if want_place
        && !covered[e - s - 1]
        && ws.get(e).is_some_and(|w| w.text == ",")
        && ws.get(e + 1).is_some_and(|w| {
            d.places
                .get(w.text.as_str())
                .is_some_and(|p| p.0 == EnKind::State || p.0 == EnKind::Country)
                || EXTRA_PLACES.contains(&w.text.as_str())
        })
        && all_alpha
        && !d.given.contains(seq[0])
    {
        push(out, s, e, EntityType::Place, 35);
        return;
    }
    if !want_person || !all_alpha {
        return;
    }
    // Persons among the words not taken by places.
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
                push(out, i, j, EntityType::Person, 30);
            } else if sur_last && n == 2 && !sentence_start && ws[i].text.chars().count() > 1 {
                push(out, i, j, EntityType::Person, 20);
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
                push(out, i, j, EntityType::Person, 14);
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
            push(out, i, j, EntityType::Place, 13);
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
                push(out, i, j, EntityType::Person, 12);
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
                push(out, i, j, EntityType::Person, 11);
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use crate::en::testing::{assert_has, assert_lacks};
    use crate::EntityType::{Person, Place};

    #[test]
    fn title_inside_a_run() {
        let text = "Ridgefield County Sheriff Tom Arkwell said the road was closed .";
        assert_has(text, "Tom Arkwell", Person);
        assert_has(text, "Ridgefield County", Place);
    }

    #[test]
    fn manager_title() {
        let text = "Then Rays ' Manager Lou Arkwell called him up .";
        assert_has(text, "Lou Arkwell", Person);
    }

    #[test]
    fn honorifics_kept_in_the_name() {
        let text = "The book was translated by Madame de Vere .";
        assert_has(text, "Madame de Vere", Person);
        let text = "The night featured DJ Orlo and others .";
        assert_has(text, "DJ Orlo", Person);
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
}
