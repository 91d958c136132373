//! Server functions behind the property browser, the listing page and the
//! comparison: thin calls into the search service.

use crate::api::AppError;
use crate::domain::listing::Listing;
use crate::domain::search::{BrowseQuery, SearchResults};
use leptos::prelude::*;

pub use crate::wire::search::*;

#[cfg(feature = "ssr")]
fn service() -> Result<std::sync::Arc<crate::server::services::search::service::SearchService>, AppError> {
    Ok(crate::server::state::AppState::from_context()?.search)
}

/// One page of results for the browser's URL state.
#[server(prefix = "/fn", endpoint = "search", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn search_listings(query: BrowseQuery) -> Result<SearchResults, AppError> {
    AppError::respond(
        async {
            use crate::server::services::search::service::SearchRequest;
            let state = crate::server::http::context::state()?;
            let subject = crate::server::http::context::subject(&state).await;
            let limit = crate::server::services::ratelimit::search(state.config.search_rate_per_minute);
            crate::server::services::ratelimit::check(&state.kv, limit, &subject).await?;
            // A pasted query keeps its words: line breaks and tabs are spaces.
            let typed: String = query.q.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
            let q = crate::server::http::api::check_query(&typed)?;
            let request = SearchRequest {
                query: q,
                mode: crate::domain::search::Mode::Hybrid,
                limit: crate::domain::search::PAGE_SIZE,
                offset: (query.page.max(1) - 1) * crate::domain::search::PAGE_SIZE,
                overrides: query.explicit_filters(),
            };
            let service = service()?;
            let results = service.search(&request).await.map_err(AppError::internal)?;
            service.record("web", &request, &results);
            Ok(results)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn parse_id(id: &str) -> Result<i64, AppError> {
    id.trim().parse::<i64>().map_err(|_| AppError::NotFound)
}

/// A listing and four similar ones.
#[server(prefix = "/fn", endpoint = "listing", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn listing_page(id: String) -> Result<ListingDetail, AppError> {
    AppError::respond(
        async {
            let service = service()?;
            let id = parse_id(&id)?;
            let listing = service.listing(id).await.map_err(AppError::internal)?.ok_or(AppError::NotFound)?;
            let similar = service.similar(id, 4).await.map_err(AppError::internal)?.as_ref().clone();
            Ok(ListingDetail { listing, similar })
        }
        .await,
    )
}

/// The listings to compare, in the order given (unknown ids dropped).
#[server(prefix = "/fn", endpoint = "compare", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn compare_listings(ids: Vec<String>) -> Result<Vec<Listing>, AppError> {
    AppError::respond(
        async {
            let ids: Vec<i64> = ids
                .iter()
                .take(crate::domain::search::MAX_COMPARE)
                .filter_map(|i| parse_id(i).ok())
                .collect();
            service()?.listings(&ids).await.map_err(AppError::internal)
        }
        .await,
    )
}
