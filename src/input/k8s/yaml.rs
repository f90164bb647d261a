//! A YAML stream as a small tree with byte spans, read with saphyr-parser's
//! event stream. Only what manifests need: mappings, sequences and scalars
//! with their style and position. Aliases are kept as such (never expanded:
//! a billion-laughs document costs nothing), and repeated keys are kept in
//! order so that the caller can report them.

use crate::span::Span;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Style {
    /// Plain (unquoted).
    Plain,
    /// `'single quoted'`.
    SingleQuoted,
    /// `"double quoted"`.
    DoubleQuoted,
    /// A literal block (`|`, `|-`, `|+`).
    Literal,
    /// A folded block (`>`, `>-`, `>+`).
    Folded,
}

/// A node of the tree.
#[derive(Clone, Debug)]
pub enum Node {
    /// A scalar: its value, style and the span of its text in the stream
    /// (for a block scalar: its content lines, header excluded).
    Scalar {
        /// The value, as YAML reads it.
        value: String,
        /// How it was written.
        style: Style,
        /// Where it is.
        span: Span,
    },
    /// A mapping: its entries in order, repeated keys included.
    Mapping {
        /// Key and value of each entry.
        entries: Vec<(Node, Node)>,
        /// Where it starts.
        span: Span,
    },
    /// A sequence.
    Sequence {
        /// Its items.
        items: Vec<Node>,
        /// Where it starts.
        span: Span,
    },
    /// An alias (`*name`), not expanded.
    Alias {
        /// Where it is.
        span: Span,
    },
}

impl Node {
    /// Where the node starts (a scalar: its whole text).
    pub fn span(&self) -> Span {
        match self {
            Node::Scalar { span, .. }
            | Node::Mapping { span, .. }
            | Node::Sequence { span, .. }
            | Node::Alias { span } => *span,
        }
    }

    /// The value of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The value of the first entry with key `key` in a mapping (YAML tools
    /// differ on repeated keys: `yaml-duplicate-key` reports them).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries().iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v)
    }

    /// The entries of a mapping (none for other nodes).
    pub fn entries(&self) -> &[(Node, Node)] {
        match self {
            Node::Mapping { entries, .. } => entries,
            _ => &[],
        }
    }

    /// The items of a sequence (none for other nodes).
    pub fn items(&self) -> &[Node] {
        match self {
            Node::Sequence { items, .. } => items,
            _ => &[],
        }
    }
}

/// A document of the stream.
#[derive(Clone, Debug)]
pub struct Document {
    /// Its root (`None` for an empty document).
    pub root: Option<Node>,
}

/// YAML that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// What the parser says.
    pub message: String,
    /// Where (an empty span at the point of the error).
    pub span: Span,
}

/// The documents of a stream, up to the first error (if any).
#[derive(Clone, Debug)]
pub struct Stream {
    /// The documents read.
    pub documents: Vec<Document>,
    /// The error that stopped the reading.
    pub error: Option<YamlError>,
}

/// Nesting deeper than this is refused (a stack of 100,000 `[` would
/// otherwise cost memory for nothing: manifests nest a dozen levels).
const MAX_DEPTH: usize = 256;

/// Reads a YAML stream.
pub fn read(text: &str) -> Stream {
    let offsets = CharOffsets::new(text);
    let mut documents = Vec::new();
    // Open collections: the node being built and, for a mapping, a key
    // waiting for its value.
    let mut stack: Vec<(Node, Option<Node>)> = Vec::new();
    let mut root: Option<Node> = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(e) => e,
            Err(e) => {
                let at = offsets.byte(e.marker());
                let error = YamlError { message: e.info().to_owned(), span: Span::empty(at) };
                return Stream { documents, error: Some(error) };
            }
        };
        let span = Span::new(offsets.byte(&span.start), offsets.byte(&span.end));
        let node = match event {
            Event::DocumentStart(_) => {
                root = None;
                continue;
            }
            Event::DocumentEnd => {
                documents.push(Document { root: root.take() });
                continue;
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    let message = format!("nested deeper than {MAX_DEPTH} levels");
                    return Stream { documents, error: Some(YamlError { message, span }) };
                }
                let node = if matches!(event, Event::MappingStart(..)) {
                    Node::Mapping { entries: Vec::new(), span }
                } else {
                    Node::Sequence { items: Vec::new(), span }
                };
                stack.push((node, None));
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                Some((node, _)) => node,
                None => continue,
            },
            Event::Scalar(value, style, ..) => {
                Node::Scalar { value: value.into_owned(), style: style.into(), span }
            }
            Event::Alias(_) => Node::Alias { span },
            Event::StreamStart | Event::StreamEnd | Event::Nothing => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some((Node::Sequence { items, .. }, _)) => items.push(node),
            Some((Node::Mapping { entries, .. }, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push((key, node)),
            },
            Some(_) => {}
        }
    }
    Stream { documents, error: None }
}

impl From<ScalarStyle> for Style {
    fn from(style: ScalarStyle) -> Self {
        match style {
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal,
            ScalarStyle::Folded => Style::Folded,
        }
    }
}

/// saphyr counts positions in characters; spans are bytes.
struct CharOffsets {
    /// Byte offset of each character, when the text is not ASCII.
    bytes: Option<Vec<u32>>,
    len: u32,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let bytes = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i as u32).collect());
        CharOffsets { bytes, len: text.len() as u32 }
    }

    fn byte(&self, marker: &Marker) -> u32 {
        match &self.bytes {
            None => (marker.index() as u32).min(self.len),
            Some(b) => b.get(marker.index()).copied().unwrap_or(self.len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_documents_keys_and_block_scalars_with_byte_spans() {
        let text = "kind: ConfigMap # é\ndata:\n  a.cfg: |\n    global\n  a.cfg: x\n---\n- 1\n";
        let stream = read(text);
        assert!(stream.error.is_none());
        assert_eq!(stream.documents.len(), 2);
        let root = stream.documents[0].root.as_ref().expect("root");
        assert_eq!(root.get("kind").and_then(Node::as_str), Some("ConfigMap"));
        let data = root.get("data").expect("data");
        assert_eq!(data.entries().len(), 2, "a repeated key is kept");
        let Node::Scalar { value, style, span } = &data.entries()[0].1 else { panic!("scalar") };
        assert_eq!((value.as_str(), *style), ("global\n", Style::Literal));
        assert_eq!(&text[span.range()][..6], "global", "byte span after a non-ASCII comment");
    }

    #[test]
    fn errors_carry_a_position() {
        let stream = read("a: 1\n\tb: 2\n");
        let error = stream.error.expect("tab indentation is refused");
        assert!(error.message.contains("tab") && error.span.start <= 5, "{error:?}");
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let text = "[".repeat(100_000);
        assert!(read(&text).error.is_some());
    }
}
