import BlockingWork
import Testing
@testable import Inference

/// Both convolution paths against the scalar reference.
@Suite struct ConvolutionTests {
    struct Case: Sendable, CustomStringConvertible {
        var outputs, inputs, kernel, stride, padding, rows, columns, samples: Int
        var relu = false
        var workers = 1
        var description: String {
            "\(inputs)→\(outputs) \(kernel)×\(kernel)/\(stride) pad \(padding) on \(samples)×\(rows)×\(columns)"
                + (relu ? " relu" : "") + " ×\(workers) workers"
        }
    }

    static let cases: [Case] = [
        Case(outputs: 4, inputs: 3, kernel: 3, stride: 1, padding: 1, rows: 9, columns: 11, samples: 1),
        Case(outputs: 5, inputs: 3, kernel: 5, stride: 2, padding: 0, rows: 17, columns: 14, samples: 2, relu: true),
        Case(outputs: 6, inputs: 2, kernel: 7, stride: 2, padding: 0, rows: 20, columns: 20, samples: 1),
        Case(outputs: 3, inputs: 4, kernel: 5, stride: 1, padding: 2, rows: 40, columns: 33, samples: 2, relu: true, workers: 2),
        Case(outputs: 8, inputs: 4, kernel: 3, stride: 2, padding: 1, rows: 8, columns: 9, samples: 3, workers: 2),
        // The single-output path (MMOD's last layer is 45→1, 9×9, padding 4).
        Case(outputs: 1, inputs: 5, kernel: 9, stride: 1, padding: 4, rows: 21, columns: 18, samples: 2),
        Case(outputs: 1, inputs: 3, kernel: 3, stride: 1, padding: 0, rows: 12, columns: 7, samples: 1, relu: true, workers: 2),
        // Input smaller than the padded kernel: an empty output, no crash.
        Case(outputs: 2, inputs: 1, kernel: 5, stride: 2, padding: 0, rows: 3, columns: 8, samples: 1),
    ]

    @Test(arguments: cases)
    func matchesTheScalarReference(_ c: Case) {
        var random = SeededValues(seed: UInt64(c.outputs * 1000 + c.kernel * 10 + c.stride))
        let layer = Convolution(outputChannels: c.outputs, inputChannels: c.inputs, kernelRows: c.kernel,
                                kernelColumns: c.kernel, strideY: c.stride, strideX: c.stride,
                                paddingY: c.padding, paddingX: c.padding,
                                weights: random.array(c.outputs * c.inputs * c.kernel * c.kernel),
                                bias: random.array(c.outputs), appliesReLU: c.relu)
        let input = random.tensor(TensorShape(samples: c.samples, channels: c.inputs, rows: c.rows, columns: c.columns))
        var output = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        var scratch = [Float]()
        layer.forward(input, into: &output, scratch: &scratch, parallelism: Parallelism(workers: c.workers))
        #expect(Reference.maximumDifference(output, Reference.convolution(layer, input)) < 1e-4)
    }

    @Test func foldingAnAffineEqualsApplyingIt() {
        var random = SeededValues(seed: 7)
        let conv = Convolution(outputChannels: 4, inputChannels: 3, kernelRows: 3, kernelColumns: 3,
                               paddingY: 1, paddingX: 1, weights: random.array(108), bias: random.array(4))
        let affine = ChannelAffine(scale: random.array(4), shift: random.array(4))
        let input = random.tensor(TensorShape(channels: 3, rows: 6, columns: 5))
        var separate = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0)), folded = separate
        var scratch = [Float]()
        conv.forward(input, into: &separate, scratch: &scratch)
        affine.apply(to: &separate)
        conv.folding(affine).forward(input, into: &folded, scratch: &scratch)
        #expect(Reference.maximumDifference(separate, folded) < 1e-5)
    }

    @Test func reusedBuffersGiveTheSameResult() {
        var random = SeededValues(seed: 11)
        let conv = Convolution(outputChannels: 3, inputChannels: 2, kernelRows: 3, kernelColumns: 3,
                               paddingY: 1, paddingX: 1, weights: random.array(54), bias: random.array(3))
        let large = random.tensor(TensorShape(channels: 2, rows: 20, columns: 20))
        let small = random.tensor(TensorShape(channels: 2, rows: 5, columns: 7))
        var output = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        var scratch = [Float]()
        conv.forward(large, into: &output, scratch: &scratch)
        conv.forward(small, into: &output, scratch: &scratch)
        #expect(Reference.maximumDifference(output, Reference.convolution(conv, small)) < 1e-5)
    }
}
