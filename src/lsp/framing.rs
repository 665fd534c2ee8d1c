//! Input framing that survives bad messages.
//!
//! tower-lsp-server's reader stops for good at the first frame it cannot
//! decode (tokio-util's `FramedRead` ends the stream after a decoder error),
//! so one malformed message would end the session. This adapter sits in
//! front of it: well-formed frames pass through unchanged; a frame whose
//! body is not JSON, or whose headers are unusable, becomes a request to
//! `$/copydesk/parseError` (answered with a JSON-RPC parse error, id null),
//! and JSON that is not a JSON-RPC message becomes `$/copydesk/invalidRequest`
//! (answered with an invalid-request error, with the message's id if it had one).

use serde::Deserialize;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};
use tower_lsp_server::jsonrpc::{Request, Response};

pub const PARSE_ERROR: &str = "$/copydesk/parseError";
pub const INVALID_REQUEST: &str = "$/copydesk/invalidRequest";

/// Bodies larger than this are refused (as a parse error) rather than buffered.
const MAX_BODY: usize = 1 << 30;

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Message {
    Response(Response),
    Request(Request),
}

pub struct Sanitize<R> {
    inner: R,
    input: Vec<u8>,
    output: VecDeque<u8>,
    eof: bool,
}

impl<R> Sanitize<R> {
    pub fn new(inner: R) -> Self {
        Sanitize { inner, input: Vec::new(), output: VecDeque::new(), eof: false }
    }

    /// Move every complete frame from `input` to `output`.
    fn frames(&mut self) {
        while let Some(head_end) = find(&self.input, b"\r\n\r\n") {
            let len = std::str::from_utf8(&self.input[..head_end]).ok().and_then(content_length);
            let Some(len) = len.filter(|n| *n <= MAX_BODY) else {
                // Unusable headers: skip to the next frame that looks like one.
                let next = find(&self.input[1..], b"Content-Length").map_or(self.input.len(), |i| i + 1);
                self.input.drain(..next);
                push(&mut self.output, &synthetic(PARSE_ERROR, serde_json::Value::Null));
                continue;
            };
            let start = head_end + 4;
            if self.input.len() < start + len {
                return;
            }
            let body: Vec<u8> = self.input.drain(..start + len).skip(start).collect();
            match serde_json::from_slice::<serde_json::Value>(&body) {
                Err(_) => push(&mut self.output, &synthetic(PARSE_ERROR, serde_json::Value::Null)),
                Ok(v) => match serde_json::from_value::<Message>(v.clone()) {
                    Ok(_) => push(&mut self.output, &body),
                    Err(_) => {
                        let id = v.get("id").filter(|id| id.is_string() || id.is_i64()).cloned().unwrap_or_default();
                        push(&mut self.output, &synthetic(INVALID_REQUEST, id));
                    }
                },
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &str) -> Option<usize> {
    head.split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
}

fn synthetic(method: &str, id: serde_json::Value) -> Vec<u8> {
    serde_json::json!({"jsonrpc": "2.0", "id": id, "method": method}).to_string().into_bytes()
}

fn push(out: &mut VecDeque<u8>, body: &[u8]) {
    out.extend(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend(body);
}

impl<R: AsyncRead + Unpin> AsyncRead for Sanitize<R> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        while this.output.is_empty() && !this.eof {
            let mut chunk = [0u8; 64 * 1024];
            let mut rb = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.inner).poll_read(cx, &mut rb) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(())) if rb.filled().is_empty() => this.eof = true,
                Poll::Ready(Ok(())) => {
                    this.input.extend_from_slice(rb.filled());
                    this.frames();
                }
            }
        }
        let n = buf.remaining().min(this.output.len());
        let (a, b) = this.output.as_slices();
        let from_a = n.min(a.len());
        buf.put_slice(&a[..from_a]);
        buf.put_slice(&b[..n - from_a]);
        this.output.drain(..n);
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> Vec<serde_json::Value> {
        let mut s = Sanitize::new(input);
        s.input = input.to_vec();
        s.frames();
        let out: Vec<u8> = s.output.into_iter().collect();
        let text = String::from_utf8(out).unwrap();
        text.split("Content-Length: ")
            .filter(|p| !p.is_empty())
            .map(|p| serde_json::from_str(p.split_once("\r\n\r\n").unwrap().1).unwrap())
            .collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_frames_become_error_requests() {
        let ok = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = [
            frame(ok),
            frame("{not json"),
            frame(r#"{"hello":"world","id":7}"#),
            "Content-Length: abc\r\n\r\n".to_string(),
            frame(ok),
        ]
        .concat();
        let msgs = run(input.as_bytes());
        assert_eq!(msgs.len(), 5, "{msgs:?}");
        assert_eq!(msgs[0]["method"], "shutdown");
        assert_eq!(msgs[1]["method"], PARSE_ERROR);
        assert!(msgs[1]["id"].is_null());
        assert_eq!(msgs[2]["method"], INVALID_REQUEST);
        assert_eq!(msgs[2]["id"], 7);
        assert_eq!(msgs[3]["method"], PARSE_ERROR);
        assert_eq!(msgs[4]["method"], "shutdown");
    }

    #[test]
    fn partial_frames_wait_for_more() {
        let ok = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let mut s = Sanitize::new(&b""[..]);
        s.input = ok.as_bytes()[..ok.len() - 3].to_vec();
        s.frames();
        assert!(s.output.is_empty());
        s.input.extend_from_slice(&ok.as_bytes()[ok.len() - 3..]);
        s.frames();
        assert_eq!(s.output.len(), ok.len());
    }
}
