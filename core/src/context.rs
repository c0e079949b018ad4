//! The context a pipeline run carries through its stages: settings, the warnings stages
//! report, junk text that transforms removed, and state shared across a whole batch.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A warning reported by a stage about one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The stage that reported it (`txt`, `normalize`, …).
    pub stage: String,
    /// What it noticed, in words.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.stage, self.message)
    }
}

/// State shared by every file of a batch (for example the pseudonym table), keyed by
/// type. Cloning shares the same state.
#[derive(Clone, Default)]
pub struct Shared {
    slots: Arc<Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared { .. }")
    }
}

impl Shared {
    /// The shared value of type `T`, created with `T::default()` on first use. `T` does
    /// its own locking for mutation.
    pub fn get<T: Any + Send + Sync + Default>(&self) -> Arc<T> {
        let mut slots = match self.slots.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let slot = slots
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()) as Arc<dyn Any + Send + Sync>)
            .clone();
        drop(slots);
        match slot.downcast::<T>() {
            Ok(v) => v,
            // The map is keyed by TypeId, so the downcast cannot fail; stay total anyway.
            Err(_) => Arc::new(T::default()),
        }
    }
}

/// Per-input context for one run of a pipeline.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Name of the input (a path or `-`), for messages.
    pub source: Option<String>,
    /// Global settings (for example `lang`), readable by every stage.
    pub settings: BTreeMap<String, Value>,
    /// State shared across a batch.
    pub shared: Shared,
    stage: String,
    warnings: Vec<Warning>,
    removed: Vec<String>,
}

impl Context {
    /// A fresh context for the input named `source`.
    pub fn new(source: impl Into<String>) -> Context {
        Context {
            source: Some(source.into()),
            ..Context::default()
        }
    }

    /// A context for a new input that shares this one's settings and batch state.
    pub fn for_input(&self, source: impl Into<String>) -> Context {
        Context {
            source: Some(source.into()),
            settings: self.settings.clone(),
            shared: self.shared.clone(),
            ..Context::default()
        }
    }

    /// Sets the name of the stage now running; warnings are attributed to it.
    pub fn enter_stage(&mut self, name: &str) {
        self.stage.clear();
        self.stage.push_str(name);
    }

    /// The stage now running.
    pub fn stage(&self) -> &str {
        &self.stage
    }

    /// Reports a warning from the current stage.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(Warning {
            stage: self.stage.clone(),
            message: message.into(),
        });
    }

    /// Reports a warning attributed to a named stage.
    pub fn push_warning(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    /// The warnings reported so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Takes the warnings, leaving none.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings)
    }

    /// Records text a transform removed as junk (shown by `inspect` as `removed`).
    pub fn record_removed(&mut self, text: impl Into<String>) {
        self.removed.push(text.into());
    }

    /// The text removed as junk so far, in order.
    pub fn removed(&self) -> &[String] {
        &self.removed
    }

    /// A string setting.
    pub fn setting_str(&self, key: &str) -> Option<&str> {
        self.settings.get(key).and_then(Value::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn shared_state_is_shared_between_inputs() {
        let a = Context::new("a");
        let b = a.for_input("b");
        a.shared.get::<AtomicUsize>().fetch_add(2, Ordering::SeqCst);
        assert_eq!(b.shared.get::<AtomicUsize>().load(Ordering::SeqCst), 2);
    }

    #[test]
    fn warnings_carry_the_stage() {
        let mut c = Context::new("x");
        c.enter_stage("txt");
        c.warn("bad byte");
        assert_eq!(c.warnings()[0].to_string(), "txt: bad byte");
    }
}
