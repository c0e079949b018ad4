//! End-to-end tests: anonymize.
