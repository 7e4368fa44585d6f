@testable import FaceLibrary
import FaceStorePostgres
import Foundation

/// The PostgreSQL half of the start-up benchmark: the same measurements as
/// SQLite's on a copy of the same data, printed beside them.
enum PostgresStartup {
    static func measure(url text: String, binary: String, data: BenchDataDirectory, models: String, root: String,
                        portrait: [UInt8], limit: Int,
                        sqlite: (loaded: Double, first: Double, inProcess: Double, peak: Int)) async throws {
        let url = try PostgresURL(text)
        let copyStart = ContinuousClock.now
        let copied = try await PostgresCopy.copy(from: data, to: url)
        print(String(format: "\ncopied %d faces into %@ in %.1f s", copied, "\(url)", seconds(since: copyStart)))

        let server = try await ServerRun(binary: binary, data: data, models: models,
                                         logPath: "\(root)/.bench/startup/server-postgres.log", databaseURL: text)
        let first = try await server.search(portrait, in: BenchDataDirectory.bigLibrary, limit: limit)
        let firstAnswer = seconds(since: server.launched)
        let (loadedAt, loadedLine) = try await server.waitForLog("vector indexes loaded")
        guard first["results"]?[0]?["user_id"]?.string == "obama" else {
            throw BenchError("on PostgreSQL the portrait's best match is not obama: \(first)")
        }
        let memory = try server.memory()
        server.stop()

        let directory = try await DataDirectory.open(data.path, database: .postgres(url), create: false,
                                                     model: try RecognitionModel.load(modelsDirectory: models, version: "s21",
                                                                                      imageLimits: .defaults))
        let loadStart = ContinuousClock.now
        let indexed = try await directory.services.loadIndexes()
        let inProcess = seconds(since: loadStart)
        _ = try await directory.shutDown()

        func ms(_ value: Double) -> String { String(format: "%8.1f", value * 1000) }
        print("""

            start-up on PostgreSQL 15 vs SQLite, same \(data.faces) faces, same run           PostgreSQL   SQLite (ms)
              launch -> indexes loaded log line                                    \(ms(loadedAt)) \(ms(sqlite.loaded))   (PostgreSQL load: \(logSeconds(loadedLine)) s in the log)
              launch -> first search answer                                       \(ms(firstAnswer)) \(ms(sqlite.first))   target ≤ 10000 ms on PostgreSQL (\(firstAnswer <= 10 ? "met" : "NOT met"))
              in-process loadIndexes (\(indexed) faces)                               \(ms(inProcess)) \(ms(sqlite.inProcess))
              server peak RSS (VmHWM), MiB                                        \(String(format: "%8.1f %8.1f", Double(memory.peak) / 1_048_576, Double(sqlite.peak) / 1_048_576))
            """)
    }
}
