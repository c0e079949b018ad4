//! `docpipe convert`: one input through the pipeline to one output.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use docpipe_core::{fsio, Context, Kind, Options, PipelineSpec, Registry};

use crate::args::ConvertArgs;
use crate::input::Input;
use crate::output::{print_warnings, write_file, write_stdout, Failure, EXIT_OK};
use crate::setup;

/// The output format when writing to standard output and nothing else says which: the
/// lossless JSON form, so that `docpipe convert x | filter | docpipe convert - …` works.
pub const STDOUT_DEFAULT_FORMAT: &str = "json";

/// Where the output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    fn from_arg(arg: Option<&str>) -> Target {
        match arg {
            None | Some("-") => Target::Stdout,
            Some(p) => Target::File(PathBuf::from(p)),
        }
    }
}

/// Runs `docpipe convert`; returns the exit status.
pub fn run(args: &ConvertArgs) -> Result<u8, Failure> {
    let input = Input::from_arg(&args.input);
    let target = Target::from_arg(args.output.as_deref());
    if let Target::File(out) = &target {
        if out.is_dir() {
            return Err(Failure::usage(format!(
                "{}: is a folder; -o names the output file",
                out.display()
            )));
        }
    }

    // Everything about how docpipe was called is checked before the input is read.
    let mut spec = setup::spec(&args.pipeline).map_err(|e| Failure::setup(&e))?;
    if let Some(from) = &args.from {
        spec.from = Some(from.clone());
    }
    let registry = setup::registry(&args.pipeline, &spec).map_err(|e| Failure::setup(&e))?;
    let to = output_format(args.to.as_deref(), &spec, &registry, &target)?;
    let exporter_options = exporter_options(&to, &args.set, args.fragment)?;
    let pipeline = setup::pipeline(
        &registry,
        &mut spec,
        std::slice::from_ref(&to),
        exporter_options,
    )
    .map_err(|e| Failure::setup(&e))?;
    setup::check_importer_options(&registry, &spec).map_err(|e| Failure::setup(&e))?;
    check_target(&input, &target, &registry, &to)?;

    let bytes = input.read()?;
    let format = pipeline.input_format(spec.from.as_deref(), input.path(), &bytes);
    let mut ctx = Context::new(input.name.clone());
    let result = pipeline
        .to_document(&format, &bytes, &mut ctx)
        .and_then(|doc| pipeline.export(&doc, &mut ctx));
    drop(bytes);
    if !args.quiet {
        print_warnings(&input.name, ctx.warnings());
    }
    let outputs = result.map_err(|e| Failure::running(&input.name, &e))?;
    let Some(output) = outputs.into_iter().next() else {
        return Err(Failure::input(format!(
            "{}: the pipeline produced no output",
            input.name
        )));
    };
    match &target {
        Target::Stdout => write_stdout(&output.bytes)?,
        Target::File(path) => write_file(path, &output.bytes)?,
    }
    Ok(EXIT_OK)
}

/// The output format: `-t`, else the output file's extension, else the pipeline file's
/// single `to`, else [`STDOUT_DEFAULT_FORMAT`] when writing to standard output.
fn output_format(
    to: Option<&str>,
    spec: &PipelineSpec,
    registry: &Registry,
    target: &Target,
) -> Result<String, Failure> {
    if let Some(t) = to {
        return Ok(t.to_string());
    }
    if let Target::File(path) = target {
        if let Some(f) = format_from_extension(registry, path) {
            return Ok(f);
        }
    }
    match spec.to.as_slice() {
        [one] => return Ok(one.clone()),
        [] => {}
        many => {
            return Err(Failure::usage(format!(
                "convert writes one format but the pipeline file lists {}; give -t FMT",
                many.join(", ")
            )))
        }
    }
    match target {
        Target::Stdout => Ok(STDOUT_DEFAULT_FORMAT.to_string()),
        Target::File(path) => Err(Failure::usage(format!(
            "{}: cannot tell the output format from the file name; give -t FMT (known: {})",
            path.display(),
            registry.names(Kind::Exporter).join(", ")
        ))),
    }
}

/// The exporter for a file name's extension: the one registered for it, else an
/// exporter named like the extension.
fn format_from_extension(registry: &Registry, path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?;
    if let Some(f) = registry.format_for_extension(Kind::Exporter, ext) {
        return Some(f.to_string());
    }
    let lower = ext.to_ascii_lowercase();
    registry
        .info(Kind::Exporter, &lower)
        .map(|i| i.name.clone())
}

/// Exporter options from `--set key=value` and `--fragment`, for the exporter `to`.
fn exporter_options(
    to: &str,
    set: &[String],
    fragment: bool,
) -> Result<BTreeMap<String, Options>, Failure> {
    let mut opts = Options::new();
    for kv in set {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(Failure::usage(format!(
                "--set `{kv}`: write KEY=VALUE, e.g. --set fragment=true"
            )));
        };
        let k = k.trim();
        if k.is_empty() {
            return Err(Failure::usage(format!(
                "--set `{kv}`: the option has no name"
            )));
        }
        opts.set(k, v.trim());
    }
    if fragment {
        opts.set("fragment", "true");
    }
    let mut map = BTreeMap::new();
    if !opts.0.is_empty() {
        map.insert(to.to_string(), opts);
    }
    Ok(map)
}

/// Refuses outputs that would destroy the input, land in a folder, or spill binary bytes
/// onto a terminal.
fn check_target(
    input: &Input,
    target: &Target,
    registry: &Registry,
    to: &str,
) -> Result<(), Failure> {
    match target {
        Target::File(out) => {
            if let Some(inp) = input.path() {
                if fsio::same_file(inp, out) || same_inode(inp, out) {
                    return Err(Failure::usage(format!(
                        "{}: refusing to write over the input; choose another -o",
                        out.display()
                    )));
                }
            }
        }
        Target::Stdout => {
            let binary = registry
                .info(Kind::Exporter, to)
                .is_some_and(|info| info.binary);
            if binary && std::io::stdout().is_terminal() {
                return Err(Failure::usage(format!(
                    "refusing to write binary {to} output to a terminal; use -o FILE or redirect"
                )));
            }
        }
    }
    Ok(())
}

/// True when `a` and `b` are hard links to the same file (which resolving paths does not
/// reveal).
#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_a: &Path, _b: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_format_falls_back_in_order() {
        let reg = Registry::new();
        let spec = PipelineSpec::default();
        let f = output_format(Some("html"), &spec, &reg, &Target::Stdout);
        assert_eq!(f.ok().as_deref(), Some("html"));
        let f = output_format(None, &spec, &reg, &Target::Stdout);
        assert_eq!(f.ok().as_deref(), Some(STDOUT_DEFAULT_FORMAT));
        let file = Target::File(PathBuf::from("out.weird"));
        let err = output_format(None, &spec, &reg, &file).err();
        assert_eq!(err.map(|e| e.code), Some(crate::output::EXIT_USAGE));
        let spec = PipelineSpec {
            to: vec!["txt".into()],
            ..PipelineSpec::default()
        };
        let f = output_format(None, &spec, &reg, &file);
        assert_eq!(f.ok().as_deref(), Some("txt"));
    }

    #[test]
    fn set_options_need_a_key_and_a_value() {
        let m = exporter_options("html", &["a=b=c".into()], true);
        let Ok(m) = m else {
            panic!("valid options refused")
        };
        assert_eq!(
            m["html"].string("html", "a").ok().flatten().as_deref(),
            Some("b=c")
        );
        assert!(m["html"].bool("html", "fragment", false).unwrap_or(false));
        assert!(exporter_options("html", &["novalue".into()], false).is_err());
        assert!(exporter_options("html", &["=x".into()], false).is_err());
    }
}
