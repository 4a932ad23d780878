#!/bin/sh
# Run by the nginx image at start (/docker-entrypoint.d/): the example configuration with the
# containers' addresses (deploy/docker-compose.yml), so there is one nginx file to keep.
set -eu
sed -e 's/server 10\.0\.0\.11:8000/server app-a:8000/' \
    -e 's/server 10\.0\.0\.12:8000/server app-b:8000/' \
    -e 's/127\.0\.0\.1:9000/minio:9000/g' \
    -e 's/allow 10\.0\.0\.0\/8;/allow 10.0.0.0\/8; allow 172.16.0.0\/12;/' \
    /etc/newsapp/newsapp.conf > /etc/nginx/conf.d/default.conf
