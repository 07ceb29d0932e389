//! Gives the shared library an ELF SONAME, so programs linked to it record a versioned name and
//! keep running when a later, ABI-compatible libpaykassma is installed beside it.
//!
//! The version follows cargo-c's convention: `libpaykassma.so.0.1` for 0.1.x (a 0.y release may
//! break the ABI), `libpaykassma.so.1` from 1.0 on.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let major = env!("CARGO_PKG_VERSION_MAJOR");
    let minor = env!("CARGO_PKG_VERSION_MINOR");
    let abi = if major == "0" {
        format!("0.{minor}")
    } else {
        major.to_string()
    };
    // ELF systems only: macOS already names the dylib `@rpath/libpaykassma.dylib`, Windows has no SONAME.
    if matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly"
    ) {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libpaykassma.so.{abi}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
