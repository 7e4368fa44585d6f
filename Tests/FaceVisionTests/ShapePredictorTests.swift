import FaceVision
import Foundation
import ImageDecoding
import Inference
import Testing

/// Our landmark cascade against dlib's on the boxes dlib's detector found.
@Suite struct ShapePredictorTests {
    static let predictor = Result { try ShapePredictor(modelDirectory: Fixtures.models.path) }

    @Test(arguments: ChipAlignmentTests.cases)
    func landmarksMatchDlib(_ name: String, _ face: Int) throws {
        let predictor = try Self.predictor.get()
        let photo = Fixtures.photo(name)
        let box = try #require(DlibOracle.detect(photo).faces[face].box).map { Int($0) }
        let dlib = try #require(try DlibOracle.landmarks(photo, box: box).face.landmarks)
        let ours = predictor.landmarks(in: try Fixtures.image(name),
                                       box: PixelRect(left: box[0], top: box[1], width: box[2], height: box[3]))
        for (point, reference) in zip(ours.points, dlib) {
            // dlib returns whole pixels; so do we, rounding the same way.
            #expect(abs(point.x - reference[0]) <= 0.5 && abs(point.y - reference[1]) <= 0.5,
                    "\(name) face \(face): \(point) vs \(reference)")
        }
    }

    @Test func truncatedOrForeignModelFilesAreLoadErrors() throws {
        let model = try Fixtures.bytes(Fixtures.models.appendingPathComponent(ShapePredictor.modelFileName))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let recognizer = Fixtures.models.appendingPathComponent("dlib_face_recognition_resnet_model_v1.dat")
        let inputs: [(String, [UInt8])] = [
            ("half", Array(model.prefix(model.count / 2))),
            ("header", Array(model.prefix(40))),
            ("empty", []),
            ("recognizer", Array(try Fixtures.bytes(recognizer).prefix(100_000))),
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
