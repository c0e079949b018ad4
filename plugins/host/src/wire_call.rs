//! Helpers shared by native and program components: the request context taken from a
//! [`Context`], and a response's warnings and removed text given back to it.

use docpipe_core::Context;
use docpipe_plugin_sdk::wire::{RequestContext, Response};

/// What the plugin is told about the input.
pub(crate) fn request_context(ctx: &Context) -> RequestContext {
    RequestContext {
        source: ctx.source.clone(),
        lang: ctx.setting_str("lang").map(String::from),
        settings: ctx.settings.clone(),
    }
}

/// Passes a response's warnings and removed text on to the context.
pub(crate) fn absorb(ctx: &mut Context, response: &mut Response) {
    for w in response.warnings.drain(..) {
        ctx.warn(w);
    }
    for r in response.removed.drain(..) {
        ctx.record_removed(r);
    }
}
