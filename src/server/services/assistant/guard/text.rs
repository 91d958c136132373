//! One spelling for everything the guard reads: lower case, ASCII digits,
//! Arabic letters folded (hamza forms, taa marbuta, alef maqsura, no
//! diacritics or tatweel) and numbers written in words turned into digits
//! ("three bedrooms", "eight and a half million", "ثلاثة ملايين ونص",
//! "غرفتين"), so one pattern covers every way a claim can be written.

/// The nearest char boundary at or before `at`.
pub fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the word ending at byte `end` of `text` starts.
pub fn word_start(text: &str, end: usize) -> usize {
    text[..end].char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8())
}

/// Lower case, folded Arabic letters, ASCII digits and separators, single
/// spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            '\u{066B}' => out.push('.'),
            '\u{066C}' | '\u{060C}' => out.push(','),
            '\u{066A}' => out.push('%'),
            '\u{064B}'..='\u{0652}' | '\u{0640}' | '\u{200F}' | '\u{200E}' | '\u{2066}'..='\u{2069}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' | 'ی' => out.push('ي'),
            // Letters Egyptians borrow for v, p and g, and the Persian kaf.
            'ڤ' => out.push('ف'),
            'پ' => out.push('ب'),
            'گ' => out.push('ج'),
            'ک' => out.push('ك'),
            'ة' => out.push('ه'),
            '\u{2013}' | '\u{2014}' => out.push('-'),
            '\u{2019}' | '\u{2018}' => out.push('\''),
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    out.trim().to_owned()
}

const EN_UNITS: &[(&str, u32)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];
const EN_TENS: &[(&str, u32)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];
/// Folded spellings (see `fold`), standard and Egyptian.
const AR_UNITS: &[(&str, u32)] = &[
    ("واحد", 1),
    ("واحده", 1),
    ("اثنين", 2),
    ("اثنان", 2),
    ("اتنين", 2),
    ("ثلاث", 3),
    ("ثلاثه", 3),
    ("تلات", 3),
    ("تلاته", 3),
    ("اربع", 4),
    ("اربعه", 4),
    ("خمس", 5),
    ("خمسه", 5),
    ("ست", 6),
    ("سته", 6),
    ("سبع", 7),
    ("سبعه", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("ثمانيه", 8),
    ("تماني", 8),
    ("تمانيه", 8),
    ("تسع", 9),
    ("تسعه", 9),
    ("عشر", 10),
    ("عشره", 10),
];
const AR_TENS: &[(&str, u32)] = &[
    ("عشرين", 20),
    ("عشرون", 20),
    ("ثلاثين", 30),
    ("تلاتين", 30),
    ("اربعين", 40),
    ("خمسين", 50),
    ("ستين", 60),
    ("سبعين", 70),
    ("ثمانين", 80),
    ("تمانين", 80),
    ("تسعين", 90),
];
/// Arabic duals: one word for two of something.
const AR_DUALS: &[(&str, &str)] = &[
    ("مليونين", "2 مليون"),
    ("مليونان", "2 مليون"),
    ("الفين", "2 الف"),
    ("الفان", "2 الف"),
    ("غرفتين", "2 غرف"),
    ("غرفتان", "2 غرف"),
    ("اوضتين", "2 غرف"),
    ("حمامين", "2 حمامات"),
    ("حمامان", "2 حمامات"),
    ("غرفتي", "2 غرف"),
    ("اوضتي", "2 غرف"),
    ("وحدتين", "2 وحدات"),
    ("شقتين", "2 شقق"),
    ("دورين", "2 ادوار"),
    ("سنتين", "2 سنوات"),
    ("سنتان", "2 سنوات"),
    ("عامين", "2 سنوات"),
    ("عامان", "2 سنوات"),
];
/// Hundreds in one word, Egyptian and standard (folded).
const AR_HUNDREDS: &[(&str, u32)] = &[
    ("ميه", 100),
    ("مائه", 100),
    ("مئه", 100),
    ("ميتين", 200),
    ("مئتين", 200),
    ("مائتين", 200),
    ("مئتان", 200),
    ("مائتان", 200),
    ("تلتميه", 300),
    ("تلاتميه", 300),
    ("ثلاثمائه", 300),
    ("ثلاثمئه", 300),
    ("ربعميه", 400),
    ("اربعميه", 400),
    ("اربعمائه", 400),
    ("اربعمئه", 400),
    ("خمسميه", 500),
    ("خمسمائه", 500),
    ("خمسمئه", 500),
    ("ستميه", 600),
    ("ستمائه", 600),
    ("ستمئه", 600),
    ("سبعميه", 700),
    ("سبعمائه", 700),
    ("سبعمئه", 700),
    ("تمنميه", 800),
    ("تمانميه", 800),
    ("ثمانمائه", 800),
    ("ثمانمئه", 800),
    ("تسعميه", 900),
    ("تسعمائه", 900),
    ("تسعمئه", 900),
];
const HALF: &[&str] = &["ونص", "ونصف"];

fn lookup(table: &[(&str, u32)], word: &str) -> Option<u32> {
    table.iter().find(|(w, _)| *w == word).map(|(_, n)| *n)
}

/// A word's number from one to nineteen (English and Arabic, folded).
pub(in crate::server::services::assistant) fn unit_word(word: &str) -> Option<u32> {
    lookup(EN_UNITS, word).or_else(|| lookup(AR_UNITS, word))
}

fn tens_word(word: &str) -> Option<u32> {
    lookup(EN_TENS, word)
        .or_else(|| lookup(AR_TENS, word))
        .or_else(|| word.strip_prefix('و').and_then(|w| lookup(AR_TENS, w)))
}

/// A number below a hundred in words, and how many words it takes.
fn below_hundred(words: &[&str]) -> Option<(u32, usize)> {
    let first = *words.first()?;
    // "twenty-five"
    if let Some((t, u)) = first.split_once('-')
        && let (Some(t), Some(u)) = (lookup(EN_TENS, t), lookup(EN_UNITS, u))
    {
        return Some((t + u, 1));
    }
    if let Some(t) = tens_word(first) {
        if let Some(u) = words.get(1).and_then(|w| lookup(EN_UNITS, w)).filter(|u| *u < 10 && *u > 0) {
            return Some((t + u, 2));
        }
        return Some((t, 1));
    }
    let u = unit_word(first)?;
    // "خمسه وعشرين", "خمسه و عشرين"
    let tens = |w: &&str| w.strip_prefix('و').and_then(|w| lookup(AR_TENS, w));
    if let Some(t) = words.get(1).and_then(tens) {
        return Some((u + t, 2));
    }
    if words.get(1) == Some(&"و")
        && let Some(t) = words.get(2).and_then(|w| lookup(AR_TENS, w))
    {
        return Some((u + t, 3));
    }
    Some((u, 1))
}

/// A number below a thousand in words ("seven hundred and fifty",
/// "سبعمية وخمسين"), and how many words it takes.
fn below_thousand(words: &[&str]) -> Option<(u32, usize)> {
    let first = *words.first()?;
    // The rest after a hundred: "وخمسين", "و خمسين", "and fifty", "fifty".
    let rest = |from: usize| -> Option<(u32, usize)> {
        let w = *words.get(from)?;
        if w == "و" || w == "and" {
            return below_hundred(&words[from + 1..]).map(|(n, k)| (n, k + 1));
        }
        if let Some(stripped) = w.strip_prefix('و').filter(|s| !s.is_empty()) {
            let mut shifted: Vec<&str> = vec![stripped];
            shifted.extend_from_slice(&words[from + 1..]);
            return below_hundred(&shifted);
        }
        if w.is_ascii() { below_hundred(&words[from..]) } else { None }
    };
    if let Some(h) = lookup(AR_HUNDREDS, first) {
        return Some(match rest(1) {
            Some((n, k)) => (h + n, 1 + k),
            None => (h, 1),
        });
    }
    let (n, used) = below_hundred(words)?;
    if n < 10 && words.get(used) == Some(&"hundred") {
        return Some(match rest(used + 1) {
            Some((m, k)) => (n * 100 + m, used + 1 + k),
            None => (n * 100, used + 1),
        });
    }
    Some((n, used))
}

/// The number a run of words starting at `words[0]` spells, and how many
/// words it takes.
fn number_at(words: &[&str]) -> Option<(f64, usize)> {
    let first = *words.first()?;
    let mut used;
    let mut value: f64;
    if let Some((n, k)) = below_thousand(words) {
        value = f64::from(n);
        used = k;
    } else if first == "half" && words.get(1) == Some(&"a") {
        return Some((0.5, 2));
    } else if first == "نص" || first == "نصف" {
        // "نص مليون"
        return words.get(1).filter(|w| w.starts_with("مليون")).map(|_| (0.5, 1));
    } else {
        return None;
    };
    // "and a half", "ونص", "point five"
    match (words.get(used), words.get(used + 1), words.get(used + 2)) {
        (Some(&"and"), Some(&"a"), Some(&"half")) => {
            value += 0.5;
            used += 3;
        }
        (Some(&"and"), Some(&"half"), _) => {
            value += 0.5;
            used += 2;
        }
        // "point eight five": every digit after the point.
        (Some(&"point"), Some(d), _) if unit_word(d).is_some_and(|d| d < 10) => {
            used += 1;
            let mut scale = 0.1;
            while let Some(d) = words.get(used).and_then(|w| unit_word(w)).filter(|d| *d < 10) {
                value += f64::from(d) * scale;
                scale /= 10.0;
                used += 1;
            }
            value = (value * 1000.0).round() / 1000.0;
        }
        (Some(w), _, _) if HALF.contains(w) => {
            value += 0.5;
            used += 1;
        }
        _ => {}
    }
    Some((value, used))
}

fn digits(value: f64) -> String {
    if value.fract() == 0.0 { format!("{}", value as i64) } else { format!("{value}") }
}

/// Digits and separators as ASCII, with a map back to the original bytes.
pub(super) fn ascii_digits(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let mapped = match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            '\u{066C}' => ',',
            other => other,
        };
        for _ in 0..mapped.len_utf8() {
            map.push(i);
        }
        out.push(mapped);
    }
    map.push(text.len());
    (out, map)
}

/// `fold`, then numbers in words as digits. "half" after a digit ("8 and a
/// half million") is folded in as well.
pub fn normalize(text: &str) -> String {
    let folded = super::franco::rewrite(&fold(text));
    // Punctuation is kept apart from the words it follows, then put back.
    let tokens: Vec<&str> = folded.split(' ').collect();
    let cores: Vec<(String, String, String)> = tokens.iter().map(|t| split_punctuation(t)).collect();
    let words: Vec<&str> = cores.iter().map(|(_, w, _)| w.as_str()).collect();
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        match number_words(i, &cores, &words, &out) {
            Some((text, used)) => {
                out.push(text);
                i += used;
            }
            None => {
                out.push(tokens[i].to_owned());
                i += 1;
            }
        }
    }
    // "3 مليون ونص" -> "3.5 مليون"
    let mut joined = out.join(" ");
    for half in HALF {
        joined = move_half(&joined, half);
    }
    mixed_amounts(&joined)
}

/// A token's leading punctuation, its word and its trailing punctuation.
fn split_punctuation(t: &str) -> (String, String, String) {
    let start = t.find(|c: char| c.is_alphanumeric()).unwrap_or(t.len());
    let end = t
        .rfind(|c: char| c.is_alphanumeric())
        .map_or(start, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    let end = end.max(start);
    (t[..start].to_owned(), t[start..end].to_owned(), t[end..].to_owned())
}

/// The token at `i` rewritten with its number in digits, and how many
/// tokens that took: duals ("غرفتين" as 2 rooms), "three-bedroom", "a
/// million", "مليون" alone, "8 and a half", numbers in words. `None` when
/// it is no number.
fn number_words(
    i: usize,
    cores: &[(String, String, String)],
    words: &[&str],
    out: &[String],
) -> Option<(String, usize)> {
    let (pre, word, post) = &cores[i];
    if let Some((w, dual)) =
        AR_DUALS.iter().find(|(w, _)| w == word || word.strip_prefix(['و', 'ب']) == Some(w))
    {
        let prefix = &word[..word.len() - w.len()];
        return Some((format!("{pre}{prefix}{dual}{post}"), 1));
    }
    // "three-bedroom": a number word glued to its unit.
    if let Some((left, right)) = word.split_once('-')
        && let Some(n) = unit_word(left).or_else(|| lookup(EN_TENS, left))
        && right.chars().all(char::is_alphabetic)
        && unit_word(right).is_none()
    {
        return Some((format!("{pre}{n}-{right}{post}"), 1));
    }
    // "a million", "a thousand"
    if word == "a" && matches!(words.get(i + 1), Some(&("million" | "thousand" | "hundred"))) {
        return Some((format!("{pre}1{post}"), 1));
    }
    // "مليون" with no number before it is one million.
    if (word == "مليون" || word == "بمليون")
        && out.last().is_none_or(|p| !p.ends_with(|c: char| c.is_ascii_digit()))
    {
        let half = words.get(i + 1).is_some_and(|w| HALF.contains(w));
        let text = format!(
            "{pre}{} مليون{}",
            if half { "1.5" } else { "1" },
            if half { &cores[i + 1].2 } else { post }
        );
        return Some((text, if half { 2 } else { 1 }));
    }
    // A digit then "and a half" / "ونص": 8 and a half million.
    if let Ok(n) = word.parse::<f64>()
        && post.is_empty()
    {
        let half = match (words.get(i + 1), words.get(i + 2), words.get(i + 3)) {
            (Some(&"and"), Some(&"a"), Some(&"half")) => 3,
            (Some(w), _, _) if HALF.contains(w) => 1,
            _ => 0,
        };
        if half > 0 {
            return Some((format!("{pre}{}{}", digits(n + 0.5), cores[i + half].2), half + 1));
        }
    }
    let stripped = word
        .strip_prefix(['و', 'ب'])
        .filter(|w| unit_word(w).is_some() || tens_word(w).is_some() || lookup(AR_HUNDREDS, w).is_some());
    let run: Vec<&str> =
        std::iter::once(stripped.unwrap_or(word)).chain(words[i + 1..].iter().copied()).collect();
    if word.is_empty() {
        return None;
    }
    let (value, used) = number_at(&run)?;
    // The words of a number end at punctuation.
    let last = i + used - 1;
    if !cores[i..last].iter().all(|(_, _, p)| p.is_empty()) {
        return None;
    }
    // "ونص" after "مليون": 3 مليون ونص.
    Some((format!("{pre}{}{}", digits(value), cores[last].2), used))
}

/// "28 مليون و100 الف" -> "28,100,000 جنيه"; "2 million 500 thousand" too.
fn mixed_amounts(text: &str) -> String {
    static MIXED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(\d+(?:\.\d+)?) (?:مليون|ملايين|million) (?:و ?|and |w )?(\d{1,3}) (?:الف|thousand)",
        )
        .expect("mixed amount")
    });
    MIXED
        .replace_all(text, |c: &regex::Captures<'_>| {
            let m: f64 = c[1].parse().unwrap_or(0.0);
            let k: f64 = c[2].parse().unwrap_or(0.0);
            let total = (m * 1e6 + k * 1e3).round() as i64;
            let digits = total.to_string();
            let mut grouped = String::new();
            for (i, ch) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    grouped.push(',');
                }
                grouped.push(ch);
            }
            format!("{grouped} جنيه")
        })
        .into_owned()
}

/// "3 مليون ونص" is 3.5 million.
fn move_half(text: &str, half: &str) -> String {
    let pattern = format!(" مليون {half}");
    let mut text = text.to_owned();
    while let Some(at) = text.find(&pattern) {
        let before = &text[..at];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let Ok(n) = before[start..].parse::<f64>() else {
            text.replace_range(at..at + pattern.len(), " مليون");
            continue;
        };
        let replaced = format!("{}{} مليون", &before[..start], digits(n + 0.5));
        text = format!("{replaced}{}", &text[at + pattern.len()..]);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words_become_digits() {
        for (text, want) in [
            ("Three bedrooms and two baths.", "3 bedrooms and 2 baths."),
            ("eight and a half million pounds", "8.5 million pounds"),
            ("8 and a half million", "8.5 million"),
            ("twenty-five years", "25 years"),
            ("twenty five years", "25 years"),
            ("a million pounds", "1 million pounds"),
            ("half a million", "0.5 million"),
            ("ثلاثة ملايين جنيه", "3 ملايين جنيه"),
            ("شقة بثلاث غرف", "شقه 3 غرف"),
            ("ثلاث غرف", "3 غرف"),
            ("غرفتين وحمامين", "2 غرف و2 حمامات"),
            ("٨٫٥ مليون", "8.5 مليون"),
            ("مليون ونص", "1.5 مليون"),
            ("تلاتة مليون ونص", "3.5 مليون"),
            ("خمسة وعشرين سنة", "25 سنه"),
            ("قسط على سنتين", "قسط علي 2 سنوات"),
            ("seven point five percent", "7.5 percent"),
            ("twenty-six point eight five million pounds", "26.85 million pounds"),
            ("وسعرها ٢٨ مليون و١٠٠ ألف جنيه", "وسعرها 28,100,000 جنيه جنيه"),
            ("ستة ملايين وسبعمية وخمسين ألف جنيه", "6,750,000 جنيه جنيه"),
            ("six million seven hundred and fifty thousand", "6,750,000 جنيه"),
            ("تلاتمية وخمسة وعشرين متر", "325 متر"),
            ("خمسه و عشرين سنة", "25 سنه"),
            ("two hundred square metres", "200 square metres"),
            ("ميتين متر", "200 متر"),
            ("غرفتي نوم", "2 غرف نوم"),
            ("فاضل منه وحدتين", "فاضل منه 2 وحدات"),
            ("3 owad w 2 7amamat, 250 metr", "3 اوض w 2 حمامات, 250 متر"),
            ("talata mlyon w nos", "3.5 مليون"),
            ("el dor el 5ames", "الدور الخامس"),
        ] {
            assert_eq!(normalize(text), want, "{text}");
        }
    }
}
