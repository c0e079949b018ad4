//! docpipe-json: docpipe JSON import and export.

use docpipe_core::{Registry, Result};

/// Registers this crate's components in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    let _ = registry;
    Ok(())
}
