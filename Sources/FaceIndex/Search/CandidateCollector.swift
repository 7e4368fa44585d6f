/// The top-k handler shared by every stage: keeps the k largest lower bounds
/// seen (their minimum is the threshold) and every candidate whose upper
/// bound reaches the threshold. Whatever it drops is beaten, provably, by k
/// other rows. Separate from the scoring kernels so each stage reuses it.
struct CandidateCollector: Sendable {
    let k: Int
    private var lowers: [Double] = [] // min-heap of the k largest lower bounds
    private(set) var candidates: [Candidate] = []
    private var pruneAt: Int

    init(k: Int) {
        self.k = k
        pruneAt = 4 * k + 1024
        lowers.reserveCapacity(k)
    }

    /// The k-th largest lower bound so far (−∞ until k rows were offered).
    var threshold: Double { lowers.count < k ? -.infinity : lowers[0] }

    mutating func offer(_ candidate: Candidate) {
        guard candidate.upper >= threshold else { return }
        pushLower(candidate.lower)
        candidates.append(candidate)
        if candidates.count >= pruneAt {
            prune()
            pruneAt = Swift.max(pruneAt, 2 * candidates.count)
        }
    }

    /// Adds another collector's rows (same query, disjoint rows).
    mutating func merge(_ other: CandidateCollector) {
        for lower in other.lowers { pushLower(lower) }
        candidates.append(contentsOf: other.candidates)
    }

    /// The candidates that can still be in the top k.
    func finished() -> [Candidate] {
        let t = threshold
        return candidates.filter { $0.upper >= t }
    }

    private mutating func prune() {
        let t = threshold
        candidates.removeAll { $0.upper < t }
    }

    private mutating func pushLower(_ value: Double) {
        if lowers.count < k {
            lowers.append(value)
            siftUp(lowers.count - 1)
        } else if value > lowers[0] {
            lowers[0] = value
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard lowers[child] < lowers[parent] else { return }
            lowers.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < lowers.count, lowers[left] < lowers[smallest] { smallest = left }
            if right < lowers.count, lowers[right] < lowers[smallest] { smallest = right }
            guard smallest != parent else { return }
            lowers.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
