import ArgumentParser
import FaceLibrary
import Foundation

/// The data directory (and database) every subcommand works on; given before or after the subcommand.
struct DataDirectoryOptions: ParsableArguments {
    @Option(help: "The face-server data directory (SQLite database and secret-sealing key).")
    var dataDir: String = "./data"
    @Option(help: """
        A PostgreSQL database instead of SQLite in --data-dir: postgres://USER[:PASSWORD]@HOST:PORT/DB \
        (default: $FACE_SERVER_DATABASE_URL when set, as for face-server).
        """)
    var databaseURL: String?
    @Option(help: "The secret-sealing key file, the server's (default <data-dir>/secret-sealing.key).")
    var sealingKeyFile: String?

    /// Where the database is: the flag, else the server's environment variable, else SQLite.
    func database() throws -> DatabaseLocation {
        let url = databaseURL ?? ProcessInfo.processInfo.environment["FACE_SERVER_DATABASE_URL"] ?? ""
        do {
            return try DatabaseLocation(databaseURL: url)
        } catch {
            throw ValidationError("--database-url: \(error)")
        }
    }

    /// Opens the directory, which must already hold a database unless `create`.
    func open(create: Bool = false) async throws -> DataDirectory {
        try await DataDirectory.open(dataDir, database: database(), sealingKeyFile: sealingKeyFile, create: create)
    }
}
