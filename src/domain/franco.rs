//! Franco-Arabic (Arabizi): Egyptian Arabic written in Latin letters, with
//! digits for the sounds Latin lacks ("so5na", "mas7a", "2est", "3ayez").
//! Nobody agrees on the vowels, so words are compared by their consonant
//! skeleton: "mas7a", "masa7a" and "مساحة" all become `msh`, "mlyon",
//! "milion" and "مليون" all `mln`. The skeleton drops vowels (and the
//! letters Arabic writes for long vowels, ا و ي), the article ال, a final
//! ة/ه, and folds letters Egyptians pronounce alike (ت ط ث, س ص, د ض,
//! ز ذ ظ, ج غ; ق is the "2" of "a2al" and the "k" of "7adayek", so it
//! is one letter with ك).

/// The consonant skeleton of a word in either script.
pub fn skeleton(word: &str) -> String {
    let raw = if word.chars().any(is_arabic) { arabic(word) } else { latin(word) };
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Whether `word` is written the Franco way: Latin letters with a digit
/// standing for a letter ("so5na", "3ayez", "a2al"), not a number with a
/// unit ("5th", "3br", "120m"). A word that starts with its digit
/// ("3ayez", "5ames") could also be a count and its unit ("3beds"): the
/// caller checks that the letters after the digit are no unit it knows.
pub fn has_letter_digit(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    if !chars.iter().all(char::is_ascii_alphanumeric) || is_ordinal(word) {
        return false;
    }
    let franco_digit = |c: &char| matches!(c, '2' | '3' | '5' | '6' | '7' | '8' | '9');
    let letters = chars.iter().filter(|c| c.is_ascii_alphabetic()).count();
    match chars.iter().position(char::is_ascii_alphabetic) {
        // Digits among or after letters: "so5na", "tagamo3".
        Some(0) => letters >= 2 && chars.iter().any(franco_digit),
        // One digit, then a word with a vowel: "3ayez", "2est", "3la", not "3br".
        Some(1) => {
            franco_digit(&chars[0])
                && letters >= 2
                && chars[1..].iter().all(char::is_ascii_alphabetic)
                && chars[1..].iter().any(|c| "aeiou".contains(*c))
        }
        _ => false,
    }
}

/// "2nd", "3rd", "5th", "21st".
fn is_ordinal(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && ["st", "nd", "rd", "th"].contains(&&word[digits..])
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

fn arabic(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() > 3 && chars[0] == 'ا' && chars[1] == 'ل' {
        chars.drain(..2);
    }
    if chars.len() > 2 && matches!(chars.last(), Some('ه' | 'ة')) {
        chars.pop();
    }
    chars
        .into_iter()
        .filter_map(|c| {
            Some(match c {
                'ب' => 'b',
                'ت' | 'ط' | 'ث' => 't',
                'ج' | 'غ' => 'g',
                'ح' | 'ه' | 'ة' => 'h',
                'خ' => 'x',
                'د' | 'ض' => 'd',
                'ذ' | 'ز' | 'ظ' => 'z',
                'ر' => 'r',
                'س' | 'ص' => 's',
                'ش' => 'S',
                'ع' => '3',
                'ف' => 'f',
                'ق' | 'ك' => 'k',
                'ل' => 'l',
                'م' => 'm',
                'ن' => 'n',
                // Vowel letters, hamza and anything else carry no consonant.
                _ => return None,
            })
        })
        .collect()
}

fn latin(word: &str) -> String {
    let mut w = word.to_ascii_lowercase();
    // A final "-ah"/"-eh" is the Arabic ة, written with an h.
    for suffix in ["ah", "eh"] {
        if w.len() > 3 && w.ends_with(suffix) {
            w.truncate(w.len() - 1);
        }
    }
    let chars: Vec<char> = w.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let digraph = match (c, next) {
            ('k', Some('h')) => Some('x'),
            ('s' | 'c', Some('h')) => Some('S'),
            ('g', Some('h')) => Some('g'),
            ('t' | 'd', Some('h')) => Some('t'),
            ('p', Some('h')) => Some('f'),
            _ => None,
        };
        if let Some(d) = digraph {
            out.push(d);
            i += 2;
            continue;
        }
        let mapped = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | '\'' => None,
            '2' | 'q' | 'c' | 'k' => Some('k'),
            '3' => Some('3'),
            '5' | 'x' => Some('x'),
            '7' | 'h' => Some('h'),
            '6' | 't' => Some('t'),
            '9' | 's' => Some('s'),
            '8' | 'g' | 'j' => Some('g'),
            'v' | 'f' => Some('f'),
            'p' | 'b' => Some('b'),
            c if c.is_ascii_alphabetic() => Some(c),
            _ => None,
        };
        out.extend(mapped);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn franco_and_arabic_spellings_share_a_skeleton() {
        for (franco, arabic) in [
            ("so5na", "السخنة"),
            ("sokhna", "السخنه"),
            ("mas7a", "مساحة"),
            ("masa7a", "مساحه"),
            ("mlyon", "مليون"),
            ("malyoon", "مليون"),
            ("5ames", "الخامس"),
            ("shahry", "شهري"),
            ("2est", "قسط"),
            ("mo2adam", "مقدم"),
            ("3ayez", "عايز"),
            ("tagamo3", "التجمع"),
            ("7adayek", "حدائق"),
            ("sa3eed", "سعيد"),
            ("a2sat", "أقساط"),
            ("metshatteb", "متشطب"),
        ] {
            assert_eq!(
                skeleton(franco),
                skeleton(&crate::domain::areas::normalize(arabic)),
                "{franco} / {arabic}"
            );
        }
    }

    #[test]
    fn different_words_keep_different_skeletons() {
        assert_ne!(skeleton("mas7a"), skeleton("مش"));
        assert_ne!(skeleton("sokhna"), skeleton("shokna"));
        assert_ne!(skeleton("villa"), skeleton("فيلا") + "x");
    }

    #[test]
    fn numbers_with_units_are_not_franco() {
        for word in ["5th", "3rd", "2nd", "120m", "3br", "1st", "150sqm", "10k", "2028"] {
            assert!(!has_letter_digit(word), "{word}");
        }
        for word in ["so5na", "3ayez", "a2al", "7adayek", "2est", "5ames"] {
            assert!(has_letter_digit(word), "{word}");
        }
    }
}
