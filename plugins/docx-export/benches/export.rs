//! Throughput of JSON → DOCX: `cargo bench -p docpipe-docx-export --bench export`.
//!
//! Builds a large report (Chinese and English text, headings, lists, tables, notes),
//! serialises it to docpipe JSON, then times JSON parse + DOCX export per level of
//! compression, on one thread. Prints MB/s of DOCX written and of XML generated, per
//! second of CPU time of the thread (best of 5).

use std::time::Instant;

use docpipe_core::model::*;
use docpipe_core::{Context, Exporter, Options};

fn t(s: &str) -> Inline {
    Inline::text(s)
}

/// Deterministic pseudo-random text, so that compression sees text as varied as a
/// real report's rather than one sentence repeated.
struct Words(u64);

impl Words {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn zh(&mut self, n: usize) -> String {
        const CHARS: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车";
        let cs: Vec<char> = CHARS.chars().collect();
        let mut s = String::new();
        for i in 0..n {
            s.push(cs[(self.next() as usize) % cs.len()]);
            if i % 17 == 16 {
                s.push('，');
            }
        }
        s.push('。');
        s
    }

    fn en(&mut self, n: usize) -> String {
        const W: &[&str] = &[
            "the",
            "programme",
            "served",
            "residents",
            "in",
            "neighbourhoods",
            "an",
            "increase",
            "of",
            "percent",
            "over",
            "previous",
            "year",
            "council",
            "report",
            "health",
            "clinic",
            "school",
            "funding",
            "staff",
        ];
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(W[(self.next() as usize) % W.len()]);
            if self.next() % 7 == 0 {
                s.push_str(&format!(" {}", self.next() % 10_000));
            }
        }
        s.push('.');
        s
    }
}

fn report(sections: usize) -> Document {
    let mut w = Words(7);
    let mut blocks = Vec::new();
    for s in 0..sections {
        let en = w.en(20);
        blocks.push(Block::Heading(Heading {
            level: 1,
            label: Some(format!("{}、", s + 1)),
            content: vec![t("总体情况与主要做法")],
            id: None,
        }));
        for k in 0..4 {
            blocks.push(Block::Heading(Heading {
                level: 2,
                label: Some(format!("（{}）", k + 1)),
                content: vec![t("加强组织领导")],
                id: None,
            }));
            for _ in 0..3 {
                blocks.push(Block::Paragraph(Paragraph {
                    content: vec![
                        t(&w.zh(80)),
                        Inline::Styled {
                            style: TextStyle::Bold,
                            content: vec![t("重点任务")],
                        },
                        t(&w.en(15)),
                        Inline::NoteRef {
                            id: format!("n{s}"),
                        },
                    ],
                    align: None,
                }));
            }
        }
        blocks.push(Block::List(List {
            ordered: true,
            start: None,
            items: (0..4)
                .map(|i| ListItem {
                    label: None,
                    blocks: vec![Block::Paragraph(Paragraph {
                        content: vec![t(&format!("第{i}项：{en}"))],
                        align: None,
                    })],
                })
                .collect(),
        }));
        blocks.push(Block::Table(Table {
            caption: None,
            header_rows: 1,
            rows: (0..5)
                .map(|r| Row {
                    cells: (0..4)
                        .map(|c| Cell {
                            blocks: vec![Block::Paragraph(Paragraph {
                                content: vec![t(&format!("单元格 {r}-{c}"))],
                                align: None,
                            })],
                            ..Cell::default()
                        })
                        .collect(),
                })
                .collect(),
        }));
    }
    let mut d = Document::from_blocks(blocks);
    d.notes = (0..sections)
        .map(|s| Note {
            id: format!("n{s}"),
            kind: NoteKind::Footnote,
            blocks: vec![Block::Paragraph(Paragraph {
                content: vec![t(&w.zh(40))],
                align: None,
            })],
        })
        .collect();
    d.meta.language = Some("zh-CN".into());
    d
}

/// CPU time of this thread in seconds (Linux `schedstat`), so that a busy machine does
/// not distort the figures; falls back to wall time elsewhere.
fn cpu_time(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
        })
        .map(|ns| ns as f64 / 1e9)
        .unwrap_or_else(|| wall.elapsed().as_secs_f64())
}

fn main() {
    let wall = Instant::now();
    let doc = report(600);
    let json = match docpipe_core::json::to_vec(&doc) {
        Ok(j) => j,
        Err(e) => panic!("{e}"),
    };
    println!("input JSON: {:.1} MB", json.len() as f64 / 1e6);
    for level in [1u64, 6, 0] {
        let mut o = Options::new();
        o.set("compression", level.to_string());
        let exporter = match docpipe_docx_export::DocxExporter::from_options(&o) {
            Ok(e) => e,
            Err(e) => panic!("{e}"),
        };
        let mut best = f64::MAX;
        let mut best_parse = f64::MAX;
        let mut out_len = 0;
        for _ in 0..5 {
            let start = cpu_time(wall);
            let d = match docpipe_core::json::from_slice(&json) {
                Ok(d) => d,
                Err(e) => panic!("{e}"),
            };
            best_parse = best_parse.min(cpu_time(wall) - start);
            let mut ctx = Context::new("bench");
            let bytes = match exporter.export(&d, &mut ctx) {
                Ok(b) => b,
                Err(e) => panic!("{e}"),
            };
            best = best.min(cpu_time(wall) - start);
            out_len = bytes.len();
        }
        println!("  JSON parse alone: {best_parse:.3} s");
        let xml = match docpipe_docx_export::DocxExporter::from_options(&{
            let mut o = Options::new();
            o.set("compression", "0");
            o
        })
        .and_then(|e| e.export(&doc, &mut Context::new("bench")))
        {
            Ok(b) => b.len(),
            Err(e) => panic!("{e}"),
        };
        println!(
            "compression={level}: {:.2} MB DOCX in {:.3} s = {:.1} MB/s of DOCX, {:.1} MB/s of XML ({:.1} MB)",
            out_len as f64 / 1e6,
            best,
            out_len as f64 / 1e6 / best,
            xml as f64 / 1e6 / best,
            xml as f64 / 1e6
        );
    }
}
