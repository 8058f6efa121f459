"""Load through real servers: free ports, a throwaway Redis, wrk and its output."""

import os
import re
import socket
import subprocess
import time
from pathlib import Path

from tests.servers import free_port


class BenchmarkError(Exception):
    """The benchmark cannot go on (a tool is missing, a server did not start, …)."""


def listening(port, seconds):
    """Whether something accepts connections on the port within that many seconds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def parse_duration(value):
    """wrk's '3.21ms' / '512.00us' / '1.02s' in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+[a-z]+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rate,
        "p50_ms": parse_duration(latency["50"]),
        "p99_ms": parse_duration(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def wrk(url, duration, connections):
    """Requests per second, p50/p99 latency (ms) and errors of `duration` seconds of load."""
    subprocess.run(["curl", "-s", "-o", os.devnull, url], check=False)  # warm up
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(output)


def peak_memory_kb(master_pid):
    """Peak resident memory (VmHWM, kB) of each child process (the gunicorn workers)."""
    peaks = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue  # ended meanwhile
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields["PPid"]) == master_pid and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]))
    return sorted(peaks)


class RedisServer:
    """A throwaway Redis for the server's shared cache (as in production), if installed."""

    def __init__(self, folder):
        port = free_port()
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        if not listening(port, seconds=20):
            self.stop()
            raise BenchmarkError("redis-server did not start within 20 s")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
