//! Property test: reading back the JSON form of any document gives the same document,
//! in both the compact and the indented form. The generated documents cover every block
//! and inline variant (nested), metadata, parts, headers, footers, notes, comments and
//! resources, with arbitrary Unicode text (controls, quotes, surrogate-pair characters).

use std::collections::BTreeMap;

use docpipe_core::json;
use docpipe_core::model::*;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Any characters at all, including controls and astral-plane ones.
        prop::collection::vec(any::<char>(), 0..8).prop_map(String::from_iter),
        // Readable Chinese/Latin text with JSON-significant characters.
        "[一二三总体情况报告a-zA-Z0-9 \"\\\\/\\n\\t{}:,]{0,12}",
    ]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

fn image() -> impl Strategy<Value = Image> {
    (
        text(),
        text(),
        prop::option::of(any::<u32>()),
        prop::option::of(any::<u32>()),
    )
        .prop_map(|(resource, alt, width, height)| Image {
            resource,
            alt,
            width,
            height,
        })
}

fn style() -> impl Strategy<Value = TextStyle> {
    prop_oneof![
        Just(TextStyle::Bold),
        Just(TextStyle::Italic),
        Just(TextStyle::Underline),
        Just(TextStyle::Strike),
        Just(TextStyle::Superscript),
        Just(TextStyle::Subscript),
    ]
}

fn inline() -> impl Strategy<Value = Inline> {
    let leaf = prop_oneof![
        text().prop_map(|text| Inline::Text { text }),
        text().prop_map(|text| Inline::Code { text }),
        Just(Inline::LineBreak {}),
        text().prop_map(|id| Inline::NoteRef { id }),
        image().prop_map(Inline::Image),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let content = prop::collection::vec(inner, 0..4);
        prop_oneof![
            (style(), content.clone())
                .prop_map(|(style, content)| Inline::Styled { style, content }),
            (text(), content.clone())
                .prop_map(|(target, content)| Inline::Link { target, content }),
            (text(), content).prop_map(|(class, content)| Inline::Span { class, content }),
        ]
    })
}

fn inlines() -> impl Strategy<Value = Vec<Inline>> {
    prop::collection::vec(inline(), 0..4)
}

fn align() -> impl Strategy<Value = Option<Align>> {
    prop::option::of(prop_oneof![
        Just(Align::Left),
        Just(Align::Center),
        Just(Align::Right),
        Just(Align::Justify),
    ])
}

fn block() -> impl Strategy<Value = Block> {
    let leaf = prop_oneof![
        (any::<u8>(), opt_text(), inlines(), opt_text()).prop_map(|(level, label, content, id)| {
            Block::Heading(Heading {
                level,
                label,
                content,
                id,
            })
        }),
        (inlines(), align())
            .prop_map(|(content, align)| Block::Paragraph(Paragraph { content, align })),
        (text(), opt_text()).prop_map(|(text, language)| Block::Code { text, language }),
        Just(Block::Rule {}),
        Just(Block::PageBreak {}),
        image().prop_map(Block::Image),
    ];
    leaf.prop_recursive(3, 32, 4, |inner| {
        let blocks = prop::collection::vec(inner, 0..3);
        let cell =
            (any::<u32>(), any::<u32>(), blocks.clone()).prop_map(|(colspan, rowspan, blocks)| {
                Cell {
                    colspan,
                    rowspan,
                    blocks,
                }
            });
        let row = prop::collection::vec(cell, 0..3).prop_map(|cells| Row { cells });
        let item =
            (opt_text(), blocks.clone()).prop_map(|(label, blocks)| ListItem { label, blocks });
        prop_oneof![
            (
                any::<bool>(),
                prop::option::of(any::<u32>()),
                prop::collection::vec(item, 0..3)
            )
                .prop_map(|(ordered, start, items)| Block::List(List {
                    ordered,
                    start,
                    items
                })),
            (
                prop::option::of(inlines()),
                any::<u32>(),
                prop::collection::vec(row, 0..3)
            )
                .prop_map(|(caption, header_rows, rows)| Block::Table(Table {
                    caption,
                    header_rows,
                    rows,
                })),
            blocks.clone().prop_map(|blocks| Block::Quote { blocks }),
            (opt_text(), blocks).prop_map(|(class, blocks)| Block::Div { class, blocks }),
        ]
    })
}

fn blocks() -> impl Strategy<Value = Vec<Block>> {
    prop::collection::vec(block(), 0..4)
}

fn metadata() -> impl Strategy<Value = Metadata> {
    let strings = || prop::collection::vec(text(), 0..3);
    (
        (opt_text(), opt_text(), strings(), opt_text(), opt_text()),
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (strings(), opt_text(), opt_text(), opt_text()),
        prop::collection::btree_map(text(), text(), 0..3),
    )
        .prop_map(
            |(
                (title, subtitle, authors, last_modified_by, created),
                (modified, language, source, subject, description),
                (keywords, company, manager, application),
                custom,
            ): (_, _, _, BTreeMap<String, String>)| Metadata {
                title,
                subtitle,
                authors,
                last_modified_by,
                created,
                modified,
                language,
                source,
                subject,
                description,
                keywords,
                company,
                manager,
                application,
                custom,
            },
        )
}

fn header_footer() -> impl Strategy<Value = HeaderFooter> {
    (
        prop_oneof![
            Just(HeaderFooterKind::Default),
            Just(HeaderFooterKind::First),
            Just(HeaderFooterKind::Even),
        ],
        blocks(),
    )
        .prop_map(|(kind, blocks)| HeaderFooter { kind, blocks })
}

fn note() -> impl Strategy<Value = Note> {
    (
        text(),
        prop_oneof![Just(NoteKind::Footnote), Just(NoteKind::Endnote)],
        blocks(),
    )
        .prop_map(|(id, kind, blocks)| Note { id, kind, blocks })
}

fn comment() -> impl Strategy<Value = Comment> {
    (
        text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        blocks(),
    )
        .prop_map(|(id, author, initials, date, anchor, blocks)| Comment {
            id,
            author,
            initials,
            date,
            anchor,
            blocks,
        })
}

fn resource() -> impl Strategy<Value = Resource> {
    (text(), text(), prop::collection::vec(any::<u8>(), 0..40)).prop_map(
        |(id, media_type, data)| Resource {
            id,
            media_type,
            data,
        },
    )
}

fn document() -> impl Strategy<Value = Document> {
    let part =
        (prop::option::of(inlines()), blocks()).prop_map(|(title, blocks)| Part { title, blocks });
    (
        metadata(),
        prop::collection::vec(part, 0..3),
        prop::collection::vec(header_footer(), 0..2),
        prop::collection::vec(header_footer(), 0..2),
        prop::collection::vec(note(), 0..3),
        prop::collection::vec(comment(), 0..2),
        prop::collection::vec(resource(), 0..2),
    )
        .prop_map(
            |(meta, parts, headers, footers, notes, comments, resources)| Document {
                docpipe: FormatVersion::default(),
                meta,
                parts,
                headers,
                footers,
                notes,
                comments,
                resources,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn compact_json_round_trips_exactly(doc in document()) {
        let bytes = json::to_vec(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(bytes.starts_with(b"{\"docpipe\":1"), "version key must come first");
        let back = json::from_slice(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &doc);
        // Writing the read-back document gives the same bytes.
        let again = json::to_vec(&back).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, bytes);
    }

    #[test]
    fn pretty_json_round_trips_exactly(doc in document()) {
        let bytes = json::to_vec_pretty(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(bytes.starts_with(b"{\n  \"docpipe\": 1"), "version key must come first");
        let back = json::from_slice(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, doc);
    }

    #[test]
    fn a_newer_version_is_refused_with_a_clear_error(doc in document(), v in 2u32..1000) {
        let mut value = serde_json::to_value(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        value["docpipe"] = serde_json::Value::from(v);
        let bytes = serde_json::to_vec(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let err = json::from_slice(&bytes).err().map(|e| e.to_string()).unwrap_or_default();
        let want = format!("version {v} is not supported");
        prop_assert!(err.contains(&want), "{}", err);
    }
}

#[test]
fn unknown_fields_are_refused_at_every_level() {
    for src in [
        r#"{"docpipe":1,"parts":[],"extra":true}"#,
        r#"{"docpipe":1,"meta":{"titel":"x"}}"#,
        r#"{"docpipe":1,"parts":[{"blocks":[],"subtitle":[]}]}"#,
        r#"{"docpipe":1,"parts":[{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"a","bold":true}]}]}]}"#,
        r#"{"docpipe":1,"parts":[{"blocks":[{"type":"table","rows":[{"cells":[{"blocks":[],"width":3}]}]}]}]}"#,
        r#"{"docpipe":1,"notes":[{"id":"1","blocks":[],"number":1}]}"#,
        r#"{"docpipe":1,"resources":[{"id":"1","media_type":"image/png","data":"AA==","name":"x"}]}"#,
        r#"{"docpipe":1,"parts":[{"blocks":[{"type":"sidebar","blocks":[]}]}]}"#,
    ] {
        let err = json::from_slice(src.as_bytes())
            .err()
            .map(|e| e.to_string());
        let Some(err) = err else {
            panic!("accepted {src}");
        };
        assert!(err.contains("line 1, column"), "{err}");
    }
}

/// The field-less variants (`rule`, `page_break`, `line_break`) refuse unknown fields like
/// every other element: serde would let true unit variants of an internally tagged enum
/// ignore them, which is why the model writes them as empty struct variants.
#[test]
fn unknown_fields_on_field_less_variants_are_refused() {
    for src in [
        r#"{"docpipe":1,"parts":[{"blocks":[{"type":"rule","x":1}]}]}"#,
        r#"{"docpipe":1,"parts":[{"blocks":[{"type":"page_break","x":1}]}]}"#,
        r#"{"docpipe":1,"parts":[{"blocks":[{"type":"paragraph","content":[{"type":"line_break","x":1}]}]}]}"#,
    ] {
        assert!(json::from_slice(src.as_bytes()).is_err(), "accepted {src}");
    }
}
