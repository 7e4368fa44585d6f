/// Every way a service request can fail, in service terms.
///
/// The HTTP front maps each case to the contract's status and error string;
/// any other error thrown by the service is an internal failure.
public enum LibraryError: Error, Equatable, Sendable {
    /// A required field is absent.
    case missingArgument(Field)
    /// A field has the wrong type, length, charset or value.
    case badArgument(Field)
    /// Both `image` and `file` were sent.
    case coexistingImages
    /// The app has no library with this group_id.
    case invalidGroupID
    /// The app already has a library with this group_id.
    case groupExists
    /// The app already has its maximum number of libraries.
    case groupLimitReached
    /// The library still holds faces and `check_empty` asked to keep it.
    case notEmpty
    /// The face token is unknown in this library.
    case invalidFaceToken
    /// The app's face quota is full.
    case faceLimitReached
    /// The image is not PNG/JPEG/BMP, or is corrupt.
    case unsupportedImageFormat(ImageField)
    /// The image's pixel size is outside the configured range.
    case invalidImageSize(ImageField)
    /// The encoded image is over the configured byte limit.
    case imageTooLarge(ImageField)
    /// No face was found in the image.
    case noFaceFound
    /// Overloaded, refused at once: the app has its cap of requests in flight,
    /// or every image analysis slot and its queue are taken (FaceVision's
    /// `.overloaded`). The one spelling of "overloaded" above FaceVision.
    case concurrencyLimitExceeded
    /// The face model is not available to this service (an internal failure).
    case faceModelUnavailable
}

/// Which field carried an image: the base64 text field or the file part.
public enum ImageField: String, Sendable {
    case image
    case file
}
