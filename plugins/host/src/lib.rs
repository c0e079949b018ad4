//! docpipe-plugin-host: loads docpipe plugins (native shared libraries over a stable C ABI, and external programs speaking JSON over stdio) into a registry.
