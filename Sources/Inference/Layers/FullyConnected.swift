import CBLAS

/// A fully connected layer y = x·W (+ bias), each sample's values flattened.
///
/// W is stored inputs × outputs, row-major, as dlib stores `fc` parameters;
/// a batch of samples is one `cblas_sgemm`.
public struct FullyConnected: Sendable {
    /// Values read and produced per sample.
    public let inputs: Int
    public let outputs: Int
    /// inputs × outputs, row-major.
    public let weights: [Float]
    /// One bias per output, or nil for none.
    public let bias: [Float]?

    /// Creates the layer; the weight count must be inputs·outputs.
    public init(inputs: Int, outputs: Int, weights: [Float], bias: [Float]? = nil) {
        precondition(weights.count == inputs * outputs && (bias?.count ?? outputs) == outputs,
                     "FullyConnected: parameters do not match \(inputs)→\(outputs)")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
    }

    /// Computes `outputs` values per sample of `input` into `output` (N×outputs×1×1).
    public func forward(_ input: Tensor, into output: inout Tensor) {
        let samples = input.shape.samples
        precondition(input.shape.sampleSize == inputs,
                     "FullyConnected: sample of \(input.shape.sampleSize) values, expected \(inputs)")
        output.reshape(to: TensorShape(samples: samples, channels: outputs, rows: 1, columns: 1))
        input.withValues { x in
            output.withMutableValues { y in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(samples), Int32(outputs), Int32(inputs),
                            1, x.baseAddress, Int32(inputs), weights, Int32(outputs), 0, y.baseAddress, Int32(outputs))
                if let bias {
                    for n in 0..<samples { for o in 0..<outputs { y[n * outputs + o] += bias[o] } }
                }
            }
        }
    }
}
