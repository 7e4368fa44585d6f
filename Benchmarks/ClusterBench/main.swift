// The cluster benchmark (`make bench-cluster`): several face-server nodes over
// one PostgreSQL database on this machine, figures printed side by side with
// their targets, all from one run:
//   1. propagation, commit on one node → applied on another, p50/p99, with
//      notifications on and off (targets: p99 ≤ 50 ms; ≤ 2.5 s);
//   2. the read-your-writes barrier's cost on a search: a search right after
//      another node's write against a search with nothing to catch up, p50
//      (target ≤ +2 ms);
//   3. throughput of 3 nodes × 1 inference worker against 1 node × 2 workers
//      on the same cores (target ≥ 0.9×), with the CPU cost of a search;
//   4. start-up of 3 nodes together on a database of N faces (default 1M),
//      beside one node alone.
//
// Usage: ClusterBench [--changes N] [--seconds S] [--faces N]
// (FACE_TEST_POSTGRES_URL names the PostgreSQL server; make starts one.)
import FaceTestSupport
import Foundation

let arguments = CommandLine.arguments
func option(_ name: String, default value: Int) -> Int {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? value
}
let changes = option("--changes", default: 150)
let seconds = option("--seconds", default: 20)
let startupFaces = option("--faces", default: 1_000_000)

print("cluster benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadAverage()) at start")
print()

// 1 + 2. Propagation and the barrier, notifications on, then off.
var rows: [String] = []
for notify in [true, false] {
    let figures = try await Propagation.measure(notify: notify, changes: changes)
    let target = notify ? 50.0 : 2500.0
    rows.append(Report.row("propagation, NOTIFY \(notify ? "on " : "off")", figures.lag,
                           "p99 target ≤ \(Int(target)) ms: \(figures.lag.percentile(0.99) <= target ? "met" : "MISSED")"))
    rows.append(Report.row("  search, nothing to catch up", figures.quietSearch))
    let cost = figures.searchAfterWrite.percentile(0.5) - figures.quietSearch.percentile(0.5)
    rows.append(Report.row("  search right after a write elsewhere", figures.searchAfterWrite,
                           String(format: "barrier p50 cost %+.1f ms (target ≤ +2): %@", cost,
                                  cost <= 2 ? "met" : "MISSED")))
}
print("Propagation and read-your-writes (\(changes) changes, ms)")
print("  " + "".padding(toLength: 44, withPad: " ", startingAt: 0) + "     p50     p99")
rows.forEach { print($0) }
print()

// 3. Throughput on the same cores.
let throughput = try await Throughput.compare(seconds: seconds)
print(throughput.report)
print()

// 4. Start-up on a large database.
print(try await StartupRun.measure(faces: startupFaces))
