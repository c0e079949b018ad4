//! Ctrl-C (and SIGTERM, which schedulers send before killing a job): the first one asks
//! the batch to stop taking new inputs and to abandon those in flight (nothing partial is
//! ever written: outputs are renamed into place whole); the second one exits at once
//! with status 130.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// The process-wide stop flag, installing the signal handler on first use. When the
/// handler cannot be installed the flag simply never gets set.
pub fn stop_flag() -> Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    Arc::clone(FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&flag);
        let _ = ctrlc::set_handler(move || {
            if seen.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!(
                "\ndocpipe: interrupted: stopping; the report will list what was done \
                 (press Ctrl-C again to quit at once)"
            );
        });
        flag
    }))
}
