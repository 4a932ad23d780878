#!/bin/bash
# The scale-out proof (deploy/scale_check.py): PostgreSQL and Redis from the project's CI
# service script, nginx and wrk from Debian if missing, then two app servers, the worker,
# moto's S3 and nginx on ports 8440-8443 of this machine. A few minutes; exits 1 on a failure.
#   deploy/scale_check.sh [--seconds 8] [--keep]      (or: make scale-check)
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "scale-check: installing ${missing[*]}" >&2
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >&2
fi
eval "$(.ci/services.sh)"
exec .venv/bin/python deploy/scale_check.py "$@"
