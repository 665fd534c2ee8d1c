//! The whole language server on arbitrary byte streams: the bytes go
//! through the real transport (framing, gate) into the `LspService` and
//! every handler, in-process. No panic anywhere (libFuzzer's panic hook
//! aborts even on a panic a task would swallow), the server ends when the
//! input does, and everything it writes is a frame holding one valid
//! JSON-RPC 2.0 message, with at most one answer per frame read.
//!
//! The first byte picks the read size (so messages interleave with the
//! handlers differently) and whether a valid `initialize` (debounce 0,
//! UTF-8 or UTF-16 positions) comes before the fuzzed bytes, so most inputs
//! reach the handlers behind it. Seeds: `fuzz/seeds/server/`.
#![no_main]

use copydesk::lsp::framing::{Frame, Framer};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Hands out the input `step` bytes at a time, yielding between reads so
/// the handlers run in between.
struct Input {
    data: Vec<u8>,
    at: usize,
    step: usize,
    yielded: bool,
}

impl AsyncRead for Input {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        if !self.yielded {
            self.yielded = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.yielded = false;
        let n = self.step.min(buf.remaining()).min(self.data.len() - self.at);
        let at = self.at;
        buf.put_slice(&self.data[at..at + n]);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<u8>>>);

impl AsyncWrite for Output {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, data: &[u8]) -> Poll<std::io::Result<usize>> {
        self.0.lock().unwrap().extend_from_slice(data);
        Poll::Ready(Ok(data.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

fn frame(body: &str) -> Vec<u8> {
    let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body.as_bytes());
    v
}

/// One JSON-RPC 2.0 message: a request or notification from the server, or a response.
fn check_message(v: &Value) -> Result<bool, String> {
    let o = v.as_object().ok_or("not an object")?;
    if o.get("jsonrpc") != Some(&Value::String("2.0".into())) {
        return Err("no jsonrpc 2.0".into());
    }
    if let Some(m) = o.get("method") {
        if !m.is_string() {
            return Err("method not a string".into());
        }
        if o.get("id").is_some_and(|id| !(id.is_string() || id.is_i64() || id.is_u64())) {
            return Err("bad request id".into());
        }
        if o.get("params").is_some_and(|p| !(p.is_object() || p.is_array())) {
            return Err("params not structured".into());
        }
        return Ok(false);
    }
    let id = o.get("id").ok_or("a response without an id")?;
    if !(id.is_null() || id.is_string() || id.is_i64() || id.is_u64()) {
        return Err("bad response id".into());
    }
    match (o.get("result"), o.get("error")) {
        (Some(_), None) => {}
        (None, Some(e)) => {
            if !e["code"].is_i64() || !e["message"].is_string() {
                return Err("bad error object".into());
            }
        }
        _ => return Err("a response needs exactly one of result and error".into()),
    }
    Ok(true)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let step = [1, 7, 64, 4096][usize::from(mode & 3)];
    let mut input = Vec::new();
    if mode & 4 == 0 {
        let enc = if mode & 8 == 0 { "utf-16" } else { "utf-8" };
        input.extend(frame(&format!(
            r#"{{"jsonrpc":"2.0","id":0,"method":"initialize","params":{{"capabilities":{{"general":{{"positionEncodings":["{enc}"]}}}},"initializationOptions":{{"copydesk":{{"debounceMs":0}}}}}}}}"#
        )));
        input.extend(frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
    }
    input.extend_from_slice(rest);

    let mut framer = Framer::default();
    framer.push(&input);
    let mut frames = 0usize;
    while let Some(f) = framer.next_frame() {
        let _ = matches!(f, Frame::Bad);
        frames += 1;
    }

    let out = Output::default();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let code = rt.block_on(copydesk::lsp::serve(Input { data: input, at: 0, step, yielded: false }, out.clone()));
    assert!(code == 0 || code == 1);
    // Tasks left (document workers, requests to the client) end with the runtime.
    rt.shutdown_timeout(std::time::Duration::from_secs(30));

    let bytes = std::mem::take(&mut *out.0.lock().unwrap());
    let mut rest = &bytes[..];
    let mut answers = 0usize;
    while !rest.is_empty() {
        let head = rest.windows(4).position(|w| w == b"\r\n\r\n").expect("a frame without a header end");
        let header = std::str::from_utf8(&rest[..head]).expect("header not UTF-8");
        let len: usize = header.strip_prefix("Content-Length: ").expect("header is Content-Length").parse().expect("length");
        let body = &rest[head + 4..head + 4 + len];
        let v: Value = serde_json::from_slice(body).expect("the body is JSON");
        match check_message(&v) {
            Ok(answer) => answers += usize::from(answer),
            Err(e) => panic!("invalid JSON-RPC message ({e}): {v}"),
        }
        rest = &rest[head + 4 + len..];
    }
    assert!(answers <= frames, "{answers} answers to {frames} frames");
});
