//! CPU hints shared by the hot lookup loops (entity weights, topic word clusters).
//! Hints only: nothing here may change a result, only how fast it comes.

/// A cache prefetch hint for the line holding `p` (no-op off x86-64). Never dereferences `p`,
/// so any address is fine.
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` is only a hint; it does not access memory architecturally and
    // cannot fault, whatever the address.
    #[allow(unused_unsafe)]
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
