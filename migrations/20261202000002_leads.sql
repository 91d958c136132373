-- The agents' pipeline: a lead per buyer (or per anonymous visitor until
-- they sign in) who showed real intent in the chat or asked for a viewing,
-- scored from explicit signals, assigned to an agent, moved through a
-- status pipeline with notes and a history of every change.

create type lead_status as enum ('new', 'contacted', 'viewing_scheduled', 'negotiating', 'won', 'lost');
create type lead_score as enum ('hot', 'warm', 'cold');

create table leads (
    id bigint generated always as identity primary key,
    buyer_id bigint references users (id) on delete cascade,
    -- sha256 of the visitor cookie while the buyer is anonymous.
    visitor_hash bytea,
    agent_id bigint references users (id) on delete set null,
    status lead_status not null default 'new',
    score lead_score not null default 'cold',
    points integer not null default 0,
    -- The signals behind the score: [{"kind", "detail", "points"}].
    signals jsonb not null default '[]',
    -- What the buyer said they want, for the inbox and its search.
    budget_egp bigint,
    area text,
    timeline text,
    summary text not null default '',
    last_activity_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint leads_have_a_buyer check (buyer_id is not null or visitor_hash is not null)
);
create unique index leads_buyer_key on leads (buyer_id) where buyer_id is not null;
create unique index leads_visitor_key on leads (visitor_hash) where buyer_id is null;
create index leads_agent_idx on leads (agent_id, last_activity_at desc);
create index leads_activity_idx on leads (last_activity_at desc, id desc);

create trigger leads_set_updated_at before update on leads
    for each row execute function set_updated_at();

create table lead_events (
    id bigint generated always as identity primary key,
    lead_id bigint not null references leads (id) on delete cascade,
    -- Who did it; null for the system (created, scored, assigned by rotation).
    actor_id bigint references users (id) on delete set null,
    kind text not null check (kind in ('created', 'status', 'note', 'assigned', 'viewing')),
    from_status lead_status,
    to_status lead_status,
    agent_id bigint references users (id) on delete set null,
    note text not null default '' check (char_length(note) <= 2000),
    created_at timestamptz not null default now()
);
create index lead_events_lead_idx on lead_events (lead_id, id);

-- Round robin: the agent who got the last automatic assignment.
create table lead_rotation (
    singleton boolean primary key default true check (singleton),
    last_agent_id bigint
);
insert into lead_rotation (singleton, last_agent_id) values (true, null);

-- Viewing changes an agent made, for the buyer's emails and the history.
alter table viewing_requests add column scheduled_at timestamptz;
