import Testing
@testable import Inference

/// Affine, batch-norm folding, ReLU, pooling, residual add and fully connected
/// layers against scalar references.
@Suite struct LayerTests {
    static let empty = TensorShape(channels: 0, rows: 0, columns: 0)

    @Test func affineScalesAndShiftsEachChannel() {
        var random = SeededValues(seed: 1)
        let input = random.tensor(TensorShape(samples: 2, channels: 3, rows: 4, columns: 5))
        for relu in [false, true] {
            let affine = ChannelAffine(scale: random.array(3), shift: random.array(3), appliesReLU: relu)
            var output = input
            affine.apply(to: &output)
            var worst: Float = 0
            for n in 0..<2 { for c in 0..<3 { for y in 0..<4 { for x in 0..<5 {
                let v = input[n, c, y, x] * affine.scale[c] + affine.shift[c]
                worst = max(worst, abs(output[n, c, y, x] - (relu ? max(0, v) : v)))
            } } } }
            #expect(worst < 1e-6)
        }
    }

    @Test func batchNormFoldsToScaleAndShift() {
        let affine = ChannelAffine(batchNormGamma: [2, 0.5], beta: [1, -1], runningMean: [3, -2],
                                   runningVariance: [4, 0.25], epsilon: 1e-5)
        let scale0 = 2 / (4 + 1e-5 as Float).squareRoot(), scale1 = 0.5 / (0.25 + 1e-5 as Float).squareRoot()
        #expect(abs(affine.scale[0] - scale0) < 1e-6 && abs(affine.scale[1] - scale1) < 1e-6)
        #expect(abs(affine.shift[0] - (1 - 3 * scale0)) < 1e-6 && abs(affine.shift[1] - (-1 + 2 * scale1)) < 1e-6)
    }

    @Test func reluZeroesNegatives() {
        var random = SeededValues(seed: 2)
        let input = random.tensor(TensorShape(channels: 2, rows: 3, columns: 3))
        var output = input
        ReLU.apply(to: &output)
        #expect(output.values == input.values.map { max(0, $0) })
        #expect(output.values.contains(0) && output.values.contains { $0 > 0 })
    }

    static func referencePool(_ pool: Pooling, _ input: Tensor) -> Tensor {
        let s = input.shape
        var out = Tensor(shape: pool.outputShape(for: s))
        let rows = pool.isGlobal ? s.rows : pool.window.rows, columns = pool.isGlobal ? s.columns : pool.window.columns
        for n in 0..<s.samples { for c in 0..<s.channels {
            for y in 0..<out.shape.rows { for x in 0..<out.shape.columns {
                var inside = [Float]()
                for ky in 0..<rows { for kx in 0..<columns {
                    let iy = y * pool.window.strideY - pool.window.paddingY + ky, ix = x * pool.window.strideX - pool.window.paddingX + kx
                    if iy >= 0 && iy < s.rows && ix >= 0 && ix < s.columns { inside.append(input[n, c, iy, ix]) }
                } }
                out[n, c, y, x] = pool.kind == .max ? inside.max()! : inside.reduce(0, +) / Float(inside.count)
            } }
        } }
        return out
    }

    @Test(arguments: [
        Pooling(kind: .max, windowRows: 3, windowColumns: 3, strideY: 2, strideX: 2),
        Pooling(kind: .max, windowRows: 3, windowColumns: 3, strideY: 1, strideX: 1, paddingY: 1, paddingX: 1),
        Pooling(kind: .average, windowRows: 2, windowColumns: 2, strideY: 2, strideX: 2),
        Pooling(kind: .average, windowRows: 3, windowColumns: 3, strideY: 2, strideX: 2, paddingY: 1, paddingX: 1),
        Pooling(kind: .average, windowRows: 0, windowColumns: 0, strideY: 1, strideX: 1),
    ])
    func poolingMatchesTheReference(_ pool: Pooling) {
        var random = SeededValues(seed: 3)
        let input = random.tensor(TensorShape(samples: 2, channels: 3, rows: 9, columns: 8))
        var output = Tensor(shape: Self.empty)
        pool.forward(input, into: &output)
        #expect(Reference.maximumDifference(output, Self.referencePool(pool, input)) < 1e-6)
    }

    @Test func residualAddZeroPadsTheSmallerOperand() {
        var random = SeededValues(seed: 4)
        let big = random.tensor(TensorShape(samples: 2, channels: 4, rows: 4, columns: 4))
        let small = random.tensor(TensorShape(samples: 2, channels: 2, rows: 3, columns: 3))
        for relu in [false, true] {
            var output = Tensor(shape: Self.empty)
            ResidualAdd(appliesReLU: relu).forward(small, big, into: &output)
            #expect(output.shape == big.shape)
            var worst: Float = 0
            for n in 0..<2 { for c in 0..<4 { for y in 0..<4 { for x in 0..<4 {
                let other = c < 2 && y < 3 && x < 3 ? small[n, c, y, x] : 0
                let v = big[n, c, y, x] + other
                worst = max(worst, abs(output[n, c, y, x] - (relu ? max(0, v) : v)))
            } } } }
            #expect(worst < 1e-6)
        }
    }

    @Test func residualAddTakesTheLargerExtentOnEachAxis() {
        let tall = Tensor(shape: TensorShape(channels: 1, rows: 4, columns: 3), values: Array(repeating: 1, count: 12))
        let wide = Tensor(shape: TensorShape(channels: 2, rows: 3, columns: 4), values: Array(repeating: 2, count: 24))
        var output = Tensor(shape: Self.empty)
        ResidualAdd().forward(tall, wide, into: &output)
        #expect(output.shape == TensorShape(channels: 2, rows: 4, columns: 4))
        #expect(output[0, 0, 0, 0] == 3 && output[0, 0, 3, 0] == 1 && output[0, 0, 0, 3] == 2 && output[0, 1, 3, 3] == 0)
    }

    @Test func fullyConnectedMatchesTheReference() {
        var random = SeededValues(seed: 5)
        let input = random.tensor(TensorShape(samples: 3, channels: 6, rows: 2, columns: 1))
        for bias in [nil, random.array(5)] {
            let layer = FullyConnected(inputs: 12, outputs: 5, weights: random.array(60), bias: bias)
            var output = Tensor(shape: Self.empty)
            layer.forward(input, into: &output)
            #expect(output.shape == TensorShape(samples: 3, channels: 5, rows: 1, columns: 1))
            let x = input.values, y = output.values
            var worst: Float = 0
            for n in 0..<3 { for o in 0..<5 {
                var sum = bias?[o] ?? 0
                for i in 0..<12 { sum += x[n * 12 + i] * layer.weights[i * 5 + o] }
                worst = max(worst, abs(y[n * 5 + o] - sum))
            } }
            #expect(worst < 1e-5)
        }
    }
}
