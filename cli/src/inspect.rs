//! `docpipe inspect`: the outline of a document after the given transforms.

use std::collections::BTreeMap;

use docpipe_core::outline::Outline;
use docpipe_core::{Context, Kind, StageSpec};

use crate::args::InspectArgs;
use crate::input::Input;
use crate::output::{write_stdout, Failure, EXIT_OK};
use crate::setup;

/// The transform `inspect` runs when no `-T` and no pipeline file name any.
pub const DEFAULT_TRANSFORM: &str = "normalize";

/// Runs `docpipe inspect`; returns the exit status.
pub fn run(args: &InspectArgs) -> Result<u8, Failure> {
    let input = Input::from_arg(&args.input);
    let mut spec = setup::spec(&args.pipeline).map_err(|e| Failure::setup(&e))?;
    if let Some(from) = &args.from {
        spec.from = Some(from.clone());
    }
    let registry = setup::registry(&args.pipeline, &spec).map_err(|e| Failure::setup(&e))?;
    if args.raw {
        spec.transforms.clear();
    } else if spec.transforms.is_empty()
        && registry.info(Kind::Transform, DEFAULT_TRANSFORM).is_some()
    {
        spec.transforms.push(StageSpec {
            name: DEFAULT_TRANSFORM.into(),
            options: Default::default(),
        });
    }
    // inspect exports nothing: outputs named by a pipeline file are not built.
    spec.to.clear();
    let pipeline = setup::pipeline(&registry, &mut spec, &[], BTreeMap::new())
        .map_err(|e| Failure::setup(&e))?;
    setup::check_importer_options(&registry, &spec).map_err(|e| Failure::setup(&e))?;

    let bytes = input.read()?;
    let format = pipeline.input_format(spec.from.as_deref(), input.path(), &bytes);
    let mut ctx = Context::new(input.name.clone());
    let doc = pipeline
        .to_document(&format, &bytes, &mut ctx)
        .map_err(|e| Failure::running(&input.name, &e))?;
    drop(bytes);
    let outline = outline_of(&doc, &ctx);
    let text = if args.json {
        let mut v = serde_json::to_vec_pretty(&outline)
            .map_err(|e| Failure::input(format!("{}: cannot write JSON: {e}", input.name)))?;
        v.push(b'\n');
        v
    } else {
        let mut text = String::new();
        if outline
            .parts
            .iter()
            .all(|p| p.title.is_none() && p.sections.is_empty())
        {
            text.push_str("(no title and no headings found)\n");
        }
        text.push_str(&outline.to_text());
        text.into_bytes()
    };
    write_stdout(&text)?;
    Ok(EXIT_OK)
}

/// The outline of `doc` with the junk removed and the warnings reported in `ctx`.
pub fn outline_of(doc: &docpipe_core::Document, ctx: &Context) -> Outline {
    let mut outline = Outline::of(doc);
    outline.removed = ctx.removed().to_vec();
    outline.warnings = ctx.warnings().iter().map(|w| w.to_string()).collect();
    outline
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::model::{Block, Document, Heading, Inline};

    #[test]
    fn outline_carries_removed_text_and_warnings() {
        let doc = Document::from_blocks(vec![Block::Heading(Heading {
            level: 1,
            label: Some("一、".into()),
            content: vec![Inline::text("总体情况")],
            id: None,
        })]);
        let mut ctx = Context::new("x.txt");
        ctx.enter_stage("normalize");
        ctx.record_removed("---此处隐藏---");
        ctx.warn("numbering skips");
        let o = outline_of(&doc, &ctx);
        let v = serde_json::to_value(&o).unwrap_or_default();
        assert_eq!(v["parts"][0]["sections"][0]["label"], "一、");
        assert_eq!(v["parts"][0]["sections"][0]["heading"], "总体情况");
        assert_eq!(v["removed"][0], "---此处隐藏---");
        assert_eq!(v["warnings"][0], "normalize: numbering skips");
    }
}
