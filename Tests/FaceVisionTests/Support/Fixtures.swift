import Foundation
import ImageDecoding

/// Paths of the repository's test inputs, located from this file.
enum Fixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let photos = repoRoot.appendingPathComponent("Tests/Fixtures/photos")
    static let models = repoRoot.appendingPathComponent("models/s21")
    static let oracle = repoRoot.appendingPathComponent(".build-oracle/dlib-oracle")
    static let oracleCache = repoRoot.appendingPathComponent(".build-oracle/cache")

    /// Photos on which dlib's detector finds at least one face.
    static let photosWithFaces = ["obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg", "32bit.png", "t1.jpg",
                                  "astronaut.png", "Tom_Hanks_54745.png", "obama_partial_face.jpg",
                                  "obama_partial_face2.jpg"]

    static func photo(_ name: String) -> URL { photos.appendingPathComponent(name) }

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    static func image(_ name: String) throws -> RGBImage {
        try ImageDecoder().decode(bytes(photo(name)))
    }
}
