//! Reading the internally tagged enums [`Block`] and [`Inline`] without buffering.
//!
//! serde's derived code for `#[serde(tag = "type")]` first copies every object into an
//! in-memory tree and then reads it again; nested blocks and inlines are copied once per
//! level, which made parsing the JSON form the slowest stage of a `json → docx` run.
//! docpipe writes `"type"` as the first key, so these impls read the tag first and hand
//! the rest of the object straight to the variant's own (derived, `deny_unknown_fields`)
//! reader. An object whose `"type"` comes later (hand-written JSON) still works: it takes
//! the buffered path through `serde_json::Value`.
//!
//! The accepted input and the error messages are those of the derived code; the JSON
//! Schema and the writer still come from the derives on the types themselves.

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::{Block, Heading, Image, Inline, List, Paragraph, Table, TextStyle};

/// The first key of an object: `None` when it is `"type"`, else the key itself.
struct FirstKey(Option<String>);

impl<'de> Deserialize<'de> for FirstKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FirstKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FirstKey, E> {
                Ok(FirstKey((v != "type").then(|| v.to_owned())))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// Reads an object of one of the two tagged enums: the tag first when it comes first,
/// else the whole object buffered.
trait Tagged: Sized {
    /// The enum's tag type (a derived identifier enum, so unknown tags are reported with
    /// the list of known ones, as the derived code did).
    type Tag: DeserializeOwned;
    /// What the enum is called in "expected …" messages.
    const EXPECTING: &'static str;
    /// Reads the variant `tag` from the rest of the object.
    fn variant<'de, D: Deserializer<'de>>(tag: Self::Tag, rest: D) -> Result<Self, D::Error>;
}

struct TaggedVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Tagged> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match map.next_key::<FirstKey>()? {
            None => Err(de::Error::missing_field("type")),
            Some(FirstKey(None)) => {
                let tag: T::Tag = map.next_value()?;
                T::variant(tag, MapAccessDeserializer::new(map))
            }
            Some(FirstKey(Some(first))) => {
                // Slow path: "type" is not the first key. Buffer the object, take the
                // tag out and read the variant from what is left.
                let mut object = serde_json::Map::new();
                let value: serde_json::Value = map.next_value()?;
                object.insert(first, value);
                while let Some(key) = map.next_key::<String>()? {
                    let value: serde_json::Value = map.next_value()?;
                    if object.insert(key.clone(), value).is_some() {
                        return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
                    }
                }
                let tag = object
                    .remove("type")
                    .ok_or_else(|| de::Error::missing_field("type"))?;
                let tag = T::Tag::deserialize(tag).map_err(de::Error::custom)?;
                T::variant(tag, serde_json::Value::Object(object).into_deserializer())
                    .map_err(de::Error::custom)
            }
        }
    }
}

/// The `"type"` values of [`Block`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum BlockTag {
    Heading,
    Paragraph,
    List,
    Table,
    Quote,
    Code,
    Rule,
    PageBreak,
    Image,
    Div,
}

/// Fields of [`Block::Quote`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteFields {
    blocks: Vec<Block>,
}

/// Fields of [`Block::Code`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeBlockFields {
    text: String,
    #[serde(default)]
    language: Option<String>,
}

/// Fields of [`Block::Div`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DivFields {
    #[serde(default)]
    class: Option<String>,
    blocks: Vec<Block>,
}

/// The (absent) fields of [`Block::Rule`], [`Block::PageBreak`] and [`Inline::LineBreak`]:
/// any field is refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoFields {}

impl Tagged for Block {
    type Tag = BlockTag;
    const EXPECTING: &'static str = "a block object with a \"type\"";

    fn variant<'de, D: Deserializer<'de>>(tag: BlockTag, rest: D) -> Result<Self, D::Error> {
        Ok(match tag {
            BlockTag::Heading => Block::Heading(Heading::deserialize(rest)?),
            BlockTag::Paragraph => Block::Paragraph(Paragraph::deserialize(rest)?),
            BlockTag::List => Block::List(List::deserialize(rest)?),
            BlockTag::Table => Block::Table(Table::deserialize(rest)?),
            BlockTag::Quote => Block::Quote {
                blocks: QuoteFields::deserialize(rest)?.blocks,
            },
            BlockTag::Code => {
                let f = CodeBlockFields::deserialize(rest)?;
                Block::Code {
                    text: f.text,
                    language: f.language,
                }
            }
            BlockTag::Rule => {
                NoFields::deserialize(rest)?;
                Block::Rule {}
            }
            BlockTag::PageBreak => {
                NoFields::deserialize(rest)?;
                Block::PageBreak {}
            }
            BlockTag::Image => Block::Image(Image::deserialize(rest)?),
            BlockTag::Div => {
                let f = DivFields::deserialize(rest)?;
                Block::Div {
                    class: f.class,
                    blocks: f.blocks,
                }
            }
        })
    }
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TaggedVisitor::<Block>(std::marker::PhantomData))
    }
}

/// The `"type"` values of [`Inline`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum InlineTag {
    Text,
    Styled,
    Code,
    Link,
    LineBreak,
    NoteRef,
    Image,
    Span,
}

/// Fields of [`Inline::Text`] and [`Inline::Code`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextFields {
    text: String,
}

/// Fields of [`Inline::Styled`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StyledFields {
    style: TextStyle,
    content: Vec<Inline>,
}

/// Fields of [`Inline::Link`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkFields {
    target: String,
    content: Vec<Inline>,
}

/// Fields of [`Inline::NoteRef`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteRefFields {
    id: String,
}

/// Fields of [`Inline::Span`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpanFields {
    class: String,
    content: Vec<Inline>,
}

impl Tagged for Inline {
    type Tag = InlineTag;
    const EXPECTING: &'static str = "an inline object with a \"type\"";

    fn variant<'de, D: Deserializer<'de>>(tag: InlineTag, rest: D) -> Result<Self, D::Error> {
        Ok(match tag {
            InlineTag::Text => Inline::Text {
                text: TextFields::deserialize(rest)?.text,
            },
            InlineTag::Styled => {
                let f = StyledFields::deserialize(rest)?;
                Inline::Styled {
                    style: f.style,
                    content: f.content,
                }
            }
            InlineTag::Code => Inline::Code {
                text: TextFields::deserialize(rest)?.text,
            },
            InlineTag::Link => {
                let f = LinkFields::deserialize(rest)?;
                Inline::Link {
                    target: f.target,
                    content: f.content,
                }
            }
            InlineTag::LineBreak => {
                NoFields::deserialize(rest)?;
                Inline::LineBreak {}
            }
            InlineTag::NoteRef => Inline::NoteRef {
                id: NoteRefFields::deserialize(rest)?.id,
            },
            InlineTag::Image => Inline::Image(Image::deserialize(rest)?),
            InlineTag::Span => {
                let f = SpanFields::deserialize(rest)?;
                Inline::Span {
                    class: f.class,
                    content: f.content,
                }
            }
        })
    }
}

impl<'de> Deserialize<'de> for Inline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TaggedVisitor::<Inline>(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(s: &str) -> Result<Block, serde_json::Error> {
        serde_json::from_str(s)
    }

    fn inline(s: &str) -> Result<Inline, serde_json::Error> {
        serde_json::from_str(s)
    }

    #[test]
    fn tag_first_and_tag_later_read_the_same() -> Result<(), serde_json::Error> {
        let a = block(
            r#"{"type":"heading","level":2,"label":"（一）","content":[{"type":"text","text":"x"}]}"#,
        )?;
        let b = block(
            r#"{"content":[{"text":"x","type":"text"}],"level":2,"type":"heading","label":"（一）"}"#,
        )?;
        assert_eq!(a, b);
        assert_eq!(
            a,
            Block::Heading(Heading {
                level: 2,
                label: Some("（一）".into()),
                content: vec![Inline::text("x")],
                id: None,
            })
        );
        let c = block(r#"{"type":"div","class":"textbox","blocks":[{"type":"rule"}]}"#)?;
        let d = block(r#"{"blocks":[{"type":"rule"}],"type":"div","class":"textbox"}"#)?;
        assert_eq!(c, d);
        Ok(())
    }

    #[test]
    fn every_variant_reads_back_what_the_writer_wrote() -> Result<(), serde_json::Error> {
        let inlines = vec![
            Inline::text("t"),
            Inline::Styled {
                style: TextStyle::Bold,
                content: vec![Inline::text("b")],
            },
            Inline::Code { text: "c".into() },
            Inline::Link {
                target: "https://example.invalid".into(),
                content: vec![Inline::text("l")],
            },
            Inline::LineBreak {},
            Inline::NoteRef { id: "n1".into() },
            Inline::Image(Image {
                resource: "r".into(),
                ..Image::default()
            }),
            Inline::Span {
                class: "deleted".into(),
                content: vec![],
            },
        ];
        let blocks = vec![
            Block::Paragraph(Paragraph {
                content: inlines,
                align: None,
            }),
            Block::Quote { blocks: vec![] },
            Block::Code {
                text: "x".into(),
                language: Some("rust".into()),
            },
            Block::Rule {},
            Block::PageBreak {},
            Block::Div {
                class: None,
                blocks: vec![Block::Rule {}],
            },
            Block::List(List::default()),
            Block::Table(Table::default()),
        ];
        let json = serde_json::to_string(&blocks)?;
        let back: Vec<Block> = serde_json::from_str(&json)?;
        assert_eq!(back, blocks);
        Ok(())
    }

    #[test]
    fn bad_objects_are_refused_with_the_reason() {
        let unknown_field = block(r#"{"type":"rule","colour":"red"}"#);
        assert!(
            matches!(unknown_field, Err(e) if e.to_string().contains("unknown field `colour`"))
        );
        let late_unknown = block(r#"{"colour":"red","type":"rule"}"#);
        assert!(matches!(late_unknown, Err(e) if e.to_string().contains("unknown field `colour`")));
        let unknown_type = inline(r#"{"type":"blink","text":"x"}"#);
        assert!(
            matches!(unknown_type, Err(e) if e.to_string().contains("unknown variant `blink`"))
        );
        let no_type = inline(r#"{"text":"x"}"#);
        assert!(matches!(no_type, Err(e) if e.to_string().contains("missing field `type`")));
        let empty = inline("{}");
        assert!(matches!(empty, Err(e) if e.to_string().contains("missing field `type`")));
        let missing = inline(r#"{"type":"text"}"#);
        assert!(matches!(missing, Err(e) if e.to_string().contains("missing field `text`")));
        let not_object = block("[1]");
        assert!(not_object.is_err());
        let duplicate = block(r#"{"blocks":[],"blocks":[],"type":"quote"}"#);
        assert!(matches!(duplicate, Err(e) if e.to_string().contains("duplicate field")));
    }

    #[test]
    fn errors_keep_their_position() {
        let err =
            block("{\"type\":\"paragraph\",\n\"content\":[{\"type\":\"text\",\n\"txt\":\"x\"}]}");
        assert!(matches!(err, Err(e) if e.line() == 3));
    }
}
