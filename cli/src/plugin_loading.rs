//! Loading plugins named by `--plugin`, the pipeline file, `DOCPIPE_PLUGIN_PATH` and the
//! user's plugin folder into the registry.

use docpipe_core::Registry;

/// Loads every plugin in `paths` into `registry`; `allow_override` lets a plugin replace a
/// built-in of the same name.
pub fn load_into(
    registry: &mut Registry,
    paths: &[String],
    allow_override: bool,
) -> anyhow::Result<()> {
    let _ = (registry, allow_override);
    if let Some(p) = paths.first() {
        anyhow::bail!("{p}: plugin loading is not implemented yet");
    }
    Ok(())
}
