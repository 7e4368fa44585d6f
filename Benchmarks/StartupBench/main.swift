// The start-up and end-to-end search benchmark (`make bench-startup`): a
// face-server started on a cached data directory whose "big" library holds N
// faces (default 1,000,000): time to listening, to indexes loaded and to the
// first search answer, peak RSS; then sequential signed searches of a 640×480
// portrait against the big and the small library, split into vision and
// index in-process, beside dlib's own detect + embed on the same photo.
//
// With --postgres-url (`make bench-startup BACKEND=postgres`), the same data
// is copied into that PostgreSQL database and a second server starts on it:
// its start-up figures are printed beside SQLite's, from the same run.
//
// Usage: StartupBench REPO_ROOT PORTRAIT [--faces N] [--searches M] [--postgres-url URL]
import BenchSupport
@testable import FaceLibrary
import FaceStorePostgres
import FaceTestSupport
import Foundation

let arguments = CommandLine.arguments
func option(_ name: String, default value: Int) -> Int {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? value
}
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: StartupBench REPO_ROOT PORTRAIT [--faces N] [--searches M]\n".utf8))
    exit(2)
}
let (root, portraitPath) = (arguments[1], arguments[2])
let faces = option("--faces", default: 1_000_000), runs = option("--searches", default: 50)
let postgresURL = arguments.firstIndex(of: "--postgres-url").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
let limit = 5
let models = "\(root)/models"
let portrait = try [UInt8](Data(contentsOf: URL(fileURLWithPath: portraitPath)))
let model = try RecognitionModel.load(modelsDirectory: models, version: "s21", imageLimits: .defaults)
let data = try await BenchDataDirectory.prepare(root: root, faces: faces, model: model)

func ms(_ value: Double) -> String { String(format: "%8.1f", value) }
func row(_ label: String, _ latencies: Latencies, _ note: String = "") {
    print("  " + label.padding(toLength: 40, withPad: " ", startingAt: 0)
          + ms(latencies.percentile(0.5)) + ms(latencies.percentile(0.99)) + "  " + note)
}

// 1. The real server: start-up, then searches over HTTP.
let binary = ((try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) as NSString)
    .deletingLastPathComponent + "/face-server"
let server = try await ServerRun(binary: binary, data: data, models: models,
                                 logPath: "\(root)/.bench/startup/server.log")
let first = try await server.search(portrait, in: BenchDataDirectory.bigLibrary, limit: limit)
let firstAnswer = seconds(since: server.launched)
let (loadedAt, loadedLine) = try await server.waitForLog("vector indexes loaded")
let best = first["results"]?[0]
guard best?["user_id"]?.string == "obama" else { throw BenchError("the portrait's best match is not obama: \(first)") }
for _ in 0..<3 { _ = try await server.search(portrait, in: BenchDataDirectory.bigLibrary, limit: limit) }
let bigSearches = try await Latencies.measure(runs: runs) {
    _ = try await server.search(portrait, in: BenchDataDirectory.bigLibrary, limit: limit)
}
let smallSearches = try await Latencies.measure(runs: runs) {
    _ = try await server.search(portrait, in: BenchDataDirectory.smallLibrary, limit: limit)
}
let memory = try server.memory()
server.stop()

// 2. The same steps in-process: index load, the vision pipeline, the index search.
let services = try await LibraryServices.open(dataDirectory: data.path, model: model)
let (loadStart, loadCPUStart) = (ContinuousClock.now, processCPUSeconds())
let indexed = try await services.loadIndexes()
let (inProcessLoad, inProcessLoadCPU) = (seconds(since: loadStart), processCPUSeconds() - loadCPUStart)
let bigID = try await services.libraries.library(BenchDataDirectory.bigLibrary,
                                                 for: try await services.apps.app(apiKey: data.apiKey)!).rowID
let query = try await model.pipeline.largestFace(imageBytes: portrait).embedding
let vision = try await Latencies.measure(runs: runs) { _ = try await model.pipeline.largestFace(imageBytes: portrait) }
let index = try await Latencies.measure(runs: runs) {
    _ = try await services.recognition!.indexes.search(libraryID: bigID, query: query, k: limit)
}
let dlib = try DlibReference(oracle: "\(root)/.build-oracle/dlib-oracle", models: "\(root)/models/s21",
                             image: portraitPath).endToEnd

let cores = ProcessInfo.processInfo.activeProcessorCount
print("""

    start-up benchmark: face-server on \(faces) faces (library "big"), \(cores) cores
      (preliminary when other builds share the machine; load average \(String(format: "%.2f", loadAverage())))
      launch -> listening                 \(ms(server.listening * 1000)) ms
      launch -> indexes loaded log line   \(ms(loadedAt * 1000)) ms   (load itself: \(loadLogSeconds) s in the log)
      launch -> first search answer       \(ms(firstAnswer * 1000)) ms   target ≤ 10000 ms (\(firstAnswer <= 10 ? "met" : "NOT met"))
      in-process loadIndexes              \(ms(inProcessLoad * 1000)) ms   \(indexed) faces, \(String(format: "%.1f", inProcessLoadCPU)) s CPU
      server peak RSS (VmHWM)             \(ms(Double(memory.peak) / 1_048_576)) MiB (now \(memory.current / 1_048_576) MiB)
      best match of the portrait: \(best?["user_id"]?.string ?? "-") at confidence \(best?["confidence"]?.number ?? 0)

    search, 640×480 portrait, limit \(limit), \(runs) sequential requests   p50 (ms) p99 (ms)
    """)
row("e2e HTTP search, \(faces) faces", bigSearches, "target ≤ 80 ms (\(bigSearches.percentile(0.5) <= 80 ? "met" : "NOT met") at p50)")
row("e2e HTTP search, \(BenchDataDirectory.enrolled.count) faces", smallSearches, "vision + HTTP share")
row("in-process vision (largestFace)", vision)
row("in-process index search, \(faces) faces", index, "FaceLibrary index path incl. exact re-rank")
print("  " + "dlib detect+landmarks+chip+embed".padding(toLength: 40, withPad: " ", startingAt: 0) + ms(dlib)
      + String(format: "           one run; ours (e2e p50) is %.1f× faster", dlib / bigSearches.percentile(0.5)))

if let postgresURL {
    try await PostgresStartup.measure(url: postgresURL, binary: binary, data: data, models: models, root: root,
                                      portrait: portrait, limit: limit,
                                      sqlite: (loaded: loadedAt, first: firstAnswer, inProcess: inProcessLoad,
                                               peak: memory.peak))
}

var loadLogSeconds: String { logSeconds(loadedLine) }

/// The `seconds` field of a "vector indexes loaded" log line.
func logSeconds(_ line: String) -> String {
    JSONNode(parsing: Array(line.utf8))?["seconds"]?.string.flatMap(Double.init).map { String(format: "%.2f", $0) } ?? "?"
}

/// User + system CPU time of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func loadAverage() -> Double {
    var loads = [Double](repeating: 0, count: 3)
    return getloadavg(&loads, 3) > 0 ? loads[0] : .nan
}
