//! End-to-end tests: plugins.
