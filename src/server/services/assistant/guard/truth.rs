//! Whether a claim is true of a listing (or of some listing seen, or of
//! the difference between two): the listing's own figures, names,
//! dates and plan, as the tools gave them.

use super::*;

impl Guard {
    /// A figure that is the difference between two of `pool`'s listings
    /// (prices, sizes, prices per m², monthly installments).
    pub(super) fn a_difference(&self, pool: &[i64], fact: &Fact) -> bool {
        let listings: Vec<&Listing> = pool.iter().filter_map(|id| self.listing(*id)).collect();
        let pairs =
            || listings.iter().enumerate().flat_map(|(i, a)| listings[i + 1..].iter().map(move |b| (*a, *b)));
        match fact {
            Fact::Money { value, tolerance } => pairs().any(|(a, b)| {
                [
                    Some((a.price_egp - b.price_egp).abs()),
                    a.price_per_sqm_egp.zip(b.price_per_sqm_egp).map(|(x, y)| (x - y).abs()),
                    a.monthly_installment_egp.zip(b.monthly_installment_egp).map(|(x, y)| (x - y).abs()),
                ]
                .into_iter()
                .flatten()
                .any(|d| (d - value).abs() <= *tolerance)
                    // "together they cost EGP 19,860,000".
                    || (a.price_egp + b.price_egp - value).abs() <= *tolerance
            }),
            Fact::Size(x) => pairs().any(|(a, b)| {
                a.area_sqm.zip(b.area_sqm).is_some_and(|(p, q)| (f64::from((p - q).abs()) - x).abs() <= 1.0)
            }),
            // "three years before the Badya apartment".
            Fact::Years(x) => pairs().any(|(a, b)| {
                a.delivery_year
                    .zip(b.delivery_year)
                    .is_some_and(|(p, q)| (f64::from((p - q).abs()) - x).abs() < 0.01)
            }),
            _ => false,
        }
    }

    /// A claim about listing `l`.
    /// An amount: one of the listing's own (its price, plan figures and
    /// totals, or with both named the down payment and deposit together),
    /// or one a tool computed for it; without a price word, one computed
    /// for no listing or one the buyer gave. A fee ("the club membership
    /// costs") is only what a tool computed.
    fn money_true_of(&self, l: &Listing, value: i64, tolerance: i64, cues: &Cues) -> bool {
        let id = l.id.parse::<i64>().ok();
        let g = &self.grounding;
        let mut own = if cues.fee { Vec::new() } else { listing_money(l, !cues.priced) };
        if cues.down_and_maintenance {
            let share = |p: Option<f64>| p.map(|p| (l.price_egp as f64 * p / 100.0).round() as i64);
            own.extend(share(l.down_payment_pct).zip(share(l.maintenance_deposit_pct)).map(|(d, m)| d + m));
        }
        own.iter().any(|m| (m - value).abs() <= tolerance)
            || near(g.money.get(&id), value, tolerance)
            || (!cues.price
                && (near(g.money.get(&None), value, tolerance)
                    || near(Some(&g.buyer_money), value, tolerance)))
    }

    pub(super) fn true_of(&self, l: &Listing, fact: &Fact, cues: &Cues) -> bool {
        let id = l.id.parse::<i64>().ok();
        let g = &self.grounding;
        let figure = |x: i64, tol: i64| {
            near(g.figures.get(&id), x, tol)
                || near(g.figures.get(&None), x, tol)
                || near(g.buyer_figures.get(kind_of(fact).code()), x, tol)
        };
        match fact {
            Fact::Money { value, tolerance } => self.money_true_of(l, *value, *tolerance, cues),
            Fact::Percent(x) => {
                let x = hundredths(*x);
                // "10% down" is the down payment, not any share of the listing.
                let fields = match cues.share {
                    Some(Share::Down) => vec![l.down_payment_pct],
                    Some(Share::Delivery) => vec![l.delivery_payment_pct],
                    Some(Share::Maintenance) => vec![l.maintenance_deposit_pct],
                    Some(Share::Return) => vec![],
                    None => vec![l.down_payment_pct, l.delivery_payment_pct, l.maintenance_deposit_pct],
                };
                fields.into_iter().flatten().any(|p| (hundredths(p) - x).abs() <= 5) || figure(x, 5)
            }
            Fact::Bedrooms(n) => {
                l.bedrooms.is_some_and(|b| i64::from(b) == i64::from(*n))
                    || (*n == 0 && l.property_type == PropertyType::Studio)
            }
            Fact::Bathrooms(n) => l.bathrooms.is_some_and(|b| i64::from(b) == i64::from(*n)),
            Fact::Size(x) => l.area_sqm.is_some_and(|a| (a as f64 - x).abs() <= 1.0),
            Fact::PartSize(x) => {
                descriptions(l).any(|d| claims::sizes(&d).iter().any(|s| (s - x).abs() <= 1.0))
            }
            // Only the listing's own description states a floor.
            Fact::Floor(f) => descriptions(l).any(|d| claims::floors(&d).contains(f)),
            Fact::Years(x) => {
                l.installment_years.is_some_and(|y| (f64::from(y) - x).abs() < 0.01)
                    || figure(hundredths(*x), 5)
            }
            Fact::Installments(n) => {
                let per_year = match l.installment_frequency {
                    crate::domain::listing::InstallmentFrequency::Monthly => 12,
                    crate::domain::listing::InstallmentFrequency::Quarterly => 4,
                    crate::domain::listing::InstallmentFrequency::None => 0,
                };
                l.installment_years.is_some_and(|y| (y * per_year) as u32 == *n)
                    || figure(i64::from(*n) * 100, 0)
            }
            Fact::Year(y) => {
                l.delivery_year.is_some_and(|d| i32::from(d) == *y)
                    || (l.delivered == Some(true) && *y <= self.current_year)
                    // A date that is no delivery date: a viewing this year or next.
                    || (!cues.delivery && (self.is_near_year(*y) || figure(i64::from(*y) * 100, 0)))
            }
            Fact::Ready => l.delivered == Some(true),
            Fact::OffPlan => l.delivered != Some(true),
            Fact::Finishing(f) => {
                l.finishing == Some(*f)
                    || (*f == Finishing::FullyFinished && l.finishing == Some(Finishing::Furnished))
            }
            Fact::Type(t) => same_type(l.property_type, *t),
            Fact::Frequency(months) => {
                use crate::domain::listing::InstallmentFrequency as F;
                g.frequencies.contains(months)
                    || match l.installment_frequency {
                        F::Monthly => *months == 1,
                        F::Quarterly => *months == 3,
                        F::None => false,
                    }
            }
            Fact::PlainApartment => l.property_type == PropertyType::Apartment,
            Fact::NotType(t) => {
                !(l.property_type == *t || same_type(l.property_type, *t) && *t != PropertyType::Apartment)
            }
            Fact::Feature(f) => {
                let own: Vec<claims::Feature> =
                    descriptions(l).flat_map(|d| claims::features(&d)).map(|(_, f, _)| f).collect();
                // A private garden is a view of green.
                own.contains(f)
                    || (*f == claims::Feature::GreenView && own.contains(&claims::Feature::PrivateGarden))
            }
        }
    }

    /// A claim about no listing in particular: true of some listing the
    /// conversation has seen, a figure a tool returned, or the buyer's.
    pub(super) fn is_near_year(&self, y: i32) -> bool {
        y == self.current_year || y == self.current_year + 1
    }

    pub(super) fn true_somewhere(&self, fact: &Fact, cues: &Cues) -> bool {
        let g = &self.grounding;
        let any_figure = |x: i64, tol: i64| {
            g.figures.values().any(|s| near(Some(s), x, tol))
                || near(g.buyer_figures.get(kind_of(fact).code()), x, tol)
        };
        match fact {
            // An amount said of no listing is a figure a tool computed or the
            // buyer's own; a listing's figure needs its listing named (a
            // random "fee" can equal some listing's price).
            Fact::Money { value, tolerance } => {
                g.money.values().any(|s| near(Some(s), *value, *tolerance))
                    || near(Some(&g.buyer_money), *value, *tolerance)
            }
            Fact::Floor(_) | Fact::PartSize(_) => false,
            Fact::Year(y) => {
                (!cues.delivery && self.is_near_year(*y))
                    || *y == self.current_year
                    || g.listings.values().any(|l| l.delivery_year.is_some_and(|d| i32::from(d) == *y))
                    || any_figure(i64::from(*y) * 100, 0)
            }
            Fact::Percent(x) => {
                let x = hundredths(*x);
                any_figure(x, 5)
                    || g.listings.values().any(|l| {
                        [l.down_payment_pct, l.delivery_payment_pct, l.maintenance_deposit_pct]
                            .into_iter()
                            .flatten()
                            .any(|p| (hundredths(p) - x).abs() <= 5)
                    })
            }
            Fact::Feature(_) => g.listings.values().any(|l| l.is_available && self.true_of(l, fact, cues)),
            Fact::Ready
            | Fact::OffPlan
            | Fact::Finishing(_)
            | Fact::Type(_)
            | Fact::Frequency(_)
            | Fact::PlainApartment
            | Fact::NotType(_) => true,
            other => {
                g.listings.values().any(|l| self.true_of(l, other, cues)) || {
                    let x = match other {
                        Fact::Bedrooms(n) | Fact::Bathrooms(n) | Fact::Installments(n) => i64::from(*n) * 100,
                        Fact::Size(x) | Fact::Years(x) => hundredths(*x),
                        _ => return false,
                    };
                    any_figure(x, 0)
                }
            }
        }
    }
}

/// A claim's figure in hundredths (money aside).
pub(super) fn figure_of(fact: &Fact) -> Option<i64> {
    match fact {
        Fact::Percent(x) | Fact::Size(x) | Fact::PartSize(x) | Fact::Years(x) => Some(hundredths(*x)),
        Fact::Bedrooms(n) | Fact::Bathrooms(n) | Fact::Installments(n) => Some(i64::from(*n) * 100),
        Fact::Year(y) => Some(i64::from(*y) * 100),
        _ => None,
    }
}

/// Every amount of money that is a fact of the listing; with `totals`,
/// also a year of installments and what is left after the down payment
/// (not when the sentence calls the amount a price or a fee).
pub(super) fn listing_money(l: &Listing, totals: bool) -> Vec<i64> {
    let share = |p: Option<f64>| p.map(|p| (l.price_egp as f64 * p / 100.0).round() as i64);
    let per_year = match l.installment_frequency {
        crate::domain::listing::InstallmentFrequency::Monthly => Some(12),
        crate::domain::listing::InstallmentFrequency::Quarterly => Some(4),
        crate::domain::listing::InstallmentFrequency::None => None,
    };
    let down = share(l.down_payment_pct);
    [
        Some(l.price_egp),
        l.price_per_sqm_egp,
        l.installment_amount_egp,
        l.monthly_installment_egp,
        down,
        share(l.delivery_payment_pct),
        share(l.maintenance_deposit_pct),
        l.installment_amount_egp.zip(per_year).map(|(a, n)| a * n).filter(|_| totals),
        down.map(|d| l.price_egp - d).filter(|_| totals),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A known name said of a listing: its compound, developer or place.
pub(super) fn same_place(l: &Listing, m: &Mention) -> bool {
    let c = normalize(&m.canonical);
    // A compound is the listing's compound, a developer its developer: "Sodic
    // West" is no place of a SODIC listing in Sodic East.
    let fields: Vec<Option<&str>> = match m.kind {
        NameKind::Compound => vec![l.compound.as_deref(), l.compound_ar.as_deref()],
        NameKind::Developer => vec![l.developer.as_deref(), l.developer_ar.as_deref()],
        NameKind::Area => vec![Some(l.location.as_str()), l.district.as_deref()],
    };
    let hit = fields
        .into_iter()
        .flatten()
        .map(normalize)
        .any(|f| f == c || contains_words(&f, &c) || contains_words(&c, &f));
    if hit {
        return true;
    }
    // A district's own location ("New Cairo" for a Fifth Settlement unit),
    // or a district of the listing's location when its district is not known.
    m.kind == NameKind::Area
        && crate::domain::areas::AREAS.iter().any(|a| {
            (a.parent.is_some_and(|p| normalize(p) == c)
                && (Some(a.name_en) == l.district.as_deref() || a.name_en == l.location))
                || (l.district.is_none()
                    && normalize(a.name_en) == c
                    && a.parent == Some(l.location.as_str()))
        })
}

pub(super) fn same_type(actual: PropertyType, said: PropertyType) -> bool {
    use PropertyType::*;
    actual == said
        || actual == Unit
        || match said {
            Apartment => matches!(actual, Duplex | Penthouse | Studio),
            _ => false,
        }
}

/// The listing's descriptions, normalised: what its agent wrote states its
/// floor, views and private parts.
fn descriptions(l: &Listing) -> impl Iterator<Item = String> + '_ {
    [l.description.as_deref(), l.description_ar.as_deref()].into_iter().flatten().map(normalize)
}
