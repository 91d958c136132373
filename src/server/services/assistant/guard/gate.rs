//! Splits a stream of text into whole sentences. Nothing leaves the gate
//! until its sentence is complete, so the guard can check it and drop it
//! whole: nothing false is ever shown and then withdrawn.

#[derive(Default)]
pub struct Gate {
    pending: String,
}

/// Abbreviations whose full stop is no sentence end (the text before the
/// stop ends with one of these).
const ABBREVIATIONS: &[&str] =
    &["ج.م", " ج", "e.g", "i.e", " no", " approx", " vs", " mr", " ms", " dr", " st", " sq"];

/// The end of the first complete sentence in `text`: after ".", "!", "?",
/// "؟" followed by white space, or after a line break.
fn sentence_end(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            return Some(i + 1);
        }
        if ['.', '!', '?', '؟', '…'].contains(&c) {
            // "ج.م." and "e.g." end no sentence.
            if c == '.' && ABBREVIATIONS.iter().any(|a| text[..i].to_lowercase().ends_with(a)) {
                continue;
            }
            match chars.peek() {
                Some((j, next)) if next.is_whitespace() => {
                    let mut end = *j;
                    // Take the white space with the sentence (up to a line break).
                    for (k, ch) in text[*j..].char_indices() {
                        if ch == '\n' {
                            end = j + k + 1;
                            break;
                        }
                        if !ch.is_whitespace() {
                            break;
                        }
                        end = j + k + ch.len_utf8();
                    }
                    return Some(end);
                }
                _ => {}
            }
        }
    }
    None
}

/// The sentences of a whole text, each with its trailing white space.
pub fn sentences(text: &str) -> Vec<String> {
    let mut gate = Gate::default();
    let mut out = gate.push(text);
    out.extend(gate.finish());
    out
}

impl Gate {
    /// Complete sentences now available, in order.
    pub fn push(&mut self, text: &str) -> Vec<String> {
        self.pending.push_str(text);
        let mut out = Vec::new();
        while let Some(end) = sentence_end(&self.pending) {
            out.push(self.pending.drain(..end).collect());
        }
        out
    }

    /// The rest, at the end of the stream.
    pub fn finish(&mut self) -> Option<String> {
        if self.pending.is_empty() {
            return None;
        }
        Some(std::mem::take(&mut self.pending))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_lets_out_whole_sentences_only() {
        let mut gate = Gate::default();
        assert!(gate.push("I found three ").is_empty());
        assert!(gate.push("homes for you: #12 is").is_empty());
        assert_eq!(gate.push(" great. Next"), vec!["I found three homes for you: #12 is great. ".to_owned()]);
        assert_eq!(gate.push(" one costs 8.5M EGP!\n- #15"), vec!["Next one costs 8.5M EGP!\n".to_owned()]);
        assert_eq!(gate.finish(), Some("- #15".to_owned()));
        assert_eq!(sentences("A. B؟ C"), vec!["A. ", "B؟ ", "C"]);
    }
}
