#!/bin/sh
# Runs every fuzz target of the module briefly (FUZZTIME, default 2000
# inputs each): the parsers and importers meet inputs their tests did not
# think of on every CI run. A count rather than a duration keeps a loaded
# machine from ending a run at its deadline mid-input. Longer runs:
# FUZZTIME=5m scripts/fuzz.sh.
set -eu
go=${GO:-go}
fuzztime=${FUZZTIME:-2000x}
for pkg in $($go list ./...); do
	for f in $($go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
		echo "fuzz: $pkg $f ($fuzztime)"
		$go test -run '^$' -fuzz "^$f\$" -fuzztime "$fuzztime" -fuzzminimizetime 10s "$pkg" >/tmp/chaperone-fuzz.$$ 2>&1 || {
			cat /tmp/chaperone-fuzz.$$; rm -f /tmp/chaperone-fuzz.$$; exit 1; }
	done
done
rm -f /tmp/chaperone-fuzz.$$
