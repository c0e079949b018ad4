//! Test fixture: exports the docpipe entry point but declares ABI version 999, with a
//! layout no host knows. A correct host reads the first `u32`, sees 999 and stops there;
//! it must never read further (there is nothing valid further).

#![allow(unsafe_code)]

/// A future ABI: the version first (as in every ABI), then something else entirely.
#[repr(C)]
pub struct FutureEntry {
    /// The ABI version.
    pub abi_version: u32,
    /// Not a pointer: a host reading it as one would crash.
    pub poison: usize,
}

static ENTRY: FutureEntry = FutureEntry {
    abi_version: 999,
    poison: 0xdead_beef,
};

/// The entry point the docpipe host looks up.
#[unsafe(no_mangle)]
pub extern "C" fn docpipe_plugin() -> *const FutureEntry {
    &ENTRY
}
