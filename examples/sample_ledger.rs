//! Writes the sample ledger of the real case (June 2020) to a file:
//! `cargo run --example sample_ledger -- sample.ron`.

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: sample_ledger FILE.ron");
        std::process::exit(2);
    };
    match bangfu::store::Store::create(&path, &bangfu::demo::sample_ledger()) {
        Ok(_) => println!("{}", path.display()),
        Err(e) => {
            eprintln!("{}", e.message(bangfu::i18n::Lang::Zh));
            std::process::exit(1);
        }
    }
}
