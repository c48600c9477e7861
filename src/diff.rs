//! Which lines of a file changed since the last render, for the preview's highlight.

use similar::{ChangeTag, TextDiff};

/// The 1-based numbers of lines in `new` that are not in `old` (inserted or changed).
pub fn changed_lines(old: &str, new: &str) -> Vec<usize> {
    if old == new {
        return Vec::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let mut changed = Vec::new();
    for change in diff.iter_all_changes() {
        if change.tag() == ChangeTag::Insert {
            if let Some(index) = change.new_index() {
                changed.push(index + 1);
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inserted_or_changed_lines_are_reported() {
        assert_eq!(changed_lines("a\nb\nc\n", "a\nb\nc\n"), Vec::<usize>::new());
        assert_eq!(changed_lines("a\nb\nc\n", "a\nB\nc\n"), [2]);
        assert_eq!(changed_lines("a\nc\n", "a\nb\nc\nd\n"), [2, 4]);
        assert_eq!(changed_lines("a\nb\n", "a\n"), Vec::<usize>::new());
        assert_eq!(changed_lines("", "x\n"), [1]);
    }
}
