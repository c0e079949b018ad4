//! Deterministic mutation testing: small DOCX packages built here are damaged thousands
//! of ways (bytes flipped, cut, repeated; XML text broken before zipping) and read; the
//! reader must return a document or an error, never panic, and stay fast.

use std::time::{Duration, Instant};

use crate::testdocx::{np, p, TestDocx};
use crate::{read, DocxOptions};

/// xorshift64*: a tiny deterministic generator so failures replay exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn body() -> String {
    [
        np("1", "1", 0, "标题"),
        p("", "text"),
        np("", "2", 1, "item"),
        r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#.to_string(),
        r#"<w:p><w:hyperlink r:id="rId9"><w:r><w:t>l</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><m:oMath><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num><m:den/></m:f></m:oMath></w:p>"#.to_string(),
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="x" descr="d"/><a:blip r:embed="rIdImg"/><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></wp:anchor></w:drawing></mc:Choice><mc:Fallback/></mc:AlternateContent></w:r></w:p>"#.to_string(),
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>"#.to_string(),
    ]
    .concat()
}

const NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:lvlRestart w:val="0"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="4294967295"/></w:lvlOverride></w:num>"#;
const STYLES: &str = r#"<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="2"/></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="x"/><w:basedOn w:val="1"/></w:style>"#;

fn fixture(body: &str, numbering: &str, styles: &str) -> Vec<u8> {
    let ns = crate::testdocx::NS;
    TestDocx::new(body)
        .numbering(numbering)
        .styles(styles)
        .media("media/i.png", "rIdImg", b"\x89PNG")
        .link("rId9", "http://x/")
        .word_part(
            "header1.xml",
            "header",
            "rIdH",
            &format!("<w:hdr {ns}>{}</w:hdr>", p("", "h")),
        )
        .build()
}

fn check(data: &[u8], what: &str) {
    let start = Instant::now();
    let _ = read(data, &DocxOptions::default());
    let took = start.elapsed();
    assert!(took < Duration::from_secs(5), "{what}: took {took:?}");
}

/// Mutates `s` at the byte level, keeping it valid UTF-8 when possible.
fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>) {
    let n = 1 + rng.below(4);
    for _ in 0..n {
        if data.is_empty() {
            return;
        }
        let at = rng.below(data.len());
        match rng.below(6) {
            0 => data[at] ^= 1 << rng.below(8),
            1 => data.truncate(at),
            2 => {
                let len = rng.below(64).min(data.len() - at);
                let chunk = data[at..at + len].to_vec();
                let to = rng.below(data.len());
                data.splice(to..to, chunk);
            }
            3 => {
                let len = rng.below(64).min(data.len() - at);
                data.drain(at..at + len);
            }
            4 => data[at] = [b'<', b'>', b'/', b'"', b'&', b':', 0, 0xFF][rng.below(8)],
            _ => data.insert(at, rng.next() as u8),
        }
    }
}

#[test]
fn damaged_packages_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let good = fixture(&body(), NUMBERING, STYLES);
    assert!(read(&good, &DocxOptions::default()).is_ok());
    for i in 0..3000 {
        let mut data = good.clone();
        mutate_bytes(&mut rng, &mut data);
        check(&data, &format!("zip mutation {i}"));
    }
}

#[test]
fn damaged_xml_never_panics() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let parts = [body(), NUMBERING.to_string(), STYLES.to_string()];
    for i in 0..1500 {
        let mut parts = parts.clone();
        let which = rng.below(3);
        let mut bytes = parts[which].clone().into_bytes();
        mutate_bytes(&mut rng, &mut bytes);
        parts[which] = String::from_utf8_lossy(&bytes).into_owned();
        // Also repeat a random slice of the body to build odd nestings.
        if rng.below(4) == 0 {
            let b = parts[0].clone();
            let at = rng.below(b.len());
            let len = rng.below(200).min(b.len() - at);
            if let Some(slice) = b.get(at..at + len) {
                parts[0] = format!("{b}{}", slice.repeat(1 + rng.below(20)));
            }
        }
        let data = fixture(&parts[0], &parts[1], &parts[2]);
        check(&data, &format!("xml mutation {i}"));
    }
}
