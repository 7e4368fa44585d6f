@testable import FaceLibrary
import FaceStorePostgres
import Foundation

/// The PostgreSQL half of the start-up benchmark: the same measurements as
/// SQLite's on a copy of the same data, printed beside them. The server
/// starts are repeated, alternating SQLite and PostgreSQL so that both meet
/// the same machine load, and printed as median with min–max.
enum PostgresStartup {
    /// Server starts per backend (besides SQLite's first one, measured before).
    static let rounds = 3

    static func measure(url text: String, binary: String, data: BenchDataDirectory, models: String, root: String,
                        portrait: [UInt8], limit: Int,
                        sqlite: (loaded: Double, first: Double, inProcess: Double, peak: Int)) async throws {
        let url = try PostgresURL(text)
        let copyStart = ContinuousClock.now
        let copied = try await PostgresCopy.copy(from: data, to: url)
        print(String(format: "\ncopied %d faces into %@ in %.1f s", copied, "\(url)", seconds(since: copyStart)))

        var postgresStarts: [Start] = []
        var sqliteStarts = [Start(loaded: sqlite.loaded, first: sqlite.first, peak: sqlite.peak)]
        var loads: [Double] = []
        for round in 0 ..< rounds {
            loads.append(loadAverage())
            postgresStarts.append(try await start(binary: binary, data: data, models: models, portrait: portrait,
                                                  limit: limit, logPath: "\(root)/.bench/startup/server-postgres.log",
                                                  databaseURL: text))
            if round < rounds - 1 {
                sqliteStarts.append(try await start(binary: binary, data: data, models: models, portrait: portrait,
                                                    limit: limit, logPath: "\(root)/.bench/startup/server.log",
                                                    databaseURL: nil))
            }
        }

        let directory = try await DataDirectory.open(data.path, database: .postgres(url), create: false,
                                                     model: try RecognitionModel.load(modelsDirectory: models, version: "s21",
                                                                                      imageLimits: .defaults))
        let loadStart = ContinuousClock.now
        let indexed = try await directory.services.loadIndexes()
        let inProcess = seconds(since: loadStart)
        _ = try await directory.shutDown()

        func ms(_ value: Double) -> String { String(format: "%8.1f", value * 1000) }
        func spread(_ values: [Double]) -> String {
            let sorted = values.sorted()
            return String(format: "%7.0f (%5.0f–%5.0f)", sorted[sorted.count / 2] * 1000, sorted.first! * 1000,
                          sorted.last! * 1000)
        }
        let firsts = postgresStarts.map(\.first)
        print("""

            start-up on PostgreSQL 15 vs SQLite, same \(data.faces) faces, same run, \(rounds) starts each,
            alternating; median (min–max) ms; load average \(loads.map { String(format: "%.2f", $0) }.joined(separator: ", "))
                                                           PostgreSQL               SQLite
              launch -> indexes loaded log line    \(spread(postgresStarts.map(\.loaded)))  \(spread(sqliteStarts.map(\.loaded)))
              launch -> first search answer        \(spread(firsts))  \(spread(sqliteStarts.map(\.first)))   target ≤ 10000 ms on PostgreSQL (\(firsts.max()! <= 10 ? "met" : "NOT met") by the slowest)
              in-process loadIndexes (\(indexed) faces)  \(ms(inProcess))             \(ms(sqlite.inProcess))   (one each)
              server peak RSS (VmHWM), MiB          \(String(format: "%8.1f                %8.1f", Double(postgresStarts.map(\.peak).max()!) / 1_048_576, Double(sqliteStarts.map(\.peak).max()!) / 1_048_576))
            """)
    }

    /// What one server start took.
    struct Start {
        let loaded: Double
        let first: Double
        let peak: Int
    }

    /// Launches a server, times its first search answer and its "indexes loaded" line, and stops it.
    static func start(binary: String, data: BenchDataDirectory, models: String, portrait: [UInt8], limit: Int,
                      logPath: String, databaseURL: String?) async throws -> Start {
        let server = try await ServerRun(binary: binary, data: data, models: models, logPath: logPath,
                                         databaseURL: databaseURL)
        let first = try await server.search(portrait, in: BenchDataDirectory.bigLibrary, limit: limit)
        let firstAnswer = seconds(since: server.launched)
        let (loadedAt, _) = try await server.waitForLog("vector indexes loaded")
        guard first["results"]?[0]?["user_id"]?.string == "obama" else {
            throw BenchError("the portrait's best match is not obama (\(databaseURL == nil ? "SQLite" : "PostgreSQL")): \(first)")
        }
        let memory = try server.memory()
        server.stop()
        return Start(loaded: loadedAt, first: firstAnswer, peak: memory.peak)
    }
}
