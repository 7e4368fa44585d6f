/// The migrations compiled into this binary, in version order.
///
/// The SQL files live in the top-level `migrations/` folder (linked into this module as `MigrationSQL`) and are embedded by
/// SwiftPM (`.embedInCode` in Package.swift); a test checks that every file
/// in that folder is listed here. (SwiftPM names the embedded bytes after the
/// file with its leading digit replaced: `0001_initial.sql` → `_001_initial_sql`.)
public enum MigrationCatalog {
    /// Every known migration, ascending by version.
    public static let all: [Migration] = [
        Migration(embedded: "0001_initial.sql", PackageResources._001_initial_sql),
    ].sorted { $0.version < $1.version }
}
