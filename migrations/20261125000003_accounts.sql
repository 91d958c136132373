-- Accounts: buyers, agents and admins signing in by email and password,
-- phone code or Google; single-use email tokens; saved listings.
-- Sessions, one-time codes and rate-limit counters live in Redis.

create type user_role as enum ('buyer', 'agent', 'admin');

create table users (
    id bigint generated always as identity primary key,
    name text check (char_length(name) <= 100),
    email text check (char_length(email) <= 254),
    email_verified_at timestamptz,
    -- E.164, e.g. +201012345678
    phone text check (phone ~ '^\+20(10|11|12|15)[0-9]{8}$'),
    phone_verified_at timestamptz,
    -- argon2id PHC string; null for accounts that never set a password.
    password_hash text,
    google_sub text,
    role user_role not null default 'buyer',
    language text not null default 'en' check (language in ('en', 'ar')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint users_has_a_way_in check (email is not null or phone is not null or google_sub is not null)
);

create unique index users_email_key on users (lower(email));
create unique index users_phone_key on users (phone);
create unique index users_google_sub_key on users (google_sub);

create trigger users_set_updated_at before update on users
    for each row execute function set_updated_at();

-- Email verification and password reset links: only a hash is stored;
-- each works once and expires.
create table email_tokens (
    token_hash bytea primary key,
    user_id bigint not null references users (id) on delete cascade,
    purpose text not null check (purpose in ('verify', 'reset')),
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now()
);
create index email_tokens_user_idx on email_tokens (user_id, purpose);

create table saved_listings (
    user_id bigint not null references users (id) on delete cascade,
    listing_id bigint not null references listings (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (user_id, listing_id)
);
