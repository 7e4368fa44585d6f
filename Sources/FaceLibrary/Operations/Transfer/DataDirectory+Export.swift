import FaceStore
import Foundation

extension DataDirectory {
    /// Writes one library of an app, with every face's embedding, to a new
    /// archive file at `path` (format: docs/library-archive.md), read from one
    /// snapshot while the server goes on serving.
    public func exportLibrary(apiKey: String, groupID: String, to path: String) async throws -> TransferSummary {
        guard let app = try await storage.app(apiKey: apiKey) else { throw LibraryTransferError.unknownApp(apiKey) }
        guard let stored = try await storage.library(appID: app.id, groupID: groupID) else {
            throw LibraryTransferError.unknownGroup(groupID)
        }
        let exportedAt = Int64(Date().timeIntervalSince1970 * 1000)
        let written = try await storage.withLibrarySnapshot(libraryID: stored.id) { library, cursor in
            try await Self.writeArchive(of: library, faces: cursor, to: path, exportedAt: exportedAt)
        }
        // nil: the library was freed between the lookup and the snapshot.
        guard let written else { throw LibraryTransferError.unknownGroup(groupID) }
        return TransferSummary(apiKey: apiKey, groupID: groupID, modelVersion: stored.modelVersion, faces: written,
                               path: path, tokensKept: true)
    }

    private static func writeArchive(of library: LibraryRecord, faces cursor: FaceCursor, to path: String,
                                     exportedAt: Int64) async throws -> Int {
        guard let dimension = ModelVersion.embeddingDimension(of: library.modelVersion) else {
            throw LibraryTransferError.io("library \(library.groupID) has model \(library.modelVersion), unknown to this release")
        }
        let writer = try LibraryArchiveWriter(path: path)
        do {
            try writer.write(LibraryArchive.Header(
                format: LibraryArchive.format, formatVersion: LibraryArchive.formatVersion,
                modelVersion: library.modelVersion, embeddingDimension: dimension,
                embeddingEncoding: LibraryArchive.embeddingEncoding,
                library: LibraryArchive.LibraryFields(groupID: library.groupID, groupName: library.name,
                                                      groupData: library.data, addTime: library.addTime),
                faceCount: library.faceCount, exportedAt: exportedAt))
            while let batch = try await cursor.nextBatch() {
                for face in batch {
                    guard face.record.modelVersion == library.modelVersion, face.embedding.count == dimension else {
                        throw LibraryTransferError.io(
                            "face \(face.record.faceToken) does not hold a \(library.modelVersion) embedding; run facectl check")
                    }
                    try writer.write(LibraryArchive.FaceLine(
                        faceToken: face.record.faceToken, userID: face.record.userID, userData: face.record.userData,
                        addTime: face.record.addTime,
                        embedding: Data(EmbeddingCodec.encode(face.embedding)).base64EncodedString()))
                }
            }
            guard writer.facesWritten == library.faceCount else {
                throw LibraryTransferError.io("library \(library.groupID) records \(library.faceCount) faces but holds "
                                              + "\(writer.facesWritten); run facectl check")
            }
            try writer.finish()
            return writer.facesWritten
        } catch {
            writer.abandon()
            throw error
        }
    }
}
