//! The JSON-RPC base protocol, in one place: `Content-Length` framing (an incremental decoder
//! that never panics, holds at most one message and resynchronises on the next
//! `Content-Length` header when framing is lost) and the validation of each message against
//! JSON-RPC 2.0 as LSP uses it. No LSP types and no I/O here: the server's transport
//! (`lsp::transport`), `dossier bench` and the tests all use it.

use serde_json::{Value, json};

/// The largest message body accepted (a 10 MB note, escaped, fits with room to spare).
pub const MAX_BODY: usize = 64 << 20;
/// The largest header block accepted.
pub const MAX_HEADER: usize = 8 << 10;

const HEADER_NAME: &[u8] = b"Content-Length";

/// JSON-RPC error codes used by the transport.
pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const REQUEST_FAILED: i64 = -32803;

/// What framing found: a message body, or a problem with the bytes where one should start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    Message(Vec<u8>),
    /// Framing was lost here; the decoder skips to the next `Content-Length` header.
    Error(String),
}

/// An incremental decoder of `Content-Length:`-framed messages. `push` bytes as they arrive,
/// then take frames with `next_frame` until it returns None.
#[derive(Debug)]
pub struct Decoder {
    buf: Vec<u8>,
    start: usize,
    /// Skipping bytes until the next `Content-Length` header.
    resync: bool,
    max_body: usize,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new(MAX_BODY)
    }
}

impl Decoder {
    pub fn new(max_body: usize) -> Decoder {
        Decoder {
            buf: Vec::new(),
            start: 0,
            resync: false,
            max_body,
        }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes held that are not yet a whole message.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    /// The next message or framing error, or None when more bytes are needed.
    pub fn next_frame(&mut self) -> Option<Frame> {
        if self.resync {
            let rest = &self.buf[self.start..];
            match find(rest, HEADER_NAME) {
                Some(i) => {
                    self.start += i;
                    self.resync = false;
                }
                None => {
                    // keep what could be the beginning of the header name
                    let keep = rest.len().min(HEADER_NAME.len() - 1);
                    self.start = self.buf.len() - keep;
                    return None;
                }
            }
        }
        let rest = &self.buf[self.start..];
        if rest.is_empty() {
            return None;
        }
        match parse_header(rest) {
            Header::Incomplete if rest.len() > MAX_HEADER => {
                Some(self.lose(format!("header longer than {MAX_HEADER} bytes")))
            }
            Header::Incomplete => None,
            Header::Bad(e) => Some(self.lose(e)),
            Header::Done { len, .. } if len > self.max_body => Some(self.lose(format!(
                "Content-Length {len} is over the limit of {} bytes",
                self.max_body
            ))),
            Header::Done { len, body_start } => {
                if rest.len() < body_start + len {
                    return None;
                }
                let body = rest[body_start..body_start + len].to_vec();
                self.start += body_start + len;
                Some(Frame::Message(body))
            }
        }
    }

    /// Framing is lost at `start`: skip at least one byte and look for the next header.
    fn lose(&mut self, why: String) -> Frame {
        self.start += 1;
        self.resync = true;
        Frame::Error(why)
    }
}

enum Header {
    Incomplete,
    Bad(String),
    Done { len: usize, body_start: usize },
}

/// Reads a header block (lines ending in `\r\n`, or `\n`, up to an empty line).
fn parse_header(b: &[u8]) -> Header {
    let mut pos = 0;
    let mut len: Option<usize> = None;
    loop {
        let Some(nl) = b[pos..].iter().position(|&c| c == b'\n') else {
            return Header::Incomplete;
        };
        let line = &b[pos..pos + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        pos += nl + 1;
        if pos > MAX_HEADER {
            return Header::Bad(format!("header longer than {MAX_HEADER} bytes"));
        }
        if line.is_empty() {
            return match len {
                Some(len) => Header::Done {
                    len,
                    body_start: pos,
                },
                None => Header::Bad("no Content-Length header".into()),
            };
        }
        let Some(colon) = line.iter().position(|&c| c == b':') else {
            return Header::Bad(format!(
                "not a header line: {:?}",
                String::from_utf8_lossy(&line[..line.len().min(60)])
            ));
        };
        let name = line[..colon].trim_ascii();
        let value = line[colon + 1..].trim_ascii();
        if name.eq_ignore_ascii_case(b"content-length") {
            let parsed = std::str::from_utf8(value)
                .ok()
                .filter(|v| !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|v| v.parse::<usize>().ok());
            match parsed {
                Some(n) => len = Some(n),
                None => {
                    return Header::Bad(format!(
                        "Content-Length is not a number: {:?}",
                        String::from_utf8_lossy(&value[..value.len().min(60)])
                    ));
                }
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A message with its header, ready to write.
pub fn encode(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Reads one framed message from a blocking reader (for clients: `dossier bench`, tests).
/// Ok(None) at end of input; framing errors are skipped.
pub fn read_blocking(
    r: &mut impl std::io::Read,
    dec: &mut Decoder,
) -> std::io::Result<Option<Value>> {
    let mut chunk = [0u8; 64 << 10];
    loop {
        while let Some(f) = dec.next_frame() {
            if let Frame::Message(body) = f
                && let Ok(v) = serde_json::from_slice(&body)
            {
                return Ok(Some(v));
            }
        }
        let n = r.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        dec.push(&chunk[..n]);
    }
}

/// An error response.
pub fn error_response(id: Value, code: i64, message: impl Into<String>) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message.into()}})
}

/// What to do with a message from the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    /// A valid request: forward it (re-serialised), and expect an answer for `id`.
    Request {
        id: Value,
        method: String,
        body: Vec<u8>,
    },
    /// A valid notification: forward it.
    Notification { method: String, body: Vec<u8> },
    /// A valid response to one of the server's requests: forward it.
    Response { body: Vec<u8> },
    /// `exit`.
    Exit,
    /// Answer the client with this (an error response) and forward nothing.
    Reply(Value),
    /// Drop it, saying why in the log.
    Ignore(String),
}

/// Validates one message body against JSON-RPC 2.0. A lone UTF-16 surrogate escape
/// (`"\ud800"`, which no Rust string can hold) becomes U+FFFD rather than failing the message.
/// `warnings` gets what was repaired.
pub fn check(body: &[u8], warnings: &mut Vec<String>) -> Checked {
    let v = match parse(body, warnings) {
        Ok(v) => v,
        Err(reply) => return reply,
    };
    let Some(obj) = v.as_object() else {
        return invalid(
            Value::Null,
            if v.is_array() {
                "invalid request: batches are not supported"
            } else {
                "invalid request: not a JSON object"
            },
        );
    };
    let id = obj.get("id").cloned();
    let id_ok = |id: &Value| id.is_i64() || id.is_string() || id.is_null();
    // the id an error response can name: a valid one, else null
    let reply_id = id
        .as_ref()
        .filter(|i| id_ok(i))
        .cloned()
        .unwrap_or(Value::Null);
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid(reply_id, "invalid request: \"jsonrpc\" must be \"2.0\"");
    }
    if let Some(id) = &id
        && !id_ok(id)
    {
        return invalid(
            Value::Null,
            "invalid request: \"id\" must be an integer or a string",
        );
    }
    match obj.get("method").cloned() {
        Some(Value::String(method)) => check_call(v, method, id, reply_id),
        Some(_) => invalid(reply_id, "invalid request: \"method\" must be a string"),
        None if obj.contains_key("result") || obj.contains_key("error") => {
            check_response(v, id.is_some())
        }
        None => invalid(reply_id, "invalid request: no \"method\""),
    }
}

/// An invalid-request error response.
fn invalid(id: Value, m: &str) -> Checked {
    Checked::Reply(error_response(id, INVALID_REQUEST, m))
}

/// Parses a message body as JSON (repairing lone surrogate escapes); else the parse error's
/// reply.
fn parse(body: &[u8], warnings: &mut Vec<String>) -> Result<Value, Checked> {
    match serde_json::from_slice(body) {
        Ok(v) => Ok(v),
        Err(e) if repair_surrogates(body) != body => {
            match serde_json::from_slice(&repair_surrogates(body)) {
                Ok(v) => {
                    warnings.push(format!(
                        "a message held a lone UTF-16 surrogate escape ({e}); it was read as U+FFFD"
                    ));
                    Ok(v)
                }
                Err(e) => Err(Checked::Reply(error_response(
                    Value::Null,
                    PARSE_ERROR,
                    format!("parse error: {e}"),
                ))),
            }
        }
        Err(e) => Err(Checked::Reply(error_response(
            Value::Null,
            PARSE_ERROR,
            format!("parse error: {e}"),
        ))),
    }
}

/// Checks a request or notification `v` (of `method`, with `id` if any; `reply_id` the id an
/// error response names).
fn check_call(v: Value, method: String, id: Option<Value>, reply_id: Value) -> Checked {
    let id = id.as_ref();
    if let Some(p) = v.get("params")
        && !(p.is_object() || p.is_array() || p.is_null())
    {
        if id.is_some() {
            return invalid(
                reply_id,
                "invalid request: \"params\" must be an object or an array",
            );
        }
        return Checked::Ignore(format!(
            "{method}: \"params\" must be an object or an array"
        ));
    }
    if method.starts_with("$/") {
        if let Some(id) = id {
            return Checked::Reply(error_response(
                id.clone(),
                METHOD_NOT_FOUND,
                format!("method not found: {method}"),
            ));
        }
        if method != "$/cancelRequest" && method != "$/setTrace" {
            return Checked::Ignore(String::new());
        }
    }
    if id.is_none() && method == "exit" {
        return Checked::Exit;
    }
    // the library's own type is the last word on what it accepts
    match serde_json::from_value::<tower_lsp_server::jsonrpc::Request>(v) {
        Ok(req) => {
            let body = serde_json::to_vec(&req).unwrap_or_default();
            match id {
                Some(id) => Checked::Request {
                    id: id.clone(),
                    method,
                    body,
                },
                None => Checked::Notification { method, body },
            }
        }
        Err(e) => match id {
            Some(_) => invalid(reply_id, &format!("invalid request: {e}")),
            None => Checked::Ignore(format!("invalid notification {method}: {e}")),
        },
    }
}

/// Checks a response `v` to one of the server's requests (`has_id`: it names one).
fn check_response(v: Value, has_id: bool) -> Checked {
    let Some(obj) = v.as_object() else {
        return Checked::Ignore("a malformed response was dropped".into());
    };
    let (r, e) = (obj.contains_key("result"), obj.contains_key("error"));
    let error_ok = obj.get("error").is_none_or(|e| {
        e.get("code").is_some_and(Value::is_i64) && e.get("message").is_some_and(Value::is_string)
    });
    if r == e || !has_id || !error_ok {
        return Checked::Ignore("a malformed response was dropped".into());
    }
    match serde_json::from_value::<tower_lsp_server::jsonrpc::Response>(v) {
        Ok(resp) => Checked::Response {
            body: serde_json::to_vec(&resp).unwrap_or_default(),
        },
        Err(e) => Checked::Ignore(format!("a malformed response was dropped: {e}")),
    }
}

/// Replaces `\uXXXX` escapes of unpaired UTF-16 surrogates with `\uFFFD`.
fn repair_surrogates(body: &[u8]) -> Vec<u8> {
    let hex = |b: &[u8]| -> Option<u16> {
        std::str::from_utf8(b.get(..4)?)
            .ok()
            .and_then(|s| u16::from_str_radix(s, 16).ok())
    };
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        if body.get(i + 1) != Some(&b'u') {
            out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
            i += 2;
            continue;
        }
        let Some(u) = hex(&body[i + 2..]) else {
            out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
            i += 2;
            continue;
        };
        let is_high = (0xD800..0xDC00).contains(&u);
        let is_low = (0xDC00..0xE000).contains(&u);
        let next_low = body.get(i + 6..i + 8) == Some(b"\\u")
            && hex(&body[i + 8..]).is_some_and(|l| (0xDC00..0xE000).contains(&l));
        if is_high && next_low {
            out.extend_from_slice(&body[i..i + 12]);
            i += 12;
        } else if is_high || is_low {
            out.extend_from_slice(b"\\uFFFD");
            i += 6;
        } else {
            out.extend_from_slice(&body[i..i + 6]);
            i += 6;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8], chunk: usize) -> Vec<Frame> {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for c in input.chunks(chunk.max(1)) {
            d.push(c);
            while let Some(f) = d.next_frame() {
                out.push(f);
            }
        }
        out
    }

    fn msg(s: &str) -> Frame {
        Frame::Message(s.as_bytes().to_vec())
    }

    #[test]
    fn decodes_in_any_chunking() {
        let mut input = encode(b"{\"a\":1}");
        input.extend(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{}");
        input.extend(b"Content-Length:0\n\n");
        for chunk in [1, 2, 7, 1000] {
            assert_eq!(
                frames(&input, chunk),
                vec![msg("{\"a\":1}"), msg("{}"), msg("")],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn resynchronises_on_the_next_header() {
        let cases: &[&[u8]] = &[
            b"Content-Length: abc\r\n\r\n{}",
            b"Content-Length: -1\r\n\r\n{}",
            b"Content-Type: x\r\n\r\n{\"jsonrpc\":\"2.0\"}",
            b"garbage without a colon\r\n\r\n",
            b"Content-Length: 99999999999999999999999\r\n\r\n",
        ];
        for bad in cases {
            for chunk in [1, 3, 1000] {
                let mut input = bad.to_vec();
                input.extend(encode(b"{\"ok\":true}"));
                let f = frames(&input, chunk);
                assert!(matches!(f[0], Frame::Error(_)), "{f:?}");
                assert_eq!(
                    f.last(),
                    Some(&msg("{\"ok\":true}")),
                    "{:?}",
                    String::from_utf8_lossy(bad)
                );
                assert_eq!(
                    f.iter().filter(|f| matches!(f, Frame::Message(_))).count(),
                    1
                );
            }
        }
    }

    #[test]
    fn bounds_what_it_holds() {
        let mut d = Decoder::new(1000);
        d.push(b"Content-Length: 1001\r\n\r\n");
        assert!(matches!(d.next_frame(), Some(Frame::Error(_))));
        // a header that never ends is given up after MAX_HEADER bytes
        let mut d = Decoder::default();
        d.push(&vec![b'x'; MAX_HEADER + 10]);
        assert!(matches!(d.next_frame(), Some(Frame::Error(_))));
        assert_eq!(d.next_frame(), None);
        assert!(d.buffered() < HEADER_NAME.len());
    }

    fn code(c: &Checked) -> Option<(i64, Value)> {
        match c {
            Checked::Reply(v) => Some((v["error"]["code"].as_i64()?, v["id"].clone())),
            _ => None,
        }
    }

    #[test]
    fn checks_messages() {
        let mut w = Vec::new();
        let mut c = |s: &str| check(s.as_bytes(), &mut w);
        assert_eq!(code(&c("{")), Some((PARSE_ERROR, Value::Null)));
        assert_eq!(code(&c("[]")), Some((INVALID_REQUEST, Value::Null)));
        assert_eq!(
            code(&c(r#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#)),
            Some((INVALID_REQUEST, Value::Null))
        );
        assert_eq!(
            code(&c(r#"{"id":1,"method":"shutdown"}"#)),
            Some((INVALID_REQUEST, json!(1)))
        );
        assert_eq!(
            code(&c(r#"{"jsonrpc":"1.0","id":1,"method":"shutdown"}"#)),
            Some((INVALID_REQUEST, json!(1)))
        );
        assert_eq!(
            code(&c(r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#)),
            Some((INVALID_REQUEST, Value::Null))
        );
        assert_eq!(
            code(&c(r#"{"jsonrpc":"2.0","id":{},"method":"shutdown"}"#)),
            Some((INVALID_REQUEST, Value::Null))
        );
        assert_eq!(
            code(&c(r#"{"jsonrpc":"2.0","id":3,"method":null}"#)),
            Some((INVALID_REQUEST, json!(3)))
        );
        assert_eq!(
            code(&c(r#"{"jsonrpc":"2.0","id":3,"method":"$/x"}"#)),
            Some((METHOD_NOT_FOUND, json!(3)))
        );
        assert_eq!(
            code(&c(r#"{"jsonrpc":"2.0","id":3,"method":"a","params":5}"#)),
            Some((INVALID_REQUEST, json!(3)))
        );
        let deep = "[".repeat(100_000);
        assert_eq!(code(&c(&deep)), Some((PARSE_ERROR, Value::Null)));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","method":"$/x"}"#),
            Checked::Ignore(_)
        ));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            Checked::Exit
        ));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","id":"a","method":"x"}"#),
            Checked::Request { .. }
        ));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","id":1,"result":null}"#),
            Checked::Response { .. }
        ));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","id":1,"error":{"code":"x"}}"#),
            Checked::Ignore(_)
        ));
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let mut w = Vec::new();
        let body =
            br#"{"jsonrpc":"2.0","method":"m","params":{"t":"a\ud800b\\ud800\ud83d\ude00\udc00"}}"#;
        let c = check(body, &mut w);
        let Checked::Notification { body, .. } = c else {
            panic!("not read: {c:?}")
        };
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["params"]["t"], "a\u{FFFD}b\\ud800😀\u{FFFD}");
        assert_eq!(w.len(), 1);
    }
}
