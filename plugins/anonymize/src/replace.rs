//! Replacement strategies and the stable codes behind pseudonyms and hashes.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::entity::EntityType;

/// How a recognised name is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// `[人名123456]`, `[PERSON 123456]`: a stable number per entity (see [`pseudonym`]).
    Pseudonym,
    /// The court-publication convention: `张某`, `欧阳某`, `某市`, `J. S.`.
    Mask,
    /// Removed.
    Redact,
    /// `[PERSON]`, `[PLACE]`.
    Tag,
    /// `[人名#1a2b3c4d]`: a keyed HMAC code (needs a key).
    Hash,
}

impl Strategy {
    /// Parses a strategy name.
    pub fn parse(s: &str) -> Option<Strategy> {
        Some(match s {
            "pseudonym" => Strategy::Pseudonym,
            "mask" => Strategy::Mask,
            "redact" => Strategy::Redact,
            "tag" => Strategy::Tag,
            "hash" => Strategy::Hash,
            _ => return None,
        })
    }
}

/// The built-in key used for pseudonym numbers when no key is given. Anyone can compute
/// with it, so a pseudonym made without a key can be matched against a list of candidate
/// names; give a key (`key-file=` or `DOCPIPE_ANON_KEY`) when that matters.
const DEFAULT_KEY: &[u8] = b"docpipe-anonymize-pseudonym-v1";

/// Makes replacements for one configuration.
#[derive(Debug, Clone)]
pub struct Replacer {
    /// The strategy.
    pub strategy: Strategy,
    /// The secret key, if any.
    pub key: Option<Vec<u8>>,
    /// `mask` writes `张某某` instead of `张某`.
    pub mask_double: bool,
}

fn hmac(key: &[u8], kind: EntityType, text: &str, salt: u32) -> [u8; 32] {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m,
        // HMAC takes keys of any length; stay total anyway.
        Err(_) => return [0; 32],
    };
    mac.update(kind.as_str().as_bytes());
    mac.update(&[0]);
    mac.update(text.as_bytes());
    if salt > 0 {
        mac.update(&salt.to_le_bytes());
    }
    mac.finalize().into_bytes().into()
}

/// True when the replacement should use Chinese labels (the entity is written in Chinese).
fn chinese(text: &str) -> bool {
    text.chars().any(docpipe_core::lang::is_cjk)
}

/// The pseudonym number of an entity: six digits derived from an HMAC of its type and
/// text, so the same entity gets the same number in every document of every batch, in
/// any order. `salt` > 0 picks another number when two entities of one document collide.
pub fn pseudonym(key: &[u8], kind: EntityType, text: &str, salt: u32) -> String {
    let h = hmac(key, kind, text, salt);
    let n =
        u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]) % 900_000 + 100_000;
    let label = match (kind, chinese(text)) {
        (EntityType::Person, true) => "人名",
        (EntityType::Place, true) => "地名",
        (EntityType::Person, false) => "PERSON ",
        (EntityType::Place, false) => "PLACE ",
    };
    format!("[{label}{n}]")
}

/// Suffixes kept by `mask` for places, longest first.
const PLACE_SUFFIXES: &[&str] = &[
    "街道",
    "自治区",
    "自治州",
    "自治县",
    "特别行政区",
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "州",
    "路",
    "街",
    "号",
    "国",
    "盟",
    "旗",
];

/// The surname part of a Chinese name (compound surnames whole).
fn surname_of(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let d = crate::data::zh();
    if chars.len() >= 3 {
        let two: String = chars[..2].iter().collect();
        if d.surnames.contains_key(two.as_str()) {
            return Some(two);
        }
    }
    let one: String = chars.first()?.to_string();
    d.surnames.contains_key(one.as_str()).then_some(one)
}

impl Replacer {
    /// The replacement for an entity. `salt` is 0 unless a pseudonym or hash collided.
    pub fn replace(&self, kind: EntityType, text: &str, salt: u32) -> String {
        match self.strategy {
            Strategy::Pseudonym => {
                pseudonym(self.key.as_deref().unwrap_or(DEFAULT_KEY), kind, text, salt)
            }
            Strategy::Hash => {
                let h = hmac(self.key.as_deref().unwrap_or(DEFAULT_KEY), kind, text, salt);
                let code: String = h[..4].iter().map(|b| format!("{b:02x}")).collect();
                let label = match (kind, chinese(text)) {
                    (EntityType::Person, true) => "人名",
                    (EntityType::Place, true) => "地名",
                    (k, false) => k.as_str(),
                };
                format!("[{label}#{code}]")
            }
            Strategy::Tag => format!("[{}]", kind.as_str()),
            Strategy::Redact => String::new(),
            Strategy::Mask => self.mask(kind, text),
        }
    }

    fn mask(&self, kind: EntityType, text: &str) -> String {
        let cjk = chinese(text);
        match (kind, cjk) {
            (EntityType::Person, true) => {
                let tail = if self.mask_double { "某某" } else { "某" };
                match surname_of(text) {
                    Some(s) if !text.contains('·') => format!("{s}{tail}"),
                    _ => "某人".to_string(),
                }
            }
            (EntityType::Person, false) => {
                let initials: Vec<String> = text
                    .split_whitespace()
                    .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
                    .filter(|c| c.is_uppercase())
                    .map(|c| format!("{c}."))
                    .collect();
                if initials.is_empty() {
                    "X.".to_string()
                } else {
                    initials.join(" ")
                }
            }
            (EntityType::Place, true) => {
                let suffix = PLACE_SUFFIXES
                    .iter()
                    .find(|s| text.ends_with(**s) && text != **s);
                match suffix {
                    Some(s) => format!("某{s}"),
                    None => "某地".to_string(),
                }
            }
            (EntityType::Place, false) => "[PLACE]".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(strategy: Strategy) -> Replacer {
        Replacer {
            strategy,
            key: Some(b"k".to_vec()),
            mask_double: false,
        }
    }

    #[test]
    fn pseudonyms_are_stable_and_labelled_by_script() {
        let a = r(Strategy::Pseudonym).replace(EntityType::Person, "张三", 0);
        assert_eq!(
            a,
            r(Strategy::Pseudonym).replace(EntityType::Person, "张三", 0)
        );
        assert!(a.starts_with("[人名") && a.ends_with(']'), "{a}");
        assert_ne!(
            a,
            r(Strategy::Pseudonym).replace(EntityType::Person, "李四", 0)
        );
        assert_ne!(
            a,
            r(Strategy::Pseudonym).replace(EntityType::Person, "张三", 1)
        );
        let b = r(Strategy::Pseudonym).replace(EntityType::Place, "Ohio", 0);
        assert!(
            b.starts_with("[PLACE ") && b.len() == "[PLACE 123456]".len(),
            "{b}"
        );
    }

    #[test]
    fn keys_change_codes() {
        let other = Replacer {
            key: Some(b"other".to_vec()),
            ..r(Strategy::Hash)
        };
        let a = r(Strategy::Hash).replace(EntityType::Person, "John Smith", 0);
        assert!(
            a.starts_with("[PERSON#") && a.len() == "[PERSON#12345678]".len(),
            "{a}"
        );
        assert_ne!(a, other.replace(EntityType::Person, "John Smith", 0));
    }

    #[test]
    fn mask_keeps_surnames_and_suffixes() {
        let m = r(Strategy::Mask);
        assert_eq!(m.replace(EntityType::Person, "张三丰", 0), "张某");
        assert_eq!(m.replace(EntityType::Person, "欧阳修文", 0), "欧阳某");
        let d = Replacer {
            mask_double: true,
            ..r(Strategy::Mask)
        };
        assert_eq!(d.replace(EntityType::Person, "张三丰", 0), "张某某");
        assert_eq!(m.replace(EntityType::Place, "江西省", 0), "某省");
        assert_eq!(m.replace(EntityType::Place, "南昌市", 0), "某市");
        assert_eq!(m.replace(EntityType::Place, "长阳镇", 0), "某镇");
        assert_eq!(m.replace(EntityType::Place, "江西", 0), "某地");
        assert_eq!(m.replace(EntityType::Person, "John Smith", 0), "J. S.");
    }

    #[test]
    fn tag_and_redact() {
        assert_eq!(
            r(Strategy::Tag).replace(EntityType::Person, "张三", 0),
            "[PERSON]"
        );
        assert_eq!(
            r(Strategy::Redact).replace(EntityType::Place, "北京", 0),
            ""
        );
    }
}
