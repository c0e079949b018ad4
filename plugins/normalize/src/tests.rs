//! Rule-by-rule tests of the transform on small texts written for them, plus the
//! idempotence and no-character-lost properties (also on the shared seeds when present).

use std::collections::HashMap;
use std::path::PathBuf;

use docpipe_core::model::{Block, Document, Heading, Inline, Paragraph, TextStyle};
use docpipe_core::outline::{Outline, Section};
use docpipe_core::walk::{block_text, plain_text};
use docpipe_core::Context;

use crate::{normalize, Settings};

fn doc(text: &str) -> Document {
    Document::from_blocks(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                Block::Paragraph(Paragraph {
                    content: vec![Inline::text(l)],
                    align: None,
                })
            })
            .collect(),
    )
}

fn run_with(d: Document, st: Settings) -> (Document, Context) {
    let mut ctx = Context::new("test");
    ctx.enter_stage("normalize");
    let out = normalize(d, &st, &mut ctx);
    (out, ctx)
}

fn run(text: &str) -> (Document, Context) {
    run_with(doc(text), Settings::default())
}

/// `(level, label, heading)` of every heading, in order, over all parts.
fn heads(d: &Document) -> Vec<(u8, String, String)> {
    fn walk(s: &[Section], out: &mut Vec<(u8, String, String)>) {
        for x in s {
            out.push((x.level, x.label.clone(), x.heading.clone()));
            walk(&x.children, out);
        }
    }
    let mut out = Vec::new();
    for p in Outline::of(d).parts {
        walk(&p.sections, &mut out);
    }
    out
}

fn h(level: u8, label: &str, text: &str) -> (u8, String, String) {
    (level, label.to_string(), text.to_string())
}

fn paragraphs(d: &Document) -> Vec<String> {
    d.parts
        .iter()
        .flat_map(|p| p.blocks.iter())
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(plain_text(&p.content)),
            _ => None,
        })
        .collect()
}

fn all_text(d: &Document) -> String {
    let mut s = String::new();
    for p in &d.parts {
        if let Some(t) = &p.title {
            s.push_str(&plain_text(t));
            s.push('\n');
        }
        for b in &p.blocks {
            s.push_str(&block_text(b));
            s.push('\n');
        }
    }
    s
}

/// Every non-whitespace character of `input` is in the output or in `removed`.
fn assert_nothing_lost(input: &str) {
    let st = Settings {
        gbt: false,
        ..Settings::default()
    };
    let (out, ctx) = run_with(doc(input), st);
    let mut have: HashMap<char, i64> = HashMap::new();
    let kept = all_text(&out);
    for c in kept
        .chars()
        .chain(ctx.removed().iter().flat_map(|r| r.chars()))
    {
        *have.entry(c).or_default() += 1;
    }
    for c in input.chars().filter(|c| !c.is_whitespace()) {
        let n = have.entry(c).or_default();
        *n -= 1;
        assert!(*n >= 0, "character {c:?} of the input was lost: {input:?}");
    }
}

fn assert_idempotent(input: &str) {
    let (once, _) = run(input);
    let (twice, _) = run_with(once.clone(), Settings::default());
    assert_eq!(
        once, twice,
        "normalising twice changed the document {input:?}"
    );
}

const REPORT: &str = "关于街道二〇二四年度工作的报告
今年以来，街道围绕中心工作，取得了一定成效。现报告如下：
一、主要工作
（一）抓好队伍建设。组织全体人员开展培训六次，效果良好。
1.完善制度
（1）建立台账
二、下一步打算
今后我们将重点做好以下工作：一是继续抓学习，提高能力；二是改进作风；三是加强督查。
落实措施如下：一是压实责任。明确分工到人。二是强化考核。每月通报一次。";

#[test]
fn gbt_levels_follow_the_marker_hierarchy() {
    let (d, _) = run(REPORT);
    assert_eq!(
        heads(&d),
        vec![
            h(1, "一、", "主要工作"),
            h(2, "（一）", "抓好队伍建设。"),
            h(3, "1.", "完善制度"),
            h(4, "（1）", "建立台账"),
            h(1, "二、", "下一步打算"),
            h(2, "一是", "压实责任。"),
            h(2, "二是", "强化考核。"),
        ]
    );
    let title = d.parts[0].title.as_ref().map(|t| plain_text(t));
    assert_eq!(title.as_deref(), Some("关于街道二〇二四年度工作的报告"));
}

#[test]
fn heading_sharing_a_paragraph_is_split_at_its_first_sentence() {
    let (d, _) = run("（二）强化督导。本季度共督导八次。发现问题五个。");
    assert_eq!(heads(&d), vec![h(1, "（二）", "强化督导。")]);
    assert_eq!(paragraphs(&d), vec!["本季度共督导八次。发现问题五个。"]);
}

#[test]
fn inline_enumerations_are_not_headings() {
    let (d, _) = run("二、问题\n存在的不足有：一是学习不够深入；二是调研不多；三是创新不足。");
    assert_eq!(heads(&d), vec![h(1, "二、", "问题")]);
    // A point continuing an inline enumeration after a full stop stays text too.
    let (d, _) = run("一、问题\n不足有：一是学习少；二是调研少。三是创新少。");
    assert_eq!(heads(&d), vec![h(1, "一、", "问题")]);
}

#[test]
fn points_mid_paragraph_become_headings_and_split_the_paragraph() {
    let (d, _) = run("（一）抓学习\n全年学习十次。一是读原著。每周一篇。二是写体会。每月一篇。");
    assert_eq!(
        heads(&d),
        vec![
            h(1, "（一）", "抓学习"),
            h(2, "一是", "读原著。"),
            h(2, "二是", "写体会。")
        ]
    );
    assert_eq!(
        paragraphs(&d),
        vec!["全年学习十次。", "每周一篇。", "每月一篇。"]
    );
}

#[test]
fn a_point_after_a_colon_is_a_heading_when_its_sentence_ends_first() {
    let (d, _) = run("一、措施\n我们将：一是严格管理。加强检查。二是优化服务。提高效率。");
    assert_eq!(
        heads(&d),
        vec![
            h(1, "一、", "措施"),
            h(2, "一是", "严格管理。"),
            h(2, "二是", "优化服务。")
        ]
    );
}

#[test]
fn look_alike_markers_are_ignored() {
    let (d, _) = run("一、概况\n大家思想统一是前提。节日有春节、五四、国庆等。\n前后一致。");
    assert_eq!(heads(&d), vec![h(1, "一、", "概况")]);
}

#[test]
fn a_marker_glued_after_a_sentence_continues_its_sequence() {
    let (d, _) = run("一、成绩\n（一）学习。读书十本。（二）调研。走访五户。二、问题\n正文。获奖情况：一等奖一名。三、四等奖若干。");
    assert_eq!(
        heads(&d),
        vec![
            h(1, "一、", "成绩"),
            h(2, "（一）", "学习。"),
            h(2, "（二）", "调研。"),
            h(1, "二、", "问题"),
        ]
    );
}

#[test]
fn no_level_is_skipped_without_the_top_marker() {
    let (_, ctx) = run("（一）甲\n（二）乙");
    assert!(ctx.warnings()[0].message.contains("no 一、 heading"));
    let (d, _) = run("（一）甲项工作\n一是细化。内容。\n（二）乙项工作");
    assert_eq!(
        heads(&d),
        vec![
            h(1, "（一）", "甲项工作"),
            h(2, "一是", "细化。"),
            h(1, "（二）", "乙项工作")
        ]
    );
}

#[test]
fn numbering_anomalies_are_warnings_in_words() {
    let (_, ctx) = run("一、甲\n三、乙\n三、丙\n二、丁");
    let w: Vec<String> = ctx.warnings().iter().map(|w| w.message.clone()).collect();
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0].contains("三、 follows 一、") && w[0].contains("skipped"));
    assert!(w[1].contains("repeated"));
    assert!(w[2].contains("二、 follows 三、") && w[2].contains("restarts"));
    let (_, ctx) = run("一、甲\n二是乙。正文。");
    assert!(ctx.warnings()[0].message.contains("does not start at 1"));
}

#[test]
fn restart_after_hidden_text_names_the_gap() {
    let (d, ctx) =
        run("一、甲\n（一）子一\n（二）子二\n-----此处隐藏300字,下载后查看-----\n（一）子三");
    assert_eq!(heads(&d).last(), Some(&h(2, "（一）", "子三")));
    let w = &ctx.warnings()[0].message;
    assert!(
        w.contains("（一） follows （二）") && w.contains("此处隐藏300字"),
        "{w}"
    );
    assert_eq!(ctx.removed(), ["-----此处隐藏300字,下载后查看-----"]);
}

#[test]
fn title_only_when_the_first_line_reads_as_one() {
    let (d, _) = run("今年工作总体平稳，现总结如下：\n一、情况");
    assert_eq!(d.parts[0].title, None);
    let (d, _) = run("单独一行");
    assert_eq!(d.parts[0].title, None);
}

#[test]
fn several_reports_become_parts() {
    let text = "合集页面标题\n篇一：春季工作小结\n一、做法\n内容甲。\n篇二\n秋季工作小结\n一、做法\n内容乙。\n二、体会\n内容丙。";
    let (d, ctx) = run(text);
    assert_eq!(d.parts.len(), 2);
    let titles: Vec<String> = d
        .parts
        .iter()
        .map(|p| p.title.as_ref().map(|t| plain_text(t)).unwrap_or_default())
        .collect();
    assert_eq!(titles, vec!["篇一：春季工作小结", "篇二 秋季工作小结"]);
    assert_eq!(ctx.removed(), ["合集页面标题"]);
    assert_eq!(heads(&d).len(), 3);
    let (d, _) = run("篇1：甲总结\n一、做法\n内容。\n篇2：乙总结\n一、做法\n内容。");
    assert_eq!(d.parts.len(), 2);
    // One label alone is not a split.
    let (d, _) = run("总结一下今年的工作。\n一、做法");
    assert_eq!(d.parts.len(), 1);
}

#[test]
fn flattened_report_is_split_back() {
    let text = "开头一段话。 一、基本情况 今年共完成任务五项。 （一）抓落实。具体做法很多。 二、存在问题 一是人手不足。需要补充。 二是经费紧张。 总之要努力。";
    let (d, _) = run(text);
    assert_eq!(
        heads(&d),
        vec![
            h(1, "一、", "基本情况"),
            h(2, "（一）", "抓落实。"),
            h(1, "二、", "存在问题"),
            h(2, "一是", "人手不足。"),
            h(2, "二是", "经费紧张。"),
        ]
    );
    assert_eq!(paragraphs(&d)[0], "开头一段话。");
    assert_eq!(paragraphs(&d)[1], "今年共完成任务五项。");
    let (d, _) = run("某局工作总结 今年以来成绩显著。 一、做法 内容。 二、体会 内容。");
    assert_eq!(
        d.parts[0].title.as_ref().map(|t| plain_text(t)).as_deref(),
        Some("某局工作总结")
    );
    assert_eq!(heads(&d).len(), 2);
}

#[test]
fn junk_is_removed_and_recorded() {
    let text = "发布时间：2023-04-05 来源：本站整理\n2023-04-05 10:20\n一、概况\n正文第一段。----此处隐藏800字,下载后查看----正文第二段。\n相关推荐====\n我们要用好推荐阅读制度。\n2023年4月5日\n|\n最后一句。 |";
    let (d, ctx) = run(text);
    assert_eq!(
        ctx.removed(),
        [
            "发布时间：2023-04-05 来源：本站整理",
            "2023-04-05 10:20",
            "----此处隐藏800字,下载后查看----",
            "相关推荐====",
            "|",
            "|",
        ]
    );
    assert_eq!(
        paragraphs(&d),
        vec![
            "正文第一段。",
            "正文第二段。",
            "我们要用好推荐阅读制度。",
            "2023年4月5日",
            "最后一句。"
        ]
    );
}

#[test]
fn doubtful_furniture_is_kept_with_a_warning() {
    let (d, ctx) = run("一、概况\n点击下载查看完整版\n正文。");
    assert!(paragraphs(&d).contains(&"点击下载查看完整版".to_string()));
    assert!(ctx
        .warnings()
        .iter()
        .any(|w| w.message.contains("点击下载查看完整版")));
}

#[test]
fn text_after_a_trailer_is_kept_with_a_warning() {
    let (d, ctx) = run("一、概况\n正文。\n最新推荐\n另一篇文章的标题\n又一篇文章的标题");
    assert_eq!(ctx.removed(), ["最新推荐"]);
    assert_eq!(paragraphs(&d).len(), 3);
    assert!(ctx.warnings().iter().any(|w| w
        .message
        .contains("kept 2 paragraph(s) after the removed \"最新推荐\"")));
}

#[test]
fn options_keep_markers_junk_and_points() {
    let text = "(一)学习\n内容：一是读书。多读。\n---此处隐藏5字---";
    let st = Settings {
        gbt: false,
        junk: false,
        points: false,
    };
    let (d, ctx) = run_with(doc(text), st);
    assert_eq!(heads(&d), vec![h(1, "(一)", "学习")]);
    assert!(ctx.removed().is_empty());
    assert!(paragraphs(&d).contains(&"---此处隐藏5字---".to_string()));
    let (d, _) = run(text);
    assert_eq!(
        heads(&d),
        vec![h(1, "（一）", "学习"), h(2, "一是", "读书。")]
    );
}

#[test]
fn english_numbered_headings() {
    let (d, _) = run("Notes\n1) First things\nText.");
    assert_eq!(heads(&d), vec![h(1, "1)", "First things")]);
    let text = "Annual Report\n1. Introduction\nThis report covers the year.\n1.1 Scope\nWe looked at sales.\n1.2 Method\n2. Results\nI went home. It was late.\n3. Buy milk.\nChapter 4: Outlook";
    let (d, _) = run(text);
    assert_eq!(
        heads(&d),
        vec![
            h(1, "1.", "Introduction"),
            h(2, "1.1", "Scope"),
            h(2, "1.2", "Method"),
            h(1, "2.", "Results"),
            h(1, "Chapter 4:", "Outlook"),
        ]
    );
    assert_eq!(
        d.parts[0].title.as_ref().map(|t| plain_text(t)).as_deref(),
        Some("Annual Report")
    );
}

fn styled_heading(level: u8, label: Option<&str>, text: &str) -> Block {
    Block::Heading(Heading {
        level,
        label: label.map(String::from),
        content: vec![Inline::text(text)],
        id: None,
    })
}

#[test]
fn headings_from_styles_keep_their_order_and_take_typed_children() {
    let d = Document::from_blocks(vec![
        styled_heading(1, None, "总则"),
        styled_heading(3, Some("一、"), "范围"),
        Block::Paragraph(Paragraph {
            content: vec![Inline::text("（一）适用对象。本办法适用于全体。")],
            align: None,
        }),
        styled_heading(3, None, "二、定义"),
        styled_heading(1, None, "附则"),
    ]);
    let (out, _) = run_with(d, Settings::default());
    assert_eq!(
        heads(&out),
        vec![
            h(1, "", "总则"),
            h(2, "一、", "范围"),
            h(3, "（一）", "适用对象。"),
            h(2, "二、", "定义"),
            h(1, "", "附则"),
        ]
    );
}

#[test]
fn a_line_break_before_a_marker_starts_a_heading() {
    let d = Document::from_blocks(vec![Block::Paragraph(Paragraph {
        content: vec![
            Inline::text("一、经过\n正文一段。"),
            Inline::LineBreak {},
            Inline::Styled {
                style: TextStyle::Bold,
                content: vec![Inline::text("二．体会 ")],
            },
        ],
        align: None,
    })]);
    let (out, _) = run_with(d, Settings::default());
    assert_eq!(
        heads(&out),
        vec![h(1, "一、", "经过"), h(1, "二、", "体会")]
    );
    assert_eq!(paragraphs(&out), vec!["正文一段。"]);
}

#[test]
fn numbered_list_items_with_gbt_markers_are_headings() {
    let item = |label: &str, text: &str| docpipe_core::model::ListItem {
        label: Some(label.to_string()),
        blocks: vec![Block::Paragraph(Paragraph {
            content: vec![Inline::text(text)],
            align: None,
        })],
    };
    let d = Document::from_blocks(vec![
        Block::List(docpipe_core::model::List {
            ordered: true,
            start: None,
            items: vec![item("一、", "任务来源")],
        }),
        Block::Paragraph(Paragraph {
            content: vec![Inline::text("（一）背景。正文。")],
            align: None,
        }),
        Block::List(docpipe_core::model::List {
            ordered: true,
            start: None,
            items: vec![item("1.", "普通列表项"), item("2.", "第二项")],
        }),
    ]);
    let (out, _) = run_with(d, Settings::default());
    assert_eq!(
        heads(&out),
        vec![h(1, "一、", "任务来源"), h(2, "（一）", "背景。")]
    );
    assert!(matches!(out.parts[0].blocks.last(), Some(Block::List(_))));
}

#[test]
fn styles_survive_a_split() {
    let d = Document::from_blocks(vec![Block::Paragraph(Paragraph {
        content: vec![
            Inline::Styled {
                style: TextStyle::Bold,
                content: vec![Inline::text("一、加强领导。")],
            },
            Inline::text("具体内容。"),
        ],
        align: None,
    })]);
    let (out, _) = run_with(d, Settings::default());
    let Some(Block::Heading(hd)) = out.parts[0].blocks.first() else {
        panic!("no heading");
    };
    assert!(matches!(hd.content.first(), Some(Inline::Styled { .. })));
    assert_eq!(plain_text(&hd.content), "加强领导。");
}

const SAMPLES: [&str; 6] = [
    REPORT,
    "开头一段话。 一、基本情况 今年共完成任务五项。 （一）抓落实。具体做法很多。 二、存在问题 一是人手不足。需要补充。 二是经费紧张。 总之要努力。",
    "合集页面标题\n篇一：春季工作小结\n一、做法\n内容甲。\n篇二\n秋季工作小结\n一、做法\n内容乙。",
    "发布时间：2023-04-05 来源：本站整理\n一、概况\n正文。----此处隐藏800字,下载后查看----正文。\n最后一句。 |",
    "（一）甲项工作\n一是细化。内容。\n（二）乙项工作\n1、小项。说明\n（1）细项",
    "Annual Report\n1. Introduction\nText.\n1.1 Scope\nMore text.",
];

#[test]
fn idempotent_and_lossless_on_samples() {
    for s in SAMPLES {
        assert_idempotent(s);
        assert_nothing_lost(s);
    }
}

fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("DOCPIPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if p.join("corpus/seeds").is_dir() {
        Some(p)
    } else {
        eprintln!("note: {} not found; skipping the seed checks", p.display());
        None
    }
}

#[test]
fn idempotent_and_lossless_on_seeds() {
    let Some(dir) = shared() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir.join("corpus/seeds")) else {
        return;
    };
    let mut n = 0;
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            assert_idempotent(&text);
            assert_nothing_lost(&text);
            n += 1;
        }
    }
    assert!(n > 0);
}

/// Random texts built from markers, junk fragments, punctuation and spaces: no panic,
/// idempotent, nothing lost.
#[test]
fn random_texts_are_handled() {
    const PIECES: [&str; 40] = [
        "一、",
        "二、",
        "十一、",
        "（一）",
        "(二)",
        "（三）、",
        "1.",
        "2、",
        "3．",
        "1.1 ",
        "（1）",
        "(2)",
        "一是",
        "二是",
        "三是",
        "统一是",
        "五四、",
        "。",
        "；",
        "：",
        ":",
        "，",
        " ",
        "  ",
        "\u{3000}",
        "\n",
        "工作",
        "总结一",
        "总结二",
        "篇一：",
        "---此处隐藏12字,下载后查看---",
        "|",
        "最新推荐",
        "2020-01-02 10:11",
        "更新时间:2020-1 来源:网络",
        "Chapter 2",
        "A. ",
        "Intro",
        "“",
        "”",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..1000 {
        let n = (next() % 40) as usize;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        assert_idempotent(&s);
        assert_nothing_lost(&s);
    }
}
