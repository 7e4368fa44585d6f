/// What one analysis should return.
public struct AnalysisOptions: Sendable, Equatable {
    /// Which faces to fit and embed.
    public enum Selection: Sendable, Equatable {
        /// Every detected face.
        case all
        /// Only the face with the largest box; the others are not embedded.
        case largest
    }

    public var selection: Selection
    /// When nothing is found upright, retry the image turned 90°, 180° and
    /// 270° clockwise (the contract's `multi_oriented_detection`).
    public var multiOrientedDetection: Bool

    /// Creates options; by default every face, upright only.
    public init(selection: Selection = .all, multiOrientedDetection: Bool = false) {
        self.selection = selection
        self.multiOrientedDetection = multiOrientedDetection
    }
}
