//! Applying fixes to a text: non-overlapping edits, spliced in one pass.

use super::{Edit, Fix};
use rustc_hash::FxHashSet;

/// Applies as many of `fixes` as do not overlap an earlier one (in order of
/// their first edit). Returns the new text and the indexes of the fixes applied.
pub fn apply_fixes(src: &str, fixes: &[&Fix]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..fixes.len()).filter(|&i| !fixes[i].edits.is_empty()).collect();
    order.sort_by_key(|&i| fixes[i].span().map(|s| (s.start, s.end)));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = Vec::new();
    // The end of the last edit taken: later edits must start at or after it
    // (an insertion right after a replacement would be ambiguous).
    let mut frontier: Option<u32> = None;
    // Where the last edit taken inserted text, when it was an insertion:
    // more insertions there go after it, in the fixes' order (the order of
    // the diagnostics), so that fixes adding lines at one place (a peer line
    // per missing instance) all apply in one round.
    let mut insertion_at: Option<u32> = None;
    // The texts inserted there so far.
    let mut inserted_here: FxHashSet<&str> = FxHashSet::default();
    for i in order {
        let mut edits: Vec<&Edit> = fixes[i].edits.iter().collect();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let first = edits[0].span.start;
        let overlaps_itself = edits.windows(2).any(|w| w[1].span.start < w[0].span.end);
        let follows_insertion = edits[0].span.is_empty() && insertion_at == Some(first);
        let clashes = frontier.is_some_and(|f| first < f || (first == f && edits[0].span.is_empty()));
        // The same text inserted twice at one place is one fix too many.
        let repeats = follows_insertion && inserted_here.contains(edits[0].replacement.as_str());
        if overlaps_itself
            || (clashes && !follows_insertion)
            || repeats
            || edits.iter().any(|e| e.span.end as usize > src.len())
        {
            continue;
        }
        let last = edits.iter().max_by_key(|e| (e.span.end.max(e.span.start + 1), e.span.is_empty()));
        let at = last.filter(|e| e.span.is_empty()).map(|e| e.span.start);
        if at != insertion_at {
            inserted_here.clear();
        }
        if let Some(e) = last.filter(|_| at.is_some()) {
            inserted_here.insert(e.replacement.as_str());
        }
        insertion_at = at;
        frontier = edits.iter().map(|e| e.span.end.max(e.span.start + 1)).max();
        taken.extend(edits);
        applied.push(i);
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    (apply_edits(src, taken), applied)
}

/// Splices sorted, non-overlapping edits into `src`.
pub fn apply_edits<'e>(src: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut out = String::with_capacity(src.len());
    let mut at = 0usize;
    for edit in edits {
        out.push_str(&src[at..edit.span.start as usize]);
        out.push_str(&edit.replacement);
        at = edit.span.end as usize;
    }
    out.push_str(&src[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn applies_non_overlapping_and_skips_overlapping() {
        let a = Fix::safe("a", vec![Edit::replace(Span::new(0, 3), "xyz")]);
        let b = Fix::safe("b", vec![Edit::replace(Span::new(2, 5), "!!")]);
        let c = Fix::safe("c", vec![Edit::insert(6, "+")]);
        let (out, applied) = apply_fixes("abcdefgh", &[&a, &b, &c]);
        assert_eq!(out, "xyzdef+gh");
        assert_eq!(applied, vec![0, 2]);
    }

    #[test]
    fn insertions_at_one_offset_all_apply_in_order() {
        let a = Fix::safe("a", vec![Edit::insert(2, "1")]);
        let b = Fix::safe("b", vec![Edit::insert(2, "2")]);
        let c = Fix::safe("c", vec![Edit::insert(2, "3")]);
        let again = Fix::safe("again", vec![Edit::insert(2, "2")]);
        let replace = Fix::safe("r", vec![Edit::replace(Span::new(2, 3), "C")]);
        let (out, applied) = apply_fixes("abcd", &[&a, &b, &again, &c, &replace]);
        assert_eq!(out, "ab123cd");
        assert_eq!(applied, vec![0, 1, 3]);
    }
}
