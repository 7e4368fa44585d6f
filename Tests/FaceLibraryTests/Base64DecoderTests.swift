import BlockingWork
import Foundation
import Testing
@testable import FaceLibrary

/// The `image` field's base64 decoder: Foundation's answers on valid text
/// (plain, MIME line breaks, `+` sent as a space), refusals of everything
/// else, and a large text decoded on a lane rather than the request's task.
@Suite struct Base64DecoderTests {
    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    static func decode(_ text: String) -> [UInt8]? {
        Base64Decoder.decode(Array(text.utf8)[...])
    }

    @Test func decodesWhatFoundationEncodesAtEveryLength() {
        for count in 0..<200 {
            let bytes = Self.randomBytes(count, seed: UInt64(count))
            let data = Data(bytes)
            #expect(Self.decode(data.base64EncodedString()) == bytes, "\(count) bytes")
            // MIME: CRLF every 64 or 76 characters.
            #expect(Self.decode(data.base64EncodedString(options: [.lineLength64Characters])) == bytes)
            #expect(Self.decode(data.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])) == bytes)
        }
    }

    @Test func aSpaceStandsForAPlus() {
        let bytes = Self.randomBytes(3_000, seed: 7)
        let text = Data(bytes).base64EncodedString()
        #expect(text.contains("+"))
        #expect(Self.decode(text.replacingOccurrences(of: "+", with: " ")) == bytes)
        #expect(Self.decode("aGk Pz9 ") == Array("hi>??~".utf8))
    }

    @Test func lineBreaksMayStandAnywhere() {
        #expect(Self.decode("Y\r\nQ\n=\r=\r\n") == [97])
        #expect(Self.decode("\n\nYWJj") == Array("abc".utf8))
        #expect(Self.decode("\r\n") == [])
    }

    @Test func unusedLowBitsAreIgnoredAsFoundationDoes() {
        #expect(Self.decode("YR==") == Data(base64Encoded: "YR==").map(Array.init))
        #expect(Self.decode("YWJ=") == Data(base64Encoded: "YWJ=").map(Array.init))
    }

    @Test(arguments: ["YQ", "YQ=", "Y", "Y===", "====", "=", "YQ=a", "YQ==YQ==", "YQ==\r\n=", "YWJj=", "YWJj====",
                      "-_8=", "YW@j", "YW\tJj", "YW.j", "YWJj\u{0}", "YWJ\u{C3}\u{A9}", "abc", "YWJjZA", "YWJjZA="])
    func invalidTextIsRefused(_ text: String) {
        #expect(Self.decode(text) == nil)
    }

    @Test func aLargeImageDecodesLikeFoundation() {
        let bytes = Self.randomBytes(4_900_000, seed: 21)
        let text = Array(Data(bytes).base64EncodedString(options: [.lineLength76Characters]).utf8)
        #expect(Base64Decoder.decode(text[...]) == bytes)
        var damaged = text
        damaged[text.count / 2] = UInt8(ascii: "*")
        #expect(Base64Decoder.decode(damaged[...]) == nil)
    }

    @Test func aLargeBase64ImageIsDecodedOnALane() async throws {
        let lanes = Lanes(name: "test.requestWork", count: 1)
        let gate = ThreadSemaphore()
        try lanes.submit { _ in gate.wait() }
        let bytes = Self.randomBytes(RequestWork.inlineBytes, seed: 3)
        let image = ImageArgument(field: .image, base64: Array(Data(bytes).base64EncodedString().utf8))
        let decoding = Task { try await image.encodedBytes(limit: 1 << 20, on: lanes) }
        // The decode waits in the lanes' line while the only lane is busy.
        var queued = false
        for _ in 0..<10_000 where !queued {
            queued = lanes.load == (1, 1)
            if !queued { try await Task.sleep(for: .milliseconds(1)) }
        }
        #expect(queued)
        gate.signal()
        #expect(try await decoding.value == bytes)
    }

    @Test func aSmallBase64ImageIsDecodedInline() async throws {
        let lanes = Lanes(name: "test.inline", count: 1)
        let gate = ThreadSemaphore()
        try lanes.submit { _ in gate.wait() }
        defer { gate.signal() }
        let image = ImageArgument(field: .image, base64: Array("aGk+Pz9+".utf8))
        #expect(try await image.encodedBytes(limit: 100, on: lanes) == Array("hi>??~".utf8))
    }
}
