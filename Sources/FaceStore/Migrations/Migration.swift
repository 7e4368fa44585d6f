/// One numbered schema change, applied once and recorded.
public struct Migration: Sendable, Equatable {
    /// The number from the file name (`0001_initial.sql` → 1).
    public let version: Int
    /// The file name without its number and extension (`initial`).
    public let name: String
    /// The SQL, run in one transaction together with its record.
    public let sql: String

    /// Parses a file named `NNNN_name.sql`; nil for any other name.
    public init?(fileName: String, sql: String) {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let separator = stem.firstIndex(of: "_"),
              let version = Int(stem[..<separator]), version > 0 else { return nil }
        self.version = version
        self.name = String(stem[stem.index(after: separator)...])
        self.sql = sql
    }
}

extension Migration {
    /// A migration compiled into a binary (a catalog's entry); the file name is checked by the catalog test.
    public init(embedded fileName: String, _ bytes: [UInt8]) {
        guard let migration = Migration(fileName: fileName, sql: String(decoding: bytes, as: UTF8.self)) else {
            preconditionFailure("migration file \(fileName) is not named NNNN_name.sql")
        }
        self = migration
    }

    /// The migrations of `known` not yet in `applied`, ascending by version.
    ///
    /// - Throws: `MigrationError.databaseIsNewer` when the database records a
    ///   version beyond the newest of `known` (a newer release migrated it).
    public static func pending(applied: Set<Int>, known: [Migration]) throws -> [Migration] {
        let newest = known.map(\.version).max() ?? 0
        if let recorded = applied.max(), recorded > newest {
            throw MigrationError.databaseIsNewer(databaseVersion: recorded, binaryVersion: newest)
        }
        return known.filter { !applied.contains($0.version) }.sorted { $0.version < $1.version }
    }
}
