//! docpipe-plugin-sdk: what a third-party docpipe plugin depends on.
//!
//! A native plugin is a Rust crate built as a shared library (`crate-type = ["cdylib"]`).
//! It registers its components exactly as docpipe's built-in plugins do — in a
//! [`Registry`], with a [`ComponentInfo`] and a factory that makes an [`Importer`],
//! [`Transform`] or [`Exporter`] from its [`Options`] — and calls [`export_plugin!`]. The
//! macro exports the one C entry point the host looks for; everything else crosses the
//! boundary as JSON in owned byte buffers, and a panic inside the plugin becomes an
//! error for that one document instead of crossing the boundary.
//!
//! ```
//! use docpipe_plugin_sdk::prelude::*;
//!
//! /// Adds a line of text at the top of the document.
//! struct Banner {
//!     text: String,
//! }
//!
//! impl Transform for Banner {
//!     fn transform(&self, mut doc: Document, ctx: &mut Context) -> Result<Document> {
//!         let Some(part) = doc.parts.first_mut() else {
//!             ctx.warn("empty document: nothing to add the banner to");
//!             return Ok(doc);
//!         };
//!         let banner = Block::Paragraph(Paragraph {
//!             content: vec![Inline::text(self.text.clone())],
//!             align: None,
//!         });
//!         part.blocks.insert(0, banner);
//!         Ok(doc)
//!     }
//! }
//!
//! fn register(registry: &mut Registry) -> Result<()> {
//!     let info = ComponentInfo::builtin(Kind::Transform, "banner", "adds a banner line")
//!         .with_options(vec![OptionInfo::new("text", "the banner", Some("DRAFT"))]);
//!     registry.add_transform(info, |opts| {
//!         let text = opts.string("banner", "text")?.unwrap_or_else(|| "DRAFT".into());
//!         Ok(Box::new(Banner { text }))
//!     })
//! }
//!
//! export_plugin!(name = "banner", version = "1.0.0", register = register);
//!
//! // The same JSON path the host uses, without loading a library:
//! let doc = Document::from_blocks(vec![]);
//! let out = testing::transform(&DOCPIPE_PLUGIN, "banner", &[("text", "SECRET")], &doc);
//! let out = out.map_err(|e| e.to_string())?;
//! let first = &out.value.parts[0].blocks[0];
//! assert_eq!(docpipe_plugin_sdk::core::walk::block_text(first), "SECRET");
//! # Ok::<(), String>(())
//! ```
//!
//! Modules: [`abi`] (the C types; only the macro needs them), [`wire`] (the JSON
//! messages, shared with external-program plugins and the host), [`guest`] (the plugin
//! side of a call, and [`guest::testing`] for plugin authors' tests). `docs/plugins.md` in
//! the docpipe repository explains the compatibility promise.

pub mod abi;
pub mod guest;
pub mod wire;

/// The whole of docpipe-core: model, stage traits, registry, options, context, errors.
pub use docpipe_core as core;
/// The document model (`Document`, `Block`, `Inline`, …).
pub use docpipe_core::model;
pub use docpipe_core::{
    ComponentInfo, Context, Document, Error, Exporter, Importer, Kind, OptionInfo, Options,
    Registry, Result, Transform,
};

/// Everything a plugin usually needs, in one `use`.
pub mod prelude {
    pub use crate::export_plugin;
    pub use crate::guest::testing;
    pub use docpipe_core::model::*;
    pub use docpipe_core::{
        ComponentInfo, Context, Error, Exporter, Importer, Kind, OptionInfo, Options, Registry,
        Result, Transform,
    };
}

/// Exports a native plugin: `export_plugin!(name = "…", version = "…", register = f)`,
/// where `f: fn(&mut Registry) -> Result<()>` registers the plugin's components.
///
/// It defines `pub static DOCPIPE_PLUGIN: `[`guest::Guest`] (use it with
/// [`guest::testing`] in tests) and the C entry point `docpipe_plugin`, which returns the
/// plugin's [`abi::PluginEntry`]. Use it once per library.
#[macro_export]
macro_rules! export_plugin {
    (name = $name:expr, version = $version:expr, register = $register:expr $(,)?) => {
        /// This library's docpipe plugin (made by `export_plugin!`).
        pub static DOCPIPE_PLUGIN: $crate::guest::Guest =
            $crate::guest::Guest::new($name, $version, $register);

        #[doc(hidden)]
        extern "C" fn __docpipe_describe() -> $crate::abi::Buffer {
            $crate::abi::Buffer::from_vec(DOCPIPE_PLUGIN.describe_json())
        }

        #[doc(hidden)]
        #[allow(unsafe_code)]
        unsafe extern "C" fn __docpipe_run(ptr: *const u8, len: usize) -> $crate::abi::Buffer {
            // SAFETY: the host passes `len` readable bytes at `ptr`, valid for the call.
            unsafe { DOCPIPE_PLUGIN.handle_raw(ptr, len) }
        }

        #[doc(hidden)]
        #[allow(unsafe_code)]
        unsafe extern "C" fn __docpipe_free(buffer: $crate::abi::Buffer) {
            // SAFETY: the host only gives back buffers this library returned, once.
            unsafe { $crate::guest::free(buffer) }
        }

        #[doc(hidden)]
        static __DOCPIPE_ENTRY: $crate::abi::PluginEntry = $crate::abi::PluginEntry {
            abi_version: $crate::abi::ABI_VERSION,
            name: $crate::abi::StaticStr::new($name),
            version: $crate::abi::StaticStr::new($version),
            describe: __docpipe_describe,
            run: __docpipe_run,
            free: __docpipe_free,
        };

        /// The entry point the docpipe host looks up (made by `export_plugin!`).
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub extern "C" fn docpipe_plugin() -> *const $crate::abi::PluginEntry {
            &__DOCPIPE_ENTRY
        }
    };
}

#[cfg(test)]
mod tests {
    use super::prelude::*;

    struct Boom;
    impl Transform for Boom {
        fn transform(&self, _doc: Document, ctx: &mut Context) -> Result<Document> {
            ctx.warn("about to fail");
            panic!("kaboom");
        }
    }

    struct Fail;
    impl Exporter for Fail {
        fn export(&self, _doc: &Document, _ctx: &mut Context) -> Result<Vec<u8>> {
            Err(Error::stage("fail", "no can do"))
        }
    }

    struct Bytes;
    impl Importer for Bytes {
        fn import(&self, input: &[u8], ctx: &mut Context) -> Result<Document> {
            ctx.warn(format!("{} bytes", input.len()));
            Ok(Document::from_blocks(vec![Block::Code {
                text: String::from_utf8_lossy(input).into_owned(),
                language: None,
            }]))
        }
    }

    fn register(r: &mut Registry) -> Result<()> {
        r.add_transform(
            ComponentInfo::builtin(Kind::Transform, "boom", "panics"),
            |_| Ok(Box::new(Boom)),
        )?;
        r.add_exporter(
            ComponentInfo::builtin(Kind::Exporter, "fail", "fails"),
            |_| Ok(Box::new(Fail)),
        )?;
        r.add_importer(
            ComponentInfo::builtin(Kind::Importer, "bytes", "bytes as code"),
            |_| Ok(Box::new(Bytes)),
        )
    }

    export_plugin!(name = "test", version = "0.0.1", register = register);

    #[test]
    fn a_panic_becomes_an_error_for_that_document() {
        let r = testing::transform(&DOCPIPE_PLUGIN, "boom", &[], &Document::default());
        let err = r.err().unwrap_or_default();
        assert!(err.starts_with("the plugin panicked: kaboom (at "), "{err}");
        assert!(err.contains("lib.rs:"), "{err}");
    }

    #[test]
    fn stage_errors_and_unknown_names_and_options_are_reported() {
        let r = testing::export(&DOCPIPE_PLUGIN, "fail", &[], &Document::default());
        assert_eq!(r.err().as_deref(), Some("no can do"));
        let r = testing::export(&DOCPIPE_PLUGIN, "nope", &[], &Document::default());
        assert_eq!(
            r.err().as_deref(),
            Some("unknown exporter `nope` (known: fail)")
        );
        let r = testing::export(&DOCPIPE_PLUGIN, "fail", &[("x", "1")], &Document::default());
        assert!(r.err().unwrap_or_default().contains("unknown option `x`"));
    }

    #[test]
    fn importers_get_bytes_and_warnings_come_back() -> std::result::Result<(), String> {
        let out = testing::import(&DOCPIPE_PLUGIN, "bytes", &[], b"\xffab")?;
        assert_eq!(out.warnings, vec!["3 bytes".to_string()]);
        assert_eq!(out.value.parts[0].blocks.len(), 1);
        Ok(())
    }

    #[test]
    fn garbage_requests_are_answered_with_an_error() {
        let v: serde_json::Value =
            serde_json::from_slice(&DOCPIPE_PLUGIN.handle(b"not json")).unwrap_or_default();
        let e = v["error"].as_str().unwrap_or_default();
        assert!(e.starts_with("invalid request from the host"), "{e}");
    }

    #[allow(unsafe_code)]
    #[test]
    fn the_c_entry_point_describes_and_runs() -> std::result::Result<(), String> {
        let entry = docpipe_plugin();
        // SAFETY: the entry point returns a pointer to a static PluginEntry.
        let entry = unsafe { &*entry };
        assert_eq!(entry.abi_version, crate::abi::ABI_VERSION);
        // SAFETY: describe has no preconditions; its buffer goes back to free once.
        let json = unsafe {
            let buf = (entry.describe)();
            let bytes = std::slice::from_raw_parts(buf.ptr, buf.len).to_vec();
            (entry.free)(buf);
            bytes
        };
        let d: crate::wire::PluginDescription =
            serde_json::from_slice(&json).map_err(|e| e.to_string())?;
        assert_eq!(d.name, "test");
        assert_eq!(d.components.len(), 3);
        let req = br#"{"kind":"importer","component":"bytes","input":"aGk="}"#;
        // SAFETY: req is a live slice; the buffer goes back to free once.
        let resp = unsafe {
            let buf = (entry.run)(req.as_ptr(), req.len());
            let bytes = std::slice::from_raw_parts(buf.ptr, buf.len).to_vec();
            (entry.free)(buf);
            bytes
        };
        let r: crate::wire::Response = serde_json::from_slice(&resp).map_err(|e| e.to_string())?;
        assert!(r.document.is_some());
        Ok(())
    }
}
