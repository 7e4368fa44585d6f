import Inference

// The file is dlib's serialisation of `shape_predictor`, in order:
//   version (1) | mean shape: matrix −rows, −cols, floats
//   | forests: per stage, per tree: splits (first, second, threshold), leaf matrices
//   | anchors: per stage, per pixel | deltas: per stage, per pixel (x, y)
// Every count is checked against the bytes left and every index against what
// it indexes, so a corrupt file is a `ModelLoadError`, never a crash.
extension ShapePredictor: DlibModel {
    /// Loads the model from the given `.dat` file.
    public init(modelPath: String) throws(ModelLoadError) {
        try self.init(contentsOf: modelPath)
    }

    /// Reads the whole model from `stream`, which must end right after it.
    public init(stream: DlibStream) throws(ModelLoadError) {
        var stream = stream
        try stream.expectInt(1, "shape predictor version")
        let mean = try Self.readColumn(&stream, "mean shape")
        guard !mean.isEmpty, mean.count % 2 == 0 else {
            throw .mismatch(offset: stream.offset, context: "mean shape", expected: "x, y pairs", found: "\(mean.count) values")
        }
        var stages = try Self.readForests(&stream, shapeLength: mean.count)
        try Self.readCount(&stream, "anchor stages", equal: stages.count)
        for s in stages.indices {
            let count = try Self.readCount(&stream, "stage \(s) anchors")
            stages[s].anchors = try (0..<count).map { _ throws(ModelLoadError) in
                try Self.readIndex(&stream, "stage \(s) anchor", below: mean.count / 2)
            }
        }
        try Self.readCount(&stream, "delta stages", equal: stages.count)
        for s in stages.indices {
            try Self.readCount(&stream, "stage \(s) deltas", equal: stages[s].anchors.count)
            for _ in stages[s].anchors.indices {
                stages[s].deltas.append(Float(try stream.readScalar("stage \(s) delta x")))
                stages[s].deltas.append(Float(try stream.readScalar("stage \(s) delta y")))
            }
            let features = stages[s].anchors.count
            guard stages[s].splitFirst.allSatisfy({ $0 < features }), stages[s].splitSecond.allSatisfy({ $0 < features }) else {
                throw .mismatch(offset: stream.offset, context: "stage \(s) splits", expected: "pixel indices below \(features)",
                                found: "a larger index")
            }
        }
        guard stream.isAtEnd else { throw .trailingBytes(offset: stream.offset, count: stream.remaining) }
        self.meanShape = mean
        self.stages = stages
    }

    private static func readForests(_ stream: inout DlibStream, shapeLength: Int) throws(ModelLoadError) -> [RegressionForest] {
        let stageCount = try readCount(&stream, "stages")
        var stages = [RegressionForest]()
        for s in 0..<stageCount {
            var forest = RegressionForest(anchors: [], deltas: [], splitFirst: [], splitSecond: [], splitThreshold: [],
                                          leafValues: [], splitsPerTree: 0, shapeLength: shapeLength)
            for t in 0..<(try readCount(&stream, "stage \(s) trees")) {
                let context = "stage \(s) tree \(t)"
                let splits = try readCount(&stream, "\(context) splits")
                if t == 0 { forest.splitsPerTree = splits }
                guard splits == forest.splitsPerTree, (splits + 1) & splits == 0 else {
                    throw .mismatch(offset: stream.offset, context: context,
                                    expected: "a complete tree of \(forest.splitsPerTree) splits", found: "\(splits)")
                }
                for _ in 0..<splits {
                    forest.splitFirst.append(Int32(try readIndex(&stream, "\(context) split", below: Int(Int32.max))))
                    forest.splitSecond.append(Int32(try readIndex(&stream, "\(context) split", below: Int(Int32.max))))
                    forest.splitThreshold.append(Float(try stream.readScalar("\(context) threshold")))
                }
                try readCount(&stream, "\(context) leaves", equal: splits + 1)
                for _ in 0...splits {
                    let leaf = try readColumn(&stream, "\(context) leaf")
                    guard leaf.count == shapeLength else {
                        throw .mismatch(offset: stream.offset, context: "\(context) leaf",
                                        expected: "\(shapeLength) values", found: "\(leaf.count)")
                    }
                    forest.leafValues += leaf
                }
            }
            stages.append(forest)
        }
        return stages
    }

    /// A column matrix: −rows, −columns (dlib's newer format), then floats.
    private static func readColumn(_ stream: inout DlibStream, _ context: String) throws(ModelLoadError) -> [Float] {
        let rows = abs(try stream.readInt("\(context) rows"))
        let columns = abs(try stream.readInt("\(context) columns"))
        guard columns == 1, rows <= stream.remaining / 2 else {
            throw .mismatch(offset: stream.offset, context: context, expected: "a column vector", found: "\(rows)×\(columns)")
        }
        return try (0..<rows).map { _ throws(ModelLoadError) in Float(try stream.readScalar(context)) }
    }

    /// A container length; bounded by the bytes left (every element takes ≥ 1).
    @discardableResult
    private static func readCount(_ stream: inout DlibStream, _ context: String, equal expected: Int? = nil) throws(ModelLoadError) -> Int {
        let start = stream.offset
        let count = try stream.readInt(context)
        guard count >= 0, count <= stream.remaining, expected.map({ $0 == count }) ?? true else {
            throw .mismatch(offset: start, context: context, expected: expected.map { "\($0)" } ?? "a length", found: "\(count)")
        }
        return count
    }

    private static func readIndex(_ stream: inout DlibStream, _ context: String, below limit: Int) throws(ModelLoadError) -> Int {
        let start = stream.offset
        let index = try stream.readInt(context)
        guard index >= 0, index < limit else {
            throw .mismatch(offset: start, context: context, expected: "an index below \(limit)", found: "\(index)")
        }
        return index
    }
}
