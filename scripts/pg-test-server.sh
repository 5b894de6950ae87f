#!/usr/bin/env bash
# Starts, stops and adds databases to a throwaway PostgreSQL server in a caller-made directory, for tests.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
Usage: scripts/pg-test-server.sh start DIR          initdb DIR/data, start on a free 127.0.0.1 port, create floor_test;
                                                    prints postgresql://floor@127.0.0.1:PORT/floor_test (also in DIR/url)
       scripts/pg-test-server.sh createdb DIR NAME  creates another empty database NAME (owner floor), prints its URL
       scripts/pg-test-server.sh stop DIR           immediate shutdown (no error when not running); DIR is left in place
The superuser is "floor" with trust auth on 127.0.0.1 and a Unix socket in DIR. As root the server runs as the
"postgres" user (PG_TEST_USER overrides) and DIR is chowned to it. Diagnostics go to stderr, logs to DIR/server.log.
EOF
  exit 2
}

[ $# -ge 2 ] || usage
command=$1
dir=$2
case "$command" in
  start | stop) [ $# -eq 2 ] || usage ;;
  createdb) [ $# -eq 3 ] || usage ;;
  *) usage ;;
esac
if [ "$command" = createdb ] && ! [[ "$3" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]]; then
  echo "pg-test-server: database name must match [A-Za-z_][A-Za-z0-9_]{0,62}: $3" >&2
  exit 2
fi
case "$dir" in
  *"'"* | *'"'* | *\\* | *[[:space:]]*) echo "pg-test-server: DIR must not contain quotes, backslashes or spaces: $dir" >&2; exit 2 ;;
esac

db_user=floor
started_here=false  # set once this run started the server, so a later failure stops it again

log_tail() {
  local file files=("$dir/server.log")
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    files=("$dir/initdb.log" "${files[@]}")  # initdb did not finish
  fi
  for file in "${files[@]}"; do
    if [ -s "$file" ]; then
      echo "---- last lines of $file ----" >&2
      tail -n 40 "$file" >&2 || true
    fi
  done
}

on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "pg-test-server: $command $dir failed (exit $rc)" >&2
    log_tail
    if $started_here; then
      run_as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 || true
    fi
  fi
  exit "$rc"
}
trap on_exit EXIT

fail() {
  echo "pg-test-server: $*" >&2
  exit 1
}

find_bindir() {  # highest major version with initdb and pg_ctl, or nothing
  local candidate
  for candidate in /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      echo "$candidate"
    fi
  done | sort -V | tail -n 1
}

install_postgresql() {
  echo "pg-test-server: PostgreSQL server binaries not found, installing Debian's postgresql package" >&2
  local sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q >&2
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends postgresql >&2
  # The package creates and (where services can start) runs a default cluster; tests never use it.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    local version name port status rest
    while read -r version name port status rest; do
      if [ "$status" = online ]; then
        echo "pg-test-server: stopping the cluster $version/$name that the package install started" >&2
        "${sudo_cmd[@]}" pg_ctlcluster "$version" "$name" stop >&2 || true
      fi
    done < <(pg_lsclusters -h 2>/dev/null || true)
  fi
}

# The unprivileged account the server runs as: the owner of an existing data directory, else as root
# PG_TEST_USER (default postgres), else the caller.
pick_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    owner=$(id -un)
  elif [ -d "$dir/data" ]; then
    owner=$(stat -c %U "$dir/data")
  else
    owner=${PG_TEST_USER:-postgres}
  fi
  if [ "$(id -u)" -eq 0 ] && [ "$(id -u "$owner" 2>/dev/null || echo 0)" -eq 0 ]; then
    fail "cannot run the server as '$owner' (missing or root); set PG_TEST_USER to an unprivileged user"
  fi
}

run_as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u "$owner" -- "$@"
  else
    su "$owner" -s /bin/bash -c "$(printf '%q ' "$@")"
  fi
}

free_port() {
  if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null; then
    return 0
  fi
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if [ -z "$(ss -Htln "sport = :$port" 2>/dev/null)" ]; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

server_running() {
  [ -f "$dir/data/PG_VERSION" ] && run_as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

url_port() {
  [ -s "$dir/url" ] || fail "$dir/url is missing: was the server started with 'start $dir'?"
  sed -nE 's#^postgresql://[^@]*@127\.0\.0\.1:([0-9]+)/.*$#\1#p' "$dir/url"
}

create_database() {  # NAME PORT
  "$bindir/createdb" -h 127.0.0.1 -p "$2" -U "$db_user" -O "$db_user" -E UTF8 -T template0 "$1" >&2
}

# ---- commands ----

bindir=$(find_bindir)
if [ -z "$bindir" ]; then
  if [ "$command" = start ]; then
    install_postgresql
    bindir=$(find_bindir)
  fi
  [ -n "$bindir" ] || fail "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin"
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
cd /  # the server user may not be able to read the caller's working directory
pick_owner

case "$command" in
  start)
    if [ "$(id -u)" -eq 0 ]; then
      chown -R "$owner:" "$dir"
      chmod 0700 "$dir"
      run_as_owner test -w "$dir" ||
        fail "user '$owner' cannot reach $dir (a parent directory is not searchable by it); use a DIR under /tmp"
    fi
    if server_running; then
      fail "a server is already running in $dir/data"
    fi

    if [ ! -f "$dir/data/PG_VERSION" ]; then
      locale_opt=--locale=C.UTF-8
      locales=$(locale -a 2>/dev/null || true)  # not piped into grep -q: pipefail would see a SIGPIPE
      if ! grep -Eqix 'c\.utf-?8' <<<"$locales"; then
        echo "pg-test-server: locale C.UTF-8 is not available, using --locale=C" >&2
        locale_opt=--locale=C
      fi
      # --no-sync: a throwaway cluster need not survive a power cut during initdb (the server itself runs fsync=on).
      run_as_owner "$bindir/initdb" -D "$dir/data" --auth=trust --username="$db_user" --encoding=UTF8 \
        "$locale_opt" --no-sync >"$dir/initdb.log" 2>&1 ||
        fail "initdb failed"
    fi

    # A restarted cluster keeps its old port when that is still free, so earlier URLs stay valid.
    port=""
    if [ -s "$dir/url" ]; then
      old_port=$(url_port)
      if [ -n "$old_port" ] && [ -z "$(ss -Htln "sport = :$old_port" 2>/dev/null)" ]; then
        port=$old_port
      fi
    fi
    # Unix socket paths are limited to 107 bytes; past that the server listens on TCP only.
    socket_dir=$dir
    if [ $((${#dir} + 18)) -gt 107 ]; then
      socket_dir=""
    fi

    started=false
    for _ in 1 2 3 4 5; do
      [ -n "$port" ] || port=$(free_port) || fail "no free TCP port found"
      : >>"$dir/server.log"
      [ "$(id -u)" -ne 0 ] || chown "$owner:" "$dir/server.log"
      log_start=$(wc -l <"$dir/server.log")
      if run_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-p $port -k '$socket_dir' -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300 -c shared_buffers=128MB -c autovacuum=off" \
        >&2; then
        started=true
        started_here=true
        break
      fi
      # Another process took the port between the check and the bind: try another one.
      if tail -n +"$((log_start + 1))" "$dir/server.log" | grep -qiE 'could not (bind|create listen)|address already in use'; then
        echo "pg-test-server: port $port was taken, retrying" >&2
        port=""
        continue
      fi
      break
    done
    $started || fail "the server did not start"

    url="postgresql://$db_user@127.0.0.1:$port/floor_test"
    exists=$("$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U "$db_user" -d postgres -tA \
      -c "select count(*) from pg_database where datname = 'floor_test'") || fail "cannot connect with psql on port $port"
    if [ "$exists" = 0 ]; then
      create_database floor_test "$port" || fail "could not create database floor_test"
    fi
    echo "$url" >"$dir/url.tmp"
    mv "$dir/url.tmp" "$dir/url"
    echo "$url"
    ;;

  createdb)
    name=$3
    server_running || fail "no server is running in $dir/data"
    port=$(url_port)
    [ -n "$port" ] || fail "cannot read the port from $dir/url"
    create_database "$name" "$port" || fail "could not create database $name"
    echo "postgresql://$db_user@127.0.0.1:$port/$name"
    ;;

  stop)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      echo "pg-test-server: no cluster in $dir/data, nothing to stop" >&2
      exit 0
    fi
    if ! server_running; then
      exit 0
    fi
    # Immediate: a throwaway server needs no shutdown checkpoint (after the collector suite, a fast shutdown spent
    # some 15 s writing out pages of databases that are deleted next).
    run_as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 || true
    if server_running; then
      fail "the server in $dir/data did not stop"
    fi
    ;;
esac
