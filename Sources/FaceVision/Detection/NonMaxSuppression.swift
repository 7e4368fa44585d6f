/// dlib's `loss_mmod` non-max suppression with its `test_box_overlap` rule.
///
/// Candidates are visited from the highest score down; one is dropped when it
/// overlaps any kept box, where two boxes overlap if their intersection
/// divided by the area of their bounding union exceeds `iouThreshold`
/// (dlib divides by the bounding box of both, not the union area), or if the
/// intersection covers more than `coveredThreshold` of either box. Boxes are
/// compared as rounded integer rectangles, as dlib does.
struct NonMaxSuppression: Sendable {
    let iouThreshold: Double
    let coveredThreshold: Double

    /// The kept boxes, in descending score order.
    func select(_ candidates: [DetectionCandidate]) -> [DetectionCandidate] {
        var kept = [DetectionCandidate]()
        for candidate in candidates.sorted(by: { $0.score > $1.score })
        where !kept.contains(where: { overlaps($0.rect, candidate.rect) }) {
            kept.append(candidate)
        }
        return kept
    }

    func overlaps(_ a: PixelRect, _ b: PixelRect) -> Bool {
        let inner = Double(a.intersection(b).area)
        guard inner > 0 else { return false }
        return inner / Double(a.boundingUnion(b).area) > iouThreshold
            || inner / Double(a.area) > coveredThreshold || inner / Double(b.area) > coveredThreshold
    }
}
