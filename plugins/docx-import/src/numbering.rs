//! `numbering.xml`: abstract numbering definitions, instances with overrides, and the
//! counters that render each numbered paragraph's label as Word shows it.

use std::collections::{HashMap, HashSet};

use crate::error::DocxError;
use crate::numfmt;
use crate::styles::Styles;
use crate::xml::{attr, attr_parse, local, Ev, Xml};

const LEVELS: usize = 9;

/// One level of a numbering definition.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub start: u32,
    pub fmt: String,
    pub text: Option<String>,
    pub is_lgl: bool,
    pub restart: Option<u32>,
    pub style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            fmt: "decimal".into(),
            text: None,
            is_lgl: false,
            restart: None,
            style: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: Vec<Option<Level>>,
    num_style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    overrides: HashMap<u8, Override>,
}

/// A rendered label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    /// The label text as shown, e.g. `一、`, `1.2`, `•`.
    pub text: String,
    /// True for bullets (unordered lists).
    pub bullet: bool,
    /// The counter value of this paragraph's level.
    pub value: u32,
}

/// The numbering definitions and the running counters.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<u32>; LEVELS]>,
    overridden: HashSet<(String, u8)>,
    /// Formats met that this reader does not know (rendered as decimal).
    pub unknown_formats: Vec<String>,
}

impl Numbering {
    /// Parses `numbering.xml`.
    pub(crate) fn parse(data: &[u8], part: &str, depth: usize) -> Result<Numbering, DocxError> {
        let mut out = Numbering::default();
        let mut x = Xml::new(data, part, depth);
        loop {
            match x.next()? {
                Ev::Start(e) => match local(&e) {
                    b"abstractNum" => {
                        let id = attr(&e, b"abstractNumId").unwrap_or_default();
                        let abs = parse_abstract(&mut x)?;
                        out.abstracts.entry(id).or_insert(abs);
                    }
                    b"num" => {
                        let id = attr(&e, b"numId").unwrap_or_default();
                        let num = parse_num(&mut x)?;
                        out.nums.insert(id, num);
                    }
                    _ => {}
                },
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// Resolves a num id to its abstract id, following `numStyleLink` through styles.
    fn abstract_of(&self, num_id: &str, styles: &Styles) -> Option<String> {
        let mut id = self.nums.get(num_id)?.abstract_id.clone();
        for _ in 0..4 {
            let abs = self.abstracts.get(&id)?;
            let Some(link) = &abs.num_style_link else {
                return Some(id);
            };
            let linked = styles.numbering(Some(link)).num_id?;
            let next = self.nums.get(&linked)?.abstract_id.clone();
            if next == id {
                return Some(id);
            }
            id = next;
        }
        Some(id)
    }

    /// The level of a paragraph style linked from a numbering level (`w:pStyle`), if
    /// the paragraph's `ilvl` is unknown.
    pub(crate) fn level_for_style(&self, num_id: &str, style: &str, styles: &Styles) -> Option<u8> {
        let abs_id = self.abstract_of(num_id, styles)?;
        let abs = self.abstracts.get(&abs_id)?;
        abs.levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
            .and_then(|p| u8::try_from(p).ok())
    }

    /// Advances the counters for a paragraph numbered (`num_id`, `ilvl`) and renders
    /// its label. `None` when the numbering does not exist or shows nothing.
    pub(crate) fn next(&mut self, num_id: &str, ilvl: u8, styles: &Styles) -> Option<Label> {
        if num_id == "0" {
            return None;
        }
        let ilvl = ilvl.min(LEVELS as u8 - 1);
        let abs_id = self.abstract_of(num_id, styles)?;
        let default = Level::default();
        // Every level once (the num's overrides, else the abstract's), not a lookup each.
        let num = self.nums.get(num_id);
        let abs = self.abstracts.get(&abs_id);
        let mut levels = [&default; LEVELS];
        for (l, slot) in levels.iter_mut().enumerate() {
            if let Some(lvl) = level_in(num, abs, l as u8) {
                *slot = lvl;
            }
        }
        let starts = levels.map(|l| l.start);
        let restarts = levels.map(|l| l.restart);
        let i = usize::from(ilvl);
        let override_start = num
            .and_then(|n| n.overrides.get(&ilvl))
            .and_then(|o| o.start.or(o.level.as_ref().map(|l| l.start)));
        let counters = self
            .counters
            .entry(abs_id.clone())
            .or_insert([None; LEVELS]);
        // The key is only built (allocated) when there is an override to apply.
        let first_override =
            override_start.filter(|_| !self.overridden.contains(&(num_id.to_string(), ilvl)));
        let value = match first_override {
            Some(start) => {
                self.overridden.insert((num_id.to_string(), ilvl));
                start
            }
            _ => match counters.get(i).copied().flatten() {
                Some(v) => v.saturating_add(1),
                None => starts.get(i).copied().unwrap_or(1),
            },
        };
        if let Some(c) = counters.get_mut(i) {
            *c = Some(value);
        }
        // Deeper levels restart, unless their lvlRestart says otherwise.
        for (k, restart) in restarts.iter().enumerate().skip(i + 1) {
            let restart = match restart {
                None => true,
                Some(0) => false,
                Some(n) => (i as u32) < *n,
            };
            if restart {
                if let Some(c) = counters.get_mut(k) {
                    *c = None;
                }
            }
        }
        let snapshot = *counters;
        let this = levels.get(i).copied().unwrap_or(&default);
        let bullet = this.fmt == "bullet";
        let mut unknown: Vec<String> = Vec::new();
        let text = if bullet {
            bullet_text(this.text.as_deref().unwrap_or(""))
        } else {
            let template = this.text.as_deref().unwrap_or_default();
            let mut out = String::new();
            let mut chars = template.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '%' {
                    if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                        chars.next();
                        if (1..=LEVELS as u32).contains(&d) {
                            let k = (d - 1) as usize;
                            let lvl = levels.get(k).copied().unwrap_or(&default);
                            let v = snapshot.get(k).copied().flatten().unwrap_or(lvl.start);
                            let fmt = if this.is_lgl && lvl.fmt != "decimalZero" {
                                "decimal"
                            } else {
                                lvl.fmt.as_str()
                            };
                            match numfmt::format(v, fmt) {
                                Some(s) => out.push_str(&s),
                                None => {
                                    unknown.push(fmt.to_string());
                                    out.push_str(&v.to_string());
                                }
                            }
                        }
                        continue;
                    }
                }
                out.push(c);
            }
            out
        };
        for f in unknown {
            if !self.unknown_formats.contains(&f) {
                self.unknown_formats.push(f);
            }
        }
        Some(Label {
            text,
            bullet,
            value,
        })
    }
}

/// Level `ilvl` of a numbering: the num's override, else the abstract definition's.
fn level_in<'n>(num: Option<&'n Num>, abs: Option<&'n Abstract>, ilvl: u8) -> Option<&'n Level> {
    if let Some(Override { level: Some(l), .. }) = num.and_then(|n| n.overrides.get(&ilvl)) {
        return Some(l);
    }
    abs?.levels.get(usize::from(ilvl))?.as_ref()
}

fn parse_level(x: &mut Xml<'_>) -> Result<Level, DocxError> {
    let mut lvl = Level::default();
    let mut depth = 1usize;
    loop {
        match x.next()? {
            Ev::Start(e) => {
                depth += 1;
                if depth == 2 {
                    match local(&e) {
                        b"start" => lvl.start = attr_parse(&e, b"val").unwrap_or(1),
                        b"numFmt" => lvl.fmt = attr(&e, b"val").unwrap_or_else(|| "decimal".into()),
                        b"lvlText" => lvl.text = attr(&e, b"val"),
                        b"isLgl" => lvl.is_lgl = crate::xml::on_off(&e),
                        b"lvlRestart" => lvl.restart = attr_parse(&e, b"val"),
                        b"pStyle" => lvl.style = attr(&e, b"val"),
                        _ => {}
                    }
                }
            }
            Ev::End => {
                depth -= 1;
                if depth == 0 {
                    return Ok(lvl);
                }
            }
            Ev::Text(_) => {}
            Ev::Eof => return Ok(lvl),
        }
    }
}

fn parse_abstract(x: &mut Xml<'_>) -> Result<Abstract, DocxError> {
    let mut abs = Abstract {
        levels: vec![None; LEVELS],
        num_style_link: None,
    };
    loop {
        match x.next()? {
            Ev::Start(e) => match local(&e) {
                b"lvl" => {
                    let ilvl: usize = attr_parse(&e, b"ilvl").unwrap_or(0);
                    let lvl = parse_level(x)?;
                    if let Some(slot) = abs.levels.get_mut(ilvl) {
                        *slot = Some(lvl);
                    }
                }
                b"numStyleLink" => {
                    abs.num_style_link = attr(&e, b"val");
                    x.skip()?;
                }
                _ => x.skip()?,
            },
            Ev::End | Ev::Eof => return Ok(abs),
            Ev::Text(_) => {}
        }
    }
}

fn parse_num(x: &mut Xml<'_>) -> Result<Num, DocxError> {
    let mut num = Num::default();
    loop {
        match x.next()? {
            Ev::Start(e) => match local(&e) {
                b"abstractNumId" => {
                    num.abstract_id = attr(&e, b"val").unwrap_or_default();
                    x.skip()?;
                }
                b"lvlOverride" => {
                    let ilvl: u8 = attr_parse(&e, b"ilvl").unwrap_or(0);
                    let mut ov = Override::default();
                    loop {
                        match x.next()? {
                            Ev::Start(c) => match local(&c) {
                                b"startOverride" => {
                                    ov.start = attr_parse(&c, b"val");
                                    x.skip()?;
                                }
                                b"lvl" => ov.level = Some(parse_level(x)?),
                                _ => x.skip()?,
                            },
                            Ev::End | Ev::Eof => break,
                            Ev::Text(_) => {}
                        }
                    }
                    num.overrides.insert(ilvl, ov);
                }
                _ => x.skip()?,
            },
            Ev::End | Ev::Eof => return Ok(num),
            Ev::Text(_) => {}
        }
    }
}

/// The bullet as shown: symbol-font private-use characters mapped to Unicode look-alikes.
fn bullet_text(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c as u32 {
            0xF0B7 | 0xF06C => '•',
            0xF0A7 | 0xF06E => '▪',
            0xF0D8 => '➢',
            0xF076 => '❖',
            0xF0FC => '✓',
            0xF0A8 => '□',
            0xF06F => '□',
            0xF071 => '❑',
            0xF0E0 => '→',
            0xF000..=0xF0FF => '•',
            _ => c,
        })
        .collect();
    if mapped.trim().is_empty() {
        "•".into()
    } else {
        mapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="x">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:isLgl/><w:lvlText w:val="%1.%2.%3"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="2">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
    </w:numbering>"#;

    fn labels(seq: &[(&str, u8)]) -> Result<Vec<String>, DocxError> {
        let mut n = Numbering::parse(XML.as_bytes(), "numbering.xml", 64)?;
        let styles = Styles::default();
        Ok(seq
            .iter()
            .map(|(id, l)| n.next(id, *l, &styles).map(|l| l.text).unwrap_or_default())
            .collect())
    }

    #[test]
    fn chinese_counting_with_levels_and_override() -> Result<(), DocxError> {
        let got = labels(&[
            ("1", 0),
            ("1", 1),
            ("1", 1),
            ("1", 0),
            ("1", 1),
            ("3", 0),
            ("3", 0),
        ])?;
        assert_eq!(
            got,
            ["一、", "（一）", "（二）", "二、", "（一）", "五、", "六、"]
        );
        Ok(())
    }

    #[test]
    fn multi_level_templates_start_and_is_lgl() -> Result<(), DocxError> {
        let got = labels(&[
            ("2", 0),
            ("2", 1),
            ("2", 1),
            ("2", 2),
            ("2", 0),
            ("2", 1),
            ("4", 0),
        ])?;
        assert_eq!(got, ["3.", "3.a", "3.b", "3.2.1", "4.", "4.a", "•"]);
        Ok(())
    }
}
