"""``marsad serve`` as a user runs it: its own process, a port on loopback, the token from
the environment."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from marsad.api.server import free_port

MAIN = "import sys; from marsad.cli import main; sys.argv[0] = 'marsad'; main()"


def serve(
    tmp_path: Path, *args: str, token: str | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("MARSAD_API_TOKEN", "MARSAD_DB")}
    if token:
        env["MARSAD_API_TOKEN"] = token
    cmd = [
        sys.executable,
        "-c",
        MAIN,
        "serve",
        "--db",
        str(tmp_path / "c.db"),
        "--port",
        str(port),
        "--log-level",
        "warning",
        *args,
    ]
    # output to a file, not a pipe: a pipe nobody reads can fill up and block the server
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/health", timeout=2)
            return proc, url
        except httpx.HTTPError:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text("utf-8", "replace")
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("marsad serve did not answer in 60 s")


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def stop(proc: subprocess.Popen[bytes], tmp_path: Path) -> str:
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(
            "marsad serve did not stop on SIGTERM: "
            + (tmp_path / "serve.log").read_text("utf-8", "replace")
        ) from None
    return (tmp_path / "serve.log").read_text("utf-8", "replace")


def test_serve_with_a_token_accepts_writes(tmp_path: Path) -> None:
    proc, url = serve(tmp_path, token="cli-token")
    try:
        r = httpx.post(url + "/documents", json={"text": "قال الوزير إن الاجتماع سيعقد غدا."},
                       headers={"Authorization": "Bearer cli-token"}, timeout=300)  # fmt: skip
        assert r.status_code == 200 and r.json()["added"] == 1
        assert httpx.get(url + "/health", timeout=30).json()["documents"] == 1
        assert httpx.get(url + "/ui/", timeout=30).status_code == 200
        workers = children(proc.pid)  # the extraction process (serve's default)
        assert workers
    finally:
        err = stop(proc, tmp_path)
    time.sleep(1)
    assert not [pid for pid in workers if alive(pid)], "extraction processes outlived the server"
    assert "Traceback" not in err
    assert (tmp_path / "c.db").exists()


def test_serve_without_a_token_warns_and_refuses_writes(tmp_path: Path) -> None:
    proc, url = serve(tmp_path, "--cors", "http://dash.example")
    try:
        r = httpx.post(
            url + "/documents",
            json={"text": "نص"},
            headers={"Authorization": "Bearer x"},
            timeout=30,
        )
        assert r.status_code == 403 and r.json()["error"]["code"] == "E503"
        r = httpx.get(url + "/health", headers={"Origin": "http://dash.example"}, timeout=30)
        assert r.headers["access-control-allow-origin"] == "http://dash.example"
    finally:
        err = stop(proc, tmp_path)
    assert "MARSAD_API_TOKEN is not set" in err
