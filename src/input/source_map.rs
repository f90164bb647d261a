//! Where the text halint checks comes from: a map from its byte offsets to
//! those of the file the user gave (identity for a plain config; the lines
//! of a YAML block scalar, or a fixed place, for a manifest).

use super::k8s::block::LiteralBlock;
use crate::span::Span;

/// A map from a checked text's offsets to its file's offsets.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// Pieces of the text, in order; none: the identity.
    segments: Vec<Segment>,
}

/// A piece of the text and where it comes from.
#[derive(Clone, Debug)]
struct Segment {
    /// The piece, in the text.
    text: Span,
    /// Where it is in the file.
    target: Target,
}

#[derive(Clone, Debug)]
enum Target {
    /// The lines of a literal block, from `skip` bytes into its text.
    Block { block: Box<LiteralBlock>, skip: u32 },
    /// Every offset of the piece shows at this one place (text the file
    /// does not hold as such: generated, or a quoted/folded scalar).
    Fixed(Span),
}

impl SourceMap {
    /// The identity: the text is the file.
    pub fn identity() -> Self {
        SourceMap::default()
    }

    /// Whether this map is the identity.
    pub fn is_identity(&self) -> bool {
        self.segments.is_empty()
    }

    /// Adds text `text` taken from a literal block's text, starting `skip`
    /// bytes into it. Pieces are added in text order.
    pub fn push_block(&mut self, text: Span, block: LiteralBlock, skip: u32) {
        self.segments.push(Segment { text, target: Target::Block { block: Box::new(block), skip } });
    }

    /// Adds text `text` whose every offset shows at `place`.
    pub fn push_fixed(&mut self, text: Span, place: Span) {
        self.segments.push(Segment { text, target: Target::Fixed(place) });
    }

    /// The file span of a text span (a span over several pieces: its start's).
    pub fn span(&self, span: Span) -> Span {
        if self.segments.is_empty() {
            return span;
        }
        let Some(seg) = self.segment_of(span.start) else { return Span::empty(0) };
        match &seg.target {
            Target::Fixed(place) => *place,
            Target::Block { block, skip } => {
                let local = |o: u32| o.clamp(seg.text.start, seg.text.end) - seg.text.start + skip;
                let mapped = block.manifest_span(Span::new(local(span.start), local(span.end)));
                if mapped.end < mapped.start {
                    Span::empty(mapped.start)
                } else {
                    mapped
                }
            }
        }
    }

    /// Whether the piece holding `offset` is text the file holds as it is
    /// (a literal block), so that edits there can be made in the file.
    pub fn is_editable(&self, offset: u32) -> bool {
        self.segments.is_empty()
            || self.segment_of(offset).is_some_and(|s| matches!(s.target, Target::Block { .. }))
    }

    fn segment_of(&self, offset: u32) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.text.end <= offset);
        self.segments.get(i).or(self.segments.last())
    }
}
