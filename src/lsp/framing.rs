//! The transport: bytes in, JSON-RPC messages to the service, answers out.
//!
//! tower-lsp-server's own transport stops for good at the first frame it
//! cannot decode, and its dispatch deviates from the specs in a few places
//! (a `$/` request is never answered, an unknown method before `initialize`
//! gets -32601, `shutdown` with `"params": {}` is refused yet shuts the
//! server down). So this module reads and writes the stream itself and
//! hands only well-formed messages to the `LspService`:
//!
//! - [`Framer`] cuts the input into frames: headers end at a blank line,
//!   `Content-Length` is found whatever its case, a header block is at
//!   most [`MAX_HEADER`] bytes and a body at most [`MAX_BODY`] (larger ones
//!   are skipped, never buffered). After a bad frame it resynchronises on
//!   the next `Content-Length` header. Each byte is scanned a bounded number
//!   of times, so junk costs time linear in its size.
//! - [`Gate`] answers what the service must not see, once per frame:
//!   -32700 (id null) for a frame that is not JSON, -32600 for JSON that is
//!   not a JSON-RPC message, -32002 for a request before `initialize`,
//!   -32601 for a `$/` request, -32600 for a request after `shutdown`; it
//!   drops notifications before `initialize` (except `exit`), and strips
//!   the params of `shutdown` and `exit`, which take none.
//! - [`run`] is the loop: frames to the gate, requests to the service (at
//!   most four at once, polled in arrival order, as tower-lsp-server does),
//!   responses and the server's own requests to the output; a
//!   `$/cancelRequest` takes effect as soon as it is read.

use futures::channel::mpsc;
use futures::future::{self, BoxFuture, FutureExt};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::fmt::Display;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower::Service;
use tower_lsp_server::ClientSocket;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Longest header block accepted; more without a blank line is junk.
pub const MAX_HEADER: usize = 8 * 1024;
/// Largest body buffered; a larger one is skipped as it streams past.
pub const MAX_BODY: usize = 256 << 20;
/// Requests handled at once (tower-lsp-server's default).
const CONCURRENCY: usize = 4;

const CONTENT_LENGTH: &[u8] = b"content-length";

/// A frame cut from the input.
#[derive(Debug, PartialEq)]
pub enum Frame {
    Body(Vec<u8>),
    /// Unusable headers, no header end within [`MAX_HEADER`] bytes, or a
    /// body over [`MAX_BODY`].
    Bad,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// Reading a header block; `scanned` bytes of it hold no blank line.
    Header { scanned: usize },
    /// Waiting for a body of this length.
    Body(usize),
    /// Dropping this many bytes of a body too large to keep.
    Discard(usize),
    /// After a bad frame: dropping bytes up to the next `Content-Length`.
    Skip,
}

/// Incremental frame decoder (see the module docs).
pub struct Framer {
    buf: Vec<u8>,
    /// Bytes of `buf` already consumed.
    start: usize,
    state: State,
}

impl Default for Framer {
    fn default() -> Self {
        Framer {
            buf: Vec::new(),
            start: 0,
            state: State::Header { scanned: 0 },
        }
    }
}

impl Framer {
    pub fn push(&mut self, data: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(data);
    }

    /// Bytes held that are not consumed yet.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    /// The next complete frame, if the input holds one.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            let avail = &self.buf[self.start..];
            match self.state {
                State::Discard(n) => {
                    let k = n.min(avail.len());
                    self.start += k;
                    if k < n {
                        self.state = State::Discard(n - k);
                        return None;
                    }
                    self.state = State::Header { scanned: 0 };
                }
                State::Skip => match find_ignore_case(avail, CONTENT_LENGTH) {
                    Some(i) => {
                        self.start += i;
                        self.state = State::Header { scanned: 0 };
                    }
                    None => {
                        // Keep only what could be the start of the header name.
                        self.start += avail.len().saturating_sub(CONTENT_LENGTH.len() - 1);
                        return None;
                    }
                },
                State::Body(len) => {
                    if avail.len() < len {
                        return None;
                    }
                    let body = avail[..len].to_vec();
                    self.start += len;
                    self.state = State::Header { scanned: 0 };
                    return Some(Frame::Body(body));
                }
                State::Header { scanned } => {
                    let from = scanned.saturating_sub(3);
                    let Some(end) = find(&avail[from..], b"\r\n\r\n").map(|i| i + from) else {
                        if avail.len() > MAX_HEADER {
                            return Some(self.bad());
                        }
                        self.state = State::Header {
                            scanned: avail.len(),
                        };
                        return None;
                    };
                    if end > MAX_HEADER {
                        return Some(self.bad());
                    }
                    match content_length(&avail[..end]) {
                        Some(len) if len <= MAX_BODY => {
                            self.start += end + 4;
                            self.state = State::Body(len);
                        }
                        Some(len) => {
                            self.start += end + 4;
                            self.state = State::Discard(len);
                            return Some(Frame::Bad);
                        }
                        None => {
                            // Junk glued to the front of a header ("xyzContent-Length: 5"):
                            // resynchronise on that header. Otherwise drop the block
                            // and whatever body follows it, up to the next header.
                            let head = &avail[..end];
                            let glued =
                                (1..head.len())
                                    .filter(|&i| head[i - 1] != b'\n')
                                    .find(|&i| {
                                        head[i..].len() >= CONTENT_LENGTH.len()
                                            && head[i..i + CONTENT_LENGTH.len()]
                                                .eq_ignore_ascii_case(CONTENT_LENGTH)
                                    });
                            match glued {
                                Some(i) => {
                                    self.start += i;
                                    self.state = State::Header { scanned: 0 };
                                }
                                None => {
                                    self.start += end + 4;
                                    self.state = State::Skip;
                                }
                            }
                            return Some(Frame::Bad);
                        }
                    }
                }
            }
        }
    }

    /// No header end in sight: skip to the next `Content-Length` after this byte.
    fn bad(&mut self) -> Frame {
        self.start += 1;
        self.state = State::Skip;
        Frame::Bad
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `needle` is lower case.
fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The `Content-Length` of a header block: `Name: value` lines, the
/// length given once (or the same each time), other headers ignored.
fn content_length(head: &[u8]) -> Option<usize> {
    let head = std::str::from_utf8(head).ok()?;
    let mut len = None;
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':')?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            let v = value.trim();
            if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: usize = v.parse().ok()?;
            if len.is_some_and(|l| l != n) {
                return None;
            }
            len = Some(n);
        }
    }
    len
}

/// A message for the service.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Response(Response),
}

/// What to do with a frame.
#[derive(Debug)]
pub enum Action {
    Forward(Incoming),
    /// Answer the client with this message; the service never sees the frame.
    Reply(Value),
    /// Drop it (a notification before `initialize`).
    Ignore,
}

fn error(id: Value, code: i64, message: &str) -> Action {
    Action::Reply(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}))
}

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const SERVER_NOT_INITIALIZED: i64 = -32002;

/// The protocol state as far as answering frames needs it.
#[derive(Default)]
pub struct Gate {
    initialized: bool,
    shut_down: bool,
}

impl Gate {
    pub fn classify(&mut self, frame: Frame) -> Action {
        let Frame::Body(body) = frame else {
            return error(Value::Null, PARSE_ERROR, "Parse error");
        };
        let Ok(mut v) = serde_json::from_slice::<Value>(&body) else {
            return error(Value::Null, PARSE_ERROR, "Parse error");
        };
        // An id the reply can carry: a string or an integer, else null.
        let id = v
            .get("id")
            .filter(|id| id.is_string() || id.is_i64())
            .cloned()
            .unwrap_or(Value::Null);
        let Some(obj) = v.as_object_mut() else {
            return error(Value::Null, INVALID_REQUEST, "Invalid request");
        };
        if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
            return error(id, INVALID_REQUEST, "Invalid request: not JSON-RPC 2.0");
        }
        let method = match obj.get("method") {
            Some(Value::String(m)) => m.clone(),
            Some(_) => {
                return error(
                    id,
                    INVALID_REQUEST,
                    "Invalid request: the method is not a string",
                );
            }
            None => {
                let response = obj.contains_key("id")
                    && (obj.contains_key("result") || obj.contains_key("error"));
                return match serde_json::from_value::<Response>(v) {
                    Ok(r) if response => Action::Forward(Incoming::Response(r)),
                    _ => error(id, INVALID_REQUEST, "Invalid request"),
                };
            }
        };
        if obj.contains_key("id") && id.is_null() && !obj["id"].is_null() {
            return error(
                Value::Null,
                INVALID_REQUEST,
                "Invalid request: the id must be a string or an integer",
            );
        }
        let is_request = obj.contains_key("id");
        if method == "shutdown" || method == "exit" {
            // They take no params; an empty object or array is no params.
            obj.remove("params");
        }
        if is_request {
            if !self.initialized && method != "initialize" {
                return error(id, SERVER_NOT_INITIALIZED, "Server not initialized");
            }
            if self.shut_down {
                return error(
                    id,
                    INVALID_REQUEST,
                    "Invalid request: the server is shutting down",
                );
            }
            if method.starts_with("$/") {
                return error(id, METHOD_NOT_FOUND, &format!("Method not found: {method}"));
            }
        } else if !self.initialized && method != "exit" {
            return Action::Ignore;
        }
        let params_ok = obj
            .get("params")
            .is_none_or(|p| p.is_object() || p.is_array() || p.is_null());
        if !params_ok {
            return if is_request {
                error(
                    id,
                    INVALID_REQUEST,
                    "Invalid request: params must be an object or an array",
                )
            } else {
                Action::Ignore
            };
        }
        let initialize_ok = method == "initialize"
            && serde_json::from_value::<tower_lsp_server::ls_types::InitializeParams>(
                obj.get("params").cloned().unwrap_or(Value::Null),
            )
            .is_ok();
        match serde_json::from_value::<Request>(v) {
            Ok(r) => {
                if is_request && initialize_ok {
                    self.initialized = true;
                }
                if is_request && method == "shutdown" && self.initialized {
                    self.shut_down = true;
                }
                Action::Forward(Incoming::Request(r))
            }
            Err(_) if is_request => error(id, INVALID_REQUEST, "Invalid request"),
            Err(_) => Action::Ignore,
        }
    }
}

fn frame_bytes(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Serve `service` on `input`/`output` until `exit` or the end of input.
pub async fn run<I, O, S>(mut input: I, output: O, mut service: S, socket: ClientSocket)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
    S: Service<Request, Response = Option<Response>>,
    S::Error: Display,
    S::Future: Send + 'static,
{
    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, client_abort) = futures::stream::abortable(client_requests);
    // Bounded: a client that stops reading its input slows us down (we stop
    // reading its output) rather than making us buffer answers without end.
    let (out_tx, out_rx) = mpsc::channel::<Vec<u8>>(64);
    let (mut tasks_tx, tasks_rx) = mpsc::channel::<BoxFuture<'static, Option<Response>>>(100);

    let task_out = out_tx.clone();
    let process = tasks_rx.buffer_unordered(CONCURRENCY).for_each(move |r| {
        let mut out = task_out.clone();
        async move {
            if let Some(body) = r.and_then(|r| serde_json::to_vec(&r).ok()) {
                let _ = out.send(body).await;
            }
        }
    });

    let print = async move {
        let requests = client_requests.map(|r| serde_json::to_vec(&r).unwrap_or_default());
        let mut messages = futures::stream::select(out_rx, requests);
        let mut output = std::pin::pin!(output);
        while let Some(body) = messages.next().await {
            let bytes = frame_bytes(&body);
            if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
                // The client is gone; keep draining so nothing waits on us.
                while messages.next().await.is_some() {}
                return;
            }
        }
        let _ = output.shutdown().await;
    };

    let read = async move {
        let mut out_tx = out_tx;
        let mut framer = Framer::default();
        let mut gate = Gate::default();
        let mut chunk = vec![0u8; 64 * 1024];
        'reading: loop {
            let n = match input.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            framer.push(&chunk[..n]);
            while let Some(frame) = framer.next_frame() {
                match gate.classify(frame) {
                    Action::Ignore => {}
                    Action::Reply(v) => {
                        let _ = out_tx.send(v.to_string().into_bytes()).await;
                    }
                    Action::Forward(Incoming::Response(r)) => {
                        if client_responses.send(r).await.is_err() {
                            break 'reading;
                        }
                    }
                    Action::Forward(Incoming::Request(req)) => {
                        if let Err(e) = future::poll_fn(|cx| service.poll_ready(cx)).await {
                            crate::say!("copydesk lsp: {e}");
                            break 'reading;
                        }
                        // The server must exit right after `exit`, even if the client keeps stdin open.
                        let exit = req.method() == "exit";
                        let cancel = req.method() == "$/cancelRequest" && req.id().is_none();
                        let fut = service.call(req).map(|r| {
                            r.unwrap_or_else(|e| {
                                crate::say!("copydesk lsp: {e}");
                                None
                            })
                        });
                        if cancel {
                            // At once, not in line behind the requests being handled:
                            // a request still waiting for its turn is then answered
                            // -32800 without running. (It only marks the request.)
                            fut.await;
                            continue;
                        }
                        if tasks_tx.send(fut.boxed()).await.is_err() || exit {
                            break 'reading;
                        }
                    }
                }
            }
        }
        tasks_tx.disconnect();
        drop(out_tx);
        client_abort.abort();
    };

    futures::join!(process, print, read);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn frames(input: &[u8], chunk: usize) -> Vec<Frame> {
        let mut f = Framer::default();
        let mut out = Vec::new();
        for c in input.chunks(chunk.max(1)) {
            f.push(c);
            while let Some(fr) = f.next_frame() {
                out.push(fr);
            }
        }
        out
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    #[test]
    fn frames_bad_headers_and_resynchronisation() {
        let ok = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = [
            frame(ok),
            "Content-Length: abc\r\n\r\n{}".to_string(),
            format!(
                "content-length: {}\r\nContent-Type: x\r\n\r\n{ok}",
                ok.len()
            ),
            "xyz".to_string(),
            frame(ok),
            "\r\n\r\n".to_string(),
            format!("CONTENT-LENGTH:{}\r\n\r\n{ok}", ok.len()),
        ]
        .concat();
        for chunk in [1, 2, 3, 7, 64, 1 << 20] {
            let got = frames(input.as_bytes(), chunk);
            // "xyz" glued to the next header spoils it: one bad frame, then resync.
            assert_eq!(
                got,
                vec![
                    body(ok),
                    Frame::Bad,
                    body(ok),
                    Frame::Bad,
                    body(ok),
                    Frame::Bad,
                    body(ok)
                ],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn partial_frames_wait_for_more() {
        let ok = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let mut f = Framer::default();
        f.push(&ok.as_bytes()[..ok.len() - 3]);
        assert_eq!(f.next_frame(), None);
        f.push(&ok.as_bytes()[ok.len() - 3..]);
        assert!(matches!(f.next_frame(), Some(Frame::Body(_))));
        assert_eq!(f.next_frame(), None);
    }

    #[test]
    fn junk_is_bounded_and_skipped_once() {
        let mut f = Framer::default();
        let junk = vec![b'x'; 64 * 1024];
        let mut bad = 0;
        for _ in 0..320 {
            f.push(&junk);
            while let Some(fr) = f.next_frame() {
                assert_eq!(fr, Frame::Bad);
                bad += 1;
            }
            assert!(f.buffered() <= MAX_HEADER + junk.len(), "{}", f.buffered());
        }
        assert_eq!(bad, 1);
        let ok = frame(r#"{"jsonrpc":"2.0","id":1,"method":"x"}"#);
        f.push(ok.as_bytes());
        assert!(matches!(f.next_frame(), Some(Frame::Body(_))));
    }

    #[test]
    fn oversized_bodies_are_skipped_without_buffering() {
        let mut f = Framer::default();
        f.push(format!("Content-Length: {}\r\n\r\n", MAX_BODY + 1).as_bytes());
        assert_eq!(f.next_frame(), Some(Frame::Bad));
        let chunk = vec![b'{'; 1 << 20];
        for _ in 0..(MAX_BODY >> 20) {
            f.push(&chunk);
            assert_eq!(f.next_frame(), None);
            assert!(f.buffered() <= chunk.len());
        }
        f.push(b"{");
        f.push(frame("{}").as_bytes());
        assert_eq!(f.next_frame(), Some(body("{}")));
    }

    fn classify(g: &mut Gate, s: &str) -> Action {
        g.classify(body(s))
    }

    fn code(a: &Action) -> Option<i64> {
        match a {
            Action::Reply(v) => v["error"]["code"].as_i64(),
            _ => None,
        }
    }

    #[test]
    fn gate_answers_per_spec() {
        let mut g = Gate::default();
        assert_eq!(code(&g.classify(Frame::Bad)), Some(PARSE_ERROR));
        assert_eq!(code(&classify(&mut g, "{not json")), Some(PARSE_ERROR));
        assert_eq!(
            code(&classify(
                &mut g,
                r#"{"jsonrpc":"2.0","id":1,"method":"x/y"}"#
            )),
            Some(SERVER_NOT_INITIALIZED)
        );
        assert!(matches!(
            classify(&mut g, r#"{"jsonrpc":"2.0","method":"initialized"}"#),
            Action::Ignore
        ));
        assert!(matches!(
            classify(&mut g, r#"{"jsonrpc":"2.0","method":"exit"}"#),
            Action::Forward(_)
        ));
        assert!(matches!(
            classify(
                &mut g,
                r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#
            ),
            Action::Forward(_)
        ));
        assert_eq!(
            code(&classify(
                &mut g,
                r#"{"jsonrpc":"2.0","id":2,"method":"$/x"}"#
            )),
            Some(METHOD_NOT_FOUND)
        );
        assert!(matches!(
            classify(&mut g, r#"{"jsonrpc":"2.0","method":"$/x"}"#),
            Action::Forward(_)
        ));
        assert_eq!(
            code(&classify(&mut g, r#"{"id":3,"hello":1}"#)),
            Some(INVALID_REQUEST)
        );
        assert_eq!(code(&classify(&mut g, "[1,2]")), Some(INVALID_REQUEST));
        assert_eq!(
            code(&classify(
                &mut g,
                r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#
            )),
            Some(INVALID_REQUEST)
        );
        assert_eq!(
            code(&classify(
                &mut g,
                r#"{"jsonrpc":"2.0","id":4,"method":"x","params":3}"#
            )),
            Some(INVALID_REQUEST)
        );
        assert!(matches!(
            classify(&mut g, r#"{"jsonrpc":"2.0","id":9,"result":null}"#),
            Action::Forward(Incoming::Response(_))
        ));
        match classify(
            &mut g,
            r#"{"jsonrpc":"2.0","id":5,"method":"shutdown","params":{}}"#,
        ) {
            Action::Forward(Incoming::Request(r)) => assert!(r.params().is_none()),
            a => panic!("{a:?}"),
        }
        assert_eq!(
            code(&classify(
                &mut g,
                r#"{"jsonrpc":"2.0","id":6,"method":"textDocument/hover"}"#
            )),
            Some(INVALID_REQUEST)
        );
        assert!(matches!(
            classify(&mut g, r#"{"jsonrpc":"2.0","method":"exit","params":{}}"#),
            Action::Forward(_)
        ));
    }
}
