import FaceStore

extension DataDirectory {
    /// Recreates a library from an archive as `groupID` of the app `apiKey`:
    /// its name, data, faces (user_id, user_data, add_time, embedding) and,
    /// unless `newTokens`, its face_tokens.
    ///
    /// The whole file is checked before the database is touched; the faces
    /// then go in with the library in one transaction, so the library appears
    /// complete or not at all. A running server finds the library in the
    /// database at its next request, and builds its vector index from these
    /// rows on first use (`LibraryIndexes` keys indexes by library row id,
    /// which is never reused, so no stale index can stand in for it).
    public func importLibrary(apiKey: String, groupID: String, from path: String,
                              newTokens: Bool) async throws -> TransferSummary {
        guard FieldRules.isIdentifier(groupID) else { throw LibraryTransferError.invalidGroupID(groupID) }
        guard let app = try await storage.app(apiKey: apiKey) else { throw LibraryTransferError.unknownApp(apiKey) }
        guard try await storage.library(appID: app.id, groupID: groupID) == nil else {
            throw LibraryTransferError.groupExists(groupID)
        }
        let checked = try LibraryArchiveReader(path: path)
        while try checked.nextFace() != nil {}
        if try await storage.faceTotal(appID: app.id) + checked.header.faceCount > app.maxFaces {
            throw LibraryTransferError.faceLimitReached(app.maxFaces)
        }

        let reader = try LibraryArchiveReader(path: path)
        guard reader.header == checked.header else { throw LibraryTransferError.io("\(path) changed during the import") }
        let header = reader.header
        let outcome = try await storage.importLibrary(
            NewLibraryRecord(appID: app.id, groupID: groupID, name: header.library.groupName,
                             data: header.library.groupData, modelVersion: header.modelVersion,
                             addTime: header.library.addTime),
            maxLibraries: app.maxGroups, maxAppFaces: app.maxFaces
        ) {
            guard let face = try reader.nextFace() else { return nil }
            return NewFaceRecord(libraryID: 0, faceToken: newTokens ? try FaceToken.random() : face.faceToken,
                                 userID: face.userID, userData: face.userData, addTime: face.addTime,
                                 modelVersion: header.modelVersion, embedding: face.embedding)
        }
        switch outcome {
        case .imported(let library):
            return TransferSummary(apiKey: apiKey, groupID: groupID, modelVersion: library.modelVersion,
                                   faces: library.faceCount, path: path, tokensKept: !newTokens)
        case .duplicateGroupID: throw LibraryTransferError.groupExists(groupID)
        case .libraryLimitReached: throw LibraryTransferError.libraryLimitReached(app.maxGroups)
        case .faceLimitReached: throw LibraryTransferError.faceLimitReached(app.maxFaces)
        case .duplicateFaceToken(let token): throw LibraryTransferError.faceTokenExists(token)
        }
    }
}
