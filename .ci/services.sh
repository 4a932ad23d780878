#!/bin/bash
# Starts PostgreSQL and Redis for the second CI run, idempotently, and prints the URLs to use
# (a copy of the shared machine set-up script, so a clean clone needs nothing outside the repo).
#   eval "$(.ci/services.sh)"   # exports DATABASE_URL and REDIS_URL
set -euo pipefail
log() { echo "services: $*" >&2; }

if ! command -v redis-server >/dev/null; then
  log "installing redis-server"
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq redis-server >&2
fi

cluster=$(ls /etc/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  log "starting PostgreSQL $cluster"
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start >&2
fi
for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -c "DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsapp') THEN
    CREATE ROLE newsapp LOGIN CREATEDB PASSWORD 'newsapp';
  END IF; END\$\$;" >&2
runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'newsapp'" | grep -q 1 \
  || runuser -u postgres -- createdb -O newsapp newsapp >&2

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >&2
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
fi

echo "export DATABASE_URL=postgres://newsapp:newsapp@127.0.0.1:5432/newsapp"
echo "export REDIS_URL=redis://127.0.0.1:6379/0"
