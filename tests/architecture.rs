//! Architecture checks: the source tree keeps the layout that `docs/architecture.md` describes
//! (issue 21). Reads the files of the repository only; needs no build output and no dependency.
//!
//! Conventions the checks rely on:
//! - **Module list.** A line of `docs/architecture.md` lists a module file when it is a list item
//!   or table row whose first thing is the file's path in backquotes: "- `src/text/mod.rs` — …"
//!   or "| `src/text/mod.rs` | … |". Every `.rs` file under `src/` except `src/bin/` needs
//!   exactly one such line, and every such line must name an existing file. Paths written
//!   anywhere else (prose) are not checked.
//! - **Files.** No `.rs` file under `src/` (`src/bin/` included) is over [`MAX_LINES`] lines;
//!   every module file opens with a `//!` doc comment; the files of `src/cli/` together stay
//!   within [`MAX_CLI_LINES`].
//! - **Paths.** A file below `lib.rs` names items by their module (`crate::error::Error`), never
//!   through a re-export of `lib.rs` (`crate::Error`): the first segment after `crate::` must be
//!   a module declared in `lib.rs`.
//! - **Import circles.** A file uses another when it names a path into it: `crate::a::b::Item`,
//!   the leaves of `crate::a::{b, c::d}`, `super::…`, `self::…`, or `child::…` for a `mod child;`
//!   it declares. A path resolves to the deepest file module it passes through. Using an
//!   ancestor (`super::Item` in a child of `mod.rs`) is allowed and is no arrow; comments,
//!   string literals and everything after the first `#[cfg(test)]` are ignored. The arrows
//!   between files must form no circle.
//! - **Python.** The modules of `python/nutgraf/` must form no circle through `from .x import`,
//!   `from . import x` (a name that is no module file means `__init__`), or `nutgraf.x`;
//!   imports inside functions and under `if TYPE_CHECKING:` count (a reader follows them too).

#[path = "architecture/scan.rs"]
mod scan;

use scan::{circles, listed_modules, module_path, python_graph, reexport_uses, use_graph};
use std::collections::BTreeMap;
use std::path::Path;

/// The most lines a `.rs` file under `src/` may have.
const MAX_LINES: usize = 800;
/// The most lines the files of `src/cli/` may have together.
const MAX_CLI_LINES: usize = 1500;

// ---------------------------------------------------------------- the checks on the tree

#[test]
fn every_module_file_is_listed_in_the_architecture_doc() {
    let doc = read("docs/architecture.md");
    let files = rs_files();
    let mut problems = Vec::new();
    let mut listed: BTreeMap<String, usize> = BTreeMap::new();
    for path in listed_modules(&doc) {
        *listed.entry(path).or_default() += 1;
    }
    for (path, n) in &listed {
        if !root().join(path).is_file() {
            problems.push(format!(
                "{path}: listed in docs/architecture.md but does not exist"
            ));
        } else if *n > 1 {
            problems.push(format!("{path}: listed {n} times in docs/architecture.md"));
        }
    }
    for (path, _) in files.iter().filter(|(p, _)| is_module_file(p)) {
        if !listed.contains_key(path) {
            problems.push(format!(
                "{path}: not listed in docs/architecture.md (add a line \"- `{path}` — what it owns\")"
            ));
        }
    }
    report("module list", problems);
}

#[test]
fn no_source_file_is_too_long() {
    let mut problems = Vec::new();
    for (path, src) in rs_files() {
        let n = src.lines().count();
        if n > MAX_LINES {
            problems.push(format!("{path}: {n} lines, over {MAX_LINES}; split it"));
        }
    }
    report("file length", problems);
}

#[test]
fn the_cli_stays_small() {
    let total: usize = rs_files()
        .iter()
        .filter(|(p, _)| p.starts_with("src/cli/"))
        .map(|(_, src)| src.lines().count())
        .sum();
    let mut problems = Vec::new();
    if total > MAX_CLI_LINES {
        problems.push(format!(
            "src/cli/: {total} lines together, over {MAX_CLI_LINES}; move logic into the library"
        ));
    }
    report("cli size", problems);
}

#[test]
fn every_module_file_opens_with_a_doc_comment() {
    let problems = rs_files()
        .into_iter()
        .filter(|(p, src)| is_module_file(p) && !src.starts_with("//!"))
        .map(|(p, _)| format!("{p}: does not open with a `//!` doc comment"))
        .collect();
    report("module headers", problems);
}

#[test]
fn no_import_through_lib_reexports() {
    let files = rs_files();
    report("lib.rs re-exports", reexport_uses(&files));
}

#[test]
fn no_import_circles_between_files() {
    let files = rs_files();
    let problems = circles(&use_graph(&files))
        .into_iter()
        .map(|c| format!("import circle: {}", c.join(" <-> ")))
        .collect();
    report("import circles", problems);
}

#[test]
fn no_import_circles_in_the_python_package() {
    let dir = root().join("python/nutgraf");
    let mut files = Vec::new();
    let mut extensions = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("python/nutgraf") {
        let path = entry.expect("directory entry").path();
        let name = path.file_stem().expect("file name").to_string_lossy();
        match path.extension().and_then(|e| e.to_str()) {
            Some("py") => {
                let src = std::fs::read_to_string(&path).expect("readable Python file");
                files.push((name.into_owned(), src));
            }
            Some("pyi") => extensions.push(name.into_owned()),
            _ => {}
        }
    }
    let problems = circles(&python_graph(&files, &extensions))
        .into_iter()
        .map(|c| {
            let names: Vec<String> = c.iter().map(|m| format!("python/nutgraf/{m}.py")).collect();
            format!("import circle: {}", names.join(" <-> "))
        })
        .collect();
    report("Python import circles", problems);
}

// ---------------------------------------------------------------- reading the tree

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
}

/// Every `.rs` file under `src/` as (path relative to the repository, text), sorted by path.
fn rs_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root()).expect("below the root");
                let rel = rel.to_string_lossy().replace('\\', "/");
                let src = std::fs::read_to_string(&path).expect("readable source file");
                out.push((rel, src));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("src"), &mut out);
    out.sort();
    out
}

fn is_module_file(path: &str) -> bool {
    module_path(path).is_some()
}

fn report(what: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s)\n  {}\n(see the conventions at the top of tests/architecture.rs)",
        problems.len(),
        problems.join("\n  ")
    );
}
