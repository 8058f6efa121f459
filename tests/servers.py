"""Starting real servers for tests and benchmarks: a free port, gunicorn serving the site.
Imports nothing but the standard library: the benchmarks use it without pytest."""

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn_serving(env, log_path, is_ready, options=("--workers", "1")):
    """gunicorn serving the site with this environment and these options; yields its
    port once `is_ready(port)` is true (it may raise OSError while the server starts).
    Raises (the test fails, never skips) when the server does not come up within 60 seconds."""
    port = free_port()
    log = Path(log_path).open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "vlgsite.wsgi:application"]
        + [*options, "--bind", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(
                    f"gunicorn exited with {process.returncode}:\n{log.read()[-3000:]}"
                )
            with contextlib.suppress(OSError):
                if is_ready(port):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 seconds")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
