//! The recogniser front end: picks the language, runs the Chinese or English recogniser,
//! resolves overlaps, honours allow and deny lists and already-masked text, and spreads
//! every name found to its other occurrences in the same document.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::entity::{masked_runs, Entity, EntityType};
use crate::zh::Cand;

/// Which recogniser to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chosen per document (per line for `docpipe entities`) from its characters.
    #[default]
    Auto,
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Parses `auto`, `zh` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "auto" => Some(Lang::Auto),
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Recogniser settings shared by `anonymize` and `docpipe entities`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Recogniser language.
    pub lang: Lang,
    /// Entity types to find.
    pub types: Vec<EntityType>,
    /// Names never replaced (public figures to keep), exact strings.
    pub allow: HashSet<String>,
    /// Strings always replaced, with their type.
    pub deny: Vec<(String, EntityType)>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: Lang::Auto,
            types: vec![EntityType::Person, EntityType::Place],
            allow: HashSet::new(),
            deny: Vec::new(),
        }
    }
}

/// Errors reading allow or deny lists.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line names a type other than PERSON or PLACE.
    #[error("{path} line {line}: unknown type `{kind}` (use PERSON or PLACE)")]
    Type {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// The type written.
        kind: String,
    },
}

fn read_list(path: &Path) -> Result<String, ListError> {
    std::fs::read_to_string(path).map_err(|source| ListError::Read {
        path: path.display().to_string(),
        source,
    })
}

impl Settings {
    /// Reads an allow list: one name a line; empty lines and `#` comments are skipped.
    pub fn load_allow(&mut self, path: &Path) -> Result<(), ListError> {
        for line in read_list(path)?.lines() {
            let l = line.trim();
            if !l.is_empty() && !l.starts_with('#') {
                self.allow.insert(l.to_string());
            }
        }
        Ok(())
    }

    /// Reads a deny list: one string a line, optionally followed by a tab and `PERSON`
    /// or `PLACE` (default: PLACE when it ends in an administrative suffix, else PERSON).
    pub fn load_deny(&mut self, path: &Path) -> Result<(), ListError> {
        for (n, line) in read_list(path)?.lines().enumerate() {
            let l = line.trim_end_matches(['\r', '\n']);
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            let (name, kind) = match l.split_once('\t') {
                Some((name, k)) => {
                    let kind = EntityType::parse(k).ok_or_else(|| ListError::Type {
                        path: path.display().to_string(),
                        line: n + 1,
                        kind: k.trim().to_string(),
                    })?;
                    (name.trim(), kind)
                }
                None => {
                    let name = l.trim();
                    let place = name
                        .chars()
                        .last()
                        .is_some_and(|c| "省市县区镇乡村州路街号".contains(c));
                    (
                        name,
                        if place {
                            EntityType::Place
                        } else {
                            EntityType::Person
                        },
                    )
                }
            };
            if !name.is_empty() {
                self.deny.push((name.to_string(), kind));
            }
        }
        // Longest first, so that a longer deny entry wins over its prefix.
        self.deny.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        Ok(())
    }

    fn wants(&self, kind: EntityType) -> bool {
        self.types.contains(&kind)
    }
}

/// The language a set of texts is treated as under `lang`.
pub fn resolve_lang(lang: Lang, texts: &[&str]) -> Lang {
    match lang {
        Lang::Auto => {
            let mut sample = String::new();
            for t in texts {
                if sample.len() > 60_000 {
                    break;
                }
                sample.push_str(t);
                sample.push('\n');
            }
            match docpipe_core::lang::guess(&sample) {
                Some("en") => Lang::En,
                _ => Lang::Zh,
            }
        }
        other => other,
    }
}

fn find_occurrences(chars: &[char], needle: &[char], latin: bool) -> Vec<usize> {
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > chars.len() {
        return out;
    }
    for i in 0..=chars.len() - needle.len() {
        if chars[i..i + needle.len()] == *needle {
            if latin {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + needle.len());
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(|c| c.is_alphanumeric())
                {
                    continue;
                }
            }
            out.push(i);
        }
    }
    out
}

/// One text's characters, candidates and placeholder runs.
type TextWork = (Vec<char>, Vec<Cand>, Vec<(usize, usize)>);

/// Recognises the entities of the texts of one document (or one `entities` line): every
/// text gets its spans, and a name found anywhere is also taken at its other occurrences.
pub fn find_in_texts(settings: &Settings, texts: &[&str]) -> Vec<Vec<Entity>> {
    let lang = resolve_lang(settings.lang, texts);
    let want_person = settings.wants(EntityType::Person);
    let want_place = settings.wants(EntityType::Place);
    let mut per_text: Vec<TextWork> = Vec::with_capacity(texts.len());
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        let masked = masked_runs(&chars);
        let mut cands = Vec::new();
        if want_person || want_place {
            match lang {
                Lang::En => cands = crate::en::candidates(&chars, want_person, want_place),
                _ => {
                    cands = crate::zh::candidates(text, &chars, want_person, want_place);
                    if chars.iter().any(|c| c.is_ascii_alphabetic()) {
                        // Latin names inside Chinese text: only the confident English rules.
                        cands.extend(
                            crate::en::candidates(&chars, want_person, want_place)
                                .into_iter()
                                .filter(|c| c.prio >= 30),
                        );
                    }
                }
            }
        }
        for (name, kind) in &settings.deny {
            if !settings.wants(*kind) {
                continue;
            }
            let needle: Vec<char> = name.chars().collect();
            for s in find_occurrences(&chars, &needle, false) {
                cands.push(Cand {
                    start: s,
                    end: s + needle.len(),
                    kind: *kind,
                    prio: 100,
                });
            }
        }
        per_text.push((chars, cands, masked));
    }
    // Resolve each text, then spread names to their other occurrences.
    let mut resolved: Vec<Vec<Cand>> = Vec::with_capacity(per_text.len());
    let mut known: BTreeMap<String, EntityType> = BTreeMap::new();
    for (chars, cands, masked) in &per_text {
        let r = resolve(settings, chars, cands.clone(), masked);
        for c in &r {
            let s: String = chars[c.start..c.end].iter().collect();
            let cjk = s.chars().any(docpipe_core::lang::is_cjk);
            if (cjk && c.end - c.start >= 2) || (!cjk && c.end - c.start >= 3) {
                known.entry(s.clone()).or_insert(c.kind);
            }
            if !cjk && c.kind == EntityType::Person {
                // A person's surname alone names them too (Smith said …).
                if let Some(last) = s.split(' ').rfind(|w| w.chars().count() >= 3) {
                    if last != s && last.chars().next().is_some_and(char::is_uppercase) {
                        known.entry(last.to_string()).or_insert(EntityType::Person);
                    }
                }
            }
        }
        resolved.push(r);
    }
    let mut known: Vec<(Vec<char>, EntityType)> = known
        .into_iter()
        .filter(|(s, _)| !settings.allow.contains(s))
        .map(|(s, k)| (s.chars().collect(), k))
        .collect();
    known.sort_by_key(|k| std::cmp::Reverse(k.0.len()));
    // Index the known names by first character so each text is scanned once.
    let mut by_first: std::collections::HashMap<char, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, (needle, _)) in known.iter().enumerate() {
        if let Some(c) = needle.first() {
            by_first.entry(*c).or_default().push(i);
        }
    }
    let mut out = Vec::with_capacity(per_text.len());
    for ((chars, _, masked), mut r) in per_text.iter().zip(resolved) {
        let mut taken = vec![false; chars.len()];
        for c in &r {
            taken[c.start..c.end].iter_mut().for_each(|t| *t = true);
        }
        for s in 0..chars.len() {
            let Some(ids) = by_first.get(&chars[s]) else {
                continue;
            };
            // Longest first (known is sorted by length, ids keep that order).
            for &id in ids {
                let (needle, kind) = &known[id];
                let e = s + needle.len();
                if e > chars.len() || chars[s..e] != needle[..] {
                    continue;
                }
                let latin = !needle.iter().any(|c| docpipe_core::lang::is_cjk(*c));
                if latin
                    && (s.checked_sub(1).is_some_and(|j| chars[j].is_alphanumeric())
                        || chars.get(e).is_some_and(|c| c.is_alphanumeric()))
                {
                    continue;
                }
                if taken[s..e].iter().any(|t| *t)
                    || touches_mask(masked, s, e) && *kind == EntityType::Person
                {
                    continue;
                }
                taken[s..e].iter_mut().for_each(|t| *t = true);
                r.push(Cand {
                    start: s,
                    end: e,
                    kind: *kind,
                    prio: 0,
                });
                break;
            }
        }
        r.sort_by_key(|c| c.start);
        out.push(
            r.into_iter()
                .map(|c| Entity {
                    start: c.start,
                    end: c.end,
                    kind: c.kind,
                    text: chars[c.start..c.end].iter().collect(),
                })
                .collect(),
        );
    }
    out
}

/// Recognises the entities of one text on its own.
pub fn find(settings: &Settings, text: &str) -> Vec<Entity> {
    find_in_texts(settings, &[text]).pop().unwrap_or_default()
}

fn touches_mask(masked: &[(usize, usize)], s: usize, e: usize) -> bool {
    masked.iter().any(|&(ms, me)| ms <= e && s <= me)
}

fn resolve(
    settings: &Settings,
    chars: &[char],
    mut cands: Vec<Cand>,
    masked: &[(usize, usize)],
) -> Vec<Cand> {
    cands.retain(|c| c.start < c.end && c.end <= chars.len() && settings.wants(c.kind));
    cands.sort_by(|a, b| {
        b.prio
            .cmp(&a.prio)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    let mut taken = vec![false; chars.len()];
    let mut out = Vec::new();
    for c in cands {
        if taken[c.start..c.end].iter().any(|t| *t) {
            continue;
        }
        // 张x: a surname next to a placeholder is part of a masked name, not a name to
        // replace (unless a deny list says so).
        if c.prio < 100 && c.kind == EntityType::Person && touches_mask(masked, c.start, c.end) {
            continue;
        }
        // Placeholder runs are never inside a name (a name may contain x: Foxx, Alexander).
        if c.prio < 100 && masked.iter().any(|&(ms, me)| ms < c.end && c.start < me) {
            continue;
        }
        let text: String = chars[c.start..c.end].iter().collect();
        if settings.allow.contains(&text) {
            continue;
        }
        taken[c.start..c.end].iter_mut().for_each(|t| *t = true);
        out.push(c);
    }
    out.sort_by_key(|c| c.start);
    out
}
