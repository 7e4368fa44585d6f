import ArgumentParser
import FaceLibrary

/// `facectl backup FILE`: a consistent snapshot of a live data directory.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent snapshot of the database to FILE and the sealing key to FILE.key.",
        discussion: """
            Safe while the server runs and writes: the snapshot holds exactly the writes committed before
            it began. FILE is an SQLite database (mode 0600) with every app (secrets sealed), library,
            face and embedding; FILE.key is a copy of secret-sealing.key, without which the apps'
            secrets cannot be opened. Keep the two apart (the key never changes for a data directory, so
            --without-key skips it once you hold a copy). Restore with `facectl restore FILE`.
            With --database-url (PostgreSQL) it refuses: use pg_dump -Fc and pg_restore.
            """)

    @OptionGroup var data: DataDirectoryOptions
    @Argument(help: "The snapshot file to create (must not exist).") var file: String
    @Flag(help: "Do not write FILE.key.") var withoutKey = false

    func run() async throws {
        let summary = try await data.open().backup(to: file, includeKey: !withoutKey)
        try JSONLine.print(BackupJSON(summary, target: .database))
    }
}
