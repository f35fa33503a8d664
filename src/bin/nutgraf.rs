//! The `nutgraf` executable: the global allocator and a call into the library's CLI
//! (`nutgraf::cli`); nothing else lives here.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc 3 (`libmimalloc-sys` 0.1.49 names no constant for it).
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Freed memory is kept for reuse instead of being returned to the system after a second:
    // a batch frees and allocates the same sizes page after page, and every return cost page
    // faults and zeroed pages again (474 web pages, one thread: 38,200 page faults -> 1,600,
    // system time 1.09 s -> 0.43 s; peak memory 536 -> 565 MB).
    #[cfg(feature = "mimalloc")]
    // SAFETY: sets one mimalloc option (an integer) before any thread is started.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
    std::process::exit(nutgraf::cli::main());
}
