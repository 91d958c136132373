-- One row per search a person ran (first page only, empty queries left
-- out): what the analytics count per day and the zero-result queries
-- admins read to see what buyers want and the catalog lacks.

create table search_events (
    id bigint generated always as identity primary key,
    -- Trimmed, lower-cased, at most 200 characters.
    query text not null check (char_length(query) <= 200),
    results bigint not null,
    -- web (the browser), api (GET /api/v1/search) or assistant (its tool).
    source text not null check (source in ('web', 'api', 'assistant')),
    created_at timestamptz not null default now()
);
create index search_events_created_idx on search_events (created_at);
create index search_events_zero_idx on search_events (created_at) where results = 0;

-- Agents mark a listing sold (it also stops being available); unavailable
-- listings without it are only off the market for now.
alter table listings add column sold_at timestamptz;
