import Foundation
import ImageDecoding
@testable import FaceVision
@testable import Inference

/// Where the detector's time goes on one image: pyramid building, then each
/// convolution with its arithmetic rate (one thread, thread CPU time).
enum DetectorProfile {
    static func run(portrait: RGBImage, models: String) {
        guard let network = try? MMODNetwork(contentsOf: models + "/" + FaceDetector.modelFileName) else { return }
        let tiling = PyramidTiling(imageRows: portrait.height, imageColumns: portrait.width,
                                   padding: network.pyramidPadding, outerPadding: network.pyramidOuterPadding)
        var input = FeatureMap()
        let fill = Timing.median(runs: 9, clock: .threadCPU) { tiling.fill(&input, with: portrait, mean: network.inputMean) }
        print("\nDetector profile, \(portrait.width)×\(portrait.height) → tiled pyramid \(tiling.columns)×\(tiling.rows)"
              + " (\(tiling.levels.count) levels), 1 thread, thread CPU time")
        print("  pyramid build \(Timing.format(fill))")
        var shape = TensorShape(channels: 3, rows: tiling.rows, columns: tiling.columns)
        var totalFlops = 0.0, totalTime = 0.0
        for (index, layer) in network.layers.enumerated() {
            let out = layer.outputShape(for: shape)
            let flops = 2.0 * Double(out.count) * Double(layer.patchSize)
            var random = FeatureMap(rows: shape.rows, columns: shape.columns, channels: shape.channels,
                                    border: layer.inputBorder)
            random.withUnsafeMutableValues { values in
                for i in values.indices { values[i] = Float(i % 7) / 7 }
            }
            var output = FeatureMap()
            let time = Timing.median(runs: 5, clock: .threadCPU) { layer.forward(random, into: &output) }
            totalFlops += flops
            totalTime += time
            print(String(format: "  conv %d %@ → %@ %6.2f GFLOP %@ (%5.1f GFLOP/s)", index + 1, "\(shape)", "\(out)",
                         flops / 1e9, Timing.format(time), flops / time / 1e6))
            shape = out
        }
        print(String(format: "  all convolutions %6.2f GFLOP %@ (%5.1f GFLOP/s)", totalFlops / 1e9,
                     Timing.format(totalTime), totalFlops / totalTime / 1e6))
    }
}
