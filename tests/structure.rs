//! The shape of `src/`, read from its text: the top-level modules import one another
//! one way (no cycle), the foundation imports no stage, no stage imports the command
//! line, and (once the restructuring
//! of issue 20 has landed) threads and channels only in the pipeline, no cache-warming
//! tricks, no file over 1,000 lines of code and no function over 120 lines.
//!
//! Test code is left out: items under `#[cfg(test)]` and the files of modules declared
//! under it (`#[cfg(test)] mod tests;`). Comments and string literals are blanked first,
//! so a path in a doc comment is not an import.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Modules that may import `cli`: the commands that turn what the user typed into work
/// (`main.rs` is the binary's crate, outside this graph).
const MAY_IMPORT_CLI: &[&str] = &["cmd"];
/// The modules every stage may use, which use no stage.
const FOUNDATION: &[&str] = &["text", "model", "diagnostic", "config"];
const MAX_FILE_LINES: usize = 1_000;
const MAX_FN_LINES: usize = 120;

/// One source file of the library, test code removed.
struct Source {
    /// Relative to the repository root, `/`-separated.
    path: String,
    /// The top-level module it belongs to (`import` for `src/import/csv.rs`).
    module: String,
    /// Its module path (`["import", "csv"]`; `["import"]` for `src/import/mod.rs`).
    module_path: Vec<String>,
    /// The text with test items cut out (comments and literals kept): for counting lines.
    code: String,
    /// The same, with comments and the insides of literals blanked.
    masked: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// `text` with comments and the contents of string and character literals replaced by
/// spaces (line breaks kept), so that offsets and line numbers stay those of `text`.
fn mask(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |e| i + e);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let (mut depth, mut j) = (1, i + 2);
                while j < b.len() && depth > 0 {
                    if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                        depth += 1;
                        j += 2;
                    } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            b'r' | b'b' if raw_string_start(b, i).is_some() => {
                let (hashes, open) = raw_string_start(b, i).expect("checked");
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let end = b[open + 1..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |e| open + 1 + e);
                blank(&mut out, open + 1, end);
                i = end + close.len();
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i + 1, j.min(b.len()));
                i = j + 1;
            }
            b'\'' => {
                // A character literal ('a', '\n', '\u{2026}', '"'), not a lifetime ('a).
                let close = if b.get(i + 1) == Some(&b'\\') {
                    // The escaped character is at i + 2 (`'\''`): search after it.
                    b[i + 3..]
                        .iter()
                        .position(|&c| c == b'\'')
                        .map(|e| i + 3 + e)
                } else {
                    let len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 1 + len)
                };
                match close {
                    Some(end) => {
                        blank(&mut out, i + 1, end);
                        i = end + 1;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).expect("only ASCII bytes were replaced, by spaces")
}

/// At `i`, `r"`, `r#"`, `br"`...: the number of `#` and the offset of the opening quote.
fn raw_string_start(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        return None;
    }
    let mut j = i;
    if b[j] == b'b' {
        j += 1;
    }
    if b.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = b[j..].iter().take_while(|&&c| c == b'#').count();
    (b.get(j + hashes) == Some(&b'"')).then_some((hashes, j + hashes))
}

/// The end (exclusive) of the item starting at `from` in masked text: its `;` or its
/// balanced `{ ... }`, whichever comes first at depth zero.
fn item_end(masked: &str, from: usize) -> usize {
    let b = masked.as_bytes();
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate().skip(from) {
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b';' if depth == 0 => return i + 1,
            b'{' if depth == 0 => return matching_brace(b, i) + 1,
            _ => {}
        }
    }
    b.len()
}

/// The `{` opening the body of the item starting at `from`, if it has one (a `;` at
/// depth zero, as in `fn f() -> [u8; 4];`'s end but not its array, comes first when not).
fn body_open(masked: &str, from: usize) -> Option<usize> {
    let end = item_end(masked, from);
    let b = masked.as_bytes();
    (b[end - 1] == b'}').then(|| {
        let mut depth = 0usize;
        let mut at = from;
        while at < end {
            match b[at] {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                b'{' if depth == 0 => break,
                _ => {}
            }
            at += 1;
        }
        at
    })
}

/// The offset of the `}` closing the `{` at `open`.
fn matching_brace(b: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    b.len()
}

/// The spans of the items under `#[cfg(test)]` (attribute included), and the names of
/// the modules declared there without a body (`mod tests;`).
fn test_items(masked: &str) -> (Vec<(usize, usize)>, Vec<String>) {
    let mut spans = Vec::new();
    let mut modules = Vec::new();
    let mut from = 0;
    while let Some(at) = masked[from..].find("#[cfg(test)]").map(|a| a + from) {
        let end = item_end(masked, at + "#[cfg(test)]".len());
        let item = &masked[at..end];
        let words: Vec<&str> = item
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        if item.trim_end().ends_with(';') {
            if let Some(m) = words.iter().position(|w| *w == "mod") {
                modules.push(words[m + 1].to_owned());
            }
        }
        spans.push((at, end));
        from = end;
    }
    (spans, modules)
}

/// Replaces the bytes of `spans` in `text` by spaces, keeping line breaks.
fn blank_spans(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = text.as_bytes().to_vec();
    for &(from, to) in spans {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    }
    // Whole characters are replaced (an item ends on ASCII), so this stays UTF-8; the
    // lossy conversion only guards a span ending inside a multi-byte character.
    String::from_utf8_lossy(&out).into_owned()
}

/// `text` without the bytes of `spans`.
fn cut_spans(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for &(start, end) in spans {
        out.push_str(&text[from..start]);
        from = end;
    }
    out.push_str(&text[from..]);
    out
}

/// The module path of a file under `src/`: `import/csv.rs` -> `[import, csv]`,
/// `import/mod.rs` -> `[import]`, `lib.rs` -> `[]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_owned());
    }
    parts
}

/// The library's source files (not `main.rs`, which is the binary's crate), test code
/// removed.
fn sources() -> Vec<Source> {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut parsed = Vec::new();
    let mut test_modules: Vec<Vec<String>> = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(&src).expect("under src");
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let masked = mask(&text);
        let (spans, modules) = test_items(&masked);
        let module_path = module_path(rel);
        for m in modules {
            let mut p = module_path.clone();
            p.push(m);
            test_modules.push(p);
        }
        parsed.push((rel.to_path_buf(), module_path, text, masked, spans));
    }
    parsed
        .into_iter()
        .filter(|(rel, path, ..)| {
            rel != Path::new("main.rs") && !test_modules.iter().any(|t| path.starts_with(t))
        })
        .filter_map(|(rel, module_path, text, masked, spans)| {
            let module = module_path.first()?.clone();
            Some(Source {
                path: format!("src/{}", rel.to_string_lossy().replace('\\', "/")),
                module,
                module_path,
                code: cut_spans(&text, &spans),
                masked: blank_spans(&masked, &spans),
            })
        })
        .collect()
}

/// The top-level modules a path names, from its text after `crate::` or `super::`.
fn named_modules(source: &Source, masked: &str, at: usize) -> Vec<String> {
    let rest = &masked[at..];
    let (base, rest): (Vec<String>, &str) = if let Some(r) = rest.strip_prefix("crate::") {
        (Vec::new(), r)
    } else {
        // `super::super::x` from `a/b/c.rs` (path [a, b, c]) is `a::x`.
        let mut base = source.module_path.clone();
        let mut r = rest;
        while let Some(next) = r.strip_prefix("super::") {
            base.pop();
            r = next.trim_start();
        }
        (base, r)
    };
    if !base.is_empty() {
        // Still inside a top-level module: no edge between modules.
        return Vec::new();
    }
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    if let Some(group) = rest.strip_prefix('{') {
        // `crate::{a::b, c}`: the first name of each top-level part of the group.
        let end = matching_brace(rest.as_bytes(), 0);
        let mut names = Vec::new();
        let mut depth = 0;
        let mut start = true;
        for (i, c) in group[..end.saturating_sub(1)].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => start = true,
                c if start && (c.is_alphanumeric() || c == '_') => {
                    names.push(ident(&group[i..]));
                    start = false;
                }
                c if !c.is_whitespace() => start = false,
                _ => {}
            }
        }
        names
    } else {
        vec![ident(rest)]
    }
}

/// Where a module's import of another is written: `src/file.rs:line`.
type Evidence = BTreeMap<(String, String), String>;

/// The graph of top-level modules: who imports whom, and one place saying so.
fn module_graph(sources: &[Source]) -> (BTreeMap<String, BTreeSet<String>>, Evidence) {
    let modules: BTreeSet<String> = sources.iter().map(|s| s.module.clone()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    let mut evidence = Evidence::new();
    for s in sources {
        let b = s.masked.as_bytes();
        for keyword in ["crate::", "super::"] {
            for (at, _) in s.masked.match_indices(keyword) {
                let before = if at > 0 { b[at - 1] } else { b' ' };
                if before.is_ascii_alphanumeric() || before == b'_' || before == b'$' {
                    continue; // `$crate::`, or a longer name
                }
                if keyword == "super::" && before == b':' {
                    continue; // the second `super::` of a chain
                }
                for dep in named_modules(s, &s.masked, at) {
                    if dep != s.module && modules.contains(&dep) {
                        graph.get_mut(&s.module).expect("known").insert(dep.clone());
                        let line = 1 + s.masked[..at].matches('\n').count();
                        evidence
                            .entry((s.module.clone(), dep))
                            .or_insert_with(|| format!("{}:{line}", s.path));
                    }
                }
            }
        }
    }
    (graph, evidence)
}

/// Every cycle found by a depth-first walk (each as `a -> b -> a`).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn walk(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in &graph[node] {
            match state.get(next).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|m| m == next).expect("on the stack");
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    found.push(cycle);
                }
                0 => walk(next, graph, state, stack, found),
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
    }
    let mut state = BTreeMap::new();
    let mut found = Vec::new();
    for node in graph.keys() {
        if !state.contains_key(node) {
            walk(node, graph, &mut state, &mut Vec::new(), &mut found);
        }
    }
    found
}

/// A cycle as the failure message names it: `a -> b -> a (a imports b at src/a.rs:3; ...)`.
fn describe(cycle: &[String], evidence: &Evidence) -> String {
    let places: Vec<String> = cycle
        .windows(2)
        .map(|w| {
            let at = &evidence[&(w[0].clone(), w[1].clone())];
            format!("{} imports {} at {at}", w[0], w[1])
        })
        .collect();
    format!("{} ({})", cycle.join(" -> "), places.join("; "))
}

#[test]
fn the_top_level_modules_import_one_another_without_a_cycle() {
    let (graph, evidence) = module_graph(&sources());
    let found: Vec<String> = cycles(&graph)
        .iter()
        .map(|c| describe(c, &evidence))
        .collect();
    assert!(
        found.is_empty(),
        "module cycles in src/ (the foundation imports no stage; a stage imports only \
         the stages before it):\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn only_the_commands_import_the_command_line() {
    let (graph, evidence) = module_graph(&sources());
    let offenders: Vec<String> = graph
        .iter()
        .filter(|(m, deps)| {
            deps.contains("cli") && m.as_str() != "cli" && !MAY_IMPORT_CLI.contains(&m.as_str())
        })
        .map(|(m, _)| format!("{m} (at {})", evidence[&(m.clone(), "cli".to_owned())]))
        .collect();
    assert!(
        offenders.is_empty(),
        "only main.rs and {MAY_IMPORT_CLI:?} may use `cli`, which holds what the user typed; \
         imported by: {}",
        offenders.join(", ")
    );
}

#[test]
fn the_foundation_imports_no_stage() {
    let (graph, evidence) = module_graph(&sources());
    let offenders: Vec<String> = FOUNDATION
        .iter()
        .filter_map(|m| graph.get(*m).map(|deps| (m, deps)))
        .flat_map(|(m, deps)| {
            deps.iter()
                .filter(|d| !FOUNDATION.contains(&d.as_str()))
                .map(|d| {
                    format!(
                        "{m} imports {d} at {}",
                        evidence[&(m.to_string(), d.clone())]
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "the foundation ({FOUNDATION:?}) imports only itself: {}",
        offenders.join("; ")
    );
}

#[test]
fn threads_and_channels_live_in_the_pipeline_only() {
    let words = [
        "std::thread",
        "thread::spawn",
        "thread::scope",
        "thread::Builder",
        "mpsc",
        "crossbeam",
    ];
    let offenders: Vec<String> = sources()
        .iter()
        .filter(|s| s.module != "pipeline")
        .filter_map(|s| {
            // Pausing the one thread a command runs on (the lock's wait) starts nothing.
            let code = s.masked.replace("std::thread::sleep", "");
            let hits: Vec<&str> = words.iter().copied().filter(|w| code.contains(w)).collect();
            (!hits.is_empty()).then(|| format!("{} ({})", s.path, hits.join(", ")))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "threads and channels outside src/pipeline: {}",
        offenders.join("; ")
    );
}

#[test]
fn no_cache_warming_tricks() {
    let offenders: Vec<String> = sources()
        .iter()
        .filter(|s| {
            ["black_box", "prefetch", "warm_up"]
                .iter()
                .any(|w| s.masked.contains(w))
        })
        .map(|s| s.path.clone())
        .collect();
    assert!(
        offenders.is_empty(),
        "cache warming (black_box, prefetch, warm_up) in: {}",
        offenders.join(", ")
    );
}

#[test]
fn no_file_holds_more_than_1000_lines_of_code() {
    let over: Vec<String> = sources()
        .iter()
        .filter_map(|s| {
            let lines = s.code.lines().count();
            (lines > MAX_FILE_LINES).then(|| format!("{} ({lines} lines)", s.path))
        })
        .collect();
    assert!(
        over.is_empty(),
        "files over {MAX_FILE_LINES} lines, tests aside (move tests to a sibling tests.rs, \
         or split the module): {}",
        over.join(", ")
    );
}

#[test]
fn no_function_is_longer_than_120_lines() {
    let mut over = Vec::new();
    for s in &sources() {
        let b = s.masked.as_bytes();
        for (at, _) in s.masked.match_indices("fn ") {
            if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_') {
                continue;
            }
            let name: String = s.masked[at + 3..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // `fn(usize) -> u8` types have no name; a declaration has no body.
            if name.is_empty() {
                continue;
            }
            let Some(open) = body_open(&s.masked, at) else {
                continue;
            };
            let close = matching_brace(b, open);
            let lines = 1 + s.masked[at..close].matches('\n').count();
            if lines > MAX_FN_LINES {
                let line = 1 + s.masked[..at].matches('\n').count();
                over.push(format!("{}:{line} {name} ({lines} lines)", s.path));
            }
        }
    }
    assert!(
        over.is_empty(),
        "functions over {MAX_FN_LINES} lines: {}",
        over.join(", ")
    );
}

/// The reader itself, on made-up sources: a cycle is found and named, test code and
/// comments are not read as imports.
mod reader {
    use super::*;

    fn source(path: &str, text: &str) -> Source {
        let rel = Path::new(path);
        let masked = mask(text);
        let (spans, _) = test_items(&masked);
        let module_path = module_path(rel);
        Source {
            path: format!("src/{path}"),
            module: module_path[0].clone(),
            module_path,
            code: cut_spans(text, &spans),
            masked: blank_spans(&masked, &spans),
        }
    }

    #[test]
    fn finds_and_names_a_cycle_through_grouped_and_super_paths() {
        let sources = [
            source("a/mod.rs", "use crate::{b::{X, Y}, c};\n"),
            source("b/inner.rs", "fn f() { super::super::c::g(); }\n"),
            source("c.rs", "pub fn g() { crate::a::h(); }\n"),
        ];
        let (graph, evidence) = module_graph(&sources);
        assert_eq!(graph["a"], ["b", "c"].map(String::from).into());
        assert_eq!(graph["b"], ["c"].map(String::from).into());
        assert_eq!(graph["c"], ["a"].map(String::from).into());
        assert_eq!(evidence[&("b".into(), "c".into())], "src/b/inner.rs:1");
        let found = cycles(&graph);
        assert_eq!(found, [["a", "b", "c", "a"].map(String::from).to_vec()]);
        assert_eq!(
            describe(&found[0], &evidence),
            "a -> b -> c -> a (a imports b at src/a/mod.rs:1; b imports c at \
             src/b/inner.rs:1; c imports a at src/c.rs:1)"
        );
    }

    #[test]
    fn test_code_comments_and_strings_are_not_imports() {
        let text = "//! See [`crate::b`].\n\
                    const S: &str = \"crate::b\";\n\
                    const R: &str = r#\"crate::b \"quoted\"\"#;\n\
                    const C: char = '\"';\n\
                    fn f<'a>(x: &'a str) -> &'a str { x } // crate::b\n\
                    /* crate::b /* nested */ crate::b */\n\
                    #[cfg(test)]\n\
                    mod tests { use crate::b::X; fn g() { crate::b::y(); } }\n\
                    #[cfg(test)]\n\
                    mod more;\n\
                    pub fn h() -> u8 { crate::c::k() }\n";
        let sources = [source("a.rs", text), source("b.rs", ""), source("c.rs", "")];
        let (graph, _) = module_graph(&sources);
        assert_eq!(graph["a"], ["c"].map(String::from).into());
        assert_eq!(test_items(&mask(text)).1, ["more"]);
        // The two test items (two lines each) are cut out of the 11 lines counted, each
        // leaving its line end behind.
        assert_eq!(sources[0].code.lines().count(), 9, "{}", sources[0].code);
    }

    #[test]
    fn the_repository_has_modules_and_imports_to_read() {
        // Guards against a reader that silently finds nothing: the foundation and the
        // stages are there, and the stages import the foundation.
        let (graph, _) = module_graph(&super::sources());
        for m in [
            "text",
            "model",
            "diagnostic",
            "import",
            "layout",
            "normalise",
        ] {
            assert!(graph.contains_key(m), "no module {m} in {graph:?}");
        }
        assert!(graph["layout"].contains("model"), "{graph:?}");
        assert!(!graph.contains_key("main"));
    }
}
