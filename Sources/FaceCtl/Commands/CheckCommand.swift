import ArgumentParser
import FaceLibrary
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `facectl check`: database integrity and consistency, and optionally the indexes of running servers.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database (integrity, face counts, models, embedding sizes and values, secrets) and, "
            + "with --admin-url, running servers' indexes against it.",
        discussion: """
            Prints one JSON object. Exit status: 0 when healthy, 2 when problems were found, 1 when the
            check could not run. Safe while servers run. Give --admin-url once per node of a deployment
            on PostgreSQL: each node's indexes are compared with the database at the change each has
            applied; a node that has not applied a library's latest change yet is asked again for up to
            --settle seconds (writes may be under way) and reported under "lagging" if it stays behind.
            On SQLite, with writes going on, an index count may differ from the database for the instant
            between a commit and its index update. Libraries whose index a server has not loaded (imported
            since it started, say) are not compared: they load from the database on first use.
            """)

    @OptionGroup var data: DataDirectoryOptions
    @Option(help: "A running server's admin listener, e.g. http://127.0.0.1:9090; repeat for every node.")
    var adminURL: [String] = []
    @Option(help: "Seconds to wait for nodes behind the database to catch up before reporting them (default 5).")
    var settle: Double = 5

    func run() async throws {
        let directory = try await data.open()
        var note: String?
        var report = try await directory.check(nodes: nil)
        if !adminURL.isEmpty {
            let deadline = Date().addingTimeInterval(settle)
            while true {
                let nodes = try await withThrowingTaskGroup(of: NodeIndexes.self) { group in
                    for url in adminURL { group.addTask { try await Self.indexes(from: url, named: adminURL.count > 1) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                if nodes.allSatisfy({ $0.libraries.isEmpty }) {
                    note = "no server has loaded a library index yet (they load at start and on first use); indexes not compared"
                    break
                }
                report = try await directory.check(nodes: nodes)
                if report.lagging.isEmpty || Date() >= deadline { break }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        try JSONLine.print(Output(
            healthy: report.isHealthy && report.lagging.isEmpty, apps: report.apps, libraries: report.libraries,
            faces: report.faces, indexes_compared: report.indexesCompared, note: note, lagging: report.lagging,
            problems: report.problems.map { Problem(check: $0.check.rawValue, message: $0.message) }))
        if !report.isHealthy || !report.lagging.isEmpty { throw ExitCode(2) }
    }

    /// A server's loaded indexes, read from its `/metrics`: `facesearch_index_vectors`
    /// and, where it follows a change log, `facesearch_index_applied_seq`.
    private static func indexes(from adminURL: String, named: Bool) async throws -> NodeIndexes {
        guard let url = URL(string: adminURL.hasSuffix("/") ? adminURL + "metrics" : adminURL + "/metrics") else {
            throw ValidationError("--admin-url \(adminURL) is not a URL")
        }
        let (body, response) = try await URLSession.shared.data(from: url)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw ValidationError("\(url) did not answer 200")
        }
        let text = String(decoding: body, as: UTF8.self)
        func values(_ metric: String) -> [LibraryKey: Double] {
            var values: [LibraryKey: Double] = [:]
            for sample in PrometheusText.samples(named: metric, in: text) {
                guard let apiKey = sample.labels["api_key"], let groupID = sample.labels["group_id"] else { continue }
                values[LibraryKey(apiKey: apiKey, groupID: groupID)] = sample.value
            }
            return values
        }
        let applied = values("facesearch_index_applied_seq")
        return NodeIndexes(node: named ? adminURL : nil, libraries: values("facesearch_index_vectors").reduce(into: [:]) {
            $0[$1.key] = IndexFigures(vectors: Int($1.value), bytes: 0, appliedSeq: applied[$1.key].map { Int64($0) })
        })
    }

    private struct Output: Encodable {
        let healthy: Bool
        let apps: Int
        let libraries: Int
        let faces: Int
        let indexes_compared: Bool
        let note: String?
        let lagging: [String]
        let problems: [Problem]
    }

    private struct Problem: Encodable {
        let check: String
        let message: String
    }
}
