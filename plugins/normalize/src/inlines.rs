//! Cutting runs of inlines by byte offsets into their plain text, so that a paragraph
//! can be split (heading, then body) without losing its character styles or links.
//!
//! Offsets count the bytes of [`docpipe_core::walk::plain_text`]: text and code bytes,
//! one byte (`\n`) per line break, nothing for note references and images.

use docpipe_core::model::Inline;

/// The part of `inlines` whose plain text lies in `start..end`. Zero-width inlines (note
/// references, images) at offset `p` go with the slice where `start <= p < end`, or with
/// the last slice when `p` is the very end (`at_end`).
pub fn slice(inlines: &[Inline], start: usize, end: usize, at_end: bool) -> Vec<Inline> {
    // Fast path: one text run.
    if let [Inline::Text { text }] = inlines {
        return match text.get(start..end) {
            Some(t) if !t.is_empty() => vec![Inline::text(t)],
            _ => Vec::new(),
        };
    }
    let mut out = Vec::new();
    let mut pos = 0;
    slice_into(inlines, start, end, at_end, &mut pos, &mut out);
    out
}

fn slice_into(
    inlines: &[Inline],
    start: usize,
    end: usize,
    at_end: bool,
    pos: &mut usize,
    out: &mut Vec<Inline>,
) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => {
                let a = *pos;
                let b = a + text.len();
                *pos = b;
                let s = start.max(a);
                let e = end.min(b);
                if s < e {
                    if let Some(sub) = text.get(s - a..e - a) {
                        let piece = if matches!(inline, Inline::Code { .. }) {
                            Inline::Code {
                                text: sub.to_string(),
                            }
                        } else {
                            Inline::text(sub)
                        };
                        push_merged(out, piece);
                    }
                }
            }
            Inline::LineBreak {} => {
                let a = *pos;
                *pos += 1;
                if start <= a && a < end {
                    out.push(Inline::LineBreak {});
                }
            }
            Inline::NoteRef { .. } | Inline::Image(_) => {
                let a = *pos;
                if (start <= a && a < end) || (at_end && a == end) {
                    out.push(inline.clone());
                }
            }
            Inline::Styled { style, content } => {
                let mut sub = Vec::new();
                slice_into(content, start, end, at_end, pos, &mut sub);
                if !sub.is_empty() {
                    out.push(Inline::Styled {
                        style: *style,
                        content: sub,
                    });
                }
            }
            Inline::Link { target, content } => {
                let mut sub = Vec::new();
                slice_into(content, start, end, at_end, pos, &mut sub);
                if !sub.is_empty() {
                    out.push(Inline::Link {
                        target: target.clone(),
                        content: sub,
                    });
                }
            }
            Inline::Span { class, content } => {
                let mut sub = Vec::new();
                slice_into(content, start, end, at_end, pos, &mut sub);
                if !sub.is_empty() {
                    out.push(Inline::Span {
                        class: class.clone(),
                        content: sub,
                    });
                }
            }
        }
    }
}

fn push_merged(out: &mut Vec<Inline>, piece: Inline) {
    if let (Some(Inline::Text { text: last }), Inline::Text { text }) = (out.last_mut(), &piece) {
        last.push_str(text);
        return;
    }
    out.push(piece);
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::model::TextStyle;
    use docpipe_core::walk::plain_text;

    #[test]
    fn slices_keep_styles() {
        let inl = vec![
            Inline::text("一、"),
            Inline::Styled {
                style: TextStyle::Bold,
                content: vec![Inline::text("标题。正文")],
            },
            Inline::LineBreak {},
            Inline::text("尾"),
        ];
        let text = plain_text(&inl);
        let cut = text.find('。').map(|i| i + '。'.len_utf8()).unwrap_or(0);
        let head = slice(&inl, 6, cut, false);
        assert_eq!(plain_text(&head), "标题。");
        assert!(matches!(head.first(), Some(Inline::Styled { .. })));
        let rest = slice(&inl, cut, text.len(), true);
        assert_eq!(plain_text(&rest), "正文\n尾");
    }
}
