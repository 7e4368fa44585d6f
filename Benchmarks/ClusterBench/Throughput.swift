import FaceTestSupport
import Foundation

// Design note: a search is CPU-bound (the face model: ~tens of ms of one
// core's time), so on one machine the number of nodes cannot add throughput:
// 3 nodes × 1 inference worker share the same 2 cores as 1 node × 2 workers.
// The figure to compare is therefore searches per second at saturation on
// equal cores, measured in alternating rounds (other work on this machine
// weighs on both); the CPU time per search gives the arithmetic of real
// scale-out: N machines of C cores each serve ≈ N·C / (CPU s per search).

/// Searches per second of one node with two workers against three nodes with one each.
enum Throughput {
    static let clients = 6
    static let rounds = 2

    struct Figures {
        var single: [Double] = []
        var cluster: [Double] = []
        var cpuPerSearch: [Double] = []
        var report: String {
            let single = median(self.single), cluster = median(self.cluster)
            let ratio = cluster / single
            let cpu = median(cpuPerSearch)
            let cores = ProcessInfo.processInfo.activeProcessorCount
            return """
                Throughput, searches/s (\(Throughput.clients) clients searching a 20-face library, \(Throughput.rounds) alternating rounds, median)
                  1 node  × 2 inference workers          \(String(format: "%6.1f", single))   rounds \(format(self.single))
                  3 nodes × 1 inference worker           \(String(format: "%6.1f", cluster))   rounds \(format(self.cluster))
                  ratio                                  \(String(format: "%6.2f", ratio))×  target ≥ 0.9×: \(ratio >= 0.9 ? "met" : "MISSED")
                  CPU per search (all processes)         \(String(format: "%6.1f", cpu * 1000)) ms
                  arithmetic: \(cores) cores / \(String(format: "%.1f", cpu * 1000)) ms = \(String(format: "%.1f", Double(cores) / cpu)) searches/s at most on this machine, whatever the node count;
                  scale-out adds cores: 3 machines × \(cores) cores ≈ \(String(format: "%.0f", 3 * Double(cores) / cpu)) searches/s, 3 × 8 cores ≈ \(String(format: "%.0f", 24 / cpu)) searches/s
                """
        }
    }

    static func compare(seconds duration: Int) async throws -> Figures {
        var figures = Figures()
        for _ in 0..<rounds {
            let single = try await run(nodes: 1, workers: 2, for: duration)
            figures.single.append(single.rate)
            figures.cpuPerSearch.append(single.cpuPerSearch)
            let cluster = try await run(nodes: 3, workers: 1, for: duration)
            figures.cluster.append(cluster.rate)
            figures.cpuPerSearch.append(cluster.cpuPerSearch)
        }
        return figures
    }

    /// Searches/s with `clients` clients spread over `nodes` nodes for `duration` seconds, and CPU seconds per search.
    private static func run(nodes: Int, workers: Int, for duration: Int) async throws -> (rate: Double, cpuPerSearch: Double) {
        let cluster = try ClusterHarness(nodes: nodes, arguments: ["--inference-concurrency", String(workers)])
        defer { cluster.remove() }
        try await cluster.start()
        let credentials = try await cluster.createApp(name: "throughput")
        let targets = cluster.clients(credentials)
        _ = try await targets[0].call("create", [("group_id", "g"), ("group_name", "bench")])
        let photo = try TestPhotos.part("obama.jpg")
        for index in 0..<20 {
            _ = try await targets[index % nodes].call("add", parts: [("group_id", .text("g")), ("file", photo),
                                                                     ("user_id", .text("u\(index)"))])
        }
        for target in targets { _ = try await search(target, photo) }
        let pids = cluster.nodes.compactMap(\.processID)
        let cpuBefore = pids.map(cpuSeconds(of:)).reduce(0, +)
        let start = ContinuousClock.now
        let deadline = start + .seconds(duration)
        let completed = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var done = 0
                    var next = client
                    while ContinuousClock.now < deadline {
                        if try await search(targets[next % nodes], photo) { done += 1 }
                        next += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = seconds(since: start)
        let cpu = pids.map(cpuSeconds(of:)).reduce(0, +) - cpuBefore
        _ = try await cluster.stop()
        return (Double(completed) / elapsed, cpu / Double(max(completed, 1)))
    }

    /// One search; false when the node shed it (403 CONCURRENCY_LIMIT_EXCEEDED).
    private static func search(_ client: FaceClient, _ photo: FormBody.Part) async throws -> Bool {
        let reply = try await client.call("search", parts: [("group_id", .text("g")), ("file", photo), ("limit", .text("5"))])
        if reply.status == 403 { return false }
        guard reply.status == 200 else { throw BenchFailure("search: \(reply)") }
        return true
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }

    private static func format(_ values: [Double]) -> String {
        values.map { String(format: "%.1f", $0) }.joined(separator: ", ")
    }
}
