//! The normalisation itself: junk removal, flattened-text splitting, reports (parts)
//! and their titles, heading recognition, levels and numbering warnings.

use std::collections::HashMap;

use docpipe_core::model::{Align, Block, Document, Heading, Inline, Paragraph, Part};
use docpipe_core::walk::plain_text;
use docpipe_core::Context;

use crate::inlines::slice;
use crate::junk::{self, LineJunk};
use crate::marker::{self, gbt_label, has_han, is_han, marker_at, point_at, zh_number, Kind};

/// What the transform does, from its options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Rewrite markers in the GB/T 9704 style (`markers=gbt`) or keep them as written.
    pub gbt: bool,
    /// Remove junk (`junk=remove`).
    pub junk: bool,
    /// Treat `一是…` points as headings (`points=headings`).
    pub points: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            gbt: true,
            junk: true,
            points: true,
        }
    }
}

/// A paragraph being analysed: its inlines and their plain text.
struct Src {
    inl: Vec<Inline>,
    text: String,
    align: Option<Align>,
}

/// A unit of a part before heading recognition.
enum Unit {
    /// A piece `start..end` of paragraph `src` (a whole line, or one segment of a
    /// flattened line); `flat` when it came from a flattened line.
    Seg {
        src: usize,
        start: usize,
        end: usize,
        flat: bool,
    },
    /// A heading the importer already knew.
    Head(Heading),
    /// Any other block, passed through.
    Block(Block),
    /// Removed hidden-text notice (for warnings).
    Gap(String),
}

/// Inline content: a slice of a source paragraph or owned inlines.
enum Content {
    Slice {
        src: usize,
        start: usize,
        end: usize,
    },
    Owned(Vec<Inline>),
}

/// A unit after heading recognition.
enum Node {
    Head {
        kind: Option<Kind>,
        number: u32,
        written: String,
        content: Content,
        styled: Option<u8>,
        id: Option<String>,
    },
    Para {
        content: Content,
        align: Option<Align>,
    },
    Block(Block),
    Gap(String),
}

const SENTENCE_END: [char; 5] = ['。', '！', '？', '!', '?'];

fn is_sentence_end(c: char) -> bool {
    SENTENCE_END.contains(&c)
}

fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '】' | '"' | '\'')
}

fn skip_ws(t: &str, mut p: usize, end: usize) -> usize {
    while p < end {
        match t[p..end].chars().next() {
            Some(c) if c.is_whitespace() => p += c.len_utf8(),
            _ => break,
        }
    }
    p
}

fn trim_end_at(t: &str, start: usize, mut e: usize) -> usize {
    while e > start {
        match t[start..e].chars().next_back() {
            Some(c) if c.is_whitespace() => e -= c.len_utf8(),
            _ => break,
        }
    }
    e
}

/// Runs the transform on a document. The rules are applied until the document no
/// longer changes (a split can expose a heading or junk at the start of a new
/// paragraph), so that normalising twice gives the same document.
pub fn normalize(doc: Document, st: &Settings, ctx: &mut Context) -> Document {
    let mut out = one_pass(doc, st, ctx);
    for _ in 0..3 {
        let mut scratch = ctx.for_input(ctx.source.clone().unwrap_or_default());
        scratch.enter_stage(ctx.stage());
        let again = one_pass(out.clone(), st, &mut scratch);
        if again == out {
            break;
        }
        for r in scratch.removed() {
            ctx.record_removed(r.clone());
        }
        for w in scratch.take_warnings() {
            if !ctx.warnings().contains(&w) {
                ctx.push_warning(w);
            }
        }
        out = again;
    }
    out
}

/// One application of every rule.
fn one_pass(mut doc: Document, st: &Settings, ctx: &mut Context) -> Document {
    let parts = std::mem::take(&mut doc.parts);
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        out.extend(process_part(part, st, ctx));
    }
    doc.parts = out;
    doc
}

/// Splits a paragraph's text into segments: one for an ordinary paragraph, several for
/// a flattened report (headings glued after spaces).
fn segments(text: &str) -> (Vec<(usize, usize)>, bool) {
    let spaced = text.bytes().any(|b| b == b' ' || b == b'\t' || b == b'\n')
        || text.contains('\u{3000}')
        || text.contains('\u{a0}');
    if !spaced {
        return (vec![(0, text.len())], false);
    }
    // Bounds after a line break always split (the break starts a new line); bounds
    // after spaces only when there are several (a flattened report).
    let mut bounds: Vec<(usize, bool)> = Vec::new();
    let mut ws_run = false;
    let mut newline = false;
    let mut seen_text = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            ws_run = true;
            newline |= c == '\n';
            continue;
        }
        if ws_run && seen_text && strong_start(&text[i..]) {
            bounds.push((i, newline));
        }
        ws_run = false;
        newline = false;
        seen_text = true;
    }
    let flat = bounds.iter().filter(|b| !b.1).count() >= 2;
    if !flat {
        bounds.retain(|b| b.1);
    } else if let Some(first_ws) = text.trim_start().find(char::is_whitespace) {
        // A flattened report starts with its title line: `某某工作总结 今年以来，…`.
        let lead = text.len() - text.trim_start().len();
        let cut = lead + first_ws;
        let head = &text[lead..cut];
        if bounds.first().is_some_and(|b| b.0 > cut) && title_like(head) {
            let next = skip_ws(text, cut, text.len());
            bounds.insert(0, (next, false));
        }
    }
    if bounds.is_empty() {
        return (vec![(0, text.len())], false);
    }
    let mut segs = Vec::with_capacity(bounds.len() + 1);
    let mut s = 0;
    for (b, _) in bounds {
        segs.push((s, b));
        s = b;
    }
    segs.push((s, text.len()));
    (segs, flat)
}

/// Can a segment of a flattened Chinese report start here?
fn strong_start(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if first.is_ascii_alphabetic() || first.is_whitespace() {
        return false;
    }
    if point_at(s).is_some() || part_label(s).is_some() {
        return true;
    }
    match marker_at(s) {
        Some(m) => match m.kind {
            Kind::ZhNum
            | Kind::ZhParen
            | Kind::ZhChapter
            | Kind::ZhSection
            | Kind::ZhPart
            | Kind::Circled => true,
            Kind::Arabic(_) | Kind::ArabicParen => s[m.len..].chars().next().is_some_and(is_han),
            _ => false,
        },
        None => false,
    }
}

const PART_WORDS: [&str; 22] = [
    "总结",
    "篇",
    "范文",
    "报告",
    "材料",
    "文章",
    "心得体会",
    "心得",
    "体会",
    "计划",
    "汇报",
    "发言稿",
    "发言",
    "讲话稿",
    "讲话",
    "述职报告",
    "述职",
    "模板",
    "例文",
    "精选",
    "方案",
    "样本",
];

/// The label of one report in a file holding several (`总结一`, `篇二：`, `【范文三】`,
/// `第四篇`): its kind (the word), number and byte length.
fn part_label(s: &str) -> Option<(&'static str, u32, usize)> {
    let mut p = 0;
    let bracket = s.starts_with(['【', '[']);
    if bracket {
        p += s.chars().next().map_or(1, char::len_utf8);
    }
    let rest = &s[p..];
    let (word, n, len) = if let Some(r) = rest.strip_prefix('第') {
        let (n, l) = zh_number(r)?;
        if !r[l..].starts_with('篇') {
            return None;
        }
        ("第篇", n, '第'.len_utf8() + l + '篇'.len_utf8())
    } else {
        let word = PART_WORDS.iter().find(|w| rest.starts_with(**w))?;
        let num = &rest[word.len()..];
        let (n, l) = match zh_number(num) {
            Some(x) => x,
            None => {
                // `篇1：` — Arabic digits only when a separator follows (not `总结1年`).
                let l = num.bytes().take_while(u8::is_ascii_digit).count();
                let n: u32 = num
                    .get(..l)?
                    .parse()
                    .ok()
                    .filter(|n| (1..100).contains(n))?;
                let next = num[l..].chars().next();
                if !next.is_none_or(|c| matches!(c, ':' | '：' | '】' | ']' | ' ' | '\u{3000}')) {
                    return None;
                }
                (n, l)
            }
        };
        (*word, n, word.len() + l)
    };
    p += len;
    let mut after = s[p..].chars();
    match after.next() {
        Some('是') | Some('、') | Some('个') | Some('下') | Some('年') | Some('次') => {
            return None
        }
        Some(c) if bracket && (c == '】' || c == ']') => p += c.len_utf8(),
        Some(_) if bracket => return None,
        _ => {}
    }
    if let Some(c) = s[p..].chars().next() {
        if matches!(c, ':' | '：' | '、') {
            p += c.len_utf8();
        }
    }
    Some((word, n, p))
}

/// A line that can be a report's title: short, no sentence punctuation, no marker.
fn title_like(t: &str) -> bool {
    let t = t.trim();
    let n = t.chars().count();
    if !(2..=60).contains(&n) {
        return false;
    }
    if t.contains(['。', '！', '？', '!', '?', ';', '；']) {
        return false;
    }
    if t.ends_with([':', '：', ',', '，', '、']) {
        return false;
    }
    if n > 30 && has_han(t) && t.contains([',', '，']) {
        return false;
    }
    if marker_at(t).is_some() || point_at(t).is_some() || part_label(t).is_some() {
        return false;
    }
    t.chars().any(|c| is_han(c) || c.is_alphabetic())
}

/// The end of the heading that follows a marker ending at `after`, or `None` when the
/// text is not a heading.
fn marker_heading_end(
    t: &str,
    after: usize,
    end: usize,
    flat: bool,
    m: &marker::Marker,
) -> Option<usize> {
    let seg = &t[after..end];
    if (m.kind.is_latin() || m.latin_text) && !has_han(seg) {
        // An English heading fills its line and does not read as a sentence.
        let c = seg.trim();
        if c.chars().count() <= 100 && !c.ends_with(['.', ',', ';', ':']) {
            return Some(end);
        }
        return None;
    }
    // The heading starts after the spaces that follow the marker.
    let from = skip_ws(t, after, end);
    for (i, c) in t[from..end].char_indices() {
        if is_sentence_end(c) {
            return Some(from + i + c.len_utf8());
        }
        if c == '\n' || (flat && c.is_whitespace()) {
            return Some(from + i);
        }
    }
    Some(end)
}

/// A point heading (or a glued `二、` heading) found in a segment.
struct Point {
    kind: Kind,
    start: usize,
    number: u32,
    marker_len: usize,
    end: usize,
}

/// The next point (`一是…`) that is a heading, at or after `from`: at the segment
/// position `from` or after a sentence end or colon, and with its first sentence ending
/// before the next point marker (else the points are an inline enumeration).
fn next_point(
    t: &str,
    from: usize,
    end: usize,
    flat: bool,
    points: bool,
    enum_last: &mut Option<u32>,
    seq: &HashMap<Kind, u32>,
) -> Option<Point> {
    let mut prev: Option<char> = None;
    let seg = &t[from..end];
    // The sentence of an inline enumeration is atomic: no heading starts inside it.
    let mut skip_until = 0;
    for (i, c) in seg.char_indices() {
        if from + i < skip_until {
            if !(c.is_whitespace() || is_closing(c)) {
                prev = Some(c);
            }
            continue;
        }
        let valid = match prev {
            None => true,
            Some(p) => is_sentence_end(p) || p == ':' || p == '：',
        };
        // A `二、` or `（二）` glued after a sentence end (a lost line break) when it
        // continues the sequence of the headings before it.
        if prev.is_some_and(is_sentence_end)
            && (c == '（' || c == '(' || zh_number(&seg[i..]).is_some())
        {
            if let Some(m) = marker_at(&seg[i..]) {
                // `二、三等奖` is a list of numbers, not a heading.
                let numeral_list =
                    seg[i + m.len..].starts_with(|c: char| "一二三四五六七八九十".contains(c));
                let continues = matches!(m.kind, Kind::ZhNum | Kind::ZhParen)
                    && m.number > 1
                    && !numeral_list
                    && seq.get(&m.kind) == Some(&(m.number - 1));
                if continues {
                    let start = from + i;
                    if let Some(h_end) = marker_heading_end(t, start + m.len, end, flat, &m) {
                        if !t[start + m.len..h_end].trim().is_empty() {
                            *enum_last = None;
                            return Some(Point {
                                kind: m.kind,
                                start,
                                number: m.number,
                                marker_len: m.len,
                                end: h_end,
                            });
                        }
                    }
                }
            }
        }
        if points && valid && (c == '十' || zh_number(&seg[i..]).is_some()) {
            if let Some((n, mlen)) = point_at(&seg[i..]) {
                let start = from + i;
                let body = skip_ws(t, start + mlen, end);
                let mut h_end = end;
                for (j, d) in t[body..end].char_indices() {
                    if is_sentence_end(d) {
                        h_end = body + j + d.len_utf8();
                        break;
                    }
                    if d == '\n' || (flat && d.is_whitespace()) {
                        h_end = body + j;
                        break;
                    }
                }
                // A member or the continuation of an inline enumeration seen before.
                let continues_enum = n > 1 && enum_last.is_some_and(|e| n <= e + 1);
                let mut k = n;
                while t[body..h_end].contains(&format!("{}是", marker::zh_string(k + 1))) {
                    k += 1;
                }
                if continues_enum || k > n {
                    // An inline enumeration: remember how far it went.
                    *enum_last = Some(k.max(enum_last.unwrap_or(0)));
                    skip_until = h_end;
                } else if !t[body..h_end].trim().is_empty() {
                    *enum_last = None;
                    return Some(Point {
                        kind: Kind::Point,
                        start,
                        number: n,
                        marker_len: mlen,
                        end: h_end,
                    });
                }
            }
        }
        if !(c.is_whitespace() || is_closing(c)) {
            prev = Some(c);
        }
    }
    None
}

/// Remembers the last `一、` and `（一）` numbers (a new `一、` restarts `（一）`).
fn note_sequence(seq: &mut HashMap<Kind, u32>, kind: Kind, number: u32) {
    match kind {
        Kind::ZhNum => {
            seq.insert(Kind::ZhNum, number);
            seq.insert(Kind::ZhParen, 0);
        }
        Kind::ZhParen => {
            seq.insert(Kind::ZhParen, number);
        }
        _ => {}
    }
}

/// Recognises the headings of one segment.
fn detect(
    (src, s): (usize, &Src),
    start: usize,
    end: usize,
    flat: bool,
    st: &Settings,
    seq: &mut HashMap<Kind, u32>,
    out: &mut Vec<Node>,
) {
    let t = s.text.as_str();
    let align = s.align;
    let mut p = skip_ws(t, start, end);
    let mut enum_last = None;
    while p < end {
        if let Some(m) = marker_at(&t[p..end]) {
            let after = p + m.len;
            if let Some(h_end) = marker_heading_end(t, after, end, flat, &m) {
                let cs = skip_ws(t, after, h_end);
                let ce = trim_end_at(t, cs, h_end);
                if cs < ce {
                    note_sequence(seq, m.kind, m.number);
                    out.push(Node::Head {
                        kind: Some(m.kind),
                        number: m.number,
                        written: t[p..after].trim().to_string(),
                        content: Content::Slice {
                            src,
                            start: cs,
                            end: ce,
                        },
                        styled: None,
                        id: None,
                    });
                    p = skip_ws(t, h_end, end);
                    enum_last = None;
                    continue;
                }
            }
        }
        let next = next_point(t, p, end, flat, st.points, &mut enum_last, seq);
        match next {
            Some(pt) if pt.start == p => {
                let cs = skip_ws(t, p + pt.marker_len, pt.end);
                let ce = trim_end_at(t, cs, pt.end);
                note_sequence(seq, pt.kind, pt.number);
                out.push(Node::Head {
                    kind: Some(pt.kind),
                    number: pt.number,
                    written: t[p..p + pt.marker_len].to_string(),
                    content: Content::Slice {
                        src,
                        start: cs,
                        end: ce,
                    },
                    styled: None,
                    id: None,
                });
                p = skip_ws(t, pt.end, end);
            }
            Some(pt) => {
                let e = trim_end_at(t, p, pt.start);
                out.push(Node::Para {
                    content: Content::Slice {
                        src,
                        start: p,
                        end: e,
                    },
                    align,
                });
                p = pt.start;
            }
            None => {
                let e = trim_end_at(t, p, end);
                if p < e {
                    out.push(Node::Para {
                        content: Content::Slice {
                            src,
                            start: p,
                            end: e,
                        },
                        align,
                    });
                }
                break;
            }
        }
    }
}

/// The kind and number of a heading label (`一、`, `1.2`, `IV.`).
fn label_kind(label: &str) -> Option<(Kind, u32)> {
    if let Some((n, l)) = point_at(label) {
        if l == label.len() {
            return Some((Kind::Point, n));
        }
    }
    marker_at(&format!("{label}题"))
        .filter(|m| m.len >= label.len())
        .or_else(|| marker_at(&format!("{label} Title")).filter(|m| m.len >= label.len()))
        .map(|m| (m.kind, m.number))
}

fn process_part(part: Part, st: &Settings, ctx: &mut Context) -> Vec<Part> {
    let mut srcs: Vec<Src> = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    let mut trailer: Option<String> = None;
    let mut after_trailer = 0usize;
    for block in part.blocks {
        match block {
            Block::Paragraph(p) => {
                let text = plain_text(&p.content);
                if text.trim().is_empty() {
                    units.push(Unit::Block(Block::Paragraph(p)));
                    continue;
                }
                let pieces = if st.junk {
                    remove_junk(&text, ctx, &mut units, &mut trailer)
                } else {
                    vec![(0, text.len())]
                };
                if pieces.is_empty() {
                    continue;
                }
                if trailer.is_some() {
                    after_trailer += 1;
                }
                if pieces.len() == 1 && pieces[0] == (0, text.len()) {
                    push_src(
                        &mut srcs,
                        &mut units,
                        p.content,
                        text,
                        p.align,
                        st.junk.then_some(&mut *ctx),
                        false,
                    );
                    continue;
                }
                // Pieces between removed junk become separate paragraphs.
                for (s, e) in pieces {
                    let inl = slice(&p.content, s, e, e == text.len());
                    let t = plain_text(&inl);
                    push_src(
                        &mut srcs,
                        &mut units,
                        inl,
                        t,
                        p.align,
                        st.junk.then_some(&mut *ctx),
                        true,
                    );
                }
            }
            Block::Heading(h) => units.push(Unit::Head(h)),
            Block::List(l) if is_heading_list(&l) => {
                // Automatic numbering `一、` / `（一）` on a paragraph that is not styled
                // as a heading: the reader sees a heading, so treat it as typed text.
                for item in l.items {
                    let label = item.label.unwrap_or_default();
                    for b in item.blocks {
                        if let Block::Paragraph(p) = b {
                            let mut inl = vec![Inline::text(label.trim())];
                            inl.extend(p.content);
                            let text = plain_text(&inl);
                            push_src(
                                &mut srcs,
                                &mut units,
                                inl,
                                text,
                                p.align,
                                st.junk.then_some(&mut *ctx),
                                true,
                            );
                        }
                    }
                }
            }
            other => units.push(Unit::Block(other)),
        }
    }

    if let (Some(t), true) = (&trailer, after_trailer > 0) {
        ctx.warn(format!(
            "kept {after_trailer} paragraph(s) after the removed \"{t}\": they may be the page's links to other articles"
        ));
    }

    // Reports in one file.
    let labels = find_part_labels(&srcs, &units);
    let mut groups: Vec<(Option<Vec<Inline>>, Vec<Unit>, bool)> = Vec::new();
    if labels.len() >= 2 {
        let count = labels.len();
        let mut it = units.into_iter().enumerate().peekable();
        let mut preamble = Vec::new();
        let first = labels[0].0;
        while let Some((_, u)) = it.next_if(|(i, _)| *i < first) {
            preamble.push(u);
        }
        let mut kept_preamble = Vec::new();
        let mut page_title_seen = false;
        if let Some(t) = part.title {
            kept_preamble.push(Unit::Block(Block::Paragraph(Paragraph {
                content: t,
                align: None,
            })));
        }
        for u in preamble {
            match &u {
                Unit::Seg {
                    src, start, end, ..
                } if st.junk && !page_title_seen && title_like(&srcs[*src].text[*start..*end]) => {
                    page_title_seen = true;
                    let t = srcs[*src].text[*start..*end].trim().to_string();
                    ctx.warn(format!(
                        "removed \"{t}\": the title of the page that bundles the {count} reports, not of any of them"
                    ));
                    ctx.record_removed(t);
                }
                _ => kept_preamble.push(u),
            }
        }
        let mut li = 0;
        let mut current: Option<(Option<Vec<Inline>>, Vec<Unit>)> = None;
        let mut pending_title_line = false;
        for (i, u) in it {
            if li < labels.len() && labels[li].0 == i {
                if let Some((t, us)) = current.take() {
                    groups.push((t, us, true));
                }
                let len = labels[li].1;
                li += 1;
                let Unit::Seg {
                    src,
                    start,
                    end,
                    flat,
                } = u
                else {
                    continue;
                };
                let text = &srcs[src].text;
                let ls = skip_ws(text, start, end);
                let le = trim_end_at(text, ls, ls + len);
                let rest = skip_ws(text, le, end);
                // `篇一：春季工作小结` is a title line as a whole; `总结一上半年,…` is a
                // label glued to the first sentence.
                let whole = rest < end && title_like(&text[rest..end]);
                let te = if whole { end } else { le };
                let title = slice(&srcs[src].inl, ls, te, te == text.len());
                let mut body = Vec::new();
                if li == 1 {
                    body.append(&mut kept_preamble);
                }
                pending_title_line = rest >= end;
                if rest < end && !whole {
                    body.push(Unit::Seg {
                        src,
                        start: rest,
                        end,
                        flat,
                    });
                }
                current = Some((Some(title), body));
                continue;
            }
            if let Some((title, body)) = current.as_mut() {
                if pending_title_line {
                    pending_title_line = false;
                    if let Unit::Seg {
                        src, start, end, ..
                    } = &u
                    {
                        let t = &srcs[*src].text[*start..*end];
                        if title_like(t) {
                            if let Some(tt) = title.as_mut() {
                                tt.push(Inline::text(" "));
                                tt.extend(slice(
                                    &srcs[*src].inl,
                                    *start,
                                    *end,
                                    *end == srcs[*src].text.len(),
                                ));
                            }
                            continue;
                        }
                    }
                }
                body.push(u);
            }
        }
        if let Some((t, us)) = current.take() {
            groups.push((t, us, true));
        }
    } else {
        groups.push((part.title, units, false));
    }

    let multi = groups.len() > 1;
    let mut parts = Vec::with_capacity(groups.len());
    for (k, (mut title, units, labelled)) in groups.into_iter().enumerate() {
        let mut nodes = recognise(&srcs, units, st);
        if title.is_none() && !labelled {
            title = take_title(&mut srcs, &mut nodes);
        }
        let tag = if multi {
            let name = title.as_ref().map(|t| plain_text(t)).unwrap_or_default();
            format!("part {} ({}): ", k + 1, name)
        } else {
            String::new()
        };
        let blocks = build(&mut srcs, nodes, st, &tag, ctx);
        parts.push(Part { title, blocks });
    }
    parts
}

fn push_src(
    srcs: &mut Vec<Src>,
    units: &mut Vec<Unit>,
    inl: Vec<Inline>,
    text: String,
    align: Option<Align>,
    mut junk_ctx: Option<&mut Context>,
    piece: bool,
) {
    let (segs, flat) = segments(&text);
    let several = piece || segs.len() > 1;
    let idx = srcs.len();
    for (s, e) in segs {
        let s2 = skip_ws(&text, s, e);
        let e2 = trim_end_at(&text, s2, e);
        if s2 < e2 {
            // A segment of a split line can be junk on its own.
            if let (true, Some(ctx)) = (several, junk_ctx.as_deref_mut()) {
                let t = &text[s2..e2];
                if let Some(kind) = junk::line_junk(t) {
                    ctx.record_removed(t.to_string());
                    if kind == LineJunk::Notice {
                        units.push(Unit::Gap(t.to_string()));
                    }
                    continue;
                }
            }
            units.push(Unit::Seg {
                src: idx,
                start: s2,
                end: e2,
                flat,
            });
        }
    }
    srcs.push(Src { inl, text, align });
}

/// A numbered list whose every item is one paragraph numbered with a GB/T heading
/// marker (`一、`, `（一）`, `第一章`).
fn is_heading_list(l: &docpipe_core::model::List) -> bool {
    !l.items.is_empty()
        && l.items.iter().all(|item| {
            let heading_label = item.label.as_deref().and_then(|x| label_kind(x.trim())).is_some_and(|(k, _)| {
                matches!(k, Kind::ZhNum | Kind::ZhParen | Kind::ZhChapter | Kind::ZhSection | Kind::ZhPart)
            });
            heading_label
                && matches!(item.blocks.as_slice(), [Block::Paragraph(p)] if !plain_text(&p.content).trim().is_empty())
        })
}

/// Removes junk from one paragraph: returns the byte ranges of what remains (empty when
/// the whole paragraph was junk) and records what went.
fn remove_junk(
    text: &str,
    ctx: &mut Context,
    units: &mut Vec<Unit>,
    trailer: &mut Option<String>,
) -> Vec<(usize, usize)> {
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let mut ranges = junk::notices(text);
    let in_trimmed: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|r| r.0 >= lead && r.1 <= lead + trimmed.len())
        .map(|r| (r.0 - lead, r.1 - lead))
        .collect();
    if let Some(kind) = junk::line_junk_with(trimmed, &in_trimmed) {
        ctx.record_removed(trimmed.to_string());
        if kind == LineJunk::Notice {
            units.push(Unit::Gap(trimmed.to_string()));
        }
        if kind == LineJunk::Trailer && trailer.is_none() {
            *trailer = Some(trimmed.to_string());
        }
        return Vec::new();
    }
    ranges.extend(junk::stray_separators(text));
    ranges.sort_unstable();
    if ranges.is_empty() {
        if junk::doubtful(trimmed) {
            ctx.warn(format!("kept \"{trimmed}\", which may be web-page furniture rather than part of the report"));
        }
        return vec![(0, text.len())];
    }
    let mut pieces = Vec::new();
    let mut at = 0;
    for (s, e) in ranges {
        if s < at {
            continue;
        }
        if at < s && !text[at..s].trim().is_empty() {
            pieces.push((at, s));
        }
        let removed = text[s..e].trim().to_string();
        ctx.record_removed(removed.clone());
        if junk::notices(&removed).len() == 1 {
            units.push(Unit::Gap(removed));
        }
        at = e;
    }
    if at < text.len() && !text[at..].trim().is_empty() {
        pieces.push((at, text.len()));
    }
    // A piece can end (or start) in a stray separator once the notice next to it is gone.
    for piece in &mut pieces {
        let (a, b) = *piece;
        for (x, y) in junk::stray_separators(&text[a..b]) {
            ctx.record_removed(text[a + x..a + y].to_string());
            if text[a..a + x].trim().is_empty() {
                piece.0 = skip_ws(text, a + y, b);
            } else {
                piece.1 = trim_end_at(text, a, a + x);
            }
        }
    }
    pieces
}

/// The units that start reports: `(unit index, label byte length)`, when at least two
/// labels with the same word number the reports 1, 2, 3… in order.
fn find_part_labels(srcs: &[Src], units: &[Unit]) -> Vec<(usize, usize)> {
    let mut cands: Vec<(usize, &'static str, u32, usize)> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        if let Unit::Seg {
            src, start, end, ..
        } = u
        {
            let t = &srcs[*src].text[*start..*end];
            if let Some((w, n, len)) = part_label(t) {
                cands.push((i, w, n, len));
            }
        }
    }
    let mut best: Vec<(usize, usize)> = Vec::new();
    let mut words: Vec<&str> = cands.iter().map(|c| c.1).collect();
    words.sort_unstable();
    words.dedup();
    for w in words {
        let of_word: Vec<_> = cands.iter().filter(|c| c.1 == w).collect();
        // Reports are numbered once, 1, 2, 3… in order; a restarting or repeated
        // sequence (`材料一`, `材料二`, `材料一`… in a textbook) is not a set of reports.
        let in_order = of_word
            .iter()
            .enumerate()
            .all(|(k, c)| c.2 as usize == k + 1);
        if !in_order || of_word.len() < 2 {
            continue;
        }
        // The first report starts near the top of the file.
        let before = units[..of_word[0].0]
            .iter()
            .filter(|u| !matches!(u, Unit::Gap(_)))
            .count();
        if before > 6 {
            continue;
        }
        if of_word.len() > best.len() {
            best = of_word.iter().map(|c| (c.0, c.3)).collect();
        }
    }
    if best.len() >= 2 {
        best
    } else {
        Vec::new()
    }
}

/// Takes the part's title: its first paragraph, when it reads as a title and more
/// follows.
fn take_title(srcs: &mut [Src], nodes: &mut Vec<Node>) -> Option<Vec<Inline>> {
    let first = nodes.iter().position(|n| !matches!(n, Node::Gap(_)))?;
    let Node::Para {
        content: Content::Slice { src, start, end },
        ..
    } = &nodes[first]
    else {
        return None;
    };
    let (src, start, end) = (*src, *start, *end);
    if !title_like(srcs.get(src)?.text.get(start..end)?) {
        return None;
    }
    if !nodes[first + 1..]
        .iter()
        .any(|n| !matches!(n, Node::Gap(_)))
    {
        return None;
    }
    nodes.remove(first);
    Some(content_inlines(srcs, Content::Slice { src, start, end }))
}

/// Recognises headings in every unit.
fn recognise(srcs: &[Src], units: Vec<Unit>, st: &Settings) -> Vec<Node> {
    let mut nodes = Vec::with_capacity(units.len());
    let mut seq = HashMap::new();
    for u in units {
        match u {
            Unit::Seg {
                src,
                start,
                end,
                flat,
            } => {
                let s = &srcs[src];
                detect((src, s), start, end, flat, st, &mut seq, &mut nodes);
            }
            Unit::Head(h) => nodes.push(known_heading(h)),
            Unit::Block(b) => nodes.push(Node::Block(b)),
            Unit::Gap(g) => nodes.push(Node::Gap(g)),
        }
    }
    nodes
}

/// A heading from the importer: its marker comes from its label or, when the label is
/// missing, from the start of its text.
fn known_heading(h: Heading) -> Node {
    let level = h.level.max(1);
    if let Some(label) = &h.label {
        let l = label.trim();
        let (kind, number) = match label_kind(l) {
            Some((k, n)) => (Some(k), n),
            None => (None, 0),
        };
        return Node::Head {
            kind,
            number,
            written: l.to_string(),
            content: Content::Owned(h.content),
            styled: Some(level),
            id: h.id,
        };
    }
    let text = plain_text(&h.content);
    let lead = text.len() - text.trim_start().len();
    let found = marker_at(&text[lead..])
        .map(|m| (m.kind, m.number, m.len))
        .or_else(|| point_at(&text[lead..]).map(|(n, l)| (Kind::Point, n, l)));
    if let Some((kind, number, len)) = found {
        let cs = skip_ws(&text, lead + len, text.len());
        if cs < text.len() {
            let content = slice(&h.content, cs, text.len(), true);
            return Node::Head {
                kind: Some(kind),
                number,
                written: text[lead..lead + len].trim().to_string(),
                content: Content::Owned(content),
                styled: Some(level),
                id: h.id,
            };
        }
    }
    Node::Head {
        kind: None,
        number: 0,
        written: String::new(),
        content: Content::Owned(h.content),
        styled: Some(level),
        id: h.id,
    }
}

fn content_inlines(srcs: &mut [Src], c: Content) -> Vec<Inline> {
    match c {
        Content::Owned(v) => v,
        Content::Slice { src, start, end } => match srcs.get_mut(src) {
            // The whole paragraph is used once: move it.
            Some(s) if start == 0 && end == s.text.len() => std::mem::take(&mut s.inl),
            Some(s) => slice(&s.inl, start, end, end == s.text.len()),
            None => Vec::new(),
        },
    }
}

/// One open heading while building the tree.
struct Frame {
    rank: i32,
    /// Index of the heading's block in the output.
    block: usize,
    last: Vec<(Kind, u32, String)>,
}

/// Gives every heading its level (its depth among the marker types in use, no skipped
/// levels), its output label, and reports numbering anomalies.
fn build(
    srcs: &mut [Src],
    nodes: Vec<Node>,
    st: &Settings,
    tag: &str,
    ctx: &mut Context,
) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(nodes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_last: Vec<(Kind, u32, String)> = Vec::new();
    let mut kind_rank: HashMap<Kind, i32> = HashMap::new();
    let mut gap: Option<String> = None;
    let mut has_zh_num = false;
    let mut top_zh_paren = false;
    for node in nodes {
        match node {
            Node::Gap(g) => gap = Some(g),
            Node::Block(b) => blocks.push(b),
            Node::Para { mut content, align } => {
                // A piece split off a paragraph can be junk on its own, or end in a
                // stray separator.
                if let (true, Content::Slice { src, start, end }) = (st.junk, &mut content) {
                    if let Some(x) = srcs.get(*src) {
                        if *start > 0 || *end < x.text.len() {
                            let t = &x.text[*start..*end];
                            if junk::line_junk(t.trim()).is_some() {
                                ctx.record_removed(t.trim().to_string());
                                continue;
                            }
                            let s0 = *start;
                            for (a, b) in junk::stray_separators(t) {
                                ctx.record_removed(t[a..b].to_string());
                                if t[..a].trim().is_empty() {
                                    *start = skip_ws(&x.text, s0 + b, *end);
                                } else {
                                    *end = trim_end_at(&x.text, s0, s0 + a);
                                }
                            }
                        }
                    }
                }
                let content = content_inlines(srcs, content);
                if !content.is_empty() {
                    blocks.push(Block::Paragraph(Paragraph { content, align }));
                }
            }
            Node::Head {
                kind,
                number,
                written,
                content,
                styled,
                id,
            } => {
                let rank = match (styled, kind) {
                    (Some(l), _) => {
                        let r = i32::from(l) - 100;
                        if let Some(k) = kind {
                            kind_rank.entry(k).or_insert(r);
                        }
                        r
                    }
                    (None, Some(k)) => kind_rank.get(&k).copied().unwrap_or(k.rank()),
                    (None, None) => 0,
                };
                while stack.last().is_some_and(|f| f.rank >= rank) {
                    stack.pop();
                }
                let level = u8::try_from(stack.len() + 1).unwrap_or(u8::MAX);
                has_zh_num |= kind == Some(Kind::ZhNum);
                top_zh_paren |= level == 1 && kind == Some(Kind::ZhParen) && styled.is_none();
                let content = content_inlines(srcs, content);
                // The GB/T style is for Chinese headings; `1)` in English stays as it is.
                let label = match kind {
                    Some(k) if st.gbt && (k == Kind::Point || has_han(&plain_text(&content))) => {
                        gbt_label(k, number).unwrap_or_else(|| written.clone())
                    }
                    _ => written.clone(),
                };
                if let Some(k) = kind {
                    let parent_block = stack.last().map(|f| f.block);
                    let last = match stack.last_mut() {
                        Some(f) => &mut f.last,
                        None => &mut root_last,
                    };
                    let pos = last.iter().position(|e| e.0 == k);
                    let verdict = match pos.map(|i| &last[i]) {
                        None if number != 1 => Some((None, "the numbering does not start at 1")),
                        Some((_, n, l)) if number == *n => {
                            Some((Some(l.clone()), "the number is repeated"))
                        }
                        Some((_, n, l)) if number < *n => {
                            Some((Some(l.clone()), "the numbering restarts"))
                        }
                        Some((_, n, l)) if number == *n + 2 => {
                            Some((Some(l.clone()), "one number is skipped"))
                        }
                        Some((_, n, l)) if number > *n + 2 => {
                            Some((Some(l.clone()), "numbers are skipped"))
                        }
                        _ => None,
                    };
                    match pos {
                        Some(i) => last[i] = (k, number, label.clone()),
                        None => last.push((k, number, label.clone())),
                    }
                    if let Some((prev, what)) = verdict {
                        let where_ = match parent_block.and_then(|i| blocks.get(i)) {
                            Some(Block::Heading(p)) => {
                                let short: String =
                                    plain_text(&p.content).chars().take(24).collect();
                                format!("under {}{short}", p.label.as_deref().unwrap_or(""))
                            }
                            _ => "at the top level".to_string(),
                        };
                        let after_gap = gap
                            .as_ref()
                            .map(|g| format!(" (after the removed text \"{g}\")"))
                            .unwrap_or_default();
                        let m = match prev {
                            Some(l) => format!("{label} follows {l} {where_}{after_gap}: {what}"),
                            None => format!(
                                "{label} is the first of its kind {where_}{after_gap}: {what}"
                            ),
                        };
                        ctx.warn(format!("{tag}{m}"));
                    }
                }
                stack.push(Frame {
                    rank,
                    block: blocks.len(),
                    last: Vec::new(),
                });
                gap = None;
                blocks.push(Block::Heading(Heading {
                    level,
                    label: if label.is_empty() { None } else { Some(label) },
                    content,
                    id,
                }));
            }
        }
    }
    if top_zh_paren && !has_zh_num {
        ctx.warn(format!(
            "{tag}there is no 一、 heading: the （一） headings are at level 1"
        ));
    }
    blocks
}
