//! What generated tests write the way people type: one slip of a fast
//! thumb inside a word, and Western digits in Arabic-Indic.

use crate::server::services::catalog::rng::Rng;

/// One typo inside `word`: a letter dropped, doubled or swapped with the
/// next (the first and last letters kept). Words of three letters or
/// fewer come back as they are.
pub fn one_typo(rng: &mut Rng, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 {
        return word.to_owned();
    }
    let i = rng.range(1, chars.len() as i64 - 2) as usize;
    match rng.range(0, 2) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, chars[i]),
        _ => chars.swap(i, i + 1),
    }
    chars.into_iter().collect()
}

/// "150" -> "١٥٠"; everything else as it is.
pub fn arabic_digits(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(0x0660 + (c as u32 - 48)).unwrap_or(c) } else { c })
        .collect()
}

/// Another way to write the vowels of a Franco-Arabic word, as people do
/// ("mlyon", "malyoon", "milyon"; "so5na", "sou5na"): vowels changed,
/// doubled or dropped between consonants, never the consonants or digits.
pub fn franco_vowels(rng: &mut Rng, word: &str) -> String {
    let vowels = ['a', 'e', 'i', 'o', 'u'];
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if !vowels.contains(c) || i == 0 {
            out.push(*c);
            continue;
        }
        match rng.range(0, 5) {
            0 => {
                out.push(*c);
                out.push(*c);
            }
            1 => out.push(*rng.pick(&vowels)),
            // Dropped only inside a longer word ("3an" keeps its vowel).
            2 if chars.len() > 4 && i + 1 < chars.len() && !vowels.contains(&chars[i - 1]) => {}
            _ => out.push(*c),
        }
    }
    out
}
