//! The registry of named components. Built-in plugins register here at start-up; native
//! and external plugins register through the same calls, so the CLI sees no difference.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Error, Kind, Result};
use crate::options::Options;
use crate::stage::{Exporter, Importer, Transform};

/// Where a component came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Origin {
    /// Compiled into docpipe.
    BuiltIn,
    /// A native shared library loaded at run time.
    Native {
        /// The library's path.
        path: String,
    },
    /// An external program speaking JSON over stdio.
    Program {
        /// The program's path.
        path: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built-in"),
            Origin::Native { path } => write!(f, "native {path}"),
            Origin::Program { path } => write!(f, "program {path}"),
        }
    }
}

/// One option a component accepts, for `docpipe plugins` and the docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionInfo {
    /// The option's name.
    pub name: String,
    /// What it does and which values it takes.
    pub description: String,
    /// The default, as text, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

impl OptionInfo {
    /// An option description.
    pub fn new(name: &str, description: &str, default: Option<&str>) -> OptionInfo {
        OptionInfo {
            name: name.into(),
            description: description.into(),
            default: default.map(String::from),
        }
    }
}

/// What the registry knows about a component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentInfo {
    /// Importer, transform or exporter.
    pub kind: Kind,
    /// The name used on the command line (`txt`, `normalize`, …).
    pub name: String,
    /// One line saying what it does.
    pub description: String,
    /// The component's version.
    pub version: String,
    /// Where it came from.
    pub origin: Origin,
    /// The options it accepts.
    pub options: Vec<OptionInfo>,
    /// File extensions (without the dot) this importer reads or exporter writes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// For exporters: true when the output is binary (refused on a terminal).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub binary: bool,
}

impl ComponentInfo {
    /// A built-in component description with this crate's version.
    pub fn builtin(kind: Kind, name: &str, description: &str) -> ComponentInfo {
        ComponentInfo {
            kind,
            name: name.into(),
            description: description.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            origin: Origin::BuiltIn,
            options: Vec::new(),
            extensions: Vec::new(),
            binary: false,
        }
    }

    /// Adds the options it accepts.
    pub fn with_options(mut self, options: Vec<OptionInfo>) -> ComponentInfo {
        self.options = options;
        self
    }

    /// Adds the file extensions it handles.
    pub fn with_extensions(mut self, extensions: &[&str]) -> ComponentInfo {
        self.extensions = extensions.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Marks an exporter's output as binary.
    pub fn binary(mut self) -> ComponentInfo {
        self.binary = true;
        self
    }

    /// The option names, for [`Options::check_known`].
    pub fn option_names(&self) -> Vec<&str> {
        self.options.iter().map(|o| o.name.as_str()).collect()
    }
}

/// Makes an importer from its options.
pub type ImporterFactory = Arc<dyn Fn(&Options) -> Result<Box<dyn Importer>> + Send + Sync>;
/// Makes a transform from its options.
pub type TransformFactory = Arc<dyn Fn(&Options) -> Result<Box<dyn Transform>> + Send + Sync>;
/// Makes an exporter from its options.
pub type ExporterFactory = Arc<dyn Fn(&Options) -> Result<Box<dyn Exporter>> + Send + Sync>;

/// A factory of any kind.
#[derive(Clone)]
pub enum Factory {
    /// Makes importers.
    Importer(ImporterFactory),
    /// Makes transforms.
    Transform(TransformFactory),
    /// Makes exporters.
    Exporter(ExporterFactory),
}

impl Factory {
    fn kind(&self) -> Kind {
        match self {
            Factory::Importer(_) => Kind::Importer,
            Factory::Transform(_) => Kind::Transform,
            Factory::Exporter(_) => Kind::Exporter,
        }
    }
}

/// How to treat a component whose kind and name are already registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnClash {
    /// Refuse with [`Error::Clash`] (the default).
    #[default]
    Refuse,
    /// The new component replaces the old one.
    Replace,
}

/// The named components available to pipelines.
#[derive(Clone, Default)]
pub struct Registry {
    entries: Vec<(ComponentInfo, Factory)>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Registers a component, refusing a clash.
    pub fn register(&mut self, info: ComponentInfo, factory: Factory) -> Result<()> {
        self.register_with(info, factory, OnClash::Refuse)
    }

    /// Registers a component, treating a clash as `on_clash` says.
    pub fn register_with(
        &mut self,
        mut info: ComponentInfo,
        factory: Factory,
        on_clash: OnClash,
    ) -> Result<()> {
        info.kind = factory.kind();
        if let Some(pos) = self
            .entries
            .iter()
            .position(|(i, _)| i.kind == info.kind && i.name == info.name)
        {
            match on_clash {
                OnClash::Refuse => {
                    return Err(Error::Clash {
                        kind: info.kind,
                        name: info.name,
                        existing_origin: self.entries[pos].0.origin.to_string(),
                        new_origin: info.origin.to_string(),
                    })
                }
                OnClash::Replace => {
                    self.entries[pos] = (info, factory);
                    return Ok(());
                }
            }
        }
        self.entries.push((info, factory));
        Ok(())
    }

    /// Registers an importer made by `make`.
    pub fn add_importer<F>(&mut self, info: ComponentInfo, make: F) -> Result<()>
    where
        F: Fn(&Options) -> Result<Box<dyn Importer>> + Send + Sync + 'static,
    {
        self.register(info, Factory::Importer(Arc::new(make)))
    }

    /// Registers a transform made by `make`.
    pub fn add_transform<F>(&mut self, info: ComponentInfo, make: F) -> Result<()>
    where
        F: Fn(&Options) -> Result<Box<dyn Transform>> + Send + Sync + 'static,
    {
        self.register(info, Factory::Transform(Arc::new(make)))
    }

    /// Registers an exporter made by `make`.
    pub fn add_exporter<F>(&mut self, info: ComponentInfo, make: F) -> Result<()>
    where
        F: Fn(&Options) -> Result<Box<dyn Exporter>> + Send + Sync + 'static,
    {
        self.register(info, Factory::Exporter(Arc::new(make)))
    }

    /// Every registered component, in registration order.
    pub fn components(&self) -> impl Iterator<Item = &ComponentInfo> {
        self.entries.iter().map(|(i, _)| i)
    }

    /// The component of `kind` called `name`.
    pub fn info(&self, kind: Kind, name: &str) -> Option<&ComponentInfo> {
        self.find(kind, name).map(|(i, _)| i)
    }

    fn find(&self, kind: Kind, name: &str) -> Option<&(ComponentInfo, Factory)> {
        self.entries
            .iter()
            .find(|(i, _)| i.kind == kind && i.name == name)
    }

    fn lookup(&self, kind: Kind, name: &str) -> Result<&(ComponentInfo, Factory)> {
        self.find(kind, name)
            .ok_or_else(|| Error::UnknownComponent {
                kind,
                name: name.to_string(),
                known: self.names(kind),
            })
    }

    /// The names of every component of `kind`.
    pub fn names(&self, kind: Kind) -> Vec<String> {
        self.components()
            .filter(|i| i.kind == kind)
            .map(|i| i.name.clone())
            .collect()
    }

    /// Makes the importer `name`, after checking its options.
    pub fn importer(&self, name: &str, options: &Options) -> Result<Box<dyn Importer>> {
        let (info, factory) = self.lookup(Kind::Importer, name)?;
        options.check_known(name, &info.option_names())?;
        match factory {
            Factory::Importer(make) => make(options),
            _ => Err(Error::Config(format!("`{name}` is not an importer"))),
        }
    }

    /// Makes the transform `name`, after checking its options.
    pub fn transform(&self, name: &str, options: &Options) -> Result<Box<dyn Transform>> {
        let (info, factory) = self.lookup(Kind::Transform, name)?;
        options.check_known(name, &info.option_names())?;
        match factory {
            Factory::Transform(make) => make(options),
            _ => Err(Error::Config(format!("`{name}` is not a transform"))),
        }
    }

    /// Makes the exporter `name`, after checking its options.
    pub fn exporter(&self, name: &str, options: &Options) -> Result<Box<dyn Exporter>> {
        let (info, factory) = self.lookup(Kind::Exporter, name)?;
        options.check_known(name, &info.option_names())?;
        match factory {
            Factory::Exporter(make) => make(options),
            _ => Err(Error::Config(format!("`{name}` is not an exporter"))),
        }
    }

    /// The format (component name) of `kind` that handles files ending in `.ext`.
    pub fn format_for_extension(&self, kind: Kind, ext: &str) -> Option<&str> {
        let ext = ext.to_ascii_lowercase();
        self.components()
            .find(|i| i.kind == kind && i.extensions.contains(&ext))
            .map(|i| i.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Context;
    use crate::model::Document;

    struct Nop;
    impl Transform for Nop {
        fn transform(&self, doc: Document, _ctx: &mut Context) -> Result<Document> {
            Ok(doc)
        }
    }

    fn reg() -> Result<Registry> {
        let mut r = Registry::new();
        r.add_transform(
            ComponentInfo::builtin(Kind::Transform, "nop", "does nothing")
                .with_options(vec![OptionInfo::new("x", "an option", None)]),
            |_| Ok(Box::new(Nop)),
        )?;
        Ok(r)
    }

    #[test]
    fn unknown_names_list_the_known_ones() -> Result<()> {
        let r = reg()?;
        let msg = r
            .transform("nope", &Options::new())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            msg.as_deref(),
            Some("unknown transform `nope` (known: nop)")
        );
        assert!(r
            .transform("nop", &Options::parse_kv("nop", "y=1")?)
            .is_err());
        assert!(r
            .transform("nop", &Options::parse_kv("nop", "x=1")?)
            .is_ok());
        Ok(())
    }

    #[test]
    fn clashes_are_refused_unless_replacing() -> Result<()> {
        let mut r = reg()?;
        let mut info = ComponentInfo::builtin(Kind::Transform, "nop", "again");
        info.origin = Origin::Program {
            path: "/bin/nop".into(),
        };
        let f = Factory::Transform(Arc::new(|_: &Options| {
            Ok(Box::new(Nop) as Box<dyn Transform>)
        }));
        let err = r
            .register(info.clone(), f.clone())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("transform `nop` from program /bin/nop clashes with the one from built-in")
        );
        r.register_with(info, f, OnClash::Replace)?;
        assert_eq!(r.components().count(), 1);
        Ok(())
    }
}
