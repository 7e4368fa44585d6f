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

    /// A new empty database.
    public static func makeDatabase() throws -> TestDatabase {
        let name = "facetest_\(UInt64.random(in: 0 ... .max))"
        try psql(database: "postgres", "CREATE DATABASE \(name)")
        return TestDatabase(name: name, url: "\(try serverURL())/\(name)")
    }

    /// Runs `sql` in `database` with psql, returning its unaligned output.
    @discardableResult
    public static func psql(database: String, _ sql: String) throws -> String {
        let base = try serverURL()
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
        return try OwnCluster.start()
    }
}

/// One database of the test cluster.
public struct TestDatabase: Sendable {
    public let name: String
    /// `postgres://facetest@127.0.0.1:PORT/NAME`.
    public let url: String

    /// Runs `sql` in this database with psql, returning its unaligned output.
    @discardableResult
    public func execute(_ sql: String) throws -> String {
        try TestPostgres.psql(database: name, sql)
    }

    /// Drops the database, ending any session still connected to it.
    public func drop() {
        _ = try? TestPostgres.psql(database: "postgres", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
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

/// A cluster started by this test process (when `make test` gave none), stopped at exit.
private enum OwnCluster {
    static let directory = Mutex<String?>(nil)

    static func start() throws -> String {
        let path = NSTemporaryDirectory() + "face-test-pg-\(getpid())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryRoot.appending("scripts/test-postgres.sh"))
        process.arguments = ["start", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = text.split(separator: "\n").last else {
            throw TestPostgresError.start("scripts/test-postgres.sh exited \(process.terminationStatus)")
        }
        directory.withLock { $0 = path }
        atexit {
            guard let path = OwnCluster.directory.withLock({ $0 }) else { return }
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: RepositoryRoot.appending("scripts/test-postgres.sh"))
            stop.arguments = ["stop", path]
            try? stop.run()
            stop.waitUntilExit()
        }
        let url = String(line)
        return url.hasSuffix("/postgres") ? String(url.dropLast("/postgres".count)) : url
    }
}
