import FaceLibrary
import Foundation

// Design note: end-to-end tests run the real `face-server` binary, built by
// `swift build`/`swift test` next to the test bundle, as a child process:
// loopback only, port 0 (the server picks a free port and logs it, so there
// is no race for a port), a temp data directory, JSON logs in a file that
// `start()` watches for the "listening" line. `stop()` sends SIGTERM and
// returns the exit status; `kill()` sends SIGKILL for crash tests.

/// A face-server child process on a free loopback port.
public final class ServerProcess: @unchecked Sendable {
    /// The data directory the server uses.
    public let dataDirectory: String
    /// The PostgreSQL database (`--database-url`); nil: SQLite in the data directory.
    public let databaseURL: String?
    /// Where the server's stdout and stderr go.
    public let logPath: String
    private let extraArguments: [String]
    private var process: Process?
    /// The port the server listens on, once started.
    public private(set) var port = 0

    /// Describes a server on `dataDirectory`, logging into `logDirectory`
    /// (default: the data directory); call `start()` to launch it.
    public init(dataDirectory: String, databaseURL: String? = nil, logDirectory: String? = nil,
                extraArguments: [String] = []) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.extraArguments = extraArguments
        logPath = ((logDirectory ?? dataDirectory) as NSString)
            .appendingPathComponent("server-\(UInt32.random(in: 0 ... .max)).log")
    }

    /// The directory holding the built products: the one that holds this test bundle.
    public static var productsDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = (executable as NSString).deletingLastPathComponent
        // On some platforms the bundle is a folder: walk up out of it.
        while directory.contains(".xctest") { directory = (directory as NSString).deletingLastPathComponent }
        return directory
    }

    /// The path of a built product, e.g. `face-server` or `facectl`.
    public static func binary(_ name: String) -> String {
        (productsDirectory as NSString).appendingPathComponent(name)
    }

    /// Launches the server and waits until it listens.
    public func start(timeout: Duration = .seconds(30)) async throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary("face-server"))
        process.arguments = ["--data-dir", dataDirectory, "--models-dir", RepositoryRoot.appending("models"),
                             "--host", "127.0.0.1", "--port", "0", "--log-format", "json"]
            + (databaseURL.map { ["--database-url", $0] } ?? []) + extraArguments
        // No config file in the working directory, no FACE_SERVER_* from the test's environment.
        process.currentDirectoryURL = URL(fileURLWithPath: dataDirectory)
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FACE_SERVER_") }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let port = listeningPort() {
                self.port = port
                return
            }
            guard process.isRunning else { throw ServerProcessError.exited(process.terminationStatus, logTail()) }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw ServerProcessError.notListening(logTail())
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    public func stop(timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await signal(SIGTERM, timeout: timeout)
    }

    /// Sends SIGKILL and waits for the process to die.
    @discardableResult
    public func kill() async throws -> Int32 {
        try await signal(SIGKILL, timeout: .seconds(10))
    }

    /// Sends `signal` and waits for the exit status.
    public func signal(_ signal: Int32, timeout: Duration) async throws -> Int32 {
        guard let process else { return 0 }
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw ServerProcessError.stillRunning(logTail()) }
            try await Task.sleep(for: .milliseconds(20))
        }
        self.process = nil
        return process.terminationStatus
    }

    /// A memory figure of the running server from `/proc/<pid>/status` in
    /// KiB: `VmRSS` (now) or `VmHWM` (peak); nil when it is not running.
    public func memoryKiB(_ field: String = "VmHWM") -> Int? {
        guard let process, process.isRunning,
              let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
        return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
    }

    /// The server's log so far.
    public func logText() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// A client for `credentials` against this server.
    public func client(_ credentials: Credentials) -> FaceClient {
        FaceClient(port: port, credentials: credentials)
    }

    /// Creates a tenant app in this server's data directory through the same
    /// service code facectl uses (while the server runs, as ops would).
    public func createApp(name: String = "test app", quotas: AppQuotas = .defaults) async throws -> Credentials {
        let database = try DatabaseLocation(databaseURL: databaseURL ?? "")
        let directory = try await DataDirectory.open(dataDirectory, database: database)
        let created = await Result(awaiting: { try await directory.services.apps.createApp(name: name, quotas: quotas) })
        // Its PostgreSQL pool is closed (an SQLite store needs no closing, and a checkpoint is the server's job).
        if databaseURL != nil { _ = try? await directory.shutDown() }
        let credentials = try created.get()
        return Credentials(apiKey: credentials.apiKey, apiSecret: credentials.apiSecret)
    }

    /// The admin listener's port, once it has reported listening (started with `--admin-port`).
    public var adminPort: Int? { loggedPort("admin listening") }

    /// Sends `GET path` (or `method`) to the admin listener.
    public func admin(_ path: String, method: String = "GET") async throws -> HTTPReply {
        let deadline = ContinuousClock.now + .seconds(10)
        // The admin listener may report a moment after the API does.
        while adminPort == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let port = adminPort else { throw ServerProcessError.notListening(logTail()) }
        return try await FaceClient(port: port, credentials: Credentials(apiKey: "", apiSecret: ""))
            .post(path: path, contentType: nil, body: [], method: method)
    }

    private func listeningPort() -> Int? {
        loggedPort("listening")
    }

    /// The port in the first JSON log line whose message is `message`.
    private func loggedPort(_ message: String) -> Int? {
        for line in logText().split(separator: "\n") where line.contains("\"message\":\"\(message)\"") {
            if let node = JSONNode(parsing: Array(line.utf8)), let port = node["port"]?.string.flatMap(Int.init) {
                return port
            }
        }
        return nil
    }

    private func logTail() -> String {
        String(logText().suffix(4000))
    }

    deinit {
        if let process, process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

/// The server process did not behave.
public enum ServerProcessError: Error, CustomStringConvertible {
    case exited(Int32, String)
    case notListening(String)
    case stillRunning(String)

    public var description: String {
        switch self {
        case let .exited(status, log): "face-server exited with status \(status) before listening:\n\(log)"
        case let .notListening(log): "face-server did not report listening in time:\n\(log)"
        case let .stillRunning(log): "face-server did not exit in time:\n\(log)"
        }
    }
}

extension Result where Failure == any Error {
    /// The value `body` returns, or the error it throws.
    init(awaiting body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
