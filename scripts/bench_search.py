"""Benchmark harness for `make bench-search`: our VectorIndex (via `facectl
bench-search`) against FAISS IndexFlatIP, same data, same thread count, same
run. Generates and caches the data sets under .bench/data:

  sphere-N   N random unit vectors (128-D), queries random unit vectors
  faces-N    face-like: one shared direction + identity centres + noise
             (unrelated cosine ~0.76, same identity ~0.91), queries new samples

Recall@k of ours is measured against FAISS; every disagreement is re-scored
in float64 to tell ties (equal exact scores at the k-th place) from errors.
"""
import argparse
import json
import os
import subprocess
import time

import numpy as np

DATA = ".bench/data"
DIM = 128


def write_fvecs(path, x):
    rows = np.empty((x.shape[0], x.shape[1] + 1), dtype=np.float32)
    rows[:, 0] = np.array([x.shape[1]], dtype=np.int32).view(np.float32)[0]
    rows[:, 1:] = x
    rows.tofile(path + ".tmp")
    os.replace(path + ".tmp", path)


def read_fvecs(path):
    raw = np.fromfile(path, dtype=np.float32)
    d = raw[:1].view(np.int32)[0]
    return raw.reshape(-1, d + 1)[:, 1:]


def read_ivecs(path):
    raw = np.fromfile(path, dtype=np.int32)
    k = raw[0]
    return raw.reshape(-1, k + 1)[:, 1:]


def normalise(x):
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def generate(kind, n, queries, seed=1):
    rng = np.random.default_rng(seed)
    if kind == "sphere":
        make = lambda m: normalise(rng.standard_normal((m, DIM), dtype=np.float32))
    else:
        direction = normalise(rng.standard_normal((1, DIM), dtype=np.float32))[0]
        centres = normalise(rng.standard_normal((max(1, n // 5), DIM), dtype=np.float32))

        def make(m):
            who = rng.integers(0, len(centres), m)
            return normalise(2.0 * direction + 0.9 * centres[who] + 0.06 * rng.standard_normal((m, DIM), dtype=np.float32))
    base = np.concatenate([make(min(500_000, n - s)) for s in range(0, n, 500_000)])
    return base, make(queries)


def dataset(kind, n, queries):
    os.makedirs(DATA, exist_ok=True)
    stem = f"{DATA}/{kind}-{n}"
    if not (os.path.exists(stem + ".base.fvecs") and os.path.exists(stem + ".q.fvecs")):
        print(f"generating {stem} ...", flush=True)
        base, q = generate(kind, n, queries)
        write_fvecs(stem + ".base.fvecs", base)
        write_fvecs(stem + ".q.fvecs", q)
    return stem


def run_ours(facectl, stem, k, threads):
    out = stem + ".ours.ivecs"
    result = subprocess.run(
        [facectl, "bench-search", "--base", stem + ".base.fvecs", "--queries", stem + ".q.fvecs",
         "--k", str(k), "--threads", str(threads), "--out", out],
        check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1]), read_ivecs(out)


def run_faiss(base, queries, k, threads):
    import faiss
    faiss.omp_set_num_threads(threads)
    start = time.perf_counter()
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)
    build = time.perf_counter() - start
    for q in queries[:3]:
        index.search(q[None, :], k)
    latencies, ids = [], []
    for q in queries:
        t = time.perf_counter()
        _, i = index.search(q[None, :], k)
        latencies.append((time.perf_counter() - t) * 1000)
        ids.append(i[0])
    t = time.perf_counter()
    index.search(queries, k)
    batched = time.perf_counter() - t
    lat = np.sort(np.array(latencies))
    return {
        "build_s": build, "memory_bytes": base.nbytes,
        "p50_ms": float(lat[len(lat) // 2]), "p99_ms": float(lat[min(len(lat) - 1, int(len(lat) * 0.99))]),
        "qps_single": len(queries) / (lat.sum() / 1000), "qps_concurrent": len(queries) / batched,
    }, np.array(ids)


def recall(base, queries, ours, theirs, k):
    """Recall@k against FAISS, and against float64 exact scores with ties allowed."""
    agree, exact_ok, ties = 0, 0, 0
    for qi in range(len(queries)):
        a, b = set(ours[qi].tolist()), set(theirs[qi].tolist())
        agree += len(a & b)
        if a == b:
            exact_ok += k
            continue
        scores = base.astype(np.float64) @ queries[qi].astype(np.float64)
        kth = np.partition(scores, -k)[-k]
        good = sum(1 for i in a if scores[i] >= kth - 1e-9)
        exact_ok += good
        ties += good - len(a & b)
    total = k * len(queries)
    return agree / total, exact_ok / total, ties


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--facectl", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--k", type=int, default=100)
    ap.add_argument("--sizes", nargs="*", type=int, default=[1_000_000, 5_000_000])
    args = ap.parse_args()
    runs = [("sphere", n) for n in args.sizes] + [("faces", args.sizes[0])]
    rows = []
    for kind, n in runs:
        nq = 1000 if n <= 1_000_000 else 200
        stem = dataset(kind, n, nq)
        ours, our_ids = run_ours(args.facectl, stem, args.k, args.threads)
        base, queries = read_fvecs(stem + ".base.fvecs"), read_fvecs(stem + ".q.fvecs")
        theirs, their_ids = run_faiss(base, queries, args.k, args.threads)
        r_faiss, r_exact, ties = recall(base, queries, our_ids, their_ids, args.k)
        rows.append((f"{kind}-{n // 1000}k", ours, theirs, r_faiss, r_exact, ties))
        print(json.dumps({"data": f"{kind}-{n}", "ours": ours, "faiss": theirs,
                          "recall_vs_faiss": r_faiss, "recall_vs_exact": r_exact, "tie_swaps": ties}), flush=True)
        del base, queries

    print(f"\nthreads={args.threads} k={args.k}  (ours = VectorIndex, ref = FAISS IndexFlatIP; ratio = ref/ours for time, ours/ref for q/s)")
    head = f"{'data':<14}{'':>6}{'p50 ms':>9}{'p99 ms':>9}{'q/s 1':>9}{'q/s many':>10}{'MB':>8}{'build s':>9}"
    print(head)
    for name, ours, ref, r_faiss, r_exact, ties in rows:
        for label, m in (("ours", ours), ("faiss", ref)):
            print(f"{name:<14}{label:>6}{m['p50_ms']:>9.2f}{m['p99_ms']:>9.2f}{m['qps_single']:>9.0f}"
                  f"{m['qps_concurrent']:>10.0f}{m['memory_bytes'] / 1e6:>8.0f}{m['build_s']:>9.2f}")
        print(f"{'':<14}{'ratio':>6}{ref['p50_ms'] / ours['p50_ms']:>9.2f}{ref['p99_ms'] / ours['p99_ms']:>9.2f}"
              f"{ours['qps_single'] / ref['qps_single']:>9.2f}{ours['qps_concurrent'] / ref['qps_concurrent']:>10.2f}"
              f"{ours['memory_bytes'] / ref['memory_bytes']:>8.2f}")
        print(f"{'':<14}recall@{args.k} vs FAISS {r_faiss:.5f}, vs exact f64 (ties allowed) {r_exact:.5f}, tie swaps {ties}; "
              f"ours concurrent/single {ours['qps_concurrent'] / ours['qps_single']:.1f}x, "
              f"batched {ours['qps_batched']:.0f} q/s, coarse candidates/query {ours['coarse_candidates_per_query']:.0f}, "
              f"rescored/query {ours['rescored_per_query']:.1f} (incomplete {ours['incomplete_shortlists']:.0f}), "
              f"simd {ours.get('simd', '?')}")


if __name__ == "__main__":
    main()
