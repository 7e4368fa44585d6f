import Foundation
import ImageDecoding

/// Paths and decoded photos shared by the detector and recognizer tests.
enum InferenceFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let modelDirectory = repositoryRoot.appendingPathComponent("models/s21").path
    static let photoDirectory = repositoryRoot.appendingPathComponent("Tests/Fixtures/photos")

    /// Photos on which dlib's detector finds at least one face.
    static let photosWithFaces = ["obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg", "32bit.png", "t1.jpg",
                                  "astronaut.png", "Tom_Hanks_54745.png", "obama_partial_face.jpg",
                                  "obama_partial_face2.jpg"]

    /// Each face dlib finds in each of `photosWithFaces`, as (photo, index).
    static let dlibFaces: [(String, Int)] = photosWithFaces.flatMap { name in
        let count = (try? CachedDlibOracle.detect(photoPath(name)).count) ?? 1
        return (0..<count).map { (name, $0) }
    }

    static func photoPath(_ name: String) -> String { photoDirectory.appendingPathComponent(name).path }

    /// Decodes a photo as dlib's `load_image` sees it (no EXIF rotation).
    static func image(atPath path: String) throws -> RGBImage {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return try ImageDecoder(limits: .init(minSide: 1, maxSide: 8192, maxPixels: 1 << 26),
                                appliesEXIFOrientation: false).decode(bytes)
    }

    static func photo(_ name: String) throws -> RGBImage { try image(atPath: photoPath(name)) }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let na = a.reduce(0.0) { $0 + Double($1) * Double($1) }, nb = b.reduce(0.0) { $0 + Double($1) * Double($1) }
        return dot / (na * nb).squareRoot()
    }
}
