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

extension InferenceFixtures {
    /// The central side × side pixels of an image at least that large.
    static func centreCrop(_ image: RGBImage, side: Int) -> RGBImage {
        let left = (image.width - side) / 2, top = (image.height - side) / 2
        var pixels = [UInt8]()
        pixels.reserveCapacity(side * side * 3)
        for y in top..<top + side {
            let start = ((y * image.width) + left) * 3
            pixels += image.pixels[start..<start + side * 3]
        }
        return RGBImage(width: side, height: side, pixels: pixels)
    }
}

extension InferenceFixtures {
    /// The image at twice its size, each pixel repeated 2×2.
    static func doubled(_ image: RGBImage) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: image.pixels.count * 4)
        for y in 0..<image.height * 2 {
            for x in 0..<image.width * 2 {
                let source = ((y / 2) * image.width + x / 2) * 3, target = (y * image.width * 2 + x) * 3
                for c in 0..<3 { pixels[target + c] = image.pixels[source + c] }
            }
        }
        return RGBImage(width: image.width * 2, height: image.height * 2, pixels: pixels)
    }
}
