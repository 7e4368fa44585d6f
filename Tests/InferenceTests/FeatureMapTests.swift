import BlockingWork
import Testing
@testable import Inference

/// The channels-last path the networks run on: every convolution kernel
/// (Winograd, direct AVX2, plain C) against the scalar reference, borders, and layouts.
@Suite struct FeatureMapTests {
    /// Three cores, two helpers; shared because a pool's threads live as long as the process.
    static let pool = HelperPool(cores: 3)

    struct Case: Sendable, CustomStringConvertible {
        var outputs, inputs, kernel, stride, padding, rows, columns, samples: Int
        var extraBorder = 0
        var workers = 1
        var description: String {
            "\(inputs)→\(outputs) \(kernel)×\(kernel)/\(stride) pad \(padding) border +\(extraBorder) on "
                + "\(samples)×\(rows)×\(columns) ×\(workers) workers"
        }
    }

    static let cases: [Case] = [
        // MMOD's shapes in miniature: 45 channels (a partial 16-channel block), 5×5 stride 2 and 1, the 9×9 → 1 head.
        // Stride-1 5×5 layers run by Winograd (2×2 tiles; odd extents leave half tiles).
        Case(outputs: 45, inputs: 32, kernel: 5, stride: 1, padding: 2, rows: 13, columns: 11, samples: 1),
        Case(outputs: 45, inputs: 45, kernel: 5, stride: 1, padding: 2, rows: 40, columns: 37, samples: 2, workers: 2),
        Case(outputs: 7, inputs: 3, kernel: 5, stride: 1, padding: 1, rows: 9, columns: 6, samples: 1, extraBorder: 2),
        Case(outputs: 16, inputs: 3, kernel: 5, stride: 2, padding: 0, rows: 23, columns: 30, samples: 1, workers: 2),
        Case(outputs: 1, inputs: 45, kernel: 9, stride: 1, padding: 4, rows: 12, columns: 10, samples: 1),
        // The recognizer's: 3×3 with padding 1, stride 2 without, several samples, a wider border than needed.
        Case(outputs: 64, inputs: 32, kernel: 3, stride: 2, padding: 0, rows: 17, columns: 17, samples: 2, extraBorder: 1),
        Case(outputs: 32, inputs: 32, kernel: 3, stride: 1, padding: 1, rows: 9, columns: 7, samples: 3, workers: 2),
        // Odd counts: fewer pixels than a tile, more output channels than one block, several single outputs.
        Case(outputs: 19, inputs: 5, kernel: 3, stride: 1, padding: 1, rows: 2, columns: 2, samples: 1),
        Case(outputs: 1, inputs: 2, kernel: 5, stride: 3, padding: 2, rows: 11, columns: 16, samples: 2, workers: 2),
    ]

    static func layer(_ c: Case, relu: Bool) -> Convolution {
        var random = SeededValues(seed: UInt64(c.outputs * 31 + c.inputs * 7 + c.kernel))
        return Convolution(outputChannels: c.outputs, inputChannels: c.inputs, kernelRows: c.kernel,
                           kernelColumns: c.kernel, strideY: c.stride, strideX: c.stride,
                           paddingY: c.padding, paddingX: c.padding,
                           weights: random.array(c.outputs * c.inputs * c.kernel * c.kernel).map { $0 * 0.2 },
                           bias: random.array(c.outputs), appliesReLU: relu)
    }

    @Test(arguments: cases, [Convolution.Kernel.automatic, .direct, .scalar])
    func convolutionMatchesTheReference(_ c: Case, kernel: Convolution.Kernel) {
        var random = SeededValues(seed: 5)
        let input = random.tensor(TensorShape(samples: c.samples, channels: c.inputs, rows: c.rows, columns: c.columns))
        for relu in [false, true] {
            let conv = Self.layer(c, relu: relu)
            var output = FeatureMap()
            conv.forward(FeatureMap(input, border: c.padding + c.extraBorder), into: &output, outputBorder: 2,
                         parallelism: Parallelism(workers: c.workers), kernel: kernel)
            #expect(Reference.maximumDifference(Tensor(output), Reference.convolution(conv, input)) < 1e-4)
            #expect(Self.borderIsZero(output))
        }
    }

    /// However many helpers an adaptive pass gets, its output is the serial one, bit for bit.
    @Test(arguments: cases)
    func adaptiveAndFixedWorkersGiveTheSerialOutputExactly(_ c: Case) {
        var random = SeededValues(seed: 6)
        let input = FeatureMap(random.tensor(TensorShape(samples: c.samples, channels: c.inputs, rows: c.rows,
                                                         columns: c.columns)), border: c.padding)
        let conv = Self.layer(c, relu: true)
        func output(_ parallelism: Parallelism) -> [Float] {
            var output = FeatureMap()
            conv.forward(input, into: &output, outputBorder: 1, parallelism: parallelism)
            return Tensor(output).values
        }
        let serial = output(.serial)
        for parallelism in [Parallelism.adaptive(Self.pool), .adaptive(HelperPool(cores: 1)),
                            Parallelism(workers: 2), Parallelism(workers: 3)] {
            #expect(output(parallelism) == serial, "\(parallelism.workers) workers")
        }
    }

    @Test func borderIsZeroAfterReshapingReusedStorage() {
        var random = SeededValues(seed: 8)
        var map = FeatureMap(Tensor(shape: TensorShape(channels: 4, rows: 9, columns: 9), values: random.array(324)))
        map.reshape(samples: 2, rows: 3, columns: 3, channels: 3, border: 2)
        #expect(Self.borderIsZero(map))
        #expect(map.layout.count <= 9 * 9 * 4)
    }

    @Test func tensorRoundTrip() {
        var random = SeededValues(seed: 9)
        let tensor = random.tensor(TensorShape(samples: 2, channels: 3, rows: 4, columns: 5))
        let map = FeatureMap(tensor, border: 1)
        #expect(Tensor(map).values == tensor.values)
        #expect(map[1, 2, 3, 1] == tensor[1, 1, 2, 3])
    }

    @Test func poolingAndAddReadBorderedMaps() {
        var random = SeededValues(seed: 10)
        let a = random.tensor(TensorShape(samples: 2, channels: 4, rows: 6, columns: 5))
        let b = random.tensor(TensorShape(samples: 2, channels: 3, rows: 5, columns: 5))
        let pool = Pooling(kind: .max, windowRows: 3, windowColumns: 3, strideY: 2, strideX: 2, paddingY: 1, paddingX: 1)
        var pooled = FeatureMap(), tensorPooled = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        pool.forward(FeatureMap(a, border: 2), into: &pooled, outputBorder: 1)
        pool.forward(a, into: &tensorPooled)
        #expect(Tensor(pooled).values == tensorPooled.values && Self.borderIsZero(pooled))
        var sum = FeatureMap(), tensorSum = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        ResidualAdd(appliesReLU: true).forward(FeatureMap(a, border: 1), FeatureMap(b), into: &sum, outputBorder: 1)
        ResidualAdd(appliesReLU: true).forward(a, b, into: &tensorSum)
        #expect(Tensor(sum).values == tensorSum.values && Self.borderIsZero(sum))
    }

    static func borderIsZero(_ map: FeatureMap) -> Bool {
        let b = map.border
        for n in 0..<map.samples {
            for y in -b..<map.rows + b {
                for x in -b..<map.columns + b where y < 0 || y >= map.rows || x < 0 || x >= map.columns {
                    for c in 0..<map.channels where map[n, y, x, c] != 0 { return false }
                }
            }
        }
        return true
    }
}
