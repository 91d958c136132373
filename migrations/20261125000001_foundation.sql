-- Foundation: the extensions later tables rely on, and the updated_at
-- convention every table follows (a trigger, so no query can forget it).
create extension if not exists vector;

create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
    new.updated_at = now();
    return new;
end
$$;
