#!/usr/bin/env bash
# kubectl (Debian's kubernetes-client) for `kubectl kustomize`: the manifest tests render every overlay with it.
set -euo pipefail
if command -v kubectl >/dev/null 2>&1; then
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null
kubectl version --client >/dev/null 2>&1 || kubectl version --client=true >/dev/null
