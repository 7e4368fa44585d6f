import ImageDecoding

/// How far two same-sized images are apart, channel by channel.
struct PixelDifference {
    var maximum = 0
    var mean = 0.0

    init(_ a: RGBImage, _ b: RGBImage) {
        precondition(a.width == b.width && a.height == b.height)
        var total = 0
        for i in a.pixels.indices {
            let d = abs(Int(a.pixels[i]) - Int(b.pixels[i]))
            total += d
            maximum = max(maximum, d)
        }
        mean = Double(total) / Double(a.pixels.count)
    }
}
