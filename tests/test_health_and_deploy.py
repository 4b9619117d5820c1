import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_healthz_answers_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_healthz_names_the_failing_part(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error")


def _manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# What the test settings put in the environment, which production must not inherit here.
_TEST_ONLY = ("DJANGO_", "SECURE_", "SESSION_", "CSRF_", "DEBUG", "CACHE_KEY_PREFIX", "SECRET_KEY")


def _production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(_TEST_ONLY)}
    env.update(
        DJANGO_SETTINGS_MODULE="cooperation_portal.settings.base",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ALLOWED_HOSTS="portal.example.org",
        EMAIL_URL="smtp://mail.example.org:587/?tls=True",
    )
    env.update(overrides)
    return env


def test_check_deploy_is_clean_in_production_settings():
    env = _production_env()
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env(SECRET_KEY="")
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_seed_demo_is_refused_when_debug_is_off(tmp_path):
    # An empty scratch database: the refusal must come before anything is written.
    database = tmp_path / "scratch.sqlite3"
    env = _production_env(DATABASE_URL=f"sqlite:///{database}")
    result = _manage("seed_demo", env=env)
    assert result.returncode != 0
    assert "refused when DEBUG is off" in result.stderr
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


#: Variables of .env.example that docker compose itself reads (to fill in docker-compose.yml),
#: not the settings.
COMPOSE_ONLY = {"POSTGRES_PASSWORD"}


def test_docker_compose_services_name_things_that_exist():
    compose_text = (ROOT / "docker-compose.yml").read_text()
    compose = yaml.safe_load(compose_text)
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis", "mailpit", "migrate"} <= set(services)
    for name in COMPOSE_ONLY:
        assert "${" + name in compose_text, name
    web = " ".join(services["web"]["command"])
    assert "gunicorn" in web and "cooperation_portal.wsgi:application" in web
    assert (ROOT / "cooperation_portal" / "wsgi.py").exists()
    for name in ("worker", "beat"):
        command = " ".join(services[name]["command"])
        assert "celery -A cooperation_portal" in command
        assert (ROOT / "cooperation_portal" / "celery.py").exists()
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    migrate = " ".join(services["migrate"]["command"])
    assert "manage.py migrate" in migrate
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    # The same variable names as the settings read.
    base = (ROOT / "cooperation_portal" / "settings" / "base.py").read_text()
    for service in ("web", "worker", "beat", "migrate"):
        for variable in services[service]["environment"]:
            assert f'"{variable}"' in base, (service, variable)
    # Every variable the example file lists is one the settings read.
    example = (ROOT / ".env.example").read_text()
    for line in example.splitlines():
        if line and not line.startswith("#") and "=" in line:
            name = line.split("=", 1)[0]
            assert f'"{name}"' in base or name in COMPOSE_ONLY, line


def test_the_shipped_configuration_is_safe_for_production():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    # The mail sink's open inbox only with --profile dev, and only on this machine.
    mailpit = services["mailpit"]
    assert mailpit["profiles"] == ["dev"]
    assert all(str(port).startswith("127.0.0.1:") for port in mailpit["ports"])
    assert all(str(port).startswith("127.0.0.1:") for port in services["web"]["ports"])
    for name in ("web", "worker", "beat", "migrate"):
        environment = services[name]["environment"]
        assert "EMAIL_URL" not in environment  # e-mail comes from .env
        assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    # Secrets and data stay out of the image.
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", "media", "db.sqlite3", ".venv", ".git"} <= set(ignored)
    # The example environment is production's: DEBUG off, no secret filled in.
    example = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert example["DEBUG"] == "false"
    assert example["SECRET_KEY"] == "" and example["POSTGRES_PASSWORD"] == ""


def test_check_deploy_passes_with_the_example_environment():
    """`make check-deploy`'s settings, with .env.example's values filled in as a deployer would."""
    example = {
        line.split("=", 1)[0]: line.split("=", 1)[1]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    env = _production_env(**{k: v for k, v in example.items() if v})
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
