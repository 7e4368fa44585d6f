import ArgumentParser
import FaceLibrary
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `facectl check`: database integrity and consistency, and optionally a running server's indexes.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database (integrity, face counts, models, embedding sizes and values, secrets) and, "
            + "with --admin-url, a running server's indexes against it.",
        discussion: """
            Prints one JSON object. Exit status: 0 when healthy, 2 when problems were found, 1 when the
            check could not run. Safe while the server runs; with writes going on, an index count may
            differ from the database for the instant between a commit and its index update. Libraries
            whose index the server has not loaded (imported since it started, say) are not compared:
            they load from the database on first use.
            """)

    @OptionGroup var data: DataDirectoryOptions
    @Option(help: "A running server's admin listener, e.g. http://127.0.0.1:9090, to compare its index counts.")
    var adminURL: String?

    func run() async throws {
        var note: String?
        var indexVectors: [LibraryKey: Int]?
        if let adminURL {
            indexVectors = try await Self.indexVectors(from: adminURL)
            if indexVectors?.isEmpty == true {
                note = "the server has loaded no library index yet (they load at start and on first use); indexes not compared"
                indexVectors = nil
            }
        }
        let report = try await data.open().check(indexVectors: indexVectors)
        try JSONLine.print(Output(
            healthy: report.isHealthy, apps: report.apps, libraries: report.libraries, faces: report.faces,
            indexes_compared: report.indexesCompared, note: note,
            problems: report.problems.map { Problem(check: $0.check.rawValue, message: $0.message) }))
        if !report.isHealthy { throw ExitCode(2) }
    }

    /// `facesearch_index_vectors` of every library, read from the server's `/metrics`.
    private static func indexVectors(from adminURL: String) async throws -> [LibraryKey: Int] {
        guard let url = URL(string: adminURL.hasSuffix("/") ? adminURL + "metrics" : adminURL + "/metrics") else {
            throw ValidationError("--admin-url \(adminURL) is not a URL")
        }
        let (body, response) = try await URLSession.shared.data(from: url)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw ValidationError("\(url) did not answer 200")
        }
        var vectors: [LibraryKey: Int] = [:]
        for sample in PrometheusText.samples(named: "facesearch_index_vectors", in: String(decoding: body, as: UTF8.self)) {
            guard let apiKey = sample.labels["api_key"], let groupID = sample.labels["group_id"] else { continue }
            vectors[LibraryKey(apiKey: apiKey, groupID: groupID)] = Int(sample.value)
        }
        return vectors
    }

    private struct Output: Encodable {
        let healthy: Bool
        let apps: Int
        let libraries: Int
        let faces: Int
        let indexes_compared: Bool
        let note: String?
        let problems: [Problem]
    }

    private struct Problem: Encodable {
        let check: String
        let message: String
    }
}
