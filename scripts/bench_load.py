"""Load isolation benchmark (`make bench-load`): light endpoints' latency on an
idle server (the reference) beside the same endpoints while image requests
saturate the inference workers, plus what the image requests got.

Starts its own face-server on a free loopback port and a temp data directory,
creates an app with facectl, signs every request itself (hmac_sha1), and runs
for a fixed time per phase. With --soak-seconds it instead runs the mixed
load for that long, sampling the server's RSS, and fails on any answer other
than 200 or the configured CONCURRENCY_LIMIT_EXCEEDED.
"""
import argparse, base64, hashlib, hmac, http.client, json, os, random, shutil, signal
import statistics, subprocess, sys, tempfile, threading, time, uuid

LIGHT = ["group_list", "get_size", "face_info"]


def sign(key, secret):
    now = int(time.time())
    raw = f"a={key}&b={now + 3600}&c={now}&d={random.randrange(10**10):010d}"
    digest = hmac.new(secret.encode(), raw.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest + raw.encode()).decode()


def multipart(fields):
    boundary = uuid.uuid4().hex
    body = bytearray()
    for name, value in fields:
        body += f"--{boundary}\r\n".encode()
        if isinstance(value, bytes):
            body += f'Content-Disposition: form-data; name="{name}"; filename="x.jpg"\r\n'.encode()
            body += b"Content-Type: application/octet-stream\r\n\r\n" + value + b"\r\n"
        else:
            body += f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", bytes(body)


class Client:
    """One keep-alive connection; `call` returns (status, json, seconds)."""

    def __init__(self, port, key, secret):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.sign = sign(key, secret)

    def call(self, endpoint, fields):
        content_type, body = multipart([("sign_version", "hmac_sha1"), ("sign", self.sign)] + fields)
        start = time.perf_counter()
        self.connection.request("POST", f"/finauth/search/group/{endpoint}", body, {"Content-Type": content_type})
        response = self.connection.getresponse()
        data = response.read()
        return response.status, json.loads(data), time.perf_counter() - start


class Server:
    def __init__(self, binary, models, directory):
        self.directory = directory
        self.log = open(os.path.join(directory, "server.log"), "w+")
        self.process = subprocess.Popen(
            [binary, "--data-dir", directory, "--models-dir", models, "--host", "127.0.0.1", "--port", "0",
             "--log-format", "json", "--log-level", "notice"],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=directory)
        self.port = self._wait_for_port()

    def _wait_for_port(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            self.log.seek(0)
            for line in self.log:
                if '"message":"listening"' in line:
                    return int(json.loads(line)["port"])
            if self.process.poll() is not None:
                sys.exit("face-server exited before listening")
            time.sleep(0.05)
        self.process.kill()
        sys.exit("face-server did not report listening in time")

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def run_phase(port, key, secret, tokens, photo, seconds, heavy_threads, light_threads=1):
    """Runs light clients (and heavy ones) for `seconds`; returns per-endpoint samples and statuses."""
    stop = threading.Event()
    samples = {name: [] for name in LIGHT + ["search"]}
    statuses = {}
    lock = threading.Lock()

    def record(endpoint, status, answer, elapsed):
        with lock:
            key_ = (endpoint, status, answer.get("error"))
            statuses[key_] = statuses.get(key_, 0) + 1
            if status == 200:
                samples[endpoint].append(elapsed)

    def light():
        client = Client(port, key, secret)
        while not stop.is_set():
            for endpoint in LIGHT:
                fields = [("group_id", "bench")] + ([("face_token", random.choice(tokens))] if endpoint == "face_info" else [])
                status, answer, elapsed = client.call(endpoint, fields)
                record(endpoint, status, answer, elapsed)

    def heavy():
        client = Client(port, key, secret)
        while not stop.is_set():
            status, answer, elapsed = client.call("search", [("group_id", "bench"), ("file", photo)])
            record("search", status, answer, elapsed)

    threads = [threading.Thread(target=light) for _ in range(light_threads)]
    threads += [threading.Thread(target=heavy) for _ in range(heavy_threads)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return samples, statuses


def report(title, samples, seconds):
    print(f"\n{title}")
    print(f"  {'endpoint':<11} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for endpoint, values in samples.items():
        if values:
            print(f"  {endpoint:<11} {len(values) / seconds:8.1f} {1000 * percentile(values, 0.5):8.2f} "
                  f"{1000 * percentile(values, 0.99):8.2f} {1000 * max(values):8.2f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--facectl", required=True)
    parser.add_argument("--models", default="models")
    parser.add_argument("--photo", default="Tests/Fixtures/photos/obama.jpg")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--heavy-clients", type=int, default=8)
    parser.add_argument("--soak-seconds", type=float, default=0)
    arguments = parser.parse_args()
    # The server runs in its temp directory: make every path absolute.
    for name in ("server", "facectl", "models", "photo"):
        setattr(arguments, name, os.path.abspath(getattr(arguments, name)))

    directory = tempfile.mkdtemp(prefix="face-bench-load-")
    server = Server(arguments.server, arguments.models, directory)
    try:
        created = subprocess.run([arguments.facectl, "--data-dir", directory, "app", "create", "--name", "bench"],
                                 check=True, capture_output=True, text=True).stdout
        credentials = json.loads(created)
        key, secret = credentials["api_key"], credentials["api_secret"]
        photo = open(arguments.photo, "rb").read()
        setup = Client(server.port, key, secret)
        setup.call("create", [("group_id", "bench"), ("group_name", "bench")])
        tokens = []
        for _ in range(20):
            status, answer, _ = setup.call("add", [("group_id", "bench"), ("user_id", "u"), ("file", photo)])
            assert status == 200, answer
            tokens.append(answer["face_token"])

        if arguments.soak_seconds:
            return soak(server, key, secret, tokens, photo, arguments)

        print(f"face-server on 127.0.0.1:{server.port}; {os.cpu_count()} cores; library of {len(tokens)} faces; "
              f"{arguments.seconds:.0f} s per phase (preliminary if others share the machine)")
        idle, _ = run_phase(server.port, key, secret, tokens, photo, arguments.seconds, heavy_threads=0)
        report("reference: light endpoints on an idle server", idle, arguments.seconds)
        loaded, statuses = run_phase(server.port, key, secret, tokens, photo, arguments.seconds,
                                     heavy_threads=arguments.heavy_clients)
        report(f"under load: {arguments.heavy_clients} clients searching with {os.path.basename(arguments.photo)} "
               "without pause", loaded, arguments.seconds)
        print("\n  answers:", ", ".join(f"{e} {s}{' ' + err if err else ''}: {n}" for (e, s, err), n in sorted(statuses.items(), key=str)))
        print(f"\n  p99 loaded / idle: " + ", ".join(
            f"{e} {percentile(loaded[e], 0.99) / percentile(idle[e], 0.99):.1f}x" for e in LIGHT if loaded[e] and idle[e]))
        worst = max(percentile(loaded[e], 0.99) for e in LIGHT)
        print(f"  target: light p99 under load < 100 ms: {'met' if worst < 0.1 else 'MISSED'} ({1000 * worst:.1f} ms)")
    finally:
        status = server.stop()
        shutil.rmtree(directory, ignore_errors=True)
        if status != 0:
            sys.exit(f"face-server exited with {status}")


def soak(server, key, secret, tokens, photo, arguments):
    """Mixed load for --soak-seconds in slices; RSS sampled after each; fails on unexpected answers."""
    slice_seconds, elapsed, unexpected = 30.0, 0.0, {}
    print(f"mixed soak for {arguments.soak_seconds:.0f} s: RSS every {slice_seconds:.0f} s")
    rss = [server.rss_kib()]
    while elapsed < arguments.soak_seconds:
        _, statuses = run_phase(server.port, key, secret, tokens, photo, slice_seconds,
                                heavy_threads=arguments.heavy_clients)
        elapsed += slice_seconds
        rss.append(server.rss_kib())
        for (endpoint, status, error), count in statuses.items():
            if status != 200 and error != "CONCURRENCY_LIMIT_EXCEEDED":
                unexpected[(endpoint, status, error)] = unexpected.get((endpoint, status, error), 0) + count
        print(f"  {elapsed:6.0f} s  RSS {rss[-1] / 1024:7.1f} MiB  answers {sum(statuses.values())}")
    growth = (rss[-1] - rss[1]) / 1024 if len(rss) > 2 else 0.0
    print(f"RSS after warm-up {rss[1] / 1024:.1f} MiB, at end {rss[-1] / 1024:.1f} MiB (growth {growth:.1f} MiB)")
    if unexpected:
        sys.exit(f"unexpected answers: {unexpected}")
    # Flat: no more than 10% growth after the first slice (allocator and caches warmed up).
    if rss[-1] > rss[1] * 1.10:
        sys.exit("memory grew more than 10% during the soak")


if __name__ == "__main__":
    main()
