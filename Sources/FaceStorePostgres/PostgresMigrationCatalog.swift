import FaceStore

/// The PostgreSQL migrations compiled into this binary, in version order.
///
/// The SQL files live in `migrations/postgresql/` (linked into this module as
/// `MigrationSQL`) and are embedded by SwiftPM; a test checks that every file
/// there is listed here.
public enum PostgresMigrationCatalog {
    /// Every known migration, ascending by version.
    public static let all: [Migration] = [
        Migration(embedded: "0001_initial.sql", PackageResources._001_initial_sql),
    ].sorted { $0.version < $1.version }
}
