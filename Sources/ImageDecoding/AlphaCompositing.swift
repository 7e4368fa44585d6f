/// The one alpha rule of every decoder (PNG alpha channel or tRNS, BMP alpha
/// mask): a pixel is composited onto black, `c · a / 255` truncated. This is
/// what dlib's loader produces for PNG, so opaque pixels are unchanged,
/// transparent ones become black, and a face detected on a transparent
/// image's visible part is the same whatever format carried it.
enum AlphaCompositing {
    @inline(__always)
    static func ontoBlack(_ value: UInt8, alpha: UInt8) -> UInt8 {
        alpha == 255 ? value : UInt8(UInt32(value) * UInt32(alpha) / 255)
    }
}
