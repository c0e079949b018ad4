//! Throughput of the formats on one core: txt import → json export → json import →
//! html export, on a large mixed Chinese/Latin text that the bench makes itself.
//!
//! Run: `cargo bench -p docpipe-html --bench throughput` (size in MB with
//! `DOCPIPE_BENCH_MB`, default 32; rounds with `DOCPIPE_BENCH_ROUNDS`, default 3; the
//! best round is reported). Figures are MB of each stage's input per second.

use std::time::{Duration, Instant};

use docpipe_core::{Context, Document, Exporter, Importer};
use docpipe_html::HtmlExporter;
use docpipe_json::{JsonExporter, JsonImporter};
use docpipe_txt::TxtImporter;

const ZH: &[&str] = &[
    "一、总体情况",
    "今年以来，全市上下认真贯彻落实各项决策部署，",
    "经济运行稳中有进、进中向好，",
    "（一）主要做法",
    "一是加强组织领导，",
    "二是完善工作机制，",
    "三是强化督查考核。",
    "坚持以人民为中心的发展思想，",
    "持续推进重点项目建设，",
    "全年完成固定资产投资",
    "同比增长",
];

const EN: &[&str] = &[
    "The council reviewed the annual budget",
    "and approved the following measures:",
    "infrastructure, education, and public health.",
    "Revenue grew by",
    "percent compared with the previous year",
    "Section 2.1 describes the method.",
    "See https://example.org/report for details.",
];

/// A deterministic text of about `bytes` bytes: lines of 1–12 phrases, mostly Chinese,
/// some English, some numbers.
fn make_text(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 256);
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    while out.len() < bytes {
        let phrases = 1 + (next() % 12) as usize;
        for _ in 0..phrases {
            let r = next();
            if r % 4 == 0 {
                out.push_str(EN[(r / 4) as usize % EN.len()]);
                out.push(' ');
            } else {
                out.push_str(ZH[(r / 4) as usize % ZH.len()]);
            }
            if r % 7 == 0 {
                out.push_str(&format!("{}.{}%", r % 100, r % 10));
            }
        }
        out.push('\n');
    }
    out
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn rate(bytes: usize, d: Duration) -> f64 {
    mb(bytes) / d.as_secs_f64().max(1e-9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let size = env_usize("DOCPIPE_BENCH_MB", 32) * 1_000_000;
    let rounds = env_usize("DOCPIPE_BENCH_ROUNDS", 3).max(1);
    let text = make_text(size);
    let lines = text.lines().count();
    println!(
        "input: {:.1} MB of text, {lines} lines (mixed Chinese/Latin), best of {rounds} rounds, one thread",
        mb(text.len())
    );
    let mut best = [Duration::MAX; 4];
    let mut sizes = [0usize; 4];
    for _ in 0..rounds {
        let mut ctx = Context::new("bench.txt");
        let t = Instant::now();
        let doc: Document = TxtImporter::default().import(text.as_bytes(), &mut ctx)?;
        let d0 = t.elapsed();
        let t = Instant::now();
        let json = JsonExporter { compact: false }.export(&doc, &mut ctx)?;
        let d1 = t.elapsed();
        let t = Instant::now();
        let back = JsonImporter.import(&json, &mut ctx)?;
        let d2 = t.elapsed();
        let t = Instant::now();
        let html = HtmlExporter { fragment: false }.export(&back, &mut ctx)?;
        let d3 = t.elapsed();
        if back != doc {
            return Err("json round trip changed the document".into());
        }
        sizes = [text.len(), json.len(), json.len(), html.len()];
        for (b, d) in best.iter_mut().zip([d0, d1, d2, d3]) {
            *b = (*b).min(d);
        }
    }
    let names = [
        "txt import  (MB of text read)",
        "json export (MB of JSON written)",
        "json import (MB of JSON read)",
        "html export (MB of HTML written)",
    ];
    for (i, name) in names.iter().enumerate() {
        println!(
            "{name:34} {:7.1} MB  {:8.1} ms  {:7.1} MB/s",
            mb(sizes[i]),
            best[i].as_secs_f64() * 1000.0,
            rate(sizes[i], best[i])
        );
    }
    let total: Duration = best.iter().sum();
    println!(
        "{:34} {:7.1} MB  {:8.1} ms  {:7.1} MB/s of input text",
        "whole chain txt→json→json→html",
        mb(text.len()),
        total.as_secs_f64() * 1000.0,
        rate(text.len(), total)
    );
    Ok(())
}
