//! docpipe-docx-export: DOCX export in 公文 (GB/T 9704-2012) and plain layouts.

use docpipe_core::{Registry, Result};

/// Registers this crate's components in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    let _ = registry;
    Ok(())
}
