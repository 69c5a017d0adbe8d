#!/usr/bin/env bash
# Runs as root while the composed image is built.
set -euo pipefail

dnf install -y --setopt=install_weak_deps=False python3 python3-devel
dnf clean all
python3 --version
