"""A throwaway redis-server for the tests of the shared cache and the abuse script. It
must be installed (`apt-get install -y redis-server`; .ci/run does it): without it they
fail."""

import shutil
import socket
import subprocess
import time


def start_redis(folder, *options):
    """A redis-server on a free loopback port; returns (process, URL)."""
    if not shutil.which("redis-server"):
        raise RuntimeError("redis-server is missing: apt-get install -y redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(folder), *options],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"redis://127.0.0.1:{port}/0"
        except OSError as error:
            if time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("redis-server did not start within 20 s") from error
            time.sleep(0.1)


def stop_redis(server):
    server.terminate()
    server.wait(timeout=10)
