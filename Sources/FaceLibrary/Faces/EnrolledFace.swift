/// The outcome of an `add`.
public struct EnrolledFace: Sendable, Equatable {
    public let face: Face
    /// Faces in the library after this one was added.
    public let libraryFaceCount: Int
    /// Where the enrolled face is in the photo.
    public let rectangle: FaceRectangle
}

/// A face's box in the photo, in pixels (the `face_rectangle` of add and search).
public struct FaceRectangle: Sendable, Equatable {
    public let top: Int
    public let left: Int
    public let width: Int
    public let height: Int

    /// A box from its top-left pixel and size.
    public init(top: Int, left: Int, width: Int, height: Int) {
        self.top = top
        self.left = left
        self.width = width
        self.height = height
    }
}
