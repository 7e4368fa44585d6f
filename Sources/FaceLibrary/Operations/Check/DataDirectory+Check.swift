import FaceStore
import Foundation

extension DataDirectory {
    /// Checks the database file and the rules the service relies on:
    /// SQLite's integrity check, foreign keys, face counts against rows,
    /// each face's model, embedding size and values (finite, unit length:
    /// this reads every embedding), every app's sealed secret
    /// against the key file and, when `indexVectors` (a running server's
    /// per-library counts of its loaded indexes) is given, the indexes against
    /// the rows.
    public func check(indexVectors: [LibraryKey: Int]? = nil) async throws -> CheckReport {
        try await check(nodes: indexVectors.map { vectors in
            [NodeIndexes(node: nil, libraries: vectors.mapValues { IndexFigures(vectors: $0, bytes: 0) })]
        })
    }

    /// The same checks, comparing the indexes of every node in `nodes` with
    /// the database: on PostgreSQL an index must hold the library's faces
    /// when it has applied the library's latest change, and may not be ahead
    /// of it; a node behind is reported as lagging (`CheckReport.lagging`),
    /// which the caller may check again after a moment.
    public func check(nodes: [NodeIndexes]?) async throws -> CheckReport {
        let report = try await storage.consistencyReport()
        let apps = try await storage.apps()
        let libraries = try await storage.allLibraries()
        let apiKeys = Dictionary(uniqueKeysWithValues: apps.map { ($0.id, $0.apiKey) })
        let names = Dictionary(uniqueKeysWithValues: libraries.map {
            ($0.id, LibraryKey(apiKey: apiKeys[$0.appID] ?? "?", groupID: $0.groupID))
        })
        func name(_ id: Int64) -> String { names[id]?.description ?? "library #\(id)" }

        var problems = report.integrityProblems.map { CheckProblem(check: .integrity, message: $0) }
        if report.foreignKeyViolations > 0 {
            problems.append(CheckProblem(check: .foreignKeys, message: "\(report.foreignKeyViolations) rows point at a missing app or library"))
        }
        problems += report.countMismatches.map {
            CheckProblem(check: .faceCount, message: "\(name($0.libraryID)): face_count is \($0.recorded) but \($0.actual) face rows exist")
        }
        for shape in report.embeddingShapes {
            let faces = "\(name(shape.libraryID)): \(shape.faces) faces"
            if shape.faceModel != shape.libraryModel {
                problems.append(CheckProblem(check: .modelVersion,
                                             message: "\(faces) of model \(shape.faceModel) in a library of model \(shape.libraryModel)"))
            }
            if let dimension = ModelVersion.embeddingDimension(of: shape.faceModel) {
                if shape.embeddingBytes != dimension * 4 {
                    problems.append(CheckProblem(check: .embeddingSize, message:
                        "\(faces) have \(shape.embeddingBytes)-byte embeddings; model \(shape.faceModel) needs \(dimension * 4)"))
                }
            } else {
                problems.append(CheckProblem(check: .modelVersion, message: "\(faces) of model \(shape.faceModel), unknown to this release"))
            }
        }
        for library in libraries {
            problems += try await embeddingValueProblems(of: library, named: name(library.id))
        }
        for app in apps where (try? sealer.open(app.sealedSecret, apiKey: app.apiKey)) == nil {
            problems.append(CheckProblem(check: .secrets,
                                         message: "app \(app.apiKey): its secret does not open with \(SealingKeyFile.fileName)"))
        }
        var lagging: [String] = []
        if let nodes {
            // Heads read after the nodes' figures: a node can only be behind them, never wrongly ahead.
            let heads = try await libraryHeads()
            for node in nodes {
                let found = Self.compare(node, with: libraries, heads: heads, names: names)
                problems += found.problems
                lagging += found.lagging
            }
        }
        return CheckReport(problems: problems, apps: apps.count, libraries: libraries.count,
                           faces: libraries.reduce(0) { $0 + $1.faceCount }, indexesCompared: nodes != nil,
                           lagging: lagging)
    }

    /// The library's embeddings that break `EmbeddingRule` (those of the
    /// model's size; other sizes are the embedding_size check's), one problem
    /// per kind naming a few face tokens.
    private func embeddingValueProblems(of library: LibraryRecord, named name: String) async throws -> [CheckProblem] {
        guard let dimension = ModelVersion.embeddingDimension(of: library.modelVersion) else { return [] }
        var nonFinite: [Int64] = [], notUnit: [(id: Int64, length: Double)] = []
        for try await batch in storage.embeddings(libraryID: library.id, batchSize: IndexBuilder.batchSize) {
            for record in batch where record.embedding.count == dimension {
                switch EmbeddingRule.problem(record.embedding) {
                case nil: break
                case .nonFinite: nonFinite.append(record.faceID)
                case .notUnitLength(let length): notUnit.append((record.faceID, length))
                }
            }
        }
        guard !nonFinite.isEmpty || !notUnit.isEmpty else { return [] }
        let examples = Array(nonFinite.prefix(3)) + notUnit.prefix(3).map(\.id)
        let tokens = Dictionary(try await storage.storedFaces(libraryID: library.id, ids: examples)
            .map { ($0.record.id, $0.record.faceToken) }, uniquingKeysWith: { first, _ in first })
        func named(_ ids: [Int64]) -> String { ids.map { tokens[$0] ?? "#\($0)" }.joined(separator: ", ") }
        var problems: [CheckProblem] = []
        if !nonFinite.isEmpty {
            problems.append(CheckProblem(check: .embeddingValues, message:
                "\(name): \(nonFinite.count) faces have embeddings holding NaN or infinite values "
                    + "(e.g. face_token \(named(Array(nonFinite.prefix(3)))))"))
        }
        if !notUnit.isEmpty {
            let (shortest, longest) = (Self.format(notUnit.map(\.length).min()!), Self.format(notUnit.map(\.length).max()!))
            let lengths = shortest == longest ? "length \(shortest)" : "lengths \(shortest) to \(longest)"
            problems.append(CheckProblem(check: .embeddingValues, message:
                "\(name): \(notUnit.count) faces have embeddings that are not of unit length "
                    + "(\(lengths); e.g. face_token \(named(notUnit.prefix(3).map(\.id))))"))
        }
        return problems
    }

    private static func format(_ length: Double) -> String { String(format: "%.6g", length) }

    private static func compare(_ node: NodeIndexes, with libraries: [LibraryRecord], heads: [Int64: LibraryHead]?,
                                names: [Int64: LibraryKey]) -> (problems: [CheckProblem], lagging: [String]) {
        var problems: [CheckProblem] = []
        var lagging: [String] = []
        var unmatched = node.libraries
        let server = node.node.map { "node \($0)" } ?? "the server"
        for library in libraries {
            guard let key = names[library.id] else { continue }
            // A library the server has not loaded yet loads on first use, from the rows checked here.
            guard let index = unmatched.removeValue(forKey: key) else { continue }
            let head = heads?[library.id]
            let faces = head?.faceCount ?? library.faceCount
            if let applied = index.appliedSeq, let head {
                if applied < head.seq {
                    lagging.append("\(key): \(server) has applied change \(applied) of \(head.seq)")
                    continue
                }
                if applied > head.seq {
                    problems.append(CheckProblem(check: .index, message: "\(key): \(server) has applied change "
                                                 + "\(applied), the database holds \(head.seq) (restored?)"))
                    continue
                }
            }
            if index.vectors != faces {
                problems.append(CheckProblem(check: .index, message: "\(key): \(server)'s "
                                             + "index holds \(index.vectors) vectors, the database \(faces) faces"))
            }
        }
        problems += unmatched.keys.sorted { $0.description < $1.description }.map {
            CheckProblem(check: .index, message: "\($0): \(server) has an index for a library the database does not hold")
        }
        return (problems, lagging)
    }
}

/// One node's loaded indexes, as its admin listener reports them.
public struct NodeIndexes: Sendable {
    /// How the node is named in reports (its admin URL); nil: the one server.
    public let node: String?
    /// Vectors (and, following a change log, the change applied) per library.
    public let libraries: [LibraryKey: IndexFigures]

    public init(node: String?, libraries: [LibraryKey: IndexFigures]) {
        self.node = node
        self.libraries = libraries
    }
}
