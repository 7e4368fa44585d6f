/// What a backup or a restore wrote.
public struct BackupSummary: Sendable, Equatable {
    /// The database snapshot (backup) or the restored data directory (restore).
    public let path: String
    /// The copy of the secret-sealing key written or read; nil when the backup left it out.
    public let keyPath: String?
    public let apps: Int
    public let libraries: Int
    public let faces: Int
    /// Size of the database snapshot file.
    public let bytes: Int
}
