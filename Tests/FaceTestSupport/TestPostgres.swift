import Foundation
import Synchronization

// Design note: the PostgreSQL tests need a real server. `make test` starts a
// throw-away cluster (scripts/test-postgres.sh) and passes its superuser URL
// in FACE_TEST_POSTGRES_URL; a `swift test` run without it starts one for
// the test process, stopped when the process exits. Each test gets a
// database of its own (CREATE DATABASE is ~0.1 s), dropped afterwards, so
// tests never see each other's rows and may run concurrently.

/// The test cluster and fresh databases on it.
public enum TestPostgres {
    /// `postgres://facetest@127.0.0.1:PORT` of the running test cluster.
    public static func serverURL() throws -> String {
        try server.get()
    }

    /// A new empty database (on `server`, by default the test cluster).
    public static func makeDatabase(on server: String? = nil) throws -> TestDatabase {
        let base = try server ?? serverURL()
        let name = "facetest_\(UInt64.random(in: 0 ... .max))"
        try psql(server: base, database: "postgres", "CREATE DATABASE \(name)")
        return TestDatabase(name: name, server: base)
    }

    /// Runs `sql` in `database` of the test cluster with psql, returning its unaligned output.
    @discardableResult
    public static func psql(database: String, _ sql: String) throws -> String {
        try psql(server: try serverURL(), database: database, sql)
    }

    /// Runs `sql` in `database` of the cluster at `base` with psql, returning its unaligned output.
    @discardableResult
    public static func psql(server base: String, database: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["\(base)/\(database)", "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestPostgresError.psql(sql, String(decoding: problem, as: UTF8.self))
        }
        return String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let server: Result<String, any Error> = Result {
        if let url = ProcessInfo.processInfo.environment["FACE_TEST_POSTGRES_URL"], !url.isEmpty {
            return url.hasSuffix("/postgres") ? String(url.dropLast("/postgres".count)) : url
        }
        let cluster = try TestCluster.start()
        atexit { TestPostgres.ownCluster.withLock { $0 }?.stop() }
        ownCluster.withLock { $0 = cluster }
        return cluster.serverURL
    }

    /// The cluster this process started, if it had to.
    private static let ownCluster = Mutex<TestCluster?>(nil)
}

/// One database of a test cluster.
public struct TestDatabase: Sendable {
    public let name: String
    /// `postgres://facetest:facetest@127.0.0.1:PORT` of its cluster.
    public let server: String

    /// `postgres://facetest:facetest@127.0.0.1:PORT/NAME`.
    public var url: String { "\(server)/\(name)" }

    /// Runs `sql` in this database with psql, returning its unaligned output.
    @discardableResult
    public func execute(_ sql: String) throws -> String {
        try TestPostgres.psql(server: server, database: name, sql)
    }

    /// Drops the database, ending any session still connected to it.
    public func drop() {
        _ = try? TestPostgres.psql(server: server, database: "postgres", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}

public enum TestPostgresError: Error, CustomStringConvertible {
    case psql(String, String)
    case start(String)

    public var description: String {
        switch self {
        case let .psql(sql, message): "psql failed on \(sql): \(message)"
        case .start(let message): "cannot start the test PostgreSQL cluster: \(message)"
        }
    }
}

/// A PostgreSQL cluster of its own (scripts/test-postgres.sh in a temp
/// directory): the one a test process starts when `make test` gave none,
/// and the one an outage test stops and starts under a running server.
public struct TestCluster: Sendable {
    public let directory: String
    /// `postgres://facetest:facetest@127.0.0.1:PORT`.
    public let serverURL: String

    /// initdb and start on a free loopback port.
    public static func start() throws -> TestCluster {
        let directory = NSTemporaryDirectory() + "face-test-pg-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let output = try script("start", directory)
        guard let line = output.split(separator: "\n").last else {
            throw TestPostgresError.start("scripts/test-postgres.sh printed no URL")
        }
        let url = String(line)
        return TestCluster(directory: directory,
                           serverURL: url.hasSuffix("/postgres") ? String(url.dropLast("/postgres".count)) : url)
    }

    /// Stops PostgreSQL as an operator's restart does: sessions are ended, the data kept.
    public func pause() throws {
        _ = try Self.script("pause", directory)
    }

    /// Starts it again on the same port.
    public func resume() throws {
        _ = try Self.script("resume", directory)
    }

    /// Stops it and removes its directory.
    public func stop() {
        _ = try? Self.script("stop", directory)
    }

    /// Runs scripts/test-postgres.sh and returns what it printed. Spawned and
    /// reaped here (waitpid), not with Foundation's Process: the script's
    /// `pg_ctl start` leaves a daemon behind, and Foundation was seen missing
    /// the script's exit then, leaving the test waiting for ever.
    private static func script(_ command: String, _ directory: String) throws -> String {
        let path = RepositoryRoot.appending("scripts/test-postgres.sh")
        let outputPath = directory + ".\(command).out"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), strdup(command), strdup(directory), nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestPostgresError.start("cannot run \(path): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw TestPostgresError.start("waitpid: errno \(errno)") }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw TestPostgresError.start("scripts/test-postgres.sh \(command) failed (wait status \(status))")
        }
        return output
    }
}
