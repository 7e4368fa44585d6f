import Foundation
import ImageDecoding

/// Paths of the repository's test inputs, located from this file.
enum Fixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let photos = repoRoot.appendingPathComponent("Tests/Fixtures/photos")
    static let pillowScript = repoRoot.appendingPathComponent("Tests/Fixtures/pillow_reference.py")

    static func photo(_ name: String) -> URL { photos.appendingPathComponent(name) }

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// A new, empty scratch directory under the system temporary directory
    /// (unique per call: tests run in parallel).
    static func scratchDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("image-decoding-tests-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
