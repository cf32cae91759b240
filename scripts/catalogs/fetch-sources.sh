#!/usr/bin/env bash
# Downloads the Debian packages the bundled sky catalogs are generated from and unpacks them
# (without installing anything) into a cache folder. Reproducible: the versions are pinned and each
# .deb is checked against its SHA-256 before use. Needs apt with Debian bookworm "main" configured.
#
#   bash scripts/catalogs/fetch-sources.sh [/tmp/nightshift-catalog-sources]
#
# then:  node scripts/catalogs/build-catalogs.mjs [/tmp/nightshift-catalog-sources]
set -euo pipefail
DEST="${1:-/tmp/nightshift-catalog-sources}"
mkdir -p "$DEST"
cd "$DEST"

# package=version sha256
PACKAGES=(
  "kstars-data=5:3.6.2-2 f48e4a101ddab20f1cf35879c821f9fa2ca1b459c5ea78eef99555fe22cf35aa"
  "xplanet:amd64=1.3.1-3+b1 4081fb02d71588a886467dbdc62d9ed5732a46af74503e0f6b74de2e434b8755"
)

for entry in "${PACKAGES[@]}"; do
  spec="${entry% *}"
  sha="${entry##* }"
  name="${spec%%=*}"
  name="${name%%:*}"
  if ! ls "${name}"_*.deb >/dev/null 2>&1; then
    apt-get download "$spec"
  fi
  deb="$(ls "${name}"_*.deb | head -n 1)"
  echo "${sha}  ${deb}" | sha256sum --check --quiet
  rm -rf "x-${name}"
  mkdir -p "x-${name}"
  dpkg -x "$deb" "x-${name}"
done
echo "sources unpacked in $DEST"
