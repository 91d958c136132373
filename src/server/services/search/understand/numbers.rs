//! Numbers in the query and the words around them: spelled numbers
//! joined, units, fractions, periods and the cue phrases before and after.

use super::*;

impl Parser<'_> {
    /// The longest phrase of `list` ending just before token `end`, ignoring
    /// used tokens in between only if `skip_used`.
    pub(super) fn phrase_before(&self, end: usize, list: &[&str]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for phrase in list {
            let p = lexicon_words(phrase);
            if p.is_empty() || p.len() > end {
                continue;
            }
            let start = end - p.len();
            let ok = p.iter().enumerate().all(|(k, w)| {
                let t = &self.toks[start + k];
                !t.used && (spells(t, w) || (k == 0 && variants(&t.norm).contains(&w.as_str())))
            });
            if ok && best.is_none_or(|b| start < b) {
                best = Some(start);
            }
        }
        best
    }

    /// The longest phrase of `list` starting at token `start`.
    pub(super) fn phrase_at(&self, start: usize, list: &[&str]) -> Option<usize> {
        list.iter()
            .map(|phrase| lexicon_words(phrase))
            .filter(|p| self.matches_at(start, p))
            .map(|p| start + p.len())
            .max()
    }

    /// The unit after a number at token `j`, and the index after it.
    pub(super) fn unit_at(&self, j: usize) -> Option<(Quantity, usize)> {
        if let Some(e) = self.phrase_at(j, BEDROOM_WORDS) {
            Some((Quantity::Bedrooms, e))
        } else if let Some(e) = self.phrase_at(j, BATHROOM_WORDS) {
            Some((Quantity::Bathrooms, e))
        } else if let Some(e) = self.phrase_at(j, SQM_WORDS) {
            Some((Quantity::Sqm, e))
        } else if let Some((mult, e)) = self.money_unit_at(j) {
            Some((Quantity::Money(mult), e))
        } else if let Some(e) = self.phrase_at(j, PERCENT_WORDS) {
            Some((Quantity::Percent, e))
        } else if let Some(e) = self.phrase_at(j, YEAR_WORDS) {
            Some((Quantity::Years, e))
        } else {
            self.phrase_at(j, CURRENCY_WORDS).map(|e| (Quantity::Money(1.0), e))
        }
    }

    /// A fraction starting at token `i` ("ونص", "and a half").
    pub(super) fn fraction_at(&self, i: usize) -> Option<(f64, usize)> {
        FRACTION_WORDS
            .iter()
            .filter_map(|(w, f)| {
                let p = lexicon_words(w);
                self.matches_at(i, &p).then(|| (*f, i + p.len()))
            })
            .max_by_key(|(_, e)| *e)
    }

    /// Whether the number at token `i` follows a word that makes it a size
    /// ("area 120", "مساحة من ١٠٠", "size min 50m"), or continues a size
    /// just read ("area min 50m and max 100 m").
    pub(super) fn size_context(&self, i: usize) -> bool {
        for back in 1..=4 {
            let Some(t) = i.checked_sub(back).and_then(|k| self.toks.get(k)) else { return false };
            let in_size =
                self.out.spans.iter().any(|(k, r)| *k == FilterKind::Area && r.contains(&t.span.start));
            if in_size {
                return true;
            }
            if t.num.is_some() {
                // The number before was a size: "50m and max 100 m".
                return self
                    .out
                    .spans
                    .iter()
                    .any(|(k, r)| *k == FilterKind::Area && r.contains(&t.span.start));
            }
            if variants(&t.norm).iter().any(|v| AREA_WORDS.contains(v)) {
                return true;
            }
            if MONEY_UNITS.iter().any(|(w, _)| *w == t.norm) || CURRENCY_WORDS.contains(&t.norm.as_str()) {
                return false;
            }
        }
        false
    }

    /// A comparator written after a number, at token `i`.
    pub(super) fn post_cue_at(&self, i: usize) -> Option<(Comparison, usize)> {
        let min = self.phrase_at(i, POST_MIN_CUES);
        let max = self.phrase_at(i, POST_MAX_CUES);
        match (min, max) {
            (Some(a), Some(b)) if b > a => Some((Comparison::Max, b)),
            (Some(a), _) => Some((Comparison::Min, a)),
            (None, Some(b)) => Some((Comparison::Max, b)),
            (None, None) => None,
        }
    }

    /// A budget period starting at token `i`: (months, index after).
    pub(super) fn period_at(&self, i: usize) -> Option<(u32, usize)> {
        PERIOD_WORDS
            .iter()
            .filter_map(|(w, m)| {
                let p = lexicon_words(w);
                self.matches_at(i, &p).then(|| (*m, i + p.len()))
            })
            .max_by_key(|(_, e)| *e)
    }

    /// A budget period ending just before token `end`: (months, its start).
    pub(super) fn period_before(&self, end: usize) -> Option<(u32, usize)> {
        PERIOD_WORDS
            .iter()
            .filter_map(|(w, m)| self.phrase_before(end, &[w]).map(|s| (*m, s)))
            .min_by_key(|(_, s)| *s)
    }

    pub(super) fn money_unit_at(&self, i: usize) -> Option<(f64, usize)> {
        let tok = self.toks.get(i).filter(|t| !t.used)?;
        MONEY_UNITS.iter().find(|(w, _)| variants(&tok.norm).contains(w)).map(|(_, m)| (*m, i + 1))
    }

    pub(super) fn numbers(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            if self.toks[i].used || self.toks[i].num.is_none() {
                i += 1;
                continue;
            }
            i = self.number_at(i).max(i + 1);
        }
        // Spelled-out numbers ("three bedrooms", "ثلاث غرف") and Arabic
        // duals ("غرفتين") become digits for a second pass.
        self.split_glued_joiners();
        let mut changed = self.lone_scales();
        for tok in self.toks.iter_mut().filter(|t| !t.used && t.num.is_none()) {
            if let Some((_, n)) = NUMBER_WORDS.iter().find(|(w, _)| *w == tok.norm) {
                tok.num = Some(*n);
                changed = true;
            }
        }
        self.join_spelled_numbers();
        changed |= self.duals();
        if changed {
            let mut i = 0;
            while i < self.toks.len() {
                if !self.toks[i].used && self.toks[i].num.is_some() {
                    // Spelled numbers only count with a unit after them.
                    i = self.number_at_with_unit_only(i).max(i + 1);
                } else {
                    i += 1;
                }
            }
        }
    }

    /// "لعشرين" is "ل" and "عشرين": the joiner glued to a spelled number
    /// becomes a token of its own.
    fn split_glued_joiners(&mut self) {
        let mut k = 0;
        while k < self.toks.len() {
            let t = &self.toks[k];
            let split = ['ل', 'و', 'ب'].into_iter().find_map(|p| {
                let rest = t.norm.strip_prefix(p)?;
                NUMBER_WORDS.iter().any(|(w, _)| *w == rest).then(|| (p, rest.to_owned()))
            });
            if let Some((prefix, rest)) = split.filter(|_| !t.used && t.num.is_none()) {
                let cut = t.span.start + prefix.len_utf8();
                let (start, end) = (t.span.start, t.span.end);
                self.toks[k] = Tok {
                    norm: prefix.to_string(),
                    span: start..cut,
                    num: None,
                    used: false,
                    skel: String::new(),
                };
                self.toks.insert(
                    k + 1,
                    Tok { norm: rest, span: cut..end, num: None, used: false, skel: String::new() },
                );
                k += 1;
            }
            k += 1;
        }
    }

    /// A scale word alone is one of it: "مقدم مليون", "under a million".
    /// Whether any was found.
    fn lone_scales(&mut self) -> bool {
        let lone: Vec<usize> = (0..self.toks.len())
            .filter(|&idx| {
                let tok = &self.toks[idx];
                // Whole words only: "mn" alone is "from", not a million.
                let scale = !tok.used
                    && tok.num.is_none()
                    && tok.norm.chars().count() >= 4
                    && MONEY_UNITS.iter().any(|(w, m)| *m >= 1e6 && variants(&tok.norm).contains(w));
                let after_number = idx.checked_sub(1).and_then(|k| self.toks.get(k)).is_some_and(|t| {
                    t.num.is_some()
                        || NUMBER_WORDS.iter().any(|(w, _)| *w == t.norm)
                        || FRACTION_WORDS.iter().any(|(w, _)| w.split_whitespace().any(|p| p == t.norm))
                });
                scale && !after_number
            })
            .collect();
        let found = !lone.is_empty();
        for idx in lone.into_iter().rev() {
            let at = self.toks[idx].span.start;
            let one =
                Tok { norm: "1".into(), span: at..at, num: Some(1.0), used: false, skel: String::new() };
            self.toks.insert(idx, one);
        }
        found
    }

    /// "غرفتين", "وحمامين": a dual (with a glued prefix too) is two and its
    /// unit. Whether any was found.
    fn duals(&mut self) -> bool {
        let mut extra = Vec::new();
        for (idx, tok) in self.toks.iter().enumerate() {
            let forms = variants(&tok.norm);
            if let Some((_, n, unit)) = DUALS.iter().find(|(w, _, _)| forms.contains(w)).filter(|_| !tok.used)
            {
                extra.push((idx, *n, *unit));
            }
        }
        let found = !extra.is_empty();
        for (idx, n, unit) in extra.into_iter().rev() {
            let span = self.toks[idx].span.clone();
            self.toks[idx] = Tok {
                norm: n.to_string(),
                span: span.clone(),
                num: Some(n),
                used: false,
                skel: String::new(),
            };
            self.toks.insert(
                idx + 1,
                Tok {
                    norm: unit.to_owned(),
                    span: span.end..span.end,
                    num: None,
                    used: false,
                    skel: String::new(),
                },
            );
        }
        found
    }

    /// Spelled compounds become one number: "خمسة وعشرين" (five and
    /// twenty) is 25, "twenty five" and "twenty-five" too.
    pub(super) fn join_spelled_numbers(&mut self) {
        let spelled =
            |t: &Tok| t.num.filter(|_| !t.used && !t.norm.starts_with(|c: char| c.is_ascii_digit()));
        let tens = |word: &str| {
            NUMBER_WORDS
                .iter()
                .find(|(w, n)| *w == word && *n >= 20.0 && *n < 100.0 && n % 10.0 == 0.0)
                .map(|(_, n)| *n)
        };
        let mut k = 0;
        while k + 1 < self.toks.len() {
            let Some(first) = spelled(&self.toks[k]) else {
                k += 1;
                continue;
            };
            let next = &self.toks[k + 1];
            // (value, tokens used after the first)
            let joined = if (1.0..10.0).contains(&first) {
                // Arabic: units, then "و" and the tens, glued or apart.
                if let Some(t) = next.norm.strip_prefix('و').and_then(tens).filter(|_| !next.used) {
                    Some((first + t, 1))
                } else if next.norm == "و" && !next.used {
                    self.toks
                        .get(k + 2)
                        .filter(|t| !t.used)
                        .and_then(|t| tens(&t.norm))
                        .map(|t| (first + t, 2))
                } else {
                    None
                }
            } else if tens(&self.toks[k].norm).is_some() {
                // English: the tens, then the units ("twenty five", "twenty-five").
                let at = if next.norm == "-" { k + 2 } else { k + 1 };
                self.toks
                    .get(at)
                    .and_then(spelled)
                    .filter(|u| (1.0..10.0).contains(u))
                    .map(|u| (first + u, at - k))
            } else {
                None
            };
            if let Some((value, extra)) = joined {
                let end = self.toks[k + extra].span.end;
                let tok = &mut self.toks[k];
                tok.span.end = end;
                tok.num = Some(value);
                self.toks.drain(k + 1..=k + extra);
            }
            k += 1;
        }
    }
}
