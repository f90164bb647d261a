//! Snippets in context: the config an ingress controller generates around
//! the snippets of one manifest, in the shape the contract describes (a
//! global and a defaults section, the top-level snippets, a frontend, and
//! two load-balanced backends that each receive every backend snippet).
//! Each snippet's lines map back to the manifest; the generated lines show
//! at the object that holds the snippets.

use super::manifest::{Embedded, Placement};
use crate::input::source_map::SourceMap;
use crate::span::Span;

/// Names of the generated backends (a controller makes one per service).
pub const GENERATED_BACKENDS: [&str; 2] = ["ingress-service-1", "ingress-service-2"];

/// A generated config and where its pieces come from.
#[derive(Clone, Debug)]
pub struct Assembled {
    /// The config text.
    pub text: String,
    /// Its map to the manifest.
    pub map: SourceMap,
    /// `(index into the snippets given, span of the text)` of each pasted snippet.
    pub pieces: Vec<(usize, Span)>,
}

/// Builds the config a controller would generate around `snippets`;
/// generated lines show at `anchor` in the manifest.
pub fn assemble(snippets: &[&Embedded], anchor: Span) -> Assembled {
    let mut out = Builder { text: String::new(), map: SourceMap::default(), pieces: Vec::new(), anchor };
    out.generated("# generated around the snippets, as the ingress controller does\nglobal\n");
    out.paste(snippets, Placement::Global);
    out.generated(
        "defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n",
    );
    out.paste(snippets, Placement::Defaults);
    out.paste(snippets, Placement::TopLevel);
    out.generated("frontend ingress-http\n    bind :80\n");
    out.paste(snippets, Placement::Frontends);
    out.generated(&format!("    default_backend {}\n", GENERATED_BACKENDS[0]));
    for (i, name) in GENERATED_BACKENDS.iter().enumerate() {
        out.generated(&format!("backend {name}\n    balance roundrobin\n"));
        out.paste(snippets, Placement::EveryBackend);
        let n = 2 * i + 1;
        out.generated(&format!(
            "    server pod-{n} 127.0.0.1:{}\n    server pod-{} 127.0.0.1:{}\n",
            9000 + n,
            n + 1,
            9001 + n
        ));
    }
    Assembled { text: out.text, map: out.map, pieces: out.pieces }
}

struct Builder {
    text: String,
    map: SourceMap,
    pieces: Vec<(usize, Span)>,
    anchor: Span,
}

impl Builder {
    fn generated(&mut self, text: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        self.map.push_fixed(Span::new(start, self.text.len() as u32), self.anchor);
    }

    fn paste(&mut self, snippets: &[&Embedded], placement: Placement) {
        for (i, s) in snippets.iter().enumerate().filter(|(_, s)| s.placement == placement) {
            let start = self.text.len() as u32;
            self.text.push_str(&s.text);
            let span = Span::new(start, self.text.len() as u32);
            match &s.block {
                Some(block) => self.map.push_block(span, block.clone(), 0),
                None => self.map.push_fixed(span, s.value_span),
            }
            self.pieces.push((i, span));
            // A snippet without a final line break still ends its lines.
            if !s.text.ends_with('\n') {
                self.generated("\n");
            }
        }
    }
}
