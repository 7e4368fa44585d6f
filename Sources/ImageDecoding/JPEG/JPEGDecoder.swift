import CTurboJPEG

/// JPEG/JFIF through TurboJPEG 2.x: header first, then pixels as RGB with
/// libjpeg's default (accurate integer) IDCT and fancy upsampling, the same
/// settings dlib's loader uses, so decoded pixels match it exactly.
enum JPEGDecoder {
    static func header(of bytes: UnsafeRawBufferPointer) throws -> ImageHeader {
        try withHandle { handle in
            let info = try readHeader(handle, bytes)
            return ImageHeader(format: .jpeg, width: info.width, height: info.height,
                               orientation: EXIFOrientation.read(from: bytes))
        }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, limits: ImageLimits) throws -> RGBImage {
        try withHandle { handle in
            let info = try readHeader(handle, bytes)
            try limits.check(width: info.width, height: info.height)
            if info.colorspace == Int32(TJCS_CMYK.rawValue) || info.colorspace == Int32(TJCS_YCCK.rawValue) {
                throw ImageDecodingError.unsupportedVariant(.jpeg, "CMYK colour")
            }
            var pixels = [UInt8](repeating: 0, count: info.width * info.height * 3)
            let status = pixels.withUnsafeMutableBufferPointer { out in
                tjDecompress2(handle, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt(bytes.count),
                              out.baseAddress, Int32(info.width), 0, Int32(info.height),
                              Int32(TJPF_RGB.rawValue), TJFLAG_LIMITSCANS)
            }
            if status != 0 { try classifyFailure(handle) }
            return RGBImage(width: info.width, height: info.height, pixels: pixels)
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

    /// Fatal errors and truncation fail the decode; other libjpeg warnings
    /// (e.g. stray bytes before a marker) leave a complete image and are
    /// tolerated, as image viewers do.
    private static func classifyFailure(_ handle: tjhandle) throws {
        let text = message(handle)
        if tjGetErrorCode(handle) != Int32(TJERR_WARNING.rawValue) || text.contains("remature end") {
            throw ImageDecodingError.corrupt(.jpeg, text)
        }
    }

    private static func message(_ handle: tjhandle) -> String {
        tjGetErrorStr2(handle).map { String(cString: $0) } ?? "undecodable JPEG"
    }
}
