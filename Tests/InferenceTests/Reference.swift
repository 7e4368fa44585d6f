@testable import Inference

/// Deterministic pseudo-random values (SplitMix64) so failures reproduce.
struct SeededValues {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 24) * 2 - 1
    }

    mutating func array(_ count: Int) -> [Float] { (0..<count).map { _ in next() } }

    mutating func tensor(_ shape: TensorShape) -> Tensor { Tensor(shape: shape, values: array(shape.count)) }
}

/// Plain scalar implementations, written for obviousness, not speed.
enum Reference {
    static func convolution(_ layer: Convolution, _ input: Tensor) -> Tensor {
        let s = input.shape
        var out = Tensor(shape: layer.outputShape(for: s))
        for n in 0..<s.samples {
            for m in 0..<layer.outputChannels {
                for y in 0..<out.shape.rows {
                    for x in 0..<out.shape.columns {
                        var sum = Double(layer.bias[m])
                        for c in 0..<s.channels {
                            for ky in 0..<layer.kernelRows {
                                for kx in 0..<layer.kernelColumns {
                                    let iy = y * layer.strideY - layer.paddingY + ky
                                    let ix = x * layer.strideX - layer.paddingX + kx
                                    guard iy >= 0, iy < s.rows, ix >= 0, ix < s.columns else { continue }
                                    let w = layer.weights[((m * s.channels + c) * layer.kernelRows + ky)
                                                          * layer.kernelColumns + kx]
                                    sum += Double(w) * Double(input[n, c, iy, ix])
                                }
                            }
                        }
                        out[n, m, y, x] = Float(layer.appliesReLU ? max(0, sum) : sum)
                    }
                }
            }
        }
        return out
    }

    static func maximumDifference(_ a: Tensor, _ b: Tensor) -> Float {
        precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
        return zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
    }
}
