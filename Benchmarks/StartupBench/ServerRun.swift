import FaceTestSupport
import Foundation

// Design note: times one face-server start on a cached data directory, from
// just before the process is launched: to its "listening" log line, to its
// "vector indexes loaded" line, and to the first successful `search` (sent as
// soon as the server listens; a search waits for its library's index). Then
// it times sequential signed searches and reads the server's peak RSS
// (VmHWM) from /proc before stopping it with SIGTERM.

/// A face-server child process under measurement.
final class ServerRun: Sendable {
    let launched: ContinuousClock.Instant
    /// Seconds from launch to the "listening" log line.
    let listening: Double
    private let process: Process
    private let logPath: String
    private let client: FaceClient

    /// Launches `binary` on `data` and waits until it listens.
    /// With `databaseURL`, the server keeps its data in that PostgreSQL database.
    init(binary: String, data: BenchDataDirectory, models: String, logPath: String,
         databaseURL: String? = nil) async throws {
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--data-dir", data.path, "--models-dir", models, "--host", "127.0.0.1",
                             "--port", "0", "--log-format", "json"] + (databaseURL.map { ["--database-url", $0] } ?? [])
        // No config file from the working directory, no FACE_SERVER_* from the environment.
        process.currentDirectoryURL = URL(fileURLWithPath: data.path)
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FACE_SERVER_") }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        launched = .now
        try process.run()
        let (elapsed, line) = try await Self.waitForLog("listening", in: logPath, of: process, since: launched)
        guard let port = JSONNode(parsing: Array(line.utf8))?["port"]?.string.flatMap(Int.init) else {
            throw BenchError("no port in \(line)")
        }
        listening = elapsed
        client = FaceClient(port: port, credentials: Credentials(apiKey: data.apiKey, apiSecret: data.apiSecret))
    }

    /// Seconds from launch until a log line holding `message` appears, and that line.
    func waitForLog(_ message: String) async throws -> (Double, String) {
        try await Self.waitForLog(message, in: logPath, of: process, since: launched)
    }

    private static func waitForLog(_ message: String, in logPath: String, of process: Process,
                                   since launched: ContinuousClock.Instant) async throws -> (Double, String) {
        let deadline = launched + .seconds(300)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("\"message\":\"\(message)\"") }) {
                return (seconds(since: launched), String(line))
            }
            guard process.isRunning else { throw BenchError("face-server exited: \(text.suffix(2000))") }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw BenchError("no '\(message)' log line within 300 s")
    }

    /// One signed search of `photo` in `groupID`; throws unless it succeeds.
    func search(_ photo: [UInt8], in groupID: String, limit: Int) async throws -> JSONNode {
        let reply = try await client.call("search", parts: [
            ("group_id", .text(groupID)), ("limit", .text("\(limit)")), ("file", .file(name: "portrait.jpg", bytes: photo)),
        ])
        guard reply.status == 200, let json = reply.json, json["results"] != nil else {
            throw BenchError("search failed: \(reply)")
        }
        return json
    }

    /// The server's peak and current resident memory in bytes, from /proc.
    func memory() throws -> (peak: Int, current: Int) {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        func kib(_ field: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return (kib("VmHWM"), kib("VmRSS"))
    }

    /// Sends SIGTERM and waits for the process to exit.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Seconds elapsed since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
