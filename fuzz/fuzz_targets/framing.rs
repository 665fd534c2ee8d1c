//! The language server's input framing and dispatch gate on arbitrary
//! bytes: no panic, the same frames however the input is split into reads,
//! and every frame classified without panicking.
#![no_main]

use copydesk::lsp::framing::{Frame, Framer, Gate};
use libfuzzer_sys::fuzz_target;

fn frames(input: &[u8], chunk: usize) -> Vec<Frame> {
    let mut f = Framer::default();
    let mut out = Vec::new();
    for c in input.chunks(chunk) {
        f.push(c);
        while let Some(fr) = f.next_frame() {
            out.push(fr);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, input)) = data.split_first() else { return };
    let chunk = usize::from(first % 64) + 1;
    let whole = frames(input, input.len().max(1));
    let pieces = frames(input, chunk);
    assert_eq!(whole, pieces, "framing depends on how the input is read (chunk {chunk})");
    let mut gate = Gate::default();
    for f in whole {
        let _ = gate.classify(f);
    }
});
