//! The query as tokens: words and numbers in either script, with digits
//! of every script read, and the word lists split into tokens the same way.

use super::*;

/// Whether a token spells a phrase's word: the same, or both Franco-Arabic
/// spellings of one word ("3aala el a2l" is "3ala el a2al").
pub(super) fn spells(tok: &Tok, word: &str) -> bool {
    let digit = |w: &str| w.bytes().any(|b| b.is_ascii_digit()) && franco::has_letter_digit(w);
    tok.norm == word
        || (!tok.skel.is_empty()
            && word.is_ascii()
            && (digit(&tok.norm) || digit(word))
            && tok.skel == franco::skeleton(word))
}

/// Singular and plural of one word.
pub(super) fn same_word(a: &str, b: &str) -> bool {
    a == b || a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)
}

/// The commonest English words (data/common-words.txt): left as typed.
pub(super) fn is_common_word(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| include_str!("../../../../../data/common-words.txt").lines().collect())
        .contains(word)
}

#[derive(Clone, Debug)]
pub(super) struct Tok {
    pub(super) norm: String,
    pub(super) span: Range<usize>,
    pub(super) num: Option<f64>,
    pub(super) used: bool,
    /// A Latin word's consonant skeleton (set once the words are read).
    pub(super) skel: String,
}

pub(super) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

pub(super) fn ascii_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        c => c,
    }
}

pub(super) fn is_word_char(c: char) -> bool {
    // Arabic short vowels and tanween are marks, not letters, but belong
    // to their word ("مترًا").
    (c.is_alphabetic() || c == '²' || c == '\'' || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}')
        && !is_digit(c)
}

pub(super) const SYMBOLS: &[char] = &['%', '٪', '+', '-', '–', '<', '>', '~', '/', '&'];

/// Splits text into words, numbers and symbols, with byte spans.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let franco_start = franco_start(&chars, i);
        if is_digit(c) && !franco_start {
            let (tok, j) = number_token(text, &chars, i);
            toks.push(tok);
            i = j;
        } else if is_word_char(c) || franco_start {
            let j = word_end(text, &chars, i, franco_start);
            let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
            let norm = areas::normalize(&text[start..end]).replace('\'', "");
            if !norm.is_empty() {
                toks.push(Tok { norm, span: start..end, num: None, used: false, skel: String::new() });
            }
            i = j;
        } else if SYMBOLS.contains(&c) {
            let norm = match c {
                '٪' => "%".to_owned(),
                '–' => "-".to_owned(),
                c => c.to_string(),
            };
            toks.push(Tok {
                norm,
                span: start..start + c.len_utf8(),
                num: None,
                used: false,
                skel: String::new(),
            });
            i += 1;
        } else {
            i += 1;
        }
    }
    toks
}

/// "3ayez", "5ames", "2est": a Franco digit that starts a word is a
/// letter, unless what follows is a unit or term ("3beds", "5k").
fn franco_start(chars: &[(usize, char)], i: usize) -> bool {
    let c = chars[i].1;
    c.is_ascii_digit() && {
        let letters: String =
            chars[i + 1..].iter().map(|(_, ch)| *ch).take_while(|ch| ch.is_ascii_alphabetic()).collect();
        let next = chars.get(i + 1 + letters.len()).map(|(_, ch)| *ch);
        let word = format!("{c}{letters}").to_ascii_lowercase();
        !next.is_some_and(|ch| ch.is_ascii_digit())
            && franco::has_letter_digit(&word)
            && !is_term(&letters.to_ascii_lowercase())
            && !is_common_word(&letters.to_ascii_lowercase())
    }
}

/// The number starting at `i` in any script's digits, and where it ends.
/// A comma before exactly three digits groups thousands; otherwise a
/// comma or point is the decimal mark.
fn number_token(text: &str, chars: &[(usize, char)], i: usize) -> (Tok, usize) {
    let start = chars[i].0;
    let mut j = i;
    let mut digits = String::new();
    while j < chars.len() {
        let ch = chars[j].1;
        if is_digit(ch) {
            digits.push(ascii_digit(ch));
            j += 1;
        } else if matches!(ch, ',' | '٬' | '.' | '٫') && j + 1 < chars.len() && is_digit(chars[j + 1].1) {
            let run = chars[j + 1..].iter().take_while(|(_, d)| is_digit(*d)).count();
            let grouping = matches!(ch, ',' | '٬') && run == 3;
            if !grouping {
                digits.push('.');
            }
            j += 1;
        } else {
            break;
        }
    }
    let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
    let tok = Tok {
        norm: digits.clone(),
        span: start..end,
        // A number beyond a trillion is no amount anyone means.
        num: digits.parse().ok().filter(|n: &f64| *n < 1e12),
        used: false,
        skel: String::new(),
    };
    (tok, j)
}

/// Where the word starting at `i` ends. Arabizi writes letters with
/// digits ("sha2a", "tagamo3"), but "under4m" is "under 4m".
fn word_end(text: &str, chars: &[(usize, char)], i: usize, franco_start: bool) -> usize {
    let start = chars[i].0;
    let mut j = i + usize::from(franco_start);
    loop {
        while j < chars.len() && is_word_char(chars[j].1) {
            j += 1;
        }
        let digits = chars[j..].iter().take_while(|(_, d)| d.is_ascii_digit()).count();
        if digits == 0 {
            break;
        }
        let before = text[start..chars[j].0].to_ascii_lowercase();
        // "ma3" (with) is one word too: two letters and a digit.
        let short = j - i == 2 && FRANCO_SHORT.contains(&format!("{before}{}", chars[j].1).as_str());
        if !short && (is_common_word(&before) || CUE_WORDS_GLUED.contains(&before.as_str())) {
            break;
        }
        let after = chars.get(j + digits).map(|(_, ch)| *ch);
        let inside = after.is_some_and(is_word_char);
        let trailing = digits == 1 && (j - i >= 3 || short) && !after.is_some_and(|ch| ch.is_alphanumeric());
        // "m2" is one word: "7.5M, 2 rooms" is not square metres.
        let square = digits == 1
            && j - i == 1
            && matches!(chars[i].1, 'm' | 'M')
            && chars[j].1 == '2'
            && !after.is_some_and(|ch| ch.is_alphanumeric());
        if inside || trailing || square {
            j += digits;
        } else {
            break;
        }
    }
    j
}

/// A phrase as the tokenizer would see it.
pub(super) fn words(phrase: &str) -> Vec<String> {
    tokenize(phrase).into_iter().map(|t| t.norm).collect()
}

/// `words` of a lexicon phrase, tokenized once per process: the cue and
/// unit lists are consulted around every number of every query.
pub(super) fn lexicon_words(phrase: &str) -> std::borrow::Cow<'static, [String]> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<String>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut all: Vec<&'static str> =
            UNIT_LISTS.iter().chain(OTHER_LISTS).flat_map(|l| l.iter().copied()).collect();
        all.extend(STRICT_CUES);
        all.extend(FRACTION_WORDS.iter().map(|(w, _)| *w));
        all.extend(PERIOD_WORDS.iter().map(|(w, _)| *w));
        all.extend(MONEY_UNITS.iter().map(|(w, _)| *w));
        all.into_iter().map(|w| (w, words(w))).collect()
    });
    match table.get(phrase) {
        Some(p) => std::borrow::Cow::Borrowed(p.as_slice()),
        None => std::borrow::Cow::Owned(words(phrase)),
    }
}

/// Arabic words often carry a glued prefix: "والتجمع", "بالتقسيط", "الشقق".
pub(super) fn variants(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    for prefix in ["وال", "بال", "لل", "ال", "و", "ب", "ل"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() >= 2
        {
            out.push(rest);
        }
    }
    out
}
