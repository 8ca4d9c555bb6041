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
  (cd "$tools/s3rver" && npm install --no-audit --no-fund --loglevel=error s3rver@3.7.1 >/dev/null)
fi
