//! Lists and place chains: runs nothing matched take the type of a found neighbour.

use crate::entity::EntityType;
use crate::zh::Cand;

use super::tables::{COMMON, HONORIFICS, ORG_WORDS};
use super::tokens::{camel_case, is_cap, is_sentence_start, noun_like, Word};

/// Words joining the items of a list (`A , B and C`).
pub(super) fn list_joint(w: &str) -> bool {
    matches!(w, "," | "and" | "or" | "&")
}

/// Lists and place chains: a capitalised run nothing matched takes the type of a found
/// neighbour in a list (`Ann Lee , Bo Park and Tamsin` are three people, `Ashby and
/// Corwell` two places), and one between a found place and a comma or full stop is a
/// place (`in Vigan , Ilocos Sur .`).
pub(super) fn spread_in_lists(
    d: &crate::data::EnData,
    ws: &[Word],
    runs: &[(usize, usize)],
    out: &mut Vec<Cand>,
    want_person: bool,
    want_place: bool,
) {
    let kind_at = |out: &[Cand], k: usize| -> Option<(EntityType, u8)> {
        out.iter()
            .find(|c| c.start <= ws[k].start && ws[k].end <= c.end)
            .map(|c| (c.kind, c.prio))
    };
    let year = |k: usize| {
        ws.get(k).is_some_and(|w| {
            w.text.len() == 4
                && w.text.chars().all(|c| c.is_ascii_digit())
                && (w.text.starts_with('1') || w.text.starts_with('2'))
        })
    };
    for &(s, e) in runs {
        if (s..e).any(|k| kind_at(out, k).is_some()) || e - s > 2 || !want_person {
            continue;
        }
        let alpha = ws[s..e].iter().all(|w| {
            w.text.chars().all(|c| c.is_alphabetic() || c == '\'')
                && w.text.chars().skip(1).any(char::is_lowercase)
                && !COMMON.contains(&w.text.as_str())
        });
        // A citation: ( Lee 1987 ), ( Lee , 1987 ).
        let cited = s > 0
            && ws[s - 1].text == "("
            && ws[s..e].iter().all(|w| {
                !noun_like(&w.text)
                    && (!w.text.ends_with('s') || d.surnames.contains(w.text.as_str()))
            })
            && (year(e) || ws.get(e).is_some_and(|w| w.text == ",") && year(e + 1));
        // Two given names: Jeff and Hayley.
        let pair = e - s == 1
            && d.given.contains(ws[s].text.as_str())
            && ws.get(e).is_some_and(|w| w.text == "and")
            && ws
                .get(e + 1)
                .is_some_and(|w| d.given.contains(w.text.as_str()))
            && !ws.get(e + 2).is_some_and(|w| is_cap(&w.text))
            && !d.places.contains_key(ws[s].text.as_str());
        if alpha && (cited || pair) {
            out.push(Cand {
                start: ws[s].start,
                end: ws[e - 1].end,
                kind: EntityType::Person,
                prio: 10,
            });
        }
        if alpha && pair && kind_at(out, e + 1).is_none() {
            out.push(Cand {
                start: ws[e + 1].start,
                end: ws[e + 1].end,
                kind: EntityType::Person,
                prio: 10,
            });
        }
    }
    // A few rounds so that a type travels along a list.
    for _ in 0..3 {
        let mut added = false;
        for &(s, e) in runs {
            if (s..e).any(|k| kind_at(out, k).is_some()) || e - s > 3 {
                continue;
            }
            let seq = &ws[s..e];
            let first = seq[0].text.as_str();
            let plain = seq.iter().all(|w| {
                w.text.chars().count() > 1
                    && w.text
                        .chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
                    && w.text.chars().skip(1).any(char::is_lowercase)
                    && !COMMON.contains(&w.text.as_str())
                    && !ORG_WORDS.contains(&w.text.as_str())
                    && !HONORIFICS.contains(&w.text.as_str())
                    && !noun_like(&w.text)
                    && !w.text.contains('-')
                    && !w.text.ends_with("'s")
                    && !w.text.ends_with("’s")
                    && !camel_case(&w.text)
            });
            if !plain || is_sentence_start(ws, s) && e - s == 1 && !d.surnames.contains(first) {
                continue;
            }
            // The neighbour item: before `, ` / `and` (skipping `, and`), or after.
            let mut left = None;
            if s >= 2 && list_joint(&ws[s - 1].text) {
                let mut k = s - 2;
                if k >= 1 && ws[k].text == "," && ws[s - 1].text != "," {
                    k -= 1;
                }
                if is_cap(&ws[k].text) {
                    left = kind_at(out, k);
                }
            }
            let mut right = None;
            if ws.get(e).is_some_and(|w| list_joint(&w.text)) {
                let mut k = e + 1;
                if ws.get(k).is_some_and(|w| w.text == "and" || w.text == "or") {
                    k += 1;
                }
                if ws.get(k).is_some_and(|w| is_cap(&w.text)) {
                    right = kind_at(out, k);
                }
            }
            let strong = |x: Option<(EntityType, u8)>| x.filter(|(_, p)| *p >= 12).map(|x| x.0);
            let kind = match (strong(left), strong(right)) {
                (Some(a), Some(b)) if a != b => None,
                (Some(a), _) | (None, Some(a)) => Some(a),
                _ => None,
            };
            // A place chain: `<place> , X .` or `<place> , X ,`.
            let chained = kind.is_none()
                && e - s <= 2
                && s >= 2
                && ws[s - 1].text == ","
                && matches!(kind_at(out, s - 2), Some((EntityType::Place, p)) if p >= 13)
                && ws
                    .get(e)
                    .is_none_or(|w| matches!(w.text.as_str(), "." | "," | ")" | "(" | ";"))
                && !d.given.contains(first);
            let kind = if chained {
                Some(EntityType::Place)
            } else {
                kind
            };
            match kind {
                Some(EntityType::Person) if want_person => {}
                Some(EntityType::Place) if want_place => {}
                _ => continue,
            }
            if let Some(kind) = kind {
                out.push(Cand {
                    start: ws[s].start,
                    end: ws[e - 1].end,
                    kind,
                    prio: 9,
                });
                added = true;
            }
        }
        if !added {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::en::testing::{assert_has, assert_lacks, assert_none};
    use crate::EntityType::{Person, Place};

    #[test]
    fn lists_and_place_chains() {
        let text = "The guests were Emily Watson , Orlan Vesk and Tamsin Quell .";
        assert_has(text, "Orlan Vesk", Person);
        assert_has(text, "Tamsin Quell", Person);
        let text = "She worked as a clerk in Lisbon , Costavela .";
        assert_has(text, "Costavela", Place);
        let text = "It is the oldest bridge in Bosnia and Herzegovina .";
        assert_has(text, "Bosnia and Herzegovina", Place);
        // Company names in a list do not become people.
        let text = "Clients include Emily Watson , BayCon and Sub-Zero .";
        assert_lacks(text, "BayCon", Person);
        assert_lacks(text, "Sub-Zero", Person);
    }

    #[test]
    fn citations_and_name_pairs() {
        let text = "One study ( Quellard 1987 ) says so , another ( Marrow , 1990 ) not .";
        assert_has(text, "Quellard", Person);
        assert_has(text, "Marrow", Person);
        let text = "Jeff and Hayley get back together .";
        assert_has(text, "Jeff", Person);
        assert_has(text, "Hayley", Person);
        // Not said of people.
        for text in [
            "See Table 2 ( Results 2020 ) for details .",
            "The Department of Health and Human Services issued a statement .",
        ] {
            assert_none(text);
        }
    }
}
