//! A number in the query and the wish it states: "3 bedrooms", "under 10
//! million", "between 5 and 7M", "40k a month", "20% down", "delivery in
//! 2 years", "150 sqm or more", in English, Arabic and Franco-Arabic.
//! Reading one is four steps: the quantity (the number and its unit), a
//! second number making a range, the cue words before it (comparison,
//! "monthly", "down", "delivery"), and the filter it sets.

use super::*;

/// A number with its unit and what follows it.
struct Reading {
    value: f64,
    quantity: Quantity,
    /// Index after what the number and its unit took.
    end: usize,
    /// "3+", "170m+".
    plus: bool,
    /// A comparator after the number: "3 or more", "10 million max".
    post: Comparison,
}

/// The other end of a range: its value, unit and end; and whether it was
/// joined by "or" ("2 or 3 rooms").
struct Second {
    value: f64,
    quantity: Quantity,
    end: usize,
    either: bool,
}

/// The number as a wish: its bounds and the comparison before it.
#[derive(Clone, Copy)]
struct Wish {
    value: f64,
    low: Option<f64>,
    high: Option<f64>,
    comparison: Comparison,
    /// "more than two" is three or more.
    strict: bool,
}

/// The cue words around the number that say what the amount is for.
#[derive(Clone, Copy)]
struct Cues {
    monthly_before: Option<usize>,
    monthly_after: Option<usize>,
    period_before: Option<(u32, usize)>,
    period_after: Option<(u32, usize)>,
    down_before: Option<usize>,
    down_after: Option<usize>,
    installment_before: Option<usize>,
    installment_after: Option<usize>,
    delivery_before: Option<usize>,
    /// The period describes the plan a price is paid by, not the amount.
    plan_only: bool,
}

/// The tokens a wish took, widened as the filter finds its cue words.
struct Span {
    start: usize,
    end: usize,
}

impl Parser<'_> {
    pub(super) fn number_at_with_unit_only(&mut self, i: usize) -> usize {
        let mut next = i + 1;
        // "three-bedroom", "eight and a half million".
        if self.toks.get(next).is_some_and(|t| t.norm == "-") {
            next += 1;
        }
        if let Some((_, e)) = self.fraction_at(next) {
            next = e;
        }
        // "من خمستاشر لعشرين مليون": the unit after the range's end.
        if let Some(e) = self.phrase_at(next, RANGE_JOINERS)
            && self.toks.get(e).is_some_and(|t| t.num.is_some() && !t.used)
            && self.money_unit_at(e + 1).is_some_and(|(m, _)| m >= 1e3)
        {
            return self.number_at(i);
        }
        // "three bedrooms", "ستة مليون", "خمسين مليون", "seven years".
        let has_unit = self.phrase_at(next, BEDROOM_WORDS).is_some()
            || self.phrase_at(next, BATHROOM_WORDS).is_some()
            || self.phrase_at(next, YEAR_WORDS).is_some()
            || self.money_unit_at(next).is_some_and(|(m, _)| m >= 1e3)
            || self.phrase_at(next, SQM_WORDS).is_some();
        if has_unit { self.number_at(i) } else { i + 1 }
    }

    /// Reads the quantity starting at number token `i`; returns the index
    /// after what it consumed.
    pub(super) fn number_at(&mut self, i: usize) -> usize {
        let Some(value) = self.toks[i].num else { return i + 1 };
        let reading = self.reading(i, value);
        let second = self.second(&reading);
        let either_of_two = second.as_ref().is_some_and(|s| s.either);
        let (quantity, end, low, high) = match second {
            Some(s) => {
                let q = if reading.quantity == Quantity::Bare { s.quantity } else { reading.quantity };
                // "between 10 and 20 million": the unit after the second
                // number applies to both.
                let (a, b) = scaled(reading.value, reading.quantity, s.value, s.quantity);
                (q, s.end, Some(a.min(b)), Some(a.max(b)))
            }
            None => (reading.quantity, reading.end, None, None),
        };
        let (start, mut comparison, strict) = self.comparison_before(i);
        if reading.plus {
            comparison = Comparison::Min;
        }
        if reading.post != Comparison::None {
            comparison = reading.post;
        }
        let mut wish = Wish { value: reading.value, low, high, comparison, strict };
        // "under 4 or 5 million", "at least 2 or 3 bedrooms": one bound,
        // the looser of the two.
        if either_of_two {
            match comparison {
                Comparison::Max => wish.low = None,
                Comparison::Min => wish.high = None,
                _ => {}
            }
        }
        let cues = self.cues(start, end, quantity, wish.value);
        let mut span = Span { start, end };
        let Some((kind, also_min)) = self.apply_wish(quantity, wish, &cues, &mut span) else {
            return span.end;
        };
        if also_min {
            // A range is one chip, removed as a whole; both kinds point at it.
            let range = self.toks[span.start].span.start..self.toks[span.end - 1].span.end;
            self.out.spans.push((FilterKind::PriceMin, range));
        }
        self.consume(kind, span.start..span.end);
        span.end
    }

    /// The number at `i` and its unit: "2 and a half million", "3+ beds",
    /// "400m", "7 million 500 thousand", "150 sqm or more".
    fn reading(&self, i: usize, mut value: f64) -> Reading {
        let mut j = i + 1;
        // "2 and a half million", "تلاتة ونص مليون".
        if let Some((fraction, e)) = self.fraction_at(j)
            && self.unit_at(e).is_some()
        {
            value += fraction;
            j = e;
        }
        let plus = self.toks.get(j).is_some_and(|t| t.norm == "+" && !t.used);
        if plus {
            j += 1;
        }
        // "2-bed", "three-bedroom": a hyphen before a unit word, not a range.
        if self.toks.get(j).is_some_and(|t| t.norm == "-" && !t.used)
            && self.toks.get(j + 1).is_some_and(|t| t.num.is_none())
            && matches!(
                self.unit_at(j + 1),
                Some((Quantity::Bedrooms | Quantity::Bathrooms | Quantity::Sqm | Quantity::Years, _))
            )
        {
            j += 1;
        }
        // A comparator between the number and its unit: "3 or more bedrooms".
        let mut post = Comparison::None;
        if let Some((c, e)) = self.post_cue_at(j)
            && self.unit_at(e).is_some()
        {
            post = c;
            j = e;
        }
        let (quantity, mut end) = self.unit_of(i, j, value);
        if let Quantity::Money(big) = quantity {
            (value, end) = self.amount(value, big, end);
        }
        let plus = plus || self.toks.get(end).is_some_and(|t| t.norm == "+" && !t.used);
        if plus && self.toks.get(end).is_some_and(|t| t.norm == "+") {
            end += 1;
        }
        // ... or after the unit: "150 sqm or more", "10 million max". A
        // number without a unit keeps its words ("10 min from the ring road").
        if post == Comparison::None
            && quantity != Quantity::Bare
            && let Some((c, e)) = self.post_cue_at(end)
        {
            post = c;
            end = e;
        }
        Reading { value, quantity, end, plus, post }
    }

    /// What kind of quantity the number at `i` (its unit at `j`) is: the
    /// unit decides; after "area" or "مساحة" a bare number, or one with
    /// "m", is a size.
    fn unit_of(&self, i: usize, j: usize, value: f64) -> (Quantity, usize) {
        let (mut quantity, mut end) = self.unit_at(j).unwrap_or((Quantity::Bare, j));
        let metre_sign = self.toks.get(j).is_some_and(|t| t.norm == "m" && !t.used);
        // "400m", "170m+": a home of EGP 150 million or more is not what
        // buyers ask for (the dearest villas cost about that), 150 to
        // 5,000 square metres often is.
        if matches!(quantity, Quantity::Money(_)) && (150.0..=5_000.0).contains(&value) && metre_sign {
            (quantity, end) = (Quantity::Sqm, j + 1);
        }
        if self.size_context(i) {
            // "area 50m" is 50 m²; "area 5m" no size at all.
            if value >= 25.0 && metre_sign {
                (quantity, end) = (Quantity::Sqm, j + 1);
            } else if quantity == Quantity::Bare && (10.0..=100_000.0).contains(&value) {
                quantity = Quantity::Sqm;
            }
        }
        (quantity, end)
    }

    /// The rest of an amount in units of `big` ending at `end`: "٨ مليون
    /// ونص" (8.5 million), "7 million 500 thousand", then the currency.
    fn amount(&self, mut value: f64, big: f64, mut end: usize) -> (f64, usize) {
        if let Some((fraction, e)) = self.fraction_at(end) {
            value += fraction;
            end = e;
        }
        let joined =
            self.toks.get(end).is_some_and(|t| !t.used && ["و", "and", "w"].contains(&t.norm.as_str()));
        let at = if joined { end + 1 } else { end };
        if let Some(small) = self.toks.get(at).filter(|t| !t.used).and_then(|t| t.num)
            && let Some((m, e)) = self.money_unit_at(at + 1)
            && m < big
            && small * m < big
            // "5 million and 300k monthly" is two amounts.
            && self.phrase_at(e, MONTHLY_WORDS).is_none()
            && self.period_at(e).is_none()
            && self.toks.get(e).is_none_or(|t| t.norm != "/")
        {
            value += small * m / big;
            end = e;
        }
        if let Some(e) = self.phrase_at(end, CURRENCY_WORDS) {
            end = e;
        }
        (value, end)
    }

    /// A second number after "-", "to", "and" or "or" that makes a range
    /// with the first, when the two can be one wish.
    fn second(&self, r: &Reading) -> Option<Second> {
        let after_joiner = self.phrase_at(r.end, RANGE_JOINERS)?;
        let v2 = self.toks.get(after_joiner).filter(|t| !t.used)?.num?;
        let k = after_joiner + 1;
        let (q2, mut e2) = if let Some((mult, e)) = self.money_unit_at(k) {
            (Quantity::Money(mult), e)
        } else if let Some(e) = self.phrase_at(k, SQM_WORDS) {
            (Quantity::Sqm, e)
        } else if let Some(e) = self.phrase_at(k, BEDROOM_WORDS) {
            (Quantity::Bedrooms, e)
        } else if let Some(e) = self.phrase_at(k, YEAR_WORDS) {
            (Quantity::Years, e)
        } else if let Some(e) = self.phrase_at(k, PERCENT_WORDS) {
            // "installment 50k and 20% down": two wishes.
            (Quantity::Percent, e)
        } else if let Some(e) = self.phrase_at(k, BATHROOM_WORDS) {
            (Quantity::Bathrooms, e)
        } else {
            (Quantity::Bare, k)
        };
        if let Some(e) = self.phrase_at(e2, CURRENCY_WORDS) {
            e2 = e;
        }
        let (value, quantity) = (r.value, r.quantity);
        let compatible = quantity == q2
            || (quantity == Quantity::Bare && q2 != Quantity::Percent)
            || (matches!(quantity, Quantity::Money(_)) && q2 == Quantity::Bare)
            // "area from 100 to 150": the unit is said once, before.
            || (quantity == Quantity::Sqm && q2 == Quantity::Bare && v2 > value);
        let first_is_year = (1990.0..=2100.0).contains(&value) && quantity == Quantity::Bare;
        // "2 or 3 rooms", "5 or 6 million" are ranges; "5 million or
        // 400k a month" is two wishes.
        let either = self.phrase_at(r.end, &["or", "او", "ولا", "aw", "wala"]).is_some();
        let (a, b) = scaled(value, quantity, v2, q2);
        let close = !either || (b >= a && b <= 2.0 * a);
        (compatible && !first_is_year && close).then_some(Second { value: v2, quantity: q2, end: e2, either })
    }

    /// Where the wish starts (currency words and "between" before the
    /// number included) and the comparison stated before it. The longest
    /// comparator wins: "no less than" is a floor though it ends in "less
    /// than", "مش أقل من" too.
    fn comparison_before(&self, i: usize) -> (usize, Comparison, bool) {
        let mut start = i;
        while start > 0 && {
            let t = &self.toks[start - 1];
            !t.used && (CURRENCY_WORDS.contains(&t.norm.as_str()) || t.norm == "between" || t.norm == "بين")
        } {
            start -= 1;
        }
        let cues = [
            (self.phrase_before(start, MAX_CUES), Comparison::Max),
            (self.phrase_before(start, AROUND_CUES), Comparison::Around),
            (self.phrase_before(start, MIN_CUES), Comparison::Min),
        ];
        match cues.iter().filter_map(|(s, c)| s.map(|s| (s, *c))).min_by_key(|(s, _)| *s) {
            // "more than two bedrooms" is three or more; "fewer than 3", two at most.
            Some((s, c)) => (s, c, self.phrase_before(start, STRICT_CUES) == Some(s)),
            None => (start, Comparison::None, false),
        }
    }

    /// The words around the wish that say what an amount is: monthly, per
    /// quarter or year, down payment, installment, delivery.
    fn cues(&self, start: usize, end: usize, quantity: Quantity, value: f64) -> Cues {
        let monthly_before = self.phrase_before(start, MONTHLY_WORDS).or_else(|| {
            // "installment 40k", "قسط شهري ٤٠ ألف"
            let inst = self.phrase_before(start, INSTALLMENT_WORDS)?;
            let money = matches!(quantity, Quantity::Money(_)) || value >= 1000.0;
            money.then_some(inst)
        });
        let slash = self.toks.get(end).is_some_and(|t| t.norm == "/");
        let monthly_after = self
            .phrase_at(end, MONTHLY_WORDS)
            .or_else(|| slash.then(|| self.phrase_at(end + 1, MONTHLY_WORDS)).flatten());
        // A budget per quarter, half year or year: "300k a quarter",
        // "quarterly installments under 300k", "قسط ربع سنوي ٣٠٠ ألف".
        let period_after = self.period_at(end).or_else(|| slash.then(|| self.period_at(end + 1)).flatten());
        let period_before = [Some(start), monthly_before]
            .into_iter()
            .flatten()
            .find_map(|at| self.period_before(at))
            .or_else(|| {
                // "قسط ربع سنوي ٣٠٠ ألف": the period after the installment word.
                let at = self.phrase_before(start, INSTALLMENT_WORDS).map(|_| start)?;
                self.period_before(at)
            });
        let delivery_before = self.phrase_before(start, DELIVERY_WORDS).or_else(|| {
            // "استلام بعد سنتين", "delivery within 2 years".
            let gap = self.phrase_before(start, DELIVERY_GAP_WORDS)?;
            self.phrase_before(gap, DELIVERY_WORDS)
        });
        // "under 3.5m quarterly installments": a price, and the plan it is
        // paid by (left as a wish). A period after an amount of a million
        // or more a month, or before the word "installments", describes
        // the plan, not the amount.
        let plan_only = match quantity {
            Quantity::Money(m) if monthly_before.is_none() && period_before.is_none() => {
                let after_end = monthly_after.or(period_after.map(|(_, e)| e));
                let per_month = value * m / f64::from(period_after.map_or(1, |(months, _)| months));
                after_end.is_some_and(|e| {
                    per_month >= 1e6 || (value * m >= 1e6 && self.phrase_at(e, INSTALLMENT_WORDS).is_some())
                })
            }
            _ => false,
        };
        Cues {
            monthly_before,
            monthly_after,
            period_before,
            period_after,
            down_before: self.phrase_before(start, DOWN_WORDS),
            down_after: self.phrase_at(end, DOWN_WORDS),
            installment_before: self.phrase_before(start, INSTALLMENT_WORDS),
            installment_after: self.phrase_at(end, INSTALLMENT_WORDS),
            delivery_before,
            plan_only,
        }
    }

    /// Sets the filter the wish states; the kind of chip it makes and
    /// whether a price range also sets the floor. `None` leaves the words
    /// as text (a number we cannot be sure of).
    fn apply_wish(
        &mut self,
        quantity: Quantity,
        w: Wish,
        cues: &Cues,
        span: &mut Span,
    ) -> Option<(FilterKind, bool)> {
        let current_year = self.current_year;
        let f = &mut self.out.filters;
        let kind = match quantity {
            Quantity::Bedrooms => bedrooms(f, w),
            // "2 bathrooms", "حمامين": at least that many; "at most" is no
            // wish a buyer has, it stays text.
            Quantity::Bathrooms => {
                if w.comparison == Comparison::Max {
                    return None;
                }
                let n = w.low.unwrap_or(w.value).round() as i16;
                f.bathrooms_min = Some(if w.strict { n + 1 } else { n }.clamp(0, 20));
                FilterKind::Bathrooms
            }
            Quantity::Sqm => area(f, w),
            Quantity::Percent => {
                if let Some(d) = cues.down_after {
                    span.end = d;
                } else if let Some(d) = cues.down_before {
                    span.start = span.start.min(d);
                }
                let pct = w.high.unwrap_or(w.value);
                f.down_payment_max_pct = Some(pct.round().clamp(0.0, 100.0) as u32);
                FilterKind::DownPayment
            }
            Quantity::Years => years(f, w, cues, span, current_year),
            Quantity::Bare
                if w.low.is_none() && (2020.0..=2045.0).contains(&w.value) && w.value.fract() == 0.0 =>
            {
                if let Some(d) = cues.delivery_before {
                    span.start = span.start.min(d);
                }
                f.delivery_by = Some(w.value as i16);
                FilterKind::Delivery
            }
            Quantity::Money(_) | Quantity::Bare
                if (cues.down_before.is_some() || cues.down_after.is_some())
                    && cues.monthly_before.is_none() =>
            {
                down_payment(f, quantity, w, cues, span)?
            }
            Quantity::Money(_) | Quantity::Bare => return money(f, quantity, w, cues, span),
        };
        Some((kind, false))
    }
}

/// Both ends of a range in pounds when either carries a money unit.
fn scaled(value: f64, quantity: Quantity, v2: f64, q2: Quantity) -> (f64, f64) {
    match (quantity, q2) {
        (Quantity::Bare, Quantity::Money(m)) | (Quantity::Money(m), Quantity::Bare) => (value * m, v2 * m),
        (Quantity::Money(m1), Quantity::Money(m2)) => (value * m1, v2 * m2),
        _ => (value, v2),
    }
}

fn bedrooms(f: &mut Filters, w: Wish) -> FilterKind {
    let n = w.value.round() as i16;
    match (w.low, w.high, w.comparison) {
        (Some(a), Some(b), _) => {
            f.bedrooms_min = Some(a.round() as i16);
            f.bedrooms_max = Some(b.round() as i16);
        }
        (None, Some(b), _) => f.bedrooms_max = Some(b.round() as i16),
        (Some(a), None, _) => f.bedrooms_min = Some(a.round() as i16),
        (_, _, Comparison::Min) => f.bedrooms_min = Some(if w.strict { n + 1 } else { n }),
        (_, _, Comparison::Max) => f.bedrooms_max = Some(if w.strict { (n - 1).max(0) } else { n }),
        _ => {
            f.bedrooms_min = Some(n);
            f.bedrooms_max = Some(n);
        }
    }
    FilterKind::Bedrooms
}

fn area(f: &mut Filters, w: Wish) -> FilterKind {
    // "150 sqm" means about 150.
    let comparison = if w.comparison == Comparison::None { Comparison::Around } else { w.comparison };
    let (lo, hi) = bounds(w.value, w.low, w.high, comparison, 0.15);
    // "min 50 and max 100": each side keeps the other.
    if lo.is_some() || comparison != Comparison::Max {
        f.area_min = lo.map(|v| v.round() as i32);
    }
    if hi.is_some() || comparison != Comparison::Min {
        f.area_max = hi.map(|v| v.round() as i32);
    }
    FilterKind::Area
}

/// Years: a delivery date ("delivery in 2 years") or a plan length.
fn years(f: &mut Filters, w: Wish, cues: &Cues, span: &mut Span, current_year: i16) -> FilterKind {
    if let Some(d) = cues.delivery_before.filter(|_| cues.installment_before.is_none()) {
        span.start = d;
        f.delivery_by = Some(current_year + w.value.round() as i16);
        return FilterKind::Delivery;
    }
    if let Some(e) = cues.installment_after {
        span.end = e;
    } else if let Some(s) = cues.installment_before {
        span.start = span.start.min(s);
    }
    f.installment_years_min = Some(w.value.round().clamp(0.0, 30.0) as i16);
    FilterKind::InstallmentYears
}

/// "down payment 500k", "مقدم مليون", "max 2M down": the most the buyer
/// can put down, never a price ceiling. "At least" a down payment is no
/// limit a buyer has; a bare small number is no amount we can be sure of:
/// both stay text.
fn down_payment(
    f: &mut Filters,
    quantity: Quantity,
    w: Wish,
    cues: &Cues,
    span: &mut Span,
) -> Option<FilterKind> {
    let multiplier = match quantity {
        Quantity::Money(m) => m,
        _ => 1.0,
    };
    let amount = w.high.unwrap_or(w.value) * multiplier;
    if w.comparison == Comparison::Min || !(10_000.0..=1e11).contains(&amount) {
        return None;
    }
    if let Some(d) = cues.down_after {
        span.end = span.end.max(d);
    }
    if let Some(d) = cues.down_before {
        span.start = span.start.min(d);
    }
    f.down_payment_max = Some(amount.round() as i64);
    Some(FilterKind::DownPayment)
}

/// A price (ceiling, floor or range) or a monthly budget.
fn money(
    f: &mut Filters,
    quantity: Quantity,
    w: Wish,
    cues: &Cues,
    span: &mut Span,
) -> Option<(FilterKind, bool)> {
    let multiplier = match quantity {
        Quantity::Money(m) => m,
        _ => 1.0,
    };
    let (monthly_after, period_after) =
        if cues.plan_only { (None, None) } else { (cues.monthly_after, cues.period_after) };
    let months = period_after.map(|(m, _)| m).or(cues.period_before.map(|(m, _)| m));
    let is_monthly = cues.monthly_before.is_some() || monthly_after.is_some() || months.is_some();
    let amount = w.value * multiplier;
    let (mut lo, mut hi) = match (w.low, w.high) {
        (None, None) => bounds(amount, None, None, w.comparison, 0.15),
        bounds => bounds,
    };
    // A bare small number next to a price cue is millions ("under 10");
    // next to "monthly" it is thousands.
    if quantity == Quantity::Bare {
        let scale = |v: f64| -> Option<f64> {
            if v >= 10_000.0 {
                Some(v)
            } else if is_monthly && v < 1_000.0 {
                Some(v * 1e3)
            } else if !is_monthly && v <= 500.0 && w.comparison != Comparison::None {
                Some(v * 1e6)
            } else {
                None
            }
        };
        lo = lo.and_then(scale);
        hi = hi.and_then(scale);
        if lo.is_none() && hi.is_none() {
            return None; // a number we do not understand stays text
        }
    }
    if is_monthly {
        if let Some(m) = cues.monthly_before {
            span.start = span.start.min(m);
        }
        if let Some(e) = monthly_after {
            span.end = e;
        }
        if let Some((_, e)) = period_after {
            span.end = span.end.max(e);
        }
        if let Some((_, s)) = cues.period_before {
            span.start = span.start.min(s);
        }
        // The filter is per month: a quarterly budget is a third.
        let months = f64::from(months.unwrap_or(1));
        f.monthly_max = hi.or(lo).map(|v| (v / months).round() as i64);
        return Some((FilterKind::Monthly, false));
    }
    if w.comparison == Comparison::Min && w.high.is_none() {
        f.price_min = lo.map(|v| v.round() as i64);
        return Some((FilterKind::PriceMin, false));
    }
    let also_min = lo.is_some() && (w.low.is_some() || w.comparison == Comparison::Around);
    if also_min {
        f.price_min = lo.map(|v| v.round() as i64);
    }
    f.price_max = hi.map(|v| v.round() as i64);
    Some((FilterKind::PriceMax, also_min))
}

fn bounds(
    value: f64,
    low: Option<f64>,
    high: Option<f64>,
    comparison: Comparison,
    around: f64,
) -> (Option<f64>, Option<f64>) {
    if let (Some(a), Some(b)) = (low, high) {
        return (Some(a), Some(b));
    }
    match comparison {
        Comparison::Max => (None, Some(value)),
        Comparison::Min => (Some(value), None),
        Comparison::Around => (Some(value * (1.0 - around)), Some(value * (1.0 + around))),
        Comparison::None => (None, Some(value)),
    }
}
