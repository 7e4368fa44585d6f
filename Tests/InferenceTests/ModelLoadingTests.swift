import Testing
@testable import Inference

/// The dlib file reader against the real model files and damaged copies.
@Suite struct ModelLoadingTests {
    @Test func loadsTheRecognizer() throws {
        let network = try MetricResNet(contentsOf: ModelFiles.recognizer)
        #expect(network.blocks.count == 14)
        #expect(network.blocks.filter { $0.downsample != nil }.count == 4)
        #expect(network.embedding.inputs == 256 && network.embedding.outputs == 128)
        #expect(abs(network.inputMean.red - 122.782) < 1e-3 && abs(network.inputMean.blue - 104.298) < 1e-3)
    }

    @Test func loadsTheDetector() throws {
        let network = try MMODNetwork(contentsOf: ModelFiles.detector)
        #expect(network.layers.map(\.outputChannels) == [16, 32, 32, 45, 45, 45, 1])
        #expect(network.windowWidth == 80 && network.windowHeight == 80)
        #expect(abs(network.nmsIoUThreshold - 0.338) < 1e-3)
        #expect(network.pyramidPadding == 10 && network.pyramidOuterPadding == 11)
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: ModelLoadError.self) { try MMODNetwork(contentsOf: "/nonexistent/model.dat") }
    }
}
