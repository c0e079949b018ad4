//! Turning pipeline flags (`-T`, `--config`, `--plugin`) into a registry and a built
//! pipeline, shared by `convert`, `inspect`, `plugins` and `batch`.

use std::collections::BTreeMap;

use anyhow::Context as _;
use docpipe_core::{Options, Pipeline, PipelineSpec, Registry, StageSpec};

use crate::args::PipelineArgs;

/// The spec from the pipeline file (if any) with the command-line flags applied on top:
/// `-T` transforms replace the file's list when given; `--plugin` paths are added.
pub fn spec(args: &PipelineArgs) -> anyhow::Result<PipelineSpec> {
    let mut spec = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read pipeline file", path.display()))?;
            let mut spec = PipelineSpec::from_toml(&path.display().to_string(), &text)?;
            // Plugin paths written in a pipeline file are relative to the file's folder,
            // so a pipeline keeps working whatever folder docpipe is started from.
            if let Some(dir) = path.parent() {
                for p in &mut spec.plugins {
                    let candidate = std::path::Path::new(p.as_str());
                    if candidate.is_relative() {
                        *p = dir.join(candidate).display().to_string();
                    }
                }
            }
            spec
        }
        None => PipelineSpec::default(),
    };
    if !args.transforms.is_empty() {
        spec.transforms = args
            .transforms
            .iter()
            .map(|t| StageSpec::parse(t))
            .collect::<Result<_, _>>()?;
    }
    spec.plugins.extend(args.plugins.iter().cloned());
    Ok(spec)
}

/// The built-in registry plus every plugin the spec names.
pub fn registry(args: &PipelineArgs, spec: &PipelineSpec) -> anyhow::Result<Registry> {
    let mut registry = crate::builtins::registry()?;
    crate::plugin_loading::load_into(&mut registry, &spec.plugins, args.plugin_override)?;
    Ok(registry)
}

/// Builds the pipeline for `spec` with output formats `to` (when not empty they replace
/// the file's) and extra exporter options.
pub fn pipeline(
    registry: &Registry,
    spec: &mut PipelineSpec,
    to: &[String],
    exporter_options: BTreeMap<String, Options>,
) -> anyhow::Result<Pipeline> {
    if !to.is_empty() {
        spec.to = to.to_vec();
    }
    for (format, opts) in exporter_options {
        let entry = spec.exporter_options.entry(format).or_default();
        for (k, v) in opts.0 {
            entry.0.insert(k, v);
        }
    }
    Ok(Pipeline::build(registry, spec)?)
}

/// Makes every importer the spec has options for, so that a bad `[importer.FMT]` option
/// is reported as a configuration error before any input is read.
pub fn check_importer_options(registry: &Registry, spec: &PipelineSpec) -> anyhow::Result<()> {
    for (format, options) in &spec.importer_options {
        registry.importer(format, options)?;
    }
    Ok(())
}
