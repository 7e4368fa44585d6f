import CPNGReader

/// PNG through libpng (via the setjmp-safe `CPNGReader` front): every colour
/// type and bit depth becomes 8-bit RGB. 16-bit samples keep their high byte.
/// Alpha (an alpha channel or tRNS) is composited onto black
/// (`AlphaCompositing`).
enum PNGDecoder {
    static func header(of bytes: UnsafeRawBufferPointer) throws -> ImageHeader {
        var info = png_reader_info()
        let status = png_reader_probe(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, &info)
        guard status == PNG_READER_OK else { throw ImageDecodingError.corrupt(.png, "unreadable PNG header") }
        return ImageHeader(format: .png, width: Int(info.width), height: Int(info.height))
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, limits: PixelLimits) throws -> RGBImage {
        let header = try header(of: bytes)
        try limits.check(width: header.width, height: header.height)
        let pixelCount = header.width * header.height
        var rgba = [UInt8](repeating: 0, count: pixelCount * 4)
        var message = [CChar](repeating: 0, count: 160)
        let status = rgba.withUnsafeMutableBufferPointer { out in
            png_reader_decode(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                              UInt32(limits.maxSide), out.baseAddress, out.count, &message, message.count)
        }
        guard status == PNG_READER_OK else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ImageDecodingError.corrupt(.png, text.isEmpty ? "undecodable PNG" : text)
        }
        var rgb = [UInt8](repeating: 0, count: pixelCount * 3)
        rgba.withUnsafeBufferPointer { src in
            rgb.withUnsafeMutableBufferPointer { dst in
                for i in 0..<pixelCount {
                    let alpha = src[4 * i + 3]
                    for c in 0..<3 { dst[3 * i + c] = AlphaCompositing.ontoBlack(src[4 * i + c], alpha: alpha) }
                }
            }
        }
        return RGBImage(width: header.width, height: header.height, pixels: rgb)
    }
}
