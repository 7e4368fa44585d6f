/// How stored pixels must be transformed for display: the EXIF orientation
/// tag, values 1…8.
public enum ImageOrientation: Int, Sendable, Equatable, CaseIterable {
    case up = 1
    case mirrored = 2
    case rotated180 = 3
    case flippedVertically = 4
    case transposed = 5
    case rotated90Clockwise = 6
    case transverse = 7
    case rotated90CounterClockwise = 8

    /// Whether displaying swaps width and height.
    public var swapsSides: Bool { rawValue >= 5 }

    /// The orientation that turns an image by `quarterTurns` × 90° clockwise.
    public static func rotation(quarterTurnsClockwise quarterTurns: Int) -> ImageOrientation {
        switch ((quarterTurns % 4) + 4) % 4 {
        case 1: .rotated90Clockwise
        case 2: .rotated180
        case 3: .rotated90CounterClockwise
        default: .up
        }
    }
}
