#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
//! docpipe-anonymize: the anonymize transform and entity recognition for person and place names.
//!
//! Recognition is offline and rule-based: jieba-rs segmentation with its part-of-speech
//! dictionary, gazetteers of places and lists of names embedded from `data/`, context
//! cues and patterns. [`recognize::find`] finds the names of one text; the `anonymize`
//! transform replaces them in every text of a document, `deanonymize` reverses it from a
//! mapping file.

pub(crate) mod data;
pub(crate) mod en;
pub mod entity;
pub mod recognize;
pub mod replace;
#[cfg(test)]
mod tests;
pub mod transform;
pub(crate) mod zh;

pub use entity::{Entity, EntityType};
pub use recognize::{find, find_in_texts, Lang, Settings};
pub use replace::{Replacer, Strategy};
pub use transform::{Anonymize, Deanonymize};

use std::path::PathBuf;

use docpipe_core::Kind;
use docpipe_core::{ComponentInfo, Error, OptionInfo, Options, Registry, Result};

/// The environment variable holding the key for `hash` (and keyed pseudonyms).
pub const KEY_ENV: &str = "DOCPIPE_ANON_KEY";

/// Loads the recogniser data now instead of on first use (for benchmarks).
pub fn warm_up() {
    let _ = data::zh();
    let _ = data::en();
}

/// Builds [`Settings`] from `lang`, `types`, `allow`, `deny` options of `component`.
pub fn settings_from_options(component: &str, o: &Options) -> Result<Settings> {
    let mut s = Settings::default();
    let lang = o.choice(component, "lang", &["auto", "zh", "en"], "auto")?;
    s.lang = Lang::parse(lang).unwrap_or_default();
    if let Some(types) = o.list(component, "types")? {
        let mut ts = Vec::new();
        for t in types {
            let k = EntityType::parse(&t).ok_or_else(|| {
                Error::option(
                    component,
                    format!("option `types`: unknown type `{t}` (use PERSON|PLACE)"),
                )
            })?;
            ts.push(k);
        }
        s.types = ts;
    }
    if let Some(p) = o.string(component, "allow")? {
        s.load_allow(std::path::Path::new(&p))
            .map_err(|e| Error::option(component, format!("option `allow`: {e}")))?;
    }
    if let Some(p) = o.string(component, "deny")? {
        s.load_deny(std::path::Path::new(&p))
            .map_err(|e| Error::option(component, format!("option `deny`: {e}")))?;
    }
    Ok(s)
}

fn key_from(o: &Options) -> Result<Option<Vec<u8>>> {
    if let Some(p) = o.string("anonymize", "key-file")? {
        let bytes = std::fs::read(&p).map_err(|e| {
            Error::option(
                "anonymize",
                format!("option `key-file`: cannot read {p}: {e}"),
            )
        })?;
        let trimmed: Vec<u8> = bytes.trim_ascii().to_vec();
        if trimmed.is_empty() {
            return Err(Error::option(
                "anonymize",
                format!("option `key-file`: {p} is empty"),
            ));
        }
        return Ok(Some(trimmed));
    }
    Ok(std::env::var(KEY_ENV)
        .ok()
        .filter(|k| !k.is_empty())
        .map(String::into_bytes))
}

fn make_anonymize(o: &Options) -> Result<Anonymize> {
    const C: &str = "anonymize";
    o.check_known(
        C,
        &[
            "strategy", "types", "allow", "deny", "mapping", "key-file", "lang", "mask",
        ],
    )?;
    let strategy = o.choice(
        C,
        "strategy",
        &["pseudonym", "mask", "redact", "tag", "hash"],
        "pseudonym",
    )?;
    let strategy = Strategy::parse(strategy).unwrap_or(Strategy::Pseudonym);
    let key = key_from(o)?;
    if strategy == Strategy::Hash && key.is_none() {
        return Err(Error::option(
            C,
            format!("strategy=hash needs a key: option key-file=FILE or the environment variable {KEY_ENV}"),
        ));
    }
    let mask = o.choice(C, "mask", &["single", "double"], "single")?;
    Ok(Anonymize {
        settings: settings_from_options(C, o)?,
        replacer: Replacer {
            strategy,
            key,
            mask_double: mask == "double",
        },
        mapping: o.string(C, "mapping")?.map(PathBuf::from),
    })
}

/// Registers this crate's components in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    let info = ComponentInfo::builtin(
        Kind::Transform,
        "anonymize",
        "replace person and place names (Chinese and English) in every text of the document",
    )
    .with_options(vec![
        OptionInfo::new("strategy", "pseudonym ([人名123456], [PERSON 123456]), mask (张某, 某市), redact, tag ([PERSON]), hash (keyed code)", Some("pseudonym")),
        OptionInfo::new("types", "entity types to replace, PERSON|PLACE", Some("PERSON|PLACE")),
        OptionInfo::new("allow", "file of names to keep, one a line", None),
        OptionInfo::new("deny", "file of strings always replaced, one a line (optional TAB PERSON|PLACE)", None),
        OptionInfo::new("mapping", "file recording replacement TAB TYPE TAB name (for deanonymize)", None),
        OptionInfo::new("key-file", "secret key for hash and pseudonym codes (else $DOCPIPE_ANON_KEY)", None),
        OptionInfo::new("lang", "recogniser language: auto, zh or en", Some("auto")),
        OptionInfo::new("mask", "mask style for Chinese names: single (张某) or double (张某某)", Some("single")),
    ]);
    registry.add_transform(info, |o| Ok(Box::new(make_anonymize(o)?)))?;
    let info = ComponentInfo::builtin(
        Kind::Transform,
        "deanonymize",
        "put back the names recorded in an anonymize mapping file",
    )
    .with_options(vec![OptionInfo::new(
        "mapping",
        "the mapping file written by anonymize",
        None,
    )]);
    registry.add_transform(info, |o| {
        o.check_known("deanonymize", &["mapping"])?;
        let Some(p) = o.string("deanonymize", "mapping")? else {
            return Err(Error::option(
                "deanonymize",
                "option mapping=FILE is required",
            ));
        };
        Ok(Box::new(Deanonymize::from_mapping(std::path::Path::new(
            &p,
        ))?))
    })?;
    Ok(())
}
