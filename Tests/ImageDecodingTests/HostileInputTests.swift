import FaceTestSupport
import Foundation
import ImageDecoding
import Testing

/// Bad bytes of every kind end in the right `ImageDecodingError`, quickly and
/// without a crash.
@Suite struct HostileInputTests {
    let decoder = ImageDecoder()

    func error(decoding bytes: [UInt8], with decoder: ImageDecoder = ImageDecoder()) -> ImageDecodingError? {
        do {
            _ = try decoder.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyAndZeroBytesAreUnsupported() {
        #expect(error(decoding: []) == .unsupportedFormat(.unknown))
        #expect(error(decoding: [UInt8](repeating: 0, count: 4096)) == .unsupportedFormat(.unknown))
        #expect(error(decoding: HostileBytes.random(count: 10_000, seed: 7)) == .unsupportedFormat(.unknown))
    }

    @Test func gifWebPAndTIFFAreRefused() {
        let gif = Array("GIF89a".utf8) + [0x40, 0x00, 0x40, 0x00, 0x80, 0x00, 0x00] + [UInt8](repeating: 0, count: 64)
        #expect(error(decoding: gif) == .unsupportedFormat(.gif))
        let webp = Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8) + [UInt8](repeating: 0, count: 32)
        #expect(error(decoding: webp) == .unsupportedFormat(.webp))
        #expect(error(decoding: [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]) == .unsupportedFormat(.tiff))
    }

    @Test func randomBytesBehindAValidSignatureAreCorrupt() {
        let signatures: [(ImageFormat, [UInt8])] = [
            (.jpeg, [0xFF, 0xD8, 0xFF, 0xE0]),
            (.png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ]
        for (format, signature) in signatures {
            for seed in 1...20 as ClosedRange<UInt64> {
                let result = error(decoding: HostileBytes.random(count: 5000, seed: seed, prefix: signature))
                #expect(result.map { if case .corrupt(format, _) = $0 { true } else { false } } == true,
                        "\(format) seed \(seed): \(String(describing: result))")
            }
        }
    }

    @Test(arguments: ["obama.jpg", "astronaut.png"])
    func truncationsAreCorrupt(_ name: String) throws {
        let bytes = try Fixtures.bytes(Fixtures.photo(name))
        for fraction in [0.0005, 0.01, 0.1, 0.5, 0.9, 0.999] {
            let cut = Array(bytes.prefix(Int(Double(bytes.count) * fraction)))
            let result = error(decoding: cut)
            let isCorrupt = result.map { if case .corrupt = $0 { true } else { false } } ?? false
            #expect(isCorrupt, "\(name) cut to \(cut.count) bytes: \(String(describing: result))")
        }
    }

    @Test func truncatedBMPIsCorrupt() throws {
        let bmp = try bmpFromPhoto()
        #expect(error(decoding: Array(bmp.prefix(bmp.count / 2))) == .corrupt(.bmp, "pixel data truncated"))
        #expect(error(decoding: Array(bmp.prefix(20))) == .corrupt(.bmp, "truncated info header"))
    }

    @Test func hugeClaimedDimensionsAreRefusedFromTheHeader() throws {
        let jpeg = try Fixtures.bytes(Fixtures.photo("obama.jpg"))
        let png = try Fixtures.bytes(Fixtures.photo("astronaut.png"))
        let bmp = try bmpFromPhoto()
        let huge = ImageDecodingError.invalidSize(width: 60000, height: 60000)
        #expect(error(decoding: HostileBytes.jpeg(jpeg, claiming: 60000, 60000)) == huge)
        #expect(error(decoding: HostileBytes.png(png, claiming: 60000, 60000)) == huge)
        #expect(error(decoding: HostileBytes.bmp(bmp, claiming: 60000, 60000)) == huge)
        #expect(error(decoding: HostileBytes.bmp(bmp, claiming: 60000, -60000)) == huge)
    }

    @Test func sidesOutsideConfiguredLimitsAreInvalidSize() throws {
        let obama = try Fixtures.bytes(Fixtures.photo("obama.jpg"))  // 910×1137
        let small = ImageDecoder(limits: PixelLimits(minSide: 48, maxSide: 1000))
        #expect(error(decoding: obama, with: small) == .invalidSize(width: 910, height: 1137))
        let fewPixels = ImageDecoder(limits: PixelLimits(minSide: 48, maxSide: 4096, maxPixels: 1_000_000))
        #expect(error(decoding: obama, with: fewPixels) == .invalidSize(width: 910, height: 1137))
        let png = try Fixtures.bytes(Fixtures.photo("astronaut.png"))
        #expect(error(decoding: HostileBytes.png(png, claiming: 40, 512)) == .invalidSize(width: 40, height: 512))
        #expect(ImageDecodingError.invalidSize(width: 40, height: 512).isInvalidSize)
    }

    @Test func unsupportedBMPVariantsAreNamed() throws {
        let bmp = try bmpFromPhoto()
        let patches: [(offset: Int, value: UInt8, message: String)] = [
            (28, 2, "2 bits per pixel with compression method 0"),
            (30, 4, "24 bits per pixel with compression method 4"),  // JPEG inside a BMP
            (30, 1, "24 bits per pixel with compression method 1"),  // RLE8 on 24-bit pixels
            (14, 16, "16-byte info header"),
        ]
        for patch in patches {
            var bytes = bmp
            bytes[patch.offset] = patch.value
            #expect(error(decoding: bytes) == .unsupportedVariant(.bmp, patch.message))
        }
    }

    @Test func jpegCutMidScanIsCorruptWhileOnlyAMissingEndMarkerDecodes() throws {
        let directory = try Fixtures.scratchDirectory("jpeg-cuts")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Pillow.writeVariants(of: Fixtures.photo("obama2.jpg"), into: directory)
        for name in ["complete_no_eoi.jpg", "complete_progressive_no_eoi.jpg"] {
            let bytes = try Fixtures.bytes(directory.appendingPathComponent(name))
            #expect(throws: Never.self) { try decoder.decode(Array(bytes.dropLast(2))) }
            for missing in [40, 400, bytes.count / 2] {
                let result = error(decoding: Array(bytes.dropLast(missing)))
                let isCorrupt = result.map { if case .corrupt(.jpeg, _) = $0 { true } else { false } } ?? false
                #expect(isCorrupt, "\(name) without its last \(missing) bytes: \(String(describing: result))")
            }
        }
    }

    @Test func damagedPaletteAndRunLengthBMPsEndInAnError() throws {
        let directory = try Fixtures.scratchDirectory("bmp-rle")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Pillow.writeVariants(of: Fixtures.photo("obama2.jpg"), into: directory)
        let rle8 = try Fixtures.bytes(directory.appendingPathComponent("rle8.bmp"))
        let pixelOffset = Int(rle8[10]) | Int(rle8[11]) << 8
        #expect(error(decoding: Array(rle8.prefix(pixelOffset + (rle8.count - pixelOffset) / 2)))
                == .corrupt(.bmp, "run-length data truncated"))
        #expect(error(decoding: Array(rle8.prefix(300))) == .corrupt(.bmp, "pixel data offset outside the file"))
        // Random run-length streams and palette indices: an image or an error, never a crash.
        for name in ["rle8.bmp", "rle4.bmp", "palette4.bmp", "bilevel1.bmp", "rgb565.bmp", "os2_8.bmp"] {
            let bytes = try Fixtures.bytes(directory.appendingPathComponent(name))
            let offset = Int(bytes[10]) | Int(bytes[11]) << 8
            for seed in 1...20 as ClosedRange<UInt64> {
                let hostile = HostileBytes.random(count: bytes.count - offset, seed: seed, prefix: Array(bytes.prefix(offset)))
                _ = error(decoding: hostile)
                _ = error(decoding: Array(hostile.prefix(offset + Int(seed) * 37)))
            }
        }
    }

    /// A real 24-bit BMP written by Pillow from a test photo.
    private func bmpFromPhoto() throws -> [UInt8] {
        let directory = try Fixtures.scratchDirectory("bmp")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Pillow.writeVariants(of: Fixtures.photo("obama2.jpg"), into: directory)
        return try Fixtures.bytes(directory.appendingPathComponent("bottom_up24.bmp"))
    }
}
