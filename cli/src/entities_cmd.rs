//! `docpipe entities`: JSON lines in, recognised person and place spans out.

use std::io::{BufRead, Write};

use anyhow::Context as _;
use clap::Args;
use docpipe_anonymize::{find, EntityType, Lang, Settings};

/// `docpipe entities`.
#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// JSON lines of {"id", "text"}; standard input when absent.
    pub input: Option<std::path::PathBuf>,
    /// Language of the texts.
    #[arg(long, default_value = "auto", value_parser = ["auto", "zh", "en"])]
    pub lang: String,
    /// Allow list: names never reported (one a line), as `-T anonymize:allow=FILE`.
    #[arg(long, value_name = "FILE")]
    pub allow: Option<std::path::PathBuf>,
    /// Deny list: strings always reported (one a line, optional TAB PERSON|PLACE).
    #[arg(long, value_name = "FILE")]
    pub deny: Option<std::path::PathBuf>,
    /// Entity types to report, `PERSON|PLACE` (default both).
    #[arg(long, value_name = "TYPES")]
    pub types: Option<String>,
}

/// Builds the recogniser settings from the flags (shared with `-T anonymize`).
fn settings(args: &EntitiesArgs) -> anyhow::Result<Settings> {
    let mut s = Settings {
        lang: Lang::parse(&args.lang).unwrap_or_default(),
        ..Settings::default()
    };
    if let Some(t) = &args.types {
        let mut types = Vec::new();
        for part in t
            .split(['|', ',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let Some(k) = EntityType::parse(part) else {
                anyhow::bail!("entities: --types: unknown type `{part}` (use PERSON|PLACE)");
            };
            types.push(k);
        }
        s.types = types;
    }
    if let Some(p) = &args.allow {
        s.load_allow(p).context("entities: --allow")?;
    }
    if let Some(p) = &args.deny {
        s.load_deny(p).context("entities: --deny")?;
    }
    Ok(s)
}

/// Runs `docpipe entities`; returns the exit status.
pub fn run(args: &EntitiesArgs) -> anyhow::Result<i32> {
    let settings = settings(args)?;
    let name = args
        .input
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "-".into());
    let reader: Box<dyn BufRead> = match &args.input {
        Some(p) if p.as_os_str() != "-" => match std::fs::File::open(p) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                // A missing or unreadable input is an input failure (1), not a usage error.
                eprintln!("docpipe: {name}: entities: cannot read: {e}");
                return Ok(1);
            }
        },
        _ => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("entities: {name}: cannot read line {}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("docpipe: entities: {name} line {}: not JSON: {e}", n + 1);
                failed += 1;
                continue;
            }
        };
        let (Some(id), Some(text)) = (
            parsed.get("id").and_then(|v| v.as_str()),
            parsed.get("text").and_then(|v| v.as_str()),
        ) else {
            eprintln!(
                "docpipe: entities: {name} line {}: needs string fields \"id\" and \"text\"",
                n + 1
            );
            failed += 1;
            continue;
        };
        let entities = find(&settings, text);
        let obj = serde_json::json!({"id": id, "entities": entities});
        let written = serde_json::to_writer(&mut out, &obj)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(0);
            }
            return Err(e).context("entities: cannot write output");
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("entities: cannot write output");
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
