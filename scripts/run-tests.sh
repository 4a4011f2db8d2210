#!/usr/bin/env bash
# Runs every test project (already built in Release by build.sh) and prints one line: N passed, N failed, N skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
status=0
for project in test/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    -- RunConfiguration.TreatNoTestsAsError=true || status=1
done
python3 scripts/test-summary.py "$results" || status=1
exit $status
