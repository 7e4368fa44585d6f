/// Finds the EXIF orientation tag (0x0112 in IFD0 of the APP1 "Exif" segment)
/// by walking the JPEG marker segments up to the first scan.
enum EXIFOrientation {
    /// The tag's value, or `.up` when there is no readable tag.
    static func read(from jpeg: UnsafeRawBufferPointer) -> ImageOrientation {
        let reader = ByteReader(bytes: jpeg, bigEndian: true)
        var offset = 2
        while let marker0 = reader.u8(offset), marker0 == 0xFF, let marker = reader.u8(offset + 1) {
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if marker == 0xDA || marker == 0xD9 { break }  // scan data or end: no more headers
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { offset += 2; continue }
            guard let length = reader.u16(offset + 2), length >= 2 else { break }
            if marker == 0xE1, reader.matches("Exif\0\0", at: offset + 4),
               let orientation = orientation(inTIFFAt: offset + 10, length: length - 8, of: jpeg) {
                return orientation
            }
            offset += 2 + length
        }
        return .up
    }

    private static func orientation(inTIFFAt start: Int, length: Int, of jpeg: UnsafeRawBufferPointer) -> ImageOrientation? {
        guard length > 8, start + length <= jpeg.count else { return nil }
        let tiff = UnsafeRawBufferPointer(rebasing: jpeg[start..<(start + length)])
        var reader = ByteReader(bytes: tiff)
        if reader.matches("MM", at: 0) { reader.bigEndian = true } else if !reader.matches("II", at: 0) { return nil }
        guard reader.u16(2) == 42, let ifd = reader.u32(4), let count = reader.u16(ifd) else { return nil }
        for entry in 0..<count {
            let at = ifd + 2 + entry * 12
            guard let tag = reader.u16(at) else { return nil }
            if tag == 0x0112, reader.u16(at + 2) == 3, let value = reader.u16(at + 8) {
                return ImageOrientation(rawValue: value)
            }
        }
        return nil
    }
}
