//! Unit tests of the recognisers and the transforms, on sentences written for them.

use docpipe_core::model::{Block, Comment, Document, Inline, Paragraph, TextStyle};
use docpipe_core::{Context, Transform};

use crate::recognize::{find, Lang, Settings};
use crate::replace::{Replacer, Strategy};
use crate::transform::{Anonymize, Deanonymize};
use crate::EntityType;

fn zh() -> Settings {
    Settings {
        lang: Lang::Zh,
        ..Settings::default()
    }
}

fn en() -> Settings {
    Settings {
        lang: Lang::En,
        ..Settings::default()
    }
}

fn spans(settings: &Settings, text: &str) -> Vec<(String, EntityType)> {
    find(settings, text)
        .into_iter()
        .map(|e| (e.text, e.kind))
        .collect()
}

fn has(settings: &Settings, text: &str, name: &str, kind: EntityType) -> bool {
    spans(settings, text)
        .iter()
        .any(|(t, k)| t == name && *k == kind)
}

#[test]
fn chinese_names_with_cues() {
    let s = zh();
    assert!(has(
        &s,
        "记者王小明报道,今年的工作很顺利。",
        "王小明",
        EntityType::Person
    ));
    assert!(has(
        &s,
        "会上,刘建国同志作了发言。",
        "刘建国",
        EntityType::Person
    ));
    assert!(has(
        &s,
        "欧阳明华主任表示,要继续努力。",
        "欧阳明华",
        EntityType::Person
    ));
}

#[test]
fn chinese_names_inside_longer_phrases() {
    let s = zh();
    assert!(has(
        &s,
        "坚持以毛泽东思想为指导",
        "毛泽东",
        EntityType::Person
    ));
    assert!(has(&s, "深入学习邓小平理论", "邓小平", EntityType::Person));
    assert!(has(
        &s,
        "他们认真学习习总书记的讲话",
        "习",
        EntityType::Person
    ));
}

#[test]
fn common_words_are_not_names() {
    let s = zh();
    let found = spans(&s, "今天有雷阵雨,卫星发射成功,我们明白了这个道理。");
    assert!(
        found.iter().all(|(_, k)| *k != EntityType::Person),
        "{found:?}"
    );
    let found = spans(&s, "全市各级部门在县域和基层推进工作,总书记强调要落实。");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn transliterated_names_with_middle_dot() {
    assert!(has(
        &zh(),
        "节目得到了奥普拉·温弗利的推荐。",
        "奥普拉·温弗利",
        EntityType::Person
    ));
}

#[test]
fn chinese_places() {
    let s = zh();
    assert!(has(&s, "江西省委办公厅发布通知", "江西", EntityType::Place));
    assert!(has(
        &s,
        "坚持中国特色社会主义道路",
        "中国",
        EntityType::Place
    ));
    assert!(has(&s, "他在南昌市工作了十年", "南昌市", EntityType::Place));
    assert!(has(&s, "代表团访问了法国和德国", "法国", EntityType::Place));
    assert!(has(&s, "中日两国人民友好往来", "日", EntityType::Place));
}

#[test]
fn already_masked_text_is_left_alone() {
    let s = zh();
    let found = spans(&s, "XX市张x同志在*县调研,《*日报》作了报道。");
    assert!(
        found
            .iter()
            .all(|(t, _)| !t.contains('张') && !t.contains('X') && !t.contains('*')),
        "{found:?}"
    );
}

#[test]
fn english_names_and_places() {
    let s = en();
    assert!(has(
        &s,
        "Yesterday Mr. Hargreaves met the press.",
        "Hargreaves",
        EntityType::Person
    ));
    assert!(has(
        &s,
        "The report was written by Emily Watson last year.",
        "Emily Watson",
        EntityType::Person
    ));
    assert!(has(
        &s,
        "She moved from Ohio to Germany in 1990.",
        "Germany",
        EntityType::Place
    ));
    assert!(has(
        &s,
        "He grew up in Bowling Green , Ohio .",
        "Bowling Green",
        EntityType::Place
    ));
    let found = spans(
        &s,
        "The University of Nowhere Records released it on Monday.",
    );
    assert!(
        found.iter().all(|(_, k)| *k != EntityType::Person),
        "{found:?}"
    );
}

#[test]
fn a_name_found_once_is_found_everywhere() {
    let s = en();
    let found = spans(&s, "Emily Watson wrote it. Later Watson left.");
    assert_eq!(
        found.iter().filter(|(t, _)| t == "Watson").count(),
        1,
        "{found:?}"
    );
}

#[test]
fn allow_and_deny_lists() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let allow = dir.path().join("allow.txt");
    let deny = dir.path().join("deny.txt");
    std::fs::write(&allow, "王小明\n")?;
    std::fs::write(&deny, "阿花\n# a comment\n青石镇\tPLACE\n")?;
    let mut s = zh();
    s.load_allow(&allow)?;
    s.load_deny(&deny)?;
    let found = spans(&s, "记者王小明和阿花去了青石镇。");
    assert!(!found.iter().any(|(t, _)| t == "王小明"), "{found:?}");
    assert!(
        found.contains(&("阿花".to_string(), EntityType::Person)),
        "{found:?}"
    );
    assert!(
        found.contains(&("青石镇".to_string(), EntityType::Place)),
        "{found:?}"
    );
    std::fs::write(&deny, "x\tORG\n")?;
    assert!(s.load_deny(&deny).is_err());
    Ok(())
}

fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(Paragraph {
        content: inlines,
        align: None,
    })
}

fn anonymizer(strategy: Strategy, mapping: Option<std::path::PathBuf>) -> Anonymize {
    Anonymize {
        settings: Settings::default(),
        replacer: Replacer {
            strategy,
            key: None,
            mask_double: false,
        },
        mapping,
    }
}

fn all_text(doc: &mut Document) -> String {
    let mut out = String::new();
    doc.for_each_inlines_mut(&mut |inl| {
        out.push_str(&docpipe_core::walk::plain_text(inl));
        out.push('\n');
    });
    doc.for_each_loose_string_mut(&mut |s| {
        out.push_str(s);
        out.push('\n');
    });
    out
}

#[test]
fn transform_reaches_split_runs_comments_metadata_and_links(
) -> Result<(), Box<dyn std::error::Error>> {
    let mut doc = Document::from_blocks(vec![para(vec![
        Inline::text("记者王"),
        Inline::Styled {
            style: TextStyle::Bold,
            content: vec![Inline::text("小明")],
        },
        Inline::text("在南昌市采访。"),
        Inline::Link {
            target: "mailto:wangxm@example.com?subject=王小明".into(),
            content: vec![Inline::text("王小明")],
        },
    ])]);
    doc.meta.authors.push("李四海".into());
    doc.comments.push(Comment {
        id: "1".into(),
        author: Some("赵六".into()),
        blocks: vec![para(vec![Inline::text("请王小明核实。")])],
        ..Comment::default()
    });
    let t = anonymizer(Strategy::Pseudonym, None);
    let mut out = t.transform(doc, &mut Context::new("t"))?;
    let text = all_text(&mut out);
    for name in ["王小明", "王", "小明", "南昌", "李四海", "赵六"] {
        assert!(!text.contains(name), "{name} left in {text}");
    }
    assert!(text.contains("[人名"), "{text}");
    assert!(text.contains("[地名"), "{text}");
    Ok(())
}

#[test]
fn same_entity_same_pseudonym_in_any_document() -> Result<(), Box<dyn std::error::Error>> {
    let t = anonymizer(Strategy::Pseudonym, None);
    let a = t.transform(
        Document::from_blocks(vec![para(vec![Inline::text("记者王小明报道。")])]),
        &mut Context::new("a"),
    )?;
    let b = t.transform(
        Document::from_blocks(vec![para(vec![Inline::text(
            "会上王小明同志发言,记者张大伟报道。",
        )])]),
        &mut Context::new("b"),
    )?;
    let ta = a.body_text();
    let tb = b.body_text();
    let code = |t: &str| {
        t.split("[人名")
            .nth(1)
            .and_then(|r| r.split(']').next())
            .map(String::from)
    };
    assert_eq!(code(&ta), code(&tb), "{ta} / {tb}");
    Ok(())
}

#[test]
fn mask_and_tag_strategies_in_documents() -> Result<(), Box<dyn std::error::Error>> {
    let doc = || Document::from_blocks(vec![para(vec![Inline::text("记者王小明在南昌市采访。")])]);
    let out = anonymizer(Strategy::Mask, None).transform(doc(), &mut Context::new("m"))?;
    assert_eq!(out.body_text().trim(), "记者王某在某市采访。");
    let out = anonymizer(Strategy::Tag, None).transform(doc(), &mut Context::new("t"))?;
    assert_eq!(out.body_text().trim(), "记者[PERSON]在[PLACE]采访。");
    let out = anonymizer(Strategy::Redact, None).transform(doc(), &mut Context::new("r"))?;
    assert_eq!(out.body_text().trim(), "记者在采访。");
    Ok(())
}

#[test]
fn mapping_round_trip() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let map = dir.path().join("map.tsv");
    let original = Document::from_blocks(vec![para(vec![Inline::text(
        "记者王小明在南昌市采访了Mr. Hargreaves。",
    )])]);
    let t = anonymizer(Strategy::Pseudonym, Some(map.clone()));
    let anon = t.transform(original.clone(), &mut Context::new("a"))?;
    assert_ne!(anon.body_text(), original.body_text());
    let back = Deanonymize::from_mapping(&map)?.transform(anon, &mut Context::new("a"))?;
    assert_eq!(back.body_text(), original.body_text());
    Ok(())
}

#[test]
fn file_stems_lose_names() -> Result<(), Box<dyn std::error::Error>> {
    let t = anonymizer(Strategy::Pseudonym, None);
    let stem = t.file_stem("王小明同志的报告", &mut Context::new("f"))?;
    assert!(!stem.contains("王小明"), "{stem}");
    Ok(())
}

#[test]
fn names_with_x_are_names() {
    let s = en();
    assert!(has(
        &s,
        "We met Alexander Gradsky and Jamie Foxx there.",
        "Jamie Foxx",
        EntityType::Person
    ));
    assert!(has(
        &s,
        "We met Alexander Gradsky and Jamie Foxx there.",
        "Alexander Gradsky",
        EntityType::Person
    ));
}

#[test]
fn odd_input_never_panics_and_spans_are_valid() {
    let pieces = [
        "王",
        "小",
        "明",
        "·",
        "x",
        "X",
        "*",
        "某",
        "市",
        "县",
        "省",
        "记者",
        "同志",
        "说",
        "中",
        "美",
        "日",
        "华",
        "Mr.",
        " ",
        "\n",
        "Smith",
        "New",
        "York",
        ",",
        "。",
        "《",
        "》",
        "🙂",
        "\u{0}",
        "é",
        "'s",
        "-",
        ".",
        "欧阳",
        "江西省委",
        "9",
        "号",
        "路",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..300 {
        let mut text = String::new();
        for _ in 0..(round % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        for lang in [Lang::Zh, Lang::En, Lang::Auto] {
            let s = Settings {
                lang,
                ..Settings::default()
            };
            let n = text.chars().count();
            let mut last_end = 0;
            for e in find(&s, &text) {
                assert!(
                    e.start < e.end && e.end <= n && e.start >= last_end,
                    "{text:?}: {e:?}"
                );
                let sub: String = text.chars().skip(e.start).take(e.end - e.start).collect();
                assert_eq!(sub, e.text);
                last_end = e.end;
            }
        }
    }
}

// ---- Chinese recogniser rules added for issue #6 (zh.rs) ----

#[test]
fn chinese_cue_words_ending_in_a_title() {
    let s = zh();
    assert!(has(
        &s,
        "会后，地委书记周长林接受了采访。",
        "周长林",
        EntityType::Person
    ));
    assert!(has(
        &s,
        "法国总理若斯潘今天发表讲话。",
        "若斯潘",
        EntityType::Person
    ));
}

#[test]
fn chinese_surname_and_top_title_in_one_word() {
    assert!(has(
        &zh(),
        "大家认真学习毛主席的著作。",
        "毛",
        EntityType::Person
    ));
}

#[test]
fn chinese_three_character_words_read_as_names() {
    let s = zh();
    assert!(has(
        &s,
        "研究所的陈和生谈了磁谱仪的进展。",
        "陈和生",
        EntityType::Person
    ));
    let found = spans(&s, "今天下午有雷阵雨，请带好雨具。");
    assert!(
        found.iter().all(|(_, k)| *k != EntityType::Person),
        "{found:?}"
    );
}

#[test]
fn chinese_division_chains_split_addresses_kept_whole() {
    let s = zh();
    let found = spans(&s, "他出生在湖北阳新县，后来去了莫斯科。");
    for name in ["湖北", "阳新县", "莫斯科"] {
        assert!(
            found
                .iter()
                .any(|(t, k)| t == name && *k == EntityType::Place),
            "{name}: {found:?}"
        );
    }
    let found = spans(&s, "这位荷兰人在云南昆明住了三年。");
    for name in ["荷兰", "云南", "昆明"] {
        assert!(
            found
                .iter()
                .any(|(t, k)| t == name && *k == EntityType::Place),
            "{name}: {found:?}"
        );
    }
    let found = spans(&s, "公司位于成都市青羊区光华路10号。");
    assert!(
        found.iter().any(|(t, k)| t.starts_with("成都市青羊区")
            && t.ends_with('号')
            && *k == EntityType::Place),
        "{found:?}"
    );
}

#[test]
fn chinese_one_character_names_of_countries_and_regions() {
    let s = zh();
    let found = spans(&s, "会谈中，中方表示赞赏，江淮地区普降大雨。");
    for name in ["中", "江", "淮"] {
        assert!(
            found
                .iter()
                .any(|(t, k)| t == name && *k == EntityType::Place),
            "{name}: {found:?}"
        );
    }
    let found = spans(&s, "其中方法很多，我们的地方工作做得好。");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn chinese_cue_spans_without_time_or_function_words() {
    let s = zh();
    let found = spans(&s, "总经理周二晚表示同意。一位置业顾问告诉我们。");
    assert!(
        found.iter().all(|(_, k)| *k != EntityType::Person),
        "{found:?}"
    );
}

#[test]
fn chinese_towns_cut_apart_by_segmentation() {
    let s = zh();
    assert!(has(
        &s,
        "上个月，湖坊镇党委召开了会议。",
        "湖坊镇",
        EntityType::Place
    ));
    let found = spans(&s, "全年新建社区服务站三个，城镇和乡镇的面貌都变了。");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn chinese_facilities_named_after_a_place() {
    assert!(has(
        &zh(),
        "展览在上海图书馆举行。",
        "上海图书馆",
        EntityType::Place
    ));
}

#[test]
fn chinese_names_in_a_list_and_given_names_alone() {
    let s = zh();
    let found = spans(&s, "参赛的有王楠、杨影和李菊。");
    assert!(
        found
            .iter()
            .any(|(t, k)| t == "杨影" && *k == EntityType::Person),
        "{found:?}"
    );
}

#[test]
fn chinese_datelines_and_latin_names_in_chinese_text() {
    let s = zh();
    let found = spans(&s, "本报德国汉堡3月2日电 记者报道：");
    for name in ["德国", "汉堡"] {
        assert!(
            found
                .iter()
                .any(|(t, k)| t == name && *k == EntityType::Place),
            "{name}: {found:?}"
        );
    }
    assert!(has(
        &s,
        "游戏的首席设计师Anderson接受了采访。",
        "Anderson",
        EntityType::Person
    ));
    let found = spans(&s, "我们用iPhone和Windows写报告。");
    assert!(
        found.iter().all(|(_, k)| *k != EntityType::Person),
        "{found:?}"
    );
}

#[test]
fn chinese_ordinary_words_with_a_surname_are_not_names() {
    let s = zh();
    let found = spans(&s, "大力发展高科技、高增值产业，全明星高尔夫球队也来了。");
    assert!(
        found.iter().all(|(_, k)| *k != EntityType::Person),
        "{found:?}"
    );
}

#[test]
fn chinese_full_addresses_run_to_their_last_part() {
    let found = spans(
        &zh(),
        "店址：广州市天河区体育西路103号维多利广场三楼，欢迎光临。",
    );
    assert!(
        found.iter().any(|(t, k)| t.starts_with("广州市")
            && t.ends_with("三楼")
            && *k == EntityType::Place),
        "{found:?}"
    );
}

#[test]
fn chinese_transliterated_name_before_an_adverb_and_a_cue() {
    assert!(has(
        &zh(),
        "会谈结束后，鲁宾还说，双方的分歧正在缩小。",
        "鲁宾",
        EntityType::Person
    ));
}

#[test]
fn chinese_currencies_and_set_phrases_are_not_places() {
    let found = spans(
        &zh(),
        "油价不到每桶16美元，日元继续下跌，问题越来越紧迫，他对法院提出上诉，发展中国家受影响。",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn chinese_interjections_and_common_nouns_are_not_names() {
    let found = spans(
        &zh(),
        "感谢小编，谢谢谢谢谢谢，帅哥美女们，我们的卫星升空了，哈哈。",
    );
    assert!(
        found.iter().all(|(_, k)| *k != EntityType::Person),
        "{found:?}"
    );
}

#[test]
fn chinese_landmarks_known_to_the_dictionary() {
    assert!(has(
        &zh(),
        "游客们参观了布达拉宫。",
        "布达拉宫",
        EntityType::Place
    ));
}

#[test]
fn chinese_surname_and_a_very_common_given_name() {
    let s = zh();
    let found = spans(&s, "昨天，罗志强在会上作了发言。");
    assert!(
        found
            .iter()
            .any(|(t, k)| t == "罗志强" && *k == EntityType::Person),
        "{found:?}"
    );
}

#[test]
fn chinese_facility_names_after_a_place_word() {
    let s = zh();
    assert!(has(
        &s,
        "音乐节周六在星河公园举行。",
        "星河公园",
        EntityType::Place
    ));
    // The facility word alone is no name.
    let found = spans(&s, "我们在公园散步。");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn chinese_foreign_names_kept_whole() {
    let s = zh();
    assert!(has(
        &s,
        "后卫马洛维奇科夫斯基昨天伤愈复出。",
        "马洛维奇科夫斯基",
        EntityType::Person
    ));
    assert!(has(
        &s,
        "主持人是伊莎贝拉·奥古斯丁娜。",
        "伊莎贝拉·奥古斯丁娜",
        EntityType::Person
    ));
    // A run stops where the words stop: 多次 is no part of the name.
    assert!(has(&s, "梅西多次破门。", "梅西", EntityType::Person));
}

#[test]
fn chinese_district_after_a_known_city() {
    let s = zh();
    assert!(has(
        &s,
        "推广江西省南昌市红谷滩区经验。",
        "红谷滩区",
        EntityType::Place
    ));
    assert!(has(
        &s,
        "他在南昌市丰瑞区工作。",
        "丰瑞区",
        EntityType::Place
    ));
    // Ordinary words before 区 are no district, even after a city.
    let found = spans(&s, "南昌市城区和社区都有新变化。");
    assert!(
        found.iter().all(|(t, _)| t.as_str() == "南昌市"),
        "{found:?}"
    );
}
