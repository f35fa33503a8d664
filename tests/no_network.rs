//! The built-in tier opens no socket: the CLI runs under `strace -f` (all threads and
//! child processes) and the trace must show no `socket`/`connect` call. A control run of
//! a command that does open a socket proves that the check can fail.
//! Needs `strace` (installed by `.ci/run`); without it the test fails, it is not skipped.

use std::path::Path;
use std::process::Command;

/// Socket-related syscalls that `cmd` made, traced with strace.
fn traced_socket_calls(tag: &str, cmd: &[&str], stdin: Option<&Path>) -> Vec<String> {
    let log = std::env::temp_dir().join(format!("nutgraf-strace-{tag}-{}", std::process::id()));
    let mut c = Command::new("strace");
    c.args([
        "-f",
        "-qq",
        "-e",
        "trace=socket,connect,bind,sendto,socketpair",
        "-o",
    ])
    .arg(&log)
    .args(cmd);
    if let Some(p) = stdin {
        c.stdin(std::fs::File::open(p).unwrap());
    }
    let out = c
        .output()
        .expect("strace is needed for this test (apt-get install strace)");
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = std::fs::read_to_string(&log).unwrap();
    std::fs::remove_file(&log).ok();
    trace
        .lines()
        .filter(|l| {
            ["socket(", "connect(", "bind(", "sendto(", "socketpair("]
                .iter()
                .any(|s| l.contains(s))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn strace_sees_a_socket_when_one_is_opened() {
    let calls = traced_socket_calls(
        "control",
        &["bash", "-c", "echo x > /dev/tcp/127.0.0.1/9; true"],
        None,
    );
    assert!(
        calls.iter().any(|l| l.contains("socket(")),
        "control run: {calls:?}"
    );
}

#[test]
fn builtin_tier_opens_no_socket() {
    let bin = env!("CARGO_BIN_EXE_nutgraf");
    let dir = std::env::temp_dir().join(format!("nutgraf-nonet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("a.txt");
    std::fs::write(
        &text,
        "Bundeskanzler Olaf Scholz traf am Montag in Berlin den französischen Präsidenten \
         Emmanuel Macron. Die beiden sprachen über die NATO und die Ukraine.\n\n\
         Angela Merkel met Joe Biden in Washington on Tuesday, the White House said.",
    )
    .unwrap();
    let html = dir.join("a.html");
    std::fs::write(
        &html,
        "<html><head><title>T</title><link rel=stylesheet href='http://example.com/x.css'>\
         <script src='https://example.com/x.js'></script></head><body><img src='http://example.com/a.png'>\
         <p>Angela Merkel besuchte Paris. Sie traf Emmanuel Macron im Élysée-Palast.</p></body></html>",
    )
    .unwrap();
    let jsonl = dir.join("in.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\":1,\"text\":\"Angela Merkel besuchte Paris.\"}\n{\"id\":2,\"text\":\"Joe Biden visited London.\"}\n",
    )
    .unwrap();
    let out = dir.join("out.jsonl");
    let runs: Vec<Vec<&str>> = vec![
        vec![bin, "analyze", "--format", "json", text.to_str().unwrap()],
        vec![bin, "analyze", "--html", html.to_str().unwrap()],
        vec![
            bin,
            "batch",
            "-i",
            jsonl.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--threads",
            "4",
        ],
    ];
    for (i, cmd) in runs.iter().enumerate() {
        let calls = traced_socket_calls(&format!("run{i}"), cmd, None);
        assert!(calls.is_empty(), "{cmd:?} made socket calls: {calls:?}");
    }
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 2);
    std::fs::remove_dir_all(&dir).ok();
}
