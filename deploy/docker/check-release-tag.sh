#!/usr/bin/env bash
# Fails unless a release tag names the version that the build, the Dockerfiles and the Kubernetes
# manifests carry: tag v0.2.0 for pom version 0.2.0 (or 0.2.0-SNAPSHOT), so images pushed as
# :0.2.0 are the ones deploy/k8s references. images.yml runs it before building anything.
#
#   deploy/docker/check-release-tag.sh v0.1.0
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

tag=${1:?usage: check-release-tag.sh <tag, for example v0.1.0>}
version=$(./mvnw -B -q -N help:evaluate -Dexpression=project.version -DforceStdout)
expected="v${version%-SNAPSHOT}"

if [ "$tag" != "$expected" ]; then
    echo "check-release-tag: tag '$tag' does not match the project version $version (expected '$expected')." >&2
    echo "check-release-tag: set the version in the poms, deploy/docker and deploy/k8s first (./mvnw -pl deploy verify checks they agree)." >&2
    exit 1
fi
echo "check-release-tag: $tag matches project version $version"
