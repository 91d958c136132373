-- Reservations: a buyer pays a reservation fee through Paymob and the unit
-- is held for them while contracts are drawn up. Postgres decides who holds
-- a unit: one active reservation per listing (the partial unique index), so
-- no unit is ever held, paid for or sold twice, whatever races in front.

-- The fee an agent or admin set for a listing, in piastres; without it the
-- configured share of the price applies. Never above a tenth of the price.
alter table listings add column reservation_fee_piastres bigint
    check (reservation_fee_piastres > 0),
    add constraint listings_reservation_fee_far_below_price
    check (reservation_fee_piastres is null or reservation_fee_piastres <= price_egp * 10);

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
    -- A refund is an outbox row in effect: 'due' is written in the same
    -- transaction as the decision; the reconciler sends it with retries.
    refund_status text not null default 'none' check (refund_status in ('none', 'due', 'done', 'failed')),
    refund_attempts integer not null default 0 check (refund_attempts >= 0),
    refund_next_at timestamptz,
    refund_error text check (char_length(refund_error) <= 1000),
    refunded_at timestamptz,
    -- The transaction to refund when it is not the reservation's own
    -- payment (a late or second payment on the same order).
    refund_transaction_id bigint,
    refund_amount_piastres bigint check (refund_amount_piastres > 0),
    -- When the reconciler last asked Paymob about this order.
    inquired_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint reservations_paid_has_payment
        check (status not in ('paid', 'confirmed', 'sold') or (paid_at is not null and paymob_transaction_id is not null)),
    constraint reservations_refund_has_transaction
        check (refund_status = 'none' or refund_transaction_id is not null)
);
create unique index reservations_one_active_per_listing on reservations (listing_id)
    where status in ('held', 'paid', 'confirmed');
create index reservations_buyer_idx on reservations (buyer_id, created_at desc);
create index reservations_listing_idx on reservations (listing_id, created_at desc);
create index reservations_holds_idx on reservations (hold_expires_at) where status = 'held';
create index reservations_refunds_due_idx on reservations (refund_next_at) where refund_status = 'due';
create trigger reservations_set_updated_at before update on reservations
    for each row execute function set_updated_at();

-- Every genuine (signed) Paymob callback, keyed by Paymob's transaction id
-- and written in the same transaction as its effect: a replay finds its
-- row and changes nothing.
create table payment_events (
    transaction_id bigint primary key,
    reservation_id uuid references reservations (id) on delete set null,
    -- payment, declined, refund, void, mismatch (amount, currency,
    -- integration or order not ours), late (refunded), unknown_order.
    kind text not null check (kind in ('payment', 'declined', 'refund', 'void', 'mismatch', 'late', 'unknown_order', 'pending')),
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
