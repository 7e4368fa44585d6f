/// Steps through the faces of one library inside a snapshot read.
///
/// Valid only inside the `withLibrarySnapshot` body that received it.
public struct FaceCursor {
    private let statement: SQLiteStatement

    init(statement: SQLiteStatement) {
        self.statement = statement
    }

    /// The next face with its embedding, or nil after the last one.
    public mutating func next() throws -> StoredFace? {
        guard try statement.step() else { return nil }
        return StoredFace(
            record: FaceRecord(id: statement.int64(0), libraryID: statement.int64(1), faceToken: statement.text(2),
                               userID: statement.text(3), userData: statement.text(4), addTime: statement.int64(5),
                               modelVersion: statement.text(6)),
            embedding: EmbeddingCodec.decode(statement.blob(7)))
    }
}
