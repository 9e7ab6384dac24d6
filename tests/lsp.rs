//! The language server end to end: real JSON-RPC over an in-memory duplex stream, the way an
//! editor talks to it. Fixtures mark the cursor with `$0`.

use dossier::lsp::framing::{Decoder, Frame, encode};
use dossier::lsp::{LogLevel, ServiceOptions, transport};
use expect_test::expect;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};

type Pending = Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>;

struct TestClient {
    write: Arc<tokio::sync::Mutex<tokio::io::WriteHalf<tokio::io::DuplexStream>>>,
    pending: Pending,
    notes: mpsc::UnboundedReceiver<Value>,
    seen: Vec<Value>,
    next_id: i64,
    /// The persistent index's folder when the test did not choose one.
    _index_dir: Option<tempfile::TempDir>,
}

async fn send(w: &tokio::sync::Mutex<tokio::io::WriteHalf<tokio::io::DuplexStream>>, msg: &Value) {
    let mut w = w.lock().await;
    w.write_all(&encode(msg.to_string().as_bytes()))
        .await
        .unwrap();
    w.flush().await.unwrap();
}

impl TestClient {
    /// Starts a server and initializes it with `root` as the workspace folder.
    async fn start(
        root: &Path,
        capabilities: Value,
        mut init_options: Value,
        mut settings: Value,
    ) -> TestClient {
        // the persistent index goes to a folder of the test's own unless the test chose one
        let mut index_dir = None;
        if init_options.get("indexDir").is_none() {
            let d = tempfile::tempdir().unwrap();
            let p = json!(d.path());
            if init_options.is_null() {
                init_options = json!({});
            }
            for v in [&mut init_options, &mut settings] {
                if let Some(o) = v.as_object_mut() {
                    o.insert("indexDir".into(), p.clone());
                }
            }
            index_dir = Some(d);
        }
        let (client_side, server_side) = tokio::io::duplex(1 << 22);
        let (sr, sw) = tokio::io::split(server_side);
        // through the server's own transport, as `dossier lsp` runs it
        let opts = transport::Options {
            service: ServiceOptions {
                log_level: LogLevel::Info,
                log_stderr: false,
                debug_methods: true,
            },
            request_timeout: Duration::from_secs(20),
        };
        tokio::spawn(transport::serve(sr, sw, opts));
        let (cr, cw) = tokio::io::split(client_side);
        let write = Arc::new(tokio::sync::Mutex::new(cw));
        let pending: Pending = Arc::default();
        let (tx, notes) = mpsc::unbounded_channel();
        {
            let (write, pending) = (write.clone(), pending.clone());
            tokio::spawn(async move {
                let mut r = cr;
                let mut dec = Decoder::default();
                let mut chunk = vec![0u8; 1 << 16];
                let mut frames = std::collections::VecDeque::new();
                loop {
                    let Some(frame) = frames.pop_front() else {
                        let n = r.read(&mut chunk).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        dec.push(&chunk[..n]);
                        while let Some(f) = dec.next_frame() {
                            frames.push_back(f);
                        }
                        continue;
                    };
                    let Frame::Message(buf) = frame else {
                        panic!("bad framing from the server: {frame:?}")
                    };
                    let msg: Value = serde_json::from_slice(&buf).unwrap();
                    match (msg.get("id"), msg.get("method").and_then(Value::as_str)) {
                        (Some(id), Some(method)) => {
                            // a request from the server: answer as an editor would
                            let result = match method {
                                "workspace/configuration" => json!([settings.clone()]),
                                _ => Value::Null,
                            };
                            send(
                                &write,
                                &json!({"jsonrpc": "2.0", "id": id, "result": result}),
                            )
                            .await;
                            let _ = tx.send(msg);
                        }
                        (Some(id), None) => {
                            if let Some(s) = pending.lock().unwrap().remove(&id.as_i64().unwrap()) {
                                let _ = s.send(msg);
                            }
                        }
                        _ => {
                            let _ = tx.send(msg);
                        }
                    }
                }
            });
        }
        let mut c = TestClient {
            write,
            pending,
            notes,
            seen: Vec::new(),
            next_id: 1,
            _index_dir: index_dir,
        };
        let uri = uri(root);
        let init = c
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": uri,
                    "workspaceFolders": [{"uri": uri, "name": "ws"}],
                    "capabilities": capabilities,
                    "initializationOptions": init_options,
                }),
            )
            .await;
        assert!(init["capabilities"]["hoverProvider"].as_bool().unwrap());
        c.notify("initialized", json!({})).await;
        c
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        send(
            &self.write,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        )
        .await;
        let resp = tokio::time::timeout(Duration::from_secs(20), rx)
            .await
            .expect("response in time")
            .unwrap();
        assert!(resp.get("error").is_none(), "{method}: {resp}");
        resp["result"].clone()
    }

    async fn notify(&mut self, method: &str, params: Value) {
        send(
            &self.write,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        )
        .await;
    }

    /// Waits for a message from the server that satisfies `f`, keeping everything seen.
    async fn wait_for(&mut self, f: impl Fn(&Value) -> bool) -> Value {
        if let Some(v) = self.seen.iter().find(|v| f(v)) {
            return v.clone();
        }
        loop {
            let v = tokio::time::timeout(Duration::from_secs(20), self.notes.recv())
                .await
                .expect("message in time")
                .unwrap();
            self.seen.push(v.clone());
            if f(&v) {
                return v;
            }
        }
    }

    async fn indexed(&mut self) -> String {
        let v = self
            .wait_for(|v| {
                v["method"] == "window/logMessage"
                    && v["params"]["message"]
                        .as_str()
                        .is_some_and(|m| m.starts_with("indexed"))
            })
            .await;
        v["params"]["message"].as_str().unwrap().to_string()
    }

    /// Opens the note `name` (in the example's notes) with the fixture `marked` and sends
    /// `method` at its cursor mark.
    async fn request_at(&mut self, method: &str, name: &str, marked: &str) -> Value {
        let (text, pos) = fixture(marked);
        let p = note_path(name);
        self.open(&p, &text).await;
        self.request(
            method,
            json!({"textDocument": {"uri": uri(&p)}, "position": pos}),
        )
        .await
    }

    async fn open(&mut self, path: &Path, text: &str) {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri(path), "languageId": "markdown", "version": 1, "text": text}})).await;
    }
}

fn uri(p: &Path) -> String {
    dossier::corpus::file_url(p, None)
}

/// A whole answer as a snapshot: pretty JSON, the checkout's folder written `ROOT`.
fn snapshot(v: &Value) -> String {
    let root = uri(Path::new(env!("CARGO_MANIFEST_DIR")));
    serde_json::to_string_pretty(v)
        .unwrap()
        .replace(&root, "file:///ROOT")
}

/// A hover as a snapshot: its range, then its Markdown as the editor shows it.
fn hover_snapshot(h: &Value) -> String {
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    snapshot(&json!({"range": h["range"]}))
        + "\n"
        + &md.replace(&uri(Path::new(env!("CARGO_MANIFEST_DIR"))), "file:///ROOT")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation")
}

/// Removes the `$0` cursor mark: the text and the cursor as (line, UTF-16 column).
fn fixture(marked: &str) -> (String, Value) {
    let at = marked.find("$0").expect("cursor mark");
    let text = marked.replacen("$0", "", 1);
    let before = &text[..at];
    let line = before.matches('\n').count();
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count();
    (text, json!({"line": line, "character": col}))
}

fn utf16_caps() -> Value {
    json!({"window": {"workDoneProgress": true}, "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}}})
}

async fn example_client() -> TestClient {
    let mut c = TestClient::start(&example(), utf16_caps(), Value::Null, Value::Null).await;
    let msg = c.indexed().await;
    assert_eq!(msg.split(',').next(), Some("indexed 5 articles"));
    c
}

/// The end of indexing counts what the corpus holds, not the built-in lists (issue 14: "5
/// articles · 4615 entities" on a five-article corpus), the same count as `dossier/stats`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indexing_counts_the_entities_of_the_corpus() {
    let mut c = TestClient::start(&example(), utf16_caps(), Value::Null, Value::Null).await;
    let msg = c.indexed().await;
    let s = stats(&mut c).await;
    let n = s["entities"].as_u64().unwrap();
    assert!(n > 20 && n < 200, "{s}");
    assert_eq!(msg, format!("indexed 5 articles, {n} entities, 5 signings"));
}

/// With the client's `entityCommand`, a hover's "more" lines are command links; `dossier/entity`
/// answers the whole card; a name in the front matter has a hover.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_links_the_entity_request_and_front_matter_hover() {
    let mut c = TestClient::start(
        &example(),
        utf16_caps(),
        json!({"entityCommand": "dossier.showEntity"}),
        Value::Null,
    )
    .await;
    c.indexed().await;
    // the client's option is no setting: nothing is reported as ignored
    assert!(
        !c.seen
            .iter()
            .any(|v| v.to_string().contains("entityCommand")),
        "{:?}",
        c.seen
    );
    let h = c
        .request_at(
            "textDocument/hover",
            "front.md",
            "---\ntitle: La$0os — cooperation\n---\n# Laos\n",
        )
        .await;
    // the whole answer: its range in the front matter, "more" lines as command links
    expect![[r#"
        {
          "range": {
            "end": {
              "character": 11,
              "line": 1
            },
            "start": {
              "character": 7,
              "line": 1
            }
          }
        }
        **Laos** · country · ISO 3166 LA · LAO · 418 · 49 mentions in 5 articles, 2021-09-01 to 2025-10-27

        **Signings**

        - 2021-09-01: Cooperation Agreement with International Organization for Migration — [004_6c1511d0a07dadc6:1](file:///ROOT/examples/laos-cooperation/corpus/004_6c1511d0a07dadc6.txt#L1)
        - 2025-01-12: cooperation plan with Vietnam, Lương Tam Quang, Vilay Lakhamphong — [002_9d85ca025dc7a69f:22](file:///ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt#L22)
        - [… and 3 more signings](command:dossier.showEntity?%5B%7B%22kind%22%3A%22country%22%2C%22name%22%3A%22Laos%22%7D%5D)

        **Sources:** [000_bcd4740930e54826:1](file:///ROOT/examples/laos-cooperation/corpus/000_bcd4740930e54826.txt#L1), [001_32f56abccbd66ce3:1](file:///ROOT/examples/laos-cooperation/corpus/001_32f56abccbd66ce3.txt#L1), [002_9d85ca025dc7a69f:18](file:///ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt#L18), [… and 2 more articles](command:dossier.showEntity?%5B%7B%22kind%22%3A%22country%22%2C%22name%22%3A%22Laos%22%7D%5D)

        Also written: “Lao”, “Lao People’s Democratic Republic”, “Lao PDR”
    "#]].assert_eq(&hover_snapshot(&h));
    let card = c
        .request("dossier/entity", json!({"name": "Laos", "kind": "country"}))
        .await;
    assert_eq!(card["name"], "Laos");
    let full = card["markdown"].as_str().unwrap();
    assert!(full.starts_with("**Laos** · country"), "{full}");
    assert!(!full.contains("more"), "{full}");
    assert_eq!(
        c.request("dossier/entity", json!({"name": "Nobody"})).await,
        Value::Null
    );
}

/// With the client's `reportCommand` (VS Code's `dossier.openReport`), an entity's hover ends
/// with an "Open in report" link to it with the entity's id, on its last line; without it, or with a value that is
/// no plain command name, there is no such link. The option is no setting: nothing is reported
/// as ignored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_links_to_the_report_exactly_when_the_client_asks() {
    let link = "[Open in report](command:dossier.openReport?%5B%22country%3Alaos%22%5D)";
    for (opts, linked) in [
        (json!({"reportCommand": "dossier.openReport"}), true),
        (
            json!({"entityCommand": "dossier.showEntity", "reportCommand": "dossier.openReport"}),
            true,
        ),
        (json!({"entityCommand": "dossier.showEntity"}), false),
        (json!({"reportCommand": "open report?x"}), false),
        (json!({"reportCommand": 3}), false),
        (Value::Null, false),
    ] {
        let mut c = TestClient::start(&example(), utf16_caps(), opts.clone(), Value::Null).await;
        c.indexed().await;
        assert!(
            !c.seen
                .iter()
                .any(|v| v.to_string().contains("reportCommand")),
            "{opts}: {:?}",
            c.seen
        );
        let h = c
            .request_at(
                "textDocument/hover",
                "report-link.md",
                "# Brief\n\nThe Vietnamese side met La$0os in Hà Nội.\n",
            )
            .await;
        let md = h["contents"]["value"].as_str().unwrap();
        assert!(md.starts_with("**Laos** · country"), "{opts}: {md}");
        let last = md.lines().last().unwrap();
        if linked {
            // the end of the card's last line (no line of its own: the card must fit a hover)
            assert_eq!(
                last,
                format!(
                    "Also written: “Lao”, “Lao People’s Democratic Republic”, “Lao PDR” · {link}"
                ),
                "{opts}: {md}"
            );
            assert!(md.ends_with(&format!(" · {link}\n")), "{opts}: {md}");
            assert_eq!(md.matches("Open in report").count(), 1, "{opts}: {md}");
        } else {
            assert!(!md.contains("Open in report"), "{opts}: {md}");
            assert!(!md.contains("openReport"), "{opts}: {md}");
        }
        // the entity view's card (dossier/entity) never has the link
        let card = c
            .request("dossier/entity", json!({"name": "Laos", "kind": "country"}))
            .await;
        let full = card["markdown"].as_str().unwrap();
        assert!(!full.contains("Open in report"), "{opts}: {full}");
    }
}

fn note_path(name: &str) -> PathBuf {
    example().join("notes").join(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_country_in_a_note() {
    let mut c = example_client().await;
    let h = c
        .request_at(
            "textDocument/hover",
            "hover.md",
            "# Brief\n\nThe Vietnamese 😀 side met La$0os in Hà Nội.\n",
        )
        .await;
    // the whole answer; the range covers "Laos" after an emoji (two UTF-16 units) on line 2
    expect![[r#"
        {
          "range": {
            "end": {
              "character": 31,
              "line": 2
            },
            "start": {
              "character": 27,
              "line": 2
            }
          }
        }
        **Laos** · country · ISO 3166 LA · LAO · 418 · 49 mentions in 5 articles, 2021-09-01 to 2025-10-27

        **Signings**

        - 2021-09-01: Cooperation Agreement with International Organization for Migration — [004_6c1511d0a07dadc6:1](file:///ROOT/examples/laos-cooperation/corpus/004_6c1511d0a07dadc6.txt#L1)
        - 2025-01-12: cooperation plan with Vietnam, Lương Tam Quang, Vilay Lakhamphong — [002_9d85ca025dc7a69f:22](file:///ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt#L22)
        - … and 3 more signings

        **Sources:** [000_bcd4740930e54826:1](file:///ROOT/examples/laos-cooperation/corpus/000_bcd4740930e54826.txt#L1), [001_32f56abccbd66ce3:1](file:///ROOT/examples/laos-cooperation/corpus/001_32f56abccbd66ce3.txt#L1), [002_9d85ca025dc7a69f:18](file:///ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt#L18), … and 2 more articles

        Also written: “Lao”, “Lao People’s Democratic Republic”, “Lao PDR”
    "#]].assert_eq(&hover_snapshot(&h));
}

/// The whole completion list at a cursor in a note.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_list_of_a_name_prefix() {
    let mut c = example_client().await;
    let r = c
        .request_at(
            "textDocument/completion",
            "complete-snap.md",
            "# Brief\n\nGen. Vila$0\n",
        )
        .await;
    expect![[r#"
        {
          "isIncomplete": true,
          "items": [
            {
              "detail": "person",
              "filterText": "Vilay Lakhamphong",
              "kind": 6,
              "label": "Vilay Lakhamphong",
              "sortText": "00000",
              "textEdit": {
                "newText": "Vilay Lakhamphong",
                "range": {
                  "end": {
                    "character": 9,
                    "line": 2
                  },
                  "start": {
                    "character": 5,
                    "line": 2
                  }
                }
              }
            }
          ]
        }"#]]
    .assert_eq(&snapshot(&r));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_is_used_when_offered() {
    let caps = json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}});
    let mut c = TestClient::start(&example(), caps, Value::Null, Value::Null).await;
    c.indexed().await;
    let text = "Việt Nam và Laos\n";
    let p = note_path("utf8.md");
    c.open(&p, text).await;
    let byte = text.find("Laos").unwrap();
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": uri(&p)}, "position": {"line": 0, "character": byte + 1}})).await;
    assert_eq!(h["range"]["start"]["character"], byte);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_of_a_person_lands_on_source_lines() {
    let mut c = example_client().await;
    let d = c
        .request_at(
            "textDocument/definition",
            "def.md",
            "Gen. Vilay Lakh$0amphong signed.\n",
        )
        .await;
    let locs = d.as_array().unwrap();
    let first: Vec<(String, u64)> = locs
        .iter()
        .take(2)
        .map(|l| {
            (
                l["uri"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                l["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // the first body mention in each article first: 002 line 21, then 003 line 5
    assert_eq!(
        first,
        vec![
            ("002_9d85ca025dc7a69f.txt".to_string(), 21),
            ("003_d9b2f0b984d1a4ec.txt".to_string(), 5)
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn citations_link_hover_and_resolve() {
    let mut c = example_client().await;
    let (text, pos) = fixture("Signed [@00$02] and [[003]], not [@00] or [@zzz].\n");
    let p = note_path("cite.md");
    c.open(&p, &text).await;
    let links = c
        .request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": uri(&p)}}),
        )
        .await;
    let targets: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        targets,
        vec![
            "002_9d85ca025dc7a69f.txt#L18",
            "003_d9b2f0b984d1a4ec.txt#L3"
        ]
    );
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&p)}, "position": pos}),
        )
        .await;
    // the whole article card
    expect![[r#"
        {
          "range": {
            "end": {
              "character": 13,
              "line": 0
            },
            "start": {
              "character": 7,
              "line": 0
            }
          }
        }
        **Việt Nam, Laos to boost public security cooperation**

        002_9d85ca025dc7a69f · published 2025-01-12 · [open](file:///ROOT/examples/laos-cooperation/corpus/002_9d85ca025dc7a69f.txt)

        > The public security forces of Việt Nam and Laos have collaborated to combat transnational drug crimes, human trafficking and improve mutual legal assistance on criminal justice.
        >
        > Vietnamese Minister of Public Security Gen. Lương Tam Quang and Lao Deputy Prime Minister, Minister of Public Security Gen. Vilay Lakhamphong signed the cooperation plan between the two ministries on Sunday. — VNA/VNS Photo Phạm Kiên
        >
        > HÀ NỘI — The Vietnamese and Lao public security ministries jointly held a review conference of their 2024 cooperation plan in Hà Nội on Sunday, with notable achievements seen in countering cross-border crimes.
        >
    "#]].assert_eq(&hover_snapshot(&h));
    let at = |needle: &str| json!({"line": 0, "character": text.find(needle).unwrap() + 2});
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&p)}, "position": at("[@00]")}),
        )
        .await;
    // an ambiguous prefix: the whole list of the articles it matches
    expect![[r#"
        {
          "range": {
            "end": {
              "character": 36,
              "line": 0
            },
            "start": {
              "character": 31,
              "line": 0
            }
          }
        }
        `00` matches 5 articles: 000_bcd4740930e54826, 001_32f56abccbd66ce3, 002_9d85ca025dc7a69f, 003_d9b2f0b984d1a4ec, 004_6c1511d0a07dadc6"#]].assert_eq(&hover_snapshot(&h));
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&p)}, "position": at("[@zzz]")}),
        )
        .await;
    assert_eq!(
        h["contents"]["value"],
        "No article of the corpus matches `zzz`."
    );
    let d = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri(&p)}, "position": pos}),
        )
        .await;
    assert!(
        d[0]["uri"]
            .as_str()
            .unwrap()
            .ends_with("002_9d85ca025dc7a69f.txt")
    );
    assert_eq!(d[0]["range"]["start"]["line"], 17);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_include_the_corpus_and_the_notes() {
    let mut c = example_client().await;
    let (text, pos) = fixture("IO$0M and the International Organization for Migration.\n");
    let p = note_path("refs.md");
    c.open(&p, &text).await;
    let r = c.request("textDocument/references", json!({"textDocument": {"uri": uri(&p)}, "position": pos, "context": {"includeDeclaration": true}})).await;
    let files: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        files
            .iter()
            .filter(|f| **f == "004_6c1511d0a07dadc6.txt")
            .count(),
        14
    );
    assert_eq!(files.iter().filter(|f| **f == "refs.md").count(), 2);
    assert_eq!(
        files
            .iter()
            .filter(|f| **f == "cooperation-brief.md")
            .count(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_of_citations_and_names() {
    let mut c = example_client().await;
    let r = c
        .request_at("textDocument/completion", "complete.md", "See [@00$0\n")
        .await;
    let p = note_path("complete.md");
    // the whole list: every article whose id starts with `00`
    expect![[r#"
        {
          "isIncomplete": true,
          "items": [
            {
              "detail": "Laos, Luxembourg strengthen cooperation in international law",
              "filterText": "000_bcd4740930e54826",
              "kind": 18,
              "label": "000_bcd4740930e54826",
              "sortText": "00000",
              "textEdit": {
                "newText": "000_bcd4740930e54826",
                "range": {
                  "end": {
                    "character": 8,
                    "line": 0
                  },
                  "start": {
                    "character": 6,
                    "line": 0
                  }
                }
              }
            },
            {
              "detail": "Laos and Việt Nam strengthen cooperation in judicial assistance",
              "filterText": "001_32f56abccbd66ce3",
              "kind": 18,
              "label": "001_32f56abccbd66ce3",
              "sortText": "00001",
              "textEdit": {
                "newText": "001_32f56abccbd66ce3",
                "range": {
                  "end": {
                    "character": 8,
                    "line": 0
                  },
                  "start": {
                    "character": 6,
                    "line": 0
                  }
                }
              }
            },
            {
              "detail": "Việt Nam, Laos to boost public security cooperation · 2025-01-12",
              "filterText": "002_9d85ca025dc7a69f",
              "kind": 18,
              "label": "002_9d85ca025dc7a69f",
              "sortText": "00002",
              "textEdit": {
                "newText": "002_9d85ca025dc7a69f",
                "range": {
                  "end": {
                    "character": 8,
                    "line": 0
                  },
                  "start": {
                    "character": 6,
                    "line": 0
                  }
                }
              }
            },
            {
              "detail": "Laos signs UN Convention against Cybercrime witnessed by President Thongloun · 2025-10-27",
              "filterText": "003_d9b2f0b984d1a4ec",
              "kind": 18,
              "label": "003_d9b2f0b984d1a4ec",
              "sortText": "00003",
              "textEdit": {
                "newText": "003_d9b2f0b984d1a4ec",
                "range": {
                  "end": {
                    "character": 8,
                    "line": 0
                  },
                  "start": {
                    "character": 6,
                    "line": 0
                  }
                }
              }
            },
            {
              "detail": "(no headline) · 2021-09-01",
              "filterText": "004_6c1511d0a07dadc6",
              "kind": 18,
              "label": "004_6c1511d0a07dadc6",
              "sortText": "00004",
              "textEdit": {
                "newText": "004_6c1511d0a07dadc6",
                "range": {
                  "end": {
                    "character": 8,
                    "line": 0
                  },
                  "start": {
                    "character": 6,
                    "line": 0
                  }
                }
              }
            }
          ]
        }"#]].assert_eq(&snapshot(&r));

    let (text, pos) = fixture("Talks with Viet$0\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&p), "version": 2}, "contentChanges": [{"text": text}]}),
    )
    .await;
    let r = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(&p)}, "position": pos}),
        )
        .await;
    // the whole list of names starting `Viet`
    expect![[r#"
        {
          "isIncomplete": true,
          "items": [
            {
              "detail": "country",
              "filterText": "Vietnam",
              "kind": 9,
              "label": "Vietnam",
              "sortText": "00000",
              "textEdit": {
                "newText": "Vietnam",
                "range": {
                  "end": {
                    "character": 15,
                    "line": 0
                  },
                  "start": {
                    "character": 11,
                    "line": 0
                  }
                }
              }
            },
            {
              "detail": "organization",
              "filterText": "Việt Nam-Laos Security Cooperation Conference",
              "kind": 7,
              "label": "Việt Nam-Laos Security Cooperation Conference",
              "sortText": "00001",
              "textEdit": {
                "newText": "Việt Nam-Laos Security Cooperation Conference",
                "range": {
                  "end": {
                    "character": 15,
                    "line": 0
                  },
                  "start": {
                    "character": 11,
                    "line": 0
                  }
                }
              }
            }
          ]
        }"#]]
    .assert_eq(&snapshot(&r));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_edits_then_hover() {
    let mut c = example_client().await;
    let p = note_path("edit.md");
    c.open(&p, "Nothing here yet.\n").await;
    // replace "Nothing" with "Thailand" through a ranged edit
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri(&p), "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 7}}, "text": "Thailand"}
    ]})).await;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&p)}, "position": {"line": 0, "character": 2}}),
        )
        .await;
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**Thailand** · country"),
        "{h}"
    );
    // positions outside the document: clamped, no crash, nothing to show
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&p)}, "position": {"line": 99, "character": 99}}),
        )
        .await;
    assert_eq!(h, Value::Null);
    // a document that is neither open nor on disk
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///no/such/note.md"}, "position": {"line": 0, "character": 0}})).await;
    assert_eq!(h, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symbols_tokens_and_hints() {
    let mut c = example_client().await;
    let ws = c
        .request("workspace/symbol", json!({"query": "luxdev"}))
        .await;
    assert_eq!(
        ws[0]["name"],
        "Luxembourg Agency for Development Cooperation"
    );

    let text = "# Brief\n\n## Việt Nam\nLaos and Vietnam.\n\n## IOM\nThe IOM office.\n";
    let p = note_path("symbols.md");
    c.open(&p, text).await;
    let ds = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri(&p)}}),
        )
        .await;
    let top = &ds[0];
    assert_eq!(top["name"], "Brief");
    let sections: Vec<&str> = top["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(sections, vec!["Việt Nam", "IOM"]);
    let under: Vec<&str> = top["children"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(under, vec!["Laos", "Vietnam"]);

    let st = c
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": uri(&p)}}),
        )
        .await;
    let data: Vec<u64> = st["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    // first token: line 2 col 3 "Việt Nam" (8 UTF-16 units), type 0 = country
    assert_eq!(&data[..5], &[2, 3, 8, 0, 0]);

    let art = example().join("corpus/002_9d85ca025dc7a69f.txt");
    let hints = c.request("textDocument/inlayHint", json!({"textDocument": {"uri": uri(&art)}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}}})).await;
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"→ 2025-01-12"), "{labels:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indexing_reports_progress() {
    let mut c = example_client().await;
    let kinds: Vec<String> = {
        c.wait_for(|v| v["method"] == "$/progress" && v["params"]["value"]["kind"] == "end")
            .await;
        c.seen
            .iter()
            .filter(|v| v["method"] == "$/progress")
            .map(|v| v["params"]["value"]["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds.first().map(String::as_str), Some("begin"));
    assert_eq!(kinds.last().map(String::as_str), Some("end"));
    assert!(kinds.iter().any(|k| k == "report"));
    assert!(
        c.seen
            .iter()
            .any(|v| v["method"] == "window/workDoneProgress/create")
    );
    assert!(
        c.seen
            .iter()
            .any(|v| v["method"] == "client/registerCapability")
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A server on a copy of the example (which the test may change), once it has indexed.
async fn copied_example_client() -> (tempfile::TempDir, TestClient) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), dir.path());
    let mut c = TestClient::start(dir.path(), utf16_caps(), Value::Null, Value::Null).await;
    c.indexed().await;
    (dir, c)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_added_article_shows_in_hover() {
    let (dir, mut c) = copied_example_client().await;
    let art = dir.path().join("corpus/005_new.txt");
    std::fs::write(&art, "Ruritania and Laos sign river pact\ndate 2026-02-02\n\nThe Ruritania Agency for Water Management (RAWM) and Laos signed a river agreement on Monday.\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&art), "type": 1}]}),
    )
    .await;
    c.seen.clear();
    assert_eq!(
        c.indexed().await.split(',').next(),
        Some("indexed 6 articles")
    );
    let p = dir.path().join("notes/new.md");
    c.open(&p, "RAWM works with Laos.\n").await;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&p)}, "position": {"line": 0, "character": 1}}),
        )
        .await;
    // the whole card, the copy's folder written `COPY`
    expect![[r#"
        {
          "range": {
            "end": {
              "character": 4,
              "line": 0
            },
            "start": {
              "character": 0,
              "line": 0
            }
          }
        }
        **Ruritania Agency for Water Management** · organization of Laos · 2 mentions in 1 article, 2026-02-02 to 2026-02-02

        **Signings**

        - 2026-02-02: river agreement with Laos — [005_new:4](file:///COPY/corpus/005_new.txt#L4)

        **Sources:** [005_new:4](file:///COPY/corpus/005_new.txt#L4)

        Also written: “RAWM”
    "#]].assert_eq(&hover_snapshot(&h).replace(&uri(dir.path()), "file:///COPY"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_choose_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example().join("corpus"), &dir.path().join("articles"));
    std::fs::remove_file(dir.path().join("articles/000_bcd4740930e54826.txt")).unwrap();
    // a bad severity entry is left out with a warning; it does not stop indexing
    let opts =
        json!({"dossier": {"corpus": ["articles/*.txt"], "severity": {"date-mismach": "error"}}});
    let mut c = TestClient::start(dir.path(), json!({}), opts, Value::Null).await;
    assert_eq!(
        c.indexed().await.split(',').next(),
        Some("indexed 4 articles")
    );
    // workspace/configuration answers win over initializationOptions when the client has them
    let caps = json!({"workspace": {"configuration": true}});
    let mut c = TestClient::start(
        dir.path(),
        caps,
        Value::Null,
        json!({"corpus": ["articles/00[12]*.txt"]}),
    )
    .await;
    assert_eq!(
        c.indexed().await.split(',').next(),
        Some("indexed 2 articles")
    );
}

/// The client is asked to watch the configured globs (and `dossier.toml`), relative to the
/// workspace when it can take relative patterns, else as whole paths.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watcher_watches_the_configured_globs() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example().join("corpus"), &dir.path().join("articles"));
    let opts = json!({"dossier": {"corpus": ["articles/*.txt"], "notes": ["briefs/**/*.md"]}});
    for relative in [true, false] {
        let caps = json!({"workspace": {"didChangeWatchedFiles": {
            "dynamicRegistration": true, "relativePatternSupport": relative}}});
        let mut c = TestClient::start(dir.path(), caps, opts.clone(), Value::Null).await;
        let reg = c
            .wait_for(|v| v["method"] == "client/registerCapability")
            .await;
        let watchers = &reg["params"]["registrations"][0]["registerOptions"]["watchers"];
        let root = uri(dir.path());
        let globs: Vec<Value> = ["articles/*.txt", "briefs/**/*.md", "**/dossier.toml"]
            .iter()
            .map(|g| {
                if relative {
                    json!({"globPattern": {"baseUri": root, "pattern": g}})
                } else {
                    json!({"globPattern": format!("{}/{g}", dir.path().display())})
                }
            })
            .collect();
        assert_eq!(*watchers, json!(globs), "{reg}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_client_watching_the_server_watches_itself() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), dir.path());
    let mut c = TestClient::start(dir.path(), json!({}), Value::Null, Value::Null).await;
    c.indexed().await;
    c.seen.clear();
    std::fs::remove_file(dir.path().join("corpus/000_bcd4740930e54826.txt")).unwrap();
    assert_eq!(
        c.indexed().await.split(',').next(),
        Some("indexed 4 articles")
    );
    assert!(
        !c.seen
            .iter()
            .any(|v| v["method"] == "client/registerCapability")
    );
}

const BRIEF: &str = "# Brief\n\nGen. Lương Tam Quang and Gen. Vilay Lakhamphong signed the 2025 cooperation plan on 14 January 2025.\nLaos and Luxembourg signed an MoU on technical cooperation in international law.\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_are_pushed_and_fixed_by_code_actions() {
    let mut c = example_client().await;
    let p = note_path("diag.md");
    c.open(&p, BRIEF).await;
    let u = uri(&p);
    let pushed = c
        .wait_for(|v| {
            v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == u.as_str()
        })
        .await;
    let diags = pushed["params"]["diagnostics"].as_array().unwrap().clone();
    let date = diags
        .iter()
        .find(|d| d["code"] == "date-mismatch")
        .expect("date-mismatch");
    assert_eq!(date["severity"], 2);
    assert_eq!(date["source"], "dossier");
    assert_eq!(
        date["message"],
        "the corpus dates this signing 12 January 2025 (002_9d85ca025dc7a69f, line 22)"
    );
    let col =
        "Gen. Lương Tam Quang and Gen. Vilay Lakhamphong signed the 2025 cooperation plan on "
            .encode_utf16()
            .count();
    assert_eq!(date["range"]["start"], json!({"line": 2, "character": col}));
    assert!(
        date["relatedInformation"][0]["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("002_9d85ca025dc7a69f.txt")
    );
    assert_eq!(
        date["relatedInformation"][0]["location"]["range"]["start"]["line"],
        21
    );

    let actions = c.request("textDocument/codeAction", json!({
        "textDocument": {"uri": u}, "range": date["range"], "context": {"diagnostics": [date]}
    })).await;
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Use the corpus date: 12 January 2025"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Add the citation [@002_9d85ca025dc7a69f]"),
        "{titles:?}"
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Use the corpus date: 12 January 2025")
        .unwrap();
    let edit = &fix["edit"]["changes"][u.as_str()][0];
    assert_eq!(edit["newText"], "12 January 2025");
    assert_eq!(edit["range"]["start"], json!({"line": 2, "character": col}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_can_be_pulled() {
    let caps = json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    let mut c = TestClient::start(&example(), caps, Value::Null, Value::Null).await;
    c.indexed().await;
    let p = note_path("pull.md");
    c.open(
        &p,
        "The next meeting is planned for 31 September 2026. See [@zzz].\n",
    )
    .await;
    let r = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri(&p)}}),
        )
        .await;
    assert_eq!(r["kind"], "full");
    let codes: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["invalid-date", "unknown-source"]);
    assert!(
        !c.seen
            .iter()
            .any(|v| v["method"] == "textDocument/publishDiagnostics")
    );
}

/// A change of severities only checks the open notes again: no re-index (the same generation,
/// nothing read again), and the finding comes back with the new severity.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_severity_change_rechecks_without_reindexing() {
    let mut c = example_client().await;
    let p = note_path("sev.md");
    c.open(&p, BRIEF).await;
    let u = uri(&p);
    let has_date = |v: &Value, severity: i64| {
        v["method"] == "textDocument/publishDiagnostics"
            && v["params"]["uri"] == u.as_str()
            && v["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "date-mismatch" && d["severity"] == severity)
    };
    c.wait_for(|v| has_date(v, 2)).await;
    let before = stats(&mut c).await;
    c.seen.clear();
    let index_dir = c._index_dir.as_ref().unwrap().path().to_path_buf();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dossier": {"indexDir": index_dir, "severity": {"date-mismatch": "error"}}}}),
    )
    .await;
    c.wait_for(|v| has_date(v, 1)).await;
    let after = stats(&mut c).await;
    assert_eq!(after["generation"], before["generation"], "{after}");
    assert_eq!(after["filesRead"], before["filesRead"], "{after}");
    assert!(!c.seen.iter().any(|v| {
        v["params"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("indexed"))
    }));
}

async fn stats(c: &mut TestClient) -> Value {
    c.request("dossier/stats", json!({})).await
}

/// Adds a sentence to an article of the example copied to `root`, tells the server and waits
/// for the re-index.
async fn change_an_article(c: &mut TestClient, root: &Path) {
    let art = root.join("corpus/002_9d85ca025dc7a69f.txt");
    let mut text = std::fs::read_to_string(&art).unwrap();
    text.push_str("\nThailand also signed the plan.\n");
    std::fs::write(&art, text).unwrap();
    c.seen.clear();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&art), "type": 2}]}),
    )
    .await;
    c.indexed().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_article_is_the_only_file_read_again() {
    let (dir, mut c) = copied_example_client().await;
    assert_eq!(stats(&mut c).await["filesRead"], 5);
    change_an_article(&mut c, dir.path()).await;
    let s = stats(&mut c).await;
    assert_eq!(s["filesRead"], 6, "{s}");
    assert_eq!(s["articlesAnalysed"], 6, "{s}");
    assert_eq!(s["generation"], 2);
    // a deleted article is dropped without reading anything
    let gone = dir.path().join("corpus/000_bcd4740930e54826.txt");
    std::fs::remove_file(&gone).unwrap();
    c.seen.clear();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&gone), "type": 3}]}),
    )
    .await;
    assert_eq!(
        c.indexed().await.split(',').next(),
        Some("indexed 4 articles")
    );
    let s = stats(&mut c).await;
    assert_eq!(
        (s["filesRead"].as_u64(), s["articlesAnalysed"].as_u64()),
        (Some(6), Some(6))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_rechecks_that_note_only() {
    let mut c = example_client().await;
    let (a, b) = (note_path("one.md"), note_path("two.md"));
    c.open(&a, "Laos and Luxembourg signed an MoU on 2 May 2020.\n")
        .await;
    c.open(&b, "The next meeting is on 31 September 2026.\n")
        .await;
    for p in [&a, &b] {
        published(&mut c, p, 1).await;
    }
    let before = stats(&mut c).await["notesChecked"].as_u64().unwrap();
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri(&a), "version": 2}, "contentChanges": [{"text": "Laos signed nothing.\n"}]})).await;
    published(&mut c, &a, 2).await;
    assert_eq!(
        stats(&mut c).await["notesChecked"].as_u64().unwrap(),
        before + 1
    );
}

/// Waits for the diagnostics of version `version` of the note at `p`.
async fn published(c: &mut TestClient, p: &Path, version: i64) {
    let u = uri(p);
    c.wait_for(|v| {
        v["method"] == "textDocument/publishDiagnostics"
            && v["params"]["uri"] == u.as_str()
            && v["params"]["version"] == version
    })
    .await;
}

/// What the checks read of the knowledge base alone is built once per knowledge base, not per
/// check: two notes opened and one edited make three checks and one build; a new knowledge base
/// builds it once more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checks_build_their_knowledge_base_facts_once_per_knowledge_base() {
    let (dir, mut c) = copied_example_client().await;
    let (a, b) = (
        dir.path().join("notes/one.md"),
        dir.path().join("notes/two.md"),
    );
    c.open(&a, "Laos and Luxembourg signed an MoU on 2 May 2020.\n")
        .await;
    published(&mut c, &a, 1).await;
    c.open(&b, "The next meeting is on 31 September 2026.\n")
        .await;
    published(&mut c, &b, 1).await;
    let edit = |version: i64| json!({"textDocument": {"uri": uri(&a), "version": version}, "contentChanges": [{"text": "Laos signed nothing.\n"}]});
    c.notify("textDocument/didChange", edit(2)).await;
    published(&mut c, &a, 2).await;
    let s = stats(&mut c).await;
    assert_eq!(
        (s["notesChecked"].as_u64(), s["checkFactsBuilt"].as_u64()),
        (Some(3), Some(1)),
        "{s}"
    );
    // a changed article makes a new knowledge base: the next check builds its facts
    change_an_article(&mut c, dir.path()).await;
    c.notify("textDocument/didChange", edit(3)).await;
    published(&mut c, &a, 3).await;
    let s = stats(&mut c).await;
    assert_eq!(s["checkFactsBuilt"].as_u64(), Some(2), "{s}");
}

/// Hover and definition read the entity summary of the knowledge base, built once per
/// knowledge base (by the warm-up after it is installed), not a scan of an entity's mentions per
/// request: six hovers and six definitions build nothing more; a new knowledge base builds it
/// once more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_and_definition_read_a_summary_built_once_per_knowledge_base() {
    let (dir, mut c) = copied_example_client().await;
    summaries_built(&mut c, 1).await;
    let note = dir.path().join("notes/summary.md");
    c.open(&note, "Laos and Thailand signed an MoU.\n").await;
    let at = |character: u32| json!({"textDocument": {"uri": uri(&note)}, "position": {"line": 0, "character": character}});
    for (i, character) in [1, 12, 1, 12, 1, 12].into_iter().enumerate() {
        let h = c.request("textDocument/hover", at(character)).await;
        assert!(h["contents"]["value"].is_string(), "{i}: {h}");
        let d = c.request("textDocument/definition", at(character)).await;
        assert!(!d.as_array().unwrap().is_empty(), "{i}: {d}");
    }
    let s = stats(&mut c).await;
    assert_eq!(s["summariesBuilt"].as_u64(), Some(1), "{s}");
    // a changed article makes a new knowledge base with a summary of its own
    change_an_article(&mut c, dir.path()).await;
    summaries_built(&mut c, 2).await;
    for character in [1, 12] {
        let h = c.request("textDocument/hover", at(character)).await;
        assert!(h["contents"]["value"].is_string(), "{h}");
    }
    let s = stats(&mut c).await;
    assert_eq!(s["summariesBuilt"].as_u64(), Some(2), "{s}");
}

/// Waits until the server has built `n` entity summaries.
async fn summaries_built(c: &mut TestClient, n: u64) {
    for _ in 0..200 {
        if stats(c).await["summariesBuilt"].as_u64() >= Some(n) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{n} summaries were not built: {}", stats(c).await);
}

/// Waits until the server has written its persistent index `n` times.
async fn index_saves(c: &mut TestClient, n: u64) {
    for _ in 0..200 {
        if stats(c).await["indexSaves"].as_u64() == Some(n) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the index was not written {n} times: {}", stats(c).await);
}

/// Waits until the server has replaced `n` knowledge bases by the same ones read in place.
async fn stored_swaps(c: &mut TestClient, n: u64) -> Value {
    for _ in 0..200 {
        let s = stats(c).await;
        if s["storedSwaps"].as_u64() == Some(n) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not {n} knowledge bases read in place: {}", stats(c).await);
}

/// The hover card at the cursor of `fixture` (`$0`), opened as `notes/warm.md` under `root`.
async fn hover_in_note(c: &mut TestClient, root: &Path, fixture_text: &str) -> String {
    let (note, pos) = fixture(fixture_text);
    let p = root.join("notes/warm.md");
    c.open(&p, &note).await;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&p)}, "position": pos}),
        )
        .await;
    h["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

const NONE_DECODED: &str = r#"{"articles":0,"facts":0,"matches":0,"prepared":0}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_starts_from_the_persistent_index() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), dir.path());
    let cache = tempfile::tempdir().unwrap();
    let opts = json!({"indexDir": cache.path()});
    let start = |opts: Value| TestClient::start(dir.path(), utf16_caps(), opts, Value::Null);
    let mut c = start(opts.clone()).await;
    c.indexed().await;
    index_saves(&mut c, 1).await;
    let s = stats(&mut c).await;
    assert_eq!(
        (s["filesRead"].as_u64(), s["articlesAnalysed"].as_u64()),
        (Some(5), Some(5))
    );
    // once written, the knowledge base built is replaced by the one stored, read in place
    let s = stored_swaps(&mut c, 1).await;
    assert_eq!(s["decoded"].to_string(), NONE_DECODED);
    drop(c);

    // an article changed while no server ran: only it is read and analysed
    let art = dir.path().join("corpus/002_9d85ca025dc7a69f.txt");
    let mut text = std::fs::read_to_string(&art).unwrap();
    text.push_str("\nThailand also signed the plan.\n");
    std::fs::write(&art, text).unwrap();
    let mut c = start(opts.clone()).await;
    c.indexed().await;
    assert!(
        c.seen
            .iter()
            .any(|v| v["params"]["message"] == "loaded the index of 5 articles")
    );
    let s = stats(&mut c).await;
    assert_eq!(
        (s["filesRead"].as_u64(), s["articlesAnalysed"].as_u64()),
        (Some(1), Some(1))
    );
    let md = hover_in_note(&mut c, dir.path(), "Laos and Thai$0land.\n").await;
    assert!(md.starts_with("**Thailand** · country"), "{md}");
    index_saves(&mut c, 1).await;
    drop(c);

    // nothing changed: nothing read, nothing analysed, nothing written, and the index is
    // mapped without decoding any article until one is asked for
    let mut c = start(opts.clone()).await;
    c.indexed().await;
    let s = stats(&mut c).await;
    assert_eq!(
        (s["filesRead"].as_u64(), s["articlesAnalysed"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(s["decoded"].to_string(), NONE_DECODED);
    let md = hover_in_note(&mut c, dir.path(), "Tha$0iland.\n").await;
    assert!(md.starts_with("**Thailand** · country"), "{md}");
    let s = stats(&mut c).await;
    assert_eq!(s["storedSwaps"].as_u64(), Some(0), "{s}");
    // the entity summaries come from the index (building them reads every mention's text)
    assert_eq!(s["summariesBuilt"].as_u64(), Some(0), "{s}");
    drop(c);

    // a damaged index is said to be so, and rebuilt
    let idx: Vec<PathBuf> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(idx.len(), 1, "{idx:?}");

    // an article's record altered on disk: the index opens (records are checked when read),
    // the check of all records after the start finds it, and the corpus is indexed anew
    let mut bytes = std::fs::read(&idx[0]).unwrap();
    let needle = b"Thailand also signed the plan.";
    let at = bytes
        .windows(needle.len())
        .rposition(|w| w == needle)
        .expect("the article's text in its record (after the corpus-wide part)");
    bytes[at] = b'X';
    std::fs::write(&idx[0], &bytes).unwrap();
    let mut c = start(opts.clone()).await;
    c.wait_for(|v| v["params"]["message"] == "index is damaged (checksum mismatch); rebuilding it")
        .await;
    // loaded first: the damage was found after the start, not by opening
    let said = |m: &str| c.seen.iter().position(|v| v["params"]["message"] == m);
    assert!(
        said("loaded the index of 5 articles")
            < said("index is damaged (checksum mismatch); rebuilding it")
    );
    assert!(said("loaded the index of 5 articles").is_some());
    for _ in 0..200 {
        if stats(&mut c).await["filesRead"] == 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(stats(&mut c).await["filesRead"], 5);
    index_saves(&mut c, 1).await;
    let md = hover_in_note(&mut c, dir.path(), "Tha$0iland.\n").await;
    assert!(md.starts_with("**Thailand** · country"), "{md}");
    drop(c);

    std::fs::write(&idx[0], b"not an index").unwrap();
    let mut c = start(opts).await;
    c.indexed().await;
    assert!(
        c.seen
            .iter()
            .any(|v| v["params"]["message"]
                == "index is damaged (not a Dossier index); rebuilding it"),
        "{:?}",
        c.seen
    );
    assert_eq!(stats(&mut c).await["filesRead"], 5);
    index_saves(&mut c, 1).await;
}

/// After indexing, a client that can be told to asks again for semantic tokens and inlay
/// hints: a note opened while indexing got none (seen in VS Code: names without colours until
/// the first edit).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indexing_asks_the_client_to_refresh_tokens_and_hints() {
    let caps = json!({"window": {"workDoneProgress": true},
        "workspace": {"configuration": true, "semanticTokens": {"refreshSupport": true},
                      "inlayHint": {"refreshSupport": true}}});
    let mut c = TestClient::start(&example(), caps, Value::Null, Value::Null).await;
    c.indexed().await;
    for method in [
        "workspace/semanticTokens/refresh",
        "workspace/inlayHint/refresh",
    ] {
        c.wait_for(|v| v["method"] == method).await;
    }
    // without the capability, no such request
    let mut c = TestClient::start(&example(), utf16_caps(), Value::Null, Value::Null).await;
    c.indexed().await;
    stats(&mut c).await;
    assert!(
        !c.seen
            .iter()
            .any(|v| v["method"] == "workspace/semanticTokens/refresh")
    );
}
