#!/usr/bin/env bash
# go-test.sh runs the tests of every package in the module, in two sets:
#
#   - every package except internal/store/... with the race detector;
#   - internal/store/... without it: the pure-Go SQLite driver is too slow under
#     the race detector, and those tests never skip.
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
readonly NORACE_DIR=internal/store # tested without -race, with its subpackages
readonly FLAGS=(-count=1 -timeout 12m)

module=$("$GO" list -m)
packages=$("$GO" list -e ./...)

race=()
norace=()
for pkg in $packages; do
	case $pkg in
	"$module/$NORACE_DIR" | "$module/$NORACE_DIR"/*) norace+=("$pkg") ;;
	*) race+=("$pkg") ;;
	esac
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
	"$GO" test "${FLAGS[@]}" "$@" "${norace[@]}" || failed+=("$NORACE_DIR set")
fi

if ((${#failed[@]} > 0)); then
	echo "==> go test FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "==> go test: ok"
