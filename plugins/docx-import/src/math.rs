//! OMML (Office Math) as linear text: `(a)/(b)`, `x^(2)`, `√(x)`, `∑_(i=1)^(n) …`.

use crate::error::DocxError;
use crate::xml::{attr, local, Ev, Xml};

#[derive(Default)]
struct Out {
    text: String,
    /// Character properties found in a `*Pr` child: (`chr`, `begChr`, …, value).
    props: Vec<(Vec<u8>, String)>,
}

/// Reads the math element whose `Start` was just read and returns it as linear text.
pub(crate) fn linear(x: &mut Xml<'_>, name: &[u8]) -> Result<String, DocxError> {
    Ok(node(x, name)?.text)
}

fn wrap(s: &str) -> String {
    if s.chars().count() <= 1 {
        s.to_string()
    } else {
        format!("({s})")
    }
}

fn node(x: &mut Xml<'_>, name: &[u8]) -> Result<Out, DocxError> {
    let mut children: Vec<(Vec<u8>, Out)> = Vec::new();
    let mut text = String::new();
    let mut props: Vec<(Vec<u8>, String)> = Vec::new();
    loop {
        match x.next()? {
            Ev::Start(e) => {
                let n = local(&e).to_vec();
                if n.ends_with(b"Pr") && n != b"mPr" || n == b"ctrlPr" || n == b"rPr" {
                    if let Some(v) = attr(&e, b"val") {
                        props.push((n.clone(), v));
                    }
                    let inner = node(x, &n)?;
                    props.extend(inner.props);
                    continue;
                }
                if matches!(n.as_slice(), b"chr" | b"begChr" | b"endChr" | b"sepChr") {
                    props.push((n.clone(), attr(&e, b"val").unwrap_or_default()));
                }
                let child = node(x, &n)?;
                children.push((n, child));
            }
            Ev::Text(t) => {
                if name == b"t" {
                    text.push_str(&t.get());
                }
            }
            Ev::End | Ev::Eof => break,
        }
    }
    let get = |key: &[u8]| -> Option<String> {
        children
            .iter()
            .find(|(n, _)| n == key)
            .map(|(_, o)| o.text.clone())
    };
    let prop = |key: &[u8]| -> Option<String> {
        props.iter().find(|(n, _)| n == key).map(|(_, v)| v.clone())
    };
    let all = |key: &[u8]| -> Vec<String> {
        children
            .iter()
            .filter(|(n, _)| n == key)
            .map(|(_, o)| o.text.clone())
            .collect()
    };
    let concat = || -> String { children.iter().map(|(_, o)| o.text.as_str()).collect() };
    let out = match name {
        b"t" => text,
        b"f" => format!(
            "{}/{}",
            wrap(&get(b"num").unwrap_or_default()),
            wrap(&get(b"den").unwrap_or_default())
        ),
        b"sSup" => format!(
            "{}^{}",
            get(b"e").unwrap_or_default(),
            wrap(&get(b"sup").unwrap_or_default())
        ),
        b"sSub" => format!(
            "{}_{}",
            get(b"e").unwrap_or_default(),
            wrap(&get(b"sub").unwrap_or_default())
        ),
        b"sSubSup" => format!(
            "{}_{}^{}",
            get(b"e").unwrap_or_default(),
            wrap(&get(b"sub").unwrap_or_default()),
            wrap(&get(b"sup").unwrap_or_default())
        ),
        b"sPre" => format!(
            "_{}^{}{}",
            wrap(&get(b"sub").unwrap_or_default()),
            wrap(&get(b"sup").unwrap_or_default()),
            get(b"e").unwrap_or_default()
        ),
        b"rad" => {
            let deg = get(b"deg").unwrap_or_default();
            let e = get(b"e").unwrap_or_default();
            if deg.is_empty() {
                format!("√{}", wrap(&e))
            } else {
                format!("√[{deg}]{}", wrap(&e))
            }
        }
        b"d" => {
            let beg = prop(b"begChr").unwrap_or_else(|| "(".into());
            let end = prop(b"endChr").unwrap_or_else(|| ")".into());
            let sep = prop(b"sepChr").unwrap_or_else(|| "|".into());
            format!("{beg}{}{end}", all(b"e").join(&sep))
        }
        b"nary" => {
            let op = prop(b"chr").unwrap_or_else(|| "∫".into());
            let sub = get(b"sub").unwrap_or_default();
            let sup = get(b"sup").unwrap_or_default();
            let mut s = op;
            if !sub.is_empty() {
                s.push('_');
                s.push_str(&wrap(&sub));
            }
            if !sup.is_empty() {
                s.push('^');
                s.push_str(&wrap(&sup));
            }
            s.push(' ');
            s.push_str(&get(b"e").unwrap_or_default());
            s
        }
        b"func" => format!(
            "{} {}",
            get(b"fName").unwrap_or_default(),
            get(b"e").unwrap_or_default()
        ),
        b"acc" | b"groupChr" => {
            let c = prop(b"chr").unwrap_or_default();
            format!("{}{c}", get(b"e").unwrap_or_default())
        }
        b"limLow" => format!(
            "{}_{}",
            get(b"e").unwrap_or_default(),
            wrap(&get(b"lim").unwrap_or_default())
        ),
        b"limUpp" => format!(
            "{}^{}",
            get(b"e").unwrap_or_default(),
            wrap(&get(b"lim").unwrap_or_default())
        ),
        b"eqArr" => all(b"e").join("; "),
        b"m" => {
            let rows: Vec<String> = children
                .iter()
                .filter(|(n, _)| n == b"mr")
                .map(|(_, o)| o.text.clone())
                .collect();
            format!("[{}]", rows.join("; "))
        }
        b"mr" => all(b"e").join(", "),
        b"oMathPara" => all(b"oMath").join("\n"),
        _ => concat(),
    };
    Ok(Out { text: out, props })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_powers_and_roots() -> Result<(), DocxError> {
        let xml = r#"<m:oMath xmlns:m="m"><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num><m:den><m:r><m:t>b+c</m:t></m:r></m:den></m:f><m:r><m:t>=</m:t></m:r><m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup><m:rad><m:radPr><m:degHide m:val="1"/></m:radPr><m:deg/><m:e><m:r><m:t>y</m:t></m:r></m:e></m:rad></m:oMath>"#;
        let mut x = Xml::new(xml.as_bytes(), "m", 64);
        let Ev::Start(_) = x.next()? else {
            panic!("start")
        };
        assert_eq!(linear(&mut x, b"oMath")?, "a/(b+c)=x^2√y");
        Ok(())
    }
}
