import ArgumentParser
import FaceLibrary

/// `facectl restore FILE`: a backup into a new data directory.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup (FILE and its key file) into an empty --data-dir.",
        discussion: """
            Checks the snapshot's integrity and schema version and that the key file opens every app's
            secret before writing anything. A server started on the restored directory answers as the
            original did when the backup began.
            """)

    @OptionGroup var data: DataDirectoryOptions
    @Argument(help: "A snapshot written by `facectl backup`.") var file: String
    @Option(help: "The sealing key of the backed-up directory (default: FILE.key).") var keyFile: String?

    func run() async throws {
        guard try data.database() == .sqlite else { throw DataDirectoryError.notOnPostgres("facectl restore") }
        let summary = try DataDirectory.restore(from: file, keyFile: keyFile ?? DataDirectory.backupKeyPath(for: file),
                                                into: data.dataDir)
        try JSONLine.print(BackupJSON(summary, target: .dataDirectory))
    }
}
