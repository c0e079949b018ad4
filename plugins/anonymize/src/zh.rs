//! The Chinese recogniser: jieba-rs segmentation and its `nr`/`ns`/`nrt` tags, the
//! gazetteer of administrative divisions and countries, surname and given-name lists,
//! context cues (`同志`, `记者`, `说`, …) and address suffixes.

use crate::data::{zh, ZhData, ZhLevel};
use crate::entity::EntityType;
use std::collections::HashSet;

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
    "新建",
    "新兴",
    "城镇",
    "乡镇",
    "滑坡",
    "山村",
    "古堡",
    "北坡",
    "南坡",
    "上市",
    "入市",
    "江湖",
    "村镇",
    "集镇",
];

/// Words jieba tags as person names that are ordinary words.
const NR2_STOP: &[&str] = &[
    "艾滋",
    "阴转",
    "银行卡",
    "都会",
    "解盘",
    "高峰",
    "周中",
    "公开赛",
    "纳尼亚",
    "党支部",
    "全明星",
    "高尔夫",
    "白银",
    "陆军",
    "白皮书",
    "边塞诗",
    "文化周",
    "奥特曼",
    "蒲公英",
    "母亲节",
    "王子",
    "史诗",
    "黎明",
    "白金卡",
    "银联卡",
    "叶子",
    "金刚",
    "范儿",
    "欧巴",
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
    "小编",
    "帅哥",
    "美女",
    "段子",
    "公开信",
    "祖宗",
    "慕名",
    "顾全",
    "许诺",
    "雷雨",
    "马克",
    "卢布",
    "托拉斯",
    "哈哈",
    "呵呵",
    "嘻嘻",
    "康庄",
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
    "战略",
    "和平",
    "谈判",
    "争端",
    "冲突",
    "边界",
    "领导人",
    "军事",
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

/// Last characters of geographic names (`…山`, `…江`, `…洲`).
const GEO_END: &str =
    "山江河湖海岛州城港湾峰岭关峡原洲亚省市县区镇乡村街路球岸滩谷坡寨堡庄屯沟泉溪塘洋";

/// First characters of generic words that only look like places (各乡镇, 三城, 全市).
const GENERIC_START: &str = "各全本我该此每两三四五六七八九十多某一二";

/// Last characters that a person's name does not end with (`宣传部`, `任组长`, `由市委`).
const NAME_END_STOP: &str = "部局委会办处科室厅院所站队组长员们者性化度说总副还";

/// Characters that end an address-like place name.
const PLACE_END: &str = "省市县区镇乡村州路街巷弄号";

/// Characters that end a transliterated name (particles and verbs around it).
const NOT_IN_FOREIGN: &str = "的了在是和与及或也都就而被把将对从向于为以等之其这那有个不说称";

/// Characters used to transliterate foreign names (克林顿, 基里延科).
const TRANSLIT: &str = "阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂杜多厄恩法菲费芬弗福盖冈戈格贡古哈海汉豪赫亨胡怀霍基吉加贾杰金卡凯坎康科克肯库拉莱赖兰朗劳勒雷里利莉林琳卢鲁伦罗洛马迈麦曼梅门蒙米密莫姆穆纳奈南内尼涅纽努诺帕潘佩皮普奇齐乔切琼萨塞桑瑟森沙尚舍什施斯松苏索塔泰坦汤唐特滕图托瓦万威维温沃乌西希谢辛休雅亚扬耶伊因英尤约赞泽扎詹兹佐顿夫娃娜丝斐茨柯默珀宁尔喀黎莎萝克延基季柴契廖捷斐蕾妮娅薇琪丽莉露伍勃";

/// Surnames that are also frequent ordinary words (向 记者, 都 来, 高 峰): names starting
/// with them are taken only from the dictionary's three-character names or from cues.
const AMBIG_SURNAME: &str =
    "向都高白单时万于和从将成方常文明安平金华史黎关全任农原宁战党商云花伏冷初由严宣连";

/// True when a two-character given name is an ordinary word (高素质, 高水平).
fn given_is_word(d: &ZhData, given: &[char]) -> bool {
    let w: String = given.iter().collect();
    let tags = d.jieba.tag(&w, false);
    tags.len() == 1
        && matches!(
            tags[0].tag,
            "n" | "v"
                | "a"
                | "d"
                | "vn"
                | "ad"
                | "an"
                | "vd"
                | "b"
                | "z"
                | "i"
                | "l"
                | "m"
                | "q"
                | "r"
                | "p"
                | "c"
                | "u"
                | "f"
                | "s"
                | "nz"
                | "j"
                | "zg"
        )
}

/// The ambiguous surnames that are above all function words or numbers.
const AMBIG_FUNCTION: &str = "向都于和从将时万由全成方常初战党农原连单";

fn ambiguous_surname(c: char) -> bool {
    AMBIG_SURNAME.contains(c)
}

fn is_translit(w: &str) -> bool {
    w.chars().all(|c| TRANSLIT.contains(c))
}

/// Function characters never taken as part of a given name.
const NOT_GIVEN: &str =
    "的了在是和与及或也都就而被把将对从向于为以等之其这那有个不人年月日时着过们还又才再副曾已便即仍却总";

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

/// Like [`is_name_shape`] but lenient on rare given-name characters, for spans a context
/// cue already marks as a name (王晨同志).
fn is_cued_name_shape(d: &ZhData, chars: &[char], s: usize, e: usize) -> bool {
    let Some((sl, _)) = surname_len(d, chars, s) else {
        return false;
    };
    let glen = e.saturating_sub(s + sl);
    (1..=2).contains(&glen)
        && e <= chars.len()
        && !NAME_END_STOP.contains(chars[e - 1])
        && (chars[s + sl..e].iter().all(|c| given_ok(d, *c, 3))
            || glen == 2 && known_given_name(d, &chars[s + sl..e], u32::MAX))
}

/// True when `given` is a two-character given name of names-dataset ranked `max_rank` or
/// better (1 is the most common).
fn known_given_name(d: &ZhData, given: &[char], max_rank: u32) -> bool {
    let w: String = given.iter().collect();
    given.len() == 2
        && d.given_names
            .get(w.as_str())
            .is_some_and(|r| *r <= max_rank)
        && !given.iter().any(|c| LENIENT_NOT_GIVEN.contains(*c))
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
    let min = match (tier, glen) {
        (1, 2) => 3,
        (1, _) => 30,
        (_, 2) => 8,
        _ => 60,
    };
    !NAME_END_STOP.contains(chars[e - 1])
        && (chars[s + sl..e].iter().all(|c| given_ok(d, *c, min))
            || glen == 2 && tier == 1 && known_given_name(d, &chars[s + sl..e], 3000))
}

/// Function characters that never end or fill a given name even when segmentation kept
/// them inside a three-character word (lenient: 和, 之, 有 do occur in given names).
const LENIENT_NOT_GIVEN: &str =
    "的了在是也都就被把将对从向于为以等其这那个不们着过说道讲问版还又才再副曾已便即仍却总";

/// Last characters of place-like words that segmentation tags as names (吉隆滩, 黄兴路).
const PLACEISH_END: &str = "滩湾岛港寨堡屯沟坡谷省市县区镇乡村街路巷弄号州";

/// True when the three characters `chars[s..s + 3]`, which segmentation kept together as
/// one word (a dictionary name or an unknown word), read as a very common surname and a
/// two-character given name: rare given characters are allowed (朱镕基, 陈和生), ordinary
/// words, places, titles and address-like endings are not.
fn is_segmented_full_name(d: &ZhData, chars: &[char], s: usize) -> bool {
    let e = s + 3;
    if e > chars.len() || !matches!(surname_len(d, chars, s), Some((1, 1))) {
        return false;
    }
    // Three characters kept together make even an ambiguous surname likely (方英梅, 高永宏),
    // except for the function words among them (向, 都, 于 …).
    if AMBIG_FUNCTION.contains(chars[s]) {
        return false;
    }
    let given = &chars[s + 1..e];
    let word: String = chars[s..e].iter().collect();
    let tail: String = given.iter().collect();
    !has(NR2_STOP, &word)
        && !given_is_word(d, given)
        && !d.places.contains_key(word.as_str())
        && !given.iter().any(|c| LENIENT_NOT_GIVEN.contains(*c))
        && !NAME_END_STOP.contains(given[1])
        && !PLACE_END.contains(given[1])
        && !GEO_END.contains(given[1])
        && !has(SURNAME_TITLES, &tail)
        && !has(CUE_AFTER, &tail)
        && !d.places.contains_key(tail.as_str())
        && given
            .iter()
            .any(|c| d.given.contains_key(c) || d.given_name_chars.contains(c))
}

/// Titles after which a word ending in them still cues a name (`地委书记`, `国务委员`).
const CUE_TITLE_TAIL: &[&str] = &[
    "书记",
    "委员",
    "主任",
    "部长",
    "局长",
    "所长",
    "参谋长",
    "司令",
    "司令员",
    "政委",
    "专员",
    "总统",
    "总理",
    "主席",
    "首相",
    "国王",
    "女王",
    "外长",
    "议长",
    "州长",
    "总督",
    "将军",
    "上将",
    "中将",
    "少将",
    "大使",
    "参赞",
    "领事",
    "发言人",
    "秘书",
    "教练",
    "主教练",
    "记者",
    "队长",
    "团长",
    "议员",
    "常委",
    "书法家",
    "画家",
    "作家",
    "诗人",
    "棋手",
    "选手",
    "运动员",
    "名将",
    "门将",
    "前锋",
    "后卫",
    "主帅",
    "设计师",
    "制作人",
    "总监",
    "总编",
    "编剧",
    "创始人",
    "分析师",
    "收藏家",
    "学家",
];

/// True when `w` is a word before which a name is expected (`记者`, `地委书记`).
fn is_cue_before(w: &str) -> bool {
    static SETS: std::sync::OnceLock<(HashSet<&str>, HashSet<&str>)> = std::sync::OnceLock::new();
    let (before, tail) = SETS.get_or_init(|| {
        (
            CUE_BEFORE.iter().chain(CUE_TITLE_TAIL).copied().collect(),
            CUE_TITLE_TAIL.iter().copied().collect(),
        )
    });
    if before.contains(w) {
        return true;
    }
    // A longer word ending in a title: the title is its last two or three characters.
    let n = w.chars().count();
    n >= 3
        && all_cjk(w)
        && w.char_indices()
            .skip(n.saturating_sub(3))
            .take(2)
            .any(|(b, _)| tail.contains(&w[b..]))
}

/// True when a span next to a cue holds no function or time word (周二 晚 表示) and is not
/// an ordinary word that only looks like a name (顾问 告诉).
fn cued_span_ok(chars: &[char], toks: &[Tok], s: usize, e: usize) -> bool {
    let w: String = chars[s..e].iter().collect();
    let first = toks.partition_point(|t| t.start < s);
    !has(NR2_STOP, &w)
        && !toks[first..].iter().take_while(|t| t.start < e).any(|t| {
            matches!(
                t.tag,
                "t" | "tg" | "m" | "q" | "p" | "c" | "uj" | "ul" | "d" | "r" | "f"
            )
        })
}

/// Top titles that make the surname before them a person's name inside one word (`毛主席`).
const TOP_TITLES: &[&str] = &["总书记", "主席", "总理", "委员长"];

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
        surname_before_top_title(d, chars, &mut out);
    }
    if want_place {
        places(d, chars, &toks, &mut out);
        streets(&toks, &mut out);
        towns(d, chars, &toks, &boundary, &mut out);
        districts_after_division(d, chars, &mut out);
        datelines(d, chars, &mut out);
        abbreviations(d, chars, &mut out);
        facilities(&toks, &mut out);
    }
    if want_person {
        whole_foreign_names(chars, &boundary, &mut out);
    }
    out
}

/// A foreign name found in part (雷德 科纳普, 斯蒂夫 · 尼尔斯, 纳博科 夫) is the whole run of
/// transliteration characters around it, when that run starts and ends where words do.
fn whole_foreign_names(chars: &[char], boundary: &[bool], out: &mut Vec<Cand>) {
    let translit = |c: char| TRANSLIT.contains(c);
    let mut grown = Vec::new();
    for c in out.iter() {
        if c.kind != EntityType::Person
            || c.end - c.start < 2
            || c.end > chars.len()
            || !chars[c.start..c.end]
                .iter()
                .all(|&ch| translit(ch) || ch == '·')
        {
            continue;
        }
        let mut s = c.start;
        while s > 0
            && (translit(chars[s - 1]) || (chars[s - 1] == '·' && s >= 2 && translit(chars[s - 2])))
        {
            s -= 1;
        }
        let mut e = c.end;
        while e < chars.len()
            && (translit(chars[e])
                || (chars[e] == '·' && chars.get(e + 1).is_some_and(|&x| translit(x))))
        {
            e += 1;
        }
        if (s, e) == (c.start, c.end)
            || e - s > 12
            || !boundary.get(s).copied().unwrap_or(false)
            || !boundary.get(e).copied().unwrap_or(false)
        {
            continue;
        }
        grown.push(Cand {
            start: s,
            end: e,
            kind: EntityType::Person,
            prio: c.prio.saturating_add(1),
        });
    }
    out.extend(grown);
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
    // Transliterated names joined by a middle dot: 奥普拉·温弗利. The name is the run of
    // foreign-looking tokens around the dots (not 天后 before it, not 执导 after it).
    let dot = |c: char| matches!(c, '·' | '•' | '・' | '‧');
    let foreign = |t: &Tok| {
        all_cjk(t.word)
            && !t.word.chars().any(|c| NOT_IN_FOREIGN.contains(c))
            && (is_translit(t.word) || matches!(t.tag, "x" | "nrt" | "nr" | "nrfg") || t.len() == 1)
    };
    // A transliterated name cut into pieces: 霍芬 海姆, 阿德 巴约.
    let piece = |t: &Tok| {
        all_cjk(t.word)
            && is_translit(t.word)
            && matches!(t.tag, "x" | "nrt" | "nr" | "nrfg")
            && !d.places.contains_key(t.word)
    };
    let mut k = 0;
    while k < toks.len() {
        if !piece(&toks[k]) {
            k += 1;
            continue;
        }
        let mut j = k + 1;
        while j < toks.len() && piece(&toks[j]) && toks[j].end - toks[k].start <= 8 {
            j += 1;
        }
        if j - k >= 2 && toks[j - 1].end - toks[k].start >= 3 {
            push(out, toks[k].start, toks[j - 1].end, 27);
        }
        k = j;
    }
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        if !(t.len() == 1 && t.word.chars().all(dot)) || k == 0 || !foreign(&toks[k - 1]) {
            k += 1;
            continue;
        }
        let mut a = k;
        while a > 0 && foreign(&toks[a - 1]) && t.start - toks[a - 1].start <= 6 {
            a -= 1;
        }
        let mut b = k;
        loop {
            let mut c = b + 1;
            while c < toks.len() && foreign(&toks[c]) && toks[c].end - toks[b].end <= 6 {
                c += 1;
            }
            if c == b + 1 {
                break;
            }
            b = c - 1;
            if toks
                .get(c)
                .is_some_and(|x| x.len() == 1 && x.word.chars().all(dot))
                && toks.get(c + 1).is_some_and(&foreign)
            {
                b = c;
                continue;
            }
            break;
        }
        if b > k {
            push(out, toks[a].start, toks[b].end, 45);
            k = b + 1;
        } else {
            k += 1;
        }
    }
    for (k, t) in toks.iter().enumerate() {
        let len = t.len();
        let before = out.len();
        // Dictionary names: jieba's nr words are noisy (卫星, 明白 are tagged nr), so a
        // word with a surname must also have name-like given characters, and two-character
        // ones need a very common surname and given character.
        if matches!(t.tag, "nr" | "nrfg" | "nrt") && (2..=5).contains(&len) && all_cjk(t.word) {
            match surname_len(d, chars, t.start) {
                Some((sl, tier)) if len > sl && t.tag != "nrt" && !has(NR2_STOP, t.word) => {
                    let given = &chars[t.start + sl..t.end];
                    let ok = match given.len() {
                        2 if PLACEISH_END.contains(given[1]) => false,
                        2 => {
                            t.tag == "nrfg"
                                || given.iter().all(|c| given_ok(d, *c, 3))
                                    && !NAME_END_STOP.contains(given[1])
                                    && !given_is_word(d, given)
                                || sl == 1 && is_segmented_full_name(d, chars, t.start)
                        }
                        1 => {
                            t.tag == "nrfg"
                                || tier == 1
                                    && given_ok(d, given[0], 60)
                                    && !ambiguous_surname(chars[t.start])
                        }
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
            // Not right after a number (2300 余场).
            let after_number = k
                .checked_sub(1)
                .and_then(|p| toks.get(p))
                .is_some_and(|p| p.tag == "m");
            let short_name = len == 2
                && !after_number
                && matches!(surname_len(d, chars, t.start), Some((1, 1)))
                && !ambiguous_surname(chars[t.start])
                && !NOT_GIVEN.contains(chars[t.start + 1])
                && !NAME_END_STOP.contains(chars[t.start + 1])
                && chars[t.start + 1] != '某'
                && (given_ok(d, chars[t.start + 1], 3)
                    || d.given_name_chars.contains(&chars[t.start + 1]));
            if is_name_shape(d, chars, t.start, t.end) && !ambiguous_surname(chars[t.start])
                || len == 3 && is_segmented_full_name(d, chars, t.start)
                || short_name
            {
                push(out, t.start, t.end, 25);
            } else if len == 2
                && !after_number
                && d.given_names.get(t.word).is_some_and(|r| *r <= 5_000)
            {
                // A given name used alone (倩萍, 晶晶), unknown to the dictionary.
                push(out, t.start, t.end, 20);
            } else if len >= 2 && is_translit(t.word) && !d.places.contains_key(t.word) {
                push(out, t.start, t.end, 21);
            }
        }
        if len >= 4 && all_cjk(t.word) && out.len() == before {
            // A name at the start of a longer word: 邓小平理论, 毛泽东思想.
            for l in [3usize, 2] {
                let pre: String = chars[t.start..t.start + l].iter().collect();
                let tags = d.jieba.tag(&pre, false);
                if !d.places.contains_key(pre.as_str())
                    && !has(NR2_STOP, &pre)
                    && tags.len() == 1
                    && matches!(tags[0].tag, "nr" | "nrfg")
                    && is_name_shape(d, chars, t.start, t.start + l)
                {
                    push(out, t.start, t.start + l, 24);
                    break;
                }
            }
        }
        if len >= 3 && all_cjk(t.word) && out.len() == before {
            // A name at the end of a word: 学雷锋.
            for l in [3usize, 2] {
                if l >= len {
                    continue;
                }
                let s0 = t.end - l;
                let suf: String = chars[s0..t.end].iter().collect();
                let tags = d.jieba.tag(&suf, false);
                if !has(NR2_STOP, &suf)
                    && !matches!(t.tag, "l" | "i" | "nz")
                    && tags.len() == 1
                    && matches!(tags[0].tag, "nr" | "nrfg")
                    && is_name_shape(d, chars, s0, t.end)
                    && !ambiguous_surname(chars[s0])
                {
                    push(out, s0, t.end, 23);
                    break;
                }
            }
        }
        // Lone surname before a title: 习总书记, 毛主席, 张市长.
        if boundary[t.start]
            && !ambiguous_surname(chars[t.start])
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
        // A surname and a top title in one word: 毛主席.
        if (3..=4).contains(&len)
            && boundary[t.start]
            && !ambiguous_surname(chars[t.start])
            && matches!(surname_len(d, chars, t.start), Some((1, _)))
            && TOP_TITLES
                .iter()
                .any(|ti| t.word.ends_with(ti) && ti.chars().count() + 1 == len)
        {
            push(out, t.start, t.start + 1, 22);
        }
        // A lone surname token followed by a short word read as a given name: 赵 新民.
        if len == 1 {
            if let (Some((1, tier)), Some(n)) = (surname_len(d, chars, t.start), toks.get(k + 1)) {
                let tag_ok = !matches!(
                    n.tag,
                    "v" | "p"
                        | "c"
                        | "u"
                        | "uj"
                        | "ul"
                        | "uz"
                        | "d"
                        | "r"
                        | "m"
                        | "q"
                        | "f"
                        | "y"
                        | "x"
                        | "eng"
                        | "ns"
                        | "t"
                );
                if (tier == 1 || t.tag == "nr")
                    && !ambiguous_surname(chars[t.start])
                    && !has(SURNAME_TITLES, n.word)
                    && !has(CUE_AFTER, n.word)
                    && (1..=2).contains(&n.len())
                    && all_cjk(n.word)
                    && tag_ok
                    && (n.len() == 2 || t.tag == "nr")
                    && n.word.chars().all(|c| given_ok(d, c, 10))
                    && !toks
                        .get(k + 2)
                        .is_some_and(|x| x.len() == 1 && all_cjk(x.word) && x.tag == "n")
                {
                    push(out, t.start, n.end, 19);
                }
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
                    && !ambiguous_surname(chars[t.start])
                {
                    push(out, t.start, e, 18);
                    break;
                }
            }
        }
        // Context cues.
        if is_cue_before(t.word) {
            // A dictionary or transliterated name right after the cue: 总理 若斯潘.
            if let Some(n) = toks.get(k + 1) {
                if matches!(n.tag, "nr" | "nrt" | "nrfg")
                    && all_cjk(n.word)
                    && (2..=5).contains(&n.len())
                    && !d.places.contains_key(n.word)
                    && !has(NR2_STOP, n.word)
                {
                    push(out, n.start, n.end, 48);
                }
            }
            let s = t.end;
            let pick = [3usize, 2, 4].into_iter().find(|&l| {
                s + l <= chars.len()
                    && boundary[s + l]
                    && is_cued_name_shape(d, chars, s, s + l)
                    && !given_is_word(d, &chars[s..s + l])
                    && cued_span_ok(chars, toks, s, s + l)
            });
            if let Some(l) = pick {
                push(out, s, s + l, 50);
            }
        }
        if has(CUE_AFTER, t.word) {
            // A dictionary or transliterated name before the cue, maybe with an adverb
            // between them: 鲁宾 指出, 穆萨 还 说.
            let adverb = k
                .checked_sub(1)
                .and_then(|p| toks.get(p))
                .is_some_and(|p| p.len() <= 2 && matches!(p.tag, "d" | "ad"));
            let before = if adverb {
                k.checked_sub(2)
            } else {
                k.checked_sub(1)
            };
            if let Some(p) = before.and_then(|p| toks.get(p)) {
                let min = if matches!(p.tag, "nrt" | "nr") && is_translit(p.word) {
                    2
                } else {
                    3
                };
                if matches!(p.tag, "nr" | "nrt" | "nrfg")
                    && all_cjk(p.word)
                    && (min..=5).contains(&p.len())
                    && !d.places.contains_key(p.word)
                    && !has(NR2_STOP, p.word)
                {
                    push(out, p.start, p.end, 48);
                }
            }
            let e = t.start;
            let pick = [3usize, 2, 4].into_iter().find(|&l| {
                e >= l
                    && (boundary[e - l] || e - l == 0 || !is_cjk(chars[e - l - 1]))
                    && is_cued_name_shape(d, chars, e - l, e)
                    && !given_is_word(d, &chars[e - l..e])
                    && cued_span_ok(chars, toks, e - l, e)
            });
            if let Some(l) = pick {
                push(out, e - l, e, 50);
            }
        }
    }
    common_full_names(d, chars, boundary, out);
    listed_names(d, chars, toks, boundary, out);
    latin_names(toks, out);
    // Whatever rule proposed them: ordinary words and runs of one character (谢谢谢谢).
    out.retain(|c| {
        if c.kind != EntityType::Person {
            return true;
        }
        let w = &chars[c.start..c.end];
        let text: String = w.iter().collect();
        let repeated = w.len() >= 3 && w.iter().all(|x| *x == w[0]);
        !repeated && !has(NR2_STOP, &text)
    });
}

/// A surname followed by one of the most common given names of names-dataset (rank 1000
/// or better), standing between token boundaries, whatever segmentation made of it
/// (张 志强, 李婷 婷 …).
fn common_full_names(d: &ZhData, chars: &[char], boundary: &[bool], out: &mut Vec<Cand>) {
    let n = chars.len();
    for s in 0..n {
        if !boundary[s] || AMBIG_FUNCTION.contains(chars[s]) {
            continue;
        }
        let Some((sl, _)) = surname_len(d, chars, s) else {
            continue;
        };
        let e = s + sl + 2;
        if e > n || !boundary[e] {
            continue;
        }
        if known_given_name(d, &chars[s + sl..e], 1000) {
            out.push(Cand {
                start: s,
                end: e,
                kind: EntityType::Person,
                prio: 17,
            });
        }
    }
}

/// Latin names inside Chinese text: the original spelling in brackets after a name
/// (约翰·摩尔（johnmoore）), a Latin word after a cue (设计师 Anderson), or a capitalised
/// English given name (由 Robert 提问).
fn latin_names(toks: &[Tok], out: &mut Vec<Cand>) {
    let latin = |t: &Tok| t.len() >= 2 && t.word.chars().all(|c| c.is_ascii_alphabetic());
    if !toks.iter().any(latin) {
        return;
    }
    let ends: HashSet<usize> = out
        .iter()
        .filter(|c| c.kind == EntityType::Person && c.prio >= 19)
        .map(|c| c.end)
        .collect();
    let en = crate::data::en();
    for (k, t) in toks.iter().enumerate() {
        if !latin(t) {
            continue;
        }
        let prev = k.checked_sub(1).and_then(|p| toks.get(p));
        let next = toks.get(k + 1);
        let bracketed = prev
            .is_some_and(|p| matches!(p.word, "（" | "(") && ends.contains(&p.start))
            && next.is_some_and(|n| matches!(n.word, "）" | ")"));
        let cued = prev.is_some_and(|p| is_cue_before(p.word));
        let mut cs = t.word.chars();
        let capitalised = cs.next().is_some_and(|c| c.is_ascii_uppercase())
            && cs.all(|c| c.is_ascii_lowercase())
            && t.len() >= 3;
        let given = capitalised
            && en.given.contains(t.word)
            && !en.places.contains_key(t.word)
            && prev.is_none_or(|p| !p.word.chars().all(|c| c.is_ascii_alphanumeric()));
        if bracketed || cued && (capitalised || t.len() >= 4) || given {
            out.push(Cand {
                start: t.start,
                end: t.end,
                kind: EntityType::Person,
                prio: 28,
            });
        }
    }
}

/// Names in a list next to a name already found: 王楠、杨影、王晨 (one found, the others
/// shaped as surname + given name and kept whole by segmentation).
fn listed_names(d: &ZhData, chars: &[char], toks: &[Tok], boundary: &[bool], out: &mut Vec<Cand>) {
    let mut found: std::collections::HashSet<(usize, usize)> = out
        .iter()
        .filter(|c| c.kind == EntityType::Person && c.prio >= 19)
        .map(|c| (c.start, c.end))
        .collect();
    let item_ok = |s: usize, e: usize| {
        e <= chars.len()
            && boundary[s]
            && boundary[e]
            && is_cued_name_shape(d, chars, s, e)
            && cued_span_ok(chars, toks, s, e)
            && !given_is_word(d, &chars[s..e])
    };
    for _ in 0..3 {
        let mut added = false;
        for (p, c) in chars.iter().enumerate() {
            if *c != '、' {
                continue;
            }
            let left = [3usize, 2]
                .into_iter()
                .filter(|&l| p >= l)
                .map(|l| (p - l, p))
                .find(|&(s, e)| found.contains(&(s, e)) || item_ok(s, e));
            let right = [3usize, 2]
                .into_iter()
                .map(|l| (p + 1, p + 1 + l))
                .find(|&(s, e)| found.contains(&(s, e)) || e <= chars.len() && item_ok(s, e));
            if let (Some(a), Some(b)) = (left, right) {
                for (x, y) in [(a, b), (b, a)] {
                    if found.contains(&x) && !found.contains(&y) {
                        found.insert(y);
                        out.push(Cand {
                            start: y.0,
                            end: y.1,
                            kind: EntityType::Person,
                            prio: 20,
                        });
                        added = true;
                    }
                }
            }
        }
        if !added {
            break;
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

/// Regions, continents and heavenly bodies, tagged as places by the news corpora.
const REGIONS: &[&str] = &[
    "中东",
    "近东",
    "远东",
    "东北",
    "华北",
    "华南",
    "华东",
    "华中",
    "华西",
    "西北",
    "西南",
    "东南亚",
    "南亚",
    "中亚",
    "西亚",
    "北美",
    "南美",
    "拉美",
    "中美洲",
    "东欧",
    "西欧",
    "北欧",
    "南欧",
    "中欧",
    "非洲",
    "亚洲",
    "欧洲",
    "美洲",
    "大洋洲",
    "南极",
    "北极",
    "地球",
    "月球",
    "火星",
    "亚太",
    "江南",
    "岭南",
    "中原",
    "关中",
    "塞北",
    "西域",
    "三峡",
];

/// Characters that abbreviate a country or a city in compounds (`中美`, `意中`, `中蒙`).
const ABBR_EXT: &str = "中美日英法德俄韩朝印越泰苏欧澳葡荷非意加蒙巴以埃智墨阿";
/// Verbs and words before a one-character abbreviation (`对华`, `驻京`, `全美`).
const BEFORE_ABBR: &str = "对反驻来访离在抵赴进旅全援侵抗亲返留";
/// Words after a one-character abbreviation (`华侨`, `中医`, `京剧`, `日方`).
const AFTER_ABBR: &[(&str, &str)] = &[
    ("华", "侨人裔商工埠"),
    ("中", "医药餐文式资方"),
    ("京", "剧城郊"),
    ("美", "方军籍"),
    ("日", "方军籍"),
    ("英", "方军籍"),
    ("俄", "方军籍"),
    ("法", "方军籍"),
    ("德", "方军籍"),
    ("韩", "方军籍"),
    ("港", "人商"),
    ("台", "商胞"),
];

/// Pairs of one-character names of regions and provinces, each tagged as a place by the
/// news corpora (江淮 = 江 + 淮).
const REGION_PAIRS: &[&str] = &[
    "港澳台",
    "江淮",
    "黄淮",
    "港澳",
    "港台",
    "青藏",
    "京津",
    "京沪",
    "沪宁",
    "沪杭",
    "川藏",
    "滇藏",
    "川渝",
    "粤港",
    "闽台",
    "湘鄂",
    "苏浙",
    "江浙",
    "晋陕",
    "陕甘",
    "甘青",
    "京九",
];
/// First characters of [`REGION_PAIRS`].
const REGION_FIRST: &str = "港江黄青京沪川滇粤闽湘苏晋陕甘";
/// Characters of countries whose side is written `X方` (中方, 葡方, 加方).
const ABBR_SIDE: &str = "中美日英法德俄韩朝印越泰澳葡荷意加蒙巴以埃墨菲";
/// More words after a one-character name (`中医`, `蒙医`, `奥运`, `亚运`).
const AFTER_ABBR_MORE: &[(&str, &str)] = &[
    ("中", "医"),
    ("蒙", "医药"),
    ("藏", "医药"),
    ("奥", "运"),
    ("亚", "运"),
];

/// Character-level rules for one-character abbreviations that segmentation misses.
fn abbreviations(d: &ZhData, chars: &[char], out: &mut Vec<Cand>) {
    let n = chars.len();
    let word_at = |i: usize, l: usize| -> Option<String> {
        (i + l <= n).then(|| chars[i..i + l].iter().collect())
    };
    let starts_place = |i: usize| {
        (2..=4).any(|l| word_at(i, l).is_some_and(|w| d.places.contains_key(w.as_str())))
    };
    let mut push = |i: usize| {
        out.push(Cand {
            start: i,
            end: i + 1,
            kind: EntityType::Place,
            prio: 9,
        })
    };
    let mut i = 0;
    while i < n {
        let c = chars[i];
        // 中美两国, 日俄首脑, 中蒙边界, 中美等国.
        if ABBR_EXT.contains(c) {
            let mut j = i + 1;
            while j < n && j - i < 3 && ABBR_EXT.contains(chars[j]) {
                j += 1;
            }
            if j - i >= 2 {
                let rest: String = chars[j..n.min(j + 4)].iter().collect();
                let run: String = chars[i..j].iter().collect();
                if (ABBR_NEXT.iter().any(|w| rest.starts_with(w))
                    || rest.starts_with("等国")
                    || rest.starts_with("三个"))
                    && !ABBR_STOP.contains(&run.as_str())
                {
                    for k in i..j {
                        push(k);
                    }
                    i = j;
                    continue;
                }
            }
        }
        // Pairs of one-character names of regions, each a place: 江淮, 港澳, 青藏.
        let region_pair = REGION_FIRST
            .contains(c)
            .then(|| {
                REGION_PAIRS.iter().find(|p| {
                    let mut pc = p.chars();
                    pc.next() == Some(c)
                        && pc
                            .enumerate()
                            .all(|(o, x)| chars.get(i + 1 + o) == Some(&x))
                })
            })
            .flatten();
        if let Some(p) = region_pair {
            let l = p.chars().count();
            for k in i..i + l {
                push(k);
            }
            i += l;
            continue;
        }
        // A country's side, its medicine, its games: 中方, 葡方, 蒙医, 奥运.
        if !SINGLE.contains(c) || starts_place(i) {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let next2 = chars.get(i + 2).copied();
            let side = ABBR_SIDE.contains(c)
                && next == Some('方')
                && !next2.is_some_and(|x| "面法式向案针位便圆形块格言程志".contains(x));
            let other = AFTER_ABBR_MORE
                .iter()
                .any(|(a, bs)| a.starts_with(c) && next.is_some_and(|x| bs.contains(x)));
            let glued = || {
                prev.is_some_and(|p| {
                    let w: String = [p, c].iter().collect();
                    d.jieba.has_word(&w)
                })
            };
            if (side || other) && !glued() {
                push(i);
                i += 1;
                continue;
            }
        }
        if SINGLE.contains(c) && !starts_place(i) {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let next_blocks = match c {
                '日' => next.is_some_and(|x| "常期子前后益夜记报程间内趋渐用光本".contains(x)),
                '美' => next.is_some_and(|x| "好丽术德食味女容满妙景观化元国洲".contains(x)),
                '华' => next.is_some_and(|x| "丽美贵夏盛诞章灯北南东西中".contains(x)),
                _ => false,
            };
            // 越来越 is "more and more"; 对法院 is a court.
            let idiom = c == '越' && prev == Some('来')
                || c == '法' && next.is_some_and(|x| "院律规庭官制治定".contains(x));
            let before = prev.is_some_and(|p| BEFORE_ABBR.contains(p)) && !next_blocks && !idiom;
            if c == '华' && prev == Some('中') {
                i += 1;
                continue;
            }
            let after = AFTER_ABBR
                .iter()
                .any(|(a, bs)| a.starts_with(c) && next.is_some_and(|x| bs.contains(x)));
            if before || after {
                push(i);
            }
        }
        i += 1;
    }
}

/// Last words of facilities that are places in their own right (图书馆, 广场, 大厦).
const FACILITY_END: &[&str] = &[
    "图书馆",
    "博物馆",
    "纪念馆",
    "展览馆",
    "资料馆",
    "美术馆",
    "体育馆",
    "体育场",
    "会馆",
    "大使馆",
    "领事馆",
    "会议中心",
    "会展中心",
    "展览中心",
    "大会堂",
    "广场",
    "大厦",
    "花园",
    "公园",
    "机场",
    "火车站",
    "车站",
    "码头",
    "大桥",
    "商务区",
    "商圈",
    "球场",
    "公寓",
    "别墅",
    "酒店",
    "宾馆",
    "饭店",
    "景区",
    "古镇",
    "大剧院",
    "剧院",
    "影城",
    "商场",
    "超市",
    "百货",
];

/// The index of the last token of a facility name starting at `toks[j]` (at most three
/// tokens, at most eight characters, ending in a word of [`FACILITY_END`]).
fn facility_at(toks: &[Tok], j: usize) -> Option<usize> {
    let start = toks.get(j)?.start;
    for (f, t) in toks.iter().enumerate().skip(j).take(3) {
        if !all_cjk(t.word)
            || t.end - start > 8
            || matches!(
                t.tag,
                "v" | "p" | "c" | "u" | "uj" | "ul" | "uz" | "d" | "r" | "m" | "q" | "y" | "t"
            )
        {
            return None;
        }
        if FACILITY_END.iter().any(|w| t.word.ends_with(w)) {
            return Some(f);
        }
    }
    None
}

/// Words after which a facility name is where something happens (在 新城 公园, 来到 金贸
/// 中心, 位于 伊丽莎白 体育馆).
const FACILITY_CUE: &[&str] = &[
    "在", "到", "于", "位于", "来到", "前往", "抵达", "赴", "至", "走进", "进入", "住在", "落户",
    "入住", "返回",
];

/// A facility with a name of its own, not after a known place (those are kept by
/// [`places`]): a proper noun before the facility word (伊丽莎白 体育馆), or any name after a
/// word of place (在 新城 公园). The facility word alone (在 公园) is not a name.
fn facilities(toks: &[Tok], out: &mut Vec<Cand>) {
    for j in 0..toks.len() {
        let t = &toks[j];
        if t.word
            .chars()
            .next()
            .is_some_and(|c| GENERIC_START.contains(c))
            || matches!(t.tag, "a" | "b" | "s" | "f" | "ns")
        {
            continue;
        }
        let Some(f) = facility_at(toks, j) else {
            continue;
        };
        let last = &toks[f];
        let end_len = FACILITY_END
            .iter()
            .filter(|w| last.word.ends_with(*w))
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        if last.end - t.start < end_len + 2 {
            continue;
        }
        let proper = matches!(t.tag, "nr" | "nrt" | "nz" | "nrfg") || is_translit(t.word);
        let cued = j > 0 && has(FACILITY_CUE, toks[j - 1].word);
        if proper || cued {
            out.push(Cand {
                start: t.start,
                end: last.end,
                kind: EntityType::Place,
                prio: 36,
            });
        }
    }
}

/// News agencies that open a dateline (本报波恩5月25日电, 新华社莫斯科4月28日电).
const AGENCIES: &[&str] = &["本报", "新华社", "中新社", "中新网", "人民网", "央视网"];

/// The place of a news dateline: agency, place, date, 电. A country before the city is a
/// place of its own (本报德国罗滕堡5月27日电).
fn datelines(d: &ZhData, chars: &[char], out: &mut Vec<Cand>) {
    let n = chars.len();
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut i = 0;
    while i < n {
        let Some(a) = AGENCIES.iter().find(|a| {
            let mut ac = a.chars();
            ac.next() == Some(chars[i])
                && ac
                    .enumerate()
                    .all(|(o, x)| chars.get(i + 1 + o) == Some(&x))
        }) else {
            i += 1;
            continue;
        };
        let s = i + a.chars().count();
        let mut e = s;
        while e < n && e - s < 8 && is_cjk(chars[e]) && !digit(chars[e]) {
            e += 1;
        }
        // Then a date: digits, 月, digits, 日电.
        let tail: String = chars[e..n.min(e + 10)].iter().collect();
        let dated = e > s
            && chars.get(e).copied().is_some_and(digit)
            && tail.contains('月')
            && tail.contains("日电");
        if dated && (2..=8).contains(&(e - s)) {
            let run: String = chars[s..e].iter().collect();
            let split = (2..e - s).find(|&l| {
                let w: String = chars[s..s + l].iter().collect();
                place_level(d, &w) == Some(ZhLevel::Country) && e - s - l >= 2
            });
            let parts = match split {
                Some(l) => vec![(s, s + l), (s + l, e)],
                None => vec![(s, e)],
            };
            if !has(NOT_PLACE, &run) {
                for (a, b) in parts {
                    out.push(Cand {
                        start: a,
                        end: b,
                        kind: EntityType::Place,
                        prio: 45,
                    });
                }
            }
        }
        i = e.max(i + 1);
    }
}

/// Words never taken as the name of a town or village (城镇, 乡镇, 新建社区).
const TOWN_STOP: &[&str] = &[
    "城", "乡", "全", "新建", "本", "各", "该", "小", "大", "农", "山", "渔", "古", "名", "重",
    "新农", "特色", "美丽", "文明", "生态", "示范", "中心", "贫困", "边远", "偏远", "周边", "附近",
    "所在", "所属", "一个", "这个", "那个", "整个", "城关", "城中", "城郊",
];

/// Words after 镇, 乡, 村 that name the town's office (镇党委, 乡政府, 村委会).
const TOWN_OFFICE: &[&str] = &[
    "党委",
    "政府",
    "人民政府",
    "长",
    "委会",
    "民委员会",
    "党支部",
    "办事处",
    "卫生院",
    "中学",
    "小学",
    "派出所",
    "干部",
    "两委",
];

/// Towns and villages that segmentation cut apart: 湖坊镇 (湖坊 镇 or 湖 坊镇), 张家场村.
/// Two or three characters and 镇, 乡, 村 or 街道, starting and ending at a token boundary.
fn towns(d: &ZhData, chars: &[char], toks: &[Tok], boundary: &[bool], out: &mut Vec<Cand>) {
    let n = chars.len();
    // Tag of the one-character token starting at each position, if any.
    let mut single = vec![""; n + 1];
    for t in toks {
        if t.len() == 1 {
            single[t.start] = t.tag;
        }
    }
    let mut i = 0;
    while i < n {
        let suffix = match chars[i] {
            '镇' | '乡' | '村' => 1,
            '街' if chars.get(i + 1) == Some(&'道') => 2,
            _ => 0,
        };
        // The suffix ends a token (湖坊 镇) or starts one naming its office (湖坊 镇党委).
        let ends = boundary.get(i + suffix).copied().unwrap_or(false);
        let office = boundary[i]
            && toks
                .get(toks.partition_point(|t| t.start < i))
                .is_some_and(|t| {
                    let rest: String = t.word.chars().skip(suffix).collect();
                    t.start == i && TOWN_OFFICE.iter().any(|o| rest.starts_with(o))
                });
        if suffix == 0 || !(ends || office) {
            i += 1;
            continue;
        }
        let pick = [2usize, 3].into_iter().find(|&l| {
            if i < l {
                return false;
            }
            let s = i - l;
            let name: String = chars[s..i].iter().collect();
            let whole: String = chars[s..i + suffix].iter().collect();
            let function_start = matches!(
                single[s],
                "p" | "v" | "c" | "u" | "uj" | "ul" | "d" | "r" | "m" | "q" | "f" | "a"
            );
            boundary[s]
                && !function_start
                && chars[s..i].iter().all(|c| is_cjk(*c))
                && !chars[s..i].iter().any(|c| NOT_IN_FOREIGN.contains(*c))
                && !GENERIC_START.contains(chars[s])
                && !TOWN_STOP.iter().any(|w| name.starts_with(w) || name == *w)
                && !has(NOT_PLACE, &whole)
                && (d.places.contains_key(name.as_str()) || !is_common_word(d, &name))
        });
        if let Some(l) = pick {
            out.push(Cand {
                start: i - l,
                end: i + suffix,
                kind: EntityType::Place,
                prio: 30,
            });
        }
        i += suffix;
    }
}

/// A district or county the gazetteer does not know, written right after a known
/// province, city or prefecture: `南昌市红谷滩区`, `某省新设县` → the 2–3 characters and
/// `区`/`县`. The division before it is the evidence, so ordinary words (`城区`, `社区`,
/// `各区`) never start such a span.
fn districts_after_division(d: &ZhData, chars: &[char], out: &mut Vec<Cand>) {
    for (i, c) in chars.iter().enumerate() {
        if !matches!(c, '区' | '县') {
            continue;
        }
        let pick = [3usize, 2].into_iter().find(|&l| {
            let Some(s) = i.checked_sub(l) else {
                return false;
            };
            let name: String = chars[s..i].iter().collect();
            let after_division = (2..=4).any(|k| {
                s.checked_sub(k).is_some_and(|b| {
                    matches!(chars[s - 1], '省' | '市' | '州' | '盟')
                        && d.places
                            .contains_key(chars[b..s].iter().collect::<String>().as_str())
                })
            });
            after_division
                && chars[s..i].iter().all(|c| is_cjk(*c))
                && !GENERIC_START.contains(chars[s])
                && !TOWN_STOP.iter().any(|w| name.starts_with(w))
                && (d.places.contains_key(name.as_str()) || !is_common_word(d, &name))
        });
        if let Some(l) = pick {
            out.push(Cand {
                start: i - l,
                end: i + 1,
                kind: EntityType::Place,
                prio: 30,
            });
        }
    }
}

/// True when `w` is an ordinary word of the segmenter's dictionary (not a name or place).
fn is_common_word(d: &ZhData, w: &str) -> bool {
    let tags = d.jieba.tag(w, false);
    tags.len() == 1 && !matches!(tags[0].tag, "ns" | "nr" | "nz" | "nrt" | "x" | "j")
}

/// Last characters and words of the parts of a full address (路, 号, 楼, 车站, 对面).
const ADDRESS_END_CHARS: &str = "路街道巷弄号楼层室栋幢座厅店旁站口门园苑村镇乡";
const ADDRESS_END_WORDS: &[&str] = &[
    "对面", "附近", "以南", "以北", "以东", "以西", "路口", "中心", "广场", "大厦", "区域", "大桥",
    "公寓", "小区", "花园", "商场", "超市", "市场",
];

/// The index of the last token of the rest of an address starting at `toks[j]`: at most
/// eight tokens and 16 characters without a verb, particle or punctuation, ending in an
/// address word, and holding a number or a street, so that a sentence does not run on.
fn address_rest(toks: &[Tok], j: usize) -> Option<usize> {
    let start = toks.get(j)?.start;
    let mut last = None;
    let mut numbered = false;
    for (f, t) in toks.iter().enumerate().skip(j).take(8) {
        let word_ok = t
            .word
            .chars()
            .all(|c| is_cjk(c) || c.is_ascii_alphanumeric() || c == '-')
            && !t.word.is_empty();
        if !word_ok
            || t.end - start > 16
            || matches!(
                t.tag,
                "v" | "p" | "c" | "u" | "uj" | "ul" | "uz" | "ud" | "d" | "r" | "y" | "t" | "l"
            )
        {
            break;
        }
        numbered |= t
            .word
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            || t.word.ends_with('号');
        if t.word
            .chars()
            .last()
            .is_some_and(|c| ADDRESS_END_CHARS.contains(c))
            || ADDRESS_END_WORDS.iter().any(|w| t.word.ends_with(w))
        {
            last = Some(f);
        }
    }
    last.filter(|_| numbered)
}

/// Words that end a street name written apart from it (光华 路).
const STREET_WORDS: &[&str] = &[
    "路", "街", "大街", "大道", "巷", "弄", "胡同", "中路", "东路", "西路", "南路", "北路", "小区",
];

/// True when `toks[j]` is a name and `toks[j + 1]` a street word (光华 路, 人民 大街).
fn street_at(toks: &[Tok], j: usize) -> bool {
    let (Some(t), Some(n)) = (toks.get(j), toks.get(j + 1)) else {
        return false;
    };
    all_cjk(t.word)
        && (1..=4).contains(&t.len())
        && matches!(
            t.tag,
            "n" | "nz" | "ns" | "nr" | "nrt" | "x" | "j" | "a" | "b" | "s" | "f"
        )
        && has(STREET_WORDS, n.word)
        && !t
            .word
            .chars()
            .next()
            .is_some_and(|c| GENERIC_START.contains(c))
}

/// Length in tokens of a house number at `toks[j]` (10 号, 3 号楼), if any.
fn house_number_at(toks: &[Tok], j: usize) -> Option<usize> {
    let t = toks.get(j)?;
    let n = toks.get(j + 1)?;
    (t.tag == "m"
        && t.word.chars().all(|c| {
            c.is_ascii_digit() || "０１２３４５６７８９一二三四五六七八九十百零".contains(c)
        })
        && matches!(n.word, "号" | "号楼" | "号院" | "弄" | "栋" | "幢"))
    .then_some(2)
}

/// Street addresses that do not start with a known place: 中原路 103 号, 光华 路 10 号.
fn streets(toks: &[Tok], out: &mut Vec<Cand>) {
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        let road_word = all_cjk(t.word)
            && (3..=5).contains(&t.len())
            && t.word
                .chars()
                .last()
                .is_some_and(|c| "路街巷弄道".contains(c))
            && matches!(t.tag, "ns" | "nz" | "n" | "x" | "nr")
            && !t
                .word
                .chars()
                .next()
                .is_some_and(|c| GENERIC_START.contains(c));
        let (after, start) = if road_word {
            (k + 1, t.start)
        } else if street_at(toks, k) {
            (k + 2, t.start)
        } else {
            k += 1;
            continue;
        };
        if let Some(l) = house_number_at(toks, after) {
            out.push(Cand {
                start,
                end: toks[after + l - 1].end,
                kind: EntityType::Place,
                prio: 35,
            });
            k = after + l;
        } else {
            k += 1;
        }
    }
}

/// Suffixes that name a division (县, 乡, 街道) rather than a street or a building.
fn is_division_suffix(w: &str) -> bool {
    matches!(
        w,
        "市" | "县"
            | "区"
            | "省"
            | "州"
            | "镇"
            | "乡"
            | "村"
            | "街道"
            | "社区"
            | "镇区"
            | "新区"
            | "开发区"
            | "湾区"
            | "屯"
            | "庄"
            | "组"
    )
}

/// A dictionary place word of three characters or more that ends like a landmark (西直门,
/// 布达拉宫, 莫高窟, 好莱坞, 北大荒) and is not a compound of a known place (香港回归).
fn landmark_word(d: &ZhData, t: &Tok) -> bool {
    let cs: Vec<char> = t.word.chars().collect();
    cs.len() >= 3
        && cs
            .last()
            .is_some_and(|c| "门宫窟坞荒郡寺塔陵堤坝苑".contains(*c))
        && d.jieba.has_word(t.word)
        && !(2..cs.len()).any(|l| {
            let pre: String = cs[..l].iter().collect();
            d.places.contains_key(pre.as_str())
        })
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

/// A surname glued by segmentation to the word before it, before a top title:
/// 落实习总书记 (segmented 落/实习/总书记) gives 习; 学习总书记 does not.
fn surname_before_top_title(d: &ZhData, chars: &[char], out: &mut Vec<Cand>) {
    let word = |a: usize, b: usize| -> bool {
        let w: String = chars[a..b].iter().collect();
        d.jieba.has_word(&w)
    };
    for i in 2..chars.len() {
        let rest: String = chars[i + 1..chars.len().min(i + 4)].iter().collect();
        if !["总书记", "主席", "总理", "委员长"]
            .iter()
            .any(|t| rest.starts_with(t))
        {
            continue;
        }
        if surname_len(d, chars, i).is_none_or(|(l, _)| l != 1) || ambiguous_surname(chars[i]) {
            continue;
        }
        if word(i - 1, i + 1) && word(i - 2, i) {
            out.push(Cand {
                start: i,
                end: i + 1,
                kind: EntityType::Person,
                prio: 21,
            });
        }
    }
}

fn places(d: &ZhData, chars: &[char], toks: &[Tok], out: &mut Vec<Cand>) {
    let n = toks.len();
    // Which tokens are places.
    let mut is_place = vec![false; n];
    for (k, t) in toks.iter().enumerate() {
        if !all_cjk(t.word) || has(NOT_PLACE, t.word) || is_abbr_pair(t) {
            continue;
        }
        // 西北地区, 西藏地区: the place is the part before 地区 (below).
        if t.len() >= 4 && t.word.ends_with("地区") {
            continue;
        }
        // 发展中国家 is "developing countries", not 中国.
        if t.word == "中国"
            && toks.get(k + 1).is_some_and(|x| x.word.starts_with('家'))
            && k.checked_sub(1)
                .is_some_and(|p| toks[p].word.ends_with("发展"))
        {
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
        if has(REGIONS, t.word) {
            is_place[k] = true;
            continue;
        }
        match place_level(d, t.word) {
            Some(
                ZhLevel::Country | ZhLevel::Province | ZhLevel::Prefecture | ZhLevel::WorldCity,
            ) => is_place[k] = true,
            Some(_) => {
                // 新建 社区 is a new community, not the 新建 district: verbs and adjectives
                // that are also small places count only with their suffix.
                let verb = matches!(t.tag, "v" | "vn" | "a" | "ad" | "an" | "d");
                is_place[k] =
                    t.tag == "ns" || ends_with_place_char(t.word) || next_is_suffix && !verb
            }
            None => {
                // jieba's ns tag alone is noisy (深度, 爱国 are tagged ns): only place-shaped
                // words count (foreign names, geographic endings).
                let generic = t
                    .word
                    .chars()
                    .next()
                    .is_some_and(|c| GENERIC_START.contains(c));
                let country = t.len() >= 3 && t.word.ends_with('国');
                if t.tag == "ns"
                    && t.len() >= 2
                    && !generic
                    && (country
                        || is_translit(t.word)
                        || t.word.chars().last().is_some_and(|c| GEO_END.contains(c))
                        || next_is_suffix
                        || landmark_word(d, t))
                {
                    is_place[k] = true;
                }
            }
        }
    }
    // Spans: a place token, followed by more place tokens and address words.
    let mut k = 0;
    while k < n {
        if !is_place[k]
            || toks[k]
                .word
                .chars()
                .next()
                .is_some_and(|c| GENERIC_START.contains(c))
                && place_level(d, toks[k].word).is_none()
        {
            k += 1;
            continue;
        }
        let start = toks[k].start;
        let mut j = k + 1;
        let mut end = toks[k].end;
        let mut last_country = place_level(d, toks[k].word) == Some(ZhLevel::Country);
        // Starts of the divisions in the chain (湖北 / 阳新县), and whether the chain goes
        // on into streets, numbers or buildings (a full address, kept as one span).
        let mut units = vec![start];
        let mut address = false;
        while j < n {
            let t = &toks[j];
            if is_place[j] && !last_country {
                last_country = place_level(d, t.word) == Some(ZhLevel::Country);
                units.push(t.start);
                end = t.end;
                j += 1;
                continue;
            }
            if last_country {
                break;
            }
            if has(ADDR_SUFFIX, t.word)
                && !matches!(
                    t.word,
                    "口" | "门" | "关" | "区" | "市" | "城" | "山" | "河" | "江" | "海" | "湖"
                )
            {
                // A bare suffix only right after a place: 宝城 镇, 长阳 镇.
                if t.word.chars().count() <= 2 && !matches!(t.word, "市" | "县" | "区" | "省")
                    || matches!(t.word, "市" | "县" | "区" | "省")
                        && !toks.get(j + 1).is_some_and(|x| x.word.starts_with('委'))
                {
                    address |= !is_division_suffix(t.word);
                    end = t.end;
                    j += 1;
                    continue;
                }
            }
            if all_cjk(t.word)
                && t.len() <= 6
                && t.len() >= 2
                && t.word
                    .chars()
                    .last()
                    .is_some_and(|c| "路街巷弄号村镇乡".contains(c))
                && !has(NOT_PLACE, t.word)
                && t.tag != "v"
            {
                if t.word.chars().last().is_some_and(|c| "村镇乡".contains(c)) {
                    units.push(t.start);
                } else {
                    address = true;
                }
                end = t.end;
                j += 1;
                continue;
            }
            // A street the lists do not know: 光华 路, 人民 大街.
            if street_at(toks, j) {
                address = true;
                end = toks[j + 1].end;
                j += 2;
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
                address = true;
                end = toks[j + 1].end;
                j += 2;
                continue;
            }
            // A facility named after the place: 上海 图书馆, 伊朗 大使馆, 上海 新梅 广场.
            if let Some(f) = facility_at(toks, j) {
                address = true;
                end = toks[f].end;
                j = f + 1;
                continue;
            }
            break;
        }
        // The rest of a full address, up to its last address word: 成都市 青羊区 光华村街
        // 10 号 大地 新光华 广场 二楼, 汇通 超市 云溪 大桥 东 车站 旁.
        if let Some(f) = address_rest(toks, j) {
            address = true;
            end = toks[f].end;
            j = f + 1;
        }
        if address || units.len() < 2 {
            out.push(Cand {
                start,
                end,
                kind: EntityType::Place,
                prio: 40,
            });
        } else {
            // A chain of divisions without a street: each division on its own, as the
            // news corpora annotate it (湖北 阳新县, 山东省 济阳县 新市乡).
            units.push(end);
            for w in units.windows(2) {
                out.push(Cand {
                    start: w[0],
                    end: w[1],
                    kind: EntityType::Place,
                    prio: 40,
                });
            }
        }
        k = j;
    }
    for (k, t) in toks.iter().enumerate() {
        if is_place[k] || !all_cjk(t.word) {
            continue;
        }
        let cs: Vec<char> = t.word.chars().collect();
        if cs.len() >= 4 && t.word.ends_with("地区") {
            let pre: String = cs[..cs.len() - 2].iter().collect();
            if has(REGION_PAIRS, &pre) {
                for o in 0..cs.len() - 2 {
                    out.push(Cand {
                        start: t.start + o,
                        end: t.start + o + 1,
                        kind: EntityType::Place,
                        prio: 40,
                    });
                }
            } else if has(REGIONS, &pre) || place_level(d, &pre).is_some() {
                out.push(Cand {
                    start: t.start,
                    end: t.end - 2,
                    kind: EntityType::Place,
                    prio: 40,
                });
            }
            continue;
        }
        // Two places in one word: 云南昆明 (云南 昆明). A people's name: 荷兰人 (荷兰).
        if (3..=8).contains(&cs.len()) {
            let strong = |w: &str| {
                matches!(
                    place_level(d, w),
                    Some(
                        ZhLevel::Country
                            | ZhLevel::Province
                            | ZhLevel::Prefecture
                            | ZhLevel::County
                            | ZhLevel::WorldCity
                    )
                )
            };
            let split = (2..=cs.len() - 2).find(|&l| {
                let a: String = cs[..l].iter().collect();
                let b: String = cs[l..].iter().collect();
                strong(&a) && strong(&b)
            });
            if let Some(l) = split {
                for (a, b) in [(0, l), (l, cs.len())] {
                    out.push(Cand {
                        start: t.start + a,
                        end: t.start + b,
                        kind: EntityType::Place,
                        prio: 38,
                    });
                }
                continue;
            }
            if cs.len() <= 5 && cs[cs.len() - 1] == '人' {
                let a: String = cs[..cs.len() - 1].iter().collect();
                if matches!(
                    place_level(d, &a),
                    Some(ZhLevel::Country | ZhLevel::Province | ZhLevel::WorldCity)
                ) {
                    out.push(Cand {
                        start: t.start,
                        end: t.end - 1,
                        kind: EntityType::Place,
                        prio: 38,
                    });
                    continue;
                }
            }
        }
        // Unknown words ending in an administrative suffix: 宝城镇.
        if t.tag == "x"
            && (3..=6).contains(&cs.len())
            && ends_with_place_char(t.word)
            && !GENERIC_START.contains(cs[0])
        {
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
                    // 上海图书馆: a facility named after the place is a place as a whole.
                    if FACILITY_END.iter().any(|w| t.word.ends_with(w)) && cs.len() <= 8 {
                        e = cs.len();
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
