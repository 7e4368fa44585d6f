import FaceVision
import Foundation
import ImageDecoding
import Testing

/// Our aligned chips against the chips dlib cuts from the same landmarks.
@Suite struct ChipAlignmentTests {
    @Test(arguments: InferenceFixtures.dlibFaces)
    func chipMatchesDlib(_ name: String, _ face: Int) throws {
        let path = InferenceFixtures.photoPath(name)
        let box = try CachedDlibOracle.detect(path)[face].box
        let dlib = try CachedDlibOracle.landmarks(path, box: box)
        let landmarks = FaceLandmarks(points: dlib.face.landmarks.map { Point2D(x: $0[0], y: $0[1]) })
        let chip = FaceAligner.chip(in: try InferenceFixtures.photo(name), landmarks: landmarks)
        let reference = try InferenceFixtures.image(atPath: dlib.chipPath)
        #expect(chip.width == 150 && chip.height == 150)
        // Measured: identical on every test face; allow a rare off-by-one from rounding order.
        let differences = zip(chip.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }
        let mean = Double(differences.reduce(0, +)) / Double(differences.count)
        #expect(mean < 0.05, "\(name) face \(face): mean difference \(mean)")
        #expect(differences.max() ?? 0 <= 1, "\(name) face \(face): max difference \(differences.max() ?? 0)")
    }
}
