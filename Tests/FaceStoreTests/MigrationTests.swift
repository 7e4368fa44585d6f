import Foundation
import Testing
import FaceTestSupport
@testable import FaceStore
import FaceStorePostgres

@Suite struct MigrationTests {
    @Test func freshDatabaseGetsEveryMigrationOnce() async throws {
        try await StoreFixture.with(.sqlite) { fixture in
            let expected = MigrationCatalog.all.map(\.version)
            #expect(try await fixture.store.appliedMigrations() == expected)
            // Reopening applies nothing new and keeps the record.
            let store = try #require(fixture.store as? SQLiteFaceStore)
            let connection = try SQLiteConnection(path: store.path)
            #expect(try MigrationRunner(connection: connection).migrate(MigrationCatalog.all).isEmpty)
            #expect(try MigrationRunner(connection: connection).appliedVersions() == expected)
        }
    }

    @Test func olderDatabaseUpgradesItself() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.appending("db.sqlite")
        let first = try #require(Migration(fileName: "0001_one.sql", sql: "CREATE TABLE one (x INTEGER);"))
        let second = try #require(Migration(fileName: "0002_two.sql", sql: "ALTER TABLE one ADD COLUMN y TEXT;"))
        _ = try SQLiteFaceStore(path: path, migrations: [first])
        let connection = try SQLiteConnection(path: path)
        #expect(try MigrationRunner(connection: connection).migrate([second, first]) == [2])
        try connection.execute("INSERT INTO one (x, y) VALUES (1, 'upgraded')")
    }

    @Test func newerDatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.appending("db.sqlite")
        let first = try #require(Migration(fileName: "0001_one.sql", sql: "CREATE TABLE one (x INTEGER);"))
        let second = try #require(Migration(fileName: "0002_two.sql", sql: "CREATE TABLE two (x INTEGER);"))
        _ = try SQLiteFaceStore(path: path, migrations: [first, second])
        #expect(throws: MigrationError.databaseIsNewer(databaseVersion: 2, binaryVersion: 1)) {
            _ = try SQLiteFaceStore(path: path, migrations: [first])
        }
    }

    @Test func failingMigrationLeavesNothingBehind() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.appending("db.sqlite")
        let good = try #require(Migration(fileName: "0001_good.sql", sql: "CREATE TABLE good (x INTEGER);"))
        let bad = try #require(Migration(fileName: "0002_bad.sql", sql: "CREATE TABLE half (x); SELECT nonsense("))
        #expect(throws: MigrationError.self) { _ = try SQLiteFaceStore(path: path, migrations: [good, bad]) }
        let connection = try SQLiteConnection(path: path)
        let tables = try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .rows { $0.text(0) }
        // Even the bookkeeping table was rolled back with the failed file.
        #expect(tables.isEmpty)
    }

    @Test func fileNamesParse() {
        #expect(Migration(fileName: "0012_add_index.sql", sql: "")?.version == 12)
        #expect(Migration(fileName: "0012_add_index.sql", sql: "")?.name == "add_index")
        #expect(Migration(fileName: "README.md", sql: "") == nil)
        #expect(Migration(fileName: "x_name.sql", sql: "") == nil)
        #expect(Migration(fileName: "0000_zero.sql", sql: "") == nil)
    }

    /// Every SQL file in each backend's migrations folder is compiled in, in order.
    @Test(arguments: [("migrations", MigrationCatalog.all), ("migrations/postgresql", PostgresMigrationCatalog.all)])
    func catalogListsEveryMigrationFile(_ folder: String, _ catalog: [Migration]) throws {
        let path = RepositoryRoot.appending(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".sql") }.sorted()
        let fromFiles = try files.map { name in
            try #require(Migration(fileName: name, sql: String(contentsOfFile: "\(path)/\(name)", encoding: .utf8)))
        }
        #expect(fromFiles == catalog)
        #expect(catalog.map(\.version) == Array(1...catalog.count))
    }

    @Test func connectionsUseWALFullSyncAndForeignKeys() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let connection = try SQLiteConnection(path: directory.appending("db.sqlite"))
        #expect(try connection.prepare("PRAGMA journal_mode").firstRow { $0.text(0) } == "wal")
        #expect(try connection.prepare("PRAGMA synchronous").firstRow { $0.int(0) } == 2)
        #expect(try connection.prepare("PRAGMA foreign_keys").firstRow { $0.int(0) } == 1)
    }
}
