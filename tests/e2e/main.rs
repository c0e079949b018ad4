//! End-to-end tests: each drives the built `docpipe` binary. One test binary, one module
//! per command or feature.

mod util;

mod anonymize;
mod batch;
mod commands;
mod convert;
mod docx_export;
mod docx_import;
mod inspect;
mod normalize;
mod plugins;
