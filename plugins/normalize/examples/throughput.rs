//! Throughput of the `normalize` transform: text per second on one core.
//!
//! `cargo run --release -p docpipe-normalize --example throughput [FILE.txt...]`
//! repeats the given texts (or a generated 公文 report) to about 32 MB, imports them
//! as one paragraph per line, and times the transform alone.

use std::time::Instant;

use docpipe_core::model::{Block, Document, Inline, Paragraph};
use docpipe_core::Context;
use docpipe_normalize::{normalize, Settings};

fn generated() -> String {
    let mut s = String::from("关于某单位年度工作情况的报告\n更新时间:2024-01 来源:网络\n");
    s.push_str("今年以来，我们认真贯彻上级部署，扎实推进各项工作，现将有关情况报告如下：\n");
    let zh = ["一", "二", "三", "四", "五"];
    for (i, a) in zh.iter().enumerate() {
        s.push_str(&format!("{a}、第{}方面工作\n", i + 1));
        for b in zh.iter().take(3) {
            s.push_str(&format!(
                "（{b}）加强组织领导，压实工作责任。坚持每季度研究一次，形成长效机制。一是统筹谋划。制定年度计划，明确任务分工。二是督促落实。开展专项检查三次，发现问题及时整改。三是总结提高。对照目标逐项评估，推动工作上台阶。\n"
            ));
            s.push_str("1.完善制度\n（1）建立台账，定期更新，确保数据准确完整。\n");
        }
        s.push_str("存在的不足主要有：一是学习不够深入；二是调研不够扎实；三是创新不够有力。\n");
    }
    s.push_str("---此处隐藏1200字,下载后查看---\n最新推荐\n");
    s
}

/// CPU seconds (user + system) this process has used, from `/proc/self/stat` (Linux;
/// clock ticks of 1/100 s), so the figure holds on a busy machine.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut sample = String::new();
    if args.is_empty() {
        sample = generated();
    } else {
        for a in &args {
            sample.push_str(&std::fs::read_to_string(a)?);
            sample.push('\n');
        }
    }
    let target = 32 * 1024 * 1024;
    let copies = (target / sample.len().max(1)).max(1);
    let mut docs = Vec::with_capacity(copies);
    let mut bytes = 0usize;
    for _ in 0..copies {
        let blocks = sample
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                Block::Paragraph(Paragraph {
                    content: vec![Inline::text(l)],
                    align: None,
                })
            })
            .collect();
        docs.push(Document::from_blocks(blocks));
        bytes += sample.len();
    }
    let st = Settings::default();
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    let mut headings = 0usize;
    for d in docs {
        let mut ctx = Context::new("bench");
        let out = normalize(d, &st, &mut ctx);
        headings += out
            .parts
            .iter()
            .flat_map(|p| &p.blocks)
            .filter(|b| matches!(b, Block::Heading(_)))
            .count();
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!(
        "normalize: {mb:.1} MB in {secs:.3} s wall = {:.1} MB/s ({copies} documents of {} bytes, {headings} headings)",
        mb / secs,
        sample.len(),
    );
    if let (Some(a), Some(b)) = (cpu0, cpu_seconds()) {
        let cpu = (b - a).max(0.01);
        println!(
            "normalize: {cpu:.2} s of CPU time = {:.1} MB/s per core",
            mb / cpu
        );
    }
    Ok(())
}
