//! Throughput of JSON → DOCX: `cargo bench -p docpipe-docx-export --bench export`.
//!
//! Builds a large report (Chinese and English text, headings, lists, tables, notes),
//! serialises it to docpipe JSON, then times JSON parse + DOCX export per level of
//! compression, on one thread. Prints MB/s of DOCX written and of XML generated.

use std::time::Instant;

use docpipe_core::model::*;
use docpipe_core::{Context, Exporter, Options};

fn t(s: &str) -> Inline {
    Inline::text(s)
}

fn report(sections: usize) -> Document {
    let zh = "今年以来，我们坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实各项决策部署，统筹推进各项工作，取得了明显成效。";
    let en = "The programme served 4,120 residents in 38 neighbourhoods, an increase of 18 percent over the previous year.";
    let mut blocks = Vec::new();
    for s in 0..sections {
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
                        t(zh),
                        Inline::Styled {
                            style: TextStyle::Bold,
                            content: vec![t("重点任务")],
                        },
                        t(en),
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
                content: vec![t(zh)],
                align: None,
            })],
        })
        .collect();
    d.meta.language = Some("zh-CN".into());
    d
}

fn main() {
    let doc = report(600);
    let json = match docpipe_core::json::to_vec(&doc) {
        Ok(j) => j,
        Err(e) => panic!("{e}"),
    };
    println!("input JSON: {:.1} MB", json.len() as f64 / 1e6);
    for level in [6u64, 1, 0] {
        let mut o = Options::new();
        o.set("compression", level.to_string());
        let exporter = match docpipe_docx_export::DocxExporter::from_options(&o) {
            Ok(e) => e,
            Err(e) => panic!("{e}"),
        };
        let mut best = f64::MAX;
        let mut out_len = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let d = match docpipe_core::json::from_slice(&json) {
                Ok(d) => d,
                Err(e) => panic!("{e}"),
            };
            let mut ctx = Context::new("bench");
            let bytes = match exporter.export(&d, &mut ctx) {
                Ok(b) => b,
                Err(e) => panic!("{e}"),
            };
            best = best.min(start.elapsed().as_secs_f64());
            out_len = bytes.len();
        }
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
