//! Loading plugins named by `--plugin`, the pipeline file, `DOCPIPE_PLUGIN_PATH` and the
//! user's plugin folder into the registry.

use std::path::PathBuf;

use docpipe_core::registry::OnClash;
use docpipe_core::Registry;

/// Loads every plugin in `paths` (libraries, manifests, programs or folders of plugins)
/// and those in the plugin folders into `registry`; `allow_override` lets a plugin replace
/// a built-in of the same name. A plugin found in a folder that cannot be loaded is
/// skipped with a warning on stderr; one named in `paths` is an error.
pub fn load_into(
    registry: &mut Registry,
    paths: &[String],
    allow_override: bool,
) -> anyhow::Result<()> {
    let explicit: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let on_clash = if allow_override {
        OnClash::Replace
    } else {
        OnClash::Refuse
    };
    let dirs = docpipe_plugin_host::plugin_dirs();
    match docpipe_plugin_host::load_all(registry, &explicit, &dirs, on_clash) {
        Ok(skipped) => {
            for s in skipped {
                eprintln!("docpipe: warning: {s}");
            }
            Ok(())
        }
        Err(e) if e.is_clash() => Err(anyhow::anyhow!(
            "{e} (use --plugin-override to let the plugin replace it)"
        )),
        Err(e) => Err(e.into()),
    }
}
