//! Helpers for the unit tests of the English rules: run the recogniser on a sentence.

use crate::recognize::{find, Lang, Settings};
use crate::EntityType;

/// The names the English recogniser finds in `text`, with their types.
pub(super) fn spans(text: &str) -> Vec<(String, EntityType)> {
    let settings = Settings {
        lang: Lang::En,
        ..Settings::default()
    };
    find(&settings, text)
        .into_iter()
        .map(|e| (e.text, e.kind))
        .collect()
}

/// Whether `name` is found in `text` as a `kind`.
pub(super) fn has(text: &str, name: &str, kind: EntityType) -> bool {
    spans(text).iter().any(|(t, k)| t == name && *k == kind)
}

/// Asserts that `name` is found in `text` as a `kind`, showing all that was found if not.
#[track_caller]
pub(super) fn assert_has(text: &str, name: &str, kind: EntityType) {
    assert!(has(text, name, kind), "{text}: {:?}", spans(text));
}

/// Asserts that `name` is not found in `text` as a `kind`, showing all that was found if it is.
#[track_caller]
pub(super) fn assert_lacks(text: &str, name: &str, kind: EntityType) {
    assert!(!has(text, name, kind), "{text}: {:?}", spans(text));
}

/// Asserts that nothing is found in `text`.
#[track_caller]
pub(super) fn assert_none(text: &str) {
    assert!(spans(text).is_empty(), "{text}: {:?}", spans(text));
}

/// Asserts that no person is found in `text`.
#[track_caller]
pub(super) fn assert_no_person(text: &str) {
    assert!(
        !spans(text).iter().any(|(_, k)| *k == EntityType::Person),
        "{text}: {:?}",
        spans(text)
    );
}
