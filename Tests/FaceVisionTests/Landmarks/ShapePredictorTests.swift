import FaceVision
import Foundation
import ImageDecoding
import Inference
import Testing

/// Our landmark cascade against dlib's on the boxes dlib's detector found.
@Suite struct ShapePredictorTests {
    static let predictor = Result { try ShapePredictor(modelDirectory: InferenceFixtures.modelDirectory) }

    @Test(arguments: InferenceFixtures.dlibFaces)
    func landmarksMatchDlib(_ name: String, _ face: Int) throws {
        let predictor = try Self.predictor.get()
        let path = InferenceFixtures.photoPath(name)
        let box = try CachedDlibOracle.detect(path)[face].box.map { Int($0) }
        let dlib = try CachedDlibOracle.landmarks(path, box: box.map(Double.init)).face.landmarks
        let ours = predictor.landmarks(in: try InferenceFixtures.photo(name),
                                       box: PixelRect(left: box[0], top: box[1], width: box[2], height: box[3]))
        for (point, reference) in zip(ours.points, dlib) {
            // dlib returns whole pixels; so do we, rounding the same way.
            #expect(abs(point.x - reference[0]) <= 0.5 && abs(point.y - reference[1]) <= 0.5,
                    "\(name) face \(face): \(point) vs \(reference)")
        }
    }

    @Test func truncatedOrForeignModelFilesAreLoadErrors() throws {
        let models = URL(fileURLWithPath: InferenceFixtures.modelDirectory)
        let model = [UInt8](try Data(contentsOf: models.appendingPathComponent(ShapePredictor.modelFileName)))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let recognizer = models.appendingPathComponent(FaceRecognizer.modelFileName)
        let inputs: [(String, [UInt8])] = [
            ("half", Array(model.prefix(model.count / 2))),
            ("header", Array(model.prefix(40))),
            ("empty", []),
            ("recognizer", Array(try Data(contentsOf: recognizer).prefix(100_000))),
            ("extended", model + [0x01, 0x05]),
        ]
        for (label, bytes) in inputs {
            let path = directory.appendingPathComponent(label + ".dat").path
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            #expect(throws: ModelLoadError.self, "\(label)") { try ShapePredictor(modelPath: path) }
        }
        #expect(throws: ModelLoadError.self) { try ShapePredictor(modelDirectory: directory.path) }
    }
}
