//! The registry of built-in components.

use docpipe_core::{Registry, Result};

/// A registry holding every built-in importer, transform and exporter.
pub fn registry() -> Result<Registry> {
    let mut r = Registry::new();
    docpipe_txt::register(&mut r)?;
    docpipe_json::register(&mut r)?;
    docpipe_docx_import::register(&mut r)?;
    docpipe_html::register(&mut r)?;
    docpipe_docx_export::register(&mut r)?;
    docpipe_normalize::register(&mut r)?;
    docpipe_anonymize::register(&mut r)?;
    Ok(r)
}
