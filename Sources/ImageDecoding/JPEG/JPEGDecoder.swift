import CTurboJPEG

/// JPEG/JFIF through TurboJPEG 2.x: header first, then pixels as RGB with
/// libjpeg's default (accurate integer) IDCT and fancy upsampling, the same
/// settings dlib's loader uses, so decoded pixels match it exactly. CMYK and
/// YCCK images are decoded to CMYK and converted (`CMYKConversion`).
enum JPEGDecoder {
    static func header(of bytes: UnsafeRawBufferPointer) throws -> ImageHeader {
        try withHandle { handle in
            let info = try readHeader(handle, bytes)
            return ImageHeader(format: .jpeg, width: info.width, height: info.height,
                               orientation: EXIFOrientation.read(from: bytes))
        }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, limits: PixelLimits) throws -> RGBImage {
        try withHandle { handle in
            let info = try readHeader(handle, bytes)
            try limits.check(width: info.width, height: info.height)
            let cmyk = info.colorspace == Int32(TJCS_CMYK.rawValue) || info.colorspace == Int32(TJCS_YCCK.rawValue)
            let pixels = try decompress(handle, bytes, info, format: cmyk ? TJPF_CMYK : TJPF_RGB)
            return RGBImage(width: info.width, height: info.height,
                            pixels: cmyk ? CMYKConversion.rgb(fromAdobeCMYK: pixels) : pixels)
        }
    }

    private struct Info { var width: Int; var height: Int; var colorspace: Int32 }

    private static func withHandle<T>(_ body: (tjhandle) throws -> T) throws -> T {
        guard let handle = tjInitDecompress() else {
            throw ImageDecodingError.corrupt(.jpeg, "cannot create a TurboJPEG decompressor")
        }
        defer { tjDestroy(handle) }
        return try body(handle)
    }

    private static func readHeader(_ handle: tjhandle, _ bytes: UnsafeRawBufferPointer) throws -> Info {
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let status = tjDecompressHeader3(handle, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                         UInt(bytes.count), &width, &height, &subsampling, &colorspace)
        guard status == 0, width > 0, height > 0 else {
            throw ImageDecodingError.corrupt(.jpeg, message(handle))
        }
        return Info(width: Int(width), height: Int(height), colorspace: colorspace)
    }

    /// libjpeg reports a file without its end-of-image marker exactly as one
    /// cut mid-scan ("premature end of JPEG file"). Closing the stream with
    /// the marker tells them apart: complete scans then decode cleanly, while
    /// a cut scan reaches the marker early and warns again.
    private static func decompress(_ handle: tjhandle, _ bytes: UnsafeRawBufferPointer, _ info: Info,
                                   format: TJPF) throws -> [UInt8] {
        let channels = format == TJPF_CMYK ? 4 : 3
        var pixels = [UInt8](repeating: 0, count: info.width * info.height * channels)
        func run(_ data: UnsafeRawBufferPointer) -> Int32 {
            pixels.withUnsafeMutableBufferPointer { out in
                tjDecompress2(handle, data.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt(data.count),
                              out.baseAddress, Int32(info.width), 0, Int32(info.height),
                              Int32(format.rawValue), TJFLAG_LIMITSCANS)
            }
        }
        guard run(bytes) != 0 else { return pixels }
        let endsWithMarker = bytes.count >= 2 && bytes[bytes.count - 2] == 0xFF && bytes[bytes.count - 1] == 0xD9
        if isPrematureEnd(handle), !endsWithMarker {
            let closed = Array(bytes) + [0xFF, 0xD9]
            guard closed.withUnsafeBytes(run) != 0 else { return pixels }
        }
        try classifyFailure(handle)
        return pixels
    }

    /// Fatal errors and truncation fail the decode; other libjpeg warnings
    /// (e.g. stray bytes before a marker) leave a complete image and are
    /// tolerated, as image viewers do.
    private static func classifyFailure(_ handle: tjhandle) throws {
        if tjGetErrorCode(handle) != Int32(TJERR_WARNING.rawValue) || isPrematureEnd(handle) {
            throw ImageDecodingError.corrupt(.jpeg, message(handle))
        }
    }

    /// libjpeg's "Premature end of JPEG file" and "premature end of data segment".
    private static func isPrematureEnd(_ handle: tjhandle) -> Bool {
        message(handle).contains("remature end")
    }

    private static func message(_ handle: tjhandle) -> String {
        tjGetErrorStr2(handle).map { String(cString: $0) } ?? "undecodable JPEG"
    }
}
