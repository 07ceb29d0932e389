//! `paykassma demo` runs the whole flow offline and exits 0 only when every step held.

use std::process::Command;

#[test]
fn the_demo_walks_through_and_exits_zero() {
    let out = Command::new(env!("CARGO_BIN_EXE_paykassma"))
        .arg("demo")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "1. Payment systems available for PKR",
        "easypaisa (Easypaisa)",
        "recognised as a repeat",
        "status 1 (paid)",
        "easypaisa 1000200 PKR",
        "Every step held.",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
}
