//! `docpipe plugins`: every importer, transform and exporter available, with its
//! version, origin, options and file extensions.

use docpipe_core::{ComponentInfo, Kind};

use crate::args::PluginsArgs;
use crate::output::{write_stdout, Failure, EXIT_OK};
use crate::setup;

/// Runs `docpipe plugins`; returns the exit status.
pub fn run(args: &PluginsArgs) -> Result<u8, Failure> {
    let spec = setup::spec(&args.pipeline).map_err(|e| Failure::setup(&e))?;
    let registry = setup::registry(&args.pipeline, &spec).map_err(|e| Failure::setup(&e))?;
    let mut components: Vec<&ComponentInfo> = registry.components().collect();
    components.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.name.cmp(&b.name)));
    let text = if args.json {
        let mut v = serde_json::to_vec_pretty(&serde_json::json!({ "components": components }))
            .map_err(|e| Failure::input(format!("cannot write JSON: {e}")))?;
        v.push(b'\n');
        v
    } else {
        table(&components).into_bytes()
    };
    write_stdout(&text)?;
    Ok(EXIT_OK)
}

/// A readable table: one row per component, its options indented below it.
pub fn table(components: &[&ComponentInfo]) -> String {
    if components.is_empty() {
        return "no components registered\n".into();
    }
    let header = [
        "KIND",
        "NAME",
        "VERSION",
        "ORIGIN",
        "EXTENSIONS",
        "DESCRIPTION",
    ];
    let rows: Vec<[String; 6]> = components
        .iter()
        .map(|c| {
            let mut ext = c.extensions.join(",");
            if c.kind == Kind::Exporter && c.binary {
                ext.push_str(if ext.is_empty() {
                    "(binary)"
                } else {
                    " (binary)"
                });
            }
            [
                c.kind.to_string(),
                c.name.clone(),
                c.version.clone(),
                c.origin.to_string(),
                if ext.is_empty() { "-".into() } else { ext },
                c.description.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    push_row(&mut out, &header.map(String::from), &widths);
    for (row, c) in rows.iter().zip(components) {
        push_row(&mut out, row, &widths);
        let indent = widths[0] + 2 + 2;
        for o in &c.options {
            out.push_str(&" ".repeat(indent));
            out.push_str(&o.name);
            if let Some(d) = &o.default {
                out.push_str(&format!(" (default {d})"));
            }
            out.push_str(": ");
            out.push_str(&o.description);
            out.push('\n');
        }
    }
    out
}

fn push_row(out: &mut String, cells: &[String; 6], widths: &[usize; 6]) {
    let mut line = String::new();
    for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
        line.push_str(cell);
        if i + 1 < cells.len() {
            line.push_str(&" ".repeat(w - cell.chars().count() + 2));
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::OptionInfo;

    #[test]
    fn table_lists_components_and_options() {
        let a = ComponentInfo::builtin(Kind::Importer, "txt", "Plain text")
            .with_extensions(&["txt"])
            .with_options(vec![OptionInfo::new(
                "encoding",
                "how to decode",
                Some("auto"),
            )]);
        let b = ComponentInfo::builtin(Kind::Exporter, "docx", "Word").binary();
        let t = table(&[&a, &b]);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("KIND"));
        assert!(lines[1].starts_with("importer  txt"));
        assert!(lines[2]
            .trim_start()
            .starts_with("encoding (default auto): how to decode"));
        assert!(lines[3].contains("(binary)"));
        assert_eq!(table(&[]), "no components registered\n");
    }
}
