//! The Chinese recogniser: jieba-rs segmentation and its `nr`/`ns`/`nrt` tags, the
//! gazetteer of administrative divisions and countries, surname and given-name lists,
//! context cues (`同志`, `记者`, `说`, …) and address suffixes.

use crate::data::{zh, ZhData, ZhLevel};
use crate::entity::EntityType;

/// A candidate span with a priority for overlap resolution (higher wins).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    pub prio: u8,
}

struct Tok<'a> {
    start: usize,
    end: usize,
    word: &'a str,
    tag: &'a str,
}

impl Tok<'_> {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// Words after a name that show it is a person (`王伟同志`, `李明说`).
const CUE_AFTER: &[&str] = &[
    "同志",
    "书记",
    "副书记",
    "主任",
    "副主任",
    "先生",
    "女士",
    "小姐",
    "说",
    "表示",
    "指出",
    "认为",
    "介绍",
    "告诉",
    "称",
    "强调",
    "教授",
    "院士",
    "老师",
    "医生",
    "博士",
    "局长",
    "市长",
    "县长",
    "省长",
    "区长",
    "镇长",
    "乡长",
    "村长",
    "部长",
    "厅长",
    "处长",
    "科长",
    "主席",
    "总理",
    "总统",
    "委员",
    "代表",
    "经理",
    "董事长",
    "总裁",
    "校长",
    "主编",
    "导演",
    "律师",
    "法官",
    "警官",
    "教练",
    "队长",
    "大使",
    "等人",
    "一行",
    "夫妇",
    "先生们",
    "同学",
    "师傅",
    "研究员",
    "工程师",
    "总经理",
    "副局长",
    "副市长",
    "副县长",
    "副省长",
    "会长",
    "秘书长",
    "社长",
    "厂长",
    "所长",
    "院长",
    "站长",
    "主管",
    "笑着说",
    "回忆",
    "坦言",
];

/// Words before a name that show it is a person (`记者王伟`, `书记李明`).
const CUE_BEFORE: &[&str] = &[
    "记者",
    "通讯员",
    "摄影",
    "编辑",
    "主持人",
    "作者",
    "教练",
    "队长",
    "总统",
    "主席",
    "总理",
    "首相",
    "市长",
    "省长",
    "县长",
    "书记",
    "局长",
    "部长",
    "董事长",
    "总裁",
    "经理",
    "主任",
    "老师",
    "教授",
    "医生",
    "演员",
    "歌手",
    "导演",
    "选手",
    "球员",
    "网友",
    "同学",
    "村民",
    "院士",
    "委员",
    "代表",
    "律师",
    "法官",
    "民警",
    "患者",
    "嫌疑人",
    "被告人",
    "原告",
    "被告",
    "犯罪嫌疑人",
    "当事人",
    "证人",
    "申请人",
    "被申请人",
    "上诉人",
    "被上诉人",
    "组长",
    "社长",
    "校长",
    "院长",
    "厂长",
    "村长",
    "镇长",
    "乡长",
    "区长",
    "处长",
    "科长",
    "厅长",
    "会长",
    "秘书长",
    "大使",
    "先生",
    "女士",
    "丈夫",
    "妻子",
    "儿子",
    "女儿",
    "父亲",
    "母亲",
    "姓名",
    "联系人",
    "负责人",
    "法定代表人",
    "委托代理人",
    "笔者",
    "撰稿",
    "责编",
];

/// Titles that turn a lone surname into a person's name (`习总书记`, `毛主席`).
const SURNAME_TITLES: &[&str] = &[
    "总书记",
    "主席",
    "总理",
    "委员长",
    "书记",
    "省长",
    "市长",
    "县长",
    "局长",
    "部长",
    "总",
    "董",
    "经理",
    "老师",
    "教授",
    "医生",
    "先生",
    "女士",
    "小姐",
    "师傅",
    "同志",
    "队长",
    "总统",
    "大爷",
    "大妈",
    "阿姨",
    "老板",
    "主任",
    "处长",
    "科长",
    "厂长",
    "校长",
    "院长",
];

/// Words never taken as a place even when a list or jieba's tag says so.
const NOT_PLACE: &[&str] = &[
    "市",
    "县",
    "区",
    "省",
    "镇",
    "乡",
    "村",
    "全市",
    "全县",
    "全区",
    "全省",
    "全镇",
    "全乡",
    "全村",
    "我市",
    "我省",
    "我县",
    "我区",
    "本市",
    "本县",
    "本省",
    "本区",
    "县域",
    "市域",
    "基层",
    "国家",
    "全国",
    "中央",
    "党中央",
    "省委",
    "市委",
    "县委",
    "区委",
    "地方",
    "国内",
    "海外",
    "当地",
    "本地",
    "外地",
    "各地",
    "城市",
    "农村",
    "乡村",
    "城乡",
    "社区",
    "街道",
    "市区",
    "城区",
    "郊区",
    "山区",
    "东方",
    "西方",
    "南方",
    "北方",
    "中华",
    "中华民族",
    "中共",
    "华夏",
    "各国",
    "全球",
    "世界",
    "国际",
    "天下",
    "境内",
    "境外",
    "内地",
    "市里",
    "县里",
    "省里",
    "城里",
    "村里",
    "镇里",
    "乡里",
    "东部",
    "西部",
    "南部",
    "北部",
    "中部",
    "东区",
    "西区",
    "南区",
    "北区",
    "中区",
    "新区",
    "开发区",
    "示范区",
    "景区",
    "小区",
    "园区",
    "城关",
    "城中",
    "新城",
    "老城",
    "主城",
    "东城",
    "西城",
    "中心",
    "新华",
    "人民",
    "和平",
    "胜利",
    "解放",
    "光明",
    "红旗",
    "友谊",
    "团结",
    "幸福",
    "前进",
    "建设",
    "长安",
    "太平",
    "永安",
    "白云",
    "青山",
    "江南",
    "江北",
    "河东",
    "河西",
    "两国",
    "三国",
    "外国",
    "大国",
    "小国",
    "东西",
    "美丽",
    "海洋",
    "青春",
    "白银",
    "南北",
    "欧美",
    "中外",
    "祖国",
    "异国",
    "他国",
    "本国",
    "全世界",
    "老家",
    "家乡",
    "故乡",
    "原籍",
    "首都",
    "省会",
];

/// Words jieba tags as person names that are ordinary words.
const NR2_STOP: &[&str] = &[
    "雷阵雨",
    "令人",
    "崇高",
    "阿尔法",
    "高达",
    "高级",
    "连胜",
    "荣获",
    "荣幸",
    "公正",
    "谢谢",
    "文明",
    "明白",
    "卫星",
    "熊猫",
    "祝福",
    "智慧",
    "花红",
    "顾问",
    "公开",
    "都会",
    "童鞋",
    "伊斯兰",
    "阿拉伯",
    "马拉松",
    "沙拉",
    "巴士",
    "罗盘",
    "高山",
    "金石",
    "江山",
    "黄金",
];

/// Characters of one-character country abbreviations (`中日`, `访华`, `抗日`).
const ABBR: &str = "中美日英法德俄韩朝印越泰苏欧澳葡荷非";
/// One-character abbreviations that stand alone after a verb (`在京`, `访华`).
const SINGLE: &str = "俄美日英法德韩朝印越泰澳葡华京沪港台藏苏欧";
/// Pairs of abbreviation characters that are ordinary words.
const ABBR_STOP: &[&str] = &[
    "非法",
    "美德",
    "美美",
    "日日",
    "中中",
    "法法",
    "欧欧",
    "德德",
    "英英",
    "中日韩",
];
/// Verbs that take a one-character country abbreviation (`访华`, `赴美`, `抗日`).
const ABBR_VERBS: &str = "访抗来赴驻旅侵援留在抵离进返回";
/// Words after a pair of abbreviations that show they are countries (`中日两国`).
const ABBR_NEXT: &[&str] = &[
    "两国",
    "三国",
    "关系",
    "双方",
    "之间",
    "边境",
    "友好",
    "合作",
    "贸易",
    "建交",
    "联合",
    "会谈",
    "外长",
    "首脑",
    "战争",
    "两党",
    "人民",
    "经贸",
    "峰会",
    "对话",
    "磋商",
    "协定",
    "联合声明",
    "友谊",
    "交流",
    "双边",
    "三边",
    "首脑会晤",
    "元首",
];

/// Address words that continue a place (`…路`, `…号`, `…村`).
const ADDR_SUFFIX: &[&str] = &[
    "路",
    "街",
    "大街",
    "大道",
    "巷",
    "弄",
    "号",
    "村",
    "镇",
    "乡",
    "区",
    "县",
    "市",
    "省",
    "州",
    "社区",
    "小区",
    "花园",
    "广场",
    "大厦",
    "楼",
    "层",
    "室",
    "栋",
    "幢",
    "单元",
    "里",
    "屯",
    "庄",
    "湾",
    "桥",
    "街道",
    "胡同",
    "组",
    "苑",
    "城",
    "镇区",
    "公园",
    "山",
    "湖",
    "河",
    "江",
    "岛",
    "港",
    "机场",
    "车站",
    "站",
    "码头",
    "寺",
    "庙",
    "宫",
    "塔",
    "洲",
    "半岛",
    "峡",
    "谷",
    "岭",
    "峰",
    "海",
    "湾区",
    "新区",
    "开发区",
    "园区",
    "林场",
    "农场",
    "口",
    "门",
    "关",
];

/// Characters that end an address-like place name.
const PLACE_END: &str = "省市县区镇乡村州路街巷弄号";

/// Characters that end a transliterated name (particles and verbs around it).
const NOT_IN_FOREIGN: &str = "的了在是和与及或也都就而被把将对从向于为以等之其这那有个不说称";

/// Characters used to transliterate foreign names (克林顿, 基里延科).
const TRANSLIT: &str = "阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂杜多厄恩法菲费芬弗福盖冈戈格贡古哈海汉豪赫亨胡怀霍基吉加贾杰金卡凯坎康科克肯库拉莱赖兰朗劳勒雷里利莉林琳卢鲁伦罗洛马迈麦曼梅门蒙米密莫姆穆纳奈南内尼涅纽努诺帕潘佩皮普奇齐乔切琼萨塞桑瑟森沙尚舍什施斯松苏索塔泰坦汤唐特滕图托瓦万威维温沃乌西希谢辛休雅亚扬耶伊因英尤约赞泽扎詹兹佐顿夫娃娜丝斐茨柯默珀宁尔喀黎莎萝克延基季柴契廖捷斐蕾妮娅薇琪丽莉露伍勃";

fn is_translit(w: &str) -> bool {
    w.chars().all(|c| TRANSLIT.contains(c))
}

/// Function characters never taken as part of a given name.
const NOT_GIVEN: &str =
    "的了在是和与及或也都就而被把将对从向于为以等之其这那有个不人年月日时着过们";

fn is_cjk(c: char) -> bool {
    docpipe_core::lang::is_cjk(c)
}

fn all_cjk(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_cjk)
}

fn has(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Length of the surname at `chars[i..]` (2 for compound surnames), if any.
fn surname_len(d: &ZhData, chars: &[char], i: usize) -> Option<(usize, u8)> {
    if let (Some(a), Some(b)) = (chars.get(i), chars.get(i + 1)) {
        let two: String = [*a, *b].iter().collect();
        if let Some(t) = d.surnames.get(two.as_str()) {
            return Some((2, *t));
        }
    }
    let c = chars.get(i)?;
    let mut buf = [0u8; 4];
    d.surnames.get(&*c.encode_utf8(&mut buf)).map(|t| (1, *t))
}

fn given_ok(d: &ZhData, c: char, min: u32) -> bool {
    !NOT_GIVEN.contains(c) && d.given.get(&c).is_some_and(|n| *n >= min)
}

/// True when `chars[s..e]` reads as surname + given name (1 or 2 characters).
fn is_name_shape(d: &ZhData, chars: &[char], s: usize, e: usize) -> bool {
    let Some((sl, tier)) = surname_len(d, chars, s) else {
        return false;
    };
    let glen = e.saturating_sub(s + sl);
    if !(1..=2).contains(&glen) || e > chars.len() {
        return false;
    }
    let min = if tier == 1 { 3 } else { 8 };
    chars[s + sl..e].iter().all(|c| given_ok(d, *c, min))
}

/// Finds Chinese person and place candidates in `text` (whose characters are `chars`).
pub(crate) fn candidates(
    text: &str,
    chars: &[char],
    want_person: bool,
    want_place: bool,
) -> Vec<Cand> {
    let d = zh();
    let tags = d.jieba.tag(text, true);
    let mut toks: Vec<Tok> = Vec::with_capacity(tags.len());
    let mut pos = 0;
    for t in &tags {
        let n = t.word.chars().count();
        toks.push(Tok {
            start: pos,
            end: pos + n,
            word: t.word,
            tag: t.tag,
        });
        pos += n;
    }
    let mut boundary = vec![false; chars.len() + 1];
    for t in &toks {
        boundary[t.start] = true;
        boundary[t.end] = true;
    }
    let mut out = Vec::new();
    if want_person {
        persons(d, chars, &toks, &boundary, &mut out);
    }
    if want_place {
        places(d, chars, &toks, &mut out);
    }
    out
}

fn persons(d: &ZhData, chars: &[char], toks: &[Tok], boundary: &[bool], out: &mut Vec<Cand>) {
    let push = |out: &mut Vec<Cand>, s: usize, e: usize, prio: u8| {
        out.push(Cand {
            start: s,
            end: e,
            kind: EntityType::Person,
            prio,
        })
    };
    // Transliterated names joined by a middle dot: 奥普拉·温弗利.
    let dot = |c: char| matches!(c, '·' | '•' | '・' | '‧');
    let name_char = |c: char| is_cjk(c) && !NOT_IN_FOREIGN.contains(c);
    let mut i = 0;
    while i < chars.len() {
        if dot(chars[i]) && i > 0 && name_char(chars[i - 1]) {
            let mut s = i;
            while s > 0 && name_char(chars[s - 1]) && i - s < 6 {
                s -= 1;
            }
            // Start at a token boundary, dropping a cue word before the name (天后…).
            while s < i - 1 && !boundary[s] {
                s += 1;
            }
            let mut e = i;
            while e < chars.len() && dot(chars[e]) {
                let mut k = e + 1;
                while k < chars.len() && name_char(chars[k]) && k - e <= 6 {
                    k += 1;
                }
                if k == e + 1 {
                    break;
                }
                e = k;
            }
            if e > i + 1 {
                push(out, s, e, 45);
                i = e;
                continue;
            }
        }
        i += 1;
    }
    for (k, t) in toks.iter().enumerate() {
        let len = t.len();
        let before = out.len();
        // Dictionary names: jieba's nr words are noisy (卫星, 明白 are tagged nr), so a
        // word with a surname must also have name-like given characters, and two-character
        // ones need a very common surname and given character.
        if matches!(t.tag, "nr" | "nrfg" | "nrt") && (2..=5).contains(&len) && all_cjk(t.word) {
            match surname_len(d, chars, t.start) {
                Some((sl, tier)) if len > sl && t.tag != "nrt" => {
                    let given = &chars[t.start + sl..t.end];
                    let ok = match given.len() {
                        2 => given.iter().all(|c| given_ok(d, *c, 20)),
                        1 => tier == 1 && given_ok(d, given[0], 60) && !has(NR2_STOP, t.word),
                        _ => false,
                    };
                    if ok {
                        push(out, t.start, t.end, 30);
                    }
                }
                _ => {
                    if len >= 3 && !has(NR2_STOP, t.word) && is_translit(t.word) {
                        push(out, t.start, t.end, 26);
                    }
                }
            }
        } else if t.tag == "x" && all_cjk(t.word) && (2..=4).contains(&len) {
            // Words the HMM found: a name when shaped like one.
            if is_name_shape(d, chars, t.start, t.end) {
                push(out, t.start, t.end, 25);
            } else if len >= 3 && is_translit(t.word) && !d.places.contains_key(t.word) {
                push(out, t.start, t.end, 21);
            }
        }
        if len >= 4 && all_cjk(t.word) && out.len() == before {
            // A name at the start of a longer word: 邓小平理论, 毛泽东思想.
            for l in [3usize, 2] {
                let pre: String = chars[t.start..t.start + l].iter().collect();
                let tags = d.jieba.tag(&pre, false);
                if tags.len() == 1
                    && matches!(tags[0].tag, "nr" | "nrfg")
                    && is_name_shape(d, chars, t.start, t.start + l)
                {
                    push(out, t.start, t.start + l, 24);
                    break;
                }
            }
        }
        // Lone surname before a title: 习总书记, 毛主席, 张市长.
        if boundary[t.start]
            && surname_len(d, chars, t.start).is_some_and(|(l, _)| l == 1)
            && (len == 1 || chars.get(t.start + 1) == Some(&'总'))
        {
            let tier = surname_len(d, chars, t.start).map_or(2, |(_, t)| t);
            let rest: String = chars[t.start + 1..chars.len().min(t.start + 5)]
                .iter()
                .collect();
            if SURNAME_TITLES.iter().any(|ti| {
                ti.chars().count() >= 2
                    && rest.starts_with(ti)
                    && (tier == 1
                        || ti.chars().count() >= 2
                            && matches!(*ti, "总书记" | "主席" | "总理" | "委员长"))
            }) || len == 1
                && tier == 1
                && toks.get(k + 1).is_some_and(|n| has(SURNAME_TITLES, n.word))
            {
                push(out, t.start, t.start + 1, 22);
            }
        }
        // Single-character tokens forming surname + given name: 梁 京.
        if len == 1 {
            for glen in [2usize, 1] {
                let e = t.start + 1 + glen;
                if e <= chars.len()
                    && toks
                        .get(k + 1..=k + glen)
                        .is_some_and(|g| g.iter().all(|x| x.len() == 1))
                    && is_name_shape(d, chars, t.start, e)
                    && surname_len(d, chars, t.start).is_some_and(|(l, _)| l == 1)
                {
                    push(out, t.start, e, 18);
                    break;
                }
            }
        }
        // Context cues.
        if has(CUE_BEFORE, t.word) {
            let s = t.end;
            let pick = [3usize, 2, 4].into_iter().find(|&l| {
                s + l <= chars.len() && boundary[s + l] && is_name_shape(d, chars, s, s + l)
            });
            if let Some(l) = pick {
                push(out, s, s + l, 50);
            }
        }
        if has(CUE_AFTER, t.word) {
            let e = t.start;
            let pick = [3usize, 2, 4].into_iter().find(|&l| {
                e >= l
                    && (boundary[e - l] || e - l == 0 || !is_cjk(chars[e - l - 1]))
                    && is_name_shape(d, chars, e - l, e)
            });
            if let Some(l) = pick {
                push(out, e - l, e, 50);
            }
        }
    }
}

fn place_level(d: &ZhData, w: &str) -> Option<ZhLevel> {
    if has(NOT_PLACE, w) {
        return None;
    }
    d.places.get(w).copied()
}

fn ends_with_place_char(w: &str) -> bool {
    w.chars().last().is_some_and(|c| PLACE_END.contains(c))
}

/// A token of one-character country abbreviations: 中日, 中美, 中外, 欧美.
fn is_abbr_pair(t: &Tok) -> bool {
    let n = t.len();
    (2..=3).contains(&n)
        && t.word.chars().all(|c| ABBR.contains(c) || c == '外')
        && t.word.chars().filter(|c| ABBR.contains(*c)).count() >= 1
        && (!t.word.ends_with('外') || t.word == "中外")
        && places_abbr_ok(t)
}

fn places_abbr_ok(t: &Tok) -> bool {
    !ABBR_STOP.contains(&t.word) && !matches!(t.tag, "v" | "a" | "d" | "ad" | "an" | "vn")
}

fn places(d: &ZhData, chars: &[char], toks: &[Tok], out: &mut Vec<Cand>) {
    let n = toks.len();
    // Which tokens are places.
    let mut is_place = vec![false; n];
    for (k, t) in toks.iter().enumerate() {
        if !all_cjk(t.word) || has(NOT_PLACE, t.word) || is_abbr_pair(t) {
            continue;
        }
        // Sports teams are organisations: 中国队, 韩国女队.
        if toks.get(k + 1).is_some_and(|x| {
            matches!(
                x.word,
                "队" | "女队" | "男队" | "国家队" | "足协" | "足球队" | "篮协"
            )
        }) {
            continue;
        }
        let next_is_suffix = toks.get(k + 1).is_some_and(|x| has(ADDR_SUFFIX, x.word));
        match place_level(d, t.word) {
            Some(ZhLevel::Country | ZhLevel::Province | ZhLevel::Prefecture) => is_place[k] = true,
            Some(_) => {
                is_place[k] = t.tag == "ns" || ends_with_place_char(t.word) || next_is_suffix
            }
            None => {
                if t.tag == "ns" && t.len() >= 2 {
                    is_place[k] = true;
                }
            }
        }
    }
    // Spans: a place token, followed by more place tokens and address words.
    let mut k = 0;
    while k < n {
        if !is_place[k] {
            k += 1;
            continue;
        }
        let start = toks[k].start;
        let mut j = k + 1;
        let mut end = toks[k].end;
        while j < n {
            let t = &toks[j];
            if is_place[j] {
                end = t.end;
                j += 1;
                continue;
            }
            if has(ADDR_SUFFIX, t.word) && t.word != "口" && t.word != "门" && t.word != "关" {
                // A bare suffix only right after a place: 宝城 镇, 长阳 镇.
                if t.word.chars().count() <= 2 && !matches!(t.word, "市" | "县" | "区" | "省")
                    || matches!(t.word, "市" | "县" | "区" | "省")
                        && !toks.get(j + 1).is_some_and(|x| x.word.starts_with('委'))
                {
                    end = t.end;
                    j += 1;
                    continue;
                }
            }
            if all_cjk(t.word)
                && t.len() <= 6
                && t.len() >= 2
                && ends_with_place_char(t.word)
                && !has(NOT_PLACE, t.word)
                && t.tag != "v"
            {
                end = t.end;
                j += 1;
                continue;
            }
            // House numbers: 10 号.
            if t.tag == "m"
                && toks.get(j + 1).is_some_and(|x| {
                    matches!(
                        x.word,
                        "号" | "栋" | "幢" | "楼" | "弄" | "号楼" | "单元" | "室"
                    )
                })
            {
                end = toks[j + 1].end;
                j += 2;
                continue;
            }
            break;
        }
        out.push(Cand {
            start,
            end,
            kind: EntityType::Place,
            prio: 40,
        });
        k = j;
    }
    for (k, t) in toks.iter().enumerate() {
        if is_place[k] || !all_cjk(t.word) {
            continue;
        }
        let cs: Vec<char> = t.word.chars().collect();
        // Unknown words ending in an administrative suffix: 宝城镇.
        if t.tag == "x" && (3..=6).contains(&cs.len()) && ends_with_place_char(t.word) {
            out.push(Cand {
                start: t.start,
                end: t.end,
                kind: EntityType::Place,
                prio: 20,
            });
            continue;
        }
        // Country abbreviations: 中日 两国, 中外, 访华, 抗日, 在京.
        if is_abbr_pair(t) {
            for (o, c) in cs.iter().enumerate() {
                if ABBR.contains(*c) {
                    out.push(Cand {
                        start: t.start + o,
                        end: t.start + o + 1,
                        kind: EntityType::Place,
                        prio: 10,
                    });
                }
            }
            continue;
        }
        if cs.len() == 2 && ABBR_VERBS.contains(cs[0]) && SINGLE.contains(cs[1]) {
            out.push(Cand {
                start: t.start + 1,
                end: t.end,
                kind: EntityType::Place,
                prio: 10,
            });
            continue;
        }
        if cs.len() == 1 && SINGLE.contains(cs[0]) {
            let prev = k.checked_sub(1).and_then(|p| toks.get(p));
            let next = toks.get(k + 1);
            let after_verb = prev
                .is_some_and(|p| p.len() == 1 && p.word.chars().all(|c| ABBR_VERBS.contains(c)));
            let listed =
                prev.is_some_and(|p| p.word == "、") || next.is_some_and(|x| x.word == "、");
            let always = matches!(cs[0], '俄' | '澳');
            if after_verb
                || always
                || listed && !matches!(cs[0], '日' | '美')
                || next.is_some_and(|x| has(ABBR_NEXT, x.word))
            {
                out.push(Cand {
                    start: t.start,
                    end: t.end,
                    kind: EntityType::Place,
                    prio: 10,
                });
                continue;
            }
        }
        // A place name at the start of an organisation's name: 江西省委, 北京大学.
        if cs.len() >= 4 && matches!(t.tag, "nt" | "nz" | "j" | "x" | "n" | "l") {
            for l in (2..=cs.len().saturating_sub(1).min(5)).rev() {
                let pre: String = cs[..l].iter().collect();
                let lvl = place_level(d, &pre);
                let strong = matches!(
                    lvl,
                    Some(ZhLevel::Country | ZhLevel::Province | ZhLevel::Prefecture)
                ) || lvl.is_some() && ends_with_place_char(&pre);
                if strong {
                    let mut e = l;
                    // 江西省委: the place is 江西, 省委 is the organisation.
                    if cs.get(l) == Some(&'委')
                        && l > 2
                        && matches!(cs[l - 1], '省' | '市' | '县' | '区')
                    {
                        e = l - 1;
                    }
                    out.push(Cand {
                        start: t.start,
                        end: t.start + e,
                        kind: EntityType::Place,
                        prio: 15,
                    });
                    break;
                }
            }
        }
    }
    let _ = chars;
}
