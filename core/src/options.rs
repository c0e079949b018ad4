//! Component options: a small map of named values built from `-T name:key=value,…`, from a
//! TOML pipeline file or from JSON, with typed getters that give clear errors.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// Options for one component, keyed by option name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Options(pub BTreeMap<String, Value>);

impl Options {
    /// No options.
    pub fn new() -> Options {
        Options::default()
    }

    /// Parses `key=value,key=value`. Values stay strings; getters convert them. A value
    /// may contain `=`; an empty string gives no options.
    pub fn parse_kv(component: &str, s: &str) -> Result<Options> {
        let mut map = BTreeMap::new();
        for pair in s.split(',') {
            let pair = pair.trim();
            if pair.is_empty() {
                continue;
            }
            let Some((k, v)) = pair.split_once('=') else {
                return Err(Error::option(
                    component,
                    format!("option `{pair}` must be written key=value"),
                ));
            };
            let k = k.trim();
            if k.is_empty() {
                return Err(Error::option(
                    component,
                    format!("option `{pair}` has no name"),
                ));
            }
            map.insert(k.to_string(), Value::String(v.trim().to_string()));
        }
        Ok(Options(map))
    }

    /// Options from a JSON object.
    pub fn from_json(component: &str, v: Value) -> Result<Options> {
        match v {
            Value::Object(m) => Ok(Options(m.into_iter().collect())),
            Value::Null => Ok(Options::new()),
            other => Err(Error::option(
                component,
                format!("options must be a table of key = value, not {other}"),
            )),
        }
    }

    /// Sets an option.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<Value>) {
        self.0.insert(key.into(), value.into());
    }

    /// True when `key` was given.
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Fails naming the first option not in `known`, and listing the known ones.
    pub fn check_known(&self, component: &str, known: &[&str]) -> Result<()> {
        for k in self.0.keys() {
            if !known.contains(&k.as_str()) {
                let list = if known.is_empty() {
                    "it takes no options".to_string()
                } else {
                    format!("known options: {}", known.join(", "))
                };
                return Err(Error::option(
                    component,
                    format!("unknown option `{k}` ({list})"),
                ));
            }
        }
        Ok(())
    }

    /// A string option (numbers and booleans are turned into their text).
    pub fn string(&self, component: &str, key: &str) -> Result<Option<String>> {
        match self.0.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(other) => Err(Error::option(
                component,
                format!("option `{key}` must be a string, not {other}"),
            )),
        }
    }

    /// A string option that must be one of `choices`; `default` when absent.
    pub fn choice<'a>(
        &self,
        component: &str,
        key: &str,
        choices: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str> {
        match self.string(component, key)? {
            None => Ok(default),
            Some(s) => choices.iter().copied().find(|c| *c == s).ok_or_else(|| {
                Error::option(
                    component,
                    format!(
                        "option `{key}` must be one of {}, not `{s}`",
                        choices.join(", ")
                    ),
                )
            }),
        }
    }

    /// A boolean option: `true/false`, `yes/no`, `on/off`, `1/0`; `default` when absent.
    pub fn bool(&self, component: &str, key: &str, default: bool) -> Result<bool> {
        match self.0.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::String(s)) => match s.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" | "" => Ok(true),
                "false" | "no" | "off" | "0" => Ok(false),
                _ => Err(Error::option(
                    component,
                    format!("option `{key}` must be true or false, not `{s}`"),
                )),
            },
            Some(other) => Err(Error::option(
                component,
                format!("option `{key}` must be true or false, not {other}"),
            )),
        }
    }

    /// A non-negative integer option; `default` when absent.
    pub fn u64(&self, component: &str, key: &str, default: u64) -> Result<u64> {
        match self.0.get(key) {
            None => Ok(default),
            Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
                Error::option(
                    component,
                    format!("option `{key}` must be a whole number ≥ 0"),
                )
            }),
            Some(Value::String(s)) => s.trim().parse().map_err(|_| {
                Error::option(
                    component,
                    format!("option `{key}` must be a whole number ≥ 0, not `{s}`"),
                )
            }),
            Some(other) => Err(Error::option(
                component,
                format!("option `{key}` must be a whole number, not {other}"),
            )),
        }
    }

    /// A list option: a JSON/TOML array of strings, or a string split on `|` (the CLI
    /// form, since `,` separates options there: `types=PERSON|PLACE`).
    pub fn list(&self, component: &str, key: &str) -> Result<Option<Vec<String>>> {
        match self.0.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(
                s.split(['|', ';'])
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect(),
            )),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(Error::option(
                        component,
                        format!("option `{key}` must list strings, not {other}"),
                    )),
                })
                .collect::<Result<Vec<_>>>()
                .map(Some),
            Some(other) => Err(Error::option(
                component,
                format!("option `{key}` must be a list, not {other}"),
            )),
        }
    }

    /// The options as a JSON object (for plugins across the ABI).
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.clone().into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_values() -> Result<()> {
        let o = Options::parse_kv("t", "strategy=mask, types=PERSON|PLACE,flag=yes")?;
        assert_eq!(o.string("t", "strategy")?.as_deref(), Some("mask"));
        assert_eq!(
            o.list("t", "types")?,
            Some(vec!["PERSON".to_string(), "PLACE".to_string()])
        );
        assert!(o.bool("t", "flag", false)?);
        o.check_known("t", &["strategy", "types", "flag"])?;
        Ok(())
    }

    #[test]
    fn rejects_malformed_and_unknown() {
        assert!(Options::parse_kv("t", "novalue").is_err());
        assert!(Options::parse_kv("t", "=x").is_err());
        let o = Options::parse_kv("t", "a=1").unwrap_or_default();
        let err = o.check_known("t", &["b"]).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("t: unknown option `a` (known options: b)")
        );
        assert!(o.choice("t", "a", &["x"], "x").is_err());
        assert_eq!(o.u64("t", "a", 0).ok(), Some(1));
    }
}
