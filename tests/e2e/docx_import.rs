//! End-to-end tests: docx_import.
