import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="hanoi_ceremony.settings.production",
        SECRET_KEY="k" * 64 + "-a-long-random-production-secret-!@#$%^&*()",
        ALLOWED_HOSTS="ceremony.example.org",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run(
        ["check"],
        DJANGO_SETTINGS_MODULE="hanoi_ceremony.settings.production",
        ALLOWED_HOSTS="ceremony.example.org",
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = _run(["check"], DJANGO_SETTINGS_MODULE="hanoi_ceremony.settings.production", SECRET_KEY="x" * 60)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_default_settings_use_asia_ho_chi_minh_and_three_languages():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True
    assert [code for code, _ in settings.LANGUAGES] == ["en", "vi", "fr"]


def test_celery_is_json_only_with_late_acks_and_prefetch_one():
    from hanoi_ceremony.celery import app

    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_time_limit > 0


def _make_env(**extra):
    import os
    import pathlib
    import subprocess

    root = pathlib.Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")} | extra
    return subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "--eval",
            'show-site-url: ; @echo "$$SITE_URL"',
            "show-site-url",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_make_run_links_follow_the_port_it_serves_on():
    assert _make_env(PORT="9000") == "http://127.0.0.1:9000"
    assert _make_env() == "http://127.0.0.1:8000"
    assert _make_env(PORT="9000", SITE_URL="https://ceremony.example.org") == "https://ceremony.example.org"
