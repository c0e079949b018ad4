//! Classification of one capitalised run: the place rules first, then the person rules.

use crate::data::EnData;
use crate::entity::EntityType;
use crate::zh::Cand;

use super::names::{honorific_before, persons_in_rest, pinyin_name, push_titled, role_cued};
use super::places::{city_before_region, compass_and_name, gazetteer, is_team, whole_run};
use super::tables::{COMMON, HONORIFICS, INNER_TITLES, ORG_WORDS};
use super::tokens::{is_cap, strip_dot, Word};

/// Classifies the capitalised run `s..e` into `out`. The rules are tried in this order and
/// the first that decides the run ends it: a whole-run place, a compass place, a title
/// inside the run (split there), an organisation (nothing), an honorific, a sports team
/// (nothing), a pinyin name, a role cue; then gazetteer places inside the run, `City ,
/// Region`, and persons among the words left.
pub(super) fn classify(
    d: &EnData,
    ws: &[Word],
    mut s: usize,
    e: usize,
    want_person: bool,
    want_place: bool,
    out: &mut Vec<Cand>,
) {
    // The whole run (after an article) is a known place or ends in a geographic word:
    // New Jersey, United States, Hancock Brook, Lake Chad, Bridgton Junction.
    if whole_run(d, ws, s, e, want_place, out) {
        return;
    }
    // A compass direction and an unknown word: North Ashby, West Corwell.
    if want_place && compass_and_name(d, ws, s, e) {
        push(ws, out, s, e, EntityType::Place, 34);
        return;
    }
    // A title inside the run starts a person's name: Texas Coach Ann Lee.
    if let Some(p) = (s + 1..e.saturating_sub(1)).find(|&p| {
        INNER_TITLES.contains(&ws[p].text.as_str())
            && is_cap(&ws[p + 1].text)
            && !HONORIFICS.contains(&ws[p - 1].text.as_str())
    }) {
        classify(d, ws, s, p, want_person, want_place, out);
        classify(d, ws, p, e, want_person, want_place, out);
        return;
    }
    // Leading honorifics and common words are not part of the name.
    let mut honor = honorific_before(ws, s);
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
        push_titled(ws, s, e, out);
        return;
    }
    // A sports team: a place and a capitalised plural (Toronto Blue Jays, Leeds Rhinos).
    if is_team(d, ws, s, e) {
        return;
    }
    // A Chinese name in pinyin: surname and a one- or two-syllable given name (Wang Lei).
    if want_person && pinyin_name(d, ws, s, e) {
        push(ws, out, s, e, EntityType::Person, 29);
        return;
    }
    // A role word before the run: jazz musician Ann Lee, a daughter named Jo Park.
    if want_person && !honor && all_alpha && role_cued(ws, s, e) {
        push(ws, out, s, e, EntityType::Person, 32);
        return;
    }
    // Places: longest gazetteer matches inside the run.
    let covered = gazetteer(d, ws, s, e, want_place, out);
    // City , State / Country: the unknown city before is a place too.
    if want_place && city_before_region(d, ws, s, e, &covered) && all_alpha {
        push(ws, out, s, e, EntityType::Place, 35);
        return;
    }
    if !want_person || !all_alpha {
        return;
    }
    // Persons among the words not taken by places.
    persons_in_rest(d, ws, s, e, &covered, want_place, out);
}

/// Pushes the words `a..b` as a `kind` candidate; a person's name takes a trailing initial
/// or `Jr` written with a separate dot (`William L .`, `Jr .`).
pub(super) fn push(
    ws: &[Word],
    out: &mut Vec<Cand>,
    a: usize,
    b: usize,
    kind: EntityType,
    prio: u8,
) {
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
}

#[cfg(test)]
mod tests {
    use crate::en::testing::assert_has;
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
}
