//! Build script: for Windows targets only, embeds the icon, version info and manifest
//! (`assets/windows/bangfu.rc`) into `bangfu.exe`. Other targets need nothing from it.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    // The script runs on the host: ask Cargo for the target's OS, not `cfg!(windows)`.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    for input in [
        "assets/windows/bangfu.rc",
        "assets/windows/bangfu.exe.manifest",
        "assets/icon.ico",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("Cargo sets OUT_DIR"));
    let version = |key: &str| std::env::var(key).unwrap_or_else(|_| "0".into());
    let header = format!(
        "#define VER_MAJOR {}\n#define VER_MINOR {}\n#define VER_PATCH {}\n#define VER_STR \"{}\"\n",
        version("CARGO_PKG_VERSION_MAJOR"),
        version("CARGO_PKG_VERSION_MINOR"),
        version("CARGO_PKG_VERSION_PATCH"),
        version("CARGO_PKG_VERSION"),
    );
    std::fs::write(out_dir.join("bangfu-version.h"), header)
        .expect("write bangfu-version.h into OUT_DIR");
    // Links the compiled resources into the binaries only (not tests or examples).
    if let Err(e) =
        embed_resource::compile_for("assets/windows/bangfu.rc", ["bangfu"], embed_resource::NONE)
            .manifest_required()
    {
        panic!(
            "embedding Windows resources failed: {e} \
             (cross builds need x86_64-w64-mingw32-windres: apt-get install binutils-mingw-w64-x86-64)"
        );
    }
}
