/// One cascade stage of the shape predictor: the pixels it samples and its
/// forest of complete binary regression trees, stored flat for speed.
///
/// Tree `t` owns splits `t·splitsPerTree ..< (t+1)·splitsPerTree` (heap order:
/// children of node i are 2i+1 and 2i+2) and leaves `t·leavesPerTree …`, each
/// leaf a shape increment of `shapeLength` floats.
struct RegressionForest: Sendable {
    /// For each sampled pixel: the landmark it is anchored to.
    var anchors: [Int]
    /// For each sampled pixel: its offset from the anchor in the mean shape (x, y interleaved).
    var deltas: [Float]
    var splitFirst: [Int32]
    var splitSecond: [Int32]
    var splitThreshold: [Float]
    var leafValues: [Float]
    var splitsPerTree: Int
    var shapeLength: Int

    var treeCount: Int { splitThreshold.count / max(splitsPerTree, 1) }

    /// Adds every tree's leaf increment for these pixel intensities to `shape`.
    /// A split goes left while `f[first] − f[second] > threshold`.
    func apply(features: UnsafeBufferPointer<Float>, to shape: UnsafeMutableBufferPointer<Float>) {
        let leavesPerTree = splitsPerTree + 1
        splitFirst.withUnsafeBufferPointer { first in
            splitSecond.withUnsafeBufferPointer { second in
                splitThreshold.withUnsafeBufferPointer { threshold in
                    leafValues.withUnsafeBufferPointer { leaves in
                        for tree in 0..<treeCount {
                            let base = tree * splitsPerTree
                            var node = 0
                            while node < splitsPerTree {
                                let s = base + node
                                node = features[Int(first[s])] - features[Int(second[s])] > threshold[s]
                                    ? 2 * node + 1 : 2 * node + 2
                            }
                            let leaf = (tree * leavesPerTree + node - splitsPerTree) * shapeLength
                            for k in 0..<shapeLength { shape[k] += leaves[leaf + k] }
                        }
                    }
                }
            }
        }
    }
}
