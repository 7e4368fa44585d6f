import Foundation
import Testing
import FaceTestSupport
@testable import FaceStore
@testable import FaceStorePostgres

@Suite struct PostgresMigrationTests {
    @Test func freshDatabaseGetsEveryMigrationOnceEvenWhenOpenedTogether() async throws {
        let database = try TestPostgres.makeDatabase()
        defer { database.drop() }
        let url = try PostgresURL(database.url)
        // Four processes starting at once: the advisory lock makes them take turns.
        let stores = try await withThrowingTaskGroup(of: PostgresFaceStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresFaceStore.open(url: url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let expected = PostgresMigrationCatalog.all.map(\.version)
        #expect(try await stores[0].appliedMigrations() == expected)
        #expect(try database.execute("SELECT count(*) FROM schema_migrations") == "\(expected.count)")
        for store in stores { _ = try await store.shutDown() }
    }

    @Test func newerDatabaseIsRefusedAndFailingMigrationLeavesNothing() async throws {
        let database = try TestPostgres.makeDatabase()
        defer { database.drop() }
        let url = try PostgresURL(database.url)
        let first = try #require(Migration(fileName: "0001_one.sql", sql: "CREATE TABLE one (x bigint);"))
        let second = try #require(Migration(fileName: "0002_two.sql", sql: """
            CREATE TABLE two (x bigint); -- a comment; with a semicolon
            INSERT INTO two VALUES (1);
            """))
        _ = try await PostgresFaceStore.open(url: url, migrations: [first, second]).shutDown()
        await #expect(throws: MigrationError.databaseIsNewer(databaseVersion: 2, binaryVersion: 1)) {
            _ = try await PostgresFaceStore.open(url: url, migrations: [first])
        }
        let bad = try #require(Migration(fileName: "0003_bad.sql", sql: "CREATE TABLE half (x bigint); SELECT nonsense("))
        await #expect(throws: MigrationError.self) {
            _ = try await PostgresFaceStore.open(url: url, migrations: [first, second, bad])
        }
        #expect(try database.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'half'") == "0")
        #expect(try database.execute("SELECT max(version) FROM schema_migrations") == "2")
        #expect(try database.execute("SELECT x FROM two") == "1")
    }

    @Test func scriptsSplitIntoStatementsOutsideQuotesAndComments() {
        let script = """
            -- leading comment; not a statement
            CREATE TABLE a (x text DEFAULT 'semi;colon'); /* block; comment */
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
            SELECT "odd;name" FROM a WHERE x = 'it''s;';
            """
        #expect(SQLScript.statements(script) == [
            "CREATE TABLE a (x text DEFAULT 'semi;colon')",
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
            "SELECT \"odd;name\" FROM a WHERE x = 'it''s;'",
        ])
    }
}

@Suite struct PostgresConnectionTests {
    @Test func urlsParseAndNeverShowThePassword() throws {
        let url = try PostgresURL("postgres://face%40ops:p%3Ass@db.example:6432/faces?sslmode=require")
        #expect(url.user == "face@ops" && url.password == "p:ss" && url.host == "db.example" && url.port == 6432)
        #expect(url.database == "faces" && url.tls == .require)
        #expect("\(url)" == "postgres://face@ops@db.example:6432/faces")
        #expect(try PostgresURL("postgresql://u@h/d").port == 5432)
        for bad in ["mysql://u@h/d", "postgres://h:5432/d", "postgres://u@h:5432/", "postgres://u@h/d?x=1"] {
            #expect(throws: PostgresURLError.self) { try PostgresURL(bad) }
        }
    }

    @Test func wrongPasswordUnknownDatabaseAndNoServerAreNamedAtOpen() async throws {
        let server = try TestPostgres.serverURL()
        let wrongPassword = try PostgresURL(server.replacingOccurrences(of: "facetest:facetest@", with: "facetest:nope@")
                                            + "/postgres")
        let refused = await #expect(throws: PostgresOpenError.self) { try await PostgresFaceStore.open(url: wrongPassword) }
        #expect(refused?.description.contains("password of user facetest was refused") == true, "\(String(describing: refused))")
        #expect(refused?.description.contains("postgres://facetest@") == true && refused?.description.contains("nope") == false)
        let noDatabase = try PostgresURL(server + "/no_such_database")
        let missing = await #expect(throws: PostgresOpenError.self) { try await PostgresFaceStore.open(url: noDatabase) }
        #expect(missing?.problem == "database no_such_database does not exist", "\(String(describing: missing))")
        let nobody = try PostgresURL("postgres://facetest@127.0.0.1:\(try FreePort.pick())/x")
        let unreachable = await #expect(throws: PostgresOpenError.self) { try await PostgresFaceStore.open(url: nobody) }
        #expect(unreachable?.description.contains("cannot reach the server") == true
                && unreachable?.description.contains("127.0.0.1") == true, "\(String(describing: unreachable))")
    }

    /// Every session acknowledges a commit only once it is flushed, whatever the server's default.
    @Test func sessionsCommitSynchronouslyWithTimeouts() async throws {
        try await StoreFixture.with(.postgres) { fixture in
            try fixture.database!.execute("ALTER DATABASE \(fixture.database!.name) SET synchronous_commit = off")
            let store = try await PostgresFaceStore.open(url: PostgresURL(fixture.database!.url))
            let settings = try await store.executor.withConnection(within: .seconds(5), doing: "test") { connection in
                try await connection.firstRow("""
                    SELECT current_setting('synchronous_commit'), current_setting('statement_timeout'),
                           current_setting('idle_in_transaction_session_timeout')
                    """, logger: store.logger)?.decode((String, String, String).self)
            }
            _ = try await store.shutDown()
            #expect(settings?.0 == "on" && settings?.1 == "8s" && settings?.2 == "30s")
        }
    }
}
