//! The C ABI between the docpipe host and a native plugin.
//!
//! Only `#[repr(C)]` types and `extern "C"` functions cross the boundary; everything else
//! is JSON in byte buffers (see [`crate::wire`]). The layout rules:
//!
//! - The library exports one function, [`ENTRY_SYMBOL`] (`docpipe_plugin`), taking no
//!   argument and returning a pointer to a static [`PluginEntry`].
//! - The first field of that struct is a `u32` ABI version **in every ABI version**, so a
//!   host can always read it, and reads nothing else when it differs from its own
//!   [`ABI_VERSION`].
//! - Within one ABI version the struct never changes. A change to any field, argument or
//!   calling convention gives a new ABI version.
//! - Buffers returned by the plugin are freed by the plugin's own `free` function, so each
//!   side's allocator only frees what it allocated.

/// The ABI version this SDK speaks. The host refuses a library declaring another one.
pub const ABI_VERSION: u32 = 1;

/// Name of the one symbol a native plugin exports, NUL-terminated as `dlsym` wants it.
pub const ENTRY_SYMBOL: &[u8] = b"docpipe_plugin\0";

/// The type of the entry point: returns the plugin's static description.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginEntry;

/// A borrowed UTF-8 string with static lifetime inside the plugin (pointer and length).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct StaticStr {
    /// First byte.
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

impl StaticStr {
    /// Points at a static string.
    pub const fn new(s: &'static str) -> StaticStr {
        StaticStr {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }
}

// SAFETY: a StaticStr only ever points at immutable `'static` string data.
#[allow(unsafe_code)]
unsafe impl Sync for StaticStr {}
// SAFETY: as above, the data is immutable and lives for the whole program.
#[allow(unsafe_code)]
unsafe impl Send for StaticStr {}

/// An owned byte buffer that crosses the boundary: a `Vec<u8>` taken apart. Whoever
/// receives one from the other side gives it back to that side's `free` function.
#[repr(C)]
#[derive(Debug)]
pub struct Buffer {
    /// First byte (null for an empty buffer that owns nothing).
    pub ptr: *mut u8,
    /// Number of bytes.
    pub len: usize,
    /// Allocated capacity, needed to rebuild the `Vec` when freeing.
    pub cap: usize,
}

impl Buffer {
    /// Gives up ownership of `v`'s memory to a buffer.
    pub fn from_vec(v: Vec<u8>) -> Buffer {
        let mut v = std::mem::ManuallyDrop::new(v);
        Buffer {
            ptr: v.as_mut_ptr(),
            len: v.len(),
            cap: v.capacity(),
        }
    }

    /// Takes the memory back into a `Vec`.
    ///
    /// # Safety
    /// The buffer must have been made by [`Buffer::from_vec`] in this same library (same
    /// allocator) and not been freed or taken back already.
    #[allow(unsafe_code)]
    pub unsafe fn into_vec(self) -> Vec<u8> {
        if self.ptr.is_null() {
            return Vec::new();
        }
        // SAFETY: the caller guarantees the parts come from a Vec<u8> of this allocator
        // that nobody else owns any more.
        unsafe { Vec::from_raw_parts(self.ptr, self.len, self.cap) }
    }
}

/// The static description a native plugin's entry point returns.
///
/// Read [`PluginEntry::abi_version`] first: when it differs from [`ABI_VERSION`] the rest
/// of the struct may have another layout and must not be touched.
#[repr(C)]
pub struct PluginEntry {
    /// The ABI version the plugin was built for (always the first field).
    pub abi_version: u32,
    /// The plugin's name.
    pub name: StaticStr,
    /// The plugin's version.
    pub version: StaticStr,
    /// Returns the JSON [`crate::wire::PluginDescription`] of the plugin's components,
    /// in a buffer to give back to `free`.
    pub describe: unsafe extern "C" fn() -> Buffer,
    /// Runs one component on a JSON [`crate::wire::Request`] (`len` bytes at `request`)
    /// and returns a JSON [`crate::wire::Response`] in a buffer to give back to `free`.
    pub run: unsafe extern "C" fn(request: *const u8, len: usize) -> Buffer,
    /// Frees a buffer that `describe` or `run` returned.
    pub free: unsafe extern "C" fn(buffer: Buffer),
}
