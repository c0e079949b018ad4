//! docpipe-json: docpipe JSON import and export.
//!
//! Both directions use [`docpipe_core::json`], so the importer accepts exactly what the
//! exporter writes: the versioned JSON form described in `docs/json-format.md`. Errors
//! name the line and column of the problem.
//!
//! ```
//! use docpipe_core::{Context, Document, Exporter, Importer};
//! use docpipe_json::{JsonExporter, JsonImporter};
//! let mut ctx = Context::new("doc.json");
//! let doc = Document::default();
//! let bytes = JsonExporter { compact: true }.export(&doc, &mut ctx)?;
//! assert_eq!(bytes, br#"{"docpipe":1,"parts":[]}"#);
//! assert_eq!(JsonImporter.import(&bytes, &mut ctx)?, doc);
//! # Ok::<(), docpipe_core::Error>(())
//! ```

use docpipe_core::error::Kind;
use docpipe_core::{
    json, ComponentInfo, Context, Document, Error, Exporter, Importer, OptionInfo, Registry, Result,
};

/// Reads the docpipe JSON form.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonImporter;

impl Importer for JsonImporter {
    fn import(&self, input: &[u8], _ctx: &mut Context) -> Result<Document> {
        json::from_slice(input).map_err(|e| Error::stage_from("json", e))
    }
}

/// Writes the docpipe JSON form, indented unless `compact`.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonExporter {
    /// One line without indentation instead of the pretty form.
    pub compact: bool,
}

impl Exporter for JsonExporter {
    fn export(&self, doc: &Document, _ctx: &mut Context) -> Result<Vec<u8>> {
        let written = if self.compact {
            json::to_vec(doc)
        } else {
            json::to_vec_pretty(doc)
        };
        written.map_err(|e| Error::stage_from("json", e))
    }
}

/// Registers the `json` importer and exporter in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    registry.add_importer(
        ComponentInfo::builtin(
            Kind::Importer,
            "json",
            "docpipe JSON (the versioned document model, docs/json-format.md)",
        )
        .with_extensions(&["json"]),
        |_| Ok(Box::new(JsonImporter)),
    )?;
    registry.add_exporter(
        ComponentInfo::builtin(
            Kind::Exporter,
            "json",
            "docpipe JSON (the versioned document model, docs/json-format.md)",
        )
        .with_extensions(&["json"])
        .with_options(vec![OptionInfo::new(
            "compact",
            "write one line without indentation",
            Some("false"),
        )]),
        |opts| {
            Ok(Box::new(JsonExporter {
                compact: opts.bool("json", "compact", false)?,
            }))
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::model::*;
    use docpipe_core::Options;

    fn sample() -> Document {
        let mut doc = Document::from_blocks(vec![
            Block::Heading(Heading {
                level: 1,
                label: Some("一、".into()),
                content: vec![Inline::text("总体情况")],
                id: Some("sec-1".into()),
            }),
            Block::Paragraph(Paragraph {
                content: vec![Inline::text("正文"), Inline::NoteRef { id: "1".into() }],
                align: Some(Align::Justify),
            }),
        ]);
        doc.notes.push(Note {
            id: "1".into(),
            kind: NoteKind::Endnote,
            blocks: vec![],
        });
        doc.meta.language = Some("zh".into());
        doc
    }

    fn registry() -> Result<Registry> {
        let mut r = Registry::new();
        register(&mut r)?;
        Ok(r)
    }

    #[test]
    fn pretty_by_default_compact_on_request_both_read_back() -> Result<()> {
        let r = registry()?;
        let mut ctx = Context::new("x.json");
        let doc = sample();
        let pretty = r
            .exporter("json", &Options::new())?
            .export(&doc, &mut ctx)?;
        assert!(pretty.starts_with(b"{\n  \"docpipe\": 1,"));
        assert!(pretty.ends_with(b"}\n"));
        let compact = r
            .exporter("json", &Options::parse_kv("json", "compact=true")?)?
            .export(&doc, &mut ctx)?;
        assert!(!compact.contains(&b'\n'));
        let imp = r.importer("json", &Options::new())?;
        assert_eq!(imp.import(&pretty, &mut ctx)?, doc);
        assert_eq!(imp.import(&compact, &mut ctx)?, doc);
        assert!(ctx.warnings().is_empty());
        Ok(())
    }

    #[test]
    fn errors_name_the_stage_line_and_column() {
        let ctx = Context::new("x.json");
        let err = |src: &[u8]| {
            JsonImporter
                .import(src, &mut ctx.clone())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let e = err(b"{\"docpipe\": 1,\n  \"parts\": [}");
        assert!(
            e.starts_with("json: invalid docpipe JSON at line 2, column"),
            "{e}"
        );
        let e = err(b"{\"docpipe\": 2, \"parts\": []}");
        assert!(e.contains("version 2 is not supported"), "{e}");
        let e = err(b"{\"docpipe\": 1, \"parts\": [], \"extra\": 1}");
        assert!(e.contains("unknown field `extra`"), "{e}");
        let e = err(b"");
        assert!(e.contains("line 1, column 0"), "{e}");
        let e = err(b"[1, 2]");
        assert!(e.starts_with("json: invalid docpipe JSON"), "{e}");
    }

    #[test]
    fn bad_option_is_refused() -> Result<()> {
        let r = registry()?;
        assert!(r
            .exporter("json", &Options::parse_kv("json", "compact=sometimes")?)
            .is_err());
        assert!(r
            .exporter("json", &Options::parse_kv("json", "indent=2")?)
            .is_err());
        Ok(())
    }
}
