//! The JSON messages exchanged with plugins, native and external alike.
//!
//! Compatibility rules: fields are only ever added, and added as optional; readers on
//! both sides ignore fields they do not know. The document inside a message is the
//! versioned docpipe JSON form; a plugin declares in [`PluginDescription::format_version`]
//! the version it reads, and the host writes documents in that version.

use std::collections::BTreeMap;

use docpipe_core::model::Document;
use docpipe_core::{ComponentInfo, Kind, OptionInfo};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a plugin offers: its name, version and components. Native plugins return it
/// from `describe`; external programs print it when run with `--describe`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PluginDescription {
    /// The plugin's name.
    pub name: String,
    /// The plugin's version.
    #[serde(default)]
    pub version: String,
    /// The docpipe JSON format version the plugin reads and writes (1 when absent).
    #[serde(default = "format_one")]
    pub format_version: u32,
    /// Its components.
    #[serde(default)]
    pub components: Vec<ComponentDesc>,
}

fn format_one() -> u32 {
    1
}

/// The kind of a component, as written in JSON and TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    /// Reads bytes into a document.
    Importer,
    /// Changes a document.
    Transform,
    /// Writes a document as bytes.
    Exporter,
}

impl From<ComponentKind> for Kind {
    fn from(k: ComponentKind) -> Kind {
        match k {
            ComponentKind::Importer => Kind::Importer,
            ComponentKind::Transform => Kind::Transform,
            ComponentKind::Exporter => Kind::Exporter,
        }
    }
}

impl From<Kind> for ComponentKind {
    fn from(k: Kind) -> ComponentKind {
        match k {
            Kind::Importer => ComponentKind::Importer,
            Kind::Transform => ComponentKind::Transform,
            Kind::Exporter => ComponentKind::Exporter,
        }
    }
}

/// One component of a plugin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentDesc {
    /// Importer, transform or exporter.
    pub kind: ComponentKind,
    /// The name used on the command line.
    pub name: String,
    /// One line saying what it does.
    #[serde(default)]
    pub description: String,
    /// The options it accepts; others are refused before any input is read.
    #[serde(default)]
    pub options: Vec<OptionDesc>,
    /// File extensions (without the dot) an importer reads or an exporter writes.
    #[serde(default)]
    pub extensions: Vec<String>,
    /// For exporters: the output is binary.
    #[serde(default)]
    pub binary: bool,
}

impl ComponentDesc {
    /// The description of a registered component.
    pub fn from_info(info: &ComponentInfo) -> ComponentDesc {
        ComponentDesc {
            kind: info.kind.into(),
            name: info.name.clone(),
            description: info.description.clone(),
            options: info
                .options
                .iter()
                .map(|o| OptionDesc {
                    name: o.name.clone(),
                    description: o.description.clone(),
                    default: o.default.clone(),
                })
                .collect(),
            extensions: info.extensions.clone(),
            binary: info.binary,
        }
    }

    /// The options as the registry describes them.
    pub fn option_infos(&self) -> Vec<OptionInfo> {
        self.options
            .iter()
            .map(|o| OptionInfo::new(&o.name, &o.description, o.default.as_deref()))
            .collect()
    }
}

/// One option of a component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionDesc {
    /// Its name.
    pub name: String,
    /// What it does.
    #[serde(default)]
    pub description: String,
    /// The default, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// What the host knows about the input being processed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestContext {
    /// The input's name (a path or `-`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The language setting, when one is known (`zh`, `en`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Every global setting.
    #[serde(default)]
    pub settings: BTreeMap<String, Value>,
}

/// A request to run one component on one input, as the host writes it.
#[derive(Debug, Serialize)]
pub struct RequestRef<'a> {
    /// The component's kind.
    pub kind: ComponentKind,
    /// The component's name.
    pub component: &'a str,
    /// Its options.
    pub options: &'a BTreeMap<String, Value>,
    /// For transforms and exporters: the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<&'a Document>,
    /// For importers: the raw input, base64-encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// About the input.
    pub context: &'a RequestContext,
}

/// A request to run one component on one input, as the plugin reads it.
#[derive(Debug, Deserialize)]
pub struct Request {
    /// The component's kind.
    pub kind: ComponentKind,
    /// The component's name.
    pub component: String,
    /// Its options.
    #[serde(default)]
    pub options: BTreeMap<String, Value>,
    /// For transforms and exporters: the document.
    #[serde(default)]
    pub document: Option<Document>,
    /// For importers: the raw input, base64-encoded.
    #[serde(default)]
    pub input: Option<String>,
    /// About the input.
    #[serde(default)]
    pub context: RequestContext,
}

/// A plugin's answer to a [`Request`]: exactly one of `document`, `output` or `error`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Response {
    /// The document an importer or transform produced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// The bytes an exporter produced, base64-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// Why the component failed on this input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Warnings about this input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Junk text a transform removed (shown by `inspect`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

impl Response {
    /// A failure response.
    pub fn error(message: impl Into<String>) -> Response {
        Response {
            error: Some(message.into()),
            ..Response::default()
        }
    }
}

/// Encodes bytes as base64 (standard alphabet, padded), as the wire form wants.
pub fn encode_bytes(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes base64 from the wire form, naming the field in the error.
pub fn decode_bytes(field: &str, text: &str) -> Result<Vec<u8>, String> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.as_bytes())
        .map_err(|e| format!("`{field}` is not valid base64: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::model::{Block, Inline, Paragraph};

    #[test]
    fn request_written_by_the_host_is_read_by_the_plugin() -> Result<(), serde_json::Error> {
        let doc = Document::from_blocks(vec![Block::Paragraph(Paragraph {
            content: vec![Inline::text("hi")],
            align: None,
        })]);
        let mut options = BTreeMap::new();
        options.insert("text".to_string(), Value::from("SECRET"));
        let ctx = RequestContext {
            source: Some("a.txt".into()),
            lang: Some("en".into()),
            settings: BTreeMap::new(),
        };
        let bytes = serde_json::to_vec(&RequestRef {
            kind: ComponentKind::Transform,
            component: "stamp",
            options: &options,
            document: Some(&doc),
            input: None,
            context: &ctx,
        })?;
        let req: Request = serde_json::from_slice(&bytes)?;
        assert_eq!(req.kind, ComponentKind::Transform);
        assert_eq!(req.component, "stamp");
        assert_eq!(req.options, options);
        assert_eq!(req.document, Some(doc));
        assert_eq!(req.context, ctx);
        Ok(())
    }

    #[test]
    fn unknown_fields_are_tolerated_and_defaults_apply() -> Result<(), serde_json::Error> {
        let d: PluginDescription = serde_json::from_str(
            r#"{"name":"x","components":[{"kind":"transform","name":"t","future":1}],"later":true}"#,
        )?;
        assert_eq!(d.format_version, 1);
        assert_eq!(d.components[0].options.len(), 0);
        let r: Response = serde_json::from_str(r#"{"error":"bad","extra":[]}"#)?;
        assert_eq!(r.error.as_deref(), Some("bad"));
        Ok(())
    }

    #[test]
    fn base64_round_trips_and_names_the_field() {
        assert_eq!(
            decode_bytes("input", &encode_bytes(b"\x00\xffab")),
            Ok(b"\x00\xffab".to_vec())
        );
        let err = decode_bytes("output", "%%%").err().unwrap_or_default();
        assert!(err.starts_with("`output` is not valid base64"), "{err}");
    }
}
