//! `bangfu`: the desktop app, or with a subcommand the same ledger from the command line.

fn main() {
    std::process::exit(bangfu::cli::main());
}
