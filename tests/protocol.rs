//! The server as an editor runs it (`dossier lsp`, a child process on stdio) under hostile or
//! broken input: each malformed message gets the JSON-RPC error the spec asks for and the
//! server goes on serving; documents that are not open are read only inside the workspace and
//! only when they are regular files; `exit` ends the process at once with the spec's code;
//! requests over the time limit and panicking handlers get error responses.

use dossier::lsp::client::Client;
use dossier::lsp::framing::encode;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The server under test, through the project's one LSP client.
struct Server {
    c: Client,
    _cache: tempfile::TempDir,
}

const WAIT: Duration = Duration::from_secs(8);

impl Server {
    fn start(root: &Path) -> Server {
        Server::start_args(root, &[])
    }

    /// `dossier lsp --log-level info` and `args`; stderr goes to `stderr.txt` in the cache folder.
    fn start_args(root: &Path, args: &[&str]) -> Server {
        let cache = tempfile::tempdir().unwrap();
        let stderr = std::fs::File::create(cache.path().join("stderr.txt")).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
        cmd.args(["lsp", "--log-level", "info"])
            .args(args)
            .current_dir(root)
            .env("DOSSIER_CACHE_DIR", cache.path())
            .env("DOSSIER_DEBUG_METHODS", "1")
            .stderr(stderr);
        Server {
            c: Client::spawn(&mut cmd).unwrap(),
            _cache: cache,
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.c.raw(bytes).unwrap();
    }

    fn send(&mut self, v: &Value) {
        self.c.send(v).unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.c.notify(method, params).unwrap();
    }

    /// The next response (a message with an id and no method), answering the server's own
    /// requests on the way.
    fn response(&mut self) -> Value {
        self.c.response(WAIT).expect("the server answered in time")
    }

    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.c.next_id();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let r = self.response();
        assert_eq!(r["id"], id, "{r}");
        r
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
        r["result"].clone()
    }

    fn initialize(&mut self, root: &Path, options: Value) {
        let u = uri(root);
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": u, "capabilities": {},
                   "workspaceFolders": [{"uri": u, "name": "ws"}],
                   "initializationOptions": options}),
        );
        assert!(r["capabilities"]["hoverProvider"].as_bool().unwrap());
        self.notify("initialized", json!({}));
    }

    /// Waits for the first index.
    fn indexed(&mut self) {
        let done = |v: &Value| {
            v["params"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("indexed"))
        };
        if !self.c.seen.iter().any(done) {
            let v = self.c.wait(WAIT, done).expect("indexed in time");
            self.c.seen.push(v);
        }
    }

    /// The exit code, which must come within `within`.
    fn exit_code(&mut self, within: Duration) -> i32 {
        let end = Instant::now() + within;
        loop {
            if let Some(s) = self.c.child.try_wait().unwrap() {
                return s.code().expect("exited with a code");
            }
            if Instant::now() > end {
                let _ = self.c.child.kill();
                panic!("the server did not end within {within:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn uri(p: &Path) -> String {
    dossier::corpus::file_url(p, None)
}

fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laos-cooperation"),
        &root,
    );
    (dir, root)
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

fn hover_at(s: &mut Server, path: &Path, line: u32, character: u32) -> Value {
    s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}}),
    )
}

fn framed(body: &str) -> Vec<u8> {
    encode(body.as_bytes())
}

#[test]
fn malformed_messages_are_answered_and_the_server_goes_on() {
    let (_dir, root) = example_copy();
    let mut s = Server::start(&root);
    s.initialize(&root, json!({}));
    s.indexed();
    let note = root.join("notes/probe.md");
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&note), "languageId": "markdown", "version": 1,
                                "text": "Laos met its partners.\n"}}),
    );
    assert!(
        hover_at(&mut s, &note, 0, 1)["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Laos")
    );

    let deep = "[".repeat(100_000);
    let cases: Vec<(&str, Vec<u8>, i64, Value)> = vec![
        (
            "invalid JSON",
            framed(r#"{"jsonrpc":"2.0","id":1,"#),
            -32700,
            Value::Null,
        ),
        (
            "no Content-Length",
            b"Content-Type: application/vscode-jsonrpc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":900,\"method\":\"shutdown\"}".to_vec(),
            -32700,
            Value::Null,
        ),
        (
            "non-numeric Content-Length",
            b"Content-Length: twelve\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":901,\"method\":\"shutdown\"}".to_vec(),
            -32700,
            Value::Null,
        ),
        (
            "a batch",
            framed(r#"[{"jsonrpc":"2.0","id":902,"method":"shutdown"}]"#),
            -32600,
            Value::Null,
        ),
        (
            "no jsonrpc",
            framed(r#"{"id":903,"method":"shutdown"}"#),
            -32600,
            json!(903),
        ),
        (
            "wrong jsonrpc",
            framed(r#"{"jsonrpc":"1.0","id":904,"method":"shutdown"}"#),
            -32600,
            json!(904),
        ),
        (
            "a float id",
            framed(r#"{"jsonrpc":"2.0","id":905.5,"method":"shutdown"}"#),
            -32600,
            Value::Null,
        ),
        (
            "an object id",
            framed(r#"{"jsonrpc":"2.0","id":{"n":906},"method":"shutdown"}"#),
            -32600,
            Value::Null,
        ),
        (
            "a null method",
            framed(r#"{"jsonrpc":"2.0","id":907,"method":null}"#),
            -32600,
            json!(907),
        ),
        ("JSON nested too deep", framed(&deep), -32700, Value::Null),
        (
            "a $/ request",
            framed(r#"{"jsonrpc":"2.0","id":908,"method":"$/dossier/unknown","params":{}}"#),
            -32601,
            json!(908),
        ),
        (
            "a scalar",
            framed("42"),
            -32600,
            Value::Null,
        ),
    ];
    for (what, bytes, code, id) in cases {
        s.raw(&bytes);
        let r = s.response();
        assert_eq!(r["error"]["code"], code, "{what}: {r}");
        assert_eq!(r["id"], id, "{what}: {r}");
        // and the server still serves
        let h = hover_at(&mut s, &note, 0, 1);
        assert!(
            h["contents"]["value"].as_str().unwrap().contains("Laos"),
            "{what}"
        );
    }

    // a `$/` notification is ignored: the next answer is the hover's
    s.notify("$/dossier/whatever", json!({}));
    assert!(!hover_at(&mut s, &note, 0, 1).is_null());

    // a lone surrogate escape in a didOpen text: read as U+FFFD, the document opens
    let odd = root.join("notes/surrogate.md");
    let body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{}","languageId":"markdown","version":1,"text":"\ud800 Laos signed.\n"}}}}}}"#,
        uri(&odd)
    );
    s.raw(&framed(&body));
    let h = hover_at(&mut s, &odd, 0, 3);
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("Laos"),
        "{h}"
    );

    // framing lost mid-stream (a body shorter than its Content-Length swallows the next
    // header): the server resynchronises on the following header
    s.raw(b"Content-Length: 5\r\n\r\n{}");
    s.raw(b"garbage\r\n\r\n");
    loop {
        let r = s.response();
        if r.get("error").is_some() && r["id"].is_null() {
            break;
        }
    }
    // the error for the garbage may come in one or two responses; a hover answered is the test
    let id = s.c.next_id();
    s.send(&json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
                   "params": {"textDocument": {"uri": uri(&note)}, "position": {"line": 0, "character": 1}}}));
    let r = loop {
        let r = s.response();
        if r["id"] == id {
            break r;
        }
        assert!(r["id"].is_null(), "{r}");
    };
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Laos"),
        "{r}"
    );

    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_code(Duration::from_secs(1)), 0);
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let (_dir, root) = example_copy();
    let mut s = Server::start(&root);
    s.initialize(&root, json!({}));
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_code(Duration::from_secs(1)), 1);
}

#[test]
fn exit_ends_the_process_at_once_even_with_a_request_stuck() {
    let (_dir, root) = example_copy();
    let mut s = Server::start(&root);
    s.initialize(&root, json!({}));
    // a request that blocks a worker for a minute (`dossier/debug` exists for tests only)
    let id = s.c.next_id();
    s.send(&json!({"jsonrpc": "2.0", "id": id, "method": "dossier/debug", "params": {"blockMs": 60000}}));
    std::thread::sleep(Duration::from_millis(200));
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_code(Duration::from_secs(1)), 0);
}

#[test]
fn a_request_over_the_time_limit_or_panicking_gets_an_error_and_the_server_goes_on() {
    let (_dir, root) = example_copy();
    let mut s = Server::start(&root);
    s.initialize(&root, json!({"requestTimeout": 0.5}));
    s.indexed();
    let note = root.join("notes/probe.md");
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&note), "languageId": "markdown", "version": 1,
                                "text": "Laos met its partners.\n"}}),
    );
    let started = Instant::now();
    let r = s.request_raw("dossier/debug", json!({"sleepMs": 60000}));
    assert_eq!(r["error"]["code"], -32803, "{r}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let r = s.request_raw("dossier/debug", json!({"panic": "async"}));
    assert_eq!(r["error"]["code"], -32603, "{r}");
    // a panic on the blocking pool while holding the snapshot's lock poisons it: later
    // requests must still see the knowledge base, not an empty default
    let r = s.request_raw("dossier/debug", json!({"panic": "blocking"}));
    assert_eq!(r["error"]["code"], -32603, "{r}");
    let h = hover_at(&mut s, &note, 0, 1);
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("Laos"),
        "{h}"
    );
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_code(Duration::from_secs(1)), 0);
}

#[test]
fn documents_that_are_not_open_are_read_only_inside_the_workspace_and_only_if_regular() {
    let (_dir, root) = example_copy();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "# Secret heading\n\nLaos.\n").unwrap();
    let inside = root.join("notes/inside.md");
    std::fs::write(&inside, "# Inside heading\n\nLaos.\n").unwrap();
    let fifo = root.join("notes/pipe.md");
    let have_fifo = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());

    let mut s = Server::start(&root);
    s.initialize(&root, json!({}));
    s.indexed();
    // a note of the workspace that is not open is read from disk
    let syms = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&inside)}}),
    );
    assert_eq!(syms[0]["name"], "Inside heading", "{syms}");
    // a file outside the workspace is not
    let syms = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&secret)}}),
    );
    assert!(syms.is_null() || syms == json!([]), "{syms}");
    // nor is a link inside the workspace that leads out of it
    let link = root.join("notes/link.md");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let syms = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&link)}}),
    );
    assert!(syms.is_null() || syms == json!([]), "{syms}");
    // a device is never read (/dev/zero would fill memory), answered at once
    let started = Instant::now();
    assert!(hover_at(&mut s, Path::new("/dev/zero"), 0, 0).is_null());
    // a FIFO inside the workspace is not a file: answered at once, never hung on
    if have_fifo {
        assert!(hover_at(&mut s, &fifo, 0, 0).is_null());
        let syms = s.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri(&fifo)}}),
        );
        assert!(syms.is_null(), "{syms}");
    }
    assert!(started.elapsed() < Duration::from_secs(3));
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_code(Duration::from_secs(1)), 0);
}

/// One log path: with `--log-to client` the log lines reach the client as `window/logMessage`
/// only and stderr stays empty (VS Code shows both in one channel: every line was there twice);
/// by default they go to both.
#[test]
fn log_to_client_keeps_logs_off_stderr() {
    let (_dir, root) = example_copy();
    for (args, on_stderr) in [(&["--log-to", "client"][..], false), (&[][..], true)] {
        let mut s = Server::start_args(&root, args);
        s.initialize(&root, Value::Null);
        s.indexed();
        let logged =
            s.c.seen
                .iter()
                .filter(|v| v["method"] == "window/logMessage")
                .count();
        assert!(logged > 0);
        s.request("shutdown", Value::Null);
        s.notify("exit", Value::Null);
        assert_eq!(s.exit_code(WAIT), 0);
        let stderr = std::fs::read_to_string(s._cache.path().join("stderr.txt")).unwrap();
        assert_eq!(
            stderr.contains("indexed 5 articles"),
            on_stderr,
            "{args:?}: {stderr}"
        );
        if !on_stderr {
            assert_eq!(stderr, "");
        }
    }
}
