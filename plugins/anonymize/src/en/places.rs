//! Place-name rules of the English recogniser.

use super::tables::EXTRA_PLACES;

/// Whether `w` is the adjective of a known place (`Korean`, `Texan`, `Chinese`, `Danish`).
pub(super) fn demonym(d: &crate::data::EnData, w: &str) -> bool {
    let known = |p: &str| d.places.contains_key(p) || EXTRA_PLACES.contains(&p);
    w.ends_with("ese")
        || w.ends_with("ish")
        || w.strip_suffix('n').is_some_and(known)
        || w.strip_suffix("an").is_some_and(known)
        || w.strip_suffix("ian")
            .is_some_and(|r| known(&format!("{r}ia")) || known(r))
}

#[cfg(test)]
mod tests {
    use crate::en::testing::{assert_has, assert_lacks, assert_none};
    use crate::EntityType::Place;

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
}
