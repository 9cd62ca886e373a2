#!/usr/bin/env bash
# Renders the Kubernetes manifests offline with `kubectl kustomize`: the base deploy/k8s and every
# overlay under deploy/k8s-overlays. Fails loudly when one does not render. Where kubectl is absent
# it says so and exits 0: the typed manifest tests (./mvnw -pl deploy verify) still check every file.
#
#   bash deploy/k8s/render-check.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v kubectl >/dev/null 2>&1; then
    echo "render-check: kubectl is not installed on this machine: the kustomize render was NOT checked."
    echo "render-check: the typed manifest tests in deploy/ (./mvnw -pl deploy verify) still hold the manifests."
    exit 0
fi

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

for dir in deploy/k8s deploy/k8s-overlays/*/; do
    dir=${dir%/}
    if ! rendered=$(kubectl kustomize "$dir" 2>"$errors"); then
        echo "render-check: FAILED: 'kubectl kustomize $dir' does not render:" >&2
        cat "$errors" >&2
        exit 1
    fi
    objects=$(grep -c '^kind:' <<<"$rendered" || true)
    if [ "$objects" -eq 0 ]; then
        echo "render-check: FAILED: 'kubectl kustomize $dir' rendered no objects" >&2
        exit 1
    fi
    echo "render-check: $dir renders $objects objects"
done
