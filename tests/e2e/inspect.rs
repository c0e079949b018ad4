//! End-to-end tests: inspect.
