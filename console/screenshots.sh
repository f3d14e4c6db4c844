#!/usr/bin/env bash
# Renders every console screen to PNG in docs/screenshots/ (headless JavaFX under Monocle; no display needed),
# against a real backend started for the purpose with the fake Telegram. Needs a JDK 21+ (JAVA_HOME) and, like the
# tests, TEST_DATABASE_URL or else an embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl console -am verify -Pscreenshots -Dtest=ScreenshotsTest -Dsurefire.failIfNoSpecifiedTests=false
ls -1 docs/screenshots/*.png
