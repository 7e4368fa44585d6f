import FaceStore
import Foundation

// Design note: a backup is two files. FILE is a consistent snapshot of the
// database (VACUUM INTO on one read transaction: the server keeps writing
// meanwhile, and the snapshot holds exactly the transactions committed
// before it began). FILE.key is a copy of the secret-sealing key, which the
// apps' sealed secrets need. They are separate so that ops can keep them
// apart (e.g. snapshots in object storage, the key in a vault, copied once:
// it never changes for a data directory); the snapshot alone reveals no
// secret. A restore needs both and checks that the key opens every app's
// secret before it writes anything.

extension DataDirectory {
    /// The name of the key copy written beside a backup file.
    public static func backupKeyPath(for backupPath: String) -> String { backupPath + ".key" }

    /// Writes a consistent snapshot of the database to `path` (new file,
    /// mode 0600) and, if `includeKey`, the sealing key to `path.key`.
    public func backup(to path: String, includeKey: Bool) async throws -> BackupSummary {
        guard database == .sqlite else { throw DataDirectoryError.notOnPostgres("facectl backup") }
        let keyPath = Self.backupKeyPath(for: path)
        for target in [path] + (includeKey ? [keyPath] : []) where FileManager.default.fileExists(atPath: target) {
            throw DataDirectoryError.fileExists(target)
        }
        // Written under a temporary name and renamed, so FILE exists only once complete.
        let partial = path + ".partial"
        try await storage.backup(to: partial)
        guard rename(partial, path) == 0 else {
            unlink(partial)
            throw DataDirectoryError.fileExists(path)
        }
        try DurableFile.syncDirectory(containing: path)
        if includeKey {
            try SealingKeyFile.create(at: keyPath, key: key)
            try DurableFile.syncDirectory(containing: keyPath)
        }
        return try Self.summarize(SnapshotFile(path: path), path: path, keyPath: includeKey ? keyPath : nil)
    }

    /// Restores a backup into `directory`, which must be empty or absent.
    ///
    /// Checks the snapshot (integrity, schema version) and that `keyFile`
    /// opens every app's secret, then installs both files; the next start
    /// of a server (or facectl) on `directory` finds the data as it was
    /// when the backup began.
    public static func restore(from path: String, keyFile: String, into directory: String) throws -> BackupSummary {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        guard existing.isEmpty else { throw DataDirectoryError.notEmpty(directory) }
        let snapshot = try SnapshotFile(path: path)
        let problems = try snapshot.integrityProblems()
        guard problems.isEmpty else { throw DataDirectoryError.corruptBackup(path, problems) }
        let newest = MigrationCatalog.all.map(\.version).max() ?? 0
        let version = try snapshot.schemaVersion()
        guard version <= newest else { throw DataDirectoryError.backupTooNew(backupVersion: version, binaryVersion: newest) }
        let key = try SealingKeyFile.load(from: keyFile)
        let sealer = SecretSealer(key: key)
        for app in try snapshot.apps() {
            guard (try? sealer.open(app.sealedSecret, apiKey: app.apiKey)) != nil else {
                throw DataDirectoryError.wrongKey(keyFile: keyFile, apiKey: app.apiKey)
            }
        }

        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try SealingKeyFile.create(at: SealingKeyFile.path(in: directory), key: key)
        let database = SQLiteFaceStore.databasePath(in: directory)
        try snapshot.copy(to: database + ".restoring")
        guard rename(database + ".restoring", database) == 0 else { throw DataDirectoryError.fileExists(database) }
        try DurableFile.syncDirectory(containing: database)
        // Opening applies the migrations a backup from an older release needs, and WAL mode.
        _ = try SQLiteFaceStore(directory: directory)
        return try summarize(snapshot, path: directory, keyPath: keyFile)
    }

    private static func summarize(_ snapshot: SnapshotFile, path: String, keyPath: String?) throws -> BackupSummary {
        let counts = try snapshot.rowCounts()
        let size = (try? FileManager.default.attributesOfItem(atPath: snapshot.path)[.size] as? Int) ?? 0
        return BackupSummary(path: path, keyPath: keyPath, apps: counts.apps, libraries: counts.libraries,
                             faces: counts.faces, bytes: size)
    }
}
