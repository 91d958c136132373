//! Typo tolerance for words people misspell: "saterday", "tomorow",
//! "apartmnet". Edit distance counts a swap of neighbouring letters as one
//! typo, and the typos allowed grow with the word: none under five
//! letters (short words collide: "mon"/"man"), one up to seven, two from
//! eight. A misspelling matches only when one candidate is clearly the
//! closest, so a word halfway between two never picks one by chance.

/// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`,
/// counted over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    // Three rows: two back (for swaps), previous, current.
    let mut before: Vec<usize> = vec![0; m + 1];
    let mut previous: Vec<usize> = (0..=m).collect();
    let mut current: Vec<usize> = vec![0; m + 1];
    for i in 1..=n {
        current[0] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[m]
}

/// Typos allowed in a word of `len` characters.
pub fn allowed_typos(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// The candidate `word` is a misspelling of, if one is clearly closest:
/// within the typos allowed for the shorter of the two, and strictly closer
/// than every candidate with a different value. Exact matches are the
/// caller's business (this is for the words that did not match).
pub fn closest<'a, T: Copy + PartialEq>(
    word: &str,
    candidates: impl IntoIterator<Item = (&'a str, T)>,
) -> Option<T> {
    let len = word.chars().count();
    if allowed_typos(len) == 0 {
        return None;
    }
    let mut best: Option<(usize, T)> = None;
    let mut tied = false;
    for (candidate, value) in candidates {
        let allowed = allowed_typos(len.min(candidate.chars().count()));
        // Cheap bound before the full distance.
        if allowed == 0 || len.abs_diff(candidate.chars().count()) > allowed {
            continue;
        }
        let d = edit_distance(word, candidate);
        if d > allowed {
            continue;
        }
        match best {
            Some((b, v)) if d == b && v != value => tied = true,
            Some((b, _)) if d >= b => {}
            _ => {
                best = Some((d, value));
                tied = false;
            }
        }
    }
    if tied { None } else { best.map(|(_, v)| v) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_each_kind_of_typo_once() {
        assert_eq!(edit_distance("saturday", "saturday"), 0);
        assert_eq!(edit_distance("saterday", "saturday"), 1);
        assert_eq!(edit_distance("satruday", "saturday"), 1, "a swap is one typo");
        assert_eq!(edit_distance("tomorow", "tomorrow"), 1);
        assert_eq!(edit_distance("apartmnet", "apartment"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("شقه", "شقة"), 1, "over characters, not bytes");
    }

    #[test]
    fn the_clearly_closest_candidate_wins_and_ties_match_nothing() {
        let days = [("monday", 1), ("sunday", 7), ("tuesday", 2), ("thursday", 4)];
        assert_eq!(closest("mondya", days), Some(1));
        assert_eq!(closest("thurday", days), Some(4));
        assert_eq!(closest("tuseday", days), Some(2));
        // One letter from both Monday and Sunday: no guess.
        assert_eq!(closest("munday", [("monday", 1), ("sunday", 7)]), None);
        // Short words never match by accident.
        assert_eq!(closest("mon", days), None);
        assert_eq!(closest("money", days), None);
    }

    /// Every single typo of a word of five letters or more finds it again
    /// among words that are not one typo apart themselves.
    #[test]
    fn every_single_typo_of_a_long_word_finds_it() {
        let words = [("saturday", 0), ("wednesday", 1), ("friday", 2), ("tomorrow", 3), ("apartment", 4)];
        for (word, value) in words {
            let chars: Vec<char> = word.chars().collect();
            let mut typos = Vec::new();
            for i in 1..chars.len() {
                let mut dropped = chars.clone();
                dropped.remove(i);
                typos.push(dropped);
                let mut doubled = chars.clone();
                doubled.insert(i, chars[i]);
                typos.push(doubled);
                if i + 1 < chars.len() {
                    let mut swapped = chars.clone();
                    swapped.swap(i, i + 1);
                    typos.push(swapped);
                }
                for c in ['a', 'e', 'x'] {
                    let mut changed = chars.clone();
                    changed[i] = c;
                    typos.push(changed);
                }
            }
            for typo in typos {
                let typo: String = typo.into_iter().collect();
                if typo == word {
                    continue;
                }
                assert_eq!(closest(&typo, words), Some(value), "{typo} -> {word}");
            }
        }
    }
}
