//! Which style id the document uses for each role: ours, or the template's when a
//! reference DOCX defines a style of the same built-in name.

use std::collections::HashMap;

use crate::layout::{Layout, StyleDef, XML_DECL};
use crate::template::TemplateStyle;

/// Our style ids mapped to the ids written in the document.
#[derive(Debug, Clone, Default)]
pub struct StyleMap {
    map: HashMap<&'static str, String>,
}

impl StyleMap {
    /// The id to write for our style `id`.
    pub fn id<'s>(&'s self, id: &'s str) -> &'s str {
        self.map.get(id).map(String::as_str).unwrap_or(id)
    }
}

/// Builds `styles.xml`: ours for `layout`, or the template's (`template_xml`, with its
/// style list `template_styles`) with our definitions appended for roles it lacks.
pub fn build(layout: &Layout, template: Option<(&str, &[TemplateStyle])>) -> (String, StyleMap) {
    let Some((xml, tstyles)) = template else {
        return (layout.styles_xml(), StyleMap::default());
    };
    let defs = layout.style_defs();
    let mut map = StyleMap::default();
    let mut missing: Vec<&StyleDef> = Vec::new();
    for def in &defs {
        let found = tstyles
            .iter()
            .find(|t| t.kind == def.kind && t.name.eq_ignore_ascii_case(def.name))
            .or_else(|| {
                tstyles
                    .iter()
                    .find(|t| t.kind == def.kind && t.id == def.id)
            });
        match found {
            Some(t) => {
                map.map.insert(def.id, t.id.clone());
            }
            None => missing.push(def),
        }
    }
    let taken: Vec<&str> = tstyles.iter().map(|t| t.id.as_str()).collect();
    // A missing role whose id the template uses for something else gets a fresh id.
    for def in &missing {
        if taken.contains(&def.id) {
            map.map.insert(def.id, format!("Docpipe{}", def.id));
        }
    }
    let mut appended = String::new();
    for def in missing {
        def.push_xml(&mut appended, &|id| map.id(id).to_string());
    }
    let out = match xml.rfind("</w:styles>") {
        Some(pos) => {
            let mut s = String::with_capacity(xml.len() + appended.len());
            s.push_str(&xml[..pos]);
            s.push_str(&appended);
            s.push_str(&xml[pos..]);
            s
        }
        None => {
            let mut s = String::from(XML_DECL);
            s.push_str("<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">");
            s.push_str(&layout.doc_defaults());
            s.push_str(&appended);
            s.push_str("</w:styles>");
            s
        }
    };
    (out, map)
}
