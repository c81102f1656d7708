#!/usr/bin/env bash
# Installs the Debian packages picostream needs, only those missing.
set -euo pipefail
pkgs=(cmake make gcc pkg-config libjansson-dev libcmocka-dev libfftw3-dev libcairo2-dev libmicrohttpd-dev nettle-dev python3 python3-numpy python3-scipy
      python3-pytest python3-pip python3-venv python3-setuptools python3-dask python3-distributed
      binutils bc time chromium man-db groff-base bsdextrautils)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || true
$sudo apt-get install -y -qq "${missing[@]}"
