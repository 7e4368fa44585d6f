import FaceStore
import Foundation

// Design note: the reader validates as it goes, so that the same code both
// checks a whole file before an import touches the database (first pass)
// and feeds the import transaction (second pass), which rolls back if the
// file turns out bad after all: every field is held to the same rules as the
// API's (identifiers, lengths, token form), every embedding to the model's
// dimension and to `EmbeddingRule` (finite, unit length), and the trailer's
// count and SHA-256 to what was read.

/// One face read from an archive and checked.
struct ArchivedFace: Sendable, Equatable {
    var faceToken: String
    var userID: String
    var userData: String
    var addTime: Int64
    var embedding: [Float]
}

/// Reads a library archive, checking every line.
///
/// `@unchecked Sendable`: it is driven by one thread at a time (the import
/// hands it to the store's writer thread), never concurrently.
final class LibraryArchiveReader: @unchecked Sendable {
    let header: LibraryArchive.Header
    let dimension: Int
    private var lines: LineSource
    private let digest: SHA256Digest
    private let decoder = JSONDecoder()
    private var facesRead = 0
    private var finished = false

    /// Opens `path` and checks its header.
    init(path: String) throws(LibraryTransferError) {
        lines = try LineSource(path: path)
        digest = try SHA256Digest()
        guard let first = try lines.next() else { throw .notAnArchive("the file is empty") }
        digest.update(first.bytes + [UInt8(ascii: "\n")])
        let header: LibraryArchive.Header
        do {
            header = try decoder.decode(LibraryArchive.Header.self, from: Data(first.bytes))
        } catch {
            throw .notAnArchive("line 1 is not a header (\(Self.explain(error)))")
        }
        guard header.format == LibraryArchive.format else { throw .notAnArchive("format is \"\(header.format)\"") }
        guard header.formatVersion <= LibraryArchive.formatVersion else { throw .newerFormat(header.formatVersion) }
        guard header.formatVersion >= 1 else { throw .invalidLine(1, "format_version must be 1 or more") }
        guard let dimension = ModelVersion.embeddingDimension(of: header.modelVersion),
              ModelVersion.supported.contains(header.modelVersion) else {
            throw .modelNotSupported(fileModel: header.modelVersion, supported: Array(ModelVersion.supported))
        }
        guard header.embeddingDimension == dimension else {
            throw .invalidLine(1, "embedding_dimension \(header.embeddingDimension) is not model \(header.modelVersion)'s \(dimension)")
        }
        guard header.embeddingEncoding == LibraryArchive.embeddingEncoding else {
            throw .invalidLine(1, "embedding_encoding must be \(LibraryArchive.embeddingEncoding)")
        }
        guard header.faceCount >= 0 else { throw .invalidLine(1, "face_count is negative") }
        let library = header.library
        guard (1...FieldRules.nameMaxCharacters).contains(FieldRules.characterCount(library.groupName)) else {
            throw .invalidLine(1, "group_name must be 1 to \(FieldRules.nameMaxCharacters) characters")
        }
        guard FieldRules.characterCount(library.groupData) <= FieldRules.dataMaxCharacters else {
            throw .invalidLine(1, "group_data is over \(FieldRules.dataMaxCharacters) characters")
        }
        self.header = header
        self.dimension = dimension
    }

    /// The next face; nil once the trailer has been read and verified.
    func nextFace() throws(LibraryTransferError) -> ArchivedFace? {
        guard !finished else { return nil }
        guard let line = try lines.next() else {
            throw .truncated("it ends after \(facesRead) of \(header.faceCount) faces, without its trailer line")
        }
        guard facesRead < header.faceCount else {
            try verifyTrailer(line)
            return nil
        }
        digest.update(line.bytes + [UInt8(ascii: "\n")])
        let entry: LibraryArchive.FaceLine
        do {
            entry = try decoder.decode(LibraryArchive.FaceLine.self, from: Data(line.bytes))
        } catch {
            if (try? decoder.decode(LibraryArchive.Trailer.self, from: Data(line.bytes))) != nil {
                throw .invalidLine(line.number, "the trailer comes after \(facesRead) faces; the header announces \(header.faceCount)")
            }
            throw .invalidLine(line.number, "not a face line (\(Self.explain(error)))")
        }
        facesRead += 1
        return try check(entry, line: line.number)
    }

    private func check(_ entry: LibraryArchive.FaceLine, line: Int) throws(LibraryTransferError) -> ArchivedFace {
        guard FaceToken.isValid(entry.faceToken) else { throw .invalidLine(line, "face_token is not 32 lowercase hex characters") }
        guard FieldRules.isIdentifier(entry.userID) else { throw .invalidLine(line, "user_id is not a valid identifier") }
        guard FieldRules.characterCount(entry.userData) <= FieldRules.dataMaxCharacters else {
            throw .invalidLine(line, "user_data is over \(FieldRules.dataMaxCharacters) characters")
        }
        guard entry.addTime >= 0 else { throw .invalidLine(line, "add_time is negative") }
        guard let bytes = Data(base64Encoded: entry.embedding), bytes.count == dimension * 4 else {
            throw .invalidLine(line, "embedding is not base64 of \(dimension) float32 values")
        }
        let embedding = EmbeddingCodec.decode(Array(bytes))
        // Refused, not renormalised: a scaled or zero vector is damage of
        // unknown origin, and an import stores exactly what the file says.
        if let problem = EmbeddingRule.problem(embedding) { throw .invalidLine(line, "embedding \(problem)") }
        return ArchivedFace(faceToken: entry.faceToken, userID: entry.userID, userData: entry.userData,
                            addTime: entry.addTime, embedding: embedding)
    }

    private func verifyTrailer(_ line: LineSource.Line) throws(LibraryTransferError) {
        let trailer: LibraryArchive.Trailer
        do {
            trailer = try decoder.decode(LibraryArchive.Trailer.self, from: Data(line.bytes))
        } catch {
            throw .invalidLine(line.number, "expected the trailer after \(header.faceCount) faces (\(Self.explain(error)))")
        }
        guard trailer.end == LibraryArchive.format, trailer.faceCount == facesRead else {
            throw .invalidLine(line.number, "the trailer counts \(trailer.faceCount) faces, the file holds \(facesRead)")
        }
        guard trailer.sha256 == digest.finalHex() else { throw .checksumMismatch }
        if let extra = try lines.next() { throw .invalidLine(extra.number, "unexpected text after the trailer") }
        finished = true
    }

    private static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type for \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "not valid JSON"
        }
    }
}
