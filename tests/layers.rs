//! The layers of `src/`: each is a folder (`src/base/`, `src/corpus/`, …) and may use only its
//! own layer or those below. Reads every `crate::layer` path of the sources (comments left
//! out) and fails on an upward one.

use std::path::{Path, PathBuf};

/// The layer folders of `src/`, lowest first. A file outside them (other than the crate roots
/// `lib.rs` and `main.rs`) fails the test, so a new module must be placed in one.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["corpus"],
    &["kb"],
    &["check"],
    &["ide"],
    &["report"],
    &["lsp", "cli", "main"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The layer folder a file belongs to: `src/kb/extract/people.rs` → `kb`, `src/main.rs` → `main`.
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .nth(1)
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The `crate::x` modules a source uses, with line numbers, outside comments.
fn uses(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let before_ok = i == 0 || !rest.as_bytes()[i - 1].is_ascii_alphanumeric();
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if before_ok && !name.is_empty() {
                out.push((n + 1, name));
            }
            rest = after;
        }
    }
    out
}

/// Upward uses under `root/src`, as `file:line: a (layer i) uses b (layer j)`, and the files
/// and modules of those uses.
fn upward(root: &Path) -> Vec<(String, String, String)> {
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for f in files {
        let rel = f.strip_prefix(root).unwrap();
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        let from = module_of(rel);
        if from == "lib" {
            continue;
        }
        let lf = layer(&from).unwrap_or_else(|| panic!("{rel_s}: module {from} has no layer"));
        let text = std::fs::read_to_string(&f).unwrap();
        for (line, to) in uses(&text) {
            let lt =
                layer(&to).unwrap_or_else(|| panic!("{rel_s}:{line}: crate::{to} has no layer"));
            if lt > lf {
                found.push((
                    format!("{rel_s}:{line}: {from} (layer {lf}) uses {to} (layer {lt})"),
                    rel_s.clone(),
                    to,
                ));
            }
        }
    }
    found
}

#[test]
fn no_layer_uses_a_higher_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = upward(root);
    let bad: Vec<&String> = found.iter().map(|(s, _, _)| s).collect();
    assert!(
        bad.is_empty(),
        "upward imports:\n{}",
        bad.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every layer named is a folder of `src/` (or the binary), so the list says what is there.
#[test]
fn every_layer_is_a_folder() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for name in LAYERS.iter().flat_map(|l| l.iter()) {
        let there = if *name == "main" {
            src.join("main.rs").is_file()
        } else {
            src.join(name).is_dir()
        };
        assert!(there, "layer {name} is no folder of src/");
    }
}

#[test]
fn the_reader_sees_paths_outside_comments() {
    let text = "use crate::check::Finding;\n/// see [`crate::lsp::x`]\nlet a = crate::ide::f(); // crate::lsp\nmycrate::x";
    assert_eq!(
        uses(text),
        vec![(1, "check".to_string()), (3, "ide".to_string())]
    );
}
