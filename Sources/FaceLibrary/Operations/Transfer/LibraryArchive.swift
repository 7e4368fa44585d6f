// Design note: the library archive (docs/library-archive.md is the spec) is
// JSON Lines so that any language reads it with its standard library: a
// header line, one line per face in creation order, a trailer line with the
// face count and a SHA-256 of every byte before it, so that a truncated or
// altered file is refused instead of half-imported. Embeddings travel as
// base64 of little-endian float32, bit-exact. No images, no secrets.

/// The lines of a library archive, format version 1.
enum LibraryArchive {
    static let format = "facesearch-library"
    static let formatVersion = 1
    static let embeddingEncoding = "float32le-base64"
    /// Longest line a reader accepts (a face line is under 1 KiB at D = 128).
    static let maxLineBytes = 1 << 20

    /// Line 1: what the file holds.
    struct Header: Codable, Equatable {
        var format: String
        var formatVersion: Int
        var modelVersion: String
        var embeddingDimension: Int
        var embeddingEncoding: String
        var library: LibraryFields
        var faceCount: Int
        /// Unix milliseconds.
        var exportedAt: Int64

        enum CodingKeys: String, CodingKey {
            case format, library
            case formatVersion = "format_version"
            case modelVersion = "model_version"
            case embeddingDimension = "embedding_dimension"
            case embeddingEncoding = "embedding_encoding"
            case faceCount = "face_count"
            case exportedAt = "exported_at"
        }
    }

    /// The exported library's own fields.
    struct LibraryFields: Codable, Equatable {
        var groupID: String
        var groupName: String
        var groupData: String
        /// Unix milliseconds.
        var addTime: Int64

        enum CodingKeys: String, CodingKey {
            case groupID = "group_id"
            case groupName = "group_name"
            case groupData = "group_data"
            case addTime = "add_time"
        }
    }

    /// Lines 2…N+1: one face each.
    struct FaceLine: Codable, Equatable {
        var faceToken: String
        var userID: String
        var userData: String
        /// Unix milliseconds.
        var addTime: Int64
        /// Base64 of the little-endian float32 components.
        var embedding: String

        enum CodingKeys: String, CodingKey {
            case embedding
            case faceToken = "face_token"
            case userID = "user_id"
            case userData = "user_data"
            case addTime = "add_time"
        }
    }

    /// The last line: closes the file and proves it whole.
    struct Trailer: Codable, Equatable {
        /// Always `format`.
        var end: String
        var faceCount: Int
        /// SHA-256 of every byte before this line, lowercase hex.
        var sha256: String

        enum CodingKeys: String, CodingKey {
            case end, sha256
            case faceCount = "face_count"
        }
    }
}
