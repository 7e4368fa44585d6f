import FaceVision
import Foundation
import ImageDecoding
import Testing

/// Our aligned chips against the chips dlib cuts from the same landmarks.
@Suite struct ChipAlignmentTests {
    /// Each detected face of each photo (t1.jpg has six, at several scales).
    static let cases: [(String, Int)] = Fixtures.photosWithFaces.flatMap { name in
        let count = (try? DlibOracle.detect(Fixtures.photo(name)).faces.count) ?? 1
        return (0..<count).map { (name, $0) }
    }

    @Test(arguments: cases)
    func chipMatchesDlib(_ name: String, _ face: Int) throws {
        let photo = Fixtures.photo(name)
        let box = try #require(DlibOracle.detect(photo).faces[face].box).map { Int($0) }
        let dlib = try DlibOracle.landmarks(photo, box: box)
        let landmarks = FaceLandmarks(points: try #require(dlib.face.landmarks).map { Point2D(x: $0[0], y: $0[1]) })
        let chip = FaceAligner.chip(in: try Fixtures.image(name), landmarks: landmarks)
        let difference = PixelDifference(chip, dlib.chip)
        #expect(chip.width == 150 && chip.height == 150)
        #expect(difference.mean < 0.05, "\(name) face \(face): mean \(difference.mean), max \(difference.maximum)")
        #expect(difference.maximum <= 1, "\(name) face \(face): max \(difference.maximum)")
    }
}
