//! Literal block scalars (`|`, `|-`, `|+`): where each line of the embedded
//! text sits in the manifest, and how a changed text goes back in.
//!
//! In a literal block every content line is the text's line behind a fixed
//! indentation, byte for byte (YAML only turns CRLF into LF and applies the
//! final-newline "chomping" of the header). So a position in the text maps
//! to the same column of the matching manifest line, after the indentation.
//! The geometry is computed here from the manifest's own bytes and checked
//! against the value the YAML parser read: when they differ (a case this
//! module does not model), there is no map and findings fall back to the key.

use crate::span::Span;

/// How the block keeps its final line breaks (YAML 1.2 §8.1.1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Chomping {
    /// `|`: one final line break kept.
    Clip,
    /// `|-`: the final line break dropped.
    Strip,
    /// `|+`: every final line break kept.
    Keep,
}

/// A literal block scalar located in its manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiteralBlock {
    /// The header's indicator, `|` and its chomping/indentation signs.
    pub header: Span,
    /// Its chomping.
    pub chomping: Chomping,
    /// Whether the header states the indentation (`|2`).
    pub explicit_indent: bool,
    /// Spaces before each content line.
    pub indent: u32,
    /// Where each line of the text starts in the manifest (after the
    /// indentation, or at the end of a shorter blank line).
    line_starts: Vec<u32>,
    /// Where each line of the text starts in the text.
    text_line_starts: Vec<u32>,
    /// Where each of those lines starts in the manifest (its indentation included).
    raw_line_starts: Vec<u32>,
    /// The length of the text.
    text_len: u32,
    /// The manifest bytes the text's lines occupy (from the first content
    /// line's start to the end of its last line, line ending included).
    pub content: Span,
    /// The manifest's line ending inside the block.
    pub crlf: bool,
}

impl LiteralBlock {
    /// Locates the literal block whose value is `value`, written after the
    /// key that ends at `key_end`, with the text it holds. `None` when the
    /// bytes do not give back `value` (nothing is then mapped or fixed).
    ///
    /// The one difference allowed: a block that ends the manifest without a
    /// line break has no final line break in its text (YAML 1.2 §8.1.1.2, and
    /// PyYAML); saphyr-parser adds one.
    pub fn locate(manifest: &str, key_end: u32, value: &str) -> Option<(LiteralBlock, String)> {
        let after_key = &manifest[key_end as usize..];
        let header_line_end = key_end as usize + after_key.find('\n')?;
        let bar = key_end as usize + manifest[key_end as usize..header_line_end].find('|')?;
        let signs: String = manifest[bar + 1..header_line_end]
            .chars()
            .take_while(|c| matches!(c, '-' | '+' | '1'..='9'))
            .collect();
        let header = Span::new(bar as u32, (bar + 1 + signs.len()) as u32);
        let chomping = if signs.contains('-') {
            Chomping::Strip
        } else if signs.contains('+') {
            Chomping::Keep
        } else {
            Chomping::Clip
        };
        let explicit = signs.chars().find_map(|c| c.to_digit(10));
        // The block's lines: blank ones, or indented at least as much as
        // the first line with text (or as the header says). Reading stops
        // at the first line outside: a manifest of thousands of blocks is
        // read once, not once per block.
        let mut indent = explicit.map(|n| line_indent(manifest, key_end as usize) + n);
        let mut block: Vec<RawLine> = Vec::new();
        for line in lines_after(manifest, header_line_end + 1) {
            match indent {
                None if line.blank => {}
                None => indent = Some(line.spaces),
                Some(i) if line.blank || line.spaces >= i => {}
                Some(_) => break,
            }
            block.push(line);
        }
        let indent = indent?;
        let mut out = LiteralBlock {
            header,
            chomping,
            explicit_indent: explicit.is_some(),
            indent,
            line_starts: Vec::new(),
            text_line_starts: Vec::new(),
            raw_line_starts: Vec::new(),
            text_len: 0,
            content: Span::empty(header_line_end as u32 + 1),
            crlf: block.first().is_some_and(|l| l.crlf),
        };
        let mut text = String::new();
        for line in &block {
            let body = &manifest[line.start as usize..line.end as usize];
            let skip = (indent as usize).min(body.len());
            out.line_starts.push(line.start + skip as u32);
            out.raw_line_starts.push(line.start);
            out.text_line_starts.push(text.len() as u32);
            text.push_str(&body[skip..]);
            // The manifest's very last line may have no line break.
            if line.next > line.end {
                text.push('\n');
            }
        }
        // Chomping: the lines that carry the value, then its final breaks.
        let kept = match chomping {
            Chomping::Keep => block.len(),
            _ => block.iter().rposition(|l| !l.blank || l.spaces > indent).map_or(0, |i| i + 1),
        };
        let cut = out.text_line_starts.get(kept).map_or(text.len(), |&s| s as usize);
        let mut value_read = text[..cut].to_owned();
        out.line_starts.truncate(kept);
        out.raw_line_starts.truncate(kept);
        out.text_line_starts.truncate(kept);
        if chomping == Chomping::Strip && value_read.ends_with('\n') {
            value_read.pop();
        }
        let at_eof_unbroken = block.get(kept.wrapping_sub(1)).is_some_and(|l| l.next == l.end);
        let parser_added_break = at_eof_unbroken && value.strip_suffix('\n') == Some(value_read.as_str());
        if value_read != value && !parser_added_break {
            return None;
        }
        out.content = Span::new(
            header_line_end as u32 + 1,
            block.get(kept.wrapping_sub(1)).map_or(header_line_end as u32 + 1, |l| l.next),
        );
        out.text_len = value_read.len() as u32;
        Some((out, value_read))
    }

    /// One edit of the text (`span` replaced by `replacement`) as one edit
    /// of the manifest: the whole lines it touches, indented again. `None`
    /// for an edit that reaches the text's last line (it may change the
    /// final line breaks, which only [`LiteralBlock::embed`] handles).
    pub fn translate(&self, text: &str, span: Span, replacement: &str) -> Option<(Span, String)> {
        let line_of = |o: u32| self.text_line_starts.partition_point(|&s| s <= o).saturating_sub(1);
        let is_line_start = |o: u32| self.text_line_starts.binary_search(&o).is_ok();
        let region_start = self.text_line_starts[line_of(span.start)];
        let region_end = if is_line_start(span.end)
            && (span.end > span.start || replacement.is_empty() || replacement.ends_with('\n'))
        {
            span.end
        } else {
            *self.text_line_starts.get(line_of(span.end) + 1)?
        };
        let last = self.text_line_starts.last().copied().unwrap_or(0);
        if region_end > last || span.end > last || self.text_len as usize != text.len() {
            return None;
        }
        let new = format!(
            "{}{replacement}{}",
            &text[region_start as usize..span.start as usize],
            &text[span.end as usize..region_end as usize]
        );
        if !new.is_empty() && !new.ends_with('\n') {
            return None;
        }
        let eol = if self.crlf { "\r\n" } else { "\n" };
        let pad = " ".repeat(self.indent as usize);
        let mut out = String::with_capacity(new.len() + 8 * eol.len());
        for line in new.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            if !body.is_empty() {
                out.push_str(&pad);
                out.push_str(body);
            }
            out.push_str(eol);
        }
        let raw = |o: u32| -> Option<u32> {
            Some(self.raw_line_starts[self.text_line_starts.binary_search(&o).ok()?])
        };
        Some((Span::new(raw(region_start)?, raw(region_end)?), out))
    }

    /// The manifest offset of text offset `offset`.
    pub fn manifest_offset(&self, offset: u32) -> u32 {
        let line = self.text_line_starts.partition_point(|&s| s <= offset);
        match line.checked_sub(1) {
            None => self.content.start,
            Some(l) if l < self.line_starts.len() => {
                self.line_starts[l] + (offset - self.text_line_starts[l])
            }
            Some(_) => self.content.end,
        }
    }

    /// The manifest span of a text span.
    pub fn manifest_span(&self, span: Span) -> Span {
        Span::new(self.manifest_offset(span.start), self.manifest_offset(span.end))
    }

    /// The manifest edits that make the block hold `text` instead: the
    /// content lines, and the header when the chomping must change. `None`
    /// when a literal block cannot hold `text` as it is written (a first
    /// line starting with a space needs an indentation sign this module
    /// does not add).
    pub fn embed(&self, manifest: &str, text: &str) -> Option<Vec<(Span, String)>> {
        let body = text.trim_end_matches('\n');
        if !self.explicit_indent && body.trim_start_matches('\n').starts_with([' ', '\t']) {
            return None;
        }
        let breaks = text.len() - body.len();
        let chomping = match breaks {
            0 => Chomping::Strip,
            1 => Chomping::Clip,
            _ => Chomping::Keep,
        };
        let eol = if self.crlf { "\r\n" } else { "\n" };
        let pad = " ".repeat(self.indent as usize);
        let mut content = String::with_capacity(text.len() + text.lines().count() * (pad.len() + 1));
        let lines: Vec<&str> = if body.is_empty() { Vec::new() } else { body.split('\n').collect() };
        for line in &lines {
            if !line.is_empty() {
                content.push_str(&pad);
            }
            content.push_str(line);
            content.push_str(eol);
        }
        // `|+`: the extra final breaks are blank lines of the block.
        for _ in 1..breaks {
            content.push_str(eol);
        }
        // Under `|-` the last line keeps its line break in the manifest
        // unless the manifest ended there.
        let ends_file = self.content.end as usize == manifest.len() && !manifest.ends_with('\n');
        if ends_file && content.ends_with(eol) {
            content.truncate(content.len() - eol.len());
        }
        let mut edits = Vec::new();
        if chomping != self.chomping {
            let sign = match chomping {
                Chomping::Clip => "",
                Chomping::Strip => "-",
                Chomping::Keep => "+",
            };
            let digits: String = manifest[self.header.range()].chars().filter(char::is_ascii_digit).collect();
            edits.push((self.header, format!("|{digits}{sign}")));
        }
        edits.extend(changed_lines(self.content, &manifest[self.content.range()], &content));
        Some(edits)
    }
}

/// The edits that turn `old` (the manifest bytes at `at`) into `new`, one
/// per run of changed lines: fixes on different lines of one block stay
/// apart and can be applied in one round.
fn changed_lines(at: Span, old: &str, new: &str) -> Vec<(Span, String)> {
    let diff = similar::TextDiff::from_lines(old, new);
    let starts = |text: &str| -> Vec<usize> {
        let mut v = vec![0];
        v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        if v.last() != Some(&text.len()) {
            v.push(text.len());
        }
        v
    };
    let (old_starts, new_starts) = (starts(old), starts(new));
    let mut edits = Vec::new();
    for op in diff.ops() {
        if matches!(op, similar::DiffOp::Equal { .. }) {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let span = Span::new(at.start + old_starts[o.start] as u32, at.start + old_starts[o.end] as u32);
        edits.push((span, new[new_starts[n.start]..new_starts[n.end]].to_owned()));
    }
    edits
}

/// A manifest line after the block's header.
struct RawLine {
    /// Its first byte.
    start: u32,
    /// The end of its text (line ending excluded).
    end: u32,
    /// The start of the next line.
    next: u32,
    /// Leading spaces.
    spaces: u32,
    /// Only spaces.
    blank: bool,
    /// Ends with CRLF.
    crlf: bool,
}

/// The lines from `start` to the end of the manifest.
fn lines_after(manifest: &str, start: usize) -> impl Iterator<Item = RawLine> + '_ {
    let mut at = start.min(manifest.len());
    std::iter::from_fn(move || {
        if at >= manifest.len() {
            return None;
        }
        let rest = &manifest[at..];
        let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = &rest[..len];
        let text = line.trim_end_matches('\n');
        let crlf = text.ends_with('\r');
        let text = text.trim_end_matches('\r');
        let spaces = text.len() - text.trim_start_matches(' ').len();
        let line = RawLine {
            start: at as u32,
            end: (at + text.len()) as u32,
            next: (at + len) as u32,
            spaces: spaces as u32,
            blank: spaces == text.len(),
            crlf,
        };
        at += len;
        Some(line)
    })
}

/// Spaces before the line holding `offset`.
fn line_indent(manifest: &str, offset: usize) -> u32 {
    let start = manifest[..offset].rfind('\n').map_or(0, |i| i + 1);
    (manifest[start..].len() - manifest[start..].trim_start_matches(' ').len()) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "data:\n  haproxy.cfg: |\n    global\n        maxconn 10\n\n    defaults\n      mode http\n\n  other: x\n";

    fn locate(manifest: &str, value: &str) -> LiteralBlock {
        let key_end = manifest.find("haproxy.cfg").expect("key") as u32 + 11;
        LiteralBlock::locate(manifest, key_end, value).expect("located").0
    }

    #[test]
    fn maps_text_offsets_to_manifest_columns() {
        let value = "global\n    maxconn 10\n\ndefaults\n  mode http\n";
        let block = locate(MANIFEST, value);
        assert_eq!(block.indent, 4);
        assert_eq!(block.chomping, Chomping::Clip);
        let maxconn = value.find("maxconn").expect("word") as u32;
        assert_eq!(block.manifest_offset(maxconn) as usize, MANIFEST.find("maxconn").expect("word"));
        let mode = value.find("mode").expect("word") as u32;
        assert_eq!(block.manifest_offset(mode) as usize, MANIFEST.find("mode").expect("word"));
    }

    #[test]
    fn a_value_that_does_not_match_gives_no_map() {
        let key_end = MANIFEST.find("haproxy.cfg").expect("key") as u32 + 11;
        assert!(LiteralBlock::locate(MANIFEST, key_end, "something else").is_none());
    }

    #[test]
    fn embedding_a_changed_text_edits_only_its_lines_and_keeps_the_indentation() {
        let value = "global\n    maxconn 10\n\ndefaults\n  mode http\n";
        let block = locate(MANIFEST, value);
        let fixed = value.replace("maxconn 10", "maxconn 20");
        let edits = block.embed(MANIFEST, &fixed).expect("embeds");
        let mut out = MANIFEST.to_owned();
        for (span, text) in edits.iter().rev() {
            out.replace_range(span.range(), text);
        }
        assert_eq!(out, MANIFEST.replace("maxconn 10", "maxconn 20"));
    }

    #[test]
    fn strip_chomping_becomes_clip_when_the_text_gains_its_final_newline() {
        let manifest = "data:\n  haproxy.cfg: |-\n    global\n      maxconn 10\n";
        let block = locate(manifest, "global\n  maxconn 10");
        assert_eq!(block.chomping, Chomping::Strip);
        let edits = block.embed(manifest, "global\n  maxconn 10\n").expect("embeds");
        assert_eq!(edits, vec![(block.header, "|".to_owned())]);
    }

    #[test]
    fn a_block_ending_the_manifest_without_a_line_break_has_no_final_newline() {
        let manifest = "data:\n  haproxy.cfg: |\n    global\n      maxconn 10";
        let key_end = manifest.find("haproxy.cfg").expect("key") as u32 + 11;
        let (_, text) = LiteralBlock::locate(manifest, key_end, "global\n  maxconn 10\n").expect("located");
        assert_eq!(text, "global\n  maxconn 10");
    }

    /// Every edit translated to the manifest gives the manifest whose block
    /// reads as the edited text.
    #[test]
    fn translated_edits_read_back_as_the_edited_text() {
        let manifest = "data:\n  haproxy.cfg: |\n    global\n        maxconn 10\n\n    defaults\n      mode http\n    backend b\n      server s 1.2.3.4:80\nother: 1\n";
        let key_end = manifest.find("haproxy.cfg").expect("key") as u32 + 11;
        let value = "global\n    maxconn 10\n\ndefaults\n  mode http\nbackend b\n  server s 1.2.3.4:80\n";
        let (block, text) = LiteralBlock::locate(manifest, key_end, value).expect("located");
        let cases: &[(u32, u32, &str)] = &[
            (0, 0, "peers p\n    peer a 1.1.1.1:1\n"),
            (7, 22, ""),
            (7, 22, "  nbthread 2\n"),
            (22, 23, ""),
            (11, 18, "maxconn 99"),
            (31, 31, "\n"),
            (23, 23, "frontend f\n  bind :80\n\n"),
            (33, 33, " # http\n  option httplog"),
            (20, 34, ""),
        ];
        let mut translated = 0;
        for &(a, b, r) in cases {
            let mut edited = text.clone();
            edited.replace_range(a as usize..b as usize, r);
            let Some((span, repl)) = block.translate(&text, Span::new(a, b), r) else { continue };
            translated += 1;
            let mut out = manifest.to_owned();
            out.replace_range(span.range(), &repl);
            let read =
                crate::input::k8s::read_manifest(&format!("kind: ConfigMap\nmetadata:\n  name: x\n{out}"));
            assert_eq!(read.embedded[0].text, edited, "edit {a}..{b} {r:?} gave:\n{out}");
        }
        assert_eq!(translated, cases.len(), "every case is away from the last line");
    }

    #[test]
    fn crlf_manifests_keep_crlf() {
        let manifest = "data:\r\n  haproxy.cfg: |\r\n    global\r\n      maxconn 10\r\n";
        let block = locate(manifest, "global\n  maxconn 10\n");
        assert!(block.crlf);
        let edits = block.embed(manifest, "global\n  maxconn 10\n  nbthread 2\n").expect("embeds");
        assert_eq!(edits.len(), 1, "only the new line: {edits:?}");
        let mut out = manifest.to_owned();
        out.replace_range(edits[0].0.range(), &edits[0].1);
        assert_eq!(out, format!("{manifest}      nbthread 2\r\n"));
    }
}
