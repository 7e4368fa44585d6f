/// An encoded image container, recognised from its first bytes (never from a
/// file name or a declared MIME type).
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    case jpeg, png, bmp
    /// Recognised but refused: GIF, WebP, TIFF.
    case gif, webp, tiff
    /// Nothing we recognise.
    case unknown

    /// Whether `ImageDecoder` decodes this format.
    public var isSupported: Bool {
        switch self {
        case .jpeg, .png, .bmp: true
        case .gif, .webp, .tiff, .unknown: false
        }
    }

    /// Identifies the container from its magic number.
    public init(sniffing bytes: UnsafeRawBufferPointer) {
        func starts(with magic: [UInt8], at offset: Int = 0) -> Bool {
            guard bytes.count >= offset + magic.count else { return false }
            return magic.indices.allSatisfy { bytes[offset + $0] == magic[$0] }
        }
        if starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts(with: Array("BM".utf8)) {
            self = .bmp
        } else if starts(with: Array("GIF8".utf8)) {
            self = .gif
        } else if starts(with: Array("RIFF".utf8)) && starts(with: Array("WEBP".utf8), at: 8) {
            self = .webp
        } else if starts(with: [0x49, 0x49, 0x2A, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            self = .tiff
        } else {
            self = .unknown
        }
    }
}
