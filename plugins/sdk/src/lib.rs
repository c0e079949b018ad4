//! docpipe-plugin-sdk: what a third-party docpipe plugin depends on: the model types, the stable C ABI and the `export_plugin!` macro.
