-- The sales assistant: conversations (a signed-in buyer's, or an anonymous
-- visitor's until they sign in), their messages including the tool calls
-- and results the model saw, and the viewing requests it books.

-- The agent who handles a listing; viewing requests for it go to them
-- (to the admins while nobody is assigned).
alter table listings add column agent_id bigint references users (id) on delete set null;
create index listings_agent_idx on listings (agent_id) where agent_id is not null;

create table conversations (
    id uuid primary key,
    user_id bigint references users (id) on delete cascade,
    -- sha256 of the anonymous visitor cookie; cleared when merged into a user.
    visitor_hash bytea,
    -- The listing the chat was opened from ("ask about this unit").
    listing_id bigint references listings (id) on delete set null,
    language text not null default 'en' check (language in ('en', 'ar')),
    title text not null default '' check (char_length(title) <= 200),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint conversations_have_an_owner check (user_id is not null or visitor_hash is not null)
);
create index conversations_user_idx on conversations (user_id, updated_at desc) where user_id is not null;
create index conversations_visitor_idx on conversations (visitor_hash) where visitor_hash is not null;

create trigger conversations_set_updated_at before update on conversations
    for each row execute function set_updated_at();

create type chat_role as enum ('user', 'assistant', 'tool');

create table chat_messages (
    id bigint generated always as identity primary key,
    conversation_id uuid not null references conversations (id) on delete cascade,
    role chat_role not null,
    -- What the buyer wrote, what the assistant said (after the guard), or a
    -- tool's JSON result.
    content text not null check (char_length(content) <= 200000),
    -- An assistant turn that called tools: [{"id", "name", "arguments"}].
    tool_calls jsonb,
    -- A tool result: the call it answers and the tool's name.
    tool_call_id text,
    tool_name text,
    -- Listings shown as cards under an assistant reply (or returned by a tool).
    listing_ids bigint[] not null default '{}',
    -- Which assistant answered: a model name, or 'offline'.
    model text,
    offline boolean not null default false,
    -- The buyer pressed stop before the answer finished.
    stopped boolean not null default false,
    prompt_tokens integer not null default 0,
    completion_tokens integer not null default 0,
    -- Invented listings, compounds or prices the guard removed or corrected.
    guard_corrections integer not null default 0,
    created_at timestamptz not null default now()
);
create index chat_messages_conversation_idx on chat_messages (conversation_id, id);

create type viewing_status as enum ('requested', 'confirmed', 'rescheduled', 'cancelled', 'completed');

create table viewing_requests (
    id bigint generated always as identity primary key,
    listing_id bigint not null references listings (id) on delete cascade,
    buyer_id bigint not null references users (id) on delete cascade,
    conversation_id uuid references conversations (id) on delete set null,
    -- The agent responsible when it was requested (the listing's), if any.
    agent_id bigint references users (id) on delete set null,
    -- When the buyer would like to come; null means "call me to arrange".
    preferred_at timestamptz,
    note text not null default '' check (char_length(note) <= 1000),
    status viewing_status not null default 'requested',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index viewing_requests_agent_idx on viewing_requests (agent_id, created_at desc);
create index viewing_requests_buyer_idx on viewing_requests (buyer_id, created_at desc);
create index viewing_requests_created_idx on viewing_requests (created_at desc);
-- One open request per buyer and listing: asking twice updates it.
create unique index viewing_requests_open_key on viewing_requests (buyer_id, listing_id)
    where status in ('requested', 'confirmed', 'rescheduled');

create trigger viewing_requests_set_updated_at before update on viewing_requests
    for each row execute function set_updated_at();
