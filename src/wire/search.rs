//! The listing page on the wire: a listing with the ones most like it.

use crate::domain::listing::Listing;
use serde::{Deserialize, Serialize};

/// A listing with the ones most like it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingDetail {
    pub listing: Listing,
    pub similar: Vec<Listing>,
}
