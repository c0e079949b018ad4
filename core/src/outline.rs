//! The outline of a document: its parts, titles and nested headings, in the JSON shape
//! that `docpipe inspect --json` prints (GUIDE §2).

use serde::{Deserialize, Serialize};

use crate::model::{Block, Document};
use crate::walk::plain_text;

/// The outline of a whole file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Outline {
    /// One entry per part (report) in the file.
    pub parts: Vec<OutlinePart>,
    /// Junk text that normalisation removed.
    pub removed: Vec<String>,
    /// Warnings reported by the stages, as `stage: message`.
    pub warnings: Vec<String>,
}

/// The outline of one part.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OutlinePart {
    /// The part's title, if recognised.
    pub title: Option<String>,
    /// Top-level sections.
    pub sections: Vec<Section>,
}

/// One heading and the headings below it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Section {
    /// The heading's level.
    pub level: u8,
    /// The numbering marker as shown (`一、`), empty when unnumbered.
    pub label: String,
    /// The heading text without the marker.
    pub heading: String,
    /// Sub-sections.
    pub children: Vec<Section>,
}

impl Outline {
    /// The outline of `doc`'s headings (top-level blocks of each part), nested by level.
    pub fn of(doc: &Document) -> Outline {
        let parts = doc
            .parts
            .iter()
            .map(|p| {
                let mut roots: Vec<Section> = Vec::new();
                for b in &p.blocks {
                    if let Block::Heading(h) = b {
                        let s = Section {
                            level: h.level,
                            label: h.label.clone().unwrap_or_default(),
                            heading: plain_text(&h.content),
                            children: Vec::new(),
                        };
                        insert(&mut roots, s);
                    }
                }
                OutlinePart {
                    title: p.title.as_ref().map(|t| plain_text(t)),
                    sections: roots,
                }
            })
            .collect();
        Outline {
            parts,
            removed: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// An indented tree for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.parts.iter().enumerate() {
            if self.parts.len() > 1 {
                out.push_str(&format!("Part {}", i + 1));
                if let Some(t) = &p.title {
                    out.push_str(": ");
                    out.push_str(t);
                }
                out.push('\n');
            } else if let Some(t) = &p.title {
                out.push_str(&format!("Title: {t}\n"));
            }
            let indent = usize::from(self.parts.len() > 1);
            for s in &p.sections {
                write_section(s, indent, &mut out);
            }
        }
        if !self.removed.is_empty() {
            out.push_str(&format!("Removed ({}):\n", self.removed.len()));
            for r in &self.removed {
                out.push_str(&format!("  - {r}\n"));
            }
        }
        if !self.warnings.is_empty() {
            out.push_str(&format!("Warnings ({}):\n", self.warnings.len()));
            for w in &self.warnings {
                out.push_str(&format!("  - {w}\n"));
            }
        }
        out
    }
}

fn write_section(s: &Section, depth: usize, out: &mut String) {
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push_str(&s.label);
    if !s.label.is_empty() && !s.label.ends_with(|c: char| !c.is_ascii()) {
        out.push(' ');
    }
    out.push_str(&s.heading);
    out.push('\n');
    for c in &s.children {
        write_section(c, depth + 1, out);
    }
}

/// Inserts `s` under the last section whose level is lower, or at the top.
fn insert(siblings: &mut Vec<Section>, s: Section) {
    if let Some(last) = siblings.last_mut() {
        if s.level > last.level {
            insert(&mut last.children, s);
            return;
        }
    }
    siblings.push(s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Heading, Inline};

    fn h(level: u8, label: &str, text: &str) -> Block {
        Block::Heading(Heading {
            level,
            label: Some(label.into()),
            content: vec![Inline::text(text)],
            id: None,
        })
    }

    #[test]
    fn nests_headings_by_level() {
        let doc = Document::from_blocks(vec![
            h(1, "一、", "a"),
            h(2, "（一）", "b"),
            h(2, "（二）", "c"),
            h(1, "二、", "d"),
        ]);
        let o = Outline::of(&doc);
        assert_eq!(o.parts[0].sections.len(), 2);
        assert_eq!(o.parts[0].sections[0].children.len(), 2);
        assert_eq!(o.to_text(), "一、a\n  （一）b\n  （二）c\n二、d\n");
    }
}
