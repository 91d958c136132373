//! The names search understands: the market table's compounds and
//! developers with their short and Arabic names, plus any other names the
//! catalog holds (an imported file may bring compounds of its own).

use super::lexicon::{COMPOUND_ALIASES, DEVELOPER_ALIASES};
use super::understand::Gazetteer;
use crate::domain::market::COMPOUNDS;

/// The gazetteer for the static market data plus `extra` names from the
/// catalog (compounds, developers).
pub fn build(extra_compounds: &[String], extra_developers: &[String]) -> Gazetteer {
    let mut compounds: Vec<(String, Vec<String>)> = COMPOUNDS
        .iter()
        .map(|c| {
            let mut aliases = vec![c.name_ar.to_owned()];
            if let Some((_, more)) = COMPOUND_ALIASES.iter().find(|(n, _)| *n == c.name_en) {
                aliases.extend(more.iter().map(|a| (*a).to_owned()));
            }
            (c.name_en.to_owned(), aliases)
        })
        .collect();
    for name in extra_compounds {
        if !compounds.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            compounds.push((name.clone(), Vec::new()));
        }
    }
    let mut developers: Vec<(String, Vec<String>)> = Vec::new();
    for c in COMPOUNDS {
        if !developers.iter().any(|(n, _)| n == c.developer.name_en) {
            let mut aliases = vec![c.developer.name_ar.to_owned()];
            if let Some((_, more)) = DEVELOPER_ALIASES.iter().find(|(n, _)| *n == c.developer.name_en) {
                aliases.extend(more.iter().map(|a| (*a).to_owned()));
            }
            developers.push((c.developer.name_en.to_owned(), aliases));
        }
    }
    for name in extra_developers {
        if !developers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            developers.push((name.clone(), Vec::new()));
        }
    }
    Gazetteer::new(&compounds, &developers)
}
