import Foundation
import Testing
@testable import FaceLibrary
import FaceTestSupport

/// The server refuses to start on model files that are not the pinned ones.
@Suite struct RecognitionModelTests {
    static let weights = ["mmod_human_face_detector.dat", "shape_predictor_5_face_landmarks.dat",
                          "dlib_face_recognition_resnet_model_v1.dat"]

    /// A models directory whose s21 folder links the real weights and holds `manifest`.
    private func modelsDirectory(manifest: String, linking files: [String] = weights) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: "models")
        let s21 = directory.path + "/s21"
        try FileManager.default.createDirectory(atPath: s21, withIntermediateDirectories: true)
        for file in files {
            try FileManager.default.createSymbolicLink(atPath: s21 + "/" + file,
                                                       withDestinationPath: RepositoryRoot.appending("models/s21/\(file)"))
        }
        try manifest.write(toFile: s21 + "/manifest.json", atomically: true, encoding: .utf8)
        return directory
    }

    private var shippedManifest: String {
        get throws { try String(contentsOfFile: RepositoryRoot.appending("models/s21/manifest.json"), encoding: .utf8) }
    }

    @Test func theShippedModelLoads() throws {
        let model = try RecognitionModel.load(modelsDirectory: RepositoryRoot.appending("models"), version: "s21",
                                              imageLimits: .defaults)
        #expect(model.version == "s21")
        #expect(model.calibration.confidenceKnots.count >= 2)
    }

    /// What the service gets from the real model: dlib's box and a unit
    /// embedding for a face, and each failure in the seam's terms.
    @Test func theShippedModelAnswersThroughTheServiceSeam() async throws {
        let model: any FaceModel = try RecognitionModel.load(modelsDirectory: RepositoryRoot.appending("models"), version: "s21",
                                                             imageLimits: .defaults, maxConcurrentAnalyses: 1)
        let face = try await model.largestFace(of: try TestPhotos.bytes("obama.jpg"), multiOrientedDetection: false)
        // dlib's box for this photo is (375, 154) 237×237.
        #expect(face.box == FaceRectangle(top: 154, left: 375, width: 237, height: 237))
        #expect(face.embedding.count == 128)
        #expect(abs(face.embedding.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        let tiny = BMPWriter.encode(width: 40, height: 40, rgb: [UInt8](repeating: 128, count: 40 * 40 * 3))
        let failures: [([UInt8], FaceModelError)] = [
            (try TestPhotos.bytes("coffee.png"), .noFace),
            (tiny, .invalidImageSize),
            (Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0], .unreadableImage),
            (Array(try TestPhotos.bytes("obama.jpg").prefix(5000)), .unreadableImage),
        ]
        for (bytes, expected) in failures {
            await #expect(throws: expected) { _ = try await model.largestFace(of: bytes, multiOrientedDetection: false) }
        }
        #expect(model.load == (0, 0))
    }

    @Test func aFileThatDoesNotMatchItsPinIsRefused() throws {
        let pin = "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30"
        let directory = try modelsDirectory(manifest: try shippedManifest.replacingOccurrences(of: pin, with: String(repeating: "0", count: 64)))
        defer { directory.remove() }
        #expect {
            try RecognitionModel.load(modelsDirectory: directory.path, version: "s21", imageLimits: .defaults)
        } throws: { error in
            guard case ModelSetupError.checksumMismatch(let file, _, let actual) = error else { return false }
            return file.hasSuffix("dlib_face_recognition_resnet_model_v1.dat") && actual == pin
        }
    }

    @Test func missingFilesAndForeignManifestsAreRefused() throws {
        let missing = try modelsDirectory(manifest: try shippedManifest, linking: Array(Self.weights.prefix(2)))
        defer { missing.remove() }
        #expect {
            try RecognitionModel.load(modelsDirectory: missing.path, version: "s21", imageLimits: .defaults)
        } throws: { error in
            if case ModelSetupError.missingFile = error { true } else { false }
        }
        let foreign = try modelsDirectory(manifest: try shippedManifest.replacingOccurrences(of: "\"model_version\": \"s21\"",
                                                                                         with: "\"model_version\": \"s99\""))
        defer { foreign.remove() }
        #expect(throws: ModelSetupError.self) {
            try RecognitionModel.load(modelsDirectory: foreign.path, version: "s21", imageLimits: .defaults)
        }
        #expect(throws: ModelSetupError.self) {
            try RecognitionModel.load(modelsDirectory: foreign.path, version: "s22", imageLimits: .defaults)
        }
    }
}
