#!/usr/bin/env bash
# pg-test.sh runs a command against a throwaway PostgreSQL 15 cluster.
#
# Usage: scripts/pg-test.sh -- COMMAND [ARG...]
#
# It creates a cluster in a temporary directory, listening only on 127.0.0.1 on a
# free port (Unix socket inside the directory), creates the database linka_test,
# runs COMMAND with
#
#   LINKA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/linka_test?sslmode=disable
#
# and always stops the cluster and removes the directory afterwards, also on
# Ctrl-C and SIGTERM. The exit status is COMMAND's (128+N when killed by signal N).
# The variable is set in COMMAND's environment, so to use it in arguments let a
# shell expand it:
#
#   scripts/pg-test.sh -- bash -c 'psql "$LINKA_TEST_DATABASE_URL" -c "select version()"'
#
# With a terminal on stdin COMMAND runs in the foreground (Ctrl-C reaches it
# directly; interactive psql works); otherwise it runs in its own process group
# and a SIGINT or SIGTERM sent to this script is forwarded to that whole group.
#
# It starts nothing when LINKA_TEST_DATABASE_URL is already set (the command runs
# against that database) or when the PostgreSQL binaries are missing (the command
# runs without the variable; the Go tests then skip the PostgreSQL suite, or fail
# when LINKA_REQUIRE_PEERS=1).
#
# Environment:
#   LINKA_PG_BIN   PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#   LINKA_PG_USER  system user that owns the cluster when run as root (default postgres)
#
# The cluster runs with fsync, synchronous_commit and full_page_writes off (it is
# thrown away, so durability across an operating-system crash does not matter and
# the tests run faster; a PostgreSQL crash loses nothing committed) and with
# max_connections=200 for test packages running in parallel.
set -euo pipefail
shopt -s inherit_errexit

readonly PG_BIN=${LINKA_PG_BIN:-/usr/lib/postgresql/15/bin}
readonly PG_OS_USER=${LINKA_PG_USER:-postgres}
readonly DB_NAME=linka_test

pgdir="" # temporary directory holding the cluster (data/, socket, logs)
port=""  # TCP port of the cluster on 127.0.0.1
child="" # process id (and process group id) of COMMAND when run in the background

# log writes to fd 9, the original stderr, so that messages from a trap handler
# that runs while a command's output is redirected to a log file still show.
log() { printf 'pg-test: %s\n' "$*" >&9; }
die() { log "$*"; exit 2; }

usage() {
	printf 'usage: %s -- COMMAND [ARG...]\n' "$0" >&2
	exit 2
}

# as_owner runs a command as the cluster owner: the postgres user when we are
# root (initdb refuses root), ourselves otherwise. It runs in the cluster
# directory so the owner never starts in a directory it cannot enter.
as_owner() {
	if [[ $EUID -eq 0 ]]; then
		(cd "$pgdir" && runuser -u "$PG_OS_USER" -- "$@")
	else
		"$@"
	fi
}

# port_in_use reports whether something listens on 127.0.0.1:$1 (or on all addresses).
port_in_use() {
	if command -v ss >/dev/null 2>&1; then
		[[ -n $(ss -Hltn "sport = :$1") ]]
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

# pick_port sets port to a TCP port on 127.0.0.1 that nothing listens on.
pick_port() {
	local i
	for ((i = 0; i < 200; i++)); do
		port=$((20000 + RANDOM % 40000))
		port_in_use "$port" || return 0
	done
	die "no free TCP port found on 127.0.0.1"
}

# shellcheck disable=SC2317 # cleanup and on_signal are trap handlers.
# cleanup stops the cluster (fast, then immediate, then SIGKILL) and removes its
# directory. It runs on every exit and keeps the exit status.
cleanup() {
	local rc=$? pid
	trap - EXIT
	trap '' INT TERM HUP # a second Ctrl-C must not interrupt the cleanup
	if [[ -n $pgdir && -d $pgdir ]]; then
		if [[ -f $pgdir/data/postmaster.pid ]]; then
			log "stopping PostgreSQL"
			as_owner "$PG_BIN/pg_ctl" -D "$pgdir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
				as_owner "$PG_BIN/pg_ctl" -D "$pgdir/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
		fi
		# A postmaster that survived, or was still starting when a signal came.
		for pid in $(pgrep -f -- "-D $pgdir/data( |$)" || true); do
			kill -KILL "$pid" 2>/dev/null || true
		done
		rm -rf -- "$pgdir"
	fi
	exit "$rc"
}

# shellcheck disable=SC2317
# on_signal forwards signal $1 to COMMAND's process group, waits for it (up to
# 15 s, then kills it), and exits with status $2; cleanup then runs on exit.
on_signal() {
	local sig=$1 rc=$2 i
	trap '' INT TERM HUP
	log "caught SIG$sig, stopping"
	if [[ -n $child ]]; then
		kill -s "$sig" -- "-$child" 2>/dev/null || true
		for ((i = 0; i < 150; i++)); do
			kill -0 "$child" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$child" 2>/dev/null || true
		wait "$child" 2>/dev/null || true
	fi
	exit "$rc"
}

# start_cluster creates the cluster in $pgdir and starts it on a free port,
# trying another port if the chosen one was taken in the meantime.
start_cluster() {
	local attempt locale=C
	if [[ $EUID -eq 0 ]]; then
		chown "$PG_OS_USER:" "$pgdir" || die "cannot chown $pgdir to $PG_OS_USER"
	fi
	if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then
		locale=C.UTF-8
	fi
	as_owner "$PG_BIN/initdb" -D "$pgdir/data" -A trust -U postgres -E UTF8 \
		--locale="$locale" >"$pgdir/initdb.log" 2>&1 ||
		{ cat "$pgdir/initdb.log" >&2; die "initdb failed"; }
	for attempt in 1 2 3 4 5; do
		pick_port
		if as_owner "$PG_BIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/postgres.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
			start >/dev/null; then
			return 0
		fi
		log "start on port $port failed (attempt $attempt):"
		tail -n 5 "$pgdir/postgres.log" >&2 || true
	done
	die "PostgreSQL did not start"
}

# run_command runs "$@" and exits with its status. With a terminal on stdin it
# runs in the foreground, so Ctrl-C and interactive programs (psql) behave as
# usual; otherwise it runs in its own process group so a SIGTERM sent to this
# script can be forwarded to the whole tree (go test and its test binaries).
run_command() {
	local rc=0
	if [[ -t 0 ]]; then
		"$@" 9>&- || rc=$?
		exit "$rc"
	fi
	set -m
	"$@" 9>&- &
	child=$!
	set +m
	wait "$child" || rc=$?
	child=""
	exit "$rc"
}

main() {
	exec 9>&2
	[[ ${1:-} == "--" ]] || usage
	shift
	[[ $# -gt 0 ]] || usage

	if [[ -n ${LINKA_TEST_DATABASE_URL:-} ]]; then
		log "LINKA_TEST_DATABASE_URL is set; using that database"
		exec "$@" 9>&-
	fi
	if [[ ! -x $PG_BIN/initdb || ! -x $PG_BIN/pg_ctl ]]; then
		log "PostgreSQL binaries not found in $PG_BIN (apt-get install postgresql-15);" \
			"running without LINKA_TEST_DATABASE_URL"
		exec "$@" 9>&-
	fi

	trap cleanup EXIT
	trap 'on_signal INT 130' INT
	trap 'on_signal TERM 143' TERM
	trap 'on_signal HUP 129' HUP

	pgdir=$(mktemp -d /tmp/linka-pg.XXXXXX)
	start_cluster
	"$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"
	export LINKA_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/$DB_NAME?sslmode=disable"
	log "PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$port (data in $pgdir)"
	run_command "$@"
}

main "$@"
