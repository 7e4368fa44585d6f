/// Why a chip could not be embedded.
public enum FaceRecognizerError: Error, Equatable, Sendable {
    /// The chip is not 150×150 pixels (the size the network was trained on).
    case wrongChipSize(width: Int, height: Int)
}
