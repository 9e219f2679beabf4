#!/usr/bin/env bash
# Rebuilds the NHS.UK frontend files under static/ from package-lock.json.
# The output is committed, so running the portal never needs Node; run this (or
# `make frontend`) only after changing frontend/ or the nhsuk-frontend version.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

NHSUK=node_modules/nhsuk-frontend/dist/nhsuk
VERSION=$(node -p 'require("nhsuk-frontend/package.json").version')

# CSS: nhsuk-frontend compiled from Sass with our asset path and Arial (no Frutiger,
# no request to assets.nhs.uk), plus the portal's own few styles.
mkdir -p static/css
npx sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps \
  frontend/scss/app.scss static/css/app.css

# JS: nhsuk-frontend's ES module bundle, and our entry point that initialises it.
rm -rf static/nhsuk
mkdir -p static/nhsuk/assets/images static/js
cp "$NHSUK/nhsuk-frontend.min.js" static/nhsuk/nhsuk-frontend.min.js
# Drop the sourceMappingURL comment: the map is not vendored.
sed -i 's|//# sourceMappingURL=.*$||' static/nhsuk/nhsuk-frontend.min.js
cp frontend/js/app.mjs static/js/app.mjs

# Assets: the icons the CSS refers to, favicons and the web app manifest icons.
cp frontend/images/favicon.svg static/nhsuk/assets/images/app-favicon.svg
cp "$NHSUK"/assets/images/*.svg "$NHSUK"/assets/images/*.png "$NHSUK"/assets/images/favicon.ico \
  static/nhsuk/assets/images/
rm -f static/nhsuk/assets/images/nhsuk-opengraph-image.png
cp "$NHSUK/assets/manifest.json" static/nhsuk/assets/manifest.json
echo "$VERSION" > static/nhsuk/VERSION

# Guard: the built CSS must not load Frutiger or anything from assets.nhs.uk, and
# every url() must point under /static/nhsuk/assets/.
if grep -qiE 'frutiger|assets\.nhs\.uk' static/css/app.css; then
  echo "static/css/app.css refers to Frutiger or assets.nhs.uk" >&2
  exit 1
fi
if ! grep -q 'html{font-family:arial,sans-serif}' static/css/app.css; then
  echo "static/css/app.css does not set Arial on html" >&2
  exit 1
fi
if grep -oE 'url\([^)]*\)' static/css/app.css | grep -v '/static/nhsuk/assets/' | grep -qv 'data:'; then
  echo "static/css/app.css has a url() outside /static/nhsuk/assets/" >&2
  grep -oE 'url\([^)]*\)' static/css/app.css | sort -u >&2
  exit 1
fi
echo "Built nhsuk-frontend $VERSION into static/ ($(wc -c < static/css/app.css) bytes of CSS)"
