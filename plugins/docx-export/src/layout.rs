//! Page layouts and the style sheet: the 公文 layout of GB/T 9704-2012 and a plain one.
//!
//! Lengths in WordprocessingML are in twentieths of a point ("twips", 1440 per inch,
//! 1 mm ≈ 56.69 twips); font sizes (`w:sz`) are in half points.

use crate::xml::escape;

/// Which set of styles and page setup to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleKind {
    /// Chinese official documents, GB/T 9704-2012.
    Gbt9704,
    /// A clean general-purpose document.
    Plain,
}

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 210 mm × 297 mm.
    A4,
    /// 8.5 in × 11 in.
    Letter,
}

/// Font names of one text role: Latin (`w:ascii`/`w:hAnsi`/`w:cs`) and East Asian slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fonts {
    /// Latin font.
    pub latin: &'static str,
    /// East Asian font.
    pub east_asia: &'static str,
}

/// Page setup and fonts of a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Which layout.
    pub kind: StyleKind,
    /// Page width in twips.
    pub page_w: u32,
    /// Page height in twips.
    pub page_h: u32,
    /// Top margin in twips.
    pub top: u32,
    /// Right margin in twips.
    pub right: u32,
    /// Bottom margin in twips.
    pub bottom: u32,
    /// Left margin in twips.
    pub left: u32,
    /// Distance of the header from the top edge, in twips.
    pub header: u32,
    /// Distance of the footer from the bottom edge, in twips.
    pub footer: u32,
    /// `w:docGrid` attributes, when the layout uses a document grid.
    pub grid: Option<(u32, i32)>,
    /// Language of Latin text (`w:lang w:val`).
    pub lang: String,
}

/// Millimetres to twips, rounded.
pub const fn mm(v: u32) -> u32 {
    // 1 mm = 1440 / 25.4 twips = 7200 / 127.
    (v * 7200 + 63) / 127
}

/// GB/T 9704-2012 §5.1: A4 paper, 210 mm × 297 mm.
const A4: (u32, u32) = (11906, 16838);
const LETTER: (u32, u32) = (12240, 15840);

// Fonts of the 公文 layout. GB/T 9704-2012 §7.3.1: title in 2号小标宋体; §7.3.3: body in
// 3号仿宋体, first level of headings in 黑体, second in 楷体, third and fourth in 仿宋体.
const GBT_TITLE: Fonts = Fonts {
    latin: "Times New Roman",
    east_asia: "方正小标宋简体",
};
const GBT_H1: Fonts = Fonts {
    latin: "Times New Roman",
    east_asia: "黑体",
};
const GBT_H2: Fonts = Fonts {
    latin: "Times New Roman",
    east_asia: "楷体_GB2312",
};
const GBT_BODY: Fonts = Fonts {
    latin: "Times New Roman",
    east_asia: "仿宋_GB2312",
};
/// GB/T 9704-2012 §7.5: page numbers in 4号半角宋体阿拉伯数字.
const GBT_PAGE_NUMBER: Fonts = Fonts {
    latin: "宋体",
    east_asia: "宋体",
};
const PLAIN_BODY: Fonts = Fonts {
    latin: "Cambria",
    east_asia: "SimSun",
};
const PLAIN_HEAD: Fonts = Fonts {
    latin: "Calibri",
    east_asia: "SimHei",
};
const CODE: Fonts = Fonts {
    latin: "Courier New",
    east_asia: "SimSun",
};

/// 3号 = 16 pt, in half points (GB/T 9704-2012 §5.2.2 / §7.3.3).
const SZ_3HAO: u32 = 32;
/// 2号 = 22 pt, in half points (GB/T 9704-2012 §7.3.1).
const SZ_2HAO: u32 = 44;
/// 4号 = 14 pt, in half points (GB/T 9704-2012 §7.5).
const SZ_4HAO: u32 = 28;

/// Line pitch of the 公文 layout: GB/T 9704-2012 §5.2.3 asks for 22 lines on the 225 mm
/// type area of §5.2.1: 225 mm / 22 = 28.95 pt = 579 twips.
const GBT_LINE_PITCH: u32 = 579;
/// Character pitch: §5.2.3 asks for 28 characters on the 156 mm line of §5.2.1, i.e.
/// about 15.79 pt per 16 pt character; `w:charSpace` is the difference in 1/4096 pt
/// (-0.207 pt). The grid is written as `w:type="lines"` (line grid only): LibreOffice
/// spreads full-width text over two cells of a character grid, so the 28 characters come
/// from the body style's -0.25 pt character spacing instead, the same in Word, WPS and
/// LibreOffice (28 × 15.75 pt ≤ 442 pt).
const GBT_CHAR_SPACE: i32 = -849;

impl Layout {
    /// The 公文 layout of GB/T 9704-2012.
    pub fn gbt9704() -> Layout {
        Layout {
            kind: StyleKind::Gbt9704,
            page_w: A4.0,
            page_h: A4.1,
            // §5.2.1: 天头 (top margin) 37 mm, 订口 (left margin) 28 mm, type area
            // 156 mm × 225 mm, hence right 210-28-156 = 26 mm and bottom 297-37-225 = 35 mm.
            top: mm(37),
            left: mm(28),
            right: mm(26),
            bottom: mm(35),
            header: mm(15),
            // §7.5: the page number's dash sits 7 mm below the type area; with a 4号 line
            // that puts the footer's bottom about 22 mm above the paper's edge.
            footer: mm(22),
            grid: Some((GBT_LINE_PITCH, GBT_CHAR_SPACE)),
            lang: "zh-CN".into(),
        }
    }

    /// The plain layout on `paper`, Latin text in `lang`.
    pub fn plain(paper: Paper, lang: &str) -> Layout {
        let (page_w, page_h) = match paper {
            Paper::A4 => A4,
            Paper::Letter => LETTER,
        };
        Layout {
            kind: StyleKind::Plain,
            page_w,
            page_h,
            top: 1440,
            right: 1440,
            bottom: 1440,
            left: 1440,
            header: 720,
            footer: 720,
            grid: None,
            lang: lang.to_string(),
        }
    }

    /// Width of the text column in twips.
    pub fn text_width(&self) -> u32 {
        self.page_w.saturating_sub(self.left + self.right).max(1440)
    }

    /// The page setup part of `w:sectPr` (after header/footer references).
    pub fn sect_pr_tail(&self, title_page: bool) -> String {
        let mut s = format!(
            "<w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/><w:cols w:space=\"720\"/>",
            self.page_w, self.page_h, self.top, self.right, self.bottom, self.left, self.header, self.footer
        );
        if title_page {
            s.push_str("<w:titlePg/>");
        }
        match self.grid {
            Some((pitch, space)) => s.push_str(&format!(
                "<w:docGrid w:type=\"lines\" w:linePitch=\"{pitch}\" w:charSpace=\"{space}\"/>"
            )),
            None => s.push_str("<w:docGrid w:linePitch=\"360\"/>"),
        }
        s
    }

    /// Every font the styles name, for `fontTable.xml`.
    pub fn fonts(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = match self.kind {
            StyleKind::Gbt9704 => [GBT_TITLE, GBT_H1, GBT_H2, GBT_BODY, GBT_PAGE_NUMBER, CODE]
                .iter()
                .flat_map(|f| [f.latin, f.east_asia])
                .collect(),
            StyleKind::Plain => [PLAIN_BODY, PLAIN_HEAD, CODE]
                .iter()
                .flat_map(|f| [f.latin, f.east_asia])
                .collect(),
        };
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Run properties of the page number in the footer.
    pub fn page_number_rpr(&self) -> String {
        match self.kind {
            StyleKind::Gbt9704 => format!(
                "<w:rPr>{}<w:sz w:val=\"{SZ_4HAO}\"/><w:szCs w:val=\"{SZ_4HAO}\"/></w:rPr>",
                rfonts(GBT_PAGE_NUMBER)
            ),
            StyleKind::Plain => String::new(),
        }
    }

    /// The style definitions of this layout.
    pub fn style_defs(&self) -> Vec<StyleDef> {
        let gbt = self.kind == StyleKind::Gbt9704;
        let mut v = Vec::new();
        let normal_ppr = if gbt {
            // §5.2.3: 22 lines per page (exact line pitch); §7.3.3: every paragraph is
            // indented two characters on its first line; lines fill the type area.
            format!("<w:pPr><w:spacing w:line=\"{GBT_LINE_PITCH}\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr>")
        } else {
            String::new()
        };
        // The body font and size are repeated on Normal (not only in docDefaults): LibreOffice
        // sizes the character grid from the default paragraph style's own font size.
        let normal_rpr = if gbt {
            // Condensed by 0.25 pt so that a character fits the 15.79 pt grid cell in
            // LibreOffice as it does in Word (28 per line, §5.2.3).
            format!("<w:rPr>{}<w:spacing w:val=\"-5\"/><w:sz w:val=\"{SZ_3HAO}\"/><w:szCs w:val=\"{SZ_3HAO}\"/></w:rPr>", rfonts(GBT_BODY))
        } else {
            String::new()
        };
        v.push(StyleDef::para("Normal", "Normal", None, None, normal_ppr, normal_rpr).default());
        v.push(
            StyleDef::new(
                "character",
                "DefaultParagraphFont",
                "Default Paragraph Font",
                None,
                String::new(),
            )
            .default(),
        );
        v.push(StyleDef::new("table", "TableNormal", "Normal Table", None,
            "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>".into()).default());
        v.push(StyleDef::new("numbering", "NoList", "No List", None, String::new()).default());
        let no_indent = if gbt {
            "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
        } else {
            ""
        };
        if gbt {
            // §7.3.1: title in 2号小标宋体, centred; a blank line (one line pitch) before the body.
            v.push(StyleDef::para("Title", "Title", Some("Normal"), Some("Normal"),
                format!("<w:pPr><w:keepNext/><w:snapToGrid w:val=\"0\"/><w:spacing w:after=\"{GBT_LINE_PITCH}\" w:line=\"{GBT_LINE_PITCH}\" w:lineRule=\"exact\"/>{no_indent}<w:jc w:val=\"center\"/></w:pPr>"),
                format!("<w:rPr>{}<w:snapToGrid w:val=\"0\"/><w:spacing w:val=\"0\"/><w:sz w:val=\"{SZ_2HAO}\"/><w:szCs w:val=\"{SZ_2HAO}\"/></w:rPr>", rfonts(GBT_TITLE))));
            v.push(StyleDef::para(
                "Subtitle",
                "Subtitle",
                Some("Normal"),
                Some("Normal"),
                format!("<w:pPr>{no_indent}<w:jc w:val=\"center\"/></w:pPr>"),
                format!("<w:rPr>{}</w:rPr>", rfonts(GBT_H2)),
            ));
            for level in 1..=9u32 {
                // §7.3.3: level 1 黑体, level 2 楷体, levels 3 and 4 仿宋, all 3号.
                let fonts = match level {
                    1 => GBT_H1,
                    2 => GBT_H2,
                    _ => GBT_BODY,
                };
                v.push(StyleDef::heading(
                    level,
                    format!(
                        "<w:pPr><w:keepNext/><w:outlineLvl w:val=\"{}\"/></w:pPr>",
                        level - 1
                    ),
                    format!(
                        "<w:rPr>{}<w:sz w:val=\"{SZ_3HAO}\"/><w:szCs w:val=\"{SZ_3HAO}\"/></w:rPr>",
                        rfonts(fonts)
                    ),
                ));
            }
        } else {
            v.push(StyleDef::para("Title", "Title", Some("Normal"), Some("Normal"),
                "<w:pPr><w:keepNext/><w:spacing w:before=\"0\" w:after=\"240\"/></w:pPr>".into(),
                format!("<w:rPr>{}<w:color w:val=\"17365D\"/><w:kern w:val=\"28\"/><w:sz w:val=\"52\"/><w:szCs w:val=\"52\"/></w:rPr>", rfonts(PLAIN_HEAD))));
            v.push(StyleDef::para("Subtitle", "Subtitle", Some("Normal"), Some("Normal"),
                "<w:pPr><w:spacing w:after=\"240\"/></w:pPr>".into(),
                format!("<w:rPr>{}<w:i/><w:color w:val=\"4F6228\"/><w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/></w:rPr>", rfonts(PLAIN_HEAD))));
            // Sizes step down: 16, 14, 13, 12, 11, 11 pt (then 11 pt for 7–9).
            let sizes = [32u32, 28, 26, 24, 22, 22, 22, 22, 22];
            for (i, sz) in sizes.iter().enumerate() {
                let level = i as u32 + 1;
                let style = if level >= 6 {
                    "<w:i/>"
                } else {
                    "<w:b/><w:bCs/>"
                };
                v.push(StyleDef::heading(level,
                    format!("<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{}\" w:after=\"80\"/><w:outlineLvl w:val=\"{}\"/></w:pPr>", if level == 1 { 360 } else { 240 }, level - 1),
                    format!("<w:rPr>{}{style}<w:color w:val=\"1F3864\"/><w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/></w:rPr>", rfonts(PLAIN_HEAD))));
            }
        }
        let small = if gbt { SZ_4HAO } else { 20 };
        v.push(StyleDef::para(
            "ListParagraph",
            "List Paragraph",
            Some("Normal"),
            None,
            format!("<w:pPr>{no_indent}</w:pPr>"),
            String::new(),
        ));
        v.push(StyleDef::para("TableText", "Table Text", Some("Normal"), None,
            format!("<w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/>{no_indent}<w:jc w:val=\"left\"/></w:pPr>"), String::new()));
        v.push(StyleDef::para(
            "Quote",
            "Quote",
            Some("Normal"),
            Some("Normal"),
            "<w:pPr><w:ind w:left=\"720\" w:right=\"720\"/></w:pPr>".into(),
            "<w:rPr><w:i/><w:iCs/></w:rPr>".into(),
        ));
        v.push(StyleDef::para("SourceCode", "Source Code", Some("Normal"), None,
            format!("<w:pPr><w:wordWrap w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>{no_indent}<w:jc w:val=\"left\"/></w:pPr>"),
            format!("<w:rPr>{}<w:sz w:val=\"{small}\"/><w:szCs w:val=\"{small}\"/></w:rPr>", rfonts(CODE))));
        v.push(StyleDef::new(
            "character",
            "VerbatimChar",
            "Verbatim Char",
            Some("DefaultParagraphFont"),
            format!("<w:rPr>{}</w:rPr>", rfonts(CODE)),
        ));
        v.push(StyleDef::new(
            "character",
            "Hyperlink",
            "Hyperlink",
            Some("DefaultParagraphFont"),
            "<w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr>".into(),
        ));
        let note_ppr = format!("<w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>{no_indent}</w:pPr>");
        let note_rpr =
            format!("<w:rPr><w:sz w:val=\"{small}\"/><w:szCs w:val=\"{small}\"/></w:rPr>");
        v.push(StyleDef::para(
            "FootnoteText",
            "footnote text",
            Some("Normal"),
            None,
            note_ppr.clone(),
            note_rpr.clone(),
        ));
        v.push(StyleDef::new(
            "character",
            "FootnoteReference",
            "footnote reference",
            Some("DefaultParagraphFont"),
            "<w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr>".into(),
        ));
        v.push(StyleDef::para(
            "EndnoteText",
            "endnote text",
            Some("Normal"),
            None,
            note_ppr.clone(),
            note_rpr.clone(),
        ));
        v.push(StyleDef::new(
            "character",
            "EndnoteReference",
            "endnote reference",
            Some("DefaultParagraphFont"),
            "<w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr>".into(),
        ));
        v.push(StyleDef::para(
            "CommentText",
            "annotation text",
            Some("Normal"),
            None,
            note_ppr.clone(),
            note_rpr.clone(),
        ));
        v.push(StyleDef::new(
            "character",
            "CommentReference",
            "annotation reference",
            Some("DefaultParagraphFont"),
            "<w:rPr><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr>".into(),
        ));
        v.push(StyleDef::para(
            "Caption",
            "caption",
            Some("Normal"),
            Some("Normal"),
            format!("<w:pPr><w:keepNext/>{no_indent}<w:jc w:val=\"center\"/></w:pPr>"),
            "<w:rPr><w:b/><w:bCs/></w:rPr>".into(),
        ));
        v.push(StyleDef::para("Header", "header", Some("Normal"), None,
            format!("<w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>{no_indent}<w:jc w:val=\"center\"/></w:pPr>"), note_rpr.clone()));
        v.push(StyleDef::para("Footer", "footer", Some("Normal"), None,
            format!("<w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>{no_indent}</w:pPr>"), note_rpr));
        v.push(StyleDef::new("table", "TableGrid", "Table Grid", Some("TableNormal"),
            "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/></w:tblBorders></w:tblPr>".into()));
        v
    }

    /// `w:docDefaults`: fonts, size and languages every style starts from.
    pub fn doc_defaults(&self) -> String {
        let (fonts, sz, ppr) = match self.kind {
            StyleKind::Gbt9704 => (GBT_BODY, SZ_3HAO, "<w:pPrDefault/>".to_string()),
            StyleKind::Plain => (
                PLAIN_BODY,
                22,
                "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>".to_string(),
            ),
        };
        format!(
            "<w:docDefaults><w:rPrDefault><w:rPr>{}<w:kern w:val=\"2\"/><w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/><w:lang w:val=\"{}\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>{ppr}</w:docDefaults>",
            rfonts(fonts),
            escape(&self.lang)
        )
    }

    /// The whole `styles.xml`.
    pub fn styles_xml(&self) -> String {
        let mut s = String::from(XML_DECL);
        s.push_str(
            "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
        );
        s.push_str(&self.doc_defaults());
        for def in self.style_defs() {
            def.push_xml(&mut s, &|id| id.to_string());
        }
        s.push_str("</w:styles>");
        s
    }

    /// The whole `fontTable.xml`, with fallbacks (`w:altName`) for the GB2312-era fonts.
    pub fn font_table_xml(&self) -> String {
        let mut s = String::from(XML_DECL);
        s.push_str(
            "<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
        );
        for f in self.fonts() {
            let (alt, cjk) = match f {
                "仿宋_GB2312" => (Some("仿宋"), true),
                "楷体_GB2312" => (Some("楷体"), true),
                "方正小标宋简体" => (Some("宋体"), true),
                "黑体" => (Some("SimHei"), true),
                "宋体" => (Some("SimSun"), true),
                "SimSun" | "SimHei" => (None, true),
                _ => (None, false),
            };
            s.push_str("<w:font w:name=\"");
            s.push_str(&escape(f));
            s.push_str("\">");
            if let Some(a) = alt {
                s.push_str(&format!("<w:altName w:val=\"{}\"/>", escape(a)));
            }
            if cjk {
                s.push_str("<w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/>");
            } else if f == "Courier New" {
                s.push_str("<w:charset w:val=\"00\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/>");
            } else {
                let family = if f == "Calibri" { "swiss" } else { "roman" };
                s.push_str(&format!("<w:charset w:val=\"00\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"variable\"/>"));
            }
            s.push_str("</w:font>");
        }
        s.push_str("</w:fonts>");
        s
    }
}

/// The XML declaration every part starts with.
pub const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// `w:rFonts` for a role: Latin and East Asian slots. Fonts with a Chinese East Asian
/// face get `w:hint="eastAsia"`, so that characters shared by both scripts (curly
/// quotes, dashes) take the Chinese face in 公文 text; Latin roles leave them Latin.
pub fn rfonts(f: Fonts) -> String {
    let hint = if f.latin == "Times New Roman" || f.latin == "宋体" {
        " w:hint=\"eastAsia\""
    } else {
        ""
    };
    format!(
        "<w:rFonts w:ascii=\"{0}\" w:hAnsi=\"{0}\" w:eastAsia=\"{1}\" w:cs=\"{0}\"{hint}/>",
        escape(f.latin),
        escape(f.east_asia)
    )
}

/// One `w:style` definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleDef {
    /// `paragraph`, `character`, `table` or `numbering`.
    pub kind: &'static str,
    /// Our style id.
    pub id: &'static str,
    /// The style's name (the built-in English name where Word has one).
    pub name: &'static str,
    /// Parent style id.
    pub based_on: Option<&'static str>,
    /// Style of the next paragraph.
    pub next: Option<&'static str>,
    /// Whether this is the default style of its kind.
    pub is_default: bool,
    /// `w:pPr`/`w:rPr`/`w:tblPr` content.
    pub body: String,
}

impl StyleDef {
    fn new(
        kind: &'static str,
        id: &'static str,
        name: &'static str,
        based_on: Option<&'static str>,
        body: String,
    ) -> StyleDef {
        StyleDef {
            kind,
            id,
            name,
            based_on,
            next: None,
            is_default: false,
            body,
        }
    }

    fn para(
        id: &'static str,
        name: &'static str,
        based_on: Option<&'static str>,
        next: Option<&'static str>,
        ppr: String,
        rpr: String,
    ) -> StyleDef {
        StyleDef {
            kind: "paragraph",
            id,
            name,
            based_on,
            next,
            is_default: false,
            body: ppr + &rpr,
        }
    }

    fn heading(level: u32, ppr: String, rpr: String) -> StyleDef {
        let i = (level.clamp(1, 9) - 1) as usize;
        StyleDef::para(
            HEADING_IDS[i],
            HEADING_NAMES[i],
            Some("Normal"),
            Some("Normal"),
            ppr,
            rpr,
        )
    }

    fn default(mut self) -> StyleDef {
        self.is_default = true;
        self
    }

    /// Appends the XML, mapping referenced style ids through `map`.
    pub fn push_xml(&self, s: &mut String, map: &dyn Fn(&str) -> String) {
        s.push_str(&format!("<w:style w:type=\"{}\"", self.kind));
        if self.is_default {
            s.push_str(" w:default=\"1\"");
        }
        s.push_str(&format!(
            " w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            escape(&map(self.id)),
            self.name
        ));
        if let Some(b) = self.based_on {
            s.push_str(&format!("<w:basedOn w:val=\"{}\"/>", escape(&map(b))));
        }
        if let Some(n) = self.next {
            s.push_str(&format!("<w:next w:val=\"{}\"/>", escape(&map(n))));
        }
        if self.id.starts_with("Heading")
            || self.id == "Title"
            || self.id == "Subtitle"
            || self.id == "Normal"
        {
            s.push_str("<w:qFormat/>");
        }
        s.push_str(&self.body);
        s.push_str("</w:style>");
    }
}

/// Style ids of the heading levels 1–9.
pub const HEADING_IDS: [&str; 9] = [
    "Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6", "Heading7", "Heading8",
    "Heading9",
];
/// Built-in names of the heading styles, which Word and WPS recognise in any language.
pub const HEADING_NAMES: [&str; 9] = [
    "heading 1",
    "heading 2",
    "heading 3",
    "heading 4",
    "heading 5",
    "heading 6",
    "heading 7",
    "heading 8",
    "heading 9",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_become_twips() {
        assert_eq!(mm(37), 2098);
        assert_eq!(mm(28), 1587);
        assert_eq!(mm(26), 1474);
        assert_eq!(mm(35), 1984);
        // The type area of §5.2.1 is 156 mm wide.
        let l = Layout::gbt9704();
        assert_eq!(l.text_width(), 11906 - 1587 - 1474);
        assert!((l.text_width() as i64 - mm(156) as i64).abs() <= 2);
    }
}
