//! docpipe-txt: plain-text import and export.
//!
//! The `txt` importer recognises the encoding (UTF-8 with or without BOM, UTF-16 LE/BE,
//! GB18030/GBK), makes one paragraph per non-empty line, drops invisible and control
//! characters with a warning, and refuses binary files. The `txt` exporter writes the
//! document as readable UTF-8 text.
//!
//! ```
//! use docpipe_core::{Context, Exporter, Importer};
//! use docpipe_txt::{TxtExporter, TxtImporter};
//! let mut ctx = Context::new("example.txt");
//! let doc = TxtImporter::default().import("一、总体情况\r\n正文".as_bytes(), &mut ctx)?;
//! let text = TxtExporter::default().export(&doc, &mut ctx)?;
//! assert_eq!(text, "一、总体情况\n\n正文\n".as_bytes());
//! # Ok::<(), docpipe_core::Error>(())
//! ```

pub mod decode;
pub mod export;
pub mod import;

use docpipe_core::error::Kind;
use docpipe_core::{ComponentInfo, Error, OptionInfo, Registry, Result};

pub use export::TxtExporter;
pub use import::TxtImporter;

/// Registers the `txt` importer and exporter in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    registry.add_importer(
        ComponentInfo::builtin(
            Kind::Importer,
            "txt",
            "plain text: UTF-8, UTF-16 (BOM) or GB18030/GBK, one paragraph per line",
        )
        .with_extensions(&["txt", "text"])
        .with_options(vec![OptionInfo::new(
            "encoding",
            "the input's encoding (auto, or a label such as utf-8, gbk, gb18030, utf-16le, utf-16be, big5)",
            Some("auto"),
        )]),
        |opts| {
            let encoding = match opts.string("txt", "encoding")? {
                None => None,
                Some(s) if s.eq_ignore_ascii_case("auto") => None,
                Some(s) => Some(encoding_rs::Encoding::for_label(s.as_bytes()).ok_or_else(
                    || Error::option("txt", format!("option `encoding`: unknown encoding `{s}`")),
                )?),
            };
            Ok(Box::new(TxtImporter { encoding }))
        },
    )?;
    registry.add_exporter(
        ComponentInfo::builtin(
            Kind::Exporter,
            "txt",
            "plain UTF-8 text: headings with labels, tab-separated tables, notes at the end",
        )
        .with_extensions(&["txt", "text"])
        .with_options(vec![OptionInfo::new(
            "headers",
            "also write page headers and footers, in marked sections after the body",
            Some("false"),
        )]),
        |opts| {
            Ok(Box::new(TxtExporter {
                headers: opts.bool("txt", "headers", false)?,
            }))
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::{Context, Options};

    #[test]
    fn registers_both_directions_with_options() -> Result<()> {
        let mut r = Registry::new();
        register(&mut r)?;
        assert_eq!(r.format_for_extension(Kind::Importer, "TXT"), Some("txt"));
        assert_eq!(r.format_for_extension(Kind::Exporter, "text"), Some("txt"));
        let imp = r.importer("txt", &Options::parse_kv("txt", "encoding=gbk")?)?;
        let (bytes, _, _) = encoding_rs::GBK.encode("正文");
        let doc = imp.import(&bytes, &mut Context::new("x"))?;
        assert_eq!(doc.body_text(), "正文\n");
        assert!(r
            .importer("txt", &Options::parse_kv("txt", "encoding=klingon")?)
            .is_err());
        assert!(r
            .exporter("txt", &Options::parse_kv("txt", "headers=maybe")?)
            .is_err());
        Ok(())
    }
}
