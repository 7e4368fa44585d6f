"""A real face-server for the scripts in scripts/openapi: started on a new
data directory and a free loopback port, with a tenant app created by facectl.
"""
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PHOTOS = ROOT / "Tests" / "Fixtures" / "photos"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A face-server on `data_dir` and a free loopback port; its output goes to `log` (a file) or nowhere."""

    def __init__(self, bin_dir: Path, data_dir: str, extra_arguments: list[str] = (), log=None):
        self.bin_dir = bin_dir
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        output = log or subprocess.DEVNULL
        self.process = subprocess.Popen(
            [str(bin_dir / "face-server"), "--data-dir", data_dir, "--models-dir", str(ROOT / "models"),
             "--port", str(self.port), *extra_arguments],
            stdout=output, stderr=output)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"face-server exited with status {self.process.returncode} at start")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        sys.exit("face-server did not listen within 60 s")

    def facectl(self, *arguments: str) -> dict:
        """Runs facectl on the server's data directory; its JSON output."""
        done = subprocess.run([str(self.bin_dir / "facectl"), "--data-dir", self.data_dir, *arguments],
                              check=True, capture_output=True, text=True)
        return json.loads(done.stdout)

    def create_app(self, name: str) -> tuple[str, str]:
        """A new tenant app's api_key and api_secret."""
        credentials = self.facectl("app", "create", "--name", name)
        return credentials["api_key"], credentials["api_secret"]

    def stop(self) -> int:
        self.process.terminate()
        return self.process.wait(timeout=40)
