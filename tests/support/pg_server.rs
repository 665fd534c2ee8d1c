// A PostgreSQL server of the test's own, shared by tests/postgres.rs and
// tests/conformance.rs (each `include!`s it).

/// PostgreSQL's server programs: `initdb` on the PATH, else in Debian's
/// `/usr/lib/postgresql/<version>/bin` (newest first).
fn pg_bin() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path().join("bin"))
        .collect();
    debian.sort_by_key(|p| {
        std::cmp::Reverse(
            p.parent()
                .and_then(|v| v.file_name())
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse::<u32>().ok()),
        )
    });
    on_path
        .chain(debian)
        .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
}

/// A PostgreSQL server of our own on a free localhost port, stopped (and
/// its folder removed) when dropped, whatever the test did.
struct Server {
    bin: PathBuf,
    base: PathBuf,
    /// PostgreSQL refuses to run as root: then it runs as this user.
    user: Option<String>,
    port: u16,
}

// Each test file uses a part of it.
#[allow(dead_code)]
impl Server {
    fn start(name: &str) -> Option<Server> {
        let Some(bin) = pg_bin() else {
            not_run(
                name,
                "no PostgreSQL server (initdb) on the PATH or in /usr/lib/postgresql/*/bin",
                REQUIRE_POSTGRES,
            );
            return None;
        };
        // SAFETY: geteuid has no preconditions and cannot fail.
        let root = unsafe { libc::geteuid() } == 0;
        // As root the server's user must reach the folder: /tmp, not a
        // TMPDIR that may be private.
        let tmp = if root {
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        };
        let base = tmp.join(format!("copydesk-pg-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&base).unwrap();
        let user = root.then(|| {
            ["postgres", "nobody"]
                .into_iter()
                .find(|u| {
                    Command::new("id")
                        .arg(u)
                        .output()
                        .is_ok_and(|o| o.status.success())
                })
                .expect("a user to run PostgreSQL as")
                .to_string()
        });
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let server = Server {
            bin,
            base,
            user,
            port,
        };
        for d in ["data", "sock"] {
            std::fs::create_dir(server.base.join(d)).unwrap();
        }
        if let Some(u) = &server.user {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&server.base, std::fs::Permissions::from_mode(0o755)).unwrap();
            for d in ["data", "sock"] {
                assert!(
                    Command::new("chown")
                        .arg(u)
                        .arg(server.base.join(d))
                        .status()
                        .unwrap()
                        .success()
                );
            }
        }
        let data = server.base.join("data");
        let out = server.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "copydesk",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        server.up();
        Some(server)
    }

    /// Start the server (again), waiting until it accepts connections.
    fn up(&self) {
        let data = self.base.join("data");
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c synchronous_commit=off",
            self.port,
            self.base.join("sock").display()
        );
        let log = self.base.join("sock/log");
        // -w -t: wait until it accepts connections, at most 60 s.
        let out = self.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-o",
                &opts,
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        assert!(
            out.status.success(),
            "pg_ctl start: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Stop the server (connections are closed).
    fn down(&self) {
        let data = self.base.join("data");
        let out = self.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "stop",
                "-m",
                "fast",
                "-w",
                "-t",
                "60",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// One of PostgreSQL's programs, as the server's user.
    fn run(&self, prog: &str, args: &[&str]) -> Output {
        let exe = self.bin.join(prog);
        let mut c = match &self.user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        c.args(args).current_dir(&self.base).output().unwrap()
    }

    fn url(&self, db: &str) -> String {
        format!("postgres://copydesk@127.0.0.1:{}/{db}", self.port)
    }

    /// A direct connection, for setting up and damaging archives.
    fn client(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(db), postgres::NoTls).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.base.join("data");
        let _ = self.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "stop",
                "-m",
                "immediate",
                "-t",
                "30",
            ],
        );
        let _ = std::fs::remove_dir_all(&self.base);
    }
}
