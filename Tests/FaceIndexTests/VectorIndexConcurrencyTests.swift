import FaceIndex
import Foundation
import Synchronization
import Testing

/// Writers and searchers on separate threads at once. Invariants checked on
/// every search: no id whose removal was acknowledged before the search
/// started is shortlisted; every id added (and not removed) before the search
/// started is found by a query equal to its vector; the shortlist holds ids
/// of rows added with the vectors the rescoring reads (no torn or stale rows).
@Suite struct VectorIndexConcurrencyTests {
    /// The vector every test thread agrees is stored under `id`.
    static func vector(for id: Int64) -> [Float] {
        var rng = SeededGenerator(seed: UInt64(id) &* 31 &+ 1)
        return TestVectors.unit(128, using: &rng)
    }

    /// Ids whose add or remove has been acknowledged, and removals under way.
    final class Ledger: Sendable {
        struct State {
            var added: [Int64] = []
            var removing: Set<Int64> = []
            var removed: Set<Int64> = []
        }
        private let state = Mutex(State())
        func added(_ ids: [Int64]) { state.withLock { $0.added += ids } }
        func removing(_ id: Int64) { state.withLock { _ = $0.removing.insert(id) } }
        func removed(_ id: Int64) { state.withLock { _ = $0.removed.insert(id) } }
        var snapshot: State { state.withLock { $0 } }
    }

    @Test func concurrentWritersAndSearchersKeepTheInvariants() throws {
        let reference = ReferenceIndex()
        let index = try VectorIndex(dimension: 128)
        let ledger = Ledger()
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()

        for writer in 0..<2 {
            spawn(group) {
                var rng = SeededGenerator(seed: UInt64(100 + writer))
                var mine: [Int64] = []
                for round in 0..<40 {
                    let base = Int64(writer * 1_000_000 + round * 500)
                    let ids = (base..<base + Int64(Int.random(in: 1...500, using: &rng))).map { $0 }
                    for id in ids { reference.add(id: id, vector: Self.vector(for: id)) }
                    try? index.add(ids: ids, vectors: ids.flatMap(Self.vector(for:)))
                    ledger.added(ids)
                    mine += ids
                    for _ in 0..<Int.random(in: 0...120, using: &rng) where !mine.isEmpty {
                        let id = mine.remove(at: Int.random(in: 0..<mine.count, using: &rng))
                        ledger.removing(id)
                        if index.remove(id: id) { ledger.removed(id) }
                        // The reference keeps removed vectors: a late hit must still be explainable.
                    }
                }
            }
        }
        for searcher in 0..<3 {
            spawn(group) {
                var rng = SeededGenerator(seed: UInt64(200 + searcher))
                for _ in 0..<60 {
                    let before = ledger.snapshot
                    let probe = before.added.filter { !before.removing.contains($0) }.randomElement(using: &rng)
                    let query = probe.map(Self.vector(for:)) ?? TestVectors.unit(128, using: &rng)
                    guard let shortlist = try? index.search(query: query, k: 20) else { continue }
                    // A probe removed while the search ran may legitimately be missing.
                    let stillLive = probe.flatMap { ledger.snapshot.removing.contains($0) ? nil : $0 }
                    var problems = shortlist.ids.filter(before.removed.contains).map { "removed id \($0) shortlisted" }
                    problems += Self.check(reference.ranked(shortlist), query: query, probe: stillLive)
                    if !problems.isEmpty { failures.withLock { $0 += problems } }
                }
            }
        }
        group.wait()
        let found = failures.withLock { $0 }
        #expect(found.isEmpty, "\(found.prefix(5))")
        let final = ledger.snapshot
        #expect(final.removed.count > 100)
        #expect(index.count == final.added.count - final.removed.count)
    }

    private static func check(_ hits: [Hit], query: [Float], probe: Int64?) -> [String] {
        var problems: [String] = []
        for hit in hits {
            let exact = ReferenceIndex.score(query, vector(for: hit.id))
            if abs(hit.score - exact) > 1e-12 { problems.append("id \(hit.id) scored \(hit.score), stored \(exact)") }
        }
        if zip(hits, hits.dropFirst()).contains(where: { $0.score < $1.score }) { problems.append("unsorted") }
        if let probe, !hits.contains(where: { $0.id == probe }) {
            problems.append("acknowledged id \(probe) not found by its own vector")
        }
        return problems
    }

    private func spawn(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        Thread {
            body()
            group.leave()
        }.start()
    }
}
