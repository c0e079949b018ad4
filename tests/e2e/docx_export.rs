//! End-to-end tests: docx_export.
