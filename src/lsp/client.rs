//! The one LSP client of the project: the server as a child process on stdio (`dossier lsp`),
//! spoken to through the one codec ([`super::framing`]). `dossier bench` and the protocol tests
//! drive the server with it. It answers the server's own requests with `null` and keeps every
//! notification and server request it sees (`seen`).

use super::framing::{Decoder, encode, read_blocking};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub struct Client {
    pub child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
    /// Notifications and server requests seen while waiting, in order.
    pub seen: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `cmd` (its stdin and stdout are the protocol's; its stderr is as `cmd` says).
    pub fn spawn(cmd: &mut Command) -> std::io::Result<Client> {
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let mut stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut dec = Decoder::default();
            while let Ok(Some(v)) = read_blocking(&mut stdout, &mut dec) {
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Ok(Client {
            child,
            stdin,
            rx,
            seen: Vec::new(),
            next_id: 1,
        })
    }

    /// Writes bytes as they are (for malformed input).
    pub fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stdin.write_all(bytes)?;
        self.stdin.flush()
    }

    /// Writes one framed message.
    pub fn send(&mut self, msg: &Value) -> std::io::Result<()> {
        self.raw(&encode(msg.to_string().as_bytes()))
    }

    pub fn notify(&mut self, method: &str, params: Value) -> std::io::Result<()> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// A fresh request id.
    pub fn next_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Waits for a new message satisfying `f`, answering the server's own requests and keeping
    /// every other message in `seen` on the way. None when `timeout` passes first.
    pub fn wait(&mut self, timeout: Duration, f: impl Fn(&Value) -> bool) -> Option<Value> {
        let end = Instant::now() + timeout;
        loop {
            let left = end.checked_duration_since(Instant::now())?;
            let v = self.rx.recv_timeout(left).ok()?;
            if f(&v) {
                return Some(v);
            }
            if let (Some(id), Some(_)) = (v.get("id"), v.get("method")) {
                let answer = json!({"jsonrpc": "2.0", "id": id.clone(), "result": null});
                let _ = self.send(&answer);
            }
            self.seen.push(v);
        }
    }

    /// The next response (a message with an id and no method).
    pub fn response(&mut self, timeout: Duration) -> Option<Value> {
        self.wait(timeout, |v| {
            v.get("id").is_some() && v.get("method").is_none()
        })
    }

    /// Sends a request and waits for its whole response message.
    pub fn request(&mut self, method: &str, params: Value, timeout: Duration) -> Option<Value> {
        let id = self.next_id();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .ok()?;
        self.wait(timeout, |v| v["id"] == id && v.get("method").is_none())
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
