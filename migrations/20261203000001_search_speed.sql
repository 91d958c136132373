-- Search at 100,000 listings.
--
-- Compound and developer filters compare case-insensitively; without these
-- indexes every such search (and its count) read the whole table.
create index listings_available_compound_idx on listings (lower(compound), property_type) where is_available;
create index listings_available_developer_idx on listings (lower(developer), property_type) where is_available;

-- How many available listings each full-text lexeme occurs in. A word in
-- most listings ("view", "finished", "bedroom") says nothing about which
-- listing a buyer means, yet ranking it means reading most of the catalog:
-- search leaves such words to the vector ranking. Refreshed by ingest when
-- the catalog changed; a word missing here (a listing stored since) counts
-- as rare, which is safe. (ts_stat's query runs with the safe search_path
-- materialized views get, hence the schema.)
create materialized view search_terms as
select s.word, s.ndoc, s.ndoc::real / greatest(n.available, 1) as share
from ts_stat($$select t.search_tsv from public.listing_texts t join public.listings l on l.id = t.listing_id where l.is_available$$) s,
     (select count(*) as available from listings where is_available) n;
-- Unique so it can be refreshed without blocking searches.
create unique index search_terms_word_key on search_terms (word);

-- The default order inside a filtered set (and the filler after the ranked
-- candidates): read in order and stop after a page instead of sorting it all.
create index listings_available_price_per_sqm_idx on listings (price_per_sqm_egp, id) where is_available;

-- Most searches name a property type: counting such a filtered set, or
-- reading it in an explicit order, from this index alone (every filtered
-- column included) takes a third of the time of visiting the table's rows.
-- Needs the visibility map, which ingest refreshes (vacuum) after changes.
create index listings_available_type_cover_idx on listings (property_type, location)
    include (id, compound, district, bedrooms, price_egp, price_per_sqm_egp, area_sqm, delivered, delivery_year,
             down_payment_bp, installment_years, monthly_installment_egp, sale_type, finishing)
    where is_available;
