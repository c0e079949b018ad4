//! The plugin side of the boundary: turns JSON requests into calls on the components a
//! plugin registered, and never lets a panic escape. [`crate::export_plugin!`] wires a
//! [`Guest`] to the C entry points; plugin authors rarely use this module directly.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Once, OnceLock};

use docpipe_core::model::{Document, FORMAT_VERSION};
use docpipe_core::{Context, Error, Options, Registry};

use crate::abi::Buffer;
use crate::wire::{
    decode_bytes, encode_bytes, ComponentDesc, ComponentKind, PluginDescription, Request,
    RequestContext, RequestRef, Response,
};

/// The function a plugin provides to register its components, exactly like a built-in
/// plugin crate's `register`.
pub type RegisterFn = fn(&mut Registry) -> docpipe_core::Result<()>;

/// A plugin as seen from inside the library: its name, version and components, made on
/// first use.
pub struct Guest {
    name: &'static str,
    version: &'static str,
    register: RegisterFn,
    registry: OnceLock<Result<Registry, String>>,
}

impl Guest {
    /// A plugin named `name` at `version` whose components `register` adds.
    pub const fn new(name: &'static str, version: &'static str, register: RegisterFn) -> Guest {
        Guest {
            name,
            version,
            register,
            registry: OnceLock::new(),
        }
    }

    /// The plugin's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The plugin's version.
    pub fn version(&self) -> &'static str {
        self.version
    }

    fn registry(&self) -> Result<&Registry, String> {
        self.registry
            .get_or_init(|| {
                let mut r = Registry::new();
                match guarded(|| (self.register)(&mut r)) {
                    Ok(Ok(())) => Ok(r),
                    Ok(Err(e)) => Err(format!("registering components failed: {e}")),
                    Err(p) => Err(format!(
                        "the plugin panicked while registering its components: {}",
                        panic_text(p.as_ref())
                    )),
                }
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The plugin's description, or why it cannot be given.
    pub fn description(&self) -> Result<PluginDescription, String> {
        let registry = self.registry()?;
        Ok(PluginDescription {
            name: self.name.to_string(),
            version: self.version.to_string(),
            format_version: FORMAT_VERSION,
            components: registry
                .components()
                .map(ComponentDesc::from_info)
                .collect(),
        })
    }

    /// The description as JSON, or `{"error": …}`; never panics.
    pub fn describe_json(&self) -> Vec<u8> {
        let result = guarded(|| match self.description() {
            Ok(d) => serde_json::to_vec(&d).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        });
        let outcome = match result {
            Ok(r) => r,
            Err(p) => Err(format!("the plugin panicked: {}", panic_text(p.as_ref()))),
        };
        match outcome {
            Ok(v) => v,
            Err(e) => error_json(&e),
        }
    }

    /// Answers one JSON request with a JSON response; never panics: a panic in a
    /// component becomes an error response for that input.
    pub fn handle(&self, request: &[u8]) -> Vec<u8> {
        let result = guarded(|| {
            let response = self.respond(request);
            serde_json::to_vec(&response).map_err(|e| e.to_string())
        });
        match result {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => error_json(&format!("cannot write the response: {e}")),
            Err(p) => error_json(&format!("the plugin panicked: {}", panic_text(p.as_ref()))),
        }
    }

    /// [`Guest::handle`] on raw memory, for the C entry point.
    ///
    /// # Safety
    /// `ptr` must point at `len` readable bytes (or be null with `len` 0) that stay valid
    /// and unchanged during the call.
    #[allow(unsafe_code)]
    pub unsafe fn handle_raw(&self, ptr: *const u8, len: usize) -> Buffer {
        let request: &[u8] = if ptr.is_null() || len == 0 {
            &[]
        } else {
            // SAFETY: the caller guarantees `len` readable bytes at `ptr` for the call.
            unsafe { std::slice::from_raw_parts(ptr, len) }
        };
        Buffer::from_vec(self.handle(request))
    }

    fn respond(&self, request: &[u8]) -> Response {
        let req: Request = match serde_json::from_slice(request) {
            Ok(r) => r,
            Err(e) => return Response::error(format!("invalid request from the host: {e}")),
        };
        let registry = match self.registry() {
            Ok(r) => r,
            Err(e) => return Response::error(e),
        };
        let mut ctx = context_for(&req.component, &req.context);
        let options = Options(req.options);
        let name = req.component.as_str();
        let outcome: docpipe_core::Result<Response> = (|| match req.kind {
            ComponentKind::Importer => {
                let input = req
                    .input
                    .as_deref()
                    .ok_or_else(|| Error::stage(name, "the request has no `input`"))?;
                let bytes = decode_bytes("input", input).map_err(|m| Error::stage(name, m))?;
                let doc = registry
                    .importer(name, &options)?
                    .import(&bytes, &mut ctx)?;
                Ok(Response {
                    document: Some(doc),
                    ..Response::default()
                })
            }
            ComponentKind::Transform => {
                let doc = req
                    .document
                    .ok_or_else(|| Error::stage(name, "the request has no `document`"))?;
                let doc = registry
                    .transform(name, &options)?
                    .transform(doc, &mut ctx)?;
                Ok(Response {
                    document: Some(doc),
                    ..Response::default()
                })
            }
            ComponentKind::Exporter => {
                let doc = req
                    .document
                    .ok_or_else(|| Error::stage(name, "the request has no `document`"))?;
                let bytes = registry.exporter(name, &options)?.export(&doc, &mut ctx)?;
                Ok(Response {
                    output: Some(encode_bytes(&bytes)),
                    ..Response::default()
                })
            }
        })();
        let mut response = match outcome {
            Ok(r) => r,
            Err(Error::Stage { message, .. }) => Response::error(message),
            Err(e) => Response::error(e.to_string()),
        };
        response.warnings = ctx.take_warnings().into_iter().map(|w| w.message).collect();
        response.removed = ctx.removed().to_vec();
        response
    }
}

fn context_for(component: &str, rc: &RequestContext) -> Context {
    let mut ctx = Context::new(rc.source.clone().unwrap_or_else(|| "-".to_string()));
    ctx.settings = rc.settings.clone();
    if let Some(lang) = &rc.lang {
        ctx.settings
            .entry("lang".to_string())
            .or_insert_with(|| lang.clone().into());
    }
    ctx.enter_stage(component);
    ctx
}

fn error_json(message: &str) -> Vec<u8> {
    let v = serde_json::json!({ "error": message });
    serde_json::to_vec(&v).unwrap_or_else(|_| b"{\"error\":\"unknown failure\"}".to_vec())
}

thread_local! {
    /// True while this thread runs plugin code on behalf of the host.
    static IN_CALL: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic during such a call happened.
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, catching a panic. While it runs, panics are not printed (the host reports
/// them as one error line); their location is kept for the message. Panics elsewhere
/// (threads the plugin starts itself) go to the hook that was installed before.
fn guarded<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_CALL.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                PANIC_AT.with(|p| *p.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
    let outer = IN_CALL.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    IN_CALL.with(|c| c.set(outer));
    result
}

/// The message for a caught panic: its text and, when known, where it happened.
fn panic_text(payload: &(dyn Any + Send)) -> String {
    let message = panic_message(payload);
    match PANIC_AT.with(|p| p.borrow_mut().take()) {
        Some(at) => format!("{message} (at {at})"),
        None => message,
    }
}

/// The text of a panic payload (`panic!("…")` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

/// Frees a buffer made by this library's [`Buffer::from_vec`].
///
/// # Safety
/// `buffer` must come from `describe` or `run` of this library and not have been freed.
#[allow(unsafe_code)]
pub unsafe fn free(buffer: Buffer) {
    // SAFETY: the caller guarantees the buffer was made here from a Vec and is unfreed.
    drop(unsafe { buffer.into_vec() });
}

/// Runs a plugin's components through the same JSON path the host uses, without
/// loading a library: for plugin authors' tests.
pub mod testing {
    use super::*;

    /// The result of one call: the document or bytes, and the warnings.
    #[derive(Debug)]
    pub struct Outcome<T> {
        /// What the component produced.
        pub value: T,
        /// The warnings it reported.
        pub warnings: Vec<String>,
    }

    fn call(
        guest: &Guest,
        kind: ComponentKind,
        name: &str,
        options: &[(&str, &str)],
        document: Option<&Document>,
        input: Option<&[u8]>,
    ) -> Result<Response, String> {
        let options: BTreeMap<String, serde_json::Value> = options
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
            .collect();
        let ctx = RequestContext::default();
        let req = serde_json::to_vec(&RequestRef {
            kind,
            component: name,
            options: &options,
            document,
            input: input.map(encode_bytes),
            context: &ctx,
        })
        .map_err(|e| e.to_string())?;
        let resp: Response =
            serde_json::from_slice(&guest.handle(&req)).map_err(|e| e.to_string())?;
        match resp.error {
            Some(e) => Err(e),
            None => Ok(resp),
        }
    }

    /// Runs the transform `name` with `options` on `doc`.
    pub fn transform(
        guest: &Guest,
        name: &str,
        options: &[(&str, &str)],
        doc: &Document,
    ) -> Result<Outcome<Document>, String> {
        let r = call(
            guest,
            ComponentKind::Transform,
            name,
            options,
            Some(doc),
            None,
        )?;
        let value = r.document.ok_or("the response has no document")?;
        Ok(Outcome {
            value,
            warnings: r.warnings,
        })
    }

    /// Runs the exporter `name` with `options` on `doc`.
    pub fn export(
        guest: &Guest,
        name: &str,
        options: &[(&str, &str)],
        doc: &Document,
    ) -> Result<Outcome<Vec<u8>>, String> {
        let r = call(
            guest,
            ComponentKind::Exporter,
            name,
            options,
            Some(doc),
            None,
        )?;
        let out = r.output.ok_or("the response has no output")?;
        Ok(Outcome {
            value: decode_bytes("output", &out)?,
            warnings: r.warnings,
        })
    }

    /// Runs the importer `name` with `options` on `input`.
    pub fn import(
        guest: &Guest,
        name: &str,
        options: &[(&str, &str)],
        input: &[u8],
    ) -> Result<Outcome<Document>, String> {
        let r = call(
            guest,
            ComponentKind::Importer,
            name,
            options,
            None,
            Some(input),
        )?;
        let value = r.document.ok_or("the response has no document")?;
        Ok(Outcome {
            value,
            warnings: r.warnings,
        })
    }
}
