import ArgumentParser
import FaceLibrary

/// The data directory every subcommand works on; given before or after the subcommand.
struct DataDirectoryOptions: ParsableArguments {
    @Option(help: "The face-server data directory (SQLite database and secret-sealing key).")
    var dataDir: String = "./data"

    /// Opens the directory, which must already hold a database unless `create`.
    func open(create: Bool = false) throws -> DataDirectory {
        try DataDirectory.open(dataDir, create: create)
    }
}
