import Testing
import FaceLibrary
@testable import FaceAPI

@Suite struct MultipartFormParserTests {
    private func parse(_ text: String, boundary: String = "B") throws(FormError) -> FormFields {
        try MultipartFormParser.parse(Array(text.utf8), boundary: boundary)
    }

    @Test func readsTextAndFileParts() throws {
        let body = "--B\r\nContent-Disposition: form-data; name=\"group_id\"\r\n\r\nstudents\r\n"
            + "--B\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            + "\u{1}\r\n--not-the-boundary\r\n\r\n--B--\r\n"
        let fields = try parse(body)
        #expect(fields.entries.map(\.name) == ["group_id", "file"])
        #expect(fields.argument(named: "group_id") == ArgumentValue(text: "students"))
        #expect(fields.argument(named: "file") == ArgumentValue(bytes: Array("\u{1}\r\n--not-the-boundary\r\n".utf8), isFile: true))
    }

    @Test func acceptsPreambleEpilogueEmptyValuesAndPadding() throws {
        let body = "preamble\r\n--B  \r\nContent-Disposition: form-data; name=empty\r\n\r\n\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"x\"; filename=\"\"\r\n\r\nv\r\n--B--epilogue"
        let fields = try parse(body)
        #expect(fields.argument(named: "empty") == ArgumentValue(bytes: []))
        #expect(fields.argument(named: "x")?.isFile == true)
    }

    @Test func firstValueOfARepeatedNameWins() throws {
        let body = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--B--"
        let fields = try parse(body)
        #expect(fields.text("a") == "1" && fields.entries.count == 2)
    }

    @Test func refusesBrokenBodies() {
        let broken = [
            "",
            "no boundary here",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--B",
            "--Bgarbage\r\n",
            "--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--",
            "--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--B--",
            "--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--",
            "--B\r\nno colon\r\n\r\nx\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\nx\r\n--B\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\ny\r\n--B--",
        ]
        for body in broken {
            #expect(throws: FormError.self, "\(body)") { try parse(body) }
        }
        #expect(throws: FormError.self) { try parse("--\r\n", boundary: "") }
        #expect(throws: FormError.self) { try parse("x", boundary: String(repeating: "b", count: 71)) }
    }

    @Test func limitsTheNumberOfParts() throws {
        let part = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n"
        #expect(try parse(String(repeating: part, count: 256) + "--B--").entries.count == 256)
        #expect(throws: FormError.self) { try parse(String(repeating: part, count: 257) + "--B--") }
    }

    @Test func largeBinaryPartIsCopiedExactly() throws {
        let payload = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let body = Array("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n".utf8) + payload
            + Array("\r\n--B--\r\n".utf8)
        let fields = try MultipartFormParser.parse(body, boundary: "B")
        #expect(fields.argument(named: "file")?.bytes == payload)
    }
}

@Suite struct URLEncodedFormParserTests {
    @Test func decodesPlusPercentAndEmptyPairs() throws {
        let fields = try URLEncodedFormParser.parse(Array("a=1+2%2B3&&b=%E5%90%8D&flag&c=".utf8))
        #expect(fields.text("a") == "1 2+3")
        #expect(fields.text("b") == "名")
        #expect(fields.text("flag") == "" && fields.text("c") == "")
        #expect(fields.entries.count == 4)
    }

    @Test func refusesBadEscapesAndNamelessPairs() {
        for body in ["a=%", "a=%4", "a=%zz", "=value"] {
            #expect(throws: FormError.self, "\(body)") { try URLEncodedFormParser.parse(Array(body.utf8)) }
        }
    }
}

@Suite struct FormDecoderTests {
    @Test func picksTheParserFromTheContentType() throws {
        let multipart = Array("--x y\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x y--".utf8)
        #expect(try FormDecoder.decode(multipart, contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"x y\"").text("a") == "1")
        #expect(try FormDecoder.decode(Array("a=1".utf8), contentType: "application/x-www-form-urlencoded; charset=UTF-8").text("a") == "1")
        #expect(try FormDecoder.decode([], contentType: nil).entries.isEmpty)
    }

    @Test func refusesOtherContentTypes() {
        #expect(throws: FormError.unsupportedContentType) { try FormDecoder.decode(Array("a=1".utf8), contentType: nil) }
        #expect(throws: FormError.unsupportedContentType) { try FormDecoder.decode([], contentType: "text/plain") }
        #expect(throws: FormError.unsupportedContentType) { try FormDecoder.decode([], contentType: "multipart/form-data; boundary=\"open") }
        #expect(throws: FormError.self) { try FormDecoder.decode([], contentType: "multipart/form-data") }
    }
}
