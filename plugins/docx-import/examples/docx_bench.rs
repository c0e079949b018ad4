//! Throughput of DOCX → docpipe JSON, in process: for each `.docx` in a folder, the CPU
//! time of this thread to import it and serialise the JSON form (averaged over enough
//! runs to reach 20 ms), printed as TSV (`file`, `bytes`, `xml_bytes`, `seconds`,
//! `status`) followed by totals. CPU time (from `/proc/thread-self/schedstat`) rather
//! than wall time, so a busy machine does not skew the figures.
//!
//! `cargo run --release -p docpipe-docx-import --example docx_bench -- DIR`
//!
//! With `DOCX_BENCH_ONCE=1` each file is read exactly once, so that instruction counts
//! (`valgrind --tool=callgrind`) do not depend on how many runs fit in 20 ms.

use std::time::{Duration, Instant};

use docpipe_docx_import::{read, DocxOptions};

fn xml_bytes(data: &[u8]) -> u64 {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(data)) else {
        return 0;
    };
    let mut total = 0;
    for i in 0..zip.len() {
        if let Ok(f) = zip.by_index_raw(i) {
            if f.name().ends_with(".xml") || f.name().ends_with(".rels") {
                total += f.size();
            }
        }
    }
    total
}

/// CPU time of this thread, from the scheduler's statistics (Linux).
fn cpu_time() -> Duration {
    let ns = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
        });
    match ns {
        Some(ns) => Duration::from_nanos(ns),
        None => {
            static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
            START.get_or_init(Instant::now).elapsed()
        }
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: docx_bench DIR");
        std::process::exit(2);
    };
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("cannot read {dir}: {e}");
            std::process::exit(2);
        }
    };
    files.retain(|p| p.extension().is_some_and(|e| e == "docx"));
    files.sort();
    let opts = DocxOptions::default();
    let once = std::env::var_os("DOCX_BENCH_ONCE").is_some_and(|v| v == "1");
    let (mut total_bytes, mut total_secs, mut ok) = (0u64, 0f64, 0usize);
    println!("file\tbytes\txml_bytes\tseconds\tstatus");
    for path in files {
        let Ok(data) = std::fs::read(&path) else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut status = "ok".to_string();
        let started = cpu_time();
        let mut runs = 0u32;
        while runs < 1 || (!once && cpu_time() - started < Duration::from_millis(20) && runs < 200)
        {
            match read(&data, &opts) {
                Ok((doc, _)) => {
                    let json = docpipe_core::json::to_vec(&doc).unwrap_or_default();
                    std::hint::black_box(json);
                }
                Err(e) => status = format!("failed: {e}"),
            }
            runs += 1;
        }
        let best = (cpu_time() - started) / runs;
        let secs = best.as_secs_f64();
        if status == "ok" {
            ok += 1;
            total_bytes += data.len() as u64;
            total_secs += secs;
        }
        println!(
            "{name}\t{}\t{}\t{secs:.6}\t{status}",
            data.len(),
            xml_bytes(&data)
        );
    }
    eprintln!(
        "total: {ok} files read, {:.1} MB of .docx in {:.3} s = {:.1} MB/s (one core)",
        total_bytes as f64 / 1e6,
        total_secs,
        total_bytes as f64 / 1e6 / total_secs.max(1e-9)
    );
}
