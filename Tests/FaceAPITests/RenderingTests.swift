import Foundation
import Testing
import FaceLibrary
import HTTPTypes
import NIOCore
@testable import FaceAPI

@Suite struct JSONValueTests {
    @Test func keepsOrderAndEscapes() throws {
        let value = JSONValue.object([
            ("z", .string("quote \" backslash \\ newline \n tab \t bell \u{7} 名 😀")),
            ("a", .array([.int(-3), .number(75.5), .bool(true), .null, .object([])])),
        ])
        let text = String(decoding: value.serialized(), as: UTF8.self)
        #expect(text == #"{"z":"quote \" backslash \\ newline \n tab \t bell \u0007 名 😀","a":[-3,75.5,true,null,{}]}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(value.serialized())) as? [String: Any]
        #expect(parsed?["z"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7} 名 😀")
    }

    @Test func integralNumbersAreWrittenAsIntegers() {
        let value = JSONValue.array([.number(75), .number(-0.0), .number(100), .number(84.445), .number(0.5),
                                     .number(1e-5), .number(1e300), .number(.nan)])
        #expect(String(decoding: value.serialized(), as: UTF8.self) == "[75,0,100,84.445,0.5,1e-05,1e+300,null]")
    }
}

@Suite struct DisplayTimeZoneTests {
    @Test func formatsRFC3339WithTheOffset() throws {
        #expect(DisplayTimeZone.defaultZone.format(unixMilliseconds: 1_769_494_741_999) == "2026-01-27T14:19:01+08:00")
        #expect(try #require(DisplayTimeZone("-05:30")).format(unixMilliseconds: (-86_400 * 365 * 3 - 1) * 1000)
                == "1967-01-01T18:29:59-05:30")
        #expect(try #require(DisplayTimeZone("Z")).format(unixMilliseconds: 951_782_400_000) == "2000-02-29T00:00:00+00:00")
        #expect(try #require(DisplayTimeZone("+14:00")).format(unixMilliseconds: 4_102_444_799_000) == "2100-01-01T13:59:59+14:00")
    }

    @Test func agreesWithFoundationOverManyDays() throws {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        for step in stride(from: Int64(-2_000_000_000), to: 4_000_000_000, by: 7_777_777) {
            let ours = DisplayTimeZone.defaultZone.format(unixMilliseconds: step * 1000)
            #expect(ours == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(step))))
        }
    }

    @Test func parsesOnlyValidOffsets() {
        #expect(DisplayTimeZone("+08:00")?.offsetSeconds == 28_800)
        #expect(DisplayTimeZone("-00:30")?.offsetSeconds == -1800)
        for bad in ["08:00", "+8:00", "+08:60", "+15:00", "+14:01", "UTC", "", "+0800", "+08:0x"] {
            #expect(DisplayTimeZone(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct APIErrorTests {
    @Test func libraryErrorsUseTheContractsStrings() {
        let expected: [(LibraryError, Int, String)] = [
            (.missingArgument(.groupID), 400, "MISSING_ARGUMENTS:group_id"),
            (.badArgument(.multiOrientedDetection), 400, "BAD_ARGUMENTS:multi_oriented_detection"),
            (.coexistingImages, 400, "COEXISTENCE_ARGUMENTS"),
            (.invalidGroupID, 400, "INVALID_GROUP_ID"),
            (.groupExists, 400, "GROUP_EXIST"),
            (.groupLimitReached, 400, "GROUP_EXCEEDED"),
            (.notEmpty, 400, "NOT_EMPTY"),
            (.invalidFaceToken, 400, "INVALID_FACE_TOKEN"),
            (.faceLimitReached, 400, "FACE_EXCEEDED"),
            (.unsupportedImageFormat(.file), 400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:file"),
            (.invalidImageSize(.image), 400, "INVALID_IMAGE_SIZE:image"),
            (.imageTooLarge(.image), 400, "IMAGE_FILE_TOO_LARGE:image"),
            (.noFaceFound, 400, "NO_FACE_FOUND"),
            (.faceModelUnavailable, 500, "INTERNAL_ERROR"),
        ]
        for (error, status, code) in expected {
            let mapped = APIError(error)
            #expect(Int(mapped.status.code) == status && mapped.code == code && mapped.reason == nil, "\(error)")
        }
    }

    @Test func otherErrorsMapToTheirStatus() {
        #expect(APIError(AuthFailure.rejected(.replayedSign)) == APIError(.forbidden, "AUTHORIZATION_ERROR", reason: "REPLAYED_SIGN"))
        #expect(APIError(AuthFailure.replayCacheFull).code == "CONCURRENCY_LIMIT_EXCEEDED")
        #expect(APIError(NIOTooManyBytesError(maxBytes: 1)) == .tooLarge)
        #expect(APIError(FormError.malformed("x")).code == "BAD_ARGUMENTS:body")
        #expect(APIError(CocoaError(.fileNoSuchFile)) == .internalError)
    }
}
