import Foundation
import ImageDecoding
import Testing

/// Decoded pixels against Pillow's, on the real test photos and on every
/// encoding variant re-encoded from one of them.
@Suite struct DecodingParityTests {
    static let photos = ["obama.jpg", "obama2.jpg", "biden.jpg", "t1.jpg", "mask_green.jpg",
                         "32bit.png", "astronaut.png", "Tom_Hanks_54745.png", "chelsea.png", "coffee.png"]

    @Test(arguments: photos)
    func photoMatchesPillow(_ name: String) throws {
        let url = Fixtures.photo(name)
        let ours = try ImageDecoder().decode(Fixtures.bytes(url))
        let reference = try Pillow.decode(url, transpose: true)
        #expect(ours.width == reference.width && ours.height == reference.height)
        #expect(ours.pixels == reference.pixels)
    }

    static let variants = ["rgb8.png", "gray8.png", "gray1.png", "rgba8.png", "gray_alpha.png",
                           "palette_trns.png", "rgb16.png", "rgba16.png", "bottom_up24.bmp", "top_down32.bmp"]
        + (1...8).map { "exif\($0).jpg" }
        + ["gray_l8.bmp", "palette8.bmp", "bilevel1.bmp", "palette4.bmp", "rle8.bmp", "rle4.bmp",
           "rgb555.bmp", "rgb565.bmp", "bgrx32.bmp", "alpha32.bmp", "zero_alpha32.bmp", "os2_8.bmp", "os2_24.bmp",
           "cmyk.jpg", "ycck.jpg", "no_eoi.jpg", "progressive_no_eoi.jpg"]

    @Test func variantsMatchTheirReferences() throws {
        let directory = try Fixtures.scratchDirectory("variants")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Pillow.writeVariants(of: Fixtures.photo("obama.jpg"), into: directory)
        for name in Self.variants {
            let ours: RGBImage
            do {
                ours = try ImageDecoder().decode(Fixtures.bytes(directory.appendingPathComponent(name)))
            } catch {
                Issue.record("\(name): \(error)")
                continue
            }
            let stem = name.split(separator: ".")[0]
            let reference = try Pillow.readReference(directory.appendingPathComponent("\(stem).rgb"))
            #expect(ours.width == reference.width && ours.height == reference.height, "\(name)")
            #expect(ours.pixels == reference.pixels, "\(name): max diff \(PixelDifference(ours, reference).maximum)")
        }
    }

    @Test func orientationCanBeLeftAsStored() throws {
        let directory = try Fixtures.scratchDirectory("orientation")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Pillow.writeVariants(of: Fixtures.photo("obama.jpg"), into: directory)
        let bytes = try Fixtures.bytes(directory.appendingPathComponent("exif6.jpg"))
        let stored = try ImageDecoder(appliesEXIFOrientation: false).decode(bytes)
        let upright = try ImageDecoder().decode(bytes)
        #expect(try ImageDecoder().header(of: bytes).orientation == .rotated90Clockwise)
        #expect(stored.width == upright.height && stored.height == upright.width)
        #expect(stored.rotated(quarterTurnsClockwise: 1) == upright)
    }

    @Test func headerReportsStoredDimensions() throws {
        let header = try ImageDecoder().header(of: Fixtures.bytes(Fixtures.photo("obama3.jpg")))
        #expect(header == ImageHeader(format: .jpeg, width: 1434, height: 2333, orientation: .up))
        let png = try ImageDecoder().header(of: Fixtures.bytes(Fixtures.photo("astronaut.png")))
        #expect(png.format == .png && png.width == 512 && png.height == 512)
    }

    @Test func quarterTurnsCompose() throws {
        let image = try ImageDecoder().decode(Fixtures.bytes(Fixtures.photo("Tom_Hanks_54745.png")))
        let cropped = RGBImage(width: 112, height: 56, pixels: Array(image.pixels[0..<(112 * 56 * 3)]))
        #expect(cropped.rotated(quarterTurnsClockwise: 1).width == 56)
        #expect(cropped.rotated(quarterTurnsClockwise: 1).rotated(quarterTurnsClockwise: 3) == cropped)
        #expect(cropped.rotated(quarterTurnsClockwise: 2) == cropped.oriented(.mirrored).oriented(.flippedVertically))
        #expect(cropped.rotated(quarterTurnsClockwise: 1) != cropped.oriented(.transposed))
    }
}
