"""The example deployment files in deploy/ are valid: nginx accepts its configuration and
the compose file describes the services the README promises. (deploy/scale_check.sh runs
them for real; it is too slow for every test run.)"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_nginx_accepts_the_example_configuration(tmp_path):
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    site = (DEPLOY / "nginx" / "newsapp.conf").read_text()
    assert "server 10.0.0.11:8000" in site and "server 10.0.0.12:8000" in site
    site = site.replace("/var/cache/nginx/", f"{tmp_path}/cache/").replace(
        "listen 80;", "listen 127.0.0.1:8469;"
    )
    (tmp_path / "cache").mkdir()
    (tmp_path / "newsapp.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user} pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http { include /etc/nginx/mime.types; access_log off;\n"
        f"include {tmp_path}/newsapp.conf; }}\n"
    )
    result = subprocess.run(  # noqa: S603 (nginx, our own file)
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_the_compose_file_runs_two_app_servers_a_worker_and_what_they_share():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"app-a", "app-b", "worker", "nginx", "postgres", "redis", "minio"} <= set(services)
    a, b = services["app-a"]["environment"], services["app-b"]["environment"]
    assert a == b  # the same settings on every app server
    assert a["MEDIA_S3_BUCKET"] and a["REDIS_URL"] and a["DATABASE_URL"].startswith("postgres")
    assert a["TRUSTED_PROXY_COUNT"] == "1"
    assert services["worker"]["command"][-1] == "publish_worker"
