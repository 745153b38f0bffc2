#!/usr/bin/env bash
# Records chat-core's public API in chat-core/api/chat-core.api after a deliberate change, so
# PublicApiTest passes again; commit the file with the change (its diff is what users will see).
# Extra arguments go to Maven, for example -Dmaven.repo.local=DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl chat-core -am test -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dasynchat.api.update=true "$@"
git --no-pager diff --stat -- chat-core/api/ || true
