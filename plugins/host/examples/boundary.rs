//! Measures the cost of crossing the plugin boundary on a document of about 1 MB of JSON:
//! a JSON round trip in-process (the floor), a no-op native transform, and a no-op
//! external program. Used by `bench/plugins.sh`; figures in `bench/plugins.md`.
//!
//! `cargo run --release -p docpipe-plugin-host --example boundary -- LIB MANIFEST [MB] [RUNS]`
//! where LIB holds a `noop` transform and MANIFEST describes a transform called `noop`.

use std::path::Path;
use std::time::{Duration, Instant};

use docpipe_core::model::{Block, Document, Inline, Paragraph, TextStyle};
use docpipe_core::registry::OnClash;
use docpipe_core::{Context, Options, Registry};

fn document(bytes: usize) -> Result<Document, Box<dyn std::error::Error>> {
    let mut blocks = Vec::new();
    let mut i = 0u64;
    loop {
        blocks.push(Block::Paragraph(Paragraph {
            content: vec![
                Inline::text(format!(
                    "第{i}段：二〇二五年工作总结，Paragraph {i} of the report "
                )),
                Inline::Styled {
                    style: TextStyle::Bold,
                    content: vec![Inline::text("重点任务")],
                },
                Inline::text("全面推进，按期完成。"),
            ],
            align: None,
        }));
        i += 1;
        if i % 500 == 0
            && docpipe_core::json::to_vec(&Document::from_blocks(blocks.clone()))?.len() >= bytes
        {
            return Ok(Document::from_blocks(blocks));
        }
    }
}

fn time<F: FnMut() -> Result<(), Box<dyn std::error::Error>>>(
    runs: usize,
    mut f: F,
) -> Result<(Duration, Duration), Box<dyn std::error::Error>> {
    let mut all = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f()?;
        all.push(t.elapsed());
    }
    all.sort();
    let min = all.first().copied().unwrap_or_default();
    let median = all.get(all.len() / 2).copied().unwrap_or_default();
    Ok((min, median))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(lib), Some(manifest)) = (args.first(), args.get(1)) else {
        return Err("usage: boundary LIB MANIFEST [MB] [RUNS]".into());
    };
    let mb: f64 = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(1.0);
    let runs: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(20);
    let doc = document((mb * 1_000_000.0) as usize)?;
    let size = docpipe_core::json::to_vec(&doc)?.len();
    let blocks = doc.parts.first().map(|p| p.blocks.len()).unwrap_or(0);
    println!("document: {size} bytes of JSON, {blocks} paragraphs; {runs} runs each");

    let (min, med) = time(runs, || {
        let bytes = docpipe_core::json::to_vec(&doc)?;
        let back = docpipe_core::json::from_slice(&bytes)?;
        std::hint::black_box(back);
        Ok(())
    })?;
    println!("in-process JSON write+read (floor): min {min:.2?}  median {med:.2?}");

    let mut registry = Registry::new();
    docpipe_plugin_host::load(Path::new(lib))?.register(&mut registry, OnClash::Refuse)?;
    let native = registry.transform("noop", &Options::new())?;
    let (min, med) = time(runs, || {
        let mut ctx = Context::new("bench");
        let out = native.transform(doc.clone(), &mut ctx)?;
        std::hint::black_box(out);
        Ok(())
    })?;
    println!("native no-op transform:             min {min:.2?}  median {med:.2?}");

    let mut registry = Registry::new();
    docpipe_plugin_host::load(Path::new(manifest))?.register(&mut registry, OnClash::Refuse)?;
    let program = registry.transform("noop", &Options::new())?;
    let (min, med) = time(runs, || {
        let mut ctx = Context::new("bench");
        let out = program.transform(doc.clone(), &mut ctx)?;
        std::hint::black_box(out);
        Ok(())
    })?;
    println!(
        "program no-op transform ({}): min {min:.2?}  median {med:.2?}",
        manifest
    );
    Ok(())
}
