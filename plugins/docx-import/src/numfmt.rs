//! Rendering one counter value in each of Word's number formats (`w:numFmt`).

/// Formats `n` in Word's number format `fmt`; `None` for a format this reader does not know.
pub(crate) fn format(n: u32, fmt: &str) -> Option<String> {
    Some(match fmt {
        "decimal" | "decimalHalfWidth" | "arabicAbjad" => n.to_string(),
        "decimalZero" => format!("{n:02}"),
        "none" => String::new(),
        "upperRoman" => roman(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerLetter" => letters(n),
        "ordinal" => ordinal(n),
        "cardinalText" => capitalise(&cardinal(n)),
        "ordinalText" => capitalise(&ordinal_text(n)),
        "numberInDash" => format!("- {n} -"),
        "decimalFullWidth" | "decimalFullWidth2" => full_width(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            enclosed(n, 20, '\u{2460}').unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedFullstop" => enclosed(n, 20, '\u{2488}').unwrap_or_else(|| n.to_string()),
        "decimalEnclosedParen" => enclosed(n, 20, '\u{2474}').unwrap_or_else(|| n.to_string()),
        "ideographEnclosedCircle" => enclosed(n, 10, '\u{3220}').unwrap_or_else(|| n.to_string()),
        "chineseCounting" | "japaneseCounting" | "taiwaneseCounting" => {
            cjk_counting(n, &CN_DIGITS, false)
        }
        "chineseCountingThousand" | "taiwaneseCountingThousand" => {
            cjk_counting(n, &CN_DIGITS, true)
        }
        "chineseLegalSimplified" => cjk_legal(n, &CN_LEGAL_DIGITS, ['拾', '佰', '仟', '万']),
        "japaneseLegal" => cjk_legal(n, &JA_LEGAL_DIGITS, ['拾', '百', '阡', '萬']),
        "ideographDigital"
        | "japaneseDigitalTenThousand"
        | "taiwaneseDigital"
        | "koreanDigital2" => digits(n, &CN_DIGITS),
        "ideographTraditional" => cycle(n, &HEAVENLY_STEMS),
        "ideographZodiac" => cycle(n, &EARTHLY_BRANCHES),
        "ideographZodiacTraditional" => {
            let i = (n.max(1) - 1) as usize;
            let stem = HEAVENLY_STEMS.get(i % 10).copied().unwrap_or_default();
            let branch = EARTHLY_BRANCHES.get(i % 12).copied().unwrap_or_default();
            format!("{stem}{branch}")
        }
        "ideographLegalTraditional" => cjk_legal(n, &TW_LEGAL_DIGITS, ['拾', '佰', '仟', '萬']),
        "koreanCounting" => korean_counting(n),
        "koreanDigital" => digits(n, &KO_DIGITS),
        "koreanLegal" => korean_native(n),
        "ganada" => cycle(n, &GANADA),
        "chosung" => cycle(n, &CHOSUNG),
        "aiueo" => cycle(n, &AIUEO),
        "aiueoFullWidth" => cycle(n, &AIUEO),
        "iroha" | "irohaFullWidth" => cycle(n, &IROHA),
        "russianLower" => cycle(n, &RUSSIAN),
        "russianUpper" => cycle(n, &RUSSIAN).to_uppercase(),
        "hebrew2" => cycle(n, &HEBREW),
        "thaiNumbers" => digits(n, &THAI_DIGITS),
        "hindiNumbers" => digits(n, &HINDI_DIGITS),
        "arabicAlpha" => cycle(n, &ARABIC),
        _ => return None,
    })
}

const CN_DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const CN_LEGAL_DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const JA_LEGAL_DIGITS: [&str; 10] = ["〇", "壱", "弐", "参", "四", "伍", "六", "七", "八", "九"];
const TW_LEGAL_DIGITS: [&str; 10] = ["零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"];
const KO_DIGITS: [&str; 10] = ["영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];
const THAI_DIGITS: [&str; 10] = ["๐", "๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙"];
const HINDI_DIGITS: [&str; 10] = ["०", "१", "२", "३", "४", "५", "६", "७", "८", "९"];
const HEAVENLY_STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
const EARTHLY_BRANCHES: [&str; 12] = [
    "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
];
const GANADA: [&str; 14] = [
    "가", "나", "다", "라", "마", "바", "사", "아", "자", "차", "카", "타", "파", "하",
];
const CHOSUNG: [&str; 14] = [
    "ㄱ", "ㄴ", "ㄷ", "ㄹ", "ㅁ", "ㅂ", "ㅅ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ",
];
const AIUEO: [&str; 46] = [
    "ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ", "ス", "セ", "ソ", "タ",
    "チ", "ツ", "テ", "ト", "ナ", "ニ", "ヌ", "ネ", "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ", "マ", "ミ",
    "ム", "メ", "モ", "ヤ", "ユ", "ヨ", "ラ", "リ", "ル", "レ", "ロ", "ワ", "ヲ", "ン",
];
const IROHA: [&str; 47] = [
    "イ", "ロ", "ハ", "ニ", "ホ", "ヘ", "ト", "チ", "リ", "ヌ", "ル", "ヲ", "ワ", "カ", "ヨ", "タ",
    "レ", "ソ", "ツ", "ネ", "ナ", "ラ", "ム", "ウ", "ヰ", "ノ", "オ", "ク", "ヤ", "マ", "ケ", "フ",
    "コ", "エ", "テ", "ア", "サ", "キ", "ユ", "メ", "ミ", "シ", "ヱ", "ヒ", "モ", "セ", "ス",
];
const RUSSIAN: [&str; 28] = [
    "а", "б", "в", "г", "д", "е", "ж", "з", "и", "к", "л", "м", "н", "о", "п", "р", "с", "т", "у",
    "ф", "х", "ц", "ч", "ш", "щ", "э", "ю", "я",
];
const HEBREW: [&str; 22] = [
    "א", "ב", "ג", "ד", "ה", "ו", "ז", "ח", "ט", "י", "כ", "ל", "מ", "נ", "ס", "ע", "פ", "צ", "ק",
    "ר", "ש", "ת",
];
const ARABIC: [&str; 28] = [
    "أ", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ",
    "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي",
];

fn roman(mut n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    // Word caps Roman numerals; beyond a few thousand the repetition would be absurd.
    n = n.min(39_999);
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Word's letters: a..z, then aa..zz, aaa.. (the letter repeated).
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let i = (n - 1) % 26;
    let times = ((n - 1) / 26 + 1).min(50) as usize;
    let c = char::from(b'a' + i as u8);
    std::iter::repeat_n(c, times).collect()
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn cardinal(n: u32) -> String {
    if n < 20 {
        return ONES
            .get(n as usize)
            .copied()
            .unwrap_or_default()
            .to_string();
    }
    if n < 100 {
        let t = TENS.get((n / 10) as usize).copied().unwrap_or_default();
        return if n % 10 == 0 {
            t.to_string()
        } else {
            format!("{t}-{}", cardinal(n % 10))
        };
    }
    if n < 1000 {
        let rest = n % 100;
        let head = format!("{} hundred", cardinal(n / 100));
        return if rest == 0 {
            head
        } else {
            format!("{head} and {}", cardinal(rest))
        };
    }
    if n < 1_000_000 {
        let rest = n % 1000;
        let head = format!("{} thousand", cardinal(n / 1000));
        return match rest {
            0 => head,
            1..=99 => format!("{head} and {}", cardinal(rest)),
            _ => format!("{head} {}", cardinal(rest)),
        };
    }
    n.to_string()
}

fn ordinal_text(n: u32) -> String {
    let c = cardinal(n);
    // Replace the last word by its ordinal form.
    let (head, last) = match c.rfind([' ', '-']) {
        Some(i) => (&c[..=i], &c[i + 1..]),
        None => ("", c.as_str()),
    };
    let last = match last {
        "one" => "first".to_string(),
        "two" => "second".to_string(),
        "three" => "third".to_string(),
        "five" => "fifth".to_string(),
        "eight" => "eighth".to_string(),
        "nine" => "ninth".to_string(),
        "twelve" => "twelfth".to_string(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn full_width(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
        .collect()
}

fn enclosed(n: u32, max: u32, first: char) -> Option<String> {
    if n == 0 || n > max {
        return None;
    }
    char::from_u32(first as u32 + n - 1).map(String::from)
}

fn digits(n: u32, table: &[&str; 10]) -> String {
    n.to_string()
        .bytes()
        .map(|b| {
            table
                .get(usize::from(b - b'0'))
                .copied()
                .unwrap_or_default()
        })
        .collect()
}

fn cycle(n: u32, table: &[&str]) -> String {
    if n == 0 || table.is_empty() {
        return n.to_string();
    }
    let len = table.len() as u32;
    let i = ((n - 1) % len) as usize;
    let times = ((n - 1) / len + 1).min(10) as usize;
    table.get(i).copied().unwrap_or_default().repeat(times)
}

/// Chinese/Japanese counting: 一 … 十, 十一, 二十, 一百 … ; with `thousand`, zeros inside
/// a number are written `零` (一百零一) the way `chineseCountingThousand` does.
fn cjk_counting(n: u32, d: &[&str; 10], thousand: bool) -> String {
    if n == 0 {
        return d[0].to_string();
    }
    if n >= 100_000_000 {
        return n.to_string();
    }
    let mut out = String::new();
    let high = n / 10_000;
    let low = n % 10_000;
    if high > 0 {
        out.push_str(&below_10000(high, d, thousand, false));
        out.push('万');
        if low > 0 && low < 1000 && thousand {
            out.push('零');
        }
    }
    if low > 0 {
        out.push_str(&below_10000(low, d, thousand, high > 0));
    }
    out
}

fn below_10000(n: u32, d: &[&str; 10], thousand: bool, inner: bool) -> String {
    let units = ["千", "百", "十", ""];
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    let mut started = false;
    for (i, &p) in parts.iter().enumerate() {
        let unit = units.get(i).copied().unwrap_or_default();
        if p == 0 {
            if started {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero && thousand {
            out.push('零');
        }
        pending_zero = false;
        // 十一 … 十九 are written without a leading 一, except inside a bigger number.
        let omit_one = unit == "十" && p == 1 && !started && !inner;
        if !omit_one {
            out.push_str(d.get(p as usize).copied().unwrap_or_default());
        }
        out.push_str(unit);
        started = true;
    }
    out
}

/// Chinese legal (financial) numerals: 壹, 壹拾, 壹拾壹, 壹佰零壹.
fn cjk_legal(n: u32, d: &[&str; 10], units: [char; 4]) -> String {
    if n == 0 {
        return d[0].to_string();
    }
    if n >= 100_000_000 {
        return n.to_string();
    }
    let mut out = String::new();
    let high = n / 10_000;
    let low = n % 10_000;
    let group = |v: u32, out: &mut String, leading: bool| {
        let parts = [v / 1000, v / 100 % 10, v / 10 % 10, v % 10];
        let unit = [Some(units[2]), Some(units[1]), Some(units[0]), None];
        let mut started = leading;
        let mut zero = false;
        for (i, &p) in parts.iter().enumerate() {
            if p == 0 {
                if started {
                    zero = true;
                }
                continue;
            }
            if zero {
                out.push_str(d[0]);
                zero = false;
            }
            out.push_str(d.get(p as usize).copied().unwrap_or_default());
            if let Some(Some(u)) = unit.get(i) {
                out.push(*u);
            }
            started = true;
        }
    };
    if high > 0 {
        group(high, &mut out, false);
        out.push(units[3]);
        if low > 0 && low < 1000 {
            out.push_str(d[0]);
        }
    }
    if low > 0 {
        group(low, &mut out, false);
    }
    out
}

const KO_UNITS: [&str; 4] = ["천", "백", "십", ""];

fn korean_counting(n: u32) -> String {
    if n == 0 {
        return KO_DIGITS[0].to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    for (i, &p) in parts.iter().enumerate() {
        if p == 0 {
            continue;
        }
        let unit = KO_UNITS.get(i).copied().unwrap_or_default();
        if p != 1 || unit.is_empty() {
            out.push_str(KO_DIGITS.get(p as usize).copied().unwrap_or_default());
        }
        out.push_str(unit);
    }
    out
}

fn korean_native(n: u32) -> String {
    const ONES: [&str; 10] = [
        "", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉",
    ];
    const TENS: [&str; 10] = [
        "", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔",
    ];
    if n == 0 || n >= 100 {
        return n.to_string();
    }
    format!(
        "{}{}",
        TENS.get((n / 10) as usize).copied().unwrap_or_default(),
        ONES.get((n % 10) as usize).copied().unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::format;

    fn f(n: u32, fmt: &str) -> String {
        format(n, fmt).unwrap_or_else(|| panic!("unknown {fmt}"))
    }

    #[test]
    fn chinese_formats() {
        assert_eq!(f(1, "chineseCounting"), "一");
        assert_eq!(f(10, "chineseCounting"), "十");
        assert_eq!(f(11, "chineseCounting"), "十一");
        assert_eq!(f(20, "chineseCounting"), "二十");
        assert_eq!(f(23, "chineseCounting"), "二十三");
        assert_eq!(f(101, "chineseCountingThousand"), "一百零一");
        assert_eq!(f(110, "chineseCountingThousand"), "一百一十");
        assert_eq!(f(1, "chineseLegalSimplified"), "壹");
        assert_eq!(f(10, "chineseLegalSimplified"), "壹拾");
        assert_eq!(f(12, "chineseLegalSimplified"), "壹拾贰");
        assert_eq!(f(105, "chineseLegalSimplified"), "壹佰零伍");
        assert_eq!(f(1, "ideographTraditional"), "甲");
        assert_eq!(f(3, "ideographTraditional"), "丙");
        assert_eq!(f(1, "ideographZodiac"), "子");
        assert_eq!(f(12, "ideographZodiac"), "亥");
        assert_eq!(f(1, "decimalEnclosedCircle"), "①");
        assert_eq!(f(20, "decimalEnclosedCircleChinese"), "⑳");
        assert_eq!(f(21, "decimalEnclosedCircle"), "21");
        assert_eq!(f(1, "ideographEnclosedCircle"), "㈠");
        assert_eq!(f(12, "decimalFullWidth"), "１２");
        assert_eq!(f(5, "japaneseCounting"), "五");
        assert_eq!(f(15, "taiwaneseCounting"), "十五");
        assert_eq!(f(12, "koreanCounting"), "십이");
        assert_eq!(f(304, "ideographDigital"), "三〇四");
    }

    #[test]
    fn western_formats() {
        assert_eq!(f(4, "upperRoman"), "IV");
        assert_eq!(f(1994, "lowerRoman"), "mcmxciv");
        assert_eq!(f(1, "upperLetter"), "A");
        assert_eq!(f(28, "lowerLetter"), "bb");
        assert_eq!(f(2, "ordinal"), "2nd");
        assert_eq!(f(13, "ordinal"), "13th");
        assert_eq!(f(21, "cardinalText"), "Twenty-one");
        assert_eq!(f(3, "ordinalText"), "Third");
        assert_eq!(f(20, "ordinalText"), "Twentieth");
        assert_eq!(f(7, "decimalZero"), "07");
        assert_eq!(f(7, "none"), "");
        assert!(format(1, "klingon").is_none());
    }
}
