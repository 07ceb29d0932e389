//! A short run of the load benchmark (`paykassma-load`): the sandbox in one process, the load
//! from another, over loopback. Only correctness is asserted (no failures, every withdrawal
//! created once); the figures are for `make bench-load`.

use std::process::Command;

#[test]
fn the_sandbox_holds_load_from_a_second_process_without_failures() {
    let out = Command::new(env!("CARGO_BIN_EXE_paykassma-load"))
        .args(["--threads", "4", "--seconds", "2"])
        .output()
        .expect("the load benchmark runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(out.status.success(), "exit {:?}", out.status);
    for mode in ["one shared client", "one client per thread"] {
        let line = stdout
            .lines()
            .find(|l| l.contains(mode))
            .unwrap_or_else(|| panic!("no figures for {mode}"));
        assert!(line.contains(" 0 failures"), "{line}");
        let requests: u64 = line
            .split(": ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(requests > 100, "load was applied: {line}");
    }
    assert_eq!(
        stdout.matches("each created by one request: yes").count(),
        2,
        "the sandbox's state is consistent after each run"
    );
}
