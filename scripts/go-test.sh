#!/usr/bin/env bash
# go-test.sh runs the tests of every package in the module, in two sets:
#
#   - every package except those in NORACE with the race detector;
#   - the NORACE packages without it: their tests drive the pure-Go SQLite
#     driver and argon2 password hashing, which the race detector slows ten-
#     to twentyfold (the demo test alone would take minutes); their
#     concurrency is database/sql's. They never skip.
#
# Both sets run with -count=1 -timeout 12m; both always run, and the exit status
# is non-zero when either failed. Extra arguments are passed to go test, e.g.
#
#   scripts/go-test.sh -run TestStore -v
#
# Packages are found with `go list ./...`, so new packages join automatically.
# Run it through scripts/pg-test.sh (as `make test` does) to include the
# PostgreSQL suite.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "$0")/.."

# go test exits normally when interrupted, so stop here instead of going on
# with the next set or target.
trap 'exit 130' INT
trap 'exit 143' TERM

readonly GO=${GO:-go}
# Tested without -race, with their subpackages.
readonly NORACE=(internal/store cmd/linka cases)
readonly FLAGS=(-count=1 -timeout 12m)

module=$("$GO" list -m)
packages=$("$GO" list -e ./...)

race=()
norace=()
for pkg in $packages; do
	set=race
	for dir in "${NORACE[@]}"; do
		case $pkg in
		"$module/$dir" | "$module/$dir"/*) set=norace ;;
		esac
	done
	if [[ $set == norace ]]; then norace+=("$pkg"); else race+=("$pkg"); fi
done

if ((${#race[@]} + ${#norace[@]} == 0)); then
	echo "==> go test: no packages"
	exit 0
fi

failed=()
if ((${#race[@]} > 0)); then
	echo "==> go test -race: ${#race[@]} packages"
	"$GO" test -race "${FLAGS[@]}" "$@" "${race[@]}" || failed+=("race set")
fi
if ((${#norace[@]} > 0)); then
	echo "==> go test (no -race): ${norace[*]}"
	"$GO" test "${FLAGS[@]}" "$@" "${norace[@]}" || failed+=("no-race set")
fi

if ((${#failed[@]} > 0)); then
	echo "==> go test FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "==> go test: ok"
