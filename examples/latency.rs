//! Profiling harness for request latency on a corpus: builds (or loads) its knowledge base, then
//! times the core of hover, definition, workspace symbols and a long note's check in loops.
//! `cargo run --release --example latency -- <corpus> [index file] [what]`.

use dossier::kb::{KnowledgeBase, index};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let corpus = PathBuf::from(args.get(1).expect("corpus folder"));
    let idx = PathBuf::from(args.get(2).map_or("/tmp/lat-kb.idx", |s| s.as_str()));
    let what = args.get(3).map_or("all", |s| s.as_str());
    let kb = match index::load(&idx, "latency", index::Access::Map) {
        Ok(kb) => kb,
        Err(_) => {
            let files =
                dossier::corpus::config::expand_corpus_args(std::slice::from_ref(&corpus)).unwrap();
            let kb = KnowledgeBase::build(&files, &corpus, 10 << 20);
            index::save(&idx, "latency", &kb).unwrap();
            kb
        }
    };
    let mut top: Vec<usize> = (0..kb.entities.len())
        .filter(|&i| kb.entities[i].mentions.len() > 1)
        .collect();
    top.sort_by_key(|&i| std::cmp::Reverse(kb.entities[i].mentions.len()));
    top.truncate(200);
    let t = Instant::now();
    kb.folded_names();
    kb.spellings();
    kb.folded_titles();
    eprintln!("lazy tables {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    kb.summary();
    eprintln!("summary {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let enc = dossier::lsp::position::Encoding::Utf16;
    let time = |name: &str, f: &dyn Fn(usize)| {
        let mut v: Vec<f64> = (0..300)
            .map(|i| {
                let t = Instant::now();
                f(i);
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        eprintln!("{name:<24} p50 {:.2} ms p99 {:.2} ms", v[150], v[297]);
    };
    if what == "all" || what == "def" {
        time("ide::definition", &|i| {
            std::hint::black_box(dossier::ide::definition(&kb, top[i % top.len()], 1000));
        });
        time("definition+locations", &|i| {
            let locs: Vec<_> = dossier::ide::definition(&kb, top[i % top.len()], 1000)
                .iter()
                .filter_map(|t| dossier::lsp::article_location(&kb, t.article, &t.span, enc))
                .collect();
            std::hint::black_box(serde_json::to_string(&locs).unwrap());
        });
    }
    if what == "all" || what == "hover" {
        let card = dossier::ide::CardOptions::default();
        time("hover", &|i| {
            std::hint::black_box(dossier::ide::hover_entity(&kb, top[i % top.len()], &card));
        });
    }
    if what == "all" || what == "sym" {
        let queries = [
            "sec", "lao", "unit", "pres", "minis", "agree", "chin", "viet", "coop", "nat",
        ];
        time("workspace_symbols", &|i| {
            std::hint::black_box(dossier::ide::workspace_symbols(&kb, queries[i % 10], 200));
        });
    }
    if what == "all" || what == "check" {
        let mut note = String::from("# Benchmark note\n\n");
        for i in 0..998 {
            let e = &kb.entities[top[i % top.len()]].name;
            note.push_str(&format!(
                "- On 12 January 2025 {e} signed an agreement with partners [@{i}].\n"
            ));
        }
        let facts = dossier::check::KbFacts::new(&kb);
        let sev = dossier::check::Severities::default();
        let dir = Path::new("/tmp");
        let t = Instant::now();
        let idx = dossier::check::analyze_note(&kb, &note, Some(dir));
        eprintln!("analyze_note {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let r = dossier::check::check_analyzed_note(&kb, &facts, &note, &idx, &sev);
        eprintln!(
            "check {:.1} ms ({} findings)",
            t.elapsed().as_secs_f64() * 1e3,
            r.findings.len()
        );
        let n: usize = std::env::var("LAT_LOOPS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3);
        for _ in 0..n {
            let t = Instant::now();
            let idx = dossier::check::analyze_note(&kb, &note, Some(dir));
            let a = t.elapsed().as_secs_f64() * 1e3;
            let r = dossier::check::check_analyzed_note(&kb, &facts, &note, &idx, &sev);
            eprintln!(
                "analyze {a:.1} ms + check {:.1} ms ({} findings)",
                t.elapsed().as_secs_f64() * 1e3 - a,
                r.findings.len()
            );
        }
    }
}
