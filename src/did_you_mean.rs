//! "Did you mean": the bounded edit distance every suggestion uses.
//!
//! A full distance against every candidate made 10,000 unknown backend names
//! in a 10,000-backend config take 18.5 s, and one 1 MB name minutes: here
//! candidates too different in length are skipped, the computation stops as
//! soon as the distance must exceed the limit, and long names get nothing.

/// Names longer than this (in characters) get no suggestion: nobody mistypes
/// a 200-character name by one letter, and the cost grows with the square.
pub const MAX_NAME_CHARS: usize = 128;

/// The optimal string alignment distance between `a` and `b` if it is at
/// most `limit`; `None` otherwise, found without finishing when possible.
/// Insertions, deletions, substitutions and swaps of two adjacent
/// characters each count one.
pub fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    // Three rows: i-2, i-1 and i.
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows[..width].iter_mut().enumerate() {
        *cell = j;
    }
    let mut previous_min = 0;
    for i in 1..=a.len() {
        let cur = (i % 3) * width;
        let prev = ((i + 2) % 3) * width;
        let prev2 = ((i + 1) % 3) * width;
        rows[cur] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev + j] + 1).min(rows[cur + j - 1] + 1).min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2 + j - 2] + 1);
            }
            rows[cur + j] = d;
            row_min = row_min.min(d);
        }
        // Every later cell is at least a cell of this row, or one of the
        // row before plus one (a swap): past the limit in both, it stays so.
        if row_min > limit && previous_min + 1 > limit {
            return None;
        }
        previous_min = row_min;
    }
    let d = rows[(a.len() % 3) * width + b.len()];
    (d <= limit).then_some(d)
}

/// The candidate closest to `name` within `max(2, len / 3)` edits (`len` in
/// characters of `name`), comparing without ASCII case; ties go to the
/// alphabetically first. An empty `name`, or one longer than
/// [`MAX_NAME_CHARS`], gets none.
pub fn closest<'a>(candidates: impl Iterator<Item = &'a str>, name: &str) -> Option<&'a str> {
    let typed: Vec<char> = name.chars().map(|c| c.to_ascii_lowercase()).collect();
    if typed.is_empty() || typed.len() > MAX_NAME_CHARS {
        return None;
    }
    let limit = (typed.len() / 3).max(2);
    let mut known = Vec::new();
    candidates
        .filter(|k| k.chars().count().abs_diff(typed.len()) <= limit)
        .filter_map(|k| {
            known.clear();
            known.extend(k.chars().map(|c| c.to_ascii_lowercase()));
            Some((distance_within(&typed, &known, limit)?, k))
        })
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, limit: usize) -> Option<usize> {
        distance_within(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>(), limit)
    }

    #[test]
    fn distances_within_the_limit() {
        assert_eq!(d("", "abc", 3), Some(3));
        assert_eq!(d("abc", "", 3), Some(3));
        assert_eq!(d("balanse", "balance", 2), Some(1));
        assert_eq!(d("blaance", "balance", 2), Some(1));
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("same", "same", 0), Some(0));
    }

    #[test]
    fn past_the_limit_is_none() {
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("abc", "abcdef", 2), None);
        assert_eq!(d("aaaaaaaa", "bbbbbbbb", 3), None);
    }

    #[test]
    fn a_long_name_stops_early() {
        // A million rows would take seconds in a debug build; the first rows
        // already exceed the limit.
        let long: Vec<char> = std::iter::repeat_n('x', 1_000_000).collect();
        let other: Vec<char> = std::iter::repeat_n('y', 1_000_001).collect();
        let start = std::time::Instant::now();
        assert_eq!(distance_within(&long, &other, 1), None);
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }
}
