//! The JSON report of a batch: one entry per input, totals and the settings that produced
//! the outputs. Also reading a previous report back (for `--resume`) and merging shard
//! reports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use docpipe_core::{Options, PipelineSpec, Warning};
use serde::{Deserialize, Serialize};

/// The value of the report's `format` field.
pub const REPORT_FORMAT: &str = "docpipe-batch-report";
/// The version of the report's layout.
pub const REPORT_VERSION: u32 = 1;

/// What happened to one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Converted; every output written.
    Ok,
    /// Not converted; `error` says why. No output of it was written.
    Failed,
    /// Not an input (hidden, lock file, no importer, link out of the tree).
    Skipped,
}

/// One transform with its options, as recorded in the settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransformSetting {
    /// The transform's name.
    pub name: String,
    /// Its options.
    #[serde(default)]
    pub options: Options,
}

/// Everything that decides what the outputs contain. `--resume` keeps an earlier output
/// only when these are equal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The docpipe version that wrote the outputs.
    pub docpipe_version: String,
    /// The forced input format, if any.
    #[serde(default)]
    pub from: Option<String>,
    /// Output formats, in order.
    pub formats: Vec<String>,
    /// Transforms, in order, with options.
    #[serde(default)]
    pub transforms: Vec<TransformSetting>,
    /// Importer options by format.
    #[serde(default)]
    pub importer_options: BTreeMap<String, Options>,
    /// Exporter options by format.
    #[serde(default)]
    pub exporter_options: BTreeMap<String, Options>,
    /// Plugins loaded.
    #[serde(default)]
    pub plugins: Vec<String>,
}

impl Settings {
    /// The settings of a pipeline spec, for docpipe `version`.
    pub fn from_spec(spec: &PipelineSpec, version: &str) -> Settings {
        Settings {
            docpipe_version: version.to_string(),
            from: spec.from.clone(),
            formats: spec.to.clone(),
            transforms: spec
                .transforms
                .iter()
                .map(|t| TransformSetting {
                    name: t.name.clone(),
                    options: t.options.clone(),
                })
                .collect(),
            importer_options: spec.importer_options.clone(),
            exporter_options: spec.exporter_options.clone(),
            plugins: spec.plugins.clone(),
        }
    }
}

/// The report entry of one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input's path relative to the input folder, `/`-separated.
    pub path: String,
    /// What happened.
    pub status: Status,
    /// Why it failed or was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The outputs written, relative to the output folder.
    #[serde(default)]
    pub outputs: Vec<String>,
    /// The input's size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The SHA-256 of the input's bytes, lower-case hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Wall time spent on this input, in milliseconds.
    #[serde(default)]
    pub duration_ms: u64,
    /// Warnings the stages reported.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// True when the outputs come from an earlier run (`--resume`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resumed: bool,
}

impl Entry {
    /// An entry with only a path and a status.
    pub fn new(path: impl Into<String>, status: Status) -> Entry {
        Entry {
            path: path.into(),
            status,
            error: None,
            outputs: Vec::new(),
            size: None,
            sha256: None,
            duration_ms: 0,
            warnings: Vec::new(),
            resumed: false,
        }
    }

    /// A failed entry with its reason.
    pub fn failed(path: impl Into<String>, error: impl Into<String>) -> Entry {
        Entry {
            error: Some(error.into()),
            ..Entry::new(path, Status::Failed)
        }
    }

    /// A skipped entry with its reason.
    pub fn skipped(path: impl Into<String>, why: impl Into<String>) -> Entry {
        Entry {
            error: Some(why.into()),
            ..Entry::new(path, Status::Skipped)
        }
    }
}

/// Counts over the entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Entries in the report.
    pub entries: u64,
    /// Inputs converted (including resumed ones).
    pub ok: u64,
    /// Inputs that failed.
    pub failed: u64,
    /// Paths skipped.
    pub skipped: u64,
    /// Inputs whose earlier outputs were kept (`--resume`).
    pub resumed: u64,
    /// Bytes of input read by the inputs counted in `ok` and `failed`.
    pub input_bytes: u64,
}

impl Totals {
    /// Counts `entries`.
    pub fn of(entries: &[Entry]) -> Totals {
        let mut t = Totals::default();
        for e in entries {
            t.add(e);
        }
        t
    }

    /// Counts one more entry.
    pub fn add(&mut self, e: &Entry) {
        self.entries += 1;
        match e.status {
            Status::Ok => self.ok += 1,
            Status::Failed => self.failed += 1,
            Status::Skipped => self.skipped += 1,
        }
        if e.resumed {
            self.resumed += 1;
        }
        self.input_bytes += e.size.unwrap_or(0);
    }
}

/// A whole batch report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`REPORT_FORMAT`].
    pub format: String,
    /// The layout version, [`REPORT_VERSION`].
    pub version: u32,
    /// What produced the outputs.
    pub settings: Settings,
    /// The input folder as given.
    pub input_dir: String,
    /// The output folder as given.
    pub output_dir: String,
    /// The shards this report covers (`I/N`); empty for a whole folder.
    #[serde(default)]
    pub shards: Vec<String>,
    /// True when the run was interrupted: inputs not listed were not processed.
    #[serde(default)]
    pub interrupted: bool,
    /// Wall time of the run (of the longest shard, for a merged report), in milliseconds.
    pub duration_ms: u64,
    /// Counts over `entries`.
    pub totals: Totals,
    /// One entry per path, in walk order (paths compared component by component).
    pub entries: Vec<Entry>,
}

/// A report that cannot be read, or reports that cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file cannot be read.
    #[error("{path}: cannot read report: {source}")]
    Io {
        /// The report's path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a batch report of a version this docpipe reads.
    #[error("{path}: not a docpipe batch report: {message}")]
    Invalid {
        /// The report's path.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The reports cannot be merged.
    #[error("cannot merge: {0}")]
    Merge(String),
}

impl Report {
    /// A report over `entries` (sorted here by path), with totals computed.
    pub fn new(settings: Settings, input_dir: String, output_dir: String) -> Report {
        Report {
            format: REPORT_FORMAT.to_string(),
            version: REPORT_VERSION,
            settings,
            input_dir,
            output_dir,
            shards: Vec::new(),
            interrupted: false,
            duration_ms: 0,
            totals: Totals::default(),
            entries: Vec::new(),
        }
    }

    /// Sorts the entries by path and recounts the totals.
    pub fn finish(&mut self) {
        self.entries
            .sort_by(|a, b| crate::walk::path_order(&a.path, &b.path));
        self.totals = Totals::of(&self.entries);
    }

    /// Parses a report; `origin` names it in errors.
    pub fn from_slice(origin: &str, bytes: &[u8]) -> Result<Report, ReportError> {
        let invalid = |message: String| ReportError::Invalid {
            path: origin.to_string(),
            message,
        };
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
        if v.get("format").and_then(|f| f.as_str()) != Some(REPORT_FORMAT) {
            return Err(invalid(format!("no \"format\": \"{REPORT_FORMAT}\"")));
        }
        match v.get("version").and_then(|f| f.as_u64()) {
            Some(n) if n == u64::from(REPORT_VERSION) => {}
            other => {
                return Err(invalid(format!(
                    "layout version {} (this docpipe reads {REPORT_VERSION})",
                    other.map_or("missing".to_string(), |n| n.to_string())
                )))
            }
        }
        serde_json::from_value(v).map_err(|e| invalid(e.to_string()))
    }

    /// Reads a report file.
    pub fn read(path: &Path) -> Result<Report, ReportError> {
        let bytes = std::fs::read(path).map_err(|source| ReportError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Report::from_slice(&path.display().to_string(), &bytes)
    }

    /// The report as pretty JSON with a final newline.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }

    /// Writes the report atomically.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        docpipe_core::fsio::write_atomic(path, &self.to_vec())
    }
}

/// The result of merging shard reports: the report and notes for the user (missing
/// shards, …).
#[derive(Debug)]
pub struct Merged {
    /// The merged report.
    pub report: Report,
    /// Things worth saying that do not stop the merge.
    pub notes: Vec<String>,
}

/// Merges reports of shards of one batch. Refuses reports made with different settings
/// and a path listed by two reports (overlapping shards).
pub fn merge(reports: Vec<(String, Report)>) -> Result<Merged, ReportError> {
    let mut it = reports.into_iter();
    let Some((first_name, first)) = it.next() else {
        return Err(ReportError::Merge("no reports given".into()));
    };
    let mut notes = Vec::new();
    let mut out = Report::new(
        first.settings.clone(),
        first.input_dir.clone(),
        first.output_dir.clone(),
    );
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut shards: BTreeSet<String> = BTreeSet::new();
    let mut whole = false;
    for (name, r) in std::iter::once((first_name, first)).chain(it) {
        if r.settings != out.settings {
            return Err(ReportError::Merge(format!(
                "{name} was made with other settings than the first report \
                 (formats, transforms, options or docpipe version differ)"
            )));
        }
        if r.shards.is_empty() {
            whole = true;
        }
        for s in &r.shards {
            if !shards.insert(s.clone()) {
                return Err(ReportError::Merge(format!(
                    "shard {s} appears twice (in {name} and an earlier report)"
                )));
            }
        }
        out.interrupted |= r.interrupted;
        out.duration_ms = out.duration_ms.max(r.duration_ms);
        for e in r.entries {
            if let Some(prev) = seen.insert(e.path.clone(), name.clone()) {
                return Err(ReportError::Merge(format!(
                    "{} is listed in both {prev} and {name} (overlapping shards?)",
                    e.path
                )));
            }
            out.entries.push(e);
        }
    }
    if whole && !shards.is_empty() {
        notes.push("a whole-folder report was merged with shard reports".into());
    }
    let counts: BTreeSet<u64> = shards
        .iter()
        .filter_map(|s| s.split_once('/').and_then(|(_, n)| n.parse().ok()))
        .collect();
    if counts.len() > 1 {
        notes.push("the reports split the folder into different numbers of shards".into());
    } else if let Some(&n) = counts.iter().next() {
        let missing: Vec<String> = (0..n)
            .map(|i| format!("{i}/{n}"))
            .filter(|s| !shards.contains(s))
            .collect();
        if !missing.is_empty() {
            notes.push(format!("shards missing: {}", missing.join(", ")));
        }
    }
    if out.interrupted {
        notes.push("at least one shard was interrupted: some inputs are not listed".into());
    }
    out.shards = shards.into_iter().collect();
    out.finish();
    Ok(Merged { report: out, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        let mut o = Options::new();
        o.set("strategy", "mask");
        Settings {
            docpipe_version: "0.1.0".into(),
            from: None,
            formats: vec!["json".into(), "html".into()],
            transforms: vec![TransformSetting {
                name: "anonymize".into(),
                options: o,
            }],
            importer_options: BTreeMap::new(),
            exporter_options: BTreeMap::new(),
            plugins: Vec::new(),
        }
    }

    fn sample(shard: &str, paths: &[&str]) -> Report {
        let mut r = Report::new(settings(), "in".into(), "out".into());
        r.shards = vec![shard.to_string()];
        for p in paths {
            let mut e = Entry::new(*p, Status::Ok);
            e.size = Some(10);
            e.sha256 = Some("ab".repeat(32));
            e.outputs = vec![format!("{p}.json")];
            e.warnings = vec![Warning {
                stage: "normalize".into(),
                message: "skipped number".into(),
            }];
            r.entries.push(e);
        }
        r.entries
            .push(Entry::failed(format!("bad-{shard}"), "txt: not text"));
        r.finish();
        r
    }

    #[test]
    fn round_trips_through_json() -> Result<(), ReportError> {
        let r = sample("0/2", &["b.txt", "a/c.txt"]);
        let back = Report::from_slice("r.json", &r.to_vec())?;
        assert_eq!(back, r);
        assert_eq!(back.entries[0].path, "a/c.txt");
        assert_eq!(back.totals.ok, 2);
        assert_eq!(back.totals.failed, 1);
        assert_eq!(back.totals.input_bytes, 20);
        let v: serde_json::Value = serde_json::from_slice(&r.to_vec()).unwrap_or_default();
        assert_eq!(v["entries"][0]["status"], "ok");
        assert_eq!(v["entries"][2]["status"], "failed");
        assert_eq!(v["entries"][2]["error"], "txt: not text");
        assert_eq!(
            v["settings"]["transforms"][0]["options"]["strategy"],
            "mask"
        );
        Ok(())
    }

    #[test]
    fn refuses_what_is_not_a_report() {
        for bad in [
            &b"{}"[..],
            b"[1]",
            b"not json",
            br#"{"format":"docpipe-batch-report","version":9}"#,
        ] {
            assert!(Report::from_slice("x", bad).is_err());
        }
    }

    #[test]
    fn merges_shards_and_notes_missing_ones() -> Result<(), ReportError> {
        let a = sample("0/3", &["a.txt", "c.txt"]);
        let b = sample("2/3", &["b.txt"]);
        let m = merge(vec![("A".into(), a.clone()), ("B".into(), b)])?;
        let paths: Vec<&str> = m.report.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", "b.txt", "bad-0/3", "bad-2/3", "c.txt"]);
        assert_eq!(m.report.totals.ok, 3);
        assert_eq!(m.report.totals.failed, 2);
        assert_eq!(m.report.shards, ["0/3", "2/3"]);
        assert_eq!(m.notes, ["shards missing: 1/3"]);
        // Overlap and different settings are refused.
        let dup = sample("1/3", &["a.txt"]);
        assert!(merge(vec![("A".into(), a.clone()), ("D".into(), dup)]).is_err());
        let mut other = sample("1/3", &["z.txt"]);
        other.settings.formats = vec!["html".into()];
        assert!(merge(vec![("A".into(), a.clone()), ("O".into(), other)]).is_err());
        assert!(merge(vec![("A".into(), a.clone()), ("A2".into(), a)]).is_err());
        assert!(merge(Vec::new()).is_err());
        Ok(())
    }
}
