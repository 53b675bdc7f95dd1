"""The wheel carries the facts and the article: an installed baotou works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # builds a wheel and a venv


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new venv with the freshly built wheel in it; its dependencies are this environment's, reached
    through a .pth line (which, unlike a site directory, does not activate this checkout's editable install)."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(work / "dist"), str(ROOT)], check=True)
    wheel = next((work / "dist").glob("baotou-*.whl"))
    venv.create(work / "venv", with_pip=False)
    python = work / "venv" / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "_test_dependencies.pth").write_text("\n".join(sorted(outer)) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                    str(wheel)], check=True)
    return work


def _run(work: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("BAOTOU_FACTS", "PYTHONPATH")}
    env["BAOTOU_CACHE_DIR"] = str(work / "cache")
    return subprocess.run([str(work / "venv" / "bin" / "baotou"), *args], cwd=work, env=env,
                          capture_output=True, text=True, encoding="utf-8")


def test_wheel_ships_facts_and_article(installed):
    import zipfile

    wheel = next((installed / "dist").glob("baotou-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "baotou_cli/data/facts.yaml" in names
    assert "baotou_cli/data/seeds/000_9b0c7176cb642d6b.txt" in names


def test_installed_export_runs_outside_the_repository(installed):
    result = _run(installed, "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    import yaml

    in_repo = yaml.safe_load((ROOT / "facts.yaml").read_text(encoding="utf-8"))["facts"]
    assert [r["id"] for r in records] == [f["id"] for f in in_repo]  # every fact, in order, from the shipped copy
    assert all(r["source"]["quote"] == f["source"]["quote"] for r, f in zip(records, in_repo, strict=True))


def test_installed_verify_reads_the_shipped_copy(installed):
    result = _run(installed, "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "77/77" in result.stdout
    assert "site-packages/baotou_cli/data/facts.yaml" in result.stdout  # the wheel's own data, not the checkout's


def test_installed_version(installed):
    from baotou_cli import __version__

    assert _run(installed, "--version").stdout.strip() == f"baotou {__version__}"
