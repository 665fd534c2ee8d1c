//! The check registry (`copydesk_core::checks::CHECKS`) is the one list of
//! codes: README's table and the editor settings are held to it.

use copydesk::checks::{CHECKS, all_codes, codes_table};
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn readme_has_the_registry_table_and_names_the_hints() {
    let readme = read("README.md");
    assert!(
        readme.contains(&codes_table()),
        "README.md's code table differs from the registry; it should read:\n{}",
        codes_table()
    );
    for c in CHECKS.iter().flat_map(|c| c.codes).filter(|c| !c.scored) {
        assert!(
            readme.contains(&format!("`{}`", c.code)),
            "README.md does not mention the hint `{}`",
            c.code
        );
    }
}

#[test]
fn vscode_settings_list_every_code() {
    let pkg: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    let props = &pkg["contributes"]["configuration"]["properties"];
    let mut listed: Vec<String> = props["copydesk.disabledCodes"]["items"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let mut codes: Vec<String> = all_codes().iter().map(|c| c.to_string()).collect();
    listed.sort();
    codes.sort();
    assert_eq!(
        listed, codes,
        "copydesk.disabledCodes must list the registry's codes"
    );
    // The extension's own list, which validates what the user sets.
    let ts = read("editors/vscode/src/settings.ts");
    let line = ts
        .lines()
        .find(|l| l.starts_with("export const CODES"))
        .expect("CODES in settings.ts");
    let mut in_ts: Vec<String> = line
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    in_ts.sort();
    assert_eq!(
        in_ts, codes,
        "editors/vscode/src/settings.ts CODES must list the registry's codes"
    );
    for c in all_codes() {
        assert!(
            props.get(format!("copydesk.severity.{c}")).is_some(),
            "no copydesk.severity.{c} setting"
        );
    }
}

#[test]
fn every_code_has_one_registered_severity_and_a_description() {
    for code in all_codes() {
        let infos: Vec<_> = CHECKS
            .iter()
            .flat_map(|c| c.codes)
            .filter(|c| c.code == code)
            .collect();
        assert!(
            infos
                .iter()
                .all(|i| i.severity == infos[0].severity && !i.description.is_empty()),
            "{code}"
        );
        assert_eq!(code.default_severity(), infos[0].severity);
    }
    assert_eq!(all_codes().len(), copydesk::Code::ALL.len());
}
