import COpenSSL
import FaceLibrary
import ImageDecoding
import Synchronization

// Design note: a stand-in for the recognition model, for tests of the
// service's rules and of the HTTP contract, where what matters is that the
// right photos match and the right failures come back, not how a face is
// found. Never for proofs of recognition (those use the real model).
//
//   bytes ─▶ real ImageDecoder (configured limits) ─▶ one colour? ─▶ noFace
//                                                  └▶ SHA-256(pixels) seeds a generator ─▶ unit vector
//
// So bad and mis-sized images fail as in production; two copies of a photo
// (also in two lossless formats) have the same embedding (confidence 100);
// different photos are near-orthogonal in 128 dimensions (confidence 0).
// `hold()` keeps analyses waiting, so a test can fill its `capacity` and see
// the next one refused (`overloaded`) at once.

/// A deterministic fake of the recognition model.
public final class FakeFaceModel: FaceModel {
    public let version: String
    public let calibration: ConfidenceCalibration
    /// Analyses that may be in progress at once; beyond that `.overloaded`.
    public let capacity: Int
    private let decoder: ImageDecoder
    private let state = Mutex(State())

    private struct State {
        var inProgress = 0
        var started = 0
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var lastMultiOrientedDetection: Bool?
    }

    /// Length of the embeddings (the s21 model's, which the indexes expect).
    public static let dimension = 128

    /// A model named `version`, with the shipped s21 calibration unless given
    /// one, reading images within `imageLimits`, refusing analyses beyond `capacity`.
    public init(version: String = "s21", calibration: ConfidenceCalibration? = nil,
                imageLimits: FaceLibrary.ImageLimits = .defaults, capacity: Int = 64) throws {
        self.version = version
        self.calibration = try calibration ?? ModelManifest.load(directory: RepositoryRoot.appending("models/s21")).calibration
        self.capacity = capacity
        decoder = ImageDecoder(limits: ImageDecoding.PixelLimits(
            minSide: imageLimits.minSide, maxSide: imageLimits.maxSide, maxPixels: imageLimits.maxPixels))
    }

    public var load: (running: Int, waiting: Int) {
        state.withLock { ($0.inProgress - $0.waiters.count, $0.waiters.count) }
    }

    /// Analyses started so far (refused ones not counted).
    public var analysesStarted: Int { state.withLock { $0.started } }

    /// The `multiOrientedDetection` of the latest analysis; nil before the first.
    public var lastMultiOrientedDetection: Bool? { state.withLock { $0.lastMultiOrientedDetection } }

    /// Analyses started from now on wait until `release()`.
    public func hold() {
        state.withLock { $0.held = true }
    }

    /// Lets every waiting and future analysis run.
    public func release() {
        let waiters = state.withLock { state in
            state.held = false
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    public func largestFace(of imageBytes: [UInt8], multiOrientedDetection: Bool) async throws -> RecognizedFace {
        let admitted: Bool? = state.withLock { state in
            guard state.inProgress < capacity else { return nil }
            state.inProgress += 1
            state.started += 1
            state.lastMultiOrientedDetection = multiOrientedDetection
            return state.held
        }
        guard let held = admitted else { throw FaceModelError.overloaded }
        defer { state.withLock { $0.inProgress -= 1 } }
        if held { await waitForRelease() }
        // Decoding and hashing block: on a thread of their own, off the cooperative pool.
        let decoder = self.decoder
        return try await FaceClient.offload {
            let image: RGBImage
            do {
                image = try decoder.decode(imageBytes)
            } catch let error as ImageDecodingError {
                throw error.isInvalidSize ? FaceModelError.invalidImageSize : FaceModelError.unreadableImage
            }
            return try Self.face(in: image)
        }
    }

    private func waitForRelease() async {
        await withCheckedContinuation { continuation in
            let stillHeld = state.withLock { state in
                if state.held { state.waiters.append(continuation) }
                return state.held
            }
            if !stillHeld { continuation.resume() }
        }
    }

    /// A centred box half the short side wide, and the pixels' embedding.
    static func face(in image: RGBImage) throws(FaceModelError) -> RecognizedFace {
        guard !isUniform(image) else { throw .noFace }
        let side = max(1, min(image.width, image.height) / 2)
        let box = FaceRectangle(top: (image.height - side) / 2, left: (image.width - side) / 2, width: side, height: side)
        return RecognizedFace(box: box, embedding: embedding(of: image))
    }

    /// Whether every pixel has the first pixel's colour.
    private static func isUniform(_ image: RGBImage) -> Bool {
        let first = Array(image.pixels.prefix(3))
        return stride(from: 0, to: image.pixels.count, by: 3).allSatisfy { image.pixels[$0..<($0 + 3)].elementsEqual(first) }
    }

    /// A unit vector drawn from a generator seeded by the pixels' SHA-256.
    static func embedding(of image: RGBImage) -> [Float] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let framed = withUnsafeBytes(of: (Int64(image.width), Int64(image.height))) { Array($0) } + image.pixels
        _ = framed.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil) }
        var seed = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let vector = (0..<dimension).map { _ in Float(Double(splitMix(&seed) >> 11) / Double(1 << 53) * 2 - 1) }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / norm }
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
