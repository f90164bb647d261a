//! The fix loop, safe fixes only and unsafe ones too, over the configs of an
//! input (raw text and/or generated from the rules' vocabulary) with a random
//! inventory. Properties:
//! - no panic;
//! - a file with syntax errors is left alone, and fixing never adds one;
//! - the loop converges: no applicable fix is left in its findings;
//! - idempotent: fixing the output again changes nothing.
//!
//! With `HALINT_FUZZ_HAPROXY=1`, also: when `haproxy -c` accepts a file, it
//! accepts the fixed text too (slow: run it over a sample, see
//! fuzz/haproxy-sample.sh; `=report` prints rejections and goes on).
#![no_main]

use halint::fix::apply::apply_fixes;
use halint::fix::{Applicability, Fix};
use halint::Linter;
use libfuzzer_sys::fuzz_target;
use std::process::Command;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    let case = halint_fuzz::decode(data);
    let linter = Linter::new(case.settings.clone());
    for (i, src) in case.files.iter().enumerate() {
        let parse = halint::parse(src);
        let haproxy_accepts = with_haproxy() && haproxy_check(src, case.settings.local.as_deref()).is_ok();
        for unsafe_fixes in [false, true] {
            let kind = if unsafe_fixes { "unsafe" } else { "safe" };
            let fixed = linter.fix_parsed(&parse, unsafe_fixes);
            let out = &fixed.output;
            if !parse.errors().is_empty() {
                assert_eq!(out, src, "a file with syntax errors was changed");
                assert!(fixed.applied.is_empty(), "fixes applied to a file with syntax errors");
                continue;
            }
            let after = halint::parse(out);
            assert!(
                after.errors().is_empty(),
                "{kind} fixes added a syntax error: {:?}\n--- fixed:\n{out}",
                after.errors()
            );
            // Converged: what is left has no fix that would still change the text.
            let left: Vec<(&str, &Fix)> = fixed
                .remaining
                .iter()
                .filter_map(|d| d.fix.as_ref().map(|f| (d.rule, f)))
                .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
                .collect();
            let fixes: Vec<&Fix> = left.iter().map(|(_, f)| *f).collect();
            let (again, taken) = apply_fixes(out, &fixes);
            if !taken.is_empty() && &again != out {
                let titles: Vec<(&str, &str)> =
                    taken.iter().map(|&t| (left[t].0, left[t].1.title.as_str())).collect();
                eprintln!("settings: {:?}", case.settings);
                let errors = halint::parse(&again).errors().to_vec();
                if errors.is_empty() {
                    panic!("{kind} fix loop did not converge; still to apply: {titles:?}\n--- fixed:\n{out}");
                }
                panic!(
                    "{kind} fixes {titles:?} give a syntax error ({errors:?}); the fix loop drops them\n\
                     --- fixed:\n{out}--- with them:\n{again}"
                );
            }
            let twice = linter.fix(out, unsafe_fixes);
            assert_eq!(&twice.output, out, "{kind} fixing is not idempotent");
            assert!(twice.applied.is_empty(), "{kind} fixes applied to a fixed text: {:?}", twice.applied);
            if haproxy_accepts && out != src {
                match haproxy_check(out, case.settings.local.as_deref()) {
                    Ok(()) => eprintln!("haproxy-loop: file {i}: {kind} fix accepted"),
                    Err(e) if report_only() => {
                        eprintln!("haproxy-loop: file {i}: {kind} fix REJECTED:\n{e}--- fixed:\n{out}---")
                    }
                    Err(e) => {
                        panic!("haproxy -c accepts file {i} but not its {kind} fix:\n{e}\n--- fixed:\n{out}")
                    }
                }
            }
        }
    }
});

/// Whether HAProxy is in the loop (`HALINT_FUZZ_HAPROXY=1`, or `=report`:
/// print a rejected fix and go on instead of failing).
fn with_haproxy() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("HALINT_FUZZ_HAPROXY").is_ok_and(|v| v == "1" || v == "report"))
}

fn report_only() -> bool {
    std::env::var("HALINT_FUZZ_HAPROXY").is_ok_and(|v| v == "report")
}

/// `haproxy -c` on a text, with `-L local` when the local name is a plain word.
fn haproxy_check(text: &str, local: Option<&str>) -> Result<(), String> {
    let path = std::env::temp_dir().join(format!("halint-fuzz-fix-{}.cfg", std::process::id()));
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    let mut cmd = Command::new("haproxy");
    cmd.arg("-c").arg("-f").arg(&path);
    if let Some(local) =
        local.filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
    {
        cmd.arg("-L").arg(local);
    }
    let out = cmd.output().map_err(|e| format!("cannot run haproxy: {e}"))?;
    let _ = std::fs::remove_file(&path);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| l.contains("ALERT"))
            .map(|l| format!("{l}\n"))
            .collect())
    }
}
