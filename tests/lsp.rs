//! Language server tests, in-process: the real `LspService` behind
//! `copydesk::lsp::serve`, driven over in-memory pipes by a small client.

mod lsp_client;

use lsp_client::*;
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

const FAST: &str = r#"{"copydesk": {"debounceMs": 0}}"#;

fn fast() -> Value {
    serde_json::from_str(FAST).unwrap()
}

fn start(enc: &str) -> Lsp {
    let mut lsp = Lsp::in_process();
    let r = lsp.initialize(caps(enc), fast(), &[]);
    assert_eq!(r["capabilities"]["positionEncoding"], enc);
    lsp
}

fn draft(name: &str) -> (std::path::PathBuf, String) {
    eval_drafts()
        .into_iter()
        .find(|(p, _)| p.file_name().unwrap().to_str().unwrap().starts_with(name))
        .unwrap()
}

fn find<'a>(diags: &'a [Value], code: &str, text: &str, doc: &str, enc: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code && text_at(doc, &d["range"], enc) == text)
        .unwrap_or_else(|| panic!("no {code} diagnostic on {text:?} in {diags:#?}"))
}

fn at(text: &str, needle: &str, enc: &str) -> Value {
    position(text, text.find(needle).unwrap() + 1, enc)
}

fn actions(lsp: &mut Lsp, uri: &str, d: &Value) -> Vec<Value> {
    let r = lsp.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    r.as_array().cloned().unwrap_or_default()
}

#[test]
fn negotiates_position_encoding() {
    for (offered, chosen) in [
        (json!(["utf-16", "utf-32"]), "utf-32"),
        (json!(["utf-16", "utf-32", "utf-8"]), "utf-8"),
        (json!(["utf-16"]), "utf-16"),
        (Value::Null, "utf-16"),
    ] {
        let mut lsp = Lsp::in_process();
        let r = lsp.initialize(
            json!({"general": {"positionEncodings": offered}}),
            Value::Null,
            &[],
        );
        assert_eq!(r["capabilities"]["positionEncoding"], chosen);
        assert_eq!(
            r["capabilities"]["textDocumentSync"]["change"], 2,
            "incremental sync"
        );
        assert_eq!(lsp.shutdown_and_exit(), 0);
    }
}

#[test]
fn eval_drafts_get_the_same_diagnostics_as_check() {
    for enc in ["utf-16", "utf-8"] {
        let mut lsp = start(enc);
        for (path, text) in eval_drafts() {
            let u = uri(&path);
            lsp.open(&u, &text);
            let diags = lsp.diagnostics(&u, 1);
            assert_eq!(
                got(&diags),
                sorted(expected(&text, &path, enc)),
                "{} ({enc})",
                path.display()
            );
            for d in &diags {
                assert_eq!(d["source"], "copydesk");
                assert!(d["severity"].as_u64().is_some());
                assert_eq!(
                    d["data"]["text"],
                    text_at(&text, &d["range"], enc),
                    "data.text is the flagged text"
                );
            }
        }
        assert_eq!(lsp.shutdown_and_exit(), 0);
    }
}

#[test]
fn name_spelling_hover_quick_fix_and_definition() {
    let enc = "utf-16";
    let mut lsp = start(enc);
    let (path, mut text) = draft("02-");
    let u = uri(&path);
    lsp.open(&u, &text);
    let diags = lsp.diagnostics(&u, 1);
    let d = find(&diags, "name-spelling", "Tabarov", &text, enc).clone();
    assert_eq!(d["range"]["start"]["line"], 4, "line 5");
    assert!(
        d["data"]["suggestions"]
            .as_array()
            .unwrap()
            .contains(&json!("Tabalov")),
        "{d:#}"
    );
    let related = d["relatedInformation"]
        .as_array()
        .expect("relatedInformation");
    let rel_uri = related[0]["location"]["uri"].as_str().unwrap();
    assert!(rel_uri.starts_with("file://"), "{rel_uri}");
    let article = path_of(rel_uri);
    let article_text = std::fs::read_to_string(&article).unwrap();
    let quoted = text_at(&article_text, &related[0]["location"]["range"], enc);
    assert!(
        quoted.contains("Tabalov"),
        "related range covers the evidence: {quoted:?}"
    );
    // It is named by its headline (its first line), not its file.
    let headline = article_text.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert_eq!(
        related[0]["message"].as_str().unwrap(),
        headline.trim().trim_end_matches('.'),
        "{d:#}"
    );

    // Hover names the source article.
    let h = lsp.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": at(&text, "Tabarov", enc)}),
    );
    let md = h["contents"]["value"].as_str().expect("markdown hover");
    assert_eq!(h["contents"]["kind"], "markdown");
    let file_name = article.file_name().unwrap().to_str().unwrap();
    assert!(
        md.contains(file_name),
        "hover names the article {file_name}: {md}"
    );
    assert!(md.contains("Tabalov"), "{md}");
    // It adds what the diagnostic lacks (the source quote), not its message again.
    assert!(md.contains("\n> "), "{md}");
    assert!(
        !md.contains(d["message"].as_str().unwrap()),
        "the hover repeats the diagnostic's message: {md}"
    );

    // Go to definition: the corpus file and line that spell it right.
    let def = lsp.call(
        "textDocument/definition",
        json!({"textDocument": {"uri": u}, "position": at(&text, "Tabarov", enc)}),
    );
    let def_path = path_of(def["uri"].as_str().unwrap());
    let def_text = std::fs::read_to_string(&def_path).unwrap();
    let line = def["range"]["start"]["line"].as_u64().unwrap() as usize;
    let line_text = def_text.lines().nth(line).unwrap();
    assert!(
        line_text.contains("Tabalov"),
        "{}:{line}: {line_text}",
        def_path.display()
    );
    assert!(text_at(&def_text, &def["range"], enc).contains("Tabalov"));

    // The quick fix writes the corpus spelling.
    let acts = actions(&mut lsp, &u, &d);
    let fix = acts
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("Tabalov"))
        .expect("a quick fix");
    assert_eq!(fix["kind"], "quickfix");
    let edits = action_edits(fix, &u);
    let fixed = apply_edits(&text, &edits, enc);
    assert!(fixed.contains("said Alexei Tabalov, a lawyer"), "{fixed}");
    assert_eq!(
        fixed.replace("Tabalov", "Tabarov"),
        text.replace("Tabalov", "Tabarov"),
        "only the name changed"
    );
    // Send the edit incrementally, as an editor would.
    lsp.change(
        &u,
        2,
        json!(
            edits
                .iter()
                .map(|e| json!({"range": e["range"], "text": e["newText"]}))
                .collect::<Vec<_>>()
        ),
    );
    text = fixed;
    let diags = lsp.diagnostics(&u, 2);
    assert!(
        !diags
            .iter()
            .any(|d| d["code"] == "name-spelling" && d["range"]["start"]["line"] == 4),
        "{diags:#?}"
    );
    assert_eq!(got(&diags), sorted(expected(&text, &path, enc)));
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn attribution_and_disable_quick_fixes() {
    let enc = "utf-16";
    let mut lsp = start(enc);
    let (path, text) = draft("02-");
    let u = uri(&path);
    lsp.open(&u, &text);
    let diags = lsp.diagnostics(&u, 1);

    // "Around 80 soldiers …": add the source the corpus gives.
    let d = find(
        &diags,
        "unattributed-figure",
        "Around 80 soldiers",
        &text,
        enc,
    )
    .clone();
    let acts = actions(&mut lsp, &u, &d);
    let add = acts
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Add the source: ‘according to ")
        })
        .unwrap_or_else(|| panic!("no add-attribution action: {acts:#?}"));
    let with_source = apply_edits(&text, &action_edits(add, &u), enc);
    let line = with_source.lines().nth(10).unwrap();
    assert!(
        line.contains("in the Luhansk region, according to "),
        "{line}"
    );
    assert!(line.ends_with('.'), "{line}");
    lsp.change(&u, 2, json!([{"text": with_source}]));
    let diags2 = lsp.diagnostics(&u, 2);
    assert!(
        !diags2
            .iter()
            .any(|d| d["code"] == "unattributed-figure" && d["range"]["start"]["line"] == 10),
        "attributed now: {diags2:#?}"
    );

    // In a Markdown draft, a hidden comment above "Garmazapova", as an explicit choice.
    assert!(path.extension().is_some_and(|e| e == "md"));
    let d = find(&diags2, "name-spelling", "Garmazapova", &with_source, enc).clone();
    let acts = actions(&mut lsp, &u, &d);
    let off = acts
        .iter()
        .find(|a| a["title"] == copydesk::wording::IGNORE_WITH_COMMENT)
        .unwrap_or_else(|| panic!("no hidden-comment action: {acts:#?}"));
    let disabled = apply_edits(&with_source, &action_edits(off, &u), enc);
    assert!(
        disabled
            .contains("<!-- copydesk-disable-next-line name-spelling -->\n\"I'm getting messages"),
        "{disabled}"
    );
    lsp.change(&u, 3, json!([{"text": disabled}]));
    let diags3 = lsp.diagnostics(&u, 3);
    assert!(
        !diags3.iter().any(|d| d["data"]["text"] == "Garmazapova"),
        "{diags3:#?}"
    );
    assert!(
        diags3.iter().any(|d| d["data"]["text"] == "Tabarov"),
        "other lines still checked"
    );

    // A stale diagnostic (text changed under it) gets no edits.
    let stale = actions(&mut lsp, &u, &d);
    assert!(
        stale
            .iter()
            .all(|a| !a["title"].as_str().unwrap().contains("Garmazhapova")),
        "{stale:#?}"
    );
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn incremental_edits_around_emoji_and_crlf_keep_ranges_exact() {
    for enc in ["utf-16", "utf-8", "utf-32"] {
        let mut lsp = start(enc);
        let (path, orig) = draft("02-");
        let u = uri(&path);
        let mut text = orig
            .replace('\n', "\r\n")
            .replacen("Hundreds of", "😀 Hundreds of", 1);
        lsp.open(&u, &text);
        let check = |lsp: &mut Lsp, text: &str, v: i64| {
            let diags = lsp.diagnostics(&u, v);
            assert_eq!(
                got(&diags),
                sorted(expected(text, &path, enc)),
                "v{v} ({enc})"
            );
            for d in &diags {
                assert_eq!(
                    d["data"]["text"],
                    text_at(text, &d["range"], enc),
                    "v{v} ({enc})"
                );
            }
            find(&diags, "name-spelling", "Tabarov", text, enc);
        };
        check(&mut lsp, &text, 1);
        let mut v = 1;
        let mut edit = |lsp: &mut Lsp, text: &mut String, from: usize, to: usize, new: &str| {
            let range = json!({"start": position(text, from, enc), "end": position(text, to, enc)});
            text.replace_range(from..to, new);
            v += 1;
            lsp.change(&u, v, json!([{"range": range, "text": new}]));
            v
        };
        // Emoji and Cyrillic before the name, on its line.
        let q = text.find("\"We're").unwrap();
        let v2 = edit(&mut lsp, &mut text, q, q, "🇺🇦 Привет 😀 ");
        check(&mut lsp, &text, v2);
        // Replace a word with Cyrillic on an earlier line.
        let h = text.find("Hundreds").unwrap();
        let v3 = edit(&mut lsp, &mut text, h, h + "Hundreds".len(), "Сотни");
        check(&mut lsp, &text, v3);
        // Delete a CRLF (join the headline and the blank line).
        let crlf = text.find("\r\n").unwrap();
        let v4 = edit(&mut lsp, &mut text, crlf, crlf + 2, "");
        check(&mut lsp, &text, v4);
        // Insert a new paragraph with emoji and CRLFs before the name's line.
        let p = text.find("\"We're").unwrap() - "🇺🇦 Привет 😀 ".len();
        let v5 = edit(&mut lsp, &mut text, p, p, "New 👩‍👩‍👧 paragraph.\r\n\r\n");
        check(&mut lsp, &text, v5);
        // Two changes in one notification: positions of the second refer to the result of the first.
        let a = text.find("Сотни").unwrap();
        let r1 = json!({"start": position(&text, a, enc), "end": position(&text, a + "Сотни".len(), enc)});
        text.replace_range(a..a + "Сотни".len(), "😀😀");
        let b = text.find("😀 😀😀").unwrap();
        let r2 =
            json!({"start": position(&text, b, enc), "end": position(&text, b + "😀 ".len(), enc)});
        text.replace_range(b..b + "😀 ".len(), "");
        lsp.change(
            &u,
            6,
            json!([{"range": r1, "text": "😀😀"}, {"range": r2, "text": ""}]),
        );
        check(&mut lsp, &text, 6);
        assert_eq!(lsp.shutdown_and_exit(), 0);
    }
}

#[test]
fn a_hundred_pipelined_changes_land_in_order() {
    let enc = "utf-16";
    let mut lsp = start(enc);
    let (path, target) = draft("02-");
    let u = uri(&Path::new("/tmp/pipelined").join(path.file_name().unwrap()));
    lsp.open(&u, "");
    // Append the draft in 100 pieces, each at the end of the text so far:
    // applied out of order, the pieces would land in the wrong places.
    let chars: Vec<char> = target.chars().collect();
    let n = 100;
    let mut text = String::new();
    for i in 0..n {
        let piece: String = chars[i * chars.len() / n..(i + 1) * chars.len() / n]
            .iter()
            .collect();
        let end = position(&text, text.len(), enc);
        lsp.change(
            &u,
            i as i64 + 2,
            json!([{"range": {"start": end, "end": end}, "text": piece}]),
        );
        text.push_str(&piece);
    }
    assert_eq!(text, target);
    let diags = lsp.diagnostics(&u, n as i64 + 1);
    assert_eq!(got(&diags), sorted(expected(&target, &path, enc)));
    for d in &diags {
        assert_eq!(d["data"]["text"], text_at(&target, &d["range"], enc));
    }
    assert!(diags.iter().any(|d| d["data"]["text"] == "Tabarov"));
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn every_version_of_an_edited_draft_gets_the_diagnostics_check_gives() {
    // The server re-checks each version from the previous one's analysis;
    // whatever it carries over, the result must be `copydesk check`'s.
    let enc = "utf-16";
    let mut lsp = start(enc);
    let drafts = eval_drafts();
    let pieces: Vec<&str> = drafts
        .iter()
        .flat_map(|(_, t)| t.split(". ").take(3))
        .chain([" Tabarov said", "“", "\n\n", " 4,000 ", ""])
        .collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    for (path, original) in &drafts {
        let u = uri(&Path::new("/tmp/edited").join(path.file_name().unwrap()));
        let mut text = original.clone();
        lsp.open(&u, &text);
        lsp.diagnostics(&u, 1);
        for version in 2..14 {
            let mut at = next(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + next(30)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let piece = pieces[next(pieces.len())];
            let range =
                json!({"start": position(&text, at, enc), "end": position(&text, end, enc)});
            lsp.change(&u, version, json!([{"range": range, "text": piece}]));
            text.replace_range(at..end, piece);
            let diags = lsp.diagnostics(&u, version);
            assert_eq!(
                got(&diags),
                sorted(expected(&text, path, enc)),
                "{} v{version}:\n{text}",
                path.display()
            );
        }
    }
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn settings_changes_apply_without_restart() {
    let enc = "utf-16";
    let mut lsp = start(enc);
    let (path, text) = draft("02-");
    let u = uri(&path);
    lsp.open(&u, &text);
    let diags = lsp.diagnostics(&u, 1);
    assert!(diags.iter().any(|d| d["code"] == "name-spelling"));

    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"debounceMs": 0, "disabledCodes": ["name-spelling"], "severity": {"unattributed-figure": "error"}}}}),
    );
    let diags = lsp.diagnostics_where(&u, TIMEOUT, |ds| {
        !ds.is_empty() && !ds.iter().any(|d| d["code"] == "name-spelling")
    });
    for d in diags.iter().filter(|d| d["code"] == "unattributed-figure") {
        assert_eq!(d["severity"], 1, "error: {d:#}");
    }

    // A bad setting is a warning, not a failure; the good ones still apply.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"colour": "red", "debounceMs": "soon"}}}),
    );
    let m = lsp.wait_for("a warning", TIMEOUT, |m| {
        m["method"] == "window/showMessage"
    });
    assert_eq!(m["params"]["type"], 2, "warning");
    let msg = m["params"]["message"].as_str().unwrap();
    assert!(
        msg.contains("colour") || msg.contains("debounceMs"),
        "{msg}"
    );
    // Back to defaults: name-spelling again.
    lsp.diagnostics_where(&u, TIMEOUT, |ds| {
        ds.iter().any(|d| d["code"] == "name-spelling")
    });
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn pulled_configuration_is_used() {
    let mut lsp = Lsp::in_process();
    lsp.settings = json!({"disabledCodes": ["unattributed-figure"], "debounceMs": 0});
    lsp.initialize(
        json!({"workspace": {"configuration": true}}),
        Value::Null,
        &[],
    );
    let (path, text) = draft("02-");
    let u = uri(&path);
    lsp.open(&u, &text);
    lsp.diagnostics_where(&u, TIMEOUT, |ds| {
        !ds.is_empty() && !ds.iter().any(|d| d["code"] == "unattributed-figure")
    });
    // A pull-model change notification: settings null, the server asks again.
    lsp.settings = json!({"disabledCodes": ["name-spelling"], "debounceMs": 0});
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    lsp.diagnostics_where(&u, TIMEOUT, |ds| {
        ds.iter().any(|d| d["code"] == "unattributed-figure")
            && !ds.iter().any(|d| d["code"] == "name-spelling")
    });
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

const ARTICLE_A: &str = "Flooding closes roads in the north\n\nHeavy rain closed several roads in the northern region on Monday, officials said. The regional governor, Anna Kowalska, said crews were working through the night.\n";
const ARTICLE_B: &str = "Lawyer says dozens detained after protest\n\nMoscow lawyer Ivan Petrovsky said on Tuesday that dozens of men had been detained after the protest. Petrovsky, who represents several of the families, told reporters the men were held without charge. \"They were taken from their homes at night,\" Petrovsky said.\n";
const DRAFT: &str = "The lawyer Ivan Petrovski said the men were held without charge.\n";

fn petrovsky(ds: &[Value]) -> bool {
    ds.iter()
        .any(|d| d["code"] == "name-spelling" && d["data"]["suggestions"][0] == "Petrovsky")
}

#[test]
fn corpus_and_config_file_changes_reported_by_the_client_update_diagnostics() {
    let root = temp_dir("client-watch");
    std::fs::create_dir(root.join("refs")).unwrap();
    std::fs::write(root.join("refs/a.txt"), ARTICLE_A).unwrap();
    std::fs::write(
        root.join(".copydesk.toml"),
        "corpus = [\"refs\"]\ndebounce_ms = 0\n",
    )
    .unwrap();
    let mut lsp = Lsp::in_process();
    let caps = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true, "relativePatternSupport": true}}});
    lsp.initialize(caps, Value::Null, &[&root]);
    let u = uri(&root.join("draft.md"));
    lsp.open(&u, DRAFT);
    let diags = lsp.diagnostics(&u, 1);
    assert!(!petrovsky(&diags), "{diags:#?}");

    // The server asked the client to watch the corpus folder.
    lsp.wait_until("file watchers registered", |l| !l.registrations.is_empty());
    let r = lsp.registrations[0].clone();
    let r = &r["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles");
    let watchers = r["registerOptions"]["watchers"].to_string();
    assert!(watchers.contains(&uri(&root.join("refs"))), "{watchers}");

    // A new article: the draft's misspelling shows up.
    std::fs::write(root.join("refs/b.txt"), ARTICLE_B).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join("refs/b.txt")), "type": 1}]}),
    );
    lsp.diagnostics_where(&u, TIMEOUT, petrovsky);
    // The config file switches the check off.
    std::fs::write(
        root.join(".copydesk.toml"),
        "corpus = [\"refs\"]\ndebounce_ms = 0\ndisabled = [\"name-spelling\"]\n",
    )
    .unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join(".copydesk.toml")), "type": 2}]}),
    );
    lsp.diagnostics_where(&u, TIMEOUT, |ds| !petrovsky(ds));
    std::fs::write(
        root.join(".copydesk.toml"),
        "corpus = [\"refs\"]\ndebounce_ms = 0\n",
    )
    .unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join(".copydesk.toml")), "type": 2}]}),
    );
    lsp.diagnostics_where(&u, TIMEOUT, petrovsky);
    // Deleting the article takes it away again.
    std::fs::remove_file(root.join("refs/b.txt")).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join("refs/b.txt")), "type": 3}]}),
    );
    lsp.diagnostics_where(&u, TIMEOUT, |ds| !petrovsky(ds));
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&root).ok();
}

/// A cloned repository whose `.copydesk.toml` names a folder outside it,
/// through a symbolic link too, and a database of its author's choosing.
fn hostile_workspace(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let base = temp_dir(name);
    let private = base.join("private");
    std::fs::create_dir(&private).unwrap();
    std::fs::write(private.join("b.txt"), ARTICLE_B).unwrap();
    let ws = base.join("cloned");
    std::fs::create_dir_all(ws.join("refs")).unwrap();
    std::fs::write(ws.join("refs/a.txt"), ARTICLE_A).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(private.join("b.txt"), ws.join("refs/link.txt")).unwrap();
    std::fs::write(
        ws.join(".copydesk.toml"),
        format!(
            "corpus = [\"refs\", \"{}\", \"postgres://me@attacker.invalid/db\"]\ndebounce_ms = 0\n",
            private.display()
        ),
    )
    .unwrap();
    (ws, private)
}

#[test]
fn an_untrusted_workspace_config_cannot_read_outside_the_workspace_or_connect() {
    let (ws, private) = hostile_workspace("untrusted");
    let mut lsp = Lsp::in_process();
    // The client says nothing about trust: not trusted.
    lsp.initialize(json!({}), Value::Null, &[&ws]);
    let u = uri(&ws.join("draft.md"));
    lsp.open(&u, DRAFT);
    let ds = lsp.diagnostics(&u, 1);
    assert!(!petrovsky(&ds), "the outside folder was read: {ds:#?}");
    let mut said = Vec::new();
    while let Some(m) = lsp.arrives(Duration::from_secs(2), |m| {
        m["method"] == "window/showMessage"
    }) {
        said.push(m["params"]["message"].as_str().unwrap().to_string());
    }
    let private = private.display().to_string();
    for (named, why) in [
        (private.as_str(), "not trusted"),
        ("attacker.invalid", "not trusted"),
        ("link.txt", "symbolic link"),
    ] {
        assert_eq!(
            said.iter()
                .filter(|m| m.contains(named) && m.contains(why))
                .count(),
            1,
            "{named} named once: {said:#?}"
        );
    }
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn a_trusted_workspace_config_or_the_users_own_settings_may_name_outside_folders() {
    let (ws, private) = hostile_workspace("trusted");
    std::fs::write(
        ws.join(".copydesk.toml"),
        format!("corpus = [\"{}\"]\ndebounce_ms = 0\n", private.display()),
    )
    .unwrap();
    let u = uri(&ws.join("draft.md"));
    for init in [
        json!({"trustedWorkspace": true}),
        json!({"copydesk": {"trustedWorkspace": true}}),
        json!({"copydesk": {"corpus": [private.display().to_string()]}}),
    ] {
        let mut lsp = Lsp::in_process();
        lsp.initialize(json!({}), init.clone(), &[&ws]);
        lsp.open(&u, DRAFT);
        assert!(petrovsky(&lsp.diagnostics(&u, 1)), "{init}");
        assert_eq!(lsp.shutdown_and_exit(), 0);
    }
}

#[test]
fn a_corpus_setting_switches_corpus_without_restart() {
    let dir = temp_dir("corpus-setting");
    std::fs::create_dir(dir.join("refs")).unwrap();
    std::fs::write(dir.join("refs/b.txt"), ARTICLE_B).unwrap();
    let mut lsp = Lsp::in_process();
    lsp.initialize(json!({}), fast(), &[]);
    let u = "file:///tmp/corpus-setting/draft.md";
    lsp.open(u, DRAFT);
    assert!(
        !petrovsky(&lsp.diagnostics(u, 1)),
        "the built-in corpus does not know him"
    );
    let refs = dir.join("refs").display().to_string();
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"corpus": [refs], "debounceMs": 0}}}),
    );
    lsp.diagnostics_where(u, TIMEOUT, petrovsky);
    // A folder that does not exist: a warning, and the built-in corpus.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"corpus": ["/nonexistent/refs"]}}}),
    );
    let m = lsp.wait_for("a warning", TIMEOUT, |m| {
        m["method"] == "window/showMessage"
    });
    assert!(
        m["params"]["message"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/refs"),
        "{m}"
    );
    lsp.diagnostics_where(u, TIMEOUT, |ds| !petrovsky(ds));
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn corpus_changes_on_disk_are_seen_without_client_watchers() {
    let root = temp_dir("notify-watch");
    std::fs::create_dir(root.join("refs")).unwrap();
    std::fs::write(root.join("refs/a.txt"), ARTICLE_A).unwrap();
    std::fs::write(root.join(".copydesk.toml"), "corpus = [\"refs\"]\n").unwrap();
    let mut lsp = Lsp::in_process();
    lsp.initialize(json!({}), Value::Null, &[&root]);
    let u = uri(&root.join("draft.md"));
    lsp.open(&u, DRAFT);
    assert!(!petrovsky(&lsp.diagnostics(&u, 1)));
    std::thread::sleep(Duration::from_millis(200)); // let the watcher start
    let t = Instant::now();
    std::fs::write(root.join("refs/b.txt"), ARTICLE_B).unwrap();
    lsp.diagnostics_where(&u, TIMEOUT, petrovsky);
    let added = t.elapsed();
    let t = Instant::now();
    std::fs::remove_file(root.join("refs/b.txt")).unwrap();
    lsp.diagnostics_where(&u, TIMEOUT, |ds| !petrovsky(ds));
    let removed = t.elapsed();
    eprintln!("corpus reload: added in {added:?}, removed in {removed:?}");
    assert!(
        added < Duration::from_secs(1) && removed < Duration::from_secs(1),
        "{added:?} {removed:?}"
    );
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn multi_root_workspaces_use_their_own_settings() {
    let a = temp_dir("root-a");
    let b = temp_dir("root-b");
    std::fs::write(
        a.join(".copydesk.toml"),
        "disabled = [\"name-spelling\"]\ndebounce_ms = 0\n",
    )
    .unwrap();
    std::fs::write(b.join(".copydesk.toml"), "debounce_ms = 0\n").unwrap();
    let mut lsp = Lsp::in_process();
    lsp.initialize(json!({}), Value::Null, &[&a, &b]);
    let (_, text) = draft("02-");
    let (ua, ub) = (uri(&a.join("draft.md")), uri(&b.join("draft.md")));
    lsp.open(&ua, &text);
    lsp.open(&ub, &text);
    let da = lsp.diagnostics(&ua, 1);
    let db = lsp.diagnostics(&ub, 1);
    assert!(!da.iter().any(|d| d["code"] == "name-spelling"), "{da:#?}");
    assert!(db.iter().any(|d| d["code"] == "name-spelling"), "{db:#?}");
    // Closing one clears its diagnostics and leaves the other alone.
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": ua}}),
    );
    let cleared = lsp.wait_for("cleared diagnostics", TIMEOUT, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == ua
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    let h = lsp.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": ub}, "position": at(&text, "Tabarov", "utf-16")}),
    );
    assert!(h.is_object());
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn a_config_file_above_a_document_outside_the_workspace_applies() {
    let dir = temp_dir("implicit-root");
    std::fs::create_dir(dir.join("drafts")).unwrap();
    std::fs::write(
        dir.join(".copydesk.toml"),
        "disabled = [\"name-spelling\"]\ndebounce_ms = 0\n",
    )
    .unwrap();
    let mut lsp = Lsp::in_process();
    lsp.initialize(json!({}), Value::Null, &[]);
    let (_, text) = draft("02-");
    let u = uri(&dir.join("drafts/draft.md"));
    lsp.open(&u, &text);
    lsp.diagnostics_where(&u, TIMEOUT, |ds| {
        !ds.is_empty() && !ds.iter().any(|d| d["code"] == "name-spelling")
    });
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pull_diagnostics_when_the_client_asks_for_them() {
    let enc = "utf-16";
    let mut lsp = Lsp::in_process();
    let caps = json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    let r = lsp.initialize(caps, fast(), &[]);
    assert!(r["capabilities"]["diagnosticProvider"].is_object(), "{r:#}");
    let (path, text) = draft("02-");
    let u = uri(&path);
    lsp.open(&u, &text);
    let report = lsp.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(report["kind"], "full");
    assert_eq!(
        got(report["items"].as_array().unwrap()),
        sorted(expected(&text, &path, enc))
    );
    let id = report["resultId"].clone();
    let again = lsp.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}, "previousResultId": id}),
    );
    assert_eq!(again["kind"], "unchanged");
    lsp.change(&u, 2, json!([{"text": "Alexei Tabarov said so.\n"}]));
    let after = lsp.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}, "previousResultId": id}),
    );
    assert_eq!(after["kind"], "full");
    assert_eq!(
        got(after["items"].as_array().unwrap()),
        sorted(expected("Alexei Tabarov said so.\n", &path, enc))
    );
    assert!(
        lsp.arrives(Duration::from_millis(500), |m| m["method"]
            == "textDocument/publishDiagnostics")
            .is_none(),
        "no pushed diagnostics in pull mode"
    );
    // A settings change asks the client to pull again.
    let before = lsp.refreshes;
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"disabledCodes": ["name-spelling"]}}}),
    );
    lsp.wait_until("a diagnostic refresh", |l| l.refreshes > before);
    let now = lsp.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(now["items"], json!([]), "name-spelling is off now");
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn completes_corpus_names_after_two_letters() {
    let enc = "utf-16";
    let mut lsp = start(enc);
    let u = "file:///tmp/completion.md";
    let text = "Lawyer Alexei Tab";
    lsp.open(u, text);
    let end = position(text, text.len(), enc);
    let r = lsp.call(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": end}),
    );
    let items = r.as_array().expect("completion items");
    let tab = items
        .iter()
        .find(|i| i["label"] == "Tabalov")
        .unwrap_or_else(|| panic!("{items:#?}"));
    let edited = apply_edits(text, &[tab["textEdit"].clone()], enc);
    assert_eq!(edited, "Lawyer Alexei Tabalov");
    // One letter, or a lower-case word: nothing.
    lsp.change(u, 2, json!([{"text": "Lawyer Alexei T"}]));
    let r = lsp.call(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 15}}),
    );
    assert!(r.is_null(), "{r}");
    lsp.change(u, 3, json!([{"text": "the ta"}]));
    let r = lsp.call(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 6}}),
    );
    assert!(r.is_null(), "{r}");
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn survives_bad_input_and_odd_documents() {
    let mut lsp = Lsp::in_process();
    // Before initialize: an error reply, not a crash.
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32002, "{r}");
    lsp.initialize(caps("utf-16"), fast(), &[]);
    // Unknown method.
    let r = lsp.request("copydesk/nonsense", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // Malformed JSON: a parse error reply, then business as usual.
    lsp.send_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": "));
    let e = lsp.wait_for("parse error", TIMEOUT, |m| m["error"]["code"] == -32700);
    assert!(e["id"].is_null());
    // Bad params.
    let r = lsp.request("textDocument/hover", json!({"nonsense": true}));
    assert!(r.get("error").is_some(), "{r}");

    // Out-of-range positions clamp.
    let u = "file:///tmp/odd.md";
    lsp.open(u, "Alexei Tabarov said.\n");
    lsp.diagnostics(u, 1);
    let h = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 999, "character": 999}}),
    );
    assert!(h.get("error").is_none(), "{h}");
    lsp.change(u, 2, json!([{"range": {"start": {"line": 50, "character": 3}, "end": {"line": 60, "character": 0}}, "text": "Tail."}]));
    lsp.change(
        u,
        3,
        json!([{"range": {"start": {"line": 0, "character": 500}, "end": {"line": 0, "character": 2}}, "text": ""}]),
    );
    let d = lsp.diagnostics(u, 3);
    assert!(
        d.iter()
            .all(|d| d["range"]["start"]["line"].as_u64().unwrap() <= 2)
    );
    for m in [
        "textDocument/definition",
        "textDocument/completion",
        "textDocument/hover",
    ] {
        let r = lsp.request(
            m,
            json!({"textDocument": {"uri": u}, "position": {"line": 4_000_000_000u64, "character": 4_000_000_000u64}}),
        );
        assert!(r.get("error").is_none(), "{m}: {r}");
    }
    // A document that is not open.
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nope.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(r["result"].is_null(), "{r}");
    lsp.change("file:///nope.md", 2, json!([{"text": "x"}]));

    // Only emoji; positions inside surrogate pairs.
    let emoji = "😀🇺🇦👩‍👩‍👧".repeat(2000);
    let u2 = "file:///tmp/emoji.txt";
    lsp.open(u2, &emoji);
    assert!(lsp.diagnostics(u2, 1).is_empty());
    lsp.change(
        u2,
        2,
        json!([{"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 3}}, "text": "A"}]),
    );
    lsp.diagnostics(u2, 2);
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u2}, "position": {"line": 0, "character": 5}}),
    );
    assert!(r.get("error").is_none(), "{r}");

    assert_eq!(lsp.shutdown_and_exit(), 0);
}

#[test]
fn exit_codes_and_end_of_input() {
    let mut lsp = Lsp::in_process();
    lsp.initialize(json!({}), Value::Null, &[]);
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.wait_exit(), 1, "exit without shutdown");

    let mut lsp = Lsp::in_process();
    lsp.initialize(json!({}), Value::Null, &[]);
    lsp.close_input();
    assert_eq!(lsp.wait_exit(), 1, "end of input ends the server");
}

/// A client that sends new text without bumping the version (a buggy one,
/// or a full resync) still gets answers for the text it sent: results are
/// keyed by the content's change count, not by the version number alone.
#[test]
fn new_text_with_an_unchanged_version_gets_fresh_answers() {
    let enc = "utf-16";
    let path = Path::new("/tmp/copydesk-same-version.md");
    let u = uri(path);
    let (a, b) = ("Nothing to see here today.\n", "Alexei Tabarov said so.\n");
    let hover = |lsp: &mut Lsp, text: &str| {
        let r = lsp.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": at(text, "Tabarov", enc)}),
        );
        r["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // Push mode.
    let mut lsp = start(enc);
    lsp.open(&u, a);
    assert_eq!(lsp.diagnostics(&u, 1), Vec::<Value>::new());
    lsp.change(&u, 1, json!([{"text": b}]));
    let ds = lsp.diagnostics_where(&u, Duration::from_secs(5), |ds| !ds.is_empty());
    assert_eq!(got(&ds), sorted(expected(b, path, enc)));
    assert!(
        hover(&mut lsp, b).contains("Tabalov"),
        "hover on the new text"
    );
    // And back, still version 1.
    lsp.change(&u, 1, json!([{"text": a}]));
    lsp.diagnostics_where(&u, Duration::from_secs(5), |ds| ds.is_empty());
    assert_eq!(lsp.shutdown_and_exit(), 0);

    // Pull mode: the result id changes with the text, not the version.
    let mut lsp = Lsp::in_process();
    lsp.initialize(json!({"textDocument": {"diagnostic": {}}}), fast(), &[]);
    lsp.open(&u, a);
    let first = lsp.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(first["items"], json!([]));
    lsp.change(&u, 1, json!([{"text": b}]));
    let after = lsp.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}, "previousResultId": first["resultId"]}),
    );
    assert_eq!(after["kind"], "full", "{after}");
    assert_eq!(
        got(after["items"].as_array().unwrap()),
        sorted(expected(b, path, enc))
    );
    assert!(hover(&mut lsp, b).contains("Tabalov"));
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

/// A client that never answers the server's own requests (a watcher
/// registration, a diagnostic refresh) must not freeze configuration: no
/// lock is held across a request to the client, so later settings changes
/// still take effect.
#[test]
fn a_client_that_never_answers_server_requests_does_not_freeze_settings() {
    let root = temp_dir("never-answers");
    let (path, text) = draft("02-");
    let u = uri(&path);
    let spelled = |ds: &[Value]| ds.iter().any(|d| d["code"] == "name-spelling");
    let settings =
        |off: &[&str]| json!({"settings": {"copydesk": {"debounceMs": 0, "disabledCodes": off}}});

    // Push diagnostics; the client offers dynamic file watching, never answers.
    let mut lsp = Lsp::in_process();
    lsp.unanswered = vec!["client/registerCapability"];
    let caps = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    lsp.initialize(caps, fast(), &[&root]);
    lsp.wait_for("a registration", TIMEOUT, |m| {
        m["method"] == "client/registerCapability"
    });
    lsp.open(&u, &text);
    assert!(spelled(&lsp.diagnostics(&u, 1)));
    for round in 0..3 {
        lsp.notify(
            "workspace/didChangeConfiguration",
            settings(&["name-spelling"]),
        );
        lsp.diagnostics_where(&u, Duration::from_secs(5), |ds| {
            !ds.is_empty() && !spelled(ds)
        });
        lsp.notify("workspace/didChangeConfiguration", settings(&[]));
        lsp.diagnostics_where(&u, Duration::from_secs(5), |ds| spelled(ds));
        let _ = round;
    }
    let r = lsp.request("shutdown", Value::Null);
    assert!(r.get("error").is_none(), "{r}");

    // Pull diagnostics; the client never answers refresh requests.
    let mut lsp = Lsp::in_process();
    lsp.unanswered = vec!["workspace/diagnostic/refresh"];
    let caps = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    lsp.initialize(caps, fast(), &[]);
    lsp.open(&u, &text);
    let pull_until = |lsp: &mut Lsp, want: bool| {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let r = lsp.call(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": u}}),
            );
            if spelled(r["items"].as_array().unwrap()) == want {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "settings change not applied (want name-spelling: {want})"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    pull_until(&mut lsp, true);
    for _ in 0..3 {
        lsp.notify(
            "workspace/didChangeConfiguration",
            settings(&["name-spelling"]),
        );
        pull_until(&mut lsp, false);
        lsp.notify("workspace/didChangeConfiguration", settings(&[]));
        pull_until(&mut lsp, true);
    }
    let r = lsp.request("shutdown", Value::Null);
    assert!(r.get("error").is_none(), "{r}");
    std::fs::remove_dir_all(&root).ok();
}

/// Messages until the response to request `id`, which is last.
fn until_response(lsp: &mut Lsp, id: i64) -> Vec<Value> {
    let r = lsp.response(id);
    let mut v = std::mem::take(&mut lsp.inbox);
    v.push(r);
    v
}

fn errors(msgs: &[Value], code: i64) -> Vec<&Value> {
    msgs.iter().filter(|m| m["error"]["code"] == code).collect()
}

fn hover_nothing(lsp: &mut Lsp) -> i64 {
    lsp.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 0, "character": 0}}),
    )
}

/// Framing and dispatch as JSON-RPC 2.0 and LSP say: each malformed frame
/// gets one parse error (id null) and nothing else, before `initialize`
/// too; frames after a bad one are found whatever the header's case; `$/`
/// requests get method-not-found, `$/` notifications nothing; requests
/// before `initialize` get -32002; `shutdown` with empty params is accepted.
#[test]
fn framing_and_dispatch_follow_json_rpc_and_lsp() {
    let mut lsp = Lsp::in_process();
    // Before initialize.
    lsp.send_raw(&frame("{not json"));
    let m = lsp.wait_for("parse error", TIMEOUT, |m| m.get("error").is_some());
    assert_eq!(m["error"]["code"], -32700, "{m}");
    assert!(m["id"].is_null(), "{m}");
    let r = lsp.request("copydesk/unknown", json!({}));
    assert_eq!(
        r["error"]["code"], -32002,
        "unknown method before initialize: {r}"
    );
    let r = lsp.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    lsp.initialize(caps("utf-16"), fast(), &[]);

    // A burst of malformed frames: one parse error each, nothing else.
    let burst: Vec<Vec<u8>> = vec![
        frame("{bad"),
        b"Content-Length: x\r\n\r\n".to_vec(),
        frame("[1,"),
        frame("\u{1}garbage"),
        frame(r#"{"jsonrpc":"2.0","id":"#),
        b"Content-Length: 99999999999999999999999\r\n\r\n".to_vec(),
    ];
    for f in &burst {
        lsp.send_raw(f);
    }
    let id = hover_nothing(&mut lsp);
    let msgs = until_response(&mut lsp, id);
    let parse = errors(&msgs, -32700);
    assert_eq!(parse.len(), burst.len(), "{msgs:#?}");
    assert!(parse.iter().all(|m| m["id"].is_null()));
    assert!(
        errors(&msgs, -32600).is_empty(),
        "no invalid-request collisions: {msgs:#?}"
    );
    assert!(
        msgs.last().unwrap().get("error").is_none(),
        "the good request is served"
    );

    // After a bad frame, lower-case headers still frame messages.
    let body = json!({"jsonrpc": "2.0", "id": 501, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 0, "character": 0}}})
    .to_string();
    let mut raw = b"Content-Length: nope\r\n\r\n{}".to_vec();
    raw.extend(format!("content-length: {}\r\ncontent-type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}", body.len()).as_bytes());
    lsp.send_raw(&raw);
    let msgs = until_response(&mut lsp, 501);
    assert_eq!(errors(&msgs, -32700).len(), 1, "{msgs:#?}");
    assert!(msgs.last().unwrap().get("error").is_none(), "{msgs:#?}");

    // JSON that is not JSON-RPC: invalid request, with its id.
    lsp.send_raw(&frame(r#"{"id": 12, "hello": "world"}"#));
    let id = hover_nothing(&mut lsp);
    let msgs = until_response(&mut lsp, id);
    let inv = errors(&msgs, -32600);
    assert_eq!(inv.len(), 1, "{msgs:#?}");
    assert_eq!(inv[0]["id"], 12);

    // `$/` requests: method not found; `$/` notifications: ignored.
    let r = lsp.request("$/copydesk/whatever", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    lsp.notify("$/copydesk/whatever", json!({}));
    lsp.notify("$/cancelRequest", json!({"id": 424242}));
    let id = hover_nothing(&mut lsp);
    let msgs = until_response(&mut lsp, id);
    assert_eq!(msgs.len(), 1, "nothing for $/ notifications: {msgs:#?}");

    // `shutdown` with empty params is accepted; later requests are invalid; exit is 0.
    let r = lsp.request("shutdown", json!({}));
    assert!(r.get("error").is_none(), "{r}");
    let r = lsp.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600, "after shutdown: {r}");
    lsp.notify("exit", json!({}));
    assert_eq!(lsp.wait_exit(), 0);
}

/// Junk without a header end is skipped with one parse error, in time
/// linear in its size and without buffering all of it.
#[test]
fn megabytes_of_junk_without_a_header_end_are_skipped_linearly() {
    let mut lsp = Lsp::in_process();
    lsp.initialize(caps("utf-16"), fast(), &[]);
    let mut run = |mb: usize| {
        let junk = vec![b'x'; mb << 20];
        let t = Instant::now();
        lsp.send_raw(&junk);
        let id = hover_nothing(&mut lsp);
        let msgs = until_response(&mut lsp, id);
        let took = t.elapsed();
        assert_eq!(errors(&msgs, -32700).len(), 1, "{msgs:#?}");
        assert!(msgs.last().unwrap().get("error").is_none());
        took
    };
    // Best of five each: a busy shared machine slows single runs, not the best one.
    let mut best = |mb: usize| (0..5).map(|_| run(mb)).min().unwrap();
    let (small, large) = (best(4), best(32));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    eprintln!("junk: 4 MB {small:?}, 32 MB {large:?} ({ratio:.1}×)");
    assert!(
        ratio < 20.0,
        "8× the junk took {ratio:.1}× the time ({small:?} → {large:?})"
    );
    assert_eq!(lsp.shutdown_and_exit(), 0);
}

/// The fix titles for a diagnostic, as the editor lists them.
fn titles(acts: &[Value]) -> Vec<String> {
    acts.iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ignore_here_is_kept_outside_the_text_and_the_archive_is_not_a_draft() {
    let root = temp_dir("ignore-here");
    std::fs::create_dir(root.join("refs")).unwrap();
    std::fs::write(root.join("refs/a.txt"), ARTICLE_A).unwrap();
    std::fs::write(root.join("refs/b.txt"), ARTICLE_B).unwrap();
    std::fs::write(
        root.join(".copydesk.toml"),
        "corpus = [\"refs\"]\ndebounce_ms = 0\n",
    )
    .unwrap();
    let mut lsp = Lsp::in_process();
    let init = lsp.initialize(caps("utf-16"), Value::Null, &[&root]);
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!([copydesk::lsp::actions::IGNORE_COMMAND])
    );
    // A plain-text draft: its fixes are named in plain words, and none
    // writes a comment into the copy.
    let u = uri(&root.join("draft.txt"));
    lsp.open(&u, DRAFT);
    let diags = lsp.diagnostics_where(&u, TIMEOUT, petrovsky);
    let d = diags
        .iter()
        .find(|d| d["code"] == "name-spelling")
        .unwrap()
        .clone();
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("Misspelled? The archive writes Petrovsky"),
        "{d:#}"
    );
    assert_eq!(d["severity"], 2, "a misspelling is a warning");
    let acts = actions(&mut lsp, &u, &d);
    assert_eq!(
        titles(&acts),
        vec![
            "Change ‘Petrovski’ to ‘Petrovsky’ (as the archive spells it)".to_string(),
            copydesk::wording::IGNORE_HERE.to_string(),
        ],
        "{acts:#?}"
    );
    let ignore = acts
        .iter()
        .find(|a| a["title"] == copydesk::wording::IGNORE_HERE)
        .unwrap();
    assert!(
        ignore.get("edit").is_none(),
        "no edit to the text: {ignore:#}"
    );
    // Running it adds the finding to the workspace's ignore list, and it goes.
    let cmd = &ignore["command"];
    lsp.call(
        "workspace/executeCommand",
        json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
    );
    lsp.diagnostics_where(&u, TIMEOUT, |ds| !petrovsky(ds));
    let list = std::fs::read_to_string(root.join(".copydesk/ignore")).unwrap();
    assert!(
        list.contains("name-spelling\tPetrovski\tThe lawyer Ivan Petrovski said"),
        "{list}"
    );
    // The same words in another sentence are still checked.
    let other = "Ivan Petrovski spoke again on Wednesday.\n";
    let u2 = uri(&root.join("other.txt"));
    lsp.open(&u2, other);
    lsp.diagnostics_where(&u2, TIMEOUT, petrovsky);

    // An archive article opened (go to definition lands there) is not a
    // draft: never checked or marked, whatever it says.
    let article = uri(&root.join("refs/b.txt"));
    lsp.open(&article, &format!("{ARTICLE_B}{DRAFT}"));
    let diags = lsp.diagnostics(&article, 1);
    assert!(diags.is_empty(), "{diags:#?}");
    let h = lsp.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": article}, "position": {"line": 0, "character": 2}}),
    );
    assert!(h.is_null(), "{h:#}");
    assert_eq!(lsp.shutdown_and_exit(), 0);
    std::fs::remove_dir_all(&root).ok();
}
