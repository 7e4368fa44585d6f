import CSQLite
import Foundation

// Design note (read-only databases, SQLite 3.40 as measured on Linux with a
// read-only tmpfs): a WAL database opened read-only reads through its -shm
// index, so it opens when the -wal and -shm files are there (SQLite then
// keeps the index in its own memory) or can be created. After a clean stop
// neither is there, and on a read-only directory neither can be created:
// every open fails with SQLITE_CANTOPEN. The main file is then complete (the
// WAL was checkpointed and removed), so it is opened `immutable`. A WAL that
// holds frames but has no -shm (e.g. deleted by hand) cannot be read, and
// ignoring it would serve a past state: that database is refused.

/// How the store's database was opened.
public enum DatabaseAccess: Sendable, Equatable {
    /// For reads and writes.
    case readWrite
    /// For reads only: the file or its directory cannot be written (why).
    case readOnly(String)

    /// Why the database is read-only; nil when it is not.
    public var readOnlyReason: String? {
        if case .readOnly(let reason) = self { reason } else { nil }
    }
}

/// Opens the connections of one database, all the same way.
struct DatabaseOpener: Sendable {
    let path: String
    let access: SQLiteConnection.Access

    /// A new connection to the database.
    func connection() throws(SQLiteError) -> SQLiteConnection {
        try SQLiteConnection(path: path, access: access)
    }

    /// Why an existing database at `path` cannot be written (nil when it can,
    /// or when there is no file yet): SQLite writes the file and creates its
    /// -wal and -shm files beside it.
    static func unwritableReason(path: String) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        for candidate in [path, (path as NSString).deletingLastPathComponent] where Glibc.access(candidate, W_OK) != 0 {
            return "\(candidate): \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// The way to read the database at `path` without writing anything.
    static func readOnly(path: String) throws -> DatabaseOpener {
        let plain = DatabaseOpener(path: path, access: .readOnly)
        do {
            try plain.probe()
            return plain
        } catch let error as SQLiteError where error.primaryCode == SQLITE_CANTOPEN {
            guard Self.walIsEmpty(path) else { throw DatabaseOpenError.unreadableWAL(path + "-wal") }
            let immutable = DatabaseOpener(path: path, access: .immutable)
            try immutable.probe()
            return immutable
        }
    }

    /// Reads the schema, which makes SQLite open the WAL and its index too.
    private func probe() throws {
        _ = try connection().prepare("SELECT count(*) FROM sqlite_schema").firstRow { $0.int(0) }
    }

    private static func walIsEmpty(_ path: String) -> Bool {
        var info = stat()
        return stat(path + "-wal", &info) != 0 || info.st_size == 0
    }
}

/// Why a database could not be opened.
public enum DatabaseOpenError: Error, CustomStringConvertible, Equatable {
    /// Read-only, with a WAL holding commits that SQLite cannot read without its -shm file.
    case unreadableWAL(String)

    public var description: String {
        switch self {
        case .unreadableWAL(let wal):
            "the database is read-only and \(wal) holds commits that SQLite cannot read without its -shm file; "
                + "make the data directory writable and start once, so that SQLite recovers them"
        }
    }
}
