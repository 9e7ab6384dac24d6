//! Inner loops of the analysis, on the example corpus: `cargo bench --bench inner`.
//! Whole runs (index, memory, LSP latencies) are `dossier bench --corpus DIR`.

use dossier::kb::KnowledgeBase;
use dossier::kb::gazetteer::Gazetteer;
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn articles() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation/corpus");
    let mut v: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .expect("example corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| {
            let t = std::fs::read_to_string(&p).expect("utf-8");
            (p, t)
        })
        .collect();
    v.sort();
    v
}

fn all_text() -> String {
    articles()
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

#[divan::bench]
fn fold(b: divan::Bencher) {
    let text = all_text();
    b.bench(|| dossier::base::text::fold(divan::black_box(&text)));
}

#[divan::bench]
fn find_dates(b: divan::Bencher) {
    let text = all_text();
    let reference = Some(jiff::civil::date(2025, 10, 27));
    b.bench(|| dossier::base::dates::find_dates(divan::black_box(&text), reference));
}

#[divan::bench]
fn sentences(b: divan::Bencher) {
    let text = all_text();
    b.bench(|| dossier::kb::extract::tokens::sentences(divan::black_box(&text), 0..text.len()));
}

#[divan::bench]
fn extract_article(b: divan::Bencher) {
    let text = all_text();
    let gaz = Gazetteer::builtin();
    b.bench(|| {
        dossier::kb::extract::extract_article(
            divan::black_box(&text),
            std::slice::from_ref(&(0..text.len())),
            None,
            gaz,
        )
    });
}

#[divan::bench]
fn build_knowledge_base(b: divan::Bencher) {
    let arts = articles();
    let gaz = Gazetteer::builtin();
    b.bench(|| KnowledgeBase::from_texts(arts.clone(), Path::new("/"), gaz));
}

#[divan::bench]
fn find_entities_in_a_note(b: divan::Bencher) {
    let kb = KnowledgeBase::from_texts(articles(), Path::new("/"), Gazetteer::builtin());
    let note = "Laos and Việt Nam signed the UN Convention against Cybercrime in Hanoi with IOM.\n"
        .repeat(50);
    b.bench(|| kb.find_entities(divan::black_box(&note)));
}
