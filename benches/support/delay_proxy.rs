//! A TCP proxy that holds every packet for half a round trip each way:
//! a database on another machine of the newsroom's network, for the
//! benches (issue 23: PostgreSQL with 1 ms added per round trip).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// `url` (`postgres://user@host:port/db`) as reached through a proxy
/// that adds `round_trip` to every round trip; the proxy runs until the
/// process ends.
pub fn delayed(url: &str, round_trip: Duration) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let (user, rest) = rest.rsplit_once('@').map_or(("", rest), |(u, r)| (u, r));
    let (hostport, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let upstream = if hostport.contains(':') {
        hostport.to_string()
    } else {
        format!("{hostport}:5432")
    };
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port for the proxy");
    let port = listener.local_addr().expect("the proxy's port").port();
    let half = round_trip / 2;
    thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(&upstream) else {
                continue;
            };
            for s in [&client, &server] {
                let _ = s.set_nodelay(true);
            }
            let (Ok(c2), Ok(s2)) = (client.try_clone(), server.try_clone()) else {
                continue;
            };
            pipe(client, s2, half);
            pipe(server, c2, half);
        }
    });
    let at = if user.is_empty() {
        String::new()
    } else {
        format!("{user}@")
    };
    format!("{scheme}://{at}127.0.0.1:{port}/{tail}")
}

/// Copy `from` to `to`, each chunk written `delay` after it was read.
fn pipe(mut from: TcpStream, mut to: TcpStream, delay: Duration) {
    let (tx, rx) = mpsc::channel::<(Instant, Vec<u8>)>();
    thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0
                || tx
                    .send((Instant::now() + delay, buf[..n].to_vec()))
                    .is_err()
            {
                break;
            }
        }
    });
    thread::spawn(move || {
        for (due, data) in rx {
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                thread::sleep(wait);
            }
            if to.write_all(&data).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}
