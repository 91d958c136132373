//! Rules of the sales assistant's chat shared by server and browser: what a
//! buyer's message may be, which language it is in, and how an answer is
//! split into blocks that render as text (never as HTML).

use crate::domain::Lang;

/// Longest message a buyer can send, in characters.
/// The key under which tool results carry text the listing's agent wrote.
/// The prompt tells the model it is data, never instructions; the guard
/// does not count figures in it as facts.
pub const UNTRUSTED: &str = "agent_written_text";

/// The text inside the fence that marks agent-written text for the model.
pub fn untrusted_body(value: &str) -> &str {
    let body = value.split_once(">>>\n").map_or(value, |(_, rest)| rest);
    body.rsplit_once("\n<<<end of untrusted text>>>").map_or(body, |(text, _)| text)
}

pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// The text a buyer's message carries once trimmed, or why it is refused.
pub fn check_message(text: &str) -> Result<String, &'static str> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty");
    }
    if trimmed.chars().count() > MAX_MESSAGE_CHARS {
        return Err("too_long");
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err("control_characters");
    }
    Ok(trimmed.to_owned())
}

/// Writing in Arabic script means the buyer wants Arabic back.
pub fn language_of(text: &str, fallback: Lang) -> Lang {
    let (arabic, latin) = text.chars().fold((0, 0), |(a, l), c| {
        if ('\u{0600}'..='\u{06FF}').contains(&c) {
            (a + 1, l)
        } else if c.is_ascii_alphabetic() {
            (a, l + 1)
        } else {
            (a, l)
        }
    });
    if arabic > latin {
        Lang::Ar
    } else if latin > arabic {
        Lang::En
    } else {
        fallback
    }
}

/// A chat answer split into blocks the page renders as text nodes (never as
/// HTML): paragraphs and bulleted items, with `**bold**` runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Run>),
    Bullets(Vec<Vec<Run>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

fn runs(line: &str) -> Vec<Run> {
    let mut out = Vec::new();
    for (i, part) in line.split("**").enumerate() {
        if !part.is_empty() {
            out.push(Run { text: part.to_owned(), bold: i % 2 == 1 });
        }
    }
    out
}

/// Splits an answer into blocks: blank lines separate paragraphs; lines
/// starting with "- ", "* " or "• " are bullets.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let flush = |paragraph: &mut Vec<String>, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(runs(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        let bullet = ["- ", "* ", "• "].iter().find_map(|p| trimmed.strip_prefix(p));
        match bullet {
            Some(item) => {
                flush(&mut paragraph, &mut out);
                match out.last_mut() {
                    Some(Block::Bullets(items)) => items.push(runs(item.trim())),
                    _ => out.push(Block::Bullets(vec![runs(item.trim())])),
                }
            }
            None if trimmed.is_empty() => flush(&mut paragraph, &mut out),
            None => paragraph.push(trimmed.to_owned()),
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_trimmed_and_checked() {
        assert_eq!(check_message("  hello \n"), Ok("hello".into()));
        assert_eq!(check_message("   "), Err("empty"));
        assert_eq!(check_message(&"x".repeat(MAX_MESSAGE_CHARS + 1)), Err("too_long"));
        assert_eq!(check_message("a\u{0007}b"), Err("control_characters"));
        assert_eq!(check_message("line one\nline two"), Ok("line one\nline two".into()));
    }

    #[test]
    fn the_buyers_script_decides_the_language() {
        assert_eq!(language_of("شقة ٣ غرف في التجمع", Lang::En), Lang::Ar);
        assert_eq!(language_of("3 bedroom apartment", Lang::Ar), Lang::En);
        assert_eq!(language_of("123 456", Lang::Ar), Lang::Ar);
        assert_eq!(language_of("شقة in Mivida", Lang::En), Lang::En);
    }

    #[test]
    fn answers_split_into_paragraphs_and_bullets_without_html() {
        let b = blocks("Hello **there**.\n\n- one\n- **two** 2\nAfter <b>x</b>");
        assert_eq!(b.len(), 3);
        assert_eq!(
            b[0],
            Block::Paragraph(vec![
                Run { text: "Hello ".into(), bold: false },
                Run { text: "there".into(), bold: true },
                Run { text: ".".into(), bold: false },
            ])
        );
        assert!(matches!(&b[1], Block::Bullets(items) if items.len() == 2));
        // Markup stays text: the page renders it as characters.
        assert_eq!(b[2], Block::Paragraph(vec![Run { text: "After <b>x</b>".into(), bold: false }]));
    }
}
