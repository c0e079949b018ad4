//! `stamp`: a docpipe transform that adds a confidentiality mark to the page headers
//! and/or the top of the body. Built as a shared library and loaded with
//! `docpipe convert in.docx --plugin ./libstamp.so -T stamp:text=SECRET -o out.docx`.

use docpipe_plugin_sdk::core::walk::block_text;
use docpipe_plugin_sdk::prelude::*;

/// Where the mark goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Header,
    Body,
    Both,
}

/// The transform, made from its options.
struct Stamp {
    text: String,
    place: Place,
}

fn mark(text: &str) -> Block {
    Block::Paragraph(Paragraph {
        content: vec![Inline::Styled {
            style: TextStyle::Bold,
            content: vec![Inline::text(text)],
        }],
        align: Some(Align::Center),
    })
}

/// True when `blocks` already starts with the mark (so stamping twice changes nothing).
fn starts_with_mark(blocks: &[Block], text: &str) -> bool {
    blocks.first().map(block_text).as_deref().map(str::trim) == Some(text)
}

impl Transform for Stamp {
    fn transform(&self, mut doc: Document, ctx: &mut Context) -> Result<Document> {
        if matches!(self.place, Place::Header | Place::Both) {
            if doc.headers.is_empty() {
                doc.headers.push(HeaderFooter {
                    kind: HeaderFooterKind::Default,
                    blocks: Vec::new(),
                });
            }
            for h in &mut doc.headers {
                if !starts_with_mark(&h.blocks, &self.text) {
                    h.blocks.insert(0, mark(&self.text));
                }
            }
        }
        if matches!(self.place, Place::Body | Place::Both) {
            if doc.parts.is_empty() {
                doc.parts.push(Part::default());
            }
            let mut already = 0;
            for part in &mut doc.parts {
                if starts_with_mark(&part.blocks, &self.text) {
                    already += 1;
                } else {
                    part.blocks.insert(0, mark(&self.text));
                }
            }
            if already > 0 {
                ctx.warn(format!("{already} part(s) already carried the mark"));
            }
        }
        Ok(doc)
    }
}

/// Registers the `stamp` transform.
pub fn register(registry: &mut Registry) -> Result<()> {
    let info = ComponentInfo::builtin(
        Kind::Transform,
        "stamp",
        "adds a confidentiality mark to the page headers and the top of the body",
    )
    .with_options(vec![
        OptionInfo::new("text", "the mark", Some("CONFIDENTIAL")),
        OptionInfo::new("place", "header, body or both", Some("both")),
    ]);
    registry.add_transform(info, |opts| {
        let text = opts
            .string("stamp", "text")?
            .unwrap_or_else(|| "CONFIDENTIAL".into());
        if text.trim().is_empty() {
            return Err(Error::option("stamp", "option `text` must not be empty"));
        }
        let place = match opts.choice("stamp", "place", &["header", "body", "both"], "both")? {
            "header" => Place::Header,
            "body" => Place::Body,
            _ => Place::Both,
        };
        Ok(Box::new(Stamp {
            text: text.trim().to_string(),
            place,
        }))
    })
}

export_plugin!(
    name = "stamp",
    version = env!("CARGO_PKG_VERSION"),
    register = register
);

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document::from_blocks(vec![Block::Paragraph(Paragraph {
            content: vec![Inline::text("body")],
            align: None,
        })])
    }

    #[test]
    fn stamps_header_and_body_once() -> std::result::Result<(), String> {
        let once = testing::transform(&DOCPIPE_PLUGIN, "stamp", &[("text", "SECRET")], &doc())?;
        let d = once.value;
        assert_eq!(d.headers.len(), 1);
        assert_eq!(block_text(&d.headers[0].blocks[0]), "SECRET");
        assert_eq!(block_text(&d.parts[0].blocks[0]), "SECRET");
        assert_eq!(d.parts[0].blocks.len(), 2);
        let twice = testing::transform(&DOCPIPE_PLUGIN, "stamp", &[("text", "SECRET")], &d)?;
        assert_eq!(twice.value, d);
        assert_eq!(
            twice.warnings,
            vec!["1 part(s) already carried the mark".to_string()]
        );
        Ok(())
    }

    #[test]
    fn place_and_empty_text_are_checked() -> std::result::Result<(), String> {
        let only_header =
            testing::transform(&DOCPIPE_PLUGIN, "stamp", &[("place", "header")], &doc())?;
        assert_eq!(only_header.value.parts[0].blocks.len(), 1);
        assert_eq!(
            block_text(&only_header.value.headers[0].blocks[0]),
            "CONFIDENTIAL"
        );
        let err = testing::transform(&DOCPIPE_PLUGIN, "stamp", &[("text", " ")], &doc()).err();
        assert_eq!(
            err.as_deref(),
            Some("stamp: option `text` must not be empty")
        );
        let err =
            testing::transform(&DOCPIPE_PLUGIN, "stamp", &[("place", "footer")], &doc()).err();
        assert!(err
            .unwrap_or_default()
            .contains("must be one of header, body, both"));
        Ok(())
    }
}
