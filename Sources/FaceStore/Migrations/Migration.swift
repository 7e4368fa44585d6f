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
