//! The `nutgraf` executable: the global allocator and a call into the library's CLI
//! (`nutgraf::cli`); nothing else lives here.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(nutgraf::cli::main());
}
