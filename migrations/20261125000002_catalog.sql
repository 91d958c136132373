-- The listing catalog: typed listings (money in whole EGP, percentages in
-- basis points), their embeddings per model, and full-text search over the
-- English and Arabic text.

create type property_type as enum (
    'apartment', 'villa', 'townhouse', 'twinhouse', 'duplex', 'penthouse',
    'studio', 'chalet', 'office', 'clinic', 'retail', 'unit'
);
create type sale_type as enum ('developer', 'resale');
create type finishing as enum ('core_shell', 'semi_finished', 'fully_finished', 'furnished');
create type installment_frequency as enum ('monthly', 'quarterly', 'none');

create table listings (
    id bigint generated always as identity primary key,
    -- Natural key: where the record came from and its id there.
    source text not null,
    external_id text not null,
    title_en text not null,
    title_ar text,
    description_en text,
    description_ar text,
    property_type property_type not null,
    location text not null,
    district text,
    compound text,
    developer text,
    bedrooms smallint check (bedrooms between 0 and 20),
    bathrooms smallint check (bathrooms between 0 and 20),
    area_sqm integer check (area_sqm > 0),
    price_egp bigint not null check (price_egp > 0),
    price_per_sqm_egp bigint generated always as (
        case when area_sqm > 0 then round(price_egp::numeric / area_sqm)::bigint end
    ) stored,
    delivery_year smallint,
    delivered boolean,
    finishing finishing,
    sale_type sale_type,
    down_payment_bp integer check (down_payment_bp between 0 and 10000),
    delivery_payment_bp integer check (delivery_payment_bp between 0 and 10000),
    installment_years smallint check (installment_years between 0 and 15),
    installment_frequency installment_frequency,
    installment_amount_egp bigint check (installment_amount_egp >= 0),
    -- What the plan costs per month whatever its frequency (a quarterly
    -- installment counts a third): what buyers filter on.
    monthly_installment_egp bigint check (monthly_installment_egp >= 0),
    maintenance_deposit_bp integer check (maintenance_deposit_bp between 0 and 10000),
    image_url text,
    is_available boolean not null default true,
    -- sha256 of the record as ingested: unchanged records are skipped.
    content_hash bytea not null,
    search_tsv tsvector generated always as (
        setweight(to_tsvector('simple',
            coalesce(compound, '') || ' ' || coalesce(developer, '') || ' ' ||
            location || ' ' || coalesce(district, '')), 'A') ||
        setweight(to_tsvector('english', title_en), 'A') ||
        setweight(to_tsvector('english', coalesce(description_en, '')), 'C') ||
        setweight(to_tsvector('arabic', coalesce(title_ar, '')), 'A') ||
        setweight(to_tsvector('arabic', coalesce(description_ar, '')), 'C')
    ) stored,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint listings_natural_key unique (source, external_id),
    constraint listings_payments_within_price
        check (coalesce(down_payment_bp, 0) + coalesce(delivery_payment_bp, 0) <= 10000)
);

create trigger listings_set_updated_at before update on listings
    for each row execute function set_updated_at();

create index listings_search_idx on listings using gin (search_tsv);
create index listings_available_location_idx on listings (location, district, property_type) where is_available;
create index listings_available_price_idx on listings (price_egp) where is_available;
create index listings_available_bedrooms_idx on listings (bedrooms) where is_available;

-- One row per listing and embedding model: switching models re-embeds
-- instead of mixing vectors from different spaces.
create table listing_embeddings (
    listing_id bigint not null references listings (id) on delete cascade,
    model text not null,
    embedding vector not null,
    -- The listing content the vector was computed from; stale when it differs.
    content_hash bytea not null,
    created_at timestamptz not null default now(),
    primary key (listing_id, model)
);

-- HNSW cosine indexes per model (dimensions differ, so each indexes its own cast).
create index listing_embeddings_minilm_idx on listing_embeddings
    using hnsw ((embedding::vector(384)) vector_cosine_ops) where model = 'all-MiniLM-L6-v2';
create index listing_embeddings_openai_small_idx on listing_embeddings
    using hnsw ((embedding::vector(1536)) vector_cosine_ops) where model = 'text-embedding-3-small';

-- Tokens and cost of every call to a paid model (embeddings now, chat later).
create table ai_usage (
    id bigint generated always as identity primary key,
    provider text not null,
    model text not null,
    purpose text not null,
    prompt_tokens integer not null default 0,
    completion_tokens integer not null default 0,
    cost_usd numeric(12, 6) not null default 0,
    created_at timestamptz not null default now()
);
create index ai_usage_created_at_idx on ai_usage (created_at);
