//! `paykassma-differential`: the core against real PHP on freshly generated inputs.
//!
//!     paykassma-differential [--seed N] [--docs N] [--postbacks N] [--php PHP] [--cli PAYKASSMA] [--keep DIR]
//!
//! PHP computes the request signatures of `--docs` generated documents and signs `--postbacks`
//! generated postbacks (several encodings and tampered copies each). The core must agree on every
//! one, directly and through `paykassma conformance sign|postback` run on PHP's own files.
//! Exit 0 on 100% agreement; otherwise the disagreements are printed (documents shrunk to a
//! minimal failing one) with the seed that reproduces them.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use paykassma_differential::documents::{sign_case, SignCase};
use paykassma_differential::json::Node;
use paykassma_differential::postbacks::postback;
use paykassma_differential::rng::Rng;
use paykassma_differential::run;
use paykassma_differential::{php, sign_check};
use serde_json::{json, Value};

struct Options {
    seed: u64,
    docs: usize,
    postbacks: usize,
    php: String,
    cli: PathBuf,
    dir: PathBuf,
    /// `--keep DIR`: PHP's files stay there even when everything agrees (the PHP suite reads them).
    keep: bool,
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("paykassma-differential: {e}");
            return ExitCode::from(2);
        }
    };
    println!("seed {} (rerun with --seed {})", options.seed, options.seed);
    match run(&options) {
        Ok(0) => {
            println!("differential: 100% agreement with PHP");
            ExitCode::SUCCESS
        }
        Ok(n) => {
            println!(
                "differential: {n} disagreement(s) with PHP; reproduce with --seed {}",
                options.seed
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("paykassma-differential: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        seed: run::fresh_seed(),
        docs: 10_000,
        postbacks: 1_500,
        php: "php".into(),
        cli: run::sibling_cli(),
        dir: PathBuf::new(),
        keep: false,
    };
    let mut keep = None;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--seed" => o.seed = number(value()?)?,
            "--docs" => o.docs = number(value()?)? as usize,
            "--postbacks" => o.postbacks = number(value()?)? as usize,
            "--php" => o.php = value()?,
            "--cli" => o.cli = value()?.into(),
            "--keep" => keep = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    o.keep = keep.is_some();
    o.dir = keep.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("paykassma-differential-{}", std::process::id()))
    });
    std::fs::create_dir_all(&o.dir).map_err(|e| format!("{}: {e}", o.dir.display()))?;
    Ok(o)
}

/// Returns the number of disagreements.
fn run(o: &Options) -> Result<usize, String> {
    let mut rng = Rng::new(o.seed);
    let cases: Vec<SignCase> = (0..o.docs).map(|_| sign_case(&mut rng)).collect();
    let mut failures = check_documents(o, &cases)?;
    failures += check_postbacks(o, &mut rng)?;
    if failures == 0 && !o.keep {
        let _ = std::fs::remove_dir_all(&o.dir);
    } else {
        println!("PHP's files are kept in {}", o.dir.display());
    }
    Ok(failures)
}

/// PHP's answers for documents, one per case, in order.
fn php_sign(o: &Options, name: &str, cases: &[(String, String)]) -> Result<Vec<Value>, String> {
    let input = o.dir.join(format!("{name}.in.jsonl"));
    let answers = o.dir.join(format!("{name}.answers.jsonl"));
    let conformance = o.dir.join(format!("{name}.conformance.jsonl"));
    php::write_lines(
        &input,
        cases.iter().map(|(k, j)| json!({"key": k, "json": j})),
    )?;
    php::run(
        &o.php,
        "sign_oracle.php",
        &[path(&input), path(&answers), path(&conformance)],
    )?;
    let lines = php::read_lines(&answers)?;
    if lines.len() != cases.len() {
        return Err(format!(
            "PHP answered {} of {} documents",
            lines.len(),
            cases.len()
        ));
    }
    Ok(lines)
}

fn check_documents(o: &Options, cases: &[SignCase]) -> Result<usize, String> {
    let texts: Vec<(String, String)> = cases
        .iter()
        .map(|c| (c.key.clone(), c.doc.render()))
        .collect();
    let answers = php_sign(o, "sign", &texts)?;
    let signed = answers
        .iter()
        .filter(|a| a.get("signature").is_some())
        .count();
    let mut failures = 0;
    for ((case, (key, json)), answer) in cases.iter().zip(&texts).zip(&answers) {
        if let Err(why) = sign_check::check(key, json, answer) {
            failures += 1;
            if failures <= 3 {
                report_document(o, key, &case.doc, &why)?;
            }
        }
    }
    println!(
        "signatures: {} documents ({signed} signed by PHP, {} refused by both); {failures} disagreement(s)",
        cases.len(),
        cases.len() - signed
    );
    failures += run_conformance(o, "sign", &o.dir.join("sign.conformance.jsonl"), signed)?;
    Ok(failures)
}

/// Prints a disagreement, with the document shrunk as long as PHP and the core still disagree.
fn report_document(o: &Options, key: &str, doc: &Node, why: &str) -> Result<(), String> {
    let mut smallest = doc.clone();
    let mut reason = why.to_owned();
    let started = std::time::Instant::now();
    'rounds: while started.elapsed().as_secs() < 60 {
        let candidates: Vec<Node> = smallest.smaller();
        // Batches keep each PHP run small; the first candidate that still disagrees wins.
        for batch in candidates.chunks(64) {
            let texts: Vec<(String, String)> =
                batch.iter().map(|c| (key.to_owned(), c.render())).collect();
            let answers = php_sign(o, "shrink", &texts)?;
            let still = batch
                .iter()
                .zip(&texts)
                .zip(&answers)
                .find_map(|((c, (k, j)), a)| {
                    sign_check::check(k, j, a).err().map(|w| (c.clone(), w))
                });
            if let Some((c, w)) = still {
                smallest = c;
                reason = w;
                continue 'rounds;
            }
        }
        break;
    }
    println!("DISAGREEMENT on a signing document (key {key:?}):");
    println!("  generated: {}", truncate(&doc.render(), 2000));
    println!("  minimal:   {}", smallest.render());
    println!("  {reason}");
    Ok(())
}

fn check_postbacks(o: &Options, rng: &mut Rng) -> Result<usize, String> {
    let input = o.dir.join("postback.in.jsonl");
    let output = o.dir.join("postback.conformance.jsonl");
    let specs: Vec<Value> = (0..o.postbacks)
        .map(|_| {
            let p = postback(rng);
            json!({"access_key": p.access_key, "private_key": p.private_key, "body": p.body})
        })
        .collect();
    php::write_lines(&input, specs.into_iter())?;
    php::run(
        &o.php,
        "postback_oracle.php",
        &[&o.seed.to_string(), path(&input), path(&output)],
    )?;
    let records = php::read_lines(&output)?;
    let (mut failures, mut valid, mut legacy) = (0, 0, 0);
    let mut variants: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for r in &records {
        let body = r["body"].as_str().unwrap_or_default();
        let key = r["private_key"].as_str().unwrap_or_default();
        let php_valid = r["valid"].as_bool().unwrap_or(false);
        valid += usize::from(php_valid);
        let v = variants
            .entry(r["variant"].as_str().unwrap_or("?").to_owned())
            .or_default();
        v.0 += 1;
        v.1 += usize::from(php_valid);
        let core = paykassma::verify_postback(body.as_bytes(), key);
        let php_form = r["signature_form"].as_str();
        legacy += usize::from(php_form == Some("legacy"));
        let core_form = core.as_ref().ok().map(|p| p.signature_form().as_str());
        if core.is_ok() != php_valid || core_form != php_form {
            failures += 1;
            if failures <= 3 {
                println!(
                    "DISAGREEMENT on a postback (variant {}, input line {}): PHP says {} {:?}, the core {}",
                    r["variant"],
                    r["case"],
                    if php_valid { "valid" } else { "invalid" },
                    php_form,
                    match &core {
                        Ok(p) => format!("valid {:?}", p.signature_form().as_str()),
                        Err(e) => format!("refuses: {e}"),
                    }
                );
                println!("  private key {key:?}\n  body: {body}");
            }
        }
    }
    println!(
        "postbacks: {} bodies from {} postbacks ({valid} valid per PHP, {legacy} of them in the older no-flags form only); {failures} disagreement(s)",
        records.len(),
        o.postbacks
    );
    let summary: Vec<String> = variants
        .iter()
        .map(|(name, (n, ok))| format!("{name} {n} ({ok} valid)"))
        .collect();
    println!("  variants: {}", summary.join(", "));
    failures += run_conformance(o, "postback", &output, records.len())?;
    Ok(failures)
}

/// `paykassma conformance KIND FILE` on PHP's file: it must pass every line.
fn run_conformance(o: &Options, kind: &str, file: &Path, lines: usize) -> Result<usize, String> {
    let out = Command::new(&o.cli)
        .args(["conformance", kind])
        .arg(file)
        .output()
        .map_err(|e| {
            format!(
                "cannot run {}: {e} (build it with cargo build -p paykassma-cli)",
                o.cli.display()
            )
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let want = format!("{lines} passed, 0 failed");
    println!("paykassma conformance {kind}: {last}");
    if out.status.success() && last == want {
        Ok(0)
    } else {
        println!(
            "  expected `{want}` and exit 0; got {}:\n{}",
            out.status,
            truncate(&stdout, 3000)
        );
        Ok(1)
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}... ({} bytes)", &s[..i], s.len()),
        None => s.to_owned(),
    }
}
