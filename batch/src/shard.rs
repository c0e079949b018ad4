//! Which shard an input belongs to: a stable hash of its relative path.
//!
//! The rule, also written down in `docs/scale-out.md`, must never change between
//! versions (machines running different docpipe versions must split a folder alike):
//!
//! 1. Take the input's path relative to `IN_DIR`, components joined with `/`
//!    (no leading `./`, no trailing `/`).
//! 2. Normalise it to Unicode NFC.
//! 3. Hash its UTF-8 bytes with 64-bit FNV-1a (offset basis `0xcbf29ce484222325`, prime
//!    `0x100000001b3`, arithmetic modulo 2^64).
//! 4. The shard is the hash modulo N.

use std::fmt;
use std::str::FromStr;

use unicode_normalization::UnicodeNormalization;

/// The FNV-1a 64-bit offset basis.
pub const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
/// The FNV-1a 64-bit prime.
pub const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// 64-bit FNV-1a of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET_BASIS;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The relative path in the form that is hashed: NFC, `/`-separated, without a leading
/// `./` or trailing `/`. Backslashes are kept as they are (on Unix they are part of a name).
pub fn canonical_rel(rel: &str) -> String {
    let trimmed = rel.trim_start_matches("./").trim_end_matches('/');
    trimmed.nfc().collect()
}

/// The hash of a relative path used for sharding.
pub fn path_hash(rel: &str) -> u64 {
    fnv1a64(canonical_rel(rel).as_bytes())
}

/// One shard out of several: `index` in `0..count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shard {
    /// This shard's number, from 0.
    pub index: u64,
    /// How many shards the folder is split into.
    pub count: u64,
}

impl Shard {
    /// The shard that the input at `rel` falls into, out of `count` (at least 1).
    pub fn of(rel: &str, count: u64) -> u64 {
        path_hash(rel) % count.max(1)
    }

    /// True when the input at `rel` belongs to this shard.
    pub fn contains(&self, rel: &str) -> bool {
        Shard::of(rel, self.count) == self.index
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Why a `--shard` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad shard `{given}`: {reason} (write I/N with 0 <= I < N, e.g. 0/4)")]
pub struct ShardParseError {
    given: String,
    reason: &'static str,
}

impl FromStr for Shard {
    type Err = ShardParseError;

    fn from_str(s: &str) -> Result<Shard, ShardParseError> {
        let err = |reason| ShardParseError {
            given: s.to_string(),
            reason,
        };
        let (i, n) = s.trim().split_once('/').ok_or_else(|| err("no `/`"))?;
        let index: u64 = i.trim().parse().map_err(|_| err("I is not a number"))?;
        let count: u64 = n.trim().parse().map_err(|_| err("N is not a number"))?;
        if count == 0 {
            return Err(err("N must be at least 1"));
        }
        if index >= count {
            return Err(err("I must be less than N"));
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn shard_hashes_are_pinned() {
        // These values are part of the contract: changing them re-splits every folder.
        assert_eq!(path_hash("a/b/x.docx"), PINNED_ABX);
        assert_eq!(path_hash("报告/总结.docx"), PINNED_ZH);
        assert_eq!(Shard::of("a/b/x.docx", 4), 2);
        assert_eq!(Shard::of("a/b/x.docx", 7), 5);
        assert_eq!(Shard::of("报告/总结.docx", 4), 1);
        assert_eq!(Shard::of("报告/总结.docx", 7), 0);
    }

    // Computed independently (Python: unicodedata.normalize + FNV-1a loop).
    const PINNED_ABX: u64 = 0x6917_71d7_5e7b_200a;
    const PINNED_ZH: u64 = 0x6124_9cc8_d5b3_1b35;

    #[test]
    fn nfc_and_separators_do_not_change_the_shard() {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301).
        let composed = "caf\u{e9}/r\u{e9}sum\u{e9}.txt";
        let decomposed = "cafe\u{301}/re\u{301}sume\u{301}.txt";
        assert_ne!(composed, decomposed);
        assert_eq!(path_hash(composed), path_hash(decomposed));
        assert_eq!(path_hash("./a/b.txt"), path_hash("a/b.txt"));
    }

    #[test]
    fn every_path_falls_in_exactly_one_shard() {
        for n in 1..6u64 {
            for p in ["a.txt", "b/c.txt", "d/e/f.json", "名字 with space.txt"] {
                let hits = (0..n)
                    .filter(|&i| Shard { index: i, count: n }.contains(p))
                    .count();
                assert_eq!(hits, 1);
            }
        }
    }

    #[test]
    fn parses_shard_specs() {
        assert_eq!("1/4".parse(), Ok(Shard { index: 1, count: 4 }));
        assert_eq!(" 0 / 1 ".parse(), Ok(Shard { index: 0, count: 1 }));
        for bad in ["4/4", "1/0", "x/2", "1", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let msg = "5/3".parse::<Shard>().err().map(|e| e.to_string());
        assert_eq!(
            msg.as_deref(),
            Some("bad shard `5/3`: I must be less than N (write I/N with 0 <= I < N, e.g. 0/4)")
        );
    }
}
