//! A pipeline as data: which importer options, which transforms in which order, which
//! outputs. Built from CLI flags or from a TOML pipeline file, then run on any number of
//! inputs (in parallel: a built pipeline is `Send + Sync`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::context::Context;
use crate::error::{Error, Kind, Result};
use crate::format::sniff;
use crate::model::Document;
use crate::options::Options;
use crate::registry::Registry;
use crate::stage::{Exporter, Transform};

/// One stage named with its options, as in `-T anonymize:strategy=mask`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StageSpec {
    /// The component's name.
    pub name: String,
    /// Its options.
    pub options: Options,
}

impl StageSpec {
    /// Parses `name` or `name:key=value,key=value`.
    pub fn parse(arg: &str) -> Result<StageSpec> {
        let (name, opts) = match arg.split_once(':') {
            Some((n, o)) => (n.trim(), o),
            None => (arg.trim(), ""),
        };
        if name.is_empty() {
            return Err(Error::Config(format!(
                "`{arg}`: a stage is written NAME or NAME:key=value,…"
            )));
        }
        Ok(StageSpec {
            name: name.to_string(),
            options: Options::parse_kv(name, opts)?,
        })
    }
}

/// Everything that defines a pipeline, before the components are made.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PipelineSpec {
    /// Input format; `None` means: from the file name, else from the content.
    pub from: Option<String>,
    /// Output formats (one for `convert`, one or more for `batch`).
    pub to: Vec<String>,
    /// Transforms, in order.
    pub transforms: Vec<StageSpec>,
    /// Options for importers, by format name.
    pub importer_options: BTreeMap<String, Options>,
    /// Options for exporters, by format name.
    pub exporter_options: BTreeMap<String, Options>,
    /// Plugins to load (paths to libraries, programs or manifests).
    pub plugins: Vec<String>,
}

/// The TOML pipeline file as written by users (see the README).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PipelineFile {
    from: Option<String>,
    #[serde(default)]
    to: Option<OneOrMany>,
    #[serde(default)]
    plugins: Vec<String>,
    #[serde(default, rename = "transform")]
    transforms: Vec<toml::Table>,
    #[serde(default)]
    importer: BTreeMap<String, toml::Table>,
    #[serde(default)]
    exporter: BTreeMap<String, toml::Table>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

fn table_to_options(component: &str, table: toml::Table) -> Result<Options> {
    let json = serde_json::to_value(table)
        .map_err(|e| Error::Config(format!("options of `{component}`: {e}")))?;
    Options::from_json(component, json)
}

impl PipelineSpec {
    /// Parses a TOML pipeline file. `origin` names it in errors.
    pub fn from_toml(origin: &str, text: &str) -> Result<PipelineSpec> {
        let file: PipelineFile = toml::from_str(text)
            .map_err(|e| Error::Config(format!("{origin}: {}", e.to_string().trim())))?;
        let mut transforms = Vec::new();
        for (i, mut t) in file.transforms.into_iter().enumerate() {
            let name = match t.remove("name") {
                Some(toml::Value::String(s)) => s,
                _ => {
                    return Err(Error::Config(format!(
                        "{origin}: [[transform]] number {} needs name = \"…\"",
                        i + 1
                    )))
                }
            };
            let options = table_to_options(&name, t)?;
            transforms.push(StageSpec { name, options });
        }
        let mut importer_options = BTreeMap::new();
        for (k, v) in file.importer {
            let o = table_to_options(&k, v)?;
            importer_options.insert(k, o);
        }
        let mut exporter_options = BTreeMap::new();
        for (k, v) in file.exporter {
            let o = table_to_options(&k, v)?;
            exporter_options.insert(k, o);
        }
        Ok(PipelineSpec {
            from: file.from,
            to: match file.to {
                None => Vec::new(),
                Some(OneOrMany::One(s)) => vec![s],
                Some(OneOrMany::Many(v)) => v,
            },
            transforms,
            importer_options,
            exporter_options,
            plugins: file.plugins,
        })
    }
}

/// A built pipeline: importers are made per input format, transforms and exporters once.
pub struct Pipeline {
    registry: Registry,
    importer_options: BTreeMap<String, Options>,
    transforms: Vec<(String, Box<dyn Transform>)>,
    exporters: Vec<(String, Box<dyn Exporter>)>,
}

/// One output of a run: its format and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The exporter's name.
    pub format: String,
    /// The bytes written.
    pub bytes: Vec<u8>,
}

impl Pipeline {
    /// Makes every component the spec names, checking names and options up front so that
    /// configuration errors appear before any input is read.
    pub fn build(registry: &Registry, spec: &PipelineSpec) -> Result<Pipeline> {
        if let Some(from) = &spec.from {
            // Fails early on an unknown input format.
            let opts = spec.importer_options.get(from).cloned().unwrap_or_default();
            registry.importer(from, &opts)?;
        }
        for name in spec.importer_options.keys() {
            if registry.info(Kind::Importer, name).is_none() {
                return Err(Error::UnknownComponent {
                    kind: Kind::Importer,
                    name: name.clone(),
                    known: registry.names(Kind::Importer),
                });
            }
        }
        let mut transforms = Vec::new();
        for t in &spec.transforms {
            transforms.push((t.name.clone(), registry.transform(&t.name, &t.options)?));
        }
        let mut exporters = Vec::new();
        for f in &spec.to {
            let opts = spec.exporter_options.get(f).cloned().unwrap_or_default();
            exporters.push((f.clone(), registry.exporter(f, &opts)?));
        }
        Ok(Pipeline {
            registry: registry.clone(),
            importer_options: spec.importer_options.clone(),
            transforms,
            exporters,
        })
    }

    /// The registry the pipeline was built from.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The input format for a file: `from` if given, else the importer registered for the
    /// file's extension, else what the content looks like.
    pub fn input_format(&self, from: Option<&str>, path: Option<&Path>, bytes: &[u8]) -> String {
        if let Some(f) = from {
            return f.to_string();
        }
        if let Some(ext) = path.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
            if let Some(f) = self.registry.format_for_extension(Kind::Importer, ext) {
                return f.to_string();
            }
        }
        sniff(bytes).to_string()
    }

    /// Imports `bytes` with the importer for `format`.
    pub fn import(&self, format: &str, bytes: &[u8], ctx: &mut Context) -> Result<Document> {
        let opts = self
            .importer_options
            .get(format)
            .cloned()
            .unwrap_or_default();
        let importer = self.registry.importer(format, &opts)?;
        ctx.enter_stage(format);
        importer.import(bytes, ctx)
    }

    /// Runs the transforms in order.
    pub fn transform(&self, mut doc: Document, ctx: &mut Context) -> Result<Document> {
        for (name, t) in &self.transforms {
            ctx.enter_stage(name);
            doc = t.transform(doc, ctx)?;
        }
        Ok(doc)
    }

    /// The stem of an output file name for an input whose stem is `stem`, after every
    /// transform has had its say (anonymisation removes names from file names).
    pub fn output_stem(&self, stem: &str, ctx: &mut Context) -> Result<String> {
        let mut s = stem.to_string();
        for (name, t) in &self.transforms {
            ctx.enter_stage(name);
            s = t.file_stem(&s, ctx)?;
        }
        Ok(s)
    }

    /// Imports then transforms.
    pub fn to_document(&self, format: &str, bytes: &[u8], ctx: &mut Context) -> Result<Document> {
        let doc = self.import(format, bytes, ctx)?;
        self.transform(doc, ctx)
    }

    /// Runs every exporter on `doc`.
    pub fn export(&self, doc: &Document, ctx: &mut Context) -> Result<Vec<Output>> {
        let mut out = Vec::with_capacity(self.exporters.len());
        for (name, e) in &self.exporters {
            ctx.enter_stage(name);
            out.push(Output {
                format: name.clone(),
                bytes: e.export(doc, ctx)?,
            });
        }
        Ok(out)
    }

    /// The output formats, in order.
    pub fn output_formats(&self) -> Vec<&str> {
        self.exporters.iter().map(|(n, _)| n.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stage_specs() -> Result<()> {
        let s = StageSpec::parse("anonymize:strategy=mask,types=PERSON")?;
        assert_eq!(s.name, "anonymize");
        assert_eq!(s.options.string("a", "strategy")?.as_deref(), Some("mask"));
        assert!(StageSpec::parse(":x=1").is_err());
        assert!(StageSpec::parse("a:b").is_err());
        Ok(())
    }

    #[test]
    fn parses_pipeline_files() -> Result<()> {
        let spec = PipelineSpec::from_toml(
            "p.toml",
            r#"
            from = "txt"
            to = ["html", "json"]
            [[transform]]
            name = "normalize"
            markers = "gbt"
            [[transform]]
            name = "anonymize"
            [exporter.html]
            fragment = true
            "#,
        )?;
        assert_eq!(spec.to, vec!["html", "json"]);
        assert_eq!(spec.transforms.len(), 2);
        assert_eq!(
            spec.transforms[0]
                .options
                .string("n", "markers")?
                .as_deref(),
            Some("gbt")
        );
        assert!(spec.exporter_options["html"].bool("html", "fragment", false)?);
        let err = PipelineSpec::from_toml("p.toml", "[[transform]]\nx = 1")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("p.toml: [[transform]] number 1 needs name = \"…\"")
        );
        assert!(PipelineSpec::from_toml("p.toml", "bogus = 1").is_err());
        Ok(())
    }
}
