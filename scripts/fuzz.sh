#!/usr/bin/env bash
# fuzz.sh runs every fuzz target (func FuzzXxx in a _test.go file) of every
# package in the module, one after another, each for FUZZTIME (default 30s).
#
# Usage: FUZZTIME=1m scripts/fuzz.sh
#
# Targets are listed with `go test -list '^Fuzz' PKG`, so new ones join
# automatically. A target that finds a failure leaves its input under the
# package's testdata/fuzz/ (commit it as a regression case); the script goes
# on with the other targets and exits non-zero at the end, naming the failures.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "$0")/.."

# go test exits normally when interrupted, so stop here instead of going on
# with the next set or target.
trap 'exit 130' INT
trap 'exit 143' TERM

readonly GO=${GO:-go}
readonly FUZZTIME=${FUZZTIME:-30s}

# fuzz_packages prints the import paths of packages whose test files declare a
# fuzz target (a quick text search that spares compiling every test binary).
fuzz_packages() {
	local pkg dir
	"$GO" list -e -f '{{.ImportPath}} {{.Dir}}' ./... | while read -r pkg dir; do
		if grep -qs '^func Fuzz' "$dir"/*_test.go; then
			echo "$pkg"
		fi
	done
}

failed=()
count=0
for pkg in $(fuzz_packages); do
	if ! list=$("$GO" test -list '^Fuzz' "$pkg"); then
		failed+=("$pkg (build)")
		continue
	fi
	for target in $(grep '^Fuzz' <<<"$list" || true); do
		count=$((count + 1))
		echo "==> fuzz $pkg $target for $FUZZTIME"
		"$GO" test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" "$pkg" ||
			failed+=("$pkg.$target")
	done
done

if ((${#failed[@]} > 0)); then
	echo "==> fuzz FAILED: ${failed[*]}" >&2
	exit 1
fi
if ((count == 0)); then
	echo "==> fuzz: no fuzz targets found"
	exit 0
fi
echo "==> fuzz: $count targets ok"
