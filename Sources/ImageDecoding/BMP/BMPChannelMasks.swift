/// The red, green, blue and optional alpha masks of 16- and 32-bit BMP pixels.
struct BMPChannelMasks {
    let red: BMPChannelMask, green: BMPChannelMask, blue: BMPChannelMask
    let alpha: BMPChannelMask?

    /// BI_RGB 16-bit: 5-5-5, top bit unused.
    static let rgb555 = BMPChannelMasks(red: 0x7C00, green: 0x03E0, blue: 0x001F, alpha: 0)!
    /// BI_RGB 32-bit: the fourth byte is padding, not alpha.
    static let bgrx = BMPChannelMasks(red: 0x00FF_0000, green: 0x0000_FF00, blue: 0x0000_00FF, alpha: 0)!

    /// Nil unless every colour mask is one non-empty run of bits (alpha 0 = none).
    init?(red: UInt32, green: UInt32, blue: UInt32, alpha: UInt32) {
        guard let r = BMPChannelMask(red), let g = BMPChannelMask(green), let b = BMPChannelMask(blue) else { return nil }
        (self.red, self.green, self.blue) = (r, g, b)
        if alpha == 0 {
            self.alpha = nil
        } else {
            guard let a = BMPChannelMask(alpha) else { return nil }
            self.alpha = a
        }
    }
}

/// Extracts one channel from a pixel word and scales it to 8 bits as
/// `v · 255 / max`, truncated (Pillow's 5- and 6-bit expansion; exact for 8 bits).
struct BMPChannelMask {
    let mask: UInt32, shift: UInt32, maximum: UInt32

    init?(_ mask: UInt32) {
        guard mask != 0 else { return nil }
        let shifted = mask >> mask.trailingZeroBitCount
        guard shifted & (shifted &+ 1) == 0 else { return nil }
        self.mask = mask
        shift = UInt32(mask.trailingZeroBitCount)
        maximum = shifted
    }

    @inline(__always)
    func value(in word: UInt32) -> UInt8 {
        UInt8(UInt64((word & mask) >> shift) * 255 / UInt64(maximum))
    }
}
