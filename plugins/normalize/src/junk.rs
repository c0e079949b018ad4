//! Junk: text that a web page added around a report and that is not part of it (GUIDE
//! §4): the hidden-text notice `---此处隐藏N字,下载后查看---`, the `更新时间:… 来源:…`
//! line, a bare date-time line, the `最新推荐` trailer, an aggregator's blurb and a stray
//! `|`. Each rule looks at the form of the text, never at particular strings of a report.

/// Why a whole line is junk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineJunk {
    /// A hidden-text or download notice.
    Notice,
    /// `更新时间:… 来源:…` and similar page metadata.
    Meta,
    /// A date and time alone on a line.
    DateTime,
    /// A `最新推荐` / `相关文章` trailer heading.
    Trailer,
    /// A line holding only separators such as `|`.
    Separator,
    /// An aggregator page's blurb (`下面和大家分享…欢迎大家阅读。`).
    Blurb,
    /// A reposting disclaimer (`本文来源于网络，如有侵权请联系删除`).
    Disclaimer,
}

/// Decoration characters that frame notices and trailers.
fn is_bar(c: char) -> bool {
    matches!(
        c,
        '-' | '—' | '–' | '－' | '=' | '＝' | '~' | '～' | '*' | '_' | '·' | '…' | '#' | '═' | '─'
    )
}

fn is_separator(c: char) -> bool {
    matches!(c, '|' | '｜' | '¦' | '│')
}

const NOTICE_TAILS: [&str; 12] = [
    "下载后查看",
    "下载后可查看",
    "下载查看",
    "下载后阅读",
    "登录后查看",
    "付费后查看",
    "购买后查看",
    "查看全文",
    "阅读全文",
    "展开全文",
    "下载全文",
    "查看完整",
];

/// Hidden-text notices inside `text`, as byte ranges (including their framing bars).
pub fn notices(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for key in ["隐藏", "剩余"] {
        let mut from = 0;
        while let Some(rel) = text.get(from..).and_then(|t| t.find(key)) {
            let hit = from + rel;
            from = hit + key.len();
            // 隐藏 + digits + 字 (a colon or spaces may sit between)
            let after = &text[from..];
            let gap = after.len() - after.trim_start_matches([':', '：', ' ']).len();
            let digits = after[gap..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            if digits == 0 || !after[gap + digits..].starts_with('字') {
                continue;
            }
            let mut start = hit;
            for lead in ["此处", "本文", "全文"] {
                if text[..start].ends_with(lead) {
                    start -= lead.len();
                    break;
                }
            }
            let mut end = from + gap + digits + '字'.len_utf8();
            // A tail such as 下载后查看 within the same short clause: `，请下载后查看`.
            let rest = &text[end..];
            let window: usize = rest.chars().take(12).map(char::len_utf8).sum();
            let clause = &rest[..window];
            let clause = clause
                .find(['。', '!', '！', '?', '？'])
                .map_or(clause, |i| &clause[..i]);
            if let Some(t_end) = NOTICE_TAILS
                .iter()
                .filter_map(|t| clause.find(t).map(|i| i + t.len()))
                .max()
            {
                end += t_end;
            }
            let (s, e) = extend_bars(text, start, end);
            // Notices sharing a frame merge into one.
            match out.iter_mut().find(|l| s < l.1 && l.0 < e) {
                Some(l) => *l = (l.0.min(s), l.1.max(e)),
                None => out.push((s, e)),
            }
            from = e.max(from);
        }
    }
    out.sort_unstable();
    // A tail alone, framed by bars on both sides: ---下载后查看全文---
    if !(text.contains("查看") || text.contains("全文") || text.contains("阅读"))
        || !has_bar_run(text)
    {
        return out;
    }
    for t in NOTICE_TAILS {
        let mut from = 0;
        while let Some(rel) = text.get(from..).and_then(|x| x.find(t)) {
            let hit = from + rel;
            from = hit + t.len();
            if out.iter().any(|r| r.0 <= hit && hit < r.1) {
                continue;
            }
            let (s, e) = extend_bars(text, hit, from);
            let left_bars = text[s..hit].chars().filter(|c| is_bar(*c)).count();
            let right_bars = text[from..e].chars().filter(|c| is_bar(*c)).count();
            if left_bars >= 2 && right_bars >= 2 {
                out.push((s, e));
            }
        }
    }
    out.sort_unstable();
    out
}

/// True when `text` holds two bar characters in a row.
fn has_bar_run(text: &str) -> bool {
    let mut prev = false;
    for c in text.chars() {
        let b = is_bar(c);
        if b && prev {
            return true;
        }
        prev = b;
    }
    false
}

/// Extends `start..end` over the framing bars (and spaces between bars) on each side.
fn extend_bars(text: &str, start: usize, end: usize) -> (usize, usize) {
    let mut s = start;
    let mut best_s = start;
    for c in text[..start].chars().rev() {
        if is_bar(c) || c.is_whitespace() {
            s -= c.len_utf8();
            if is_bar(c) {
                best_s = s;
            }
        } else {
            break;
        }
    }
    let mut e = end;
    let mut best_e = end;
    for c in text[end..].chars() {
        if is_bar(c) || c.is_whitespace() {
            e += c.len_utf8();
            if is_bar(c) {
                best_e = e;
            }
        } else {
            break;
        }
    }
    (best_s, best_e)
}

const META_KEYS: [&str; 26] = [
    "更新时间",
    "发布时间",
    "发表时间",
    "上传时间",
    "时间",
    "日期",
    "来源",
    "文章来源",
    "作者",
    "编辑",
    "责任编辑",
    "浏览次数",
    "浏览量",
    "浏览",
    "阅读量",
    "阅读数",
    "阅读",
    "点击数",
    "点击量",
    "点击",
    "字数",
    "栏目",
    "分类",
    "标签",
    "发布者",
    "发布人",
];

/// Keys that only a web page's metadata uses (a report says `时间：` or `作者：` too).
fn is_web_key(k: &str) -> bool {
    matches!(
        k,
        "更新时间"
            | "发布时间"
            | "发表时间"
            | "上传时间"
            | "来源"
            | "文章来源"
            | "浏览次数"
            | "浏览量"
            | "浏览"
            | "阅读量"
            | "阅读数"
            | "点击数"
            | "点击量"
            | "点击"
            | "字数"
            | "栏目"
            | "发布者"
            | "发布人"
            | "责任编辑"
    )
}

/// The page-metadata line `更新时间:2025-12 来源:网友投稿`: two or more `key:value`
/// fields, or one date field, and nothing else.
fn is_meta_line(t: &str) -> bool {
    if t.len() > 360 || !t.contains([':', '：']) {
        return false;
    }
    let mut fields = 0;
    let mut web = false;
    let mut dated = false;
    for tok in t.split_whitespace() {
        let Some((k, v)) = tok.split_once([':', '：']) else {
            if fields == 0 {
                return false;
            }
            continue; // a value with a space inside
        };
        let k = k.trim_matches(|c: char| matches!(c, '【' | '】' | '[' | ']'));
        if !META_KEYS.contains(&k) {
            if fields == 0 {
                return false;
            }
            continue;
        }
        fields += 1;
        web |= is_web_key(k);
        if k.ends_with("时间")
            && k.len() > "时间".len()
            && v.starts_with(|c: char| c.is_ascii_digit())
        {
            dated = true;
        }
    }
    (fields >= 2 && web) || dated
}

/// A date with a time of day, alone: `2022-05-10 09:58:46`, `2023年3月1日 8:00`.
fn is_datetime_line(t: &str) -> bool {
    let Some(rest) = date_prefix(t) else {
        return false;
    };
    let rest = rest.trim_start();
    is_time(rest)
}

fn date_prefix(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    let mut i = 0;
    let num = |i: &mut usize, max: usize| {
        let s = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - s < max {
            *i += 1;
        }
        *i - s
    };
    if num(&mut i, 4) != 4 {
        return None;
    }
    let sep1 = t.get(i..)?.chars().next()?;
    if !matches!(sep1, '-' | '/' | '.' | '年') {
        return None;
    }
    i += sep1.len_utf8();
    if num(&mut i, 2) == 0 {
        return None;
    }
    let sep2 = t.get(i..)?.chars().next()?;
    if !matches!(sep2, '-' | '/' | '.' | '月') || (sep1 == '年') != (sep2 == '月') {
        return None;
    }
    i += sep2.len_utf8();
    if num(&mut i, 2) == 0 {
        return None;
    }
    let mut rest = t.get(i..)?;
    if sep1 == '年' {
        rest = rest
            .strip_prefix('日')
            .or_else(|| rest.strip_prefix('号'))?;
    }
    Some(rest)
}

fn is_time(t: &str) -> bool {
    let parts: Vec<&str> = t.split(':').collect();
    (parts.len() == 2 || parts.len() == 3)
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

const TRAILERS: [&str; 20] = [
    "最新推荐",
    "相关推荐",
    "热门推荐",
    "推荐阅读",
    "相关阅读",
    "延伸阅读",
    "猜你喜欢",
    "相关文章",
    "热门文章",
    "精彩推荐",
    "为你推荐",
    "精选推荐",
    "相关范文",
    "热门范文",
    "推荐文章",
    "更多推荐",
    "最新文章",
    "相关文档",
    "推荐范文",
    "你可能感兴趣",
];

fn is_trailer_line(t: &str) -> bool {
    if t.len() > 90 {
        return false;
    }
    let decoration = |c: &char| {
        is_bar(*c)
            || c.is_whitespace()
            || is_separator(*c)
            || matches!(
                c,
                '【' | '】'
                    | '['
                    | ']'
                    | '<'
                    | '>'
                    | '《'
                    | '》'
                    | '「'
                    | '」'
                    | ':'
                    | '：'
                    | '('
                    | ')'
                    | '（'
                    | '）'
            )
    };
    if t.chars().filter(|c| !decoration(c)).count() > 6 {
        return false;
    }
    let core: String = t.chars().filter(|c| !decoration(c)).collect();
    TRAILERS.contains(&core.as_str())
}

const BLURB_CUES: [&str; 16] = [
    "欢迎大家阅读",
    "欢迎阅读",
    "欢迎借鉴",
    "欢迎大家参考",
    "仅供参考",
    "供大家参考",
    "供您参考",
    "希望对大家有所帮助",
    "希望对大家有帮助",
    "希望对您有所帮助",
    "希望能帮助到大家",
    "和大家分享",
    "与大家分享",
    "为大家整理",
    "为大家分享",
    "给大家分享",
];

/// An aggregator page's blurb: a short paragraph addressing the page's readers.
fn is_blurb(t: &str) -> bool {
    if t.len() > 1200 || t.chars().count() > 400 {
        return false;
    }
    if !(t.contains("大家")
        || t.contains("欢迎")
        || t.contains("参考")
        || t.contains("小编")
        || t.contains("希望对您"))
    {
        return false;
    }
    if t.contains("小编") {
        return true;
    }
    // The cue must be in the closing sentence: a report does not end its paragraphs by
    // inviting "everyone" to read it.
    let body = t.trim_end_matches(['。', '!', '！', ' ', '.']);
    let last = body
        .rfind(['。', '!', '！', '?', '？'])
        .map_or(body, |i| &body[i..]);
    BLURB_CUES.iter().any(|c| last.contains(c))
}

/// A reposting disclaimer: short, about copyright infringement and removal.
fn is_disclaimer(t: &str) -> bool {
    t.len() <= 300
        && [
            "如有侵权",
            "若有侵权",
            "如涉及侵权",
            "如侵权",
            "侵权请",
            "侵删",
        ]
        .iter()
        .any(|c| t.contains(c))
}

/// A page's navigation line: `上一篇：…`, `下一篇：…`, `返回顶部`.
fn is_navigation_line(t: &str) -> bool {
    if t.len() > 240 {
        return false;
    }
    let starts = ["上一篇", "下一篇", "上一页", "下一页"];
    if starts.iter().any(|s| {
        t.strip_prefix(s)
            .is_some_and(|r| r.is_empty() || r.starts_with([':', '：', ' ', '|']))
    }) {
        return true;
    }
    matches!(
        t,
        "返回顶部" | "返回首页" | "收藏本文" | "打印本文" | "关闭窗口" | "分享到：" | "分享到:"
    )
}

/// Whether a whole paragraph (trimmed) is junk, and why.
pub fn line_junk(t: &str) -> Option<LineJunk> {
    line_junk_with(t, &notices(t))
}

/// [`line_junk`] given the hidden-text notices already found in `t`.
pub fn line_junk_with(t: &str, notices_in_t: &[(usize, usize)]) -> Option<LineJunk> {
    if t.is_empty() {
        return None;
    }
    if t.len() <= 12 && t.chars().all(|c| is_separator(c) || c.is_whitespace()) {
        return Some(LineJunk::Separator);
    }
    if let [(s, e)] = notices_in_t {
        if *s == 0 && *e == t.len() {
            return Some(LineJunk::Notice);
        }
    }
    if is_datetime_line(t) {
        return Some(LineJunk::DateTime);
    }
    if is_meta_line(t) {
        return Some(LineJunk::Meta);
    }
    if is_trailer_line(t) || is_navigation_line(t) {
        return Some(LineJunk::Trailer);
    }
    if is_disclaimer(t) {
        return Some(LineJunk::Disclaimer);
    }
    if is_blurb(t) {
        return Some(LineJunk::Blurb);
    }
    None
}

/// Stray separators at the very start or end of a paragraph, set off by whitespace
/// (`… 。 |`): byte ranges of the separator characters.
pub fn stray_separators(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let trimmed_end = text.trim_end();
    if let Some(c) = trimmed_end.chars().last() {
        if is_separator(c) {
            let s = trimmed_end.len() - c.len_utf8();
            if text[..s].ends_with(char::is_whitespace) && !text[..s].trim().is_empty() {
                out.push((s, trimmed_end.len()));
            }
        }
    }
    let lead = text.len() - text.trim_start().len();
    if let Some(c) = text[lead..].chars().next() {
        if is_separator(c) {
            let e = lead + c.len_utf8();
            if text[e..].starts_with(char::is_whitespace) && !text[e..].trim().is_empty() {
                out.insert(0, (lead, e));
            }
        }
    }
    out
}

/// Text that looks like page furniture but is not certain junk (a short line offering
/// a download): kept, with a warning.
pub fn doubtful(t: &str) -> bool {
    t.len() <= 180 && t.contains("下载") && (t.contains("查看") || t.contains("全文"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_junk_t(t: &str) -> Option<LineJunk> {
        line_junk(t)
    }

    #[test]
    fn whole_line_junk() {
        assert_eq!(
            line_junk_t("---此处隐藏120字,下载后查看---"),
            Some(LineJunk::Notice)
        );
        assert_eq!(line_junk_t("=====此处隐藏8字====="), Some(LineJunk::Notice));
        assert_eq!(
            line_junk_t("发布时间：2021-03-04 来源:本站原创"),
            Some(LineJunk::Meta)
        );
        assert_eq!(line_junk_t("更新时间:2019-1"), Some(LineJunk::Meta));
        assert_eq!(line_junk_t("2019-01-02 11:12"), Some(LineJunk::DateTime));
        assert_eq!(
            line_junk_t("2019年1月2日 11:12:13"),
            Some(LineJunk::DateTime)
        );
        assert_eq!(line_junk_t("相关文章====="), Some(LineJunk::Trailer));
        assert_eq!(line_junk_t("【猜你喜欢】"), Some(LineJunk::Trailer));
        assert_eq!(line_junk_t("上一篇：某某总结"), Some(LineJunk::Trailer));
        assert_eq!(
            line_junk_t("（文章来源于网络，如有侵权，请联系删除）"),
            Some(LineJunk::Disclaimer)
        );
        assert_eq!(
            line_junk_t("……此处隐藏2000字，请下载后查看……"),
            Some(LineJunk::Notice)
        );
        assert_eq!(line_junk_t("（本文剩余 800 字）"), None);
        assert_eq!(line_junk_t(" | "), Some(LineJunk::Separator));
        assert_eq!(
            line_junk_t("年度述职 本文是小编整理的年度述职范文，仅供参考。"),
            Some(LineJunk::Blurb)
        );
    }

    #[test]
    fn content_is_not_junk() {
        assert_eq!(line_junk_t("2019年1月2日"), None);
        assert_eq!(line_junk_t("时间过得真快，一年又过去了。"), None);
        assert_eq!(
            line_junk_t("时间：2004 年 7 月 31 日上午 8:30--19:00"),
            None
        );
        assert_eq!(line_junk_t("时间：2019年8月26日 作者：张三"), None);
        assert_eq!(line_junk_t("作者的话很有道理。"), None);
        assert_eq!(line_junk_t("我们要把推荐阅读活动办好。"), None);
        assert_eq!(line_junk_t("二、隐藏问题的排查"), None);
        assert_eq!(line_junk_t("上一篇文章写得好。"), None);
        assert_eq!(
            line_junk_t("开展打击侵权盗版行动，删除侵权链接五百条。"),
            None
        );
        assert_eq!(line_junk_t("请大家积极参与，欢迎阅读本报告并提出意见，共同改进工作方法，提升工作质量，推动全局工作再上新台阶，这是全体干部职工的共同心愿和努力方向。我们将继续努力。"), None);
    }

    #[test]
    fn glued_notice_is_found() {
        let t = "前文。---此处隐藏99字,下载后查看---后文";
        let n = notices(t);
        assert_eq!(n.len(), 1);
        let (s, e) = n[0];
        assert_eq!(&t[s..e], "---此处隐藏99字,下载后查看---");
    }

    #[test]
    fn stray_bar_at_end() {
        let t = "最后一句。 |";
        let r = stray_separators(t);
        assert_eq!(r.len(), 1);
        assert_eq!(&t[r[0].0..r[0].1], "|");
        assert!(stray_separators("a | b").is_empty());
    }
}
