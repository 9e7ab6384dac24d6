//! The server's own transport, in front of tower-lsp-server: the library ends its read loop at
//! the first message it cannot decode (and then exits with code 0), never answers requests
//! whose method starts with `$/`, and waits for running handlers on `exit`. So the server reads
//! its input itself: every message is framed and checked here (`framing`), bad ones are
//! answered with -32700/-32600/-32601 and dropped, framing errors resynchronise on the next
//! `Content-Length` header, and only valid messages reach the library, re-serialised, through
//! an in-memory pipe. `exit` is handled here too: the output is flushed and the caller ends the
//! process with code 0 after `shutdown`, 1 without, whatever the handlers are doing.
//!
//! Each request runs under a time limit (`Options::request_timeout`, or the
//! `requestTimeout` initialization option in seconds): past it the handler is dropped and the
//! client gets a -32803 error; a handler that panics gets -32603. Either way the server goes on.

use super::framing::{self, Checked, Decoder, Frame};
use super::{LogLevel, ServiceOptions};
use futures::FutureExt;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{Semaphore, mpsc, oneshot};
use tower_lsp_server::Server;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Request, Response};

/// The default time limit of a request.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Bytes of valid messages queued for the library while it is busy; past this the reader waits.
const QUEUE_BYTES: usize = 256 << 20;

#[derive(Clone, Debug)]
pub struct Options {
    pub service: ServiceOptions,
    pub request_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            service: ServiceOptions::default(),
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
        }
    }
}

enum Out {
    Message(Vec<u8>),
    Flush(oneshot::Sender<()>),
}

/// Serves one client on `input`/`output` until `exit` or the end of the input, and returns the
/// exit code the process should end with (0 after `shutdown`, else 1). Does not wait for the
/// library's handlers: the caller ends the process (`run_stdio`) or drops the runtime.
pub async fn serve<I, O>(input: I, output: O, opts: Options) -> i32
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let log_stderr = opts.service.log_stderr;
    let (ours, lib) = tokio::io::duplex(1 << 20);
    let (lib_r, lib_w) = tokio::io::split(lib);
    let (svc, socket) = super::service_with(opts.service.clone());
    let timeout_ms = Arc::new(AtomicU64::new(opts.request_timeout.as_millis() as u64));
    let guarded = Guard {
        inner: svc,
        timeout_ms: timeout_ms.clone(),
    };
    tokio::spawn(Server::new(lib_r, lib_w, socket).serve(guarded));
    let (our_r, our_w) = tokio::io::split(ours);

    // the one writer of the output
    let (out_tx, out_rx) = mpsc::channel::<Out>(256);
    tokio::spawn(write_output(output, out_rx));

    // library -> client: passed through as they come
    tokio::spawn(pass_to_client(our_r, out_tx.clone()));

    // client -> library: valid messages only, in order, never blocking the reader below for
    // long (a library that stops reading must not keep `exit` from being seen)
    let queue = Arc::new(Semaphore::new(QUEUE_BYTES));
    let (lib_tx, lib_rx) =
        mpsc::unbounded_channel::<(Vec<u8>, tokio::sync::OwnedSemaphorePermit)>();
    tokio::spawn(pass_to_library(our_w, lib_rx));

    let mut reader = ClientReader {
        out_tx,
        lib_tx,
        queue,
        log_stderr,
        shutdown: false,
    };
    let code = reader.read(input).await;
    // what was answered goes out before the process ends
    let (done, flushed) = oneshot::channel();
    if reader.out_tx.send(Out::Flush(done)).await.is_ok() {
        let _ = tokio::time::timeout(Duration::from_millis(500), flushed).await;
    }
    code
}

/// Writes what `out_rx` receives to `output`, flushing when nothing more is queued (after a
/// broken write, drops messages but still answers flushes).
async fn write_output<O: AsyncWrite + Unpin>(mut output: O, mut out_rx: mpsc::Receiver<Out>) {
    let mut broken = false;
    while let Some(o) = out_rx.recv().await {
        match o {
            Out::Message(body) if !broken => {
                broken = output.write_all(&framing::encode(&body)).await.is_err();
                if out_rx.is_empty() {
                    broken |= output.flush().await.is_err();
                }
            }
            Out::Message(_) => {}
            Out::Flush(done) => {
                let _ = output.flush().await;
                let _ = done.send(());
            }
        }
    }
}

/// Passes the library's messages (read from `our_r`) on to the output, as they come.
async fn pass_to_client(
    mut our_r: tokio::io::ReadHalf<tokio::io::DuplexStream>,
    out_tx: mpsc::Sender<Out>,
) {
    let mut dec = Decoder::new(usize::MAX);
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = match our_r.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        dec.push(&buf[..n]);
        while let Some(f) = dec.next_frame() {
            if let Frame::Message(body) = f
                && out_tx.send(Out::Message(body)).await.is_err()
            {
                return;
            }
        }
    }
}

/// Writes the checked client messages `lib_rx` receives to the library (`our_w`), in order.
async fn pass_to_library(
    mut our_w: tokio::io::WriteHalf<tokio::io::DuplexStream>,
    mut lib_rx: mpsc::UnboundedReceiver<(Vec<u8>, tokio::sync::OwnedSemaphorePermit)>,
) {
    while let Some((body, _permit)) = lib_rx.recv().await {
        if our_w.write_all(&framing::encode(&body)).await.is_err() {
            return;
        }
    }
}

/// A message as output.
fn say(v: Value) -> Out {
    Out::Message(serde_json::to_vec(&v).unwrap_or_default())
}

/// The reader of the client's input: checks each message, answers bad ones and queues valid
/// ones for the library.
struct ClientReader {
    out_tx: mpsc::Sender<Out>,
    lib_tx: mpsc::UnboundedSender<(Vec<u8>, tokio::sync::OwnedSemaphorePermit)>,
    /// Bytes of valid messages the library may still be sent.
    queue: Arc<Semaphore>,
    log_stderr: bool,
    /// Whether `shutdown` was requested.
    shutdown: bool,
}

impl ClientReader {
    /// A log message for the client (also on stderr when asked).
    fn log(&self, level: LogLevel, msg: String) -> Out {
        if self.log_stderr {
            eprintln!("dossier [{level:?}] {msg}");
        }
        let typ = match level {
            LogLevel::Error => 1,
            LogLevel::Warn => 2,
            LogLevel::Info => 3,
            LogLevel::Debug => 4,
        };
        say(json!({"jsonrpc": "2.0", "method": "window/logMessage",
                   "params": {"type": typ, "message": msg}}))
    }

    /// Reads `input` to `exit` or its end; the exit code (0 after `shutdown`, else 1).
    async fn read<I: AsyncRead + Unpin>(&mut self, mut input: I) -> i32 {
        let mut dec = Decoder::default();
        let mut chunk = vec![0u8; 64 << 10];
        loop {
            let n = match input.read(&mut chunk).await {
                Ok(0) | Err(_) => return if self.shutdown { 0 } else { 1 },
                Ok(n) => n,
            };
            dec.push(&chunk[..n]);
            while let Some(frame) = dec.next_frame() {
                if let Some(code) = self.frame(frame).await {
                    return code;
                }
            }
        }
    }

    /// Handles one frame of the input; the exit code on `exit`.
    async fn frame(&mut self, frame: Frame) -> Option<i32> {
        let out_tx = &self.out_tx;
        let body = match frame {
            Frame::Message(body) => body,
            Frame::Error(e) => {
                let _ = out_tx
                    .send(self.log(
                        LogLevel::Warn,
                        format!(
                            "bad message framing: {e}; skipped to the next Content-Length header"
                        ),
                    ))
                    .await;
                let _ = out_tx
                    .send(say(framing::error_response(
                        Value::Null,
                        framing::PARSE_ERROR,
                        format!("parse error: {e}"),
                    )))
                    .await;
                return None;
            }
        };
        let (checked, warnings) = check_message(body).await;
        for w in warnings {
            let _ = out_tx.send(self.log(LogLevel::Warn, w)).await;
        }
        let body = match checked {
            Checked::Exit => return Some(if self.shutdown { 0 } else { 1 }),
            Checked::Reply(v) => {
                let _ = out_tx
                    .send(self.log(
                        LogLevel::Warn,
                        format!("rejected a message: {}", v["error"]["message"]),
                    ))
                    .await;
                let _ = out_tx.send(say(v)).await;
                return None;
            }
            Checked::Ignore(why) => {
                if !why.is_empty() {
                    let _ = out_tx.send(self.log(LogLevel::Warn, why)).await;
                }
                return None;
            }
            Checked::Request { method, body, .. } => {
                self.shutdown |= method == "shutdown";
                body
            }
            Checked::Notification { body, .. } | Checked::Response { body } => body,
        };
        let Ok(permit) = self
            .queue
            .clone()
            .acquire_many_owned(body.len().min(QUEUE_BYTES) as u32)
            .await
        else {
            return None;
        };
        let _ = self.lib_tx.send((body, permit));
        None
    }
}

/// Checks one message body (`framing::check`) with its warnings; a large message (a whole
/// note) is parsed off the async workers.
async fn check_message(body: Vec<u8>) -> (Checked, Vec<String>) {
    if body.len() > 64 << 10 {
        match tokio::task::spawn_blocking(move || {
            let mut w = Vec::new();
            (framing::check(&body, &mut w), w)
        })
        .await
        {
            Ok(r) => r,
            Err(e) => (Checked::Ignore(format!("message dropped: {e}")), Vec::new()),
        }
    } else {
        let mut w = Vec::new();
        (framing::check(&body, &mut w), w)
    }
}

/// Runs each request under the time limit and turns a panicking handler into an error
/// response, so that neither stops the server.
struct Guard<S> {
    inner: S,
    timeout_ms: Arc<AtomicU64>,
}

impl<S> tower::Service<Request> for Guard<S>
where
    S: tower::Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = futures::future::BoxFuture<'static, Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let id = req.id().cloned();
        let method = req.method().to_string();
        if method == "initialize"
            && let Some(opts) = req.params().and_then(|p| p.get("initializationOptions"))
            && let Some(secs) = opts
                .get("dossier")
                .unwrap_or(opts)
                .get("requestTimeout")
                .and_then(Value::as_f64)
                .filter(|s| *s > 0.0 && s.is_finite())
        {
            self.timeout_ms
                .store((secs * 1000.0).max(1.0) as u64, Ordering::SeqCst);
        }
        let limit = Duration::from_millis(self.timeout_ms.load(Ordering::SeqCst));
        let fut = std::panic::AssertUnwindSafe(self.inner.call(req)).catch_unwind();
        Box::pin(async move {
            let failed = |code: ErrorCode, message: String| {
                Ok(id.clone().map(|id| {
                    Response::from_error(
                        id,
                        Error {
                            code,
                            message: message.into(),
                            data: None,
                        },
                    )
                }))
            };
            match tokio::time::timeout(limit, fut).await {
                Ok(Ok(r)) => r,
                Ok(Err(panic)) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    eprintln!("dossier: the handler of {method} panicked: {what}");
                    failed(
                        ErrorCode::InternalError,
                        format!("{method} failed: internal error ({what})"),
                    )
                }
                Err(_) => failed(
                    ErrorCode::ServerError(framing::REQUEST_FAILED),
                    format!(
                        "{method} cancelled: it ran longer than the limit of {:.1} s",
                        limit.as_secs_f64()
                    ),
                ),
            }
        })
    }
}
