//! The body reader: paragraphs, runs, tables, fields, content controls, revisions, text
//! boxes, images and notes, read from WordprocessingML into the docpipe model.

use std::collections::HashMap;

use docpipe_core::model::{
    Align, Block, Cell, HeaderFooterKind, Heading, Image, Inline, List, ListItem, Paragraph,
    Resource, Row, Table, TextStyle,
};

use crate::error::DocxError;
use crate::math;
use crate::numbering::{Label, Numbering};
use crate::package::{Package, Rels};
use crate::styles::{NumRef, Role, RunProps, Styles};
use crate::xml::{attr, attr_is, attr_parse, local, on_off, with_attr, Ev, Xml};

/// Reader settings that change what is kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// Keep tracked deletions, marked as `Span { class: "deleted" }`.
    pub keep_deletions: bool,
    /// Keep hidden (`w:vanish`) text, marked as `Span { class: "hidden" }`.
    pub keep_hidden: bool,
    /// Embed image bytes as resources.
    pub images: bool,
}

/// What a paragraph is, once its style and numbering are known.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Body,
    Heading(u8),
    Title,
    Subtitle,
    List(Label, u8),
}

/// A paragraph before it is placed into headings and lists.
#[derive(Debug)]
pub(crate) struct RawPara {
    kind: Kind,
    label: Option<String>,
    align: Option<Align>,
    content: Vec<Inline>,
    bookmarks: Vec<String>,
    break_before: bool,
    break_after: bool,
    after: Vec<Block>,
}

/// A block-level item before assembly.
pub(crate) enum Item {
    Para(RawPara),
    Block(Block),
}

#[derive(Default)]
struct ParaProps {
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    align: Option<Align>,
    mark_deleted: bool,
    mark_hidden: bool,
}

const BOLD: u8 = 1;
const ITALIC: u8 = 2;
const UNDERLINE: u8 = 4;
const STRIKE: u8 = 8;
const SUP: u8 = 16;
const SUB: u8 = 32;

#[derive(Default)]
struct ParaState {
    pieces: Vec<(u8, Inline)>,
    has_text: bool,
    bookmarks: Vec<String>,
    break_before: bool,
    break_after: bool,
    after: Vec<Block>,
    props: ParaProps,
}

#[derive(Clone, Copy, Default)]
struct RunFmt {
    mask: u8,
    hidden: bool,
}

#[derive(Clone, Copy, Default)]
pub(crate) struct CellProps {
    span: u32,
    vmerge: Option<bool>,
}

/// A header or footer reference found in a section's properties.
#[derive(Debug, Clone)]
pub(crate) struct HfRef {
    pub header: bool,
    pub kind: HeaderFooterKind,
    pub target: String,
}

/// The reader's state across the parts of one document.
pub(crate) struct Body<'d, 'p> {
    pkg: &'d mut Package<'p>,
    styles: &'d Styles,
    numbering: &'d mut Numbering,
    settings: &'d Settings,
    rels: Rels,
    part: String,
    main: bool,
    fields: Vec<Field>,
    para_serial: u64,
    pending_bookmarks: Vec<String>,
    active_comments: Vec<String>,
    /// Anchored text of each comment, by comment id.
    pub comment_anchors: HashMap<String, String>,
    /// Images read so far.
    pub resources: Vec<Resource>,
    resource_ids: HashMap<String, String>,
    /// Header/footer references from the body's section properties.
    pub hf_refs: Vec<HfRef>,
    /// The first Title paragraph of the main body.
    pub title: Option<Vec<Inline>>,
    /// The first Subtitle paragraph of the main body.
    pub subtitle: Option<String>,
    /// Things worth telling the user.
    pub warnings: Vec<String>,
    /// Letters seen, for guessing the language: (CJK, other).
    pub script_counts: (usize, usize),
    para_styles: HashMap<Option<String>, (Role, NumRef)>,
    char_styles: HashMap<String, RunProps>,
}

/// Class of the marker `Div` that stands for a later Title paragraph of the main body.
pub(crate) const PART_TITLE_CLASS: &str = "docpipe-part-title";

impl<'d, 'p> Body<'d, 'p> {
    /// A reader over `pkg`.
    pub(crate) fn new(
        pkg: &'d mut Package<'p>,
        styles: &'d Styles,
        numbering: &'d mut Numbering,
        settings: &'d Settings,
    ) -> Self {
        Body {
            pkg,
            styles,
            numbering,
            settings,
            rels: Rels::new(),
            part: String::new(),
            main: false,
            fields: Vec::new(),
            para_serial: 0,
            pending_bookmarks: Vec::new(),
            active_comments: Vec::new(),
            comment_anchors: HashMap::new(),
            resources: Vec::new(),
            resource_ids: HashMap::new(),
            hf_refs: Vec::new(),
            title: None,
            subtitle: None,
            warnings: Vec::new(),
            script_counts: (0, 0),
            para_styles: HashMap::new(),
            char_styles: HashMap::new(),
        }
    }

    /// Reads the part `name` whose root holds blocks (document, header, footer, text
    /// box); `main` marks the main body, where Title paragraphs set the title.
    pub(crate) fn part_blocks(&mut self, name: &str, main: bool) -> Result<Vec<Block>, DocxError> {
        let Some(data) = self.pkg.read(name)? else {
            return Ok(Vec::new());
        };
        self.enter_part(name, main)?;
        let depth = self.pkg.limits().max_depth;
        let mut x = Xml::new(&data, name, depth);
        let mut items = Vec::new();
        loop {
            match x.next()? {
                Ev::Start(_) => {
                    items = self.blocks(&mut x, None)?;
                    break;
                }
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok(self.assemble(items))
    }

    /// Reads a part of the package.
    pub(crate) fn read_part(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
        self.pkg.read(name)
    }

    /// The XML nesting limit.
    pub(crate) fn max_depth(&self) -> usize {
        self.pkg.limits().max_depth
    }

    /// Switches to a part: its relationships resolve targets from now on.
    pub(crate) fn enter_part(&mut self, name: &str, main: bool) -> Result<(), DocxError> {
        self.rels = self.pkg.rels(name)?;
        self.part = name.to_string();
        self.main = main;
        self.fields.clear();
        Ok(())
    }

    /// Reads the children of the element just opened as blocks, up to its end.
    pub(crate) fn blocks(
        &mut self,
        x: &mut Xml<'_>,
        mut cell: Option<&mut CellProps>,
    ) -> Result<Vec<Item>, DocxError> {
        let mut items = Vec::new();
        loop {
            match x.next()? {
                Ev::Start(e) => match local(&e) {
                    b"p" => {
                        let p = self.paragraph(x)?;
                        items.push(Item::Para(p));
                    }
                    b"tbl" => {
                        let t = self.table(x)?;
                        items.push(Item::Block(Block::Table(t)));
                    }
                    b"body" | b"sdt" | b"sdtContent" | b"customXml" | b"smartTag" | b"ins"
                    | b"moveTo" | b"txbxContent" => {
                        let inner = self.blocks(x, None)?;
                        items.extend(inner);
                    }
                    b"del" | b"moveFrom" if self.settings.keep_deletions => {
                        let inner = self.blocks(x, None)?;
                        items.extend(inner);
                    }
                    b"tcPr" => {
                        let props = self.tc_pr(x)?;
                        if let Some(c) = cell.as_deref_mut() {
                            *c = props;
                        }
                    }
                    b"sectPr" => self.sect_pr(x)?,
                    b"bookmarkStart" => {
                        if let Some(n) = attr(&e, b"name") {
                            self.pending_bookmarks.push(n);
                        }
                        x.skip()?;
                    }
                    b"AlternateContent" => {
                        if alt_enter(x)? {
                            let inner = self.blocks(x, None)?;
                            items.extend(inner);
                            alt_exit(x)?;
                        }
                    }
                    b"oMathPara" | b"oMath" => {
                        let name = local(&e).to_vec();
                        let text = math::linear(x, &name)?;
                        if !text.is_empty() {
                            items.push(Item::Block(Block::Paragraph(Paragraph {
                                content: vec![Inline::text(text)],
                                align: None,
                            })));
                        }
                    }
                    _ => x.skip()?,
                },
                Ev::End | Ev::Eof => return Ok(items),
                Ev::Text(_) => {}
            }
        }
    }

    fn sect_pr(&mut self, x: &mut Xml<'_>) -> Result<(), DocxError> {
        loop {
            match x.next()? {
                Ev::Start(e) => {
                    let name = local(&e);
                    if self.main && (name == b"headerReference" || name == b"footerReference") {
                        let kind = match attr(&e, b"type").as_deref() {
                            Some("first") => HeaderFooterKind::First,
                            Some("even") => HeaderFooterKind::Even,
                            _ => HeaderFooterKind::Default,
                        };
                        if let Some(rel) = attr(&e, b"id").and_then(|id| self.rels.get(&id)) {
                            let target = rel.target.clone();
                            if !self.hf_refs.iter().any(|r| r.target == target) {
                                self.hf_refs.push(HfRef {
                                    header: name == b"headerReference",
                                    kind,
                                    target,
                                });
                            }
                        }
                    }
                    x.skip()?;
                }
                Ev::End | Ev::Eof => return Ok(()),
                Ev::Text(_) => {}
            }
        }
    }

    fn tc_pr(&mut self, x: &mut Xml<'_>) -> Result<CellProps, DocxError> {
        let mut props = CellProps {
            span: 1,
            vmerge: None,
        };
        loop {
            match x.next()? {
                Ev::Start(e) => {
                    match local(&e) {
                        b"gridSpan" => {
                            props.span = attr_parse(&e, b"val").unwrap_or(1).clamp(1, 1000)
                        }
                        b"vMerge" => props.vmerge = Some(attr_is(&e, b"val", "restart")),
                        _ => {}
                    }
                    x.skip()?;
                }
                Ev::End | Ev::Eof => return Ok(props),
                Ev::Text(_) => {}
            }
        }
    }

    fn paragraph(&mut self, x: &mut Xml<'_>) -> Result<RawPara, DocxError> {
        self.para_serial += 1;
        let mut ps = ParaState {
            bookmarks: std::mem::take(&mut self.pending_bookmarks),
            ..ParaState::default()
        };
        self.para_content(x, &mut ps)?;
        let props = std::mem::take(&mut ps.props);
        let style = props.style.as_deref();
        let (mut role, style_num) = match self.para_styles.get(&props.style) {
            Some(v) => v.clone(),
            None => {
                let v = (self.styles.role(style), self.styles.numbering(style));
                self.para_styles.insert(props.style.clone(), v.clone());
                v
            }
        };
        if let Some(l) = props.outline {
            if !matches!(role, Role::Title | Role::Subtitle) {
                role = if l < 9 {
                    Role::Heading(l + 1)
                } else {
                    Role::Body
                };
            }
        }
        let num_id = props.num_id.clone().or(style_num.num_id);
        let mut label = None;
        let skip_numbering = (props.mark_deleted || props.mark_hidden) && !ps.has_text;
        if let (Some(num_id), false) = (num_id, skip_numbering) {
            let ilvl = props
                .ilvl
                .or(style_num.ilvl)
                .or_else(|| {
                    style.and_then(|s| self.numbering.level_for_style(&num_id, s, self.styles))
                })
                .unwrap_or(0);
            if let Some(l) = self.numbering.next(&num_id, ilvl, self.styles) {
                if !l.text.trim().is_empty() {
                    label = Some((l, ilvl));
                }
            }
        }
        let kind = match role {
            Role::Heading(l) => Kind::Heading(l),
            Role::Title => Kind::Title,
            Role::Subtitle => Kind::Subtitle,
            Role::Body => match &label {
                Some((l, ilvl)) => match gongwen_level(&l.text) {
                    Some(level) if looks_like_heading(&ps.pieces) => Kind::Heading(level),
                    _ => Kind::List(l.clone(), *ilvl),
                },
                None => Kind::Body,
            },
        };
        let pieces = std::mem::take(&mut ps.pieces);
        let mut content = fold(pieces);
        trim_inlines(&mut content);
        Ok(RawPara {
            kind,
            label: label.map(|(l, _)| l.text.trim().to_string()),
            align: props.align,
            content,
            bookmarks: ps.bookmarks,
            break_before: ps.break_before,
            break_after: ps.break_after,
            after: ps.after,
        })
    }

    fn ppr(&mut self, x: &mut Xml<'_>, ps: &mut ParaState) -> Result<(), DocxError> {
        let mut depth = 1usize;
        let mut in_rpr = false;
        loop {
            match x.next()? {
                Ev::Start(e) => {
                    let name = local(&e);
                    match name {
                        b"sectPr" => {
                            self.sect_pr(x)?;
                            continue;
                        }
                        b"pStyle" => ps.props.style = attr(&e, b"val"),
                        b"numId" => ps.props.num_id = attr(&e, b"val"),
                        b"ilvl" => ps.props.ilvl = attr_parse(&e, b"val"),
                        b"outlineLvl" => ps.props.outline = attr_parse(&e, b"val"),
                        b"pageBreakBefore" if on_off(&e) => ps.break_before = true,
                        b"jc" => {
                            ps.props.align = with_attr(&e, b"val", |v| match v {
                                "center" => Some(Align::Center),
                                "right" | "end" => Some(Align::Right),
                                "both" | "distribute" => Some(Align::Justify),
                                "left" | "start" => Some(Align::Left),
                                _ => None,
                            })
                            .flatten()
                        }
                        b"rPr" => in_rpr = true,
                        b"del" | b"moveFrom" if in_rpr => ps.props.mark_deleted = true,
                        b"vanish" if in_rpr => ps.props.mark_hidden = on_off(&e),
                        _ => {}
                    }
                    depth += 1;
                }
                Ev::End => {
                    depth -= 1;
                    if depth == 1 {
                        in_rpr = false;
                    }
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Ev::Text(_) => {}
                Ev::Eof => return Ok(()),
            }
        }
    }

    /// Reads paragraph content (runs and their wrappers) up to the end of the element.
    fn para_content(&mut self, x: &mut Xml<'_>, ps: &mut ParaState) -> Result<(), DocxError> {
        loop {
            match x.next()? {
                Ev::Start(e) => match local(&e) {
                    b"pPr" => self.ppr(x, ps)?,
                    b"r" => self.run(x, ps)?,
                    b"hyperlink" => {
                        let target = match (attr(&e, b"id"), attr(&e, b"anchor")) {
                            (Some(id), anchor) => self
                                .rels
                                .get(&id)
                                .map(|r| match &anchor {
                                    Some(a) => format!("{}#{a}", r.target),
                                    None => r.target.clone(),
                                })
                                .or(anchor.map(|a| format!("#{a}"))),
                            (None, Some(a)) => Some(format!("#{a}")),
                            (None, None) => None,
                        };
                        let start = ps.pieces.len();
                        self.para_content(x, ps)?;
                        if let Some(target) = target {
                            let inner = fold(ps.pieces.split_off(start.min(ps.pieces.len())));
                            if !inner.is_empty() {
                                ps.pieces.push((
                                    0,
                                    Inline::Link {
                                        target,
                                        content: inner,
                                    },
                                ));
                            }
                        }
                    }
                    b"ins" | b"moveTo" | b"smartTag" | b"customXml" | b"sdt" | b"sdtContent"
                    | b"fldSimple" | b"dir" | b"bdo" | b"rubyBase" => self.para_content(x, ps)?,
                    b"ruby" => self.para_content(x, ps)?,
                    b"del" | b"moveFrom" => {
                        if self.settings.keep_deletions {
                            let start = ps.pieces.len();
                            self.para_content(x, ps)?;
                            wrap_span(ps, start, "deleted");
                        } else {
                            x.skip()?;
                        }
                    }
                    b"bookmarkStart" => {
                        if let Some(n) = attr(&e, b"name") {
                            ps.bookmarks.push(n);
                        }
                        x.skip()?;
                    }
                    b"commentRangeStart" => {
                        if let Some(id) = attr(&e, b"id") {
                            self.comment_anchors.entry(id.clone()).or_default();
                            self.active_comments.push(id);
                        }
                        x.skip()?;
                    }
                    b"commentRangeEnd" => {
                        if let Some(id) = attr(&e, b"id") {
                            self.active_comments.retain(|c| *c != id);
                        }
                        x.skip()?;
                    }
                    b"oMath" | b"oMathPara" => {
                        let name = local(&e).to_vec();
                        let text = math::linear(x, &name)?;
                        self.emit(ps, RunFmt::default(), Inline::text(text));
                    }
                    b"AlternateContent" => {
                        if alt_enter(x)? {
                            self.para_content(x, ps)?;
                            alt_exit(x)?;
                        }
                    }
                    _ => x.skip()?,
                },
                Ev::End | Ev::Eof => return Ok(()),
                Ev::Text(_) => {}
            }
        }
    }

    fn run(&mut self, x: &mut Xml<'_>, ps: &mut ParaState) -> Result<(), DocxError> {
        let fmt = RunFmt::default();
        self.run_content(x, ps, fmt)
    }

    fn run_content(
        &mut self,
        x: &mut Xml<'_>,
        ps: &mut ParaState,
        mut fmt: RunFmt,
    ) -> Result<(), DocxError> {
        loop {
            match x.next()? {
                Ev::Start(e) => match local(&e) {
                    b"rPr" => fmt = self.rpr(x)?,
                    b"t" => {
                        let text = x.text_content()?;
                        self.emit_text(ps, fmt, text);
                    }
                    b"delText" => {
                        let text = x.text_content()?;
                        if self.settings.keep_deletions {
                            self.emit_text(ps, fmt, text);
                        }
                    }
                    b"instrText" => {
                        let text = x.text_content()?;
                        if let Some(f) = self.fields.last_mut() {
                            if !f.in_result && f.instr.len() < 4096 {
                                f.instr.push_str(&text);
                            }
                        }
                    }
                    b"delInstrText" => x.skip()?,
                    b"tab" | b"ptab" => {
                        self.emit_text(ps, fmt, "\t".to_string());
                        x.skip()?;
                    }
                    b"br" => {
                        match attr(&e, b"type").as_deref() {
                            Some("page") => {
                                if !self.suppressed(fmt) {
                                    if ps.has_text {
                                        ps.break_after = true;
                                    } else {
                                        ps.break_before = true;
                                    }
                                }
                            }
                            Some("column") => self.emit_text(ps, fmt, " ".to_string()),
                            _ => self.emit(ps, fmt, Inline::LineBreak {}),
                        }
                        x.skip()?;
                    }
                    b"cr" => {
                        self.emit(ps, fmt, Inline::LineBreak {});
                        x.skip()?;
                    }
                    b"noBreakHyphen" => {
                        self.emit_text(ps, fmt, "-".to_string());
                        x.skip()?;
                    }
                    b"sym" => {
                        if let Some(c) =
                            symbol(attr(&e, b"font").as_deref(), attr(&e, b"char").as_deref())
                        {
                            self.emit_text(ps, fmt, c.to_string());
                        }
                        x.skip()?;
                    }
                    b"footnoteReference" | b"endnoteReference" => {
                        let prefix = if local(&e) == b"footnoteReference" {
                            "fn"
                        } else {
                            "en"
                        };
                        if let Some(id) = attr(&e, b"id") {
                            self.emit(
                                ps,
                                fmt,
                                Inline::NoteRef {
                                    id: format!("{prefix}{id}"),
                                },
                            );
                        }
                        x.skip()?;
                    }
                    b"fldChar" => {
                        let kind = with_attr(&e, b"fldCharType", |v| match v {
                            "begin" => 1u8,
                            "separate" => 2,
                            "end" => 3,
                            _ => 0,
                        });
                        match kind {
                            Some(1) if self.fields.len() < 64 => self.fields.push(Field::default()),
                            Some(2) => {
                                let (serial, start) = (self.para_serial, ps.pieces.len());
                                if let Some(f) = self.fields.last_mut() {
                                    f.in_result = true;
                                    if let Some(target) = hyperlink_target(&f.instr) {
                                        f.link = Some((target, serial, start));
                                    }
                                }
                            }
                            Some(3) => {
                                if let Some(Field {
                                    link: Some((target, serial, start)),
                                    ..
                                }) = self.fields.pop()
                                {
                                    if serial == self.para_serial && start <= ps.pieces.len() {
                                        let inner = fold(ps.pieces.split_off(start));
                                        if !inner.is_empty() {
                                            ps.pieces.push((
                                                0,
                                                Inline::Link {
                                                    target,
                                                    content: inner,
                                                },
                                            ));
                                        }
                                    }
                                }
                            }
                            _ => {}
                        }
                        x.skip()?;
                    }
                    b"drawing" | b"pict" | b"object" => self.graphic(x, ps, fmt)?,
                    b"AlternateContent" => {
                        if alt_enter(x)? {
                            self.run_content(x, ps, fmt)?;
                            alt_exit(x)?;
                        }
                    }
                    b"ruby" | b"rubyBase" => self.para_content(x, ps)?,
                    _ => x.skip()?,
                },
                Ev::End | Ev::Eof => return Ok(()),
                Ev::Text(_) => {}
            }
        }
    }

    fn rpr(&mut self, x: &mut Xml<'_>) -> Result<RunFmt, DocxError> {
        let mut direct = RunProps::default();
        let mut style: Option<String> = None;
        loop {
            match x.next()? {
                Ev::Start(e) => {
                    if local(&e) == b"rStyle" {
                        style = attr(&e, b"val");
                    } else {
                        direct.apply(&e);
                    }
                    x.skip()?;
                }
                Ev::End | Ev::Eof => break,
                Ev::Text(_) => {}
            }
        }
        let props = match style {
            Some(s) => {
                let base = match self.char_styles.get(&s) {
                    Some(p) => *p,
                    None => {
                        let p = self.styles.run_props(&s);
                        self.char_styles.insert(s, p);
                        p
                    }
                };
                direct.or(base)
            }
            None => direct,
        };
        let mut mask = 0;
        for (on, bit) in [
            (props.bold, BOLD),
            (props.italic, ITALIC),
            (props.underline, UNDERLINE),
            (props.strike, STRIKE),
            (props.superscript, SUP),
            (props.subscript, SUB),
        ] {
            if on == Some(true) {
                mask |= bit;
            }
        }
        Ok(RunFmt {
            mask,
            hidden: props.vanish == Some(true),
        })
    }

    /// True when content in this run is not shown: hidden text, or a field's code.
    fn suppressed(&self, fmt: RunFmt) -> bool {
        (fmt.hidden && !self.settings.keep_hidden) || self.fields.iter().any(|f| !f.in_result)
    }

    fn emit_text(&mut self, ps: &mut ParaState, fmt: RunFmt, text: String) {
        if text.is_empty() {
            return;
        }
        self.emit(ps, fmt, Inline::Text { text });
    }

    fn emit(&mut self, ps: &mut ParaState, fmt: RunFmt, inline: Inline) {
        if self.suppressed(fmt) {
            return;
        }
        if let Inline::Text { text } = &inline {
            if !self.active_comments.is_empty() {
                for id in &self.active_comments {
                    if let Some(a) = self.comment_anchors.get_mut(id) {
                        if a.len() < 4096 {
                            a.push_str(text);
                        }
                    }
                }
            }
            // A sample of the main text is enough to tell the script.
            if self.main && self.script_counts.0 + self.script_counts.1 < 20_000 {
                for c in text.chars() {
                    if c.is_ascii_alphabetic() {
                        self.script_counts.1 += 1;
                    } else if is_cjk(c) {
                        self.script_counts.0 += 1;
                    } else if !c.is_ascii() && c.is_alphabetic() {
                        self.script_counts.1 += 1;
                    }
                }
            }
            if !text.trim().is_empty() {
                ps.has_text = true;
            }
        } else if !matches!(inline, Inline::LineBreak {}) {
            ps.has_text = true;
        }
        let inline = if fmt.hidden {
            Inline::Span {
                class: "hidden".into(),
                content: vec![inline],
            }
        } else {
            inline
        };
        ps.pieces.push((fmt.mask, inline));
    }

    /// DrawingML (`w:drawing`) and VML (`w:pict`, `w:object`): images, text boxes, charts.
    fn graphic(
        &mut self,
        x: &mut Xml<'_>,
        ps: &mut ParaState,
        fmt: RunFmt,
    ) -> Result<(), DocxError> {
        let mut depth = 1usize;
        let mut alt = String::new();
        let mut images: Vec<String> = Vec::new();
        let mut boxes: Vec<Block> = Vec::new();
        loop {
            match x.next()? {
                Ev::Start(e) => {
                    match local(&e) {
                        b"docPr" => {
                            if let Some(d) = attr(&e, b"descr").filter(|d| !d.trim().is_empty()) {
                                alt = d;
                            } else if let Some(t) = attr(&e, b"title") {
                                alt = t;
                            }
                        }
                        b"shape" | b"rect" | b"roundrect" => {
                            if let Some(a) = attr(&e, b"alt").filter(|d| !d.trim().is_empty()) {
                                alt = a;
                            }
                        }
                        b"blip" => {
                            if let Some(id) = attr(&e, b"embed").or_else(|| attr(&e, b"link")) {
                                images.push(id);
                            }
                        }
                        b"imagedata" => {
                            if let Some(id) = attr(&e, b"id") {
                                images.push(id);
                            }
                        }
                        b"txbxContent" => {
                            let items = self.blocks(x, None)?;
                            let blocks = self.assemble(items);
                            if !blocks.is_empty() {
                                boxes.push(Block::Div {
                                    class: Some("textbox".into()),
                                    blocks,
                                });
                            }
                            continue;
                        }
                        b"chart" => {
                            if let Some(id) = attr(&e, b"id") {
                                if let Some(b) = self.chart(&id)? {
                                    boxes.push(b);
                                }
                            }
                        }
                        b"relIds" => {
                            if let Some(id) = attr(&e, b"dm") {
                                if let Some(b) = self.diagram(&id)? {
                                    boxes.push(b);
                                }
                            }
                        }
                        _ => {}
                    }
                    depth += 1;
                }
                Ev::End => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Ev::Text(_) => {}
                Ev::Eof => break,
            }
        }
        if self.suppressed(fmt) {
            return Ok(());
        }
        images.dedup();
        for id in images {
            if let Some(resource) = self.image(&id)? {
                self.emit(
                    ps,
                    RunFmt::default(),
                    Inline::Image(Image {
                        resource,
                        alt: alt.clone(),
                        width: None,
                        height: None,
                    }),
                );
            }
        }
        ps.after.extend(boxes);
        Ok(())
    }

    fn image(&mut self, rid: &str) -> Result<Option<String>, DocxError> {
        let Some(rel) = self.rels.get(rid).cloned() else {
            return Ok(None);
        };
        if rel.external {
            return Ok(Some(rel.target));
        }
        if let Some(id) = self.resource_ids.get(&rel.target) {
            return Ok(Some(id.clone()));
        }
        let id = rel.target.clone();
        if self.settings.images {
            let Some(data) = self.pkg.read(&rel.target)? else {
                self.warnings
                    .push(format!("image {} is missing from the package", rel.target));
                return Ok(None);
            };
            let media_type = self.pkg.media_type(&rel.target);
            self.resources.push(Resource {
                id: id.clone(),
                media_type,
                data,
            });
        }
        self.resource_ids.insert(rel.target, id.clone());
        Ok(Some(id))
    }

    /// A chart's title and cached category/series names.
    fn chart(&mut self, rid: &str) -> Result<Option<Block>, DocxError> {
        let Some(rel) = self.rels.get(rid).filter(|r| !r.external).cloned() else {
            return Ok(None);
        };
        let Some(data) = self.pkg.read(&rel.target)? else {
            return Ok(None);
        };
        let mut x = Xml::new(&data, &rel.target, self.pkg.limits().max_depth);
        let mut stack: Vec<Vec<u8>> = Vec::new();
        let mut title = String::new();
        let mut names: Vec<String> = Vec::new();
        loop {
            match x.next()? {
                Ev::Start(e) => stack.push(local(&e).to_vec()),
                Ev::End => {
                    stack.pop();
                }
                Ev::Text(t) => {
                    let t = t.get();
                    let in_title = stack.iter().any(|s| s == b"title");
                    let leaf = stack.last().map(Vec::as_slice);
                    if in_title && leaf == Some(b"t") {
                        title.push_str(&t);
                    } else if leaf == Some(b"v")
                        && stack.iter().any(|s| s == b"strCache")
                        && !t.trim().is_empty()
                        && !names.iter().any(|n| n == t.as_ref())
                    {
                        names.push(t.into_owned());
                    }
                }
                Ev::Eof => break,
            }
        }
        let mut blocks = Vec::new();
        if !title.trim().is_empty() {
            blocks.push(para(title));
        }
        if !names.is_empty() {
            blocks.push(para(names.join(", ")));
        }
        Ok((!blocks.is_empty()).then_some(Block::Div {
            class: Some("chart".into()),
            blocks,
        }))
    }

    /// A SmartArt diagram's text (its data part).
    fn diagram(&mut self, rid: &str) -> Result<Option<Block>, DocxError> {
        let Some(rel) = self.rels.get(rid).filter(|r| !r.external).cloned() else {
            return Ok(None);
        };
        let Some(data) = self.pkg.read(&rel.target)? else {
            return Ok(None);
        };
        let mut x = Xml::new(&data, &rel.target, self.pkg.limits().max_depth);
        let mut blocks = Vec::new();
        let mut current = String::new();
        let mut leaf_t = false;
        loop {
            match x.next()? {
                Ev::Start(e) => {
                    let n = local(&e);
                    leaf_t = n == b"t";
                    if n == b"p" && !current.trim().is_empty() {
                        blocks.push(para(std::mem::take(&mut current)));
                    }
                }
                Ev::End => leaf_t = false,
                Ev::Text(t) => {
                    if leaf_t {
                        current.push_str(&t.get());
                    }
                }
                Ev::Eof => break,
            }
        }
        if !current.trim().is_empty() {
            blocks.push(para(current));
        }
        Ok((!blocks.is_empty()).then_some(Block::Div {
            class: Some("diagram".into()),
            blocks,
        }))
    }

    fn table(&mut self, x: &mut Xml<'_>) -> Result<Table, DocxError> {
        let mut st = TableState::default();
        self.table_children(x, &mut st)?;
        Ok(Table {
            caption: None,
            header_rows: st.header_rows,
            rows: st.rows,
        })
    }

    fn table_children(&mut self, x: &mut Xml<'_>, st: &mut TableState) -> Result<(), DocxError> {
        loop {
            match x.next()? {
                Ev::Start(e) => match local(&e) {
                    b"tr" => self.row(x, st)?,
                    b"sdt" | b"sdtContent" | b"customXml" | b"ins" | b"moveTo" => {
                        self.table_children(x, st)?
                    }
                    b"AlternateContent" => {
                        if alt_enter(x)? {
                            self.table_children(x, st)?;
                            alt_exit(x)?;
                        }
                    }
                    _ => x.skip()?,
                },
                Ev::End | Ev::Eof => return Ok(()),
                Ev::Text(_) => {}
            }
        }
    }

    fn row(&mut self, x: &mut Xml<'_>, st: &mut TableState) -> Result<(), DocxError> {
        let mut rs = RowState::default();
        self.row_children(x, &mut rs)?;
        if rs.deleted && !self.settings.keep_deletions {
            return Ok(());
        }
        let row_index = st.rows.len();
        let mut col = rs.grid_before;
        let mut cells = Vec::new();
        for (props, blocks) in rs.cells {
            let span = props.span.max(1);
            match props.vmerge {
                Some(false) => {
                    let origin = st.origins.get(&col).copied();
                    let merged = origin
                        .and_then(|(r, c)| st.rows.get_mut(r).and_then(|row| row.cells.get_mut(c)));
                    match merged {
                        Some(cell) => {
                            cell.rowspan = cell.rowspan.saturating_add(1);
                            if has_text(&blocks) {
                                cell.blocks.extend(blocks);
                            }
                        }
                        None => cells.push(Cell {
                            colspan: span,
                            rowspan: 1,
                            blocks,
                        }),
                    }
                }
                Some(true) => {
                    st.origins.insert(col, (row_index, cells.len()));
                    cells.push(Cell {
                        colspan: span,
                        rowspan: 1,
                        blocks,
                    });
                }
                None => {
                    st.origins.remove(&col);
                    cells.push(Cell {
                        colspan: span,
                        rowspan: 1,
                        blocks,
                    });
                }
            }
            col = col.saturating_add(span);
        }
        if rs.header && st.header_rows as usize == row_index {
            st.header_rows += 1;
        }
        st.rows.push(Row { cells });
        Ok(())
    }

    fn row_children(&mut self, x: &mut Xml<'_>, rs: &mut RowState) -> Result<(), DocxError> {
        loop {
            match x.next()? {
                Ev::Start(e) => match local(&e) {
                    b"trPr" => loop {
                        match x.next()? {
                            Ev::Start(c) => {
                                match local(&c) {
                                    b"tblHeader" => rs.header = on_off(&c),
                                    b"gridBefore" => {
                                        rs.grid_before =
                                            attr_parse(&c, b"val").unwrap_or(0).min(1000)
                                    }
                                    b"del" => rs.deleted = true,
                                    _ => {}
                                }
                                x.skip()?;
                            }
                            Ev::End | Ev::Eof => break,
                            Ev::Text(_) => {}
                        }
                    },
                    b"tc" => {
                        let mut props = CellProps {
                            span: 1,
                            vmerge: None,
                        };
                        let items = self.blocks(x, Some(&mut props))?;
                        let blocks = self.assemble(items);
                        rs.cells.push((props, blocks));
                    }
                    b"sdt" | b"sdtContent" | b"customXml" | b"ins" | b"moveTo" => {
                        self.row_children(x, rs)?
                    }
                    b"AlternateContent" => {
                        if alt_enter(x)? {
                            self.row_children(x, rs)?;
                            alt_exit(x)?;
                        }
                    }
                    _ => x.skip()?,
                },
                Ev::End | Ev::Eof => return Ok(()),
                Ev::Text(_) => {}
            }
        }
    }

    /// Places paragraphs into headings, lists and paragraphs.
    pub(crate) fn assemble(&mut self, items: Vec<Item>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut lists = ListStack::default();
        for item in items {
            let p = match item {
                Item::Block(b) => {
                    lists.flush(&mut out);
                    out.push(b);
                    continue;
                }
                Item::Para(p) => p,
            };
            if p.break_before {
                lists.flush(&mut out);
                out.push(Block::PageBreak {});
            }
            let id = pick_bookmark(&p.bookmarks);
            let mut after = p.after;
            match p.kind {
                Kind::Heading(level) => {
                    lists.flush(&mut out);
                    if !p.content.is_empty() {
                        out.push(Block::Heading(Heading {
                            level,
                            label: p.label,
                            content: p.content,
                            id,
                        }));
                    }
                }
                Kind::Title if self.main && self.title.is_none() && !p.content.is_empty() => {
                    lists.flush(&mut out);
                    self.title = Some(p.content);
                }
                Kind::Title if self.main && !p.content.is_empty() => {
                    // A later Title paragraph starts another document held in the same
                    // file; the importer splits the body into parts at these markers.
                    lists.flush(&mut out);
                    out.push(Block::Div {
                        class: Some(PART_TITLE_CLASS.to_string()),
                        blocks: vec![paragraph_block(p.content, p.align)],
                    });
                }
                Kind::Subtitle if self.main && self.subtitle.is_none() && !p.content.is_empty() => {
                    lists.flush(&mut out);
                    self.subtitle = Some(plain(&p.content));
                }
                Kind::List(label, ilvl) => {
                    let mut blocks = Vec::new();
                    if !p.content.is_empty() {
                        blocks.push(paragraph_block(p.content, p.align));
                    }
                    blocks.append(&mut after);
                    lists.push(&mut out, ilvl, label, blocks);
                }
                Kind::Body | Kind::Title | Kind::Subtitle => {
                    lists.flush(&mut out);
                    if !p.content.is_empty() {
                        if let Some(label) = p.label {
                            let mut content = vec![Inline::text(format!("{label} "))];
                            content.extend(p.content);
                            out.push(paragraph_block(content, p.align));
                        } else {
                            out.push(paragraph_block(p.content, p.align));
                        }
                    }
                }
            }
            if !after.is_empty() {
                lists.flush(&mut out);
                out.append(&mut after);
            }
            if p.break_after {
                lists.flush(&mut out);
                out.push(Block::PageBreak {});
            }
        }
        lists.flush(&mut out);
        out
    }
}

#[derive(Default)]
struct TableState {
    rows: Vec<Row>,
    header_rows: u32,
    origins: HashMap<u32, (usize, usize)>,
}

#[derive(Default)]
struct RowState {
    cells: Vec<(CellProps, Vec<Block>)>,
    header: bool,
    deleted: bool,
    grid_before: u32,
}

#[derive(Default)]
struct ListStack {
    frames: Vec<(u8, List)>,
}

impl ListStack {
    fn push(&mut self, out: &mut Vec<Block>, level: u8, label: Label, blocks: Vec<Block>) {
        while self.frames.last().is_some_and(|(l, _)| *l > level) {
            self.pop(out);
        }
        if self.frames.last().is_none_or(|(l, _)| *l < level) {
            self.frames.push((
                level,
                List {
                    ordered: !label.bullet,
                    start: (!label.bullet && label.value != 1).then_some(label.value),
                    items: Vec::new(),
                },
            ));
        }
        if let Some((_, list)) = self.frames.last_mut() {
            list.items.push(ListItem {
                label: Some(label.text.trim().to_string()),
                blocks,
            });
        }
    }

    fn pop(&mut self, out: &mut Vec<Block>) {
        let Some((_, list)) = self.frames.pop() else {
            return;
        };
        match self.frames.last_mut() {
            Some((_, parent)) => match parent.items.last_mut() {
                Some(item) => item.blocks.push(Block::List(list)),
                None => parent.items.push(ListItem {
                    label: None,
                    blocks: vec![Block::List(list)],
                }),
            },
            None => out.push(Block::List(list)),
        }
    }

    fn flush(&mut self, out: &mut Vec<Block>) {
        while !self.frames.is_empty() {
            self.pop(out);
        }
    }
}

/// Positions the reader inside the `mc:Choice` it understands, else the `mc:Fallback`;
/// false when neither (the whole `mc:AlternateContent` is then consumed).
pub(crate) fn alt_enter(x: &mut Xml<'_>) -> Result<bool, DocxError> {
    loop {
        match x.next()? {
            Ev::Start(e) => match local(&e) {
                b"Choice" => {
                    let requires = attr(&e, b"Requires").unwrap_or_default();
                    if requires.split_whitespace().all(|p| UNDERSTOOD.contains(&p)) {
                        return Ok(true);
                    }
                    x.skip()?;
                }
                b"Fallback" => return Ok(true),
                _ => x.skip()?,
            },
            Ev::End | Ev::Eof => return Ok(false),
            Ev::Text(_) => {}
        }
    }
}

/// Skips the remaining branches and the end of the `mc:AlternateContent`.
pub(crate) fn alt_exit(x: &mut Xml<'_>) -> Result<(), DocxError> {
    loop {
        match x.next()? {
            Ev::Start(_) => x.skip()?,
            Ev::End | Ev::Eof => return Ok(()),
            Ev::Text(_) => {}
        }
    }
}

/// Markup-compatibility namespaces (by their usual prefixes) this reader handles.
const UNDERSTOOD: &[&str] = &[
    "wps", "wpg", "wpc", "wpi", "wp14", "w14", "w15", "w16", "w16se", "w16cid", "w16cex", "a14",
    "v", "o", "w10", "m", "wne", "mc", "wp", "a", "pic", "c", "cx", "cx1", "cx2",
];

fn wrap_span(ps: &mut ParaState, start: usize, class: &str) {
    let inner = fold(ps.pieces.split_off(start.min(ps.pieces.len())));
    if !inner.is_empty() {
        ps.pieces.push((
            0,
            Inline::Span {
                class: class.into(),
                content: inner,
            },
        ));
    }
}

/// Groups runs with the same formatting into nested `Styled` inlines, merging text.
fn fold(pieces: Vec<(u8, Inline)>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut group: Vec<Inline> = Vec::new();
    let mut mask = 0u8;
    for (m, inline) in pieces {
        if m != mask && !group.is_empty() {
            out.extend(styled(mask, std::mem::take(&mut group)));
        }
        mask = m;
        match (group.last_mut(), inline) {
            (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
            (_, inline) => group.push(inline),
        }
    }
    if !group.is_empty() {
        out.extend(styled(mask, group));
    }
    out
}

fn styled(mask: u8, content: Vec<Inline>) -> Vec<Inline> {
    let mut content = content;
    for (bit, style) in [
        (SUB, TextStyle::Subscript),
        (SUP, TextStyle::Superscript),
        (STRIKE, TextStyle::Strike),
        (UNDERLINE, TextStyle::Underline),
        (ITALIC, TextStyle::Italic),
        (BOLD, TextStyle::Bold),
    ] {
        if mask & bit != 0 {
            content = vec![Inline::Styled { style, content }];
        }
    }
    content
}

/// Drops leading/trailing whitespace-only text and line breaks from a paragraph.
fn trim_inlines(content: &mut Vec<Inline>) {
    while matches!(content.last(), Some(Inline::LineBreak {}))
        || matches!(content.last(), Some(Inline::Text { text }) if text.trim().is_empty())
    {
        content.pop();
    }
    while matches!(content.first(), Some(Inline::LineBreak {}))
        || matches!(content.first(), Some(Inline::Text { text }) if text.trim().is_empty())
    {
        content.remove(0);
    }
    if let Some(Inline::Text { text }) = content.first_mut() {
        let t = text.trim_start();
        if t.len() != text.len() {
            *text = t.to_string();
        }
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        let t = text.trim_end();
        if t.len() != text.len() {
            *text = t.to_string();
        }
    }
}

fn paragraph_block(content: Vec<Inline>, align: Option<Align>) -> Block {
    if let [Inline::Image(img)] = content.as_slice() {
        return Block::Image(img.clone());
    }
    Block::Paragraph(Paragraph { content, align })
}

fn para(text: String) -> Block {
    Block::Paragraph(Paragraph {
        content: vec![Inline::text(text)],
        align: None,
    })
}

/// The bookmark to use as an anchor id: a named one, else a TOC one; never `_GoBack`.
fn pick_bookmark(names: &[String]) -> Option<String> {
    names
        .iter()
        .find(|n| !n.starts_with('_'))
        .or_else(|| {
            names
                .iter()
                .find(|n| n.starts_with("_Toc") || n.starts_with("_Ref"))
        })
        .cloned()
}

/// The plain text of inlines.
pub(crate) fn plain(content: &[Inline]) -> String {
    let mut s = String::new();
    for i in content {
        match i {
            Inline::Text { text } | Inline::Code { text } => s.push_str(text),
            Inline::Styled { content, .. }
            | Inline::Link { content, .. }
            | Inline::Span { content, .. } => s.push_str(&plain(content)),
            Inline::LineBreak {} => s.push('\n'),
            Inline::NoteRef { .. } | Inline::Image(_) => {}
        }
    }
    s
}

fn has_text(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Paragraph(p) => !plain(&p.content).trim().is_empty(),
        Block::Heading(h) => !plain(&h.content).trim().is_empty(),
        _ => true,
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// The character of a `w:sym`: Symbol-font letters are Greek; other private-use
/// symbols become a bullet.
fn symbol(font: Option<&str>, code: Option<&str>) -> Option<char> {
    let code = u32::from_str_radix(code?.trim(), 16).ok()?;
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let font = font.unwrap_or("").to_lowercase();
    if font == "symbol" {
        const LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
        const UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
        if let Some(c) = char::from_u32(low) {
            if c.is_ascii_lowercase() {
                return LOWER.chars().nth((low - 'a' as u32) as usize);
            }
            if c.is_ascii_uppercase() {
                return UPPER.chars().nth((low - 'A' as u32) as usize);
            }
            if c.is_ascii_graphic() || c == ' ' {
                return Some(c);
            }
        }
        return match low {
            0xB7 => Some('•'),
            0xB4 => Some('×'),
            0xB8 => Some('÷'),
            0xB1 => Some('±'),
            0xA3 => Some('≤'),
            0xB3 => Some('≥'),
            0xB9 => Some('≠'),
            0xBB => Some('≈'),
            0xAE => Some('→'),
            0xAC => Some('←'),
            0xB0 => Some('°'),
            0xD6 => Some('√'),
            0xA5 => Some('∞'),
            _ => None,
        };
    }
    if (0xF000..=0xF0FF).contains(&code) {
        return Some('•');
    }
    char::from_u32(code).filter(|c| !c.is_control())
}

/// The 公文 heading level (GB/T 9704) of an automatic label: `一、` is level 1 and
/// `（一）` level 2. Paragraphs so numbered are headings even without a heading style.
fn gongwen_level(label: &str) -> Option<u8> {
    const DIGITS: &str = "一二三四五六七八九十百零〇";
    let label = label.trim();
    let counted = |s: &str| !s.is_empty() && s.chars().all(|c| DIGITS.contains(c));
    if let Some(n) = label.strip_suffix('、') {
        if counted(n) {
            return Some(1);
        }
    }
    let inner = label
        .strip_prefix('（')
        .or_else(|| label.strip_prefix('('))
        .and_then(|s| s.strip_suffix('）').or_else(|| s.strip_suffix(')')));
    match inner {
        Some(n) if counted(n) => Some(2),
        _ => None,
    }
}

/// A short paragraph that does not end like a sentence: a heading's shape.
fn looks_like_heading(pieces: &[(u8, Inline)]) -> bool {
    let mut text = String::new();
    for (_, i) in pieces {
        if let Inline::Text { text: t } = i {
            text.push_str(t);
        }
        if text.chars().count() > 60 {
            return false;
        }
    }
    let t = text.trim();
    !t.is_empty() && !t.ends_with(['。', '；', ';', '：', ':', '，', ','])
}

/// A complex field (`w:fldChar` begin … separate … end) being read.
#[derive(Default)]
struct Field {
    /// Past `separate`: the cached result is shown.
    in_result: bool,
    /// The field code.
    instr: String,
    /// For HYPERLINK fields: the target, the paragraph and the piece where the result began.
    link: Option<(String, u64, usize)>,
}

/// The target of a `HYPERLINK "url"` or `HYPERLINK \l "anchor"` field code.
fn hyperlink_target(instr: &str) -> Option<String> {
    let rest = instr.trim_start().strip_prefix("HYPERLINK")?;
    let mut url: Option<String> = None;
    let mut anchor: Option<String> = None;
    let mut tokens = Vec::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut tok = String::new();
        if c == '"' {
            for d in chars.by_ref() {
                if d == '"' {
                    break;
                }
                tok.push(d);
            }
            tokens.push((true, tok));
        } else {
            tok.push(c);
            while let Some(&d) = chars.peek() {
                if d.is_whitespace() {
                    break;
                }
                tok.push(d);
                chars.next();
            }
            tokens.push((false, tok));
        }
    }
    let mut iter = tokens.into_iter();
    while let Some((quoted, tok)) = iter.next() {
        if !quoted && tok == "\\l" {
            anchor = iter.next().map(|(_, t)| t);
        } else if !quoted && tok.starts_with('\\') {
            if matches!(tok.as_str(), "\\o" | "\\t") {
                iter.next();
            }
        } else if url.is_none() {
            url = Some(tok);
        }
    }
    match (url, anchor) {
        (Some(u), Some(a)) => Some(format!("{u}#{a}")),
        (Some(u), None) if !u.is_empty() => Some(u),
        (_, Some(a)) => Some(format!("#{a}")),
        _ => None,
    }
}
