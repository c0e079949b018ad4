//! The `anonymize` and `deanonymize` transforms: recognise names in every piece of text of
//! a document and replace them; record and reverse the replacements with a mapping file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use docpipe_core::model::{Document, Inline};
use docpipe_core::{Context, Error, Result, Transform};

use crate::entity::{Entity, EntityType};
use crate::recognize::{find_in_texts, Settings};
use crate::replace::{Replacer, Strategy};

/// A piece of an inline run: a text node, or a separator (line break, note, image).
enum Piece<'a> {
    Text(&'a mut String),
    Sep,
}

fn collect<'a>(inlines: &'a mut [Inline], out: &mut Vec<Piece<'a>>) {
    for inl in inlines.iter_mut() {
        match inl {
            Inline::Text { text } | Inline::Code { text } => out.push(Piece::Text(text)),
            Inline::Styled { content, .. }
            | Inline::Link { content, .. }
            | Inline::Span { content, .. } => collect(content, out),
            Inline::LineBreak {} | Inline::NoteRef { .. } | Inline::Image(_) => {
                out.push(Piece::Sep)
            }
        }
    }
}

/// The text a run is recognised in: its text nodes joined (so a name split over two
/// styled runs is seen whole), separators as `\n`.
fn run_text(inlines: &mut [Inline]) -> String {
    let mut pieces = Vec::new();
    collect(inlines, &mut pieces);
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Sep => s.push('\n'),
        }
    }
    s
}

/// Rewrites `chars[from..]` of a piece: entity characters go, the replacement is written
/// where an entity starts.
fn rewrite(piece: &str, offset: usize, spans: &[(usize, usize, &str)]) -> Option<String> {
    let n = piece.chars().count();
    if !spans.iter().any(|&(s, e, _)| s < offset + n && offset < e) {
        return None;
    }
    let mut out = String::with_capacity(piece.len());
    for (i, c) in piece.chars().enumerate() {
        let g = offset + i;
        match spans.iter().find(|&&(s, e, _)| s <= g && g < e) {
            Some(&(s, _, r)) => {
                if g == s {
                    out.push_str(r);
                }
            }
            None => out.push(c),
        }
    }
    Some(out)
}

fn apply_run(inlines: &mut [Inline], spans: &[(usize, usize, &str)]) {
    let mut pieces = Vec::new();
    collect(inlines, &mut pieces);
    let mut offset = 0;
    // A span that starts in a separator cannot exist (separators are never in names);
    // a span starting in one piece and ending in the next writes its replacement once.
    for p in pieces {
        match p {
            Piece::Text(t) => {
                let n = t.chars().count();
                // Entities starting before this piece are handled by dropping characters:
                // rewrite() writes the replacement only at the entity's first character.
                if let Some(new) = rewrite(t, offset, spans) {
                    *t = new;
                }
                offset += n;
            }
            Piece::Sep => offset += 1,
        }
    }
}

fn apply_str(s: &mut String, spans: &[(usize, usize, &str)]) {
    if let Some(new) = rewrite(s, 0, spans) {
        *s = new;
    }
}

fn looks_like_url(s: &str) -> bool {
    s.contains("://")
        || s.starts_with("mailto:")
        || s.starts_with("www.")
        || (s.contains('@') && !s.contains(' '))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The form of a replacement used inside a URL or a file name: no brackets or spaces.
pub(crate) fn slug(r: &str) -> String {
    r.trim_start_matches('[')
        .trim_end_matches(']')
        .replace([' ', '#'], "-")
}

/// Replaces the names of the document inside a link target or e-mail address, also in
/// their URL spellings (`john.smith`, `John%20Smith`, `张三`).
fn anonymize_url(url: &str, table: &[(String, EntityType, String)]) -> Option<String> {
    let decoded = percent_decode(url);
    let lower = decoded.to_lowercase();
    let mut hits: Vec<(usize, usize, String)> = Vec::new();
    for (text, kind, repl) in table {
        let mut variants: Vec<String> = Vec::new();
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        if words.len() > 1 {
            for sep in ["", ".", "-", "_", "+", " "] {
                variants.push(words.join(sep));
            }
        } else {
            variants.push(text.to_lowercase());
        }
        if *kind == EntityType::Person && words.len() > 1 {
            variants.extend(words.iter().filter(|w| w.chars().count() >= 3).cloned());
        }
        for v in variants {
            if v.is_empty() {
                continue;
            }
            let mut from = 0;
            while let Some(p) = lower[from..].find(&v) {
                let s = from + p;
                let e = s + v.len();
                let latin = v.is_ascii();
                let before = lower[..s].chars().last();
                let after = lower[e..].chars().next();
                let bounded = !latin
                    || !(before.is_some_and(|c| c.is_ascii_alphanumeric())
                        || after.is_some_and(|c| c.is_ascii_alphanumeric()));
                if bounded && !hits.iter().any(|h| h.0 < e && s < h.1) {
                    hits.push((s, e, slug(repl)));
                }
                from = e;
            }
        }
    }
    if hits.is_empty() {
        return None;
    }
    hits.sort_by_key(|h| h.0);
    // Lowercasing can change byte lengths outside ASCII; fall back to the lowered text.
    let base = if lower.len() == decoded.len() {
        decoded
    } else {
        lower
    };
    let mut out = String::new();
    let mut last = 0;
    for (s, e, r) in hits {
        if !base.is_char_boundary(s) || !base.is_char_boundary(e) {
            continue;
        }
        out.push_str(&base[last..s]);
        out.push_str(&r);
        last = e;
    }
    out.push_str(&base[last..]);
    Some(out)
}

/// The batch-wide record of replacements: detects two entities sharing a code and holds
/// the mapping files' contents.
#[derive(Default)]
pub struct BatchTable {
    inner: Mutex<BatchInner>,
}

#[derive(Default)]
struct BatchInner {
    /// replacement → entity, for pseudonym and hash codes.
    codes: HashMap<String, (EntityType, String)>,
    /// mapping file → (type, entity) → replacement.
    files: HashMap<PathBuf, BTreeMap<(String, String), String>>,
}

/// Reads a mapping file: `replacement<TAB>TYPE<TAB>entity` lines.
pub fn read_mapping(path: &Path) -> std::io::Result<Vec<(String, EntityType, String)>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for line in text.lines() {
        let mut it = line.splitn(3, '\t');
        if let (Some(r), Some(k), Some(e)) = (it.next(), it.next(), it.next()) {
            if let Some(kind) = EntityType::parse(k) {
                out.push((r.to_string(), kind, e.to_string()));
            }
        }
    }
    Ok(out)
}

/// The `anonymize` transform.
pub struct Anonymize {
    /// Recogniser settings.
    pub settings: Settings,
    /// Replacement strategy and key.
    pub replacer: Replacer,
    /// Where to record entity → replacement.
    pub mapping: Option<PathBuf>,
}

impl Anonymize {
    /// Replacements for the entities of one document, deterministic for its set of
    /// entities; warns when a code is already taken by another entity in the batch.
    fn table(
        &self,
        entities: &BTreeMap<(EntityType, String), ()>,
        ctx: &mut Context,
    ) -> HashMap<(EntityType, String), String> {
        let unique = matches!(self.replacer.strategy, Strategy::Pseudonym | Strategy::Hash);
        let shared = ctx.shared.get::<BatchTable>();
        let mut used: HashMap<String, (EntityType, String)> = HashMap::new();
        let mut out = HashMap::new();
        let mut warnings = Vec::new();
        for (kind, text) in entities.keys() {
            let mut salt = 0;
            let mut r = self.replacer.replace(*kind, text, salt);
            while unique && used.get(&r).is_some_and(|o| o != &(*kind, text.clone())) && salt < 64 {
                salt += 1;
                r = self.replacer.replace(*kind, text, salt);
            }
            if unique {
                used.insert(r.clone(), (*kind, text.clone()));
                if let Ok(mut g) = shared.inner.lock() {
                    match g.codes.get(&r) {
                        Some(o) if o != &(*kind, text.clone()) => warnings.push(format!(
                            "two different names of the batch share the replacement {r}; give a key or check the mapping"
                        )),
                        Some(_) => {}
                        None => {
                            g.codes.insert(r.clone(), (*kind, text.clone()));
                        }
                    }
                }
            }
            out.insert((*kind, text.clone()), r);
        }
        for w in warnings {
            ctx.warn(w);
        }
        out
    }

    fn record(
        &self,
        table: &HashMap<(EntityType, String), String>,
        ctx: &mut Context,
    ) -> Result<()> {
        let Some(path) = &self.mapping else {
            return Ok(());
        };
        let shared = ctx.shared.get::<BatchTable>();
        let mut g = match shared.inner.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if !g.files.contains_key(path) {
            let mut m = BTreeMap::new();
            if path.exists() {
                let old = read_mapping(path).map_err(|e| {
                    Error::stage(
                        "anonymize",
                        format!("cannot read mapping file {}: {e}", path.display()),
                    )
                })?;
                for (r, k, e) in old {
                    m.insert((k.as_str().to_string(), e), r);
                }
            }
            g.files.insert(path.clone(), m);
        }
        let Some(m) = g.files.get_mut(path) else {
            return Ok(());
        };
        let before = m.len();
        for ((k, e), r) in table {
            m.insert((k.as_str().to_string(), e.clone()), r.clone());
        }
        if m.len() == before && path.exists() {
            return Ok(());
        }
        let mut text = String::new();
        for ((k, e), r) in m.iter() {
            text.push_str(&format!("{r}\t{k}\t{e}\n"));
        }
        docpipe_core::fsio::write_atomic(path, text.as_bytes()).map_err(|e| {
            Error::stage(
                "anonymize",
                format!("cannot write mapping file {}: {e}", path.display()),
            )
        })
    }
}

impl Transform for Anonymize {
    fn transform(&self, mut doc: Document, ctx: &mut Context) -> Result<Document> {
        // Fields that hold nothing but a person's name are replaced whole.
        let mut whole: Vec<String> = Vec::new();
        if self.settings.types.contains(&EntityType::Person) {
            let m = &doc.meta;
            whole.extend(m.authors.iter().cloned());
            whole.extend(m.last_modified_by.iter().cloned());
            whole.extend(m.manager.iter().cloned());
            for c in &doc.comments {
                whole.extend(c.author.iter().cloned());
            }
            whole.retain(|s| !s.trim().is_empty() && !self.settings.allow.contains(s.trim()));
        }
        // Gather every text in a fixed order, recognise, then rewrite in the same order.
        let mut texts: Vec<String> = Vec::new();
        doc.for_each_inlines_mut(&mut |inl| texts.push(run_text(inl)));
        let runs = texts.len();
        doc.for_each_loose_string_mut(&mut |s| texts.push(s.clone()));
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let found: Vec<Vec<Entity>> = find_in_texts(&self.settings, &refs);
        let mut entities: BTreeMap<(EntityType, String), ()> = BTreeMap::new();
        for e in found.iter().flatten() {
            entities.insert((e.kind, e.text.clone()), ());
        }
        for w in &whole {
            entities.insert((EntityType::Person, w.trim().to_string()), ());
        }
        let table = self.table(&entities, ctx);
        let mut url_table: Vec<(String, EntityType, String)> = table
            .iter()
            .map(|((k, t), r)| (t.clone(), *k, r.clone()))
            .collect();
        url_table.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let spans_of = |list: &[Entity]| -> Vec<(usize, usize, String)> {
            list.iter()
                .filter_map(|e| {
                    table
                        .get(&(e.kind, e.text.clone()))
                        .map(|r| (e.start, e.end, r.clone()))
                })
                .collect()
        };
        let mut idx = 0usize;
        doc.for_each_inlines_mut(&mut |inl| {
            if let Some(list) = found.get(idx) {
                let spans = spans_of(list);
                let refs: Vec<(usize, usize, &str)> =
                    spans.iter().map(|(s, e, r)| (*s, *e, r.as_str())).collect();
                apply_run(inl, &refs);
            }
            idx += 1;
        });
        debug_assert_eq!(idx, runs);
        // Whole-name fields first (they are loose strings too).
        let whole_repl = |s: &mut String| {
            if let Some(r) = table.get(&(EntityType::Person, s.trim().to_string())) {
                *s = r.clone();
                return true;
            }
            false
        };
        let mut replaced_whole = std::collections::HashSet::new();
        {
            let m = &mut doc.meta;
            for s in m
                .authors
                .iter_mut()
                .chain(m.last_modified_by.iter_mut())
                .chain(m.manager.iter_mut())
            {
                if whole_repl(s) {
                    replaced_whole.insert(s.clone());
                }
            }
            for c in &mut doc.comments {
                if let Some(a) = &mut c.author {
                    if whole_repl(a) {
                        replaced_whole.insert(a.clone());
                    }
                }
                if let Some(i) = &mut c.initials {
                    if !i.trim().is_empty()
                        && c.author.is_some()
                        && self.settings.types.contains(&EntityType::Person)
                    {
                        *i = String::new();
                    }
                }
            }
        }
        doc.for_each_loose_string_mut(&mut |s| {
            let list = found.get(idx);
            idx += 1;
            if replaced_whole.contains(s.as_str()) {
                return;
            }
            if looks_like_url(s) {
                if let Some(new) = anonymize_url(s, &url_table) {
                    *s = new;
                }
                return;
            }
            if let Some(list) = list {
                let spans = spans_of(list);
                let refs: Vec<(usize, usize, &str)> =
                    spans.iter().map(|(s, e, r)| (*s, *e, r.as_str())).collect();
                apply_str(s, &refs);
            }
        });
        self.record(&table, ctx)?;
        Ok(doc)
    }

    fn file_stem(&self, stem: &str, ctx: &mut Context) -> Result<String> {
        let found = find_in_texts(&self.settings, &[stem])
            .pop()
            .unwrap_or_default();
        if found.is_empty() {
            return Ok(stem.to_string());
        }
        let mut entities = BTreeMap::new();
        for e in &found {
            entities.insert((e.kind, e.text.clone()), ());
        }
        let table = self.table(&entities, ctx);
        let spans: Vec<(usize, usize, String)> = found
            .iter()
            .filter_map(|e| {
                table
                    .get(&(e.kind, e.text.clone()))
                    .map(|r| (e.start, e.end, slug(r)))
            })
            .collect();
        let refs: Vec<(usize, usize, &str)> =
            spans.iter().map(|(s, e, r)| (*s, *e, r.as_str())).collect();
        self.record(&table, ctx)?;
        let mut s = stem.to_string();
        apply_str(&mut s, &refs);
        if s.trim().is_empty() {
            s = "anonymized".into();
        }
        Ok(s)
    }
}

/// The `deanonymize` transform: puts back the names a mapping file records.
pub struct Deanonymize {
    /// replacement → original, longest replacement first.
    pairs: Vec<(String, String)>,
    /// Replacements shared by several names (mask, tag, redact): not reversible.
    ambiguous: usize,
}

impl Deanonymize {
    /// Loads the mapping file.
    pub fn from_mapping(path: &Path) -> Result<Deanonymize> {
        let rows = read_mapping(path).map_err(|e| {
            Error::option(
                "deanonymize",
                format!("cannot read mapping file {}: {e}", path.display()),
            )
        })?;
        let mut by_repl: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (r, _, e) in rows {
            if r.is_empty() {
                continue;
            }
            let s = slug(&r);
            by_repl.entry(r).or_default().push(e.clone());
            if s.chars().count() >= 6 {
                by_repl.entry(s).or_default().push(e);
            }
        }
        let mut pairs = Vec::new();
        let mut ambiguous = 0;
        for (r, mut es) in by_repl {
            es.sort();
            es.dedup();
            if es.len() == 1 {
                pairs.push((r, es.remove(0)));
            } else {
                ambiguous += 1;
            }
        }
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Ok(Deanonymize { pairs, ambiguous })
    }

    fn restore(&self, s: &str) -> Option<String> {
        if !self.pairs.iter().any(|(r, _)| s.contains(r.as_str())) {
            return None;
        }
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        'outer: while !rest.is_empty() {
            for (r, e) in &self.pairs {
                if rest.starts_with(r.as_str()) {
                    out.push_str(e);
                    rest = &rest[r.len()..];
                    continue 'outer;
                }
            }
            let mut cs = rest.chars();
            if let Some(c) = cs.next() {
                out.push(c);
            }
            rest = cs.as_str();
        }
        Some(out)
    }
}

impl Transform for Deanonymize {
    fn transform(&self, mut doc: Document, ctx: &mut Context) -> Result<Document> {
        if self.ambiguous > 0 {
            ctx.warn(format!(
                "{} replacements in the mapping stand for several names (mask, tag or redact) and are left as they are",
                self.ambiguous
            ));
        }
        doc.for_each_inlines_mut(&mut |inl| {
            let mut pieces = Vec::new();
            collect(inl, &mut pieces);
            for p in pieces {
                if let Piece::Text(t) = p {
                    if let Some(new) = self.restore(t) {
                        *t = new;
                    }
                }
            }
        });
        doc.for_each_loose_string_mut(&mut |s| {
            if let Some(new) = self.restore(s) {
                *s = new;
            }
        });
        Ok(doc)
    }

    fn file_stem(&self, stem: &str, ctx: &mut Context) -> Result<String> {
        let _ = ctx;
        Ok(self.restore(stem).unwrap_or_else(|| stem.to_string()))
    }
}
