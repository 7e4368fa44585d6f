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

/// Damaged, truncated and foreign model files end in a `ModelLoadError`.
@Suite struct DamagedModelTests {
    static let detectorBytes = Result { try ModelFiles.bytes(ModelFiles.detector) }
    static let recognizerBytes = Result { try ModelFiles.bytes(ModelFiles.recognizer) }

    /// The `ModelLoadError` a load ends in, or nil when it succeeds.
    static func loadError(_ load: () throws -> Void) -> ModelLoadError? {
        do {
            try load()
            return nil
        } catch let error as ModelLoadError {
            return error
        } catch {
            Issue.record("not a ModelLoadError: \(error)")
            return nil
        }
    }

    @Test func everyTruncationOfTheDetectorIsReported() throws {
        let bytes = try Self.detectorBytes.get()
        // Every cut in the structured head, then every 997th byte through the weights.
        let cuts = Array(0..<600) + Array(stride(from: 600, to: bytes.count, by: 997)) + [bytes.count - 1]
        for cut in cuts {
            let error = Self.loadError { _ = try MMODNetwork(bytes: Array(bytes[0..<cut])) }
            guard case .truncated(let offset, _)? = error else {
                Issue.record("cut at \(cut): \(String(describing: error))")
                continue
            }
            #expect(offset == cut)
        }
    }

    @Test func truncationsOfTheRecognizerAreReported() throws {
        let bytes = try Self.recognizerBytes.get()
        for cut in [0, 1, 17, 100, 400, 5_000, 1_000_000, 11_000_000, bytes.count - 100, bytes.count - 1] {
            let error = Self.loadError { _ = try MetricResNet(bytes: Array(bytes[0..<cut])) }
            guard case .truncated? = error else {
                Issue.record("cut at \(cut): \(String(describing: error))")
                continue
            }
        }
    }

    @Test func theWrongFileForANetworkIsReported() throws {
        let recognizerError = Self.loadError { _ = try MMODNetwork(bytes: try! Self.recognizerBytes.get()) }
        guard case let .mismatch(offset, context, expected, found)? = recognizerError else {
            Issue.record("recognizer file as detector: \(String(describing: recognizerError))")
            return
        }
        #expect(offset == 2 && context.contains("loss tag"))
        #expect(expected.contains("loss_mmod_") && found.contains("loss_metric_2"))
        let detectorError = Self.loadError { _ = try MetricResNet(bytes: try! Self.detectorBytes.get()) }
        guard case .mismatch? = detectorError else {
            Issue.record("detector file as recognizer: \(String(describing: detectorError))")
            return
        }
    }

    @Test func aChangedFilterCountNamesTheLayer() throws {
        var bytes = try Self.detectorBytes.get()
        // The first convolution's filter count (16) follows its 1216 parameters.
        let tagOffset = try #require(Self.offset(of: "con_4", in: bytes))
        let countOffset = tagOffset + 5 + 2 + 3 + 2 + 2 + 2 + 1216 * 4
        #expect(bytes[countOffset] == 1 && bytes[countOffset + 1] == 16)
        bytes[countOffset + 1] = 17
        let error = Self.loadError { _ = try MMODNetwork(bytes: bytes) }
        guard case let .mismatch(offset, context, expected, found)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(offset == countOffset && context.contains("layer 1 of 19") && context.contains("filters"))
        #expect(expected == "16" && found == "17")
    }

    @Test func trailingBytesAreReported() throws {
        let bytes = try Self.detectorBytes.get()
        let error = Self.loadError { _ = try MMODNetwork(bytes: bytes + [1, 2, 3]) }
        #expect(error == .trailingBytes(offset: bytes.count, count: 3))
    }

    @Test func randomCorruptionOfTheHeadNeverCrashes() throws {
        let original = try Self.detectorBytes.get()
        // The head (loss, layer versions, input block, first layer's header) is
        // all control bytes, lengths, tags, extents and scalars; the weights after
        // it are raw floats where any value parses.
        let head = try #require(Self.offset(of: "con_4", in: original)) + 16
        var random = SeededValues(seed: 99)
        var rejected = 0
        for _ in 0..<300 {
            var bytes = original
            let position = min(head - 1, Int((random.next() + 1) / 2 * Float(head)))
            bytes[position] = UInt8(truncatingIfNeeded: Int((random.next() + 1) * 128))
            if bytes != original, Self.loadError({ _ = try MMODNetwork(bytes: bytes) }) != nil { rejected += 1 }
        }
        // Changed scalars (means, thresholds) can still parse; most changes cannot.
        #expect(rejected > 150)
    }

    static func offset(of tag: String, in bytes: [UInt8]) -> Int? {
        let pattern = [UInt8](tag.utf8)
        return (0...(bytes.count - pattern.count)).first { Array(bytes[$0..<$0 + pattern.count]) == pattern }
    }
}
