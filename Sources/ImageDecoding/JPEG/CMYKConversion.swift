/// CMYK JPEG samples to RGB. Photoshop and libjpeg-based writers (Pillow
/// among them) store CMYK inverted, with an Adobe marker, so a stored sample
/// s means ink 255 − s; the conversion is Pillow's: with nk = 255 − k,
/// channel = nk − round(ink · nk / 255) (its rounding, exactly).
enum CMYKConversion {
    static func rgb(fromAdobeCMYK cmyk: [UInt8]) -> [UInt8] {
        let count = cmyk.count / 4
        var rgb = [UInt8](repeating: 0, count: count * 3)
        cmyk.withUnsafeBufferPointer { src in
            rgb.withUnsafeMutableBufferPointer { dst in
                for i in 0..<count {
                    let notBlack = Int(src[4 * i + 3])  // stored k is inverted: 255 − k
                    for c in 0..<3 {
                        let ink = 255 - Int(src[4 * i + c])
                        let product = ink * notBlack + 128
                        dst[3 * i + c] = UInt8(notBlack - ((product >> 8) + product) >> 8)
                    }
                }
            }
        }
        return rgb
    }
}
