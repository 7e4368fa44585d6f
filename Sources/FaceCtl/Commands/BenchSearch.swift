import ArgumentParser
import BlockingWork
import FaceIndex
import Foundation
import Synchronization

/// `facectl bench-search`: builds the server's vector index from an fvecs base
/// and times exact top-k queries, one at a time and concurrently.
struct BenchSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search",
        abstract: "Time exact top-k search of the vector index on fvecs data; print one JSON line.")

    @Option(help: "Base vectors (fvecs); result ids are its 0-based row numbers.") var base: String
    @Option(help: "Query vectors (fvecs).") var queries: String
    @Option(help: "Results per query (1...\(VectorIndex.maxK)).") var k = 100
    @Option(help: "Threads one search pass uses.") var threads = 2
    @Option(help: "Concurrent callers for the throughput figure.") var clients = 32
    @Option(help: "Where to write the result ids (ivecs).") var out: String

    func run() throws {
        guard (1...VectorIndex.maxK).contains(k) else { throw ValidationError("--k must be in 1...\(VectorIndex.maxK)") }
        guard threads >= 1, clients >= 1 else { throw ValidationError("--threads and --clients must be positive") }
        let loadStart = Date()
        let baseRows = try VectorFile.readFvecs(base)
        let queryRows = try VectorFile.readFvecs(queries)
        guard baseRows.dimension == queryRows.dimension else {
            throw ValidationError("base has dimension \(baseRows.dimension), queries \(queryRows.dimension)")
        }
        let loadSeconds = Date().timeIntervalSince(loadStart)

        let buildStart = Date()
        let index = try VectorIndex(dimension: baseRows.dimension, searchThreads: threads)
        let stored = BaseRows(base: baseRows)
        index.reserveCapacity(baseRows.rows)
        let batch = 10_000
        for start in stride(from: 0, to: baseRows.rows, by: batch) {
            let end = min(start + batch, baseRows.rows)
            try index.add(ids: (Int64(start)..<Int64(end)).map { $0 },
                          vectors: Array(baseRows.values[start * baseRows.dimension..<end * baseRows.dimension]))
        }
        let buildSeconds = Date().timeIntervalSince(buildStart)

        let qs = (0..<queryRows.rows).map { Array(queryRows.row($0)) }
        for query in qs.prefix(3) { _ = try stored.exactTop(index, query: query, k: k) } // warm caches and threads
        let before = index.statistics
        let cpuBefore = Self.processCPUSeconds()
        var latencies: [Double] = []
        var results: [[Int32]] = []
        for query in qs {
            let start = DispatchTime.now().uptimeNanoseconds
            let hits = try stored.exactTop(index, query: query, k: k)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            results.append(hits.map { Int32($0.id) })
        }
        let single = index.statistics
        let cpuSingle = Self.processCPUSeconds()
        try VectorFile.writeIvecs(results, to: out)

        let concurrentSeconds = try timeConcurrent(index, stored: stored, queries: qs)
        let concurrent = index.statistics
        let cpuConcurrent = Self.processCPUSeconds()
        let batchStart = Date()
        for start in stride(from: 0, to: qs.count, by: 64) {
            _ = try index.search(queries: Array(qs[start..<min(start + 64, qs.count)]), k: k).map(stored.rescored)
        }
        let batchedSeconds = Date().timeIntervalSince(batchStart)

        let sorted = latencies.sorted()
        let singleSeconds = latencies.reduce(0, +) / 1000
        let searches = Double(single.searches - before.searches)
        var report: [String: Any] = [
            "n": Double(baseRows.rows), "d": Double(baseRows.dimension), "k": Double(k), "threads": Double(threads),
            "queries": Double(qs.count), "clients": Double(clients),
            "load_s": loadSeconds, "build_s": buildSeconds,
            "memory_bytes": Double(index.memoryBytes),
            "bytes_per_vector": Double(index.memoryBytes) / Double(max(1, baseRows.rows)),
            "p50_ms": percentile(sorted, 0.50), "p99_ms": percentile(sorted, 0.99),
            "mean_ms": singleSeconds * 1000 / Double(max(1, qs.count)),
            "qps_single": Double(qs.count) / singleSeconds,
            "qps_concurrent": Double(qs.count) / concurrentSeconds,
            "qps_batched": Double(qs.count) / batchedSeconds,
            // CPU time per query (all threads): steadier than wall time on a shared machine.
            "cpu_ms_single": (cpuSingle - cpuBefore) * 1000 / Double(max(1, qs.count)),
            "cpu_ms_concurrent": (cpuConcurrent - cpuSingle) * 1000 / Double(max(1, qs.count)),
            "concurrent_queries_per_pass": Double(concurrent.searches - single.searches)
                / Double(max(1, concurrent.batches - single.batches)),
            "coarse_candidates_per_query": Double(single.coarseCandidates - before.coarseCandidates) / searches,
            // Rows rescored from the stored vectors: k plus the near-ties the codes cannot settle.
            "rescored_per_query": Double(single.shortlisted - before.shortlisted) / searches,
            "incomplete_shortlists": Double(single.incompleteShortlists - before.incompleteShortlists),
        ]
        report["simd"] = VectorIndex.simdPath
        let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    /// Wall time for `clients` threads answering all queries between them, one search per call.
    private func timeConcurrent(_ index: VectorIndex, stored: BaseRows, queries: [[Float]]) throws -> Double {
        let next = Atomic(0)
        let failed = Atomic(false)
        // One lane per client: the runtime's own threads, as the server's searches use.
        let clientLanes = Lanes(name: "facectl.bench-search", count: clients)
        let finished = ThreadSemaphore()
        let start = Date()
        for _ in 0..<clients {
            try clientLanes.submit { _ in
                while case let i = next.add(1, ordering: .relaxed).oldValue, i < queries.count {
                    if (try? stored.exactTop(index, query: queries[i], k: k)) == nil { failed.store(true, ordering: .relaxed) }
                }
                finished.signal()
            }
        }
        for _ in 0..<clients { finished.wait() }
        let elapsed = Date().timeIntervalSince(start)
        guard !failed.load(ordering: .relaxed) else { throw ValidationError("a concurrent search failed") }
        return elapsed
    }

    /// User and system CPU time of this process so far.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
    }
}
