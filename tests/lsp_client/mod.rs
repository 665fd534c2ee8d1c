//! A small synchronous LSP client for the language server tests: talks to
//! the server in-process (through `copydesk::lsp::serve`, i.e. the
//! `LspService`, over in-memory pipes) or to `copydesk lsp` as a child process.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------- pipes

#[derive(Default)]
struct PipeState {
    buf: VecDeque<u8>,
    closed: bool,
    waker: Option<Waker>,
}

/// An in-memory byte pipe, readable and writable both blocking (client
/// side) and async (server side).
#[derive(Clone, Default)]
pub struct Pipe(Arc<(Mutex<PipeState>, Condvar)>);

impl Pipe {
    pub fn close(&self) {
        let mut s = self.0.0.lock().unwrap();
        s.closed = true;
        if let Some(w) = s.waker.take() {
            w.wake();
        }
        self.0.1.notify_all();
    }
    fn push(&self, data: &[u8]) {
        let mut s = self.0.0.lock().unwrap();
        s.buf.extend(data);
        if let Some(w) = s.waker.take() {
            w.wake();
        }
        self.0.1.notify_all();
    }
    fn take(s: &mut PipeState, out: &mut [u8]) -> usize {
        let n = out.len().min(s.buf.len());
        for (o, b) in out.iter_mut().zip(s.buf.drain(..n)) {
            *o = b;
        }
        n
    }
}

/// The writing end: closes the pipe when dropped.
pub struct PipeWriter(pub Pipe);
impl Drop for PipeWriter {
    fn drop(&mut self) {
        self.0.close();
    }
}
impl Write for PipeWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.push(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
impl tokio::io::AsyncWrite for PipeWriter {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.0.push(data);
        Poll::Ready(Ok(data.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.0.close();
        Poll::Ready(Ok(()))
    }
}

pub struct PipeReader(pub Pipe);
impl Read for PipeReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let (m, cv) = &*self.0.0;
        let mut s = m.lock().unwrap();
        while s.buf.is_empty() && !s.closed {
            s = cv.wait(s).unwrap();
        }
        Ok(Pipe::take(&mut s, out))
    }
}
impl tokio::io::AsyncRead for PipeReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let mut s = self.0.0.0.lock().unwrap();
        if s.buf.is_empty() && !s.closed {
            s.waker = Some(cx.waker().clone());
            return Poll::Pending;
        }
        let n = out.remaining().min(s.buf.len());
        let bytes: Vec<u8> = s.buf.drain(..n).collect();
        out.put_slice(&bytes);
        Poll::Ready(Ok(()))
    }
}

// ---------------------------------------------------------------- client

pub struct Lsp {
    input: Option<Box<dyn Write + Send>>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received but not yet looked at.
    pub inbox: Vec<Value>,
    /// What we answer to `workspace/configuration` (the `copydesk` section).
    pub settings: Value,
    /// `client/registerCapability` params received.
    pub registrations: Vec<Value>,
    pub refreshes: usize,
    /// Server requests (by method) this client never answers, as a hung or
    /// careless client would; they are kept in the inbox.
    pub unanswered: Vec<&'static str>,
    child: Option<Child>,
    server: Option<JoinHandle<i32>>,
}

fn read_frames(r: impl Read + Send + 'static) -> Receiver<Value> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(r);
        loop {
            let mut len = None;
            loop {
                let mut line = String::new();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length:") {
                    len = v.trim().parse::<usize>().ok();
                }
            }
            let Some(len) = len else { return };
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let v: Value = serde_json::from_slice(&body).expect("server sent invalid JSON");
            if tx.send(v).is_err() {
                return;
            }
        }
    });
    rx
}

pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Lsp {
    fn new(input: Box<dyn Write + Send>, rx: Receiver<Value>) -> Lsp {
        Lsp {
            input: Some(input),
            rx,
            next_id: 1,
            inbox: Vec::new(),
            settings: Value::Null,
            registrations: Vec::new(),
            refreshes: 0,
            unanswered: Vec::new(),
            child: None,
            server: None,
        }
    }

    /// The server in this process, on its own runtime and thread.
    pub fn in_process() -> Lsp {
        let (to_server, from_server) = (Pipe::default(), Pipe::default());
        let (server_in, server_out) = (
            PipeReader(to_server.clone()),
            PipeWriter(from_server.clone()),
        );
        let server = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            let code = rt.block_on(copydesk::lsp::serve(server_in, server_out));
            rt.shutdown_background();
            code
        });
        let mut lsp = Lsp::new(
            Box::new(PipeWriter(to_server)),
            read_frames(PipeReader(from_server)),
        );
        lsp.server = Some(server);
        lsp
    }

    /// `copydesk lsp --stdio` as a child process.
    pub fn spawn(env: &[(&str, &Path)]) -> Lsp {
        Self::spawn_with_stderr(env, Stdio::inherit())
    }

    /// `copydesk lsp --stdio` as a child process, its stderr going to `stderr`.
    pub fn spawn_with_stderr(env: &[(&str, &Path)], stderr: Stdio) -> Lsp {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_copydesk"));
        cmd.args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start copydesk lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lsp = Lsp::new(Box::new(stdin), read_frames(stdout));
        lsp.child = Some(child);
        lsp
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let w = self.input.as_mut().expect("stdin is closed");
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(&frame(&msg.to_string()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The whole response message to a request.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to request {id}"));
            if m.get("method").is_none() && m["id"] == json!(id) {
                return m;
            }
            self.inbox.push(m);
        }
    }

    /// The result of a request; panics on an error response.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// The next message from the server (requests to us are answered here first).
    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        let m = match self.rx.recv_timeout(left) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
        };
        let (Some(method), Some(id)) = (m.get("method").and_then(Value::as_str), m.get("id"))
        else {
            return Some(m);
        };
        let id = id.clone();
        if self.unanswered.contains(&method) {
            return Some(m);
        }
        let result = match method {
            "workspace/configuration" => {
                let items = m["params"]["items"].as_array().cloned().unwrap_or_default();
                Value::Array(
                    items
                        .iter()
                        .map(|it| match it["section"].as_str() {
                            Some("copydesk") => self.settings.clone(),
                            _ => json!({"copydesk": self.settings}),
                        })
                        .collect(),
                )
            }
            "client/registerCapability" => {
                self.registrations.push(m["params"].clone());
                Value::Null
            }
            "workspace/diagnostic/refresh" => {
                self.refreshes += 1;
                Value::Null
            }
            _ => Value::Null,
        };
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
        Some(m)
    }

    /// Wait for a notification matching `pred` (looking at the inbox first).
    pub fn wait_for(
        &mut self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        if let Some(i) = self.inbox.iter().position(&pred) {
            return self.inbox.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            match self.recv(deadline) {
                Some(m) if pred(&m) => return m,
                Some(m) => self.inbox.push(m),
                None => panic!("timed out waiting for {what}; inbox: {:#?}", self.inbox),
            }
        }
    }

    /// Take in messages until `cond` holds (e.g. a registration was recorded).
    pub fn wait_until(&mut self, what: &str, cond: impl Fn(&Lsp) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        while !cond(self) {
            match self.recv(deadline) {
                Some(m) => self.inbox.push(m),
                None => panic!("timed out waiting for {what}"),
            }
        }
    }

    /// Whether a matching notification arrives within `timeout`.
    pub fn arrives(&mut self, timeout: Duration, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.inbox.iter().position(&pred) {
            return Some(self.inbox.remove(i));
        }
        let deadline = Instant::now() + timeout;
        while let Some(m) = self.recv(deadline) {
            if pred(&m) {
                return Some(m);
            }
            self.inbox.push(m);
        }
        None
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(&format!("diagnostics for {uri} v{version}"), TIMEOUT, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        // A later publication for the same version (after a settings change) wins.
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The next diagnostics published for `uri` that satisfy `pred`.
    pub fn diagnostics_where(
        &mut self,
        uri: &str,
        timeout: Duration,
        pred: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let m = self.wait_for(&format!("matching diagnostics for {uri}"), timeout, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(
                    m["params"]["diagnostics"]
                        .as_array()
                        .map(Vec::as_slice)
                        .unwrap_or(&[]),
                )
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn initialize(
        &mut self,
        capabilities: Value,
        init_options: Value,
        roots: &[&Path],
    ) -> Value {
        let folders: Vec<Value> = roots
            .iter()
            .map(|r| json!({"uri": uri(r), "name": r.display().to_string()}))
            .collect();
        let root_uri = roots
            .first()
            .map(|r| Value::String(uri(r)))
            .unwrap_or(Value::Null);
        let r = self.call(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": capabilities,
                "initializationOptions": init_options,
                "workspaceFolders": if folders.is_empty() { Value::Null } else { Value::Array(folders) },
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        let lang = if uri.ends_with(".md") {
            "markdown"
        } else {
            "plaintext"
        };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// The server's process id, when it runs as a child process.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Close our end of the server's input (stdin).
    pub fn close_input(&mut self) {
        self.input = None;
    }

    /// Wait for the server to end; its exit code.
    pub fn wait_exit(&mut self) -> i32 {
        self.input = None;
        if let Some(mut c) = self.child.take() {
            let deadline = Instant::now() + TIMEOUT;
            loop {
                if let Some(st) = c.try_wait().unwrap() {
                    return st.code().unwrap_or(-1);
                }
                if Instant::now() > deadline {
                    let _ = c.kill();
                    panic!("the server did not exit");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let h = self.server.take().expect("no server");
        let deadline = Instant::now() + TIMEOUT;
        while !h.is_finished() {
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
        h.join().unwrap()
    }

    pub fn shutdown_and_exit(&mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        self.input = None;
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

// ---------------------------------------------------------------- helpers

pub fn uri(p: &Path) -> String {
    let s = p
        .display()
        .to_string()
        .replace('%', "%25")
        .replace(' ', "%20");
    format!("file://{s}")
}

pub fn path_of(uri: &str) -> PathBuf {
    PathBuf::from(
        uri.strip_prefix("file://")
            .unwrap()
            .replace("%20", " ")
            .replace("%25", "%"),
    )
}

pub fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval")
}

/// The eval drafts: `(path, text)`.
pub fn eval_drafts() -> Vec<(PathBuf, String)> {
    let mut v: Vec<(PathBuf, String)> = std::fs::read_dir(eval_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt")))
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect();
    v.sort();
    assert!(v.len() >= 6);
    v
}

/// Column units of `s` in an encoding ("utf-8", "utf-16", "utf-32"),
/// computed independently of the server's code.
pub fn units(s: &str, enc: &str) -> usize {
    match enc {
        "utf-8" => s.len(),
        "utf-32" => s.chars().count(),
        _ => s.encode_utf16().count(),
    }
}

/// Byte offsets where lines start (lines end at \n, \r\n or \r).
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i += 1;
            starts.push(i + 1);
        } else if b[i] == b'\n' || b[i] == b'\r' {
            starts.push(i + 1);
        }
        i += 1;
    }
    starts
}

/// Byte offset of an LSP position in `text`.
pub fn offset(text: &str, line: u64, col: u64, enc: &str) -> usize {
    let starts = line_starts(text);
    let start = starts[line as usize];
    let end = starts.get(line as usize + 1).copied().unwrap_or(text.len());
    let line_text = text[start..end].trim_end_matches(['\n', '\r']);
    let mut u = 0;
    for (j, ch) in line_text.char_indices() {
        if u >= col as usize {
            return start + j;
        }
        u += units(ch.encode_utf8(&mut [0; 4]), enc);
    }
    start + line_text.len()
}

pub fn position(text: &str, off: usize, enc: &str) -> Value {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= off) - 1;
    json!({"line": line, "character": units(&text[starts[line]..off], enc)})
}

/// The text a range covers.
pub fn text_at<'a>(text: &'a str, range: &Value, enc: &str) -> &'a str {
    let s = offset(
        text,
        range["start"]["line"].as_u64().unwrap(),
        range["start"]["character"].as_u64().unwrap(),
        enc,
    );
    let e = offset(
        text,
        range["end"]["line"].as_u64().unwrap(),
        range["end"]["character"].as_u64().unwrap(),
        enc,
    );
    &text[s..e]
}

/// Apply LSP text edits (non-overlapping) to `text`.
pub fn apply_edits(text: &str, edits: &[Value], enc: &str) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let s = offset(
                text,
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                enc,
            );
            let t = offset(
                text,
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
                enc,
            );
            (s, t, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// The edits of a code action's workspace edit for `uri` (either form).
pub fn action_edits(action: &Value, uri: &str) -> Vec<Value> {
    let edit = &action["edit"];
    if let Some(e) = edit["changes"][uri].as_array() {
        return e.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["textDocument"]["uri"] == uri)
        .flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// `(code, range)` of every finding `copydesk::check` gives for a text with
/// the built-in corpus, as LSP ranges in `enc`.
pub fn expected(text: &str, path: &Path, enc: &str) -> Vec<(String, Value)> {
    use std::sync::OnceLock;
    static CORPUS: OnceLock<copydesk::Corpus> = OnceLock::new();
    let corpus = CORPUS.get_or_init(copydesk::loader::embedded);
    let doc = copydesk::Doc::parse(
        text,
        copydesk::Format::from_path(&path.display().to_string()),
    );
    copydesk::check(corpus, &doc, &copydesk::Options::default())
        .into_iter()
        .map(|f| {
            (
                f.code.to_string(),
                json!({"start": position(text, f.span.start, enc), "end": position(text, f.span.end, enc)}),
            )
        })
        .collect()
}

pub fn got(diags: &[Value]) -> Vec<(String, Value)> {
    sorted(
        diags
            .iter()
            .map(|d| (d["code"].as_str().unwrap().to_string(), d["range"].clone()))
            .collect(),
    )
}

pub fn sorted(mut v: Vec<(String, Value)>) -> Vec<(String, Value)> {
    v.sort_by_key(|(c, r)| {
        (
            r["start"]["line"].as_u64(),
            r["start"]["character"].as_u64(),
            r["end"]["line"].as_u64(),
            r["end"]["character"].as_u64(),
            c.clone(),
        )
    });
    v
}

/// Capabilities of a client speaking `enc` (and nothing else special).
pub fn caps(enc: &str) -> Value {
    json!({"general": {"positionEncodings": [enc]}})
}

/// A fresh temp folder.
pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-lsp-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
