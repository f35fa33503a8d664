fn main() {
    std::process::exit(nutgraf::cli::main());
}
