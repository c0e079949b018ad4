//! `styles.xml`: paragraph and character styles, resolved through `basedOn` chains, with
//! heading levels recognised from localised names and outline levels.

use std::collections::HashMap;

use crate::error::DocxError;
use crate::xml::{attr, attr_is, attr_parse, local, on_off, with_attr, Ev, Xml};

/// Character formatting a style or a run sets; `None` = inherit.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RunProps {
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub underline: Option<bool>,
    pub strike: Option<bool>,
    pub superscript: Option<bool>,
    pub subscript: Option<bool>,
    pub vanish: Option<bool>,
}

impl RunProps {
    /// `self` with unset values taken from `base`.
    pub(crate) fn or(self, base: RunProps) -> RunProps {
        RunProps {
            bold: self.bold.or(base.bold),
            italic: self.italic.or(base.italic),
            underline: self.underline.or(base.underline),
            strike: self.strike.or(base.strike),
            superscript: self.superscript.or(base.superscript),
            subscript: self.subscript.or(base.subscript),
            vanish: self.vanish.or(base.vanish),
        }
    }

    /// Reads one child element of `w:rPr`; returns false when it is not a formatting one.
    pub(crate) fn apply(&mut self, e: &quick_xml::events::BytesStart<'_>) -> bool {
        match local(e) {
            b"b" => self.bold = Some(on_off(e)),
            b"i" => self.italic = Some(on_off(e)),
            b"u" => {
                self.underline =
                    Some(with_attr(e, b"val", |v| v != "none" && v != "0").unwrap_or(true))
            }
            b"strike" | b"dstrike" => self.strike = Some(on_off(e)),
            b"vanish" => self.vanish = Some(on_off(e)),
            b"vertAlign" => {
                self.superscript = Some(attr_is(e, b"val", "superscript"));
                self.subscript = Some(attr_is(e, b"val", "subscript"));
            }
            _ => return false,
        }
        true
    }
}

/// Numbering a paragraph style carries.
#[derive(Debug, Clone, Default)]
pub(crate) struct NumRef {
    pub num_id: Option<String>,
    pub ilvl: Option<u8>,
}

/// One style definition.
#[derive(Debug, Clone, Default)]
pub(crate) struct Style {
    pub name: String,
    pub based_on: Option<String>,
    pub outline: Option<u8>,
    pub num: NumRef,
    pub run: RunProps,
}

/// What a paragraph style means for structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A heading of this level (1–9).
    Heading(u8),
    /// The document title.
    Title,
    /// The subtitle.
    Subtitle,
    /// Ordinary text.
    Body,
}

/// All styles of a document.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    by_name: HashMap<String, String>,
    /// Language of the document defaults (`w:lang w:val`, `w:eastAsia`).
    pub lang: Option<String>,
    pub lang_east_asia: Option<String>,
    default_para: Option<String>,
}

const MAX_CHAIN: usize = 32;

impl Styles {
    /// Parses `styles.xml`.
    pub(crate) fn parse(data: &[u8], part: &str, depth: usize) -> Result<Styles, DocxError> {
        let mut out = Styles::default();
        let mut x = Xml::new(data, part, depth);
        let mut current: Option<(String, Style)> = None;
        let mut depth = 0usize;
        let mut defaults_depth: Option<usize> = None;
        let mut style_depth: Option<usize> = None;
        let mut rpr_depth: Option<usize> = None;
        loop {
            match x.next()? {
                Ev::Start(e) => {
                    depth += 1;
                    let name = local(&e);
                    match name {
                        b"docDefaults" => defaults_depth = Some(depth),
                        b"style" => {
                            let id = attr(&e, b"styleId").unwrap_or_default();
                            let kind = attr(&e, b"type").unwrap_or_else(|| "paragraph".into());
                            if kind == "paragraph"
                                && attr(&e, b"default").is_some_and(|v| v == "1" || v == "true")
                            {
                                out.default_para = Some(id.clone());
                            }
                            current = Some((id, Style::default()));
                            style_depth = Some(depth);
                            continue;
                        }
                        b"latentStyles" => {
                            x.skip()?;
                            depth -= 1;
                            continue;
                        }
                        _ => {}
                    }
                    let in_rpr_child = rpr_depth.is_some_and(|d| d + 1 == depth);
                    if name == b"rPr" && rpr_depth.is_none() {
                        rpr_depth = Some(depth);
                    }
                    if let Some((_, st)) = current.as_mut() {
                        match name {
                            b"name" => st.name = attr(&e, b"val").unwrap_or_default(),
                            b"basedOn" => st.based_on = attr(&e, b"val"),
                            b"outlineLvl" => st.outline = attr_parse(&e, b"val"),
                            b"numId" => st.num.num_id = attr(&e, b"val"),
                            b"ilvl" => st.num.ilvl = attr_parse(&e, b"val"),
                            _ if in_rpr_child => {
                                st.run.apply(&e);
                            }
                            _ => {}
                        }
                    } else if defaults_depth.is_some() && name == b"lang" {
                        out.lang = attr(&e, b"val");
                        out.lang_east_asia = attr(&e, b"eastAsia");
                    }
                }
                Ev::End => {
                    if rpr_depth == Some(depth) {
                        rpr_depth = None;
                    }
                    if defaults_depth == Some(depth) {
                        defaults_depth = None;
                    }
                    if style_depth == Some(depth) {
                        style_depth = None;
                        if let Some((id, st)) = current.take() {
                            if !st.name.is_empty() {
                                out.by_name.insert(st.name.to_lowercase(), id.clone());
                            }
                            out.styles.entry(id).or_insert(st);
                        }
                    }
                    depth = depth.saturating_sub(1);
                }
                Ev::Text(_) => {}
                Ev::Eof => break,
            }
        }
        Ok(out)
    }

    fn get(&self, id: &str) -> Option<&Style> {
        self.styles.get(id).or_else(|| {
            self.by_name
                .get(&id.to_lowercase())
                .and_then(|i| self.styles.get(i))
        })
    }

    /// The style chain from `id` up through `basedOn` (bounded, cycle-safe).
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out: Vec<&Style> = Vec::new();
        let mut next = id.map(str::to_string).or_else(|| self.default_para.clone());
        while let Some(id) = next {
            if out.len() >= MAX_CHAIN {
                break;
            }
            let Some(st) = self.get(&id) else { break };
            if out.iter().any(|s| std::ptr::eq(*s, st)) {
                break;
            }
            out.push(st);
            next = st.based_on.clone();
        }
        out
    }

    /// The structural role of a paragraph with style `id`.
    pub(crate) fn role(&self, id: Option<&str>) -> Role {
        for st in self.chain(id) {
            if let Some(r) = role_from_name(&st.name) {
                return r;
            }
            if let Some(lvl) = st.outline {
                return if lvl < 9 {
                    Role::Heading(lvl + 1)
                } else {
                    Role::Body
                };
            }
        }
        if let Some(id) = id {
            if self.get(id).is_none() {
                if let Some(r) = role_from_name(id) {
                    return r;
                }
            }
        }
        Role::Body
    }

    /// Numbering inherited from the paragraph style chain.
    pub(crate) fn numbering(&self, id: Option<&str>) -> NumRef {
        let mut out = NumRef::default();
        for st in self.chain(id) {
            if out.num_id.is_none() {
                out.num_id = st.num.num_id.clone();
            }
            if out.ilvl.is_none() {
                out.ilvl = st.num.ilvl;
            }
        }
        out
    }

    /// Character formatting of a character style (through its chain).
    pub(crate) fn run_props(&self, id: &str) -> RunProps {
        let mut props = RunProps::default();
        for st in self.chain(Some(id)) {
            props = props.or(st.run);
        }
        props
    }
}

const HEADING_WORDS: &[&str] = &[
    "heading",
    "标题",
    "標題",
    "überschrift",
    "uberschrift",
    "titre",
    "título",
    "titulo",
    "titolo",
    "kop",
    "nagłówek",
    "заголовок",
    "rubrik",
    "otsikko",
    "見出し",
    "제목",
    "başlık",
    "cabeçalho",
    "encabezado",
    "címsor",
    "nadpis",
    "overskrift",
    "overskrift",
];
const TITLE_NAMES: &[&str] = &[
    "title",
    "标题",
    "標題",
    "titel",
    "titre",
    "título",
    "titulo",
    "titolo",
    "表題",
    "제목",
    "название",
    "tytuł",
    "otsikko",
];
const SUBTITLE_NAMES: &[&str] = &[
    "subtitle",
    "副标题",
    "副標題",
    "untertitel",
    "sous-titre",
    "subtítulo",
    "subtitulo",
    "sottotitolo",
    "副題",
    "부제",
    "подзаголовок",
    "podtytuł",
    "alaotsikko",
];

/// Recognises `heading 1`, `标题 1`, `Überschrift 1`, `Heading1`, `Title`, … .
pub(crate) fn role_from_name(name: &str) -> Option<Role> {
    let lower: String = name.trim().to_lowercase();
    if lower.is_empty() {
        return None;
    }
    if TITLE_NAMES.contains(&lower.as_str()) {
        return Some(Role::Title);
    }
    if SUBTITLE_NAMES.contains(&lower.as_str()) {
        return Some(Role::Subtitle);
    }
    for w in HEADING_WORDS {
        if let Some(rest) = lower.strip_prefix(w) {
            let rest = rest.trim_start_matches([' ', '_', '-', '\u{a0}']);
            if let Ok(n) = rest.parse::<u8>() {
                if (1..=9).contains(&n) {
                    return Some(Role::Heading(n));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localised_heading_names() {
        assert_eq!(role_from_name("heading 1"), Some(Role::Heading(1)));
        assert_eq!(role_from_name("标题 2"), Some(Role::Heading(2)));
        assert_eq!(role_from_name("Überschrift 3"), Some(Role::Heading(3)));
        assert_eq!(role_from_name("Heading1"), Some(Role::Heading(1)));
        assert_eq!(role_from_name("Title"), Some(Role::Title));
        assert_eq!(role_from_name("标题"), Some(Role::Title));
        assert_eq!(role_from_name("toc 1"), None);
    }

    #[test]
    fn based_on_chains_and_outline_levels() -> Result<(), DocxError> {
        let xml = br#"<w:styles xmlns:w="x">
          <w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>
          <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
          <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="My head"/><w:basedOn w:val="1"/></w:style>
          <w:style w:type="paragraph" w:styleId="o"><w:name w:val="Outline"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="loop"><w:name w:val="Loop"/><w:basedOn w:val="loop"/></w:style>
          <w:style w:type="character" w:styleId="s"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
        </w:styles>"#;
        let s = Styles::parse(xml, "styles.xml", 64)?;
        assert_eq!(s.role(Some("1")), Role::Heading(1));
        assert_eq!(s.role(Some("a5")), Role::Heading(1));
        assert_eq!(s.role(Some("o")), Role::Heading(3));
        assert_eq!(s.role(Some("loop")), Role::Body);
        assert_eq!(s.run_props("s").bold, Some(true));
        assert_eq!(s.lang_east_asia.as_deref(), Some("zh-CN"));
        Ok(())
    }
}
