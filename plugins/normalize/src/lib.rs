//! docpipe-normalize: the normalize transform: section structure of 公文 reports and ordinary documents.

use docpipe_core::{Registry, Result};

/// Registers this crate's components in `registry`.
pub fn register(registry: &mut Registry) -> Result<()> {
    let _ = registry;
    Ok(())
}
