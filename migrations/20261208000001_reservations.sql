-- Reservations: a buyer pays a reservation fee through Paymob and the unit
-- is held for them while contracts are drawn up. Postgres decides who holds
-- a unit: one active reservation per listing (the partial unique index), so
-- no unit is ever held, paid for or sold twice, whatever races in front.

-- The fee an agent or admin set for a listing, in piastres; without it the
-- configured share of the price applies. The fee charged is worked out
-- when a hold is placed and never exceeds a tenth of the price then (a
-- check against the price here would make lowering a price fail).
alter table listings add column reservation_fee_piastres bigint
    check (reservation_fee_piastres > 0);

create table reservations (
    id uuid primary key,
    listing_id bigint not null references listings (id) on delete restrict,
    buyer_id bigint not null references users (id) on delete restrict,
    -- held: waiting for the payment until hold_expires_at; paid: the fee
    -- arrived, the unit is the buyer's while the agent prepares contracts;
    -- confirmed: the agent confirmed it (the unit is reserved); sold: the
    -- sale completed; expired: the hold lapsed unpaid; cancelled: the
    -- payment could not start or was declined; released: the agent released
    -- it after payment (the fee is refunded).
    status text not null default 'held'
        check (status in ('held', 'paid', 'confirmed', 'sold', 'expired', 'cancelled', 'released')),
    -- Worked out on the server from the listing when the hold is placed.
    amount_piastres bigint not null check (amount_piastres > 0),
    currency text not null default 'EGP' check (currency = 'EGP'),
    -- The buyer's language, for the mails.
    lang text not null default 'en' check (lang in ('en', 'ar')),
    hold_expires_at timestamptz not null,
    -- Paymob's intention and order (the order id is signed in callbacks).
    paymob_intention_id text check (char_length(paymob_intention_id) <= 200),
    paymob_order_id bigint unique,
    paymob_client_secret text check (char_length(paymob_client_secret) <= 500),
    -- The successful payment: Paymob's transaction, the card's last digits.
    paymob_transaction_id bigint unique,
    card_last4 text check (card_last4 ~ '^[0-9]{4}$'),
    card_brand text check (char_length(card_brand) <= 40),
    paid_at timestamptz,
    -- How long the unit stays the buyer's once paid, before contracts.
    reserved_until timestamptz,
    confirmed_at timestamptz,
    sold_at timestamptz,
    closed_at timestamptz,
    -- Why it was released, cancelled or refunded (shown to the buyer).
    reason text check (char_length(reason) <= 500),
    closed_by bigint references users (id) on delete set null,
    -- When the reconciler last asked Paymob about this order.
    inquired_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint reservations_paid_has_payment
        check (status not in ('paid', 'confirmed', 'sold') or (paid_at is not null and paymob_transaction_id is not null))
);
create unique index reservations_one_active_per_listing on reservations (listing_id)
    where status in ('held', 'paid', 'confirmed');
create index reservations_buyer_idx on reservations (buyer_id, created_at desc);
create index reservations_listing_idx on reservations (listing_id, created_at desc);
create index reservations_holds_idx on reservations (hold_expires_at) where status = 'held';
-- A buyer holds one unit at a time: nobody keeps units from others by
-- holding many without paying.
create unique index reservations_one_hold_per_buyer on reservations (buyer_id) where status = 'held';
create trigger reservations_set_updated_at before update on reservations
    for each row execute function set_updated_at();

-- Money going back: one row per Paymob transaction to refund (the
-- reservation's payment when staff release it, a late, second or
-- mismatched payment), written in the same transaction as the decision;
-- the reconciler sends it with retries. due -> sent (Paymob accepted it,
-- pending) -> done (Paymob confirmed it), or failed (given up: staff).
create table refunds (
    id bigint generated always as identity primary key,
    reservation_id uuid not null references reservations (id) on delete restrict,
    -- The payment refunded: each is refunded once.
    transaction_id bigint not null unique,
    amount_piastres bigint not null check (amount_piastres > 0),
    reason text not null check (char_length(reason) <= 200),
    status text not null default 'due' check (status in ('due', 'sent', 'done', 'failed')),
    attempts integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    locked_until timestamptz,
    last_error text check (char_length(last_error) <= 1000),
    -- Paymob's refund transaction.
    refund_transaction_id bigint,
    done_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index refunds_due_idx on refunds (next_attempt_at) where status = 'due';
create index refunds_reservation_idx on refunds (reservation_id);
create trigger refunds_set_updated_at before update on refunds
    for each row execute function set_updated_at();

-- Every genuine (signed) Paymob callback, keyed by Paymob's transaction id
-- and written in the same transaction as its effect: a replay finds its
-- row and changes nothing.
create table payment_events (
    transaction_id bigint primary key,
    reservation_id uuid references reservations (id) on delete set null,
    -- payment, declined, refund (a refund or void), mismatch (amount,
    -- currency or integration not the reservation's: refunded), late
    -- (refunded), unknown_order. Pending transactions are not stored: the
    -- same transaction id comes back with its outcome.
    kind text not null check (kind in ('payment', 'declined', 'refund', 'mismatch', 'late', 'unknown_order')),
    -- What it did, in words, for the dashboard and the logs.
    outcome text not null check (char_length(outcome) <= 500),
    payload jsonb not null,
    replays integer not null default 0 check (replays >= 0),
    received_at timestamptz not null default now()
);
create index payment_events_reservation_idx on payment_events (reservation_id);

-- Callbacks refused before they could touch anything (bad or missing
-- signature, unreadable body): counted, never keyed by their claimed ids,
-- so a forger cannot claim a transaction id ahead of Paymob.
create table payment_callback_rejections (
    id bigint generated always as identity primary key,
    reason text not null check (char_length(reason) <= 200),
    claimed_transaction text check (char_length(claimed_transaction) <= 40),
    received_at timestamptz not null default now()
);
create index payment_callback_rejections_received_idx on payment_callback_rejections (received_at);
