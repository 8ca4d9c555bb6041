#!/usr/bin/env bash
# The dashboard test loads the page in a real headless Chromium.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
apt_install chromium
