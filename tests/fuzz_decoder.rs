//! A bounded fuzz run of the LSP message decoder and checker, in `cargo test`: random and
//! mutated byte streams (valid frames, garbage, broken headers, huge lengths, random cuts),
//! fed in random chunks. The decoder must never panic, must hold no more than one message's
//! worth of bytes, and must find every intact frame that follows a broken one after a clean
//! header; the checker must never panic on any body. `DOSSIER_FUZZ_CASES` raises the count.

use dossier::lsp::framing::{self, Decoder, Frame, MAX_HEADER};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const BODIES: &[&str] = &[
    r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
    r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.md","languageId":"markdown","version":1,"text":"Laos \ud800 x"}}}"#,
    r#"{"jsonrpc":"2.0","id":"s","result":null}"#,
    r#"[{"jsonrpc":"2.0","id":1,"method":"x"}]"#,
    r#"{"jsonrpc":"2.0","id":1.5,"method":null}"#,
    r#"{"id":{},"method":"$/x","params":7}"#,
    "{\"a\":\"\\ud83d\\ude00\\u",
    "",
];

const PIECES: &[&[u8]] = &[
    b"Content-Length: ",
    b"Content-Length: 99999999999999999999\r\n\r\n",
    b"Content-Length: -3\r\n\r\n",
    b"Content-Type: x\r\n",
    b"\r\n",
    b"\n",
    b"\r",
    b":",
    b"\xff\xfe",
    b"Content-Length",
    b"[[[[[[[[[[[[",
    b"\\ud800",
];

fn random_body(r: &mut Rng) -> Vec<u8> {
    let mut b = BODIES[r.below(BODIES.len())].as_bytes().to_vec();
    // mutate: flip, cut, insert
    for _ in 0..r.below(4) {
        if b.is_empty() {
            break;
        }
        let i = r.below(b.len());
        match r.below(3) {
            0 => b[i] = r.next() as u8,
            1 => b.truncate(i),
            _ => {
                let p = PIECES[r.below(PIECES.len())];
                b.splice(i..i, p.iter().copied());
            }
        }
    }
    b
}

#[test]
fn the_decoder_survives_random_streams() {
    let cases: usize = std::env::var("DOSSIER_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let max_body = 4096;
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut warnings = Vec::new();
    for case in 0..cases {
        // a stream of parts; the last is always an intact frame after a clean header
        let mut stream = Vec::new();
        for _ in 0..1 + r.below(6) {
            match r.below(4) {
                0 => stream.extend(framing::encode(&random_body(&mut r))),
                1 => {
                    for _ in 0..r.below(5) {
                        stream.extend_from_slice(PIECES[r.below(PIECES.len())]);
                    }
                }
                2 => {
                    let n = r.below(300);
                    stream.extend((0..n).map(|_| r.next() as u8));
                }
                _ => {
                    // a frame cut short
                    let f = framing::encode(&random_body(&mut r));
                    let cut = r.below(f.len());
                    stream.extend_from_slice(&f[..cut]);
                }
            }
        }
        let last = format!(r#"{{"jsonrpc":"2.0","id":{case},"method":"end"}}"#);
        // a blank line first ends any header left open by the parts before
        stream.extend_from_slice(b"\r\n\r\n");
        let last_at = stream.len();
        stream.extend(framing::encode(last.as_bytes()));

        let mut dec = Decoder::new(max_body);
        let mut found_last = false;
        let mut swallowed = false;
        let mut i = 0;
        while i < stream.len() {
            let n = 1 + r.below(97);
            let end = (i + n).min(stream.len());
            dec.push(&stream[i..end]);
            i = end;
            while let Some(f) = dec.next_frame() {
                if let Frame::Message(body) = f {
                    assert!(body.len() <= max_body);
                    found_last |= body == last.as_bytes();
                    // a body that ends past where the last frame begins took part of it
                    swallowed |= end - dec.buffered() > last_at;
                    // the checker never panics
                    let _ = framing::check(&body, &mut warnings);
                }
            }
            assert!(
                dec.buffered() <= MAX_HEADER + max_body + 100,
                "case {case}: {} bytes held",
                dec.buffered()
            );
        }
        // the one loss allowed: an earlier header whose declared length takes in (part of) the
        // last frame, or the decoder still holds it, waiting for the rest of such a body
        assert!(
            found_last || swallowed || dec.buffered() >= last.len(),
            "case {case}: the intact last frame was lost: {:?}",
            String::from_utf8_lossy(&stream)
        );
    }
}

#[test]
fn the_checker_survives_random_bodies() {
    let mut r = Rng(42);
    let mut warnings = Vec::new();
    for _ in 0..5000 {
        let n = r.below(200);
        let body: Vec<u8> = if r.below(2) == 0 {
            (0..n).map(|_| r.next() as u8).collect()
        } else {
            random_body(&mut r)
        };
        let _ = framing::check(&body, &mut warnings);
    }
}
