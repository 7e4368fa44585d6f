import CBLAS
import Foundation
import ImageDecoding
@testable import FaceVision
@testable import Inference

/// Where the detector's time goes on one image: pyramid building, then each
/// convolution, split into its sgemm and the rest (im2col, bias, ReLU).
enum DetectorProfile {
    static func run(portrait: RGBImage, models: String) {
        guard let network = try? MMODNetwork(contentsOf: models + "/" + FaceDetector.modelFileName) else { return }
        let tiling = PyramidTiling(imageRows: portrait.height, imageColumns: portrait.width,
                                   padding: network.pyramidPadding, outerPadding: network.pyramidOuterPadding)
        var input = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        let fill = Timing.median(runs: 9, clock: .threadCPU) { tiling.fill(&input, with: portrait, mean: network.inputMean) }
        print("\nDetector profile, \(portrait.width)×\(portrait.height) → tiled pyramid \(tiling.columns)×\(tiling.rows)"
              + " (\(tiling.levels.count) levels), 1 thread, thread CPU time")
        print("  pyramid build \(Timing.format(fill))")
        var shape = input.shape, totalFlops = 0.0, totalConv = 0.0, totalGemm = 0.0
        for (index, layer) in network.layers.enumerated() {
            let out = layer.outputShape(for: shape)
            let flops = 2.0 * Double(out.count) * Double(layer.patchSize)
            var random = Tensor(shape: shape, values: (0..<shape.count).map { Float($0 % 7) / 7 })
            var output = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0)), scratch = [Float]()
            let conv = Timing.median(runs: 5, clock: .threadCPU) { layer.forward(random, into: &output, scratch: &scratch) }
            let gemm = gemmTime(layer, input: shape, output: out)
            totalFlops += flops; totalConv += conv; totalGemm += gemm
            print(String(format: "  conv %d %@ → %@ %6.2f GFLOP %@ (sgemm %@, %5.1f GFLOP/s)", index + 1,
                         "\(shape)", "\(out)", flops / 1e9, Timing.format(conv), Timing.format(gemm), flops / gemm / 1e6))
            shape = out
            random = Tensor(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        }
        print(String(format: "  all convolutions %6.2f GFLOP %@ (sgemm %@; im2col, bias, ReLU and shifted sums %@)",
                     totalFlops / 1e9, Timing.format(totalConv), Timing.format(totalGemm),
                     Timing.format(totalConv - totalGemm)))
    }

    /// The time of the matrix products alone, with the shapes the layer uses.
    private static func gemmTime(_ layer: Convolution, input: TensorShape, output: TensorShape) -> Double {
        let single = layer.outputChannels == 1
        let m = single ? layer.kernelRows * layer.kernelColumns : layer.outputChannels
        let k = single ? layer.inputChannels : layer.patchSize
        let n = single ? input.planeSize : output.planeSize
        let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        return Timing.median(runs: 5, clock: .threadCPU) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k),
                        b, Int32(n), 0, &c, Int32(n))
        }
    }
}
