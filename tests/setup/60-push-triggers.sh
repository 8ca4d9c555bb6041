#!/usr/bin/env bash
# Push-trigger tests (tests/Autoscaler.Push.Tests): mosquitto (Debian) for the MQTT trigger, and s3rver (npm 3.7.1)
# whose bucket events a small launcher POSTs to the S3 webhook. Idempotent: installs only what is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tools="${AUTOSCALER_TOOLS:-$root/.tools}"

if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
fi

if [ ! -f "$tools/s3rver/node_modules/s3rver/package.json" ]; then
  mkdir -p "$tools/s3rver"
  # A package.json of its own, so npm installs here and never into a package.json found further up.
  [ -f "$tools/s3rver/package.json" ] || echo '{ "name": "autoscaler-s3rver", "private": true }' > "$tools/s3rver/package.json"
  npm install --prefix "$tools/s3rver" --no-audit --no-fund --loglevel=error s3rver@3.7.1 >/dev/null
fi
