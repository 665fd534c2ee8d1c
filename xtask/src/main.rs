//! `cargo xtask dist`: builds what a newsroom installs without Rust, for
//! this machine's platform, into `dist/`, and prints their sizes:
//!
//! - the Python wheel (`pip install copydesk-….whl`), by maturin;
//! - the VS Code extension with the server inside (`copydesk-<target>.vsix`).
//!
//! maturin comes from `maturin` on PATH, else a virtual environment made in
//! `target/xtask-maturin` (pip from PyPI); the extension needs Node.js and
//! npm. A step that fails stops the task with its reason (exit code 1).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist(),
        _ => Err("usage: cargo xtask dist".to_string()),
    };
    if let Err(e) = result {
        eprintln!("xtask: {e}");
        std::process::exit(1);
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

fn dist() -> Result<(), String> {
    let root = repo();
    let out = root.join("dist");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let wheel = build_wheel(&root, &out)?;
    let vsix = build_vsix(&root, &out)?;
    println!("\ndist/ (for this platform):");
    for f in [wheel, vsix] {
        let size = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
        println!("  {:>6.1} MB  {}", size as f64 / 1e6, f.display());
    }
    println!(
        "\ninstall: pipx install dist/copydesk-*.whl   (or pip install into a virtual environment)\n         \
         code --install-extension dist/copydesk-<target>.vsix"
    );
    Ok(())
}

/// The wheel, by maturin (`pyproject.toml`: `bindings = "bin"`, stripped).
fn build_wheel(root: &Path, out: &Path) -> Result<PathBuf, String> {
    let maturin = maturin(root)?;
    let before = listing(out, ".whl");
    run(Command::new(&maturin)
        .args(["build", "--release", "--out"])
        .arg(out)
        .current_dir(root))?;
    newest(out, ".whl", &before).ok_or_else(|| "maturin wrote no wheel".into())
}

/// `maturin` on PATH, else one installed into a virtual environment under target/.
fn maturin(root: &Path) -> Result<PathBuf, String> {
    if Command::new("maturin")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Ok("maturin".into());
    }
    let venv = root.join("target").join("xtask-maturin");
    let bin = venv.join("bin").join("maturin");
    if !bin.exists() {
        println!("installing maturin into {}", venv.display());
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run(Command::new(venv.join("bin").join("pip")).args(["install", "-q", "maturin>=1.5,<2"]))?;
    }
    Ok(bin)
}

/// The VS Code extension with the release binary inside (editors/vscode:
/// `npm run package:bundled`).
fn build_vsix(root: &Path, out: &Path) -> Result<PathBuf, String> {
    let ext = root.join("editors").join("vscode");
    let bin = root.join("target").join("release").join("copydesk");
    if !bin.exists() {
        run(Command::new(env!("CARGO"))
            .args(["build", "--release"])
            .current_dir(root))?;
    }
    if !ext.join("node_modules").exists() {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&ext))?;
    }
    let before = listing(&ext, ".vsix");
    run(Command::new("npm")
        .args(["run", "package:bundled"])
        .env("COPYDESK_BIN", &bin)
        .current_dir(&ext))?;
    let made = newest(&ext, ".vsix", &before).ok_or("npm run package:bundled wrote no .vsix")?;
    let dest = out.join(made.file_name().expect("a file"));
    std::fs::rename(&made, &dest).map_err(|e| format!("{}: {e}", dest.display()))?;
    Ok(dest)
}

fn run(c: &mut Command) -> Result<(), String> {
    let shown = format!("{c:?}");
    match c.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{shown} failed ({s})")),
        Err(e) => Err(format!("{shown} could not start: {e}")),
    }
}

/// Files in `dir` ending in `ext`, with their modification times.
fn listing(dir: &Path, ext: &str) -> Vec<(PathBuf, std::time::SystemTime)> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(ext))
                .filter_map(|p| Some((p.clone(), p.metadata().ok()?.modified().ok()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// The file ending in `ext` written since `before` was listed.
fn newest(dir: &Path, ext: &str, before: &[(PathBuf, std::time::SystemTime)]) -> Option<PathBuf> {
    listing(dir, ext)
        .into_iter()
        .filter(|f| !before.contains(f))
        .max_by_key(|f| f.1)
        .map(|f| f.0)
}
