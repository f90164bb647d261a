//! The fixes judged by real HAProxy over the real-world corpus
//! (`../shared/corpus/real`, read in place): `check --fix --unsafe-fixes`
//! never turns a file `haproxy -c` accepts into one it refuses, with no
//! inventory, with two made-up loopback instances, and with two instances
//! taken from the file's own peers section (`-L` the first one); and one
//! run converges (a second run applies nothing).
//!
//! "Accepted" is decided in this test's environment: the original is
//! checked first (only when the fix changed the file) and files it refuses
//! (missing certificates, maps, unresolvable hosts...) are skipped; so are
//! the files the corpus manifest records as refused by HAProxy 2.6.

mod common;

use common::{read_text, real_corpus_dir, real_manifest};
use halint::{parse, Instance, Linter, Settings};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// HAProxy processes at once.
const WORKERS: usize = 4;

/// One way to lint a file: its inventory and the `-L` name HAProxy runs as.
struct Scenario {
    name: &'static str,
    instances: Vec<Instance>,
}

impl Scenario {
    fn local(&self) -> Option<&str> {
        self.instances.first().map(|i| i.name.as_str())
    }
}

/// Two instances from the file's first peers section whose first two
/// `peer` lines have addresses halint accepts as inventory addresses.
fn peers_inventory(src: &str) -> Option<Vec<Instance>> {
    let parsed = parse(src);
    let model = halint::model::Model::build(&parsed);
    model.peers.iter().find_map(|section| {
        let instances: Vec<Instance> = section
            .peers
            .iter()
            .filter_map(|p| {
                let (_, span) = p.item.address.as_ref()?;
                let address = &src[span.start as usize..span.end as usize];
                Instance::parse_arg(&format!("{}={address}", p.item.name)).ok()
            })
            .take(2)
            .collect();
        (instances.len() == 2).then_some(instances)
    })
}

fn scenarios(src: &str) -> Vec<Scenario> {
    let loopback = ["halint-a=127.0.0.1:23001", "halint-b=127.0.0.1:23002"]
        .iter()
        .map(|a| Instance::parse_arg(a).expect("instance"))
        .collect();
    let mut out = vec![
        Scenario { name: "no inventory", instances: Vec::new() },
        Scenario { name: "loopback inventory", instances: loopback },
    ];
    if let Some(instances) = peers_inventory(src) {
        out.push(Scenario { name: "inventory from its peers", instances });
    }
    out
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-corpus-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `haproxy -c` on `text` (run from the corpus folder, so that relative
/// paths resolve as they do for the original): the log when it refuses.
fn haproxy_refuses(corpus: &Path, text: &str, tag: &str, local: Option<&str>) -> Option<String> {
    let path = scratch_dir().join(tag);
    std::fs::write(&path, text).expect("write");
    let mut cmd = Command::new("timeout");
    cmd.arg("20").arg("haproxy").arg("-c").arg("-f").arg(&path).current_dir(corpus);
    if let Some(name) = local {
        cmd.arg("-L").arg(name);
    }
    let out = cmd.output().expect("run haproxy (is it installed?)");
    let _ = std::fs::remove_file(&path);
    let code = out.status.code().unwrap_or(-1);
    // Exit 2: valid, but no listener.
    if matches!(code, 0 | 2) {
        return None;
    }
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let alerts: Vec<&str> = log.lines().filter(|l| l.contains("ALERT")).take(5).collect();
    Some(format!("exit {code}: {}", alerts.join("\n")))
}

#[test]
fn fixing_the_real_corpus_never_breaks_a_config_haproxy_accepts() {
    let ok = Command::new("haproxy").arg("-v").output().is_ok_and(|o| o.status.success());
    assert!(ok, "haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)");
    let corpus = real_corpus_dir();
    let manifest = real_manifest();
    assert!(manifest.len() > 100, "only {} files in the corpus manifest", manifest.len());
    // The manifest's own `haproxy -c` verdict on each original only spares
    // HAProxy runs (unresolvable host names make them slow): files it
    // refused are left out, the others are judged again here.
    let files: Vec<String> =
        manifest.into_iter().filter(|e| matches!(e.haproxy_c_exit, 0 | 2)).map(|e| e.file).collect();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let (changed, checked, skipped) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
    let work = || {
        while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            let src = read_text(&corpus.join(file));
            for (n, scenario) in scenarios(&src).into_iter().enumerate() {
                let settings = Settings { instances: scenario.instances.clone(), ..Settings::default() };
                let linter = Linter::new(settings);
                let fixed = linter.fix(&src, true);
                let fail = |what: String| {
                    failures.lock().unwrap().push(format!("{file} ({}): {what}", scenario.name));
                };
                let again = linter.fix(&fixed.output, true);
                if !again.applied.is_empty() {
                    fail(format!("a second run still applied {:?}", again.applied));
                }
                if fixed.output == src {
                    continue;
                }
                changed.fetch_add(1, Ordering::Relaxed);
                let tag = format!("{file}.{n}");
                if haproxy_refuses(&corpus, &src, &format!("{tag}.orig"), scenario.local()).is_some() {
                    skipped.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                checked.fetch_add(1, Ordering::Relaxed);
                if let Some(log) =
                    haproxy_refuses(&corpus, &fixed.output, &format!("{tag}.fixed"), scenario.local())
                {
                    let diff = halint::unified_diff(file, &src, &fixed.output);
                    let diff: Vec<&str> = diff.lines().take(60).collect();
                    let mut rules: Vec<&str> = fixed.applied.iter().map(|(rule, _)| *rule).collect();
                    rules.dedup();
                    fail(format!(
                        "HAProxy refuses the fixed file: {log}\nfixes by {rules:?}\n{}",
                        diff.join("\n")
                    ));
                }
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(work);
        }
    });
    let _ = std::fs::remove_dir_all(scratch_dir());
    let (changed, checked, skipped) = (changed.into_inner(), checked.into_inner(), skipped.into_inner());
    eprintln!(
        "{} files; {changed} (file, inventory) runs changed a file; {checked} judged by haproxy -c, \
         {skipped} skipped (original refused here)",
        files.len()
    );
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{} failures:\n\n{}", failures.len(), failures.join("\n\n"));
    assert!(checked > 50, "only {checked} fixed files were judged by haproxy -c");
}
