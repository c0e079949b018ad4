//! Prints the outline of a plain-text file after `normalize`, in the `inspect --json`
//! shape, and optionally writes the normalised text: a scoring aid that does not need
//! the CLI. Usage: `outline FILE.txt [TEXT_OUT]`.

use docpipe_core::model::{Block, Document, Inline, Paragraph};
use docpipe_core::outline::Outline;
use docpipe_core::walk::block_text;
use docpipe_core::Context;
use docpipe_normalize::{normalize, Settings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        return Err("usage: outline FILE.txt [TEXT_OUT]".into());
    };
    let text = std::fs::read_to_string(path)?;
    let blocks = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            Block::Paragraph(Paragraph {
                content: vec![Inline::text(l)],
                align: None,
            })
        })
        .collect();
    let mut ctx = Context::new(path.as_str());
    ctx.enter_stage("normalize");
    let doc = normalize(
        Document::from_blocks(blocks),
        &Settings::default(),
        &mut ctx,
    );
    let mut outline = Outline::of(&doc);
    outline.removed = ctx.removed().to_vec();
    outline.warnings = ctx.warnings().iter().map(|w| w.to_string()).collect();
    println!("{}", serde_json::to_string_pretty(&outline)?);
    if let Some(out) = args.get(2) {
        let mut s = String::new();
        for p in &doc.parts {
            if let Some(t) = &p.title {
                s.push_str(&docpipe_core::walk::plain_text(t));
                s.push('\n');
            }
            for b in &p.blocks {
                s.push_str(&block_text(b));
                s.push('\n');
            }
        }
        std::fs::write(out, s)?;
    }
    Ok(())
}
