// Saying that a test did not run, shared by the tests whose data or
// programs a fresh clone may lack (`../shared`, PostgreSQL). Included with
// `include!` so each test file keeps one crate.

/// Say loudly (stdout and stderr) that `test` did not run and why. Where the
/// environment variable `require` is set (`.ci/run` sets it on a machine
/// that has what the test needs), a test that cannot run fails instead: a
/// CI run there must not pass by skipping.
#[allow(dead_code)]
fn not_run(test: &str, why: &str, require: &str) {
    let say = format!("SKIP {test}: TEST NOT RUN: {why}");
    if std::env::var_os(require).is_some() {
        panic!("{say}, but {require} is set: this machine should have it");
    }
    println!("{say}");
    eprintln!("{say}");
}

/// Set by `.ci/run` where `../shared` is beside the checkout.
#[allow(dead_code)]
const REQUIRE_SHARED: &str = "COPYDESK_REQUIRE_SHARED";
/// Set by `.ci/run` where a PostgreSQL server (`initdb`) is installed.
#[allow(dead_code)]
const REQUIRE_POSTGRES: &str = "COPYDESK_REQUIRE_POSTGRES";
