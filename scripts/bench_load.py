"""Load isolation benchmark (`make bench-load`): light endpoints' latency on an
idle server (the reference) beside the same endpoints while image requests
saturate the inference workers, plus what the image requests got. Then, as
many times as --repeat, light requests beside heavy work of other kinds, each
beside the idle p99 of the same server run: group_list while a library of
--faces faces (1M; generated once with facectl import, cached in
.bench/load/) loads its index and while 8 clients search it, and another
app's get_size while one app sends four ~4.9 MB photos as base64 `image`.

Starts its own face-server on a free loopback port and a temp data directory,
creates an app with facectl, signs every request itself (hmac_sha1), and runs
for a fixed time per phase. With --soak-seconds it instead runs the mixed
load for that long, sampling the server's RSS, and fails on any answer other
than 200 or the configured CONCURRENCY_LIMIT_EXCEEDED.
"""
import argparse, base64, hashlib, hmac, http.client, json, os, random, shutil, signal
import multiprocessing, statistics, subprocess, sys, tempfile, threading, time, uuid

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

    def logged(self, message):
        """Whether the server has logged a line with this message."""
        self.log.seek(0)
        return any(f'"message":"{message}"' in line for line in self.log)

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
    """Runs light clients (and heavy ones) for `seconds`; returns per-endpoint samples, statuses and the time taken."""
    light = Load(port, key, secret, LIGHT, tokens=tokens)
    heavy = Load(port, key, secret, ["search"], fields=[("group_id", "bench"), ("file", photo)])
    return measure(light, heavy if heavy_threads else None, heavy_threads, seconds=seconds, light_threads=light_threads)


class Load:
    """What one kind of client sends: an app's credentials, endpoints in turn, their fields."""

    def __init__(self, port, key, secret, endpoints, group="bench", tokens=None, fields=None):
        self.port, self.key, self.secret, self.endpoints = port, key, secret, endpoints
        self.group, self.tokens, self.fields = group, tokens or [], fields

    def fields_for(self, endpoint):
        if self.fields is not None:
            return self.fields
        extra = [("face_token", random.choice(self.tokens))] if endpoint == "face_info" else []
        return [("group_id", self.group)] + extra


def heavy_client(load, stop, queue):
    """A heavy client in a process of its own, so that building and sending
    megabyte bodies never holds the light client's interpreter lock."""
    client = Client(load.port, load.key, load.secret)
    results = []
    while not stop.is_set():
        for endpoint in load.endpoints:
            status, answer, elapsed = client.call(endpoint, load.fields_for(endpoint))
            results.append((endpoint, status, answer.get("error"), elapsed))
    queue.put(results)


def measure(light, heavy=None, heavy_clients=0, seconds=None, until=None, light_threads=1):
    """Light clients (threads) and heavy ones (processes) until `seconds` pass
    or `until()` holds; returns per-endpoint samples of 200s, all statuses and the time taken."""
    stop = threading.Event()
    samples, statuses = {}, {}
    lock = threading.Lock()

    def record(endpoint, status, error, elapsed):
        with lock:
            statuses[(endpoint, status, error)] = statuses.get((endpoint, status, error), 0) + 1
            if status == 200:
                samples.setdefault(endpoint, []).append(elapsed)

    def light_client():
        client = Client(light.port, light.key, light.secret)
        while not stop.is_set():
            for endpoint in light.endpoints:
                status, answer, elapsed = client.call(endpoint, light.fields_for(endpoint))
                record(endpoint, status, answer.get("error"), elapsed)

    context = multiprocessing.get_context("fork")
    heavy_stop, queue = context.Event(), context.Queue()
    processes = [context.Process(target=heavy_client, args=(heavy, heavy_stop, queue)) for _ in range(heavy_clients)]
    for process in processes:
        process.start()
    threads = [threading.Thread(target=light_client) for _ in range(light_threads)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while not (seconds is not None and time.perf_counter() - started >= seconds) and not (until and until()):
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    stop.set()
    heavy_stop.set()
    for thread in threads:
        thread.join()
    for _ in processes:
        for result in queue.get():
            record(*result)
    for process in processes:
        process.join()
    return samples, statuses, elapsed


def report(title, samples, seconds):
    print(f"\n{title}")
    print(f"  {'endpoint':<11} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for endpoint, values in samples.items():
        if values:
            print(f"  {endpoint:<11} {len(values) / seconds:8.1f} {1000 * percentile(values, 0.5):8.2f} "
                  f"{1000 * percentile(values, 0.99):8.2f} {1000 * max(values):8.2f}")


def answers(statuses):
    return ", ".join(f"{e} {s}{' ' + err if err else ''}: {n}" for (e, s, err), n in sorted(statuses.items(), key=str))


def app_create(facectl, directory, name, max_faces=None):
    command = [facectl, "--data-dir", directory, "app", "create", "--name", name]
    if max_faces:
        command += ["--max-faces", str(max_faces)]
    created = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return created["api_key"], created["api_secret"]


def large_photo(source, target_bytes=4_900_000):
    """A JPEG of at most `target_bytes` (the tester's 4.9 MB photo): `source`
    enlarged to 4000 px on its long side with fine noise, at the highest
    quality that fits; made once, cached under .bench/load/."""
    path = os.path.abspath(os.path.join(".bench", "load", f"large-{target_bytes}.jpg"))
    if os.path.exists(path):
        return open(path, "rb").read()
    from PIL import Image
    import io, numpy
    image = Image.open(source).convert("RGB")
    scale = 4000 / max(image.size)
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.BICUBIC)
    noise = numpy.random.default_rng(15).normal(0, 12, (image.height, image.width, 3))
    image = Image.fromarray(numpy.clip(numpy.asarray(image, dtype=numpy.float32) + noise, 0, 255).astype(numpy.uint8))
    low, high, best = 50, 98, b""
    while low <= high:
        quality, encoded = (low + high) // 2, io.BytesIO()
        image.save(encoded, "JPEG", quality=quality)
        if encoded.tell() <= target_bytes:
            best, low = encoded.getvalue(), quality + 1
        else:
            high = quality - 1
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "wb").write(best)
    return best


def base64_stall(arguments):
    """Issue 15: app B's get_size alone, then while app A sends four ~4.9 MB
    photos as base64 `image` without pause. Returns (idle p99, loaded p99)."""
    directory = tempfile.mkdtemp(prefix="face-bench-base64-")
    server = Server(arguments.server, arguments.models, directory)
    try:
        apps = [app_create(arguments.facectl, directory, name) for name in ("sender", "other")]
        for key, secret in apps:
            Client(server.port, key, secret).call("create", [("group_id", "bench"), ("group_name", "bench")])
        large = large_photo(arguments.photo)
        text = base64.b64encode(large).decode()
        # The decode alone: bytes that are no image are refused right after
        # it, so a request's time is the body's parsing and decoding.
        junk = b"junk" + os.urandom(len(large) - 4)
        sender = Client(server.port, *apps[0])
        timings = {}
        for field, value in (("file", junk), ("image", base64.b64encode(junk).decode())):
            times = [sender.call("search", [("group_id", "bench"), (field, value)]) for _ in range(10)]
            assert all(answer.get("error", "").startswith("IMAGE_ERROR_UNSUPPORTED_FORMAT") for _, answer, _ in times), times[0]
            timings[field] = statistics.median(elapsed for _, _, elapsed in times)
        print(f"  {len(junk) / 1e6:.1f} MB that is no image, answered IMAGE_ERROR_UNSUPPORTED_FORMAT (median of 10): "
              f"as a file part {1000 * timings['file']:.1f} ms, as base64 `image` {1000 * timings['image']:.1f} ms")
        light = Load(server.port, *apps[1], ["get_size"])
        heavy = Load(server.port, *apps[0], ["search"], fields=[("group_id", "bench"), ("image", text)])
        idle, _, _ = measure(light, seconds=arguments.seconds)
        loaded, statuses, _ = measure(light, heavy, heavy_clients=4, seconds=arguments.seconds)
        figures = [percentile(samples["get_size"], 0.99) for samples in (idle, loaded)]
        print(f"  base64: app B's get_size p99 idle {1000 * figures[0]:.2f} ms, while app A sends 4 x "
              f"{len(large) / 1e6:.1f} MB photos as base64 ({len(text) / 1e6:.1f} MB of text) {1000 * figures[1]:.2f} ms"
              f"\n    ({answers(statuses)})")
        return figures
    finally:
        stop(server, directory)


def write_archive(path, faces, seed=11):
    """A library archive (docs/library-archive.md) of `faces` random unit vectors."""
    import numpy
    random_vectors = numpy.random.default_rng(seed)
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        def emit(text):
            data = text.encode()
            digest.update(data)
            out.write(data)
        emit(json.dumps({"embedding_dimension": 128, "embedding_encoding": "float32le-base64",
                         "exported_at": 1_700_000_000_000, "face_count": faces, "format": "facesearch-library",
                         "format_version": 1, "library": {"add_time": 1_700_000_000_000, "group_data": "",
                                                          "group_id": "big", "group_name": "big"},
                         "model_version": "s21"}, sort_keys=True) + "\n")
        for start in range(0, faces, 50_000):
            count = min(50_000, faces - start)
            vectors = random_vectors.standard_normal((count, 128), dtype=numpy.float32)
            vectors /= numpy.linalg.norm(vectors, axis=1, keepdims=True)
            raw = vectors.astype("<f4").tobytes()
            emit("".join(
                f'{{"add_time":1700000000000,"embedding":"{base64.b64encode(raw[512 * i:512 * (i + 1)]).decode()}",'
                f'"face_token":"{start + i:032x}","user_data":"","user_id":"r{start + i}"}}\n' for i in range(count)))
        out.write((json.dumps({"end": "facesearch-library", "face_count": faces, "sha256": digest.hexdigest()},
                              sort_keys=True) + "\n").encode())


def big_data_directory(arguments):
    """A data directory with one app whose library "big" holds --faces random
    faces, imported with facectl once and cached under .bench/load/."""
    path = os.path.abspath(os.path.join(".bench", "load", f"faces-{arguments.faces}"))
    marker = os.path.join(path, "ready.json")
    if os.path.exists(marker):
        return path, json.load(open(marker))
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    started = time.time()
    key, secret = app_create(arguments.facectl, path, "big", max_faces=arguments.faces)
    archive = os.path.join(path, "big.jsonl")
    write_archive(archive, arguments.faces)
    subprocess.run([arguments.facectl, "--data-dir", path, "import", "--api-key", key, "--group", "big", archive],
                   check=True, capture_output=True)
    os.remove(archive)
    credentials = {"api_key": key, "api_secret": secret}
    json.dump(credentials, open(marker, "w"))
    print(f"  generated {path} ({arguments.faces} faces) in {time.time() - started:.0f} s")
    return path, credentials


def big_library(arguments, photo):
    """group_list of the big library's app while its index loads (from
    listening to the "vector indexes loaded" log line), then idle, then while
    8 clients search that library with a photo. Returns the three p99s."""
    path, credentials = big_data_directory(arguments)
    server = Server(arguments.server, arguments.models, path)
    try:
        key, secret = credentials["api_key"], credentials["api_secret"]
        light = Load(server.port, key, secret, ["group_list"], group="big")
        loading, _, load_seconds = measure(light, until=lambda: server.logged("vector indexes loaded"), seconds=600)
        idle, _, _ = measure(light, seconds=arguments.seconds)
        heavy = Load(server.port, key, secret, ["search"], fields=[("group_id", "big"), ("file", photo)])
        searching, statuses, _ = measure(light, heavy, heavy_clients=arguments.heavy_clients, seconds=arguments.seconds)
        figures = [percentile(samples.get("group_list", []), 0.99) for samples in (idle, loading, searching)]
        print(f"  {arguments.faces} faces: group_list p99 idle {1000 * figures[0]:.2f} ms, during the index load "
              f"{1000 * figures[1]:.2f} ms ({load_seconds:.1f} s, {len(loading.get('group_list', []))} requests), "
              f"while {arguments.heavy_clients} clients search {1000 * figures[2]:.2f} ms\n    ({answers(statuses)})")
        return figures
    finally:
        stop(server)


def stop(server, directory=None):
    status = server.stop()
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
    if status != 0:
        sys.exit(f"face-server exited with {status}")


def isolation(arguments, photo):
    """The light endpoints on an idle server, then while 8 clients search a 20-face library with a photo."""
    directory = tempfile.mkdtemp(prefix="face-bench-load-")
    server = Server(arguments.server, arguments.models, directory)
    try:
        key, secret = app_create(arguments.facectl, directory, "bench")
        setup = Client(server.port, key, secret)
        setup.call("create", [("group_id", "bench"), ("group_name", "bench")])
        tokens = []
        for _ in range(20):
            status, answer, _ = setup.call("add", [("group_id", "bench"), ("user_id", "u"), ("file", photo)])
            assert status == 200, answer
            tokens.append(answer["face_token"])
        if arguments.soak_seconds:
            return soak(server, key, secret, tokens, photo, arguments)
        idle, _, seconds = run_phase(server.port, key, secret, tokens, photo, arguments.seconds, heavy_threads=0)
        report("reference: light endpoints on an idle server", idle, seconds)
        loaded, statuses, seconds = run_phase(server.port, key, secret, tokens, photo, arguments.seconds,
                                              heavy_threads=arguments.heavy_clients)
        report(f"under load: {arguments.heavy_clients} clients searching with {os.path.basename(arguments.photo)} "
               "without pause", loaded, seconds)
        print("\n  answers:", answers(statuses))
        print(f"\n  p99 loaded / idle: " + ", ".join(
            f"{e} {percentile(loaded[e], 0.99) / percentile(idle[e], 0.99):.1f}x" for e in LIGHT if loaded.get(e) and idle.get(e)))
        worst = max(percentile(loaded[e], 0.99) for e in LIGHT)
        print(f"  target: light p99 under load < 100 ms: {'met' if worst < 0.1 else 'MISSED'} ({1000 * worst:.1f} ms)")
    finally:
        stop(server, directory)


def light_requests(arguments, photo):
    """Light requests beside heavy work (issues 11 and 15), --repeat times:
    each loaded p99 beside the idle p99 of the same server run, target ≤ 3×."""
    print(f"\nlight requests beside heavy work, {arguments.repeat} runs (target: loaded p99 within 3x idle)")
    rows = {"group_list during a 1M index load": [], "group_list while 8 clients search 1M": [],
            "get_size while 4 base64 photos are sent": []}
    for run in range(arguments.repeat):
        print(f"\nrun {run + 1}/{arguments.repeat}, load average {os.getloadavg()[0]:.1f}")
        idle, loading, searching = big_library(arguments, photo)
        rows["group_list during a 1M index load"].append((idle, loading))
        rows["group_list while 8 clients search 1M"].append((idle, searching))
        rows["get_size while 4 base64 photos are sent"].append(tuple(base64_stall(arguments)))

    def spread(values, scale=1000):
        return f"{scale * statistics.median(values):.1f} ({scale * min(values):.1f}-{scale * max(values):.1f})"

    print(f"\n  {'p99 ms, median (min-max) over runs':<42} {'idle':>18} {'loaded':>20} {'loaded/idle':>18}")
    for label, pairs in rows.items():
        ratios = [loaded / idle for idle, loaded in pairs]
        print(f"  {label:<42} {spread([i for i, _ in pairs]):>18} {spread([l for _, l in pairs]):>20} "
              f"{spread(ratios, 1):>18}  target 3x: {'met' if statistics.median(ratios) <= 3 else 'MISSED'}")
    print("  (each ratio is one server run's loaded p99 over the idle p99 of that same run)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--facectl", required=True)
    parser.add_argument("--models", default="models")
    parser.add_argument("--photo", default="Tests/Fixtures/photos/obama.jpg")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--heavy-clients", type=int, default=8)
    parser.add_argument("--soak-seconds", type=float, default=0)
    parser.add_argument("--faces", type=int, default=1_000_000, help="faces in the big library")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the light-request phases, for their spread")
    parser.add_argument("--only", choices=["isolation", "light"],
                        help="only the small-library phases, or only the light requests beside heavy work")
    arguments = parser.parse_args()
    # The server runs in its temp directory: make every path absolute.
    for name in ("server", "facectl", "models", "photo"):
        setattr(arguments, name, os.path.abspath(getattr(arguments, name)))
    photo = open(arguments.photo, "rb").read()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {arguments.seconds:.0f} s per phase "
          "(preliminary if others share the machine)")
    if arguments.soak_seconds or arguments.only != "light":
        isolation(arguments, photo)
    if not arguments.soak_seconds and arguments.only != "isolation":
        light_requests(arguments, photo)


def soak(server, key, secret, tokens, photo, arguments):
    """Mixed load for --soak-seconds in slices; RSS sampled after each; fails on unexpected answers."""
    slice_seconds, elapsed, unexpected = 30.0, 0.0, {}
    print(f"mixed soak for {arguments.soak_seconds:.0f} s: RSS every {slice_seconds:.0f} s")
    rss = [server.rss_kib()]
    while elapsed < arguments.soak_seconds:
        _, statuses, _ = run_phase(server.port, key, secret, tokens, photo, slice_seconds,
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
