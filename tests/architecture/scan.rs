//! The scanners behind tests/architecture.rs: module paths, the module list of the doc, Rust
//! and Python source read lexically into use arrows, and the circles of a graph. Reads no
//! files itself (the checks hand it text), so its own tests run on small in-memory trees.

use std::collections::{BTreeMap, BTreeSet};

/// The module path of a file (`src/a/b.rs` and `src/a/b/mod.rs` are `a::b`, `src/lib.rs` is
/// the root); `None` for binaries and anything outside `src/`.
pub fn module_path(path: &str) -> Option<Vec<String>> {
    let rel = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    if rel.starts_with("bin/") {
        return None;
    }
    let mut segs: Vec<String> = rel.split('/').map(str::to_string).collect();
    if segs.last().is_some_and(|s| s == "mod") || segs == ["lib"] {
        segs.pop();
    }
    Some(segs)
}

/// The module files that `doc` lists (the convention is at the top of tests/architecture.rs).
pub fn listed_modules(doc: &str) -> Vec<String> {
    doc.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = ["- ", "* ", "| "]
                .iter()
                .find_map(|p| line.strip_prefix(p))?
                .trim_start();
            let path = rest.strip_prefix('`')?.split('`').next()?;
            (path.starts_with("src/") && path.ends_with(".rs")).then(|| path.to_string())
        })
        .collect()
}

// ---------------------------------------------------------------- Rust source, lexically

/// The code of a Rust file without comments and without the contents of string and char
/// literals (so that neither can look like a path or a `#[cfg(test)]`).
pub fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '/' && at(i + 1) == '/' {
            i = line_end(&c, i);
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if let Some(end) = raw_string_end(&c, i).filter(|_| i == 0 || !ident(c[i - 1])) {
            out.push_str("\"\"");
            i = end;
        } else if ch == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += 1;
        } else if ch == '\'' && at(i + 1) == '\\' {
            // an escaped char literal ('\n', '\'', '\u{2010}')
            i += 3;
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if ch == '\'' && at(i + 2) == '\'' {
            // a char literal ('x'); a lifetime ('a) has no closing quote
            i += 3;
            out.push_str("' '");
        } else {
            out.push(ch);
            i += 1;
        }
    }
    out
}

/// The index of the end of the line at `i` (its `\n`, or the end of the text).
pub fn line_end(c: &[char], i: usize) -> usize {
    c[i..]
        .iter()
        .position(|&ch| ch == '\n')
        .map_or(c.len(), |k| i + k)
}

/// For a raw string starting at `i` (`r"…"`, `r#"…"#`, `br"…"`): the index after its end.
pub fn raw_string_end(c: &[char], i: usize) -> Option<usize> {
    let mut j = i + match (c.get(i), c.get(i + 1)) {
        (Some('r'), _) => 1,
        (Some('b'), Some('r')) => 2,
        _ => return None,
    };
    let hashes = c[j..].iter().take_while(|&&ch| ch == '#').count();
    j += hashes;
    if c.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < c.len() {
        if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(c.len())
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    Path, // ::
    Open,
    Close,
    Comma,
    Dollar,
    Other,
}

pub fn tokens(code: &str) -> Vec<Tok> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&ch) = c.get(i) {
        if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(c[start..i].iter().collect()));
            continue;
        }
        let tok = match ch {
            ':' if c.get(i + 1) == Some(&':') => {
                i += 1;
                Tok::Path
            }
            '{' => Tok::Open,
            '}' => Tok::Close,
            ',' => Tok::Comma,
            '$' => Tok::Dollar,
            _ if ch.is_whitespace() => {
                i += 1;
                continue;
            }
            _ => Tok::Other,
        };
        out.push(tok);
        i += 1;
    }
    out
}

pub fn is_ident(t: Option<&Tok>, name: &str) -> bool {
    matches!(t, Some(Tok::Ident(s)) if s == name)
}

/// The modules declared with `mod name;` (file modules) or, with `inline`, also `mod name {`.
pub fn declared_modules(toks: &[Tok], inline: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, t) in toks.iter().enumerate() {
        if let (Tok::Ident(m), Some(Tok::Ident(name))) = (t, toks.get(i + 1)) {
            let end = toks.get(i + 2);
            let file = matches!(end, Some(Tok::Other)); // `;`
            if m == "mod" && (file || (inline && end == Some(&Tok::Open))) {
                out.insert(name.clone());
            }
        }
    }
    out
}

/// Where a path starts.
#[derive(Clone, Debug, PartialEq)]
pub enum Base {
    Crate,
    /// `super::` this many times, or 0 for `self::`.
    Up(usize),
    /// A child module declared in the file.
    Child(String),
}

/// The paths a file names: `(base, segments after it)`, one per leaf of a `{…}` group.
pub fn paths(toks: &[Tok], children: &BTreeSet<String>) -> Vec<(Base, Vec<String>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let starts_path = toks.get(i + 1) == Some(&Tok::Path)
            && !matches!(
                i.checked_sub(1).map(|k| &toks[k]),
                Some(Tok::Path | Tok::Dollar)
            );
        let base = match &toks[i] {
            Tok::Ident(s) if starts_path && s == "crate" => Some(Base::Crate),
            Tok::Ident(s) if starts_path && s == "self" => Some(Base::Up(0)),
            Tok::Ident(s) if starts_path && s == "super" => Some(Base::Up(1)),
            Tok::Ident(s) if starts_path && children.contains(s) => Some(Base::Child(s.clone())),
            _ => None,
        };
        let Some(mut base) = base else {
            i += 1;
            continue;
        };
        let mut j = i + 2;
        while let Base::Up(n) = base {
            if !(is_ident(toks.get(j), "super") && toks.get(j + 1) == Some(&Tok::Path)) {
                break;
            }
            base = Base::Up(n + 1);
            j += 2;
        }
        let mut leaves = Vec::new();
        let end = tree(toks, j, Vec::new(), &mut leaves);
        out.extend(leaves.into_iter().map(|l| (base.clone(), l)));
        i = end.max(i + 1);
    }
    out
}

/// Reads one use tree at `i` below `prefix` (`a::b`, `{a, b::c, self}`, `*`) into `out`;
/// returns the index after it.
pub fn tree(
    toks: &[Tok],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        match toks.get(i) {
            Some(Tok::Ident(s)) if s == "self" => {
                out.push(prefix);
                return i + 1;
            }
            Some(Tok::Ident(s)) => {
                prefix.push(s.clone());
                i += 1;
                if toks.get(i) != Some(&Tok::Path) {
                    out.push(prefix);
                    return i;
                }
                i += 1;
            }
            Some(Tok::Open) => {
                i += 1;
                while let Some(t) = toks.get(i) {
                    match t {
                        Tok::Close => return i + 1,
                        Tok::Comma => i += 1,
                        _ if is_ident(Some(t), "as") => i += 2,
                        _ => i = tree(toks, i, prefix.clone(), out).max(i + 1),
                    }
                }
                return i;
            }
            _ => {
                out.push(prefix);
                return i;
            }
        }
    }
}

/// Code before the first `#[cfg(test)]` (unit tests may use anything of their module).
pub fn before_tests(code: &str) -> &str {
    let at = code.find("#[cfg(test)]").unwrap_or(code.len());
    &code[..at]
}

// ---------------------------------------------------------------- the analyses

/// Uses of `crate::X` below `lib.rs` where `X` is no module that `lib.rs` declares.
pub fn reexport_uses(files: &[(String, String)]) -> Vec<String> {
    let Some((_, lib)) = files.iter().find(|(p, _)| p == "src/lib.rs") else {
        return vec!["src/lib.rs: missing".into()];
    };
    let modules = declared_modules(&tokens(&strip(lib)), true);
    let mut problems = Vec::new();
    for (path, src) in files {
        if path == "src/lib.rs" || module_path(path).is_none() {
            continue;
        }
        let mut bad = BTreeSet::new();
        for (base, segs) in paths(&tokens(&strip(src)), &BTreeSet::new()) {
            match segs.first() {
                Some(first) if base == Base::Crate && !modules.contains(first) => {
                    bad.insert(format!("crate::{first}"));
                }
                _ => {}
            }
        }
        for b in bad {
            problems.push(format!(
                "{path}: uses `{b}`, a re-export of lib.rs; name its module instead"
            ));
        }
    }
    problems
}

/// Arrows between module files: file -> the files it uses (ancestors left out).
pub fn use_graph(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let by_module: BTreeMap<Vec<String>, &str> = files
        .iter()
        .filter_map(|(p, _)| Some((module_path(p)?, p.as_str())))
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, src) in files {
        let Some(me) = module_path(path) else {
            continue;
        };
        let stripped = strip(src);
        let toks = tokens(before_tests(&stripped));
        let children = declared_modules(&toks, false);
        let arrows = graph.entry(path.clone()).or_default();
        for (base, segs) in paths(&toks, &children) {
            let mut full = match base {
                Base::Crate => Vec::new(),
                Base::Up(n) => me[..me.len().saturating_sub(n)].to_vec(),
                Base::Child(c) => [me.clone(), vec![c]].concat(),
            };
            full.extend(segs);
            let target = (0..=full.len())
                .rev()
                .find_map(|k| Some((k, *by_module.get(&full[..k])?)));
            if let Some((k, target)) = target {
                let ancestor = k <= me.len() && me[..k] == full[..k];
                if !ancestor {
                    arrows.insert(target.to_string());
                }
            }
        }
    }
    graph
}

/// The circles of a graph (strongly connected components of two nodes or more), each sorted.
pub fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        out: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.graph.get(v).into_iter().flatten() {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let lw = self.low[w.as_str()];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.stack.contains(&w.as_str()) {
                    let iw = self.index[w.as_str()];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let at = self.stack.iter().rposition(|&x| x == v).expect("on stack");
                let mut comp: Vec<String> = self.stack.drain(at..).map(str::to_string).collect();
                if comp.len() > 1 {
                    comp.sort();
                    self.out.push(comp);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out.sort();
    t.out
}

// ---------------------------------------------------------------- Python

/// Python code without comments and string contents (docstrings included), one logical
/// line per entry (bracketed continuations joined).
pub fn python_lines(src: &str) -> Vec<String> {
    let c: Vec<char> = src.chars().collect();
    let mut code = String::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '#' {
            i = line_end(&c, i);
        } else if ch == '"' || ch == '\'' {
            let triple = c.get(i + 1) == Some(&ch) && c.get(i + 2) == Some(&ch);
            let q = if triple { 3 } else { 1 };
            i += q;
            while i < c.len() {
                if c[i] == '\\' {
                    i += 2;
                } else if c[i] == ch && (0..q).all(|k| c.get(i + k) == Some(&ch)) {
                    i += q;
                    break;
                } else if c[i] == '\n' && !triple {
                    break;
                } else {
                    i += 1;
                }
            }
            code.push_str("''");
        } else {
            code.push(ch);
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut line = String::new();
    let mut depth = 0i32;
    for ch in code.chars() {
        match ch {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '\n' if depth <= 0 && !line.trim_end().ends_with('\\') => {
                out.push(std::mem::take(&mut line));
                depth = 0;
                continue;
            }
            _ => {}
        }
        line.push(if ch == '\n' || ch == '\\' { ' ' } else { ch });
    }
    out.push(line);
    out
}

/// Arrows between the modules of the package (names without `.py`). `extensions` are the
/// compiled modules (known by their `.pyi` stubs): modules, not names of `__init__`.
pub fn python_graph(
    files: &[(String, String)],
    extensions: &[String],
) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<&str> = files
        .iter()
        .map(|(m, _)| m.as_str())
        .chain(extensions.iter().map(String::as_str))
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (me, src) in files {
        let arrows = graph.entry(me.clone()).or_default();
        let mut to = |m: &str| {
            let m = m.split('.').next().unwrap_or("");
            if m != me && modules.contains(m) {
                arrows.insert(m.to_string());
            }
        };
        for line in python_lines(src) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["from", from, "import", ..] => {
                    let package = *from == "." || *from == "nutgraf";
                    let sub = from
                        .strip_prefix('.')
                        .filter(|s| !s.starts_with('.'))
                        .or_else(|| from.strip_prefix("nutgraf."));
                    if package {
                        let names = line.split_once(" import ").map_or("", |(_, n)| n);
                        for name in names.split(',') {
                            let name = name
                                .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace());
                            let name = name.split_whitespace().next().unwrap_or("");
                            if modules.contains(name) {
                                to(name);
                            } else if !name.is_empty() {
                                to("__init__");
                            }
                        }
                    } else if let Some(sub) = sub.filter(|s| !s.is_empty()) {
                        to(sub);
                    }
                }
                ["import", ..] => {
                    for item in line["import".len()..].split(',') {
                        let name = item.split_whitespace().next().unwrap_or("");
                        if let Some(sub) = name.strip_prefix("nutgraf.") {
                            to(sub);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    graph
}

// ---------------------------------------------------------------- tests of the scanners

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree written as one text: a line `== path` starts each file.
    fn tree_of(spec: &str) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = Vec::new();
        for line in spec.lines() {
            match line.strip_prefix("== ") {
                Some(path) => files.push((path.to_string(), String::new())),
                None => {
                    let (_, src) = files.last_mut().expect("a `== path` line first");
                    src.push_str(line);
                    src.push('\n');
                }
            }
        }
        files
    }

    fn paths_of(circles: Vec<Vec<String>>) -> Vec<String> {
        circles.into_iter().map(|c| c.join(" ")).collect()
    }

    /// The circles of a Rust tree written for [`tree_of`].
    fn rust_circles(spec: &str) -> Vec<String> {
        paths_of(circles(&use_graph(&tree_of(spec))))
    }

    #[test]
    fn a_circle_is_found() {
        let found = rust_circles(
            "== src/lib.rs\npub mod a;\npub mod b;\npub mod c;\n\
             == src/a.rs\nuse crate::b::Thing;\n\
             == src/b.rs\npub fn f() { crate::c::g() }\n\
             == src/c.rs\nuse crate::{a::{self, Other}, b};",
        );
        assert_eq!(found, ["src/a.rs src/b.rs src/c.rs"]);
    }

    #[test]
    fn a_child_using_its_parent_is_no_circle() {
        let files = tree_of(
            "== src/lib.rs\npub mod a;\n\
             == src/a/mod.rs\nmod b;\npub use b::Item;\nuse self::b::f;\n\
             == src/a/b.rs\nuse super::Shared;\nuse crate::a::Other;",
        );
        let graph = use_graph(&files);
        assert_eq!(graph["src/a/mod.rs"], BTreeSet::from(["src/a/b.rs".into()]));
        assert!(graph["src/a/b.rs"].is_empty());
        assert!(circles(&graph).is_empty());
    }

    #[test]
    fn siblings_through_super_and_child_paths_are_a_circle() {
        let found = rust_circles(
            "== src/lib.rs\npub mod a;\n\
             == src/a/mod.rs\nmod b;\nmod c;\n\
             == src/a/b.rs\nuse super::c::{f, g as h};\n\
             == src/a/c.rs\nfn k() { super::super::a::b::x(); }",
        );
        assert_eq!(found, ["src/a/b.rs src/a/c.rs"]);
    }

    #[test]
    fn comments_strings_and_unit_tests_are_no_arrows() {
        let files = tree_of(
            r##"== src/lib.rs
pub mod a;
pub mod b;
== src/a.rs
//! a uses crate::b::X in prose
const S: &str = "crate::b::X";
const R: &str = r#"crate::b::Y "quoted""#;
fn f<'a>(c: char) -> bool { c == '"' }
/* crate::b::Z */
#[cfg(test)]
mod tests { use crate::b::T; }
== src/b.rs
use crate::a::Y;"##,
        );
        let graph = use_graph(&files);
        assert!(graph["src/a.rs"].is_empty(), "{graph:?}");
        assert!(circles(&graph).is_empty());
    }

    #[test]
    fn a_reexport_use_is_flagged() {
        let mut files = tree_of(
            "== src/lib.rs\npub mod error;\npub mod a;\npub use error::Error;\n\
             == src/error.rs\npub struct Error;\n\
             == src/a.rs\nuse crate::Error;\nuse crate::{error::Error as E2, Result};\n\
             macro_rules! m { () => { $crate::Error } }",
        );
        assert_eq!(
            reexport_uses(&files),
            [
                "src/a.rs: uses `crate::Error`, a re-export of lib.rs; name its module instead",
                "src/a.rs: uses `crate::Result`, a re-export of lib.rs; name its module instead",
            ]
        );
        files[2].1 = "use crate::error::Error as _;\nuse crate::a::X;\n".into();
        assert!(reexport_uses(&files).is_empty());
    }

    #[test]
    fn python_circles_count_type_checking_and_package_imports() {
        let mut files = tree_of(
            r#"== __init__
"""Docs: from ._tabular import x"""
from ._doc import Doc
from . import (
    _render,
)
== _doc
from ._render import render  # from ._tabular import
== _render
import json
from . import _native
== _tabular
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from . import Analyzer"#,
        );
        let native = ["_native".to_string()];
        let graph = python_graph(&files, &native);
        let arrows = |m: &str| graph[m].iter().cloned().collect::<Vec<_>>().join(" ");
        assert_eq!(arrows("__init__"), "_doc _render");
        assert_eq!(arrows("_tabular"), "__init__");
        assert_eq!(arrows("_render"), "_native");
        assert!(circles(&graph).is_empty());

        files[2].1 = "def f():\n    from nutgraf._doc import Doc\n".into();
        assert_eq!(
            paths_of(circles(&python_graph(&files, &native))),
            ["_doc _render"]
        );
    }

    #[test]
    fn the_doc_lists_modules_by_list_items_and_table_rows() {
        let doc = "# Layout\nProse about `src/old.rs` is free.\n- `src/a.rs` — a\n  * `src/b/mod.rs`: b\n\
                   | `src/c.rs` | c |\n- `docs/x.md` is no module\n";
        assert_eq!(
            listed_modules(doc),
            ["src/a.rs", "src/b/mod.rs", "src/c.rs"]
        );
        assert_eq!(module_path("src/b/mod.rs"), Some(vec!["b".to_string()]));
        assert_eq!(module_path("src/lib.rs"), Some(vec![]));
        assert_eq!(module_path("src/bin/nutgraf.rs"), None);
    }
}
