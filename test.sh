#!/usr/bin/env bash
# Runs every test. First installs what the tests need on this machine (each script in tests/setup/ is
# idempotent: it installs a Debian or npm package, or a tool under .tools/, only when it is missing),
# then runs `dotnet test Autoscaler.sln`. Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export AUTOSCALER_TOOLS="${AUTOSCALER_TOOLS:-$root/.tools}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for step in tests/setup/[0-9]*.sh; do
  [ -e "$step" ] || continue
  echo "== setup: $step"
  if ! bash "$step"; then
    echo "setup step $step failed" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
done

log=$(mktemp)
dotnet test Autoscaler.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries: "Failed!  - Failed: 1, Passed: 10, Skipped: 0, Total: 11, ..."
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" |
  sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before reporting: count it as a failure, never as a pass.
  failed=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
