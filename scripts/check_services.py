"""Stop `make test` at once, with a useful message, when PostgreSQL or Redis is unreachable."""

import os
import socket
import sys
from urllib.parse import urlparse

#: Commands that start the service on this machine as printed (in bash, as root, Debian's
#: packages); .ci/run runs the same ones.
HOW_TO_START = {
    "PostgreSQL": (
        'pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" '
        "main start"
    ),
    "Redis": (
        "mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes "
        "--bind 127.0.0.1 -::1 --port {port} --save '' --appendonly no --dir /var/lib/redis "
        "--logfile /var/log/redis/ci.log"
    ),
}
LOCAL = {"127.0.0.1", "localhost", "::1"}


def reachable(url: str, default_port: int) -> tuple[str, int, bool]:
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or default_port
    try:
        with socket.create_connection((host, port), timeout=2):
            return host, port, True
    except OSError:
        return host, port, False


def main() -> int:
    failed = False
    for name, variable, port in (
        ("PostgreSQL", "DATABASE_URL", 5432),
        ("Redis", "REDIS_URL", 6379),
    ):
        url = os.environ.get(variable, "")
        if not url:
            print(f"{variable} is not set: the tests need {name}.", file=sys.stderr)
            failed = True
            continue
        host, port, ok = reachable(url, port)
        if not ok:
            failed = True
            print(f"{name} is not reachable at {host}:{port} ({variable}).", file=sys.stderr)
            if host in LOCAL:
                command = HOW_TO_START[name].format(port=port)
                print(f"  Start it on this machine with:\n    {command}", file=sys.stderr)
            else:
                print(f"  Start it on {host},", file=sys.stderr)
            print(f"  or point the tests at another server by setting {variable}.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
