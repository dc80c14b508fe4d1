#!/usr/bin/env bash
# Rebuild viewer-lib.min.js from the pinned npm packages (needs node and npm; the
# result is committed, so installing or using actorkg needs neither).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --silent
npx esbuild entry.js --bundle --minify --format=iife --target=es2019 \
    --legal-comments=eof --outfile=viewer-lib.min.js \
    --banner:js="/*! sigma 3.0.3, graphology 0.26.0, @sigma/edge-curve 3.1.0: MIT licence, (c) their authors (see package.json) */"
rm -rf node_modules
echo "wrote $(wc -c < viewer-lib.min.js) bytes to viewer-lib.min.js"
