//! The embedded gazetteers and name lists (see `data/SOURCES.md`), parsed once on first use.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jieba_rs::Jieba;

const ZH_PLACES: &str = include_str!("../../../data/zh_places.tsv");
const ZH_SURNAMES: &str = include_str!("../../../data/zh_surnames.txt");
const ZH_GIVEN: &str = include_str!("../../../data/zh_given_chars.tsv");
const ZH_GIVEN_NAMES: &str = include_str!("../../../data/zh_given_names.tsv");
const JIEBA_DICT: &str = include_str!("../../../data/jieba_dict.txt");
const EN_PLACES: &str = include_str!("../../../data/en_places.tsv");
const EN_GIVEN: &str = include_str!("../../../data/en_given.txt");
const EN_SURNAMES: &str = include_str!("../../../data/en_surnames.txt");
const EN_CITY_WORDS: &str = include_str!("../../../data/en_city_words.txt");

/// Level of a Chinese place in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ZhLevel {
    /// A country (from the world list).
    Country,
    /// Province-level division.
    Province,
    /// Prefecture-level division.
    Prefecture,
    /// County-level division.
    County,
    /// Township or street (街道).
    Township,
    /// A district of Hong Kong, Macao or Taiwan.
    Hmt,
    /// A major city outside China.
    WorldCity,
}

/// Chinese data: places, surnames, given-name characters and the segmenter.
pub(crate) struct ZhData {
    pub places: HashMap<&'static str, ZhLevel>,
    /// Surname → tier (1 very common, 2 less common).
    pub surnames: HashMap<&'static str, u8>,
    /// Given-name character → how often it occurs in jieba's person names.
    pub given: HashMap<char, u32>,
    /// Two-character given name → its best rank in names-dataset (1 = most common).
    pub given_names: HashMap<&'static str, u32>,
    /// Characters of the names in `given_names`.
    pub given_name_chars: HashSet<char>,
    pub jieba: Jieba,
}

/// Kind of an English place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnKind {
    /// A country.
    Country,
    /// A US state.
    State,
    /// A city.
    City,
}

/// English data: places with population, given names and surnames.
pub(crate) struct EnData {
    pub places: HashMap<&'static str, (EnKind, u64)>,
    /// Most words any place name has.
    pub max_place_words: usize,
    pub given: HashSet<&'static str>,
    pub surnames: HashSet<&'static str>,
    /// One-word city names that are also English words (`Mobile`, `Reading`, `Orange`).
    pub city_words: HashSet<&'static str>,
}

fn lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines().filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The Chinese data, loaded on first use.
pub(crate) fn zh() -> &'static ZhData {
    static DATA: OnceLock<ZhData> = OnceLock::new();
    DATA.get_or_init(|| {
        // The segmenter's dictionary is the slow part: build it on a second thread while
        // this one reads the lists.
        std::thread::scope(|scope| {
            let jieba = scope.spawn(load_jieba);
            let mut data = zh_lists();
            data.jieba = match jieba.join() {
                Ok(j) => j,
                Err(_) => load_jieba(),
            };
            data
        })
    })
}

fn load_jieba() -> Jieba {
    let mut j = Jieba::empty();
    let mut reader = std::io::BufReader::new(JIEBA_DICT.as_bytes());
    // The embedded dictionary is well-formed (checked by the tests); stay total anyway.
    let _ = j.load_dict(&mut reader);
    j
}

fn zh_lists() -> ZhData {
    {
        let mut places = HashMap::new();
        for l in lines(ZH_PLACES) {
            let mut it = l.split('\t');
            let (Some(name), Some(kind)) = (it.next(), it.next()) else {
                continue;
            };
            let level = match kind {
                "W" => ZhLevel::Country,
                "P" => ZhLevel::Province,
                "C" => ZhLevel::Prefecture,
                "A" => ZhLevel::County,
                "T" => ZhLevel::Township,
                "X" => ZhLevel::WorldCity,
                _ => ZhLevel::Hmt,
            };
            places.insert(name, level);
        }
        let mut surnames = HashMap::new();
        for l in lines(ZH_SURNAMES) {
            let mut it = l.split('\t');
            if let Some(name) = it.next() {
                let tier = it.next().and_then(|t| t.parse().ok()).unwrap_or(2);
                surnames.insert(name, tier);
            }
        }
        let mut given = HashMap::new();
        for l in lines(ZH_GIVEN) {
            let mut it = l.split('\t');
            if let (Some(c), Some(n)) = (it.next(), it.next()) {
                if let (Some(ch), Ok(n)) = (c.chars().next(), n.parse::<u32>()) {
                    given.insert(ch, n);
                }
            }
        }
        let mut given_names = HashMap::new();
        for l in lines(ZH_GIVEN_NAMES) {
            let mut it = l.split('\t');
            if let (Some(name), Some(rank)) = (it.next(), it.next()) {
                if let Ok(rank) = rank.parse::<u32>() {
                    given_names.insert(name, rank);
                }
            }
        }
        let given_name_chars = given_names.keys().flat_map(|n| n.chars()).collect();
        ZhData {
            places,
            surnames,
            given,
            given_names,
            given_name_chars,
            jieba: Jieba::empty(),
        }
    }
}

/// The English data, loaded on first use.
pub(crate) fn en() -> &'static EnData {
    static DATA: OnceLock<EnData> = OnceLock::new();
    DATA.get_or_init(|| {
        let mut places = HashMap::new();
        let mut max_place_words = 1;
        for l in lines(EN_PLACES) {
            let mut it = l.split('\t');
            let (Some(name), Some(kind), pop) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let kind = match kind {
                "W" => EnKind::Country,
                "S" => EnKind::State,
                _ => EnKind::City,
            };
            let pop = pop.and_then(|p| p.parse().ok()).unwrap_or(0);
            max_place_words = max_place_words.max(name.split(' ').count());
            places.insert(name, (kind, pop));
        }
        EnData {
            places,
            max_place_words: max_place_words.min(6),
            given: lines(EN_GIVEN).collect(),
            surnames: lines(EN_SURNAMES).collect(),
            city_words: lines(EN_CITY_WORDS).collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses() {
        let mut j = Jieba::empty();
        assert!(j
            .load_dict(&mut std::io::BufReader::new(JIEBA_DICT.as_bytes()))
            .is_ok());
        let z = zh();
        assert!(z.places.get("江西") == Some(&ZhLevel::Province));
        assert!(z.surnames.contains_key("欧阳"));
        assert!(z.jieba.has_word("中国"));
        let e = en();
        assert!(e.places.contains_key("Ohio") && e.given.contains("Emily"));
    }
}
