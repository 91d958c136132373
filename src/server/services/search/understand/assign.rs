//! Named things the query states (compound, developer, area, type, sale,
//! finishing, sort, delivery) set as filters, and the negation before them.

use super::*;

impl Parser<'_> {
    pub(super) fn apply(&mut self, assign: Assign, range: Range<usize>) {
        // "not in New Cairo", "مش شقة": never the filter it names, nor a
        // wish to rank by; said beside the results instead.
        if let Some(neg) = self.negation_before(range.start) {
            return self.apply_negated(assign, neg, range);
        }
        let Some(kind) = set_filter(&mut self.out.filters, assign) else { return };
        self.consume(kind, range);
    }

    /// A place or type left out is a filter ("not in New Cairo", "مش
    /// شقة"); the other sale type is what "not resale" asks; anything else
    /// negated is noted beside the results.
    fn apply_negated(&mut self, assign: Assign, neg: usize, range: Range<usize>) {
        use crate::domain::listing::SaleType;
        let places: Vec<String> = match &assign {
            Assign::Area(name) => areas::by_name(name).map(|a| a.name_en.to_owned()).into_iter().collect(),
            Assign::Place(name) => vec![(*name).to_owned()],
            Assign::Compound(names) => names.clone(),
            Assign::Developer(name) => vec![name.clone()],
            _ => Vec::new(),
        };
        let f = &mut self.out.filters;
        let kind = match &assign {
            _ if !places.is_empty() => {
                for name in places {
                    if !f.exclude_places.iter().any(|p| p.eq_ignore_ascii_case(&name)) {
                        f.exclude_places.push(name);
                    }
                }
                Some(FilterKind::Exclude)
            }
            Assign::Types(types) => {
                for t in types {
                    if !f.exclude_types.contains(t) {
                        f.exclude_types.push(*t);
                    }
                }
                Some(FilterKind::Exclude)
            }
            Assign::Sale(s) if f.sale_type.is_none() => {
                f.sale_type = Some(match s {
                    SaleType::Resale => SaleType::Developer,
                    SaleType::Developer => SaleType::Resale,
                });
                Some(FilterKind::SaleType)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            self.consume(kind, neg..range.end);
            return;
        }
        let typed = self
            .toks
            .get(range.start)
            .zip(self.toks.get(range.end.saturating_sub(1)))
            .and_then(|(a, b)| self.query.get(a.span.start..b.span.end))
            .unwrap_or_default()
            .to_owned();
        for tok in &mut self.toks[neg..range.end] {
            tok.used = true;
        }
        if !typed.is_empty() && !self.out.notes.contains(&QueryNote::Negated(typed.clone())) {
            self.out.notes.push(QueryNote::Negated(typed));
        }
    }

    /// Where a negation before token `start` begins ("not", "except in",
    /// "مش في", "غير"), if there is one.
    pub(super) fn negation_before(&self, start: usize) -> Option<usize> {
        let mut end = start;
        if let Some(t) = end.checked_sub(1).and_then(|k| self.toks.get(k))
            && !t.used
            && NEGATION_FILLERS.contains(&t.norm.as_str())
        {
            end -= 1;
        }
        if let Some(s) = self.phrase_before(end, NEGATIONS) {
            return Some(s);
        }
        // A list after one negation: "not in New Cairo or Zayed", "مش
        // التجمع ولا زايد", "except Mivida and Hyde Park".
        let joiner = end.checked_sub(1)?;
        let t = self.toks.get(joiner).filter(|t| !t.used)?;
        let joins =
            OR_WORDS.contains(&t.norm.as_str()) || ["nor", "and", "و", "w"].contains(&t.norm.as_str());
        let prev = self.toks.get(joiner.checked_sub(1)?)?;
        let left_out = prev.used
            && self.out.spans.iter().any(|(k, r)| *k == FilterKind::Exclude && r.contains(&prev.span.start));
        (joins && left_out).then_some(joiner)
    }
}

/// Sets the filter a named thing states; `None` when one of its kind is
/// set already (a second name is left as text).
fn set_filter(f: &mut Filters, assign: Assign) -> Option<FilterKind> {
    let kind = match assign {
        Assign::Compound(mut names) if f.compound.is_none() && !names.is_empty() => {
            f.compound = Some(names.remove(0));
            f.compound_also = names;
            FilterKind::Compound
        }
        Assign::Developer(name) if f.developer.is_none() => {
            f.developer = Some(name);
            FilterKind::Developer
        }
        // "in Ain Sokhna, in Galala": the district of the place named.
        Assign::Area(name)
            if f.district.is_none()
                && f.location.is_some()
                && areas::by_name(name)
                    .is_some_and(|a| a.parent.is_some() && f.location.as_deref() == a.parent) =>
        {
            f.district = Some(name.to_owned());
            FilterKind::District
        }
        Assign::Area(name) if f.location.is_none() => {
            let area = areas::by_name(name)?;
            f.location = Some(area.location().to_owned());
            if area.is_location() {
                FilterKind::Location
            } else {
                f.district = Some(area.name_en.to_owned());
                FilterKind::District
            }
        }
        // The same city named twice ("near AUC in New Cairo"): one filter.
        Assign::Area(name)
            if areas::by_name(name)
                .is_some_and(|a| a.is_location() && f.location.as_deref() == Some(a.name_en)) =>
        {
            FilterKind::Location
        }
        // A place Osool has no listings in is still a place: the answer
        // is empty and says so, rather than listings elsewhere.
        Assign::Place(name) if f.location.is_none() => {
            f.location = Some(name.to_owned());
            FilterKind::Location
        }
        Assign::Types(types) => {
            for t in types {
                if !f.property_types.contains(&t) {
                    f.property_types.push(t);
                }
            }
            FilterKind::PropertyType
        }
        Assign::Sale(s) => {
            f.sale_type = Some(s);
            FilterKind::SaleType
        }
        Assign::Finishing(x) => {
            f.finishing = Some(x);
            FilterKind::Finishing
        }
        Assign::Sort(s) => {
            f.sort = Some(s);
            FilterKind::Sort
        }
        Assign::Ready => {
            f.ready_to_move = true;
            FilterKind::Delivery
        }
        Assign::DownMax(p) => {
            f.down_payment_max_pct = Some(p);
            FilterKind::DownPayment
        }
        // A second name of a kind already set is left as text.
        _ => return None,
    };
    Some(kind)
}
