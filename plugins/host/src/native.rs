//! Native plugins: shared libraries built with `docpipe-plugin-sdk`.
//!
//! Loading opens the library, looks up the one entry point, reads the ABI version (the
//! first field in every ABI version) and refuses a mismatch before touching anything
//! else; then asks the plugin to describe its components. Each call serialises a JSON
//! request into a buffer the host owns, and copies the plugin's response out of the
//! buffer the plugin owns before handing it back to the plugin's `free`.
//!
//! Libraries are never unloaded: each component holds an `Arc` to its library, and the
//! library itself is kept open until the process ends (unloading Rust libraries is unsound
//! with thread-local destructors, and a no-op on some platforms).

use std::collections::BTreeMap;
use std::mem::ManuallyDrop;
use std::path::Path;
use std::sync::Arc;

use docpipe_core::model::Document;
use docpipe_core::registry::Factory;
use docpipe_core::{Context, Error, Exporter, Importer, Origin, Result, Transform};
use docpipe_plugin_sdk::abi::{Buffer, EntryFn, PluginEntry, ABI_VERSION, ENTRY_SYMBOL};
use docpipe_plugin_sdk::wire::{
    decode_bytes, encode_bytes, ComponentKind, PluginDescription, RequestRef, Response,
};
use serde_json::Value;

use crate::wire_call::{absorb, request_context};
use crate::{check_description, LoadError, LoadedPlugin};

type RunFn = unsafe extern "C" fn(*const u8, usize) -> Buffer;
type FreeFn = unsafe extern "C" fn(Buffer);

/// An open plugin library and the two functions every call uses.
struct NativeLib {
    /// `name (path)`, for messages.
    label: String,
    run: RunFn,
    free: FreeFn,
    /// Kept open for as long as any component exists (and, being never dropped, for the
    /// rest of the process), so `run` and `free` stay valid.
    _library: ManuallyDrop<libloading::Library>,
}

impl NativeLib {
    /// Calls `run` with `request` and returns a copy of the response bytes.
    fn call(&self, request: &[u8]) -> std::result::Result<Vec<u8>, String> {
        // SAFETY: `run` comes from a library whose ABI version matched ours, so it has the
        // signature of `PluginEntry::run`; the library stays loaded while `self` exists;
        // `request` is a live slice for the whole call.
        let buffer = unsafe { (self.run)(request.as_ptr(), request.len()) };
        let bytes = if buffer.ptr.is_null() || buffer.len == 0 {
            Vec::new()
        } else if buffer.len > isize::MAX as usize {
            // Do not build a slice from an impossible length; leak rather than free junk.
            return Err("the plugin returned a buffer of impossible length".into());
        } else {
            // SAFETY: the plugin returns a buffer it made from a Vec<u8> of `len` bytes,
            // untouched until we give it back to `free` below.
            unsafe { std::slice::from_raw_parts(buffer.ptr, buffer.len) }.to_vec()
        };
        // SAFETY: the buffer came from this library's `run` and is given back exactly once.
        unsafe { (self.free)(buffer) };
        Ok(bytes)
    }

    /// Sends a request and reads the response, turning every failure into an error
    /// naming the plugin.
    fn request(&self, req: &RequestRef<'_>) -> Result<Response> {
        let bytes = serde_json::to_vec(req)
            .map_err(|e| self.error(format!("cannot write the request: {e}")))?;
        let out = self.call(&bytes).map_err(|m| self.error(m))?;
        serde_json::from_slice::<Response>(&out)
            .map_err(|e| self.error(format!("the plugin answered with invalid JSON: {e}")))
    }

    fn error(&self, message: String) -> Error {
        Error::Plugin {
            plugin: self.label.clone(),
            message,
        }
    }
}

/// Loads the native plugin at `path`.
pub fn load(path: &Path) -> std::result::Result<LoadedPlugin, LoadError> {
    let shown = path.display().to_string();
    // SAFETY: opening a library runs its initialisers. docpipe trusts the plugins the user
    // names or installs, as it trusts any program it is asked to run.
    let library = unsafe { libloading::Library::new(path) }.map_err(|e| LoadError::Open {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    // SAFETY: the SDK exports `docpipe_plugin` with the `EntryFn` signature. A library
    // exporting that name with another type cannot be detected (nor can it by any loader).
    let entry_fn: EntryFn = unsafe { library.get::<EntryFn>(ENTRY_SYMBOL) }
        .map(|s| *s)
        .map_err(|e| LoadError::Symbol {
            path: shown.clone(),
            symbol: "docpipe_plugin".into(),
            message: e.to_string(),
        })?;
    // SAFETY: the entry point takes no arguments and returns a pointer to static data.
    let ptr = unsafe { entry_fn() };
    if ptr.is_null() {
        return Err(LoadError::Describe {
            path: shown,
            message: "the entry point returned a null pointer".into(),
        });
    }
    // SAFETY: in every ABI version the entry struct starts with a `u32` ABI version, and
    // the struct is `repr(C)` so it is aligned for it; we read only that field.
    let abi = unsafe { std::ptr::read(ptr.cast::<u32>()) };
    if abi != ABI_VERSION {
        return Err(LoadError::AbiMismatch {
            path: shown,
            found: abi,
            expected: ABI_VERSION,
        });
    }
    // SAFETY: same ABI version, so the pointer is to a static `PluginEntry` of our layout,
    // valid while the library stays loaded (which is forever).
    let entry: &PluginEntry = unsafe { &*ptr };
    let describe = entry.describe;
    let lib = NativeLib {
        label: shown.clone(),
        run: entry.run,
        free: entry.free,
        _library: ManuallyDrop::new(library),
    };
    // SAFETY: `describe` has the `PluginEntry::describe` signature (ABI checked) and its
    // buffer is copied out and given back to the same library's `free` once.
    let buffer = unsafe { describe() };
    let bytes = if buffer.ptr.is_null() || buffer.len == 0 || buffer.len > isize::MAX as usize {
        Vec::new()
    } else {
        // SAFETY: a buffer from `describe`: `len` initialised bytes, owned by the plugin.
        unsafe { std::slice::from_raw_parts(buffer.ptr, buffer.len) }.to_vec()
    };
    // SAFETY: as above, given back exactly once.
    unsafe { (lib.free)(buffer) };
    let description = parse_description(path, &bytes)?;
    check_description(path, &description)?;
    let lib = Arc::new(NativeLib {
        label: format!("{} ({shown})", description.name),
        ..lib
    });
    let factories = description
        .components
        .iter()
        .map(|c| (c.clone(), factory(&lib, c.kind, &c.name)))
        .collect();
    Ok(LoadedPlugin {
        path: path.to_path_buf(),
        description,
        origin: Origin::Native { path: shown },
        factories,
    })
}

/// Reads a description, or the `{"error": …}` a plugin returns when it cannot give one.
pub(crate) fn parse_description(
    path: &Path,
    bytes: &[u8],
) -> std::result::Result<PluginDescription, LoadError> {
    let fail = |message: String| LoadError::Describe {
        path: path.display().to_string(),
        message,
    };
    let value: Value = serde_json::from_slice(bytes).map_err(|e| fail(format!("not JSON: {e}")))?;
    if let Some(e) = value.get("error").and_then(Value::as_str) {
        return Err(fail(e.to_string()));
    }
    serde_json::from_value(value).map_err(|e| fail(e.to_string()))
}

fn factory(lib: &Arc<NativeLib>, kind: ComponentKind, name: &str) -> Factory {
    let lib = Arc::clone(lib);
    let name = name.to_string();
    let make = move |options: &docpipe_core::Options| NativeComponent {
        lib: Arc::clone(&lib),
        kind,
        name: name.clone(),
        options: options.0.clone(),
    };
    match kind {
        ComponentKind::Importer => {
            Factory::Importer(Arc::new(
                move |o| Ok(Box::new(make(o)) as Box<dyn Importer>),
            ))
        }
        ComponentKind::Transform => Factory::Transform(Arc::new(move |o| {
            Ok(Box::new(make(o)) as Box<dyn Transform>)
        })),
        ComponentKind::Exporter => {
            Factory::Exporter(Arc::new(
                move |o| Ok(Box::new(make(o)) as Box<dyn Exporter>),
            ))
        }
    }
}

/// One component of a native plugin, with its options.
struct NativeComponent {
    lib: Arc<NativeLib>,
    kind: ComponentKind,
    name: String,
    options: BTreeMap<String, Value>,
}

impl NativeComponent {
    fn call(
        &self,
        document: Option<&Document>,
        input: Option<&[u8]>,
        ctx: &mut Context,
    ) -> Result<Response> {
        let rc = request_context(ctx);
        let req = RequestRef {
            kind: self.kind,
            component: &self.name,
            options: &self.options,
            document,
            input: input.map(encode_bytes),
            context: &rc,
        };
        let mut response = self.lib.request(&req)?;
        absorb(ctx, &mut response);
        if let Some(e) = response.error.take() {
            return Err(self.lib.error(format!("{}: {e}", self.name)));
        }
        Ok(response)
    }

    fn document(&self, response: Response) -> Result<Document> {
        response.document.ok_or_else(|| {
            self.lib
                .error(format!("{}: the response has no document", self.name))
        })
    }
}

impl Importer for NativeComponent {
    fn import(&self, input: &[u8], ctx: &mut Context) -> Result<Document> {
        let r = self.call(None, Some(input), ctx)?;
        self.document(r)
    }
}

impl Transform for NativeComponent {
    fn transform(&self, doc: Document, ctx: &mut Context) -> Result<Document> {
        let r = self.call(Some(&doc), None, ctx)?;
        self.document(r)
    }
}

impl Exporter for NativeComponent {
    fn export(&self, doc: &Document, ctx: &mut Context) -> Result<Vec<u8>> {
        let r = self.call(Some(doc), None, ctx)?;
        let out = r.output.ok_or_else(|| {
            self.lib
                .error(format!("{}: the response has no output", self.name))
        })?;
        decode_bytes("output", &out).map_err(|m| self.lib.error(format!("{}: {m}", self.name)))
    }
}
