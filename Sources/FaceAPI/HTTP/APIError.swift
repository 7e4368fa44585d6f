import FaceLibrary
import Hummingbird
import NIOCore
import NIOHTTP1

/// A failure as the contract renders it: HTTP status, `error` string, optional `reason`.
struct APIError: Error, Equatable, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let reason: String?

    init(_ status: HTTPResponse.Status, _ code: String, reason: String? = nil) {
        self.status = status
        self.code = code
        self.reason = reason
    }

    static let notFound = APIError(.notFound, "API_NOT_FOUND")
    static let tooLarge = APIError(.contentTooLarge, "REQUEST_ENTITY_TOO_LARGE")
    static let internalError = APIError(.internalServerError, "INTERNAL_ERROR")
    static let concurrencyLimit = APIError(.forbidden, "CONCURRENCY_LIMIT_EXCEEDED")
    /// Bytes the HTTP parser could not read as a request (NUL in a header,
    /// headers over the limit, two Content-Lengths, a broken chunk).
    static let malformedHTTP = APIError(.badRequest, "BAD_ARGUMENTS:http")
    /// The client hung up before its request was complete. Nobody reads this
    /// answer; the status is nginx's 499, so logs and metrics count such
    /// requests apart from the server's own failures (500).
    static let clientClosed = APIError(HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"),
                                       "CLIENT_CLOSED")

    /// True for failures that are the server's fault, worth a log line with details.
    var isInternal: Bool { status == .internalServerError }

    /// Maps any error thrown while serving a request; unknown errors are internal.
    init(_ error: any Error) {
        switch error {
        case let error as APIError: self = error
        case let error as LibraryError: self = Self.map(error)
        case let error as AuthFailure: self = Self.map(error)
        case let error as FormError: self = Self.map(error)
        case is NIOTooManyBytesError: self = .tooLarge
        case let error as HTTPParserError: self = error == .invalidEOFState ? .clientClosed : .malformedHTTP
        case let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed:
            self = .notFound
        default: self = .internalError
        }
    }

    private static func map(_ error: LibraryError) -> APIError {
        switch error {
        case .missingArgument(let field): APIError(.badRequest, "MISSING_ARGUMENTS:\(field.rawValue)")
        case .badArgument(let field): APIError(.badRequest, "BAD_ARGUMENTS:\(field.rawValue)")
        case .coexistingImages: APIError(.badRequest, "COEXISTENCE_ARGUMENTS")
        case .invalidGroupID: APIError(.badRequest, "INVALID_GROUP_ID")
        case .groupExists: APIError(.badRequest, "GROUP_EXIST")
        case .groupLimitReached: APIError(.badRequest, "GROUP_EXCEEDED")
        case .notEmpty: APIError(.badRequest, "NOT_EMPTY")
        case .invalidFaceToken: APIError(.badRequest, "INVALID_FACE_TOKEN")
        case .faceLimitReached: APIError(.badRequest, "FACE_EXCEEDED")
        case .unsupportedImageFormat(let field): APIError(.badRequest, "IMAGE_ERROR_UNSUPPORTED_FORMAT:\(field.rawValue)")
        case .invalidImageSize(let field): APIError(.badRequest, "INVALID_IMAGE_SIZE:\(field.rawValue)")
        case .imageTooLarge(let field): APIError(.badRequest, "IMAGE_FILE_TOO_LARGE:\(field.rawValue)")
        case .noFaceFound: APIError(.badRequest, "NO_FACE_FOUND")
        case .concurrencyLimitExceeded: .concurrencyLimit
        case .faceModelUnavailable: .internalError
        }
    }

    private static func map(_ failure: AuthFailure) -> APIError {
        switch failure {
        case .missingSignVersion: APIError(.badRequest, "MISSING_ARGUMENTS:sign_version")
        case .badSignVersion: APIError(.badRequest, "BAD_ARGUMENTS:sign_version")
        case .missingSign: APIError(.badRequest, "MISSING_ARGUMENTS:sign")
        case .rejected(let reason): APIError(.forbidden, "AUTHORIZATION_ERROR", reason: reason.rawValue)
        case .replayCacheFull: .concurrencyLimit
        }
    }

    private static func map(_ error: FormError) -> APIError {
        switch error {
        case .unsupportedContentType: APIError(.badRequest, "BAD_ARGUMENTS:content_type")
        case .malformed: APIError(.badRequest, "BAD_ARGUMENTS:body")
        }
    }
}
