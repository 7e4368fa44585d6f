import Foundation

/// The real photos in `Tests/Fixtures/photos/` (fetched by `make photos`).
public enum TestPhotos {
    /// The file's bytes.
    public static func bytes(_ name: String) throws -> [UInt8] {
        let path = RepositoryRoot.appending("Tests/Fixtures/photos/\(name)")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TestPhotoError.missing(path)
        }
        return [UInt8](data)
    }

    /// The photo as a multipart file part.
    public static func part(_ name: String) throws -> FormBody.Part {
        .file(name: name, bytes: try bytes(name))
    }

    /// A photo is not there: run `make photos`.
    public enum TestPhotoError: Error, CustomStringConvertible {
        case missing(String)

        public var description: String {
            switch self {
            case .missing(let path): "missing test photo \(path) (run Tests/Fixtures/fetch-photos.sh)"
            }
        }
    }
}
