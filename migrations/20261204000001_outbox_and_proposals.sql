-- Everything the app sends (mail, text messages) goes through this table:
-- written in the same transaction as what causes it, sent by a worker with
-- retries and backoff, so nothing is lost while SMTP or the SMS provider is
-- down, and a request never waits on them.
create table outbox (
    id bigint generated always as identity primary key,
    -- mail: a rendered message; sms: a text message; account: a request
    -- about an account link (verify, reset, already registered) that the
    -- worker turns into a mail, so the request that asked for it does the
    -- same work whether or not the account exists.
    kind text not null check (kind in ('mail', 'sms', 'account')),
    -- An email address or an E.164 phone number.
    recipient text not null check (char_length(recipient) between 3 and 254),
    -- mail: {"subject", "text", "html"?}; sms: {"body"};
    -- account: {"action", "lang", "user_id"?}.
    payload jsonb not null,
    -- The payload holds a secret (a sign-in code, a link with a token): it
    -- is emptied once sent or given up.
    secret boolean not null default false,
    status text not null default 'pending' check (status in ('pending', 'sent', 'done', 'failed', 'expired')),
    attempts integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    -- A worker holds the row until then while it sends it.
    locked_until timestamptz,
    -- Past this, sending is pointless (a code that expired): the row expires.
    expires_at timestamptz,
    last_error text check (char_length(last_error) <= 1000),
    sent_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index outbox_due_idx on outbox (next_attempt_at, id) where status = 'pending';
create trigger outbox_set_updated_at before update on outbox
    for each row execute function set_updated_at();

-- A viewing the assistant proposed: nothing is booked and nobody is told
-- until the buyer confirms it with the button the page renders from this
-- row (a listing's text can tell a model to book; it cannot press a button).
create table viewing_proposals (
    id uuid primary key,
    conversation_id uuid not null references conversations (id) on delete cascade,
    buyer_id bigint not null references users (id) on delete cascade,
    listing_id bigint not null references listings (id) on delete cascade,
    preferred_at timestamptz,
    note text not null default '' check (char_length(note) <= 1000),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null default now() + interval '1 day',
    -- Set once: the request it became.
    viewing_request_id bigint references viewing_requests (id) on delete set null,
    confirmed_at timestamptz,
    constraint viewing_proposals_request_once_confirmed
        check (viewing_request_id is null or confirmed_at is not null)
);
create index viewing_proposals_buyer_idx on viewing_proposals (buyer_id, created_at desc);

-- The assistant's answer that prepared a proposal, so a reloaded
-- conversation shows its confirm button again.
alter table chat_messages add column proposal_id uuid references viewing_proposals (id) on delete set null;
